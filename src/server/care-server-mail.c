/* care-server-mail.c: a minimal SMTP client for password-reset and reminder mail
 *
 * EHLO; STARTTLS whenever the server offers it (the certificate verified
 * against the system's CAs or smtp-ca-file; with smtp-require-tls a server
 * without STARTTLS is refused); AUTH PLAIN or LOGIN with smtp-username and
 * smtp-password, only over TLS; then MAIL FROM, RCPT TO, DATA, QUIT.
 * Sending runs in a worker thread; the request never waits for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-mail"

#include "config.h"

#include "care-clock.h"

#include <stdlib.h>
#include <string.h>

#include "care-server-private.h"

typedef struct {
  char    *host;
  guint    port;
  char    *ca_file;
  gboolean require_tls;
  char    *username;
  char    *password;
  char  *from;
  char  *to;
  char  *subject;
  char  *body;
} Mail;

static void
mail_free (Mail *m)
{
  g_free (m->host);
  g_free (m->ca_file);
  g_free (m->username);
  if (m->password)
    memset (m->password, 0, strlen (m->password));
  g_free (m->password);
  g_free (m->from);
  g_free (m->to);
  g_free (m->subject);
  g_free (m->body);
  g_free (m);
}

/* Reads one reply (possibly multi-line "250-…"); returns its code and,
 * if text is given, its lines' text after the codes. */
static int
read_reply (GDataInputStream *in,
            GString          *text,
            GError          **error)
{
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, error);
      gsize length;

      if (line == NULL)
        {
          if (error && *error == NULL)
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "The mail server closed the connection");
          return -1;
        }
      length = strlen (line);
      if (length && line[length - 1] == '\r')
        line[--length] = '\0';
      if (length < 3)
        continue;
      if (text && length > 4)
        g_string_append_printf (text, "%s%s", text->len ? "\n" : "", line + 4);
      if (length == 3 || line[3] == ' ')
        return atoi (line);
    }
}

/* Sends text (the command; shown as what, when given, so that no secret
 * reaches the log) and reads the reply into reply (optional). */
static gboolean
command_full (GOutputStream    *out,
              GDataInputStream *in,
              const char       *text,
              const char       *what,
              int               expect,
              GString          *reply,
              GError          **error)
{
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autofree char *shown = g_strdup (what ? what : text ? text : "the greeting");
  int code;

  if (text && !g_output_stream_write_all (out, text, strlen (text), NULL, NULL, error))
    return FALSE;
  code = read_reply (in, answer, error);
  if (code < 0)
    return FALSE;
  if (reply)
    g_string_assign (reply, answer->str);
  if (code / 100 != expect / 100)
    {
      g_strchomp (shown);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The mail server answered %d to %s: %s", code,
                   shown, answer->str);
      return FALSE;
    }
  return TRUE;
}

static gboolean
command (GOutputStream    *out,
         GDataInputStream *in,
         const char       *text,
         int               expect,
         GError          **error)
{
  return command_full (out, in, text, NULL, expect, NULL, error);
}

/* Whether the EHLO reply's lines offer keyword (and, if given, a
 * parameter of it: "AUTH PLAIN LOGIN"). */
static gboolean
offers (const char *ehlo,
        const char *keyword,
        const char *parameter)
{
  g_auto(GStrv) lines = g_strsplit (ehlo, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) words = g_strsplit (g_strstrip (lines[i]), " ", -1);

      if (words[0] == NULL || g_ascii_strcasecmp (words[0], keyword) != 0)
        continue;
      if (parameter == NULL)
        return TRUE;
      for (guint j = 1; words[j]; j++)
        if (g_ascii_strcasecmp (words[j], parameter) == 0)
          return TRUE;
    }
  return FALSE;
}

/* After STARTTLS's 220: the handshake, the certificate checked against
 * the configured CA file or the system's. */
static GIOStream *
start_tls (Mail       *m,
           GIOStream  *plain,
           GError    **error)
{
  g_autoptr(GSocketConnectable) identity = g_network_address_new (m->host, m->port);
  g_autoptr(GIOStream) tls = g_tls_client_connection_new (plain, identity, error);

  if (tls == NULL)
    return NULL;
  if (m->ca_file)
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (m->ca_file, error);

      if (database == NULL)
        {
          g_prefix_error (error, "smtp-ca-file %s: ", m->ca_file);
          return NULL;
        }
      g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
    }
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, error))
    {
      g_prefix_error (error, "STARTTLS with %s failed (is smtp-ca-file the CA that signed its certificate?): ",
                      m->host);
      return NULL;
    }
  return g_steal_pointer (&tls);
}

/* AUTH PLAIN, else AUTH LOGIN; a refusal names the account, never the
 * password. */
static gboolean
authenticate (Mail             *m,
              GOutputStream    *out,
              GDataInputStream *in,
              const char       *ehlo,
              GError          **error)
{
  g_autoptr(GError) local = NULL;
  gboolean ok;

  if (!offers (ehlo, "AUTH", NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "smtp-username is set but the mail server offers no authentication");
      return FALSE;
    }
  if (offers (ehlo, "AUTH", "PLAIN"))
    {
      gsize ulen = strlen (m->username), plen = strlen (m->password);
      g_autofree guchar *raw = g_malloc0 (ulen + plen + 2);
      g_autofree char *encoded = NULL;
      g_autofree char *line = NULL;

      memcpy (raw + 1, m->username, ulen);
      memcpy (raw + 2 + ulen, m->password, plen);
      encoded = g_base64_encode (raw, ulen + plen + 2);
      line = g_strdup_printf ("AUTH PLAIN %s\r\n", encoded);
      ok = command_full (out, in, line, "AUTH PLAIN", 235, NULL, &local);
      memset (raw, 0, ulen + plen + 2);
    }
  else if (offers (ehlo, "AUTH", "LOGIN"))
    {
      g_autofree char *user = g_base64_encode ((const guchar *) m->username, strlen (m->username));
      g_autofree char *pass = g_base64_encode ((const guchar *) m->password, strlen (m->password));
      g_autofree char *user_line = g_strdup_printf ("%s\r\n", user);
      g_autofree char *pass_line = g_strdup_printf ("%s\r\n", pass);

      ok = command_full (out, in, "AUTH LOGIN\r\n", NULL, 334, NULL, &local) &&
           command_full (out, in, user_line, "the user name", 334, NULL, &local) &&
           command_full (out, in, pass_line, "the password", 235, NULL, &local);
    }
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The mail server offers neither AUTH PLAIN nor AUTH LOGIN");
      return FALSE;
    }
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                 "The mail server refused to sign in as “%s” (check smtp-username and smtp-password): %s",
                 m->username, local->message);
  return ok;
}

static gboolean
send_mail (Mail    *m,
           GError **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GString) ehlo = g_string_new (NULL);
  g_autoptr(GString) data = g_string_new (NULL);
  g_autoptr(GDateTime) now = care_clock_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%a, %d %b %Y %H:%M:%S +0000");
  g_autofree char *mail_from = g_strdup_printf ("MAIL FROM:<%s>\r\n", m->from);
  g_autofree char *rcpt_to = g_strdup_printf ("RCPT TO:<%s>\r\n", m->to);
  GOutputStream *out;
  g_auto(GStrv) lines = NULL;

  g_socket_client_set_timeout (client, 15);
  connection = g_socket_client_connect_to_host (client, m->host, m->port, NULL, error);
  if (connection == NULL)
    return FALSE;
  stream = G_IO_STREAM (g_object_ref (connection));
  out = g_io_stream_get_output_stream (stream);
  in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_LF);
  if (!command (out, in, NULL, 220, error) ||
      !command_full (out, in, "EHLO caredesk-server\r\n", NULL, 250, ehlo, error))
    return FALSE;

  if (offers (ehlo->str, "STARTTLS", NULL))
    {
      GIOStream *tls;

      if (!command (out, in, "STARTTLS\r\n", 220, error))
        return FALSE;
      tls = start_tls (m, stream, error);
      if (tls == NULL)
        return FALSE;
      g_object_unref (stream);
      stream = tls;
      /* The plain stream now carries TLS: dropping its reader must not close it. */
      g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
      g_object_unref (in);
      out = g_io_stream_get_output_stream (stream);
      in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
      g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_LF);
      if (!command_full (out, in, "EHLO caredesk-server\r\n", NULL, 250, ehlo, error))
        return FALSE;
    }
  else if (m->require_tls)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The mail server does not offer STARTTLS and smtp-require-tls is set");
      return FALSE;
    }

  if (m->username)
    {
      /* A password never crosses the network in clear. */
      if (!G_IS_TLS_CONNECTION (stream))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "smtp-username is set but the mail server does not offer STARTTLS: "
                       "the password is not sent unencrypted");
          return FALSE;
        }
      if (!authenticate (m, out, in, ehlo->str, error))
        return FALSE;
    }

  g_string_append_printf (data, "From: Caredesk <%s>\r\nTo: <%s>\r\nSubject: %s\r\nDate: %s\r\n"
                                "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                "Content-Transfer-Encoding: 8bit\r\n\r\n",
                          m->from, m->to, m->subject, date);
  lines = g_strsplit (m->body, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    g_string_append_printf (data, "%s%s\r\n", lines[i][0] == '.' ? "." : "", lines[i]);
  g_string_append (data, ".\r\n");

  return command (out, in, mail_from, 250, error) &&
         command (out, in, rcpt_to, 250, error) &&
         command (out, in, "DATA\r\n", 354, error) &&
         command (out, in, data->str, 250, error) &&
         command (out, in, "QUIT\r\n", 221, error);
}

static void
mail_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Mail *m = data;
  g_autoptr(GError) error = NULL;

  if (send_mail (m, &error))
    g_info ("Sent “%s” to %s", m->subject, m->to);
  else
    g_warning ("Could not send “%s” to %s through %s:%u: %s", m->subject, m->to, m->host, m->port, error->message);
  g_task_return_boolean (task, TRUE);
}

void
care_server_send_mail (CareServerConfig *config,
                       const char       *to,
                       const char       *subject,
                       const char       *body)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);
  Mail *m = g_new0 (Mail, 1);

  m->host = g_strdup (config->smtp_host);
  m->port = config->smtp_port ? config->smtp_port : 25;
  m->ca_file = g_strdup (config->smtp_ca_file);
  m->require_tls = config->smtp_require_tls;
  m->username = g_strdup (config->smtp_username);
  m->password = g_strdup (config->smtp_password ? config->smtp_password : "");
  m->from = g_strdup (config->smtp_from ? config->smtp_from : "caredesk@localhost");
  m->to = g_strdup (to);
  m->subject = g_strdup (subject);
  m->body = g_strdup (body);
  g_task_set_task_data (task, m, (GDestroyNotify) mail_free);
  g_task_run_in_thread (task, mail_thread);
}
