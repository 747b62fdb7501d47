/* care-report-document.c: a report as a PDF: its chart, its table and the chart's words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-report-document"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-document.h"
#include "care-report-chart.h"
#include "care-report-document.h"

#define CHART_HEIGHT 300.0

static void
draw_chart (cairo_t       *cr,
            double         width,
            double         height,
            gconstpointer  data)
{
  care_report_chart_draw (cr, data, width, height, 0x202020);
}

static void
add_table (CareDocument     *doc,
           const CareReport *report)
{
  g_autofree CareDocumentColumn *columns = g_new0 (CareDocumentColumn, report->series->len + 1);
  CareDocumentTable *table;

  columns[0] = (CareDocumentColumn) { report->category_title, 2, CARE_COLUMN_START };
  for (guint s = 0; s < report->series->len; s++)
    columns[s + 1] = (CareDocumentColumn) { g_ptr_array_index (report->series, s), 1, CARE_COLUMN_END };
  table = care_document_add_table (doc, columns, report->series->len + 1);
  for (guint c = 0; c < report->categories->len; c++)
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (cells, care_document_escape (g_ptr_array_index (report->categories, c)));
      for (guint s = 0; s < report->series->len; s++)
        g_ptr_array_add (cells, care_report_format_value (report, care_report_value (report, c, s)));
      care_document_table_add_row (table, (const char *const *) cells->pdata, CARE_DOCUMENT_ROW_NONE);
    }
}

GBytes *
care_report_document_draw (const CareReport  *report,
                           CareRecord        *clinic,
                           GError           **error)
{
  g_autoptr(CareDocument) doc = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *period = NULL;
  g_autofree char *words = NULL;
  g_autofree char *markup = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  from = care_document_format_date (report->from);
  to = care_document_format_date (report->to);
  /* Translators: the period of a report, "1 Dec 2026 to 6 Dec 2026" */
  period = g_strdup_printf (_("%s to %s"), from, to);
  {
    const char *fields[] = { _("Period"), period, NULL };
    CareDocumentInfo info = {
      .title = report->title,
      .fields = fields,
      .date = report->to,
    };

    doc = care_document_new (clinic, &info);
  }
  care_document_add_drawing (doc, CHART_HEIGHT, draw_chart, report);
  care_document_add_space (doc, 12);
  add_table (doc, report);
  care_document_add_space (doc, 12);
  words = care_report_describe (report);
  markup = care_document_escape (words);
  care_document_add_paragraph (doc, markup, TRUE);
  return care_document_finish (doc, error);
}

typedef struct {
  CareReport *report;
  CareRecord *clinic;
} Job;

static void
job_free (Job *job)
{
  care_report_free (job->report);
  g_clear_pointer (&job->clinic, care_record_unref);
  g_free (job);
}

static void
draw_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  GBytes *pdf = care_report_document_draw (job->report, job->clinic, &error);

  if (pdf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

void
care_report_document_draw_async (const CareReport   *report,
                                 CareRecord         *clinic,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (report != NULL);

  job->report = care_report_copy (report);
  job->clinic = clinic ? care_record_copy (clinic) : NULL;
  g_task_set_source_tag (task, care_report_document_draw_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, draw_thread);
}

GBytes *
care_report_document_draw_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
