/* test-server-mail.c: the server's mail goes through STARTTLS and AUTH to a real SMTP server
 *
 * aiosmtpd on loopback requires STARTTLS with a certificate made for this
 * run (openssl, self-signed for 127.0.0.1) and AUTH with a login and
 * password; caredesk-server trusts that certificate through smtp-ca-file
 * and signs in with smtp-username and smtp-password from its config file.
 * A password reset is the mail that is sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-server-fixture.h"
#include "care-test-smtp.h"

typedef struct {
  char         *dir;
  char         *db;
  char         *cert;
  char         *key;
  CareTestSmtp *smtp;
} Fixture;

/* A self-signed certificate for 127.0.0.1, valid from now. */
static void
make_certificate (Fixture *f)
{
  g_autofree char *subject_alt = g_strdup ("subjectAltName=IP:127.0.0.1,DNS:localhost");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) openssl = NULL;

  f->cert = g_build_filename (f->dir, "smtp-cert.pem", NULL);
  f->key = g_build_filename (f->dir, "smtp-key.pem", NULL);
  openssl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                              "-subj", "/CN=127.0.0.1", "-addext", subject_alt,
                              "-keyout", f->key, "-out", f->cert, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (openssl, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
set_up (Fixture *f)
{
  const char *args[] = { NULL, NULL, "caredesk", "mail-pass-1", NULL };

  if (!care_test_smtp_available ())
    {
      g_test_skip ("Python's aiosmtpd is not installed (Debian: python3-aiosmtpd)");
      return FALSE;
    }
  f->dir = care_test_tmpdir ();
  f->db = care_test_demo_database (f->dir);
  make_certificate (f);
  args[0] = f->cert;
  args[1] = f->key;
  f->smtp = care_test_smtp_start (f->dir, args);
  return TRUE;
}

static void
tear_down (Fixture *f)
{
  care_test_smtp_stop (f->smtp);
  care_test_rmtree (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->cert);
  g_free (f->key);
}

/* The server with a config file of the mail keys; ca_file NULL: the
 * system's CAs. */
static CareTestServer *
start_server (Fixture    *f,
              const char *ca_file,
              const char *password)
{
  g_autofree char *config = g_build_filename (f->dir, "caredesk-server.conf", NULL);
  g_autofree char *ca_line = ca_file ? g_strdup_printf ("smtp-ca-file=%s\n", ca_file) : g_strdup ("");
  g_autofree char *text = g_strdup_printf ("[server]\nsmtp-host=127.0.0.1\nsmtp-port=%s\n"
                                           "smtp-from=desk@clinic.example\nsmtp-require-tls=true\n%s"
                                           "smtp-username=caredesk\nsmtp-password=%s\n",
                                           f->smtp->port, ca_line, password);
  const char *args[] = { "--config", config, NULL };

  g_assert_true (g_file_set_contents (config, text, -1, NULL));
  return care_test_server_start (f->dir, f->db, args);
}

static void
ask_reset (CareTestServer *server)
{
  g_autoptr(CareTestResponse) r = care_test_request (server, "POST", "/auth/forgot-password", NULL,
                                                     "{\"login\": \"reception\"}");

  g_assert_cmpuint (r->status, ==, 202);
}

/* The messages to the account that asked for a reset. The demo clinic's
 * appointments move with the clock, and at some hours of the day one is
 * due for a reminder, which the server mails when it starts (at 19:50 UTC
 * on 2026-12-07: a second message, to a patient). */
static GPtrArray *
reset_messages (CareTestSmtp *smtp)
{
  g_autoptr(GPtrArray) all = care_test_smtp_messages (smtp);
  GPtrArray *mine = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < all->len; i++)
    if (strstr (all->pdata[i], "To: <reception@") != NULL)
      g_ptr_array_add (mine, g_strdup (all->pdata[i]));
  return mine;
}

static void
test_starttls_and_auth (void)
{
  Fixture f = { 0 };
  CareTestServer *server;
  g_autoptr(GPtrArray) messages = NULL;

  if (!set_up (&f))
    return;
  server = start_server (&f, f.cert, "mail-pass-1");
  ask_reset (server);
  care_test_server_wait_for_log (server, "Sent “Your Caredesk password reset code”", 1, 20000);
  g_assert_cmpint (care_test_server_stop (server), ==, 0);
  messages = reset_messages (f.smtp);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_nonnull (strstr (messages->pdata[0], "Subject: Your Caredesk password reset code"));
  g_assert_nonnull (strstr (messages->pdata[0], "From: Caredesk <desk@clinic.example>"));
  g_assert_nonnull (strstr (messages->pdata[0], "Your reset code, valid for 30 minutes"));
  care_test_server_free (server);
  tear_down (&f);
}

static void
test_wrong_password (void)
{
  Fixture f = { 0 };
  CareTestServer *server;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *log = NULL;

  if (!set_up (&f))
    return;
  server = start_server (&f, f.cert, "not-the-password");
  ask_reset (server);
  /* The reset's own failure: at some hours the demo clinic also has an
   * appointment reminder due, whose refusal may come first. */
  care_test_server_wait_for_log (server, "Could not send “Your Caredesk password reset code”", 1, 20000);
  log = care_test_server_log (server);
  /* The refusal says what to fix; the password itself never reaches the log. */
  g_assert_nonnull (strstr (log, "Could not send “Your Caredesk password reset code”"));
  g_assert_nonnull (strstr (log, "The mail server refused to sign in as “caredesk” "
                                 "(check smtp-username and smtp-password)"));
  if (strstr (log, "answered 535 to AUTH") == NULL)
    g_error ("The refusal does not give the mail server's answer: %s", log);
  g_assert_null (strstr (log, "not-the-password"));
  g_assert_cmpint (care_test_server_stop (server), ==, 0);
  messages = care_test_smtp_messages (f.smtp);
  g_assert_cmpuint (messages->len, ==, 0);
  care_test_server_free (server);
  tear_down (&f);
}

/* A certificate no trusted CA signed: nothing is sent, not even the
 * password. */
static void
test_untrusted_certificate (void)
{
  Fixture f = { 0 };
  CareTestServer *server;
  g_autoptr(GPtrArray) messages = NULL;

  if (!set_up (&f))
    return;
  server = start_server (&f, NULL, "mail-pass-1");
  ask_reset (server);
  care_test_server_wait_for_log (server, "STARTTLS with 127.0.0.1 failed", 1, 20000);
  g_assert_cmpint (care_test_server_stop (server), ==, 0);
  messages = care_test_smtp_messages (f.smtp);
  g_assert_cmpuint (messages->len, ==, 0);
  care_test_server_free (server);
  tear_down (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/mail/starttls-and-auth", test_starttls_and_auth);
  g_test_add_func ("/server/mail/wrong-password", test_wrong_password);
  g_test_add_func ("/server/mail/untrusted-certificate", test_untrusted_certificate);
  return g_test_run ();
}
