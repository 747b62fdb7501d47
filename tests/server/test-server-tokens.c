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
  const char *args[] = { "--access-token-seconds", "1", NULL };
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
  g_assert_cmpint (json_object_get_int_member (session, "expires_in"), ==, 1);

  /* A changed payload or signature is refused. */
  forged = g_strdup (access);
  forged[10] = forged[10] == 'A' ? 'B' : 'A';
  tampered = care_test_request (server, "GET", "/auth/me", forged, NULL);
  care_test_assert_error (tampered, 401);

  g_usleep (2100 * G_TIME_SPAN_MILLISECOND);
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
  CareTestServer *server = care_test_server_start (dir, db, NULL);
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
    care_test_assert_error (wrong, 422);
    g_assert_cmpstr (care_test_error_field (wrong), ==, "current_password");
    g_assert_cmpuint (ok->status, ==, 204);
    g_free (care_test_login (server, "reception", "third-password-1", NULL));
  }
  care_test_server_free (server);
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
  g_test_add_func ("/server/tokens/patient-portal", test_patient_portal);
  return g_test_run ();
}
