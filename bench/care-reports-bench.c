/* care-reports-bench.c: the administrator's dashboard and each report over a million patients
 *
 *   care-reports-bench [N] [PATH]
 *
 * Fills a store with the demo clinic, N synthetic patients (default
 * 1,000,000, care_demo_add_patients() as care-bench does) and five years
 * of a busy clinic's appointments, invoices and payments (200 a day each),
 * then times the dashboard's cards and every report for the last 30 days
 * and the last five years: the median of 5 runs after one warm-up, as wall
 * time and as the CPU time the process used (on a shared machine the wall
 * time mostly measures the other programs' load).
 * An existing PATH is reused as it is (run again without refilling).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <time.h>

#include "caredesk-core.h"
#include "care-bench-stats.h"
#include "care-store-sql.h"

#define PER_DAY 200
#define DAYS    (5 * 365 + 1)
#define RUNS    5

static const char *const statuses[] = { "completed", "completed", "completed", "completed", "cancelled",
                                        "no_show", "scheduled", "checked_in" };

/* Five years of appointments, issued invoices and their payments, PER_DAY
 * of each a day, written straight in SQL (known-good rows, as the demo's
 * bulk paths do): the reports read rows, not the rules that wrote them. */
static gboolean
add_five_years (CareStore  *store,
                GError    **error)
{
  sqlite3 *db = care_store_get_db (store);
  const char *tenant = care_store_get_tenant_id (store);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GPtrArray) doctors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = care_clock_now_utc ();
  sqlite3_stmt *stmt = NULL, *appointment = NULL, *invoice = NULL, *payment = NULL;
  gint64 n_patients;

  stmt = care_store_prepare (store, "SELECT id FROM users WHERE tenant_id IS ?1 AND role = 'doctor'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (doctors, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  n_patients = care_store_count (store, care_schema_lookup ("patient"));
  if (doctors->len == 0 || n_patients == 0)
    return FALSE;

  if (!care_store_exec (store, "BEGIN", error))
    return FALSE;
  sqlite3_prepare_v2 (db, "INSERT INTO appointments (id, tenant_id, created_at, updated_at, patient_id, provider_id, "
                      "starts_at, duration_minutes, type, status) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?3, 20, "
                      "'consultation', ?6)", -1, &appointment, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO invoices (id, tenant_id, created_at, updated_at, patient_id, number, status, "
                      "issued_on, currency, subtotal, total, paid_total) VALUES (?1, ?2, ?3, ?3, ?4, ?5, 'paid', "
                      "substr (?3, 1, 10), 'EUR', ?6, ?6, ?6)", -1, &invoice, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO payments (id, tenant_id, created_at, updated_at, invoice_id, amount, method, "
                      "received_at) VALUES (?1, ?2, ?3, ?3, ?4, ?5, 'card', ?3)", -1, &payment, NULL);
  for (guint day = 0; day < DAYS; day++)
    for (guint k = 0; k < PER_DAY; k++)
      {
        g_autoptr(GDateTime) at = g_date_time_add_minutes (now, -(gint64) day * 24 * 60 - (k * 3 % 600));
        g_autofree char *when = g_date_time_format (at, "%Y-%m-%dT%H:%M:%SZ");
        char *ids[3] = { care_uuid_v7 (), care_uuid_v7 (), care_uuid_v7 () };
        g_autofree char *patient = NULL;
        g_autofree char *number = g_strdup_printf ("B-%06u-%03u", day, k);
        gint64 amount = g_rand_int_range (rand, 2000, 30000);
        sqlite3_stmt *p;

        p = care_store_prepare (store, "SELECT id FROM patients WHERE seq >= ?1 ORDER BY seq LIMIT 1", error);
        sqlite3_bind_int64 (p, 1, g_rand_int_range (rand, 1, (gint32) MIN (n_patients, G_MAXINT32 - 1)));
        if (sqlite3_step (p) == SQLITE_ROW)
          patient = g_strdup ((const char *) sqlite3_column_text (p, 0));
        sqlite3_reset (p);

        sqlite3_bind_text (appointment, 1, ids[0], -1, SQLITE_STATIC);
        sqlite3_bind_text (appointment, 2, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (appointment, 3, when, -1, SQLITE_STATIC);
        sqlite3_bind_text (appointment, 4, patient, -1, SQLITE_STATIC);
        sqlite3_bind_text (appointment, 5, g_ptr_array_index (doctors, k % doctors->len), -1, SQLITE_STATIC);
        sqlite3_bind_text (appointment, 6, statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))], -1,
                           SQLITE_STATIC);
        sqlite3_bind_text (invoice, 1, ids[1], -1, SQLITE_STATIC);
        sqlite3_bind_text (invoice, 2, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (invoice, 3, when, -1, SQLITE_STATIC);
        sqlite3_bind_text (invoice, 4, patient, -1, SQLITE_STATIC);
        sqlite3_bind_text (invoice, 5, number, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (invoice, 6, amount);
        sqlite3_bind_text (payment, 1, ids[2], -1, SQLITE_STATIC);
        sqlite3_bind_text (payment, 2, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (payment, 3, when, -1, SQLITE_STATIC);
        sqlite3_bind_text (payment, 4, ids[1], -1, SQLITE_STATIC);
        sqlite3_bind_int64 (payment, 5, amount);
        if (sqlite3_step (appointment) != SQLITE_DONE || sqlite3_step (invoice) != SQLITE_DONE ||
            sqlite3_step (payment) != SQLITE_DONE)
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
            return FALSE;
          }
        sqlite3_reset (appointment);
        sqlite3_reset (invoice);
        sqlite3_reset (payment);
        for (guint i = 0; i < 3; i++)
          g_free (ids[i]);
      }
  sqlite3_finalize (appointment);
  sqlite3_finalize (invoice);
  sqlite3_finalize (payment);
  return care_store_exec (store, "COMMIT", error);
}

typedef struct {
  double wall[RUNS];
  double cpu[RUNS];
} Timings;

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
print_timings (const char *what,
               Timings    *t,
               guint       rows)
{
  printf ("  %-28s %8.1f ms wall %8.1f ms CPU", what, care_bench_median (t->wall, RUNS),
          care_bench_median (t->cpu, RUNS));
  if (rows != G_MAXUINT)
    printf ("  (%u rows)", rows);
  printf ("\n");
}

static void
time_cards (CareStore  *store,
            const char *from,
            const char *to)
{
  Timings t;

  for (int i = -1; i < RUNS; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_ms ();
      g_autoptr(CareReportCards) cards = care_reports_cards (store, from, to, NULL);

      g_assert (cards != NULL);
      if (i >= 0)
        {
          t.wall[i] = (g_get_monotonic_time () - t0) / 1e3;
          t.cpu[i] = cpu_ms () - c0;
        }
    }
  print_timings ("dashboard cards", &t, G_MAXUINT);
}

static void
time_report (CareStore      *store,
             CareReportKind  kind,
             const char     *from,
             const char     *to)
{
  Timings t;
  guint rows = 0;

  for (int i = -1; i < RUNS; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_ms ();
      g_autoptr(CareReport) report = care_reports_run (store, kind, from, to, NULL);

      g_assert (report != NULL);
      if (i >= 0)
        {
          t.wall[i] = (g_get_monotonic_time () - t0) / 1e3;
          t.cpu[i] = cpu_ms () - c0;
        }
      rows = report->categories->len;
    }
  print_timings (care_report_kind_id (kind), &t, rows);
}

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autofree char *path = g_strdup (argc > 2 ? argv[2] : "/tmp/caredesk-reports-bench.sqlite");
  gboolean fill = !g_file_test (path, G_FILE_TEST_EXISTS);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autofree char *load = NULL;
  static const CareReportPeriod periods[] = { CARE_REPORT_PERIOD_MONTH, CARE_REPORT_PERIOD_FIVE_YEARS };

  store = care_store_open (path, &error);
  if (store == NULL || !care_demo_populate (store, 0, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (fill)
    {
      gint64 t0 = g_get_monotonic_time ();

      if (!care_demo_add_patients (store, n, 1, &error) || !add_five_years (store, &error))
        {
          g_printerr ("%s\n", error ? error->message : "no doctors or patients");
          return 1;
        }
      printf ("filled in %.1f s\n", (g_get_monotonic_time () - t0) / 1e6);
      g_clear_object (&store);
      store = care_store_open (path, &error);
      g_assert_no_error (error);
    }
  g_file_get_contents ("/proc/loadavg", &load, NULL, NULL);
  printf ("store %s, SQLite %s: %" G_GINT64_FORMAT " patients, %" G_GINT64_FORMAT " invoices, "
          "%" G_GINT64_FORMAT " appointments\nload average %s",
          path, sqlite3_libversion (), care_store_count (store, care_schema_lookup ("patient")),
          care_store_count (store, care_schema_lookup ("invoice")),
          care_store_count (store, care_schema_lookup ("appointment")), load ? load : "?\n");

  for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      care_report_period_dates (periods[p], &from, &to);
      printf ("\n%s to %s (median of %d)\n", from, to, RUNS);
      time_cards (store, from, to);
      for (guint kind = 0; kind < CARE_REPORT_N_KINDS; kind++)
        time_report (store, kind, from, to);
    }
  return 0;
}
