/* care-chart-summary-async.c: the chart's lists read in a worker thread
 *
 * A long history takes tens of milliseconds to summarise (see
 * BENCHMARKS.md): too long for the main loop when the chart opens. The
 * worker reads on a store connection of its own (care-store-worker.h)
 * and returns the summary; the window's connection is never touched from
 * the worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-chart-summary"

#include "config.h"

#include "care-chart-summary.h"
#include "care-store-worker.h"

static gpointer
load_work (CareStore     *worker,
           gpointer       patient_id,
           GCancellable  *cancellable,
           GError       **error)
{
  return care_chart_summary_load (worker, patient_id, error);
}

void
care_chart_summary_load_async (CareStore           *store,
                               const char          *patient_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (CARE_IS_STORE (store));
  g_return_if_fail (patient_id != NULL);

  care_store_run_in_thread (store, CARE_STORE_WORKER_READ, load_work,
                            g_strdup (patient_id), g_free, (GDestroyNotify) care_chart_summary_free,
                            cancellable, callback, user_data);
}

CareChartSummary *
care_chart_summary_load_finish (CareStore     *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  return care_store_run_finish (store, result, error);
}
