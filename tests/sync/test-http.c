/* test-http.c: libsoup in the caredesk-http module, mapped by the first request
 *
 * This program links the sync library and not libsoup, as the app does.
 * Its peer is a plain socket on 127.0.0.1 (GSocketService) that reads a
 * request's head and writes a fixed answer, so that nothing but the
 * module maps libsoup. The sync cases (test-sync.c) take the same path
 * against the real caredesk-server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-http"

#include "config.h"

#include <string.h>

#include "care-http.h"
#include "care-sync-client.h"

#define ANSWER_BODY "{\"data\": {\"cursor\": 42}}"

typedef struct
{
  GSocketService *service;
  guint16         port;
  GString        *last_request;   /* the head of the last request read */
} Peer;

static gboolean
mapped (const char *library)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, library) != NULL;
}

/* Each connection: the request's head (up to the blank line), then a
 * 429 with Retry-After, the sync generation and a JSON body. */
static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           data)
{
  Peer *peer = data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) head = g_string_new (NULL);
  g_autofree char *answer = NULL;
  char c;

  while (!g_str_has_suffix (head->str, "\r\n\r\n") &&
         g_input_stream_read (in, &c, 1, NULL, NULL) == 1)
    g_string_append_c (head, c);
  g_string_assign (peer->last_request, head->str);
  answer = g_strdup_printf ("HTTP/1.1 429 Too Many Requests\r\n"
                            "Content-Type: application/json; charset=utf-8\r\n"
                            "Retry-After:  7 \r\n"
                            "Caredesk-Sync-Generation: gen-abc\r\n"
                            "Content-Length: %zu\r\n"
                            "Connection: close\r\n\r\n%s",
                            strlen (ANSWER_BODY), ANSWER_BODY);
  g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static gpointer
serve (gpointer data)
{
  Peer *peer = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);

  /* The service attaches to the thread-default context when started. */
  g_main_context_push_thread_default (context);
  g_socket_service_start (peer->service);
  g_main_loop_run (loop);
  return NULL;
}

static void
peer_start (Peer *peer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  peer->service = g_threaded_socket_service_new (2);
  peer->last_request = g_string_new (NULL);
  g_socket_service_stop (peer->service);
  g_socket_listener_add_address (G_SOCKET_LISTENER (peer->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  peer->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (peer->service, "run", G_CALLBACK (on_incoming), peer);
  g_thread_unref (g_thread_new ("peer", serve, peer));
}

/* libsoup is not mapped until the first session; then one request
 * comes back whole, with its status and the headers the engine reads. */
static void
test_first_request (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareHttpSession) session = NULL;
  g_autoptr(CareSyncResponse) response = NULL;
  g_autofree char *url = NULL;
  g_autofree char *base = NULL;
  Peer peer = { 0 };

  /* Nothing before the first session maps it: not the sync library,
   * not the engine's own types, not a URL. */
  g_assert_false (mapped ("libsoup-3"));
  g_assert_cmpuint (CARE_TYPE_SYNC_ENGINE, !=, 0);
  url = care_sync_api_url ("http://127.0.0.1:1/", "/sync/pull");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:1/api/v1/sync/pull");
  g_assert_false (mapped ("libsoup-3"));

  peer_start (&peer);
  session = care_sync_session_new (5);
  g_assert_true (mapped ("libsoup-3"));

  base = g_strdup_printf ("http://127.0.0.1:%u", peer.port);
  g_clear_pointer (&url, g_free);
  url = care_sync_api_url (base, "/sync/pull?cursor=0");
  response = care_sync_request_in (session, "GET", url, "tok-1", "gen-mine", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);
  g_assert_cmpuint (response->status, ==, 429);
  g_assert_cmpuint (response->retry_after, ==, 7);
  g_assert_cmpstr (response->generation, ==, "gen-abc");
  g_assert_true (response->is_json);
  g_assert_cmpint (json_object_get_int_member (care_sync_response_data (response), "cursor"), ==, 42);

  /* What the peer was sent. */
  g_assert_true (g_str_has_prefix (peer.last_request->str, "GET /api/v1/sync/pull?cursor=0 HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (peer.last_request->str, "\r\nAuthorization: Bearer tok-1\r\n"));
  g_assert_nonnull (strstr (peer.last_request->str, "\r\nCaredesk-Sync-Generation: gen-mine\r\n"));
  g_assert_nonnull (strstr (peer.last_request->str, "\r\nAccept: application/json\r\n"));
  g_assert_nonnull (strstr (peer.last_request->str, "\r\nUser-Agent: Caredesk/" PACKAGE_VERSION "\r\n"));

  /* No answer (nothing listens on port 1): offline, not a refusal. */
  g_clear_pointer (&response, care_sync_response_free);
  response = care_sync_request (session, "GET", "http://127.0.0.1:1/api/v1/sync/pull", NULL, NULL, NULL, &error);
  g_assert_null (response);
  g_assert_true (care_sync_error_is_network (error));
  g_clear_error (&error);

  /* Not an address. */
  response = care_sync_request (session, "GET", "clinic server", NULL, NULL, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "is not the address of a clinic server"));
}

/* No module where it is looked for: one warning, and every request is a
 * network failure that says why; libsoup never mapped. */
static void
test_no_module (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CareHttpSession) session = NULL;
      g_autoptr(CareSyncResponse) response = NULL;

      g_setenv ("CAREDESK_MODULEDIR", "/nonexistent", TRUE);
      g_test_expect_message ("care-module", G_LOG_LEVEL_WARNING,
                             "Cannot load the caredesk-http module: /nonexistent/*");
      session = care_sync_session_new (5);
      g_test_assert_expected_messages ();
      response = care_sync_request (session, "GET", "http://127.0.0.1:1/api/v1/sync/pull", NULL, NULL, NULL,
                                    &error);
      g_assert_null (response);
      g_assert_true (care_sync_error_is_network (error));
      g_assert_nonnull (strstr (error->message, "/nonexistent/"));
      g_assert_false (mapped ("libsoup-3"));
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*CRITICAL*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/http/first-request", test_first_request);
  g_test_add_func ("/http/no-module", test_no_module);

  return g_test_run ();
}
