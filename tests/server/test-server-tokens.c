/* test-server-tokens.c: expiry, refresh rotation, reuse detection, logout,
 * throttling, password reset and the patient portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-server-fixture.h"

static char *
refresh_body (const char *token)
{
  return g_strdup_printf ("{\"refresh_token\": \"%s\"}", token);
}

static void
test_expiry_and_rotation (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  /* Lifetimes are whole seconds from the second a token is issued in, so a
   * 1 s token issued late in a second was gone within milliseconds: 5 s
   * leaves the requests below 4 s, and the clock is then moved past it. */
  const char *args[] = { "--access-token-seconds", "5", "--test-clock", NULL };
  CareTestServer *server = care_test_server_start (dir, db, args);
  g_autoptr(JsonObject) session = care_test_login_full (server, "/auth/login", "nurse", CARE_TEST_PASSWORD, NULL);
  const char *access = json_object_get_string_member (session, "access_token");
  const char *refresh1 = json_object_get_string_member (session, "refresh_token");
  g_autofree char *body1 = refresh_body (refresh1);
  g_autoptr(CareTestResponse) fresh = care_test_request (server, "GET", "/auth/me", access, NULL);
  g_autoptr(CareTestResponse) expired = NULL;
  g_autoptr(CareTestResponse) rotated = NULL;
  g_autoptr(CareTestResponse) reuse = NULL;
  g_autoptr(CareTestResponse) family_gone = NULL;
  g_autoptr(CareTestResponse) tampered = NULL;
  g_autofree char *refresh2 = NULL;
  g_autofree char *body2 = NULL;
  g_autofree char *forged = NULL;

  g_assert_cmpuint (fresh->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (session, "expires_in"), ==, 5);

  /* A changed payload or signature is refused. */
  forged = g_strdup (access);
  forged[10] = forged[10] == 'A' ? 'B' : 'A';
  tampered = care_test_request (server, "GET", "/auth/me", forged, NULL);
  care_test_assert_error (tampered, 401);

  care_test_server_advance_clock (server, 6);
  expired = care_test_request (server, "GET", "/auth/me", access, NULL);
  care_test_assert_error (expired, 401);

  rotated = care_test_request (server, "POST", "/auth/refresh", NULL, body1);
  g_assert_cmpuint (rotated->status, ==, 200);
  refresh2 = g_strdup (json_object_get_string_member (care_test_data_object (rotated), "refresh_token"));
  g_assert_cmpstr (refresh2, !=, refresh1);
  {
    g_autoptr(CareTestResponse) me = care_test_request (server, "GET", "/auth/me",
                                                        json_object_get_string_member (care_test_data_object (rotated), "access_token"), NULL);
    g_assert_cmpuint (me->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (care_test_data_object (me), "role"), ==, "nurse");
  }

  /* The first token again: reuse. The whole family ends, refresh2 too. */
  reuse = care_test_request (server, "POST", "/auth/refresh", NULL, body1);
  care_test_assert_error (reuse, 401);
  g_assert_nonnull (strstr (reuse->body, "already used"));
  body2 = refresh_body (refresh2);
  family_gone = care_test_request (server, "POST", "/auth/refresh", NULL, body2);
  care_test_assert_error (family_gone, 401);

  {
    g_autoptr(CareTestResponse) junk = care_test_request (server, "POST", "/auth/refresh", NULL, "{\"refresh_token\": \"nope\"}");
    care_test_assert_error (junk, 401);
  }
  care_test_server_free (server);
}

static void
test_logout_revokes (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autoptr(JsonObject) session = care_test_login_full (server, "/auth/login", "doctor", CARE_TEST_PASSWORD, NULL);
  g_autoptr(JsonObject) other = care_test_login_full (server, "/auth/login", "doctor@riverside-clinic.example", CARE_TEST_PASSWORD, NULL);
  const char *access = json_object_get_string_member (session, "access_token");
  g_autofree char *body = refresh_body (json_object_get_string_member (session, "refresh_token"));
  g_autoptr(CareTestResponse) out = care_test_request (server, "POST", "/auth/logout", access, NULL);
  g_autoptr(CareTestResponse) after = care_test_request (server, "GET", "/patients", access, NULL);
  g_autoptr(CareTestResponse) refresh = care_test_request (server, "POST", "/auth/refresh", NULL, body);
  g_autoptr(CareTestResponse) still = care_test_request (server, "GET", "/auth/me",
                                                         json_object_get_string_member (other, "access_token"), NULL);

  g_assert_cmpuint (out->status, ==, 204);
  care_test_assert_error (after, 401);
  care_test_assert_error (refresh, 401);
  /* Only that session ended; the sign-in by email on another desk goes on. */
  g_assert_cmpuint (still->status, ==, 200);

  /* Deactivating an account ends its sessions at once, access tokens too. */
  {
    g_autofree char *admin = care_test_login (server, "admin", CARE_TEST_PASSWORD, NULL);
    g_autofree char *lab = care_test_login (server, "lab", CARE_TEST_PASSWORD, NULL);
    g_autoptr(CareTestResponse) me = care_test_request (server, "GET", "/auth/me", lab, NULL);
    const char *id = json_object_get_string_member (care_test_data_object (me), "id");
    g_autofree char *deactivate = g_strdup_printf ("/users/%s/deactivate", id);
    g_autofree char *activate = g_strdup_printf ("/users/%s/activate", id);
    g_autoptr(CareTestResponse) off = care_test_request (server, "POST", deactivate, admin, NULL);
    g_autoptr(CareTestResponse) gone = care_test_request (server, "GET", "/auth/me", lab, NULL);
    g_autoptr(CareTestResponse) refused = care_test_request (server, "POST", "/auth/login", NULL,
                                                             "{\"login\": \"lab\", \"password\": \"caredesk-demo\"}");
    g_autoptr(CareTestResponse) on = care_test_request (server, "POST", activate, admin, NULL);
    g_autofree char *again = NULL;

    g_assert_cmpuint (off->status, ==, 200);
    care_test_assert_error (gone, 401);
    care_test_assert_error (refused, 403);
    g_assert_cmpuint (on->status, ==, 200);
    again = care_test_login (server, "lab", CARE_TEST_PASSWORD, NULL);
    {
      g_autoptr(CareTestResponse) back = care_test_request (server, "GET", "/auth/me", again, NULL);
      g_assert_cmpuint (back->status, ==, 200);
    }
  }
  care_test_server_free (server);
}

static void
test_throttling (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autoptr(CareTestResponse) last = NULL;
  guint status = 0;

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(CareTestResponse) r = care_test_request (server, "POST", "/auth/login", NULL,
                                                         "{\"login\": \"lab\", \"password\": \"wrong-password\"}");
      status = r->status;
      if (i < 4)
        care_test_assert_error (r, 401);
    }
  g_assert_cmpuint (status, ==, 429);
  /* Even the right password waits now, and says how long. */
  last = care_test_request (server, "POST", "/auth/login", NULL, "{\"login\": \"lab\", \"password\": \"caredesk-demo\"}");
  care_test_assert_error (last, 429);
  g_assert_nonnull (soup_message_headers_get_one (last->headers, "Retry-After"));
  g_assert_cmpint (g_ascii_strtoll (soup_message_headers_get_one (last->headers, "Retry-After"), NULL, 10), >, 0);
  /* Other accounts are not affected. */
  g_free (care_test_login (server, "pharmacy", CARE_TEST_PASSWORD, NULL));
  care_test_server_free (server);
}

static char *
reset_token_from_log (CareTestServer *server)
{
  g_autofree char *log = care_test_server_log (server);
  const char *p = g_strrstr (log, "Password reset token for user");
  const char *colon;

  g_assert_nonnull (p);
  colon = strstr (p, "): ");
  g_assert_nonnull (colon);
  return g_strndup (colon + 3, strcspn (colon + 3, " \n"));
}

static void
test_password_reset_and_change (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  const char *args[] = { "--development", NULL };
  CareTestServer *server = care_test_server_start (dir, db, args);
  g_autoptr(CareTestResponse) forgot = care_test_request (server, "POST", "/auth/forgot-password", NULL, "{\"login\": \"reception\"}");
  g_autoptr(CareTestResponse) unknown = care_test_request (server, "POST", "/auth/forgot-password", NULL, "{\"login\": \"nobody\"}");
  g_autofree char *token = NULL;
  g_autofree char *body = NULL;
  g_autoptr(CareTestResponse) weak = NULL;
  g_autoptr(CareTestResponse) reset = NULL;
  g_autoptr(CareTestResponse) again = NULL;
  g_autoptr(CareTestResponse) old_password = NULL;
  g_autofree char *access = NULL;

  g_assert_cmpuint (forgot->status, ==, 202);
  /* The same answer whether or not the account exists. */
  g_assert_cmpuint (unknown->status, ==, 202);
  token = reset_token_from_log (server);
  body = g_strdup_printf ("{\"token\": \"%s\", \"new_password\": \"short\"}", token);
  weak = care_test_request (server, "POST", "/auth/reset-password", NULL, body);
  care_test_assert_error (weak, 422);
  g_assert_cmpstr (care_test_error_field (weak), ==, "new_password");
  g_free (body);
  body = g_strdup_printf ("{\"token\": \"%s\", \"new_password\": \"a-new-long-password\"}", token);
  reset = care_test_request (server, "POST", "/auth/reset-password", NULL, body);
  g_assert_cmpuint (reset->status, ==, 204);
  again = care_test_request (server, "POST", "/auth/reset-password", NULL, body);
  care_test_assert_error (again, 422);
  g_assert_cmpstr (care_test_error_field (again), ==, "token");
  old_password = care_test_request (server, "POST", "/auth/login", NULL, "{\"login\": \"reception\", \"password\": \"caredesk-demo\"}");
  care_test_assert_error (old_password, 401);
  access = care_test_login (server, "reception", "a-new-long-password", NULL);

  {
    g_autoptr(CareTestResponse) wrong = care_test_request (server, "POST", "/auth/change-password", access,
                                                           "{\"current_password\": \"nope-nope\", \"new_password\": \"third-password-1\"}");
    g_autoptr(CareTestResponse) ok = care_test_request (server, "POST", "/auth/change-password", access,
                                                        "{\"current_password\": \"a-new-long-password\", \"new_password\": \"third-password-1\"}");
    g_autoptr(CareTestResponse) old_session = NULL;

    care_test_assert_error (wrong, 422);
    g_assert_cmpstr (care_test_error_field (wrong), ==, "current_password");
    g_assert_cmpuint (ok->status, ==, 204);
    /* The sessions from before the change are over. */
    old_session = care_test_request (server, "GET", "/auth/me", access, NULL);
    care_test_assert_error (old_session, 401);
    g_free (care_test_login (server, "reception", "third-password-1", NULL));
  }
  care_test_server_free (server);
}

/* A one-message SMTP server in a thread. */
typedef struct {
  GSocket *listener;
  guint    port;
  GString *data;
  char    *rcpt;
  gboolean done;
  GMutex   lock;
  GCond    cond;
} FakeSmtp;

static gpointer
fake_smtp_thread (gpointer user_data)
{
  FakeSmtp *smtp = user_data;
  g_autoptr(GSocket) client = g_socket_accept (smtp->listener, NULL, NULL);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  GOutputStream *out;
  gboolean in_data = FALSE;
  char *line;

  g_assert_nonnull (client);
  connection = g_socket_connection_factory_create_connection (client);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_output_stream_write_all (out, "220 fake ESMTP\r\n", 16, NULL, NULL, NULL);
  while ((line = g_data_input_stream_read_line (in, NULL, NULL, NULL)))
    {
      const char *reply = NULL;

      g_strchomp (line);
      if (in_data)
        {
          if (g_str_equal (line, "."))
            {
              in_data = FALSE;
              reply = "250 queued\r\n";
            }
          else
            g_string_append_printf (smtp->data, "%s\n", line);
        }
      else if (g_str_has_prefix (line, "EHLO"))
        reply = "250-fake\r\n250 OK\r\n";
      else if (g_str_has_prefix (line, "MAIL FROM:"))
        reply = "250 OK\r\n";
      else if (g_str_has_prefix (line, "RCPT TO:"))
        {
          smtp->rcpt = g_strdup (line + 8);
          reply = "250 OK\r\n";
        }
      else if (g_str_equal (line, "DATA"))
        {
          in_data = TRUE;
          reply = "354 go on\r\n";
        }
      else if (g_str_equal (line, "QUIT"))
        {
          g_output_stream_write_all (out, "221 bye\r\n", 9, NULL, NULL, NULL);
          g_free (line);
          break;
        }
      if (reply)
        g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
      g_free (line);
    }
  g_mutex_lock (&smtp->lock);
  smtp->done = TRUE;
  g_cond_signal (&smtp->cond);
  g_mutex_unlock (&smtp->lock);
  return NULL;
}

static void
test_reset_by_mail (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  FakeSmtp smtp = { 0 };
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  GThread *thread;
  CareTestServer *server;
  g_autoptr(CareTestResponse) forgot = NULL;
  const char *code;
  g_autofree char *token = NULL;
  g_autofree char *body = NULL;
  g_autofree char *log = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  smtp.data = g_string_new (NULL);
  g_mutex_init (&smtp.lock);
  g_cond_init (&smtp.cond);
  smtp.listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (smtp.listener, address, TRUE, &error));
  g_assert_true (g_socket_listen (smtp.listener, &error));
  bound = g_socket_get_local_address (smtp.listener, &error);
  smtp.port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  port = g_strdup_printf ("%u", smtp.port);
  thread = g_thread_new ("fake-smtp", fake_smtp_thread, &smtp);

  {
    /* No appointment reminders: the fake server takes one message. */
    const char *args[] = { "--smtp-host", "127.0.0.1", "--smtp-port", port, "--smtp-from", "desk@clinic.example",
                           "--reminder-hours", "0", NULL };
    server = care_test_server_start (dir, db, args);
  }
  forgot = care_test_request (server, "POST", "/auth/forgot-password", NULL, "{\"login\": \"reception\"}");
  g_assert_cmpuint (forgot->status, ==, 202);

  g_mutex_lock (&smtp.lock);
  while (!smtp.done)
    if (!g_cond_wait_until (&smtp.cond, &smtp.lock, deadline))
      break;
  g_mutex_unlock (&smtp.lock);
  g_assert_true (smtp.done);
  g_thread_join (thread);

  g_assert_cmpstr (smtp.rcpt, ==, "<reception@riverside-clinic.example>");
  g_assert_nonnull (strstr (smtp.data->str, "Subject: Your Caredesk password reset code"));
  code = strstr (smtp.data->str, "\n\n    ");
  g_assert_nonnull (code);
  token = g_strndup (code + 6, strcspn (code + 6, "\n"));
  /* Not in development mode: the token is not in the log. */
  log = care_test_server_log (server);
  g_assert_null (strstr (log, token));

  body = g_strdup_printf ("{\"token\": \"%s\", \"new_password\": \"mailed-new-password\"}", token);
  {
    g_autoptr(CareTestResponse) reset = care_test_request (server, "POST", "/auth/reset-password", NULL, body);
    g_assert_cmpuint (reset->status, ==, 204);
  }
  g_free (care_test_login (server, "reception", "mailed-new-password", NULL));

  care_test_server_free (server);
  g_object_unref (smtp.listener);
  g_string_free (smtp.data, TRUE);
  g_free (smtp.rcpt);
  g_mutex_clear (&smtp.lock);
  g_cond_clear (&smtp.cond);
}

static void
test_patient_portal (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autofree char *staff = care_test_login (server, "reception", CARE_TEST_PASSWORD, NULL);
  g_autoptr(CareTestResponse) list = care_test_request (server, "GET", "/patients?per_page=2&sort=mrn", staff, NULL);
  JsonArray *rows = care_test_data_array (list);
  const char *mine = json_object_get_string_member (json_array_get_object_element (rows, 0), "id");
  const char *other = json_object_get_string_member (json_array_get_object_element (rows, 1), "id");
  g_autofree char *invite_path = g_strdup_printf ("/patients/%s/invite", mine);
  g_autoptr(CareTestResponse) invite = care_test_request (server, "POST", invite_path, staff, NULL);
  g_autofree char *body = NULL;
  g_autoptr(CareTestResponse) reg = NULL;
  g_autoptr(CareTestResponse) reg_again = NULL;
  g_autoptr(JsonObject) session = NULL;
  const char *token;

  g_assert_cmpuint (invite->status, ==, 201);
  body = g_strdup_printf ("{\"token\": \"%s\", \"password\": \"my-portal-pass\", \"login\": \"portal.user@example.org\"}",
                          json_object_get_string_member (care_test_data_object (invite), "invite_token"));
  reg = care_test_request (server, "POST", "/auth/register-patient", NULL, body);
  g_assert_cmpuint (reg->status, ==, 201);
  reg_again = care_test_request (server, "POST", "/auth/register-patient", NULL, body);
  care_test_assert_error (reg_again, 422);

  session = care_test_login_full (server, "/auth/login/patient", "portal.user@example.org", "my-portal-pass", NULL);
  token = json_object_get_string_member (session, "access_token");
  g_assert_cmpstr (json_object_get_string_member (session, "role"), ==, "patient");
  {
    g_autofree char *own = g_strdup_printf ("/patients/%s", mine);
    g_autofree char *theirs = g_strdup_printf ("/patients/%s", other);
    g_autoptr(CareTestResponse) a = care_test_request (server, "GET", own, token, NULL);
    g_autoptr(CareTestResponse) b = care_test_request (server, "GET", theirs, token, NULL);
    g_autoptr(CareTestResponse) all = care_test_request (server, "GET", "/patients", token, NULL);
    g_autoptr(CareTestResponse) appts = care_test_request (server, "GET", "/appointments?per_page=100", token, NULL);
    g_autoptr(CareTestResponse) invoices = care_test_request (server, "GET", "/invoices?per_page=100", token, NULL);
    g_autoptr(CareTestResponse) users = care_test_request (server, "GET", "/users", token, NULL);
    g_autoptr(CareTestResponse) staff_me = care_test_request (server, "GET", "/auth/me", token, NULL);
    JsonArray *array;

    g_assert_cmpuint (a->status, ==, 200);
    care_test_assert_error (b, 404);
    g_assert_cmpuint (json_array_get_length (care_test_data_array (all)), ==, 1);
    array = care_test_data_array (appts);
    for (guint i = 0; i < json_array_get_length (array); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, i), "patient_id"), ==, mine);
    array = care_test_data_array (invoices);
    for (guint i = 0; i < json_array_get_length (array); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, i), "patient_id"), ==, mine);
    care_test_assert_error (users, 403);
    g_assert_cmpstr (json_object_get_string_member (care_test_data_object (staff_me), "role"), ==, "patient");
  }
  /* Booking through the portal: a request, for oneself only. */
  {
    g_autofree char *doctor = NULL;
    g_autofree char *book = NULL;
    g_autoptr(CareTestResponse) r = NULL;

    {
      g_autoptr(CareTestResponse) d = care_test_request (server, "GET", "/users?role=doctor&per_page=1", staff, NULL);
      doctor = g_strdup (json_object_get_string_member (json_array_get_object_element (care_test_data_array (d), 0), "id"));
    }
    book = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"starts_at\": \"2031-03-04T09:30:00Z\", "
                            "\"duration_minutes\": 20, \"type\": \"consultation\", \"status\": \"accepted\"}", other, doctor);
    r = care_test_request (server, "POST", "/appointments", token, book);
    g_assert_cmpuint (r->status, ==, 201);
    g_assert_cmpstr (json_object_get_string_member (care_test_data_object (r), "patient_id"), ==, mine);
    g_assert_cmpstr (json_object_get_string_member (care_test_data_object (r), "status"), ==, "requested");
  }
  care_test_server_free (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/tokens/expiry-and-rotation", test_expiry_and_rotation);
  g_test_add_func ("/server/tokens/logout-revokes", test_logout_revokes);
  g_test_add_func ("/server/tokens/throttling", test_throttling);
  g_test_add_func ("/server/tokens/password-reset-and-change", test_password_reset_and_change);
  g_test_add_func ("/server/tokens/reset-by-mail", test_reset_by_mail);
  g_test_add_func ("/server/tokens/patient-portal", test_patient_portal);
  return g_test_run ();
}
