/* care-store-worker-bench.c: what a worker's own store connection costs
 *
 * A store file with the demo clinic and 2,000 patients. Medians of 101
 * runs of: care_store_open() and closing it on the same file (what each
 * worker did before care-store-worker.c); a round trip of
 * care_store_run_in_thread() with a count of the patients (the read-only
 * connection opened in the worker, the count, the connection closed, the
 * result back on the main loop); the same count on the main thread's
 * store, for scale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-store-worker-bench"

#include "config.h"

#include "care-bench-stats.h"

#include "caredesk-core.h"
#include "care-store-worker.h"

#define RUNS 101
#define PATIENTS 2000

static gpointer
count_work (CareStore     *worker,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  return GSIZE_TO_POINTER (care_store_count (worker, care_schema_lookup ("patient")));
}

static void
on_counted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gsize n = GPOINTER_TO_SIZE (care_store_run_finish (CARE_STORE (source), result, &error));

  if (error)
    g_error ("%s", error->message);
  *(gsize *) user_data = n;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("care-store-worker-bench-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(CareStore) store = NULL;
  double opens[RUNS], trips[RUNS], counts[RUNS];
  gint64 n_main = 0;

  if (dir == NULL)
    g_error ("%s", error->message);
  path = g_build_filename (dir, "clinic.sqlite", NULL);
  store = care_store_open (path, &error);
  if (store == NULL || !care_demo_populate (store, PATIENTS, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      CareStore *other = care_store_open (path, &error);

      if (other == NULL)
        g_error ("%s", error->message);
      g_object_unref (other);
      opens[i] = ms_since (start);
    }
  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      gsize n = 0;

      care_store_run_in_thread (store, CARE_STORE_WORKER_READ, count_work, NULL, NULL, NULL,
                                NULL, on_counted_cb, &n);
      while (n == 0)
        g_main_context_iteration (NULL, TRUE);
      trips[i] = ms_since (start);
    }
  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();

      n_main = care_store_count (store, care_schema_lookup ("patient"));
      counts[i] = ms_since (start);
    }

  g_print ("patients: %" G_GINT64_FORMAT "\n", n_main);
  g_print ("care_store_open() and close, median of %d: %.2f ms\n", RUNS, care_bench_median (opens, RUNS));
  g_print ("care_store_run_in_thread() round trip with a count, median of %d: %.2f ms\n",
           RUNS, care_bench_median (trips, RUNS));
  g_print ("the count on the main thread's store, median of %d: %.3f ms\n", RUNS, care_bench_median (counts, RUNS));

  g_clear_object (&store);
  care_bench_remove_dir (dir);
  return 0;
}
