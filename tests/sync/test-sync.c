/* test-sync.c: workstations and the clinic server, end to end, under faults
 *
 * Each test starts the real caredesk-server (tests/server's fixture) on a
 * copy of the demo clinic, makes workstations (real store files in the
 * test's temporary directory, real CareSyncEngines, signed in online with
 * the demo accounts), and puts the fault-injecting proxy of
 * care-test-proxy.c between them where the test needs the network to
 * misbehave. What a test asserts is read back from the store files and
 * from the server (its REST API, or its database file).
 *
 * Nothing waits a fixed long time: conditions are polled with a deadline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include "care-test-records.h"

#include <string.h>
#include <sqlite3.h>
#include <libpq-fe.h>
#include <glib/gstdio.h>

#include "care-server-fixture.h"
#include "care-server-storage.h"
#include "care-store-private.h"
#include "care-lab-reports.h"
#include "care-orders.h"
#include "care-sync-engine.h"
#include "care-test-proxy.h"

#define PUSH    "/api/v1/sync/push"
#define PULL    "/api/v1/sync/pull"
#define LIVE    "/api/v1/sync/live"
#define REFRESH "/api/v1/auth/refresh"

#define PATIENT (care_schema_lookup ("patient"))

/* --- the clinic: server, optional proxy -------------------------------- */

typedef struct {
  char           *dir;
  char           *db;
  CareTestServer *server;
  char           *origin;   /* http://127.0.0.1:PORT: the server itself */
  CareTestProxy  *proxy;
  char           *admin;    /* the admin's access token, for REST calls */
  char           *admin_id;
} Clinic;

static Clinic *
clinic_new (const char *const *server_args,
            gboolean           with_proxy)
{
  Clinic *c = g_new0 (Clinic, 1);
  g_autoptr(JsonObject) session = NULL;

  g_autofree char *history = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  c->dir = care_test_tmpdir ();
  c->db = care_test_demo_database (c->dir);
  /* PostgreSQL has no default place for the sync history: DIR/sync.history
   * (the last --sync-history of server_args wins). */
  if (g_strcmp0 (g_getenv ("CAREDESK_TEST_STORAGE"), "postgresql") == 0)
    {
      history = g_build_filename (c->dir, "sync.history", NULL);
      g_ptr_array_add (args, (gpointer) "--sync-history");
      g_ptr_array_add (args, history);
    }
  for (guint i = 0; server_args && server_args[i]; i++)
    g_ptr_array_add (args, (gpointer) server_args[i]);
  g_ptr_array_add (args, NULL);
  c->server = care_test_server_start (c->dir, c->db, (const char *const *) args->pdata);
  c->origin = g_strdup_printf ("http://127.0.0.1:%u", c->server->port);
  if (with_proxy)
    c->proxy = care_test_proxy_new (c->origin);
  session = care_test_login_full (c->server, "/auth/login", "admin", CARE_TEST_PASSWORD, NULL);
  c->admin = g_strdup (json_object_get_string_member (session, "access_token"));
  c->admin_id = g_strdup (json_object_get_string_member (json_object_get_object_member (session, "user"), "id"));
  return c;
}

static void
clinic_free (Clinic *c)
{
  g_clear_pointer (&c->proxy, care_test_proxy_free);
  care_test_server_free (c->server);  /* removes c->dir */
  g_free (c->dir);
  g_free (c->db);
  g_free (c->origin);
  g_free (c->admin);
  g_free (c->admin_id);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Clinic, clinic_free)

/* Whether the server runs on PostgreSQL (the "-pg" registrations). */
static gboolean
on_postgresql (Clinic *c)
{
  return strstr (c->server->database, "dbname=") != NULL;
}

/* server_int() on PostgreSQL: ?1 is $1 there. */
static gint64
server_pg_int (Clinic     *c,
               const char *sql,
               const char *arg)
{
  g_auto(GStrv) parts = g_strsplit (sql, "?1", -1);
  g_autofree char *pg_sql = g_strjoinv ("$1", parts);
  const char *params[] = { arg };
  PGconn *conn = PQconnectdb (c->server->database);
  PGresult *result;
  gint64 n = -1;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexecParams (conn, pg_sql, arg ? 1 : 0, NULL, params, NULL, NULL, 0);
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", pg_sql, PQresultErrorMessage (result));
  if (PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    n = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  PQfinish (conn);
  return n;
}

/* One integer from the server's database file (read beside the running
 * server: WAL lets a reader in at any time). arg binds ?1 (may be NULL). */
static gint64
server_int (Clinic     *c,
            const char *sql,
            const char *arg)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (on_postgresql (c))
    return server_pg_int (c, sql, arg);
  g_assert_cmpint (sqlite3_open (c->db, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (arg)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* The highest change sequence the server has handed out (AUTOINCREMENT
 * never reuses one): every applied write of a synced record takes one. */
static gint64
server_seq_head (Clinic *c)
{
  /* PostgreSQL's sequence also counts provisional numbers (commit order,
   * docs/sync.md): the latest change is the head handed out. */
  if (on_postgresql (c))
    return server_int (c, "SELECT coalesce(max(seq), 0) FROM sync_changes", NULL);
  return server_int (c, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'sync_changes'), 0)", NULL);
}

/* The sequence of a record's latest change on the server (0: none). */
static gint64
server_record_seq (Clinic     *c,
                   const char *id)
{
  gint64 seq = server_int (c, "SELECT seq FROM sync_changes WHERE record_id = ?1", id);

  return MAX (seq, 0);
}

/* A field of a record as the server's REST API has it; NULL: no such
 * record (404) or no value. */
static char *
server_value (Clinic     *c,
              const char *collection,
              const char *id,
              const char *field)
{
  g_autofree char *path = g_strdup_printf ("/%s/%s", collection, id);
  g_autoptr(CareTestResponse) r = care_test_request (c->server, "GET", path, c->admin, NULL);
  JsonObject *o;

  if (r->status == 404)
    return NULL;
  g_assert_cmpuint (r->status, ==, 200);
  o = care_test_data_object (r);
  if (!json_object_has_member (o, field) || JSON_NODE_HOLDS_NULL (json_object_get_member (o, field)))
    return NULL;
  if (json_node_get_value_type (json_object_get_member (o, field)) == G_TYPE_STRING)
    return g_strdup (json_object_get_string_member (o, field));
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (o, field));
}

static gboolean
server_has (Clinic     *c,
            const char *collection,
            const char *id)
{
  g_autofree char *path = g_strdup_printf ("/%s/%s", collection, id);
  g_autoptr(CareTestResponse) r = care_test_request (c->server, "GET", path, c->admin, NULL);

  g_assert_true (r->status == 200 || r->status == 404);
  return r->status == 200;
}

/* PATCH /collection/id {field: value} as the admin (someone at the server). */
static void
server_patch (Clinic     *c,
              const char *collection,
              const char *id,
              const char *field,
              const char *value)
{
  g_autofree char *path = g_strdup_printf ("/%s/%s", collection, id);
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *body = NULL;
  g_autoptr(CareTestResponse) r = NULL;

  json_object_set_string_member (o, field, value);
  json_node_set_object (node, o);
  body = json_to_string (node, FALSE);
  r = care_test_request (c->server, "PATCH", path, c->admin, body);
  if (r->status != 200)
    g_error ("PATCH %s: %u %s", path, r->status, r->body);
}

/* --- workstations ------------------------------------------------------ */

typedef struct {
  Clinic         *clinic;
  char           *name;
  char           *path;          /* the store file */
  char           *url;           /* the server as this workstation sees it */
  CareStore      *store;         /* the UI's connection */
  CareSyncEngine *engine;        /* with its own connection */
  char           *user_id;
  char           *access_token;  /* of the online sign-in, for REST checks */
  gboolean        started;
} Workstation;

static void
iterate_main_context (void)
{
  /* Engine notifications arrive in the creator's (this thread's) context. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A new workstation signed in online as login, through the proxy or not,
 * with everything its user may see pulled. */
static Workstation *
workstation_new (Clinic     *c,
                 const char *name,
                 const char *login,
                 gboolean    via_proxy)
{
  Workstation *w = g_new0 (Workstation, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareSyncSession) session = NULL;
  g_autofree char *file = g_strdup_printf ("%s.sqlite", name);

  w->clinic = c;
  w->name = g_strdup (name);
  w->path = g_build_filename (c->dir, file, NULL);
  w->url = g_strdup (via_proxy ? care_test_proxy_get_url (c->proxy) : c->origin);
  w->store = care_store_open (w->path, &error);
  g_assert_no_error (error);

  session = care_sync_login (w->url, login, CARE_TEST_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_true (care_sync_adopt_session (w->store, w->url, session, CARE_TEST_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (care_store_get_tenant_id (w->store), ==, session->tenant_id);
  w->user_id = g_strdup (session->user_id);
  w->access_token = g_strdup (session->access_token);
  care_store_set_actor (w->store, w->user_id);

  w->engine = care_sync_engine_new (w->path, w->url, &error);
  g_assert_no_error (error);
  care_sync_engine_set_tokens (w->engine, session->access_token, session->refresh_token);
  g_assert_true (care_sync_engine_sync_once (w->engine, NULL, &error));
  g_assert_no_error (error);
  iterate_main_context ();
  return w;
}

static void
workstation_free (Workstation *w)
{
  if (w->started)
    care_sync_engine_stop (w->engine);
  iterate_main_context ();
  g_clear_object (&w->engine);
  g_clear_object (&w->store);
  g_free (w->name);
  g_free (w->path);
  g_free (w->url);
  g_free (w->user_id);
  g_free (w->access_token);
  g_free (w);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Workstation, workstation_free)

static gboolean
sync_try (Workstation *w,
          GError     **error)
{
  gboolean ok = care_sync_engine_sync_once (w->engine, NULL, error);

  iterate_main_context ();
  return ok;
}

static void
sync_ok (Workstation *w)
{
  g_autoptr(GError) error = NULL;

  if (!sync_try (w, &error))
    g_error ("%s: sync failed: %s", w->name, error ? error->message : "(no error set)");
}

static void
expect_failure (Workstation *w,
                CareSyncError code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sync_try (w, &error));
  g_assert_error (error, CARE_SYNC_ERROR, (gint) code);
}

typedef struct {
  Workstation *w;
  gboolean     ok;
  GError      *error;
  gint64       elapsed_us;
  gint         done;         /* atomic */
} SyncJob;

static gpointer
sync_job_thread (gpointer data)
{
  SyncJob *job = data;
  gint64 start = g_get_monotonic_time ();

  job->ok = care_sync_engine_sync_once (job->w->engine, NULL, &job->error);
  job->elapsed_us = g_get_monotonic_time () - start;
  g_atomic_int_set (&job->done, 1);
  return NULL;
}

/* sync_once in a thread of its own. */
static GThread *
sync_in_thread (SyncJob     *job,
                Workstation *w)
{
  memset (job, 0, sizeof *job);
  job->w = w;
  return g_thread_new ("sync-job", sync_job_thread, job);
}

/* Waits until expr holds, polling, for at most ms milliseconds. */
#define WAIT_UNTIL(expr, ms) \
  G_STMT_START { \
    gint64 wait_deadline_ = g_get_monotonic_time () + (gint64) (ms) * G_TIME_SPAN_MILLISECOND; \
    while (!(expr)) \
      { \
        if (g_get_monotonic_time () > wait_deadline_) \
          g_error ("%s:%d: still not true after %d ms: %s", __FILE__, __LINE__, (int) (ms), #expr); \
        iterate_main_context (); \
        g_usleep (20 * G_TIME_SPAN_MILLISECOND); \
      } \
  } G_STMT_END

/* --- local records ----------------------------------------------------- */

static CareRecord *
local_get (Workstation      *w,
           const CareEntity *entity,
           const char       *id)
{
  g_autoptr(GError) error = NULL;
  CareRecord *r = care_store_get (w->store, entity, id, &error);

  if (r == NULL)
    g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND);
  return r;
}

static char *
local_value (Workstation *w,
             const char  *id,
             const char  *field)
{
  g_autoptr(CareRecord) r = local_get (w, PATIENT, id);

  return r ? g_strdup (care_record_get (r, field)) : NULL;
}

static gboolean
local_value_is (Workstation *w,
                const char  *id,
                const char  *field,
                const char  *value)
{
  g_autofree char *v = local_value (w, id, field);

  return g_strcmp0 (v, value) == 0;
}

/* An ordinary local edit (with its outbox entry), as a form would save it. */
static void
local_set (Workstation *w,
           const char  *id,
           const char  *field,
           const char  *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) r = local_get (w, PATIENT, id);

  g_assert_nonnull (r);
  care_record_set (r, field, value);
  g_assert_true (care_store_update (w->store, r, &error));
  g_assert_no_error (error);
}

static char *
local_new_patient (Workstation *w,
                   const char  *given,
                   const char  *family,
                   const char  *birth)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) p = care_record_new (PATIENT);
  g_autofree char *mrn = care_store_next_number (w->store, "mrn", &error);

  g_assert_no_error (error);
  care_record_set (p, "mrn", mrn);
  care_record_set (p, "given_name", given);
  care_record_set (p, "family_name", family);
  care_record_set (p, "date_of_birth", birth);
  care_record_set (p, "sex", "female");
  care_record_set (p, "status", "new");
  g_assert_true (care_store_insert (w->store, p, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (p));
}

static void
local_delete (Workstation *w,
              const char  *id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (care_store_delete (w->store, PATIENT, id, &error));
  g_assert_no_error (error);
}

/* The ids of the first n patients of the clinic, in id order (the same on
 * every workstation). */
static GPtrArray *
some_patients (Workstation *w,
               guint        n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = care_store_list (w->store, PATIENT, NULL, NULL, "id", n, &error);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, n);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (ids, g_strdup (care_record_get_id (g_ptr_array_index (records, i))));
  return ids;
}

static gint64
outbox_rows (Workstation *w,
             const char  *state)
{
  g_autofree char *n = care_store_query_text (w->store, "SELECT count(*) FROM outbox WHERE state = ?1", state, NULL);

  return n ? g_ascii_strtoll (n, NULL, 10) : -1;
}

static gint64
local_int (Workstation *w,
           const char  *sql,
           const char  *arg)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *n = care_store_query_text (w->store, sql, arg, &error);

  g_assert_no_error (error);
  return n ? g_ascii_strtoll (n, NULL, 10) : -1;
}

static gint64
local_cursor (Workstation *w)
{
  g_autofree char *cursor = care_store_get_meta (w->store, "sync_cursor");

  return cursor ? g_ascii_strtoll (cursor, NULL, 10) : 0;
}

/* The one open conflict of a workstation about record_id. */
static JsonObject *
only_conflict (Workstation *w,
               const char  *record_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = care_sync_list_conflicts (w->store, &error);
  JsonObject *found = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (conflicts);
  for (guint i = 0; i < conflicts->len; i++)
    {
      JsonObject *o = g_ptr_array_index (conflicts, i);

      if (g_strcmp0 (json_object_get_string_member (o, "record_id"), record_id) == 0)
        {
          g_assert_null (found);
          found = json_object_ref (o);
        }
    }
  if (found == NULL)
    g_error ("%s: no conflict about %s (%u open)", w->name, record_id, conflicts->len);
  return found;
}

static guint
n_conflicts (Workstation *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = care_sync_list_conflicts (w->store, &error);

  g_assert_no_error (error);
  return conflicts->len;
}

/* --- 1. a response lost after the server committed ---------------------- */

/* The server applies a push and commits, and the answer never reaches the
 * workstation. The workstation sends the same mutations again: the server
 * answers from the stored results and writes nothing, and the outbox drains. */
static void
test_lost_response (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, TRUE);
  g_autoptr(Workstation) w = workstation_new (c, "front-desk", "reception", TRUE);
  g_autoptr(GPtrArray) ids = some_patients (w, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *new_id = local_new_patient (w, "Lost", "Answer", "1980-02-02");
  g_autofree char *city = NULL;
  CareTestProxyRule drop = { CARE_TEST_PROXY_DROP_RESPONSE, PUSH, 1 };
  gint64 head0, head1;
  guint sent;

  /* Two edits of one field: replayed without the stored results, the first
   * would now be a conflict against the second. */
  local_set (w, ids->pdata[0], "city", "Lostford");
  local_set (w, ids->pdata[0], "city", "Lostville");
  g_assert_cmpint (outbox_rows (w, "pending"), ==, 3);
  head0 = server_seq_head (c);
  sent = care_test_proxy_upstream_count (c->proxy, PUSH);

  care_test_proxy_add_fault (c->proxy, &drop);
  g_assert_false (sync_try (w, &error));
  g_assert_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpuint (care_test_proxy_faults_left (c->proxy), ==, 0);
  g_assert_cmpuint (care_test_proxy_upstream_count (c->proxy, PUSH), ==, sent + 1);

  /* The server did commit them, the two edits as their net change… */
  head1 = server_seq_head (c);
  g_assert_cmpint (head1 - head0, ==, 2);
  g_assert_true (server_has (c, "patients", new_id));
  city = server_value (c, "patients", ids->pdata[0], "city");
  g_assert_cmpstr (city, ==, "Lostville");
  /* …and the workstation, without an answer, keeps every entry it sent. */
  g_assert_cmpint (outbox_rows (w, "pending"), ==, 2);

  sync_ok (w);
  /* The same mutation ids again: nothing written twice. */
  g_assert_cmpint (server_seq_head (c), ==, head1);
  g_assert_cmpint (server_int (c, "SELECT count(*) FROM patients WHERE family_name = 'Answer'", NULL), ==, 1);
  g_assert_cmpint (care_store_outbox_count (w->store), ==, 0);
  g_assert_cmpint (care_sync_engine_get_pending (w->engine), ==, 0);
  g_assert_cmpint (care_sync_engine_get_conflicts (w->engine), ==, 0);
  g_assert_cmpuint (n_conflicts (w), ==, 0);
  g_assert_true (local_value_is (w, ids->pdata[0], "city", "Lostville"));
}

/* --- 2. killed while applying a pulled page ----------------------------- */

#define CRASH_PAGE 5
#define CRASH_CHANGES 12

/* The child: pulls with small pages and dies inside one. */
static void
crash_child (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareSyncEngine) engine = care_sync_engine_new (g_getenv ("CARE_TEST_STORE"),
                                                           g_getenv ("CARE_TEST_URL"), &error);

  g_assert_no_error (error);
  care_sync_engine_set_tokens (engine, g_getenv ("CARE_TEST_ACCESS"), NULL);
  care_sync_engine_set_page_size (engine, CRASH_PAGE);
  care_sync_engine_set_crash_after (engine, 2);
  g_print ("child: syncing\n");
  care_sync_engine_sync_once (engine, NULL, &error);
  /* Not reached: the engine exits inside the page's transaction. */
  g_print ("child: sync_once returned\n");
}

/* 12 changes wait at the server: three pages of 5. The first two pages
 * are applied, the third does not come (the server answers 503); then the
 * process dies after applying 2 changes of the third page, inside its
 * transaction. The store is intact, its cursor is the one after the second
 * page, exactly the changes up to it are in the rows, and the next sync
 * converges. */
static void
test_crash_while_applying (void)
{
  g_autoptr(Clinic) c = NULL;
  g_autoptr(Workstation) w = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GArray) page_cursors = g_array_new (FALSE, FALSE, sizeof (gint64));
  CareTestProxyRule third = { CARE_TEST_PROXY_STATUS, PULL, 1, .skip = 2, .status = 503 };
  gint64 cursor0, after_two, head;
  guint applied = 0;

  if (g_test_subprocess ())
    {
      crash_child ();
      return;
    }

  c = clinic_new (NULL, TRUE);
  w = workstation_new (c, "ward", "reception", TRUE);
  ids = some_patients (w, CRASH_CHANGES);
  cursor0 = local_cursor (w);
  g_assert_cmpint (cursor0, >, 0);

  /* Someone at the server changes 12 patients. */
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *city = g_strdup_printf ("Crashville %u", i);
      server_patch (c, "patients", ids->pdata[i], "city", city);
    }
  head = server_seq_head (c);

  /* The page boundaries of a pull from cursor0 by pages of 5. */
  {
    gint64 at = cursor0;
    gboolean more = TRUE;

    g_array_append_val (page_cursors, at);
    while (more)
      {
        g_autofree char *path = g_strdup_printf ("/sync/pull?cursor=%" G_GINT64_FORMAT "&limit=%d", at, CRASH_PAGE);
        g_autoptr(CareTestResponse) r = care_test_request (c->server, "GET", path, w->access_token, NULL);
        JsonObject *data;

        g_assert_cmpuint (r->status, ==, 200);
        data = care_test_data_object (r);
        g_assert_cmpuint (json_array_get_length (json_object_get_array_member (data, "changes")), <=, CRASH_PAGE);
        at = json_object_get_int_member (data, "cursor");
        more = json_object_get_boolean_member (data, "more");
        g_array_append_val (page_cursors, at);
      }
    g_assert_cmpuint (page_cursors->len, ==, 4);
    g_assert_cmpint (g_array_index (page_cursors, gint64, 3), ==, head);
  }

  /* Two pages in, the third refused. */
  care_sync_engine_set_page_size (w->engine, CRASH_PAGE);
  care_test_proxy_add_fault (c->proxy, &third);
  expect_failure (w, CARE_SYNC_ERROR_SERVER);
  after_two = g_array_index (page_cursors, gint64, 2);
  g_assert_cmpint (local_cursor (w), ==, after_two);

  /* The child dies after 2 changes of the third page. */
  g_setenv ("CARE_TEST_STORE", w->path, TRUE);
  g_setenv ("CARE_TEST_URL", w->url, TRUE);
  g_setenv ("CARE_TEST_ACCESS", w->access_token, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("*child: syncing*");
  g_test_trap_assert_stdout_unmatched ("*sync_once returned*");

  /* The file is sound. */
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open (w->path, &db), ==, SQLITE_OK);
    care_store_add_sql_functions (db);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  /* The cursor is still the one after the second page… */
  g_assert_cmpint (local_cursor (w), ==, after_two);
  /* …and exactly the changes up to it are in the rows: none of the third
   * page's, though two of them had been written when the process died. */
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *city = g_strdup_printf ("Crashville %u", i);
      gint64 seq = server_record_seq (c, ids->pdata[i]);
      gboolean has = local_value_is (w, ids->pdata[i], "city", city);

      if (seq <= after_two)
        g_assert_true (has);
      else
        g_assert_false (has);
      applied += has;
    }
  g_assert_cmpuint (applied, ==, 2 * CRASH_PAGE);

  /* A normal sync finishes the job. */
  sync_ok (w);
  g_assert_cmpint (local_cursor (w), ==, head);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *city = g_strdup_printf ("Crashville %u", i);
      g_assert_true (local_value_is (w, ids->pdata[i], "city", city));
    }
}

/* --- 3. the same record edited on two offline workstations -------------- */

/* Two workstations edit the same field while offline: the second to sync
 * gets a conflict holding both values and both authors, and the server
 * keeps the first. Edits of different fields of one record merge, on the
 * server and on both workstations. */
static void
test_offline_edits (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) a = workstation_new (c, "front-desk", "reception", FALSE);
  g_autoptr(Workstation) b = workstation_new (c, "back-office", "admin", FALSE);
  g_autoptr(GPtrArray) ids = some_patients (a, 2);
  g_autoptr(JsonObject) conflict = NULL;
  g_autofree char *base = local_value (a, ids->pdata[0], "city");
  g_autofree char *server_city = NULL;
  g_autofree char *server_notes = NULL;
  JsonObject *detail, *field;
  JsonArray *fields;

  /* Same field. */
  local_set (a, ids->pdata[0], "city", "Alcalá");
  local_set (b, ids->pdata[0], "city", "Burgos");
  sync_ok (a);
  sync_ok (b);

  server_city = server_value (c, "patients", ids->pdata[0], "city");
  g_assert_cmpstr (server_city, ==, "Alcalá");
  g_assert_cmpuint (n_conflicts (a), ==, 0);
  conflict = only_conflict (b, ids->pdata[0]);
  g_assert_cmpstr (json_object_get_string_member (conflict, "kind"), ==, "field");
  g_assert_cmpstr (json_object_get_string_member (conflict, "entity"), ==, "patient");
  g_assert_cmpstr (json_object_get_string_member (conflict, "actor"), ==, b->user_id);
  detail = json_object_get_object_member (conflict, "detail");
  g_assert_nonnull (detail);
  fields = json_object_get_array_member (detail, "conflicts");
  g_assert_cmpuint (json_array_get_length (fields), ==, 1);
  field = json_array_get_object_element (fields, 0);
  g_assert_cmpstr (json_object_get_string_member (field, "field"), ==, "city");
  g_assert_cmpstr (json_object_get_string_member (field, "mine"), ==, "Burgos");
  g_assert_cmpstr (json_object_get_string_member (field, "theirs"), ==, "Alcalá");
  g_assert_cmpstr (json_object_get_string_member (field, "theirs_by"), ==, a->user_id);
  if (base)
    g_assert_cmpstr (json_object_get_string_member (field, "base"), ==, base);
  g_assert_cmpint (care_sync_engine_get_conflicts (b->engine), ==, 1);
  /* The conflict left the outbox; b shows the server's value until someone picks. */
  g_assert_cmpint (care_store_outbox_count (b->store), ==, 0);
  g_assert_true (local_value_is (b, ids->pdata[0], "city", "Alcalá"));

  /* Different fields. */
  local_set (a, ids->pdata[1], "city", "Cádiz");
  local_set (b, ids->pdata[1], "notes", "Prefers mornings");
  sync_ok (a);
  sync_ok (b);
  sync_ok (a);
  g_clear_pointer (&server_city, g_free);
  server_city = server_value (c, "patients", ids->pdata[1], "city");
  server_notes = server_value (c, "patients", ids->pdata[1], "notes");
  g_assert_cmpstr (server_city, ==, "Cádiz");
  g_assert_cmpstr (server_notes, ==, "Prefers mornings");
  for (guint i = 0; i < 2; i++)
    {
      Workstation *w = i == 0 ? a : b;

      g_assert_true (local_value_is (w, ids->pdata[1], "city", "Cádiz"));
      g_assert_true (local_value_is (w, ids->pdata[1], "notes", "Prefers mornings"));
      g_assert_cmpint (care_store_outbox_count (w->store), ==, 0);
    }
  g_assert_cmpuint (n_conflicts (a), ==, 0);
  g_assert_cmpuint (n_conflicts (b), ==, 1);
}

/* --- 4. an edit racing a deletion --------------------------------------- */

/* A record one workstation edits while another deletes it is a conflict
 * whichever reaches the server first: a deletion after the edit is kept as
 * an "edited" conflict (nothing deleted), an edit after the deletion as a
 * "deleted" conflict (nothing re-created). */
static void
test_edit_races_delete (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) a = workstation_new (c, "front-desk", "reception", FALSE);
  g_autoptr(Workstation) b = workstation_new (c, "back-office", "admin", FALSE);
  g_autofree char *first = local_new_patient (a, "Edith", "Racer", "1970-01-01");
  g_autofree char *second = local_new_patient (a, "Delia", "Racer", "1971-01-01");

  sync_ok (a);
  sync_ok (b);
  {
    g_autoptr(CareRecord) r1 = local_get (b, PATIENT, first);
    g_autoptr(CareRecord) r2 = local_get (b, PATIENT, second);
    g_assert_nonnull (r1);
    g_assert_nonnull (r2);
  }

  /* The edit first, then the deletion. */
  {
    g_autoptr(JsonObject) conflict = NULL;
    g_autofree char *city = NULL;

    local_set (a, first, "city", "Edited first");
    local_delete (b, first);
    sync_ok (a);
    sync_ok (b);
    g_assert_true (server_has (c, "patients", first));
    city = server_value (c, "patients", first, "city");
    g_assert_cmpstr (city, ==, "Edited first");
    conflict = only_conflict (b, first);
    g_assert_cmpstr (json_object_get_string_member (conflict, "kind"), ==, "edited");
    /* The record is back on b, as the server has it. */
    g_assert_true (local_value_is (b, first, "city", "Edited first"));
    g_assert_cmpint (care_store_outbox_count (b->store), ==, 0);
    g_assert_cmpuint (n_conflicts (a), ==, 0);
  }

  /* The deletion first, then the edit. */
  {
    g_autoptr(JsonObject) conflict = NULL;
    g_autoptr(CareRecord) gone = NULL;

    local_delete (b, second);
    local_set (a, second, "city", "Edited second");
    sync_ok (b);
    sync_ok (a);
    g_assert_false (server_has (c, "patients", second));
    conflict = only_conflict (a, second);
    g_assert_cmpstr (json_object_get_string_member (conflict, "kind"), ==, "deleted");
    gone = local_get (a, PATIENT, second);
    g_assert_null (gone);
    g_assert_cmpint (care_store_outbox_count (a->store), ==, 0);
    g_assert_cmpuint (n_conflicts (b), ==, 1);  /* only the first case's */
  }
}

/* --- 5. a record edited while its push is in flight --------------------- */

/* The push of an edit is on its way (the proxy holds it) when the record is
 * edited again. The second edit is an outbox entry of its own: the first
 * push's result does not settle it, and it reaches the server in a push of
 * its own (the engine sends it in the round's next batch; the proxy holds
 * that one too so that the state in between can be looked at). Likewise an
 * edit made while a pull is in flight: the pulled page does not undo it
 * locally, and it is pushed next round. */
static void
test_edit_during_push (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, TRUE);
  g_autoptr(Workstation) w = workstation_new (c, "front-desk", "reception", TRUE);
  g_autoptr(GPtrArray) ids = some_patients (w, 1);
  CareTestProxyRule first_push = { CARE_TEST_PROXY_DELAY_REQUEST, PUSH, 1, .delay_ms = 1000 };
  /* Rules apply in order: the first push takes the first, the second the second. */
  CareTestProxyRule second_push = { CARE_TEST_PROXY_DELAY_REQUEST, PUSH, 1, .delay_ms = 1500 };
  guint pushes = care_test_proxy_count (c->proxy, PUSH);
  gint64 mutations = server_int (c, "SELECT count(*) FROM sync_mutations", NULL);
  g_autofree char *server_city = NULL;
  SyncJob job;
  GThread *thread;

  local_set (w, ids->pdata[0], "city", "First");
  care_test_proxy_add_fault (c->proxy, &first_push);
  care_test_proxy_add_fault (c->proxy, &second_push);
  thread = sync_in_thread (&job, w);
  g_assert_true (care_test_proxy_wait_count (c->proxy, PUSH, pushes + 1, 10000));
  /* The first push is held by the proxy: edit again. */
  local_set (w, ids->pdata[0], "city", "Second");
  g_assert_cmpint (outbox_rows (w, "pending"), ==, 2);

  /* The first push was answered and applied; the second is on its way. */
  g_assert_true (care_test_proxy_wait_count (c->proxy, PUSH, pushes + 2, 10000));
  server_city = server_value (c, "patients", ids->pdata[0], "city");
  g_assert_cmpstr (server_city, ==, "First");
  g_assert_cmpint (outbox_rows (w, "pending"), ==, 1);
  g_assert_true (local_value_is (w, ids->pdata[0], "city", "Second"));

  g_thread_join (thread);
  g_assert_no_error (job.error);
  g_assert_true (job.ok);
  iterate_main_context ();

  g_clear_pointer (&server_city, g_free);
  server_city = server_value (c, "patients", ids->pdata[0], "city");
  g_assert_cmpstr (server_city, ==, "Second");
  /* Two mutations, each with its own id, each applied once. */
  g_assert_cmpint (server_int (c, "SELECT count(*) FROM sync_mutations", NULL) - mutations, ==, 2);
  g_assert_cmpuint (care_test_proxy_count (c->proxy, PUSH), ==, pushes + 2);
  g_assert_cmpint (care_store_outbox_count (w->store), ==, 0);
  g_assert_true (local_value_is (w, ids->pdata[0], "city", "Second"));
  g_assert_cmpuint (n_conflicts (w), ==, 0);

  /* Nothing left for the next round. */
  sync_ok (w);
  g_assert_cmpuint (care_test_proxy_count (c->proxy, PUSH), ==, pushes + 2);

  /* An edit made while a pull is in flight (the proxy holds the answer, a
   * page with the server's new version of the same record): the page is
   * applied, and the pending edit again on top of it. */
  {
    CareTestProxyRule hold_pull = { CARE_TEST_PROXY_DELAY_RESPONSE, PULL, 1, .delay_ms = 1000 };
    g_autofree char *notes = NULL;
    guint pulls = care_test_proxy_count (c->proxy, PULL);

    server_patch (c, "patients", ids->pdata[0], "city", "Changed at the server");
    care_test_proxy_add_fault (c->proxy, &hold_pull);
    thread = sync_in_thread (&job, w);
    g_assert_true (care_test_proxy_wait_count (c->proxy, PULL, pulls + 1, 10000));
    local_set (w, ids->pdata[0], "notes", "Written during the pull");
    g_thread_join (thread);
    g_assert_no_error (job.error);
    g_assert_true (job.ok);
    iterate_main_context ();

    g_assert_true (local_value_is (w, ids->pdata[0], "city", "Changed at the server"));
    g_assert_true (local_value_is (w, ids->pdata[0], "notes", "Written during the pull"));
    g_assert_cmpint (outbox_rows (w, "pending"), ==, 1);
    sync_ok (w);
    notes = server_value (c, "patients", ids->pdata[0], "notes");
    g_assert_cmpstr (notes, ==, "Written during the pull");
    g_assert_true (local_value_is (w, ids->pdata[0], "city", "Changed at the server"));
    g_assert_cmpuint (n_conflicts (w), ==, 0);
  }
}

/* --- 6. server errors, timeouts, throttling, expired tokens, refusals --- */

/* Each answer that is not a result is handled as the protocol says: 5xx
 * and a timeout fail the round and the same batch goes again later; 429
 * fails it as THROTTLED and the started engine waits at least Retry-After
 * before trying again; 401 refreshes the token and carries on; a mutation
 * the server refuses (422) is kept as rejected while the ones around it
 * are applied. */
static void
test_error_answers (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, TRUE);
  g_autoptr(Workstation) w = workstation_new (c, "front-desk", "reception", TRUE);
  g_autoptr(GPtrArray) ids = some_patients (w, 6);
  g_autoptr(GError) error = NULL;

  /* 500 on push, 503 on pull. */
  {
    CareTestProxyRule e500 = { CARE_TEST_PROXY_STATUS, PUSH, 1, .status = 500 };
    CareTestProxyRule e503 = { CARE_TEST_PROXY_STATUS, PULL, 1, .status = 503 };
    g_autofree char *city = NULL;
    gint64 head = server_seq_head (c);

    local_set (w, ids->pdata[0], "city", "Five hundred");
    care_test_proxy_add_fault (c->proxy, &e500);
    expect_failure (w, CARE_SYNC_ERROR_SERVER);
    g_assert_cmpint (server_seq_head (c), ==, head);
    g_assert_cmpint (outbox_rows (w, "pending"), ==, 1);

    care_test_proxy_add_fault (c->proxy, &e503);
    expect_failure (w, CARE_SYNC_ERROR_SERVER);  /* the push went through, the pull did not */
    g_assert_cmpint (outbox_rows (w, "pending"), ==, 0);
    sync_ok (w);
    city = server_value (c, "patients", ids->pdata[0], "city");
    g_assert_cmpstr (city, ==, "Five hundred");
    g_assert_cmpint (local_cursor (w), ==, server_seq_head (c));
  }

  /* A server slower than the engine's timeout. */
  {
    CareTestProxyRule slow = { CARE_TEST_PROXY_DELAY_REQUEST, PUSH, 1, .delay_ms = 4000 };
    gint64 start;

    local_set (w, ids->pdata[1], "city", "Slowtown");
    care_sync_engine_set_timeout (w->engine, 1);
    care_test_proxy_add_fault (c->proxy, &slow);
    start = g_get_monotonic_time ();
    expect_failure (w, CARE_SYNC_ERROR_NETWORK);
    /* The engine gave up by its timeout, not when the proxy let go. */
    g_assert_cmpint (g_get_monotonic_time () - start, <, 3500 * G_TIME_SPAN_MILLISECOND);
    g_assert_cmpint (outbox_rows (w, "pending"), ==, 1);
    sync_ok (w);
    g_assert_cmpint (outbox_rows (w, "pending"), ==, 0);
    care_sync_engine_set_timeout (w->engine, 20);
  }

  /* 429 with Retry-After. */
  {
    CareTestProxyRule throttle = { CARE_TEST_PROXY_STATUS, PUSH, 1, .status = 429, .retry_after = 3 };
    guint pushes;
    gint64 first, second;

    local_set (w, ids->pdata[2], "city", "Throttled");
    care_test_proxy_add_fault (c->proxy, &throttle);
    expect_failure (w, CARE_SYNC_ERROR_THROTTLED);
    g_assert_cmpint (outbox_rows (w, "pending"), ==, 1);

    /* The started engine honours the delay before its next try. */
    care_test_proxy_add_fault (c->proxy, &throttle);
    pushes = care_test_proxy_count (c->proxy, PUSH);
    care_sync_engine_start (w->engine);
    w->started = TRUE;
    g_assert_true (care_test_proxy_wait_count (c->proxy, PUSH, pushes + 1, 10000));
    first = care_test_proxy_last_request_time (c->proxy, PUSH);
    g_assert_true (care_test_proxy_wait_count (c->proxy, PUSH, pushes + 2, 15000));
    second = care_test_proxy_last_request_time (c->proxy, PUSH);
    g_assert_cmpint (second - first, >=, 2900 * G_TIME_SPAN_MILLISECOND);
    WAIT_UNTIL (care_store_outbox_count (w->store) == 0, 10000);
    care_sync_engine_stop (w->engine);
    w->started = FALSE;
    iterate_main_context ();
  }

  /* 401: the token is refreshed once and the round goes on. */
  {
    CareTestProxyRule expired = { CARE_TEST_PROXY_STATUS, PUSH, 1, .status = 401 };
    g_autofree char *before = care_sync_engine_dup_refresh_token (w->engine);
    g_autofree char *after = NULL;
    g_autofree char *city = NULL;
    guint refreshes = care_test_proxy_count (c->proxy, REFRESH);

    local_set (w, ids->pdata[3], "city", "Refreshed");
    care_test_proxy_add_fault (c->proxy, &expired);
    sync_ok (w);
    g_assert_cmpuint (care_test_proxy_count (c->proxy, REFRESH), ==, refreshes + 1);
    after = care_sync_engine_dup_refresh_token (w->engine);
    g_assert_nonnull (after);
    g_assert_cmpstr (after, !=, before);
    city = server_value (c, "patients", ids->pdata[3], "city");
    g_assert_cmpstr (city, ==, "Refreshed");
    g_assert_cmpint (care_store_outbox_count (w->store), ==, 0);
    g_assert_cmpint (care_sync_engine_get_state (w->engine), ==, CARE_SYNC_STATE_ONLINE);
  }

  /* One refused mutation between two good ones. */
  {
    g_autoptr(CareRecord) bad = care_record_new (PATIENT);
    g_autoptr(GPtrArray) rejected = NULL;
    g_autofree char *city4 = NULL;
    g_autofree char *city5 = NULL;
    JsonObject *entry;
    JsonArray *errors;
    guint pushes;

    local_set (w, ids->pdata[4], "city", "Before the bad one");
    /* A birth date in the future, as an older workstation that did not
     * check it could have written: the server's validation refuses it. */
    care_record_set (bad, "given_name", "Future");
    care_record_set (bad, "family_name", "Born");
    care_record_set (bad, "date_of_birth", "2999-01-01");
    care_record_set (bad, "sex", "male");
    care_record_set (bad, "status", "new");
    g_assert_true (care_store_insert_full (w->store, bad, FALSE, &error));
    g_assert_no_error (error);
    local_set (w, ids->pdata[5], "city", "After the bad one");

    sync_ok (w);
    city4 = server_value (c, "patients", ids->pdata[4], "city");
    city5 = server_value (c, "patients", ids->pdata[5], "city");
    g_assert_cmpstr (city4, ==, "Before the bad one");
    g_assert_cmpstr (city5, ==, "After the bad one");
    g_assert_false (server_has (c, "patients", care_record_get_id (bad)));
    g_assert_cmpint (outbox_rows (w, "pending"), ==, 0);
    g_assert_cmpint (outbox_rows (w, "rejected"), ==, 1);
    g_assert_cmpint (care_sync_engine_get_rejected (w->engine), ==, 1);
    g_assert_cmpint (care_sync_engine_get_pending (w->engine), ==, 0);

    rejected = care_sync_list_rejected (w->store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rejected->len, ==, 1);
    entry = g_ptr_array_index (rejected, 0);
    g_assert_cmpstr (json_object_get_string_member (entry, "record_id"), ==, care_record_get_id (bad));
    g_assert_cmpstr (json_object_get_string_member (entry, "op"), ==, "insert");
    g_assert_nonnull (json_object_get_string_member (entry, "last_error"));
    errors = json_object_get_array_member (entry, "errors");
    g_assert_nonnull (errors);
    g_assert_cmpuint (json_array_get_length (errors), >=, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0), "field"), ==,
                     "date_of_birth");

    /* A refused change is not sent again. */
    pushes = care_test_proxy_count (c->proxy, PUSH);
    sync_ok (w);
    g_assert_cmpuint (care_test_proxy_count (c->proxy, PUSH), ==, pushes);

    /* Once the user has read it, it goes. */
    g_assert_true (care_sync_discard_rejected (w->store, json_object_get_string_member (entry, "mutation_id"), &error));
    g_assert_no_error (error);
    g_assert_cmpint (outbox_rows (w, "rejected"), ==, 0);
  }
}

/* --- 7. duplicated and reordered pushes --------------------------------- */

/* The network delivers a push twice, and a retried push before the
 * original. Whatever the server receives, each mutation changes the data
 * exactly once: the change log takes exactly one sequence per mutation. */
static void
test_duplicate_and_reorder (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, TRUE);
  g_autoptr(Workstation) a = workstation_new (c, "front-desk", "reception", TRUE);
  g_autoptr(Workstation) b = workstation_new (c, "back-office", "admin", TRUE);
  g_autoptr(GPtrArray) ids = some_patients (a, 5);

  /* Twice at once. */
  {
    CareTestProxyRule twice = { CARE_TEST_PROXY_DUPLICATE, PUSH, 1 };
    g_autofree char *fresh = local_new_patient (a, "Dupli", "Cate", "1990-09-09");
    guint sent = care_test_proxy_upstream_count (c->proxy, PUSH);
    gint64 head;

    local_set (a, ids->pdata[0], "city", "Twice");
    local_set (a, ids->pdata[1], "notes", "Once only");
    head = server_seq_head (c);
    care_test_proxy_add_fault (c->proxy, &twice);
    sync_ok (a);
    g_assert_cmpuint (care_test_proxy_upstream_count (c->proxy, PUSH), ==, sent + 2);
    g_assert_cmpint (server_seq_head (c) - head, ==, 3);
    g_assert_cmpint (server_int (c, "SELECT count(*) FROM patients WHERE id = ?1", fresh), ==, 1);
    g_assert_cmpint (care_store_outbox_count (a->store), ==, 0);
  }

  /* Twice in a row, the workstation hearing the second answer: the replay
   * answers what the first delivery did. Two edits of one field in the
   * batch: replayed against the server's new value, the first would be a
   * conflict; it must be "applied", as it was. */
  {
    CareTestProxyRule late = { CARE_TEST_PROXY_DUPLICATE_LATE, PUSH, 1 };
    g_autofree char *city = NULL;
    guint sent = care_test_proxy_upstream_count (c->proxy, PUSH);
    gint64 head;

    local_set (a, ids->pdata[1], "city", "L1");
    local_set (a, ids->pdata[1], "city", "L2");
    head = server_seq_head (c);
    care_test_proxy_add_fault (c->proxy, &late);
    sync_ok (a);
    g_assert_cmpuint (care_test_proxy_upstream_count (c->proxy, PUSH), ==, sent + 2);
    /* The two edits travel as their net change. */
    g_assert_cmpint (server_seq_head (c) - head, ==, 1);
    city = server_value (c, "patients", ids->pdata[1], "city");
    g_assert_cmpstr (city, ==, "L2");
    g_assert_cmpuint (n_conflicts (a), ==, 0);
    g_assert_cmpint (care_store_outbox_count (a->store), ==, 0);
    g_assert_true (local_value_is (a, ids->pdata[1], "city", "L2"));
  }

  /* The retry overtakes the original: the proxy holds the first push until
   * the engine, timed out, sends the batch again, and forwards the second
   * before the first. */
  {
    CareTestProxyRule hold = { CARE_TEST_PROXY_REORDER, PUSH, 1 };
    g_autofree char *fresh = local_new_patient (a, "Re", "Order", "1991-10-10");
    g_autofree char *city = NULL;
    guint sent = care_test_proxy_upstream_count (c->proxy, PUSH);
    gint64 head;

    local_set (a, ids->pdata[2], "city", "R1");
    local_set (a, ids->pdata[2], "city", "R2");
    head = server_seq_head (c);
    care_test_proxy_add_fault (c->proxy, &hold);
    care_sync_engine_set_timeout (a->engine, 1);
    expect_failure (a, CARE_SYNC_ERROR_NETWORK);
    g_assert_cmpint (server_seq_head (c), ==, head);  /* still held */
    care_sync_engine_set_timeout (a->engine, 20);
    sync_ok (a);
    /* Both copies reached the server, the retry first, and the server has
     * answered the late original too. */
    g_assert_cmpuint (care_test_proxy_faults_left (c->proxy), ==, 0);
    WAIT_UNTIL (care_test_proxy_upstream_answered (c->proxy, PUSH) == sent + 2, 5000);
    g_assert_cmpuint (care_test_proxy_upstream_count (c->proxy, PUSH), ==, sent + 2);
    /* The insert and the net change of the two edits, once each. */
    g_assert_cmpint (server_seq_head (c) - head, ==, 2);
    city = server_value (c, "patients", ids->pdata[2], "city");
    g_assert_cmpstr (city, ==, "R2");
    g_assert_true (server_has (c, "patients", fresh));
    g_assert_cmpint (care_store_outbox_count (a->store), ==, 0);
    g_assert_cmpuint (n_conflicts (a), ==, 0);
  }

  /* Two workstations: the first one's push is held until the second's
   * arrives, and reaches the server after it. */
  {
    CareTestProxyRule hold = { CARE_TEST_PROXY_REORDER, PUSH, 1 };
    g_autofree char *city = NULL;
    g_autofree char *notes = NULL;
    guint pushes;
    gint64 head;
    SyncJob ja, jb;
    GThread *ta, *tb;

    local_set (a, ids->pdata[3], "city", "From A");
    local_set (b, ids->pdata[4], "notes", "From B");
    head = server_seq_head (c);
    care_test_proxy_add_fault (c->proxy, &hold);
    pushes = care_test_proxy_count (c->proxy, PUSH);
    ta = sync_in_thread (&ja, a);
    g_assert_true (care_test_proxy_wait_count (c->proxy, PUSH, pushes + 1, 10000));
    tb = sync_in_thread (&jb, b);
    g_thread_join (tb);
    g_thread_join (ta);
    g_assert_no_error (ja.error);
    g_assert_no_error (jb.error);
    g_assert_cmpint (server_seq_head (c) - head, ==, 2);
    /* B's change reached the server first, and took the lower sequence. */
    g_assert_cmpint (server_record_seq (c, ids->pdata[4]), ==, head + 1);
    g_assert_cmpint (server_record_seq (c, ids->pdata[3]), ==, head + 2);
    city = server_value (c, "patients", ids->pdata[3], "city");
    notes = server_value (c, "patients", ids->pdata[4], "notes");
    g_assert_cmpstr (city, ==, "From A");
    g_assert_cmpstr (notes, ==, "From B");
    sync_ok (a);
    sync_ok (b);
    g_assert_true (local_value_is (a, ids->pdata[4], "notes", "From B"));
    g_assert_true (local_value_is (b, ids->pdata[3], "city", "From A"));
    g_assert_cmpuint (n_conflicts (a) + n_conflicts (b), ==, 0);
  }
}

/* --- 8. a slow transaction and a pull ----------------------------------- */

/* GET /sync/pull on a fresh connection that gives up after 300 ms: with
 * two workers, a connection may land on the one waiting for the write
 * lock. NULL when it did. */
typedef struct {
  GBytes  *body;
  GError  *error;
  gboolean done;
} Probe;

static void
probe_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Probe *p = data;

  p->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &p->error);
  p->done = TRUE;
}

static gboolean
probe_give_up (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static JsonObject *
quick_pull (Workstation *w,
            gint64       cursor)
{
  GMainContext *context = g_main_context_new ();
  g_autofree char *url = g_strdup_printf ("%s/sync/pull?cursor=%" G_GINT64_FORMAT, w->clinic->server->base, cursor);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", w->access_token);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *data = NULL;
  Probe p = { 0 };

  g_main_context_push_thread_default (context);
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    GSource *timeout = g_timeout_source_new (300);

    g_source_set_callback (timeout, probe_give_up, cancellable, NULL);
    g_source_attach (timeout, context);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable, probe_done, &p);
    while (!p.done)
      g_main_context_iteration (context, TRUE);
    g_source_destroy (timeout);
    g_source_unref (timeout);
    if (p.body)
      {
        g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
        g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (p.body, NULL), g_bytes_get_size (p.body), NULL));
        data = json_object_ref (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "data"));
      }
    else
      g_assert_error (p.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  g_clear_pointer (&p.body, g_bytes_unref);
  g_clear_error (&p.error);
  return data;
}

/* Why a pull can never skip a change here: every write transaction of the
 * server starts with BEGIN IMMEDIATE, which takes SQLite's one write lock
 * (across worker processes, and here across this test process too) before
 * anything is written, and the change log's sequence is taken inside that
 * transaction. While a transaction holds sequence N, no other writer can
 * even begin, so no N+1 can be committed before N is; readers see only
 * committed data (WAL snapshots). So sequence order is commit order, and a
 * cursor taken from what a reader saw is never ahead of an uncommitted
 * change.
 *
 * The test holds a write transaction open in-process (through the server's
 * own storage layer, so the change log's triggers run), with one record
 * written, while a second workstation pushes (its write waits for the
 * lock) and a third pulls (served by the other worker process, from the
 * last committed state). After the commit, the third's next pull has both
 * changes. */
static void
test_slow_transaction (void)
{
  const char *args[] = { "--workers", "2", NULL };
  g_autoptr(Clinic) c = clinic_new (args, TRUE);
  g_autoptr(Workstation) pusher = workstation_new (c, "pusher", "reception", TRUE);
  g_autoptr(Workstation) puller = workstation_new (c, "puller", "nurse", FALSE);
  g_autoptr(GPtrArray) ids = some_patients (pusher, 1);
  g_autoptr(CareServerStorage) storage = NULL;
  g_autoptr(CareRecord) slow = care_record_new (PATIENT);
  g_autoptr(GError) error = NULL;
  const char *tenant = care_store_get_tenant_id (puller->store);
  gint64 head = server_seq_head (c);
  gint64 slow_seq;
  guint pushes = care_test_proxy_count (c->proxy, PUSH);
  SyncJob push_job, pull_job;
  GThread *push_thread, *pull_thread;
  gint64 hold_until;

  storage = care_server_storage_open (c->db, &error);
  g_assert_no_error (error);

  local_set (pusher, ids->pdata[0], "city", "Raced past");

  g_assert_true (storage->v->begin (storage, &error));
  g_assert_no_error (error);
  care_record_set (slow, "given_name", "Slow");
  care_record_set (slow, "family_name", "Commit");
  care_record_set (slow, "date_of_birth", "1960-06-06");
  care_record_set (slow, "sex", "male");
  care_record_set (slow, "status", "new");
  g_assert_true (storage->v->insert (storage, tenant, c->admin_id, slow, &error));
  g_assert_no_error (error);

  /* The push waits for the write lock; the pull goes ahead. */
  push_thread = sync_in_thread (&push_job, pusher);
  g_assert_true (care_test_proxy_wait_count (c->proxy, PUSH, pushes + 1, 10000));
  pull_thread = sync_in_thread (&pull_job, puller);

  /* Hold the transaction (well within the server's 5 s busy timeout)
   * until the free worker has answered a pull: it sees neither change,
   * and its cursor is not ahead of them. */
  hold_until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  {
    g_autoptr(JsonObject) page = NULL;

    while (page == NULL && g_get_monotonic_time () < hold_until)
      page = quick_pull (puller, head);
    if (page)
      {
        JsonArray *changes = json_object_get_array_member (page, "changes");

        for (guint i = 0; i < json_array_get_length (changes); i++)
          {
            const char *id = json_object_get_string_member (json_array_get_object_element (changes, i), "id");

            g_assert_cmpstr (id, !=, care_record_get_id (slow));
            g_assert_cmpstr (id, !=, ids->pdata[0]);
          }
        g_assert_cmpint (json_object_get_int_member (page, "cursor"), <=, head);
      }
    else
      g_test_message ("every probe reached the worker that waits for the lock");
  }
  if (g_atomic_int_get (&pull_job.done))
    {
      g_autoptr(CareRecord) seen = local_get (puller, PATIENT, care_record_get_id (slow));

      /* The engine's pull too, when the free worker served it. */
      g_assert_true (pull_job.ok);
      g_assert_cmpint (local_cursor (puller), ==, head);
      g_assert_null (seen);
      g_assert_false (local_value_is (puller, ids->pdata[0], "city", "Raced past"));
    }
  g_assert_false (g_atomic_int_get (&push_job.done));  /* still waiting for the lock */

  g_assert_true (storage->v->commit (storage, &error));
  g_assert_no_error (error);
  g_thread_join (push_thread);
  g_thread_join (pull_thread);
  g_assert_no_error (push_job.error);
  g_assert_true (push_job.ok);
  g_assert_no_error (pull_job.error);

  /* The held change took its sequence first, and committed first. */
  slow_seq = server_record_seq (c, care_record_get_id (slow));
  g_assert_cmpint (slow_seq, ==, head + 1);
  g_assert_cmpint (server_record_seq (c, ids->pdata[0]), ==, head + 2);

  sync_ok (puller);
  {
    g_autoptr(CareRecord) seen = local_get (puller, PATIENT, care_record_get_id (slow));
    g_assert_nonnull (seen);
  }
  g_assert_true (local_value_is (puller, ids->pdata[0], "city", "Raced past"));
  g_assert_cmpint (local_cursor (puller), ==, server_seq_head (c));
}

/* --- 9. a workstation whose clock is a day off -------------------------- */

/* One workstation's clock runs a day ahead. Its timestamps say so, and
 * nothing else changes: whichever edit reaches the server first wins and
 * the other is a conflict, in both orders; edits of different fields merge. */
static void
test_clock_skew (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) ahead = workstation_new (c, "ahead", "reception", FALSE);
  g_autoptr(Workstation) right = workstation_new (c, "right", "admin", FALSE);
  g_autoptr(GPtrArray) ids = some_patients (ahead, 3);
  g_autoptr(JsonObject) on_right = NULL;
  g_autoptr(JsonObject) on_ahead = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c_city = NULL;
  g_autofree char *c_notes = NULL;

  care_store_set_clock_offset (ahead->store, 24 * 3600);

  /* The skewed workstation first: its edit wins, the later one conflicts. */
  local_set (ahead, ids->pdata[0], "city", "Tomorrow");
  {
    g_autofree char *stamp = care_store_query_text (ahead->store, "SELECT created_at FROM outbox ORDER BY seq DESC LIMIT 1", NULL, NULL);
    g_autoptr(GDateTime) written = g_date_time_new_from_iso8601 (stamp, NULL);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    g_assert_nonnull (written);
    g_assert_cmpint (g_date_time_difference (written, now), >, 23 * G_TIME_SPAN_HOUR);
  }
  sync_ok (ahead);
  local_set (right, ids->pdata[0], "city", "Today");
  sync_ok (right);
  a = server_value (c, "patients", ids->pdata[0], "city");
  g_assert_cmpstr (a, ==, "Tomorrow");
  on_right = only_conflict (right, ids->pdata[0]);
  g_assert_cmpstr (json_object_get_string_member (on_right, "kind"), ==, "field");

  /* The right clock first: the skewed edit, a day "later", still loses. */
  local_set (right, ids->pdata[1], "city", "Today B");
  local_set (ahead, ids->pdata[1], "city", "Tomorrow B");
  sync_ok (right);
  sync_ok (ahead);
  b = server_value (c, "patients", ids->pdata[1], "city");
  g_assert_cmpstr (b, ==, "Today B");
  on_ahead = only_conflict (ahead, ids->pdata[1]);
  g_assert_cmpstr (json_object_get_string_member (on_ahead, "kind"), ==, "field");

  /* Different fields merge, whatever the clocks say. */
  local_set (ahead, ids->pdata[2], "city", "Skewed city");
  local_set (right, ids->pdata[2], "notes", "Right notes");
  sync_ok (right);
  sync_ok (ahead);
  sync_ok (right);
  c_city = server_value (c, "patients", ids->pdata[2], "city");
  c_notes = server_value (c, "patients", ids->pdata[2], "notes");
  g_assert_cmpstr (c_city, ==, "Skewed city");
  g_assert_cmpstr (c_notes, ==, "Right notes");
  g_assert_true (local_value_is (right, ids->pdata[2], "city", "Skewed city"));
  g_assert_true (local_value_is (ahead, ids->pdata[2], "notes", "Right notes"));
  g_assert_cmpuint (n_conflicts (ahead), ==, 1);
  g_assert_cmpuint (n_conflicts (right), ==, 1);
}

/* --- 10. a cursor older than the tombstones ----------------------------- */

static guint
pull_status (Workstation *w,
             gint64       cursor)
{
  g_autofree char *path = g_strdup_printf ("/sync/pull?cursor=%" G_GINT64_FORMAT "&limit=1", cursor);
  g_autoptr(CareTestResponse) r = care_test_request (w->clinic->server, "GET", path, w->access_token, NULL);

  g_assert_true (r->status == 200 || r->status == 410);
  return r->status;
}

/* The server keeps tombstones for one second. A workstation that last
 * pulled before a deletion, and comes back after its tombstone was pruned,
 * is told 410 and makes a full resync: the deleted row goes; a record
 * created during the resync (pending: the server has never seen it) stays,
 * and so do the outbox entries, pending and refused. */
static void
test_tombstone_retention (void)
{
  const char *args[] = { "--tombstone-retention", "1", "--test-clock", NULL };
  g_autoptr(Clinic) c = clinic_new (args, TRUE);
  g_autoptr(Workstation) w = workstation_new (c, "late", "reception", TRUE);
  g_autoptr(Workstation) other = workstation_new (c, "other", "admin", FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) bad = care_record_new (PATIENT);
  g_autofree char *doomed = local_new_patient (other, "Doomed", "Record", "1950-05-05");
  g_autofree char *created = NULL;
  CareTestProxyRule delay = { CARE_TEST_PROXY_DELAY_RESPONSE, PULL, 1, .delay_ms = 800 };
  guint pulls;
  gint64 cursor;

  sync_ok (other);
  sync_ok (w);
  {
    g_autoptr(CareRecord) there = local_get (w, PATIENT, doomed);
    g_assert_nonnull (there);
  }

  /* A refused change stays in w's outbox throughout. */
  care_record_set (bad, "given_name", "Never");
  care_record_set (bad, "family_name", "Valid");
  care_record_set (bad, "date_of_birth", "2999-01-01");
  care_record_set (bad, "sex", "male");
  care_record_set (bad, "status", "new");
  g_assert_true (care_store_insert_full (w->store, bad, FALSE, &error));
  g_assert_no_error (error);
  sync_ok (w);
  g_assert_cmpint (outbox_rows (w, "rejected"), ==, 1);
  cursor = local_cursor (w);

  /* Deleted elsewhere; the tombstone expires. */
  local_delete (other, doomed);
  sync_ok (other);
  g_assert_cmpuint (pull_status (w, cursor), ==, 200);
  care_test_server_advance_clock (c->server, 2);
  g_assert_cmpuint (pull_status (w, cursor), ==, 410);

  /* An edit to push first; then the pull gets its 410, which the proxy
   * holds a moment: a record created then is pending during the resync. */
  {
    g_autoptr(GPtrArray) ids = some_patients (w, 1);
    SyncJob job;
    GThread *thread;

    local_set (w, ids->pdata[0], "city", "Resynced");
    pulls = care_test_proxy_count (c->proxy, PULL);
    care_test_proxy_add_fault (c->proxy, &delay);
    thread = sync_in_thread (&job, w);
    g_assert_true (care_test_proxy_wait_count (c->proxy, PULL, pulls + 1, 10000));
    created = local_new_patient (w, "Born", "During Resync", "2001-01-01");
    g_thread_join (thread);
    g_assert_no_error (job.error);
    g_assert_true (job.ok);
    iterate_main_context ();
    g_assert_cmpuint (care_test_proxy_count (c->proxy, PULL), >, pulls + 1);  /* the 410, then from 0 */
    g_assert_true (local_value_is (w, ids->pdata[0], "city", "Resynced"));
  }

  {
    g_autoptr(CareRecord) gone = local_get (w, PATIENT, doomed);
    g_autoptr(CareRecord) kept = local_get (w, PATIENT, created);

    g_assert_null (gone);
    g_assert_nonnull (kept);
  }
  g_assert_cmpint (outbox_rows (w, "rejected"), ==, 1);
  g_assert_cmpint (outbox_rows (w, "pending"), ==, 1);
  g_assert_cmpint (local_int (w, "SELECT count(*) FROM outbox WHERE record_id = ?1", created), ==, 1);
  g_assert_cmpint (local_cursor (w), ==, server_seq_head (c));

  sync_ok (w);
  g_assert_true (server_has (c, "patients", created));
  g_assert_cmpint (outbox_rows (w, "pending"), ==, 0);
}

/* --- 11. a role change -------------------------------------------------- */

/* The admin makes the receptionist a nurse through the REST API. On that
 * workstation, what a nurse may not read (billing) goes at the next sync,
 * not when its access token expires; what the user had not synced yet
 * stays in the outbox (refused now: a nurse may change neither). */
static void
test_role_change (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) w = workstation_new (c, "front-desk", "reception", FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GPtrArray) ids = some_patients (w, 1);
  const CareEntity *invoice = care_schema_lookup ("invoice");
  g_autofree char *invoice_id = NULL;
  g_autofree char *refresh = NULL;

  g_assert_cmpint (care_store_count (w->store, invoice), >, 0);
  g_assert_cmpint (care_store_count (w->store, care_schema_lookup ("payment")), >, 0);
  invoices = care_store_list (w->store, invoice, NULL, NULL, "id", 1, &error);
  g_assert_no_error (error);
  invoice_id = g_strdup (care_record_get_id (g_ptr_array_index (invoices, 0)));

  /* Offline edits: one of billing, one of a patient. */
  {
    g_autoptr(CareRecord) r = care_record_copy (g_ptr_array_index (invoices, 0));

    care_record_set (r, "void_reason", "Typed before the role changed");
    g_assert_true (care_store_update (w->store, r, &error));
    g_assert_no_error (error);
  }
  local_set (w, ids->pdata[0], "notes", "Nurse-to-be's note");
  g_assert_cmpint (care_store_outbox_count (w->store), ==, 2);

  refresh = care_sync_engine_dup_refresh_token (w->engine);
  server_patch (c, "users", w->user_id, "role", "nurse");

  sync_ok (w);
  /* The token named the old role: the session was refreshed to the new one. */
  {
    g_autofree char *now = care_sync_engine_dup_refresh_token (w->engine);
    g_assert_cmpstr (now, !=, refresh);
  }
  /* Out of scope now: gone from the workstation. */
  g_assert_cmpint (care_store_count (w->store, invoice), ==, 0);
  g_assert_cmpint (care_store_count (w->store, care_schema_lookup ("invoice_item")), ==, 0);
  g_assert_cmpint (care_store_count (w->store, care_schema_lookup ("payment")), ==, 0);
  /* Still in scope. */
  g_assert_cmpint (care_store_count (w->store, PATIENT), >, 0);
  /* The invoice edit is still in the outbox (refused or waiting), never lost. */
  g_assert_cmpint (local_int (w, "SELECT count(*) FROM outbox WHERE record_id = ?1", invoice_id), ==, 1);
  {
    g_autofree char *reason = server_value (c, "invoices", invoice_id, "void_reason");
    g_assert_cmpstr (reason, !=, "Typed before the role changed");
  }
  /* A nurse may not edit patients either: that edit is kept too. */
  g_assert_cmpint (local_int (w, "SELECT count(*) FROM outbox WHERE record_id = ?1", ids->pdata[0]), ==, 1);
}

/* --- 12. lost and repeated live notifications --------------------------- */

/* Two started engines with live sockets through the proxy. Notifications
 * sent twice, lost, or a socket closed under them: the other workstation
 * still sees each change (by the notification at once, or by its safety
 * pull when every notification is lost). */
static void
test_live_notifications (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, TRUE);
  g_autoptr(Workstation) a = workstation_new (c, "writer", "reception", TRUE);
  g_autoptr(Workstation) b = workstation_new (c, "reader", "admin", TRUE);
  g_autoptr(GPtrArray) ids = some_patients (a, 1);
  guint accepted;

  /* With a socket up, the engine's safety pull comes every 10 polls. */
  care_sync_engine_set_poll_interval (a->engine, 1);
  care_sync_engine_set_poll_interval (b->engine, 1);
  care_sync_engine_start (a->engine);
  a->started = TRUE;
  care_sync_engine_start (b->engine);
  b->started = TRUE;
  WAIT_UNTIL (care_test_proxy_ws_open (c->proxy) == 2, 10000);

  /* Every notification twice. The change arrives well before the next
   * safety pull (10 s): the notification is what made b pull. */
  care_test_proxy_ws_duplicate (c->proxy, 100);
  local_set (a, ids->pdata[0], "city", "Echo");
  care_sync_engine_kick (a->engine);
  WAIT_UNTIL (local_value_is (b, ids->pdata[0], "city", "Echo"), 3000);
  WAIT_UNTIL (care_test_proxy_ws_relayed (c->proxy) > care_test_proxy_ws_received (c->proxy), 5000);
  care_test_proxy_ws_duplicate (c->proxy, 0);

  /* Every notification lost: the safety pull finds the change. */
  care_test_proxy_ws_drop (c->proxy, 1000);
  local_set (a, ids->pdata[0], "city", "Silence");
  care_sync_engine_kick (a->engine);
  WAIT_UNTIL (local_value_is (b, ids->pdata[0], "city", "Silence"), 15000);
  g_assert_cmpuint (care_test_proxy_ws_dropped (c->proxy), >, 0);
  care_test_proxy_ws_drop (c->proxy, 0);

  /* Sockets closed: the engines reconnect and carry on. */
  accepted = care_test_proxy_ws_accepted (c->proxy);
  g_assert_cmpuint (care_test_proxy_ws_close_all (c->proxy), ==, 2);
  local_set (a, ids->pdata[0], "city", "Reconnected");
  care_sync_engine_kick (a->engine);
  WAIT_UNTIL (local_value_is (b, ids->pdata[0], "city", "Reconnected"), 10000);
  WAIT_UNTIL (care_test_proxy_ws_accepted (c->proxy) >= accepted + 2, 15000);

  WAIT_UNTIL (care_store_outbox_count (a->store) == 0, 5000);
  g_assert_cmpuint (n_conflicts (a) + n_conflicts (b), ==, 0);
  g_assert_cmpint (care_sync_engine_get_state (b->engine), !=, CARE_SYNC_STATE_SIGNED_OUT);
}

/* --- 13. a month offline ------------------------------------------------ */

#define OFFLINE_PATIENTS 50
#define OFFLINE_CHANGES 5000

/* A workstation offline for 30 days (its clock set back to then while it
 * wrote) has 5,000 changes: 50 new patients, then 99 rounds of edits of
 * their notes. One sync drains them in order: the server has each
 * patient's last edit, and its change log has them in the outbox's order. */
static void
test_month_offline (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) w = workstation_new (c, "remote", "reception", FALSE);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint rounds = (OFFLINE_CHANGES - OFFLINE_PATIENTS) / OFFLINE_PATIENTS;
  gint64 head = server_seq_head (c);
  gint64 start;

  care_store_set_clock_offset (w->store, -30 * 24 * 3600);
  g_assert_true (care_store_begin (w->store, &error));
  for (guint i = 0; i < OFFLINE_PATIENTS; i++)
    {
      g_autofree char *given = g_strdup_printf ("Offline%02u", i);
      g_ptr_array_add (ids, local_new_patient (w, given, "Month", "1985-01-01"));
    }
  for (guint r = 0; r < rounds; r++)
    for (guint i = 0; i < OFFLINE_PATIENTS; i++)
      {
        g_autofree char *notes = g_strdup_printf ("round %u of patient %u", r, i);
        local_set (w, ids->pdata[i], "notes", notes);
      }
  g_assert_true (care_store_commit (w->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_store_outbox_count (w->store), ==, OFFLINE_CHANGES);

  start = g_get_monotonic_time ();
  sync_ok (w);
  g_test_message ("5,000 changes pushed and pulled back in %.1f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (care_store_outbox_count (w->store), ==, 0);
  g_assert_cmpuint (n_conflicts (w), ==, 0);
  g_assert_cmpint (care_sync_engine_get_rejected (w->engine), ==, 0);
  /* One sequence per change sent: each patient's insert and the net change
   * of its 99 edits (the outbox sends a record's net change); nothing
   * skipped, nothing twice. */
  g_assert_cmpint (server_seq_head (c) - head, ==, 2 * OFFLINE_PATIENTS);

  for (guint i = 0; i < OFFLINE_PATIENTS; i++)
    {
      g_autofree char *expected = g_strdup_printf ("round %u of patient %u", rounds - 1, i);
      g_autofree char *notes = server_value (c, "patients", ids->pdata[i], "notes");

      g_assert_cmpstr (notes, ==, expected);
      g_assert_true (local_value_is (w, ids->pdata[i], "notes", expected));
      /* The last round was written in patient order; so were its changes. */
      if (i > 0)
        g_assert_cmpint (server_record_seq (c, ids->pdata[i - 1]), <, server_record_seq (c, ids->pdata[i]));
    }
  g_assert_cmpint (server_record_seq (c, ids->pdata[OFFLINE_PATIENTS - 1]), ==, head + 2 * OFFLINE_PATIENTS);
}

/* --- 14. a half-open connection ----------------------------------------- */

/* The proxy accepts a push and never answers, keeping the connection open.
 * The round fails by the engine's timeout; the started engine tries again
 * on a fresh connection and drains the outbox once the proxy behaves. */
static void
test_half_open (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, TRUE);
  g_autoptr(Workstation) w = workstation_new (c, "front-desk", "reception", TRUE);
  g_autoptr(GPtrArray) ids = some_patients (w, 1);
  CareTestProxyRule silent = { CARE_TEST_PROXY_HALF_OPEN, PUSH, 1 };
  g_autofree char *city = NULL;
  gint64 start;
  guint pushes;

  care_sync_engine_set_timeout (w->engine, 1);
  local_set (w, ids->pdata[0], "city", "Half open");
  care_test_proxy_add_fault (c->proxy, &silent);
  start = g_get_monotonic_time ();
  expect_failure (w, CARE_SYNC_ERROR_NETWORK);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (outbox_rows (w, "pending"), ==, 1);

  /* Again, with the engine started: it retries by itself. */
  care_test_proxy_add_fault (c->proxy, &silent);
  pushes = care_test_proxy_count (c->proxy, PUSH);
  care_sync_engine_start (w->engine);
  w->started = TRUE;
  g_assert_true (care_test_proxy_wait_count (c->proxy, PUSH, pushes + 1, 10000));
  WAIT_UNTIL (care_store_outbox_count (w->store) == 0, 15000);
  g_assert_cmpuint (care_test_proxy_count (c->proxy, PUSH), >=, pushes + 2);
  city = server_value (c, "patients", ids->pdata[0], "city");
  g_assert_cmpstr (city, ==, "Half open");
  WAIT_UNTIL (care_sync_engine_get_state (w->engine) == CARE_SYNC_STATE_ONLINE, 10000);
}

/* --- 15. one patient registered twice offline --------------------------- */

/* Two offline workstations register the same person (names differing in
 * case and accents). Both records reach the server, which flags the pair
 * as a possible duplicate; the flag reaches both workstations. */
/* Two workstations give the same bed to two patients while offline: the
 * server keeps both admissions, and after sync each workstation lists the
 * double allocation for a nurse to resolve by transferring one. */
static void
test_double_bed (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) a = workstation_new (c, "ward-north", "admin", FALSE);
  g_autoptr(Workstation) b = workstation_new (c, "ward-south", "admin", FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *ward = care_test_add_record (a->store, "ward", "name", "Ward A", "kind", "general", NULL);
  g_autofree char *room = care_test_add_record (a->store, "room", "ward_id", ward, "name", "A1", NULL);
  g_autofree char *bed = care_test_add_record (a->store, "bed", "room_id", room, "label", "A1-1", "status", "available", NULL);
  g_autofree char *spare = care_test_add_record (a->store, "bed", "room_id", room, "label", "A1-2", "status", "available", NULL);
  g_autofree char *p1 = local_new_patient (a, "Marta", "Quintero", "1979-06-02");
  g_autofree char *p2 = local_new_patient (a, "Bo", "Lindqvist", "1950-01-12");
  g_autofree char *first = NULL, *second = NULL;

  sync_ok (a);
  sync_ok (b);
  /* Offline, each admits a different patient to A1-1. */
  first = care_bed_board_admit (a->store, bed, p1, NULL, NULL, &error);
  g_assert_no_error (error);
  second = care_bed_board_admit (b->store, bed, p2, NULL, NULL, &error);
  g_assert_no_error (error);
  sync_ok (a);
  sync_ok (b);
  sync_ok (a);

  g_assert_cmpint (server_int (c, "SELECT count(*) FROM bed_allocations WHERE status = 'active' AND bed_id = ?1", bed), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      Workstation *w = i == 0 ? a : b;
      g_autoptr(GPtrArray) doubles = care_bed_board_double_allocations (w->store, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (doubles->len, ==, 2);
      g_assert_true (g_ptr_array_find_with_equal_func (doubles, first, g_str_equal, NULL));
      g_assert_true (g_ptr_array_find_with_equal_func (doubles, second, g_str_equal, NULL));
    }

  /* Resolved on one workstation; the other sees it resolved. */
  g_assert_true (care_bed_board_transfer (b->store, second, spare, &error));
  g_assert_no_error (error);
  sync_ok (b);
  sync_ok (a);
  {
    g_autoptr(GPtrArray) doubles = care_bed_board_double_allocations (a->store, &error);
    g_autoptr(CareRecord) moved = care_bed_board_find_admission (a->store, p2, &error);

    g_assert_cmpuint (doubles->len, ==, 0);
    g_assert_cmpstr (care_record_get (moved, "bed_id"), ==, spare);
  }
}

/* Two pharmacy workstations, offline, each dispense the last 4 units of
 * the same batch. Both movements reach the server (the ledger is
 * append-only), the batch ends at -4 on the server and on both
 * workstations, flagged as a discrepancy; a count on one workstation
 * resolves it everywhere. */
static void
test_offline_last_units (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) a = workstation_new (c, "pharmacy-front", "pharmacy", FALSE);
  g_autoptr(Workstation) b = workstation_new (c, "pharmacy-back", "pharmacy", FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *medicine = care_test_add_record (a->store, "medicine", "name", "Ledgerol 5 mg",
                                                    "form", "tablet", NULL);
  g_autoptr(CareRecord) batch = care_record_new (care_schema_lookup ("stock_batch"));
  g_autoptr(CareRecord) taken_a = NULL;
  g_autoptr(CareRecord) taken_b = NULL;
  g_autoptr(CareRecord) count = NULL;
  const char *id;

  care_record_set (batch, "medicine_id", medicine);
  care_record_set (batch, "batch_number", "LU-1");
  care_record_set (batch, "expiry_date", "2099-12-31");
  care_record_set_int (batch, "quantity", 4);
  g_assert_true (care_stock_receive (a->store, batch, &error));
  g_assert_no_error (error);
  id = care_record_get_id (batch);
  sync_ok (a);
  sync_ok (b);

  /* Offline: each takes the 4 units it sees. */
  {
    g_autoptr(CareRecord) on_a = local_get (a, care_schema_lookup ("stock_batch"), id);
    g_autoptr(CareRecord) on_b = local_get (b, care_schema_lookup ("stock_batch"), id);

    g_assert_nonnull (on_b);
    taken_a = care_stock_record_movement (a->store, on_a, "dispense", 4, NULL, &error);
    g_assert_no_error (error);
    taken_b = care_stock_record_movement (b->store, on_b, "dispense", 4, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (care_record_get_int (on_a, "quantity", -1), ==, 0);
    g_assert_cmpint (care_record_get_int (on_b, "quantity", -1), ==, 0);
  }
  sync_ok (a);
  sync_ok (b);
  sync_ok (a);

  /* Never a lost movement: both are on the server, which sums them. */
  g_assert_true (server_has (c, "stock_movements", care_record_get_id (taken_a)));
  g_assert_true (server_has (c, "stock_movements", care_record_get_id (taken_b)));
  g_assert_cmpint (server_int (c, "SELECT quantity FROM stock_batches WHERE id = ?1", id), ==, -4);
  for (guint i = 0; i < 2; i++)
    {
      Workstation *w = i == 0 ? a : b;
      g_autoptr(GPtrArray) flagged = care_stock_discrepancies (w->store, &error);
      g_autoptr(GPtrArray) ledger = care_stock_movements (w->store, id, &error);
      g_autoptr(GPtrArray) conflicts = care_sync_list_conflicts (w->store, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (flagged->len, ==, 1);
      g_assert_cmpstr (care_record_get_id (g_ptr_array_index (flagged, 0)), ==, id);
      g_assert_cmpint (care_record_get_int (g_ptr_array_index (flagged, 0), "quantity", 0), ==, -4);
      g_assert_cmpuint (ledger->len, ==, 3);
      g_assert_true (care_stock_check_ledger (w->store, NULL, &error));
      g_assert_no_error (error);
      /* The server settled the quantity from the ledger: nothing for a
       * person to decide on the Sync page. */
      g_assert_cmpuint (conflicts->len, ==, 0);
      g_assert_cmpint (care_store_outbox_count (w->store), ==, 0);
    }

  /* The pharmacist counts the shelf (empty) on one workstation. */
  {
    g_autoptr(CareRecord) on_b = local_get (b, care_schema_lookup ("stock_batch"), id);

    count = care_stock_count (b->store, on_b, 0, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (count);
    g_assert_cmpint (care_record_get_int (count, "quantity", 0), ==, 4);
  }
  sync_ok (b);
  sync_ok (a);
  g_assert_cmpint (server_int (c, "SELECT quantity FROM stock_batches WHERE id = ?1", id), ==, 0);
  {
    g_autoptr(GPtrArray) flagged = care_stock_discrepancies (a->store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (flagged->len, ==, 0);
    g_assert_true (care_stock_check_ledger (a->store, NULL, &error));
  }
}

static void
test_duplicate_patient (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) a = workstation_new (c, "front-desk", "reception", FALSE);
  g_autoptr(Workstation) b = workstation_new (c, "back-office", "admin", FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = local_new_patient (a, "José", "Núñez García", "1975-05-05");
  g_autofree char *second = local_new_patient (b, "JOSE", "nunez garcia", "1975-05-05");
  const CareEntity *flag = care_schema_lookup ("patient_duplicate");

  sync_ok (a);
  sync_ok (b);
  sync_ok (a);
  g_assert_true (server_has (c, "patients", first));
  g_assert_true (server_has (c, "patients", second));
  g_assert_cmpint (server_int (c, "SELECT count(*) FROM patient_duplicates WHERE status = 'open' AND "
                                  "((patient_id = ?1 AND duplicate_of IN (SELECT id FROM patients WHERE family_name = 'Núñez García')) OR "
                                  "(duplicate_of = ?1))", second), ==, 1);

  for (guint i = 0; i < 2; i++)
    {
      Workstation *w = i == 0 ? a : b;
      g_autoptr(GPtrArray) flags = care_store_list (w->store, flag, "status", "open", NULL, 0, &error);
      CareRecord *f;
      gint64 duplicates = 0;

      g_assert_no_error (error);
      g_assert_cmpuint (flags->len, ==, 1);
      f = g_ptr_array_index (flags, 0);
      g_assert_true ((g_strcmp0 (care_record_get (f, "patient_id"), second) == 0 &&
                      g_strcmp0 (care_record_get (f, "duplicate_of"), first) == 0) ||
                     (g_strcmp0 (care_record_get (f, "patient_id"), first) == 0 &&
                      g_strcmp0 (care_record_get (f, "duplicate_of"), second) == 0));
      g_object_get (w->engine, "duplicates", &duplicates, NULL);
      g_assert_cmpint (duplicates, ==, 1);
      g_assert_cmpint (care_sync_engine_get_duplicates (w->engine), ==, 1);
      /* Both patients are there. */
      g_assert_true (local_value_is (w, first, "given_name", "José"));
      g_assert_true (local_value_is (w, second, "given_name", "JOSE"));
    }
}

/* --- the same slot booked on two workstations while offline ------------- */

/* Books patient with the doctor at start (µs) on w's own store, as the
 * front desk does: core's check sees only what w has. */
static char *
local_book (Workstation *w,
            const char  *patient,
            const char  *doctor,
            gint64       start)
{
  g_autoptr(CareRecord) a = care_record_new (care_schema_lookup ("appointment"));
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autofree char *starts_at = g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr(GError) error = NULL;

  care_record_set (a, "patient_id", patient);
  care_record_set (a, "provider_id", doctor);
  care_record_set (a, "starts_at", starts_at);
  care_record_set (a, "duration_minutes", "30");
  care_record_set (a, "type", "consultation");
  g_assert_true (care_schedule_book (w->store, a, tz, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (a));
}

static void
test_offline_double_booking (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) a = workstation_new (c, "front-desk", "reception", FALSE);
  g_autoptr(Workstation) b = workstation_new (c, "back-office", "admin", FALSE);
  g_autoptr(CareRecord) doctor = care_accounts_find_login (a->store, "doctor");
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ana = local_new_patient (a, "Ana", "Slot", "1970-01-01");
  g_autofree char *bea = local_new_patient (b, "Bea", "Slot", "1980-01-01");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gint64 slot, slot_b;

  g_assert_nonnull (doctor);
  /* Both see the same first free slot tomorrow onwards, and take it, with
   * no word from each other (nothing synced in between). */
  slot = care_schedule_next_free_slot (a->store, care_record_get_id (doctor),
                                       care_clock_get_real_time () + G_TIME_SPAN_DAY, 30, 14, tz, &error);
  g_assert_no_error (error);
  slot_b = care_schedule_next_free_slot (b->store, care_record_get_id (doctor),
                                         care_clock_get_real_time () + G_TIME_SPAN_DAY, 30, 14, tz, &error);
  g_assert_no_error (error);
  g_assert_cmpint (slot, >, 0);
  g_assert_cmpint (slot, ==, slot_b);
  first = local_book (a, ana, care_record_get_id (doctor), slot);
  second = local_book (b, bea, care_record_get_id (doctor), slot);

  sync_ok (a);
  sync_ok (b);
  sync_ok (a);

  /* Nothing lost or overwritten: both bookings are on the server... */
  g_assert_true (server_has (c, "appointments", first));
  g_assert_true (server_has (c, "appointments", second));
  {
    g_autofree char *pa = server_value (c, "appointments", first, "patient_id");
    g_autofree char *pb = server_value (c, "appointments", second, "patient_id");
    g_autofree char *sa = server_value (c, "appointments", first, "status");
    g_autofree char *sb = server_value (c, "appointments", second, "status");

    g_assert_cmpstr (pa, ==, ana);
    g_assert_cmpstr (pb, ==, bea);
    g_assert_cmpstr (sa, ==, "scheduled");
    g_assert_cmpstr (sb, ==, "scheduled");
  }
  /* ...and on both workstations, which name them as a double booking. */
  for (guint i = 0; i < 2; i++)
    {
      Workstation *w = i == 0 ? a : b;
      g_autoptr(GPtrArray) pairs = care_schedule_double_bookings (w->store, slot - G_TIME_SPAN_HOUR,
                                                                  slot + G_TIME_SPAN_HOUR, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (pairs->len, ==, 2);
      g_assert_true (g_ptr_array_find_with_equal_func (pairs, first, g_str_equal, NULL));
      g_assert_true (g_ptr_array_find_with_equal_func (pairs, second, g_str_equal, NULL));
      for (guint k = 0; k < 2; k++)
        {
          g_autoptr(CareRecord) r = care_store_get (w->store, care_schema_lookup ("appointment"),
                                                    k == 0 ? first : second, &error);

          g_assert_no_error (error);
          g_assert_cmpstr (care_record_get (r, "patient_id"), ==, k == 0 ? ana : bea);
        }
    }

  /* Moving one to the next free slot ends it, on both after a sync. */
  {
    gint64 later = care_schedule_next_free_slot (b->store, care_record_get_id (doctor), slot, 30, 14, tz, &error);
    g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (later / G_USEC_PER_SEC);
    g_autofree char *starts_at = g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
    g_autoptr(GPtrArray) pairs = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (later, >=, slot + 30 * G_TIME_SPAN_MINUTE);
    g_assert_true (care_schedule_reschedule (b->store, second, starts_at, tz, &error));
    g_assert_no_error (error);
    sync_ok (b);
    sync_ok (a);
    pairs = care_schedule_double_bookings (a->store, slot - G_TIME_SPAN_HOUR, slot + G_TIME_SPAN_DAY, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pairs->len, ==, 0);
  }
}

/* --- 16. everyone holds exactly the server's view ----------------------- */

static void
assert_same_as_server (Workstation *w)
{
  g_autoptr(CareTestResponse) r = care_test_request (w->clinic->server, "GET", "/sync/checksum", w->access_token, NULL);
  JsonObject *entities;
  g_autoptr(GList) names = NULL;
  guint n;
  const CareEntity *const *all = care_schema_entities (&n);

  g_assert_cmpuint (r->status, ==, 200);
  entities = json_object_get_object_member (care_test_data_object (r), "entities");
  g_assert_nonnull (entities);
  g_assert_true (json_object_has_member (entities, "patient"));
  names = json_object_get_members (entities);
  for (GList *l = names; l; l = l->next)
    {
      JsonObject *server = json_object_get_object_member (entities, l->data);
      const CareEntity *entity = care_schema_lookup (l->data);
      g_autoptr(GError) error = NULL;
      g_autofree char *sum = NULL;
      gint64 rows = -1;

      g_assert_nonnull (entity);
      sum = care_store_checksum (w->store, entity, &rows, &error);
      g_assert_no_error (error);
      if (rows != json_object_get_int_member (server, "rows") ||
          g_strcmp0 (sum, json_object_get_string_member (server, "sha256")) != 0)
        g_error ("%s: %s differs: %" G_GINT64_FORMAT " rows here, %" G_GINT64_FORMAT " on the server",
                 w->name, entity->name, rows, json_object_get_int_member (server, "rows"));
    }
  /* What the user's scope leaves out is not on the workstation either
   * (the checksums also leave out entities the user sees only in part:
   * their own notifications and messages). */
  {
    g_autofree char *path = g_strdup_printf ("/sync/pull?cursor=%" G_GINT64_FORMAT "&limit=1", local_cursor (w));
    g_autoptr(CareTestResponse) pull = care_test_request (w->clinic->server, "GET", path, w->access_token, NULL);
    JsonArray *scope;
    g_autoptr(GHashTable) in_scope = g_hash_table_new (g_str_hash, g_str_equal);

    g_assert_cmpuint (pull->status, ==, 200);
    scope = json_object_get_array_member (care_test_data_object (pull), "entities");
    for (guint i = 0; i < json_array_get_length (scope); i++)
      g_hash_table_add (in_scope, (gpointer) json_array_get_string_element (scope, i));
    for (GList *l = names; l; l = l->next)
      g_assert_true (g_hash_table_contains (in_scope, l->data));
    for (guint i = 0; i < n; i++)
      if (!g_hash_table_contains (in_scope, all[i]->name) && !(all[i]->flags & CARE_ENTITY_LOCAL))
        {
          if (care_store_count (w->store, all[i]) != 0)
            g_error ("%s: %s is out of scope, yet %" G_GINT64_FORMAT " rows are here",
                     w->name, all[i]->name, care_store_count (w->store, all[i]));
        }
  }
}

/* Three workstations with three roles and someone at the server work for
 * a while; once everyone has synced, each workstation's rows of every
 * entity in its user's scope have the checksum the server computes for
 * that user (GET /sync/checksum), and nothing outside the scope is kept. */
static void
test_converged_checksums (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) desk = workstation_new (c, "desk", "reception", FALSE);
  g_autoptr(Workstation) ward = workstation_new (c, "ward", "nurse", FALSE);
  g_autoptr(Workstation) clinic = workstation_new (c, "consulting-room", "doctor", FALSE);
  g_autoptr(GPtrArray) ids = some_patients (desk, 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *gone = NULL;
  Workstation *all[] = { desk, ward, clinic };

  /* The desk registers and edits; someone at the server edits and deletes. */
  fresh = local_new_patient (desk, "Check", "Sum", "1999-09-09");
  gone = local_new_patient (desk, "Soon", "Gone", "1998-08-08");
  local_set (desk, ids->pdata[0], "city", "Checksum City");
  sync_ok (desk);
  server_patch (c, "patients", ids->pdata[1], "notes", "Edited at the server");
  {
    g_autofree char *path = g_strdup_printf ("/patients/%s", gone);
    g_autoptr(CareTestResponse) r = care_test_request (c->server, "DELETE", path, c->admin, NULL);
    g_assert_cmpuint (r->status, ==, 204);
  }

  /* The nurse takes vitals (the server computes the BMI). */
  {
    g_autoptr(CareRecord) v = care_record_new (care_schema_lookup ("vitals"));
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) before = g_date_time_add_minutes (now, -5);
    g_autofree char *at = g_date_time_format (before, "%Y-%m-%dT%H:%M:%SZ");

    care_record_set (v, "patient_id", ids->pdata[2]);
    care_record_set (v, "recorded_at", at);
    care_record_set (v, "recorded_by", ward->user_id);
    care_record_set (v, "systolic", "121");
    care_record_set (v, "diastolic", "79");
    care_record_set (v, "weight_kg", "70.5");
    care_record_set (v, "height_cm", "172");
    g_assert_true (care_store_insert (ward->store, v, &error));
    g_assert_no_error (error);
  }

  /* The doctor writes in an appointment. */
  {
    g_autoptr(GPtrArray) visits = care_store_list (clinic->store, care_schema_lookup ("appointment"), NULL, NULL, "id", 1, &error);
    g_autoptr(CareRecord) visit = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (visits->len, ==, 1);
    visit = care_record_copy (g_ptr_array_index (visits, 0));
    care_record_set (visit, "notes", "Seen; all well");
    g_assert_true (care_store_update (clinic->store, visit, &error));
    g_assert_no_error (error);
  }

  /* Everyone syncs until nothing moves. */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      sync_ok (all[i]);

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_assert_cmpint (care_store_outbox_count (all[i]->store), ==, 0);
      g_assert_cmpuint (n_conflicts (all[i]), ==, 0);
      g_assert_cmpint (local_cursor (all[i]), ==, server_seq_head (c));
      assert_same_as_server (all[i]);
    }
  g_assert_true (local_value_is (ward, ids->pdata[0], "city", "Checksum City"));
  g_assert_true (local_value_is (clinic, ids->pdata[1], "notes", "Edited at the server"));
  {
    g_autoptr(CareRecord) r = local_get (clinic, PATIENT, gone);
    g_assert_null (r);
  }
}

/* A clinic that started standalone connects later: what it recorded
 * uploads into the server's clinic; its own clinic record and permission
 * matrix give way to the server's, and nothing is refused for them. */
static void
test_standalone_upload (void)
{
  g_autoptr(GError) error = NULL;
  Clinic *c = clinic_new (NULL, FALSE);
  g_autofree char *path = g_build_filename (c->dir, "standalone.sqlite", NULL);
  g_autoptr(CareStore) store = care_store_open (path, &error);
  g_autoptr(CareRecord) clinic = care_record_new (care_schema_lookup ("tenant"));
  g_autoptr(CareRecord) owner = care_record_new (care_schema_lookup ("user"));
  g_autoptr(CareSyncSession) session = NULL;
  g_autoptr(CareSyncEngine) engine = NULL;
  g_autofree char *old_tenant = NULL;
  g_autoptr(CareRecord) patient = care_record_new (PATIENT);
  g_autofree char *mrn = NULL;
  g_autoptr(GPtrArray) rejected = NULL;

  g_assert_no_error (error);
  care_record_set (clinic, "name", "Hillside Practice");
  care_record_set (clinic, "currency", "EUR");
  care_record_set (owner, "username", "hillside-owner");
  care_record_set (owner, "full_name", "Ines Duarte");
  care_record_set (owner, "role", CARE_ROLE_ADMIN);
  g_assert_true (care_accounts_create_clinic (store, clinic, owner, CARE_TEST_PASSWORD, &error));
  g_assert_no_error (error);
  old_tenant = g_strdup (care_store_get_tenant_id (store));
  care_store_set_actor (store, care_record_get_id (owner));
  mrn = care_store_next_number (store, "mrn", &error);
  care_record_set (patient, "mrn", mrn);
  care_record_set (patient, "given_name", "Oriana");
  care_record_set (patient, "family_name", "Standalone");
  care_record_set (patient, "date_of_birth", "1988-02-03");
  care_record_set (patient, "sex", "female");
  care_record_set (patient, "status", "new");
  g_assert_true (care_store_insert (store, patient, &error));
  g_assert_no_error (error);

  session = care_sync_login (c->origin, "admin", CARE_TEST_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (care_sync_adopt_session (store, c->origin, session, CARE_TEST_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (care_store_get_tenant_id (store), ==, session->tenant_id);
  g_assert_cmpstr (care_store_get_tenant_id (store), !=, old_tenant);

  engine = care_sync_engine_new (path, c->origin, &error);
  g_assert_no_error (error);
  care_sync_engine_set_tokens (engine, session->access_token, session->refresh_token);
  g_assert_true (care_sync_engine_sync_once (engine, NULL, &error));
  g_assert_no_error (error);

  /* The patient recorded standalone is on the server, with its number. */
  {
    g_autofree char *on_server = server_value (c, "patients", care_record_get_id (patient), "mrn");
    g_assert_cmpstr (on_server, ==, mrn);
  }
  /* So is the standalone clinic's own staff member (a new account there). */
  g_assert_true (server_has (c, "users", care_record_get_id (owner)));
  /* Nothing was refused, and the outbox drained. */
  rejected = care_sync_list_rejected (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejected->len, ==, 0);
  g_assert_cmpint (care_store_outbox_count (store), ==, 0);
  /* The server's clinic record came with the pull; the old one is gone. */
  {
    g_autoptr(CareRecord) now_clinic = care_store_get_clinic (store);

    g_assert_nonnull (now_clinic);
    g_assert_cmpstr (care_record_get_id (now_clinic), ==, session->tenant_id);
  }
  clinic_free (c);
}

/* --- a server restored from an older backup (issue 18) ---------------- */

/* A consistent copy of the server's database while it runs (on
 * PostgreSQL, pg_dump's). */
static char *
backup_server (Clinic *c)
{
  g_autofree char *path = g_build_filename (c->dir, "backup.sqlite", NULL);
  g_autofree char *sql = g_strdup_printf ("VACUUM INTO '%s'", path);
  sqlite3 *db = NULL;

  if (on_postgresql (c))
    {
      g_autofree char *dump = g_build_filename (c->dir, "backup.pgdump", NULL);

      care_test_postgresql_dump (c->server->database, dump);
      return g_steal_pointer (&dump);
    }
  g_assert_cmpint (sqlite3_open (c->db, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_close (db);
  return g_steal_pointer (&path);
}

/* Stops the server, puts the backup in place of its database, and starts
 * it again on the same port. keep_history FALSE also removes the file in
 * which the server notes the history it handed out (an operator who
 * restored the whole folder): then a workstation's cursor is the evidence. */
static void
restore_server (Clinic     *c,
                const char *backup,
                gboolean    keep_history)
{
  g_autofree char *wal = g_strconcat (c->db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (c->db, "-shm", NULL);
  /* On PostgreSQL, where clinic_new() names it. */
  g_autofree char *history = on_postgresql (c) ? g_build_filename (c->dir, "sync.history", NULL)
                                               : g_strconcat (c->db, ".history", NULL);
  g_autofree char *data = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  care_test_server_stop (c->server);
  if (!keep_history)
    g_assert_cmpint (g_unlink (history), ==, 0);
  if (on_postgresql (c))
    {
      care_test_postgresql_restore (c->server->database, backup);
      care_test_server_restart (c->server);
      return;
    }
  g_unlink (wal);
  g_unlink (shm);
  g_assert_true (g_file_get_contents (backup, &data, &length, &error));
  g_assert_true (g_file_set_contents (c->db, data, length, &error));
  g_assert_no_error (error);
  care_test_server_restart (c->server);
}

static gint64
count_patients_named (Workstation *w,
                      const char  *family)
{
  return local_int (w, "SELECT count(*) FROM patients WHERE family_name = ?1", family);
}

static gint64
server_patients_named (Clinic     *c,
                       const char *family)
{
  return server_int (c, "SELECT count(*) FROM patients WHERE family_name = ?1", family);
}

/* Issue 18's set-up: after the backup, the desk registers 20 patients and
 * the ward edits 10; both workstations hold all of it, and so did the
 * server until it was restored. Returns the 10 edited ids. */
static GPtrArray *
work_after_backup (Clinic      *c,
                   Workstation *desk,
                   Workstation *ward,
                   char       **backup)
{
  g_autoptr(GPtrArray) ids = some_patients (ward, 10);

  *backup = backup_server (c);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *given = g_strdup_printf ("After%u", i);
      g_free (local_new_patient (desk, given, "Restored", "1980-01-01"));
    }
  for (guint i = 0; i < ids->len; i++)
    local_set (ward, ids->pdata[i], "city", "Edited after the backup");
  sync_ok (desk);
  sync_ok (ward);
  sync_ok (desk);
  g_assert_cmpint (server_patients_named (c, "Restored"), ==, 20);
  g_assert_cmpint (count_patients_named (ward, "Restored"), ==, 20);
  g_assert_cmpint (local_cursor (desk), ==, local_cursor (ward));
  return g_steal_pointer (&ids);
}

static void
assert_restore_noticed (Workstation *w)
{
  gint64 at = 0, resent = 0;

  g_assert_true (care_store_sync_restore_info (w->store, &at, &resent));
  g_assert_cmpint (at, >, 0);
}

/* Scenario A: restored, nothing written since. Before, both workstations
 * were told to resync and deleted the 20 patients and 10 edits that only
 * they still held, every sync "ok". Now they send them back. Without the
 * server's history file the desk's cursor, ahead of the server, is what
 * gives the restore away. */
static void
test_restored_server (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) desk = workstation_new (c, "desk", "reception", FALSE);
  g_autoptr(Workstation) ward = workstation_new (c, "ward", "reception", FALSE);
  g_autofree char *backup = NULL;
  g_autoptr(GPtrArray) ids = work_after_backup (c, desk, ward, &backup);
  Workstation *all[] = { desk, ward };

  restore_server (c, backup, FALSE);
  g_assert_cmpint (server_patients_named (c, "Restored"), ==, 0);
  g_assert_cmpint (server_seq_head (c), <, local_cursor (desk));

  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      sync_ok (all[i]);

  care_test_server_wait_for_log (c->server, "RESTORED DATABASE", 1, 5000);
  g_assert_cmpint (server_patients_named (c, "Restored"), ==, 20);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *city = server_value (c, "patients", ids->pdata[i], "city");
      g_assert_cmpstr (city, ==, "Edited after the backup");
    }
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      assert_restore_noticed (all[i]);
      g_assert_cmpint (count_patients_named (all[i], "Restored"), ==, 20);
      g_assert_true (local_value_is (all[i], ids->pdata[0], "city", "Edited after the backup"));
      g_assert_cmpint (care_store_outbox_count (all[i]->store), ==, 0);
      g_assert_cmpuint (n_conflicts (all[i]), ==, 0);
      g_assert_cmpint (local_cursor (all[i]), ==, server_seq_head (c));
      assert_same_as_server (all[i]);
    }
}

/* Scenario B: restored, and a third workstation pushes 40 edits before
 * the others come back, so that the server's sequence passes theirs. The
 * server noticed at start (its history file is ahead of its database) and
 * every answer names the new history: the desk and the ward send back what
 * it lost, the ward's edit of a field the third one changed too is a
 * conflict, and everyone converges. */
static void
test_restored_server_overtaken (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) desk = workstation_new (c, "desk", "reception", FALSE);
  g_autoptr(Workstation) ward = workstation_new (c, "ward", "reception", FALSE);
  g_autoptr(Workstation) third = NULL;
  g_autofree char *backup = NULL;
  g_autoptr(GPtrArray) ids = work_after_backup (c, desk, ward, &backup);
  g_autoptr(GPtrArray) forty = NULL;
  gint64 before = local_cursor (desk);
  Workstation *all[3];

  restore_server (c, backup, TRUE);
  care_test_server_wait_for_log (c->server, "RESTORED DATABASE", 1, 5000);

  third = workstation_new (c, "third", "reception", FALSE);
  forty = some_patients (third, 40);
  for (guint i = 0; i < forty->len; i++)
    local_set (third, forty->pdata[i], "notes", "Third workstation");
  /* The same field as the ward's edit, of the first patient. */
  local_set (third, ids->pdata[0], "city", "Third city");
  sync_ok (third);
  g_assert_cmpint (server_seq_head (c), >, before);

  all[0] = desk;
  all[1] = ward;
  all[2] = third;
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      sync_ok (all[i]);

  g_assert_cmpint (server_patients_named (c, "Restored"), ==, 20);
  for (guint i = 1; i < ids->len; i++)
    {
      g_autofree char *city = server_value (c, "patients", ids->pdata[i], "city");
      g_assert_cmpstr (city, ==, "Edited after the backup");
    }
  {
    g_autofree char *city = server_value (c, "patients", ids->pdata[0], "city");
    g_autoptr(JsonObject) conflict = only_conflict (ward, ids->pdata[0]);

    g_assert_cmpstr (city, ==, "Third city");
    g_assert_cmpstr (json_object_get_string_member (conflict, "kind"), ==, "field");
  }
  for (guint i = 0; i < forty->len; i++)
    {
      g_autofree char *notes = server_value (c, "patients", forty->pdata[i], "notes");
      g_assert_cmpstr (notes, ==, "Third workstation");
    }
  assert_restore_noticed (desk);
  assert_restore_noticed (ward);
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_assert_cmpint (count_patients_named (all[i], "Restored"), ==, 20);
      g_assert_true (local_value_is (all[i], forty->pdata[5], "notes", "Third workstation"));
      g_assert_cmpint (care_store_outbox_count (all[i]->store), ==, 0);
      g_assert_cmpint (local_cursor (all[i]), ==, server_seq_head (c));
      assert_same_as_server (all[i]);
    }
}

/* --- an edit undone sends nothing (issue 18) --------------------------- */

/* Issue 18's soak: a push reached the server and its answer was lost, then
 * the same field was edited again. The entries sent keep their own ids and
 * payloads: folded into the new edit, the net change {A→C} met the
 * server's B (the workstation's own change) as a conflict with itself, and
 * the server kept a result under an id no workstation knew any more. */
static void
test_edit_after_lost_answer (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, TRUE);
  g_autoptr(Workstation) desk = workstation_new (c, "desk", "reception", TRUE);
  g_autoptr(GPtrArray) ids = some_patients (desk, 1);
  CareTestProxyRule drop = { CARE_TEST_PROXY_DROP_RESPONSE, PUSH, 1 };
  const char *b = "+34 600 000 333", *then = "+34 600 000 444";
  g_autofree char *taken = NULL;
  g_autofree char *phone = NULL;

  local_set (desk, ids->pdata[0], "phone", b);
  care_test_proxy_add_fault (c->proxy, &drop);
  expect_failure (desk, CARE_SYNC_ERROR_NETWORK);
  taken = server_value (c, "patients", ids->pdata[0], "phone");
  g_assert_cmpstr (taken, ==, b);

  local_set (desk, ids->pdata[0], "phone", then);
  g_assert_cmpint (outbox_rows (desk, "pending"), ==, 2);
  sync_ok (desk);

  phone = server_value (c, "patients", ids->pdata[0], "phone");
  g_assert_cmpstr (phone, ==, then);
  g_assert_cmpuint (n_conflicts (desk), ==, 0);
  g_assert_cmpint (care_store_outbox_count (desk->store), ==, 0);
  /* Every result the server keeps is of a change the workstation knows. */
  g_assert_cmpint (server_int (c, "SELECT count(*) FROM sync_mutations", NULL), ==,
                   local_int (desk, "SELECT count(*) FROM sync_sent", NULL));
}

/* The changes a workstation sends back to a restored server are those the
 * server took, one by one: the first is still in the backup, the second is
 * not. Folded into one {A→C}, the pair met the restored server's B as a
 * conflict with the workstation's own change. */
static void
test_restored_server_sent_apart (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) desk = workstation_new (c, "desk", "reception", FALSE);
  g_autoptr(GPtrArray) ids = some_patients (desk, 1);
  g_autofree char *backup = NULL;
  g_autofree char *phone = NULL;

  local_set (desk, ids->pdata[0], "phone", "+34 600 000 555");
  sync_ok (desk);
  backup = backup_server (c);
  local_set (desk, ids->pdata[0], "phone", "+34 600 000 666");
  sync_ok (desk);
  restore_server (c, backup, TRUE);
  care_test_server_wait_for_log (c->server, "RESTORED DATABASE", 1, 5000);

  sync_ok (desk);
  sync_ok (desk);
  assert_restore_noticed (desk);
  phone = server_value (c, "patients", ids->pdata[0], "phone");
  g_assert_cmpstr (phone, ==, "+34 600 000 666");
  g_assert_cmpuint (n_conflicts (desk), ==, 0);
  g_assert_cmpint (care_store_outbox_count (desk->store), ==, 0);
  assert_same_as_server (desk);
}

/* The history this server's sync answers name (Caredesk-Sync-Generation). */
static char *
host_generation (Clinic         *c,
                 CareTestServer *host)
{
  g_autoptr(CareTestResponse) r = care_test_request (host, "GET", "/sync/pull?cursor=0&limit=1", c->admin, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return g_strdup (soup_message_headers_get_one (r->headers, "Caredesk-Sync-Generation"));
}

static char *
server_generation (Clinic *c)
{
  return host_generation (c, c->server);
}

/* "sync-history" names the file the server keeps its history in: on
 * PostgreSQL there is no default, on SQLite it replaces DATABASE.history.
 * The server notices the restore at start, from that file alone, before
 * any workstation syncs; its answers name a new history, and the desk
 * sends back what the server lost. */
static void
test_restored_server_history_path (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *history = g_build_filename (dir, "clinic.history", NULL);
  const char *const args[] = { "--sync-history", history, NULL };
  g_autoptr(Clinic) c = clinic_new (args, FALSE);
  g_autoptr(Workstation) desk = workstation_new (c, "desk", "reception", FALSE);
  g_autoptr(GPtrArray) ids = some_patients (desk, 1);
  g_autofree char *default_history = g_strconcat (c->db, ".history", NULL);
  g_autofree char *backup = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *log = NULL;

  backup = backup_server (c);
  local_set (desk, ids->pdata[0], "phone", "+34 600 000 777");
  sync_ok (desk);
  before = server_generation (c);
  g_assert_nonnull (before);
  g_assert_true (g_file_test (history, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (default_history, G_FILE_TEST_EXISTS));

  /* A restart on the same database is no restore. */
  care_test_server_restart (c->server);
  log = care_test_server_log (c->server);
  g_assert_null (strstr (log, "RESTORED DATABASE"));
  g_clear_pointer (&log, g_free);
  after = server_generation (c);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  restore_server (c, backup, TRUE);
  care_test_server_wait_for_log (c->server, "RESTORED DATABASE: this server handed out", 1, 5000);
  log = care_test_server_log (c->server);
  g_assert_null (strstr (log, "set sync-history"));
  after = server_generation (c);
  g_assert_nonnull (after);
  g_assert_cmpstr (after, !=, before);
  g_assert_cmpint (server_seq_head (c), <, local_cursor (desk));

  sync_ok (desk);
  sync_ok (desk);
  assert_restore_noticed (desk);
  phone = server_value (c, "patients", ids->pdata[0], "phone");
  g_assert_cmpstr (phone, ==, "+34 600 000 777");
  g_assert_cmpint (care_store_outbox_count (desk->store), ==, 0);
  g_assert_cmpint (local_cursor (desk), ==, server_seq_head (c));
  assert_same_as_server (desk);
  care_test_rmtree (dir);
}

/* Two server hosts on one database, each with its own sync-history file.
 * After a restore the first to start notices and rolls the history; the
 * second, started later, follows that history instead of rolling another
 * (which would make every workstation send everything back again). */
static void
test_restored_two_hosts (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *history = g_build_filename (dir, "other.history", NULL);
  const char *const args[] = { "--sync-history", history, NULL };
  CareTestServer *other = care_test_server_start (dir, c->server->database, args);
  g_autoptr(Workstation) desk = workstation_new (c, "desk", "reception", FALSE);
  g_autoptr(GPtrArray) ids = some_patients (desk, 1);
  g_autofree char *backup = backup_server (c);
  g_autofree char *before = NULL;
  g_autofree char *rolled = NULL;
  g_autofree char *followed = NULL;
  g_autofree char *log = NULL;

  local_set (desk, ids->pdata[0], "phone", "+34 600 000 888");
  sync_ok (desk);
  before = host_generation (c, other);
  g_assert_nonnull (before);
  g_assert_cmpint (care_test_server_stop (other), ==, 0);

  restore_server (c, backup, TRUE);
  care_test_server_wait_for_log (c->server, "RESTORED DATABASE: this server handed out", 1, 5000);
  rolled = server_generation (c);
  g_assert_cmpstr (rolled, !=, before);

  care_test_server_restart (other);
  log = care_test_server_log (other);
  g_assert_null (strstr (log, "RESTORED DATABASE"));
  g_assert_nonnull (strstr (log, "it follows"));
  followed = host_generation (c, other);
  g_assert_cmpstr (followed, ==, rolled);

  sync_ok (desk);
  sync_ok (desk);
  assert_restore_noticed (desk);
  assert_same_as_server (desk);
  care_test_server_free (other);  /* removes dir */
}

/* Workstation 1 sets a phone to B; workstation 2, offline, sets it to B and
 * back to A, and edits another field. Before, the server ended with A: the
 * undone edit overwrote workstation 1's B and nobody saw a conflict. The
 * outbox now pushes each record's net change against its base: the phone
 * is not sent, the other field is. */
static void
test_edit_undone (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) one = workstation_new (c, "one", "reception", FALSE);
  g_autoptr(Workstation) two = workstation_new (c, "two", "reception", FALSE);
  g_autoptr(GPtrArray) ids = some_patients (one, 2);
  g_autofree char *a = local_value (two, ids->pdata[0], "phone");
  g_autofree char *phone = NULL;
  g_autofree char *city = NULL;
  g_autofree char *other = NULL;
  g_autofree char *notes = local_value (two, ids->pdata[1], "notes");
  const char *b = "+34 600 000 222";

  g_assert_cmpstr (a, !=, b);
  local_set (one, ids->pdata[0], "phone", b);
  sync_ok (one);

  local_set (two, ids->pdata[0], "phone", b);
  local_set (two, ids->pdata[0], "city", "Net City");
  local_set (two, ids->pdata[0], "phone", a);
  /* Another record's edit between does not split the run. */
  local_set (two, ids->pdata[1], "notes", "Undone");
  local_set (two, ids->pdata[1], "notes", notes);
  g_assert_cmpint (outbox_rows (two, "pending"), ==, 5);
  sync_ok (two);
  sync_ok (one);

  phone = server_value (c, "patients", ids->pdata[0], "phone");
  city = server_value (c, "patients", ids->pdata[0], "city");
  other = server_value (c, "patients", ids->pdata[1], "notes");
  g_assert_cmpstr (phone, ==, b);
  g_assert_cmpstr (city, ==, "Net City");
  g_assert_true (local_value_is (one, ids->pdata[1], "notes", other));
  g_assert_cmpuint (n_conflicts (two), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      Workstation *w = i == 0 ? one : two;

      g_assert_true (local_value_is (w, ids->pdata[0], "phone", b));
      g_assert_true (local_value_is (w, ids->pdata[0], "city", "Net City"));
      g_assert_cmpint (care_store_outbox_count (w->store), ==, 0);
      assert_same_as_server (w);
    }
}

/* --- pushes bounded by bytes; a change too large for any (issue 18) ---- */

/* Pushes were split by count only, so a batch with a large attachment was
 * answered 413 on every retry. Now a push holds at most batch-bytes of
 * mutations; a single change larger than that is refused once, with a
 * reason, listed with the refused changes, and never sent again, while
 * the changes after it go. */
static void
test_large_change (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, TRUE);
  g_autoptr(Workstation) office = workstation_new (c, "back-office", "admin", TRUE);
  g_autoptr(GPtrArray) ids = some_patients (office, 30);
  g_autoptr(CareRecord) clinic = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GBytes) logo = NULL;
  g_autofree char *long_notes = g_strnfill (3000, 'n');
  guchar *data = g_malloc (1536 * 1024);
  guint pushes;

  for (gsize i = 0; i < 1536 * 1024; i++)
    data[i] = (guchar) g_random_int ();
  logo = g_bytes_new_take (data, 1536 * 1024);
  clinic = care_store_get (office->store, care_schema_lookup ("tenant"), care_store_get_tenant_id (office->store), &error);
  g_assert_no_error (error);
  care_record_set_blob (clinic, "logo", logo);
  g_assert_true (care_store_update (office->store, clinic, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    local_set (office, ids->pdata[i], "notes", long_notes);

  care_sync_engine_set_batch_bytes (office->engine, 32 * 1024);
  care_test_proxy_reset_counts (c->proxy);
  sync_ok (office);
  pushes = care_test_proxy_count (c->proxy, PUSH);
  /* 30 × 3 kB in 32 kB: several pushes, and none with the logo. */
  g_assert_cmpuint (pushes, >=, 3);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *notes = server_value (c, "patients", ids->pdata[i], "notes");
      g_assert_cmpstr (notes, ==, long_notes);
    }
  g_assert_cmpint (server_int (c, "SELECT length (logo) FROM tenants WHERE id = ?1",
                               care_store_get_tenant_id (office->store)), <=, 0);

  rejected = care_sync_list_rejected (office->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejected->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (rejected, 0), "entity"), ==, "tenant");
  g_assert_nonnull (strstr (json_object_get_string_member (g_ptr_array_index (rejected, 0), "last_error"), "too large"));
  g_assert_cmpint (care_sync_engine_get_rejected (office->engine), ==, 1);

  /* Refused once: the next rounds do not send it again. */
  sync_ok (office);
  sync_ok (office);
  g_assert_cmpuint (care_test_proxy_count (c->proxy, PUSH), ==, pushes);
  g_assert_cmpint (outbox_rows (office, "rejected"), ==, 1);
  g_assert_cmpint (care_store_outbox_count (office->store), ==, 0);
}

/* With the default limits, the largest attachment the app accepts (a lab's
 * 5 MB outside report, here as the clinic's logo) travels in one push. */
static void
test_large_attachment (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) office = workstation_new (c, "back-office", "admin", FALSE);
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(CareRecord) study = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) images = NULL;
  gsize size = CARE_ORDERS_ATTACHMENT_MAX;
  guchar *data = g_malloc (size);

  /* The largest file an imaging study takes: a PDF of the radiologist's
   * report with its images, base64-encoded in one push. */
  for (gsize i = 0; i < size; i++)
    data[i] = (guchar) g_random_int ();
  memcpy (data, "%PDF-1.7\n", 9);
  images = g_bytes_new_take (data, size);
  patients = care_store_list (office->store, care_schema_lookup ("patient"), NULL, NULL, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patients->len, ==, 1);
  study = care_orders_imaging (office->store, care_record_get_id (g_ptr_array_index (patients, 0)),
                               "xray", "Chest", &error);
  g_assert_no_error (error);
  care_orders_attach_imaging (office->store, care_record_get_id (study), "chest.pdf", images, &error);
  g_assert_no_error (error);
  sync_ok (office);
  g_assert_cmpint (care_store_outbox_count (office->store), ==, 0);
  g_assert_cmpint (care_sync_engine_get_rejected (office->engine), ==, 0);
  g_assert_cmpint (server_int (c, "SELECT length (attachment) FROM imaging_studies WHERE id = ?1",
                               care_record_get_id (study)), ==, (gint64) size);
}

/* --- Sync Now and signing out (issue 18's known-and-left items) -------- */

/* The server said to come back in a minute (429, Retry-After: 60): the
 * engine's retry timer waits that long, but a person's Sync Now does not. */
static void
test_sync_now (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, TRUE);
  g_autoptr(Workstation) w = workstation_new (c, "front-desk", "reception", TRUE);
  g_autoptr(GPtrArray) ids = some_patients (w, 1);
  CareTestProxyRule later = { CARE_TEST_PROXY_STATUS, PUSH, 1, .status = 429, .retry_after = 60 };
  guint pushes;

  care_test_proxy_add_fault (c->proxy, &later);
  care_test_proxy_reset_counts (c->proxy);
  care_sync_engine_start (w->engine);
  w->started = TRUE;
  local_set (w, ids->pdata[0], "city", "Right Now");
  care_sync_engine_kick (w->engine);
  g_assert_true (care_test_proxy_wait_count (c->proxy, PUSH, 1, 10000));
  WAIT_UNTIL (care_sync_engine_get_state (w->engine) == CARE_SYNC_STATE_OFFLINE, 10000);
  pushes = care_test_proxy_count (c->proxy, PUSH);

  /* An edit only asks for a round; the retry timer still waits. */
  care_sync_engine_kick (w->engine);
  /* Sync Now goes at once, well inside the minute. */
  care_sync_engine_sync_now (w->engine);
  g_assert_true (care_test_proxy_wait_count (c->proxy, PUSH, pushes + 1, 10000));
  WAIT_UNTIL (care_store_outbox_count (w->store) == 0, 10000);
  {
    g_autofree char *city = server_value (c, "patients", ids->pdata[0], "city");
    g_assert_cmpstr (city, ==, "Right Now");
  }
}

/* Signing out ends the session on the server: its refresh token and
 * access token are no use afterwards, to the workstation or to anyone who
 * copied them. */
static void
on_signed_out_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
test_sign_out (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) w = workstation_new (c, "front-desk", "reception", FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *access = NULL;

  {
    g_autoptr(CareTestResponse) me = care_test_request (c->server, "GET", "/auth/me", w->access_token, NULL);
    g_assert_cmpuint (me->status, ==, 200);
  }
  g_assert_true (care_sync_sign_out (w->url, w->access_token, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CareTestResponse) me = care_test_request (c->server, "GET", "/auth/me", w->access_token, NULL);
    g_assert_cmpuint (me->status, ==, 401);
  }
  /* The engine cannot refresh the ended session: sync stops as signed out. */
  expect_failure (w, CARE_SYNC_ERROR_AUTH);
  /* Signing out twice is no error. */
  g_assert_true (care_sync_sign_out (w->url, w->access_token, NULL, &error));
  g_assert_no_error (error);

  /* What the window calls on signing out: the engine ends its own
   * session, in a worker. */
  {
    g_autoptr(Workstation) w2 = workstation_new (c, "front-desk-2", "reception", FALSE);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(CareTestResponse) before = care_test_request (c->server, "GET", "/auth/me", w2->access_token, NULL);
    g_autoptr(CareTestResponse) after = NULL;

    g_assert_cmpuint (before->status, ==, 200);
    care_sync_engine_sign_out (w2->engine, on_signed_out_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (care_sync_engine_sign_out_finish (result, &error));
    g_assert_no_error (error);
    after = care_test_request (c->server, "GET", "/auth/me", w2->access_token, NULL);
    g_assert_cmpuint (after->status, ==, 401);
  }
}

/* --- several server processes in front of one database ------------------ */

/* The checksums of the caller's scope as one server computes them. */
static char *
checksums_at (CareTestServer *server,
              Workstation    *w)
{
  g_autoptr(CareTestResponse) r = care_test_request (server, "GET", "/sync/checksum", w->access_token, NULL);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  g_assert_cmpuint (r->status, ==, 200);
  json_node_set_object (node, json_object_get_object_member (care_test_data_object (r), "entities"));
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* Two server processes on different ports serve one database, as two
 * hosts behind one name. One workstation's pushes reach the second host
 * while its sign-in and pulls go to the first; another workstation talks
 * to the first only. Each gets the other's changes and its own, both
 * hosts give the same checksums, and every workstation holds them. */
static void
test_two_hosts (void)
{
  g_autoptr(Clinic) c = clinic_new (NULL, TRUE);
  g_autofree char *dir = care_test_tmpdir ();
  CareTestServer *other = care_test_server_start (dir, c->server->database, NULL);
  g_autofree char *other_origin = g_strdup_printf ("http://127.0.0.1:%u", other->port);
  g_autoptr(Workstation) a = NULL;
  g_autoptr(Workstation) b = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *sums_here = NULL;
  g_autofree char *sums_there = NULL;

  care_test_proxy_route (c->proxy, PUSH, other_origin);
  a = workstation_new (c, "ward-desk", "reception", TRUE);
  b = workstation_new (c, "front-desk", "admin", FALSE);
  ids = some_patients (a, 2);

  local_set (a, ids->pdata[0], "city", "Ourense");
  new_id = local_new_patient (a, "Xiana", "Two-Hosts", "1990-03-04");
  local_set (b, ids->pdata[1], "city", "Soria");
  sync_ok (a);
  sync_ok (b);
  sync_ok (a);

  /* The pushes went to the other host, the pulls to the first. */
  g_assert_cmpuint (care_test_proxy_upstream_count (c->proxy, PUSH), >=, 1);
  g_assert_cmpuint (care_test_proxy_upstream_count (c->proxy, PULL), >=, 2);
  for (guint i = 0; i < 2; i++)
    {
      Workstation *w = i == 0 ? a : b;

      g_assert_true (local_value_is (w, ids->pdata[0], "city", "Ourense"));
      g_assert_true (local_value_is (w, ids->pdata[1], "city", "Soria"));
      g_assert_true (local_value_is (w, new_id, "family_name", "Two-Hosts"));
      g_assert_cmpint (care_store_outbox_count (w->store), ==, 0);
      g_assert_cmpuint (n_conflicts (w), ==, 0);
      assert_same_as_server (w);
    }
  sums_here = checksums_at (c->server, a);
  sums_there = checksums_at (other, a);
  g_assert_cmpstr (sums_here, ==, sums_there);

  g_assert_cmpint (care_test_server_stop (other), ==, 0);
  care_test_server_free (other);  /* removes dir */
}

/* --- a patient list imported --------------------------------------------- */

/* One hand registration on w: its record number. */
static char *
register_by_hand (Workstation *w,
                  const char  *given)
{
  g_autoptr(CareRecord) patient = care_record_new (PATIENT);
  g_autoptr(GError) error = NULL;

  care_record_set (patient, "given_name", given);
  care_record_set (patient, "family_name", "Byhand");
  care_record_set (patient, "date_of_birth", "1971-05-06");
  care_record_set (patient, "sex", "female");
  care_record_set (patient, "status", "new");
  g_assert_true (care_patients_register (w->store, patient, TRUE, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get (patient, "mrn"));
}

/* The sequence of a record number "CODE-000042": 42. */
static gint64
number_of (const char *mrn)
{
  return g_ascii_strtoll (strrchr (mrn, '-') + 1, NULL, 10);
}

/* Issue 22: a clinic's list of 10,050 patients, imported in one
 * transaction with its numbers taken in one step, between two
 * registrations by hand: the numbers follow on without a gap or a
 * collision, every imported patient reaches the server with its number
 * (their outbox entries were written a hundred to a statement, the last
 * fifty at the end), and a second workstation finds them. */
static void
test_patient_import (void)
{
  const guint n = 10050;
  g_autoptr(Clinic) c = clinic_new (NULL, FALSE);
  g_autoptr(Workstation) desk = workstation_new (c, "front-desk", "admin", FALSE);
  g_autoptr(Workstation) office = workstation_new (c, "back-office", "admin", FALSE);
  g_autoptr(GString) text = g_string_new ("First name,Last name,Date of birth,Sex,Phone\n");
  g_autoptr(CarePatientImport) import = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL, *like = NULL, *last_id = NULL, *last_mrn = NULL;
  g_autofree char *last_name = NULL;
  const char *code = care_store_get_device_code (desk->store);
  CareCsv *csv;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "Imported%u,Listfamily,%02u/%02u/%u,%s,+1 555 %07u\n", i,
                            1 + i % 28, 1 + (i / 28) % 12, 1930 + i % 90, i % 2 ? "F" : "M", 1000000 + i);
  csv = care_csv_parse (text->str, text->len, &error);
  g_assert_no_error (error);
  import = care_patient_import_new (csv);

  before = register_by_hand (desk, "Before");
  g_assert_true (care_patient_import_check (import, desk->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (care_patient_import_get_n_ready (import), ==, n);
  g_assert_true (care_patient_import_run (import, desk->store, NULL, &error));
  g_assert_no_error (error);
  after = register_by_hand (desk, "After");

  /* This workstation's numbers: before, the list's, after; each once. */
  like = g_strdup_printf ("%s-%%", code);
  g_assert_cmpint (local_int (desk, "SELECT count(*) FROM patients WHERE mrn LIKE ?1", like), ==, n + 2);
  g_assert_cmpint (local_int (desk, "SELECT count(DISTINCT mrn) FROM patients WHERE mrn LIKE ?1", like), ==, n + 2);
  g_assert_cmpint (number_of (after), ==, number_of (before) + n + 1);
  g_assert_cmpint (local_int (desk, "SELECT min(CAST(substr(mrn, length(?1)) AS INTEGER)) FROM patients "
                                    "WHERE mrn LIKE ?1", like), ==, number_of (before));
  g_assert_cmpint (local_int (desk, "SELECT max(CAST(substr(mrn, length(?1)) AS INTEGER)) FROM patients "
                                    "WHERE mrn LIKE ?1", like), ==, number_of (after));
  g_assert_cmpint (local_int (desk, "SELECT count(*) FROM outbox WHERE entity = 'patient' AND op = 'insert' "
                                    "AND state = 'pending'", NULL), ==, n + 2);
  last_name = g_strdup_printf ("Imported%u", n - 1);
  last_id = care_store_query_text (desk->store, "SELECT id FROM patients WHERE given_name = ?1", last_name, NULL);
  last_mrn = care_store_query_text (desk->store, "SELECT mrn FROM patients WHERE id = ?1", last_id, NULL);
  g_assert_cmpint (number_of (last_mrn), ==, number_of (after) - 1);

  /* Every one of them reaches the server, with its number. */
  sync_ok (desk);
  g_assert_cmpint (care_store_outbox_count (desk->store), ==, 0);
  g_assert_cmpint (server_int (c, "SELECT count(*) FROM patients WHERE mrn LIKE ?1", like), ==, n + 2);
  g_assert_cmpint (server_int (c, "SELECT count(DISTINCT mrn) FROM patients WHERE mrn LIKE ?1", like), ==, n + 2);
  {
    g_autofree char *on_server = server_value (c, "patients", last_id, "mrn");
    g_assert_cmpstr (on_server, ==, last_mrn);
  }

  /* And the other workstation has them, found by name. */
  sync_ok (office);
  g_assert_cmpint (local_int (office, "SELECT count(*) FROM patients WHERE mrn LIKE ?1", like), ==, n + 2);
  found = care_store_search_patients (office->store, last_name, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >=, 1);
  g_assert_cmpstr (care_record_get_id (g_ptr_array_index (found, 0)), ==, last_id);
}

/* The import's entries refer to their rows (care-store-outbox-ref.c):
 * 300 imported patients, one edited and one deleted before the push, a
 * push whose answer is lost, an imported row edited after it, and the
 * retry. The bytes each entry is sent with never change, the server has
 * every row as the workstation does, and nothing is a conflict. */
static void
test_patient_import_refs (void)
{
  const guint n = 300;
  g_autoptr(Clinic) c = clinic_new (NULL, TRUE);
  g_autoptr(Workstation) desk = workstation_new (c, "desk", "reception", TRUE);
  g_autoptr(GString) text = g_string_new ("First name,Last name,Date of birth,Sex,Phone\n");
  g_autoptr(CarePatientImport) import = NULL;
  g_autoptr(GHashTable) sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *edited = NULL, *deleted = NULL, *later = NULL, *city = NULL, *phone = NULL;
  CareTestProxyRule drop = { CARE_TEST_PROXY_DROP_RESPONSE, PUSH, 1 };
  CareCsv *csv;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "Refer%u,Rowfamily,%02u/03/19%02u,%s,+1 555 %07u\n", i, 1 + i % 28, 30 + i % 60,
                            i % 2 ? "F" : "M", 2000000 + i);
  csv = care_csv_parse (text->str, text->len, &error);
  g_assert_no_error (error);
  import = care_patient_import_new (csv);
  g_assert_true (care_patient_import_check (import, desk->store, NULL, &error));
  g_assert_true (care_patient_import_run (import, desk->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (local_int (desk, "SELECT count(*) FROM outbox WHERE payload IS NULL", NULL), ==, n);

  /* Edited and deleted before any push: their entries become copies. */
  edited = care_store_query_text (desk->store, "SELECT id FROM patients WHERE given_name = 'Refer7'", NULL, NULL);
  deleted = care_store_query_text (desk->store, "SELECT id FROM patients WHERE given_name = 'Refer8'", NULL, NULL);
  later = care_store_query_text (desk->store, "SELECT id FROM patients WHERE given_name = 'Refer9'", NULL, NULL);
  local_set (desk, edited, "city", "Refertown");
  local_delete (desk, deleted);
  g_assert_cmpint (local_int (desk, "SELECT count(*) FROM outbox WHERE payload IS NULL", NULL), ==, n - 2);
  g_assert_cmpint (local_int (desk, "SELECT count(*) FROM outbox WHERE record_id = ?1 AND op = 'insert' "
                                    "AND payload NOT LIKE '%Refertown%'", edited), ==, 1);

  /* What the push reads; its answer is lost after the server applied it. */
  entries = care_store_outbox_list_pending (desk->store, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      CareOutboxEntry *e = g_ptr_array_index (entries, i);

      g_assert_nonnull (e->payload);
      g_hash_table_insert (sent, g_strdup (e->mutation_id), g_strdup (e->payload));
    }
  care_test_proxy_add_fault (c->proxy, &drop);
  expect_failure (desk, CARE_SYNC_ERROR_NETWORK);
  g_assert_cmpint (local_int (desk, "SELECT count(*) FROM outbox WHERE payload IS NULL", NULL), ==, 0);

  /* An imported row edited after the lost answer: the entry sent keeps
   * the bytes it was sent with, the edit is an entry of its own. */
  local_set (desk, later, "phone", "+1 555 7654321");
  {
    sqlite3_stmt *stmt = care_store_prepare (desk->store, "SELECT mutation_id, payload FROM outbox "
                                                          "WHERE attempts > 0", &error);
    guint n_sent = 0;

    g_assert_no_error (error);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==,
                         g_hash_table_lookup (sent, sqlite3_column_text (stmt, 0)));
        n_sent++;
      }
    sqlite3_reset (stmt);
    g_assert_cmpuint (n_sent, ==, g_hash_table_size (sent));
  }

  sync_ok (desk);
  g_assert_cmpint (care_store_outbox_count (desk->store), ==, 0);
  g_assert_cmpuint (n_conflicts (desk), ==, 0);
  g_assert_cmpint (server_int (c, "SELECT count(*) FROM patients WHERE family_name = 'Rowfamily'", NULL), ==, n - 1);
  g_assert_false (server_has (c, "patients", deleted));
  city = server_value (c, "patients", edited, "city");
  g_assert_cmpstr (city, ==, "Refertown");
  phone = server_value (c, "patients", later, "phone");
  g_assert_cmpstr (phone, ==, "+1 555 7654321");
  /* Every result the server keeps is of a change the workstation knows. */
  g_assert_cmpint (server_int (c, "SELECT count(*) FROM sync_mutations", NULL), ==,
                   local_int (desk, "SELECT count(*) FROM sync_sent", NULL));
  assert_same_as_server (desk);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/lost-response", test_lost_response);
  g_test_add_func ("/sync/crash-while-applying", test_crash_while_applying);
  g_test_add_func ("/sync/offline-edits", test_offline_edits);
  g_test_add_func ("/sync/edit-races-delete", test_edit_races_delete);
  g_test_add_func ("/sync/edit-during-push", test_edit_during_push);
  g_test_add_func ("/sync/error-answers", test_error_answers);
  g_test_add_func ("/sync/duplicate-and-reorder", test_duplicate_and_reorder);
  g_test_add_func ("/sync/slow-transaction", test_slow_transaction);
  g_test_add_func ("/sync/clock-skew", test_clock_skew);
  g_test_add_func ("/sync/tombstone-retention", test_tombstone_retention);
  g_test_add_func ("/sync/role-change", test_role_change);
  g_test_add_func ("/sync/live-notifications", test_live_notifications);
  g_test_add_func ("/sync/month-offline", test_month_offline);
  g_test_add_func ("/sync/half-open", test_half_open);
  g_test_add_func ("/sync/duplicate-patient", test_duplicate_patient);
  g_test_add_func ("/sync/double-bed", test_double_bed);
  g_test_add_func ("/sync/offline-double-booking", test_offline_double_booking);
  g_test_add_func ("/sync/offline-last-units", test_offline_last_units);
  g_test_add_func ("/sync/converged-checksums", test_converged_checksums);
  g_test_add_func ("/sync/standalone-upload", test_standalone_upload);
  g_test_add_func ("/sync/restored-server", test_restored_server);
  g_test_add_func ("/sync/edit-undone", test_edit_undone);
  g_test_add_func ("/sync/large-change", test_large_change);
  g_test_add_func ("/sync/sync-now", test_sync_now);
  g_test_add_func ("/sync/sign-out", test_sign_out);
  g_test_add_func ("/sync/large-attachment", test_large_attachment);
  g_test_add_func ("/sync/restored-server-overtaken", test_restored_server_overtaken);
  g_test_add_func ("/sync/edit-after-lost-answer", test_edit_after_lost_answer);
  g_test_add_func ("/sync/restored-server-sent-apart", test_restored_server_sent_apart);
  g_test_add_func ("/sync/restored-server-history-path", test_restored_server_history_path);
  g_test_add_func ("/sync/restored-two-hosts", test_restored_two_hosts);
  g_test_add_func ("/sync/two-hosts", test_two_hosts);
  g_test_add_func ("/sync/patient-import", test_patient_import);
  g_test_add_func ("/sync/patient-import-refs", test_patient_import_refs);

  return g_test_run ();
}
