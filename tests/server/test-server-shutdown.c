/* test-server-shutdown.c: SIGTERM lets the request in flight finish, then exits 0
 *
 * The client sends a request's headers, the server gets SIGTERM, and only
 * then the client sends the body: the response must still be complete and
 * the write committed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sqlite3.h>

#include "care-server-fixture.h"

static void
test_in_flight_request_completes (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  const char *args[] = { "--log-level", "debug", NULL };
  CareTestServer *server = care_test_server_start (dir, db, args);
  g_autofree char *token = care_test_login (server, "reception", CARE_TEST_PASSWORD, NULL);
  const char *body = "{\"given_name\": \"Late\", \"family_name\": \"Arrival\", \"sex\": \"male\", \"date_of_birth\": \"1966-06-06\"}";
  g_autofree char *head = g_strdup_printf ("POST /api/v1/patients HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                           "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %zu\r\n\r\n", token, strlen (body));
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *out;
  GInputStream *in;
  GString *response = g_string_new (NULL);
  char buf[4096];
  gssize n;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", server->port, NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_assert_true (g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error));
  g_assert_no_error (error);
  /* The login's request was the first; this one is the second. */
  care_test_server_wait_for_log (server, "Read the headers of a request; 1 in flight", 2, 10000);

  g_subprocess_send_signal (server->process, SIGTERM);
  care_test_server_wait_for_log (server, "Shutting down: 1 request(s) in flight", 1, 10000);
  /* Still waiting for the body of the request it has begun. */
  g_assert_nonnull (g_subprocess_get_identifier (server->process));

  g_assert_true (g_output_stream_write_all (out, body, strlen (body), NULL, NULL, &error));
  g_assert_no_error (error);
  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, &error)) > 0)
    {
      g_string_append_len (response, buf, n);
      if (strstr (response->str, "\r\n\r\n") && g_str_has_suffix (response->str, "}"))
        break;
    }
  g_assert_no_error (error);
  if (!g_str_has_prefix (response->str, "HTTP/1.1 201"))
    g_error ("response: %s", response->str);
  g_assert_nonnull (strstr (response->str, "\"Arrival\""));
  g_string_free (response, TRUE);

  /* Then it exits cleanly. */
  g_assert_cmpint (care_test_server_stop (server), ==, 0);
  {
    sqlite3 *handle = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT count(*) FROM patients WHERE family_name = 'Arrival'", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_finalize (stmt);
    sqlite3_close (handle);
  }
  care_test_server_free (server);
}

static void
test_workers_stop_together (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  const char *args[] = { "--workers", "2", NULL };
  CareTestServer *server = care_test_server_start (dir, db, args);
  g_autofree char *token = care_test_login (server, "admin", CARE_TEST_PASSWORD, NULL);

  /* Requests land on either worker; a logout seen by one is honoured by both. */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(CareTestResponse) r = care_test_request (server, "GET", "/patients?per_page=1", token, NULL);
      g_assert_cmpuint (r->status, ==, 200);
    }
  {
    g_autoptr(CareTestResponse) out = care_test_request (server, "POST", "/auth/logout", token, NULL);
    g_assert_cmpuint (out->status, ==, 204);
  }
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(SoupSession) fresh = soup_session_new ();
      g_autofree char *url = g_strdup_printf ("%s/patients", server->base);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
      g_autoptr(GBytes) body = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      body = soup_session_send_and_read (fresh, msg, NULL, NULL);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
    }
  g_assert_cmpint (care_test_server_stop (server), ==, 0);
  care_test_server_free (server);
}

/* A second server on a busy port fails, rather than sharing it. */
static void
test_busy_port_refused (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autofree char *port = g_strdup_printf ("%u", server->port);
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  second = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                             CAREDESK_SERVER, "--database", db, "--port", port, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (second, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (second));
  g_assert_cmpint (g_subprocess_get_exit_status (second), ==, 1);
  g_assert_nonnull (strstr (err, "Address already in use (is another server running there?)"));
  g_assert_null (strstr (out, "Listening"));
  {
    g_autofree char *token = care_test_login (server, "admin", CARE_TEST_PASSWORD, NULL);
    g_assert_nonnull (token);
  }
  care_test_server_free (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/shutdown/in-flight-request-completes", test_in_flight_request_completes);
  g_test_add_func ("/server/shutdown/workers-stop-together", test_workers_stop_together);
  g_test_add_func ("/server/shutdown/busy-port-refused", test_busy_port_refused);
  return g_test_run ();
}
