/* test-server-openapi.c: the document describes exactly the routes that exist
 *
 * The route table is built in this process from the server library; the
 * document is fetched from the running server. Every route must be in the
 * document, every operation of the document must be a route, and the
 * running server must answer each documented operation with something other
 * than "no such route" or "method not allowed".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-server-fixture.h"
#include "care-server-private.h"

static GHashTable *
table_routes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareServerConfig) config = care_server_config_new ();
  g_autoptr(CareServerStorage) storage = care_server_storage_open (":memory:", &error);
  CareServer *server;
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_no_error (error);
  server = care_server_new (config, storage, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < server->routes->len; i++)
    {
      const CareRoute *route = g_ptr_array_index (server->routes, i);
      g_hash_table_add (set, g_strdup_printf ("%s %s", route->method, route->pattern));
    }
  care_server_free (server);
  return set;
}

static void
test_document_matches_routes (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autofree char *token = care_test_login (server, "admin", CARE_TEST_PASSWORD, NULL);
  g_autoptr(CareTestResponse) doc = care_test_request (server, "GET", "/openapi.json", NULL, NULL);
  g_autoptr(GHashTable) routes = table_routes ();
  g_autoptr(GHashTable) documented = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *root, *paths, *schemas;
  g_autoptr(GList) names = NULL;
  GHashTableIter iter;
  gpointer key;
  guint n;
  const CareEntity *const *entities = care_schema_entities (&n);

  g_assert_cmpuint (doc->status, ==, 200);
  root = json_node_get_object (doc->root);
  g_assert_cmpstr (json_object_get_string_member (root, "openapi"), ==, "3.0.3");
  paths = json_object_get_object_member (root, "paths");
  names = json_object_get_members (paths);
  for (GList *l = names; l; l = l->next)
    {
      JsonObject *item = json_object_get_object_member (paths, l->data);
      g_autoptr(GList) methods = json_object_get_members (item);

      for (GList *m = methods; m; m = m->next)
        {
          g_autofree char *method = g_ascii_strup (m->data, -1);
          char *op = g_strdup_printf ("%s %s", method, (const char *) l->data);
          JsonObject *operation = json_object_get_object_member (item, m->data);

          g_assert_true (json_object_has_member (operation, "responses"));
          g_assert_true (json_object_has_member (operation, "operationId"));
          if (!g_hash_table_contains (routes, op))
            g_error ("The document describes %s, which is not a route", op);
          g_hash_table_add (documented, op);
        }
    }
  g_hash_table_iter_init (&iter, routes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (documented, key))
      g_error ("The route %s is missing from the document", (const char *) key);
  g_assert_cmpuint (g_hash_table_size (routes), ==, g_hash_table_size (documented));

  /* Every entity has a component schema with its (non-secret) fields. */
  schemas = json_object_get_object_member (json_object_get_object_member (root, "components"), "schemas");
  for (guint i = 0; i < n; i++)
    {
      g_auto(GStrv) words = g_strsplit (entities[i]->name, "_", -1);
      g_autofree char *name = NULL;
      JsonObject *props;

      for (guint w = 0; words[w]; w++)
        words[w][0] = g_ascii_toupper (words[w][0]);
      name = g_strjoinv ("", words);
      g_assert_true (json_object_has_member (schemas, name));
      props = json_object_get_object_member (json_object_get_object_member (schemas, name), "properties");
      for (guint f = 0; f < entities[i]->n_fields; f++)
        g_assert_true (json_object_has_member (props, entities[i]->fields[f].name) ==
                       !(entities[i]->fields[f].flags & CARE_FIELD_SECRET));
    }

  /* The running server answers each documented operation. */
  g_hash_table_iter_init (&iter, documented);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (key, " ", 2);
      g_auto(GStrv) segments = g_strsplit (parts[1], "/", -1);
      g_autoptr(CareTestResponse) r = NULL;
      g_autofree char *path = NULL;

      if (g_str_has_prefix (parts[1], "/auth/logout") || g_str_has_prefix (parts[1], "/auth/change-password"))
        continue;
      for (guint i = 0; segments[i]; i++)
        if (segments[i][0] == '{')
          {
            g_free (segments[i]);
            segments[i] = g_strdup (strstr (parts[1], "{role}") ? "nurse" : "0190c1e2-7a3b-7cde-8f00-123456789abc");
          }
      path = g_strjoinv ("/", segments);
      r = care_test_request (server, parts[0], path, token,
                             g_str_equal (parts[0], "GET") || g_str_equal (parts[0], "DELETE") ? NULL : "{}");
      g_assert_cmpuint (r->status, !=, 405);
      g_assert_cmpuint (r->status, <, 500);
      g_assert_null (strstr (r->body, "no such route"));
    }
  care_test_server_free (server);
}

/* An object schema that says nothing of its members. */
static gboolean
is_generic (JsonObject *schema)
{
  return !json_object_has_member (schema, "$ref") && !json_object_has_member (schema, "properties") &&
         g_strcmp0 (json_object_get_string_member_with_default (schema, "type", NULL), "object") == 0;
}

static JsonArray *
required_of (JsonObject *schemas,
             const char *name)
{
  JsonObject *schema = json_object_get_object_member (schemas, name);

  g_assert_nonnull (schema);
  return json_object_has_member (schema, "required") ? json_object_get_array_member (schema, "required") : NULL;
}

static gboolean
array_has (JsonArray  *array,
           const char *value)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    if (g_str_equal (json_array_get_string_element (array, i), value))
      return TRUE;
  return FALSE;
}

/* Issue 20's contract items: per-operation bodies, every answer described,
 * examples for path parameters. */
static void
test_document_is_a_contract (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autoptr(CareTestResponse) doc = care_test_request (server, "GET", "/openapi.json", NULL, NULL);
  JsonObject *root = json_node_get_object (doc->root);
  JsonObject *paths = json_object_get_object_member (root, "paths");
  JsonObject *schemas = json_object_get_object_member (json_object_get_object_member (root, "components"), "schemas");
  g_autoptr(GList) names = json_object_get_members (paths);

  for (GList *l = names; l; l = l->next)
    {
      JsonObject *item = json_object_get_object_member (paths, l->data);
      g_autoptr(GList) methods = json_object_get_members (item);

      for (GList *m = methods; m; m = m->next)
        {
          JsonObject *op = json_object_get_object_member (item, m->data);
          JsonObject *responses = json_object_get_object_member (op, "responses");
          g_autoptr(GList) codes = json_object_get_members (responses);
          JsonArray *params = json_object_has_member (op, "parameters") ? json_object_get_array_member (op, "parameters") : NULL;

          if (json_object_has_member (op, "requestBody"))
            {
              JsonObject *content = json_object_get_object_member (json_object_get_object_member (op, "requestBody"), "content");
              JsonObject *schema = json_object_get_object_member (json_object_get_object_member (content, "application/json"), "schema");

              if (is_generic (schema))
                g_error ("%s %s takes a body described only as an object", (char *) m->data, (char *) l->data);
              g_assert_true (json_object_has_member (json_object_get_object_member (op, "responses"), "422"));
            }
          for (GList *c = codes; c; c = c->next)
            {
              JsonObject *r = json_object_get_object_member (responses, c->data);
              JsonObject *content, *schema, *data;

              if (((char *) c->data)[0] != '2' || !json_object_has_member (r, "content"))
                continue;
              content = json_object_get_object_member (r, "content");
              schema = json_object_get_object_member (content, json_object_has_member (content, "application/json")
                                                      ? "application/json" : "application/fhir+json");
              schema = json_object_get_object_member (schema, "schema");
              data = json_object_has_member (schema, "properties") &&
                     json_object_has_member (json_object_get_object_member (schema, "properties"), "data")
                     ? json_object_get_object_member (json_object_get_object_member (schema, "properties"), "data") : schema;
              if (json_object_has_member (data, "items"))
                data = json_object_get_object_member (data, "items");
              if (is_generic (data))
                g_error ("%s %s answers %s described only as an object", (char *) m->data, (char *) l->data, (char *) c->data);
            }
          for (guint i = 0; params && i < json_array_get_length (params); i++)
            {
              JsonObject *p = json_array_get_object_element (params, i);

              if (g_str_equal (json_object_get_string_member (p, "in"), "path"))
                g_assert_true (json_object_has_member (p, "example"));
            }
          if (strchr (l->data, '{'))
            g_assert_true (json_object_has_member (responses, "404"));
          if (!json_object_has_member (op, "security"))
            g_assert_true (json_object_has_member (responses, "401") && json_object_has_member (responses, "403"));
        }
    }

  /* Creates need what the server needs: not what the rules fill in. */
  g_assert_false (array_has (required_of (schemas, "TreatmentCreate"), "status"));
  g_assert_true (array_has (required_of (schemas, "TreatmentCreate"), "patient_id"));
  g_assert_false (array_has (required_of (schemas, "AssetCreate"), "status"));
  g_assert_false (array_has (required_of (schemas, "BedCreate"), "status"));
  g_assert_false (array_has (required_of (schemas, "NotificationCreate"), "user_id"));
  g_assert_false (array_has (required_of (schemas, "ClinicalNoteCreate"), "author_id"));
  g_assert_false (array_has (required_of (schemas, "PaymentCreate"), "received_at"));
  g_assert_true (array_has (required_of (schemas, "UserCreate"), "password"));
  /* A task names its assignee or a role, one of the two (core's rule). */
  g_assert_false (array_has (required_of (schemas, "TaskCreate"), "assigned_to"));
  {
    JsonArray *any_of = json_object_get_array_member (json_object_get_object_member (schemas, "TaskCreate"), "anyOf");

    g_assert_nonnull (any_of);
    g_assert_cmpuint (json_array_get_length (any_of), ==, 2);
    g_assert_true (array_has (json_object_get_array_member (json_array_get_object_element (any_of, 0), "required"),
                              "assigned_to"));
    g_assert_true (array_has (json_object_get_array_member (json_array_get_object_element (any_of, 1), "required"),
                              "assigned_role"));
  }
  g_assert_null (required_of (schemas, "TreatmentPatch"));
  g_assert_true (array_has (required_of (schemas, "TreatmentReplace"), "treatment_type"));
  /* The id is the client's to choose on create only. */
  g_assert_false (json_object_get_boolean_member_with_default (
    json_object_get_object_member (json_object_get_object_member (json_object_get_object_member (schemas, "TreatmentCreate"),
                                                                  "properties"), "id"), "readOnly", FALSE));
  g_assert_true (json_object_get_boolean_member (
    json_object_get_object_member (json_object_get_object_member (json_object_get_object_member (schemas, "Treatment"),
                                                                  "properties"), "id"), "readOnly"));
  /* The WebSocket's plain GET. */
  g_assert_true (json_object_has_member (json_object_get_object_member (
    json_object_get_object_member (json_object_get_object_member (paths, "/sync/live"), "get"), "responses"), "426"));
  care_test_server_free (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/openapi/document-matches-routes", test_document_matches_routes);
  g_test_add_func ("/server/openapi/document-is-a-contract", test_document_is_a_contract);
  return g_test_run ();
}
