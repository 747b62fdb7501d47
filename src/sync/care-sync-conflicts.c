/* care-sync-conflicts.c: conflicts and refused changes
 *
 * What the Sync page does about what sync could not settle on its own.
 * Every decision is an ordinary local change through care_store_insert(),
 * care_store_update() and care_store_delete(): it gets its outbox entry,
 * with the values the person saw as its base, and syncs like any other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-sync-engine.h"
#include "care-store-sync.h"

GPtrArray *
care_sync_list_conflicts (CareStore *store,
                          GError   **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  return care_store_sync_list_conflicts (store, error);
}

GPtrArray *
care_sync_list_rejected (CareStore *store,
                         GError   **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  return care_store_sync_list_rejected (store, error);
}

gboolean
care_sync_restore_info (CareStore *store,
                        gint64    *restored_at,
                        gint64    *resent)
{
  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  return care_store_sync_restore_info (store, restored_at, resent);
}

gboolean
care_sync_discard_rejected (CareStore  *store,
                            const char *mutation_id,
                            GError    **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (mutation_id != NULL, FALSE);
  return care_store_outbox_discard (store, mutation_id, error);
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Copies the fields of values (JSON, as the server and the outbox write
 * them) into record, in their canonical text form. */
static gboolean
set_fields_from_json (CareRecord *record,
                      JsonObject *values,
                      GError    **error)
{
  const CareEntity *entity = care_record_get_entity (record);
  g_autoptr(CareRecord) parsed = care_record_new_from_json (entity, values, error);
  g_autoptr(GList) members = NULL;

  if (parsed == NULL)
    return FALSE;
  members = json_object_get_members (values);
  for (GList *l = members; l; l = l->next)
    {
      const CareField *field = care_entity_field (entity, l->data);

      if (field == NULL)
        continue;
      if (field->type == CARE_FIELD_BLOB)
        care_record_set_blob (record, field->name, care_record_get_blob (parsed, field->name));
      else
        care_record_set (record, field->name, care_record_get (parsed, field->name));
    }
  return TRUE;
}

/* kind "field": for each field the person kept their own value of, an
 * update that carries the server's value (the row's current one) as its
 * base. Keeping the server's value changes nothing. */
static gboolean
resolve_fields (CareStore        *store,
                const CareEntity *entity,
                const char       *record_id,
                JsonObject       *detail,
                GHashTable       *choices,
                GError          **error)
{
  JsonNode *list = json_object_get_member (detail, "conflicts");
  g_autoptr(JsonObject) mine = json_object_new ();
  g_autoptr(CareRecord) record = NULL;

  if (list && JSON_NODE_HOLDS_ARRAY (list))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
      {
        JsonNode *item = json_array_get_element (json_node_get_array (list), i);
        JsonObject *c = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
        const char *field = c ? json_object_get_string_member_with_default (c, "field", NULL) : NULL;
        const char *choice = field && choices ? g_hash_table_lookup (choices, field) : NULL;

        if (field && g_strcmp0 (choice, "mine") == 0 && json_object_has_member (c, "mine") &&
            care_entity_field (entity, field))
          json_object_set_member (mine, field, json_node_copy (json_object_get_member (c, "mine")));
      }
  if (json_object_get_size (mine) == 0)
    return TRUE;

  record = care_store_get (store, entity, record_id, error);
  if (record == NULL || !set_fields_from_json (record, mine, error))
    return FALSE;
  return care_store_update (store, record, error);
}

/* kind "deleted": the server deleted a record this workstation edited.
 * Keeping the local values creates it again, with the same id so that
 * what refers to it still does. */
static gboolean
recreate (CareStore        *store,
          const CareEntity *entity,
          const char       *record_id,
          JsonObject       *payload,
          GError          **error)
{
  JsonObject *snapshot = object_member (payload, "record");
  JsonObject *fields = object_member (payload, "fields");
  g_autoptr(JsonObject) values = json_object_new ();
  g_autoptr(CareRecord) record = NULL;

  for (guint pass = 0; pass < 2; pass++)
    {
      JsonObject *from = pass == 0 ? snapshot : fields;
      g_autoptr(GList) members = from ? json_object_get_members (from) : NULL;

      for (GList *l = members; l; l = l->next)
        if (care_entity_field (entity, l->data))
          json_object_set_member (values, l->data, json_node_copy (json_object_get_member (from, l->data)));
    }

  record = care_record_new_from_json (entity, values, error);
  if (record == NULL)
    return FALSE;
  care_record_set (record, CARE_COLUMN_ID, record_id);

  /* If the server's deletion has not reached this store yet, the row
   * goes first, without an outbox entry: the server has none of it. */
  {
    g_autoptr(CareRecord) existing = care_store_get (store, entity, record_id, NULL);

    if (existing && !care_store_sync_delete (store, entity, record_id, NULL, error))
      return FALSE;
  }
  return care_store_insert (store, record, error);
}

gboolean
care_sync_resolve_conflict (CareStore  *store,
                            const char *conflict_id,
                            GHashTable *choices,
                            gboolean    keep_mine,
                            GError    **error)
{
  g_autoptr(JsonObject) conflict = NULL;
  const CareEntity *entity;
  const char *kind, *record_id, *entity_name;
  JsonObject *detail, *payload;
  gboolean ok = TRUE;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (conflict_id != NULL, FALSE);

  conflict = care_store_sync_get_conflict (store, conflict_id, error);
  if (conflict == NULL)
    return FALSE;
  if (json_object_has_member (conflict, "resolved_at"))
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND,
                           _("This conflict has already been resolved."));
      return FALSE;
    }
  kind = json_object_get_string_member_with_default (conflict, "kind", "field");
  record_id = json_object_get_string_member_with_default (conflict, "record_id", NULL);
  entity_name = json_object_get_string_member_with_default (conflict, "entity", NULL);
  entity = entity_name ? care_schema_lookup (entity_name) : NULL;
  detail = object_member (conflict, "detail");
  payload = object_member (conflict, "payload");

  if (!care_store_begin (store, error))
    return FALSE;

  /* A record of an entity this build does not know: only dropping the
   * local change is possible, which is what resolving it does. */
  if (entity && record_id)
    {
      if (g_str_equal (kind, "field"))
        ok = resolve_fields (store, entity, record_id, detail, choices, error);
      else if (g_str_equal (kind, "deleted") && keep_mine)
        ok = recreate (store, entity, record_id, payload, error);
      else if (g_str_equal (kind, "edited") && keep_mine)
        {
          g_autoptr(GError) local_error = NULL;

          /* Against the values as they are now: the person saw them. */
          ok = care_store_delete (store, entity, record_id, &local_error);
          if (!ok && g_error_matches (local_error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND))
            ok = TRUE;   /* gone meanwhile: what was wanted */
          else if (!ok)
            g_propagate_error (error, g_steal_pointer (&local_error));
        }
    }

  if (!ok || !care_store_sync_mark_resolved (store, conflict_id, error))
    {
      care_store_rollback (store);
      return FALSE;
    }
  return care_store_commit (store, error);
}
