/* care-sync-bench.c: sync end to end, over loopback
 *
 *   care-sync-bench [N] [DIR]
 *
 * 1. Fills a server database with the demo clinic plus N synthetic patients
 *    (default 100,000), each with an appointment and a vital-signs reading,
 *    through the server's own store (so the change log is written as in
 *    production).
 * 2. Starts the real caredesk-server on a free port and makes an initial
 *    sync into a fresh workstation store: sign-in, pull of every page, each
 *    page applied in one local transaction. Reports rows/s end to end.
 * 3. Starts two workstation engines (worker threads, live WebSocket) and
 *    times how long a change saved on one takes to reach the other's store:
 *    from the local commit to the other engine's "records-changed".
 *
 *   care-sync-bench N DIR alerts [ROUNDS]
 *
 * Step 3 for emergency alerts instead (issue 12's "≤ 1 s p95"): each round
 * raises a new alert on one workstation (care_alerts_raise, an urgent
 * kick) and times it into the other's store. Skips step 2; N may be 0.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "caredesk-core.h"
#include "care-alerts.h"
#include "care-store-sql.h"
#include "care-server-storage.h"
#include "care-server-private.h"
#include "care-sync-engine.h"

#define PASSWORD CARE_DEMO_PASSWORD

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
die (const char   *what,
     const GError *error)
{
  g_printerr ("care-sync-bench: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

/* --- 1. the server's data ----------------------------------------------- */

static void
add_related (CareStore  *store,
             GPtrArray  *patient_ids,
             const char *doctor_id)
{
  const CareEntity *appointment = care_schema_lookup ("appointment");
  const CareEntity *vitals = care_schema_lookup ("vitals");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < patient_ids->len; i++)
    {
      g_autoptr(CareRecord) a = care_record_new (appointment);
      g_autoptr(CareRecord) v = care_record_new (vitals);
      const char *id = g_ptr_array_index (patient_ids, i);
      char when[32];

      if (i % 10000 == 0 && !care_store_begin (store, &error))
        die ("begin", error);
      g_snprintf (when, sizeof when, "2026-%02u-%02uT%02u:%02u:00.000Z", 1 + i % 12, 1 + i % 28, 8 + i % 9, (i % 4) * 15);
      care_record_set (a, "patient_id", id);
      care_record_set (a, "provider_id", doctor_id);
      care_record_set (a, "starts_at", when);
      care_record_set (a, "duration_minutes", "20");
      care_record_set (a, "type", "consultation");
      care_record_set (a, "status", "completed");
      care_record_set (v, "patient_id", id);
      care_record_set (v, "recorded_at", when);
      care_record_set (v, "pulse", "72");
      care_record_set (v, "temperature_c", "36.8");
      care_record_set (v, "systolic", "120");
      care_record_set (v, "diastolic", "80");
      if (!care_store_insert_full (store, a, FALSE, &error) ||
          !care_store_insert_full (store, v, FALSE, &error))
        die ("related record", error);
      if ((i % 10000 == 9999 || i + 1 == patient_ids->len) && !care_store_commit (store, &error))
        die ("commit", error);
    }
}

static void
fill_server (const char *database,
             guint       n)
{
  g_autoptr(GError) error = NULL;
  CareServerStorage *storage = care_server_storage_open (database, &error);
  CareStore *store;
  g_autoptr(CareRecord) doctor = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gint64 before = g_get_monotonic_time ();

  if (storage == NULL)
    die ("server database", error);
  store = storage->v->get_store (storage);
  if (!care_demo_populate_clinic (store, CARE_DEMO_SEED, &error))
    die ("demo clinic", error);
  doctor = care_accounts_find_login (store, "doctor");
  care_store_set_actor (store, care_record_get_id (doctor));
  if (!care_demo_add_patients (store, n, 7, &error))
    die ("patients", error);

  stmt = care_store_prepare (store, "SELECT id FROM patients ORDER BY seq DESC LIMIT ?", &error);
  if (stmt == NULL)
    die ("patient ids", error);
  sqlite3_bind_int64 (stmt, 1, n);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  add_related (store, ids, care_record_get_id (doctor));
  printf ("server filled: %u patients with an appointment and vitals each in %.1f s\n",
          n, (g_get_monotonic_time () - before) / 1e6);
  care_server_storage_close (storage);
}

/* --- 2. the real server ------------------------------------------------- */

static GSubprocess *
start_server (const char *database,
              char      **base_url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *server;

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, CAREDESK_SERVER,
                             "--database", database, "--port", "0", "--log-level", "warning", NULL);
  if (server == NULL)
    die ("caredesk-server", error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "Listening on "))
    die ("caredesk-server did not start", error);
  *base_url = g_strdup (line + strlen ("Listening on "));
  return server;
}

/* A workstation store signed in online as login. */
static CareSyncEngine *
workstation (const char *dir,
             const char *name,
             const char *base_url,
             const char *login,
             CareStore **store_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(CareSyncSession) session = NULL;
  CareStore *store;
  CareSyncEngine *engine;

  g_unlink (path);
  store = care_store_open (path, &error);
  if (store == NULL)
    die ("workstation store", error);
  session = care_sync_login (base_url, login, PASSWORD, NULL, &error);
  if (session == NULL)
    die ("sign-in", error);
  if (!care_sync_adopt_session (store, base_url, session, PASSWORD, &error))
    die ("adopt session", error);
  care_store_set_actor (store, session->user_id);
  engine = care_sync_engine_new (path, base_url, &error);
  if (engine == NULL)
    die ("engine", error);
  care_sync_engine_set_tokens (engine, session->access_token, session->refresh_token);
  *store_out = store;
  return engine;
}

static gint64
count_rows (CareStore *store)
{
  guint n_entities;
  const CareEntity *const *entities = care_schema_entities (&n_entities);
  gint64 rows = 0;

  for (guint i = 0; i < n_entities; i++)
    rows += care_store_count (store, entities[i]);
  return rows;
}

/* --- 3. change propagation ---------------------------------------------- */

typedef struct {
  GMainLoop  *loop;
  const char *entity;
  const char *waiting_for;
  gint64      arrived;
} Waiter;

static void
records_changed (CareSyncEngine *engine,
                 const char     *entity,
                 GStrv           ids,
                 Waiter         *waiter)
{
  if (waiter->waiting_for == NULL || !g_str_equal (entity, waiter->entity))
    return;
  if (g_strv_contains ((const char *const *) ids, waiter->waiting_for))
    {
      waiter->arrived = g_get_monotonic_time ();
      waiter->waiting_for = NULL;
      g_main_loop_quit (waiter->loop);
    }
}

static gboolean
give_up (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* One change on A, committed; returns the changed record's id. The
 * alerts go without the local edits' debounce. */
static char *
change_on_a (CareSyncEngine *a,
             CareStore      *store_a,
             CareRecord     *patient,
             gboolean        alerts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) record = NULL;

  if (alerts)
    {
      record = care_alerts_raise ("code_blue", "Bench ward, bed 1", care_store_get_actor (store_a), &error);
      if (record == NULL || !care_store_insert (store_a, record, &error))
        die ("raise an alert", error);
      care_sync_engine_kick_now (a);
    }
  else
    {
      g_autofree char *phone = g_strdup_printf ("+34 611 %06u", g_random_int_range (0, 999999));

      record = care_record_copy (patient);
      care_record_set (record, "phone", phone);
      if (!care_store_update (store_a, record, &error))
        die ("local edit", error);
      care_sync_engine_kick (a);
    }
  return g_strdup (care_record_get_id (record));
}

static void
propagation (const char *dir,
             const char *base_url,
             guint       rounds,
             gboolean    alerts)
{
  g_autoptr(GError) error = NULL;
  CareStore *store_a, *store_b;
  g_autoptr(CareSyncEngine) a = workstation (dir, "ws-a.sqlite", base_url, "reception", &store_a);
  g_autoptr(CareSyncEngine) b = workstation (dir, "ws-b.sqlite", base_url, "nurse", &store_b);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) patients = NULL;
  Waiter waiter = { loop, alerts ? "emergency_alert" : "patient", NULL, 0 };
  guint lost = 0;

  /* Both start from a synced store; only the change is timed. */
  if (!care_sync_engine_sync_once (a, NULL, &error) || !care_sync_engine_sync_once (b, NULL, &error))
    die ("first sync", error);
  patients = care_store_list (store_a, care_schema_lookup ("patient"), NULL, NULL, NULL, rounds, &error);
  g_signal_connect (b, "records-changed", G_CALLBACK (records_changed), &waiter);
  care_sync_engine_start (a);
  care_sync_engine_start (b);
  /* Let both engines open their live sockets. */
  g_timeout_add (1000, give_up, loop);
  g_main_loop_run (loop);

  for (guint i = 0; i < rounds && (alerts || i < patients->len); i++)
    {
      g_autofree char *id = NULL;
      gint64 start;
      guint timeout;

      start = g_get_monotonic_time ();
      id = change_on_a (a, store_a, alerts ? NULL : g_ptr_array_index (patients, i), alerts);
      waiter.waiting_for = id;
      timeout = g_timeout_add (5000, give_up, loop);
      g_main_loop_run (loop);
      if (waiter.waiting_for == NULL)
        {
          double v = (waiter.arrived - start) / 1000.0;
          g_array_append_val (ms, v);
          g_source_remove (timeout);
        }
      else
        {
          lost++;
          waiter.waiting_for = NULL;
        }
      g_usleep (20000);
    }
  care_sync_engine_stop (a);
  care_sync_engine_stop (b);

  g_array_sort (ms, compare_doubles);
  if (ms->len > 0)
    printf ("%s on A visible in B's store: p50 %.1f ms  p95 %.1f ms  max %.1f ms  (n=%u, not arrived in 5 s: %u)\n",
            alerts ? "alert" : "change", g_array_index (ms, double, ms->len / 2),
            g_array_index (ms, double, (guint) (ms->len * 0.95)),
            g_array_index (ms, double, ms->len - 1), ms->len, lost);
  g_object_unref (store_a);
  g_object_unref (store_b);
}

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  gboolean alerts = argc > 3 && g_str_equal (argv[3], "alerts");
  guint rounds = argc > 4 ? (guint) g_ascii_strtoull (argv[4], NULL, 10) : alerts ? 500 : 200;
  g_autofree char *dir = argc > 2 ? g_strdup (argv[2]) : g_dir_make_tmp ("caredesk-sync-bench-XXXXXX", NULL);
  g_autofree char *database = g_build_filename (dir, "server.sqlite", NULL);
  g_autofree char *base_url = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_unlink (database);
  fill_server (database, n);
  server = start_server (database, &base_url);

  if (!alerts)
    {
      CareStore *store;
      g_autoptr(CareSyncEngine) engine = workstation (dir, "initial.sqlite", base_url, "admin", &store);
      gint64 start = g_get_monotonic_time (), rows;
      double seconds;

      if (!care_sync_engine_sync_once (engine, NULL, &error))
        die ("initial sync", error);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      rows = count_rows (store);
      printf ("initial sync: %" G_GINT64_FORMAT " rows in %.2f s = %.0f rows/s end to end\n",
              rows, seconds, rows / seconds);
      g_object_unref (store);
    }

  propagation (dir, base_url, rounds, alerts);

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  printf ("data kept in %s\n", dir);
  return 0;
}
