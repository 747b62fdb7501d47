/* care-bench.c: the local store at clinic scale
 *
 *   care-bench [N] [PATH]
 *
 * Fills a store with N synthetic patients (default 1,000,000) through the
 * same insert path the app uses (row + search index + outbox entry in one
 * transaction per batch), then measures what a receptionist feels: prefix
 * search latency, the first screen of the list after a keystroke, scrolling
 * to arbitrary positions of the lazily loaded list, and resident memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>

#include "caredesk-core.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *ms)
{
  g_array_sort (ms, compare_doubles);
  printf ("%-44s p50 %7.2f ms   p95 %7.2f ms   max %7.2f ms   (n=%u)\n", what,
          g_array_index (ms, double, ms->len / 2),
          g_array_index (ms, double, (guint) (ms->len * 0.95)),
          g_array_index (ms, double, ms->len - 1), ms->len);
}

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

/* Queries a person types: 2 to 5 first letters of a name in the store. */
static GPtrArray *
make_queries (CareStore *store,
              GRand     *rand,
              guint      n)
{
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CarePatientModel) model = care_patient_model_new (store);
  guint total = g_list_model_get_n_items (G_LIST_MODEL (model));

  while (queries->len < n)
    {
      g_autoptr(CareRecordObject) item = g_list_model_get_item (G_LIST_MODEL (model),
                                                                g_rand_int_range (rand, 0, total));
      CareRecord *r = care_record_object_get_record (item);
      const char *word = care_record_get (r, g_rand_boolean (rand) ? "given_name" : "family_name");
      glong len = g_utf8_strlen (word, -1);
      glong k = g_rand_int_range (rand, 2, MIN (5, len) + 1);
      char *prefix = g_utf8_substring (word, 0, k);

      g_ptr_array_add (queries, prefix);
    }
  return queries;
}

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autofree char *path = g_strdup (argc > 2 ? argv[2] : "/tmp/caredesk-bench.sqlite");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GArray) ms = NULL;
  g_autoptr(CarePatientModel) model = NULL;
  gint64 t0, t1;
  guint total;

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);

  store = care_store_open (path, &error);
  if (store == NULL || !care_demo_populate (store, 0, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  t0 = g_get_monotonic_time ();
  if (!care_demo_add_patients (store, n, 1, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  t1 = g_get_monotonic_time ();
  printf ("store %s, SQLite %s\n", path, sqlite3_libversion ());
  printf ("%-44s %9.0f patients/s  (%u in %.1f s; row + search index + outbox)\n",
          "bulk insert", n / ((t1 - t0) / 1e6), n, (t1 - t0) / 1e6);

  /* Reopen, as the app would after a restart: cold caches of our own. */
  g_clear_object (&store);
  t0 = g_get_monotonic_time ();
  store = care_store_open (path, &error);
  g_assert_no_error (error);
  model = care_patient_model_new (store);
  t1 = g_get_monotonic_time ();
  total = g_list_model_get_n_items (G_LIST_MODEL (model));
  printf ("%-44s %7.2f ms  (%u patients)\n", "open store + count for the list", (t1 - t0) / 1e3, total);

  queries = make_queries (store, rand, 300);

  ms = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < queries->len; i++)
    {
      g_autoptr(GPtrArray) found = NULL;
      double d;

      t0 = g_get_monotonic_time ();
      found = care_store_search_patients (store, g_ptr_array_index (queries, i), 50, &error);
      t1 = g_get_monotonic_time ();
      g_assert_no_error (error);
      d = (t1 - t0) / 1e3;
      g_array_append_val (ms, d);
    }
  report ("prefix search (2-5 letters, top 50)", ms);

  /* A keystroke: the model searches (top 200) and the view asks for the
   * rows of its first screen. */
  g_array_set_size (ms, 0);
  for (guint i = 0; i < queries->len; i++)
    {
      double d;

      t0 = g_get_monotonic_time ();
      care_patient_model_set_search (model, g_ptr_array_index (queries, i));
      for (guint k = 0; k < 25 && k < g_list_model_get_n_items (G_LIST_MODEL (model)); k++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), k));
      t1 = g_get_monotonic_time ();
      d = (t1 - t0) / 1e3;
      g_array_append_val (ms, d);
    }
  report ("keystroke to first screen (model, 25 rows)", ms);
  care_patient_model_set_search (model, NULL);

  /* The list reads its jump anchors in a worker the first time it jumps. */
  t0 = g_get_monotonic_time ();
  if (!care_patient_model_wait_for_anchors (model))
    g_printerr ("no jump anchors; jumps walk the index\n");
  t1 = g_get_monotonic_time ();
  printf ("%-44s %7.2f ms  (in a worker, once per change)\n", "read the list's jump anchors", (t1 - t0) / 1e3);

  /* Dragging the scrollbar: a page at an arbitrary position, cold. */
  g_array_set_size (ms, 0);
  for (guint i = 0; i < 100; i++)
    {
      guint position = g_rand_int_range (rand, 0, total);
      double d;

      care_patient_model_reload (model);
      t0 = g_get_monotonic_time ();
      for (guint k = 0; k < 25 && position + k < total; k++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), position + k));
      t1 = g_get_monotonic_time ();
      d = (t1 - t0) / 1e3;
      g_array_append_val (ms, d);
    }
  report ("jump to any position of the list (25 rows)", ms);

  printf ("%-44s %7.1f MiB\n", "resident memory, store and list open", rss_kib () / 1024.0);
  return 0;
}
