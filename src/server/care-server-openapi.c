/* care-server-openapi.c: the OpenAPI 3 document, from the route table and the schema
 *
 * Nothing here is written by hand per route: paths come from the table the
 * dispatcher uses (with the examples and extra statuses each route
 * declares), component schemas from care-schema.c's CareField types
 * (care-server-openapi-schemas.c). The document is the contract that
 * test-server-contract holds the server to through Stoplight Prism.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-openapi"

#include "config.h"

#include <string.h>

#include "care-server-openapi.h"

static JsonObject *
typed_content (const char *media_type,
               JsonObject *schema)
{
  JsonObject *content = json_object_new ();
  JsonObject *media = json_object_new ();

  json_object_set_object_member (media, "schema", schema);
  json_object_set_object_member (content, media_type, media);
  return content;
}

static JsonObject *
json_content (JsonObject *schema)
{
  return typed_content ("application/json", schema);
}

static JsonObject *
envelope (JsonObject *data,
          gboolean    with_meta)
{
  JsonObject *schema = care_openapi_typed ("object", NULL);
  JsonObject *props = json_object_new ();
  JsonArray *required = json_array_new ();

  json_object_set_object_member (props, "data", data);
  json_array_add_string_element (required, "data");
  if (with_meta)
    {
      json_object_set_object_member (props, "meta", care_openapi_ref ("Meta"));
      json_array_add_string_element (required, "meta");
    }
  json_object_set_object_member (schema, "properties", props);
  json_object_set_array_member (schema, "required", required);
  return schema;
}

static JsonObject *
response (const char *description,
          JsonObject *schema)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "description", description);
  if (schema)
    json_object_set_object_member (o, "content", json_content (schema));
  return o;
}

static void
add_path_parameters (const CareRoute *route,
                     JsonArray       *params)
{
  for (guint i = 0; route->segments[i]; i++)
    if (route->segments[i][0] == '{')
      {
        JsonObject *p = json_object_new ();
        g_autofree char *name = g_strndup (route->segments[i] + 1, strlen (route->segments[i]) - 2);
        gboolean is_id = g_str_equal (name, "id");

        json_object_set_string_member (p, "name", name);
        json_object_set_string_member (p, "in", "path");
        json_object_set_boolean_member (p, "required", TRUE);
        json_object_set_object_member (p, "schema", care_openapi_typed ("string", is_id ? "uuid" : NULL));
        /* Contract-testing tools fill the path from these. */
        json_object_set_string_member (p, "example", is_id ? "0190c1e2-7a3b-7cde-8f00-123456789abc" : "nurse");
        json_array_add_object_element (params, p);
      }
}

static void
add_list_parameters (JsonArray *params)
{
  const char *query[][2] = {
    { "page", "Page number, from 1" },
    { "per_page", "Rows per page, 1 to 100 (default 25)" },
    { "q", "Search text (patients: full-text name, phone, email, MRN)" },
    { "sort", "A field name; a leading - sorts descending" },
    { "updated_since", "Only records changed at or after this ISO 8601 time" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (query); i++)
    {
      JsonObject *p = json_object_new ();

      json_object_set_string_member (p, "name", query[i][0]);
      json_object_set_string_member (p, "in", "query");
      json_object_set_string_member (p, "description", query[i][1]);
      json_object_set_object_member (p, "schema", care_openapi_typed (i < 2 ? "integer" : "string", NULL));
      json_array_add_object_element (params, p);
    }
}

static JsonObject *
request_body (const CareRoute *route)
{
  JsonObject *body = json_object_new ();
  JsonObject *schema;

  if (route->body == CARE_BODY_RECORD || route->body == CARE_BODY_RECORD_PATCH)
    {
      const char *suffix = route->body == CARE_BODY_RECORD_PATCH ? "Patch"
                           : g_str_equal (route->method, "POST") ? "Create" : "Replace";
      g_autofree char *name = care_openapi_schema_name (route->entity, suffix);

      schema = care_openapi_ref (name);
    }
  else if (route->body_example)
    schema = care_openapi_example_schema (route->body_example);
  else
    schema = care_openapi_typed ("object", NULL);  /* test-server-openapi names the route */
  json_object_set_boolean_member (body, "required", TRUE);
  json_object_set_object_member (body, "content", json_content (schema));
  if (route->body == CARE_BODY_RECORD_PATCH)
    json_object_set_string_member (body, "description", "Only the fields to change");
  return body;
}

/* The answer's schema: the route's entity, or its declared example. */
static JsonObject *
data_schema (const CareRoute *route)
{
  if (route->response_example)
    return care_openapi_example_schema (route->response_example);
  if (route->response_entity)
    {
      g_autofree char *name = care_openapi_schema_name (care_schema_lookup (route->response_entity), NULL);
      return care_openapi_ref (name);
    }
  if (route->entity)
    {
      g_autofree char *name = care_openapi_schema_name (route->entity, NULL);
      return care_openapi_ref (name);
    }
  return care_openapi_typed ("object", NULL);  /* test-server-openapi names the route */
}

static JsonObject *
success_response (const CareRoute *route)
{
  switch (route->response)
    {
    case CARE_RESPONSE_RECORD:
    case CARE_RESPONSE_OBJECT:
      return response ("Success", envelope (data_schema (route), FALSE));
    case CARE_RESPONSE_LIST:
    case CARE_RESPONSE_ARRAY:
      {
        JsonObject *array = care_openapi_typed ("array", NULL);
        JsonObject *items = data_schema (route);

        /* An example of an array describes the array already. */
        if (g_strcmp0 (json_object_get_string_member_with_default (items, "type", NULL), "array") == 0)
          {
            json_object_unref (array);
            array = items;
          }
        else
          json_object_set_object_member (array, "items", items);
        return response (route->response == CARE_RESPONSE_LIST ? "A page of records" : "Success",
                         envelope (array, route->response == CARE_RESPONSE_LIST));
      }
    case CARE_RESPONSE_DOCUMENT:
      return response ("Success", data_schema (route));
    case CARE_RESPONSE_EMPTY:
      return response (route->success == 101 ? "Switching to the WebSocket protocol" : "Done", NULL);
    case CARE_RESPONSE_FHIR:
    default:
      {
        /* Not in the envelope: the body is the FHIR resource itself. */
        JsonObject *bundle = care_openapi_typed ("object", NULL);
        JsonObject *fhir = json_object_new ();
        JsonObject *props = json_object_new ();
        JsonObject *kind = care_openapi_typed ("string", NULL);
        JsonArray *values = json_array_new ();
        JsonArray *required = json_array_new ();

        json_object_set_string_member (bundle, "description",
                                       "A FHIR R4 Bundle of type collection: Patient, Practitioner, Encounter, "
                                       "Observation, DiagnosticReport, Condition, AllergyIntolerance, "
                                       "MedicationRequest, MedicationStatement, Immunization (docs/fhir.md)");
        json_array_add_string_element (values, "Bundle");
        json_object_set_array_member (kind, "enum", values);
        json_object_set_object_member (props, "resourceType", kind);
        json_object_set_object_member (props, "type", care_openapi_typed ("string", NULL));
        json_object_set_object_member (props, "entry", care_openapi_typed ("array", NULL));
        json_object_set_object_member (bundle, "properties", props);
        json_array_add_string_element (required, "resourceType");
        json_object_set_array_member (bundle, "required", required);
        json_object_set_string_member (fhir, "description", "The patient's record");
        json_object_set_object_member (fhir, "content", typed_content ("application/fhir+json", bundle));
        return fhir;
      }
    }
}

/* Every answer the route can give besides success, from what it is: a
 * body can be malformed (400), too large (413) or invalid (422); a token
 * can be missing (401) or lack the permission (403); an {id} can name
 * nothing (404); a write can meet the record's state (409); sign-in is
 * throttled (429). Routes add their own (route->statuses). */
static void
add_error_responses (const CareRoute *route,
                     JsonObject      *responses)
{
  static const char *const descriptions[][2] = {
    { "400", "Malformed request: bad JSON, bad query parameter" },
    { "401", "No or invalid access token, or wrong credentials" },
    { "403", "The role lacks the permission, or the record is not the caller's to change" },
    { "404", "No such record in this clinic" },
    { "409", "Conflict with the record's state or another record" },
    { "410", "The sync history asked for is gone: resynchronise" },
    { "413", "The body or the batch is too large" },
    { "422", "Validation failed; errors name the fields" },
    { "426", "Upgrade to a WebSocket required" },
    { "429", "Too many attempts; see Retry-After" },
  };
  gboolean is_public = (route->flags & CARE_ROUTE_PUBLIC) != 0;
  gboolean has_body = route->body != CARE_BODY_NONE;
  gboolean writes = !g_str_equal (route->method, "GET");
  g_autofree char *statuses = g_strjoin (" ", "400",
                                         !is_public || has_body ? "401" : "",
                                         !is_public ? "403" : "",
                                         strchr (route->pattern, '{') ? "404" : "",
                                         writes && !is_public ? "409" : "",
                                         has_body ? "413" : "",
                                         has_body || writes || route->response == CARE_RESPONSE_LIST ? "422" : "",
                                         is_public && has_body ? "429" : "",
                                         route->statuses ? route->statuses : "",
                                         NULL);
  g_auto(GStrv) codes = g_strsplit (statuses, " ", -1);

  for (guint i = 0; codes[i]; i++)
    for (guint d = 0; d < G_N_ELEMENTS (descriptions); d++)
      if (g_str_equal (codes[i], descriptions[d][0]) && !json_object_has_member (responses, codes[i]))
        json_object_set_object_member (responses, codes[i], response (descriptions[d][1], care_openapi_ref ("Error")));
}

static JsonObject *
operation (const CareRoute *route)
{
  JsonObject *op = json_object_new ();
  JsonArray *tags = json_array_new ();
  JsonArray *params = json_array_new ();
  JsonObject *responses = json_object_new ();
  g_autofree char *success = g_strdup_printf ("%u", route->success);
  GString *op_id = g_string_new (NULL);

  g_string_append (op_id, route->method);
  for (guint i = 0; route->segments[i]; i++)
    {
      g_autofree char *seg = g_strdelimit (g_strdup (route->segments[i]), "{}-.", '_');
      g_string_append_printf (op_id, "_%s", seg);
    }
  json_object_set_string_member (op, "operationId", g_string_free (op_id, FALSE));
  json_object_set_string_member (op, "summary", route->summary ? route->summary : route->pattern);
  json_array_add_string_element (tags, route->tag ? route->tag : "misc");
  json_object_set_array_member (op, "tags", tags);
  if (route->permission)
    json_object_set_string_member (op, "x-permission", route->permission);
  json_object_set_boolean_member (op, "x-patient-portal", (route->flags & (CARE_ROUTE_PATIENT | CARE_ROUTE_NO_STAFF)) != 0);
  /* Patients' own routes (the kiosk's): staff accounts get 403. */
  if (route->flags & CARE_ROUTE_NO_STAFF)
    json_object_set_boolean_member (op, "x-staff", FALSE);

  if (route->flags & CARE_ROUTE_PUBLIC)
    json_object_set_array_member (op, "security", json_array_new ());

  add_path_parameters (route, params);
  if (route->response == CARE_RESPONSE_LIST)
    add_list_parameters (params);
  if (json_array_get_length (params))
    json_object_set_array_member (op, "parameters", params);
  else
    json_array_unref (params);

  if (route->body != CARE_BODY_NONE)
    json_object_set_object_member (op, "requestBody", request_body (route));

  json_object_set_object_member (responses, success, success_response (route));
  add_error_responses (route, responses);
  json_object_set_object_member (op, "responses", responses);
  return op;
}

JsonNode *
care_server_openapi_build (CareServer *server)
{
  JsonObject *doc = json_object_new ();
  JsonObject *info = json_object_new ();
  JsonArray *servers = json_array_new ();
  JsonObject *server_url = json_object_new ();
  JsonObject *paths = json_object_new ();
  JsonObject *components = json_object_new ();
  JsonObject *schemas = json_object_new ();
  JsonObject *security_schemes = json_object_new ();
  JsonObject *bearer = json_object_new ();
  JsonArray *security = json_array_new ();
  JsonObject *requirement = json_object_new ();
  JsonNode *root;
  guint n;
  const CareEntity *const *entities = care_schema_entities (&n);

  json_object_set_string_member (doc, "openapi", "3.0.3");
  json_object_set_string_member (info, "title", "Caredesk server API");
  json_object_set_string_member (info, "version", PACKAGE_VERSION);
  json_object_set_string_member (info, "description",
                                 "Success: {\"data\": …, \"meta\": {page, per_page, total, total_pages}}. "
                                 "Errors: {\"status\", \"message\", \"errors\": [{\"field\", \"message\"}], \"timestamp\"}.");
  json_object_set_object_member (doc, "info", info);
  json_object_set_string_member (server_url, "url", CARE_API_PREFIX);
  json_array_add_object_element (servers, server_url);
  json_object_set_array_member (doc, "servers", servers);

  for (guint i = 0; i < server->routes->len; i++)
    {
      const CareRoute *route = g_ptr_array_index (server->routes, i);
      JsonObject *item = json_object_get_member (paths, route->pattern)
                         ? json_object_get_object_member (paths, route->pattern) : NULL;
      g_autofree char *method = g_ascii_strdown (route->method, -1);

      if (item == NULL)
        {
          item = json_object_new ();
          json_object_set_object_member (paths, route->pattern, item);
        }
      json_object_set_object_member (item, method, operation (route));
    }
  json_object_set_object_member (doc, "paths", paths);

  for (guint i = 0; i < n; i++)
    care_openapi_entity_schemas (schemas, entities[i]);
  json_object_set_object_member (schemas, "Error", care_openapi_error_schema ());
  json_object_set_object_member (schemas, "Meta", care_openapi_meta_schema ());
  json_object_set_object_member (components, "schemas", schemas);
  json_object_set_string_member (bearer, "type", "http");
  json_object_set_string_member (bearer, "scheme", "bearer");
  json_object_set_object_member (security_schemes, "bearerAuth", bearer);
  json_object_set_object_member (components, "securitySchemes", security_schemes);
  json_object_set_object_member (doc, "components", components);
  json_object_set_array_member (requirement, "bearerAuth", json_array_new ());
  json_array_add_object_element (security, requirement);
  json_object_set_array_member (doc, "security", security);

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, doc);
  return root;
}

static void
route_openapi (CareRequest *req)
{
  g_autoptr(JsonNode) doc = care_server_openapi_build (req->server);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *text;

  json_generator_set_root (generator, doc);
  text = json_generator_to_data (generator, &length);
  req->responded = TRUE;
  soup_server_message_set_status (req->msg, 200, NULL);
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_TAKE, text, length);
}

void
care_server_openapi_register (CareServer *server)
{
  CareRoute *r = care_server_add_route (server, "GET", "/openapi.json", NULL, CARE_ROUTE_PUBLIC, route_openapi,
                                        "meta", "This document (OpenAPI 3)");
  r->response = CARE_RESPONSE_DOCUMENT;
  r->response_example = "{\"openapi\": \"3.0.3\", \"info\": {}, \"paths\": {}, \"components\": {}}";
}
