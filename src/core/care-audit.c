/* care-audit.c: the server's audit entries as the workstation reads and exports them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-audit"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "care-audit.h"

GPtrArray *
care_audit_entries_from_json (JsonArray *data,
                              GError   **error)
{
  const CareEntity *entity = care_schema_lookup ("audit_entry");
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);

  g_return_val_if_fail (data != NULL, NULL);

  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *node = json_array_get_element (data, i);
      CareRecord *entry;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The server sent an audit entry Caredesk cannot read."));
          return NULL;
        }
      entry = care_record_new_from_json (entity, json_node_get_object (node), error);
      if (entry == NULL)
        return NULL;
      g_ptr_array_add (entries, entry);
    }
  return g_steal_pointer (&entries);
}

const char *
care_audit_patient_id (const CareRecord *record)
{
  const CareEntity *entity;
  const CareField *field;

  g_return_val_if_fail (record != NULL, NULL);

  entity = care_record_get_entity (record);
  if (care_audit_patient_of (entity->name, care_record_get_id (record)))
    return care_record_get_id (record);
  field = care_entity_patient_ref (entity);
  return field ? care_record_get (record, field->name) : NULL;
}

const char *
care_audit_patient_of (const char *entity,
                       const char *record_id)
{
  return g_strcmp0 (entity, "patient") == 0 ? record_id : NULL;
}

static void
append_field (GString    *csv,
              const char *value,
              gboolean    last)
{
  if (value == NULL)
    value = "";
  if (strpbrk (value, ",\"\r\n") != NULL)
    {
      g_string_append_c (csv, '"');
      for (const char *c = value; *c; c++)
        {
          if (*c == '"')
            g_string_append_c (csv, '"');
          g_string_append_c (csv, *c);
        }
      g_string_append_c (csv, '"');
    }
  else
    g_string_append (csv, value);
  g_string_append (csv, last ? "\r\n" : ",");
}

static const char *
name_of (GHashTable *names,
         const char *user_id)
{
  const char *name = names && user_id ? g_hash_table_lookup (names, user_id) : NULL;

  return name ? name : user_id;
}

static const char *
what_of (CareRecord *entry)
{
  const CareEntity *what = care_schema_lookup (care_record_get (entry, "entity"));

  return what ? g_dgettext (GETTEXT_PACKAGE, what->label) : care_record_get (entry, "entity");
}

static const char *
action_of (CareRecord *entry)
{
  return care_field_choice_label (care_entity_field (care_record_get_entity (entry), "action"),
                                  care_record_get (entry, "action"));
}

char *
care_audit_csv (GPtrArray  *entries,
                GHashTable *names)
{
  GString *csv = g_string_new (NULL);
  const char *header[] = { _("When (UTC)"), _("Who"), _("Role"), _("Action"), _("What"), _("Record"),
                           _("Workstation") };

  g_return_val_if_fail (entries != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    append_field (csv, header[i], i + 1 == G_N_ELEMENTS (header));
  for (guint i = 0; i < entries->len; i++)
    {
      CareRecord *entry = g_ptr_array_index (entries, i);
      const char *role = care_record_get (entry, "actor_role");

      append_field (csv, care_record_get (entry, "at"), FALSE);
      append_field (csv, name_of (names, care_record_get (entry, "actor_id")), FALSE);
      append_field (csv, role ? care_role_label (role) : NULL, FALSE);
      append_field (csv, action_of (entry), FALSE);
      append_field (csv, what_of (entry), FALSE);
      append_field (csv, care_record_get (entry, "record_id"), FALSE);
      append_field (csv, care_record_get (entry, "workstation"), TRUE);
    }
  return g_string_free (csv, FALSE);
}

char *
care_audit_describe (CareRecord *entry,
                     GHashTable *names)
{
  const char *who = name_of (names, care_record_get (entry, "actor_id"));
  const char *role = care_record_get (entry, "actor_role");

  g_return_val_if_fail (entry != NULL, NULL);

  if (who == NULL)
    /* Translators: an audit entry without a signed-in person: action, then what, e.g. "Signed in: User" */
    return g_strdup_printf (_("Someone not signed in: %s %s"), action_of (entry), what_of (entry));
  /* Translators: an audit entry: who, their role, the action, what, e.g.
   * "Olga Petrova (Administrator): Read Patient" */
  return g_strdup_printf (_("%s (%s): %s %s"), who, role ? care_role_label (role) : "—", action_of (entry),
                          what_of (entry));
}
