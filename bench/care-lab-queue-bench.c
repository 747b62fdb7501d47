/* care-lab-queue-bench.c: the laboratory's queue filtered over 100,000 requests, and a report drawn
 *
 *   care-lab-queue-bench [N_REQUESTS] [PATH]
 *
 * Fills a store with the demo clinic and N lab requests (default 100,000)
 * in every status and priority, then times care_lab_queue_list() — the
 * Laboratory page's query, its first 500 rows — for each filter the page
 * offers, and care_lab_report_document_render() of a full blood count.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "caredesk-core.h"
#include "care-lab-report-document.h"
#include "care-store-sql.h"

#define RUNS 50

static int
compare (gconstpointer a,
         gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
time_filter (CareStore  *store,
             const char *status,
             const char *priority)
{
  double ms[RUNS];
  guint rows = 0;

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) items = care_lab_queue_list (store, status, priority, 500, &error);

      g_assert_no_error (error);
      ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      rows = items->len;
    }
  qsort (ms, RUNS, sizeof ms[0], compare);
  printf ("| status %-11s priority %-8s | %4u rows | p50 %6.2f ms | p95 %6.2f ms |\n",
          status ? status : "(all)", priority ? priority : "(all)", rows, ms[RUNS / 2], ms[RUNS * 95 / 100]);
}

int
main (int    argc,
      char **argv)
{
  static const char *const statuses[] = { "requested", "collected", "in_progress", "completed", "verified", "reviewed", "cancelled" };
  static const char *const priorities[] = { "routine", "routine", "routine", "urgent", "stat" };
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autofree char *dir = g_dir_make_tmp ("caredesk-lab-bench-XXXXXX", NULL);
  g_autofree char *path = argc > 2 ? g_strdup (argv[2]) : g_build_filename (dir, "lab.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(CareRecord) admin = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *report_test = NULL;
  gint64 start;
  guint n_panels;
  const CareLabPanel *panels = care_lab_catalogue_panels (&n_panels);

  g_unlink (path);
  store = care_store_open (path, &error);
  g_assert_no_error (error);
  care_demo_populate (store, 2000, &error);
  g_assert_no_error (error);
  admin = care_accounts_find_login (store, "admin");
  care_store_set_actor (store, care_record_get_id (admin));
  patients = care_store_list (store, care_schema_lookup ("patient"), NULL, NULL, NULL, 0, &error);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CareRecord) test = care_record_new (care_schema_lookup ("lab_test"));
      guint p = g_rand_int_range (rand, 0, 3);
      const CareLabPanel *panel = &panels[i % n_panels];

      if (i % 10000 == 0)
        g_assert_true (care_store_begin (store, NULL));
      care_record_set (test, "patient_id", care_record_get_id (g_ptr_array_index (patients, i % patients->len)));
      care_record_set (test, "requested_by", care_record_get_id (admin));
      care_record_set (test, "test_name", panel->name);
      care_record_set (test, "priority", priorities[(i + p) % G_N_ELEMENTS (priorities)]);
      /* Most of a year's requests are done; a few hundred are open. */
      care_record_set (test, "status", i % 200 < 195 ? (i % 2 ? "verified" : "reviewed") : statuses[i % G_N_ELEMENTS (statuses)]);
      care_store_insert_full (store, test, FALSE, &error);
      g_assert_no_error (error);
      if (i % 10000 == 9999 || i == n - 1)
        g_assert_true (care_store_commit (store, NULL));
    }
  printf ("inserted %u requests in %.1f s\n\n", n, (g_get_monotonic_time () - start) / 1e6);

  time_filter (store, CARE_LAB_QUEUE_OPEN, NULL);
  time_filter (store, CARE_LAB_QUEUE_OPEN, "stat");
  time_filter (store, "requested", NULL);
  time_filter (store, "completed", "urgent");
  time_filter (store, "verified", NULL);
  time_filter (store, NULL, NULL);
  time_filter (store, NULL, "routine");

  /* A full blood count with its results, drawn. */
  {
    const CareLabPanel *cbc = care_lab_catalogue_find_panel ("CBC");
    g_autoptr(CareRecord) test = care_record_new (care_schema_lookup ("lab_test"));
    g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
    double ms[RUNS];

    care_record_set (test, "patient_id", care_record_get_id (g_ptr_array_index (patients, 0)));
    care_record_set (test, "requested_by", care_record_get_id (admin));
    care_record_set (test, "test_name", cbc->name);
    care_record_set (test, "priority", "stat");
    care_record_set (test, "status", "collected");
    g_assert_true (care_store_insert (store, test, &error));
    for (guint i = 0; i < cbc->n_analytes; i++)
      {
        CareRecord *r = care_record_new (care_schema_lookup ("lab_result"));
        care_lab_analyte_fill_result (&cbc->analytes[i], "female", r);
        care_record_set (r, "value", "5");
        g_ptr_array_add (results, r);
      }
    g_assert_true (care_lab_results_enter (store, care_record_get_id (test), results, TRUE, NULL, &error));
    for (guint r = 0; r < RUNS; r++)
      {
        gint64 t = g_get_monotonic_time ();
        g_autoptr(GBytes) pdf = care_lab_report_document_render (store, test, &error);

        g_assert_nonnull (pdf);
        ms[r] = (g_get_monotonic_time () - t) / 1000.0;
      }
    qsort (ms, RUNS, sizeof ms[0], compare);
    printf ("\nreport (complete blood count, 6 results): p50 %.2f ms, p95 %.2f ms\n", ms[RUNS / 2], ms[RUNS * 95 / 100]);
  }

  g_clear_object (&store);
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
