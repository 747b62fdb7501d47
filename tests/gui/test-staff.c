/* test-staff.c: managing staff accounts through the staff page and editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-staff"

#include "config.h"

#include "care-record-form.h"
#include "care-test-utils.h"

#define TIMEOUT_MS 10000

typedef struct
{
  CareStore  *store;
  CareWindow *window;
} Fixture;

static GtkWidget *
find_in (GtkWidget  *root,
         const char *name)
{
  GtkWidget *widget = care_test_find (root, name);

  if (widget == NULL)
    g_error ("No widget named “%s”", name);

  return widget;
}



static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CareRecord) nina = NULL;
  g_autoptr(CareRecord) paul = NULL;

  fixture->store = care_test_store_new_with_clinic ();
  nina = care_test_add_staff (fixture->store, "nina", "Nina Novak", CARE_ROLE_NURSE);
  paul = care_test_add_staff (fixture->store, "paul", "Paul Park", CARE_ROLE_PHARMACIST);

  fixture->window = care_test_window_new (fixture->store);
  g_assert_true (care_test_sign_in (fixture->window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  g_assert_true (care_window_show_page (fixture->window, "staff"));
  care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped,
                      find_in (GTK_WIDGET (fixture->window), "page-staff"), TIMEOUT_MS);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  care_test_window_destroy (fixture->window);
  g_clear_object (&fixture->store);
}

static GtkWidget *
open_editor (Fixture    *fixture,
             const char *username)
{
  g_autofree char *row_name = g_strconcat ("staff-row-", username, NULL);

  care_test_click (find_in (GTK_WIDGET (fixture->window), row_name));

  return care_test_wait_window ("staff-editor");
}

static gboolean
nina_shown_deactivated (gpointer data)
{
  GtkWidget *row = care_test_find (data, "staff-row-nina");

  return row != NULL && care_test_find (row, "staff-deactivated-tag") != NULL;
}

static gboolean
nina_shown_active (gpointer data)
{
  GtkWidget *row = care_test_find (data, "staff-row-nina");

  return row != NULL && care_test_find (row, "staff-deactivated-tag") == NULL;
}

static void
test_deactivate (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) signed_in = NULL;
  g_autoptr(CareRecord) nina = NULL;
  GtkWidget *editor;
  GtkWidget *button;
  GtkWidget *undo;

  g_assert_true (nina_shown_active (fixture->window));

  editor = open_editor (fixture, "nina");
  button = find_in (editor, "staff-deactivate-button");
  g_assert_true (gtk_widget_get_visible (button));
  care_test_click (button);
  care_test_wait_window_gone ("staff-editor");

  g_assert_true (care_test_wait_for (nina_shown_deactivated, fixture->window, TIMEOUT_MS));
  nina = care_accounts_find_login (fixture->store, "nina");
  g_assert_false (care_record_get_bool (nina, "active"));

  signed_in = care_accounts_sign_in (fixture->store, "nina", CARE_TEST_PASSWORD, &error);
  g_assert_error (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_INACTIVE);
  g_assert_null (signed_in);
  g_clear_error (&error);

  /* The toast offers to undo it. */
  undo = care_test_find_button (GTK_WIDGET (fixture->window), "_Undo");
  g_assert_nonnull (undo);
  care_test_click (undo);
  g_assert_true (care_test_wait_for (nina_shown_active, fixture->window, TIMEOUT_MS));

  signed_in = care_accounts_sign_in (fixture->store, "nina", CARE_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signed_in);
}

static void
test_invalid_email (Fixture       *fixture,
                    gconstpointer  data)
{
  const CareEntity *users = care_schema_lookup ("user");
  gint64 before = care_store_count (fixture->store, users);
  g_autoptr(CareRecord) olga = NULL;
  g_autoptr(GError) error = NULL;
  CareTestLoopWatch *watch;
  guint hash_ms, ticks, longest_ms;
  GtkWidget *editor;
  GtkWidget *form;
  GtkWidget *email_row;

  care_test_click (find_in (GTK_WIDGET (fixture->window), "staff-new-button"));
  editor = care_test_wait_window ("staff-editor");
  form = find_in (editor, "staff-form");

  care_test_type (find_in (form, "field-full_name"), "Olga Olsen");
  care_test_type (find_in (form, "field-username"), "olga");
  email_row = find_in (form, "field-email");
  care_test_type (email_row, "olga-at-nowhere");
  care_record_form_set_text (CARE_RECORD_FORM (form), "role", CARE_ROLE_NURSE);
  care_test_type (find_in (editor, "staff-password"), "olga-on-the-ward");
  care_test_type (find_in (editor, "staff-password-confirm"), "olga-on-the-ward");
  care_test_click (find_in (editor, "staff-save-button"));
  care_test_wait (50);

  /* Still open, the problem next to the email row, nothing written. */
  g_assert_true (care_test_find_window ("staff-editor") == editor);
  g_assert_nonnull (care_record_form_get_error (CARE_RECORD_FORM (form), "email"));
  g_assert_null (care_record_form_get_error (CARE_RECORD_FORM (form), "full_name"));
  g_assert_true (gtk_widget_has_css_class (email_row, "error"));
  g_assert_cmpint (care_store_count (fixture->store, users), ==, before);
  g_assert_null (care_accounts_find_login (fixture->store, "olga"));

  /* Mismatched passwords are caught too. */
  care_test_type (email_row, "olga@harbour.example");
  care_test_type (find_in (editor, "staff-password-confirm"), "olga-on-the-wart");
  care_test_click (find_in (editor, "staff-save-button"));
  care_test_wait (50);
  g_assert_true (care_test_find_window ("staff-editor") == editor);
  g_assert_true (gtk_widget_get_visible (find_in (editor, "staff-password-error")));
  g_assert_cmpint (care_store_count (fixture->store, users), ==, before);

  /* Fixed, it saves: busy while the password is hashed in a worker, the
   * main loop turning all along. */
  care_test_type (find_in (editor, "staff-password-confirm"), "olga-on-the-ward");
  hash_ms = care_test_password_hash_ms ();
  watch = care_test_loop_watch_start ();
  care_test_click (find_in (editor, "staff-save-button"));
  g_assert_true (care_test_find_window ("staff-editor") == editor);
  g_assert_true (gtk_widget_get_visible (find_in (editor, "staff-save-spinner")));
  g_assert_false (gtk_widget_get_sensitive (find_in (editor, "staff-save-button")));
  care_test_wait_window_gone ("staff-editor");
  care_test_loop_watch_stop (watch, &ticks, &longest_ms);
  g_test_message ("hash %u ms; loop ran %u times, blocked at most %u ms", hash_ms, ticks, longest_ms);
  g_assert_cmpuint (ticks, >, 10);
  g_assert_cmpuint (longest_ms, <, hash_ms);
  g_assert_cmpint (care_store_count (fixture->store, users), ==, before + 1);
  olga = care_accounts_sign_in (fixture->store, "olga", "olga-on-the-ward", &error);
  g_assert_no_error (error);
  g_assert_nonnull (olga);
}

static void
test_reset_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) user = NULL;
  GtkWidget *editor;
  GtkWidget *dialog;
  CareTestLoopWatch *watch;
  guint hash_ms, ticks, longest_ms;

  editor = open_editor (fixture, "paul");
  care_test_click (find_in (editor, "staff-reset-password-button"));
  dialog = care_test_wait_alert ("staff-reset-dialog");

  /* Not offered until both rows agree. */
  care_test_type (find_in (dialog, "staff-reset-password"), "paul-new-secret");
  care_test_type (find_in (dialog, "staff-reset-password-confirm"), "paul-new-secre");
  g_assert_false (care_alert_get_response_enabled (dialog, "reset"));
  g_assert_true (gtk_widget_get_visible (find_in (dialog, "staff-reset-error")));

  care_test_type (find_in (dialog, "staff-reset-password-confirm"), "paul-new-secret");
  g_assert_true (care_alert_get_response_enabled (dialog, "reset"));
  hash_ms = care_test_password_hash_ms ();
  watch = care_test_loop_watch_start ();
  care_test_click (care_test_find_button (dialog, "_Reset Password"));
  /* Open and busy until the new password is written. */
  g_assert_true (care_test_find_alert ("staff-reset-dialog") == dialog);
  g_assert_true (gtk_widget_get_visible (find_in (dialog, "staff-reset-spinner")));
  g_assert_false (care_alert_get_response_enabled (dialog, "reset"));
  care_test_wait_alert_gone ("staff-reset-dialog");
  care_test_loop_watch_stop (watch, &ticks, &longest_ms);
  g_test_message ("hash %u ms; loop ran %u times, blocked at most %u ms", hash_ms, ticks, longest_ms);
  g_assert_cmpuint (ticks, >, 10);
  g_assert_cmpuint (longest_ms, <, hash_ms);

  user = care_accounts_sign_in (fixture->store, "paul", CARE_TEST_PASSWORD, &error);
  g_assert_error (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_BAD_CREDENTIALS);
  g_assert_null (user);
  g_clear_error (&error);

  user = care_accounts_sign_in (fixture->store, "paul", "paul-new-secret", &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpstr (care_record_get (user, "username"), ==, "paul");

  gtk_window_close (GTK_WINDOW (editor));
  care_test_wait_window_gone ("staff-editor");
}

static void
test_last_admin (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CareRecord) admin = NULL;
  GtkWidget *editor;
  GtkWidget *form;

  /* Nobody deactivates their own account... */
  editor = open_editor (fixture, CARE_TEST_ADMIN_USERNAME);
  g_assert_false (gtk_widget_is_visible (find_in (editor, "staff-deactivate-button")));

  /* ...nor takes the clinic's only administrator away. */
  form = find_in (editor, "staff-form");
  care_record_form_set_text (CARE_RECORD_FORM (form), "role", CARE_ROLE_NURSE);
  care_test_click (find_in (editor, "staff-save-button"));
  care_test_wait (50);
  g_assert_true (care_test_find_window ("staff-editor") == editor);
  g_assert_nonnull (care_record_form_get_error (CARE_RECORD_FORM (form), "role"));

  admin = care_accounts_find_login (fixture->store, CARE_TEST_ADMIN_USERNAME);
  g_assert_cmpstr (care_record_get (admin, "role"), ==, CARE_ROLE_ADMIN);

  gtk_window_close (GTK_WINDOW (editor));
  care_test_wait_window_gone ("staff-editor");
}

static gboolean
staff_page_gone (gpointer data)
{
  return care_test_find (data, "sidebar-staff") == NULL;
}

static void
test_own_role_change (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CareRecord) bea = care_test_add_staff (fixture->store, "bea", "Bea Boss", CARE_ROLE_ADMIN);
  GtkWidget *editor;
  GtkWidget *form;

  /* With another administrator, the admin may become a receptionist; the
   * window then offers the receptionist's pages only. */
  editor = open_editor (fixture, CARE_TEST_ADMIN_USERNAME);
  form = find_in (editor, "staff-form");
  care_record_form_set_text (CARE_RECORD_FORM (form), "role", CARE_ROLE_RECEPTIONIST);
  care_test_click (find_in (editor, "staff-save-button"));
  care_test_wait_window_gone ("staff-editor");

  g_assert_true (care_test_wait_for (staff_page_gone, fixture->window, TIMEOUT_MS));
  g_assert_nonnull (care_test_find (GTK_WIDGET (fixture->window), "sidebar-attendance"));
  g_assert_cmpstr (care_session_get_role (care_window_get_session (fixture->window)), ==,
                   CARE_ROLE_RECEPTIONIST);
  g_assert_cmpstr (care_window_get_mode (fixture->window), ==, "main");
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  g_test_add ("/staff/deactivate", Fixture, NULL, fixture_set_up, test_deactivate, fixture_tear_down);
  g_test_add ("/staff/invalid-email", Fixture, NULL, fixture_set_up, test_invalid_email, fixture_tear_down);
  g_test_add ("/staff/reset-password", Fixture, NULL, fixture_set_up, test_reset_password, fixture_tear_down);
  g_test_add ("/staff/last-admin", Fixture, NULL, fixture_set_up, test_last_admin, fixture_tear_down);
  g_test_add ("/staff/own-role-change", Fixture, NULL, fixture_set_up, test_own_role_change, fixture_tear_down);

  return g_test_run ();
}
