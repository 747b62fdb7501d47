/* test-server-fhir.c: GET /patients/{id}/fhir: who may read a patient's FHIR Bundle, the audit of it, and the published validator's verdict
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-server-fixture.h"
#include "care-test-fhir.h"

static char *
fhir_path (const char *patient_id)
{
  return g_strdup_printf ("/patients/%s/fhir", patient_id);
}

/* The patient of the first row of a list (one with clinical records). */
static char *
patient_of_first (CareTestServer *server,
                  const char     *token,
                  const char     *path)
{
  g_autoptr(CareTestResponse) r = care_test_request (server, "GET", path, token, NULL);
  JsonArray *rows = care_test_data_array (r);

  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (rows, 0), "patient_id"));
}

/* How many resources of the bundle are of type (and, for Observations,
 * of that category; NULL: any). */
static guint
count (JsonNode   *bundle,
       const char *type,
       const char *category)
{
  JsonArray *entries = json_object_get_array_member (json_node_get_object (bundle), "entry");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *r = json_object_get_object_member (json_array_get_object_element (entries, i), "resource");
      g_autofree char *text = NULL;

      if (!g_str_equal (json_object_get_string_member (r, "resourceType"), type))
        continue;
      if (category)
        {
          text = json_to_string (json_object_get_member (r, "category"), FALSE);
          if (strstr (text, category) == NULL)
            continue;
        }
      n++;
    }
  return n;
}

/* A 200 with the Bundle of patient_id. */
static JsonNode *
get_bundle (CareTestServer *server,
            const char     *token,
            const char     *patient_id)
{
  g_autofree char *path = fhir_path (patient_id);
  g_autoptr(CareTestResponse) r = care_test_request (server, "GET", path, token, NULL);
  JsonObject *bundle;
  JsonObject *first;

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "application/fhir+json");
  g_assert_nonnull (r->root);
  bundle = json_node_get_object (r->root);
  g_assert_cmpstr (json_object_get_string_member (bundle, "resourceType"), ==, "Bundle");
  g_assert_cmpstr (json_object_get_string_member (bundle, "type"), ==, "collection");
  first = json_object_get_object_member (json_array_get_object_element (json_object_get_array_member (bundle, "entry"), 0),
                                         "resource");
  g_assert_cmpstr (json_object_get_string_member (first, "resourceType"), ==, "Patient");
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, patient_id);
  return json_node_copy (r->root);
}

static gboolean
audited_read (CareTestServer *server,
              const char     *admin,
              const char     *patient_id,
              const char     *role)
{
  g_autofree char *path = g_strdup_printf ("/audit?record_id=%s&action=read&per_page=100", patient_id);
  g_autoptr(CareTestResponse) r = care_test_request (server, "GET", path, admin, NULL);
  JsonArray *rows = care_test_data_array (r);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *e = json_array_get_object_element (rows, i);

      if (g_strcmp0 (json_object_get_string_member (e, "actor_role"), role) == 0 &&
          g_strcmp0 (json_object_get_string_member (e, "entity"), "patient") == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_access (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  g_autofree char *other_tenant = care_test_add_clinic (db, "Hillside Clinic", "hillside");
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autofree char *admin = care_test_login (server, "admin", CARE_TEST_PASSWORD, NULL);
  g_autofree char *doctor = care_test_login (server, "doctor", CARE_TEST_PASSWORD, NULL);
  g_autofree char *nurse = care_test_login (server, "nurse", CARE_TEST_PASSWORD, NULL);
  g_autofree char *other = care_test_login (server, "hillside", CARE_TEST_PASSWORD, other_tenant);
  g_autofree char *patient = patient_of_first (server, admin, "/lab_tests?status=verified&per_page=1");
  g_autofree char *someone_else = NULL;
  g_autofree char *path = fhir_path (patient);
  g_autofree char *portal = NULL;
  g_autoptr(JsonNode) by_doctor = NULL;
  g_autoptr(JsonNode) by_nurse = NULL;
  g_autoptr(JsonNode) own = NULL;
  g_autoptr(JsonNode) without_results = NULL;
  const char *refused[] = { "reception", "pharmacy", "lab" };

  {
    g_autoptr(CareTestResponse) two = care_test_request (server, "GET", "/patients?per_page=2", admin, NULL);
    JsonArray *rows = care_test_data_array (two);

    for (guint i = 0; i < json_array_get_length (rows) && someone_else == NULL; i++)
      if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (rows, i), "id"), patient) != 0)
        someone_else = g_strdup (json_object_get_string_member (json_array_get_object_element (rows, i), "id"));
    g_assert_nonnull (someone_else);
  }
  /* A doctor and a nurse read the whole record, lab results included. */
  by_doctor = get_bundle (server, doctor, patient);
  g_assert_cmpuint (count (by_doctor, "DiagnosticReport", NULL), >, 0);
  g_assert_cmpuint (count (by_doctor, "Observation", "laboratory"), >, 0);
  by_nurse = get_bundle (server, nurse, patient);
  g_assert_cmpuint (count (by_nurse, "Observation", NULL), ==, count (by_doctor, "Observation", NULL));
  g_assert_true (audited_read (server, admin, patient, "doctor"));
  g_assert_true (audited_read (server, admin, patient, "nurse"));

  /* Reception, the pharmacy and the lab do not read clinical records. */
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *token = care_test_login (server, refused[i], CARE_TEST_PASSWORD, NULL);
      g_autoptr(CareTestResponse) r = care_test_request (server, "GET", path, token, NULL);

      care_test_assert_error (r, 403);
      g_assert_false (audited_read (server, admin, patient, refused[i]));
    }
  /* Another clinic's administrator: no such patient. No token: 401. */
  {
    g_autoptr(CareTestResponse) r = care_test_request (server, "GET", path, other, NULL);
    g_autoptr(CareTestResponse) anonymous = care_test_request (server, "GET", path, NULL, NULL);

    care_test_assert_error (r, 404);
    care_test_assert_error (anonymous, 401);
  }
  /* A patient reads their own, and not anyone else's. */
  portal = care_test_portal_token (server, admin, patient, "fhir.patient@example.org");
  own = get_bundle (server, portal, patient);
  g_assert_cmpuint (count (own, "Observation", "laboratory"), >, 0);
  g_assert_cmpuint (count (own, "Practitioner", NULL), ==, 0);
  {
    g_autofree char *elsewhere = fhir_path (someone_else);
    g_autoptr(CareTestResponse) r = care_test_request (server, "GET", elsewhere, portal, NULL);

    care_test_assert_error (r, 404);
  }
  /* A role that no longer reads lab results gets the tests without them. */
  {
    g_autoptr(CareTestResponse) put = care_test_request (server, "PUT", "/roles/doctor/permissions", admin,
                                                         "{\"permissions\": {\"lab_results\": false}}");

    g_assert_cmpuint (put->status, ==, 200);
    without_results = get_bundle (server, doctor, patient);
    g_assert_cmpuint (count (without_results, "DiagnosticReport", NULL), ==, count (by_doctor, "DiagnosticReport", NULL));
    g_assert_cmpuint (count (without_results, "Observation", "laboratory"), ==, 0);
    g_assert_cmpuint (count (without_results, "Observation", "vital-signs"), ==, count (by_doctor, "Observation", "vital-signs"));
  }
  g_assert_cmpint (care_test_server_stop (server), ==, 0);
  care_test_server_free (server);
  care_test_rmtree (dir);
}

/* The demo clinic's patients, as the server serves them, pass the
 * published FHIR R4 validator. */
static void
test_validator (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autofree char *doctor = care_test_login (server, "doctor", CARE_TEST_PASSWORD, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  guint resources = 0;

  for (guint page = 1; page <= 2; page++)
    {
      g_autofree char *list = g_strdup_printf ("/patients?per_page=100&page=%u", page);
      g_autoptr(CareTestResponse) patients = care_test_request (server, "GET", list, doctor, NULL);
      JsonArray *rows = care_test_data_array (patients);

      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          const char *id = json_object_get_string_member (json_array_get_object_element (rows, i), "id");
          g_autoptr(JsonNode) bundle = get_bundle (server, doctor, id);
          g_autofree char *name = g_strdup_printf ("%s.json", id);
          g_autofree char *file = g_build_filename (dir, name, NULL);
          g_autofree char *text = care_json_to_string (bundle, NULL);
          g_autoptr(GError) error = NULL;

          resources += json_array_get_length (json_object_get_array_member (json_node_get_object (bundle), "entry"));
          g_file_set_contents (file, text, -1, &error);
          g_assert_no_error (error);
          g_ptr_array_add (files, g_steal_pointer (&file));
        }
    }
  g_assert_cmpuint (files->len, >=, 100);
  g_test_message ("%u bundles, %u resources", files->len, resources);
  g_ptr_array_add (files, NULL);
  care_test_fhir_validate ((const char *const *) files->pdata);
  g_assert_cmpint (care_test_server_stop (server), ==, 0);
  care_test_server_free (server);
  care_test_rmtree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/fhir/access", test_access);
  g_test_add_func ("/server/fhir/validator", test_validator);
  return g_test_run ();
}
