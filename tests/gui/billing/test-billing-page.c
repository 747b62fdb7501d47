/* test-billing-page.c: the billing page, the invoice editor, printing
 *
 * Runs under Xvfb against a real store and a real window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-billing-page"

#include "config.h"

#include <glib/gstdio.h>

#include "care-billing.h"
#include "care-invoice-document.h"
#include "care-poppler.h"
#include "care-test-utils.h"
#include "billing/care-billing-page.h"
#include "billing/care-billing-print.h"
#include "billing/care-pdf-preview.h"

#define TIMEOUT_MS 10000

static CareRecord *
add_patient (CareStore  *store,
             const char *given,
             const char *family)
{
  g_autoptr(GError) error = NULL;
  CareRecord *patient = care_record_new (care_schema_lookup ("patient"));

  care_record_set (patient, "given_name", given);
  care_record_set (patient, "family_name", family);
  care_record_set (patient, "date_of_birth", "1979-06-02");
  care_record_set (patient, "sex", "female");
  care_record_set (patient, "status", "repeat");
  {
    g_autofree char *mrn = care_store_next_number (store, "mrn", NULL);
    care_record_set (patient, "mrn", mrn);
  }
  care_store_insert (store, patient, &error);
  g_assert_no_error (error);
  return patient;
}

static CareRecord *
draft_with_line (CareStore  *store,
                 CareRecord *patient)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) item = care_billing_item_new ("consultation", "General consultation", 1, 6000, 0, "10");
  CareRecord *invoice = care_billing_create_invoice (store, care_record_get_id (patient), NULL, &error);

  g_assert_no_error (error);
  care_billing_add_item (store, care_record_get_id (invoice), item, &error);
  g_assert_no_error (error);
  return invoice;
}

/* A GtkLabel under root whose text contains text. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);
      if (found)
        return found;
    }
  return NULL;
}

static CareWindow *
signed_in_window (CareStore *store)
{
  CareWindow *window = care_test_window_new (store);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  g_assert_true (care_window_show_page (window, "billing"));
  care_test_wait (100);
  return window;
}

/* --- printing through GtkPrintOperation -------------------------------------------- */

static void
test_print_operation_export (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(CareRecord) patient = add_patient (store, "Amina", "Yusuf");
  g_autoptr(CareRecord) invoice = draft_with_line (store, patient);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) printed = NULL;
  g_autofree char *dir = g_dir_make_tmp ("caredesk-print-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "printed.pdf", NULL);
  g_autoptr(CarePopplerDocument) doc = NULL;
  g_autoptr(CarePopplerPage) page = NULL;
  g_autofree char *text = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GtkPrintOperationResult result;

  care_invoice_document_issue (store, care_record_get_id (invoice), &error);
  g_assert_no_error (error);
  pdf = care_invoice_document_get_pdf (store, care_record_get_id (invoice), NULL, &error);
  g_assert_no_error (error);

  result = care_billing_print_pdf (NULL, pdf, "Invoice", GTK_PRINT_OPERATION_ACTION_EXPORT, path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);

  /* What the print operation wrote is a PDF with the invoice's text. */
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  printed = g_bytes_new_take (g_steal_pointer (&contents), length);
  doc = poppler_document_new_from_bytes (printed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, 1);
  page = poppler_document_get_page (doc, 0);
  text = poppler_page_get_text (page);
  g_assert_nonnull (strstr (text, "Amina Yusuf"));
  g_assert_nonnull (strstr (text, "General consultation"));
  g_assert_nonnull (strstr (text, "€66.00"));
  g_assert_nonnull (strstr (text, "Page 1 of 1"));

  g_unlink (path);
  g_rmdir (dir);
}

/* --- the page ------------------------------------------------------------------------- */

static void
test_page_lists_invoice (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(CareRecord) patient = add_patient (store, "Sofía", "Martínez");
  g_autoptr(CareRecord) invoice = draft_with_line (store, patient);
  g_autoptr(CareRecord) other = add_patient (store, "Kofi", "Mensah");
  g_autoptr(CareRecord) second = draft_with_line (store, other);
  CareWindow *window = signed_in_window (store);
  GtkWidget *page = care_test_must_find (GTK_WIDGET (window), "page-billing");
  GListModel *model = care_billing_page_get_model (CARE_BILLING_PAGE (page));
  GtkWidget *list = care_test_must_find (page, "billing-invoice-list");

  g_assert_true (CARE_IS_BILLING_PAGE (page));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (page, "billing-count"))), ==, "2 invoices");
  care_test_wait (200);
  /* The rows on screen name the patients. */
  g_assert_nonnull (find_label (list, "Sofía Martínez"));
  g_assert_nonnull (find_label (list, "Kofi Mensah"));
  g_assert_nonnull (find_label (list, "€66.00"));

  /* Filtering happens in SQL: the search narrows the list. */
  care_test_type (care_test_must_find (page, "billing-search"), "Mensah");
  care_test_wait (400);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  care_test_type (care_test_must_find (page, "billing-search"), "");
  care_test_wait (400);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  /* A status filter: "Paid" (index 5) shows none yet. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (page, "billing-status")), 5);
  care_test_wait (400);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (page, "billing-status")), 0);
  care_test_wait (400);

  /* An invoice made elsewhere in the app appears by itself. */
  {
    g_autoptr(CareRecord) third = draft_with_line (store, patient);
    care_test_wait (100);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
    /* ... and the count above the list says so. */
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (page, "billing-count"))), ==, "3 invoices");
  }

  care_test_keep_screenshot (GTK_WIDGET (window), "billing-page.png");
  care_test_window_destroy (window);
}

static gboolean
status_is (gpointer data)
{
  GtkWidget *label = data;
  const char *want = g_object_get_data (G_OBJECT (label), "want");
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), want) == 0;
}

typedef struct
{
  gboolean  done;
  GError   *error;
} SaveResult;

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  SaveResult *saved = data;

  care_billing_save_pdf_finish (G_FILE (source), result, &saved->error);
  saved->done = TRUE;
}

static gboolean
save_done (gpointer data)
{
  return ((SaveResult *) data)->done;
}

typedef struct {
  GtkWidget *spinner;
  gboolean   seen;          /* the issue button was made insensitive */
  gboolean   spinner_shown; /* ... with the spinner showing */
} Busy;

static void
on_issue_sensitive_cb (GtkWidget  *issue,
                       GParamSpec *pspec,
                       Busy       *busy)
{
  if (gtk_widget_get_sensitive (issue) || busy->seen)
    return;
  busy->seen = TRUE;
  busy->spinner_shown = gtk_widget_get_visible (busy->spinner) &&
                        gtk_spinner_get_spinning (GTK_SPINNER (busy->spinner));
}

static void
test_editor_flow (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(CareRecord) patient = add_patient (store, "مريم", "الحسن");
  g_autoptr(CareRecord) invoice = draft_with_line (store, patient);
  g_autoptr(CareRecord) stored = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  CareWindow *window = signed_in_window (store);
  GtkWidget *page = care_test_must_find (GTK_WIDGET (window), "page-billing");
  GtkWidget *editor, *dialog, *status, *preview;
  CareTestLoopWatch *watch;
  guint render_ms, ticks, longest_ms;

  care_billing_page_open_invoice (CARE_BILLING_PAGE (page), care_record_get_id (invoice));
  care_test_wait (100);
  editor = care_test_must_find (page, "billing-editor");
  /* A draft is named by its label, which no number looks like. */
  g_assert_true (g_regex_match_simple ("^Draft D-[0-9A-F]{6}$",
                                       gtk_label_get_text (GTK_LABEL (care_test_must_find (editor, "invoice-title"))), 0, 0));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (editor, "invoice-total-3"))), ==, "€66.00");

  /* A bad line is refused with the field named, and nothing changes. */
  care_test_type (care_test_must_find (editor, "line-description"), "Dressing");
  care_test_type (care_test_must_find (editor, "line-unit-price"), "12.00");
  care_test_type (care_test_must_find (editor, "line-discount"), "15");
  care_test_click (care_test_must_find (editor, "line-add"));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (editor, "invoice-error")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (care_test_must_find (editor, "invoice-error"))), "Discount:"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (editor, "invoice-total-3"))), ==, "€66.00");

  /* A good line: the totals follow at once. */
  care_test_type (care_test_must_find (editor, "line-discount"), "2");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (care_test_must_find (editor, "line-quantity")), 2);
  care_test_type (care_test_must_find (editor, "line-tax-rate"), "0");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (editor, "line-preview"))), ==, "Line amount €22.00, tax €0.00");
  care_test_click (care_test_must_find (editor, "line-add"));
  g_assert_false (gtk_widget_get_visible (care_test_must_find (editor, "invoice-error")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (editor, "invoice-total-3"))), ==, "€88.00");
  g_assert_nonnull (care_test_must_find (editor, "invoice-line-1"));
  care_test_keep_screenshot (GTK_WIDGET (window), "billing-editor-draft.png");

  /* Issue through the confirmation: the PDF is drawn in a worker, the
   * editor busy and the main loop turning meanwhile. */
  {
    g_autoptr(CareRecord) draft = care_store_get (store, care_schema_lookup ("invoice"), care_record_get_id (invoice), NULL);
    gint64 start = g_get_monotonic_time ();
    g_autoptr(GBytes) drawn = care_invoice_document_render (store, draft, NULL);

    g_assert_nonnull (drawn);
    render_ms = (guint) ((g_get_monotonic_time () - start) / 1000);
  }
  care_test_click (care_test_must_find (editor, "invoice-issue"));
  dialog = care_test_wait_alert ("issue-dialog");
  g_assert_nonnull (dialog);
  /* It names the draft as the editor did, and the form of its number. */
  {
    const char *title = gtk_label_get_text (GTK_LABEL (care_test_must_find (editor, "invoice-title")));
    g_autofree char *body = g_strdup (care_alert_get_body (dialog));
    g_auto(GStrv) parts = g_strsplit (body, "\u2060", -1);

    /* Word joiners keep the numbers on one line; read without them. */
    g_free (body);
    body = g_strjoinv ("", parts);
    g_autofree char *pending = care_numbers_pending ("invoice", care_store_get_device_code (store));

    g_assert_nonnull (strstr (body, strchr (title, ' ') + 1));
    g_assert_nonnull (strstr (body, pending));
    care_test_wait (100);
    care_test_keep_screenshot (dialog, "billing-issue-dialog.png");
  }
  watch = care_test_loop_watch_start ();
  /* The editor says it is busy as the response is handled. Seen as it
   * happens: the drawing may already be over when the click returns,
   * which runs the loop until it is idle. */
  {
    GtkWidget *issue = care_test_must_find (editor, "invoice-issue");
    Busy busy = { care_test_must_find (editor, "invoice-issue-spinner"), FALSE, FALSE };
    gulong id = g_signal_connect (issue, "notify::sensitive", G_CALLBACK (on_issue_sensitive_cb), &busy);

    care_test_alert_respond (dialog, "issue");
    g_signal_handler_disconnect (issue, id);
    g_assert_true (busy.seen);
    g_assert_true (busy.spinner_shown);
  }
  status = care_test_must_find (editor, "invoice-status");
  g_object_set_data (G_OBJECT (status), "want", (gpointer) "Issued");
  g_assert_true (care_test_wait_for (status_is, status, TIMEOUT_MS));
  care_test_loop_watch_stop (watch, &ticks, &longest_ms);
  g_test_message ("drawing %u ms; loop ran %u times, blocked at most %u ms", render_ms, ticks, longest_ms);
  /* Busy when the response returned, and the loop turned meanwhile: the
   * drawing ran in a worker. How many times it turned depends on how fast
   * this machine draws, so only "at least once" is asserted. */
  g_assert_cmpuint (ticks, >, 0);
  g_assert_false (gtk_widget_get_visible (care_test_must_find (editor, "invoice-issue-spinner")));
  stored = care_store_get (store, care_schema_lookup ("invoice"), care_record_get_id (invoice), NULL);
  g_assert_nonnull (care_record_get (stored, "number"));
  g_assert_nonnull (care_record_get_blob (stored, "pdf"));

  /* Saved to a file in a worker too: the file is the archived PDF. */
  {
    g_autofree char *dir = g_dir_make_tmp ("caredesk-export-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "invoice.pdf", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) written = NULL;
    g_autofree char *sha = NULL;
    SaveResult saved = { FALSE, NULL };

    care_billing_save_pdf_async (file, care_record_get_blob (stored, "pdf"), NULL, on_saved_cb, &saved);
    g_assert_true (care_test_wait_for (save_done, &saved, TIMEOUT_MS));
    g_assert_no_error (saved.error);
    written = g_file_load_bytes (file, NULL, NULL, &error);
    g_assert_no_error (error);
    sha = care_billing_sha256 (written);
    g_assert_cmpstr (sha, ==, care_record_get (stored, "pdf_sha256"));
    g_assert_true (g_str_has_prefix (g_bytes_get_data (written, NULL), "%PDF"));
    g_unlink (path);
    g_rmdir (dir);
  }
  g_assert_false (gtk_widget_get_visible (care_test_must_find (editor, "line-add")) &&
                  gtk_widget_is_drawable (care_test_must_find (editor, "line-add")));

  /* Pay part of it. */
  care_test_click (care_test_must_find (editor, "invoice-pay"));
  dialog = care_test_wait_alert ("payment-dialog");
  g_assert_nonnull (dialog);
  care_test_type (care_test_must_find (dialog, "payment-amount"), "50");
  care_test_alert_respond (dialog, "record");
  g_object_set_data (G_OBJECT (status), "want", (gpointer) "Partially paid");
  g_assert_true (care_test_wait_for (status_is, status, TIMEOUT_MS));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (editor, "invoice-total-5"))), ==, "€38.00");
  payments = care_billing_list_payments (store, care_record_get_id (invoice), NULL);
  g_assert_cmpuint (payments->len, ==, 1);
  care_test_keep_screenshot (GTK_WIDGET (window), "billing-editor-issued.png");

  /* The preview (the current copy, drawn in a worker) shows with Poppler. */
  care_test_click (care_test_must_find (editor, "invoice-preview"));
  preview = care_test_wait_for_widget ("pdf-preview", TIMEOUT_MS);
  g_assert_nonnull (preview);
  g_assert_cmpuint (care_pdf_preview_get_n_pages (CARE_PDF_PREVIEW (preview)), ==, 1);
  care_test_click (care_test_must_find (preview, "preview-zoom-in"));
  g_assert_cmpfloat (care_pdf_preview_get_zoom (CARE_PDF_PREVIEW (preview)), >, 1.0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (preview, "preview-zoom"))), ==, "125%");
  care_test_wait (100);
  care_test_keep_screenshot (preview, "billing-preview.png");
  gtk_window_destroy (GTK_WINDOW (preview));

  care_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  g_test_add_func ("/billing-page/print-operation-export", test_print_operation_export);
  g_test_add_func ("/billing-page/lists-invoice", test_page_lists_invoice);
  g_test_add_func ("/billing-page/editor-flow", test_editor_flow);

  return g_test_run ();
}
