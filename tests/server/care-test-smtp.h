/* care-test-smtp.h: a real SMTP server (Python's aiosmtpd) on loopback for the mail tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  GSubprocess *process;
  char        *maildir;
  char        *port;
} CareTestSmtp;

/* Whether aiosmtpd is there (CAREDESK_TEST_PYTHON set by meson). */
gboolean      care_test_smtp_available (void);
/* Starts tests/server/smtp-server.py keeping mail in dir/maildir; args
 * (NULL-terminated, may be NULL) follow the maildir: CERT KEY [LOGIN
 * PASSWORD] for STARTTLS and AUTH. Returns once it accepts. */
CareTestSmtp *care_test_smtp_start     (const char         *dir,
                                        const char *const  *args);
void          care_test_smtp_stop      (CareTestSmtp       *smtp);
/* The messages it was given, as text. */
GPtrArray    *care_test_smtp_messages  (CareTestSmtp       *smtp);

G_END_DECLS
