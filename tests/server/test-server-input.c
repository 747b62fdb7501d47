/* test-server-input.c: bad input gets a specific 4xx naming the field, and changes nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-server-fixture.h"

static CareTestServer *server;
static char *token;

static gint64
patient_count (void)
{
  g_autoptr(CareTestResponse) r = care_test_request (server, "GET", "/patients?per_page=1", token, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_object_get_int_member (json_object_get_object_member (json_node_get_object (r->root), "meta"), "total");
}

typedef struct {
  const char *name;
  const char *method;
  const char *path;
  const char *body;
  gssize      length;   /* -1: strlen */
  guint       status;
  const char *field;    /* NULL: no field expected */
} Case;

#define VALID "\"given_name\": \"Ana\", \"family_name\": \"Ruiz\", \"sex\": \"female\""

static const Case cases[] = {
  { "malformed JSON", "POST", "/patients", "{\"given_name\": \"Ana\",", -1, 400, "body" },
  { "not an object", "POST", "/patients", "[1, 2, 3]", -1, 400, "body" },
  { "empty body", "POST", "/patients", "", -1, 400, "body" },
  { "trailing garbage", "POST", "/patients", "{\"given_name\": \"Ana\"} xyz", -1, 400, "body" },
  { "unknown field", "POST", "/patients", "{" VALID ", \"date_of_birth\": \"1980-01-01\", \"is_admin\": true}", -1, 422, "is_admin" },
  { "secret field", "POST", "/users", "{\"full_name\": \"X Y\", \"username\": \"xy\", \"role\": \"nurse\", \"password\": \"long-enough-1\", \"password_hash\": \"x\"}", -1, 422, "password_hash" },
  { "server-set field", "POST", "/patients", "{" VALID ", \"date_of_birth\": \"1980-01-01\", \"mrn\": \"X-1\"}", -1, 422, "mrn" },
  { "tenant column", "POST", "/patients", "{" VALID ", \"date_of_birth\": \"1980-01-01\", \"tenant_id\": \"0190c1e2-7a3b-7cde-8f00-123456789abc\"}", -1, 422, "tenant_id" },
  { "missing required", "POST", "/patients", "{\"given_name\": \"Ana\", \"family_name\": \"Ruiz\", \"sex\": \"female\"}", -1, 422, "date_of_birth" },
  { "wrong type: number for text", "POST", "/patients", "{\"given_name\": 42, \"family_name\": \"Ruiz\", \"sex\": \"female\", \"date_of_birth\": \"1980-01-01\"}", -1, 422, "given_name" },
  { "wrong type: string for int", "POST", "/patients", "{" VALID ", \"date_of_birth\": \"1980-01-01\", \"risk_score\": \"high\"}", -1, 422, "risk_score" },
  { "wrong type: object", "POST", "/patients", "{" VALID ", \"date_of_birth\": {\"y\": 1980}}", -1, 422, "date_of_birth" },
  { "wrong type: list of numbers", "POST", "/patients", "{" VALID ", \"date_of_birth\": \"1980-01-01\", \"allergies\": [1, 2]}", -1, 422, "allergies" },
  { "out of range", "POST", "/patients", "{" VALID ", \"date_of_birth\": \"1980-01-01\", \"risk_score\": 101}", -1, 422, "risk_score" },
  { "huge integer", "POST", "/patients", "{" VALID ", \"date_of_birth\": \"1980-01-01\", \"risk_score\": 99999999999999999999999}", -1, 422, "risk_score" },
  { "invalid date", "POST", "/patients", "{" VALID ", \"date_of_birth\": \"1980-02-30\"}", -1, 422, "date_of_birth" },
  { "date in the future", "POST", "/patients", "{" VALID ", \"date_of_birth\": \"2199-01-01\"}", -1, 422, "date_of_birth" },
  { "date in another format", "POST", "/patients", "{" VALID ", \"date_of_birth\": \"01/02/1980\"}", -1, 422, "date_of_birth" },
  { "bad enum", "POST", "/patients", "{\"given_name\": \"Ana\", \"family_name\": \"Ruiz\", \"sex\": \"robot\", \"date_of_birth\": \"1980-01-01\"}", -1, 422, "sex" },
  { "bad email", "POST", "/patients", "{" VALID ", \"date_of_birth\": \"1980-01-01\", \"email\": \"not an email\"}", -1, 422, "email" },
  { "NUL escape", "POST", "/patients", "{\"given_name\": \"An\\u0000a\", \"family_name\": \"Ruiz\", \"sex\": \"female\", \"date_of_birth\": \"1980-01-01\"}", -1, 422, "given_name" },
  { "control character", "POST", "/patients", "{\"given_name\": \"An\\u0007a\", \"family_name\": \"Ruiz\", \"sex\": \"female\", \"date_of_birth\": \"1980-01-01\"}", -1, 422, "given_name" },
  { "RTL override", "POST", "/patients", "{\"given_name\": \"Ana\", \"family_name\": \"Ruiz\\u202Egpj.exe\", \"sex\": \"female\", \"date_of_birth\": \"1980-01-01\"}", -1, 422, "family_name" },
  { "overlong UTF-8", "POST", "/patients", "{\"given_name\": \"A\xc0\xaf\", \"family_name\": \"Ruiz\", \"sex\": \"female\", \"date_of_birth\": \"1980-01-01\"}", -1, 400, "body" },
  { "raw NUL byte", "POST", "/patients", "{\"given_name\": \"A\0a\"}", 17, 400, "body" },
  { "too long text", "POST", "/patients", NULL, -1, 422, "given_name" },  /* built below */
  { "bad reference", "POST", "/appointments", "{\"patient_id\": \"nope\", \"provider_id\": \"0190c1e2-7a3b-7cde-8f00-123456789abc\", \"starts_at\": \"2030-01-01T09:00:00Z\", \"duration_minutes\": 20, \"type\": \"consultation\"}", -1, 422, "patient_id" },
  { "missing reference", "POST", "/appointments", "{\"patient_id\": \"0190c1e2-7a3b-7cde-8f00-123456789abc\", \"provider_id\": \"0190c1e2-7a3b-7cde-8f00-123456789abc\", \"starts_at\": \"2030-01-01T09:00:00Z\", \"duration_minutes\": 20, \"type\": \"consultation\"}", -1, 422, "patient_id" },
  { "bad datetime", "POST", "/appointments", "{\"patient_id\": \"0190c1e2-7a3b-7cde-8f00-123456789abc\", \"provider_id\": \"0190c1e2-7a3b-7cde-8f00-123456789abc\", \"starts_at\": \"tomorrow\", \"duration_minutes\": 20, \"type\": \"consultation\"}", -1, 422, "starts_at" },
  { "huge page", "GET", "/patients?per_page=1000000", NULL, -1, 400, "per_page" },
  { "negative page", "GET", "/patients?page=-1", NULL, -1, 400, "page" },
  { "page not a number", "GET", "/patients?page=1%20OR%201=1", NULL, -1, 400, "page" },
  { "unknown filter", "GET", "/patients?password_hash=x", NULL, -1, 400, "password_hash" },
  { "SQL in a filter name", "GET", "/patients?status%3D'new'%20OR%201=1--=1", NULL, -1, 400, NULL },
  { "bad enum filter", "GET", "/patients?status=new'%20OR%20'1'='1", NULL, -1, 400, "status" },
  { "SQL in sort", "GET", "/patients?sort=given_name;DROP%20TABLE%20patients", NULL, -1, 400, "sort" },
  { "sort by secret", "GET", "/users?sort=password_hash", NULL, -1, 400, "sort" },
  { "bad id", "GET", "/patients/1%20OR%201=1", NULL, -1, 404, NULL },
  { "unknown route", "GET", "/no-such-things", NULL, -1, 404, NULL },
  { "wrong method", "PATCH", "/patients", "{}", -1, 405, NULL },
  { "impossible pulse", "POST", "/vitals", "{\"patient_id\": \"0190c1e2-7a3b-7cde-8f00-123456789abc\", \"recorded_at\": \"2026-01-02T03:04:05Z\", \"pulse\": 900}", -1, 422, "pulse" },
  { "append-only update", "PATCH", "/vitals/0190c1e2-7a3b-7cde-8f00-123456789abc", "{}", -1, 405, NULL },
  { "bad updated_since", "GET", "/patients?updated_since=last%20week", NULL, -1, 400, "updated_since" },
  { "bad audit range", "GET", "/audit?from=yesterday", NULL, -1, 400, "from" },
  { "bad report period", "GET", "/reports/earnings?period=decade", NULL, -1, 400, "period" },
  { "bad report date", "GET", "/reports/doctors?from=yesterday", NULL, -1, 400, "from" },
  { "bad login body", "POST", "/auth/login", "{\"login\": [\"admin\"], \"password\": \"x\"}", -1, 422, "login" },
  { "login missing password", "POST", "/auth/login", "{\"login\": \"admin\"}", -1, 422, "password" },
  { "duplicate key", "POST", "/patients", "{" VALID ", \"date_of_birth\": \"1980-01-01\", \"sex\": \"male\"}", -1, 400, "sex" },
  { "duplicate key, escaped", "POST", "/patients", "{" VALID ", \"date_of_birth\": \"1980-01-01\", \"s\\u0065x\": \"male\"}", -1, 400, "sex" },
};

static void
test_bad_input (void)
{
  gint64 before = patient_count ();
  g_autofree char *long_name = g_strnfill (5000, 'x');
  g_autofree char *long_body = g_strdup_printf ("{\"given_name\": \"%s\", \"family_name\": \"Ruiz\", \"sex\": \"female\", \"date_of_birth\": \"1980-01-01\"}", long_name);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      const char *body = c->body ? c->body : (g_str_equal (c->name, "too long text") ? long_body : NULL);
      g_autoptr(CareTestResponse) r = NULL;

      r = care_test_request_bytes (server, c->method, c->path, token, body,
                                   body ? (c->length >= 0 ? (gsize) c->length : strlen (body)) : 0);
      if (r->status != c->status)
        g_error ("%s: expected %u, got %u: %s", c->name, c->status, r->status, r->body);
      care_test_assert_error (r, c->status);
      if (c->field)
        {
          if (g_strcmp0 (care_test_error_field (r), c->field) != 0)
            {
              gboolean found = FALSE;
              JsonArray *errors = json_object_get_array_member (json_node_get_object (r->root), "errors");

              for (guint k = 0; k < json_array_get_length (errors); k++)
                found |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (errors, k), "field"), c->field) == 0;
              if (!found)
                g_error ("%s: expected the field %s to be named: %s", c->name, c->field, r->body);
            }
        }
    }
  /* Nothing was written by any of it. */
  g_assert_cmpint (patient_count (), ==, before);
}

/* 100,000 nested brackets (200 kB, under the size limit) to the one route
 * that needs no token crashed the server's recursive parser: refused now,
 * and the server still answers. */
static void
test_deep_nesting_without_token (void)
{
  gsize depth = 100000;
  g_autofree char *body = g_malloc (2 * depth);
  g_autoptr(CareTestResponse) r = NULL;
  g_autoptr(CareTestResponse) arrays = NULL;

  memset (body, '{', depth);
  for (gsize i = 0; i < depth; i++)
    body[depth + i] = '}';
  body[1] = '"';  /* {"…: not even well formed, still refused before any parser */
  r = care_test_request_bytes (server, "POST", "/auth/login", NULL, body, 2 * depth);
  care_test_assert_error (r, 400);
  g_assert_cmpstr (care_test_error_field (r), ==, "body");

  memset (body, '[', depth);
  for (gsize i = 0; i < depth; i++)
    body[depth + i] = ']';
  arrays = care_test_request_bytes (server, "POST", "/auth/login", NULL, body, 2 * depth);
  care_test_assert_error (arrays, 400);
  g_assert_nonnull (strstr (arrays->body, "nested more than 32 levels"));
  g_assert_cmpint (patient_count (), >, 0);
}

static void
test_ranges (void)
{
  g_autoptr(CareTestResponse) all = care_test_request (server, "GET", "/patients?updated_since=2000-01-01T00:00:00Z", token, NULL);
  g_autoptr(CareTestResponse) none = care_test_request (server, "GET", "/patients?updated_since=2199-01-01T00:00:00%2B01:00", token, NULL);
  g_autoptr(CareTestResponse) audit = care_test_request (server, "GET", "/audit?from=2000-01-01&to=2199-01-01&action=sign_in", token, NULL);
  g_autoptr(CareTestResponse) future = care_test_request (server, "GET", "/audit?from=2199-01-01", token, NULL);

  g_assert_cmpuint (all->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (all->root), "meta"), "total"), ==,
                   patient_count ());
  g_assert_cmpuint (none->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (care_test_data_array (none)), ==, 0);
  g_assert_cmpuint (audit->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (care_test_data_array (audit)), >=, 1);
  g_assert_cmpuint (json_array_get_length (care_test_data_array (future)), ==, 0);
}

static void
test_oversized_body (void)
{
  gsize size = 9 * 1024 * 1024;   /* the default limit is 8 MiB */
  g_autofree char *body = g_malloc (size);
  g_autoptr(CareTestResponse) r = NULL;

  memset (body, ' ', size);
  body[0] = '{';
  body[size - 1] = '}';
  r = care_test_request_bytes (server, "POST", "/patients", token, body, size);
  care_test_assert_error (r, 413);
  /* The server is still there. */
  g_assert_cmpint (patient_count (), >, 0);
}

static void
test_sql_metacharacters_are_data (void)
{
  g_autoptr(CareTestResponse) r = care_test_request (server, "POST", "/patients", token,
                                                     "{\"given_name\": \"Robert'); DROP TABLE patients;--\", \"family_name\": \"O'Brien \\\"Bobby\\\" %_\", "
                                                     "\"sex\": \"male\", \"date_of_birth\": \"1975-06-01\"}");
  g_autoptr(CareTestResponse) search = NULL;
  g_autoptr(CareTestResponse) like = NULL;

  g_assert_cmpuint (r->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (care_test_data_object (r), "given_name"), ==, "Robert'); DROP TABLE patients;--");
  search = care_test_request (server, "GET", "/patients?q=Robert%27%29%3B%20DROP", token, NULL);
  g_assert_cmpuint (search->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (care_test_data_array (search)), >=, 1);
  /* A trailing letter is a name's start (the index has no one-letter
   * prefixes: care-search-letter.c). */
  {
    g_autoptr(CareTestResponse) initial = care_test_request (server, "GET", "/patients?q=robert%20o", token, NULL);

    g_assert_cmpuint (initial->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (care_test_data_array (initial)), >=, 1);
  }
  /* LIKE wildcards in a search are literal. */
  like = care_test_request (server, "GET", "/users?q=%25", token, NULL);
  g_assert_cmpuint (like->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (care_test_data_array (like)), ==, 0);
  g_assert_cmpint (patient_count (), >, 100);
}

static void
test_unicode_is_kept (void)
{
  g_autoptr(CareTestResponse) r = care_test_request (server, "POST", "/patients", token,
                                                     "{\"given_name\": \"Zoë\", \"family_name\": \"Ångström-Ñúñez مريم\", "
                                                     "\"sex\": \"female\", \"date_of_birth\": \"1990-12-31\"}");
  g_autofree char *path = NULL;
  g_autoptr(CareTestResponse) get = NULL;

  g_assert_cmpuint (r->status, ==, 201);
  path = g_strdup_printf ("/patients/%s", json_object_get_string_member (care_test_data_object (r), "id"));
  get = care_test_request (server, "GET", path, token, NULL);
  g_assert_cmpstr (json_object_get_string_member (care_test_data_object (get), "family_name"), ==, "Ångström-Ñúñez مريم");
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = care_test_tmpdir ();
  db = care_test_demo_database (dir);
  server = care_test_server_start (dir, db, NULL);
  token = care_test_login (server, "admin", CARE_TEST_PASSWORD, NULL);

  g_test_add_func ("/server/input/bad-input", test_bad_input);
  g_test_add_func ("/server/input/oversized-body", test_oversized_body);
  g_test_add_func ("/server/input/deep-nesting-without-token", test_deep_nesting_without_token);
  g_test_add_func ("/server/input/ranges", test_ranges);
  g_test_add_func ("/server/input/sql-metacharacters-are-data", test_sql_metacharacters_are_data);
  g_test_add_func ("/server/input/unicode-is-kept", test_unicode_is_kept);
  status = g_test_run ();
  g_free (token);
  care_test_server_free (server);
  return status;
}
