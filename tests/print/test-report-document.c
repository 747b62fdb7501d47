/* test-report-document.c: a report's chart drawn (bars, stacked bars, lines) and its PDF read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-poppler.h"
#include "care-test-pdf-tags.h"
#include "care-report-chart.h"
#include "care-report-document.h"

#define WIDTH  400
#define HEIGHT 300

/* Earnings of three months: invoiced and received, in pounds. */
static CareReport *
make_report (CareReportChart chart)
{
  static const gint64 values[] = { 1250, 1000, 0, 0, 4000, 2500 };
  CareReport *report = g_new0 (CareReport, 1);

  report->title = g_strdup ("Earnings by month");
  report->category_title = g_strdup ("Month");
  report->from = g_strdup ("2026-01-01");
  report->to = g_strdup ("2026-03-31");
  report->chart = chart;
  report->money = TRUE;
  report->currency = g_strdup ("GBP");
  report->series = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (report->series, g_strdup ("Invoiced"));
  g_ptr_array_add (report->series, g_strdup ("Received"));
  report->categories = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (report->categories, g_strdup ("2026-01"));
  g_ptr_array_add (report->categories, g_strdup ("2026-02"));
  g_ptr_array_add (report->categories, g_strdup ("2026-03"));
  report->values = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_array_append_vals (report->values, values, G_N_ELEMENTS (values));
  return report;
}

/* Pixels of colour rgb in the chart drawn on white. */
static guint
count_colour (const CareReport *report,
              guint32           rgb)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  guint n = 0;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  care_report_chart_draw (cr, report, WIDTH, HEIGHT, 0x000000);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  for (int y = 0; y < HEIGHT; y++)
    {
      const guint32 *row = (const guint32 *) (cairo_image_surface_get_data (surface) +
                                              y * cairo_image_surface_get_stride (surface));

      for (int x = 0; x < WIDTH; x++)
        n += (row[x] & 0xffffff) == rgb;
    }
  cairo_surface_destroy (surface);
  return n;
}

static void
test_chart_draws_each_series (void)
{
  g_autoptr(CareReport) bars = make_report (CARE_REPORT_CHART_BAR);
  g_autoptr(CareReport) stacked = make_report (CARE_REPORT_CHART_STACKED);
  g_autoptr(CareReport) lines = make_report (CARE_REPORT_CHART_LINE);
  g_autoptr(CareReport) empty = make_report (CARE_REPORT_CHART_BAR);
  guint first, second;

  /* Bars: the first series' area is to the second's as their sums
   * (5,250 to 3,500), within the rounding of bar edges. */
  first = count_colour (bars, care_report_chart_colour (0));
  second = count_colour (bars, care_report_chart_colour (1));
  g_assert_cmpuint (first, >, 0);
  g_assert_cmpuint (second, >, 0);
  g_assert_cmpfloat (ABS ((double) first / second - 5250.0 / 3500.0), <, 0.15);
  g_assert_cmpuint (count_colour (stacked, care_report_chart_colour (0)), >, 0);
  g_assert_cmpuint (count_colour (stacked, care_report_chart_colour (1)), >, 0);
  g_assert_cmpuint (count_colour (lines, care_report_chart_colour (1)), >, 0);
  /* No rows (and one series: no legend): no bars, only the words saying so. */
  g_ptr_array_set_size (empty->series, 1);
  g_ptr_array_set_size (empty->categories, 0);
  g_array_set_size (empty->values, 0);
  g_assert_cmpuint (count_colour (empty, care_report_chart_colour (0)), ==, 0);
  /* The palette's colours differ. */
  for (guint i = 1; i < 6; i++)
    g_assert_cmphex (care_report_chart_colour (i), !=, care_report_chart_colour (i - 1));
}

static void
test_pdf_reads_back (void)
{
  g_autoptr(CareReport) report = make_report (CARE_REPORT_CHART_LINE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = care_report_document_draw (report, NULL, &error);
  g_autoptr(CarePopplerDocument) doc = NULL;
  g_autoptr(CarePopplerPage) page = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, 1);
  g_assert_cmpstr (poppler_document_get_title (doc), ==, "Earnings by month");
  page = poppler_document_get_page (doc, 0);
  text = poppler_page_get_text (page);
  g_strdelimit (text, "\n", ' ');
  g_assert_nonnull (strstr (text, "Earnings by month"));
  g_assert_nonnull (strstr (text, "1 Jan 2026 to 31 Mar 2026"));
  /* The table's and the chart's figures, and the words for those who cannot see it. */
  g_assert_nonnull (strstr (text, "£40.00"));
  g_assert_nonnull (strstr (text, "2026-03: Invoiced £40.00, Received £25.00."));
  /* Tagged: the chart is a figure, the figures a table. */
  {
    g_autoptr(GPtrArray) elements = care_test_pdf_elements (pdf);

    g_assert_true (care_test_pdf_has_element (elements, "heading-1", "Earnings by month", TRUE));
    g_assert_true (care_test_pdf_has_element (elements, "figure", "", FALSE));
    g_assert_true (care_test_pdf_has_element (elements, "table-heading", "", FALSE));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report-document/chart", test_chart_draws_each_series);
  g_test_add_func ("/report-document/pdf", test_pdf_reads_back);
  return g_test_run ();
}
