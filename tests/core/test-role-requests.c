/* test-role-requests.c: asking for a role, deciding it, the last administrator, the clinic's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "care-test-core.h"

typedef struct {
  char      *dir;
  CareStore *store;
  char      *admin;
  char      *nurse;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CareRecord) admin = NULL;
  g_autoptr(CareRecord) nurse = NULL;

  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 2);
  admin = care_accounts_find_login (f->store, "admin");
  nurse = care_accounts_find_login (f->store, "nurse");
  f->admin = g_strdup (care_record_get_id (admin));
  f->nurse = g_strdup (care_record_get_id (nurse));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  care_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->admin);
  g_free (f->nurse);
}

static char *
role_of (Fixture    *f,
         const char *user_id)
{
  g_autoptr(CareRecord) user = care_store_get (f->store, care_schema_lookup ("user"), user_id, NULL);

  return g_strdup (care_record_get (user, "role"));
}

static CareRecord *
ask (Fixture    *f,
     const char *who,
     const char *role)
{
  g_autoptr(GError) error = NULL;
  CareRecord *request;

  care_store_set_actor (f->store, who);
  request = care_role_requests_ask (f->store, role, "Covering the night shift", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (request, "status"), ==, "pending");
  g_assert_cmpstr (care_record_get (request, "user_id"), ==, who);
  return request;
}

static void
test_ask_and_refuse (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CareRecord) request = ask (f, f->nurse, CARE_ROLE_DOCTOR);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autofree char *role = NULL;

  /* The same role twice, or the role one has, is refused. */
  g_assert_null (care_role_requests_ask (f->store, CARE_ROLE_DOCTOR, NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "requested_role");
  g_clear_error (&error);
  g_assert_null (care_role_requests_ask (f->store, CARE_ROLE_NURSE, NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "requested_role");
  g_clear_error (&error);

  /* Nobody decides their own request. */
  g_assert_false (care_role_requests_decide (f->store, request, TRUE, NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "status");
  g_clear_error (&error);

  /* A refusal says why. */
  care_store_set_actor (f->store, f->admin);
  g_assert_false (care_role_requests_decide (f->store, request, FALSE, "  ", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "decision_reason");
  g_clear_error (&error);
  pending = care_role_requests_pending (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 1);

  g_assert_true (care_role_requests_decide (f->store, request, FALSE, "Needs a medical licence", &error));
  g_assert_no_error (error);
  {
    g_autoptr(CareRecord) stored = care_store_get (f->store, care_record_get_entity (request),
                                                   care_record_get_id (request), NULL);

    g_assert_cmpstr (care_record_get (stored, "status"), ==, "rejected");
    g_assert_cmpstr (care_record_get (stored, "decided_by"), ==, f->admin);
    g_assert_nonnull (care_record_get (stored, "decided_at"));
    g_assert_cmpstr (care_record_get (stored, "decision_reason"), ==, "Needs a medical licence");
  }
  role = role_of (f, f->nurse);
  g_assert_cmpstr (role, ==, CARE_ROLE_NURSE);

  /* Decided once is decided. */
  g_assert_false (care_role_requests_decide (f->store, request, TRUE, NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
}

static void
test_approve (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CareRecord) request = ask (f, f->nurse, CARE_ROLE_DOCTOR);
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL;
  gint64 outbox = care_store_outbox_count (f->store);

  care_store_set_actor (f->store, f->admin);
  g_assert_true (care_role_requests_decide (f->store, request, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (request, "status"), ==, "approved");
  role = role_of (f, f->nurse);
  g_assert_cmpstr (role, ==, CARE_ROLE_DOCTOR);
  /* The request and the user go to the server. */
  g_assert_cmpint (care_store_outbox_count (f->store), ==, outbox + 2);
}

static void
test_last_administrator (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CareRecord) mine = ask (f, f->admin, CARE_ROLE_RECEPTIONIST);
  g_autoptr(CareRecord) second = care_test_record ("user", "full_name", "Ines Duarte", "username", "iduarte",
                                                   "role", CARE_ROLE_ADMIN, NULL);
  g_autoptr(CareRecord) theirs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL;

  /* The only administrator cannot approve their own request... */
  g_assert_false (care_role_requests_decide (f->store, mine, TRUE, NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "status");
  g_clear_error (&error);

  /* ...another administrator may. */
  g_assert_true (care_accounts_create_user (f->store, second, "correct horse battery", &error));
  g_assert_no_error (error);
  care_store_set_actor (f->store, care_record_get_id (second));
  g_assert_true (care_role_requests_decide (f->store, mine, TRUE, NULL, &error));
  g_assert_no_error (error);

  /* Now the second is the last: approving their request would leave the
   * clinic without an administrator. */
  theirs = ask (f, care_record_get_id (second), CARE_ROLE_NURSE);
  care_store_set_actor (f->store, f->admin);
  g_assert_false (care_role_requests_decide (f->store, theirs, TRUE, NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "role");
  role = role_of (f, care_record_get_id (second));
  g_assert_cmpstr (role, ==, CARE_ROLE_ADMIN);
  {
    g_autoptr(CareRecord) stored = care_store_get (f->store, care_record_get_entity (theirs),
                                                   care_record_get_id (theirs), NULL);

    g_assert_cmpstr (care_record_get (stored, "status"), ==, "pending");
  }
  g_clear_error (&error);

  /* The matrix: administrators keep the matrix and staff management. */
  g_assert_false (care_access_check_matrix (CARE_ROLE_ADMIN, CARE_PERM_ROLE_PERMISSIONS, FALSE, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "allowed");
  g_clear_error (&error);
  g_assert_true (care_access_check_matrix (CARE_ROLE_ADMIN, CARE_PERM_BILLING, FALSE, &error));
  g_assert_true (care_access_check_matrix (CARE_ROLE_NURSE, CARE_PERM_ROLE_PERMISSIONS, TRUE, &error));
  g_assert_no_error (error);
}

static void
test_withdraw (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CareRecord) request = ask (f, f->nurse, CARE_ROLE_DOCTOR);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = NULL;

  care_store_set_actor (f->store, f->admin);
  g_assert_false (care_role_requests_withdraw (f->store, request, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "user_id");
  g_clear_error (&error);
  care_store_set_actor (f->store, f->nurse);
  g_assert_true (care_role_requests_withdraw (f->store, request, &error));
  g_assert_no_error (error);
  pending = care_role_requests_pending (f->store, &error);
  g_assert_cmpuint (pending->len, ==, 0);
}

static void
test_clinic_settings (Fixture       *f,
                      gconstpointer  data)
{
  static const guchar png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };
  g_autoptr(CareRecord) clinic = care_store_get_clinic (f->store);
  g_autoptr(GBytes) text = g_bytes_new_static ("not an image", 12);
  g_autoptr(GBytes) image = g_bytes_new_static (png, sizeof png);
  g_autoptr(GBytes) huge = g_bytes_new_take (g_malloc0 (CARE_CLINIC_LOGO_MAX_BYTES + 1),
                                             CARE_CLINIC_LOGO_MAX_BYTES + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) stored = NULL;

  g_assert_false (care_clinic_settings_check_logo (text, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "logo");
  g_clear_error (&error);
  g_assert_true (care_clinic_settings_check_logo (image, &error));
  g_assert_no_error (error);

  /* Too large is refused on every write, whoever writes it. */
  care_record_set_blob (clinic, "logo", huge);
  g_assert_false (care_clinic_settings_save (f->store, clinic, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "logo");
  g_clear_error (&error);

  care_record_set_blob (clinic, "logo", image);
  care_record_set (clinic, "currency", "eur");
  care_record_set (clinic, "tax_number", "GB123456789");
  g_assert_true (care_clinic_settings_save (f->store, clinic, &error));
  g_assert_no_error (error);
  stored = care_store_get_clinic (f->store);
  g_assert_cmpstr (care_record_get (stored, "currency"), ==, "EUR");
  g_assert_cmpstr (care_record_get (stored, "tax_number"), ==, "GB123456789");
  g_assert_cmpuint (g_bytes_get_size (care_record_get_blob (stored, "logo")), ==, sizeof png);

  care_record_set (clinic, "currency", "E1R");
  g_assert_false (care_clinic_settings_save (f->store, clinic, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "currency");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/role-requests/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("ask-and-refuse", test_ask_and_refuse);
  ADD ("approve", test_approve);
  ADD ("last-administrator", test_last_administrator);
  ADD ("withdraw", test_withdraw);
  ADD ("clinic-settings", test_clinic_settings);
#undef ADD

  return g_test_run ();
}
