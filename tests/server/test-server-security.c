/* test-server-security.c: who may act, as whom, and on what (issue 20)
 *
 * Each defect of the audit, reproduced on the real server through the
 * generic routes and through /sync/push: role requests and refill
 * requests written by roles whose job it is not, records signed with
 * someone else's id, other people's tasks, alerts, notifications and
 * attendance, and every path that could leave a clinic without an active
 * administrator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-server-fixture.h"

typedef struct {
  CareTestServer *server;
  char           *dir;
  char           *admin, *reception, *nurse, *doctor, *lab, *pharmacy;
  char           *admin_id, *nurse_id, *doctor_id, *lab_id;
  char           *patient;
} Clinic;

static char *
user_id (CareTestServer *server,
         const char     *token)
{
  g_autoptr(CareTestResponse) me = care_test_request (server, "GET", "/auth/me", token, NULL);

  g_assert_cmpuint (me->status, ==, 200);
  return g_strdup (json_object_get_string_member (care_test_data_object (me), "id"));
}

static void
clinic_open (Clinic *c)
{
  g_autofree char *db = NULL;

  c->dir = care_test_tmpdir ();
  db = care_test_demo_database (c->dir);
  c->server = care_test_server_start (c->dir, db, NULL);
  c->admin = care_test_login (c->server, "admin", CARE_TEST_PASSWORD, NULL);
  c->reception = care_test_login (c->server, "reception", CARE_TEST_PASSWORD, NULL);
  c->nurse = care_test_login (c->server, "nurse", CARE_TEST_PASSWORD, NULL);
  c->doctor = care_test_login (c->server, "doctor", CARE_TEST_PASSWORD, NULL);
  c->lab = care_test_login (c->server, "lab", CARE_TEST_PASSWORD, NULL);
  c->pharmacy = care_test_login (c->server, "pharmacy", CARE_TEST_PASSWORD, NULL);
  c->admin_id = user_id (c->server, c->admin);
  c->nurse_id = user_id (c->server, c->nurse);
  c->doctor_id = user_id (c->server, c->doctor);
  c->lab_id = user_id (c->server, c->lab);
  c->patient = care_test_first_id (c->server, c->admin, "/patients?per_page=1");
}

static void
clinic_close (Clinic *c)
{
  g_assert_cmpint (care_test_server_stop (c->server), ==, 0);
  care_test_server_free (c->server);
  g_free (c->dir);
  g_free (c->admin);
  g_free (c->reception);
  g_free (c->nurse);
  g_free (c->doctor);
  g_free (c->lab);
  g_free (c->pharmacy);
  g_free (c->admin_id);
  g_free (c->nurse_id);
  g_free (c->doctor_id);
  g_free (c->lab_id);
  g_free (c->patient);
}

/* A request with a printf-made body. */
static CareTestResponse * G_GNUC_PRINTF (5, 6)
send (Clinic     *c,
      const char *method,
      const char *path,
      const char *token,
      const char *format,
      ...)
{
  g_autofree char *body = NULL;
  va_list args;

  if (format)
    {
      va_start (args, format);
      body = g_strdup_vprintf (format, args);
      va_end (args);
    }
  return care_test_request (c->server, method, path, token, body);
}

/* The id of a record made with POST, which must answer 201. */
static char *
created (CareTestResponse *r)
{
  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (json_object_get_string_member (care_test_data_object (r), "id"));
}

static char *
item_path (const char *table,
           const char *id)
{
  return g_strdup_printf ("/%s/%s", table, id);
}

/* One mutation pushed through /sync/push; its result, which the caller
 * unrefs. fields, base: a JSON object's text, or NULL. */
static JsonObject *
push_based (Clinic     *c,
            const char *token,
            const char *entity,
            const char *op,
            const char *record_id,
            const char *fields,
            const char *base)
{
  g_autofree char *mutation_id = care_uuid_v7 ();
  g_autofree char *body = g_strdup_printf ("{\"device\": \"SEC1\", \"mutations\": [{\"id\": \"%s\", \"entity\": \"%s\", "
                                           "\"record_id\": \"%s\", \"op\": \"%s\"%s%s%s%s}]}",
                                           mutation_id, entity, record_id, op,
                                           fields ? ", \"fields\": " : "", fields ? fields : "",
                                           base ? ", \"base\": " : "", base ? base : "");
  g_autoptr(CareTestResponse) r = care_test_request (c->server, "POST", "/sync/push", token, body);
  JsonArray *results;

  g_assert_cmpuint (r->status, ==, 200);
  results = json_object_get_array_member (care_test_data_object (r), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_object_ref (json_array_get_object_element (results, 0));
}

static JsonObject *
push (Clinic     *c,
      const char *token,
      const char *entity,
      const char *op,
      const char *record_id,
      const char *fields)
{
  return push_based (c, token, entity, op, record_id, fields, NULL);
}

static void
assert_rejected (JsonObject *result,
                 gint64      code,
                 const char *field)
{
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpint (json_object_get_int_member (result, "code"), ==, code);
  if (field)
    {
      JsonArray *errors = json_object_get_array_member (result, "errors");

      g_assert_cmpuint (json_array_get_length (errors), >=, 1);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0), "field"), ==, field);
    }
  json_object_unref (result);
}

static const char *
field_of (CareTestResponse *r,
          const char       *name)
{
  return json_object_get_string_member (care_test_data_object (r), name);
}

/* --- 1. role requests and refill requests --------------------------------- */

static void
test_role_requests (void)
{
  Clinic c = { 0 };
  g_autofree char *request = NULL;
  g_autofree char *path = NULL;

  clinic_open (&c);
  /* Staff ask for themselves, through the generic route too; the request waits. */
  {
    g_autoptr(CareTestResponse) own = send (&c, "POST", "/role_upgrade_requests", c.nurse,
                                            "{\"requested_role\": \"doctor\", \"status\": \"approved\"}");
    g_autoptr(CareTestResponse) other = send (&c, "POST", "/role_upgrade_requests", c.nurse,
                                              "{\"requested_role\": \"admin\", \"user_id\": \"%s\"}", c.doctor_id);

    request = created (own);
    g_assert_cmpstr (field_of (own, "user_id"), ==, c.nurse_id);
    g_assert_cmpstr (field_of (own, "status"), ==, "pending");
    care_test_assert_error (other, 422);
    g_assert_cmpstr (care_test_error_field (other), ==, "user_id");
  }
  path = item_path ("role_upgrade_requests", request);
  /* Nobody but an administrator decides, edits or deletes it: not its
   * author, not another member of staff. */
  {
    g_autoptr(CareTestResponse) self_approve = send (&c, "PATCH", path, c.nurse, "{\"status\": \"approved\"}");
    g_autoptr(CareTestResponse) lab_delete = send (&c, "DELETE", path, c.lab, NULL);
    g_autoptr(CareTestResponse) lab_read = send (&c, "GET", path, c.lab, NULL);
    g_autofree char *approve = g_strdup_printf ("/role-requests/%s/approve", request);
    g_autoptr(CareTestResponse) nurse_approve = send (&c, "POST", approve, c.nurse, NULL);
    g_autoptr(CareTestResponse) still = send (&c, "GET", path, c.admin, NULL);

    care_test_assert_error (self_approve, 403);
    care_test_assert_error (lab_delete, 404);   /* not theirs to see */
    care_test_assert_error (lab_read, 404);
    care_test_assert_error (nurse_approve, 403);
    g_assert_cmpstr (field_of (still, "status"), ==, "pending");
  }
  /* The same through the sync push. */
  {
    g_autofree char *fresh = care_uuid_v7 ();
    g_autofree char *mine = g_strdup_printf ("{\"requested_role\": \"doctor\", \"user_id\": \"%s\"}", c.doctor_id);
    g_autoptr(CareTestResponse) still = NULL;

    assert_rejected (push (&c, c.nurse, "role_upgrade_request", "update", request, "{\"status\": \"approved\"}"), 403, NULL);
    /* Another's request is not the lab's to see: its deletion answers as for
     * a record that does not exist (no oracle), and nothing is deleted. */
    {
      JsonObject *gone = push (&c, c.lab, "role_upgrade_request", "delete", request, NULL);

      g_assert_cmpstr (json_object_get_string_member (gone, "status"), ==, "applied");
      json_object_unref (gone);
    }
    assert_rejected (push (&c, c.nurse, "role_upgrade_request", "insert", fresh, mine), 422, "user_id");
    still = send (&c, "GET", path, c.admin, NULL);
    g_assert_cmpstr (field_of (still, "status"), ==, "pending");
  }
  /* The administrator decides, and a refusal says why. */
  {
    g_autofree char *reject = g_strdup_printf ("/role-requests/%s/reject", request);
    g_autoptr(CareTestResponse) bare = send (&c, "PATCH", path, c.admin, "{\"status\": \"rejected\"}");
    g_autoptr(CareTestResponse) silent = send (&c, "POST", reject, c.admin, "{}");
    g_autoptr(CareTestResponse) patch = send (&c, "PATCH", path, c.admin,
                                              "{\"status\": \"rejected\", \"decision_reason\": \"Not this year\"}");

    care_test_assert_error (bare, 422);
    g_assert_cmpstr (care_test_error_field (bare), ==, "decision_reason");
    care_test_assert_error (silent, 422);
    g_assert_cmpstr (care_test_error_field (silent), ==, "decision_reason");
    g_assert_cmpuint (patch->status, ==, 200);
    g_assert_cmpstr (field_of (patch, "decided_by"), ==, c.admin_id);
  }
  /* Whoever asked may withdraw a pending request; nobody else but an
   * administrator, and not once it is decided. */
  {
    g_autoptr(CareTestResponse) ask = send (&c, "POST", "/role-requests", c.nurse, "{\"requested_role\": \"pharmacist\"}");
    g_autofree char *id = created (ask);
    g_autofree char *own = item_path ("role_upgrade_requests", id);
    g_autoptr(CareTestResponse) lab_withdraw = send (&c, "DELETE", own, c.lab, NULL);
    g_autoptr(CareTestResponse) withdraw = send (&c, "DELETE", own, c.nurse, NULL);
    g_autoptr(CareTestResponse) decided = send (&c, "DELETE", path, c.nurse, NULL);

    care_test_assert_error (lab_withdraw, 404);
    g_assert_cmpuint (withdraw->status, ==, 204);
    care_test_assert_error (decided, 403);
  }
  /* The audit viewer asks whether the chain verifies: administrators only. */
  {
    g_autoptr(CareTestResponse) admin = send (&c, "GET", "/audit/verify", c.admin, NULL);
    g_autoptr(CareTestResponse) nurse = send (&c, "GET", "/audit/verify", c.nurse, NULL);

    g_assert_cmpuint (admin->status, ==, 200);
    g_assert_true (json_object_get_boolean_member (care_test_data_object (admin), "verified"));
    care_test_assert_error (nurse, 403);
  }
  clinic_close (&c);
}

static void
test_refill_requests (void)
{
  Clinic c = { 0 };
  g_autofree char *rx = NULL;
  g_autofree char *refill = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;

  clinic_open (&c);
  {
    g_autoptr(CareTestResponse) r = send (&c, "POST", "/prescriptions", c.doctor,
                                          "{\"patient_id\": \"%s\", \"issued_on\": \"2026-01-02\", \"refills_allowed\": 2}",
                                          c.patient);
    rx = created (r);
  }
  body = g_strdup_printf ("{\"prescription_id\": \"%s\", \"patient_id\": \"%s\"}", rx, c.patient);
  /* Reception, nurses and the lab neither create nor decide refills. */
  {
    g_autoptr(CareTestResponse) by_reception = send (&c, "POST", "/refill_requests", c.reception, "%s", body);
    g_autoptr(CareTestResponse) by_nurse = send (&c, "POST", "/refill_requests", c.nurse, "%s", body);
    g_autoptr(CareTestResponse) by_doctor = send (&c, "POST", "/refill_requests", c.doctor, "%s", body);

    care_test_assert_error (by_reception, 403);
    care_test_assert_error (by_nurse, 403);
    refill = created (by_doctor);
  }
  path = item_path ("refill_requests", refill);
  {
    g_autoptr(CareTestResponse) approve = send (&c, "PATCH", path, c.reception, "{\"status\": \"approved\"}");
    g_autoptr(CareTestResponse) remove = send (&c, "DELETE", path, c.lab, NULL);
    g_autoptr(CareTestResponse) still = send (&c, "GET", path, c.doctor, NULL);

    care_test_assert_error (approve, 403);
    care_test_assert_error (remove, 403);
    g_assert_cmpstr (field_of (still, "status"), ==, "pending");
  }
  /* The same through the sync push. */
  {
    g_autofree char *fresh = care_uuid_v7 ();

    assert_rejected (push (&c, c.reception, "refill_request", "insert", fresh, body), 403, NULL);
    assert_rejected (push (&c, c.nurse, "refill_request", "update", refill, "{\"status\": \"approved\"}"), 403, NULL);
    assert_rejected (push (&c, c.lab, "refill_request", "delete", refill, NULL), 403, NULL);
  }
  clinic_close (&c);
}

/* --- 2. acting as someone else ---------------------------------------------- */

static void
test_authorship (void)
{
  Clinic c = { 0 };

  clinic_open (&c);
  {
    g_autoptr(CareTestResponse) forged = send (&c, "POST", "/clinical_notes", c.nurse,
                                               "{\"patient_id\": \"%s\", \"author_id\": \"%s\", \"note_type\": \"progress\", "
                                               "\"title\": \"Seen\", \"content\": \"Stable.\"}", c.patient, c.doctor_id);
    g_autoptr(CareTestResponse) own = send (&c, "POST", "/clinical_notes", c.nurse,
                                            "{\"patient_id\": \"%s\", \"note_type\": \"progress\", "
                                            "\"title\": \"Seen\", \"content\": \"Stable.\"}", c.patient);
    g_autoptr(CareTestResponse) named_self = send (&c, "POST", "/clinical_notes", c.nurse,
                                                   "{\"patient_id\": \"%s\", \"author_id\": \"%s\", \"note_type\": \"progress\", "
                                                   "\"title\": \"Seen\", \"content\": \"Stable.\"}", c.patient, c.nurse_id);
    g_autofree char *id = care_uuid_v7 ();
    g_autofree char *fields = g_strdup_printf ("{\"patient_id\": \"%s\", \"author_id\": \"%s\", \"note_type\": \"progress\", "
                                               "\"title\": \"Seen\", \"content\": \"Stable.\"}", c.patient, c.doctor_id);
    g_autofree char *note = NULL;

    care_test_assert_error (forged, 422);
    g_assert_cmpstr (care_test_error_field (forged), ==, "author_id");
    g_assert_cmpstr (field_of (own, "author_id"), ==, c.nurse_id);
    note = created (named_self);
    assert_rejected (push (&c, c.nurse, "clinical_note", "insert", id, fields), 422, "author_id");
  }
  /* A prescription in another doctor's name, by PATCH. */
  {
    g_autoptr(CareTestResponse) rx = send (&c, "POST", "/prescriptions", c.doctor,
                                           "{\"patient_id\": \"%s\", \"issued_on\": \"2026-01-02\"}", c.patient);
    g_autofree char *id = created (rx);
    g_autofree char *path = item_path ("prescriptions", id);
    g_autoptr(CareTestResponse) moved = send (&c, "PATCH", path, c.doctor, "{\"prescriber_id\": \"%s\"}", c.admin_id);
    g_autoptr(CareTestResponse) echoed = send (&c, "PATCH", path, c.doctor, "{\"prescriber_id\": \"%s\", \"notes\": \"ok\"}",
                                               c.doctor_id);

    care_test_assert_error (moved, 422);
    g_assert_cmpstr (care_test_error_field (moved), ==, "prescriber_id");
    g_assert_cmpuint (echoed->status, ==, 200);
  }
  clinic_close (&c);
}

/* A second nurse may not touch the first nurse's task, through REST or a
 * push; a task for every nurse is any nurse's to complete (with a note),
 * and not a doctor's who did not give it. */
static void
test_another_nurses_task (void)
{
  Clinic c = { 0 };
  g_autofree char *task = NULL;
  g_autofree char *path = NULL;
  g_autofree char *for_nurses = NULL;
  g_autofree char *for_nurses_path = NULL;
  g_autofree char *nina = NULL;

  clinic_open (&c);
  {
    g_autoptr(CareTestResponse) r = send (&c, "POST", "/users", c.admin,
                                          "{\"full_name\": \"Nina Night\", \"username\": \"nina\", \"role\": \"nurse\", "
                                          "\"password\": \"%s\"}", CARE_TEST_PASSWORD);

    g_assert_cmpuint (r->status, ==, 201);
    nina = care_test_login (c.server, "nina", CARE_TEST_PASSWORD, NULL);
  }
  {
    g_autoptr(CareTestResponse) r = send (&c, "POST", "/tasks", c.doctor,
                                          "{\"assigned_to\": \"%s\", \"title\": \"Check the drain\", \"priority\": \"normal\"}",
                                          c.nurse_id);
    task = created (r);
  }
  path = item_path ("tasks", task);
  {
    g_autoptr(CareTestResponse) edit = send (&c, "PATCH", path, nina, "{\"title\": \"Something else\"}");
    g_autoptr(CareTestResponse) done = send (&c, "PATCH", path, nina,
                                             "{\"status\": \"done\", \"completion_note\": \"Done by me\"}");
    g_autoptr(CareTestResponse) gone = send (&c, "DELETE", path, nina, NULL);
    g_autoptr(CareTestResponse) no_note = send (&c, "PATCH", path, c.nurse, "{\"status\": \"done\"}");
    g_autoptr(CareTestResponse) stored = send (&c, "GET", path, c.admin, NULL);

    care_test_assert_error (edit, 403);
    care_test_assert_error (done, 403);
    care_test_assert_error (gone, 403);
    assert_rejected (push (&c, nina, "task", "update", task, "{\"status\": \"cancelled\"}"), 403, NULL);
    assert_rejected (push (&c, nina, "task", "delete", task, NULL), 403, NULL);
    care_test_assert_error (no_note, 422);
    g_assert_cmpstr (care_test_error_field (no_note), ==, "completion_note");
    g_assert_cmpstr (field_of (stored, "title"), ==, "Check the drain");
    g_assert_cmpstr (field_of (stored, "status"), ==, "open");
  }
  {
    g_autoptr(CareTestResponse) r = send (&c, "POST", "/tasks", c.admin,
                                          "{\"assigned_role\": \"nurse\", \"assigned_to\": \"%s\", "
                                          "\"title\": \"Count the crash trolley\", \"priority\": \"normal\"}", c.admin_id);
    for_nurses = created (r);
  }
  for_nurses_path = item_path ("tasks", for_nurses);
  {
    g_autoptr(CareTestResponse) by_doctor = send (&c, "PATCH", for_nurses_path, c.doctor,
                                                  "{\"status\": \"done\", \"completion_note\": \"x\"}");
    g_autoptr(CareTestResponse) by_nina = send (&c, "PATCH", for_nurses_path, nina,
                                                "{\"status\": \"done\", \"completion_note\": \"All present\"}");

    care_test_assert_error (by_doctor, 403);
    g_assert_cmpuint (by_nina->status, ==, 200);
    g_assert_cmpstr (field_of (by_nina, "status"), ==, "done");
    g_assert_nonnull (field_of (by_nina, "completed_at"));
  }
  clinic_close (&c);
}

static void
test_tasks_and_alerts (void)
{
  Clinic c = { 0 };
  g_autofree char *task = NULL;
  g_autofree char *task_path = NULL;
  g_autofree char *alert = NULL;
  g_autofree char *alert_path = NULL;

  clinic_open (&c);
  {
    g_autoptr(CareTestResponse) r = send (&c, "POST", "/tasks", c.doctor,
                                          "{\"assigned_to\": \"%s\", \"title\": \"Dress the wound\", \"priority\": \"normal\"}",
                                          c.nurse_id);
    g_autoptr(CareTestResponse) forged = send (&c, "POST", "/tasks", c.lab,
                                               "{\"assigned_to\": \"%s\", \"assigned_by\": \"%s\", \"title\": \"X\", "
                                               "\"priority\": \"normal\"}", c.nurse_id, c.doctor_id);

    task = created (r);
    g_assert_cmpstr (field_of (r, "assigned_by"), ==, c.doctor_id);
    care_test_assert_error (forged, 422);
    g_assert_cmpstr (care_test_error_field (forged), ==, "assigned_by");
  }
  task_path = item_path ("tasks", task);
  {
    g_autoptr(CareTestResponse) by_lab = send (&c, "PATCH", task_path, c.lab, "{\"status\": \"done\"}");
    g_autoptr(CareTestResponse) del_lab = send (&c, "DELETE", task_path, c.lab, NULL);
    g_autoptr(CareTestResponse) by_assignee = send (&c, "PATCH", task_path, c.nurse,
                                                    "{\"status\": \"done\", \"completion_note\": \"Dressed\"}");

    care_test_assert_error (by_lab, 403);
    care_test_assert_error (del_lab, 403);
    g_assert_cmpuint (by_assignee->status, ==, 200);
    assert_rejected (push (&c, c.lab, "task", "update", task, "{\"title\": \"Changed\"}"), 403, NULL);
    assert_rejected (push (&c, c.lab, "task", "delete", task, NULL), 403, NULL);
  }
  {
    g_autoptr(CareTestResponse) by_admin = send (&c, "DELETE", task_path, c.admin, NULL);

    g_assert_cmpuint (by_admin->status, ==, 204);
  }

  {
    g_autoptr(CareTestResponse) r = send (&c, "POST", "/emergency_alerts", c.nurse,
                                          "{\"kind\": \"code_blue\", \"location\": \"Ward 3, bed 12\"}");
    alert = created (r);
    g_assert_cmpstr (field_of (r, "raised_by"), ==, c.nurse_id);
  }
  alert_path = item_path ("emergency_alerts", alert);
  {
    g_autoptr(CareTestResponse) edit = send (&c, "PATCH", alert_path, c.lab, "{\"location\": \"Nowhere\"}");
    g_autoptr(CareTestResponse) remove = send (&c, "DELETE", alert_path, c.doctor, NULL);
    g_autofree char *ack_path = g_strdup_printf ("/emergency_alerts/%s/acknowledge", alert);
    g_autoptr(CareTestResponse) ack = send (&c, "POST", ack_path, c.doctor, NULL);

    care_test_assert_error (edit, 403);
    care_test_assert_error (remove, 403);
    /* Acknowledging is every member of staff's, as themselves. */
    g_assert_cmpuint (ack->status, ==, 200);
    assert_rejected (push (&c, c.lab, "emergency_alert", "delete", alert, NULL), 403, NULL);
  }
  clinic_close (&c);
}

static void
test_notifications_and_attendance (void)
{
  Clinic c = { 0 };

  clinic_open (&c);
  {
    g_autoptr(CareTestResponse) for_other = send (&c, "POST", "/notifications", c.nurse,
                                                  "{\"user_id\": \"%s\", \"kind\": \"system\", \"message\": \"Hi\"}", c.doctor_id);
    g_autoptr(CareTestResponse) for_self = send (&c, "POST", "/notifications", c.nurse,
                                                 "{\"kind\": \"system\", \"message\": \"Reminder\"}");
    g_autoptr(CareTestResponse) by_admin = send (&c, "POST", "/notifications", c.admin,
                                                 "{\"user_id\": \"%s\", \"kind\": \"system\", \"message\": \"Hi\"}", c.doctor_id);
    g_autofree char *id = care_uuid_v7 ();
    g_autofree char *fields = g_strdup_printf ("{\"user_id\": \"%s\", \"kind\": \"system\", \"message\": \"Hi\"}", c.doctor_id);
    g_autofree char *mine = NULL;

    care_test_assert_error (for_other, 422);
    g_assert_cmpstr (care_test_error_field (for_other), ==, "user_id");
    mine = created (for_self);
    g_assert_cmpstr (field_of (for_self, "user_id"), ==, c.nurse_id);
    g_assert_cmpuint (by_admin->status, ==, 201);
    assert_rejected (push (&c, c.nurse, "notification", "insert", id, fields), 422, "user_id");
  }
  {
    g_autoptr(CareTestResponse) for_other = send (&c, "POST", "/attendance", c.nurse,
                                                  "{\"user_id\": \"%s\", \"day\": \"2026-01-05\", "
                                                  "\"check_in\": \"2026-01-05T08:00:00Z\"}", c.doctor_id);
    g_autoptr(CareTestResponse) by_admin = send (&c, "POST", "/attendance", c.admin,
                                                 "{\"user_id\": \"%s\", \"day\": \"2026-01-05\", "
                                                 "\"check_in\": \"2026-01-05T08:00:00Z\"}", c.doctor_id);
    g_autofree char *doctors = created (by_admin);
    g_autofree char *path = item_path ("attendance", doctors);
    g_autoptr(CareTestResponse) edit = send (&c, "PATCH", path, c.nurse, "{\"notes\": \"late\"}");
    g_autoptr(CareTestResponse) own_edit = send (&c, "PATCH", path, c.doctor, "{\"notes\": \"on call\"}");

    care_test_assert_error (for_other, 422);
    g_assert_cmpstr (care_test_error_field (for_other), ==, "user_id");
    care_test_assert_error (edit, 403);
    g_assert_cmpuint (own_edit->status, ==, 200);
    assert_rejected (push (&c, c.nurse, "attendance", "update", doctors, "{\"notes\": \"x\"}"), 403, NULL);
  }
  clinic_close (&c);
}

/* --- 3. the last administrator ------------------------------------------------ */

static void
test_last_administrator (void)
{
  Clinic c = { 0 };
  g_autofree char *admin_path = NULL;

  clinic_open (&c);
  {
    g_autoptr(CareTestResponse) admins = send (&c, "GET", "/users?role=admin", c.admin, NULL);

    g_assert_cmpuint (json_array_get_length (care_test_data_array (admins)), ==, 1);
  }
  admin_path = item_path ("users", c.admin_id);
  /* A role request the administrator files for themself and approves. */
  {
    g_autoptr(CareTestResponse) r = send (&c, "POST", "/role-requests", c.admin,
                                          "{\"requested_role\": \"receptionist\", \"reason\": \"fuzz\"}");
    g_autofree char *id = created (r);
    g_autofree char *approve = g_strdup_printf ("/role-requests/%s/approve", id);
    g_autoptr(CareTestResponse) a = send (&c, "POST", approve, c.admin, NULL);
    g_autoptr(CareTestResponse) still = send (&c, "GET", "/users?role=admin", c.admin, NULL);

    /* Nobody decides their own request, whatever the route. */
    care_test_assert_error (a, 422);
    g_assert_cmpstr (care_test_error_field (a), ==, "status");
    g_assert_cmpuint (json_array_get_length (care_test_data_array (still)), ==, 1);
    assert_rejected (push_based (&c, c.admin, "role_upgrade_request", "update", id, "{\"status\": \"approved\"}",
                                 "{\"status\": \"pending\"}"), 422, "status");
  }
  /* Editing the user: role, deactivation, deletion. */
  {
    g_autofree char *deactivate = g_strdup_printf ("/users/%s/deactivate", c.admin_id);
    g_autoptr(CareTestResponse) role = send (&c, "PATCH", admin_path, c.admin, "{\"role\": \"doctor\"}");
    g_autoptr(CareTestResponse) off = send (&c, "POST", deactivate, c.admin, NULL);

    care_test_assert_error (role, 409);
    g_assert_cmpstr (care_test_error_field (role), ==, "role");
    care_test_assert_error (off, 409);
    g_assert_cmpstr (care_test_error_field (off), ==, "active");
  }
  /* Through the sync push. */
  {
    JsonObject *result = push_based (&c, c.admin, "user", "update", c.admin_id, "{\"role\": \"nurse\"}",
                                     "{\"role\": \"admin\"}");

    g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
    g_assert_cmpint (json_object_get_int_member (result, "code"), ==, 409);
    json_object_unref (result);
  }
  /* The matrix: the administrators keep staff management and the matrix. */
  {
    g_autoptr(CareTestResponse) put = send (&c, "PUT", "/roles/admin/permissions", c.admin,
                                            "{\"permissions\": {\"staff_management\": false}}");
    g_autoptr(CareTestResponse) rows = send (&c, "GET", "/role_permissions?role=admin&permission=role_permissions",
                                             c.admin, NULL);
    g_autofree char *row = g_strdup (json_object_get_string_member (
      json_array_get_object_element (care_test_data_array (rows), 0), "id"));
    g_autofree char *row_path = item_path ("role_permissions", row);
    g_autoptr(CareTestResponse) patch = send (&c, "PATCH", row_path, c.admin, "{\"allowed\": false}");
    g_autoptr(CareTestResponse) del = send (&c, "DELETE", row_path, c.admin, NULL);

    care_test_assert_error (put, 422);
    g_assert_cmpstr (care_test_error_field (put), ==, "permissions.staff_management");
    care_test_assert_error (patch, 422);
    g_assert_cmpstr (care_test_error_field (patch), ==, "allowed");
    care_test_assert_error (del, 409);
    assert_rejected (push_based (&c, c.admin, "role_permission", "update", row, "{\"allowed\": false}",
                                 "{\"allowed\": true}"), 422, "allowed");
  }
  /* Still the clinic's active administrator, with every right. */
  {
    g_autoptr(CareTestResponse) me = send (&c, "GET", "/auth/me", c.admin, NULL);
    g_autoptr(CareTestResponse) user = send (&c, "GET", admin_path, c.admin, NULL);

    g_assert_cmpstr (field_of (me, "role"), ==, CARE_ROLE_ADMIN);
    g_assert_true (json_object_get_boolean_member (care_test_data_object (user), "active"));
  }
  /* With a second administrator, the first may step down. */
  {
    g_autofree char *lab_path = item_path ("users", c.lab_id);
    g_autoptr(CareTestResponse) promote = send (&c, "PATCH", lab_path, c.admin, "{\"role\": \"admin\"}");
    g_autoptr(CareTestResponse) step_down = send (&c, "PATCH", admin_path, c.admin, "{\"role\": \"doctor\"}");

    g_assert_cmpuint (promote->status, ==, 200);
    g_assert_cmpuint (step_down->status, ==, 200);
  }
  clinic_close (&c);
}

/* --- 4. no oracle of other clinics ------------------------------------------- */

/* The parts of an error a caller compares: status, message, errors. */
static char *
error_shape (CareTestResponse *r)
{
  JsonObject *o = json_node_get_object (r->root);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  JsonNode *errors = json_object_get_member (o, "errors");

  json_generator_set_root (gen, errors);
  return g_strdup_printf ("%u %s %s", r->status, json_object_get_string_member (o, "message"),
                          json_generator_to_data (gen, NULL));
}

static char *
result_shape (JsonObject *result)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  char *text;

  json_object_remove_member (result, "id");
  json_node_set_object (node, result);
  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, NULL);
  json_node_unref (node);
  json_object_unref (result);
  return text;
}

static void
test_other_clinics_ids_and_logins (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  g_autofree char *tenant_b = care_test_add_clinic (db, "Hillside Clinic", "admin");
  Clinic c = { 0 };
  g_autofree char *b = NULL;
  g_autofree char *theirs = care_uuid_v7 ();
  g_autofree char *fresh = care_uuid_v7 ();
  const char *patient = "\"given_name\": \"Ana\", \"family_name\": \"Ruiz\", \"date_of_birth\": \"1980-01-01\", "
                        "\"sex\": \"female\"";

  c.dir = g_steal_pointer (&dir);
  c.server = care_test_server_start (c.dir, db, NULL);
  b = care_test_login (c.server, "admin", CARE_TEST_PASSWORD, tenant_b);
  c.reception = care_test_login (c.server, "reception", CARE_TEST_PASSWORD, NULL);
  {
    g_autoptr(CareTestResponse) made = send (&c, "POST", "/patients", b, "{\"id\": \"%s\", %s}", theirs, patient);

    g_assert_cmpuint (made->status, ==, 201);
  }
  /* Clinic A: B's id, an id of A's own and a malformed id answer alike;
   * a fresh id is taken. */
  {
    g_autoptr(CareTestResponse) elsewhere = send (&c, "POST", "/patients", c.reception, "{\"id\": \"%s\", %s}", theirs, patient);
    g_autoptr(CareTestResponse) malformed = send (&c, "POST", "/patients", c.reception, "{\"id\": \"%s\", %s}",
                                                  "0000-not-a-uuid", patient);
    g_autoptr(CareTestResponse) made = send (&c, "POST", "/patients", c.reception, "{\"id\": \"%s\", %s}", fresh, patient);
    g_autoptr(CareTestResponse) here = send (&c, "POST", "/patients", c.reception, "{\"id\": \"%s\", %s}", fresh, patient);
    g_autofree char *a = error_shape (elsewhere);
    g_autofree char *m = error_shape (malformed);
    g_autofree char *h = error_shape (here);

    care_test_assert_error (elsewhere, 422);
    g_assert_cmpstr (care_test_error_field (elsewhere), ==, "id");
    g_assert_cmpstr (a, ==, m);
    g_assert_cmpstr (h, ==, m);
    g_assert_cmpuint (made->status, ==, 201);
  }
  /* The same through the sync push. */
  {
    g_autofree char *fields = g_strdup_printf ("{%s}", patient);
    g_autofree char *elsewhere = result_shape (push (&c, c.reception, "patient", "insert", theirs, fields));
    g_autofree char *malformed = result_shape (push (&c, c.reception, "patient", "insert", "0000-not-a-uuid", fields));

    g_assert_cmpstr (elsewhere, ==, malformed);
    g_assert_nonnull (strstr (elsewhere, "\"rejected\""));
  }
  /* "admin" signs in at both clinics: a wrong password is told as any
   * wrong password is, the right one asks which clinic. */
  {
    g_autoptr(CareTestResponse) two = send (&c, "POST", "/auth/login", NULL,
                                            "{\"login\": \"admin\", \"password\": \"not-the-password\"}");
    g_autoptr(CareTestResponse) one = send (&c, "POST", "/auth/login", NULL,
                                            "{\"login\": \"reception\", \"password\": \"not-the-password\"}");
    g_autoptr(CareTestResponse) right = send (&c, "POST", "/auth/login", NULL,
                                              "{\"login\": \"admin\", \"password\": \"%s\"}", CARE_TEST_PASSWORD);
    g_autofree char *t = error_shape (two);
    g_autofree char *o = error_shape (one);

    care_test_assert_error (two, 401);
    g_assert_cmpstr (t, ==, o);
    care_test_assert_error (right, 422);
    g_assert_cmpstr (care_test_error_field (right), ==, "tenant_id");
  }
  /* The same for the patient portal: one login at both clinics, each with
   * its own password. */
  {
    const char *ids[] = { theirs, fresh };
    const char *tokens[] = { b, c.reception };
    const char *passwords[] = { "portal-pass-B", "portal-pass-A" };
    g_autoptr(CareTestResponse) wrong = NULL;
    g_autoptr(CareTestResponse) unknown = NULL;
    g_autoptr(CareTestResponse) right = NULL;
    g_autoptr(CareTestResponse) chosen = NULL;
    g_autofree char *w = NULL, *u = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        g_autofree char *path = g_strdup_printf ("/patients/%s/invite", ids[i]);
        g_autoptr(CareTestResponse) invite = send (&c, "POST", path, tokens[i], NULL);
        g_autoptr(CareTestResponse) reg = NULL;

        g_assert_cmpuint (invite->status, ==, 201);
        reg = send (&c, "POST", "/auth/register-patient", NULL,
                    "{\"token\": \"%s\", \"password\": \"%s\", \"login\": \"ana.ruiz@example.org\"}",
                    json_object_get_string_member (care_test_data_object (invite), "invite_token"), passwords[i]);
        g_assert_cmpuint (reg->status, ==, 201);
      }
    wrong = send (&c, "POST", "/auth/login/patient", NULL,
                  "{\"login\": \"ana.ruiz@example.org\", \"password\": \"not-the-password\"}");
    unknown = send (&c, "POST", "/auth/login/patient", NULL,
                    "{\"login\": \"nobody@example.org\", \"password\": \"not-the-password\"}");
    right = send (&c, "POST", "/auth/login/patient", NULL,
                  "{\"login\": \"ana.ruiz@example.org\", \"password\": \"portal-pass-A\"}");
    chosen = send (&c, "POST", "/auth/login/patient", NULL,
                   "{\"login\": \"ana.ruiz@example.org\", \"password\": \"portal-pass-B\", \"tenant_id\": \"%s\"}",
                   tenant_b);
    w = error_shape (wrong);
    u = error_shape (unknown);
    care_test_assert_error (wrong, 401);
    g_assert_cmpstr (w, ==, u);
    care_test_assert_error (right, 422);
    g_assert_cmpstr (care_test_error_field (right), ==, "tenant_id");
    g_assert_cmpuint (chosen->status, ==, 200);
  }
  clinic_close (&c);
}

/* --- 5. errors name their field ------------------------------------------------ */

static void
test_payment_errors (void)
{
  Clinic c = { 0 };
  g_autofree char *invoice = NULL;
  g_autofree char *path = NULL;

  clinic_open (&c);
  invoice = care_test_first_id (c.server, c.reception, "/invoices?status=issued&per_page=1");
  g_assert_nonnull (invoice);
  path = g_strdup_printf ("/invoices/%s/payments", invoice);
  {
    g_autoptr(CareTestResponse) amount = send (&c, "POST", path, c.reception, "{\"amount\": \"lots\", \"method\": \"cash\"}");
    g_autoptr(CareTestResponse) reference = send (&c, "POST", path, c.reception,
                                                  "{\"amount\": 100, \"method\": \"cash\", \"reference\": 42}");

    care_test_assert_error (amount, 422);
    g_assert_cmpstr (care_test_error_field (amount), ==, "amount");
    care_test_assert_error (reference, 422);
    g_assert_cmpstr (care_test_error_field (reference), ==, "reference");
  }
  /* Nor is a payment received in someone else's name. */
  {
    g_autoptr(CareTestResponse) forged = send (&c, "POST", path, c.reception,
                                               "{\"amount\": 100, \"method\": \"cash\", \"received_by\": \"%s\"}",
                                               c.admin_id);

    care_test_assert_error (forged, 422);
    g_assert_cmpstr (care_test_error_field (forged), ==, "received_by");
  }
  clinic_close (&c);
}

/* --- 6. read scopes ---------------------------------------------------------- */

/* Whether a pull from 0 by token lists entity and carries any row of it. */
static void
assert_pull_scope (Clinic     *c,
                   const char *token,
                   const char *entity,
                   gboolean    readable)
{
  g_autoptr(CareTestResponse) r = send (c, "GET", "/sync/pull?cursor=0&limit=10000", token, NULL);
  JsonObject *page = care_test_data_object (r);
  JsonArray *entities = json_object_get_array_member (page, "entities");
  JsonArray *changes = json_object_get_array_member (page, "changes");
  gboolean listed = FALSE;
  guint rows = 0;

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (page, "more"));
  for (guint i = 0; i < json_array_get_length (entities); i++)
    listed |= g_str_equal (json_array_get_string_element (entities, i), entity);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    rows += g_str_equal (json_object_get_string_member (json_array_get_object_element (changes, i), "entity"), entity);
  g_assert_cmpint (listed, ==, readable);
  if (readable)
    g_assert_cmpuint (rows, >, 0);
  else
    g_assert_cmpuint (rows, ==, 0);
}

static void
test_read_scopes (void)
{
  static const struct { const char *table, *entity, *login; gboolean readable; } cases[] = {
    { "clinical_notes", "clinical_note", "lab", FALSE },
    { "clinical_notes", "clinical_note", "pharmacy", FALSE },
    { "clinical_notes", "clinical_note", "reception", FALSE },
    { "clinical_notes", "clinical_note", "doctor", TRUE },
    { "clinical_notes", "clinical_note", "nurse", TRUE },
    { "vitals", "vitals", "reception", FALSE },
    { "vitals", "vitals", "pharmacy", FALSE },
    { "vitals", "vitals", "nurse", TRUE },
    { "lab_results", "lab_result", "reception", FALSE },
    { "lab_results", "lab_result", "pharmacy", FALSE },
    { "lab_results", "lab_result", "lab", TRUE },
    { "lab_results", "lab_result", "doctor", TRUE },
  };
  Clinic c = { 0 };

  clinic_open (&c);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *token = care_test_login (c.server, cases[i].login, CARE_TEST_PASSWORD, NULL);
      g_autofree char *list = g_strdup_printf ("/%s?per_page=1", cases[i].table);
      g_autofree char *any = care_test_first_id (c.server, c.admin, list);
      g_autofree char *item = item_path (cases[i].table, any);
      g_autoptr(CareTestResponse) l = send (&c, "GET", list, token, NULL);
      g_autoptr(CareTestResponse) g = send (&c, "GET", item, token, NULL);

      g_test_message ("%s reads %s: %s", cases[i].login, cases[i].table, cases[i].readable ? "yes" : "no");
      g_assert_cmpuint (l->status, ==, cases[i].readable ? 200 : 403);
      g_assert_cmpuint (g->status, ==, cases[i].readable ? 200 : 403);
      assert_pull_scope (&c, token, cases[i].entity, cases[i].readable);
    }
  /* The scope is the clinic's matrix: the administrator may widen it. */
  {
    g_autoptr(CareTestResponse) put = send (&c, "PUT", "/roles/receptionist/permissions", c.admin,
                                            "{\"permissions\": {\"lab_results\": true}}");
    g_autoptr(CareTestResponse) l = send (&c, "GET", "/lab_results?per_page=1", c.reception, NULL);

    g_assert_cmpuint (put->status, ==, 200);
    g_assert_cmpuint (l->status, ==, 200);
  }
  clinic_close (&c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/security/role-requests", test_role_requests);
  g_test_add_func ("/server/security/refill-requests", test_refill_requests);
  g_test_add_func ("/server/security/authorship", test_authorship);
  g_test_add_func ("/server/security/tasks-and-alerts", test_tasks_and_alerts);
  g_test_add_func ("/server/security/another-nurses-task", test_another_nurses_task);
  g_test_add_func ("/server/security/notifications-and-attendance", test_notifications_and_attendance);
  g_test_add_func ("/server/security/last-administrator", test_last_administrator);
  g_test_add_func ("/server/security/other-clinics", test_other_clinics_ids_and_logins);
  g_test_add_func ("/server/security/payment-errors", test_payment_errors);
  g_test_add_func ("/server/security/read-scopes", test_read_scopes);
  return g_test_run ();
}
