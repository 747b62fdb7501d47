/* test-billing-fold.c: opening an invoice in Spanish at 1366×800 keeps the
 * window side by side
 *
 * Issue 21: "At 1366×800 in Spanish, opening an invoice folds the window
 * into its narrow layout and it stays folded." The window's split view (the
 * sidebar beside the pages) folds when its width is below the sum of its
 * panes' minimum widths, so a pane whose minimum grows with what it shows
 * (a long line's description, Spanish labels) folds it, and it stays folded
 * while that invoice is open. This opens an invoice (issued and part paid,
 * then a draft) whose line, patient and payment reference are long, in
 * Spanish, in a window 1366 px wide, with the longer choice of copy too,
 * and asserts the split view's real state after layout; then narrows the
 * window (it must fold: the check can fail) and widens it again (it must
 * unfold).
 *
 * It did not fold here (Debian 12, GTK 4.8, libadwaita 1.2, Xvfb; Cantarell
 * is not installed, fontconfig gives Noto Sans for it):
 * the sidebar needs 240 px and the Billing page 861 (issued; 817 for a
 * draft), of which the invoice 547 (its second row of buttons, 523; 565
 * with "Original tal como se emitió" chosen), so the window folds below
 * about 1102 px. The log lists these minimums.
 *
 * Runs with LANGUAGE=es (set in main () before GTK starts). The window is
 * made 1366 px wide; it needs a screen at least that wide (build-aux/test
 * starts Xvfb with one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-billing-fold"

#include "config.h"

#include <glib/gi18n.h>

#include "care-billing.h"
#include "care-invoice-document.h"
#include "care-split-view.h"
#include "care-test-utils.h"

#define TIMEOUT_MS 10000
#define WIDE       1366
#define HIGH       800

/* Logs the minimum width of each pane and of the widgets under it that
 * need more than limit, so that a failure says who grew. */
static void
log_min_widths (GtkWidget *widget,
                int        limit,
                guint      depth)
{
  int min = 0, nat = 0;

  if (!gtk_widget_get_visible (widget))
    return;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  if (min <= limit && depth > 1)
    return;
  g_test_message ("%*s%s #%s: min %d, natural %d", (int) depth * 2, "", G_OBJECT_TYPE_NAME (widget),
                  gtk_widget_get_name (widget), min, nat);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    log_min_widths (child, limit, depth + 1);
}

/* Sizes the window so that its content is width × HIGH (the default size
 * also counts the client-side decorations' borders, which a maximised
 * window on a 1366 px screen does not have) and waits until it is laid
 * out so. */
static void
resize (GtkWidget *window,
        int        width)
{
  if (!care_test_resize (window, width, HIGH))
    g_error ("The window is %d px wide, not %d (is the screen narrower?)", gtk_widget_get_width (window), width);
}

/* An invoice for a patient with a long name and address, with one long
 * line, as a Spanish clinic would type it; issued, or left a draft (whose
 * editor shows the line form and other actions). */
static CareRecord *
long_invoice (CareStore *store,
              gboolean   issue)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mrn = care_store_next_number (store, "mrn", &error);
  g_autoptr(CareRecord) patient = care_record_new (care_schema_lookup ("patient"));
  g_autoptr(CareRecord) item = NULL;
  g_autoptr(CareRecord) invoice = NULL;

  care_record_set (patient, "given_name", "María de los Ángeles");
  care_record_set (patient, "family_name", "Fernández-Villaverde Santamaría");
  care_record_set (patient, "date_of_birth", "1961-11-23");
  care_record_set (patient, "sex", "female");
  care_record_set (patient, "status", "new");
  care_record_set (patient, "mrn", mrn);
  care_record_set (patient, "address_line", "Avenida de la Constitución 145, escalera B, 3.º izquierda");
  care_record_set (patient, "city", "San Lorenzo de El Escorial");
  care_store_insert (store, patient, &error);
  g_assert_no_error (error);

  invoice = care_billing_create_invoice (store, care_record_get_id (patient), NULL, &error);
  g_assert_no_error (error);
  item = care_billing_item_new ("procedure",
                                "Consulta de seguimiento con revisión completa de la medicación, ajuste del "
                                "tratamiento antihipertensivo y electrocardiograma de doce derivaciones",
                                1, 12500, 0, "21");
  care_billing_add_item (store, care_record_get_id (invoice), item, &error);
  g_assert_no_error (error);
  if (issue)
    {
      g_autoptr(CareRecord) payment = NULL;

      care_invoice_document_issue (store, care_record_get_id (invoice), &error);
      g_assert_no_error (error);
      /* Part paid, with the longest reference the field takes. */
      payment = care_billing_record_payment (store, care_record_get_id (invoice), 5000, "transfer",
                                             "Transferencia desde la cuenta conjunta, referencia 2026-7781", &error);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&invoice);
}

static gboolean
laid_out (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static void
test_open_invoice_keeps_wide_layout (gconstpointer data)
{
  gboolean issue = GPOINTER_TO_INT (data);
  g_autoptr(CareStore) store = care_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) invoice = NULL;
  CareWindow *window;
  GtkWidget *root;
  GtkWidget *page;
  CareSplitView *split;
  int narrow = 0;

  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Billing"), ==, "Facturación");
  g_assert_true (care_demo_populate (store, 5, &error));
  g_assert_no_error (error);
  invoice = long_invoice (store, issue);

  window = care_test_window_new (store);
  root = GTK_WIDGET (window);
  resize (root, WIDE);
  g_assert_true (care_test_sign_in (window, "admin", CARE_DEMO_PASSWORD));
  g_assert_true (care_window_show_page (window, "billing"));
  page = care_test_must_find (root, "page-billing");
  /* The window's: the pages' own, if any, are inside it. */
  split = CARE_SPLIT_VIEW (care_test_find_type (root, CARE_TYPE_SPLIT_VIEW));
  g_assert_nonnull (split);
  g_assert_true (care_test_wait_for (laid_out, page, TIMEOUT_MS));
  g_assert_false (care_split_view_get_folded (split));

  gtk_widget_activate_action (page, "billing.select-invoice", "s", care_record_get_id (invoice));
  g_assert_true (care_test_wait_for (laid_out, care_test_must_find (page, "billing-editor"), TIMEOUT_MS));
  log_min_widths (GTK_WIDGET (split), 300, 0);
  log_min_widths (care_test_must_find (page, "billing-editor"), 150, 0);
  care_test_wait (100);  /* drawn once, for the screenshot only */
  care_test_keep_screenshot (root, issue ? "billing-fold-es-issued.png" : "billing-fold-es-draft.png");
  g_assert_cmpint (gtk_widget_get_width (root), ==, WIDE);
  g_assert_false (care_split_view_get_folded (split));
  if (issue)
    {
      /* The longer choice of copy ("Original tal como se emitió"). */
      gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (page, "invoice-copy")), 1);
      g_assert_true (care_test_wait_for (laid_out, care_test_must_find (page, "invoice-copy"), TIMEOUT_MS));
      log_min_widths (care_test_must_find (page, "billing-editor"), 400, 0);
      g_assert_false (care_split_view_get_folded (split));
    }

  /* As narrow as it goes, it folds (so the check above can fail)… */
  gtk_widget_measure (root, GTK_ORIENTATION_HORIZONTAL, -1, &narrow, NULL, NULL, NULL);
  g_test_message ("The window's narrowest: %d px", narrow);
  g_assert_cmpint (narrow, <, WIDE);
  resize (root, narrow);
  g_assert_true (care_test_wait_folded (split, TRUE, TIMEOUT_MS));
  /* …and wide again, with the invoice still open, it unfolds. */
  resize (root, WIDE);
  g_assert_true (care_test_wait_folded (split, FALSE, TIMEOUT_MS));

  care_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  /* Before anything reads the catalogue, and before GTK starts. */
  g_setenv ("LANGUAGE", "es", TRUE);
  care_test_init (&argc, &argv);

  g_test_add_data_func ("/billing-fold/issued", GINT_TO_POINTER (TRUE), test_open_invoice_keeps_wide_layout);
  g_test_add_data_func ("/billing-fold/draft", GINT_TO_POINTER (FALSE), test_open_invoice_keeps_wide_layout);

  return g_test_run ();
}
