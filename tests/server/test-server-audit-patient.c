/* test-server-audit-patient.c: every audit entry names the patient it concerns,
 * and the log filtered by a patient shows their vitals, notes… not others'
 *
 * Runs on SQLite and, as test-server-audit-patient-pg, on PostgreSQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-server-fixture.h"

static JsonObject *
ok (CareTestResponse *r,
    guint             status)
{
  g_assert_cmpuint (r->status, ==, status);
  return care_test_data_object (r);
}

/* Whether the patient's audit log holds an entry with this action and
 * record, by this role. Every entry shown must name the patient. */
static gboolean
has_entry (CareTestServer *server,
           const char     *admin,
           const char     *patient,
           const char     *action,
           const char     *entity,
           const char     *record_id,
           const char     *role)
{
  g_autofree char *path = g_strdup_printf ("/audit?patient_id=%s&per_page=100", patient);
  g_autoptr(CareTestResponse) r = care_test_request (server, "GET", path, admin, NULL);
  JsonArray *rows;
  gboolean found = FALSE;

  g_assert_cmpuint (r->status, ==, 200);
  rows = care_test_data_array (r);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *e = json_array_get_object_element (rows, i);

      g_assert_cmpstr (json_object_get_string_member (e, "patient_id"), ==, patient);
      g_assert_cmpint (json_object_get_int_member (e, "hash_version"), ==, 2);
      found |= g_str_equal (json_object_get_string_member (e, "action"), action) &&
               g_str_equal (json_object_get_string_member (e, "entity"), entity) &&
               g_strcmp0 (json_object_get_string_member_with_default (e, "record_id", NULL), record_id) == 0 &&
               g_strcmp0 (json_object_get_string_member (e, "actor_role"), role) == 0;
    }
  return found;
}

static void
test_audit_by_patient (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autofree char *admin = care_test_login (server, "admin", CARE_TEST_PASSWORD, NULL);
  g_autofree char *nurse = care_test_login (server, "nurse", CARE_TEST_PASSWORD, NULL);
  g_autofree char *doctor = care_test_login (server, "doctor", CARE_TEST_PASSWORD, NULL);
  g_autofree char *note_id = care_test_first_id (server, doctor, "/clinical_notes?per_page=1");
  g_autofree char *note_path = g_strdup_printf ("/clinical_notes/%s", note_id);
  g_autofree char *patient = NULL;
  g_autofree char *other = NULL;
  g_autofree char *vitals_id = NULL;

  /* P: the patient of a note the doctor may read; Q: someone else. */
  {
    g_autoptr(CareTestResponse) note = care_test_request (server, "GET", note_path, doctor, NULL);
    g_autoptr(CareTestResponse) two = care_test_request (server, "GET", "/patients?per_page=2", admin, NULL);
    JsonArray *rows = care_test_data_array (two);

    patient = g_strdup (json_object_get_string_member (ok (note, 200), "patient_id"));
    for (guint i = 0; i < json_array_get_length (rows) && other == NULL; i++)
      {
        const char *id = json_object_get_string_member (json_array_get_object_element (rows, i), "id");

        if (!g_str_equal (id, patient))
          other = g_strdup (id);
      }
    g_assert_nonnull (other);
  }
  /* The nurse records P's vitals. */
  {
    g_autofree char *body = g_strdup_printf ("{\"patient_id\": \"%s\", \"systolic\": 121, \"diastolic\": 79, \"pulse\": 70}", patient);
    g_autoptr(CareTestResponse) r = care_test_request (server, "POST", "/vitals", nurse, body);

    vitals_id = g_strdup (json_object_get_string_member (ok (r, 201), "id"));
  }

  /* Under P: the note read by the doctor, the vitals written by the nurse,
   * each with its own record id; under Q: neither. */
  g_assert_true (has_entry (server, admin, patient, "read", "clinical_note", note_id, "doctor"));
  g_assert_true (has_entry (server, admin, patient, "create", "vitals", vitals_id, "nurse"));
  g_assert_false (has_entry (server, admin, other, "read", "clinical_note", note_id, "doctor"));
  g_assert_false (has_entry (server, admin, other, "create", "vitals", vitals_id, "nurse"));
  /* A list filtered by P concerns P too; the whole list, nobody. */
  {
    g_autofree char *list = g_strdup_printf ("/vitals?patient_id=%s", patient);
    g_autoptr(CareTestResponse) r = care_test_request (server, "GET", list, nurse, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_true (has_entry (server, admin, patient, "read", "vitals", NULL, "nurse"));
  }
  /* A lab result names its lab test, not the patient: the entry names the
   * test's patient. */
  {
    g_autofree char *result_id = care_test_first_id (server, doctor, "/lab_results?per_page=1");
    g_autofree char *result_path = g_strdup_printf ("/lab_results/%s", result_id);
    g_autoptr(CareTestResponse) result = care_test_request (server, "GET", result_path, doctor, NULL);
    g_autofree char *test_path = g_strdup_printf ("/lab_tests/%s",
                                                  json_object_get_string_member (ok (result, 200), "lab_test_id"));
    g_autoptr(CareTestResponse) test = care_test_request (server, "GET", test_path, doctor, NULL);
    const char *tested = json_object_get_string_member (ok (test, 200), "patient_id");

    g_assert_true (has_entry (server, admin, tested, "read", "lab_result", result_id, "doctor"));
  }
  /* The filter is the route's: the names it takes are said. */
  {
    g_autoptr(CareTestResponse) bad = care_test_request (server, "GET", "/audit?patient=x", admin, NULL);

    care_test_assert_error (bad, 400);
  }

  g_assert_cmpint (care_test_server_stop (server), ==, 0);
  care_test_server_free (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/audit/by-patient", test_audit_by_patient);
  return g_test_run ();
}
