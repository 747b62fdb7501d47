/* test-invoice-copies.c: the Billing page's current copy and original,
 * a payment's receipt and the patient's statement
 *
 * Under Xvfb against a real store file and a real window: an issued
 * invoice offers the current copy (by default) and the original as issued
 * for Preview and Export; what they give is read back with Poppler, and
 * the exported original is compared with the archive's SHA-256.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-invoice-copies"

#include "config.h"

#include <glib/gstdio.h>

#include "care-billing.h"
#include "care-invoice-document.h"
#include "care-poppler.h"
#include "care-test-utils.h"
#include "billing/care-billing-page.h"
#include "billing/care-pdf-preview.h"

#define TIMEOUT_MS 10000
#define T(s) g_dgettext (GETTEXT_PACKAGE, s)

typedef struct {
  CareStore  *store;
  CareRecord *invoice;
  CareWindow *window;
  GtkWidget  *editor;
  char       *dir;
} Fixture;

/* Issued for €66.00 (one consultation, 10% tax). */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = care_record_new (care_schema_lookup ("patient"));
  g_autoptr(CareRecord) item = care_billing_item_new ("consultation", "General consultation", 1, 6000, 0, "10");
  g_autofree char *mrn = NULL;
  g_autoptr(CareRecord) draft = NULL;

  f->store = care_test_store_new_with_clinic ();
  mrn = care_store_next_number (f->store, "mrn", NULL);
  care_record_set (patient, "given_name", "Lucía");
  care_record_set (patient, "family_name", "Ferreira");
  care_record_set (patient, "date_of_birth", "1984-03-11");
  care_record_set (patient, "sex", "female");
  care_record_set (patient, "status", "repeat");
  care_record_set (patient, "mrn", mrn);
  care_store_insert (f->store, patient, &error);
  g_assert_no_error (error);
  draft = care_billing_create_invoice (f->store, care_record_get_id (patient), NULL, &error);
  g_assert_no_error (error);
  care_billing_add_item (f->store, care_record_get_id (draft), item, &error);
  g_assert_no_error (error);
  g_assert_true (care_invoice_document_issue (f->store, care_record_get_id (draft), &error));
  g_assert_no_error (error);
  f->invoice = care_store_get (f->store, care_schema_lookup ("invoice"), care_record_get_id (draft), &error);
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("caredesk-copies-XXXXXX", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window)
    care_test_window_destroy (f->window);
  g_clear_pointer (&f->invoice, care_record_unref);
  g_clear_object (&f->store);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
open_editor (Fixture *f)
{
  GtkWidget *page;

  f->window = care_test_window_new (f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  g_assert_true (care_test_sign_in (f->window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  g_assert_true (care_window_show_page (f->window, "billing"));
  care_test_wait (100);
  page = care_test_must_find (GTK_WIDGET (f->window), "page-billing");
  care_billing_page_open_invoice (CARE_BILLING_PAGE (page), care_record_get_id (f->invoice));
  care_test_wait (100);
  f->editor = care_test_must_find (page, "billing-editor");
}

static void
choose (Fixture *f,
        guint    position)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (f->editor, "invoice-copy")), position);
}

/* Preview: the window opens once the copy is drawn in its worker. */
static GBytes *
preview_from (GtkWidget  *button,
              const char *screenshot)
{
  GtkWidget *window;
  GBytes *pdf;

  CareTestLoopWatch *watch = care_test_loop_watch_start ();
  guint ticks, longest_ms;

  if (GTK_IS_BUTTON (button))
    g_signal_emit_by_name (button, "clicked");
  else
    care_test_alert_respond (button, "create");
  /* Made in a worker: nothing can show before the main loop turns. */
  g_assert_null (care_test_find_anywhere ("pdf-preview"));
  window = care_test_wait_for_widget ("pdf-preview", TIMEOUT_MS);
  g_assert_nonnull (window);
  care_test_loop_watch_stop (watch, &ticks, &longest_ms);
  g_test_message ("%s: loop ran %u times, blocked at most %u ms", screenshot, ticks, longest_ms);
  pdf = g_bytes_ref (care_pdf_preview_get_pdf (CARE_PDF_PREVIEW (window)));
  care_test_wait (200);
  care_test_keep_screenshot (window, screenshot);
  gtk_window_destroy (GTK_WINDOW (window));
  care_test_wait (50);
  return pdf;
}

static GBytes *
preview (Fixture    *f,
         const char *screenshot)
{
  return preview_from (care_test_must_find (f->editor, "invoice-preview"), screenshot);
}

static gboolean
file_written (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* Export through the file chooser, as staff do; returns what was written
 * and the name the chooser suggested. */
static GBytes *
export (Fixture     *f,
        const char  *name,
        char       **suggested)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWidget *chooser;
  GBytes *written;

  care_test_click (care_test_must_find (f->editor, "invoice-export"));
  chooser = care_test_wait_for_file_chooser (TIMEOUT_MS);
  g_assert_nonnull (chooser);
  *suggested = care_test_file_chooser_name (chooser);
  care_test_file_chooser_answer (chooser, file);
  g_assert_true (care_test_wait_for (file_written, path, TIMEOUT_MS));
  care_test_wait (200);
  written = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_unlink (path);
  return written;
}

static char *
pdf_text (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_autoptr(CarePopplerPage) page = NULL;

  g_assert_no_error (error);
  page = poppler_document_get_page (doc, 0);
  return poppler_page_get_text (page);
}

static gboolean
pdf_find (GBytes     *pdf,
          const char *text)
{
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, NULL);
  g_autoptr(CarePopplerPage) page = poppler_document_get_page (doc, 0);
  GList *matches = poppler_page_find_text (page, text);
  gboolean found = matches != NULL;

  g_list_free_full (matches, (GDestroyNotify) poppler_rectangle_free);
  return found;
}

/* The line of text that begins with label ends with amount (or the next
 * line is the amount: Poppler puts a larger figure on a line of its own). */
static gboolean
line_says (const char *text,
           const char *label,
           const char *amount)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (!g_str_has_prefix (line, label))
        continue;
      if (g_str_has_suffix (line, amount) ||
          (g_str_equal (line, label) && lines[i + 1] && g_str_equal (g_strstrip (lines[i + 1]), amount)))
        return TRUE;
    }
  return FALSE;
}

/* Half paid: the current copy (the default) shows the payment and what is
 * left; the original is the archive, byte for byte. */
static void
test_half_paid (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) payment = care_billing_record_payment (f->store, care_record_get_id (f->invoice), 3300,
                                                               "cash", NULL, &error);
  g_autoptr(GBytes) shown = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *suggested = NULL;
  GtkWidget *copy;

  g_assert_no_error (error);
  open_editor (f);
  copy = care_test_must_find (f->editor, "invoice-copy");
  g_assert_true (gtk_widget_get_visible (copy));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (copy)), ==, 0);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (copy))), ==,
                   T ("Current Copy (with payments)"));
  care_test_keep_screenshot (GTK_WIDGET (f->window), "billing-copy-choice.png");

  shown = preview (f, "billing-current-copy.png");
  text = pdf_text (shown);
  g_assert_true (line_says (text, T ("Total"), "€66.00"));
  g_assert_true (line_says (text, T ("Paid"), "€33.00"));
  g_assert_true (line_says (text, T ("Balance due"), "€33.00"));
  g_assert_true (pdf_find (shown, care_record_get (payment, "receipt_number")));
  g_assert_false (g_bytes_equal (shown, care_record_get_blob (f->invoice, "pdf")));

  exported = export (f, "current.pdf", &suggested);
  g_assert_true (g_str_has_suffix (suggested, ".pdf"));
  g_assert_nonnull (strstr (suggested, care_record_get (f->invoice, "number")));
  g_clear_pointer (&text, g_free);
  text = pdf_text (exported);
  g_assert_true (line_says (text, T ("Paid"), "€33.00"));
  g_assert_true (line_says (text, T ("Balance due"), "€33.00"));
  g_clear_pointer (&suggested, g_free);

  /* The original as issued: what the archive holds, owing all of it. */
  choose (f, 1);
  original = export (f, "original.pdf", &suggested);
  sha = care_billing_sha256 (original);
  g_assert_cmpstr (sha, ==, care_record_get (f->invoice, "pdf_sha256"));
  g_assert_cmpstr (suggested, ==, care_invoice_document_file_name (f->invoice));
  g_clear_pointer (&text, g_free);
  text = pdf_text (original);
  g_assert_true (line_says (text, T ("Balance due"), "€66.00"));
  g_bytes_unref (preview (f, "billing-original.png"));
}

/* Void: the current copy carries the stamp; the original does not. */
static void
test_void (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) shown = NULL;
  g_autoptr(GBytes) original = NULL;

  g_assert_true (care_billing_void (f->store, care_record_get_id (f->invoice), "Billed to the wrong patient", &error));
  g_assert_no_error (error);
  open_editor (f);
  g_assert_true (gtk_widget_get_visible (care_test_must_find (f->editor, "invoice-copy")));
  shown = preview (f, "billing-void-copy.png");
  g_assert_true (pdf_find (shown, T ("VOID")));
  g_assert_true (pdf_find (shown, "Billed to the wrong patient"));
  choose (f, 1);
  original = preview (f, "billing-void-original.png");
  g_assert_true (g_bytes_equal (original, care_record_get_blob (f->invoice, "pdf")));
  g_assert_false (pdf_find (original, T ("VOID")));
}

/* A draft has one document, its preview: no choice is offered. */
static void
test_draft (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) draft = care_billing_create_invoice (f->store, care_record_get (f->invoice, "patient_id"), NULL, &error);
  g_autoptr(CareRecord) item = care_billing_item_new ("procedure", "Wound dressing", 1, 2500, 0, "0");
  g_autoptr(GBytes) shown = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  care_billing_add_item (f->store, care_record_get_id (draft), item, &error);
  g_assert_no_error (error);
  g_clear_pointer (&f->invoice, care_record_unref);
  f->invoice = care_record_ref (draft);
  open_editor (f);
  g_assert_false (gtk_widget_get_visible (care_test_must_find (f->editor, "invoice-copy")));
  shown = preview (f, "billing-draft-preview.png");
  text = pdf_text (shown);
  g_assert_nonnull (strstr (text, "Wound dressing"));
}

/* A payment's row offers its receipt: what it took and what is left. */
static void
test_receipt (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) payment = care_billing_record_payment (f->store, care_record_get_id (f->invoice), 2000,
                                                               "card", NULL, &error);
  g_autoptr(GBytes) shown = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  open_editor (f);
  care_test_keep_screenshot (gtk_widget_get_ancestor (care_test_must_find (f->editor, "payment-receipt"),
                                                     ADW_TYPE_PREFERENCES_GROUP), "billing-receipt-button.png");
  care_test_keep_screenshot (GTK_WIDGET (f->window), "billing-statement-button.png");
  shown = preview_from (care_test_must_find (f->editor, "payment-receipt"), "billing-receipt.png");
  text = pdf_text (shown);
  g_assert_true (pdf_find (shown, care_record_get (payment, "receipt_number")));
  g_assert_true (pdf_find (shown, care_record_get (f->invoice, "number")));
  g_assert_true (line_says (text, T ("This payment"), "€20.00"));
  g_assert_true (line_says (text, T ("Left to pay"), "€46.00"));
}

/* The statement asks for its period, refuses one that is not, and shows
 * the patient's invoices with what is due. */
static void
test_statement (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) payment = care_billing_record_payment (f->store, care_record_get_id (f->invoice), 1000,
                                                               "cash", NULL, &error);
  g_autoptr(GBytes) shown = NULL;
  g_autofree char *text = NULL;
  GtkWidget *dialog, *from, *problem;

  g_assert_no_error (error);
  open_editor (f);
  care_test_click (care_test_must_find (f->editor, "invoice-statement"));
  dialog = care_test_wait_alert ("statement-dialog");
  g_assert_nonnull (dialog);
  from = care_test_must_find (dialog, "statement-from");
  problem = care_test_must_find (dialog, "statement-error");
  g_assert_true (care_alert_get_response_enabled (dialog, "create"));

  /* Not a date: said at once, and Create waits. */
  gtk_editable_set_text (GTK_EDITABLE (from), "2026-13-01");
  g_assert_false (care_alert_get_response_enabled (dialog, "create"));
  g_assert_true (gtk_widget_get_visible (problem));
  care_test_wait (100);
  care_test_keep_screenshot (dialog, "billing-statement-period-refused.png");

  gtk_editable_set_text (GTK_EDITABLE (from), "2000-01-01");
  g_assert_true (care_alert_get_response_enabled (dialog, "create"));
  g_assert_false (gtk_widget_get_visible (problem));
  care_test_wait (100);
  care_test_keep_screenshot (dialog, "billing-statement-period.png");

  shown = preview_from (dialog, "billing-statement.png");
  text = pdf_text (shown);
  g_assert_true (pdf_find (shown, care_record_get (f->invoice, "number")));
  g_assert_true (pdf_find (shown, care_record_get (payment, "receipt_number")));
  g_assert_true (line_says (text, T ("Balance due"), "€56.00"));
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  g_test_add ("/billing-copies/half-paid", Fixture, NULL, fixture_set_up, test_half_paid, fixture_tear_down);
  g_test_add ("/billing-copies/void", Fixture, NULL, fixture_set_up, test_void, fixture_tear_down);
  g_test_add ("/billing-copies/draft", Fixture, NULL, fixture_set_up, test_draft, fixture_tear_down);
  g_test_add ("/billing-copies/receipt", Fixture, NULL, fixture_set_up, test_receipt, fixture_tear_down);
  g_test_add ("/billing-copies/statement", Fixture, NULL, fixture_set_up, test_statement, fixture_tear_down);

  return g_test_run ();
}
