/* test-server-doctor-access.c: who may read and write prescriptions, refills, lab orders and imaging
 *
 * The doctor's room over HTTP, role by role, with what each job needs
 * written out here rather than read from the matrix: the doctor
 * prescribes, orders and decides refills; the pharmacy reads
 * prescriptions to dispense them but writes none and decides no refill;
 * reception neither orders nor reads results; the lab takes test and
 * imaging orders into its work; nurses read results but do not prescribe
 * or order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-server-fixture.h"

/* Roles, in the order of the expectations' letters. */
static const char *const logins[] = { "admin", "reception", "nurse", "doctor", "lab", "pharmacy" };

typedef struct {
  CareTestServer *server;
  char           *dir;
  char           *tokens[G_N_ELEMENTS (logins)];
  char           *patient;
} Clinic;

static void
clinic_open (Clinic *c)
{
  g_autofree char *db = NULL;

  c->dir = care_test_tmpdir ();
  db = care_test_demo_database (c->dir);
  c->server = care_test_server_start (c->dir, db, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    c->tokens[i] = care_test_login (c->server, logins[i], CARE_TEST_PASSWORD, NULL);
  c->patient = care_test_first_id (c->server, c->tokens[0], "/patients?per_page=1");
  g_assert_nonnull (c->patient);
}

static void
clinic_close (Clinic *c)
{
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    g_free (c->tokens[i]);
  g_free (c->patient);
  care_test_server_free (c->server);
  g_free (c->dir);
}

static guint
role_index (const char *login)
{
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    if (g_str_equal (logins[i], login))
      return i;
  g_assert_not_reached ();
}

static CareTestResponse *
send_as (Clinic     *c,
         const char *login,
         const char *method,
         const char *path,
         const char *body)
{
  return care_test_request (c->server, method, path, c->tokens[role_index (login)], body);
}

static char *
created_id (CareTestResponse *r)
{
  if (r->status != 201)
    g_error ("expected 201, got %u %s", r->status, r->body);
  return g_strdup (json_object_get_string_member (care_test_data_object (r), "id"));
}

/* Each role in turn does method path with body: allowed says, letter by
 * letter in the order of logins[] (A R N D L P, '.' for no), who may. */
static void
assert_access (Clinic     *c,
               const char *method,
               const char *path,
               const char *body,
               const char *allowed)
{
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autoptr(CareTestResponse) r = care_test_request (c->server, method, path, c->tokens[i], body);
      gboolean yes = allowed[i] != '.';

      if (yes && (r->status == 403 || r->status == 401 || r->status >= 400))
        g_error ("%s %s as %s: expected to be allowed, got %u %s", method, path, logins[i], r->status, r->body);
      if (!yes && r->status != 403)
        g_error ("%s %s as %s: expected 403, got %u %s", method, path, logins[i], r->status, r->body);
      if (!yes)
        care_test_assert_error (r, 403);
    }
}

static void
test_orders (void)
{
  Clinic c = { 0 };
  g_autofree char *rx = NULL;
  g_autofree char *item = NULL;
  g_autofree char *lab = NULL;
  g_autofree char *imaging = NULL;

  clinic_open (&c);
  rx = g_strdup_printf ("{\"patient_id\": \"%s\", \"issued_on\": \"2026-01-02\", \"refills_allowed\": 1}", c.patient);
  lab = g_strdup_printf ("{\"patient_id\": \"%s\", \"test_name\": \"Full blood count\", \"priority\": \"urgent\", "
                         "\"status\": \"requested\"}", c.patient);
  imaging = g_strdup_printf ("{\"patient_id\": \"%s\", \"modality\": \"xray\", \"body_part\": \"Chest\", "
                             "\"status\": \"requested\"}", c.patient);

  /* Writing: only prescribers prescribe; the lab takes orders in. */
  assert_access (&c, "POST", "/prescriptions", rx, "A..D..");
  assert_access (&c, "POST", "/lab_tests", lab, "A..DL.");
  assert_access (&c, "POST", "/imaging_studies", imaging, "A..DL.");
  {
    g_autoptr(CareTestResponse) r = send_as (&c, "doctor", "POST", "/prescriptions", rx);
    g_autofree char *id = created_id (r);

    item = g_strdup_printf ("{\"prescription_id\": \"%s\", \"medicine_name\": \"Amoxicillin 500\", \"dose\": \"500 mg\", "
                            "\"frequency\": \"every 8 hours\", \"quantity\": 21}", id);
    assert_access (&c, "POST", "/prescription_items", item, "A..D..");
  }

  /* Reading: the pharmacy reads what it dispenses; results stay with
   * the clinicians and the lab. */
  assert_access (&c, "GET", "/prescriptions", NULL, "ARNDLP");
  assert_access (&c, "GET", "/pharmacy_orders", NULL, "ARNDLP");
  assert_access (&c, "GET", "/lab_results", NULL, "A.NDL.");
  assert_access (&c, "GET", "/clinical_notes", NULL, "A.ND..");
  clinic_close (&c);
}

static void
test_refills (void)
{
  Clinic c = { 0 };
  g_autofree char *rx_body = NULL;
  g_autofree char *rx = NULL;
  g_autofree char *refill_body = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *approve = NULL;
  g_autofree char *reject = NULL;

  clinic_open (&c);
  rx_body = g_strdup_printf ("{\"patient_id\": \"%s\", \"issued_on\": \"2026-01-02\", \"refills_allowed\": 2}", c.patient);
  {
    g_autoptr(CareTestResponse) r = send_as (&c, "doctor", "POST", "/prescriptions", rx_body);
    rx = created_id (r);
  }
  refill_body = g_strdup_printf ("{\"prescription_id\": \"%s\", \"patient_id\": \"%s\", \"status\": \"pending\"}",
                                 rx, c.patient);
  {
    g_autoptr(CareTestResponse) a = send_as (&c, "doctor", "POST", "/refill_requests", refill_body);
    g_autoptr(CareTestResponse) b = send_as (&c, "doctor", "POST", "/refill_requests", refill_body);

    first = created_id (a);
    second = created_id (b);
  }

  /* Only a prescriber decides: not reception, nurses, the lab or the pharmacy. */
  approve = g_strdup_printf ("/refill_requests/%s/approve", first);
  reject = g_strdup_printf ("/refill_requests/%s/reject", second);
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    if (!g_str_equal (logins[i], "admin") && !g_str_equal (logins[i], "doctor"))
      {
        g_autoptr(CareTestResponse) yes = send_as (&c, logins[i], "POST", approve, NULL);
        g_autoptr(CareTestResponse) no = send_as (&c, logins[i], "POST", reject, "{\"reason\": \"No\"}");

        care_test_assert_error (yes, 403);
        care_test_assert_error (no, 403);
      }

  /* Nor through the plain record routes: the pharmacy writes refill
   * requests (prescription_orders) but decides none. */
  {
    g_autofree char *item = g_strdup_printf ("/refill_requests/%s", second);
    g_autofree char *decided = g_strdup_printf ("{\"prescription_id\": \"%s\", \"patient_id\": \"%s\", "
                                                "\"status\": \"approved\"}", rx, c.patient);
    g_autoptr(CareTestResponse) patch = send_as (&c, "pharmacy", "PATCH", item, "{\"status\": \"approved\"}");
    g_autoptr(CareTestResponse) post = send_as (&c, "pharmacy", "POST", "/refill_requests", decided);
    g_autoptr(CareTestResponse) still = send_as (&c, "doctor", "GET", item, NULL);
    g_autoptr(CareTestResponse) asked = send_as (&c, "pharmacy", "POST", "/refill_requests", refill_body);

    care_test_assert_error (patch, 409);
    g_assert_cmpstr (care_test_error_field (patch), ==, "status");
    care_test_assert_error (post, 409);
    g_assert_cmpstr (json_object_get_string_member (care_test_data_object (still), "status"), ==, "pending");
    /* Asking, pending, stays the pharmacy's to do. */
    g_assert_cmpuint (asked->status, ==, 201);
  }

  {
    g_autoptr(CareTestResponse) r = send_as (&c, "doctor", "POST", approve, NULL);
    g_autofree char *orders = g_strdup_printf ("/pharmacy_orders?prescription_id=%s", rx);
    g_autoptr(CareTestResponse) list = send_as (&c, "pharmacy", "GET", orders, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (care_test_data_object (r), "status"), ==, "approved");
    g_assert_cmpuint (json_array_get_length (care_test_data_array (list)), ==, 1);
  }
  /* Refusing says why, as core requires. */
  {
    g_autoptr(CareTestResponse) bare = send_as (&c, "doctor", "POST", reject, NULL);
    g_autoptr(CareTestResponse) why = send_as (&c, "doctor", "POST", reject, "{\"reason\": \"Book a review first\"}");
    JsonObject *o;

    care_test_assert_error (bare, 422);
    g_assert_cmpstr (care_test_error_field (bare), ==, "decision_reason");
    g_assert_cmpuint (why->status, ==, 200);
    o = care_test_data_object (why);
    g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "rejected");
    g_assert_cmpstr (json_object_get_string_member (o, "decision_reason"), ==, "Book a review first");
  }
  clinic_close (&c);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/doctor-access/orders", test_orders);
  g_test_add_func ("/server/doctor-access/refills", test_refills);
  return g_test_run ();
}
