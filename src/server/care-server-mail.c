/* care-server-mail.c: a minimal SMTP client for password-reset mail
 *
 * Plain SMTP to a relay the clinic runs (usually the local MTA on port 25):
 * EHLO, MAIL FROM, RCPT TO, DATA, QUIT. No authentication and no STARTTLS:
 * point smtp-host at a relay on the same machine or private network.
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
  char  *host;
  guint  port;
  char  *from;
  char  *to;
  char  *subject;
  char  *body;
} Mail;

static void
mail_free (Mail *m)
{
  g_free (m->host);
  g_free (m->from);
  g_free (m->to);
  g_free (m->subject);
  g_free (m->body);
  g_free (m);
}

/* Reads one reply (possibly multi-line "250-…"); returns its code. */
static int
read_reply (GDataInputStream *in,
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
      if (length == 3 || line[3] == ' ')
        return atoi (line);
    }
}

static gboolean
command (GOutputStream    *out,
         GDataInputStream *in,
         const char       *text,
         int               expect,
         GError          **error)
{
  int code;

  if (text && !g_output_stream_write_all (out, text, strlen (text), NULL, NULL, error))
    return FALSE;
  code = read_reply (in, error);
  if (code < 0)
    return FALSE;
  if (code / 100 != expect / 100)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The mail server answered %d to %s", code,
                   text ? text : "the greeting");
      return FALSE;
    }
  return TRUE;
}

static gboolean
send_mail (Mail    *m,
           GError **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) in = NULL;
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
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_LF);

  g_string_append_printf (data, "From: Caredesk <%s>\r\nTo: <%s>\r\nSubject: %s\r\nDate: %s\r\n"
                                "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                "Content-Transfer-Encoding: 8bit\r\n\r\n",
                          m->from, m->to, m->subject, date);
  lines = g_strsplit (m->body, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    g_string_append_printf (data, "%s%s\r\n", lines[i][0] == '.' ? "." : "", lines[i]);
  g_string_append (data, ".\r\n");

  return command (out, in, NULL, 220, error) &&
         command (out, in, "EHLO caredesk-server\r\n", 250, error) &&
         command (out, in, mail_from, 250, error) &&
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
  m->from = g_strdup (config->smtp_from ? config->smtp_from : "caredesk@localhost");
  m->to = g_strdup (to);
  m->subject = g_strdup (subject);
  m->body = g_strdup (body);
  g_task_set_task_data (task, m, (GDestroyNotify) mail_free);
  g_task_run_in_thread (task, mail_thread);
}
