/* test-lab-page.c: the Laboratory page: the queue, collect → results → verify, the report PDF, the label, send-out, corrections
 *
 * Runs under Xvfb against a real store and a real window, signed in as a
 * lab technician.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-lab-page"

#include "config.h"

#include <glib/gstdio.h>

#include "care-poppler.h"
#include "care-lab-report-document.h"
#include "care-lab-reports.h"
#include "care-test-utils.h"
#include "billing/care-billing-print.h"
#include "billing/care-pdf-preview.h"
#include "lab/care-lab-page.h"
#include "lab/care-lab-queue-row.h"
#include "lab/care-lab-results-grid.h"

#define TIMEOUT_MS 10000
/* What the app shows for text, in the language the test runs in. */
#define T(text) g_dgettext (GETTEXT_PACKAGE, text)

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (care_test_must_find (root, name)));
}

static char *
add_patient (CareStore  *store,
             const char *given,
             const char *family)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = care_record_new (care_schema_lookup ("patient"));
  g_autofree char *mrn = care_store_next_number (store, "mrn", NULL);

  care_record_set (patient, "given_name", given);
  care_record_set (patient, "family_name", family);
  care_record_set (patient, "date_of_birth", "1968-11-30");
  care_record_set (patient, "sex", "male");
  care_record_set (patient, "status", "repeat");
  care_record_set (patient, "mrn", mrn);
  g_assert_true (care_store_insert (store, patient, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (patient));
}

static char *
request (CareStore  *store,
         const char *patient_id,
         const char *doctor_id,
         const char *panel_code,
         const char *priority)
{
  const CareLabPanel *panel = care_lab_catalogue_find_panel (panel_code);
  g_autoptr(CareRecord) test = care_record_new (care_schema_lookup ("lab_test"));
  g_autoptr(GError) error = NULL;
  g_autofree char *loinc = g_strdup_printf ("LOINC %s", panel->loinc);

  care_record_set (test, "patient_id", patient_id);
  care_record_set (test, "requested_by", doctor_id);
  care_record_set (test, "test_name", panel->name);
  care_record_set (test, "test_code", loinc);
  care_record_set (test, "specimen", panel->specimen);
  care_record_set (test, "priority", priority);
  care_record_set (test, "status", "requested");
  g_assert_true (care_store_insert (store, test, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (test));
}

static char *
status_of (CareStore  *store,
           const char *test_id)
{
  g_autoptr(CareRecord) test = care_store_get (store, care_schema_lookup ("lab_test"), test_id, NULL);

  return g_strdup (care_record_get (test, "status"));
}

static guint
n_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    n += GTK_IS_LIST_BOX_ROW (c) && gtk_widget_get_visible (c) && gtk_widget_get_name (c) &&
         g_str_has_prefix (gtk_widget_get_name (c), "lab-row-");
  return n;
}

static char *
care_test_pdf_first_page_text (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_autoptr(CarePopplerPage) first = NULL;

  g_assert_no_error (error);
  first = poppler_document_get_page (doc, 0);
  return poppler_page_get_text (first);
}

static gboolean
not_busy (gpointer page)
{
  return !care_lab_page_is_busy (page);
}

static void
test_queue_to_report (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(CareRecord) tech = care_test_add_staff (store, "lena", "Lena Lindqvist", CARE_ROLE_LAB);
  g_autoptr(CareRecord) doctor = care_test_add_staff (store, "dora", "Dora Mensah", CARE_ROLE_DOCTOR);
  g_autofree char *patient = add_patient (store, "Tomás", "Herrera");
  g_autofree char *other = add_patient (store, "Aiko", "Tanaka");
  g_autofree char *routine = NULL;
  g_autofree char *stat = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  CareWindow *window;
  GtkWidget *page, *list, *dialog, *preview;
  CareTestLoopWatch *watch;
  guint ticks, longest_ms;
  gboolean archived = FALSE;
  g_auto(GStrv) sidebar = NULL;

  care_store_set_actor (store, care_record_get_id (doctor));
  routine = request (store, other, care_record_get_id (doctor), "TSH", "routine");
  stat = request (store, patient, care_record_get_id (doctor), "CBC", "stat");
  care_store_set_actor (store, NULL);

  window = care_test_window_new (store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  g_assert_true (care_test_sign_in (window, "lena", CARE_TEST_PASSWORD));
  sidebar = care_test_sidebar_names (window);
  g_assert_true (g_strv_contains ((const char *const *) sidebar, "sidebar-lab"));
  g_assert_true (care_window_show_page (window, "lab"));
  care_test_wait (100);
  page = care_test_must_find (GTK_WIDGET (window), "page-lab");
  list = care_test_must_find (page, "lab-queue");

  /* STAT first, marked in words as well as colour; filters narrow it. */
  g_assert_cmpuint (n_rows (list), ==, 2);
  g_assert_cmpstr (care_lab_queue_row_get_test_id (care_test_must_find (list, "lab-row-0")), ==, stat);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (page, "lab-priority-filter")), 3);
  g_assert_cmpuint (n_rows (list), ==, 1);
  g_assert_cmpstr (care_lab_queue_row_get_test_id (care_test_must_find (list, "lab-row-0")), ==, routine);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (page, "lab-priority-filter")), 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (page, "lab-status-filter")), 2);
  g_assert_cmpuint (n_rows (list), ==, 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (page, "lab-status-filter")), 0);
  g_assert_cmpuint (n_rows (list), ==, 2);

  /* Collect: the next steps follow the status. */
  care_test_click (care_test_must_find (list, "lab-row-0"));
  g_assert_cmpstr (label_text (page, "lab-detail-title"), ==, T ("Complete blood count"));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (page, "lab-collect")));
  g_assert_false (gtk_widget_get_visible (care_test_must_find (page, "lab-verify")));
  care_test_click (care_test_must_find (page, "lab-collect"));
  status = status_of (store, stat);
  g_assert_cmpstr (status, ==, "collected");
  g_assert_false (gtk_widget_get_visible (care_test_must_find (page, "lab-collect")));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (page, "lab-mark-resulted")));

  /* Results: the flag shows as the value is typed, with the man's range. */
  care_test_type (care_test_must_find (page, "lab-value-0"), "6.5");
  g_assert_true (g_str_has_prefix (label_text (page, "lab-flag-0"), "LL "));
  /* GTK selects the reloaded row again in a later frame: what is typed stays. */
  g_signal_emit_by_name (list, "row-selected", care_test_must_find (list, "lab-row-0"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_test_must_find (page, "lab-value-0"))), ==, "6.5");
  g_assert_true (g_str_has_prefix (label_text (page, "lab-flag-0"), "LL "));
  g_assert_nonnull (strstr (label_text (page, "lab-flag-0"), T ("Critically low")));
  care_test_type (care_test_must_find (page, "lab-value-0"), "14.2");
  g_assert_cmpstr (label_text (page, "lab-flag-0"), ==, T ("Normal"));
  care_test_type (care_test_must_find (page, "lab-value-0"), "6.5");
  care_test_type (care_test_must_find (page, "lab-value-1"), "13.4");
  g_assert_true (g_str_has_prefix (label_text (page, "lab-flag-1"), "H "));
  care_test_type (care_test_must_find (page, "lab-value-2"), "250");
  g_assert_cmpstr (label_text (page, "lab-flag-2"), ==, T ("Normal"));
  /* A value the store refuses: the error stands next to it. */
  care_test_type (care_test_must_find (page, "lab-value-3"), "41 but the analyser printed a long note that does not fit here at all");
  care_test_click (care_test_must_find (page, "lab-mark-resulted"));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (page, "lab-error-3")));
  g_assert_cmpstr (label_text (page, "lab-error-3"), !=, "");
  g_free (status);
  status = status_of (store, stat);
  g_assert_cmpstr (status, ==, "collected");
  care_test_type (care_test_must_find (page, "lab-value-3"), "41");
  g_assert_false (gtk_widget_get_visible (care_test_must_find (page, "lab-error-3")));
  care_test_wait (100);
  care_test_keep_screenshot (GTK_WIDGET (window), "lab-results.png");
  care_test_click (care_test_must_find (page, "lab-mark-resulted"));
  g_free (status);
  status = status_of (store, stat);
  g_assert_cmpstr (status, ==, "completed");
  g_assert_true (gtk_widget_get_visible (care_test_must_find (page, "lab-verify")));

  /* Verify: the report is drawn in a worker while the loop turns, archived
   * with its hash, and previewed. */
  watch = care_test_loop_watch_start ();
  /* Clicked without turning the loop: busy until the worker is done. */
  g_assert_true (gtk_widget_is_sensitive (care_test_must_find (page, "lab-verify")));
  g_signal_emit_by_name (care_test_must_find (page, "lab-verify"), "clicked");
  g_assert_true (care_lab_page_is_busy (CARE_LAB_PAGE (page)));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (page, "lab-busy")));
  g_assert_true (care_test_wait_for (not_busy, page, TIMEOUT_MS));
  care_test_loop_watch_stop (watch, &ticks, &longest_ms);
  g_test_message ("loop ran %u times, blocked at most %u ms", ticks, longest_ms);
  /* Still busy when the click returned, and the loop turned meanwhile:
   * the drawing ran in a worker (a short report may take only a few ms). */
  g_assert_cmpuint (ticks, >, 0);
  g_assert_false (gtk_widget_get_visible (care_test_must_find (page, "lab-error")));
  g_free (status);
  status = status_of (store, stat);
  g_assert_cmpstr (status, ==, "verified");
  preview = care_test_wait_for_widget ("pdf-preview", TIMEOUT_MS);
  g_assert_nonnull (preview);
  g_assert_cmpuint (care_pdf_preview_get_n_pages (CARE_PDF_PREVIEW (preview)), >=, 1);
  care_test_wait (100);
  care_test_keep_screenshot (preview, "lab-report-preview.png");
  gtk_window_destroy (GTK_WINDOW (preview));

  pdf = care_lab_report_document_get_pdf (store, stat, &archived, &error);
  g_assert_no_error (error);
  g_assert_true (archived);

  /* Printed through GtkPrintOperation to a PDF and read back. */
  {
    g_autofree char *dir = g_dir_make_tmp ("caredesk-lab-print-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
    g_autofree char *contents = NULL;
    g_autofree char *text = NULL;
    g_autoptr(GBytes) printed = NULL;
    g_autoptr(CarePopplerDocument) doc = NULL;
    g_autoptr(CarePopplerPage) first = NULL;
    gsize length = 0;

    g_assert_cmpint (care_billing_print_pdf (NULL, pdf, "Lab report", GTK_PRINT_OPERATION_ACTION_EXPORT, path, &error),
                     ==, GTK_PRINT_OPERATION_RESULT_APPLY);
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &contents, &length, &error));
    printed = g_bytes_new_take (g_steal_pointer (&contents), length);
    doc = poppler_document_new_from_bytes (printed, NULL, &error);
    g_assert_no_error (error);
    first = poppler_document_get_page (doc, 0);
    text = poppler_page_get_text (first);
    g_test_message ("%s", text);
    g_assert_nonnull (strstr (text, "Tomás Herrera"));
    g_assert_nonnull (strstr (text, T ("Haemoglobin")));
    g_assert_nonnull (strstr (text, "6.5"));
    g_assert_nonnull (strstr (text, "LL"));
    g_assert_nonnull (strstr (text, T ("Critically low")));
    g_assert_nonnull (strstr (text, "13.4"));
    g_assert_nonnull (strstr (text, T ("High")));
    g_assert_nonnull (strstr (text, "250"));
    g_assert_nonnull (strstr (text, "Lena Lindqvist"));
    g_unlink (path);
    g_rmdir (dir);
  }

  /* Cancelling asks why; the reason is kept. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (page, "lab-status-filter")), 0);
  g_assert_true (care_lab_page_select_test (CARE_LAB_PAGE (page), routine));
  care_test_click (care_test_must_find (page, "lab-cancel"));
  dialog = care_test_wait_alert ("lab-cancel-dialog");
  g_assert_nonnull (dialog);
  care_test_type (care_test_must_find (dialog, "lab-cancel-reason"), "Requested twice");
  care_test_alert_respond (dialog, "cancel-request");
  care_test_wait (50);
  g_free (status);
  status = status_of (store, routine);
  g_assert_cmpstr (status, ==, "cancelled");
  care_test_keep_screenshot (GTK_WIDGET (window), "lab-queue.png");

  care_test_window_destroy (window);
}

/* The page signed in as a lab technician, on a store with one STAT blood
 * count requested by a doctor for a man born in 1968. */
typedef struct {
  CareStore  *store;
  CareWindow *window;
  GtkWidget  *page;
  char       *test_id;
} LabPage;

static void
lab_page_open (LabPage    *lp,
               const char *panel_code)
{
  g_autoptr(CareRecord) tech = NULL;
  g_autoptr(CareRecord) doctor = NULL;
  g_autofree char *patient = NULL;

  lp->store = care_test_store_new_with_clinic ();
  tech = care_test_add_staff (lp->store, "lena", "Lena Lindqvist", CARE_ROLE_LAB);
  doctor = care_test_add_staff (lp->store, "dora", "Dora Mensah", CARE_ROLE_DOCTOR);
  patient = add_patient (lp->store, "Tomás", "Herrera");
  care_store_set_actor (lp->store, care_record_get_id (doctor));
  lp->test_id = request (lp->store, patient, care_record_get_id (doctor), panel_code, "stat");
  care_store_set_actor (lp->store, NULL);
  lp->window = care_test_window_new (lp->store);
  gtk_window_set_default_size (GTK_WINDOW (lp->window), 1280, 860);
  g_assert_true (care_test_sign_in (lp->window, "lena", CARE_TEST_PASSWORD));
  g_assert_true (care_window_show_page (lp->window, "lab"));
  care_test_wait (100);
  lp->page = care_test_must_find (GTK_WIDGET (lp->window), "page-lab");
  g_assert_true (care_lab_page_select_test (CARE_LAB_PAGE (lp->page), lp->test_id));
}

static void
lab_page_close (LabPage *lp)
{
  care_test_window_destroy (lp->window);
  g_clear_object (&lp->store);
  g_free (lp->test_id);
}

static void
test_label_preview (void)
{
  LabPage lp = { 0 };
  GtkWidget *preview;

  lab_page_open (&lp, "CBC");
  /* No label before the specimen is taken. */
  g_assert_false (gtk_widget_get_visible (care_test_must_find (lp.page, "lab-label")));
  care_test_click (care_test_must_find (lp.page, "lab-collect"));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (lp.page, "lab-label")));
  care_test_click (care_test_must_find (lp.page, "lab-label"));
  preview = care_test_wait_for_widget ("lab-label-preview", TIMEOUT_MS);
  g_assert_nonnull (preview);
  g_assert_cmpuint (care_pdf_preview_get_n_pages (CARE_PDF_PREVIEW (preview)), ==, 1);
  g_assert_false (gtk_widget_get_visible (care_test_must_find (lp.page, "lab-error")));
  gtk_window_set_default_size (GTK_WINDOW (preview), 640, 480);
  care_test_wait (150);
  care_test_keep_screenshot (preview, "lab-label-preview.png");
  gtk_window_destroy (GTK_WINDOW (preview));
  lab_page_close (&lp);
}

static gboolean
has_outside_report (gpointer data)
{
  LabPage *lp = data;
  g_autoptr(GPtrArray) outside = care_lab_reports_list (lp->store, lp->test_id, "outside", NULL);

  return outside && outside->len > 0;
}

static gboolean
error_shown (gpointer page)
{
  return gtk_widget_get_visible (care_test_must_find (page, "lab-error"));
}

static GFile *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
test_send_out (void)
{
  LabPage lp = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("caredesk-lab-outside-XXXXXX", NULL);
  g_autoptr(GFile) text = write_file (dir, "note.txt", "TSH 2.1");
  g_autoptr(GFile) pdf = write_file (dir, "tsh.pdf", "%PDF-1.4\n% an outside laboratory's report\n%%EOF\n");
  g_autofree char *status = NULL;
  GtkWidget *dialog;

  lab_page_open (&lp, "TSH");
  g_assert_true (gtk_widget_get_visible (care_test_must_find (lp.page, "lab-send-out")));
  g_assert_false (gtk_widget_get_visible (care_test_must_find (lp.page, "lab-attach-outside")));
  care_test_click (care_test_must_find (lp.page, "lab-send-out"));
  status = status_of (lp.store, lp.test_id);
  g_assert_cmpstr (status, ==, "sent_out");
  /* Still in the laboratory's queue, said in words. */
  g_assert_true (care_lab_page_select_test (CARE_LAB_PAGE (lp.page), lp.test_id));
  g_assert_nonnull (strstr (label_text (lp.page, "lab-detail-status"), T ("Sent out")));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (lp.page, "lab-attach-outside")));

  /* The dialog asks for the laboratory first. */
  care_test_click (care_test_must_find (lp.page, "lab-attach-outside"));
  dialog = care_test_wait_alert ("lab-outside-dialog");
  g_assert_nonnull (dialog);
  g_assert_nonnull (care_test_must_find (dialog, "lab-outside-lab"));
  care_test_alert_respond (dialog, "close");

  /* A file that is not a PDF is refused, in words, on the page. */
  care_lab_page_attach_outside (CARE_LAB_PAGE (lp.page), "Central Reference Laboratory", text);
  g_assert_true (care_test_wait_for (error_shown, lp.page, TIMEOUT_MS));
  g_assert_false (has_outside_report (&lp));
  care_lab_page_attach_outside (CARE_LAB_PAGE (lp.page), "Central Reference Laboratory", pdf);
  g_assert_true (care_test_wait_for (has_outside_report, &lp, TIMEOUT_MS));
  care_test_wait (50);
  g_assert_false (gtk_widget_get_visible (care_test_must_find (lp.page, "lab-error")));

  /* Its results are entered against it. */
  care_test_type (care_test_must_find (lp.page, "lab-value-0"), "2.1");
  care_test_click (care_test_must_find (lp.page, "lab-mark-resulted"));
  g_free (status);
  status = status_of (lp.store, lp.test_id);
  g_assert_cmpstr (status, ==, "completed");

  lab_page_close (&lp);
  g_file_delete (text, NULL, NULL);
  g_file_delete (pdf, NULL, NULL);
  g_rmdir (dir);
}

static void
test_correction_new_version (void)
{
  LabPage lp = { 0 };
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkWidget *preview;

  lab_page_open (&lp, "CBC");
  care_test_click (care_test_must_find (lp.page, "lab-collect"));
  care_test_type (care_test_must_find (lp.page, "lab-value-0"), "14.2");
  care_test_click (care_test_must_find (lp.page, "lab-mark-resulted"));
  care_test_click (care_test_must_find (lp.page, "lab-verify"));
  g_assert_true (care_test_wait_for (not_busy, lp.page, TIMEOUT_MS));
  preview = care_test_wait_for_widget ("pdf-preview", TIMEOUT_MS);
  gtk_window_destroy (GTK_WINDOW (preview));
  care_test_wait (50);

  /* Verified: the values are corrected in place, as amendments. */
  g_assert_true (gtk_widget_get_visible (care_test_must_find (lp.page, "lab-amend")));
  g_assert_false (gtk_widget_get_visible (care_test_must_find (lp.page, "lab-save-results")));
  care_test_type (care_test_must_find (lp.page, "lab-value-0"), "12.9");
  care_test_click (care_test_must_find (lp.page, "lab-amend"));
  g_assert_false (gtk_widget_get_visible (care_test_must_find (lp.page, "lab-error")));
  care_test_wait (100);
  care_test_keep_screenshot (GTK_WIDGET (lp.window), "lab-correction.png");

  /* The report is issued again as version 2; version 1 stays. */
  care_test_click (care_test_must_find (lp.page, "lab-report"));
  g_assert_true (care_test_wait_for (not_busy, lp.page, TIMEOUT_MS));
  preview = care_test_wait_for_widget ("pdf-preview", TIMEOUT_MS);
  g_assert_nonnull (preview);
  reports = care_lab_reports_list (lp.store, lp.test_id, "report", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, 2);
  text = care_test_pdf_first_page_text (care_record_get_blob (g_ptr_array_index (reports, 1), "pdf"));
  g_assert_nonnull (strstr (text, "12.9"));
  g_assert_nonnull (strstr (text, "14.2"));
  g_free (text);
  text = care_test_pdf_first_page_text (care_record_get_blob (g_ptr_array_index (reports, 0), "pdf"));
  g_assert_null (strstr (text, "12.9"));
  gtk_window_destroy (GTK_WINDOW (preview));
  lab_page_close (&lp);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  care_test_init (&argc, &argv);
  /* The app's style sheet, as the application loads it, for the
   * screenshots' colours. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/caredesk/Caredesk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/lab-page/queue-to-report", test_queue_to_report);
  g_test_add_func ("/lab-page/label-preview", test_label_preview);
  g_test_add_func ("/lab-page/send-out", test_send_out);
  g_test_add_func ("/lab-page/correction-new-version", test_correction_new_version);

  return g_test_run ();
}
