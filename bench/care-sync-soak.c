/* care-sync-soak.c: many workstations, a crashing server and a lossy network, for minutes
 *
 *   care-sync-soak [--seconds 600] [--workstations 20] [--patients 8]
 *                  [--kill-every 30] [--fault-percent 5] [--edit-ms 100] [--seed 1]
 *
 * Issue 18's soak. The real caredesk-server runs on a copy of the demo
 * clinic (tests/server's fixture, a free port on 127.0.0.1). Each
 * workstation is its own store file with a real CareSyncEngine (its own
 * thread, connection and live socket), signed in online, and reaches the
 * server only through the test proxy (tests/sync/care-test-proxy.c), which
 * drops (the request, or the answer after the server committed) and
 * duplicates (at once, or replayed after the answer) fault-percent % of
 * the sync requests each. Every edit-ms one workstation, at random, sets
 * the phone or the email of one of the same few patients to a value no
 * other edit uses; one edit in ten is undone at once (A→B→A). Every
 * kill-every seconds the server is killed (SIGKILL) and started again on
 * the same port and database.
 *
 * At the end the faults stop, the engines stop, and every workstation
 * syncs until nothing is left to send and everyone has pulled everyone's
 * changes; then care-sync-soak-check.c checks the invariants and prints
 * the counts. The exit status is 0 only when every invariant holds.
 *
 * A benchmark program, not a test (BENCHMARKS.md, "Sync soak").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>

#include "care-sync-soak.h"

#define SYNC_PREFIX "/api/v1/sync/"

const char *const soak_fields[SOAK_N_FIELDS] = { "phone", "email" };

static int seconds = 600;
static int n_stations = 20;
static int n_patients = 8;
static int kill_every = 30;
static int fault_percent = 5;
static int edit_ms = 100;
static int seed = 1;

static const GOptionEntry options[] = {
  { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "How long the workstations edit (600)", "N" },
  { "workstations", 0, 0, G_OPTION_ARG_INT, &n_stations, "Workstations (20)", "N" },
  { "patients", 0, 0, G_OPTION_ARG_INT, &n_patients, "Patients everyone edits (8)", "N" },
  { "kill-every", 0, 0, G_OPTION_ARG_INT, &kill_every, "Seconds between server kills (30)", "S" },
  { "fault-percent", 0, 0, G_OPTION_ARG_INT, &fault_percent, "Sync requests dropped, and duplicated, each (5)", "P" },
  { "edit-ms", 0, 0, G_OPTION_ARG_INT, &edit_ms, "Milliseconds between two edits (100)", "MS" },
  { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the edits and the faults (1)", "N" },
  { NULL }
};

static GRand *rng;
static guint counter;

/* --- workstations ------------------------------------------------------- */

static SoakStation *
station_new (Soak  *soak,
             guint  index)
{
  /* Two roles that may edit patients, with two different scopes. */
  const char *login = index % 2 ? "reception" : "admin";
  const char *url = care_test_proxy_get_url (soak->proxy);
  SoakStation *s = g_new0 (SoakStation, 1);
  g_autoptr(CareSyncSession) session = NULL;
  g_autoptr(GError) error = NULL;

  s->index = index;
  s->name = g_strdup_printf ("ws%02u", index);
  s->path = g_strdup_printf ("%s/%s.sqlite", soak->dir, s->name);
  s->store = care_store_open (s->path, &error);
  if (s->store == NULL)
    g_error ("%s: %s", s->name, error->message);
  session = care_sync_login (url, login, CARE_TEST_PASSWORD, NULL, &error);
  if (session == NULL || !care_sync_adopt_session (s->store, url, session, CARE_TEST_PASSWORD, &error))
    g_error ("%s: sign-in: %s", s->name, error->message);
  care_store_set_actor (s->store, session->user_id);
  s->engine = care_sync_engine_new (s->path, url, &error);
  if (s->engine == NULL)
    g_error ("%s: engine: %s", s->name, error->message);
  care_sync_engine_set_tokens (s->engine, session->access_token, session->refresh_token);
  if (!care_sync_engine_sync_once (s->engine, NULL, &error))
    g_error ("%s: first sync: %s", s->name, error->message);
  return s;
}

static void
station_free (gpointer data)
{
  SoakStation *s = data;

  care_sync_engine_stop (s->engine);
  g_clear_object (&s->engine);
  g_clear_object (&s->store);
  g_free (s->name);
  g_free (s->path);
  g_free (s);
}

/* The first n patients by id, and their fields as the server has them. */
static void
choose_patients (Soak *soak)
{
  SoakStation *first = g_ptr_array_index (soak->stations, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = care_store_list (first->store, care_schema_lookup ("patient"),
                                                  NULL, NULL, "id", n_patients, &error);

  if (records == NULL || records->len < (guint) n_patients)
    g_error ("not enough patients: %s", error ? error->message : "the demo clinic has fewer");
  soak->patients = g_ptr_array_new_with_free_func (g_free);
  soak->initial = g_new0 (char *, n_patients * SOAK_N_FIELDS + 1);
  for (guint i = 0; i < records->len; i++)
    {
      CareRecord *r = g_ptr_array_index (records, i);

      g_ptr_array_add (soak->patients, g_strdup (care_record_get_id (r)));
      for (guint f = 0; f < SOAK_N_FIELDS; f++)
        soak->initial[i * SOAK_N_FIELDS + f] = g_strdup (care_record_get (r, soak_fields[f]));
    }
}

/* --- edits -------------------------------------------------------------- */

static gboolean
set_field (Soak        *soak,
           SoakStation *s,
           guint        patient,
           guint        field,
           const char  *value,
           gboolean     undo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) r = care_store_get (s->store, care_schema_lookup ("patient"),
                                            g_ptr_array_index (soak->patients, patient), &error);
  SoakEdit edit = { s->index, patient, field, g_strdup (value), undo };

  if (r == NULL)
    g_error ("%s: a soak patient is gone: %s", s->name, error->message);
  care_record_set (r, soak_fields[field], value);
  if (!care_store_update (s->store, r, &error))
    {
      /* The engine held the store's write lock too long: no edit made. */
      soak->failed_edits++;
      g_free (edit.value);
      return FALSE;
    }
  g_array_append_val (soak->edits, edit);
  return TRUE;
}

static gboolean
edit_cb (gpointer data)
{
  Soak *soak = data;
  SoakStation *s = g_ptr_array_index (soak->stations, g_rand_int_range (rng, 0, soak->stations->len));
  guint patient = g_rand_int_range (rng, 0, soak->patients->len);
  guint field = g_rand_int_range (rng, 0, SOAK_N_FIELDS);
  g_autofree char *value = NULL;
  g_autofree char *before = NULL;

  counter++;
  value = field == 0 ? g_strdup_printf ("+34 6%02u %06u", s->index, counter)
                     : g_strdup_printf ("ws%02u.e%06u@soak.example", s->index, counter);
  {
    g_autoptr(CareRecord) r = care_store_get (s->store, care_schema_lookup ("patient"),
                                              g_ptr_array_index (soak->patients, patient), NULL);
    before = r ? g_strdup (care_record_get (r, soak_fields[field])) : NULL;
  }
  if (set_field (soak, s, patient, field, value, FALSE) && before && g_rand_int_range (rng, 0, 10) == 0)
    set_field (soak, s, patient, field, before, TRUE);
  care_sync_engine_kick (s->engine);
  return G_SOURCE_CONTINUE;
}

/* --- the server's crashes ----------------------------------------------- */

static gboolean
kill_cb (gpointer data)
{
  Soak *soak = data;

  care_test_server_kill (soak->server);
  care_test_server_restart (soak->server);
  soak->restarts++;
  return G_SOURCE_CONTINUE;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
add_faults (CareTestProxy *proxy)
{
  /* Half of each share for either form: a request lost on the way, or an
   * answer lost after the server committed; a copy sent at once beside
   * it, or sent again after the answer. */
  const CareTestProxyFault kinds[] = { CARE_TEST_PROXY_CUT, CARE_TEST_PROXY_DROP_RESPONSE,
                                       CARE_TEST_PROXY_DUPLICATE, CARE_TEST_PROXY_DUPLICATE_LATE };

  care_test_proxy_set_seed (proxy, (guint32) seed);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      CareTestProxyRule rule = { kinds[i], SYNC_PREFIX, 0 };

      /* Each rule sees what the ones before it left: fault-percent / 2 of
       * all requests each. */
      rule.percent = 100.0 * fault_percent / (200.0 - fault_percent * i);
      care_test_proxy_add_fault (proxy, &rule);
    }
}

/* --- the quiet end ------------------------------------------------------ */

/* Every workstation syncs, round after round, until a round in which none
 * had anything to send (and so everyone pulled everyone's last change). */
static void
quiet_sync (Soak *soak)
{
  for (guint round = 0; round < 10; round++)
    {
      gboolean sent = FALSE;

      for (guint i = 0; i < soak->stations->len; i++)
        {
          SoakStation *s = g_ptr_array_index (soak->stations, i);

          if (care_store_outbox_count (s->store) > 0)
            sent = TRUE;
          for (guint attempt = 0; attempt < 5; attempt++)
            {
              g_autoptr(GError) error = NULL;

              if (care_sync_engine_sync_once (s->engine, NULL, &error))
                break;
              soak->quiet_failures++;
              g_printerr ("%s: quiet sync failed: %s\n", s->name, error->message);
            }
        }
      if (!sent && round > 0)
        return;
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— sync soak: workstations, a crashing server, a lossy network");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Soak soak = { 0 };
  guint edit_source, kill_source;
  gint64 start;
  gboolean ok;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  rng = g_rand_new_with_seed ((guint32) seed);

  soak.dir = care_test_tmpdir ();
  soak.db = care_test_demo_database (soak.dir);
  soak.server = care_test_server_start (soak.dir, soak.db, (const char *const[]) { "--log-level", "warning", NULL });
  {
    g_autofree char *origin = g_strdup_printf ("http://127.0.0.1:%u", soak.server->port);
    soak.proxy = care_test_proxy_new (origin);
  }
  soak.stations = g_ptr_array_new_with_free_func (station_free);
  soak.edits = g_array_new (FALSE, TRUE, sizeof (SoakEdit));
  start = g_get_monotonic_time ();
  for (int i = 0; i < n_stations; i++)
    g_ptr_array_add (soak.stations, station_new (&soak, i));
  choose_patients (&soak);
  printf ("%d workstations signed in and synced in %.1f s; server on port %u, proxy at %s\n",
          n_stations, (g_get_monotonic_time () - start) / 1e6, soak.server->port,
          care_test_proxy_get_url (soak.proxy));
  fflush (stdout);

  add_faults (soak.proxy);
  for (guint i = 0; i < soak.stations->len; i++)
    care_sync_engine_start (((SoakStation *) g_ptr_array_index (soak.stations, i))->engine);
  edit_source = g_timeout_add (edit_ms, edit_cb, &soak);
  kill_source = g_timeout_add_seconds (kill_every, kill_cb, &soak);
  g_timeout_add_seconds (seconds, quit_cb, loop);
  start = g_get_monotonic_time ();
  g_main_loop_run (loop);
  g_source_remove (edit_source);
  g_source_remove (kill_source);
  printf ("edited for %.0f s: %u edits, %u refused by a busy local store, server killed and restarted %u times\n",
          (g_get_monotonic_time () - start) / 1e6, soak.edits->len, soak.failed_edits, soak.restarts);
  fflush (stdout);

  /* The quiet end: no faults, no kills, no engine threads. */
  care_test_proxy_clear_faults (soak.proxy);
  {
    gint64 pending = 0;

    for (guint i = 0; i < soak.stations->len; i++)
      {
        SoakStation *s = g_ptr_array_index (soak.stations, i);

        care_sync_engine_stop (s->engine);
        pending += care_store_outbox_count (s->store);
      }
    printf ("still to send when the edits stopped: %" G_GINT64_FORMAT " outbox entries\n", pending);
  }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  quiet_sync (&soak);

  ok = soak_check (&soak);

  g_ptr_array_unref (soak.stations);
  care_test_proxy_free (soak.proxy);
  care_test_server_free (soak.server);
  printf ("%s\n", ok ? "every invariant holds" : "INVARIANTS FAILED");
  return ok ? 0 : 1;
}
