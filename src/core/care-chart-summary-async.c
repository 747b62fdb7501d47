/* care-chart-summary-async.c: the chart's lists read in a worker thread
 *
 * A long history takes tens of milliseconds to summarise (see
 * BENCHMARKS.md): too long for the main loop when the chart opens. The
 * worker opens a store connection of its own on the same file (the store
 * is in WAL mode, so it reads while the window's connection writes) and
 * returns the summary; the window's connection is never touched from the
 * worker. A store in memory has no file to share: it is read on the
 * calling thread and the result still arrives through the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-chart-summary"

#include "config.h"

#include "care-chart-summary.h"

typedef struct {
  char *path;
  char *patient_id;
} Load;

static void
load_free (Load *load)
{
  g_free (load->path);
  g_free (load->patient_id);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  g_autoptr(CareStore) store = NULL;
  CareChartSummary *summary;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  store = care_store_open (load->path, &error);
  summary = store ? care_chart_summary_load (store, load->patient_id, &error) : NULL;
  if (summary)
    g_task_return_pointer (task, summary, (GDestroyNotify) care_chart_summary_free);
  else
    g_task_return_error (task, error);
}

void
care_chart_summary_load_async (CareStore           *store,
                               const char          *patient_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  g_return_if_fail (CARE_IS_STORE (store));
  g_return_if_fail (patient_id != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, care_chart_summary_load_async);
  if (g_str_equal (care_store_get_path (store), ":memory:"))
    {
      GError *error = NULL;
      CareChartSummary *summary = care_chart_summary_load (store, patient_id, &error);

      if (summary)
        g_task_return_pointer (task, summary, (GDestroyNotify) care_chart_summary_free);
      else
        g_task_return_error (task, error);
      return;
    }
  load = g_new0 (Load, 1);
  load->path = g_strdup (care_store_get_path (store));
  load->patient_id = g_strdup (patient_id);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_run_in_thread (task, load_thread);
}

CareChartSummary *
care_chart_summary_load_finish (CareStore     *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
