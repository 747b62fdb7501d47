/* test-server-kiosk.c: what the kiosk's patient reaches on the server, and nothing of anyone else
 *
 * Two patients of the demo clinic with portal accounts. Every list route
 * of every entity gives patient B only B's rows (or, for rows under a
 * record, rows under one of B's records); every record of A is not found
 * for B, by id, through any entity's route; B's writes cannot land on A
 * (a form submission names B whatever it says, A's appointment cannot be
 * cancelled); the forms offered are the clinic's active templates, to
 * patients only; a form's answers are checked against its template. What
 * the kiosk marks read (a message, a notification) is the patient's own
 * only: B reaches none of A's, by id, by list or by a read mark, and the
 * attachment of a message to A with it. The invitation is a short code,
 * a wrong one refused as an unknown one and throttled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-server-fixture.h"

typedef struct {
  char           *dir;
  char           *db;
  CareTestServer *server;
  char           *admin;
  char           *a, *b;             /* patient ids */
  char           *a_token, *b_token;
} Portal;

static const char *
string_of (JsonObject *o,
           const char *name)
{
  return json_object_has_member (o, name) && !json_object_get_null_member (o, name)
         ? json_object_get_string_member (o, name) : NULL;
}

/* Two patients with appointments and prescriptions. */
static void
portal_open (Portal *p)
{
  g_autoptr(CareTestResponse) rx = NULL;
  JsonArray *list;

  p->dir = care_test_tmpdir ();
  p->db = care_test_demo_database (p->dir);
  p->server = care_test_server_start (p->dir, p->db, NULL);
  p->admin = care_test_login (p->server, "admin", CARE_TEST_PASSWORD, NULL);
  rx = care_test_request (p->server, "GET", "/prescriptions?per_page=100", p->admin, NULL);
  list = care_test_data_array (rx);
  for (guint i = 0; i < json_array_get_length (list) && p->b == NULL; i++)
    {
      const char *patient = string_of (json_array_get_object_element (list, i), "patient_id");

      if (p->a == NULL)
        p->a = g_strdup (patient);
      else if (g_strcmp0 (patient, p->a) != 0)
        p->b = g_strdup (patient);
    }
  g_assert_nonnull (p->b);
  p->a_token = care_test_portal_token (p->server, p->admin, p->a, "patient.a@example.org");
  p->b_token = care_test_portal_token (p->server, p->admin, p->b, "patient.b@example.org");
}

static void
portal_close (Portal *p)
{
  care_test_server_free (p->server);
  g_free (p->dir);
  g_free (p->db);
  g_free (p->admin);
  g_free (p->a);
  g_free (p->b);
  g_free (p->a_token);
  g_free (p->b_token);
}

/* Does the record (of entity) belong to patient, asked of the server as
 * the admin where the row is under another record? */
static gboolean
belongs_to (Portal           *p,
            const CareEntity *entity,
            JsonObject       *row,
            const char       *patient)
{
  const CareField *parent = care_entity_patient_parent (entity);

  if (parent == NULL)
    {
      for (guint i = 0; entity->patient_fields[i]; i++)
        if (g_strcmp0 (string_of (row, entity->patient_fields[i]), patient) == 0)
          return TRUE;
      return FALSE;
    }
  {
    const CareEntity *target = care_schema_lookup (parent->ref);
    g_autofree char *path = g_strdup_printf ("/%s/%s", target->table, string_of (row, parent->name));
    g_autoptr(CareTestResponse) r = care_test_request (p->server, "GET", path, p->admin, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    return belongs_to (p, target, care_test_data_object (r), patient);
  }
}

static void
test_every_route (void)
{
  Portal p = { 0 };
  guint n, n_seen = 0, n_hidden = 0;
  const CareEntity *const *entities = care_schema_entities (&n);

  portal_open (&p);
  for (guint i = 0; i < n; i++)
    {
      const CareEntity *e = entities[i];
      g_autofree char *list_path = g_strdup_printf ("/%s?per_page=100", e->table);
      g_autoptr(CareTestResponse) mine = care_test_request (p.server, "GET", list_path, p.b_token, NULL);
      g_autoptr(CareTestResponse) all = NULL;
      JsonArray *rows;

      if (e->patient_fields == NULL)
        {
          /* Nothing of the clinic's own is a patient's to list. */
          g_assert_cmpuint (mine->status, >=, 400);
          continue;
        }
      g_assert_cmpuint (mine->status, ==, 200);
      rows = care_test_data_array (mine);
      for (guint j = 0; j < json_array_get_length (rows); j++, n_seen++)
        g_assert_true (belongs_to (&p, e, json_array_get_object_element (rows, j), p.b));

      /* Each of A's records, asked for by id, is not there for B. */
      all = care_test_request (p.server, "GET", list_path, p.a_token, NULL);
      rows = care_test_data_array (all);
      for (guint j = 0; j < json_array_get_length (rows); j++, n_hidden++)
        {
          g_autofree char *path = g_strdup_printf ("/%s/%s", e->table,
                                                   string_of (json_array_get_object_element (rows, j), "id"));
          g_autoptr(CareTestResponse) theirs = care_test_request (p.server, "GET", path, p.b_token, NULL);

          g_assert_cmpuint (theirs->status, ==, 404);
        }
    }
  /* The test saw something: both patients have records. */
  g_assert_cmpuint (n_seen, >, 0);
  g_assert_cmpuint (n_hidden, >, 0);
  portal_close (&p);
}

static void
test_writes_and_forms (void)
{
  Portal p = { 0 };
  g_autoptr(CareTestResponse) offered = NULL;
  g_autoptr(CareTestResponse) staff = NULL;
  g_autoptr(CareTestResponse) wrong = NULL;
  g_autoptr(CareTestResponse) sent = NULL;
  g_autoptr(CareTestResponse) a_appointments = NULL;
  g_autoptr(CareTestResponse) cancel = NULL;
  const char *feedback = NULL;
  JsonArray *templates;
  JsonObject *form;

  portal_open (&p);

  /* The forms offered: the clinic's three active templates, to patients. */
  offered = care_test_request (p.server, "GET", "/portal/form-templates", p.b_token, NULL);
  g_assert_cmpuint (offered->status, ==, 200);
  templates = care_test_data_array (offered);
  g_assert_cmpuint (json_array_get_length (templates), ==, 3);
  for (guint i = 0; i < 3; i++)
    if (g_strcmp0 (string_of (json_array_get_object_element (templates, i), "form_type"), "feedback") == 0)
      feedback = string_of (json_array_get_object_element (templates, i), "id");
  g_assert_nonnull (feedback);
  staff = care_test_request (p.server, "GET", "/portal/form-templates", p.admin, NULL);
  g_assert_cmpuint (staff->status, ==, 403);

  /* An answer the template does not allow names its question. */
  {
    g_autofree char *body = g_strdup_printf ("{\"template_id\": \"%s\", \"form_type\": \"feedback\", "
                                             "\"answers\": \"{\\\"rating\\\": \\\"Great\\\"}\"}", feedback);

    wrong = care_test_request (p.server, "POST", "/form_submissions", p.b_token, body);
    care_test_assert_error (wrong, 422);
    g_assert_cmpstr (care_test_error_field (wrong), ==, "rating");
  }
  /* Naming patient A, the form is still B's. */
  {
    g_autofree char *body = g_strdup_printf ("{\"template_id\": \"%s\", \"form_type\": \"feedback\", \"patient_id\": \"%s\", "
                                             "\"answers\": \"{\\\"rating\\\": \\\"Good\\\"}\"}", feedback, p.a);

    sent = care_test_request (p.server, "POST", "/form_submissions", p.b_token, body);
    g_assert_cmpuint (sent->status, ==, 201);
    form = care_test_data_object (sent);
    g_assert_cmpstr (string_of (form, "patient_id"), ==, p.b);
    g_assert_cmpstr (string_of (form, "status"), ==, "pending");
  }
  /* B cannot cancel A's appointment, nor review a form. */
  a_appointments = care_test_request (p.server, "GET", "/appointments?per_page=100", p.a_token, NULL);
  {
    JsonArray *list = care_test_data_array (a_appointments);
    g_autofree char *path = NULL;
    g_autofree char *review = g_strdup_printf ("/form_submissions/%s/review", string_of (form, "id"));
    g_autoptr(CareTestResponse) reviewed = care_test_request (p.server, "POST", review, p.b_token,
                                                              "{\"status\": \"approved\"}");

    g_assert_cmpuint (json_array_get_length (list), >, 0);
    path = g_strdup_printf ("/appointments/%s/cancel", string_of (json_array_get_object_element (list, 0), "id"));
    cancel = care_test_request (p.server, "POST", path, p.b_token, "{}");
    g_assert_cmpuint (cancel->status, ==, 404);
    g_assert_cmpuint (reviewed->status, ==, 403);
  }
  portal_close (&p);
}

static guint
post_status (Portal     *p,
             const char *token,
             const char *path,
             const char *body)
{
  g_autoptr(CareTestResponse) r = care_test_request (p->server, "POST", path, token, body);

  if (r->status >= 400 && r->status != 404)
    g_test_message ("%s: %u %s", path, r->status, r->body);
  return r->status;
}

/* A notification to A: their refill request turned down by a doctor. */
static char *
notification_for_a (Portal *p)
{
  g_autofree char *path = g_strdup_printf ("/prescriptions?patient_id=%s&per_page=1", p->a);
  g_autoptr(CareTestResponse) rx = care_test_request (p->server, "GET", path, p->admin, NULL);
  JsonObject *first = json_array_get_object_element (care_test_data_array (rx), 0);
  g_autofree char *body = g_strdup_printf ("{\"prescription_id\": \"%s\", \"patient_id\": \"%s\"}",
                                           string_of (first, "id"), p->a);
  g_autoptr(CareTestResponse) asked = care_test_request (p->server, "POST", "/refill_requests", p->a_token, body);
  g_autofree char *reject = NULL;
  g_autofree char *doctor = care_test_login (p->server, "doctor", CARE_TEST_PASSWORD, NULL);
  g_autoptr(CareTestResponse) mine = NULL;
  JsonArray *list;

  g_assert_cmpuint (asked->status, ==, 201);
  reject = g_strdup_printf ("/refill_requests/%s/reject", string_of (care_test_data_object (asked), "id"));
  g_assert_cmpuint (post_status (p, doctor, reject, "{\"reason\": \"Needs a review appointment first\"}"), ==, 200);
  mine = care_test_request (p->server, "GET", "/notifications?per_page=100", p->a_token, NULL);
  list = care_test_data_array (mine);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *n = json_array_get_object_element (list, i);

      if (g_strcmp0 (string_of (n, "link_entity"), "refill_request") == 0 &&
          g_strcmp0 (string_of (n, "link_id"), string_of (care_test_data_object (asked), "id")) == 0)
        return g_strdup (string_of (n, "id"));
    }
  g_assert_not_reached ();
}

static void
test_reads (void)
{
  static const guchar png_head[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };
  Portal p = { 0 };
  g_autofree char *png = g_base64_encode (png_head, sizeof png_head);
  g_autofree char *body = NULL;
  g_autofree char *message = NULL;
  g_autofree char *notification = NULL;
  g_autofree char *path = NULL;

  portal_open (&p);

  /* The clinic writes to A, with an image. */
  body = g_strdup_printf ("{\"recipient_id\": \"%s\", \"patient_id\": \"%s\", \"body\": \"Your results\", "
                          "\"attachment\": \"%s\", \"attachment_name\": \"results.png\"}", p.a, p.a, png);
  {
    g_autoptr(CareTestResponse) r = care_test_request (p.server, "POST", "/messages", p.admin, body);

    g_assert_cmpuint (r->status, ==, 201);
    message = g_strdup (string_of (care_test_data_object (r), "id"));
  }
  /* B reaches neither the message nor its attachment, nor marks it read. */
  path = g_strdup_printf ("/messages/%s", message);
  {
    g_autoptr(CareTestResponse) theirs = care_test_request (p.server, "GET", path, p.b_token, NULL);
    g_autoptr(CareTestResponse) listed = care_test_request (p.server, "GET", "/messages?per_page=100", p.b_token, NULL);

    g_assert_cmpuint (theirs->status, ==, 404);
    g_assert_null (strstr (listed->body, message));
    g_assert_null (strstr (listed->body, png));
  }
  g_free (path);
  path = g_strdup_printf ("/messages/%s/read", message);
  g_assert_cmpuint (post_status (&p, p.b_token, path, "{}"), ==, 404);
  {
    g_autofree char *get = g_strdup_printf ("/messages/%s", message);
    g_autoptr(CareTestResponse) still = care_test_request (p.server, "GET", get, p.admin, NULL);

    g_assert_true (json_object_get_null_member (care_test_data_object (still), "read_at"));
  }
  /* A does. */
  g_assert_cmpuint (post_status (&p, p.a_token, path, "{}"), ==, 200);

  /* A notification likewise: A marks it read, B cannot reach it. */
  notification = notification_for_a (&p);
  g_free (path);
  path = g_strdup_printf ("/notifications/%s/read", notification);
  g_assert_cmpuint (post_status (&p, p.b_token, path, "{}"), ==, 404);
  g_free (path);
  path = g_strdup_printf ("/notifications/%s", notification);
  {
    g_autoptr(CareTestResponse) theirs = care_test_request (p.server, "GET", path, p.b_token, NULL);

    g_assert_cmpuint (theirs->status, ==, 404);
  }
  g_free (path);
  path = g_strdup_printf ("/notifications/%s/read", notification);
  g_assert_cmpuint (post_status (&p, p.a_token, path, "{}"), ==, 200);
  portal_close (&p);
}

/* What a register-patient with code answers: status, message and field. */
static char *
register_answer (CareTestServer *server,
                 const char     *code)
{
  g_autofree char *body = g_strdup_printf ("{\"token\": \"%s\", \"password\": \"kiosk-pass-2026\", "
                                           "\"login\": \"short.code@example.org\"}", code);
  g_autoptr(CareTestResponse) r = care_test_request (server, "POST", "/auth/register-patient", NULL, body);
  JsonObject *o = r->status >= 400 && r->root ? json_node_get_object (r->root) : NULL;

  return g_strdup_printf ("%u %s %s", r->status, o ? string_of (o, "message") : "", o ? care_test_error_field (r) : "");
}

/* The invitation is a short grouped code; typed in any case with spaces it
 * works once; a code one character wrong is refused exactly as an unknown
 * one is, and wrong codes from one address are throttled. */
static void
test_invite_code (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autofree char *staff = care_test_login (server, "reception", CARE_TEST_PASSWORD, NULL);
  g_autoptr(CareTestResponse) list = care_test_request (server, "GET", "/patients?per_page=1&sort=mrn", staff, NULL);
  const char *patient = json_object_get_string_member (json_array_get_object_element (care_test_data_array (list), 0), "id");
  g_autofree char *path = g_strdup_printf ("/patients/%s/invite", patient);
  g_autoptr(CareTestResponse) invite = care_test_request (server, "POST", path, staff, NULL);
  g_autofree char *code = NULL, *wrong = NULL, *typed = NULL;
  g_autofree char *wrong_answer = NULL, *unknown_answer = NULL, *right_answer = NULL, *again_answer = NULL;
  guint i;

  g_assert_cmpuint (invite->status, ==, 201);
  code = g_strdup (json_object_get_string_member (care_test_data_object (invite), "invite_token"));
  g_assert_true (g_regex_match_simple ("^[2-9A-HJKMNP-TV-Z]{5}-[2-9A-HJKMNP-TV-Z]{5}$", code, 0, 0));

  wrong = g_strdup (code);
  wrong[3] = wrong[3] == 'X' ? 'Y' : 'X';
  wrong_answer = register_answer (server, wrong);
  unknown_answer = register_answer (server, "not-an-invitation");
  g_assert_true (g_str_has_prefix (wrong_answer, "422 "));
  g_assert_cmpstr (wrong_answer, ==, unknown_answer);

  typed = g_ascii_strdown (code, -1);
  typed[5] = ' ';
  right_answer = register_answer (server, typed);
  g_assert_true (g_str_has_prefix (right_answer, "201 "));
  again_answer = register_answer (server, code);
  g_assert_cmpstr (again_answer, ==, unknown_answer);

  /* Guessing: after the address's free failures, 429 with a wait. */
  for (i = 0; i < 40; i++)
    {
      g_autofree char *answer = register_answer (server, wrong);

      if (g_str_has_prefix (answer, "429 "))
        break;
      g_assert_cmpstr (answer, ==, unknown_answer);
    }
  g_assert_cmpuint (i, <, 40);
  care_test_server_free (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/kiosk/every-route", test_every_route);
  g_test_add_func ("/server/kiosk/writes-and-forms", test_writes_and_forms);
  g_test_add_func ("/server/kiosk/reads", test_reads);
  g_test_add_func ("/server/kiosk/invite-code", test_invite_code);
  return g_test_run ();
}
