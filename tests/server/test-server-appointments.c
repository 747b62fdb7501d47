/* test-server-appointments.c: the server refuses clashing bookings and impossible status changes, over HTTP
 *
 * The rules are core's (care-schedule.c, care-appointments.c), run on every
 * write of an appointment; this test checks that POST, PATCH and the sync
 * push reach them. The clinic's time zone is UTC, the demo doctor's
 * consulting hours Monday to Friday 09:00–17:00, the other demo doctor has
 * none (any time).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-server-fixture.h"

static CareTestServer *server;
static char *reception, *doctor_id, *doctor2_id;

static JsonObject *
ok (CareTestResponse *r,
    guint             status)
{
  if (r->status != status)
    g_error ("expected %u, got %u: %s", status, r->status, r->body);
  return care_test_data_object (r);
}

static char *
new_patient (const char *given)
{
  g_autofree char *body = g_strdup_printf ("{\"given_name\": \"%s\", \"family_name\": \"Booker\", \"sex\": \"female\", "
                                           "\"date_of_birth\": \"1980-01-02\"}", given);
  g_autoptr(CareTestResponse) r = care_test_request (server, "POST", "/patients", reception, body);

  return g_strdup (json_object_get_string_member (ok (r, 201), "id"));
}

static char *
booking (const char *patient,
         const char *doctor,
         const char *starts_at,
         guint       minutes)
{
  return g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"starts_at\": \"%s\", "
                          "\"duration_minutes\": %u, \"type\": \"consultation\"}", patient, doctor, starts_at, minutes);
}

static CareTestResponse *
book (const char *patient,
      const char *doctor,
      const char *starts_at,
      guint       minutes)
{
  g_autofree char *body = booking (patient, doctor, starts_at, minutes);

  return care_test_request (server, "POST", "/appointments", reception, body);
}

static gint64
count_appointments (void)
{
  g_autoptr(CareTestResponse) r = care_test_request (server, "GET", "/appointments?per_page=1", reception, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_object_get_int_member (json_object_get_object_member (json_node_get_object (r->root), "meta"), "total");
}

/* A 422 naming starts_at whose message matches pattern; nothing written. */
static void
assert_clash (CareTestResponse *r,
              const char       *pattern)
{
  JsonArray *errors;
  const char *message;

  care_test_assert_error (r, 422);
  g_assert_cmpstr (care_test_error_field (r), ==, "starts_at");
  errors = json_object_get_array_member (json_node_get_object (r->root), "errors");
  message = json_object_get_string_member (json_array_get_object_element (errors, 0), "message");
  if (!g_pattern_match_simple (pattern, message))
    g_error ("“%s” does not match “%s”", message, pattern);
}

static void
test_clashes_refused (void)
{
  g_autofree char *ana = new_patient ("Ana");
  g_autofree char *bea = new_patient ("Bea");
  g_autofree char *first = NULL;
  gint64 before;

  /* Tuesday 2031-01-07, 10:00–10:30 with the demo doctor. */
  {
    g_autoptr(CareTestResponse) r = book (ana, doctor_id, "2031-01-07T10:00:00Z", 30);
    first = g_strdup (json_object_get_string_member (ok (r, 201), "id"));
  }
  before = count_appointments ();
  /* The doctor is busy. */
  {
    g_autoptr(CareTestResponse) r = book (bea, doctor_id, "2031-01-07T10:15:00Z", 30);
    assert_clash (r, "* already has an appointment from 10:00 to 10:30. Choose another time.");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (json_node_get_object (r->root), "message"),
                                     "Date and time: "));
  }
  /* The patient is busy, with another doctor. */
  {
    g_autoptr(CareTestResponse) r = book (ana, doctor2_id, "2031-01-07T10:20:00Z", 20);
    assert_clash (r, "The patient already has an appointment from 10:00 to 10:30*");
  }
  /* Outside the consulting hours: in the evening, and on a Sunday. */
  {
    g_autoptr(CareTestResponse) r = book (bea, doctor_id, "2031-01-07T18:00:00Z", 30);
    assert_clash (r, "This is outside *’s consulting hours*");
  }
  {
    g_autoptr(CareTestResponse) r = book (bea, doctor_id, "2031-01-05T10:00:00Z", 30);
    assert_clash (r, "*consulting hours*");
  }
  /* On leave. */
  {
    g_autofree char *leave = g_strdup_printf ("{\"doctor_id\": \"%s\", \"starts_on\": \"2031-01-08\", \"ends_on\": \"2031-01-09\", "
                                              "\"reason\": \"Conference\"}", doctor_id);
    g_autoptr(CareTestResponse) l = care_test_request (server, "POST", "/doctor_leave", reception, leave);
    g_autoptr(CareTestResponse) r = NULL;

    ok (l, 201);
    r = book (bea, doctor_id, "2031-01-09T10:00:00Z", 30);
    assert_clash (r, "* is on leave that day*");
  }
  /* Nothing of it was written. */
  g_assert_cmpint (count_appointments (), ==, before);

  /* Back to back is fine; so is the other doctor, who has no fixed hours. */
  {
    g_autoptr(CareTestResponse) r = book (bea, doctor_id, "2031-01-07T10:30:00Z", 30);
    g_autoptr(CareTestResponse) s = book (ana, doctor2_id, "2031-01-07T18:00:00Z", 30);
    ok (r, 201);
    ok (s, 201);
  }

  /* PATCH: moving onto the next booking is refused and changes nothing;
   * moving by ten minutes overlaps only its own old time. */
  {
    g_autofree char *item = g_strdup_printf ("/appointments/%s", first);
    g_autoptr(CareTestResponse) onto = care_test_request (server, "PATCH", item, reception,
                                                          "{\"starts_at\": \"2031-01-07T10:20:00Z\"}");
    g_autoptr(CareTestResponse) still = NULL;
    g_autoptr(CareTestResponse) earlier = NULL;

    assert_clash (onto, "* already has an appointment from 10:30 to 11:00*");
    still = care_test_request (server, "GET", item, reception, NULL);
    g_assert_cmpstr (json_object_get_string_member (ok (still, 200), "starts_at"), ==, "2031-01-07T10:00:00Z");
    earlier = care_test_request (server, "PATCH", item, reception, "{\"starts_at\": \"2031-01-07T09:50:00Z\"}");
    g_assert_cmpstr (json_object_get_string_member (ok (earlier, 200), "starts_at"), ==, "2031-01-07T09:50:00Z");
  }

  /* A cancelled appointment frees its time; a change of its notes is no
   * new booking and not checked again. */
  {
    g_autofree char *path = g_strdup_printf ("/appointments/%s/cancel", first);
    g_autofree char *item = g_strdup_printf ("/appointments/%s", first);
    g_autoptr(CareTestResponse) c = care_test_request (server, "POST", path, reception, "{\"reason\": \"Feels better\"}");
    g_autoptr(CareTestResponse) r = NULL;
    g_autoptr(CareTestResponse) notes = NULL;

    JsonObject *o = ok (c, 200);

    g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "cancelled");
    /* The reason is kept in its own field. */
    g_assert_cmpstr (json_object_get_string_member (o, "status_reason"), ==, "Feels better");
    r = book (bea, doctor_id, "2031-01-07T09:40:00Z", 20);
    ok (r, 201);
    notes = care_test_request (server, "PATCH", item, reception, "{\"notes\": \"Called on Monday\"}");
    ok (notes, 200);
  }
}

static void
test_impossible_status_refused (void)
{
  g_autofree char *cleo = new_patient ("Cleo");
  g_autoptr(CareTestResponse) r = book (cleo, doctor_id, "2031-01-10T11:00:00Z", 20);
  g_autofree char *id = g_strdup (json_object_get_string_member (ok (r, 201), "id"));
  g_autofree char *item = g_strdup_printf ("/appointments/%s", id);
  g_autofree char *accept = g_strdup_printf ("/appointments/%s/accept", id);
  g_autofree char *cancel = g_strdup_printf ("/appointments/%s/cancel", id);

  /* Straight from scheduled into the consulting room: no. */
  {
    g_autoptr(CareTestResponse) p = care_test_request (server, "PATCH", item, reception, "{\"status\": \"in_consultation\"}");
    care_test_assert_error (p, 409);
    g_assert_cmpstr (care_test_error_field (p), ==, "status");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (p->root), "message"), ==,
                     "Status: An appointment that is “Scheduled” cannot become “In consultation”.");
  }
  /* Cancelled is where it ends: neither the action nor PATCH revive it. */
  {
    g_autoptr(CareTestResponse) c = care_test_request (server, "POST", cancel, reception, NULL);
    g_autoptr(CareTestResponse) a = care_test_request (server, "POST", accept, reception, NULL);
    g_autoptr(CareTestResponse) p = care_test_request (server, "PATCH", item, reception, "{\"status\": \"scheduled\"}");
    g_autoptr(CareTestResponse) again = care_test_request (server, "POST", cancel, reception, NULL);

    ok (c, 200);
    care_test_assert_error (a, 409);
    g_assert_cmpstr (care_test_error_field (a), ==, "status");
    care_test_assert_error (p, 409);
    g_assert_cmpstr (care_test_error_field (p), ==, "status");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (p->root), "message"), ==,
                     "Status: An appointment that is “Cancelled” can no longer change.");
    care_test_assert_error (again, 409);
    g_assert_cmpstr (care_test_error_field (again), ==, "status");
  }
}

/* A workstation that booked offline pushes its booking later: it stands,
 * even when someone else took the slot meanwhile (docs/sync.md). */
static void
test_offline_booking_kept (void)
{
  g_autofree char *dora = new_patient ("Dora");
  g_autofree char *eva = new_patient ("Eva");
  g_autoptr(CareTestResponse) online = book (dora, doctor_id, "2031-01-14T09:00:00Z", 30);
  g_autofree char *record_id = care_uuid_v7 ();
  g_autofree char *mutation_id = care_uuid_v7 ();
  g_autofree char *fields = booking (eva, doctor_id, "2031-01-14T09:00:00Z", 30);
  g_autofree char *push = g_strdup_printf ("{\"device\": \"K7QF\", \"mutations\": [{\"id\": \"%s\", \"entity\": \"appointment\", "
                                           "\"record_id\": \"%s\", \"op\": \"insert\", \"fields\": %s}]}",
                                           mutation_id, record_id, fields);
  g_autoptr(CareTestResponse) r = NULL;
  g_autoptr(CareTestResponse) listed = NULL;
  JsonObject *result;

  ok (online, 201);
  r = care_test_request (server, "POST", "/sync/push", reception, push);
  result = json_array_get_object_element (json_object_get_array_member (ok (r, 200), "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");

  listed = care_test_request (server, "GET", "/appointments?starts_at=2031-01-14T09:00:00Z&per_page=100", reception, NULL);
  g_assert_cmpuint (json_array_get_length (care_test_data_array (listed)), ==, 2);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *admin = NULL;
  int status;

  /* The clinic's wall clock, which the server's consulting hours follow. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  dir = care_test_tmpdir ();
  db = care_test_demo_database (dir);
  server = care_test_server_start (dir, db, NULL);
  admin = care_test_login (server, "admin", CARE_TEST_PASSWORD, NULL);
  reception = care_test_login (server, "reception", CARE_TEST_PASSWORD, NULL);
  {
    g_autoptr(CareTestResponse) d = care_test_request (server, "GET", "/users?username=doctor", admin, NULL);
    g_autoptr(CareTestResponse) d2 = care_test_request (server, "GET", "/users?username=drokafor", admin, NULL);

    doctor_id = g_strdup (json_object_get_string_member (json_array_get_object_element (care_test_data_array (d), 0), "id"));
    doctor2_id = g_strdup (json_object_get_string_member (json_array_get_object_element (care_test_data_array (d2), 0), "id"));
  }

  g_test_add_func ("/server/appointments/clashes-refused", test_clashes_refused);
  g_test_add_func ("/server/appointments/impossible-status-refused", test_impossible_status_refused);
  g_test_add_func ("/server/appointments/offline-booking-kept", test_offline_booking_kept);
  status = g_test_run ();

  g_assert_cmpint (care_test_server_stop (server), ==, 0);
  care_test_server_free (server);
  g_free (reception);
  g_free (doctor_id);
  g_free (doctor2_id);
  return status;
}
