/* test-admin.c: the administrator's permission matrix, role requests, clinic settings and facilities
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "care-test-utils.h"
#include "care-clinic-page.h"
#include "care-record-form.h"

#define TIMEOUT_MS 10000

typedef struct
{
  CareStore  *store;
  CareWindow *window;
  CareRecord *nina;
  CareRecord *paul;
} Fixture;

static GtkWidget *
find (Fixture    *f,
      const char *name)
{
  return care_test_must_find (GTK_WIDGET (f->window), name);
}

static void
show (Fixture    *f,
      const char *page)
{
  g_autofree char *name = g_strconcat ("page-", page, NULL);

  g_assert_true (care_window_show_page (f->window, page));
  care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped, find (f, name), TIMEOUT_MS);
}

typedef struct { GtkWidget *widget; const char *name; } Shot;

/* Kept once a frame of the widget is drawn (never when no output is asked). */
static gboolean
shot_kept (gpointer data)
{
  Shot *shot = data;
  const char *dir = g_getenv ("CAREDESK_TEST_OUTPUT");
  g_autofree char *path = dir ? g_build_filename (dir, shot->name, NULL) : NULL;

  if (path == NULL)
    return TRUE;
  care_test_keep_screenshot (shot->widget, shot->name);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
keep (GtkWidget  *widget,
      const char *name)
{
  Shot shot = { widget, name };

  care_test_wait_for (shot_kept, &shot, TIMEOUT_MS);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = care_test_store_new_with_clinic ();
  f->nina = care_test_add_staff (f->store, "nina", "Nina Novak", CARE_ROLE_NURSE);
  f->paul = care_test_add_staff (f->store, "paul", "Paul Park", CARE_ROLE_PHARMACIST);
  f->window = care_test_window_new (f->store);
  g_assert_true (care_test_sign_in (f->window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  care_test_window_destroy (f->window);
  g_clear_pointer (&f->nina, care_record_unref);
  g_clear_pointer (&f->paul, care_record_unref);
  g_clear_object (&f->store);
}

static void
test_matrix (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *billing, *matrix, *error;
  gint64 outbox;

  show (f, "permissions");
  billing = find (f, "permission-nurse-billing");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (billing)));
  outbox = care_store_outbox_count (f->store);

  /* A switch writes the matrix and queues it for the server. */
  care_test_click (billing);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (billing)));
  g_assert_true (care_store_role_can (f->store, CARE_ROLE_NURSE, CARE_PERM_BILLING));
  g_assert_cmpint (care_store_outbox_count (f->store), ==, outbox + 1);

  /* The administrators keep the matrix: the refusal shows under its row
   * and the switch stays on. */
  matrix = find (f, "permission-admin-role_permissions");
  error = find (f, "permission-error-role_permissions");
  g_assert_false (gtk_widget_get_visible (error));
  care_test_click (matrix);
  g_assert_true (care_test_wait_for ((CareTestCondition) gtk_switch_get_active, matrix, TIMEOUT_MS));
  g_assert_true (care_store_role_can (f->store, CARE_ROLE_ADMIN, CARE_PERM_ROLE_PERMISSIONS));
  g_assert_true (gtk_widget_get_visible (error));
  {
    g_autoptr(GError) refusal = NULL;

    /* Core's words, in the reader's language. */
    g_assert_false (care_access_check_matrix (CARE_ROLE_ADMIN, CARE_PERM_ROLE_PERMISSIONS, FALSE, &refusal));
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error)), ==, care_rule_error_get_detail (refusal));
  }
  g_assert_cmpint (care_store_outbox_count (f->store), ==, outbox + 1);

  /* A change that arrives from elsewhere (sync) moves the switch. */
  g_assert_true (care_store_set_role_permission (f->store, CARE_ROLE_NURSE, CARE_PERM_BILLING, FALSE, NULL));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (billing)));
  keep (GTK_WIDGET (f->window), "admin-permissions.png");
}

static CareRecord *
ask (Fixture    *f,
     CareRecord *who,
     const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *admin = g_strdup (care_store_get_actor (f->store));
  CareRecord *request;

  care_store_set_actor (f->store, care_record_get_id (who));
  request = care_role_requests_ask (f->store, role, "I cover the ward at night", &error);
  g_assert_no_error (error);
  care_store_set_actor (f->store, admin);
  return request;
}

static char *
stored (Fixture    *f,
        const char *entity,
        const char *id,
        const char *field)
{
  g_autoptr(CareRecord) record = care_store_get (f->store, care_schema_lookup (entity), id, NULL);

  return g_strdup (care_record_get (record, field));
}

static void
test_approve (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CareRecord) request = NULL;
  g_autofree char *name = g_strdup_printf ("role-request-approve-%s", care_record_get_id (f->nina));
  g_autofree char *role = NULL;
  g_autofree char *status = NULL;

  show (f, "permissions");
  request = ask (f, f->nina, CARE_ROLE_DOCTOR);
  g_assert_nonnull (care_test_wait_for_widget (name, TIMEOUT_MS));
  keep (GTK_WIDGET (f->window), "admin-role-requests.png");
  care_test_click (care_test_wait_for_widget (name, TIMEOUT_MS));

  role = stored (f, "user", care_record_get_id (f->nina), "role");
  status = stored (f, "role_upgrade_request", care_record_get_id (request), "status");
  g_assert_cmpstr (role, ==, CARE_ROLE_DOCTOR);
  g_assert_cmpstr (status, ==, "approved");
  g_assert_null (care_test_find (GTK_WIDGET (f->window), name));
}

static void
test_refuse (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CareRecord) request = NULL;
  g_autofree char *name = g_strdup_printf ("role-request-refuse-%s", care_record_get_id (f->paul));
  g_autofree char *role = NULL;
  g_autofree char *status = NULL;
  g_autofree char *reason = NULL;
  GtkWidget *dialog, *entry;

  show (f, "permissions");
  request = ask (f, f->paul, CARE_ROLE_ADMIN);
  care_test_click (care_test_wait_for_widget (name, TIMEOUT_MS));
  dialog = care_test_wait_alert ("role-request-refuse-dialog");
  entry = care_test_must_find (dialog, "role-request-reason");

  /* No reason, no refusal. */
  g_assert_false (care_alert_get_response_enabled (dialog, "refuse"));
  care_test_type (entry, "Administrators are appointed by the board");
  g_assert_true (care_alert_get_response_enabled (dialog, "refuse"));
  keep (dialog, "admin-refuse-dialog.png");
  /* What the Refuse button does (a response, then the dialog closes). */
  care_test_alert_respond (dialog, "refuse");
  care_test_wait_alert_gone ("role-request-refuse-dialog");

  role = stored (f, "user", care_record_get_id (f->paul), "role");
  status = stored (f, "role_upgrade_request", care_record_get_id (request), "status");
  reason = stored (f, "role_upgrade_request", care_record_get_id (request), "decision_reason");
  g_assert_cmpstr (role, ==, CARE_ROLE_PHARMACIST);
  g_assert_cmpstr (status, ==, "rejected");
  g_assert_cmpstr (reason, ==, "Administrators are appointed by the board");
}

/* Seed 000 through the screens: the nurse asks on Attendance, the
 * administrator approves on Permissions. */
static void
test_ask_and_approve (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) pending = NULL;
  g_autofree char *approve = g_strdup_printf ("role-request-approve-%s", care_record_get_id (f->nina));
  g_autofree char *role = NULL;
  GtkWidget *dialog, *roles, *answer;
  GListModel *model;
  guint doctor = GTK_INVALID_LIST_POSITION;

  care_test_switch_user (f->window, "nina");
  show (f, "attendance");
  care_test_click (find (f, "attendance-ask-role-button"));
  dialog = care_test_wait_alert ("role-request-dialog");
  roles = care_test_must_find (dialog, "role-request-role");
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (roles));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      /* The nurse's own role is not offered. */
      g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), i), !=, care_role_label (CARE_ROLE_NURSE));
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), care_role_label (CARE_ROLE_DOCTOR)) == 0)
        doctor = i;
    }
  gtk_drop_down_set_selected (GTK_DROP_DOWN (roles), doctor);
  care_test_type (care_test_must_find (dialog, "role-request-why"), "I now hold the medical registration");
  keep (dialog, "admin-ask-role.png");
  care_test_alert_respond (dialog, "ask");
  care_test_wait_alert_gone ("role-request-dialog");
  answer = care_test_wait_alert ("role-request-answer");
  g_assert_cmpstr (care_alert_get_heading (answer), ==, _("Request Sent"));
  care_test_alert_respond (answer, "close");
  care_test_wait_alert_gone ("role-request-answer");

  pending = care_role_requests_pending (f->store, NULL);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpstr (care_record_get (pending->pdata[0], "user_id"), ==, care_record_get_id (f->nina));
  g_assert_cmpstr (care_record_get (pending->pdata[0], "requested_role"), ==, CARE_ROLE_DOCTOR);

  care_test_switch_user (f->window, CARE_TEST_ADMIN_USERNAME);
  show (f, "permissions");
  care_test_click (care_test_wait_for_widget (approve, TIMEOUT_MS));
  role = stored (f, "user", care_record_get_id (f->nina), "role");
  g_assert_cmpstr (role, ==, CARE_ROLE_DOCTOR);
}

static gboolean
label_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static void
test_clinic_settings (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("caredesk-admin-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "logo.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CareRecord) clinic = NULL;
  GtkWidget *page, *error;

  show (f, "clinic");
  page = find (f, "page-clinic");
  error = find (f, "clinic-logo-error");

  /* Not an image: said next to the logo, nothing kept. */
  g_assert_true (g_file_set_contents (path, "not a picture", -1, NULL));
  care_clinic_page_load_logo (CARE_CLINIC_PAGE (page), file);
  g_assert_true (care_test_wait_for (label_visible, error, TIMEOUT_MS));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error)), !=, "");

  care_test_type (care_test_must_find (page, "field-tax_number"), "GB123456789");
  care_test_click (find (f, "clinic-save-button"));
  clinic = care_store_get_clinic (f->store);
  g_assert_cmpstr (care_record_get (clinic, "tax_number"), ==, "GB123456789");
  g_assert_null (care_record_get_blob (clinic, "logo"));
  keep (GTK_WIDGET (f->window), "admin-clinic.png");
  g_unlink (path);
  g_rmdir (dir);
}

/* Asks to remove facility from the editor and answers the dialog. */
static void
remove_facility (Fixture    *f,
                 GtkWidget  *editor,
                 CareRecord *facility)
{
  g_autofree char *name = g_strdup_printf ("clinic-facility-remove-%s", care_record_get_id (facility));
  GtkWidget *dialog;

  care_test_click (care_test_must_find (editor, name));
  dialog = care_test_wait_alert ("clinic-facility-remove-dialog");
  care_test_alert_respond (dialog, "remove");
  care_test_wait_alert_gone ("clinic-facility-remove-dialog");
}

static CareRecord *
facility_named (Fixture    *f,
                const char *name)
{
  g_autoptr(GPtrArray) found = care_store_list (f->store, care_schema_lookup ("facility"), "name", name, NULL, 0, NULL);

  g_assert_nonnull (found);
  return found->len == 1 ? care_record_ref (found->pdata[0]) : NULL;
}

static void
test_facilities (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CareRecord) east = NULL;
  g_autoptr(CareRecord) renamed = NULL;
  g_autoptr(CareRecord) still = NULL;
  g_autoptr(CareRecord) ward = care_record_new (care_schema_lookup ("ward"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) refusal = NULL;
  g_autofree char *edit = NULL;
  GtkWidget *editor, *kind, *error_label;

  show (f, "clinic");
  editor = find (f, "clinic-facilities");
  error_label = care_test_must_find (editor, "clinic-facility-error");

  /* Added from the form. */
  care_test_type (care_test_must_find (editor, "field-name"), "East Wing");
  kind = care_test_must_find (editor, "field-kind");
  adw_combo_row_set_selected (ADW_COMBO_ROW (kind), g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (kind))) - 1);
  care_test_click (care_test_must_find (editor, "clinic-facility-add"));
  east = facility_named (f, "East Wing");
  g_assert_nonnull (east);
  g_assert_cmpstr (care_record_get (east, "kind"), ==, "department");

  /* Changed: Change fills the form, Save keeps the new name. */
  edit = g_strdup_printf ("clinic-facility-edit-%s", care_record_get_id (east));
  care_test_click (care_test_must_find (editor, edit));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (editor, "clinic-facility-cancel")));
  keep (editor, "admin-facility-change.png");
  care_record_form_set_text (CARE_RECORD_FORM (gtk_widget_get_ancestor (care_test_must_find (editor, "field-name"),
                                                                       CARE_TYPE_RECORD_FORM)),
                             "name", "East Wing Day Unit");
  care_test_click (care_test_must_find (editor, "clinic-facility-add"));
  renamed = facility_named (f, "East Wing Day Unit");
  g_assert_nonnull (renamed);
  g_assert_cmpstr (care_record_get_id (renamed), ==, care_record_get_id (east));
  g_assert_false (gtk_widget_get_visible (care_test_must_find (editor, "clinic-facility-cancel")));

  /* A ward names it: removing is refused in core's words, and it stays. */
  care_record_set (ward, "name", "Maple");
  care_record_set (ward, "kind", "general");
  care_record_set (ward, "facility_id", care_record_get_id (east));
  g_assert_true (care_store_insert (f->store, ward, &error));
  g_assert_no_error (error);
  remove_facility (f, editor, renamed);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_false (care_facilities_save (f->store, renamed, NULL, &refusal));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==, refusal->message);
  still = facility_named (f, "East Wing Day Unit");
  g_assert_nonnull (still);
  keep (editor, "admin-facilities.png");

  /* Nothing names it any more: it goes, and the list says so. */
  g_assert_true (care_store_delete (f->store, care_schema_lookup ("ward"), care_record_get_id (ward), &error));
  g_assert_no_error (error);
  remove_facility (f, editor, still);
  g_assert_false (gtk_widget_get_visible (error_label));
  g_clear_pointer (&still, care_record_unref);
  still = facility_named (f, "East Wing Day Unit");
  g_assert_null (still);
  g_assert_null (care_test_find (editor, edit));
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  g_test_add ("/admin/matrix", Fixture, NULL, fixture_set_up, test_matrix, fixture_tear_down);
  g_test_add ("/admin/approve", Fixture, NULL, fixture_set_up, test_approve, fixture_tear_down);
  g_test_add ("/admin/refuse", Fixture, NULL, fixture_set_up, test_refuse, fixture_tear_down);
  g_test_add ("/admin/ask-and-approve", Fixture, NULL, fixture_set_up, test_ask_and_approve, fixture_tear_down);
  g_test_add ("/admin/clinic-settings", Fixture, NULL, fixture_set_up, test_clinic_settings, fixture_tear_down);
  g_test_add ("/admin/facilities", Fixture, NULL, fixture_set_up, test_facilities, fixture_tear_down);

  return g_test_run ();
}
