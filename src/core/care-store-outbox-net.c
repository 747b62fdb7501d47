/* care-store-outbox-net.c: the outbox sends each record's net change against its base
 *
 * Every local edit writes its own outbox entry: {fields, base} against the
 * values it replaced. Sent one by one, an edit and its undoing (A→B→A)
 * would set the server's value to A over whatever someone else put there
 * meanwhile, with no conflict. So before a push, the pending updates of a
 * record that follow one another (no insert or delete of it between) become
 * one: each field's base is the one of its first edit, its value the one of
 * its last, and a field back at its base is left out. An update with
 * nothing left is not sent at all (the engine drops it).
 *
 * An entry a push has carried (attempts > 0: its answer was lost, or it
 * is one of the changes sent back to a restored server) may be on the
 * server already, under its id. It is sent again as it is, never folded:
 * the server answers it from its stored result, and the edits after it
 * form a run of their own, against its values. Folded into a later edit,
 * its base would be older than what the server holds (a conflict with the
 * workstation's own change), and the server would keep a result under an
 * id no workstation knows. The merged entry of a run keeps the id of its
 * last edit.
 *
 * Each entry keeps the row's stamp (updated_at, updated_by) from before its
 * edit, which an undone run gives back so that the row's checksum is the
 * server's again. A pull that writes the server's row under pending edits
 * moves that stamp to the server's (care_store_outbox_restamp ()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-store"

#include "config.h"

#include <string.h>

#include "care-json.h"
#include "care-store-private.h"

typedef struct {
  char       *mutation_id;
  JsonObject *fields;   /* owned; NULL: none */
  JsonObject *base;     /* owned; NULL: none */
  JsonObject *stamp;    /* owned; NULL: none */
} Edit;

JsonObject *
care_store_outbox_stamp (JsonObject *record)
{
  JsonObject *stamp = json_object_new ();
  const char *const names[] = { CARE_COLUMN_UPDATED_AT, CARE_COLUMN_UPDATED_BY };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (record && json_object_has_member (record, names[i]))
      json_object_set_member (stamp, names[i], json_node_copy (json_object_get_member (record, names[i])));
  return stamp;
}

gboolean
care_store_outbox_restore_stamp (CareStore        *self,
                                 const CareEntity *entity,
                                 const char       *id,
                                 JsonObject       *payload,
                                 GError          **error)
{
  JsonNode *node = payload ? json_object_get_member (payload, "stamp") : NULL;
  JsonObject *stamp = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (stamp == NULL || !json_object_has_member (stamp, CARE_COLUMN_UPDATED_AT))
    return TRUE;
  if (!care_store_outbox_materialise (self, entity, id, error))
    return FALSE;
  sql = g_strdup_printf ("UPDATE %s SET %s = ?2, %s = ?3 WHERE id = ?1", entity->table,
                         CARE_COLUMN_UPDATED_AT, CARE_COLUMN_UPDATED_BY);
  stmt = care_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, json_object_get_string_member_with_default (stamp, CARE_COLUMN_UPDATED_AT, NULL),
                     -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, json_object_get_string_member_with_default (stamp, CARE_COLUMN_UPDATED_BY, NULL),
                     -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return care_store_set_sqlite_error (self, error);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
care_store_outbox_restamp (CareStore        *self,
                           const CareEntity *entity,
                           const char       *record_id,
                           const char       *mutation_id,
                           JsonObject       *payload,
                           GError          **error)
{
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;
  JsonObject *stamp;
  sqlite3_stmt *stmt;
  int rc;

  if (payload == NULL || !json_object_has_member (payload, "stamp"))
    return TRUE;
  sql = g_strdup_printf ("SELECT %s, %s FROM %s WHERE id = ?1", CARE_COLUMN_UPDATED_AT, CARE_COLUMN_UPDATED_BY,
                         entity->table);
  stmt = care_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return rc == SQLITE_DONE || care_store_set_sqlite_error (self, error);
    }
  stamp = json_object_new ();
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? CARE_COLUMN_UPDATED_AT : CARE_COLUMN_UPDATED_BY;

      if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
        json_object_set_null_member (stamp, name);
      else
        json_object_set_string_member (stamp, name, (const char *) sqlite3_column_text (stmt, i));
    }
  sqlite3_reset (stmt);
  json_object_set_object_member (payload, "stamp", stamp);
  text = care_json_object_to_string (payload, NULL);

  stmt = care_store_prepare (self, "UPDATE outbox SET payload = ?2 WHERE mutation_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, mutation_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || care_store_set_sqlite_error (self, error);
}

static void
edit_free (gpointer data)
{
  Edit *e = data;

  g_free (e->mutation_id);
  g_clear_pointer (&e->fields, json_object_unref);
  g_clear_pointer (&e->base, json_object_unref);
  g_clear_pointer (&e->stamp, json_object_unref);
  g_free (e);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_object_ref (json_node_get_object (node)) : NULL;
}

static Edit *
edit_new (const char *mutation_id,
          const char *payload)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  Edit *e = g_new0 (Edit, 1);

  e->mutation_id = g_strdup (mutation_id);
  if (payload && json_parser_load_from_data (parser, payload, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *root = json_node_get_object (json_parser_get_root (parser));

      e->fields = member_object (root, "fields");
      e->base = member_object (root, "base");
      e->stamp = member_object (root, "stamp");
    }
  return e;
}

/* The net change of a run of edits of one record, as an outbox payload
 * (the stamp of the first); *empty: nothing left to send. */
static JsonObject *
net_payload (GPtrArray *run,
             gboolean  *empty)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) base = json_object_new ();
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(GList) names = NULL;

  for (guint i = 0; i < run->len; i++)
    {
      Edit *e = g_ptr_array_index (run, i);
      g_autoptr(GList) changed = e->fields ? json_object_get_members (e->fields) : NULL;

      for (GList *l = changed; l; l = l->next)
        {
          const char *name = l->data;

          /* The base of a field is the value before its first edit. */
          if (!json_object_has_member (fields, name) && e->base && json_object_has_member (e->base, name))
            json_object_set_member (base, name, json_node_copy (json_object_get_member (e->base, name)));
          json_object_set_member (fields, name, json_node_copy (json_object_get_member (e->fields, name)));
        }
    }

  names = json_object_get_members (fields);
  for (GList *l = names; l; l = l->next)
    {
      const char *name = l->data;

      if (json_object_has_member (base, name) &&
          json_node_equal (json_object_get_member (base, name), json_object_get_member (fields, name)))
        {
          json_object_remove_member (fields, name);
          json_object_remove_member (base, name);
        }
    }
  *empty = json_object_get_size (fields) == 0;
  json_object_set_object_member (payload, "fields", json_object_ref (fields));
  json_object_set_object_member (payload, "base", json_object_ref (base));
  for (guint i = 0; i < run->len; i++)
    {
      Edit *e = g_ptr_array_index (run, i);

      if (e->stamp)
        {
          json_object_set_object_member (payload, "stamp", json_object_ref (e->stamp));
          break;
        }
    }
  return g_steal_pointer (&payload);
}

/* Writes the run as its last entry; the others go. A run that changes
 * nothing, the record's last, goes whole, and the row's stamp goes back to
 * what it was before it (so that its checksum is the server's again). */
static gboolean
merge_run (CareStore        *self,
           const CareEntity *entity,
           const char       *record_id,
           GPtrArray        *run,
           gboolean          last_run,
           GError          **error)
{
  Edit *last = g_ptr_array_index (run, run->len - 1);
  gboolean empty = FALSE;
  g_autoptr(JsonObject) net = net_payload (run, &empty);
  g_autofree char *payload = NULL;
  sqlite3_stmt *stmt;

  if (empty && last_run && entity)
    {
      for (guint i = 0; i < run->len; i++)
        if (!care_store_outbox_remove (self, ((Edit *) g_ptr_array_index (run, i))->mutation_id, error))
          return FALSE;
      return care_store_outbox_restore_stamp (self, entity, record_id, net, error);
    }
  if (run->len < 2)
    return TRUE;
  payload = care_json_object_to_string (net, NULL);

  stmt = care_store_prepare (self, "UPDATE outbox SET payload = ?2 WHERE mutation_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, last->mutation_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, payload, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return care_store_set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  for (guint i = 0; i + 1 < run->len; i++)
    if (!care_store_outbox_remove (self, ((Edit *) g_ptr_array_index (run, i))->mutation_id, error))
      return FALSE;
  return TRUE;
}

gboolean
care_store_outbox_net (CareStore *self,
                       guint     *n_merged,
                       GError   **error)
{
  g_autoptr(GHashTable) runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) done_keys = g_ptr_array_new_with_free_func (g_free);
  guint n_ended;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  *n_merged = 0;
  if (!care_store_begin (self, error))
    return FALSE;
  stmt = care_store_prepare (self,
                             "SELECT entity, record_id, op, mutation_id, payload, attempts FROM outbox "
                             "WHERE state = 'pending' ORDER BY seq", error);
  if (stmt == NULL)
    goto failed;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *key = g_strdup_printf ("%s/%s", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
      const char *op = (const char *) sqlite3_column_text (stmt, 2);
      GPtrArray *run = g_hash_table_lookup (runs, key);

      /* An insert or a delete of the record ends its run of edits, and so
       * does an entry already sent (which stays as it is). */
      if (!g_str_equal (op, "update") || sqlite3_column_int64 (stmt, 5) > 0)
        {
          if (run)
            {
              g_ptr_array_add (done, g_ptr_array_ref (run));
              g_ptr_array_add (done_keys, g_strdup (key));
            }
          g_hash_table_remove (runs, key);
          continue;
        }
      if (run == NULL)
        {
          run = g_ptr_array_new_with_free_func (edit_free);
          g_hash_table_insert (runs, g_steal_pointer (&key), run);
        }
      g_ptr_array_add (run, edit_new ((const char *) sqlite3_column_text (stmt, 3),
                                      (const char *) sqlite3_column_text (stmt, 4)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (self, error);
      goto failed;
    }
  /* Runs ended by an insert or a delete, then each record's last one. */
  n_ended = done->len;
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, runs);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_ptr_array_add (done, g_ptr_array_ref (value));
        g_ptr_array_add (done_keys, g_strdup (key));
      }
  }
  for (guint i = 0; i < done->len; i++)
    {
      GPtrArray *run = g_ptr_array_index (done, i);
      const char *key = g_ptr_array_index (done_keys, i);
      const char *slash = strchr (key, '/');
      g_autofree char *entity_name = g_strndup (key, slash - key);

      if (!merge_run (self, care_schema_lookup (entity_name), slash + 1, run, i >= n_ended, error))
        goto failed;
      *n_merged += run->len - 1;
    }
  return care_store_commit (self, error);

failed:
  care_store_rollback (self);
  return FALSE;
}

gboolean
care_store_outbox_mark_sent (CareStore        *self,
                             const char *const *mutation_ids,
                             guint             n,
                             GError          **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  if (!care_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      /* Sent again as it is: from now on the copy, not the row. */
      if (!care_store_outbox_materialise_entry (self, mutation_ids[i], error))
        goto failed;
      if (!(stmt = care_store_prepare (self, "UPDATE outbox SET attempts = attempts + 1 WHERE mutation_id = ?1", error)))
        goto failed;
      sqlite3_bind_text (stmt, 1, mutation_ids[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          care_store_set_sqlite_error (self, error);
          goto failed;
        }
      sqlite3_reset (stmt);
    }
  return care_store_commit (self, error);

failed:
  care_store_rollback (self);
  return FALSE;
}
