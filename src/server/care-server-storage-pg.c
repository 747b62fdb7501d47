/* care-server-storage-pg.c: the server's storage on PostgreSQL (libpq)
 *
 * Chosen by `database = postgresql://…` (or a libpq "key=value" conninfo);
 * one connection per handle, like the SQLite backend's one store per
 * handle. Only parameterised queries: table and column names come from
 * the schema, values are always parameters.
 *
 * The change log follows commit order (docs/sync.md, "PostgreSQL"): a write
 * logs its record's change with a provisional sequence number that no
 * other transaction can see; at commit, under a transaction-level advisory
 * lock, the transaction's rows take their final numbers from the sequence
 * and the transaction commits while still holding the lock. PostgreSQL
 * makes a transaction visible before it releases its locks, so whoever
 * numbers next numbers higher and becomes visible later: every snapshot
 * sees a prefix of the log, and a pull never skips a slow transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-storage"

#include "config.h"

#include "care-server-anchor.h"

#include <string.h>

#include "care-clock.h"
#include "care-server-storage-pg-private.h"

/* --- queries ------------------------------------------------------------ */

static gboolean
result_ok (PgStorage  *self,
           PGresult   *result,
           GError    **error)
{
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY)
    return TRUE;
  if (self->depth > 0)
    self->failed = TRUE;
  g_free (self->violated);
  self->violated = result && g_strcmp0 (PQresultErrorField (result, PG_DIAG_SQLSTATE), "23505") == 0
                   ? g_strdup (PQresultErrorField (result, PG_DIAG_CONSTRAINT_NAME)) : NULL;
  g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED, "PostgreSQL: %s",
               result ? PQresultErrorMessage (result) : PQerrorMessage (self->conn));
  return FALSE;
}

/* A statement outside any transaction that failed because the connection
 * was lost (the database restarted, a failover) is run again on a new
 * connection; inside a transaction, the transaction fails as a whole.
 * Takes failed when it reconnects. */
static gboolean
reconnect_if_lost (PgStorage *self,
                   PGresult  *failed)
{
  g_autoptr(PGresult) session = NULL;

  if (PQstatus (self->conn) != CONNECTION_BAD || self->depth > 0)
    return FALSE;
  PQclear (failed);
  g_message ("The connection to PostgreSQL was lost; connecting again");
  PQreset (self->conn);
  if (PQstatus (self->conn) == CONNECTION_OK)
    session = PQexec (self->conn, "SET client_min_messages = warning; SET TIME ZONE 'UTC'");
  return TRUE;
}

PGresult *
care_pg_query_full (PgStorage          *self,
                    const char         *sql,
                    int                 n_params,
                    const char *const  *values,
                    const int          *lengths,
                    const int          *formats,
                    GError            **error)
{
  PGresult *result;

  result = PQexecParams (self->conn, sql, n_params, NULL, values, lengths, formats, 0);
  if (PQresultStatus (result) == PGRES_FATAL_ERROR && reconnect_if_lost (self, result))
    result = PQexecParams (self->conn, sql, n_params, NULL, values, lengths, formats, 0);

  if (!result_ok (self, result, error))
    {
      PQclear (result);
      return NULL;
    }
  return result;
}

PGresult *
care_pg_query (PgStorage          *self,
               const char         *sql,
               int                 n_params,
               const char *const  *values,
               GError            **error)
{
  return care_pg_query_full (self, sql, n_params, values, NULL, NULL, error);
}

gboolean
care_pg_exec (PgStorage  *self,
              const char *sql,
              GError    **error)
{
  g_autoptr(PGresult) result = PQexec (self->conn, sql);

  if (PQresultStatus (result) == PGRES_FATAL_ERROR && reconnect_if_lost (self, result))
    result = PQexec (self->conn, sql);
  return result_ok (self, result, error);
}

char *
care_pg_query_text (PgStorage          *self,
                    const char         *sql,
                    int                 n_params,
                    const char *const  *values)
{
  g_autoptr(PGresult) result = care_pg_query (self, sql, n_params, values, NULL);

  if (result == NULL || PQntuples (result) == 0 || PQgetisnull (result, 0, 0))
    return NULL;
  return g_strdup (PQgetvalue (result, 0, 0));
}

gint64
care_pg_query_int (PgStorage          *self,
                   const char         *sql,
                   int                 n_params,
                   const char *const  *values)
{
  g_autofree char *text = care_pg_query_text (self, sql, n_params, values);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* --- transactions ------------------------------------------------------- */

gboolean
care_pg_begin (CareServerStorage *storage,
               GError           **error)
{
  PgStorage *self = PG (storage);

  if (self->depth == 0)
    {
      if (!care_pg_exec (self, "BEGIN", error))
        return FALSE;
      self->failed = FALSE;
      self->wrote_changes = FALSE;
      g_clear_pointer (&self->clinic, g_free);
    }
  self->depth++;
  return TRUE;
}

/* Rules that read and then write (a bed already taken, an appointment
 * clash, the last units of a medicine) must not race: as on SQLite, whose
 * write transactions hold the write lock from their start, a transaction
 * waits for the clinic's other transactions before its first statement
 * about the clinic, and holds the clinic until it ends. The lock is
 * per clinic, so clinics do not wait for one another, and reads outside
 * transactions never wait. Taken before the audit and change-log locks,
 * always in that order. (SERIALIZABLE would need every route to be run
 * again after a serialisation failure, mails and audit included.) */
gboolean
care_pg_lock_clinic (PgStorage   *self,
                     const char  *tenant,
                     GError     **error)
{
  g_autofree char *sql = NULL;
  const char *params[] = { tenant };
  g_autoptr(PGresult) result = NULL;

  if (self->depth == 0 || tenant == NULL || g_strcmp0 (self->clinic, tenant) == 0)
    return TRUE;
  sql = g_strdup_printf ("SELECT pg_advisory_xact_lock(%d, hashtext($1))", CARE_PG_LOCK_CLINIC);
  result = care_pg_query (self, sql, 1, params, error);
  if (result == NULL)
    return FALSE;
  g_free (self->clinic);
  self->clinic = g_strdup (tenant);
  return TRUE;
}

/* Gives this transaction's change-log rows their final numbers, in commit
 * order: the lock is held until the COMMIT that follows has made them
 * visible. */
static gboolean
number_changes (PgStorage *self,
                GError   **error)
{
  /* NOTIFY is delivered at the commit: every server process on any host
   * hears of the changes once they are visible (live notices). */
  g_autofree char *sql = g_strdup_printf ("SELECT pg_advisory_xact_lock(%d, %d);"
                                          "UPDATE sync_changes SET seq = nextval('sync_changes_seq') "
                                          "WHERE tx = pg_current_xact_id();"
                                          "NOTIFY " CARE_SERVER_SIGNAL_CHANGES,
                                          CARE_PG_LOCK_SPACE, CARE_PG_LOCK_CHANGES);

  return !self->wrote_changes || care_pg_exec (self, sql, error);
}

gboolean
care_pg_commit (CareServerStorage *storage,
                GError           **error)
{
  PgStorage *self = PG (storage);

  g_return_val_if_fail (self->depth > 0, FALSE);
  if (--self->depth > 0)
    return TRUE;
  g_array_set_size (self->savepoints, 0);
  if (self->failed)
    {
      care_pg_exec (self, "ROLLBACK", NULL);
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                           "The change was not saved because part of it failed.");
      return FALSE;
    }
  if (!number_changes (self, error) || !care_pg_exec (self, "COMMIT", error))
    {
      care_pg_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  if (self->wrote_changes && self->commit_func)
    self->commit_func (self->commit_data);
  self->wrote_changes = FALSE;
  return TRUE;
}

void
care_pg_rollback (CareServerStorage *storage)
{
  PgStorage *self = PG (storage);
  PgSavepoint *sp = self->savepoints->len
                    ? &g_array_index (self->savepoints, PgSavepoint, self->savepoints->len - 1) : NULL;

  g_return_if_fail (self->depth > 0);
  self->depth--;
  if (sp && self->depth >= sp->depth)
    {
      /* The savepoint's owner undoes the work (savepoint_rollback()). */
      sp->broken = TRUE;
      return;
    }
  if (self->depth > 0)
    {
      self->failed = TRUE;
      return;
    }
  g_array_set_size (self->savepoints, 0);
  self->wrote_changes = FALSE;
  care_pg_exec (self, "ROLLBACK", NULL);
}

static gboolean
pg_savepoint (CareServerStorage *storage,
              GError           **error)
{
  PgStorage *self = PG (storage);
  PgSavepoint sp = { self->depth, FALSE };
  g_autofree char *sql = g_strdup_printf ("SAVEPOINT care_sp%u", self->savepoints->len);

  g_return_val_if_fail (self->depth > 0, FALSE);
  if (!care_pg_exec (self, sql, error))
    return FALSE;
  g_array_append_val (self->savepoints, sp);
  return TRUE;
}

static void
pg_savepoint_rollback (CareServerStorage *storage)
{
  PgStorage *self = PG (storage);
  PgSavepoint *sp;
  g_autofree char *sql = NULL;

  g_return_if_fail (self->savepoints->len > 0);
  sp = &g_array_index (self->savepoints, PgSavepoint, self->savepoints->len - 1);
  sql = g_strdup_printf ("ROLLBACK TO care_sp%u", self->savepoints->len - 1);
  if (care_pg_exec (self, sql, NULL))
    self->failed = FALSE;  /* a failed statement after the savepoint is undone too */
  sp->broken = FALSE;
}

static gboolean
pg_savepoint_release (CareServerStorage *storage,
                      GError           **error)
{
  PgStorage *self = PG (storage);
  PgSavepoint sp;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self->savepoints->len > 0, FALSE);
  sp = g_array_index (self->savepoints, PgSavepoint, self->savepoints->len - 1);
  if (sp.broken || self->failed)
    pg_savepoint_rollback (storage);
  sql = g_strdup_printf ("RELEASE care_sp%u", self->savepoints->len - 1);
  g_array_set_size (self->savepoints, self->savepoints->len - 1);
  if (!care_pg_exec (self, sql, error))
    return FALSE;
  if (sp.broken)
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                           "Part of the change failed, so none of it was kept.");
      return FALSE;
    }
  return TRUE;
}

/* --- settings ----------------------------------------------------------- */

static char *
pg_get_meta (CareServerStorage *self,
             const char        *key)
{
  const char *params[] = { key };

  return care_pg_query_text (PG (self), "SELECT value FROM server_meta WHERE key = $1", 1, params);
}

static gboolean
pg_set_meta (CareServerStorage *self,
             const char        *key,
             const char        *value,
             GError           **error)
{
  const char *params[] = { key, value };
  g_autoptr(PGresult) result = care_pg_query (PG (self),
                                              "INSERT INTO server_meta (key, value) VALUES ($1, $2) "
                                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                              2, params, error);
  return result != NULL;
}

/* --- the change log ----------------------------------------------------- */

gboolean
care_pg_is_synced (const CareEntity *entity)
{
  return !(entity->flags & CARE_ENTITY_LOCAL) && !g_str_equal (entity->name, "audit_entry");
}

gboolean
care_pg_log_change (PgStorage        *self,
                    const char       *tenant,
                    const CareEntity *entity,
                    const char       *id,
                    const char       *op,
                    GError          **error)
{
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, care_clock_get_seconds ());
  const char *params[] = { tenant ? tenant : "", entity->name, id, op, now };
  g_autoptr(PGresult) result = NULL;

  g_return_val_if_fail (self->depth > 0, FALSE);
  if (!care_pg_is_synced (entity))
    return TRUE;
  /* The provisional number is replaced at commit (number_changes()). */
  result = care_pg_query (self,
                          "INSERT INTO sync_changes (seq, tenant_id, entity, record_id, op, changed_at) "
                          "VALUES (nextval('sync_changes_seq'), $1, $2, $3, $4, $5) "
                          "ON CONFLICT (tenant_id, entity, record_id) DO UPDATE "
                          "SET op = excluded.op, changed_at = excluded.changed_at, tx = pg_current_xact_id()",
                          5, params, error);
  if (result == NULL)
    return FALSE;
  self->wrote_changes = TRUE;
  return TRUE;
}

static gboolean
pg_id_in_use (CareServerStorage *self,
              const CareEntity  *entity,
              const char        *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = $1", entity->table);
  const char *params[] = { id };
  g_autoptr(PGresult) result = care_pg_query (PG (self), sql, 1, params, NULL);

  return result == NULL || PQntuples (result) > 0;  /* when in doubt, the id is not free */
}

static gint64
pg_change_seq (CareServerStorage *self,
               const char        *tenant,
               const CareEntity  *entity,
               const char        *id)
{
  const char *params[] = { tenant, entity->name, id };

  return care_pg_query_int (PG (self), "SELECT seq FROM sync_changes WHERE tenant_id = $1 AND entity = $2 "
                                       "AND record_id = $3", 3, params);
}

static gint64
pg_sync_head (CareServerStorage *self,
              const char        *tenant)
{
  const char *params[] = { tenant };

  return care_pg_query_int (PG (self), "SELECT max(seq) FROM sync_changes WHERE tenant_id = $1", 1, params);
}

static gint64
pg_sync_floor (CareServerStorage *self,
               const char        *tenant)
{
  g_autofree char *key = g_strconcat ("sync_floor:", tenant, NULL);
  g_autofree char *value = pg_get_meta (self, key);

  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}

static GHashTable *
pg_sync_heads_since (CareServerStorage *self,
                     gint64             after,
                     gint64            *max_seq)
{
  GHashTable *heads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *from = g_strdup_printf ("%" G_GINT64_FORMAT, after);
  const char *params[] = { from };
  g_autoptr(PGresult) result = NULL;

  *max_seq = MAX (after, care_pg_query_int (PG (self), "SELECT max(seq) FROM sync_changes", 0, NULL));
  if (*max_seq == after || after < 0)
    return heads;
  result = care_pg_query (PG (self), "SELECT tenant_id, max(seq) FROM sync_changes WHERE seq > $1 GROUP BY tenant_id",
                          1, params, NULL);
  for (int i = 0; result && i < PQntuples (result); i++)
    {
      gint64 seq = g_ascii_strtoll (PQgetvalue (result, i, 1), NULL, 10);

      g_hash_table_insert (heads, g_strdup (PQgetvalue (result, i, 0)), g_memdup2 (&seq, sizeof seq));
    }
  return heads;
}

static gboolean
owned_by (const CareServerSyncEntity *se,
          const CareRecord           *record,
          const char                 *owner)
{
  if (se->owner_field == NULL)
    return TRUE;
  return g_strcmp0 (care_record_get (record, se->owner_field), owner) == 0 ||
         (se->owner_field2 && g_strcmp0 (care_record_get (record, se->owner_field2), owner) == 0);
}

static gboolean
append_changes (PgStorage          *self,
                const char         *tenant,
                CareServerSyncPage *page,
                GString            *out,
                GError            **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) array = g_string_new ("{");
  g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, page->cursor);
  g_autofree char *limit = g_strdup_printf ("%u", page->limit + 1);
  g_autoptr(PGresult) log = NULL;
  const char *params[4];
  guint examined = 0;

  for (guint i = 0; i < page->n_entities; i++)
    g_string_append_printf (array, "%s%s", i ? "," : "", page->entities[i].entity->name);
  g_string_append_c (array, '}');
  params[0] = tenant;
  params[1] = cursor;
  params[2] = array->str;
  params[3] = limit;
  log = care_pg_query (self, "SELECT seq, entity, record_id, op FROM sync_changes "
                             "WHERE tenant_id = $1 AND seq > $2 AND entity = ANY ($3::text[]) "
                             "ORDER BY seq LIMIT $4", 4, params, error);
  if (log == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (log); r++)
    {
      gint64 seq = g_ascii_strtoll (PQgetvalue (log, r, 0), NULL, 10);
      const char *name = PQgetvalue (log, r, 1);
      const char *id = PQgetvalue (log, r, 2);
      gboolean tombstone = g_str_equal (PQgetvalue (log, r, 3), "delete");
      const CareServerSyncEntity *se = NULL;
      g_autoptr(CareRecord) record = NULL;

      if (examined == page->limit)
        {
          page->more = TRUE;
          break;
        }
      examined++;
      page->last_seq = seq;
      for (guint i = 0; i < page->n_entities && se == NULL; i++)
        if (g_str_equal (page->entities[i].entity->name, name))
          se = &page->entities[i];
      if (se == NULL)
        continue;
      if (!tombstone)
        {
          g_autoptr(GError) local_error = NULL;

          record = care_pg_get (&self->parent, tenant, se->entity, id, &local_error);
          if (local_error && !g_error_matches (local_error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (record && !owned_by (se, record, page->owner))
            continue;
          tombstone = record == NULL;
        }
      care_server_append_change_head (out, page, seq, se->entity, id, tombstone);
      if (!tombstone)
        {
          care_record_append_json (out, record);
          g_string_append_c (out, '}');
        }
    }
  return TRUE;
}

static gboolean
pg_changes (CareServerStorage  *storage,
            const char         *tenant,
            CareServerSyncPage *page,
            GString            *out,
            GError            **error)
{
  PgStorage *self = PG (storage);
  gboolean own_snapshot = self->depth == 0;
  gboolean ok;

  page->last_seq = page->cursor;
  page->more = FALSE;
  page->n_changes = 0;
  if (page->n_entities == 0)
    return TRUE;
  /* The log and the records from one snapshot. */
  if (own_snapshot && !care_pg_exec (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return FALSE;
  ok = append_changes (self, tenant, page, out, error);
  if (own_snapshot)
    care_pg_exec (self, ok ? "COMMIT" : "ROLLBACK", NULL);
  return ok;
}

/* --- the audit chain ---------------------------------------------------- */

static gboolean
pg_audit_append (CareServerStorage            *storage,
                 CareServerAuditEntry *const  *entries,
                 guint                         n,
                 GError                      **error)
{
  PgStorage *self = PG (storage);
  g_autofree char *lock = g_strdup_printf ("SELECT pg_advisory_xact_lock(%d, %d)", CARE_PG_LOCK_SPACE,
                                           CARE_PG_LOCK_AUDIT);
  g_autofree char *prev = NULL;
  g_autofree char *head = NULL;
  gint64 seq = 0;

  if (n == 0)
    return TRUE;
  if (!care_pg_begin (storage, error))
    return FALSE;
  /* Inside a write transaction the clinics come first (care_pg_lock_clinic()). */
  for (guint i = 0; self->depth > 1 && i < n; i++)
    if (!care_pg_lock_clinic (self, entries[i]->tenant_id, error))
      goto failed;
  /* One appender at a time, from reading the head to committing: the
   * chain stays a chain whatever the number of server processes. */
  if (!care_pg_exec (self, lock, error))
    goto failed;
  prev = care_pg_query_text (self, "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1", 0, NULL);
  for (guint i = 0; i < n; i++)
    {
      const CareServerAuditEntry *e = entries[i];
      g_autofree char *id = care_uuid_v7 ();
      char *hash = care_server_audit_hash (prev, id, e);
      /* Version 1 is kept as NULL, as the migration leaves old entries. */
      g_autofree char *version = e->hash_version ? g_strdup_printf ("%d", e->hash_version) : NULL;
      const char *params[] = { id, e->tenant_id, e->actor_id, e->actor_role, e->action, e->entity,
                               e->record_id, e->workstation, e->at, prev, hash, e->patient_id, version };
      g_autoptr(PGresult) result =
        care_pg_query (self, "INSERT INTO audit_log (id, tenant_id, actor_id, actor_role, action, entity, record_id, "
                             "workstation, at, prev_hash, hash, created_at, created_by, updated_at, updated_by, "
                             "patient_id, hash_version) "
                             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $9, $3, $9, $3, $12, $13::bigint) "
                             "RETURNING seq",
                       G_N_ELEMENTS (params), params, error);

      g_free (prev);
      prev = hash;
      if (result == NULL)
        goto failed;
      seq = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
    }
  head = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", seq, prev);
  if (!pg_set_meta (storage, "audit_head", head, error))
    goto failed;
  return care_pg_commit (storage, error);

failed:
  care_pg_rollback (storage);
  return FALSE;
}

static gboolean
pg_audit_verify (CareServerStorage *storage,
                 const char        *anchored_head,
                 gint64            *n_checked,
                 char             **bad_id,
                 char             **reason)
{
  PgStorage *self = PG (storage);
  g_autoptr(GError) error = NULL;
  g_autofree char *prev = NULL;
  g_autofree char *head = pg_get_meta (storage, "audit_head");
  g_autoptr(PGresult) rows = NULL;
  g_auto(CareAnchorCheck) anchor = { 0 };
  gint64 last_seq = 0;

  *n_checked = 0;
  if (!care_server_anchor_check_begin (&anchor, anchored_head, bad_id, reason))
    return FALSE;
  rows = care_pg_query (self, "SELECT seq, id, tenant_id, actor_id, actor_role, action, entity, record_id, "
                              "workstation, at, prev_hash, hash, "
                              "(created_at IS NOT DISTINCT FROM at AND updated_at IS NOT DISTINCT FROM at AND "
                              " created_by IS NOT DISTINCT FROM actor_id AND updated_by IS NOT DISTINCT FROM actor_id), "
                              "patient_id, " CARE_SERVER_AUDIT_HASH_VERSION_SQL " "
                              "FROM audit_log ORDER BY seq", 0, NULL, &error);
  if (rows == NULL)
    {
      *reason = g_strdup (error->message);
      return FALSE;
    }
  for (int r = 0; r < PQntuples (rows); r++)
    {
#define COL(c) (PQgetisnull (rows, r, c) ? NULL : PQgetvalue (rows, r, c))
      CareServerAuditEntry e = {
        .tenant_id = COL (2), .actor_id = COL (3), .actor_role = COL (4), .action = COL (5),
        .entity = COL (6), .record_id = COL (7), .workstation = COL (8), .at = COL (9),
        .patient_id = COL (13), .hash_version = (int) g_ascii_strtoll (COL (14), NULL, 10),
      };
      const char *id = COL (1);
      g_autofree char *altered = care_server_audit_check_entry (prev, id, &e, COL (11));

      last_seq = g_ascii_strtoll (COL (0), NULL, 10);
      if (g_strcmp0 (COL (10), prev) != 0)
        *reason = g_strdup ("its link to the previous entry is broken (an entry before it was removed or changed)");
      else if (altered)
        *reason = g_steal_pointer (&altered);
      else if (g_strcmp0 (COL (12), "t") != 0)
        *reason = g_strdup ("its created_at, updated_at, created_by or updated_by differ from the time and "
                            "person its checksum covers (the entry was altered)");
      if (*reason)
        {
          *bad_id = g_strdup (id);
          return FALSE;
        }
      if (!care_server_anchor_check_entry (&anchor, last_seq, id, COL (11), bad_id, reason))
        return FALSE;
      g_free (prev);
      prev = g_strdup (COL (11));
      (*n_checked)++;
#undef COL
    }
  if (!care_server_anchor_check_end (&anchor, last_seq, bad_id, reason))
    return FALSE;
  return care_server_audit_check_head (head, *n_checked, last_seq, prev, bad_id, reason);
}

/* --- the rest ----------------------------------------------------------- */

static void
pg_set_commit_func (CareServerStorage   *storage,
                    CareServerCommitFunc func,
                    gpointer             data)
{
  PG (storage)->commit_func = func;
  PG (storage)->commit_data = data;
}

static CareStore *
pg_get_store (CareServerStorage *self)
{
  return NULL;
}

static void
pg_close (CareServerStorage *storage)
{
  PgStorage *self = PG (storage);

  care_pg_notify_close (self);
  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->savepoints, g_array_unref);
  g_free (self->violated);
  g_free (self->clinic);
  g_free (self->conninfo);
  g_free (self);
}

static CareServerStorageVTable pg_vtable;

static const CareServerStorageVTable *
vtable (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      pg_vtable.close = pg_close;
      pg_vtable.begin = care_pg_begin;
      pg_vtable.commit = care_pg_commit;
      pg_vtable.rollback = care_pg_rollback;
      pg_vtable.savepoint = pg_savepoint;
      pg_vtable.savepoint_rollback = pg_savepoint_rollback;
      pg_vtable.savepoint_release = pg_savepoint_release;
      pg_vtable.get_meta = pg_get_meta;
      pg_vtable.set_meta = pg_set_meta;
      pg_vtable.get = care_pg_get;
      pg_vtable.list = care_pg_list;
      pg_vtable.count_where = care_pg_count_where;
      pg_vtable.validate = care_pg_validate;
      pg_vtable.insert = care_pg_insert;
      pg_vtable.update = care_pg_update;
      pg_vtable.delete = care_pg_delete;
      pg_vtable.next_number = care_pg_next_number;
      pg_vtable.audit_append = pg_audit_append;
      pg_vtable.audit_verify = pg_audit_verify;
      pg_vtable.id_in_use = pg_id_in_use;
      pg_vtable.change_seq = pg_change_seq;
      pg_vtable.sync_head = pg_sync_head;
      pg_vtable.sync_floor = pg_sync_floor;
      pg_vtable.sync_heads_since = pg_sync_heads_since;
      pg_vtable.changes = pg_changes;
      pg_vtable.set_commit_func = pg_set_commit_func;
      pg_vtable.get_store = pg_get_store;
      care_pg_accounts_init_vtable (&pg_vtable);
      care_pg_sync_init_vtable (&pg_vtable);
      care_pg_reports_init_vtable (&pg_vtable);
      care_pg_notify_init_vtable (&pg_vtable);
      g_once_init_leave (&done, 1);
    }
  return &pg_vtable;
}

gboolean
care_server_storage_is_postgresql (const char *database)
{
  return g_str_has_prefix (database, "postgresql://") || g_str_has_prefix (database, "postgres://") ||
         strstr (database, "dbname=") != NULL;
}

CareServerStorage *
care_server_storage_pg_open (const char *conninfo,
                             GError    **error)
{
  PgStorage *self = g_new0 (PgStorage, 1);

  self->parent.v = vtable ();
  self->savepoints = g_array_new (FALSE, FALSE, sizeof (PgSavepoint));
  self->conninfo = g_strdup (conninfo);
  self->conn = PQconnectdb (conninfo);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                   "Could not connect to PostgreSQL: %s", PQerrorMessage (self->conn));
      pg_close (&self->parent);
      return NULL;
    }
  if (!care_pg_exec (self, "SET client_min_messages = warning; SET TIME ZONE 'UTC'", error) ||
      !care_pg_migrate (self, error))
    {
      pg_close (&self->parent);
      return NULL;
    }
  return &self->parent;
}
