/* care-server-openapi.c: the OpenAPI 3 document, from the route table and the schema
 *
 * Nothing here is written by hand per route: paths come from the table the
 * dispatcher uses, component schemas from care-schema.c's CareField types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-openapi"

#include "config.h"

#include <string.h>

#include "care-server-private.h"

static JsonObject *
ref_schema (const char *name)
{
  JsonObject *o = json_object_new ();
  g_autofree char *ref = g_strdup_printf ("#/components/schemas/%s", name);

  json_object_set_string_member (o, "$ref", ref);
  return o;
}

static JsonObject *
typed (const char *type,
       const char *format)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "type", type);
  if (format)
    json_object_set_string_member (o, "format", format);
  return o;
}

static JsonObject *
field_schema (const CareField *field)
{
  JsonObject *o;

  switch (field->type)
    {
    case CARE_FIELD_INT:
      o = typed ("integer", "int64");
      break;
    case CARE_FIELD_MONEY:
      o = typed ("integer", "int64");
      json_object_set_string_member (o, "description", "Money in minor units (cents)");
      break;
    case CARE_FIELD_DECIMAL:
      o = typed ("number", "double");
      break;
    case CARE_FIELD_BOOL:
      o = typed ("boolean", NULL);
      break;
    case CARE_FIELD_DATE:
      o = typed ("string", "date");
      break;
    case CARE_FIELD_DATETIME:
      o = typed ("string", "date-time");
      break;
    case CARE_FIELD_TIME:
      o = typed ("string", NULL);
      json_object_set_string_member (o, "pattern", "^[0-2][0-9]:[0-5][0-9]$");
      break;
    case CARE_FIELD_ENUM:
      {
        JsonArray *values = json_array_new ();

        o = typed ("string", NULL);
        for (guint i = 0; field->choices && field->choices[i]; i++)
          json_array_add_string_element (values, field->choices[i]);
        json_object_set_array_member (o, "enum", values);
      }
      break;
    case CARE_FIELD_REF:
      o = typed ("string", "uuid");
      json_object_set_string_member (o, "description", field->ref);
      break;
    case CARE_FIELD_EMAIL:
      o = typed ("string", "email");
      break;
    case CARE_FIELD_LIST:
      o = typed ("array", NULL);
      json_object_set_object_member (o, "items", typed ("string", NULL));
      break;
    case CARE_FIELD_BLOB:
      o = typed ("string", "byte");
      break;
    case CARE_FIELD_PHONE:
    case CARE_FIELD_TEXT:
    case CARE_FIELD_LONG_TEXT:
    default:
      o = typed ("string", NULL);
      break;
    }
  if ((field->type == CARE_FIELD_TEXT || field->type == CARE_FIELD_LONG_TEXT) && field->max > 0)
    json_object_set_int_member (o, "maxLength", field->max);
  if ((field->type == CARE_FIELD_INT || field->type == CARE_FIELD_DECIMAL || field->type == CARE_FIELD_MONEY) &&
      (field->min != 0 || field->max != 0))
    {
      json_object_set_int_member (o, "minimum", field->min);
      json_object_set_int_member (o, "maximum", field->max);
    }
  if (field->label)
    json_object_set_string_member (o, "title", field->label);
  if (field->flags & CARE_FIELD_SYSTEM)
    json_object_set_boolean_member (o, "readOnly", TRUE);
  if (!(field->flags & CARE_FIELD_REQUIRED))
    json_object_set_boolean_member (o, "nullable", TRUE);
  return o;
}

static JsonObject *
entity_schema (const CareEntity *entity)
{
  JsonObject *schema = json_object_new ();
  JsonObject *props = json_object_new ();
  JsonArray *required = json_array_new ();

  json_object_set_string_member (schema, "type", "object");
  json_object_set_string_member (schema, "title", entity->label);
  if (entity->flags & CARE_ENTITY_APPEND_ONLY)
    json_object_set_string_member (schema, "description", "Append-only: cannot be changed or deleted once recorded.");
  for (guint i = 0; i < CARE_N_SYSTEM_COLUMNS; i++)
    {
      const char *name = care_system_column_name (i);
      JsonObject *o = typed ("string", g_str_has_suffix (name, "_at") ? "date-time" : "uuid");

      json_object_set_boolean_member (o, "readOnly", !g_str_equal (name, CARE_COLUMN_ID));
      json_object_set_object_member (props, name, o);
    }
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const CareField *field = &entity->fields[i];

      if (field->flags & CARE_FIELD_SECRET)
        continue;
      json_object_set_object_member (props, field->name, field_schema (field));
      if ((field->flags & CARE_FIELD_REQUIRED) && !(field->flags & CARE_FIELD_SYSTEM))
        json_array_add_string_element (required, field->name);
    }
  json_object_set_object_member (schema, "properties", props);
  json_object_set_boolean_member (schema, "additionalProperties", FALSE);
  if (json_array_get_length (required))
    json_object_set_array_member (schema, "required", required);
  else
    json_array_unref (required);
  return schema;
}

static JsonObject *
error_schema (void)
{
  JsonObject *schema = typed ("object", NULL);
  JsonObject *props = json_object_new ();
  JsonObject *errors = typed ("array", NULL);
  JsonObject *item = typed ("object", NULL);
  JsonObject *item_props = json_object_new ();
  JsonArray *required = json_array_new ();

  json_object_set_object_member (props, "status", typed ("integer", NULL));
  json_object_set_object_member (props, "message", typed ("string", NULL));
  json_object_set_object_member (item_props, "field", typed ("string", NULL));
  json_object_set_object_member (item_props, "message", typed ("string", NULL));
  json_object_set_object_member (item, "properties", item_props);
  json_object_set_object_member (errors, "items", item);
  json_object_set_object_member (props, "errors", errors);
  json_object_set_object_member (props, "timestamp", typed ("string", "date-time"));
  json_object_set_object_member (schema, "properties", props);
  json_array_add_string_element (required, "status");
  json_array_add_string_element (required, "message");
  json_array_add_string_element (required, "errors");
  json_array_add_string_element (required, "timestamp");
  json_object_set_array_member (schema, "required", required);
  return schema;
}

static JsonObject *
meta_schema (void)
{
  JsonObject *schema = typed ("object", NULL);
  JsonObject *props = json_object_new ();

  json_object_set_object_member (props, "page", typed ("integer", NULL));
  json_object_set_object_member (props, "per_page", typed ("integer", NULL));
  json_object_set_object_member (props, "total", typed ("integer", NULL));
  json_object_set_object_member (props, "total_pages", typed ("integer", NULL));
  json_object_set_object_member (schema, "properties", props);
  return schema;
}

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
  JsonObject *schema = typed ("object", NULL);
  JsonObject *props = json_object_new ();

  json_object_set_object_member (props, "data", data);
  if (with_meta)
    json_object_set_object_member (props, "meta", ref_schema ("Meta"));
  json_object_set_object_member (schema, "properties", props);
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

static char *
schema_name (const CareEntity *entity)
{
  g_auto(GStrv) words = g_strsplit (entity->name, "_", -1);
  GString *s = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    {
      words[i][0] = g_ascii_toupper (words[i][0]);
      g_string_append (s, words[i]);
    }
  return g_string_free (s, FALSE);
}

static JsonObject *
operation (const CareRoute *route)
{
  JsonObject *op = json_object_new ();
  JsonArray *tags = json_array_new ();
  JsonArray *params = json_array_new ();
  JsonObject *responses = json_object_new ();
  g_autofree char *success = g_strdup_printf ("%u", route->success);
  g_autofree char *entity_name = route->entity ? schema_name (route->entity) : NULL;
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

  for (guint i = 0; route->segments[i]; i++)
    if (route->segments[i][0] == '{')
      {
        JsonObject *p = json_object_new ();
        g_autofree char *name = g_strndup (route->segments[i] + 1, strlen (route->segments[i]) - 2);

        json_object_set_string_member (p, "name", name);
        json_object_set_string_member (p, "in", "path");
        json_object_set_boolean_member (p, "required", TRUE);
        json_object_set_object_member (p, "schema", typed ("string", g_str_equal (name, "id") ? "uuid" : NULL));
        json_array_add_object_element (params, p);
      }
  if (route->response == CARE_RESPONSE_LIST)
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
          json_object_set_object_member (p, "schema", typed (i < 2 ? "integer" : "string", NULL));
          json_array_add_object_element (params, p);
        }
    }
  if (json_array_get_length (params))
    json_object_set_array_member (op, "parameters", params);
  else
    json_array_unref (params);

  if (route->body != CARE_BODY_NONE)
    {
      JsonObject *body = json_object_new ();
      JsonObject *schema;

      if ((route->body == CARE_BODY_RECORD || route->body == CARE_BODY_RECORD_PATCH) && entity_name)
        schema = ref_schema (entity_name);
      else
        {
          schema = typed ("object", NULL);
          if (route->body_example)
            {
              g_autoptr(JsonParser) parser = json_parser_new ();

              if (json_parser_load_from_data (parser, route->body_example, -1, NULL))
                json_object_set_member (schema, "example", json_node_copy (json_parser_get_root (parser)));
            }
        }
      json_object_set_boolean_member (body, "required", route->body != CARE_BODY_RECORD_PATCH || TRUE);
      json_object_set_object_member (body, "content", json_content (schema));
      if (route->body == CARE_BODY_RECORD_PATCH)
        json_object_set_string_member (body, "description", "Only the fields to change");
      json_object_set_object_member (op, "requestBody", body);
    }

  switch (route->response)
    {
    case CARE_RESPONSE_RECORD:
      json_object_set_object_member (responses, success,
                                     response ("Success", envelope (entity_name ? ref_schema (entity_name) : typed ("object", NULL), FALSE)));
      break;
    case CARE_RESPONSE_LIST:
      {
        JsonObject *array = typed ("array", NULL);

        json_object_set_object_member (array, "items", entity_name ? ref_schema (entity_name) : typed ("object", NULL));
        json_object_set_object_member (responses, success, response ("A page of records", envelope (array, TRUE)));
      }
      break;
    case CARE_RESPONSE_ARRAY:
      {
        JsonObject *array = typed ("array", NULL);

        json_object_set_object_member (array, "items", typed ("object", NULL));
        json_object_set_object_member (responses, success, response ("Success", envelope (array, FALSE)));
      }
      break;
    case CARE_RESPONSE_EMPTY:
      json_object_set_object_member (responses, success, response ("Done", NULL));
      break;
    case CARE_RESPONSE_FHIR:
      {
        /* Not in the envelope: the body is the FHIR resource itself. */
        JsonObject *bundle = typed ("object", NULL);
        JsonObject *fhir = json_object_new ();

        json_object_set_string_member (bundle, "description",
                                       "A FHIR R4 Bundle of type collection: Patient, Practitioner, Encounter, "
                                       "Observation, DiagnosticReport, Condition, AllergyIntolerance, "
                                       "MedicationRequest, MedicationStatement, Immunization (docs/fhir.md)");
        json_object_set_string_member (fhir, "description", "The patient's record");
        json_object_set_object_member (fhir, "content", typed_content ("application/fhir+json", bundle));
        json_object_set_object_member (responses, success, fhir);
      }
      break;
    case CARE_RESPONSE_OBJECT:
    default:
      json_object_set_object_member (responses, success, response ("Success", envelope (typed ("object", NULL), FALSE)));
      break;
    }
  {
    const char *errors[][2] = {
      { "400", "Malformed request: bad JSON, bad query parameter" },
      { "401", "No or invalid access token" },
      { "403", "The role lacks the permission" },
      { "404", "No such record in this clinic" },
      { "409", "Conflict with the record's state or another record" },
      { "422", "Validation failed; errors name the fields" },
      { "429", "Too many attempts; see Retry-After" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
      json_object_set_object_member (responses, errors[i][0], response (errors[i][1], ref_schema ("Error")));
  }
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
    {
      g_autofree char *name = schema_name (entities[i]);
      json_object_set_object_member (schemas, name, entity_schema (entities[i]));
    }
  json_object_set_object_member (schemas, "Error", error_schema ());
  json_object_set_object_member (schemas, "Meta", meta_schema ());
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
  r->response = CARE_RESPONSE_OBJECT;
}
