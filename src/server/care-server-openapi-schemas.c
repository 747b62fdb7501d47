/* care-server-openapi-schemas.c: the OpenAPI document's schemas, from care-schema.c and examples
 *
 * Each entity has four: the record as the server answers it (Patient), what
 * a create takes (PatientCreate: the required fields but those the rules
 * fill in, an optional id), what PATCH takes (PatientPatch: any of them,
 * none required) and what PUT takes (PatientReplace). Ad-hoc bodies and
 * answers get their schema from the example the route declares.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-openapi"

#include "config.h"

#include <string.h>

#include "care-server-openapi.h"

JsonObject *
care_openapi_ref (const char *name)
{
  JsonObject *o = json_object_new ();
  g_autofree char *ref = g_strdup_printf ("#/components/schemas/%s", name);

  json_object_set_string_member (o, "$ref", ref);
  return o;
}

JsonObject *
care_openapi_typed (const char *type,
                    const char *format)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "type", type);
  if (format)
    json_object_set_string_member (o, "format", format);
  return o;
}

static JsonObject *
field_schema (const CareField *field,
              gboolean         nullable)
{
  JsonObject *o;

  switch (field->type)
    {
    case CARE_FIELD_INT:
      o = care_openapi_typed ("integer", "int64");
      break;
    case CARE_FIELD_MONEY:
      o = care_openapi_typed ("integer", "int64");
      json_object_set_string_member (o, "description", "Money in minor units (cents)");
      break;
    case CARE_FIELD_DECIMAL:
      o = care_openapi_typed ("number", "double");
      break;
    case CARE_FIELD_BOOL:
      o = care_openapi_typed ("boolean", NULL);
      break;
    case CARE_FIELD_DATE:
      o = care_openapi_typed ("string", "date");
      break;
    case CARE_FIELD_DATETIME:
      o = care_openapi_typed ("string", "date-time");
      break;
    case CARE_FIELD_TIME:
      o = care_openapi_typed ("string", NULL);
      json_object_set_string_member (o, "pattern", "^[0-2][0-9]:[0-5][0-9]$");
      break;
    case CARE_FIELD_ENUM:
      {
        JsonArray *values = json_array_new ();

        o = care_openapi_typed ("string", NULL);
        for (guint i = 0; field->choices && field->choices[i]; i++)
          json_array_add_string_element (values, field->choices[i]);
        /* Not null among them: tools add it for "nullable", and a
         * repeated value makes the schema invalid. */
        json_object_set_array_member (o, "enum", values);
      }
      break;
    case CARE_FIELD_REF:
      o = care_openapi_typed ("string", "uuid");
      json_object_set_string_member (o, "description", field->ref);
      break;
    case CARE_FIELD_EMAIL:
      o = care_openapi_typed ("string", "email");
      break;
    case CARE_FIELD_LIST:
      o = care_openapi_typed ("array", NULL);
      json_object_set_object_member (o, "items", care_openapi_typed ("string", NULL));
      break;
    case CARE_FIELD_BLOB:
      o = care_openapi_typed ("string", "byte");
      break;
    case CARE_FIELD_PHONE:
    case CARE_FIELD_TEXT:
    case CARE_FIELD_LONG_TEXT:
    default:
      o = care_openapi_typed ("string", NULL);
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
  if (nullable)
    json_object_set_boolean_member (o, "nullable", TRUE);
  return o;
}

static void
finish_object (JsonObject *schema,
               JsonObject *props,
               JsonArray  *required)
{
  json_object_set_string_member (schema, "type", "object");
  json_object_set_object_member (schema, "properties", props);
  json_object_set_boolean_member (schema, "additionalProperties", FALSE);
  if (json_array_get_length (required))
    json_object_set_array_member (schema, "required", required);
  else
    json_array_unref (required);
}

/* The record as GET, POST, PATCH and PUT answer it. */
static JsonObject *
record_schema (const CareEntity *entity)
{
  JsonObject *schema = json_object_new ();
  JsonObject *props = json_object_new ();
  JsonArray *required = json_array_new ();

  json_object_set_string_member (schema, "title", entity->label);
  if (entity->flags & CARE_ENTITY_APPEND_ONLY)
    json_object_set_string_member (schema, "description", "Append-only: cannot be changed or deleted once recorded.");
  for (guint i = 0; i < CARE_N_SYSTEM_COLUMNS; i++)
    {
      const char *name = care_system_column_name (i);
      JsonObject *o = care_openapi_typed ("string", g_str_has_suffix (name, "_at") ? "date-time" : "uuid");

      json_object_set_boolean_member (o, "readOnly", TRUE);
      if (!g_str_equal (name, CARE_COLUMN_ID))
        json_object_set_boolean_member (o, "nullable", TRUE);
      json_object_set_object_member (props, name, o);
    }
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const CareField *field = &entity->fields[i];
      JsonObject *o;

      if (field->flags & CARE_FIELD_SECRET)
        continue;
      o = field_schema (field, !(field->flags & CARE_FIELD_REQUIRED));
      if (field->flags & CARE_FIELD_SYSTEM)
        json_object_set_boolean_member (o, "readOnly", TRUE);
      json_object_set_object_member (props, field->name, o);
      if ((field->flags & CARE_FIELD_REQUIRED) && !(field->flags & CARE_FIELD_SYSTEM))
        json_array_add_string_element (required, field->name);
    }
  finish_object (schema, props, required);
  return schema;
}

typedef enum {
  WRITE_CREATE,
  WRITE_PATCH,
  WRITE_REPLACE,
} WriteKind;

/* What a write takes. The server's own fields are left out of a create
 * (null is accepted, a value refused); a change may send them back as GET
 * gave them, and a different value is refused. */
static JsonObject *
write_schema (const CareEntity *entity,
              WriteKind         kind)
{
  static const char *const descriptions[] = {
    [WRITE_CREATE] = "A new record: the required fields but those the server fills in (the signed-in author, "
                     "a first status, defaults); an id of the client's own is optional.",
    [WRITE_PATCH] = "Only the fields to change; null clears a field.",
    [WRITE_REPLACE] = "Every field a client writes; those left out are cleared.",
  };
  JsonObject *schema = json_object_new ();
  JsonObject *props = json_object_new ();
  JsonArray *required = json_array_new ();
  JsonArray *any_of = json_array_new ();

  json_object_set_string_member (schema, "title", entity->label);
  json_object_set_string_member (schema, "description", descriptions[kind]);
  if (kind == WRITE_CREATE)
    {
      JsonObject *id = care_openapi_typed ("string", "uuid");

      json_object_set_string_member (id, "description",
                                     "A UUID version 7 made by the client; one taken anywhere on the server is "
                                     "refused as a malformed one (422 on id). Left out, the server makes one.");
      json_object_set_object_member (props, CARE_COLUMN_ID, id);
    }
  else
    for (guint i = 0; i < CARE_N_SYSTEM_COLUMNS; i++)
      {
        const char *name = care_system_column_name (i);
        JsonObject *o = care_openapi_typed ("string", g_str_has_suffix (name, "_at") ? "date-time" : "uuid");

        json_object_set_boolean_member (o, "nullable", TRUE);
        json_object_set_string_member (o, "description", "Set by the server: may be sent back as GET gave it; "
                                                         "another value is refused (422).");
        json_object_set_object_member (props, name, o);
      }
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const CareField *field = &entity->fields[i];
      gboolean needed = (field->flags & CARE_FIELD_REQUIRED) != 0;

      if (field->flags & CARE_FIELD_SECRET)
        continue;
      if (field->flags & CARE_FIELD_SYSTEM)
        {
          if (kind != WRITE_CREATE)
            {
              JsonObject *o = field_schema (field, TRUE);

              json_object_set_string_member (o, "description", "Set by the server: may be sent back as GET gave "
                                                               "it; another value is refused (422).");
              json_object_set_object_member (props, field->name, o);
            }
          continue;
        }
      if (kind == WRITE_CREATE && care_rules_fills_in (entity, field->name))
        needed = FALSE;
      /* Required unless its alternative is given: one of the two. */
      if (needed && kind == WRITE_CREATE && care_rules_alternative (entity, field->name))
        {
          const char *either[] = { field->name, care_rules_alternative (entity, field->name) };

          for (guint k = 0; k < G_N_ELEMENTS (either); k++)
            {
              JsonObject *one = json_object_new ();
              JsonArray *names = json_array_new ();

              json_array_add_string_element (names, either[k]);
              json_object_set_array_member (one, "required", names);
              json_array_add_object_element (any_of, one);
            }
          needed = FALSE;
        }
      json_object_set_object_member (props, field->name, field_schema (field, kind == WRITE_PATCH || !needed));
      if (needed && kind != WRITE_PATCH)
        json_array_add_string_element (required, field->name);
    }
  /* A staff account's first password goes with its creation, never back. */
  if (kind == WRITE_CREATE && g_str_equal (entity->name, "user"))
    {
      JsonObject *pw = care_openapi_typed ("string", "password");

      json_object_set_boolean_member (pw, "writeOnly", TRUE);
      json_object_set_string_member (pw, "description", "The account's first password (the password policy applies)");
      json_object_set_object_member (props, "password", pw);
      json_array_add_string_element (required, "password");
    }
  finish_object (schema, props, required);
  if (json_array_get_length (any_of))
    json_object_set_array_member (schema, "anyOf", any_of);
  else
    json_array_unref (any_of);
  return schema;
}

char *
care_openapi_schema_name (const CareEntity *entity,
                          const char       *suffix)
{
  g_auto(GStrv) words = g_strsplit (entity->name, "_", -1);
  GString *s = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    {
      words[i][0] = g_ascii_toupper (words[i][0]);
      g_string_append (s, words[i]);
    }
  if (suffix)
    g_string_append (s, suffix);
  return g_string_free (s, FALSE);
}

void
care_openapi_entity_schemas (JsonObject       *schemas,
                             const CareEntity *entity)
{
  static const char *const suffixes[] = {
    [WRITE_CREATE] = "Create", [WRITE_PATCH] = "Patch", [WRITE_REPLACE] = "Replace",
  };
  g_autofree char *name = care_openapi_schema_name (entity, NULL);

  json_object_set_object_member (schemas, name, record_schema (entity));
  for (guint k = 0; k < G_N_ELEMENTS (suffixes); k++)
    {
      g_autofree char *write_name = care_openapi_schema_name (entity, suffixes[k]);

      json_object_set_object_member (schemas, write_name, write_schema (entity, k));
    }
}

/* --- schemas from examples ---------------------------------------------- */

/* strict: the example's members are required (the answer or body itself,
 * and the items of its arrays); an object inside is a map whose members
 * the example only illustrates ("fields": {"phone": …}). */
static JsonObject *
node_schema (const char *name,
             JsonNode   *node,
             gboolean    strict)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *example = json_node_get_object (node);
      JsonObject *schema = care_openapi_typed ("object", NULL);
      JsonObject *props = json_object_new ();
      JsonArray *required = json_array_new ();
      g_autoptr(GList) members = json_object_get_members (example);

      for (GList *l = members; l; l = l->next)
        {
          JsonNode *value = json_object_get_member (example, l->data);
          const char *text = JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
                             ? json_node_get_string (value) : NULL;
          gboolean optional = g_str_has_suffix (l->data, "?");
          g_autofree char *member = g_strndup (l->data, strlen (l->data) - optional);

          JsonObject *prop = node_schema (member, value, FALSE);

          if (optional)
            json_object_set_boolean_member (prop, "nullable", TRUE);
          json_object_set_object_member (props, member, prop);
          if (strict && !optional && (text == NULL || !g_str_has_prefix (text, "(optional")))
            json_array_add_string_element (required, member);
        }
      json_object_set_object_member (schema, "properties", props);
      if (json_array_get_length (required))
        json_object_set_array_member (schema, "required", required);
      else
        json_array_unref (required);
      return schema;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *example = json_node_get_array (node);
      JsonObject *schema = care_openapi_typed ("array", NULL);

      json_object_set_object_member (schema, "items", json_array_get_length (example)
                                     ? node_schema (name, json_array_get_element (example, 0), TRUE)
                                     : json_object_new ());
      return schema;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    {
      JsonObject *schema = json_object_new ();

      json_object_set_boolean_member (schema, "nullable", TRUE);
      return schema;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return care_openapi_typed ("boolean", NULL);
    case G_TYPE_INT64:
      return care_openapi_typed ("integer", NULL);
    case G_TYPE_DOUBLE:
      return care_openapi_typed ("number", NULL);
    default:
      {
        const char *text = json_node_get_string (node);
        JsonObject *schema;

        /* "(optional; …)" says what the member is for. */
        if (g_str_has_prefix (text, "(optional"))
          {
            schema = care_openapi_typed ("string", NULL);
            json_object_set_boolean_member (schema, "nullable", TRUE);
          }
        else if (care_uuid_is_valid (text) || (name && (g_str_equal (name, "id") || g_str_has_suffix (name, "_id"))))
          schema = care_openapi_typed ("string", "uuid");
        else if (name && g_str_has_suffix (name, "_at"))
          schema = care_openapi_typed ("string", "date-time");
        else
          schema = care_openapi_typed ("string", NULL);
        return schema;
      }
    }
}

/* The example without the "?" that marks optional members. */
static JsonNode *
clean_example (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *in = json_node_get_object (node);
      JsonObject *out = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (in);
      JsonNode *copy = json_node_new (JSON_NODE_OBJECT);

      for (GList *l = members; l; l = l->next)
        {
          g_autofree char *member = g_strndup (l->data, strlen (l->data) - g_str_has_suffix (l->data, "?"));
          json_object_set_member (out, member, clean_example (json_object_get_member (in, l->data)));
        }
      json_node_take_object (copy, out);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *in = json_node_get_array (node);
      JsonArray *out = json_array_new ();
      JsonNode *copy = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (in); i++)
        json_array_add_element (out, clean_example (json_array_get_element (in, i)));
      json_node_take_array (copy, out);
      return copy;
    }
  return json_node_copy (node);
}

JsonObject *
care_openapi_example_schema (const char *example)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *schema;

  /* test-server-openapi fails on the fallback, naming the route. */
  if (!json_parser_load_from_data (parser, example, -1, NULL))
    return care_openapi_typed ("object", NULL);
  schema = node_schema (NULL, json_parser_get_root (parser), TRUE);
  json_object_set_member (schema, "example", clean_example (json_parser_get_root (parser)));
  return schema;
}

JsonObject *
care_openapi_error_schema (void)
{
  JsonObject *schema = care_openapi_typed ("object", NULL);
  JsonObject *props = json_object_new ();
  JsonObject *errors = care_openapi_typed ("array", NULL);
  JsonObject *item = care_openapi_typed ("object", NULL);
  JsonObject *item_props = json_object_new ();
  JsonArray *required = json_array_new ();

  json_object_set_object_member (props, "status", care_openapi_typed ("integer", NULL));
  json_object_set_object_member (props, "message", care_openapi_typed ("string", NULL));
  json_object_set_object_member (item_props, "field", care_openapi_typed ("string", NULL));
  json_object_set_object_member (item_props, "message", care_openapi_typed ("string", NULL));
  json_object_set_object_member (item, "properties", item_props);
  json_object_set_object_member (errors, "items", item);
  json_object_set_object_member (props, "errors", errors);
  json_object_set_object_member (props, "timestamp", care_openapi_typed ("string", "date-time"));
  json_object_set_object_member (schema, "properties", props);
  json_array_add_string_element (required, "status");
  json_array_add_string_element (required, "message");
  json_array_add_string_element (required, "errors");
  json_array_add_string_element (required, "timestamp");
  json_object_set_array_member (schema, "required", required);
  return schema;
}

JsonObject *
care_openapi_meta_schema (void)
{
  JsonObject *schema = care_openapi_typed ("object", NULL);
  JsonObject *props = json_object_new ();

  json_object_set_object_member (props, "page", care_openapi_typed ("integer", NULL));
  json_object_set_object_member (props, "per_page", care_openapi_typed ("integer", NULL));
  json_object_set_object_member (props, "total", care_openapi_typed ("integer", NULL));
  json_object_set_object_member (props, "total_pages", care_openapi_typed ("integer", NULL));
  json_object_set_object_member (schema, "properties", props);
  return schema;
}
