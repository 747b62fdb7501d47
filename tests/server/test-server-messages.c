/* test-server-messages.c: a conversation is seen by its two people only, attachments included
 *
 * A portal patient writes to the doctor, the doctor answers with a PNG;
 * another patient and a nurse reach neither message through a read, a
 * list, a reply or a sync pull. The server runs core's rules: a reply
 * from outside the conversation, a patient writing to a patient and an
 * attachment over 5 MB are refused naming their field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-server-fixture.h"

static const guchar png_head[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };

static JsonObject *
ok (CareTestResponse *r,
    guint             status)
{
  if (r->status != status)
    g_error ("expected %u, got %u: %s", status, r->status, r->body);
  return care_test_data_object (r);
}

static char *
user_id (CareTestServer *server,
         const char     *admin,
         const char     *username)
{
  g_autofree char *path = g_strdup_printf ("/users?username=%s", username);
  g_autoptr(CareTestResponse) r = care_test_request (server, "GET", path, admin, NULL);

  return g_strdup (json_object_get_string_member (json_array_get_object_element (care_test_data_array (r), 0), "id"));
}

static char *
nth_patient (CareTestServer *server,
             const char     *admin,
             guint           n)
{
  g_autoptr(CareTestResponse) r = care_test_request (server, "GET", "/patients?per_page=5", admin, NULL);

  return g_strdup (json_object_get_string_member (json_array_get_object_element (care_test_data_array (r), n), "id"));
}

static char *
post_message (CareTestServer *server,
              const char     *token,
              const char     *fields,
              guint           status)
{
  g_autofree char *body = g_strdup_printf ("{%s}", fields);
  g_autoptr(CareTestResponse) r = care_test_request (server, "POST", "/messages", token, body);
  JsonObject *o = ok (r, status);

  return status == 201 ? g_strdup (json_object_get_string_member (o, "id")) : NULL;
}

static const char *
refused_field (CareTestServer *server,
               const char     *token,
               const char     *fields)
{
  g_autofree char *body = g_strdup_printf ("{%s}", fields);
  g_autoptr(CareTestResponse) r = care_test_request (server, "POST", "/messages", token, body);
  static char field[64];

  care_test_assert_error (r, 422);
  g_strlcpy (field, care_test_error_field (r), sizeof field);
  return field;
}

static guint
get_status (CareTestServer *server,
            const char     *token,
            const char     *id)
{
  g_autofree char *path = g_strdup_printf ("/messages/%s", id);
  g_autoptr(CareTestResponse) r = care_test_request (server, "GET", path, token, NULL);

  return r->status;
}

/* Whether id appears in the caller's list or sync pull. */
static gboolean
reaches (CareTestServer *server,
         const char     *token,
         const char     *id)
{
  g_autoptr(CareTestResponse) list = care_test_request (server, "GET", "/messages?per_page=100", token, NULL);
  g_autoptr(CareTestResponse) pull = care_test_request (server, "GET", "/sync/pull?cursor=0&limit=10000", token, NULL);

  g_assert_cmpuint (list->status, ==, 200);
  return strstr (list->body, id) != NULL || (pull->status == 200 && strstr (pull->body, id) != NULL);
}

static void
test_parties_only (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autofree char *admin = care_test_login (server, "admin", CARE_TEST_PASSWORD, NULL);
  g_autofree char *doctor_token = care_test_login (server, "doctor", CARE_TEST_PASSWORD, NULL);
  g_autofree char *nurse_token = care_test_login (server, "nurse", CARE_TEST_PASSWORD, NULL);
  g_autofree char *doctor = user_id (server, admin, "doctor");
  g_autofree char *ana = nth_patient (server, admin, 0);
  g_autofree char *bea = nth_patient (server, admin, 1);
  g_autofree char *ana_token = care_test_portal_token (server, admin, ana, "ana.messages@example.org");
  g_autofree char *bea_token = care_test_portal_token (server, admin, bea, "bea.messages@example.org");
  g_autofree char *png = g_base64_encode (png_head, sizeof png_head);
  g_autofree char *question = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *big = NULL;
  g_autofree guchar *big_png = NULL;

  /* Ana asks her doctor; the doctor answers with an image. */
  fields = g_strdup_printf ("\"recipient_id\": \"%s\", \"subject\": \"My rash\", \"body\": \"It is spreading.\"", doctor);
  question = post_message (server, ana_token, fields, 201);
  g_free (fields);
  fields = g_strdup_printf ("\"recipient_id\": \"%s\", \"thread_id\": \"%s\", \"body\": \"Compare with this.\", "
                            "\"attachment\": \"%s\", \"attachment_name\": \"rash-chart.png\"", ana, question, png);
  answer = post_message (server, doctor_token, fields, 201);
  {
    g_autofree char *path = g_strdup_printf ("/messages/%s", answer);
    g_autoptr(CareTestResponse) r = care_test_request (server, "GET", path, ana_token, NULL);
    JsonObject *o = ok (r, 200);

    g_assert_cmpstr (json_object_get_string_member (o, "sender_id"), ==, doctor);
    g_assert_cmpstr (json_object_get_string_member (o, "attachment"), ==, png);
    g_assert_cmpstr (json_object_get_string_member (o, "attachment_name"), ==, "rash-chart.png");
  }
  g_assert_true (reaches (server, ana_token, question));
  g_assert_true (reaches (server, ana_token, answer));
  g_assert_true (reaches (server, doctor_token, answer));

  /* Bea and the nurse reach neither message, nor the attachment. */
  g_assert_cmpuint (get_status (server, bea_token, question), ==, 404);
  g_assert_cmpuint (get_status (server, bea_token, answer), ==, 404);
  g_assert_cmpuint (get_status (server, nurse_token, answer), ==, 404);
  g_assert_false (reaches (server, bea_token, question));
  g_assert_false (reaches (server, bea_token, answer));
  g_assert_false (reaches (server, nurse_token, question));
  g_assert_false (reaches (server, nurse_token, answer));

  /* Nor can they join it. */
  g_free (fields);
  fields = g_strdup_printf ("\"recipient_id\": \"%s\", \"thread_id\": \"%s\", \"body\": \"Me too\"", doctor, question);
  g_assert_cmpstr (refused_field (server, bea_token, fields), ==, "recipient_id");
  g_assert_cmpstr (refused_field (server, nurse_token, fields), ==, "recipient_id");
  /* Patients write to the staff only. */
  g_free (fields);
  fields = g_strdup_printf ("\"recipient_id\": \"%s\", \"body\": \"Hello\"", bea);
  g_assert_cmpstr (refused_field (server, ana_token, fields), ==, "recipient_id");
  /* Attachments: PDF, PNG or JPEG, 5 MB at most. */
  g_free (fields);
  fields = g_strdup_printf ("\"recipient_id\": \"%s\", \"body\": \"Notes\", \"attachment\": \"aGVsbG8=\"", doctor);
  g_assert_cmpstr (refused_field (server, ana_token, fields), ==, "attachment");
  big_png = g_malloc0 (5 * 1024 * 1024 + 1);
  memcpy (big_png, png_head, sizeof png_head);
  big = g_base64_encode (big_png, 5 * 1024 * 1024 + 1);
  g_free (fields);
  fields = g_strdup_printf ("\"recipient_id\": \"%s\", \"body\": \"Scan\", \"attachment\": \"%s\"", doctor, big);
  g_assert_cmpstr (refused_field (server, ana_token, fields), ==, "attachment");

  care_test_server_free (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/messages/parties-only", test_parties_only);
  return g_test_run ();
}
