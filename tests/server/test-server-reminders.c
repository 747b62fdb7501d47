/* test-server-reminders.c: patients are mailed before their appointments, once, through a real SMTP server
 *
 * caredesk-server runs on its test clock from Monday 6 January 2031 08:00
 * UTC (far from the demo's own appointments) with reminders 24 hours
 * ahead, and mails through aiosmtpd on loopback, which keeps what it is
 * given in a Maildir. The clock is moved, never waited for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "care-server-fixture.h"
#include "care-test-smtp.h"

static CareTestServer *server;
static char *token;

static JsonObject *
ok (CareTestResponse *r,
    guint             status)
{
  if (r->status != status)
    g_error ("expected %u, got %u: %s", status, r->status, r->body);
  return care_test_data_object (r);
}

static char *
new_patient (const char *given,
             const char *email)
{
  g_autofree char *mail = email ? g_strdup_printf (", \"email\": \"%s\"", email) : g_strdup ("");
  g_autofree char *body = g_strdup_printf ("{\"given_name\": \"%s\", \"family_name\": \"Reminded\", \"sex\": \"female\", "
                                           "\"date_of_birth\": \"1980-01-02\"%s}", given, mail);
  g_autoptr(CareTestResponse) r = care_test_request (server, "POST", "/patients", token, body);

  return g_strdup (json_object_get_string_member (ok (r, 201), "id"));
}

static char *
book (const char *patient,
      const char *doctor,
      const char *starts_at)
{
  g_autofree char *body = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"starts_at\": \"%s\", "
                                           "\"duration_minutes\": 20, \"type\": \"consultation\", "
                                           "\"location\": \"Room 4\"}", patient, doctor, starts_at);
  g_autoptr(CareTestResponse) r = care_test_request (server, "POST", "/appointments", token, body);

  return g_strdup (json_object_get_string_member (ok (r, 201), "id"));
}

/* Changes the appointment's status and forgets its id. */
static void
set_status (char       *appointment,
            const char *status)
{
  g_autofree char *path = g_strdup_printf ("/appointments/%s", appointment);
  g_autofree char *body = g_strdup_printf ("{\"status\": \"%s\", \"status_reason\": \"Test\"}", status);
  g_autoptr(CareTestResponse) r = care_test_request (server, "PATCH", path, token, body);

  ok (r, 200);
  g_free (appointment);
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = haystack; (p = strstr (p, needle)); p += strlen (needle))
    n++;
  return n;
}

static void
test_reminded_once (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  CareTestSmtp *smtp;
  g_autofree char *doctor = NULL;
  g_autofree char *doctor_name = NULL;
  g_autofree char *ana = NULL, *bea = NULL, *cai = NULL, *dee = NULL, *eva = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *log = NULL;
  const char *args[] = { "--now", "2031-01-06T08:00:00Z", "--test-clock", "--smtp-host", "127.0.0.1",
                         "--smtp-port", NULL, "--smtp-from", "desk@clinic.example",
                         "--reminder-hours", "24", NULL };

  if (!care_test_smtp_available ())
    {
      g_test_skip ("Python's aiosmtpd is not installed (Debian: python3-aiosmtpd)");
      return;
    }
  dir = care_test_tmpdir ();
  db = care_test_demo_database (dir);
  smtp = care_test_smtp_start (dir, NULL);
  args[6] = smtp->port;
  server = care_test_server_start (dir, db, args);
  token = care_test_login (server, "reception", CARE_TEST_PASSWORD, NULL);
  {
    g_autofree char *admin = care_test_login (server, "admin", CARE_TEST_PASSWORD, NULL);
    g_autoptr(CareTestResponse) d = care_test_request (server, "GET", "/users?username=doctor", admin, NULL);
    JsonObject *user = json_array_get_object_element (care_test_data_array (d), 0);

    doctor = g_strdup (json_object_get_string_member (user, "id"));
    doctor_name = g_strdup (json_object_get_string_member (user, "full_name"));
  }

  /* Tuesday 14:00, 30 hours ahead: reminded once it is 24 hours away. */
  ana = new_patient ("Ana", "ana@patients.example");
  g_free (book (ana, doctor, "2031-01-07T14:00:00Z"));
  /* Cancelled, and missed: never. */
  bea = new_patient ("Bea", "bea@patients.example");
  set_status (book (bea, doctor, "2031-01-07T15:00:00Z"), "cancelled");
  dee = new_patient ("Dee", "dee@patients.example");
  set_status (book (dee, doctor, "2031-01-07T11:00:00Z"), "no_show");
  /* No address to write to. */
  cai = new_patient ("Cai", NULL);
  g_free (book (cai, doctor, "2031-01-07T16:00:00Z"));
  /* Thursday 10:00: later. */
  eva = new_patient ("Eva", "eva@patients.example");
  g_free (book (eva, doctor, "2031-01-09T10:00:00Z"));

  /* Monday 15:00: Ana's is 23 hours away. */
  care_test_server_advance_clock (server, 7 * 3600);
  care_test_server_wait_for_log (server, "Sent “Reminder: your appointment at", 1, 10000);
  /* Tuesday 07:00, Wednesday 07:00: nothing new, Ana's not again. */
  care_test_server_advance_clock (server, 16 * 3600);
  care_test_server_advance_clock (server, 24 * 3600);
  /* Wednesday 11:00: Eva's. */
  care_test_server_advance_clock (server, 4 * 3600);
  care_test_server_wait_for_log (server, "Sent “Reminder: your appointment at", 2, 10000);

  log = care_test_server_log (server);
  g_assert_cmpuint (count (log, "Sent “Reminder: your appointment at"), ==, 2);
  g_assert_cmpint (care_test_server_stop (server), ==, 0);
  messages = care_test_smtp_messages (smtp);
  care_test_smtp_stop (smtp);
  g_assert_cmpuint (messages->len, ==, 2);
  {
    const char *to_ana = strstr (messages->pdata[0], "To: <ana@") ? messages->pdata[0] : messages->pdata[1];
    const char *to_eva = to_ana == messages->pdata[0] ? messages->pdata[1] : messages->pdata[0];

    g_assert_nonnull (strstr (to_ana, "To: <ana@patients.example>"));
    g_assert_nonnull (strstr (to_ana, "Subject: Reminder: your appointment at"));
    g_assert_nonnull (strstr (to_ana, "Dear Ana Reminded,"));
    g_assert_nonnull (strstr (to_ana, "on Tuesday 7 January 2031 at 14:00"));
    g_assert_nonnull (strstr (to_ana, doctor_name));
    g_assert_nonnull (strstr (to_ana, "Room: Room 4"));
    g_assert_nonnull (strstr (to_eva, "To: <eva@patients.example>"));
    g_assert_nonnull (strstr (to_eva, "on Thursday 9 January 2031 at 10:00"));
  }
  care_test_server_free (server);
  care_test_rmtree (dir);
  g_free (token);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/reminders/sent-once", test_reminded_once);
  return g_test_run ();
}
