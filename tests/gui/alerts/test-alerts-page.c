/* test-alerts-page.c: an emergency alert answered and resolved on its page
 *
 * Runs under Xvfb against a real store: a code blue raised by the
 * administrator is open on the nurse's Emergency Alerts page; she
 * acknowledges it (under her account), then resolves it: Resolve stays
 * off until she says how it ended, as core requires, and the alert moves
 * to the resolved list with its outcome.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-alerts-page"

#include "config.h"
#include "care-test-records.h"

#include "care-test-utils.h"




static CareRecord *
stored (CareStore  *store,
        const char *id)
{
  return care_store_get (store, care_schema_lookup ("emergency_alert"), id, NULL);
}

static void
test_answer_and_resolve (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(CareRecord) admin = care_accounts_find_login (store, CARE_TEST_ADMIN_USERNAME);
  g_autoptr(CareRecord) nurse = NULL;
  g_autoptr(CareRecord) acknowledged = NULL;
  g_autoptr(CareRecord) resolved = NULL;
  g_autofree char *alert = NULL;
  GtkWidget *page, *open, *resolved_list, *dialog, *row;
  CareWindow *window;

  care_store_set_actor (store, care_record_get_id (admin));
  nurse = care_test_add_staff (store, "nora", "Nora Nurse", CARE_ROLE_NURSE);
  alert = care_test_add_record (store, "emergency_alert", "kind", "code_blue", "location", "Ward A, bed A1-2",
                                "raised_by", care_record_get_id (admin), "status", "active", NULL);
  care_store_set_actor (store, NULL);

  window = care_test_window_new (store);
  g_assert_true (care_test_sign_in (window, "nora", CARE_TEST_PASSWORD));
  g_assert_true (care_window_show_page (window, "alerts"));
  page = care_test_find (GTK_WIDGET (window), "page-alerts");
  open = care_test_find (page, "alerts-open");
  resolved_list = care_test_find (page, "alerts-resolved");
  g_assert_nonnull (open);

  row = care_test_find (open, "alert-row-0");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Code blue at Ward A, bed A1-2");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_find (page, "alerts-summary"))), ==,
                   "1 open alert, 1 not answered yet");
  g_assert_false (gtk_widget_get_visible (care_test_find (page, "alerts-resolved-group")));

  /* Acknowledged under the nurse's account. */
  care_test_click (care_test_find (row, "alert-acknowledge"));
  acknowledged = stored (store, alert);
  g_assert_cmpstr (care_record_get (acknowledged, "status"), ==, "acknowledged");
  g_assert_cmpstr (care_record_get (acknowledged, "acknowledged_by"), ==, care_record_get_id (nurse));
  row = care_test_find (open, "alert-row-0");
  g_assert_null (care_test_find (row, "alert-acknowledge"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "answered"));

  /* Resolve: not without how it ended. */
  care_test_click (care_test_find (row, "alert-resolve"));
  dialog = care_test_wait_alert ("alert-resolve-dialog");
  g_assert_false (care_alert_get_response_enabled (dialog, "resolve"));
  care_test_type (care_test_find (dialog, "alert-outcome"), "   ");
  g_assert_false (care_alert_get_response_enabled (dialog, "resolve"));
  g_assert_true (gtk_widget_get_visible (care_test_find (dialog, "alert-outcome-error")));
  care_test_type (care_test_find (dialog, "alert-outcome"), "Stabilised, moved to intensive care");
  g_assert_true (care_alert_get_response_enabled (dialog, "resolve"));
  g_assert_false (gtk_widget_get_visible (care_test_find (dialog, "alert-outcome-error")));
  care_test_click (care_test_find_button (dialog, "_Resolve"));
  care_test_wait_alert_gone ("alert-resolve-dialog");

  resolved = stored (store, alert);
  g_assert_cmpstr (care_record_get (resolved, "status"), ==, "resolved");
  g_assert_cmpstr (care_record_get (resolved, "resolved_by"), ==, care_record_get_id (nurse));
  g_assert_cmpstr (care_record_get (resolved, "outcome"), ==, "Stabilised, moved to intensive care");
  g_assert_nonnull (care_record_get (resolved, "resolved_at"));

  /* It leaves the open list for the resolved one, its outcome shown. */
  g_assert_null (care_test_find (open, "alert-row-0"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_find (page, "alerts-summary"))), ==, "No open alerts.");
  row = care_test_find (resolved_list, "alert-row-0");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "moved to intensive care"));
  g_assert_null (care_test_find (row, "alert-resolve"));
  care_test_keep_screenshot (GTK_WIDGET (window), "alerts-page.png");

  care_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);
  /* An alert raised by someone else also goes to the desktop. */
  care_test_serve_notifications ();

  g_test_add_func ("/alerts/answer-and-resolve", test_answer_and_resolve);

  return g_test_run ();
}
