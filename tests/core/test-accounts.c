/* test-accounts.c: hashing, signing in, throttling, deactivation, roles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "care-test-core.h"

static void
test_hash_is_argon2id (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = care_password_hash ("correct horse battery", &error);
  g_autofree char *b = care_password_hash ("correct horse battery", &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (a, "$argon2id$"));
  g_assert_cmpstr (a, !=, b);   /* salted */
  g_assert_true (care_password_verify (a, "correct horse battery"));
  g_assert_false (care_password_verify (a, "correct horse batterY"));
  g_assert_false (care_password_verify (NULL, "x"));

  g_assert_null (care_password_hash ("short", &error));
  g_assert_error (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_WEAK_PASSWORD);
  g_assert_nonnull (care_password_check ("1234567"));
  g_assert_null (care_password_check ("12345678"));
}

static void
test_sign_in_by_username_or_email (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) a = care_accounts_sign_in (store, "nurse", CARE_DEMO_PASSWORD, &error);
  g_autoptr(CareRecord) b = NULL;
  g_autoptr(CareRecord) c = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (a, "role"), ==, CARE_ROLE_NURSE);
  g_assert_nonnull (care_record_get (a, "last_login"));
  b = care_accounts_sign_in (store, " NURSE@riverside-clinic.example ", CARE_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get_id (a), ==, care_record_get_id (b));

  /* Unknown user and wrong password say the same thing. */
  c = care_accounts_sign_in (store, "nobody", CARE_DEMO_PASSWORD, &error);
  g_assert_null (c);
  g_assert_error (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_BAD_CREDENTIALS);
  {
    g_autofree char *unknown = g_strdup (error->message);
    g_clear_error (&error);
    c = care_accounts_sign_in (store, "nurse", "wrong password", &error);
    g_assert_error (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_BAD_CREDENTIALS);
    g_assert_cmpstr (error->message, ==, unknown);
  }
  g_clear_object (&store);
  care_test_rmdir (dir);
}

static void
test_wait_grows_with_failures (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) user = NULL;
  guint previous = 0;

  for (guint i = 1; i <= 3; i++)
    {
      g_assert_null (care_accounts_sign_in (store, "doctor", "nope nope", &error));
      g_assert_true (error->code == CARE_ACCOUNTS_ERROR_BAD_CREDENTIALS ||
                     error->code == CARE_ACCOUNTS_ERROR_THROTTLED);
      g_clear_error (&error);
    }
  previous = care_accounts_get_retry_seconds (store, "doctor");
  g_assert_cmpuint (previous, >=, 1);
  g_assert_cmpuint (previous, <=, 2);

  /* Even the right password waits its turn, with a clear message. */
  g_assert_null (care_accounts_sign_in (store, "doctor", CARE_DEMO_PASSWORD, &error));
  g_assert_error (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_THROTTLED);
  g_assert_nonnull (strstr (error->message, "Try again in"));
  g_clear_error (&error);

  /* Pretend the wait passed; each further failure doubles it. */
  for (guint i = 0; i < 3; i++)
    {
      guint wait;

      g_assert_true (care_store_exec (store, "UPDATE users SET last_failed_login = '2000-01-01T00:00:00Z' WHERE username = 'doctor'", &error));
      g_assert_cmpuint (care_accounts_get_retry_seconds (store, "doctor"), ==, 0);
      g_assert_null (care_accounts_sign_in (store, "doctor", "still wrong", &error));
      g_assert_error (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_THROTTLED);
      g_clear_error (&error);
      wait = care_accounts_get_retry_seconds (store, "doctor");
      g_assert_cmpuint (wait, >, previous);
      previous = wait;
    }

  /* After waiting, the right password works and resets the count. */
  g_assert_true (care_store_exec (store, "UPDATE users SET last_failed_login = '2000-01-01T00:00:00Z' WHERE username = 'doctor'", &error));
  user = care_accounts_sign_in (store, "doctor", CARE_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (care_record_get_int (user, "failed_logins", -1), ==, 0);
  g_assert_cmpuint (care_accounts_get_retry_seconds (store, "doctor"), ==, 0);
  g_clear_object (&store);
  care_test_rmdir (dir);
}

static void
test_deactivation (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) lab = care_accounts_find_login (store, "lab");
  g_autoptr(CareRecord) admin = care_accounts_find_login (store, "admin");
  g_autoptr(CareRecord) back = NULL;

  g_assert_true (care_accounts_set_active (store, care_record_get_id (lab), FALSE, &error));
  g_assert_no_error (error);
  g_assert_null (care_accounts_sign_in (store, "lab", CARE_DEMO_PASSWORD, &error));
  g_assert_error (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_INACTIVE);
  g_clear_error (&error);

  g_assert_true (care_accounts_set_active (store, care_record_get_id (lab), TRUE, &error));
  back = care_accounts_sign_in (store, "lab", CARE_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  /* The clinic always keeps an administrator. */
  g_assert_false (care_accounts_set_active (store, care_record_get_id (admin), FALSE, &error));
  g_assert_error (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_LAST_ADMIN);
  g_clear_object (&store);
  care_test_rmdir (dir);
}

static void
test_create_and_reset (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) user = care_record_new (care_schema_lookup ("user"));
  g_autoptr(CareRecord) dup = care_record_new (care_schema_lookup ("user"));
  g_autoptr(CareRecord) signed_in = NULL;
  gint64 before;

  care_record_set (user, "full_name", "Nia Okafor");
  care_record_set (user, "username", "nia");
  care_record_set (user, "email", "nia@example.org");
  care_record_set (user, "role", CARE_ROLE_RECEPTIONIST);
  g_assert_true (care_accounts_create_user (store, user, "first password", &error));
  g_assert_no_error (error);
  /* The hash never leaves the store in JSON. */
  {
    g_autoptr(JsonObject) json = care_record_to_json (user);
    g_assert_false (json_object_has_member (json, "password_hash"));
  }

  /* Same username in another case: refused, nothing written. */
  before = care_store_count (store, care_schema_lookup ("user"));
  care_record_set (dup, "full_name", "Other Nia");
  care_record_set (dup, "username", "NIA");
  care_record_set (dup, "role", CARE_ROLE_NURSE);
  g_assert_false (care_accounts_create_user (store, dup, "another password", &error));
  g_assert_error (error, CARE_VALIDATION_ERROR, CARE_VALIDATION_ERROR_INVALID);
  g_clear_error (&error);
  care_record_set (dup, "username", "nia2");
  g_assert_false (care_accounts_create_user (store, dup, "short", &error));
  g_assert_error (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_WEAK_PASSWORD);
  g_clear_error (&error);
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("user")), ==, before);

  g_assert_true (care_accounts_set_password (store, care_record_get_id (user), "second password", &error));
  g_assert_null (care_accounts_sign_in (store, "nia", "first password", &error));
  g_clear_error (&error);
  signed_in = care_accounts_sign_in (store, "nia", "second password", &error);
  g_assert_no_error (error);
  g_assert_nonnull (signed_in);
  g_clear_object (&store);
  care_test_rmdir (dir);
}

typedef struct {
  GMainLoop  *loop;
  CareRecord *user;
  GError     *error;
} AsyncResult;

static void
on_signed_in_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  AsyncResult *r = data;

  r->user = care_accounts_sign_in_finish (CARE_STORE (source), result, &r->error);
  g_main_loop_quit (r->loop);
}

static void
test_sign_in_async (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  AsyncResult r = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  care_accounts_sign_in_async (store, "pharmacy", CARE_DEMO_PASSWORD, NULL, on_signed_in_cb, &r);
  g_main_loop_run (r.loop);
  g_assert_no_error (r.error);
  g_assert_cmpstr (care_record_get (r.user, "role"), ==, CARE_ROLE_PHARMACIST);
  g_clear_pointer (&r.user, care_record_unref);

  care_accounts_sign_in_async (store, "pharmacy", "wrong one", NULL, on_signed_in_cb, &r);
  g_main_loop_run (r.loop);
  g_assert_error (r.error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_BAD_CREDENTIALS);
  g_clear_error (&r.error);
  g_main_loop_unref (r.loop);
  g_clear_object (&store);
  care_test_rmdir (dir);
}

typedef struct {
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
  guint      ticks;    /* main-loop iterations while the hash ran */
} WriteResult;

static gboolean
count_tick_cb (gpointer data)
{
  ((WriteResult *) data)->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
on_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  WriteResult *r = data;

  if (g_async_result_is_tagged (result, care_accounts_create_user_async))
    r->ok = care_accounts_create_user_finish (CARE_STORE (source), result, &r->error);
  else if (g_async_result_is_tagged (result, care_accounts_set_password_async))
    r->ok = care_accounts_set_password_finish (CARE_STORE (source), result, &r->error);
  else
    r->ok = care_accounts_create_clinic_finish (CARE_STORE (source), result, &r->error);
  g_main_loop_quit (r->loop);
}

static void
run_write (WriteResult *r)
{
  guint tick = g_idle_add (count_tick_cb, r);

  r->ticks = 0;
  g_main_loop_run (r->loop);
  g_source_remove (tick);
}

static void
test_writes_async (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *dir2 = care_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir2, "new.sqlite", NULL);
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(CareStore) empty = NULL;
  g_autoptr(CareRecord) user = care_record_new (care_schema_lookup ("user"));
  g_autoptr(CareRecord) clinic = care_record_new (care_schema_lookup ("tenant"));
  g_autoptr(CareRecord) admin = care_record_new (care_schema_lookup ("user"));
  g_autoptr(CareRecord) signed_in = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  WriteResult r = { g_main_loop_new (NULL, FALSE), FALSE, NULL, 0 };
  gint64 before = care_store_count (store, care_schema_lookup ("user"));

  /* Refused before any hash: a bad record, then a weak password. */
  care_record_set (user, "full_name", "Ola Obi");
  care_record_set (user, "username", "ola");
  care_record_set (user, "email", "not an address");
  care_record_set (user, "role", CARE_ROLE_NURSE);
  care_accounts_create_user_async (store, user, "long enough", NULL, on_written_cb, &r);
  run_write (&r);
  g_assert_false (r.ok);
  g_assert_error (r.error, CARE_VALIDATION_ERROR, CARE_VALIDATION_ERROR_INVALID);
  g_clear_error (&r.error);
  care_record_set (user, "email", "ola@example.org");
  care_accounts_create_user_async (store, user, "short", NULL, on_written_cb, &r);
  run_write (&r);
  g_assert_error (r.error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_WEAK_PASSWORD);
  g_clear_error (&r.error);
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("user")), ==, before);

  /* Cancelled while hashing: nothing written. */
  care_accounts_create_user_async (store, user, "long enough", cancellable, on_written_cb, &r);
  g_cancellable_cancel (cancellable);
  run_write (&r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("user")), ==, before);

  /* Written, the loop turning while the worker hashed. */
  care_accounts_create_user_async (store, user, "long enough", NULL, on_written_cb, &r);
  run_write (&r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpuint (r.ticks, >, 10);
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("user")), ==, before + 1);

  care_accounts_set_password_async (store, care_record_get_id (user), "even longer", NULL, on_written_cb, &r);
  run_write (&r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.ticks, >, 10);
  signed_in = care_accounts_sign_in (store, "ola", "even longer", &error);
  g_assert_no_error (error);
  g_assert_nonnull (signed_in);

  /* A clinic from nothing. */
  empty = care_store_open (path, &error);
  g_assert_no_error (error);
  care_record_set (clinic, "name", "Async Clinic");
  care_record_set (clinic, "currency", "EUR");
  care_record_set (admin, "full_name", "Abe Admin");
  care_record_set (admin, "username", "abe");
  care_accounts_create_clinic_async (empty, clinic, admin, "abe's password", NULL, on_written_cb, &r);
  run_write (&r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_clear_pointer (&signed_in, care_record_unref);
  signed_in = care_accounts_sign_in (empty, "abe", "abe's password", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (signed_in, "role"), ==, CARE_ROLE_ADMIN);

  g_main_loop_unref (r.loop);
  g_clear_object (&store);
  g_clear_object (&empty);
  care_test_rmdir (dir);
  care_test_rmdir (dir2);
}

static void
test_permission_matrix (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GError) error = NULL;
  /* Seed 001's table, row by row (admin, reception, nurse, doctor, lab, pharmacy). */
  static const struct { const char *perm; const char *yes; } table[] = {
    { CARE_PERM_PATIENT_REGISTRATION,   "AR...." },
    { CARE_PERM_APPOINTMENT_MANAGEMENT, "AR.D.." },
    { CARE_PERM_BILLING,                "AR...." },
    { CARE_PERM_VITALS_ENTRY,           "A.ND.." },
    { CARE_PERM_BED_ALLOCATION,         "A.N..." },
    { CARE_PERM_LAB_TEST_REQUESTS,      "A..DL." },
    { CARE_PERM_LAB_REPORT_UPLOAD,      "A...L." },
    { CARE_PERM_PHARMACY_STOCK,         "A....P" },
    { CARE_PERM_PRESCRIPTION_ORDERS,    "A..D.P" },
    { CARE_PERM_STAFF_MANAGEMENT,       "A....." },
    { CARE_PERM_ROLE_PERMISSIONS,       "A....." },
    { CARE_PERM_ATTENDANCE,             "ARNDLP" },
    { CARE_PERM_PRESCRIBING,            "A..D.." },
  };
  const char *roles[] = { CARE_ROLE_ADMIN, CARE_ROLE_RECEPTIONIST, CARE_ROLE_NURSE,
                          CARE_ROLE_DOCTOR, CARE_ROLE_LAB, CARE_ROLE_PHARMACIST };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
      {
        gboolean expected = table[i].yes[r] != '.';

        g_assert_cmpint (care_default_permission (roles[r], table[i].perm), ==, expected);
        g_assert_cmpint (care_store_role_can (store, roles[r], table[i].perm), ==, expected);
      }
  g_assert_false (care_store_role_can (store, CARE_ROLE_PATIENT, CARE_PERM_BILLING));
  g_assert_false (care_store_role_can (store, "intruder", CARE_PERM_ATTENDANCE));

  /* The admin edits the matrix; the store follows. */
  g_assert_true (care_store_set_role_permission (store, CARE_ROLE_NURSE, CARE_PERM_PATIENT_REGISTRATION, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (care_store_role_can (store, CARE_ROLE_NURSE, CARE_PERM_PATIENT_REGISTRATION));
  g_assert_false (care_default_permission (CARE_ROLE_NURSE, CARE_PERM_PATIENT_REGISTRATION));
  g_clear_object (&store);
  care_test_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/accounts/hash", test_hash_is_argon2id);
  g_test_add_func ("/accounts/sign-in", test_sign_in_by_username_or_email);
  g_test_add_func ("/accounts/throttle", test_wait_grows_with_failures);
  g_test_add_func ("/accounts/deactivation", test_deactivation);
  g_test_add_func ("/accounts/create-reset", test_create_and_reset);
  g_test_add_func ("/accounts/async", test_sign_in_async);
  g_test_add_func ("/accounts/writes-async", test_writes_async);
  g_test_add_func ("/accounts/permission-matrix", test_permission_matrix);

  return g_test_run ();
}
