/* test-server-pg-hosts.c: two caredesk-servers on one PostgreSQL database, as on two hosts
 *
 * Run by tests/server/pg-cluster.sh. Server A starts on the demo clinic
 * migrated into a database of the private cluster; server B, another
 * process on another port with its own supervisor (so nothing shared in
 * memory, as on another host), serves the same database. The tests check
 * what must hold across them: a clinic's read-then-write rules do not race
 * (the clinic lock), a change written through A reaches a live socket on
 * B, and a sign-out on A is honoured by B at once (LISTEN/NOTIFY).
 *
 * Nothing sleeps and hopes: each wait is for an event (a lock waiter in
 * pg_locks, a WebSocket message, a socket closed) with a generous deadline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <string.h>

#include "care-server-fixture.h"

/* CARE_PG_LOCK_CLINIC of care-server-storage-pg-private.h */
#define CLINIC_LOCK_SPACE 0x436c696e
#define DEADLINE_MS       15000

static CareTestServer *a, *b;
static char *reception, *doctor_id;
static char *history_b;  /* host B's sync-history file; host A has none */

/* --- helpers ------------------------------------------------------------- */

static gboolean
on_deadline (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Turns the main context until *done or the deadline; FALSE on the deadline. */
static gboolean
wait_for (gboolean *done,
          guint     timeout_ms)
{
  gboolean late = FALSE;
  guint id = g_timeout_add (timeout_ms, on_deadline, &late);

  while (!*done && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (id);
  return *done;
}

static PGresult *
sql (PGconn            *conn,
     const char        *text,
     int                n_params,
     const char *const *params)
{
  PGresult *result = PQexecParams (conn, text, n_params, NULL, params, NULL, NULL, 0);

  if (PQresultStatus (result) != PGRES_TUPLES_OK && PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", text, PQresultErrorMessage (result));
  return result;
}

static char *
new_patient (CareTestServer *server,
             const char     *given)
{
  g_autofree char *body = g_strdup_printf ("{\"given_name\": \"%s\", \"family_name\": \"Hosts\", \"sex\": \"female\", "
                                           "\"date_of_birth\": \"1980-01-02\"}", given);
  g_autoptr(CareTestResponse) r = care_test_request (server, "POST", "/patients", reception, body);

  if (r->status != 201)
    g_error ("POST /patients: %u %s", r->status, r->body);
  return g_strdup (json_object_get_string_member (care_test_data_object (r), "id"));
}

/* One request sent without waiting for its answer. */
typedef struct {
  gboolean done;
  guint    status;
  char    *body;
} Pending;

static void
on_answered (GObject      *source,
             GAsyncResult *res,
             gpointer      data)
{
  Pending *p = data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), res);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), res, &error);

  g_assert_no_error (error);
  p->status = soup_message_get_status (msg);
  p->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  p->done = TRUE;
}

static void
send_async (CareTestServer *server,
            SoupSession    *session,
            const char     *path,
            const char     *token,
            const char     *body,
            Pending        *p)
{
  g_autofree char *url = g_strconcat (server->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_answered, p);
}

/* --- the clinic lock ----------------------------------------------------- */

static gint64
clinic_lock_waiters (PGconn *conn)
{
  g_autofree char *text = g_strdup_printf ("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                           "AND NOT granted AND classid = %u AND objsubid = 2", CLINIC_LOCK_SPACE);
  PGresult *result = sql (conn, text, 0, NULL);
  gint64 n = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);

  PQclear (result);
  return n;
}

static gboolean
on_check_waiters (gpointer data)
{
  gpointer *pair = data;

  if (clinic_lock_waiters (pair[0]) < 2)
    return G_SOURCE_CONTINUE;
  *(gboolean *) pair[1] = TRUE;
  return G_SOURCE_REMOVE;
}

static PGconn *
connect_database (void)
{
  PGconn *conn = PQconnectdb (a->database);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

/* Sends the two requests, one through each server, while the test holds
 * the clinic's lock, so both have read nothing yet when it lets go:
 * without the lock both would pass the rule's check. Returns once both
 * are answered; requires that exactly one succeeded (success) and the
 * other was refused (refused), and returns the refusal's body. */
static char *
race (const char *path,
      const char *body_a,
      const char *body_b,
      const char *token,
      guint       success,
      guint       refused)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  PGconn *conn = connect_database ();
  const char *params[1] = { "reception" };
  g_autofree char *tenant = NULL;
  g_autofree char *lock = NULL;
  Pending first = { 0 }, second = { 0 };
  gboolean both_waiting = FALSE;
  gpointer pair[] = { conn, &both_waiting };
  PGresult *result;
  char *refusal;

  result = sql (conn, "SELECT tenant_id FROM users WHERE username = $1", 1, params);
  tenant = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  params[0] = tenant;
  lock = g_strdup_printf ("SELECT pg_advisory_lock(%u, hashtext($1))", CLINIC_LOCK_SPACE);
  PQclear (sql (conn, lock, 1, params));

  send_async (a, session, path, token, body_a, &first);
  send_async (b, session, path, token, body_b, &second);
  /* Both servers wait for the clinic, neither has answered. */
  g_timeout_add (20, on_check_waiters, pair);
  g_assert_true (wait_for (&both_waiting, DEADLINE_MS));
  g_assert_false (first.done || second.done);

  g_free (lock);
  lock = g_strdup_printf ("SELECT pg_advisory_unlock(%u, hashtext($1))", CLINIC_LOCK_SPACE);
  PQclear (sql (conn, lock, 1, params));
  PQfinish (conn);
  g_assert_true (wait_for (&first.done, DEADLINE_MS));
  g_assert_true (wait_for (&second.done, DEADLINE_MS));

  if ((first.status != success || second.status != refused) &&
      (first.status != refused || second.status != success))
    g_error ("expected one %u and one %u, got %u (%s) and %u (%s)", success, refused, first.status, first.body,
             second.status, second.body);
  refusal = first.status == refused ? first.body : second.body;
  g_free (first.status == refused ? second.body : first.body);
  return refusal;
}

/* Two receptionists book the same doctor at the same time, one through
 * each server: exactly one booking stands, the other is refused naming
 * the time (core's clash check, care-schedule.c). */
static void
test_booking_race (void)
{
  g_autofree char *ana = new_patient (a, "Ana");
  g_autofree char *bea = new_patient (b, "Bea");
  g_autofree char *for_ana = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"starts_at\": "
                                              "\"2031-01-07T10:00:00Z\", \"duration_minutes\": 30, "
                                              "\"type\": \"consultation\"}", ana, doctor_id);
  g_autofree char *for_bea = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"starts_at\": "
                                              "\"2031-01-07T10:10:00Z\", \"duration_minutes\": 30, "
                                              "\"type\": \"consultation\"}", bea, doctor_id);
  g_autofree char *refusal = race ("/appointments", for_ana, for_bea, reception, 201, 422);
  PGconn *conn = connect_database ();
  const char *params[] = { doctor_id };
  PGresult *result;

  g_assert_nonnull (strstr (refusal, "\"field\":\"starts_at\""));
  result = sql (conn, "SELECT count(*) FROM appointments WHERE provider_id = $1 "
                      "AND starts_at LIKE '2031-01-07T10:%'", 1, params);
  g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "1");
  PQclear (result);
  PQfinish (conn);
}

/* Two nurses admit two patients to the same free bed, one through each
 * server: one admission, the other told the bed is taken (care-beds.c). */
static void
test_bed_race (void)
{
  g_autofree char *nurse = care_test_login (a, "nurse", CARE_TEST_PASSWORD, NULL);
  g_autofree char *bed = care_test_first_id (a, nurse, "/beds?status=available");
  g_autofree char *path = g_strdup_printf ("/beds/%s/allocate", bed);
  g_autofree char *cai = new_patient (a, "Cai");
  g_autofree char *dee = new_patient (b, "Dee");
  g_autofree char *for_cai = g_strdup_printf ("{\"patient_id\": \"%s\"}", cai);
  g_autofree char *for_dee = g_strdup_printf ("{\"patient_id\": \"%s\"}", dee);
  g_autofree char *refusal = race (path, for_cai, for_dee, nurse, 201, 409);
  PGconn *conn = connect_database ();
  const char *params[] = { bed };
  PGresult *result;

  g_assert_nonnull (refusal);
  result = sql (conn, "SELECT count(*) FROM bed_allocations WHERE bed_id = $1 AND status = 'active'", 1, params);
  g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "1");
  PQclear (result);
  PQfinish (conn);
}

/* --- LISTEN/NOTIFY ------------------------------------------------------- */

typedef struct {
  SoupWebsocketConnection *conn;
  GError                  *error;
  gboolean                 connected;
  gboolean                 got_message;
  gboolean                 closed;
  char                    *message;
} Live;

static void
on_live_connected (GObject      *source,
                   GAsyncResult *res,
                   gpointer      data)
{
  Live *live = data;

  live->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), res, &live->error);
  live->connected = TRUE;
}

static void
on_live_message (SoupWebsocketConnection *conn,
                 int                      type,
                 GBytes                  *bytes,
                 Live                    *live)
{
  g_free (live->message);
  live->message = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  live->got_message = TRUE;
}

static void
on_live_closed (SoupWebsocketConnection *conn,
                Live                    *live)
{
  live->closed = TRUE;
}

static void
live_open (Live           *live,
           SoupSession    *session,
           CareTestServer *server,
           const char     *token)
{
  g_autofree char *url = g_strconcat (server->base, "/sync/live", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, on_live_connected, live);
  g_assert_true (wait_for (&live->connected, DEADLINE_MS));
  g_assert_no_error (live->error);
  g_signal_connect (live->conn, "message", G_CALLBACK (on_live_message), live);
  g_signal_connect (live->conn, "closed", G_CALLBACK (on_live_closed), live);
}

static void
live_clear (Live *live)
{
  if (live->conn && soup_websocket_connection_get_state (live->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (live->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  if (live->conn)
    g_signal_handlers_disconnect_by_data (live->conn, live);
  g_clear_object (&live->conn);
  g_clear_pointer (&live->message, g_free);
}

/* A change written through A reaches a socket open on B: B hears of A's
 * commit by NOTIFY, not by polling (it polls only without LISTEN, and
 * says which it does in its log). */
static void
test_live_across_hosts (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *nurse = care_test_login (b, "nurse", CARE_TEST_PASSWORD, NULL);
  g_autofree char *patient = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *log = care_test_server_log (b);
  Live live = { 0 };

  g_assert_nonnull (strstr (log, "Live notices and sign-outs reach this process by LISTEN/NOTIFY"));
  live_open (&live, session, b, nurse);
  /* The client sees the socket open when B has answered the upgrade,
   * which can be a moment before B lists the socket for its notices: a
   * change written in that moment is (rightly) not announced on it, as a
   * workstation pulls once it is connected. So write again, through A,
   * until one is announced; B does not poll (above), so any message came
   * by NOTIFY. */
  for (guint tries = 0; !live.got_message && tries < DEADLINE_MS / 1000; tries++)
    {
      g_free (patient);
      patient = new_patient (a, "Lena");
      wait_for (&live.got_message, 1000);
    }
  g_assert_true (live.got_message);
  g_assert_true (json_parser_load_from_data (parser, live.message, -1, NULL));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "cursor"), >, 0);
  live_clear (&live);
}

/* A sign-out on A: B closes the session's live socket and refuses its
 * token, though B never saw the sign-out's request. */
static void
test_logout_across_hosts (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *nurse = care_test_login (a, "nurse", CARE_TEST_PASSWORD, NULL);
  Live live = { 0 };

  {
    g_autoptr(CareTestResponse) before = care_test_request (b, "GET", "/patients?per_page=1", nurse, NULL);
    g_assert_cmpuint (before->status, ==, 200);
  }
  live_open (&live, session, b, nurse);
  {
    g_autoptr(CareTestResponse) out = care_test_request (a, "POST", "/auth/logout", nurse, NULL);
    g_assert_cmpuint (out->status, ==, 204);
  }
  g_assert_true (wait_for (&live.closed, DEADLINE_MS));
  g_assert_cmpint (soup_websocket_connection_get_close_code (live.conn), ==, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  {
    g_autoptr(CareTestResponse) after = care_test_request (b, "GET", "/patients?per_page=1", nurse, NULL);
    care_test_assert_error (after, 401);
  }
  live_clear (&live);
}

/* PostgreSQL has no file beside the database for the sync history: a host
 * without "sync-history" warns at start that a restore would go unnoticed;
 * one with it records the history it hands out there, and says nothing. */
static void
test_sync_history (void)
{
  g_autofree char *log_a = care_test_server_log (a);
  g_autofree char *log_b = care_test_server_log (b);
  g_autofree char *text = NULL;

  g_assert_nonnull (strstr (log_a, "set sync-history: a restore of the database would go unnoticed"));
  g_assert_null (strstr (log_b, "set sync-history"));
  g_assert_true (g_file_get_contents (history_b, &text, NULL, NULL));
  g_assert_cmpuint (strlen (text), >, 36);  /* "GENERATION HEAD" */
}

int
main (int argc, char **argv)
{
  g_autofree char *dir_a = NULL;
  g_autofree char *dir_b = NULL;
  g_autofree char *db = NULL;
  int status;

  /* The demo doctor's consulting hours are on the clinic's wall clock. */
  g_setenv ("TZ", "UTC", TRUE);
  /* Server A starts on a migrated copy of the demo clinic in the cluster. */
  g_setenv ("CAREDESK_TEST_STORAGE", "postgresql", TRUE);
  g_test_init (&argc, &argv, NULL);
  dir_a = care_test_tmpdir ();
  dir_b = care_test_tmpdir ();
  db = care_test_demo_database (dir_a);
  a = care_test_server_start (dir_a, db, NULL);
  g_assert_nonnull (strstr (a->database, "dbname="));
  history_b = g_build_filename (dir_b, "sync.history", NULL);
  b = care_test_server_start (dir_b, a->database, (const char *const[]) { "--sync-history", history_b, NULL });
  reception = care_test_login (a, "reception", CARE_TEST_PASSWORD, NULL);
  {
    g_autoptr(CareTestResponse) d = care_test_request (a, "GET", "/users?username=doctor", reception, NULL);

    if (d->status != 200)
      {
        g_autofree char *admin = care_test_login (a, "admin", CARE_TEST_PASSWORD, NULL);
        g_autoptr(CareTestResponse) again = care_test_request (a, "GET", "/users?username=doctor", admin, NULL);

        doctor_id = g_strdup (json_object_get_string_member (
          json_array_get_object_element (care_test_data_array (again), 0), "id"));
      }
    else
      doctor_id = g_strdup (json_object_get_string_member (
        json_array_get_object_element (care_test_data_array (d), 0), "id"));
  }

  g_test_add_func ("/server/pg-hosts/booking-race", test_booking_race);
  g_test_add_func ("/server/pg-hosts/bed-race", test_bed_race);
  g_test_add_func ("/server/pg-hosts/live-across-hosts", test_live_across_hosts);
  g_test_add_func ("/server/pg-hosts/logout-across-hosts", test_logout_across_hosts);
  g_test_add_func ("/server/pg-hosts/sync-history", test_sync_history);
  status = g_test_run ();

  g_assert_cmpint (care_test_server_stop (b), ==, 0);
  g_assert_cmpint (care_test_server_stop (a), ==, 0);
  care_test_server_free (b);
  care_test_server_free (a);
  g_free (reception);
  g_free (doctor_id);
  g_free (history_b);
  return status;
}
