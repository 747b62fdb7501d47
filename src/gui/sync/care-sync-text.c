/* care-sync-text.c: how sync things read, for the indicator and the Sync page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-sync-text"

#include "config.h"

#include "care-clock.h"

#include <glib/gi18n.h>

#include "care-sync-text.h"

char *
care_sync_format_when (gint64   unix_seconds,
                       gboolean in_sentence)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autofree char *time_text = NULL;
  gint64 ago;
  int days;

  if (unix_seconds <= 0 || (then = g_date_time_new_from_unix_local (unix_seconds)) == NULL)
    return g_strdup (in_sentence ? C_("in a sentence", "never") : _("Never"));

  ago = g_date_time_to_unix (now) - unix_seconds;

  if (ago < 60)
    return g_strdup (in_sentence ? C_("in a sentence", "just now") : _("Just now"));

  if (ago < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%d minute ago", "%d minutes ago",
                                         (gulong) (ago / 60)),
                            (int) (ago / 60));

  time_text = g_date_time_format (then, "%H:%M");
  days = g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (then);
  if (g_date_time_get_year (now) != g_date_time_get_year (then))
    days = -1;

  if (days == 0)
    return g_strdup_printf (in_sentence ?
                            /* Translators: %s is a time of day, "14:05" */
                            C_("in a sentence", "today at %s") :
                            /* Translators: %s is a time of day, "14:05" */
                            _("Today at %s"), time_text);

  if (days == 1)
    return g_strdup_printf (in_sentence ?
                            /* Translators: %s is a time of day, "14:05" */
                            C_("in a sentence", "yesterday at %s") :
                            /* Translators: %s is a time of day, "14:05" */
                            _("Yesterday at %s"), time_text);

  /* Translators: a date and time for g_date_time_format(): "21 November at 14:05" */
  return g_date_time_format (then, _("%-d %B at %H:%M"));
}

char *
care_sync_format_iso_when (const char *iso8601)
{
  g_autoptr(GDateTime) when = NULL;

  if (iso8601 == NULL || *iso8601 == '\0')
    return NULL;

  when = g_date_time_new_from_iso8601 (iso8601, NULL);
  if (when == NULL)
    return NULL;

  return care_sync_format_when (g_date_time_to_unix (when), TRUE);
}

char *
care_sync_dup_staff_name (CareStore  *store,
                          const char *user_id)
{
  g_autoptr(CareRecord) user = NULL;
  const char *name;

  if (user_id == NULL || *user_id == '\0')
    return g_strdup (_("Someone"));

  user = care_store_get (store, care_schema_lookup ("user"), user_id, NULL);
  name = user ? care_record_get (user, "full_name") : NULL;
  if (name == NULL || *name == '\0')
    name = user ? care_record_get (user, "username") : NULL;

  if (name == NULL || *name == '\0')
    return g_strdup (_("A staff member of another workstation"));

  return g_strdup (name);
}

const char *
care_sync_field_label (const CareEntity *entity,
                       const char       *field)
{
  const CareField *info = entity ? care_entity_field (entity, field) : NULL;

  if (info == NULL || info->label == NULL)
    return field;

  return _(info->label);
}

char *
care_sync_dup_record_title (CareStore  *store,
                            const char *entity_name,
                            const char *record_id,
                            JsonObject *fields)
{
  const CareEntity *entity = care_schema_lookup (entity_name);
  g_autoptr(CareRecord) record = NULL;
  g_autofree char *title = NULL;

  if (entity == NULL)
    return g_strdup (entity_name ? entity_name : "");

  if (record_id != NULL)
    record = care_store_get (store, entity, record_id, NULL);

  /* A record that is gone here: its title from what the change carried. */
  if (record == NULL && fields != NULL)
    record = care_record_new_from_json (entity, fields, NULL);

  if (record != NULL)
    title = care_record_dup_title (record);

  if (title == NULL || *title == '\0')
    return g_strdup (_(entity->label));

  /* Translators: what a change is about, "Patient · María Fernández" */
  return g_strdup_printf (_("%s · %s"), _(entity->label), title);
}

static char *
node_to_text (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return NULL;

  if (!JSON_NODE_HOLDS_VALUE (value))
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();

      json_generator_set_root (generator, value);
      return json_generator_to_data (generator, NULL);
    }

  switch (json_node_get_value_type (value))
    {
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (value) ? "1" : "0");

    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));

    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (value)));
      }

    default:
      return g_strdup (json_node_get_string (value));
    }
}

char *
care_sync_format_value (CareStore       *store,
                        const CareField *field,
                        JsonNode        *node)
{
  g_autofree char *value = node_to_text (node);

  if (value == NULL || *value == '\0')
    return g_strdup (_("(empty)"));

  if (field == NULL)
    return g_steal_pointer (&value);

  switch (field->type)
    {
    case CARE_FIELD_ENUM:
      {
        const char *label = care_field_choice_label (field, value);

        return g_strdup (label ? label : value);
      }

    case CARE_FIELD_BOOL:
      return g_strdup (g_str_equal (value, "1") || g_str_equal (value, "true") ? _("Yes") : _("No"));

    case CARE_FIELD_DATETIME:
      {
        g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (value, NULL);
        g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

        return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_steal_pointer (&value);
      }

    case CARE_FIELD_MONEY:
      {
        gint64 units = g_ascii_strtoll (value, NULL, 10);

        return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", units < 0 ? "-" : "",
                                ABS (units) / 100, (int) (ABS (units) % 100));
      }

    case CARE_FIELD_LIST:
      {
        g_autoptr(JsonParser) parser = json_parser_new ();
        g_autoptr(GString) text = g_string_new (NULL);
        JsonArray *items;

        if (!json_parser_load_from_data (parser, value, -1, NULL) ||
            !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
          return g_steal_pointer (&value);

        items = json_node_get_array (json_parser_get_root (parser));
        for (guint i = 0; i < json_array_get_length (items); i++)
          {
            const char *item = json_array_get_string_element (items, i);

            if (item == NULL)
              continue;
            if (text->len > 0)
              g_string_append (text, ", ");
            g_string_append (text, item);
          }

        return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : g_strdup (_("(empty)"));
      }

    case CARE_FIELD_REF:
      {
        const CareEntity *entity = care_schema_lookup (field->ref);
        g_autoptr(CareRecord) record = NULL;

        if (entity != NULL)
          record = care_store_get (store, entity, value, NULL);
        if (record != NULL)
          return care_record_dup_title (record);

        return g_strdup (_("A record not on this workstation"));
      }

    case CARE_FIELD_BLOB:
      return g_strdup (_("A file"));

    default:
      return g_steal_pointer (&value);
    }
}
