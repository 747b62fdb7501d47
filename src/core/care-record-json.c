/* care-record-json.c: records and field values to JSON and back — the one codec
 *
 * A record's JSON is written from its canonical text values (care-record.h)
 * by care_json_append_value(): the server's answers, the outbox, the rows
 * of a sync page (care_store_append_row_json()) and json-glib trees
 * (care_record_to_json(), written by care_json_append_node()) all give the
 * same bytes for the same record; tests/core/test-codec.c holds them to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-record"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "care-json.h"
#include "care-record.h"

/* System columns (id, created_at, …) are text. */
static const CareField system_field = { .name = "", .type = CARE_FIELD_TEXT };

/* --- lists --------------------------------------------------------------- */

char *
care_json_list_text (const char *const *items)
{
  g_autoptr(GString) out = g_string_new ("[");
  guint n = 0;

  for (guint i = 0; items && items[i]; i++)
    {
      g_autofree char *item = g_strstrip (g_strdup (items[i]));

      if (item[0] == '\0')
        continue;
      if (n++)
        g_string_append_c (out, ',');
      care_json_append_string (out, item);
    }
  if (n == 0)
    return NULL;
  g_string_append_c (out, ']');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "u00xx" as care_json_append_string() spells a control character. */
static gboolean
is_control_escape (const char *p,
                   const char *end)
{
  int hi, lo;

  if (end - p < 5 || p[0] != 'u' || p[1] != '0' || p[2] != '0')
    return FALSE;
  hi = g_ascii_xdigit_value (p[3]);
  lo = g_ascii_xdigit_value (p[4]);
  if (hi < 0 || lo < 0 || g_ascii_isupper (p[3]) || g_ascii_isupper (p[4]))
    return FALSE;
  return hi * 16 + lo < 0x20 && !strchr ("\n\t\r", hi * 16 + lo);
}

/* TRUE when text is a list exactly as care_json_append_string() writes
 * one (no spaces, the same escapes): copied as it is, it is the same bytes
 * as writing it item by item. Stored lists nearly always are. */
static gboolean
is_canonical_list (const char *text,
                   gsize       length)
{
  const char *p = text, *end = text + length;

  if (length < 2 || *p++ != '[' || end[-1] != ']' || !g_utf8_validate_len (text, length, NULL))
    return FALSE;
  end--;
  if (p == end)
    return TRUE;
  for (;;)
    {
      if (p >= end || *p++ != '"')
        return FALSE;
      for (; p < end && *p != '"'; p++)
        {
          if ((guchar) *p < 0x20)
            return FALSE;
          if (*p != '\\')
            continue;
          p++;
          if (p < end && *p && strchr ("\"\\ntr", *p))
            continue;
          if (!is_control_escape (p, end))
            return FALSE;
          p += 4;
        }
      if (p >= end)
        return FALSE;
      p++;   /* the closing quote */
      if (p == end)
        return TRUE;
      if (*p++ != ',')
        return FALSE;
    }
}

static JsonNode *
parse_list (const char *text,
            gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, length, NULL) ||
      !JSON_NODE_HOLDS_ARRAY ((root = json_parser_get_root (parser))))
    return NULL;
  return json_node_ref (root);
}

/* A list's items as strings (anything else null). */
static JsonNode *
list_node (const char *text,
           gsize       length)
{
  g_autoptr(JsonNode) parsed = parse_list (text, length);
  JsonArray *items, *array;

  if (parsed == NULL)
    return json_node_new (JSON_NODE_NULL);
  items = json_node_get_array (parsed);
  array = json_array_sized_new (json_array_get_length (items));
  for (guint k = 0; k < json_array_get_length (items); k++)
    {
      JsonNode *item = json_array_get_element (items, k);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        json_array_add_string_element (array, json_node_get_string (item));
      else
        json_array_add_null_element (array);
    }
  return json_node_init_array (json_node_alloc (), array);
}

/* --- one value ------------------------------------------------------------ */

static gboolean
parse_decimal (const char *text,
               double     *x)
{
  char *end = NULL;

  *x = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*x);
}

static gboolean
parse_bool (const char *text,
            gsize       length)
{
  return length == 1 && text[0] == '1';
}

void
care_json_append_value (GString         *out,
                        const CareField *field,
                        const char      *text,
                        gssize           length,
                        GBytes          *blob)
{
  CareFieldType type = field ? field->type : CARE_FIELD_TEXT;
  gsize len;

  if (type == CARE_FIELD_BLOB)
    {
      if (blob && g_bytes_get_size (blob) > 0)
        {
          g_autofree char *b64 = g_base64_encode (g_bytes_get_data (blob, NULL), g_bytes_get_size (blob));
          care_json_append_string (out, b64);
        }
      else
        g_string_append (out, "null");
      return;
    }
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  len = length < 0 ? strlen (text) : (gsize) length;

  switch (type)
    {
    case CARE_FIELD_INT:
    case CARE_FIELD_MONEY:
      care_json_append_int (out, g_ascii_strtoll (text, NULL, 10));
      break;
    case CARE_FIELD_DECIMAL:
      {
        g_autofree char *copy = length < 0 ? NULL : g_strndup (text, len);
        double x;

        if (parse_decimal (copy ? copy : text, &x))
          care_json_append_double (out, x);
        else
          g_string_append (out, "null");
      }
      break;
    case CARE_FIELD_BOOL:
      g_string_append (out, parse_bool (text, len) ? "true" : "false");
      break;
    case CARE_FIELD_LIST:
      if (is_canonical_list (text, len))
        g_string_append_len (out, text, len);
      else
        {
          g_autoptr(JsonNode) node = list_node (text, len);
          care_json_append_node (out, node);
        }
      break;
    case CARE_FIELD_TEXT:
    case CARE_FIELD_LONG_TEXT:
    case CARE_FIELD_DATE:
    case CARE_FIELD_DATETIME:
    case CARE_FIELD_TIME:
    case CARE_FIELD_ENUM:
    case CARE_FIELD_REF:
    case CARE_FIELD_EMAIL:
    case CARE_FIELD_PHONE:
    case CARE_FIELD_BLOB:
    default:
      care_json_append_string_len (out, text, len);
      break;
    }
}

JsonNode *
care_json_value_node (const CareField *field,
                      const char      *text,
                      GBytes          *blob)
{
  CareFieldType type = field ? field->type : CARE_FIELD_TEXT;
  JsonNode *node = json_node_alloc ();
  double x;

  if (type == CARE_FIELD_BLOB)
    {
      if (blob && g_bytes_get_size (blob) > 0)
        {
          g_autofree char *b64 = g_base64_encode (g_bytes_get_data (blob, NULL), g_bytes_get_size (blob));
          return json_node_init_string (node, b64);
        }
      return json_node_init_null (node);
    }
  if (text == NULL)
    return json_node_init_null (node);

  switch (type)
    {
    case CARE_FIELD_INT:
    case CARE_FIELD_MONEY:
      return json_node_init_int (node, g_ascii_strtoll (text, NULL, 10));
    case CARE_FIELD_DECIMAL:
      return parse_decimal (text, &x) ? json_node_init_double (node, x) : json_node_init_null (node);
    case CARE_FIELD_BOOL:
      return json_node_init_boolean (node, parse_bool (text, strlen (text)));
    case CARE_FIELD_LIST:
      json_node_free (node);
      return list_node (text, strlen (text));
    case CARE_FIELD_TEXT:
    case CARE_FIELD_LONG_TEXT:
    case CARE_FIELD_DATE:
    case CARE_FIELD_DATETIME:
    case CARE_FIELD_TIME:
    case CARE_FIELD_ENUM:
    case CARE_FIELD_REF:
    case CARE_FIELD_EMAIL:
    case CARE_FIELD_PHONE:
    case CARE_FIELD_BLOB:
    default:
      return json_node_init_string (node, text);
    }
}

gboolean
care_json_value_text (const CareField *field,
                      JsonNode        *node,
                      char           **text,
                      GBytes         **blob)
{
  CareFieldType type = field ? field->type : CARE_FIELD_TEXT;
  GType value_type;

  *text = NULL;
  if (blob)
    *blob = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (type == CARE_FIELD_LIST)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return FALSE;
      array = json_node_get_array (node);
      for (guint k = 0; k < json_array_get_length (array); k++)
        {
          JsonNode *item = json_array_get_element (array, k);

          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
            return FALSE;
        }
      *text = care_json_to_string (node, NULL);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  value_type = json_node_get_value_type (node);

  switch (type)
    {
    case CARE_FIELD_BOOL:
      if (value_type != G_TYPE_BOOLEAN)
        return FALSE;
      *text = g_strdup (json_node_get_boolean (node) ? "1" : "0");
      return TRUE;
    case CARE_FIELD_INT:
    case CARE_FIELD_MONEY:
      if (value_type != G_TYPE_INT64)
        return FALSE;
      *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;
    case CARE_FIELD_DECIMAL:
      {
        char buf[CARE_JSON_DOUBLE_BUF_SIZE];
        const char *formatted;

        if (value_type == G_TYPE_INT64)
          *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
        else if (value_type == G_TYPE_DOUBLE &&
                 (formatted = care_json_format_double (buf, sizeof buf, json_node_get_double (node))))
          *text = g_strdup (formatted);
        else
          return FALSE;
        return TRUE;
      }
    case CARE_FIELD_BLOB:
      {
        gsize len = 0;
        guchar *data;

        if (value_type != G_TYPE_STRING || blob == NULL)
          return FALSE;
        data = g_base64_decode (json_node_get_string (node), &len);
        *blob = g_bytes_new_take (data, len);
        return TRUE;
      }
    case CARE_FIELD_TEXT:
    case CARE_FIELD_LONG_TEXT:
    case CARE_FIELD_DATE:
    case CARE_FIELD_DATETIME:
    case CARE_FIELD_TIME:
    case CARE_FIELD_ENUM:
    case CARE_FIELD_REF:
    case CARE_FIELD_EMAIL:
    case CARE_FIELD_PHONE:
    case CARE_FIELD_LIST:
    default:
      if (value_type != G_TYPE_STRING)
        return FALSE;
      *text = g_strdup (json_node_get_string (node));
      return TRUE;
    }
}

/* --- whole records -------------------------------------------------------- */

static GBytes *
blob_of (const CareRecord *self,
         const CareField  *field)
{
  return field->type == CARE_FIELD_BLOB ? care_record_get_blob (self, field->name) : NULL;
}

static void
append_json (GString          *out,
             const CareRecord *self,
             gboolean          values_only)
{
  const CareEntity *entity;
  gboolean first = TRUE;

  entity = care_record_get_entity (self);
  g_string_append_c (out, '{');
  /* System columns without a value are left out; fields are always there. */
  for (guint i = 0; i < CARE_N_SYSTEM_COLUMNS; i++)
    {
      const char *value = care_record_get_nth (self, entity->n_fields + i);

      if (value == NULL)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      care_json_append_string (out, care_system_column_name (i));
      g_string_append_c (out, ':');
      care_json_append_value (out, &system_field, value, -1, NULL);
    }
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const CareField *field = &entity->fields[i];

      if (field->flags & CARE_FIELD_SECRET)
        continue;
      if (values_only && care_record_get_nth (self, i) == NULL && blob_of (self, field) == NULL)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      care_json_append_string (out, field->name);
      g_string_append_c (out, ':');
      care_json_append_value (out, field, care_record_get_nth (self, i), -1, blob_of (self, field));
    }
  g_string_append_c (out, '}');
}

void
care_record_append_json (GString          *out,
                         const CareRecord *self)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (self != NULL);

  append_json (out, self, FALSE);
}

void
care_record_append_json_values (GString          *out,
                                const CareRecord *self)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (self != NULL);

  append_json (out, self, TRUE);
}

char *
care_record_to_json_text (const CareRecord *self)
{
  GString *out = g_string_sized_new (1024);

  care_record_append_json (out, self);
  return g_string_free (out, FALSE);
}

JsonObject *
care_record_to_json (const CareRecord *self)
{
  const CareEntity *entity;
  JsonObject *object;

  g_return_val_if_fail (self != NULL, NULL);

  entity = care_record_get_entity (self);
  object = json_object_new ();
  for (guint i = 0; i < CARE_N_SYSTEM_COLUMNS; i++)
    {
      const char *value = care_record_get_nth (self, entity->n_fields + i);

      if (value != NULL)
        json_object_set_member (object, care_system_column_name (i),
                                care_json_value_node (&system_field, value, NULL));
    }
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const CareField *field = &entity->fields[i];

      if (field->flags & CARE_FIELD_SECRET)
        continue;
      json_object_set_member (object, field->name,
                              care_json_value_node (field, care_record_get_nth (self, i), blob_of (self, field)));
    }
  return object;
}

CareRecord *
care_record_new_from_json (const CareEntity *entity,
                           JsonObject       *object,
                           GError          **error)
{
  g_autoptr(CareRecord) self = NULL;
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (object != NULL, NULL);

  self = care_record_new (entity);
  members = json_object_get_members (object);
  for (const GList *l = members; l; l = l->next)
    {
      const char *name = l->data;
      int i = care_entity_field_index (entity, name);
      const CareField *field = care_entity_field (entity, name);
      g_autofree char *text = NULL;
      g_autoptr(GBytes) blob = NULL;

      if (i < 0 || (field && (field->flags & CARE_FIELD_SECRET)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Unknown field “%s”"), name);
          return NULL;
        }
      if (!care_json_value_text (field ? field : &system_field, json_object_get_member (object, name), &text, &blob))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Field “%s” has the wrong type"), name);
          return NULL;
        }
      if (blob)
        care_record_set_blob (self, name, blob);
      else if (text)
        care_record_set_nth (self, i, text);
    }

  return g_steal_pointer (&self);
}
