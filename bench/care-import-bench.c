/* care-import-bench.c: a clinic's patient list of a million rows, imported
 *
 *   care-import-bench [N] [STORE] [CSV]
 *
 * Writes a CSV file of N patients (default 1,000,000) as a practice system
 * would export it, then imports it into a store with the demo clinic
 * through the path the import dialog takes: care_csv_parse(),
 * care_patient_import_new(), _check() and _run() (a medical record number,
 * the search index, the sort key and an outbox entry for every row, in one
 * transaction). Prints each phase's rows per second; compare with
 * `python3 ../shared/limits/fts_limit.py N` run just before or after.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/resource.h>

#include "caredesk-core.h"
#include "care-store-sql.h"

static const char *const syllables[] = {
  "an", "be", "ca", "da", "el", "fa", "gi", "ha", "il", "jo", "ka", "lu", "ma", "ne", "ol",
  "pa", "ri", "sa", "ta", "ul", "va", "yo", "za", "mi", "ro", "ke", "li", "no", "su", "te",
};

static void
append_name (GString *out,
             GRand   *rand,
             guint    n_syllables)
{
  gsize start = out->len;

  for (guint i = 0; i < n_syllables; i++)
    g_string_append (out, syllables[g_rand_int_range (rand, 0, G_N_ELEMENTS (syllables))]);
  out->str[start] = g_ascii_toupper (out->str[start]);
}

static char *
write_csv (guint n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  GString *csv = g_string_sized_new ((gsize) n * 96);

  g_string_append (csv, "First name,Last name,Date of birth,Sex,Phone,Email,City\n");
  for (guint i = 0; i < n; i++)
    {
      gsize given = csv->len, family;

      append_name (csv, rand, g_rand_int_range (rand, 2, 4));
      g_string_append_c (csv, ',');
      family = csv->len;
      append_name (csv, rand, g_rand_int_range (rand, 2, 5));
      g_string_append_printf (csv, ",%02d/%02d/%d,%s,+1 555 %07d,%.*s.%.*s%u@example.org,",
                              g_rand_int_range (rand, 1, 29), g_rand_int_range (rand, 1, 13),
                              g_rand_int_range (rand, 1930, 2024),
                              g_rand_boolean (rand) ? "F" : "M", g_rand_int_range (rand, 1000000, 9999999),
                              (int) (family - given - 1), csv->str + given,
                              (int) (csv->len - family), csv->str + family, i);
      append_name (csv, rand, 2);
      g_string_append_c (csv, '\n');
    }
  return g_string_free (csv, FALSE);
}

static gint64
count (CareStore  *store,
       const char *sql)
{
  g_autofree char *text = care_store_query_text (store, sql, NULL, NULL);

  return text ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* The process's CPU time: on a shared machine the wall clock also counts
 * the time others had the cores. */
static gint64
cpu_usec (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static void
phase (const char *what,
       guint       rows,
       gint64      t0,
       gint64      t1,
       gint64      c0,
       gint64      c1)
{
  printf ("%-34s %9.0f rows/s wall (%u in %6.2f s), %9.0f rows/s of CPU (%6.2f s)\n", what,
          rows / ((t1 - t0) / 1e6), rows, (t1 - t0) / 1e6, rows / ((c1 - c0) / 1e6), (c1 - c0) / 1e6);
}

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  const char *path = argc > 2 ? argv[2] : "/tmp/caredesk-import-bench.sqlite";
  const char *csv_path = argc > 3 ? argv[3] : "/tmp/caredesk-import-bench.csv";
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autoptr(CarePatientImport) import = NULL;
  CareCsv *csv;
  gsize length;
  gint64 t0, t1, t2, t3, c0, c1, c2, c3, before;

  g_unlink (path);
  g_unlink (wal);
  store = care_store_open (path, &error);
  if (store == NULL || !care_demo_populate (store, 0, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  before = count (store, "SELECT count(*) FROM patients");

  text = write_csv (n);
  if (!g_file_set_contents (csv_path, text, -1, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_clear_pointer (&text, g_free);
  printf ("store %s, SQLite %s, CSV %s\n", path, sqlite3_libversion (), csv_path);

  t0 = g_get_monotonic_time ();
  c0 = cpu_usec ();
  if (!g_file_get_contents (csv_path, &text, &length, &error) ||
      !(csv = care_csv_parse (text, length, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_clear_pointer (&text, g_free);
  import = care_patient_import_new (csv);
  t1 = g_get_monotonic_time ();
  c1 = cpu_usec ();
  if (!care_patient_import_check (import, store, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  t2 = g_get_monotonic_time ();
  c2 = cpu_usec ();
  if (!care_patient_import_run (import, store, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  t3 = g_get_monotonic_time ();
  c3 = cpu_usec ();

  phase ("read and parse the CSV", n, t0, t1, c0, c1);
  phase ("check (read rows, duplicates)", n, t1, t2, c1, c2);
  phase ("import (one transaction)", care_patient_import_get_n_ready (import), t2, t3, c2, c3);
  phase ("whole import, file to committed", care_patient_import_get_n_ready (import), t0, t3, c0, c3);
  printf ("%-36s %u problems, %u duplicates left out\n", "rows not imported",
          care_patient_import_get_n_problems (import), care_patient_import_get_n_duplicates (import));

  /* What the import must have written, checked rather than trusted. */
  printf ("%-36s %" G_GINT64_FORMAT " patients, %" G_GINT64_FORMAT " outbox entries, "
          "%" G_GINT64_FORMAT " indexed by name, %" G_GINT64_FORMAT " without a sort key\n",
          "store after the import", count (store, "SELECT count(*) FROM patients") - before,
          count (store, "SELECT count(*) FROM outbox WHERE entity = 'patient'"),
          count (store, "SELECT count(*) FROM patient_search WHERE patient_search MATCH 'name : (a* OR e* OR i* OR o* OR u* OR b* OR c* OR d* OR f* OR g* OR h* OR j* OR k* OR l* OR m* OR n* OR p* OR r* OR s* OR t* OR v* OR y* OR z*)'"),
          count (store, "SELECT count(*) FROM patients WHERE sort_key IS NULL"));
  return 0;
}
