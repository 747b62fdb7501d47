/* test-first-look.c: what a person sees the first time a page opens
 *
 * Signing in with a blinking cursor prints no GtkText "did not receive a
 * focus-out event" (GLib's test framework makes the warning fatal).
 * An empty Attendance list says it is empty (a refresh removed its
 * placeholder with its rows, leaving a bare heading). Billing's count
 * follows its list: on a workstation whose invoices come
 * after the page was made (the first sync), it said "0 invoices" above a
 * full list. Opening an invoice at 1366×800 does not fold the window into
 * its narrow layout, in English or in Spanish (the test is run both ways
 * by meson: LANGUAGE=es in the second run).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-first-look"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "care-billing-page.h"
#include "care-invoice-list-model.h"
#include "care-split-view.h"
#include "care-test-utils.h"

#define TIMEOUT_MS 10000

typedef struct
{
  GtkWidget  *page;
  GtkWidget  *count;
} Billing;

static char *
expected_count (GtkWidget *page)
{
  guint n = g_list_model_get_n_items (care_billing_page_get_model (CARE_BILLING_PAGE (page)));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice", "%u invoices", n), n);
}

static gboolean
count_follows (gpointer data)
{
  Billing *b = data;
  g_autofree char *expected = expected_count (b->page);

  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (b->count)), expected) == 0;
}

/* The width the split view needs side by side: it folds below it (the
 * sidebar, the content and the separator between them). */
static int
unfolded_min_width (GtkWidget *split_view)
{
  GtkWidget *panes[] = { care_split_view_get_sidebar (CARE_SPLIT_VIEW (split_view)),
                         care_split_view_get_content (CARE_SPLIT_VIEW (split_view)) };
  int sum = 1;

  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    {
      int min = 0;

      gtk_widget_measure (panes[i], GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      g_test_message ("%s needs %d px", G_OBJECT_TYPE_NAME (panes[i]), min);
      sum += min;
    }
  return sum;
}

/* Screenshots named by the language they show. */
static const char *
first_look_name (const char *what)
{
  return care_test_language_shot_name ("first-look", what);
}

static gboolean
has_width (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static void
test_billing_count_follows_the_list (void)
{
  g_autoptr(CareStore) store = care_test_store_new ();
  g_autoptr(GError) error = NULL;
  GListModel *model;
  CareWindow *window;
  Billing b;

  g_assert_true (care_demo_populate (store, 30, &error));
  window = care_test_window_new (store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 800);
  g_assert_true (care_test_sign_in (window, "admin", CARE_DEMO_PASSWORD));
  g_assert_true (care_window_show_page (window, "billing"));
  b.page = care_test_must_find (GTK_WIDGET (window), "page-billing");
  b.count = care_test_must_find (b.page, "billing-count");
  model = care_billing_page_get_model (CARE_BILLING_PAGE (b.page));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_true (count_follows (&b));

  /* The clinic's invoices arrive, as a first sync brings them. */
  g_assert_true (care_demo_add_clinic_records (store, CARE_DEMO_SEED, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  g_assert_true (care_test_wait_for (count_follows, &b, TIMEOUT_MS));

  /* Opening an invoice keeps the window's wide layout. */
  {
    GtkWidget *split_view = care_test_find_type (GTK_WIDGET (window), CARE_TYPE_SPLIT_VIEW);
    g_autoptr(GObject) item = g_list_model_get_item (model, 0);

    g_assert_cmpint (unfolded_min_width (split_view), <=, 1366);
    gtk_widget_activate_action (b.page, "billing.select-invoice", "s",
                                care_record_get_id (care_invoice_item_get_invoice ((CareInvoiceItem *) item)));
    /* Laid out: the split view allocated its children in the same pass. */
    g_assert_true (care_test_wait_for (has_width, care_test_must_find (b.page, "billing-editor"), TIMEOUT_MS));
    care_test_wait (100);  /* drawn once, for the screenshot only */
    care_test_keep_screenshot (GTK_WIDGET (window), first_look_name ("invoice"));
    /* Xvfb's screen may be narrower than 1366: what is checked is that
     * the unfolded layout fits 1366, the sum of the panes' minimum widths. */
    g_assert_cmpint (unfolded_min_width (split_view), <=, 1366);
  }

  care_test_window_destroy (window);
}

/* An empty list shows its placeholder, not a bare heading. */
static gboolean
shows_placeholder (gpointer list)
{
  GtkWidget *child = gtk_widget_get_first_child (list);

  return child != NULL && !GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_mapped (child);
}

static void
test_empty_attendance_says_so (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  CareWindow *window = care_test_window_new (store);
  GtkWidget *history;

  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  g_assert_true (care_window_show_page (window, "attendance"));
  history = care_test_must_find (GTK_WIDGET (window), "attendance-history-list");
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (history), 0));
  g_assert_true (care_test_wait_for (shows_placeholder, history, TIMEOUT_MS));
  care_test_wait (100);  /* drawn once, for the screenshot only */
  care_test_keep_screenshot (GTK_WIDGET (window), first_look_name ("attendance"));

  care_test_window_destroy (window);
}

static gboolean
is_allocated (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) > 0;
}

/* The header bar's account button says who is signed in, in the window's
 * first size: its end also holds the Emergency button, the lock and the
 * bell, and GTK gave the name and role labels only their "…". */
static void
test_account_button_shows_who (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  CareWindow *window = care_test_window_new (store);
  const char *names[] = { "user-name-label", "user-role-label" };

  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  g_assert_true (care_window_show_page (window, "patients"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkLabel *label = GTK_LABEL (care_test_must_find (GTK_WIDGET (window), names[i]));

      g_assert_true (care_test_wait_for (is_allocated, label, TIMEOUT_MS));
      g_assert_cmpstr (gtk_label_get_label (label), !=, "");
      if (pango_layout_is_ellipsized (gtk_label_get_layout (label)))
        g_error ("%s \"%s\" is cut to %d px", names[i], gtk_label_get_label (label),
                 gtk_widget_get_width (GTK_WIDGET (label)));
    }

  care_test_window_destroy (window);
}

/* GtkText's "did not receive a focus-out event", counted. */
static guint focus_warnings;

static GLogWriterOutput
count_focus_warnings (GLogLevelFlags   level,
                      const GLogField *fields,
                      gsize            n_fields,
                      gpointer         data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        strstr (fields[i].value, "did not receive a focus-out event"))
      focus_warnings++;
  return g_log_writer_default (level, fields, n_fields, data);
}

static gboolean
blinked_long_enough (gpointer data)
{
  return FALSE;
}

/* Signing in with a blinking cursor: the password row, made insensitive
 * while the answer is awaited, used to keep blinking without focus. */
static void
test_sign_in_without_focus_warning (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  CareWindow *window;

  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", TRUE, "gtk-cursor-blink-time", 100, NULL);
  window = care_test_window_new (store);
  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  /* Several blink periods: a text still blinking without focus warns at
   * the first one. */
  care_test_wait_for (blinked_long_enough, NULL, 1000);
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  g_assert_cmpuint (focus_warnings, ==, 0);

  care_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_writer_func (count_focus_warnings, NULL, NULL);
  care_test_init (&argc, &argv);

  g_test_add_func ("/first-look/billing-count-follows-the-list", test_billing_count_follows_the_list);

  g_test_add_func ("/first-look/empty-attendance-says-so", test_empty_attendance_says_so);
  g_test_add_func ("/first-look/account-button-shows-who", test_account_button_shows_who);
  g_test_add_func ("/first-look/sign-in-without-focus-warning", test_sign_in_without_focus_warning);

  return g_test_run ();
}
