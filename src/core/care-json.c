/* care-json.c: the one writer of Caredesk's JSON text
 *
 * json-glib's generator writes a double with 17 digits (36.6 becomes
 * 36.600000000000001) and escapes strings its own way; every JSON text
 * Caredesk sends or keeps is written here instead, so a value is the same
 * bytes whichever path wrote it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "care-json.h"

const char *
care_json_format_double (char  *buf,
                         gsize  size,
                         double x)
{
  g_return_val_if_fail (size >= CARE_JSON_DOUBLE_BUF_SIZE, NULL);

  if (!isfinite (x))
    return NULL;
  if (x == 0)
    return strcpy (buf, "0");   /* -0 too: JSON readers make it 0 anyway */
  /* 15 digits are exact for most decimals people type; 17 always are. */
  for (int digits = 15; digits < 17; digits++)
    {
      g_ascii_formatd (buf, size, digits == 15 ? "%.15g" : "%.16g", x);
      if (g_ascii_strtod (buf, NULL) == x)
        return buf;
    }
  return g_ascii_formatd (buf, size, "%.17g", x);
}

void
care_json_append_double (GString *out,
                         double   x)
{
  char buf[CARE_JSON_DOUBLE_BUF_SIZE];
  const char *text = care_json_format_double (buf, sizeof buf, x);

  g_string_append (out, text ? text : "null");
}

void
care_json_append_int (GString *out,
                      gint64   n)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 u = n < 0 ? -(guint64) n : (guint64) n;

  /* By hand: rows are written by the ten thousand. */
  do
    *--p = '0' + u % 10;
  while ((u /= 10) > 0);
  if (n < 0)
    *--p = '-';
  g_string_append_len (out, p, buf + sizeof buf - p);
}

void
care_json_append_string_len (GString    *out,
                             const char *text,
                             gssize      length)
{
  const guchar *p, *run, *end;
  g_autofree char *valid = NULL;
  gsize len = length < 0 ? strlen (text) : (gsize) length;

  /* Only text with bytes beyond ASCII needs the UTF-8 check. */
  for (p = (const guchar *) text, end = p + len; p < end && *p < 0x80; p++)
    ;
  if (p < end && !g_utf8_validate_len (text, len, NULL))
    {
      valid = g_utf8_make_valid (text, len);
      text = valid;
      len = strlen (valid);
    }

  g_string_append_c (out, '"');
  /* Runs of plain characters are copied at once. */
  for (p = run = (const guchar *) text, end = p + len; p < end; p++)
    {
      guchar c = *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, (const char *) run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"': g_string_append_len (out, "\\\"", 2); break;
        case '\\': g_string_append_len (out, "\\\\", 2); break;
        case '\n': g_string_append_len (out, "\\n", 2); break;
        case '\t': g_string_append_len (out, "\\t", 2); break;
        case '\r': g_string_append_len (out, "\\r", 2); break;
        default: g_string_append_printf (out, "\\u%04x", c); break;
        }
    }
  g_string_append_len (out, (const char *) run, p - run);
  g_string_append_c (out, '"');
}

void
care_json_append_string (GString    *out,
                         const char *text)
{
  care_json_append_string_len (out, text, -1);
}

static void
append_value (GString  *out,
              JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    care_json_append_int (out, json_node_get_int (node));
  else if (type == G_TYPE_DOUBLE)
    care_json_append_double (out, json_node_get_double (node));
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
  else if (type == G_TYPE_STRING)
    care_json_append_string (out, json_node_get_string (node));
  else
    g_string_append (out, "null");
}

void
care_json_append_node (GString  *out,
                       JsonNode *node)
{
  if (node == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        /* In the order the members were added, as json-glib writes them. */
        g_autoptr(GList) members = json_object_get_members (object);

        g_string_append_c (out, '{');
        for (const GList *l = members; l; l = l->next)
          {
            if (l != members)
              g_string_append_c (out, ',');
            care_json_append_string (out, l->data);
            g_string_append_c (out, ':');
            care_json_append_node (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i)
              g_string_append_c (out, ',');
            care_json_append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      append_value (out, node);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

char *
care_json_to_string (JsonNode *node,
                     gsize    *length)
{
  GString *out = g_string_sized_new (256);

  care_json_append_node (out, node);
  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}

char *
care_json_object_to_string (JsonObject *object,
                            gsize      *length)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return care_json_to_string (node, length);
}
