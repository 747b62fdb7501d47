/* care-server-storage-pg-sync.c: tombstone pruning, checksums and the sequence's end on PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-storage"

#include "config.h"

#include "care-server-storage-pg-private.h"

#define INT_PARAM(name, value) \
  char name[24]; \
  g_snprintf (name, sizeof name, "%" G_GINT64_FORMAT, (gint64) (value))

/* Raises each clinic's floor to its highest pruned tombstone, then prunes. */
static gint64
prune (PgStorage  *self,
       const char *before,
       GError    **error)
{
  const char *params[] = { before };
  g_autoptr(PGresult) floors = NULL;
  g_autoptr(PGresult) pruned = NULL;

  /* The floor only rises: a workstation whose cursor is below it may have
   * missed a deletion. */
  floors = care_pg_query (self,
                          "INSERT INTO server_meta (key, value) "
                          "SELECT 'sync_floor:' || tenant_id, max(seq)::text FROM sync_changes "
                          "WHERE op = 'delete' AND changed_at < $1 GROUP BY tenant_id "
                          "ON CONFLICT (key) DO UPDATE SET value = "
                          "greatest(server_meta.value::bigint, excluded.value::bigint)::text",
                          1, params, error);
  if (floors == NULL)
    return -1;
  pruned = care_pg_query (self, "DELETE FROM sync_changes WHERE op = 'delete' AND changed_at < $1", 1, params, error);
  if (pruned == NULL)
    return -1;
  return g_ascii_strtoll (PQcmdTuples (pruned), NULL, 10);
}

static gint64
pg_prune_tombstones (CareServerStorage *storage,
                     gint64             before,
                     GError           **error)
{
  PgStorage *self = PG (storage);
  INT_PARAM (limit, before);
  const char *params[] = { limit };
  g_autoptr(PGresult) old = NULL;
  g_autoptr(PGresult) results = NULL;
  gint64 n;

  /* Cheap when there is nothing to remove: both through indexes. */
  old = care_pg_query (self, "SELECT EXISTS (SELECT 1 FROM sync_changes WHERE op = 'delete' AND changed_at < $1), "
                             "EXISTS (SELECT 1 FROM sync_mutations WHERE at < $1)", 1, params, error);
  if (old == NULL)
    return -1;
  if (g_str_equal (PQgetvalue (old, 0, 0), "f") && g_str_equal (PQgetvalue (old, 0, 1), "f"))
    return 0;
  if (!care_pg_begin (storage, error))
    return -1;
  n = prune (self, limit, error);
  /* A result is kept to answer a push repeated after a lost answer; a
   * workstation silent for longer resyncs anyway. */
  if (n < 0 || !(results = care_pg_query (self, "DELETE FROM sync_mutations WHERE at < $1", 1, params, error)))
    {
      care_pg_rollback (storage);
      return -1;
    }
  return care_pg_commit (storage, error) ? n : -1;
}

static char *
pg_checksum (CareServerStorage *self,
             const char        *tenant,
             const CareEntity  *entity,
             gint64            *n_rows,
             GError           **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *columns = care_pg_column_list (entity);
  gboolean global = (entity->flags & CARE_ENTITY_GLOBAL) != 0;
  /* ORDER BY id in the "C" collation: byte order, as SQLite's. */
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s t WHERE %s ORDER BY t.id", columns, entity->table,
                                          global ? "t.id = $1" : "t.tenant_id = $1");
  const char *params[] = { tenant };
  g_autoptr(PGresult) result = care_pg_query (PG (self), sql, 1, params, error);

  if (result == NULL)
    return NULL;
  for (int r = 0; r < PQntuples (result); r++)
    {
      g_autoptr(CareRecord) record = care_pg_record_from_row (entity, result, r, 0);

      care_record_checksum_update (record, sum);
    }
  if (n_rows)
    *n_rows = PQntuples (result);
  return g_strdup (g_checksum_get_string (sum));
}

/* The latest committed change, or a pruned tombstone's number if higher
 * (the floors keep those). Not sync_changes_seq: PostgreSQL logs a
 * sequence up to 32 numbers ahead, so after a point-in-time recovery or on
 * a standby it may stand past the commits that survived. */
static gint64
pg_sync_seq_end (CareServerStorage *self)
{
  return MAX (0, care_pg_query_int (PG (self), "SELECT greatest((SELECT max(seq) FROM sync_changes), "
                                               "(SELECT max(value::bigint) FROM server_meta "
                                               "WHERE key LIKE 'sync\\_floor:%'))", 0, NULL));
}

void
care_pg_sync_init_vtable (CareServerStorageVTable *v)
{
  v->prune_tombstones = pg_prune_tombstones;
  v->checksum = pg_checksum;
  v->sync_seq_end = pg_sync_seq_end;
}
