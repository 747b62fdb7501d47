/* test-reports-page.c: the dashboard's cards, each report opened, exported as CSV (parsed back) and PDF (read back)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "care-billing.h"
#include "care-poppler.h"
#include "care-test-utils.h"
#include "reports/care-reports-page.h"

#define TIMEOUT_MS 20000

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Export;

static void
on_exported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Export *export = user_data;

  export->ok = care_reports_page_export_finish (CARE_REPORTS_PAGE (source), result, &export->error);
  export->done = TRUE;
}

static gboolean
export_done (gpointer data)
{
  return ((Export *) data)->done;
}

static void
export (CareReportsPage *page,
        gboolean         pdf,
        const char      *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Export result = { FALSE, FALSE, NULL };

  care_reports_page_export_async (page, pdf, file, on_exported_cb, &result);
  g_assert_true (care_test_wait_for (export_done, &result, TIMEOUT_MS));
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
}

/* RFC 4180, as a spreadsheet reads it: rows of fields. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',')
        g_ptr_array_add (row, g_strdup (field->str)), g_string_truncate (field, 0);
      else if (*p == '\r' && p[1] == '\n')
        {
          p++;
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
        }
      else
        g_string_append_c (field, *p);
    }
  g_assert_cmpuint (row->len, ==, 0);
  g_assert_cmpuint (field->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (field, TRUE);
  return rows;
}

/* The file's figures are the core's, cell by cell. */
static void
assert_csv_matches (const char       *path,
                    const CareReport *expected)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *header;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  rows = parse_csv (text);
  g_assert_cmpuint (rows->len, ==, expected->categories->len + 1);
  header = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (header->len, ==, expected->series->len + 1);
  g_assert_cmpstr (g_ptr_array_index (header, 0), ==, expected->category_title);
  for (guint s = 0; s < expected->series->len; s++)
    g_assert_cmpstr (g_ptr_array_index (header, s + 1), ==, g_ptr_array_index (expected->series, s));
  for (guint c = 0; c < expected->categories->len; c++)
    {
      GPtrArray *row = g_ptr_array_index (rows, c + 1);

      g_assert_cmpuint (row->len, ==, expected->series->len + 1);
      g_assert_cmpstr (g_ptr_array_index (row, 0), ==, g_ptr_array_index (expected->categories, c));
      for (guint s = 0; s < expected->series->len; s++)
        {
          const char *cell = g_ptr_array_index (row, s + 1);
          gint64 value = 0;

          if (expected->money)
            g_assert_true (care_billing_parse_money (cell, expected->currency, &value));
          else
            value = g_ascii_strtoll (cell, NULL, 10);
          g_assert_cmpint (value, ==, care_report_value (expected, c, s));
        }
    }
}

/* The PDF's text: the title, and the first row's label and figure. */
static void
assert_pdf_shows (const char       *path,
                  const CareReport *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_file (uri, NULL, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (doc), >=, 1);
  g_assert_cmpstr (poppler_document_get_title (doc), ==, expected->title);
  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autoptr(CarePopplerPage) page = poppler_document_get_page (doc, i);
      g_autofree char *page_text = poppler_page_get_text (page);

      g_string_append (text, page_text);
    }
  /* A long title wraps beside the letterhead. */
  g_strdelimit (text->str, "\n", ' ');
  g_assert_nonnull (strstr (text->str, expected->title));
  if (expected->categories->len > 0)
    {
      g_autofree char *figure = care_report_format_value (expected, care_report_value (expected, 0, 0));

      g_assert_nonnull (strstr (text->str, g_ptr_array_index (expected->categories, 0)));
      g_assert_nonnull (strstr (text->str, figure));
    }
}

static const char *
label_of (GtkWidget  *root,
          const char *name)
{
  return gtk_label_get_text (GTK_LABEL (care_test_must_find (root, name)));
}

static gboolean
label_is (gpointer data)
{
  GtkLabel *label = data;

  return g_strcmp0 (gtk_label_get_text (label), g_object_get_data (G_OBJECT (label), "want")) == 0;
}

static void
test_dashboard_and_reports (void)
{
  g_autoptr(CareStore) store = care_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CareReportCards) cards = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *dir = g_dir_make_tmp ("caredesk-reports-XXXXXX", NULL);
  g_autofree char *patients = NULL;
  g_autofree char *today = NULL;
  g_autofree char *earnings = NULL;
  CareWindow *window;
  GtkWidget *page;

  care_demo_populate_clinic (store, CARE_DEMO_SEED, &error);
  g_assert_no_error (error);
  window = care_test_window_new (store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  g_assert_true (care_test_sign_in (window, "admin", CARE_DEMO_PASSWORD));
  g_assert_true (care_window_show_page (window, "reports"));
  page = care_test_must_find (GTK_WIDGET (window), "page-reports");
  care_test_wait (100);

  /* The cards: the core's figures for the last 30 days, as shown. */
  care_report_period_dates (CARE_REPORT_PERIOD_MONTH, &from, &to);
  cards = care_reports_cards (store, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cards->patients, ==, CARE_DEMO_CLINIC_PATIENTS);
  g_assert_cmpint (cards->earnings, >, 0);
  patients = g_strdup_printf ("%" G_GINT64_FORMAT, cards->patients);
  today = g_strdup_printf ("%" G_GINT64_FORMAT, cards->appointments_today);
  earnings = care_billing_format_money (cards->earnings, cards->currency);
  g_assert_cmpstr (label_of (page, "reports-card-patients"), ==, patients);
  g_assert_cmpstr (label_of (page, "reports-card-appointments-today"), ==, today);
  g_assert_cmpstr (label_of (page, "reports-card-earnings"), ==, earnings);

  /* Each report: on screen, as CSV and as PDF, over a longer period. */
  care_reports_page_set_period (CARE_REPORTS_PAGE (page), CARE_REPORT_PERIOD_THIS_YEAR);
  g_clear_pointer (&from, g_free);
  g_clear_pointer (&to, g_free);
  care_report_period_dates (CARE_REPORT_PERIOD_THIS_YEAR, &from, &to);
  for (guint kind = 0; kind < CARE_REPORT_N_KINDS; kind++)
    {
      g_autoptr(CareReport) expected = care_reports_run (store, kind, from, to, &error);
      g_autofree char *csv_path = g_strdup_printf ("%s/%s.csv", dir, care_report_kind_id (kind));
      g_autofree char *pdf_path = g_strdup_printf ("%s/%s.pdf", dir, care_report_kind_id (kind));
      g_autofree char *shown_csv = NULL;
      g_autofree char *expected_csv = NULL;
      const CareReport *shown;

      g_assert_no_error (error);
      care_reports_page_show_report (CARE_REPORTS_PAGE (page), kind);
      shown = care_reports_page_get_report (CARE_REPORTS_PAGE (page));
      g_assert_nonnull (shown);
      g_assert_cmpstr (shown->title, ==, care_report_kind_title (kind));
      shown_csv = care_report_to_csv (shown);
      expected_csv = care_report_to_csv (expected);
      g_assert_cmpstr (shown_csv, ==, expected_csv);
      g_test_message ("%s: %u rows", shown->title, shown->categories->len);

      export (CARE_REPORTS_PAGE (page), FALSE, csv_path);
      assert_csv_matches (csv_path, expected);
      export (CARE_REPORTS_PAGE (page), TRUE, pdf_path);
      assert_pdf_shows (pdf_path, expected);
      g_unlink (csv_path);
      g_unlink (pdf_path);
    }

  /* The demo clinic's doctors saw patients this year. */
  {
    g_autoptr(CareReport) activity = care_reports_run (store, CARE_REPORT_DOCTOR_ACTIVITY, from, to, &error);
    gint64 seen = 0;

    for (guint c = 0; c < activity->categories->len; c++)
      seen += care_report_value (activity, c, 0);
    g_assert_cmpint (seen, >, 0);
  }

  care_reports_page_set_period (CARE_REPORTS_PAGE (page), CARE_REPORT_PERIOD_MONTH);
  care_reports_page_show_report (CARE_REPORTS_PAGE (page), CARE_REPORT_APPOINTMENTS_BY_DOCTOR);
  care_test_wait (200);
  care_test_keep_screenshot (GTK_WIDGET (window), "reports-dashboard.png");
  care_reports_page_show_report (CARE_REPORTS_PAGE (page), CARE_REPORT_EARNINGS_BY_WEEK);
  care_test_wait (200);
  care_test_keep_screenshot (GTK_WIDGET (window), "reports-earnings.png");

  /* A new patient (a sync, another desk): the card follows once the
   * writes pause. */
  {
    g_autoptr(CareRecord) patient = care_record_new (care_schema_lookup ("patient"));
    GtkWidget *card = care_test_must_find (page, "reports-card-patients");
    g_autofree char *want = g_strdup_printf ("%d", CARE_DEMO_CLINIC_PATIENTS + 1);

    care_record_set (patient, "given_name", "Noor");
    care_record_set (patient, "family_name", "Haddad");
    care_record_set (patient, "date_of_birth", "1990-05-01");
    care_record_set (patient, "sex", "female");
    care_record_set (patient, "status", "new");
    care_store_insert (store, patient, &error);
    g_assert_no_error (error);
    g_object_set_data (G_OBJECT (card), "want", want);
    g_assert_true (care_test_wait_for (label_is, card, TIMEOUT_MS));
  }
  g_rmdir (dir);
  care_test_window_destroy (window);
}

/* The PDF is drawn and written off the main loop: the buttons wait, the
 * loop keeps turning. */
static void
test_export_in_worker (void)
{
  g_autoptr(CareStore) store = care_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("caredesk-reports-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "earnings.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CareTestLoopWatch *watch;
  Export result = { FALSE, FALSE, NULL };
  guint ticks, longest_ms;
  CareWindow *window;
  GtkWidget *page;

  care_demo_populate_clinic (store, CARE_DEMO_SEED, &error);
  g_assert_no_error (error);
  window = care_test_window_new (store);
  g_assert_true (care_test_sign_in (window, "admin", CARE_DEMO_PASSWORD));
  g_assert_true (care_window_show_page (window, "reports"));
  page = care_test_must_find (GTK_WIDGET (window), "page-reports");
  care_reports_page_set_period (CARE_REPORTS_PAGE (page), CARE_REPORT_PERIOD_FIVE_YEARS);
  care_reports_page_show_report (CARE_REPORTS_PAGE (page), CARE_REPORT_EARNINGS_BY_WEEK);

  watch = care_test_loop_watch_start ();
  care_reports_page_export_async (CARE_REPORTS_PAGE (page), TRUE, file, on_exported_cb, &result);
  g_assert_false (gtk_widget_get_sensitive (care_test_must_find (page, "reports-export-pdf")));
  g_assert_false (gtk_widget_get_sensitive (care_test_must_find (page, "reports-export-csv")));
  g_assert_true (care_test_wait_for (export_done, &result, TIMEOUT_MS));
  care_test_loop_watch_stop (watch, &ticks, &longest_ms);
  g_test_message ("loop ran %u times, blocked at most %u ms", ticks, longest_ms);
  g_assert_no_error (result.error);
  g_assert_cmpuint (ticks, >, 0);
  g_assert_true (gtk_widget_get_sensitive (care_test_must_find (page, "reports-export-pdf")));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_unlink (path);
  g_rmdir (dir);
  care_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  g_test_add_func ("/reports-page/dashboard-and-reports", test_dashboard_and_reports);
  g_test_add_func ("/reports-page/export-in-worker", test_export_in_worker);

  return g_test_run ();
}
