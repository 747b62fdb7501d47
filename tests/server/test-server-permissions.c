/* test-server-permissions.c: every route, every role, against the matrix
 *
 * The routes come from the server's own OpenAPI document (the route table);
 * each staff role of the demo clinic calls each of them and must be refused
 * (403) exactly when care_default_permission() says no. A portal patient
 * may call exactly the routes marked x-patient-portal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-server-fixture.h"

static const struct { const char *role; const char *login; } accounts[] = {
  { CARE_ROLE_ADMIN, "admin" },
  { CARE_ROLE_RECEPTIONIST, "reception" },
  { CARE_ROLE_NURSE, "nurse" },
  { CARE_ROLE_DOCTOR, "doctor" },
  { CARE_ROLE_LAB, "lab" },
  { CARE_ROLE_PHARMACIST, "pharmacy" },
};

typedef struct {
  char    *method;
  char    *pattern;
  char    *permission;
  gboolean is_public;
  gboolean portal;
  gboolean patients_only;   /* "x-staff": false */
} Route;

static void
route_free (Route *r)
{
  g_free (r->method);
  g_free (r->pattern);
  g_free (r->permission);
  g_free (r);
}

static GPtrArray *
fetch_routes (CareTestServer *server)
{
  g_autoptr(CareTestResponse) r = care_test_request (server, "GET", "/openapi.json", NULL, NULL);
  GPtrArray *routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  JsonObject *paths;
  g_autoptr(GList) names = NULL;

  g_assert_cmpuint (r->status, ==, 200);
  paths = json_object_get_object_member (json_node_get_object (r->root), "paths");
  names = json_object_get_members (paths);
  for (GList *l = names; l; l = l->next)
    {
      JsonObject *item = json_object_get_object_member (paths, l->data);
      g_autoptr(GList) methods = json_object_get_members (item);

      for (GList *m = methods; m; m = m->next)
        {
          JsonObject *op = json_object_get_object_member (item, m->data);
          Route *route = g_new0 (Route, 1);

          route->method = g_ascii_strup (m->data, -1);
          route->pattern = g_strdup (l->data);
          if (json_object_has_member (op, "x-permission"))
            route->permission = g_strdup (json_object_get_string_member (op, "x-permission"));
          route->is_public = json_object_has_member (op, "security");
          route->portal = json_object_get_boolean_member (op, "x-patient-portal");
          route->patients_only = json_object_has_member (op, "x-staff") &&
                                 !json_object_get_boolean_member (op, "x-staff");
          g_ptr_array_add (routes, route);
        }
    }
  return routes;
}

static char *
concrete_path (const char *pattern)
{
  g_auto(GStrv) parts = g_strsplit (pattern, "/", -1);

  for (guint i = 0; parts[i]; i++)
    if (g_str_equal (parts[i], "{id}"))
      {
        g_free (parts[i]);
        parts[i] = care_uuid_v7 ();
      }
    else if (g_str_equal (parts[i], "{role}"))
      {
        g_free (parts[i]);
        parts[i] = g_strdup ("nurse");
      }
  return g_strjoinv ("/", parts);
}

static gboolean
skip (const Route *route)
{
  /* Signing out or changing a password would end the session under test;
   * the token tests cover these. */
  return route->is_public || g_str_has_prefix (route->pattern, "/auth/");
}

static CareTestResponse *
call (CareTestServer *server,
      const Route    *route,
      const char     *token)
{
  g_autofree char *path = concrete_path (route->pattern);
  gboolean has_body = g_str_equal (route->method, "POST") || g_str_equal (route->method, "PUT") ||
                      g_str_equal (route->method, "PATCH");

  return care_test_request (server, route->method, path, token, has_body ? "{}" : NULL);
}

static char *
portal_patient_token (CareTestServer *server,
                      const char     *admin)
{
  g_autofree char *patient = care_test_first_id (server, admin, "/patients?per_page=1");

  return care_test_portal_token (server, admin, patient, "perm.patient@example.org");
}

static void
test_every_route_every_role (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autoptr(GPtrArray) routes = fetch_routes (server);
  g_autofree char *admin_token = NULL;
  g_autofree char *patient_token = NULL;
  guint checked = 0;

  g_assert_cmpuint (routes->len, >, 200);

  for (guint a = 0; a < G_N_ELEMENTS (accounts); a++)
    {
      g_autofree char *token = care_test_login (server, accounts[a].login, CARE_TEST_PASSWORD, NULL);

      if (a == 0)
        admin_token = g_strdup (token);
      for (guint i = 0; i < routes->len; i++)
        {
          const Route *route = g_ptr_array_index (routes, i);
          gboolean allowed;
          g_autoptr(CareTestResponse) r = NULL;

          if (skip (route))
            continue;
          allowed = !route->patients_only &&
                    (route->permission == NULL || care_default_permission (accounts[a].role, route->permission));
          r = call (server, route, token);
          if (allowed && (r->status == 403 || r->status == 401 || r->status >= 500))
            g_error ("%s %s as %s: expected to be allowed, got %u %s",
                     route->method, route->pattern, accounts[a].role, r->status, r->body);
          if (!allowed && r->status != 403)
            g_error ("%s %s as %s: expected 403, got %u %s",
                     route->method, route->pattern, accounts[a].role, r->status, r->body);
          if (!allowed)
            care_test_assert_error (r, 403);
          checked++;
        }
    }

  patient_token = portal_patient_token (server, admin_token);
  for (guint i = 0; i < routes->len; i++)
    {
      const Route *route = g_ptr_array_index (routes, i);
      g_autoptr(CareTestResponse) r = NULL;

      if (skip (route))
        continue;
      r = call (server, route, patient_token);
      if (route->portal && (r->status == 403 || r->status == 401 || r->status >= 500))
        g_error ("%s %s as patient: expected to be allowed, got %u %s", route->method, route->pattern, r->status, r->body);
      if (!route->portal && r->status != 403)
        g_error ("%s %s as patient: expected 403, got %u %s", route->method, route->pattern, r->status, r->body);
      checked++;
    }

  /* Without a token, only the public routes answer. */
  for (guint i = 0; i < routes->len; i++)
    {
      const Route *route = g_ptr_array_index (routes, i);
      g_autoptr(CareTestResponse) r = NULL;

      if (route->is_public)
        continue;
      r = call (server, route, NULL);
      care_test_assert_error (r, 401);
    }
  g_test_message ("%u route × role checks", checked);
  care_test_server_free (server);
}

/* The matrix lives in the database: the admin's change applies at once. */
static void
test_matrix_is_editable (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autofree char *admin = care_test_login (server, "admin", CARE_TEST_PASSWORD, NULL);
  g_autofree char *nurse = care_test_login (server, "nurse", CARE_TEST_PASSWORD, NULL);
  g_autoptr(CareTestResponse) before = care_test_request (server, "GET", "/invoices", nurse, NULL);
  g_autoptr(CareTestResponse) denied = care_test_request (server, "PUT", "/roles/nurse/permissions", nurse,
                                                          "{\"permissions\": {\"billing\": true}}");
  g_autoptr(CareTestResponse) grant = care_test_request (server, "PUT", "/roles/nurse/permissions", admin,
                                                         "{\"permissions\": {\"billing\": true}}");
  g_autoptr(CareTestResponse) after = care_test_request (server, "GET", "/invoices", nurse, NULL);
  g_autoptr(CareTestResponse) revoke = care_test_request (server, "PUT", "/roles/nurse/permissions", admin,
                                                          "{\"permissions\": {\"billing\": false}}");
  g_autoptr(CareTestResponse) again = care_test_request (server, "GET", "/invoices", nurse, NULL);
  g_autoptr(CareTestResponse) matrix = care_test_request (server, "GET", "/roles", admin, NULL);
  /* The matrix reads the same to every staff member, at either route. */
  g_autoptr(CareTestResponse) nurse_matrix = care_test_request (server, "GET", "/roles", nurse, NULL);
  g_autoptr(CareTestResponse) nurse_role = care_test_request (server, "GET", "/roles/nurse/permissions", nurse, NULL);
  g_autoptr(CareTestResponse) nurse_rows = care_test_request (server, "GET", "/role_permissions?role=nurse", nurse, NULL);
  g_autoptr(CareTestResponse) unknown = care_test_request (server, "PUT", "/roles/nurse/permissions", admin,
                                                           "{\"permissions\": {\"fly\": true}}");
  g_autoptr(CareTestResponse) lockout = care_test_request (server, "PUT", "/roles/admin/permissions", admin,
                                                           "{\"permissions\": {\"role_permissions\": false}}");

  care_test_assert_error (before, 403);
  care_test_assert_error (denied, 403);
  g_assert_cmpuint (grant->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (care_test_data_object (grant), "permissions"), "billing"));
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_cmpuint (revoke->status, ==, 200);
  care_test_assert_error (again, 403);
  g_assert_cmpuint (json_array_get_length (care_test_data_array (matrix)), ==, 6);
  g_assert_cmpuint (nurse_matrix->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (care_test_data_array (nurse_matrix)), ==, 6);
  g_assert_cmpuint (nurse_role->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (care_test_data_object (nurse_role),
                                                                                 "permissions"), "billing"));
  g_assert_cmpuint (nurse_rows->status, ==, 200);
  care_test_assert_error (unknown, 422);
  g_assert_cmpstr (care_test_error_field (unknown), ==, "permissions.fly");
  care_test_assert_error (lockout, 422);
  care_test_server_free (server);
}

/* Seed 000: a staff member asks for a role, the admin approves. */
static void
test_role_upgrade_request (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autofree char *admin = care_test_login (server, "admin", CARE_TEST_PASSWORD, NULL);
  g_autofree char *nurse = care_test_login (server, "nurse", CARE_TEST_PASSWORD, NULL);
  g_autoptr(CareTestResponse) ask = care_test_request (server, "POST", "/role-requests", nurse,
                                                       "{\"requested_role\": \"doctor\", \"reason\": \"Qualified in June\"}");
  g_autofree char *id = g_strdup (json_object_get_string_member (care_test_data_object (ask), "id"));
  g_autofree char *approve = g_strdup_printf ("/role-requests/%s/approve", id);
  g_autoptr(CareTestResponse) by_nurse = care_test_request (server, "POST", approve, nurse, NULL);
  g_autoptr(CareTestResponse) mine = care_test_request (server, "GET", "/role-requests", nurse, NULL);
  g_autoptr(CareTestResponse) ok = care_test_request (server, "POST", approve, admin, NULL);
  g_autoptr(CareTestResponse) twice = care_test_request (server, "POST", approve, admin, NULL);
  g_autofree char *token = NULL;
  g_autoptr(CareTestResponse) me = NULL;

  g_assert_cmpuint (ask->status, ==, 201);
  care_test_assert_error (by_nurse, 403);
  g_assert_cmpuint (json_array_get_length (care_test_data_array (mine)), ==, 1);
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (care_test_data_object (ok), "status"), ==, "approved");
  care_test_assert_error (twice, 409);
  token = care_test_login (server, "nurse", CARE_TEST_PASSWORD, NULL);
  me = care_test_request (server, "GET", "/auth/me", token, NULL);
  g_assert_cmpstr (json_object_get_string_member (care_test_data_object (me), "role"), ==, "doctor");
  care_test_server_free (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/permissions/every-route-every-role", test_every_route_every_role);
  g_test_add_func ("/server/permissions/matrix-is-editable", test_matrix_is_editable);
  g_test_add_func ("/server/permissions/role-upgrade-request", test_role_upgrade_request);
  return g_test_run ();
}
