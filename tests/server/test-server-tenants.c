/* test-server-tenants.c: no route reads or writes another clinic's rows
 *
 * Clinic A is the demo clinic; clinic B is created beside it in the same
 * database. B's administrator (who holds every permission) calls every
 * route of the table with every id A's lists showed: each answers 404 (or
 * 403), and no list of B ever contains one of A's ids.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-server-fixture.h"

static GHashTable *
ids_of_list (CareTestServer *server,
             const char     *token,
             const char     *table)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint page = 1; page <= 3; page++)
    {
      g_autofree char *path = g_strdup_printf ("/%s?per_page=100&page=%u", table, page);
      g_autoptr(CareTestResponse) r = care_test_request (server, "GET", path, token, NULL);
      JsonArray *rows;

      g_assert_cmpuint (r->status, ==, 200);
      rows = care_test_data_array (r);
      for (guint i = 0; i < json_array_get_length (rows); i++)
        g_hash_table_add (ids, g_strdup (json_object_get_string_member (json_array_get_object_element (rows, i), "id")));
      if (json_array_get_length (rows) < 100)
        break;
    }
  return ids;
}

static void
test_isolation_on_every_route (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  g_autofree char *tenant_b = care_test_add_clinic (db, "Hillside Clinic", "admin");
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autoptr(CareTestResponse) ambiguous = care_test_request (server, "POST", "/auth/login", NULL,
                                                             "{\"login\": \"admin\", \"password\": \"caredesk-demo\"}");
  g_autoptr(JsonObject) session_a = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = care_test_login (server, "admin", CARE_TEST_PASSWORD, tenant_b);
  g_autoptr(CareTestResponse) openapi = care_test_request (server, "GET", "/openapi.json", NULL, NULL);
  g_autoptr(GHashTable) a_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free); /* id -> table */
  g_autoptr(GHashTable) a_by_table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free); /* table -> one id */
  g_autoptr(GList) paths = NULL;
  JsonObject *path_items;
  guint n_entities, checked = 0;
  const CareEntity *const *entities = care_schema_entities (&n_entities);

  /* "admin" exists in both clinics: the login must say which. */
  care_test_assert_error (ambiguous, 422);
  g_assert_cmpstr (care_test_error_field (ambiguous), ==, "tenant_id");
  {
    g_autoptr(CareTestResponse) who = NULL;
    g_autofree char *tenant_a = NULL;

    /* A's tenant id: "reception" exists only in the demo clinic. */
    {
      g_autoptr(JsonObject) reception = care_test_login_full (server, "/auth/login", "reception", CARE_TEST_PASSWORD, NULL);
      tenant_a = g_strdup (json_object_get_string_member (reception, "tenant_id"));
    }
    g_assert_cmpstr (tenant_a, !=, tenant_b);
    session_a = care_test_login_full (server, "/auth/login", "admin", CARE_TEST_PASSWORD, tenant_a);
    a = g_strdup (json_object_get_string_member (session_a, "access_token"));
    who = care_test_request (server, "GET", "/auth/me", a, NULL);
    g_assert_cmpstr (json_object_get_string_member (care_test_data_object (who), "tenant_id"), ==, tenant_a);
  }

  /* B writes a little too, so its lists are not trivially empty. */
  {
    g_autoptr(CareTestResponse) p = care_test_request (server, "POST", "/patients", b,
                                                       "{\"given_name\": \"Bea\", \"family_name\": \"Hill\", \"date_of_birth\": \"1970-05-05\", \"sex\": \"female\"}");
    g_assert_cmpuint (p->status, ==, 201);
  }

  for (guint e = 0; e < n_entities; e++)
    {
      g_autoptr(GHashTable) ids = ids_of_list (server, a, entities[e]->table);
      g_autoptr(GHashTable) b_ids = ids_of_list (server, b, entities[e]->table);
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, ids);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          g_hash_table_insert (a_ids, g_strdup (key), g_strdup (entities[e]->table));
          if (!g_hash_table_contains (a_by_table, entities[e]->table))
            g_hash_table_insert (a_by_table, g_strdup (entities[e]->table), g_strdup (key));
          /* B's lists never show A's rows. */
          g_assert_false (g_hash_table_contains (b_ids, key));
        }
      /* Searching does not cross clinics either. */
      if (g_str_equal (entities[e]->name, "patient"))
        {
          g_autoptr(CareTestResponse) s = care_test_request (server, "GET", "/patients?q=ma&per_page=100", b, NULL);
          JsonArray *rows = care_test_data_array (s);

          for (guint i = 0; i < json_array_get_length (rows); i++)
            g_assert_false (g_hash_table_contains (a_ids, json_object_get_string_member (json_array_get_object_element (rows, i), "id")));
        }
    }
  g_assert_cmpuint (g_hash_table_size (a_by_table), >=, 36);

  /* Every route with an {id}, called by B with A's ids of the route's table
   * (or of every table for action routes under another path). */
  path_items = json_object_get_object_member (json_node_get_object (openapi->root), "paths");
  paths = json_object_get_members (path_items);
  for (GList *l = paths; l; l = l->next)
    {
      const char *pattern = l->data;
      g_auto(GStrv) parts = g_strsplit (pattern, "/", -1);
      JsonObject *item = json_object_get_object_member (path_items, pattern);
      g_autoptr(GList) methods = json_object_get_members (item);
      const char *table = parts[1];
      const char *id;

      if (strstr (pattern, "{id}") == NULL)
        continue;
      id = g_hash_table_lookup (a_by_table, g_str_equal (table, "role-requests") ? "role_upgrade_requests" : table);
      if (id == NULL)
        {
          /* A has no such row; any row of A must still be invisible. */
          id = g_hash_table_lookup (a_by_table, "patients");
        }
      for (GList *m = methods; m; m = m->next)
        {
          g_autofree char *method = g_ascii_strup (m->data, -1);
          g_autoptr(GString) path = g_string_new (NULL);
          g_autoptr(CareTestResponse) r = NULL;
          gboolean body = !g_str_equal (method, "GET") && !g_str_equal (method, "DELETE");

          for (guint i = 1; parts[i]; i++)
            g_string_append_printf (path, "/%s", g_str_equal (parts[i], "{id}") ? id : parts[i]);
          r = care_test_request (server, method, path->str, b, body ? "{}" : NULL);
          if (r->status != 404)
            g_error ("%s %s with clinic A's id as clinic B: expected 404, got %u %s", method, pattern, r->status, r->body);
          care_test_assert_error (r, 404);
          checked++;
        }
    }

  /* B cannot point its records at A's patient. */
  {
    g_autofree char *body = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"starts_at\": \"2030-01-01T10:00:00Z\", "
                                             "\"duration_minutes\": 20, \"type\": \"consultation\"}",
                                             (char *) g_hash_table_lookup (a_by_table, "patients"),
                                             json_object_get_string_member (json_object_get_object_member (session_a, "user"), "id"));
    g_autoptr(CareTestResponse) r = care_test_request (server, "POST", "/appointments", b, body);

    care_test_assert_error (r, 422);
    g_assert_cmpstr (care_test_error_field (r), ==, "patient_id");
  }
  /* B's audit log holds none of A's entries; the clinic list only B. */
  {
    g_autoptr(CareTestResponse) tenants = care_test_request (server, "GET", "/tenants", b, NULL);
    JsonArray *rows = care_test_data_array (tenants);

    g_assert_cmpuint (json_array_get_length (rows), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "id"), ==, tenant_b);
  }
  g_test_message ("%u cross-clinic calls refused", checked);
  g_assert_cmpuint (checked, >, 150);
  care_test_server_free (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/tenants/isolation-on-every-route", test_isolation_on_every_route);
  return g_test_run ();
}
