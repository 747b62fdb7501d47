/* test-admin-sync.c: the matrix reaches a second workstation; the audit log read from the server
 *
 * Two workstations of the demo clinic against the real caredesk-server:
 * the administrator switches a permission on one, the nurse's sidebar on
 * the other follows after its sync. The audit page reads the server's log
 * and whether its chain verifies, and its CSV export reads back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "care-test-clinic.h"
#include "care-audit-page.h"
#include "care-secret.h"

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
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean exported = FALSE;
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
  care_test_click (find (page, "audit-show-button"));
  g_assert_true (care_test_wait_for (is_sensitive, find (page, "audit-export-button"), TIMEOUT_MS));
  g_assert_true (gtk_widget_get_visible (find (page, "audit-chain")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (find (page, "audit-chain"))), "verifies"));
  g_signal_connect (page, "exported", G_CALLBACK (on_exported_cb), &exported);
  care_audit_page_export (CARE_AUDIT_PAGE (page), file);
  g_assert_true (care_test_wait_for (is_true, &exported, TIMEOUT_MS));

  /* Read back: the header, then one line of seven fields per entry. */
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "When (UTC),Who,Role,Action,What,Record,Workstation");
  g_assert_cmpuint (g_strv_length (lines), >=, 3);
  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      g_assert_false (strchr (lines[i], '"'));
      g_assert_cmpuint (g_strv_length (fields), ==, 7);
      g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T", fields[0], 0, 0));
    }
  g_assert_nonnull (strstr (csv, ",Administrator,"));

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
