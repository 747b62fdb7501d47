/* test-split-view.c: CareSplitView side by side when wide, one pane at a time when narrow
 *
 * On libadwaita before 1.4 it is an AdwLeaflet, after an
 * AdwNavigationSplitView; either way: not folded while both panes fit,
 * folded below fold-width, and show-content picks the pane shown. The
 * window folds with it: narrow, it shows its sidebar, then the page
 * chosen there.
 * With CAREDESK_TEST_OUTPUT set it keeps split-view-wide.png and
 * split-view-narrow.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-split-view"

#include "config.h"

#include "care-split-view.h"
#include "care-test-utils.h"

#define TIMEOUT_MS 10000

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
is_unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

static GtkWidget *
pane (const char *text,
      int         width)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_size_request (label, width, -1);
  return label;
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_widget (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  CareSplitView *view = CARE_SPLIT_VIEW (care_split_view_new ());
  GtkWidget *sidebar = pane ("Sidebar", 240);
  GtkWidget *content = pane ("Content", 360);
  guint folded_notes = 0;

  g_object_set (view, "fold-width", 601, NULL);
  care_split_view_set_sidebar (view, sidebar);
  care_split_view_set_content (view, content);
  g_assert_true (care_split_view_get_sidebar (view) == sidebar);
  g_assert_true (care_split_view_get_content (view) == content);
  g_signal_connect (view, "notify::folded", G_CALLBACK (on_notify_cb), &folded_notes);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_set_default_size (window, 900, 400);
  gtk_window_present (window);

  /* Wide: both panes. */
  g_assert_true (care_test_wait_for (is_mapped, content, TIMEOUT_MS));
  g_assert_true (care_test_wait_folded (view, FALSE, TIMEOUT_MS));
  g_assert_true (gtk_widget_get_mapped (sidebar));

  /* Narrow: one pane, as show-content says. */
  gtk_window_set_default_size (window, 480, 400);
  g_assert_true (care_test_wait_folded (view, TRUE, TIMEOUT_MS));
  g_assert_cmpuint (folded_notes, >=, 1);
  care_split_view_set_show_content (view, TRUE);
  g_assert_true (care_split_view_get_show_content (view));
  g_assert_true (care_test_wait_for (is_unmapped, sidebar, TIMEOUT_MS));
  g_assert_true (gtk_widget_get_mapped (content));
  care_split_view_set_show_content (view, FALSE);
  g_assert_false (care_split_view_get_show_content (view));
  g_assert_true (care_test_wait_for (is_unmapped, content, TIMEOUT_MS));
  g_assert_true (gtk_widget_get_mapped (sidebar));

  /* Wide again: both. */
  gtk_window_set_default_size (window, 900, 400);
  g_assert_true (care_test_wait_folded (view, FALSE, TIMEOUT_MS));
  g_assert_true (care_test_wait_for (is_mapped, content, TIMEOUT_MS));
  g_assert_true (gtk_widget_get_mapped (sidebar));

  gtk_window_destroy (window);
}

static void
test_window (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  CareWindow *window = care_test_window_new (store);
  CareSplitView *view;
  CareSplitView *patients;

  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 800);
  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  view = CARE_SPLIT_VIEW (care_test_must_find (GTK_WIDGET (window), "window-split-view"));
  g_assert_true (care_window_show_page (window, "patients"));
  patients = CARE_SPLIT_VIEW (care_test_must_find (GTK_WIDGET (window), "patients-split-view"));
  g_assert_true (care_test_wait_for (is_mapped, patients, TIMEOUT_MS));
  g_assert_false (care_split_view_get_folded (view));
  g_assert_false (care_split_view_get_folded (patients));
  g_assert_false (gtk_widget_get_visible (care_test_must_find (GTK_WIDGET (patients), "patients-back-button")));
  care_test_wait (100);  /* drawn once, for the screenshot only */
  care_test_keep_screenshot (GTK_WIDGET (window), "split-view-wide.png");

  /* Narrow: the sidebar alone, then the page chosen there. */
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 800);
  g_assert_true (care_test_wait_folded (view, TRUE, TIMEOUT_MS));
  care_split_view_set_show_content (view, FALSE);
  g_assert_true (care_test_wait_for (is_unmapped, patients, TIMEOUT_MS));
  care_test_click (care_test_must_find (GTK_WIDGET (window), "sidebar-patients"));
  g_assert_true (care_test_wait_for (is_mapped, patients, TIMEOUT_MS));
  g_assert_true (care_split_view_get_show_content (view));
  /* The window stops at its header bar's width (about 760 px), where the
   * Patients page still fits side by side; its back button says so. */
  g_assert_true (gtk_widget_get_visible (care_test_must_find (GTK_WIDGET (patients), "patients-back-button")) ==
                 care_split_view_get_folded (patients));
  care_test_wait (100);
  care_test_keep_screenshot (GTK_WIDGET (window), "split-view-narrow.png");

  care_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  g_test_add_func ("/split-view/widget", test_widget);
  g_test_add_func ("/split-view/window", test_window);

  return g_test_run ();
}
