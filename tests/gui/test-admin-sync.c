/* test-admin-sync.c: the matrix reaches a second workstation; the audit log read from the server
 *
 * Two workstations of the demo clinic against the real caredesk-server:
 * the administrator switches a permission on one, the nurse's sidebar on
 * the other follows after its sync. The audit page reads the server's log
 * and whether its chain verifies, and its CSV export reads back; filtered
 * by person, action and day, it shows and exports only what matches; by a
 * patient's record number, the nurse's vitals of that patient, written on
 * another workstation, and not under another patient.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "care-test-clinic.h"
#include "care-audit-page.h"
#include "care-secret.h"
#include "care-store-sync.h"

static gboolean
has_widget (gpointer data)
{
  gpointer *args = data;

  return care_test_find (args[0], args[1]) != NULL;
}

static gboolean
is_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

static void
on_exported_cb (CareAuditPage *page,
                const char    *message,
                gboolean      *done)
{
  g_assert_null (message);
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Presses Show, waits for the answer, exports what is shown to path and
 * returns its lines (the header first); NULL when nothing matched. */
static GStrv
show_and_export (GtkWidget  *page,
                 const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *csv = NULL;
  gboolean exported = FALSE;
  gulong handler;

  care_test_click (find (page, "audit-show-button"));
  g_assert_true (care_test_wait_for (is_sensitive, find (page, "audit-show-button"), TIMEOUT_MS));
  g_assert_true (gtk_widget_get_visible (find (page, "audit-chain")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (find (page, "audit-chain"))), "verifies"));
  if (!gtk_widget_get_sensitive (find (page, "audit-export-button")))
    return NULL;
  handler = g_signal_connect (page, "exported", G_CALLBACK (on_exported_cb), &exported);
  care_audit_page_export (CARE_AUDIT_PAGE (page), file);
  g_assert_true (care_test_wait_for (is_true, &exported, TIMEOUT_MS));
  g_signal_handler_disconnect (page, handler);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_unlink (path);
  return g_strsplit (csv, "\r\n", -1);
}

static gboolean
vitals_sent (gpointer data)
{
  gpointer *args = data;

  return !care_store_outbox_has_pending (args[0], "vitals", care_record_get_id (args[1]));
}

/* Whether the CSV lines hold an entry of this action on this record. */
static gboolean
lists_record (GStrv       lines,
              const char *action,
              const char *record_id)
{
  for (guint i = 1; lines && lines[i] && *lines[i]; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      if (g_strv_length (fields) == 7 && g_str_equal (fields[3], action) && g_str_equal (fields[5], record_id))
        return TRUE;
    }
  return FALSE;
}

/* The position of text in a dropdown of strings. */
static guint
position_of (GtkWidget  *dropdown,
             const char *text)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) == 0)
      return i;
  g_assert_not_reached ();
}

static void
test_matrix_and_audit (void)
{
  g_autoptr(Clinic) clinic = clinic_new ();
  g_autoptr(CareStore) store_a = care_test_store_new ();
  g_autoptr(CareStore) store_b = care_test_store_new ();
  CareWindow *a = connect_and_sign_in (clinic, store_a, "admin");
  CareWindow *b = connect_and_sign_in (clinic, store_b, "nurse");
  gpointer args[2] = { b, "sidebar-billing" };
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "audit.csv", NULL);
  g_autoptr(CareRecord) admin = care_accounts_find_login (store_a, "admin");
  g_autoptr(GDateTime) now = care_clock_now_utc ();
  g_autoptr(GDateTime) day_before = g_date_time_add_days (now, -1);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *yesterday = g_date_time_format (day_before, "%Y-%m-%d");
  g_auto(GStrv) lines = NULL;
  guint signed_in = 0, filtered = 0;
  GtkWidget *page;

  wait_for_indicator (a, "Up to date", TIMEOUT_MS);
  wait_for_indicator (b, "Up to date", TIMEOUT_MS);
  g_assert_null (care_test_find (GTK_WIDGET (b), "sidebar-billing"));

  /* Billing for nurses, switched on A: B's sidebar follows. */
  g_assert_true (care_window_show_page (a, "permissions"));
  care_test_click (find (GTK_WIDGET (a), "permission-nurse-billing"));
  g_assert_true (care_test_wait_for (has_widget, args, RECONNECT_MS));

  /* The audit log: read from the server, the chain verifies, exported. */
  g_assert_true (care_window_show_page (a, "audit"));
  page = find (GTK_WIDGET (a), "page-audit");
  lines = show_and_export (page, path);
  g_assert_nonnull (lines);

  /* Read back: the header, then one line of seven fields per entry. */
  g_assert_cmpstr (lines[0], ==, "When (UTC),Who,Role,Action,What,Record,Workstation");
  g_assert_cmpuint (g_strv_length (lines), >=, 3);
  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      g_assert_false (strchr (lines[i], '"'));
      g_assert_cmpuint (g_strv_length (fields), ==, 7);
      g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T", fields[0], 0, 0));
      if (g_str_equal (fields[3], "Signed in"))
        signed_in++;
    }
  {
    g_autofree char *all = g_strjoinv ("\n", lines);

    g_assert_nonnull (strstr (all, ",Administrator,"));
  }
  g_assert_cmpuint (signed_in, >=, 2);

  /* Filtered by person, action and days: the administrator's sign-ins of
   * yesterday and today only (a run at midnight crosses a day), fewer than
   * everyone's. */
  g_clear_pointer (&lines, g_strfreev);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find (page, "audit-filter-person")),
                              position_of (find (page, "audit-filter-person"), care_record_get (admin, "full_name")));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find (page, "audit-filter-action")),
                              position_of (find (page, "audit-filter-action"), "Signed in"));
  gtk_editable_set_text (GTK_EDITABLE (find (page, "audit-filter-from")), yesterday);
  gtk_editable_set_text (GTK_EDITABLE (find (page, "audit-filter-to")), today);
  lines = show_and_export (page, path);
  g_assert_nonnull (lines);
  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      g_assert_cmpstr (fields[1], ==, care_record_get (admin, "full_name"));
      g_assert_cmpstr (fields[3], ==, "Signed in");
      g_assert_true (g_str_has_prefix (fields[0], today) || g_str_has_prefix (fields[0], yesterday));
      filtered++;
    }
  g_assert_cmpuint (filtered, >=, 1);
  g_assert_cmpuint (filtered, <, signed_in);

  /* A day long past: nothing matches, nothing to export. */
  g_clear_pointer (&lines, g_strfreev);
  gtk_editable_set_text (GTK_EDITABLE (find (page, "audit-filter-from")), "2001-01-01");
  gtk_editable_set_text (GTK_EDITABLE (find (page, "audit-filter-to")), "2001-01-01");
  lines = show_and_export (page, path);
  g_assert_null (lines);
  g_assert_null (gtk_widget_get_first_child (find (page, "audit-list")));

  /* By patient: the nurse records P's vitals on workstation B; under P's
   * record number the entry is listed with the vitals' own id, under Q's
   * it is not. */
  {
    const CareField *actions = care_entity_field (care_schema_lookup ("audit_entry"), "action");
    const char *created = care_field_choice_label (actions, "create");
    g_autoptr(GPtrArray) patients = care_store_list (store_a, care_schema_lookup ("patient"), NULL, NULL, NULL, 2, NULL);
    CareRecord *p = g_ptr_array_index (patients, 0);
    CareRecord *q = g_ptr_array_index (patients, 1);
    g_autoptr(CareRecord) vitals = care_record_new (care_schema_lookup ("vitals"));
    g_autoptr(GDateTime) taken = g_date_time_add_minutes (now, -5);
    g_autofree char *taken_at = g_date_time_format_iso8601 (taken);
    g_autoptr(GError) error = NULL;

    g_assert_cmpuint (patients->len, ==, 2);
    care_record_set (vitals, "patient_id", care_record_get_id (p));
    care_record_set (vitals, "recorded_at", taken_at);
    care_record_set (vitals, "pulse", "72");
    g_assert_true (care_store_insert (store_b, vitals, &error));
    g_assert_no_error (error);
    g_assert_false (vitals_sent ((gpointer[]) { store_b, vitals }));
    gtk_widget_activate_action (GTK_WIDGET (b), "win.sync-now", NULL);
    g_assert_true (care_test_wait_for (vitals_sent, (gpointer[]) { store_b, vitals }, TIMEOUT_MS));

    gtk_drop_down_set_selected (GTK_DROP_DOWN (find (page, "audit-filter-person")), 0);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (find (page, "audit-filter-action")), 0);
    gtk_editable_set_text (GTK_EDITABLE (find (page, "audit-filter-from")), "");
    gtk_editable_set_text (GTK_EDITABLE (find (page, "audit-filter-to")), "");
    gtk_editable_set_text (GTK_EDITABLE (find (page, "audit-filter-patient")), care_record_get (p, "mrn"));
    lines = show_and_export (page, path);
    g_assert_true (lists_record (lines, created, care_record_get_id (vitals)));
    care_test_keep_screenshot (page, "audit-by-patient.png");

    g_clear_pointer (&lines, g_strfreev);
    gtk_editable_set_text (GTK_EDITABLE (find (page, "audit-filter-patient")), care_record_get (q, "mrn"));
    lines = show_and_export (page, path);
    g_assert_false (lists_record (lines, created, care_record_get_id (vitals)));
    g_clear_pointer (&lines, g_strfreev);
  }

  g_unlink (path);
  g_rmdir (dir);
  care_test_window_destroy (b);
  care_test_window_destroy (a);
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);
  care_secret_set_timeout (2000);

  g_test_add_func ("/admin-sync/matrix-and-audit", test_matrix_and_audit);

  return g_test_run ();
}
