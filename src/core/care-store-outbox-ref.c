/* care-store-outbox-ref.c: a bulk's insert entries refer to their rows
 *
 * An insert's outbox payload is {"fields": the row}. A bulk (a patient
 * import, care-store-bulk.c) writes a million of them: as copies they were
 * the store's largest part (112 of 383 MB at 200,000 rows). So a bulk's
 * insert entry keeps payload NULL, and the payload is made from the row,
 * when it is read, by the one builder every insert uses
 * (care_store_outbox_insert_payload ()).
 *
 * That is exact only while the row is as it was inserted. The invariant:
 * an entry with payload NULL has a row equal to its inserted state. So its
 * copy is written into the entry (materialised) in the transaction of
 * anything that could make the row differ, before it writes: a local
 * update or delete (care-store.c), a pull that writes or deletes the row,
 * a conflict's or a refusal's write of it (care-store-sync.c's
 * delete_row(), update_columns(), care_store_sync_upsert() and the page's
 * upserts of records with pending entries), a row's stamp given back
 * (care-store-outbox-net.c), rows leaving the scope or moving into a
 * clinic (all of them); and at the latest when a push first carries the
 * entry (care_store_outbox_mark_sent (), attempts 0 → 1), when it is
 * refused, acknowledged or kept as a conflict, so that a retry sends the
 * same bytes and sync_sent and sync_conflicts keep a copy. docs/sync.md,
 * "The outbox", says the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-store"

#include "config.h"

#include "care-store-private.h"

void
care_store_outbox_insert_payload (GString          *out,
                                  const CareRecord *record)
{
  /* {"fields": record}, written straight as text: the same bytes as the
   * tree care_store_outbox_add() would serialise, without building it,
   * and without the fields that have no value: an insert's missing field
   * is null wherever the payload is read (a patient from a list: 430
   * bytes instead of 1,000). */
  g_string_append (out, "{\"fields\":");
  care_record_append_json_values (out, record);
  g_string_append_c (out, '}');
}

char *
care_store_outbox_ref_payload (CareStore        *self,
                               const CareEntity *entity,
                               const char       *record_id,
                               GError          **error)
{
  g_autoptr(CareRecord) row = NULL;
  GString *payload;

  if (entity == NULL || (row = care_store_get (self, entity, record_id, error)) == NULL)
    {
      /* The invariant above is broken: say so rather than send "{}". */
      g_critical ("An outbox entry refers to %s %s, which is gone", entity ? entity->name : "?", record_id);
      return NULL;
    }
  payload = g_string_sized_new (1024);
  care_store_outbox_insert_payload (payload, row);
  return g_string_free (payload, FALSE);
}

gboolean
care_store_outbox_materialise (CareStore        *self,
                               const CareEntity *entity,
                               const char       *record_id,
                               GError          **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *payload = NULL;
  gboolean refers;

  stmt = care_store_prepare (self, "SELECT 1 FROM outbox WHERE entity = ?1 AND record_id = ?2 "
                                   "AND payload IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_STATIC);
  refers = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!refers)
    return TRUE;

  if ((payload = care_store_outbox_ref_payload (self, entity, record_id, error)) == NULL)
    return FALSE;
  stmt = care_store_prepare (self, "UPDATE outbox SET payload = ?3 WHERE entity = ?1 AND record_id = ?2 "
                                   "AND payload IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, payload, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      care_store_set_sqlite_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Every entry that matches where (an SQL condition on the outbox, with
 * ?1 bound to value). */
static gboolean
materialise_where (CareStore  *self,
                   const char *where,
                   const char *value,
                   GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT entity, record_id FROM outbox WHERE payload IS NULL AND %s", where);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = care_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (keys, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (keys, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return care_store_set_sqlite_error (self, error);
  for (guint i = 0; i < keys->len; i += 2)
    {
      const CareEntity *entity = care_schema_lookup (keys->pdata[i]);

      if (entity == NULL)
        {
          g_critical ("An outbox entry refers to a row of an unknown entity %s", (char *) keys->pdata[i]);
          continue;
        }
      if (!care_store_outbox_materialise (self, entity, keys->pdata[i + 1], error))
        return FALSE;
    }
  return TRUE;
}

gboolean
care_store_outbox_materialise_entry (CareStore  *self,
                                     const char *mutation_id,
                                     GError    **error)
{
  return materialise_where (self, "mutation_id = ?1", mutation_id, error);
}

gboolean
care_store_outbox_materialise_all (CareStore        *self,
                                   const CareEntity *entity,
                                   GError          **error)
{
  return materialise_where (self, "(?1 IS NULL OR entity = ?1)", entity ? entity->name : NULL, error);
}
