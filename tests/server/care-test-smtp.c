/* care-test-smtp.c: a real SMTP server (Python's aiosmtpd) on loopback for the mail tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>

#include "care-test-smtp.h"

gboolean
care_test_smtp_available (void)
{
  return g_getenv ("CAREDESK_TEST_PYTHON") != NULL;
}

CareTestSmtp *
care_test_smtp_start (const char        *dir,
                      const char *const *args)
{
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  CareTestSmtp *smtp = g_new0 (CareTestSmtp, 1);

  smtp->maildir = g_build_filename (dir, "maildir", NULL);
  g_ptr_array_add (argv, (gpointer) g_getenv ("CAREDESK_TEST_PYTHON"));
  g_ptr_array_add (argv, (gpointer) g_getenv ("CAREDESK_TEST_SMTP_SERVER"));
  g_ptr_array_add (argv, smtp->maildir);
  for (guint i = 0; args && args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  smtp->process = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  /* Its first line is the port it listens on: it accepts from then on. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (smtp->process));
  smtp->port = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (smtp->port);
  g_assert_cmpint (atoi (smtp->port), >, 0);
  return smtp;
}

void
care_test_smtp_stop (CareTestSmtp *smtp)
{
  g_subprocess_send_signal (smtp->process, SIGTERM);
  g_subprocess_wait (smtp->process, NULL, NULL);
  g_object_unref (smtp->process);
  g_free (smtp->maildir);
  g_free (smtp->port);
  g_free (smtp);
}

GPtrArray *
care_test_smtp_messages (CareTestSmtp *smtp)
{
  g_autofree char *new_dir = g_build_filename (smtp->maildir, "new", NULL);
  g_autoptr(GDir) d = g_dir_open (new_dir, 0, NULL);
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (new_dir, name, NULL);
      char *text = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_ptr_array_add (messages, text);
    }
  return messages;
}
