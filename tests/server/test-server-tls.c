/* test-server-tls.c: with a certificate and key the server speaks HTTPS only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-server-fixture.h"

static void
test_https (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  CareTestServer *server;
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is needed to make a test certificate");
      return;
    }
  dir = care_test_tmpdir ();
  db = care_test_demo_database (dir);
  cert = g_build_filename (dir, "cert.pem", NULL);
  key = g_build_filename (dir, "key.pem", NULL);
  {
    const char *argv[] = { openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                           "-days", "1", "-subj", "/CN=127.0.0.1", NULL };
    g_autoptr(GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);

    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (p, NULL, &error));
  }
  {
    const char *args[] = { "--tls-cert", cert, "--tls-key", key, NULL };
    server = care_test_server_start (dir, db, args);
  }
  g_assert_true (g_str_has_prefix (server->base, "https://"));
  token = care_test_login (server, "admin", CARE_TEST_PASSWORD, NULL);
  {
    g_autoptr(CareTestResponse) r = care_test_request (server, "GET", "/auth/me", token, NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  /* Plain HTTP on the same port gets no API answer. */
  {
    g_autofree char *plain = g_strdup_printf ("http://127.0.0.1:%u/api/v1/openapi.json", server->port);
    g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 5, NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", plain);
    g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

    g_assert_cmpuint (soup_message_get_status (msg), !=, 200);
  }
  care_test_server_free (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/tls/https", test_https);
  return g_test_run ();
}
