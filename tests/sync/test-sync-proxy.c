/* test-sync-proxy.c: the fault-injecting proxy of the sync tests does what it says
 *
 * The sync tests blame the engine or the server when a fault is not
 * survived; these prove the faults themselves happen as described, against
 * the real caredesk-server, with plain blocking requests from the test's
 * thread (the proxy works in its own).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sqlite3.h>

#include "care-server-fixture.h"
#include "care-test-proxy.h"

typedef struct {
  char           *dir;
  CareTestServer *server;
  CareTestProxy  *proxy;
  char           *token;
  SoupSession    *session;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autofree char *origin = NULL;

  f->dir = care_test_tmpdir ();
  db = care_test_demo_database (f->dir);
  f->server = care_test_server_start (f->dir, db, NULL);
  origin = g_strdup_printf ("http://127.0.0.1:%u", f->server->port);
  f->proxy = care_test_proxy_new (origin);
  f->token = care_test_login (f->server, "reception", CARE_TEST_PASSWORD, NULL);
  f->session = soup_session_new_with_options ("timeout", 2, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  care_test_proxy_free (f->proxy);
  care_test_server_free (f->server);
  g_free (f->dir);
  g_free (f->token);
}

typedef struct {
  guint               status;
  char               *body;
  SoupMessageHeaders *headers;
  GError             *error;
} Reply;

static void
reply_free (Reply *r)
{
  g_free (r->body);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_error (&r->error);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* A request through the proxy; a network failure is returned, not fatal. */
static Reply *
via_proxy (Fixture     *f,
           SoupSession *session,
           const char  *method,
           const char  *path,
           const char  *body)
{
  g_autofree char *url = g_strconcat (care_test_proxy_get_url (f->proxy), "/api/v1", path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", f->token);
  g_autoptr(GBytes) bytes = NULL;
  Reply *r = g_new0 (Reply, 1);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  bytes = soup_session_send_and_read (session ? session : f->session, msg, NULL, &r->error);
  if (bytes)
    {
      r->status = soup_message_get_status (msg);
      r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
      r->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  return r;
}

static gint64
patients_named (Fixture    *f,
                const char *family)
{
  g_autofree char *db = g_build_filename (f->dir, "demo.sqlite", NULL);
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  sqlite3_busy_timeout (handle, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT count(*) FROM patients WHERE family_name = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, family, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return n;
}

static char *
patient_body (const char *family)
{
  return g_strdup_printf ("{\"given_name\": \"Proxy\", \"family_name\": \"%s\", \"sex\": \"male\", "
                          "\"date_of_birth\": \"1966-06-06\"}", family);
}

/* Without faults, requests and answers pass unchanged (headers, bodies,
 * statuses, the query), and are counted. */
static void
test_forwards (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(Reply) me = via_proxy (f, NULL, "GET", "/auth/me", NULL);
  g_autoptr(CareTestResponse) direct = care_test_request (f->server, "GET", "/auth/me", f->token, NULL);
  g_autofree char *body = patient_body ("Forwarded");
  g_autoptr(Reply) created = via_proxy (f, NULL, "POST", "/patients", body);
  g_autoptr(Reply) listed = via_proxy (f, NULL, "GET", "/patients?q=Forwarded", NULL);
  g_autoptr(Reply) missing = via_proxy (f, NULL, "GET", "/patients/00000000-0000-0000-0000-000000000000", NULL);

  g_assert_no_error (me->error);
  g_assert_cmpuint (me->status, ==, 200);
  g_assert_cmpstr (me->body, ==, direct->body);
  g_assert_cmpstr (soup_message_headers_get_content_type (me->headers, NULL), ==, "application/json");
  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpint (patients_named (f, "Forwarded"), ==, 1);
  g_assert_cmpuint (listed->status, ==, 200);
  g_assert_nonnull (strstr (listed->body, "\"Forwarded\""));
  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_cmpuint (care_test_proxy_count (f->proxy, "/api/v1/patients"), ==, 3);
  g_assert_cmpuint (care_test_proxy_count (f->proxy, NULL), ==, 4);
  g_assert_cmpuint (care_test_proxy_upstream_count (f->proxy, NULL), ==, 4);
  g_assert_cmpuint (care_test_proxy_upstream_answered (f->proxy, NULL), ==, 4);
}

/* A status is answered by the proxy alone, only for the prefix and only
 * `count` times. */
static void
test_status (Fixture       *f,
             gconstpointer  data)
{
  CareTestProxyRule rule = { CARE_TEST_PROXY_STATUS, "/api/v1/patients", 1, .status = 429, .retry_after = 7 };
  g_autoptr(Reply) other = NULL;
  g_autoptr(Reply) throttled = NULL;
  g_autoptr(Reply) again = NULL;

  care_test_proxy_add_fault (f->proxy, &rule);
  other = via_proxy (f, NULL, "GET", "/auth/me", NULL);
  throttled = via_proxy (f, NULL, "GET", "/patients", NULL);
  again = via_proxy (f, NULL, "GET", "/patients", NULL);
  g_assert_cmpuint (other->status, ==, 200);
  g_assert_cmpuint (throttled->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (throttled->headers, "Retry-After"), ==, "7");
  g_assert_nonnull (strstr (throttled->body, "\"status\": 429"));
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpuint (care_test_proxy_upstream_count (f->proxy, "/api/v1/patients"), ==, 1);
  g_assert_cmpuint (care_test_proxy_faults_left (f->proxy), ==, 0);

  /* skip: the first matching request passes, the second is faulted. */
  {
    CareTestProxyRule later = { CARE_TEST_PROXY_STATUS, "/api/v1/auth/me", 1, .skip = 1, .status = 503 };
    g_autoptr(Reply) first = NULL;
    g_autoptr(Reply) second = NULL;
    g_autoptr(Reply) third = NULL;

    care_test_proxy_add_fault (f->proxy, &later);
    first = via_proxy (f, NULL, "GET", "/auth/me", NULL);
    second = via_proxy (f, NULL, "GET", "/auth/me", NULL);
    third = via_proxy (f, NULL, "GET", "/auth/me", NULL);
    g_assert_cmpuint (first->status, ==, 200);
    g_assert_cmpuint (second->status, ==, 503);
    g_assert_cmpuint (third->status, ==, 200);
  }
}

/* Cut: the client's connection closes and the server never hears of it.
 * Drop: the server commits, then the client's connection closes. */
static void
test_cut_and_drop (Fixture       *f,
                   gconstpointer  data)
{
  CareTestProxyRule cut = { CARE_TEST_PROXY_CUT, "/api/v1/patients", 1 };
  CareTestProxyRule drop = { CARE_TEST_PROXY_DROP_RESPONSE, "/api/v1/patients", 1 };
  g_autofree char *cut_body = patient_body ("Cut");
  g_autofree char *drop_body = patient_body ("Dropped");
  g_autoptr(Reply) r1 = NULL;
  g_autoptr(Reply) r2 = NULL;

  care_test_proxy_add_fault (f->proxy, &cut);
  r1 = via_proxy (f, NULL, "POST", "/patients", cut_body);
  g_assert_nonnull (r1->error);
  g_assert_cmpint (patients_named (f, "Cut"), ==, 0);
  g_assert_cmpuint (care_test_proxy_upstream_count (f->proxy, NULL), ==, 0);

  care_test_proxy_add_fault (f->proxy, &drop);
  r2 = via_proxy (f, NULL, "POST", "/patients", drop_body);
  g_assert_nonnull (r2->error);
  g_assert_cmpint (patients_named (f, "Dropped"), ==, 1);
  g_assert_cmpuint (care_test_proxy_upstream_answered (f->proxy, NULL), ==, 1);
}

static gint64
rowid_where (Fixture    *f,
             const char *sql,
             const char *arg)
{
  g_autofree char *db = g_build_filename (f->dir, "demo.sqlite", NULL);
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  sqlite3_busy_timeout (handle, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return n;
}

/* Duplicate: the server gets the request twice (a plain REST create is not
 * idempotent, so there are two rows); the client gets one answer. */
static void
test_duplicate (Fixture       *f,
                gconstpointer  data)
{
  CareTestProxyRule twice = { CARE_TEST_PROXY_DUPLICATE, "/api/v1/patients", 1 };
  g_autofree char *body = patient_body ("Twice");
  g_autoptr(Reply) r = NULL;

  care_test_proxy_add_fault (f->proxy, &twice);
  r = via_proxy (f, NULL, "POST", "/patients", body);
  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, 201);
  g_assert_cmpint (patients_named (f, "Twice"), ==, 2);
  g_assert_cmpuint (care_test_proxy_count (f->proxy, NULL), ==, 1);
  g_assert_cmpuint (care_test_proxy_upstream_count (f->proxy, NULL), ==, 2);

  /* One after the other, the client getting the second answer: the id of
   * the second row created. */
  {
    CareTestProxyRule late = { CARE_TEST_PROXY_DUPLICATE_LATE, "/api/v1/patients", 1 };
    g_autofree char *late_body = patient_body ("Late twice");
    g_autoptr(Reply) r2 = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    const char *id;
    gint64 first_rowid, answered_rowid;

    care_test_proxy_add_fault (f->proxy, &late);
    r2 = via_proxy (f, NULL, "POST", "/patients", late_body);
    g_assert_cmpuint (r2->status, ==, 201);
    g_assert_cmpint (patients_named (f, "Late twice"), ==, 2);
    g_assert_true (json_parser_load_from_data (parser, r2->body, -1, NULL));
    id = json_object_get_string_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "data"), "id");
    first_rowid = rowid_where (f, "SELECT min(rowid) FROM patients WHERE family_name = 'Late twice'", NULL);
    answered_rowid = rowid_where (f, "SELECT rowid FROM patients WHERE id = ?1", id);
    g_assert_cmpint (answered_rowid, >, first_rowid);
  }
}

/* Delays before forwarding and before answering; half-open never answers. */
static void
test_delays_and_half_open (Fixture       *f,
                           gconstpointer  data)
{
  CareTestProxyRule before = { CARE_TEST_PROXY_DELAY_REQUEST, "/api/v1/auth/me", 1, .delay_ms = 600 };
  CareTestProxyRule after = { CARE_TEST_PROXY_DELAY_RESPONSE, "/api/v1/auth/me", 1, .delay_ms = 600 };
  CareTestProxyRule silent = { CARE_TEST_PROXY_HALF_OPEN, "/api/v1/auth/me", 1 };
  g_autoptr(SoupSession) patient = soup_session_new_with_options ("timeout", 1, NULL);
  gint64 start;

  care_test_proxy_add_fault (f->proxy, &before);
  start = g_get_monotonic_time ();
  {
    g_autoptr(Reply) r = via_proxy (f, NULL, "GET", "/auth/me", NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 600 * G_TIME_SPAN_MILLISECOND);

  care_test_proxy_add_fault (f->proxy, &after);
  start = g_get_monotonic_time ();
  {
    g_autoptr(Reply) r = via_proxy (f, NULL, "GET", "/auth/me", NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 600 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (care_test_proxy_upstream_answered (f->proxy, NULL), ==, 2);

  care_test_proxy_add_fault (f->proxy, &silent);
  start = g_get_monotonic_time ();
  {
    g_autoptr(Reply) r = via_proxy (f, patient, "GET", "/auth/me", NULL);
    g_assert_error (r->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (care_test_proxy_upstream_count (f->proxy, NULL), ==, 2);
  /* And then it behaves again. */
  {
    g_autoptr(Reply) r = via_proxy (f, patient, "GET", "/auth/me", NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
}

typedef struct {
  Fixture *f;
  char    *family;
  guint    status;
} Post;

static gpointer
post_thread (gpointer data)
{
  Post *p = data;
  g_autofree char *body = patient_body (p->family);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 10, NULL);
  g_autoptr(Reply) r = via_proxy (p->f, session, "POST", "/patients", body);

  p->status = r->status;
  return NULL;
}

static gint64
rowid_of (Fixture    *f,
          const char *family)
{
  return rowid_where (f, "SELECT rowid FROM patients WHERE family_name = ?1", family);
}

/* Reorder: the first request waits for the second, which reaches the
 * server first; both clients get their own answer. */
static void
test_reorder (Fixture       *f,
              gconstpointer  data)
{
  CareTestProxyRule hold = { CARE_TEST_PROXY_REORDER, "/api/v1/patients", 1 };
  Post first = { f, (char *) "Earlier", 0 };
  Post second = { f, (char *) "Later", 0 };
  GThread *t1, *t2;

  care_test_proxy_add_fault (f->proxy, &hold);
  t1 = g_thread_new ("first", post_thread, &first);
  g_assert_true (care_test_proxy_wait_count (f->proxy, "/api/v1/patients", 1, 5000));
  g_assert_cmpint (patients_named (f, "Earlier"), ==, 0);  /* held */
  t2 = g_thread_new ("second", post_thread, &second);
  g_thread_join (t2);
  g_thread_join (t1);
  g_assert_cmpuint (first.status, ==, 201);
  g_assert_cmpuint (second.status, ==, 201);
  g_assert_cmpint (rowid_of (f, "Later"), <, rowid_of (f, "Earlier"));
}


/* --- the WebSocket relay ------------------------------------------------ */

typedef struct {
  SoupWebsocketConnection *conn;
  GError                  *error;
  guint                    messages;
  gboolean                 closed;
} Live;

static void
live_message (SoupWebsocketConnection *conn,
              SoupWebsocketDataType    type,
              GBytes                  *message,
              gpointer                 data)
{
  Live *live = data;
  gsize size;
  const char *text = g_bytes_get_data (message, &size);

  g_assert_true (size > 0 && g_str_has_prefix (text, "{\"cursor\":"));
  live->messages++;
}

static void
live_closed (SoupWebsocketConnection *conn,
             gpointer                 data)
{
  ((Live *) data)->closed = TRUE;
}

static void
live_connected (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Live *live = data;

  live->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &live->error);
  if (live->conn)
    {
      g_signal_connect (live->conn, "message", G_CALLBACK (live_message), live);
      g_signal_connect (live->conn, "closed", G_CALLBACK (live_closed), live);
    }
}

static void
spin_until (gboolean *flag_or_null,
            guint    *counter,
            guint     at_least,
            guint     ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < deadline)
    {
      if (flag_or_null ? *flag_or_null : *counter >= at_least)
        return;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
    }
}

/* Notifications pass through the relay, can be dropped or doubled, and
 * the relay can close the sockets. A token the server refuses is refused
 * by the relay too (the server's status, no socket). */
static void
test_websocket (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *url = g_strconcat (care_test_proxy_get_url (f->proxy), "/api/v1/sync/live", NULL);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", f->token);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(SoupMessage) bad = soup_message_new ("GET", url);
  Live live = { 0 }, refused = { 0 };
  guint before;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_session_websocket_connect_async (f->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, live_connected, &live);
  while (live.conn == NULL && live.error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (live.error);
  /* The proxy's thread takes the socket over just after the 101 went out. */
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (care_test_proxy_ws_open (f->proxy) == 0 && g_get_monotonic_time () < deadline)
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
  }
  g_assert_cmpuint (care_test_proxy_ws_open (f->proxy), ==, 1);

  /* A change at the server: one notification (at least), relayed. */
  {
    g_autofree char *body = patient_body ("Live");
    g_autoptr(Reply) r = via_proxy (f, NULL, "POST", "/patients", body);
    g_assert_cmpuint (r->status, ==, 201);
  }
  spin_until (NULL, &live.messages, 1, 5000);
  g_assert_cmpuint (live.messages, >=, 1);
  g_assert_cmpuint (care_test_proxy_ws_relayed (f->proxy), ==, live.messages);

  /* Doubled. */
  care_test_proxy_ws_duplicate (f->proxy, 1);
  before = live.messages;
  {
    g_autofree char *body = patient_body ("Twice live");
    g_autoptr(Reply) r = via_proxy (f, NULL, "POST", "/patients", body);
    g_assert_cmpuint (r->status, ==, 201);
  }
  spin_until (NULL, &live.messages, before + 2, 5000);
  g_assert_cmpuint (live.messages, ==, before + 2);

  /* Dropped. */
  care_test_proxy_ws_drop (f->proxy, 1000);
  before = live.messages;
  {
    g_autofree char *body = patient_body ("Lost live");
    g_autoptr(Reply) r = via_proxy (f, NULL, "POST", "/patients", body);
    g_assert_cmpuint (r->status, ==, 201);
  }
  {
    gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

    while (care_test_proxy_ws_dropped (f->proxy) == 0 && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (5 * G_TIME_SPAN_MILLISECOND);
      }
  }
  g_assert_cmpuint (care_test_proxy_ws_dropped (f->proxy), >, 0);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (live.messages, ==, before);
  care_test_proxy_ws_drop (f->proxy, 0);

  /* Closed by the relay. */
  g_assert_cmpuint (care_test_proxy_ws_close_all (f->proxy), ==, 1);
  spin_until (&live.closed, NULL, 0, 5000);
  g_assert_true (live.closed);
  g_assert_cmpuint (care_test_proxy_ws_open (f->proxy), ==, 0);

  /* A token the server refuses. */
  soup_message_headers_replace (soup_message_get_request_headers (bad), "Authorization", "Bearer nonsense");
  soup_session_websocket_connect_async (f->session, bad, NULL, NULL, G_PRIORITY_DEFAULT, NULL, live_connected, &refused);
  while (refused.conn == NULL && refused.error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (refused.error);
  g_assert_cmpuint (soup_message_get_status (bad), ==, 401);
  g_assert_cmpuint (care_test_proxy_ws_accepted (f->proxy), ==, 1);

  g_clear_object (&live.conn);
}

/* libsoup's warning for a peer gone before its address was read is
 * tolerated (structured and old API alike); any other warning still fails. */
static void
test_vanished_peer_tolerated (Fixture       *f,
                              gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_log_structured ("libsoup", G_LOG_LEVEL_WARNING,
                        "MESSAGE", "soup-server-connection.c:716: could not get remote address: Transport endpoint is not connected");
      g_log ("libsoup", G_LOG_LEVEL_WARNING, "soup-server-connection.c:716: could not get remote address: gone");
      g_print ("still here\n");
      g_log_structured ("libsoup", G_LOG_LEVEL_WARNING, "MESSAGE", "something else went wrong");
      g_print ("not reached\n");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("*still here*");
  g_test_trap_assert_stdout_unmatched ("*not reached*");
  g_test_trap_assert_stderr ("*something else went wrong*");
}

/* A rule with a percent takes about that share of its requests, the same
 * ones for the same seed; those it does not take go on to the next rule,
 * and each kind of fault is counted. */
static void
test_percent (Fixture       *f,
              gconstpointer  data)
{
  CareTestProxyRule cut = { CARE_TEST_PROXY_CUT, "/api/v1/auth/me", 0, .percent = 20 };
  CareTestProxyRule status = { CARE_TEST_PROXY_STATUS, "/api/v1/auth/me", 0, .status = 503, .percent = 25 };
  guint failed = 0, unavailable = 0, ok = 0, first_run[200];

  for (guint run = 0; run < 2; run++)
    {
      care_test_proxy_clear_faults (f->proxy);
      care_test_proxy_reset_counts (f->proxy);
      care_test_proxy_set_seed (f->proxy, 42);
      care_test_proxy_add_fault (f->proxy, &cut);
      care_test_proxy_add_fault (f->proxy, &status);
      failed = unavailable = ok = 0;
      for (guint i = 0; i < G_N_ELEMENTS (first_run); i++)
        {
          g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 2, NULL);
          g_autoptr(Reply) r = via_proxy (f, session, "GET", "/auth/me", NULL);
          guint outcome = r->error ? 0 : r->status;

          failed += r->error != NULL;
          unavailable += outcome == 503;
          ok += outcome == 200;
          if (run == 0)
            first_run[i] = outcome;
          else
            g_assert_cmpuint (outcome, ==, first_run[i]);
        }
      g_assert_cmpuint (failed + unavailable + ok, ==, G_N_ELEMENTS (first_run));
      g_assert_cmpuint (care_test_proxy_faulted (f->proxy, CARE_TEST_PROXY_CUT), ==, failed);
      g_assert_cmpuint (care_test_proxy_faulted (f->proxy, CARE_TEST_PROXY_STATUS), ==, unavailable);
      /* 20 % of 200, and 25 % of what is left: 40 and 40 expected. */
      g_assert_cmpuint (failed, >=, 20);
      g_assert_cmpuint (failed, <=, 60);
      g_assert_cmpuint (unavailable, >=, 20);
      g_assert_cmpuint (unavailable, <=, 60);
      g_assert_cmpuint (care_test_proxy_upstream_count (f->proxy, NULL), ==, ok);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/sync-proxy/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("forwards", test_forwards);
  ADD ("status", test_status);
  ADD ("cut-and-drop", test_cut_and_drop);
  ADD ("duplicate", test_duplicate);
  ADD ("delays-and-half-open", test_delays_and_half_open);
  ADD ("reorder", test_reorder);
  ADD ("websocket", test_websocket);
  ADD ("vanished-peer-tolerated", test_vanished_peer_tolerated);
  ADD ("percent", test_percent);
#undef ADD

  return g_test_run ();
}
