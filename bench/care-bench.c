/* care-bench.c: the local store at clinic scale
 *
 *   care-bench [N] [PATH] [reuse [SHAPE]]
 *
 * SHAPE (0-8) times only that search shape and stops (for perf or
 * callgrind); CARE_BENCH_SLOW=MS prints each search that took more CPU.
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
#include <time.h>

#include "caredesk-core.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* Wall and CPU time of each repetition: on a shared machine the wall
 * clock also counts the time others had the cores, the process's CPU
 * time does not. */
typedef struct {
  GArray *wall;
  GArray *cpu;
  gint64  t, c;
} Laps;

static gint64
cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
laps_start (Laps *l)
{
  if (l->wall == NULL)
    {
      l->wall = g_array_new (FALSE, FALSE, sizeof (double));
      l->cpu = g_array_new (FALSE, FALSE, sizeof (double));
    }
  l->t = g_get_monotonic_time ();
  l->c = cpu_usec ();
}

static void
laps_stop (Laps *l)
{
  double wall = (g_get_monotonic_time () - l->t) / 1e3, cpu = (cpu_usec () - l->c) / 1e3;

  g_array_append_val (l->wall, wall);
  g_array_append_val (l->cpu, cpu);
}

static void
report (const char *what,
        Laps       *l)
{
  GArray *ms[2] = { l->wall, l->cpu };

  if (l->wall == NULL || l->wall->len == 0)
    return;
  for (guint i = 0; i < 2; i++)
    g_array_sort (ms[i], compare_doubles);
  printf ("%-44s p50 %7.2f  p95 %7.2f  max %7.2f ms wall | CPU p50 %6.2f  p95 %6.2f ms  (n=%u)\n", what,
          g_array_index (l->wall, double, l->wall->len / 2),
          g_array_index (l->wall, double, (guint) (l->wall->len * 0.95)),
          g_array_index (l->wall, double, l->wall->len - 1),
          g_array_index (l->cpu, double, l->cpu->len / 2),
          g_array_index (l->cpu, double, (guint) (l->cpu->len * 0.95)), l->wall->len);
  g_array_set_size (l->wall, 0);
  g_array_set_size (l->cpu, 0);
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

/* The shapes of query in test-search's table of what people type, made
 * from a patient of the store: a letter, a name and an initial, a name in
 * full, a phone's last four, its digits, two of its groups, the MRN's
 * number. */
enum { N_SHAPES = 9 };
static const char *const shape_names[N_SHAPES] = {
  "one letter", "first letters (2-5)", "given name + initial", "given name + 2 letters",
  "full name", "phone, last four", "phone, all digits", "phone, two groups", "MRN number",
};

static char *
shape_query (CareRecord *r,
             guint       shape,
             GRand      *rand)
{
  const char *given = care_record_get (r, "given_name");
  const char *family = care_record_get (r, "family_name");
  const char *phone = care_record_get (r, "phone");
  const char *mrn = care_record_get (r, "mrn");
  const char *word = g_rand_boolean (rand) ? given : family;
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = phone ? phone : ""; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  switch (shape)
    {
    case 0:
      return g_utf8_substring (word, 0, 1);
    case 1:
      return g_utf8_substring (word, 0, g_rand_int_range (rand, 2, MIN (5, g_utf8_strlen (word, -1)) + 1));
    case 2:
    case 3:
      {
        g_autofree char *start = g_utf8_substring (family, 0, shape == 2 ? 1 : 2);

        return g_strdup_printf ("%s %s", given, start);
      }
    case 4:
      return g_strdup_printf ("%s %s", given, family);
    case 5:
      return digits->len >= 4 ? g_strdup (digits->str + digits->len - 4) : NULL;
    case 6:
      return digits->len ? g_strdup (digits->str) : NULL;
    case 7:
      {
        g_auto(GStrv) groups = phone ? g_strsplit (phone, " ", -1) : NULL;

        return groups && g_strv_length (groups) >= 3 ? g_strdup_printf ("%s %s", groups[1], groups[2]) : NULL;
      }
    default:
      {
        const char *number = mrn ? strchr (mrn, '-') : NULL;

        if (number == NULL)
          return NULL;
        while (*++number == '0')
          ;
        return g_strdup (number);
      }
    }
}

/* Queries a person types: 2 to 5 first letters of a name in the store. */
static GPtrArray *
make_queries (CareStore *store,
              GRand     *rand,
              guint      shape,
              guint      n)
{
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CarePatientModel) model = care_patient_model_new (store);
  guint total = g_list_model_get_n_items (G_LIST_MODEL (model));

  for (guint tries = 0; queries->len < n && tries < n * 20; tries++)
    {
      g_autoptr(CareRecordObject) item = g_list_model_get_item (G_LIST_MODEL (model),
                                                                g_rand_int_range (rand, 0, total));
      char *query = shape_query (care_record_object_get_record (item), shape, rand);

      if (query)
        g_ptr_array_add (queries, query);
    }
  return queries;
}

static void
time_searches (CareStore  *store,
               GPtrArray  *queries,
               const char *what)
{
  g_autoptr(GError) error = NULL;
  Laps laps = { 0 };

  for (guint i = 0; i < queries->len; i++)
    {
      g_autoptr(GPtrArray) found = NULL;

      laps_start (&laps);
      found = care_store_search_patients (store, g_ptr_array_index (queries, i), 50, &error);
      laps_stop (&laps);
      g_assert_no_error (error);
      /* CARE_BENCH_SLOW=MS names the queries that took longer (CPU). */
      if (g_getenv ("CARE_BENCH_SLOW") &&
          g_array_index (laps.cpu, double, laps.cpu->len - 1) > g_ascii_strtod (g_getenv ("CARE_BENCH_SLOW"), NULL))
        printf ("  slow: %-30s %6.2f ms CPU, %u found\n", (const char *) g_ptr_array_index (queries, i),
                g_array_index (laps.cpu, double, laps.cpu->len - 1), found->len);
    }
  report (what, &laps);
}

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autofree char *path = g_strdup (argc > 2 ? argv[2] : "/tmp/caredesk-bench.sqlite");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  gboolean reuse = argc > 3 && g_str_equal (argv[3], "reuse");
  /* "care-bench 0 PATH reuse SHAPE": only that search shape (0-8), for
   * profiling one (perf, callgrind). */
  int only_shape = argc > 4 ? atoi (argv[4]) : -1;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GPtrArray) queries = NULL;
  Laps laps = { 0 };
  g_autoptr(CarePatientModel) model = NULL;
  gint64 t0, t1;
  guint total;

  /* "reuse": measure a store made before (by this program or by
   * care-import-bench) instead of filling a new one. */
  if (!reuse)
    {
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
      printf ("%-44s %9.0f patients/s  (%u in %.1f s; row + search index + outbox)\n",
              "bulk insert", n / ((t1 - t0) / 1e6), n, (t1 - t0) / 1e6);
    }
  printf ("store %s, SQLite %s\n", path, sqlite3_libversion ());

  /* Reopen, as the app would after a restart: cold caches of our own. */
  g_clear_object (&store);
  t0 = g_get_monotonic_time ();
  store = care_store_open (path, &error);
  g_assert_no_error (error);
  model = care_patient_model_new (store);
  t1 = g_get_monotonic_time ();
  total = g_list_model_get_n_items (G_LIST_MODEL (model));
  printf ("%-44s %7.2f ms  (%u patients)\n", "open store + count for the list", (t1 - t0) / 1e3, total);

  for (guint shape = 0; shape < N_SHAPES; shape++)
    {
      g_autoptr(GPtrArray) shaped = NULL;
      g_autofree char *what = NULL;

      if (only_shape >= 0 && shape != (guint) only_shape)
        continue;
      shaped = make_queries (store, rand, shape, 100);
      what = g_strdup_printf ("search: %s (top 50)", shape_names[shape]);
      time_searches (store, shaped, what);
      if (only_shape >= 0)
        return 0;
    }
  queries = make_queries (store, rand, 1, 300);
  time_searches (store, queries, "prefix search (2-5 letters, top 50)");

  /* A keystroke: the model searches (top 200) and the view asks for the
   * rows of its first screen. */
  for (guint i = 0; i < queries->len; i++)
    {
      laps_start (&laps);
      care_patient_model_set_search (model, g_ptr_array_index (queries, i));
      for (guint k = 0; k < 25 && k < g_list_model_get_n_items (G_LIST_MODEL (model)); k++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), k));
      laps_stop (&laps);
    }
  report ("keystroke to first screen (model, 25 rows)", &laps);
  care_patient_model_set_search (model, NULL);

  /* The list reads its jump anchors in a worker the first time it jumps. */
  t0 = g_get_monotonic_time ();
  if (!care_patient_model_wait_for_anchors (model))
    g_printerr ("no jump anchors; jumps walk the index\n");
  t1 = g_get_monotonic_time ();
  printf ("%-44s %7.2f ms  (in a worker, once per change)\n", "read the list's jump anchors", (t1 - t0) / 1e3);

  /* Dragging the scrollbar: a page at an arbitrary position, cold. */
  for (guint i = 0; i < 100; i++)
    {
      guint position = g_rand_int_range (rand, 0, total);

      care_patient_model_reload (model);
      laps_start (&laps);
      for (guint k = 0; k < 25 && position + k < total; k++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), position + k));
      laps_stop (&laps);
    }
  report ("jump to any position of the list (25 rows)", &laps);

  printf ("%-44s %7.1f MiB\n", "resident memory, store and list open", rss_kib () / 1024.0);
  return 0;
}
