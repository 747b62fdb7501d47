/* care-server-storage-sqlite.c: the server's storage on one SQLite file
 *
 * The clinic data lives in the core's CareStore (the same tables, derived
 * from care-schema.c, that every workstation has); the server's own tables
 * (token families, single-use tokens, portal accounts, throttling) are
 * created by the migrations below. The store is single-tenant per handle,
 * so every call sets the tenant and the actor before touching it.
 *
 * Only prepared statements: column names come from the schema, values are
 * always bound.
 *
 * Sync's change log (sync_changes, migration 3) is written by the core's
 * store in the transaction of each insert, update and delete (the store's
 * outbox is turned off here): whichever code writes a record (a route, an
 * action, the core's helpers, the demo), its change is logged, and a pull
 * from 0 is a full snapshot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-storage"

#include "config.h"

#include "care-clock.h"

#include <math.h>
#include <string.h>
#include <sodium.h>

#include "care-server-anchor.h"
#include "care-server-storage.h"
#include "care-store-sql.h"

typedef struct {
  guint    depth;    /* begin() nesting when the savepoint was made */
  gboolean broken;   /* an inner transaction rolled back since */
} Savepoint;

typedef struct {
  CareServerStorage parent;
  CareStore        *store;
  guint             depth;        /* begin() nesting through this interface */
  GArray           *savepoints;   /* Savepoint, innermost last */
  CareServerCommitFunc commit_func;
  gpointer          commit_data;
  /* Checkpoints run in a thread on their own connection, so that the fsync
   * of a checkpoint never stalls a request. */
  GThread          *checkpointer;
  GMutex            lock;
  GCond             cond;
  gboolean          stopping;
  sqlite3          *checkpoint_db;
} SqliteStorage;

#define STORE(self) (((SqliteStorage *) (self))->store)

/* --- server tables ------------------------------------------------------ */

static const char *const server_migrations[] = {
  /* 1 */
  "CREATE TABLE IF NOT EXISTS server_meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
  "CREATE TABLE server_token_families ("
  "  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, subject_id TEXT NOT NULL,"
  "  is_patient INTEGER NOT NULL, created_at INTEGER NOT NULL,"
  "  revoked_at INTEGER, revoked_reason TEXT);"
  "CREATE INDEX server_token_families_subject ON server_token_families (subject_id);"
  "CREATE TABLE server_refresh_tokens ("
  "  token_hash TEXT PRIMARY KEY, family_id TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER);"
  "CREATE INDEX server_refresh_tokens_family ON server_refresh_tokens (family_id);"
  "CREATE TABLE server_revoked_access (jti TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);"
  "CREATE TABLE server_tokens ("
  "  token_hash TEXT PRIMARY KEY, kind TEXT NOT NULL, tenant_id TEXT NOT NULL,"
  "  subject_id TEXT NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER);"
  "CREATE TABLE server_patient_accounts ("
  "  patient_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, login TEXT NOT NULL,"
  "  password_hash TEXT NOT NULL, created_at INTEGER NOT NULL);"
  "CREATE UNIQUE INDEX server_patient_accounts_login ON server_patient_accounts (tenant_id, login COLLATE NOCASE);"
  "CREATE TABLE server_throttle (key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure INTEGER NOT NULL) WITHOUT ROWID;",
  /* 2: "sub:<id>" rows end every access token of that account issued before revoked_at_ms */
  "ALTER TABLE server_revoked_access ADD COLUMN revoked_at_ms INTEGER;",
  /* 3: sync (docs/sync.md). One change row per record: a new change
   * replaces it with a new seq (AUTOINCREMENT: a seq is never reused, even
   * after the row holding the highest one was replaced or pruned). The
   * rows of records written before are added by backfill_changes(). */
  "CREATE TABLE sync_changes ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  tenant_id TEXT NOT NULL,"
  "  entity TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),"
  "  changed_at INTEGER NOT NULL,"
  "  UNIQUE (tenant_id, entity, record_id));"
  "CREATE INDEX sync_changes_tenant ON sync_changes (tenant_id, seq);"
  "CREATE INDEX sync_changes_tombstones ON sync_changes (changed_at) WHERE op = 'delete';"
  "CREATE TABLE sync_mutations ("
  "  mutation_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, device TEXT, actor TEXT,"
  "  result TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;"
  "CREATE INDEX sync_mutations_at ON sync_mutations (at);",
};

static gboolean backfill_changes (CareStore *store, GError **error);

/* Work a migration does beyond its SQL, by version. */
static gboolean (*const server_migration_steps[]) (CareStore *, GError **) = {
  NULL, NULL, backfill_changes,
};

G_STATIC_ASSERT (G_N_ELEMENTS (server_migration_steps) == G_N_ELEMENTS (server_migrations));

static gboolean
migrate_server_tables (CareStore *store,
                       GError   **error)
{
  g_autofree char *current = NULL;
  guint version;

  if (!care_store_exec (store, "CREATE TABLE IF NOT EXISTS server_meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;", error))
    return FALSE;
  current = care_store_query_text (store, "SELECT value FROM server_meta WHERE key = 'schema_version'", NULL, NULL);
  version = current ? (guint) g_ascii_strtoull (current, NULL, 10) : 0;
  if (version > G_N_ELEMENTS (server_migrations))
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NEWER_SCHEMA,
                   "The server tables were written by a newer caredesk-server (version %u)", version);
      return FALSE;
    }
  for (guint v = version + 1; v <= G_N_ELEMENTS (server_migrations); v++)
    {
      g_autofree char *bump = g_strdup_printf ("INSERT INTO server_meta (key, value) VALUES ('schema_version', '%u') "
                                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value;", v);

      if (!care_store_exec (store, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!care_store_exec (store, server_migrations[v - 1], error) ||
          (server_migration_steps[v - 1] && !server_migration_steps[v - 1] (store, error)) ||
          !care_store_exec (store, bump, error) ||
          !care_store_exec (store, "COMMIT", error))
        {
          care_store_exec (store, "ROLLBACK", NULL);
          g_prefix_error (error, "Could not upgrade the server tables to version %u: ", v);
          return FALSE;
        }
    }
  return TRUE;
}

/* --- the change log ----------------------------------------------------- */

/* Records that travel: not the workstation-only ones, not the audit log. */
static gboolean
is_synced (const CareEntity *entity)
{
  return !(entity->flags & CARE_ENTITY_LOCAL) && !g_str_equal (entity->name, "audit_entry");
}


static gboolean
backfill_changes (CareStore *store,
                  GError   **error)
{
  guint n;
  const CareEntity *const *entities = care_schema_entities (&n);

  /* Records written before the log existed become the first changes, so
   * that a pull from 0 still sees everything. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = NULL;

      if (!is_synced (entities[i]))
        continue;
      sql = g_strdup_printf ("INSERT INTO sync_changes (tenant_id, entity, record_id, op, changed_at) "
                             "SELECT %s, '%s', id, 'upsert', %" G_GINT64_FORMAT " FROM %s ORDER BY seq",
                             (entities[i]->flags & CARE_ENTITY_GLOBAL) ? "id" : "coalesce(tenant_id, '')",
                             entities[i]->name, care_clock_get_seconds (), entities[i]->table);
      if (!care_store_exec (store, sql, error))
        return FALSE;
    }
  return TRUE;
}

/* --- helpers ------------------------------------------------------------ */

static void
use_tenant (CareServerStorage *self,
            const char        *tenant,
            const char        *actor)
{
  care_store_set_tenant_id (STORE (self), tenant);
  care_store_set_actor (STORE (self), actor);
}

static gboolean
step_done (CareServerStorage *self,
           sqlite3_stmt      *stmt,
           GError           **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return care_store_set_sqlite_error (STORE (self), error);
  return TRUE;
}

static gpointer
checkpoint_thread (gpointer data)
{
  SqliteStorage *self = data;
  sqlite3 *db = self->checkpoint_db;

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      gint64 until = g_get_monotonic_time () + 250 * G_TIME_SPAN_MILLISECOND;

      g_cond_wait_until (&self->cond, &self->lock, until);
      if (self->stopping)
        break;
      g_mutex_unlock (&self->lock);
      /* PASSIVE: copies what it can without waiting for readers or writers. */
      sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      g_mutex_lock (&self->lock);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

static void
sqlite_close (CareServerStorage *storage)
{
  SqliteStorage *self = (SqliteStorage *) storage;

  if (self->checkpointer)
    {
      g_mutex_lock (&self->lock);
      self->stopping = TRUE;
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->lock);
      g_thread_join (self->checkpointer);
    }
  if (self->checkpoint_db)
    sqlite3_close (self->checkpoint_db);
  g_clear_object (&self->store);
  g_clear_pointer (&self->savepoints, g_array_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

static gboolean
sqlite_begin (CareServerStorage *storage, GError **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;

  /* care_store_begin() takes the write lock at once (BEGIN IMMEDIATE):
   * the change log's sequence then follows commit order across workers. */
  if (!care_store_begin (self->store, error))
    return FALSE;
  self->depth++;
  return TRUE;
}

static gboolean
sqlite_commit (CareServerStorage *storage, GError **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  gboolean ok;

  g_return_val_if_fail (self->depth > 0, FALSE);
  self->depth--;
  if (self->depth == 0)
    g_array_set_size (self->savepoints, 0);
  ok = care_store_commit (self->store, error);
  if (ok && self->depth == 0 && self->commit_func)
    self->commit_func (self->commit_data);
  return ok;
}

static void
sqlite_rollback (CareServerStorage *storage)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  Savepoint *sp = self->savepoints->len
                  ? &g_array_index (self->savepoints, Savepoint, self->savepoints->len - 1) : NULL;

  g_return_if_fail (self->depth > 0);
  self->depth--;
  if (sp && self->depth >= sp->depth)
    {
      /* Inside a savepoint an inner rollback must not doom the whole
       * transaction (the core's nested rollback would): the savepoint's
       * owner undoes the work with savepoint_rollback(). The core's nesting
       * is ended without SQL; its depth is at least 2 here. */
      sp->broken = TRUE;
      care_store_commit (self->store, NULL);
      return;
    }
  if (self->depth == 0)
    g_array_set_size (self->savepoints, 0);  /* ROLLBACK ends them too */
  care_store_rollback (self->store);
}

static gboolean
sqlite_savepoint (CareServerStorage *storage,
                  GError           **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  Savepoint sp = { self->depth, FALSE };
  g_autofree char *sql = g_strdup_printf ("SAVEPOINT care_sp%u", self->savepoints->len);

  g_return_val_if_fail (self->depth > 0, FALSE);
  if (!care_store_exec (self->store, sql, error))
    return FALSE;
  g_array_append_val (self->savepoints, sp);
  return TRUE;
}

static void
sqlite_savepoint_rollback (CareServerStorage *storage)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  Savepoint *sp;
  g_autofree char *sql = NULL;

  g_return_if_fail (self->savepoints->len > 0);
  sp = &g_array_index (self->savepoints, Savepoint, self->savepoints->len - 1);
  sql = g_strdup_printf ("ROLLBACK TO care_sp%u", self->savepoints->len - 1);
  if (!care_store_exec (self->store, sql, NULL))
    g_warning ("Could not roll back to a savepoint: %s", sqlite3_errmsg (care_store_get_db (self->store)));
  sp->broken = FALSE;
}

static gboolean
sqlite_savepoint_release (CareServerStorage *storage,
                          GError           **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  Savepoint sp;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self->savepoints->len > 0, FALSE);
  sp = g_array_index (self->savepoints, Savepoint, self->savepoints->len - 1);
  if (sp.broken)
    sqlite_savepoint_rollback (storage);
  sql = g_strdup_printf ("RELEASE care_sp%u", self->savepoints->len - 1);
  g_array_set_size (self->savepoints, self->savepoints->len - 1);
  if (!care_store_exec (self->store, sql, error))
    return FALSE;
  if (sp.broken)
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                           "Part of the change failed, so none of it was kept.");
      return FALSE;
    }
  return TRUE;
}

static char *
sqlite_get_meta (CareServerStorage *self,
                 const char        *key)
{
  return care_store_query_text (STORE (self), "SELECT value FROM server_meta WHERE key = ?", key, NULL);
}

static gboolean
sqlite_set_meta (CareServerStorage *self,
                 const char        *key,
                 const char        *value,
                 GError           **error)
{
  sqlite3_stmt *stmt = care_store_prepare (STORE (self),
                                           "INSERT INTO server_meta (key, value) VALUES (?, ?) "
                                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

/* --- records ------------------------------------------------------------ */

/* SELECT … WHERE id = ? per entity, built once (the hot path of the API). */
static const char *
get_sql (const CareEntity *entity)
{
  static GHashTable *cache;
  char *sql;

  if (cache == NULL)
    cache = g_hash_table_new (g_direct_hash, g_direct_equal);
  sql = g_hash_table_lookup (cache, entity);
  if (sql == NULL)
    {
      g_autofree char *columns = care_store_column_list (entity, NULL);

      sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?", columns, entity->table);
      g_hash_table_insert (cache, (gpointer) entity, sql);
    }
  return sql;
}

static CareRecord *
sqlite_get (CareServerStorage *self,
            const char        *tenant,
            const CareEntity  *entity,
            const char        *id,
            GError           **error)
{
  g_autoptr(CareRecord) record = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (id == NULL)
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND, "This record does not exist.");
      return NULL;
    }
  stmt = care_store_prepare (STORE (self), get_sql (entity), error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = care_store_record_from_row (entity, stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (STORE (self), error);
      return NULL;
    }
  if (record == NULL || !care_server_record_belongs_to (record, tenant))
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND, "This record does not exist.");
      return NULL;
    }
  return g_steal_pointer (&record);
}

typedef struct {
  const CareField *field;
  char            *value;
} Binding;

static void
binding_clear (gpointer data)
{
  g_free (((Binding *) data)->value);
}

static guint
add_binding (GArray          *bindings,
             const CareField *field,
             const char      *value)
{
  Binding b = { field, g_strdup (value) };

  g_array_append_val (bindings, b);
  return bindings->len;
}

static void
bind_all (sqlite3_stmt *stmt,
          GArray       *bindings)
{
  for (guint i = 0; i < bindings->len; i++)
    {
      Binding *b = &g_array_index (bindings, Binding, i);
      care_store_bind_value (stmt, i + 1, b->field, b->value, NULL);
    }
}

/* LIKE pattern with %, _ and \ escaped. */
static gboolean
build_where (CareStore             *store,
             const CareServerQuery *q,
             const char            *tenant,
             GString               *where,
             GArray                *bindings,
             gboolean              *fts,
             GError               **error)
{
  const CareEntity *entity = q->entity;

  *fts = FALSE;
  if (entity->flags & CARE_ENTITY_GLOBAL)
    g_string_append_printf (where, " WHERE t.id = ?%u", add_binding (bindings, NULL, tenant));
  else
    g_string_append_printf (where, " WHERE t.tenant_id = ?%u", add_binding (bindings, NULL, tenant));

  for (guint i = 0; i < q->n_filters; i++)
    {
      const CareField *field = care_entity_field (entity, q->filters[i].field);
      const char *name = q->filters[i].field;

      if (field && field->type == CARE_FIELD_LIST)
        g_string_append_printf (where, " AND EXISTS (SELECT 1 FROM json_each(t.%s) j WHERE j.value = ?%u COLLATE NOCASE)",
                                name, add_binding (bindings, NULL, q->filters[i].value));
      else if (field && (field->type == CARE_FIELD_TEXT || field->type == CARE_FIELD_EMAIL))
        g_string_append_printf (where, " AND t.%s = ?%u COLLATE NOCASE", name,
                                add_binding (bindings, field, q->filters[i].value));
      else
        g_string_append_printf (where, " AND t.%s = ?%u", name, add_binding (bindings, field, q->filters[i].value));
    }

  if (q->range_field && q->range_from)
    g_string_append_printf (where, " AND t.%s >= ?%u", q->range_field, add_binding (bindings, NULL, q->range_from));
  if (q->range_field && q->range_to)
    g_string_append_printf (where, " AND t.%s < ?%u", q->range_field, add_binding (bindings, NULL, q->range_to));

  if (q->scope_via && q->scope_value)
    {
      g_auto(GStrv) parts = g_strsplit (q->scope_via, ":", 2);
      guint n = add_binding (bindings, NULL, q->scope_value);

      g_string_append_printf (where, " AND t.%s IN (SELECT id FROM %s WHERE patient_id = ?%u)", parts[0], parts[1], n);
    }
  else if (q->scope_field && q->scope_field2)
    {
      guint n = add_binding (bindings, NULL, q->scope_value);
      g_string_append_printf (where, " AND (t.%s = ?%u OR t.%s = ?%u)", q->scope_field, n, q->scope_field2, n);
    }
  else if (q->scope_field)
    g_string_append_printf (where, " AND t.%s = ?%u", q->scope_field, add_binding (bindings, NULL, q->scope_value));

  if (q->search && q->search[0])
    {
      if (care_entity_is_searchable (entity))
        {
          g_autofree char *match = care_store_search_query (store, q->search);

          if (match == NULL)
            match = g_strdup ("\"\"");
          g_string_append_printf (where, " AND s.patient_search MATCH ?%u", add_binding (bindings, NULL, match));
          *fts = TRUE;
        }
      else
        {
          g_autofree char *pattern = care_server_like_pattern (q->search);
          guint n = 0, k = 0;

          for (guint i = 0; i < entity->n_fields; i++)
            {
              const CareField *f = &entity->fields[i];

              if (!(f->flags & CARE_FIELD_SUMMARY) || (f->flags & CARE_FIELD_SECRET) ||
                  (f->type != CARE_FIELD_TEXT && f->type != CARE_FIELD_EMAIL && f->type != CARE_FIELD_PHONE))
                continue;
              if (n == 0)
                n = add_binding (bindings, NULL, pattern);
              g_string_append_printf (where, "%s t.%s LIKE ?%u ESCAPE '\\'", k++ ? " OR" : " AND (", f->name, n);
            }
          if (k == 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s cannot be searched; use filters", entity->plural);
              return FALSE;
            }
          g_string_append_c (where, ')');
        }
    }
  return TRUE;
}

static sqlite3_stmt *
list_prepare (CareServerStorage *self,
              const char        *sql,
              gboolean           cache,
              GError           **error)
{
  sqlite3_stmt *stmt = NULL;

  if (cache)
    return care_store_prepare (STORE (self), sql, error);
  if (sqlite3_prepare_v2 (care_store_get_db (STORE (self)), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_debug ("Failed SQL: %s", sql);
      care_store_set_sqlite_error (STORE (self), error);
      return NULL;
    }
  return stmt;
}

static void
list_done (sqlite3_stmt *stmt,
           gboolean      cache)
{
  if (cache)
    sqlite3_reset (stmt);
  else
    sqlite3_finalize (stmt);
}

/* Ranking (bm25) must score every match; beyond this many the query is too
 * unspecific for the order to mean much, and the newest registrations come
 * first instead (FTS5 walks its index backwards and stops at the page). */
#define SEARCH_RANK_LIMIT 200

static GPtrArray *
sqlite_list (CareServerStorage     *self,
             const char            *tenant,
             const CareServerQuery *q,
             gint64                *total,
             GError               **error)
{
  static const CareField int_field = { .name = "n", .type = CARE_FIELD_INT };
  g_autoptr(GArray) bindings = g_array_new (FALSE, TRUE, sizeof (Binding));
  g_autoptr(GString) where = g_string_new (NULL);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autofree char *columns = care_store_column_list (q->entity, "t.");
  const char *from;
  sqlite3_stmt *stmt = NULL;
  gboolean fts;
  int rc;

  /* Common shapes (few filters) keep their prepared statements; rare
   * combinations are prepared for the one request. */
  gboolean cache = q->n_filters <= 2;

  g_array_set_clear_func (bindings, binding_clear);
  if (!build_where (STORE (self), q, tenant, where, bindings, &fts, error))
    return NULL;
  /* With a search, the full-text index leads (CROSS JOIN fixes the order):
   * otherwise SQLite may walk the clinic's patients and run the MATCH for
   * each of them. */
  from = fts ? "patient_search s CROSS JOIN " : "";

  if (total)
    {
      /* A search counts at most SEARCH_COUNT_LIMIT + 1 matches ("more than"). */
      if (fts)
        g_string_printf (sql, "SELECT count(*) FROM (SELECT 1 FROM %s%s t%s AND s.rowid = t.seq LIMIT %d)",
                         from, q->entity->table, where->str, SEARCH_COUNT_LIMIT + 1);
      else
        g_string_printf (sql, "SELECT count(*) FROM %s t%s", q->entity->table, where->str);
      stmt = list_prepare (self, sql->str, cache, error);
      if (stmt == NULL)
        return NULL;
      bind_all (stmt, bindings);
      *total = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
      list_done (stmt, cache);
      if (*total == 0 || q->offset >= *total)
        return g_steal_pointer (&records);
    }

  g_string_printf (sql, "SELECT %s FROM %s%s t%s%s ORDER BY ", columns, from, q->entity->table, where->str,
                   fts ? " AND s.rowid = t.seq" : "");
  if (q->sort)
    g_string_append_printf (sql, "t.%s%s, t.id", q->sort, q->descending ? " DESC" : "");
  else if (fts && total && *total <= SEARCH_RANK_LIMIT)
    g_string_append (sql, "bm25(s.patient_search, 10.0, 2.0, 2.0, 5.0), t.family_name COLLATE NOCASE, t.id");
  else if (fts)
    g_string_append (sql, "s.rowid DESC");
  else
    g_string_append_printf (sql, "t.created_at%s, t.id", q->descending ? " DESC" : "");
  {
    char limit[16], offset[16];
    guint n;

    g_snprintf (limit, sizeof limit, "%u", q->limit ? q->limit : 100);
    g_snprintf (offset, sizeof offset, "%u", q->offset);
    n = add_binding (bindings, &int_field, limit);
    g_string_append_printf (sql, " LIMIT ?%u OFFSET ?%u", n, add_binding (bindings, &int_field, offset));
  }

  stmt = list_prepare (self, sql->str, cache, error);
  if (stmt == NULL)
    return NULL;
  bind_all (stmt, bindings);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, care_store_record_from_row (q->entity, stmt, 0));
  list_done (stmt, cache);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (STORE (self), error);
      return NULL;
    }
  return g_steal_pointer (&records);
}

static gint64
sqlite_count_where (CareServerStorage *self,
                    const char        *tenant,
                    const CareEntity  *entity,
                    const char        *field,
                    const char        *value)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 n = 0;

  if (field)
    sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE tenant_id = ?1 AND %s = ?2", entity->table, field);
  else
    sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE tenant_id = ?1", entity->table);
  stmt = care_store_prepare (STORE (self), sql, NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
  if (field)
    care_store_bind_value (stmt, 2, care_entity_field (entity, field), value, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* A write outside any transaction gets its own through this interface, so
 * that its commit still runs the commit function (live notifications).
 * Inside one, nothing changes: the caller's commit runs it. */
static gboolean
start_write (CareServerStorage *self,
             gboolean          *own,
             GError           **error)
{
  *own = ((SqliteStorage *) self)->depth == 0;
  return !*own || sqlite_begin (self, error);
}

static gboolean
finish_write (CareServerStorage *self,
              gboolean           own,
              gboolean           ok,
              GError           **error)
{
  if (!own)
    return ok;
  if (!ok)
    {
      sqlite_rollback (self);
      return FALSE;
    }
  return sqlite_commit (self, error);
}

static CareValidation *
sqlite_validate (CareServerStorage *self,
                 const char        *tenant,
                 CareRecord        *record)
{
  use_tenant (self, tenant, NULL);
  return care_store_validate (STORE (self), record);
}

static gboolean
sqlite_insert (CareServerStorage *self,
               const char        *tenant,
               const char        *actor,
               CareRecord        *record,
               GError           **error)
{
  gboolean ok, own;

  if (!start_write (self, &own, error))
    return FALSE;
  use_tenant (self, tenant, actor);
  ok = care_store_insert (STORE (self), record, error);
  use_tenant (self, tenant, actor);  /* a rollback resets the store's tenant */
  return finish_write (self, own, ok, error);
}

static gboolean
sqlite_update (CareServerStorage *self,
               const char        *tenant,
               const char        *actor,
               CareRecord        *record,
               GError           **error)
{
  gboolean ok, own;

  if (!start_write (self, &own, error))
    return FALSE;
  use_tenant (self, tenant, actor);
  ok = care_store_update (STORE (self), record, error);
  use_tenant (self, tenant, actor);
  return finish_write (self, own, ok, error);
}

static gboolean
sqlite_delete (CareServerStorage *self,
               const char        *tenant,
               const char        *actor,
               const CareEntity  *entity,
               const char        *id,
               GError           **error)
{
  gboolean ok, own;

  if (!start_write (self, &own, error))
    return FALSE;
  use_tenant (self, tenant, actor);
  ok = care_store_delete (STORE (self), entity, id, error);
  use_tenant (self, tenant, actor);
  return finish_write (self, own, ok, error);
}

static char *
sqlite_next_number (CareServerStorage *self,
                    const char        *tenant,
                    const char        *counter,
                    GError           **error)
{
  /* One counter for all clinics of this server: numbers never repeat,
   * and the demo data made by the core shares it. */
  use_tenant (self, tenant, NULL);
  return care_store_next_number (STORE (self), counter, error);
}

/* --- tenants and accounts ----------------------------------------------- */

static gboolean
sqlite_create_clinic (CareServerStorage *self,
                      CareRecord        *clinic,
                      CareRecord        *admin,
                      const char        *password,
                      GError           **error)
{
  gboolean own;

  if (!start_write (self, &own, error))
    return FALSE;
  use_tenant (self, NULL, NULL);
  return finish_write (self, own, care_accounts_create_clinic (STORE (self), clinic, admin, password, error), error);
}

/* Staff accounts by username or email; tenant NULL: in every clinic. */
static GPtrArray *
find_logins (CareServerStorage *self,
             const char        *tenant,
             const char        *login,
             guint              limit)
{
  const CareEntity *entity = care_schema_lookup ("user");
  g_autofree char *columns = care_store_column_list (entity, NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM users WHERE (?2 IS NULL OR tenant_id = ?2) AND "
                                          "(username = ?1 COLLATE NOCASE OR email = ?1 COLLATE NOCASE) LIMIT ?3",
                                          columns);
  sqlite3_stmt *stmt = care_store_prepare (STORE (self), sql, NULL);
  GPtrArray *users = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);

  if (stmt == NULL || login == NULL)
    return users;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (users, care_store_record_from_row (entity, stmt, 0));
  sqlite3_reset (stmt);
  return users;
}

static CareRecord *
sqlite_find_login (CareServerStorage *self,
                   const char        *tenant,
                   const char        *login,
                   guint             *n_matches)
{
  g_autoptr(GPtrArray) users = find_logins (self, tenant, login, 2);

  if (n_matches)
    *n_matches = users->len;
  return users->len == 1 ? care_record_ref (g_ptr_array_index (users, 0)) : NULL;
}

static GPtrArray *
sqlite_find_logins (CareServerStorage *self,
                    const char        *login)
{
  return find_logins (self, NULL, login, 16);
}

static gboolean
sqlite_role_can (CareServerStorage *self,
                 const char        *tenant,
                 const char        *role,
                 const char        *permission)
{
  use_tenant (self, tenant, NULL);
  return care_store_role_can (STORE (self), role, permission);
}

static gboolean
sqlite_set_role_permission (CareServerStorage *self,
                            const char        *tenant,
                            const char        *actor,
                            const char        *role,
                            const char        *permission,
                            gboolean           allowed,
                            GError           **error)
{
  gboolean ok, own;

  if (!start_write (self, &own, error))
    return FALSE;
  use_tenant (self, tenant, actor);
  ok = care_store_set_role_permission (STORE (self), role, permission, allowed, error);
  use_tenant (self, tenant, actor);
  return finish_write (self, own, ok, error);
}

static gboolean
sqlite_patient_account_create (CareServerStorage *self,
                               const char        *tenant,
                               const char        *patient_id,
                               const char        *login,
                               const char        *password_hash,
                               GError           **error)
{
  sqlite3_stmt *stmt = care_store_prepare (STORE (self),
                                           "INSERT INTO server_patient_accounts (patient_id, tenant_id, login, password_hash, created_at) "
                                           "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (patient_id) DO UPDATE SET "
                                           "login = excluded.login, password_hash = excluded.password_hash", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, login, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, password_hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, care_clock_get_real_time () / G_USEC_PER_SEC);
  return step_done (self, stmt, error);
}

static char *
sqlite_patient_account_find (CareServerStorage *self,
                             const char        *tenant,
                             const char        *login,
                             char             **tenant_out,
                             char             **hash,
                             guint             *n_matches)
{
  sqlite3_stmt *stmt = care_store_prepare (STORE (self),
                                           "SELECT patient_id, tenant_id, password_hash FROM server_patient_accounts "
                                           "WHERE (?2 IS NULL OR tenant_id = ?2) AND login = ?1 COLLATE NOCASE LIMIT 2", NULL);
  char *patient = NULL;
  guint n = 0;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (n++ == 0)
      {
        patient = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
        *tenant_out = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        *hash = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      }
  sqlite3_reset (stmt);
  *n_matches = n;
  if (n > 1)
    {
      g_clear_pointer (&patient, g_free);
      g_clear_pointer (tenant_out, g_free);
      g_clear_pointer (hash, g_free);
    }
  return patient;
}

static GStrv
sqlite_patient_account_hashes (CareServerStorage *self,
                               const char        *login)
{
  sqlite3_stmt *stmt = care_store_prepare (STORE (self),
                                           "SELECT password_hash FROM server_patient_accounts "
                                           "WHERE login = ?1 COLLATE NOCASE AND password_hash IS NOT NULL", NULL);
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv hashes;

  if (stmt)
    {
      sqlite3_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  hashes = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return hashes;
}

static char *
sqlite_patient_account_hash (CareServerStorage *self,
                             const char        *patient_id)
{
  return care_store_query_text (STORE (self),
                                "SELECT password_hash FROM server_patient_accounts WHERE patient_id = ?1",
                                patient_id, NULL);
}

static gboolean
sqlite_patient_account_set_password (CareServerStorage *self,
                                     const char        *patient_id,
                                     const char        *password_hash,
                                     GError           **error)
{
  sqlite3_stmt *stmt = care_store_prepare (STORE (self),
                                           "UPDATE server_patient_accounts SET password_hash = ?2 WHERE patient_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, password_hash, -1, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

/* --- single-use tokens -------------------------------------------------- */

static gboolean
sqlite_token_put (CareServerStorage *self,
                  const char        *kind,
                  const char        *token_hash,
                  const char        *tenant,
                  const char        *subject,
                  gint64             expires_at,
                  GError           **error)
{
  sqlite3_stmt *stmt;

  /* A new token replaces the subject's earlier unused ones of that kind. */
  stmt = care_store_prepare (STORE (self), "DELETE FROM server_tokens WHERE kind = ?1 AND subject_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, subject, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    return FALSE;

  stmt = care_store_prepare (STORE (self),
                             "INSERT INTO server_tokens (token_hash, kind, tenant_id, subject_id, expires_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, tenant, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, subject, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, expires_at);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_token_take (CareServerStorage *self,
                   const char        *kind,
                   const char        *token_hash,
                   gint64             now,
                   char             **tenant,
                   char             **subject)
{
  sqlite3_stmt *stmt = care_store_prepare (STORE (self),
                                           "UPDATE server_tokens SET used_at = ?3 WHERE token_hash = ?1 AND kind = ?2 "
                                           "AND used_at IS NULL AND expires_at > ?3 RETURNING tenant_id, subject_id", NULL);
  gboolean ok = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *tenant = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *subject = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      ok = TRUE;
    }
  /* RETURNING completes the statement only when stepped to the end. */
  while (sqlite3_step (stmt) == SQLITE_ROW)
    ;
  sqlite3_reset (stmt);
  return ok;
}

/* --- refresh tokens ----------------------------------------------------- */

static gboolean
sqlite_refresh_put (CareServerStorage       *self,
                    const char              *token_hash,
                    const CareServerRefresh *info,
                    gboolean                 new_family,
                    gint64                   expires_at,
                    GError                 **error)
{
  gint64 now = care_clock_get_real_time () / G_USEC_PER_SEC;
  sqlite3_stmt *stmt;

  if (new_family)
    {
      stmt = care_store_prepare (STORE (self),
                                 "INSERT INTO server_token_families (id, tenant_id, subject_id, is_patient, created_at) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, info->family_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, info->tenant_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, info->subject_id, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, info->is_patient);
      sqlite3_bind_int64 (stmt, 5, now);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  stmt = care_store_prepare (STORE (self),
                             "INSERT INTO server_refresh_tokens (token_hash, family_id, created_at, expires_at) "
                             "VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, info->family_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, expires_at);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_family_revoke (CareServerStorage *self,
                      const char        *family_id,
                      const char        *reason)
{
  sqlite3_stmt *stmt = care_store_prepare (STORE (self),
                                           "UPDATE server_token_families SET revoked_at = ?2, revoked_reason = ?3 "
                                           "WHERE id = ?1 AND revoked_at IS NULL", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, family_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, care_clock_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_STATIC);
  return step_done (self, stmt, NULL);
}

static gboolean
sqlite_subject_access_revoke (CareServerStorage *self,
                              const char        *subject_id)
{
  g_autofree char *key = g_strconcat ("sub:", subject_id, NULL);
  gint64 now_ms = care_clock_get_real_time () / 1000;
  sqlite3_stmt *stmt;

  /* Access tokens live at most 7 days (the configuration's bound). */
  stmt = care_store_prepare (STORE (self),
                             "INSERT INTO server_revoked_access (jti, expires_at, revoked_at_ms) VALUES (?1, ?2, ?3) "
                             "ON CONFLICT (jti) DO UPDATE SET expires_at = excluded.expires_at, revoked_at_ms = excluded.revoked_at_ms", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now_ms / 1000 + 7 * 24 * 3600);
  sqlite3_bind_int64 (stmt, 3, now_ms);
  return step_done (self, stmt, NULL);
}

static gboolean
sqlite_subject_revoke (CareServerStorage *self,
                       const char        *subject_id,
                       const char        *reason)
{
  sqlite3_stmt *stmt = care_store_prepare (STORE (self),
                                           "UPDATE server_token_families SET revoked_at = ?2, revoked_reason = ?3 "
                                           "WHERE subject_id = ?1 AND revoked_at IS NULL", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, subject_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, care_clock_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, NULL))
    return FALSE;
  return sqlite_subject_access_revoke (self, subject_id);
}

static CareServerRefreshResult
sqlite_refresh_use (CareServerStorage *self,
                    const char        *token_hash,
                    gint64             now,
                    CareServerRefresh *info)
{
  sqlite3_stmt *stmt;
  CareServerRefreshResult result;
  gint64 expires_at, used_at;
  gboolean used, revoked;

  if (!care_store_begin (STORE (self), NULL))
    return CARE_SERVER_REFRESH_UNKNOWN;
  stmt = care_store_prepare (STORE (self),
                             "SELECT r.family_id, r.expires_at, r.used_at, f.tenant_id, f.subject_id, f.is_patient, f.revoked_at "
                             "FROM server_refresh_tokens r JOIN server_token_families f ON f.id = r.family_id "
                             "WHERE r.token_hash = ?1", NULL);
  if (stmt == NULL)
    {
      care_store_rollback (STORE (self));
      return CARE_SERVER_REFRESH_UNKNOWN;
    }
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      care_store_rollback (STORE (self));
      return CARE_SERVER_REFRESH_UNKNOWN;
    }
  info->family_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  expires_at = sqlite3_column_int64 (stmt, 1);
  used = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
  used_at = sqlite3_column_int64 (stmt, 2);
  info->tenant_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  info->subject_id = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  info->is_patient = sqlite3_column_int (stmt, 5) != 0;
  revoked = sqlite3_column_type (stmt, 6) != SQLITE_NULL;
  sqlite3_reset (stmt);
  (void) used_at;

  if (revoked)
    result = CARE_SERVER_REFRESH_REVOKED;
  else if (used)
    {
      /* Someone presents a token that was already exchanged: either the
       * client or a thief holds a stale copy. Nobody in the family can be
       * trusted any more. */
      sqlite_family_revoke (self, info->family_id, "reuse");
      result = CARE_SERVER_REFRESH_REUSED;
    }
  else if (expires_at <= now)
    result = CARE_SERVER_REFRESH_EXPIRED;
  else
    {
      stmt = care_store_prepare (STORE (self), "UPDATE server_refresh_tokens SET used_at = ?2 WHERE token_hash = ?1", NULL);
      if (stmt)
        {
          sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, now);
          step_done (self, stmt, NULL);
        }
      result = CARE_SERVER_REFRESH_OK;
    }
  if (!care_store_commit (STORE (self), NULL))
    return CARE_SERVER_REFRESH_UNKNOWN;
  return result;
}

static gboolean
sqlite_access_revoke (CareServerStorage *self,
                      const char        *jti,
                      gint64             expires_at)
{
  sqlite3_stmt *stmt = care_store_prepare (STORE (self),
                                           "INSERT OR IGNORE INTO server_revoked_access (jti, expires_at) VALUES (?1, ?2)", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, jti, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, expires_at);
  return step_done (self, stmt, NULL);
}

static GHashTable *
sqlite_access_revoked (CareServerStorage *self,
                       gint64             now)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = care_store_prepare (STORE (self), "DELETE FROM server_revoked_access WHERE expires_at < ?1", NULL);

  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, now);
      step_done (self, stmt, NULL);
    }
  stmt = care_store_prepare (STORE (self), "SELECT jti, coalesce(revoked_at_ms, 0) FROM server_revoked_access", NULL);
  if (stmt == NULL)
    return set;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 at = sqlite3_column_int64 (stmt, 1);
      g_hash_table_insert (set, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), g_memdup2 (&at, sizeof at));
    }
  sqlite3_reset (stmt);
  return set;
}

/* --- throttling --------------------------------------------------------- */

static void
sqlite_throttle_get (CareServerStorage *self,
                     const char        *key,
                     gint64            *failures,
                     gint64            *last)
{
  sqlite3_stmt *stmt = care_store_prepare (STORE (self), "SELECT failures, last_failure FROM server_throttle WHERE key = ?1", NULL);

  *failures = 0;
  *last = 0;
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *failures = sqlite3_column_int64 (stmt, 0);
      *last = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
}

static void
sqlite_throttle_fail (CareServerStorage *self,
                      const char        *key,
                      gint64             now)
{
  sqlite3_stmt *stmt = care_store_prepare (STORE (self),
                                           "INSERT INTO server_throttle (key, failures, last_failure) VALUES (?1, 1, ?2) "
                                           "ON CONFLICT (key) DO UPDATE SET failures = failures + 1, last_failure = ?2", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  step_done (self, stmt, NULL);
}

static void
sqlite_throttle_clear (CareServerStorage *self,
                       const char        *key)
{
  sqlite3_stmt *stmt = care_store_prepare (STORE (self), "DELETE FROM server_throttle WHERE key = ?1", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  step_done (self, stmt, NULL);
}

/* --- audit -------------------------------------------------------------- */

/* UUIDv7 for audit entries from a seeded generator: one getrandom() per
 * process instead of one per entry (ids need to be unique, not secret). */
static char *
audit_uuid (void)
{
  static GRand *rand;
  static gint64 last_ms;
  static guint counter;
  gint64 ms = care_clock_get_real_time () / 1000;
  guint32 r1, r2, r3;

  if (rand == NULL)
    {
      guint32 seed[4];

      randombytes_buf (seed, sizeof seed);
      rand = g_rand_new_with_seed_array (seed, G_N_ELEMENTS (seed));
    }
  counter = ms == last_ms ? (counter + 1) & 0xfff : (guint) g_rand_int_range (rand, 0, 0x800);
  last_ms = ms;
  r1 = g_rand_int (rand);
  r2 = g_rand_int (rand);
  r3 = g_rand_int (rand);
  return g_strdup_printf ("%08x-%04x-7%03x-%04x-%04x%08x",
                          (guint32) (ms >> 16), (guint) (ms & 0xffff), counter,
                          (guint) (0x8000 | (r1 & 0x3fff)), (guint) (r2 & 0xffff), r3);
}

static gboolean
sqlite_audit_append (CareServerStorage            *self,
                     CareServerAuditEntry *const  *entries,
                     guint                         n,
                     GError                      **error)
{
  CareStore *store = STORE (self);
  g_autofree char *prev = NULL;
  g_autofree char *head = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gint64 seq = 0;

  if (n == 0)
    return TRUE;
  if (!care_store_begin (store, error))
    return FALSE;

  prev = care_store_query_text (store, "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1", NULL, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto failed;
    }

  stmt = care_store_prepare (store,
                             "INSERT INTO audit_log (id, tenant_id, actor_id, actor_role, action, entity, record_id, "
                             "workstation, at, prev_hash, hash, created_at, created_by, updated_at, updated_by, "
                             "patient_id, hash_version) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?9, ?3, ?9, ?3, ?12, ?13)", error);
  if (stmt == NULL)
    goto failed;
  for (guint i = 0; i < n; i++)
    {
      const CareServerAuditEntry *e = entries[i];
      g_autofree char *id = audit_uuid ();
      char *hash = care_server_audit_hash (prev, id, e);

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, e->tenant_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, e->actor_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, e->actor_role, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, e->action, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, e->entity, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, e->record_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, e->workstation, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, e->at, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 10, prev, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 11, hash, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 12, e->patient_id, -1, SQLITE_STATIC);
      /* Version 1 is kept as NULL, as the migration leaves old entries. */
      if (e->hash_version == 0)
        sqlite3_bind_null (stmt, 13);
      else
        sqlite3_bind_int (stmt, 13, e->hash_version);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          g_free (hash);
          care_store_set_sqlite_error (store, error);
          sqlite3_reset (stmt);
          goto failed;
        }
      sqlite3_reset (stmt);
      g_free (prev);
      prev = hash;
      seq = sqlite3_last_insert_rowid (care_store_get_db (store));
    }
  /* The head outside the table: truncating the log's tail shows too. */
  head = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", seq, prev);
  if (!sqlite_set_meta (self, "audit_head", head, error))
    goto failed;
  return care_store_commit (store, error);

failed:
  care_store_rollback (store);
  return FALSE;
}

static gboolean
sqlite_audit_verify (CareServerStorage *self,
                     const char        *anchored_head,
                     gint64            *n_checked,
                     char             **bad_id,
                     char             **reason)
{
  sqlite3 *db = care_store_get_db (STORE (self));
  sqlite3_stmt *stmt = NULL;
  g_autofree char *prev = NULL;
  g_autofree char *head = sqlite_get_meta (self, "audit_head");
  g_auto(CareAnchorCheck) anchor = { 0 };
  gint64 last_seq = 0;
  int rc;

  if (!care_server_anchor_check_begin (&anchor, anchored_head, bad_id, reason))
    return FALSE;

  *n_checked = 0;
  if (sqlite3_prepare_v2 (db,
                          "SELECT seq, id, tenant_id, actor_id, actor_role, action, entity, record_id, "
                          "workstation, at, prev_hash, hash, "
                          /* The row's own columns are copies of what the hash covers. */
                          "created_at IS at AND updated_at IS at AND created_by IS actor_id AND updated_by IS actor_id, "
                          "patient_id, " CARE_SERVER_AUDIT_HASH_VERSION_SQL " "
                          "FROM audit_log ORDER BY seq", -1, &stmt, NULL) != SQLITE_OK)
    {
      *reason = g_strdup (sqlite3_errmsg (db));
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CareServerAuditEntry e = {
        .tenant_id = (char *) sqlite3_column_text (stmt, 2),
        .actor_id = (char *) sqlite3_column_text (stmt, 3),
        .actor_role = (char *) sqlite3_column_text (stmt, 4),
        .action = (char *) sqlite3_column_text (stmt, 5),
        .entity = (char *) sqlite3_column_text (stmt, 6),
        .record_id = (char *) sqlite3_column_text (stmt, 7),
        .workstation = (char *) sqlite3_column_text (stmt, 8),
        .at = (char *) sqlite3_column_text (stmt, 9),
        .patient_id = (char *) sqlite3_column_text (stmt, 13),
        .hash_version = sqlite3_column_int (stmt, 14),
      };
      const char *id = (const char *) sqlite3_column_text (stmt, 1);
      const char *stored_prev = (const char *) sqlite3_column_text (stmt, 10);
      const char *stored_hash = (const char *) sqlite3_column_text (stmt, 11);
      g_autofree char *altered = care_server_audit_check_entry (prev, id, &e, stored_hash);

      last_seq = sqlite3_column_int64 (stmt, 0);
      if (g_strcmp0 (stored_prev, prev) != 0)
        {
          *bad_id = g_strdup (id);
          *reason = g_strdup ("its link to the previous entry is broken (an entry before it was removed or changed)");
          sqlite3_finalize (stmt);
          return FALSE;
        }
      if (altered)
        {
          *bad_id = g_strdup (id);
          *reason = g_steal_pointer (&altered);
          sqlite3_finalize (stmt);
          return FALSE;
        }
      if (!sqlite3_column_int (stmt, 12))
        {
          *bad_id = g_strdup (id);
          *reason = g_strdup ("its created_at, updated_at, created_by or updated_by differ from the time and "
                              "person its checksum covers (the entry was altered)");
          sqlite3_finalize (stmt);
          return FALSE;
        }
      if (!care_server_anchor_check_entry (&anchor, last_seq, id, stored_hash, bad_id, reason))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
      g_free (prev);
      prev = g_strdup (stored_hash);
      (*n_checked)++;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      *reason = g_strdup (sqlite3_errmsg (db));
      return FALSE;
    }
  if (!care_server_anchor_check_end (&anchor, last_seq, bad_id, reason))
    return FALSE;
  return care_server_audit_check_head (head, *n_checked, last_seq, prev, bad_id, reason);
}

/* --- reports ------------------------------------------------------------ */

static JsonNode *
rows_to_json (CareServerStorage *self,
              const char        *sql,
              const char *const *params,
              GError           **error)
{
  sqlite3 *db = care_store_get_db (STORE (self));
  g_autoptr(JsonBuilder) b = json_builder_new ();
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_debug ("Failed SQL: %s", sql);
      care_store_set_sqlite_error (STORE (self), error);
      return NULL;
    }
  for (guint i = 0; params[i] || i < 1; i++)
    {
      if (params[i] == NULL)
        break;
      sqlite3_bind_text (stmt, i + 1, params[i], -1, SQLITE_TRANSIENT);
    }
  json_builder_begin_array (b);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (b);
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          json_builder_set_member_name (b, sqlite3_column_name (stmt, c));
          switch (sqlite3_column_type (stmt, c))
            {
            case SQLITE_INTEGER:
              json_builder_add_int_value (b, sqlite3_column_int64 (stmt, c));
              break;
            case SQLITE_FLOAT:
              json_builder_add_double_value (b, sqlite3_column_double (stmt, c));
              break;
            case SQLITE_NULL:
              json_builder_add_null_value (b);
              break;
            default:
              json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, c));
              break;
            }
        }
      json_builder_end_object (b);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (STORE (self), error);
      return NULL;
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static JsonNode *
sqlite_report (CareServerStorage *self,
               const char        *tenant,
               const char        *name,
               GHashTable        *params,
               GError           **error)
{
  const char *from = params ? g_hash_table_lookup (params, "from") : NULL;
  const char *to = params ? g_hash_table_lookup (params, "to") : NULL;
  const char *period = params ? g_hash_table_lookup (params, "period") : NULL;
  const char *by = params ? g_hash_table_lookup (params, "by") : NULL;
  const char *args[] = { tenant, from ? from : "0000", to ? to : "9999", NULL };

  if (g_str_equal (name, "appointments_by_status"))
    return rows_to_json (self,
                         "SELECT status, count(*) AS count FROM appointments WHERE tenant_id = ?1 "
                         "AND starts_at >= ?2 AND starts_at < ?3 GROUP BY status ORDER BY count DESC, status", args, error);
  if (g_str_equal (name, "appointments_by_doctor"))
    return rows_to_json (self,
                         "SELECT a.provider_id AS doctor_id, u.full_name AS doctor, count(*) AS count, "
                         "sum(a.status = 'completed') AS completed, sum(a.status IN ('cancelled', 'no_show', 'rejected')) AS not_seen "
                         "FROM appointments a LEFT JOIN users u ON u.id = a.provider_id WHERE a.tenant_id = ?1 "
                         "AND a.starts_at >= ?2 AND a.starts_at < ?3 GROUP BY a.provider_id ORDER BY count DESC", args, error);
  if (g_str_equal (name, "doctors"))
    return rows_to_json (self,
                         "SELECT u.id AS doctor_id, u.full_name AS doctor, u.specialty, "
                         "(SELECT count(*) FROM appointments a WHERE a.provider_id = u.id AND a.starts_at >= ?2 AND a.starts_at < ?3) AS appointments, "
                         "(SELECT count(*) FROM appointments a WHERE a.provider_id = u.id AND a.status = 'completed' AND a.starts_at >= ?2 AND a.starts_at < ?3) AS completed, "
                         "(SELECT count(*) FROM clinical_notes n WHERE n.author_id = u.id AND n.created_at >= ?2 AND n.created_at < ?3) AS notes, "
                         "(SELECT count(*) FROM prescriptions p WHERE p.prescriber_id = u.id AND p.issued_on >= ?2 AND p.issued_on < ?3) AS prescriptions, "
                         "(SELECT count(*) FROM lab_tests l WHERE l.requested_by = u.id AND l.created_at >= ?2 AND l.created_at < ?3) AS lab_tests "
                         "FROM users u WHERE u.tenant_id = ?1 AND u.role = 'doctor' ORDER BY u.full_name", args, error);
  if (g_str_equal (name, "earnings"))
    {
      const char *fmt = g_strcmp0 (period, "week") == 0 ? "%Y-W%W" : g_strcmp0 (period, "year") == 0 ? "%Y" : "%Y-%m";
      const char *eargs[] = { tenant, args[1], args[2], fmt, NULL };

      return rows_to_json (self,
                           "WITH p AS (SELECT strftime(?4, received_at) AS period, sum(amount) AS received, count(*) AS payments "
                           "           FROM payments WHERE tenant_id = ?1 AND received_at >= ?2 AND received_at < ?3 GROUP BY 1), "
                           "     i AS (SELECT strftime(?4, issued_on) AS period, sum(total) AS invoiced, count(*) AS invoices "
                           "           FROM invoices WHERE tenant_id = ?1 AND status != 'void' AND issued_on IS NOT NULL "
                           "           AND issued_on >= ?2 AND issued_on < ?3 GROUP BY 1), "
                           "     k AS (SELECT period FROM p UNION SELECT period FROM i) "
                           "SELECT k.period, coalesce(i.invoiced, 0) AS invoiced, coalesce(i.invoices, 0) AS invoices, "
                           "coalesce(p.received, 0) AS received, coalesce(p.payments, 0) AS payments "
                           "FROM k LEFT JOIN p ON p.period = k.period LEFT JOIN i ON i.period = k.period ORDER BY k.period", eargs, error);
    }
  if (g_str_equal (name, "patients"))
    {
      const char *pargs[] = { tenant, NULL };

      if (g_strcmp0 (by, "country") == 0)
        return rows_to_json (self, "SELECT coalesce(country, 'unknown') AS country, count(*) AS count FROM patients "
                                   "WHERE tenant_id = ?1 GROUP BY 1 ORDER BY count DESC, 1", pargs, error);
      if (g_strcmp0 (by, "age_band") == 0)
        {
          g_autofree char *today = care_clock_today ();
          const char *aargs[] = { tenant, today, NULL };

          return rows_to_json (self,
                             "SELECT band AS age_band, count(*) AS count FROM (SELECT CASE "
                             "WHEN age < 18 THEN '0-17' WHEN age < 35 THEN '18-34' WHEN age < 50 THEN '35-49' "
                             "WHEN age < 65 THEN '50-64' ELSE '65+' END AS band FROM (SELECT "
                             "CAST((julianday(?2) - julianday(date_of_birth)) / 365.25 AS INTEGER) AS age "
                             "FROM patients WHERE tenant_id = ?1)) GROUP BY band ORDER BY band", aargs, error);
        }
      return rows_to_json (self,
                           "SELECT lower(j.value) AS condition, count(*) AS count FROM patients p, json_each(p.conditions) j "
                           "WHERE p.tenant_id = ?1 AND json_valid(p.conditions) GROUP BY 1 ORDER BY count DESC, 1", pargs, error);
    }
  if (g_str_equal (name, "dashboard"))
    {
      g_autoptr(GDateTime) now = care_clock_now_utc ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
      g_autofree char *month = g_date_time_format (now, "%Y-%m");
      const char *dargs[] = { tenant, today, month, NULL };
      JsonNode *rows = rows_to_json (self,
                                     "SELECT (SELECT count(*) FROM patients WHERE tenant_id = ?1) AS patients, "
                                     "(SELECT count(*) FROM appointments WHERE tenant_id = ?1 AND substr(starts_at, 1, 10) = ?2) AS appointments_today, "
                                     "(SELECT coalesce(sum(amount), 0) FROM payments WHERE tenant_id = ?1 AND substr(received_at, 1, 7) = ?3) AS earnings_this_month, "
                                     "(SELECT count(*) FROM lab_tests WHERE tenant_id = ?1 AND status NOT IN ('completed', 'reviewed', 'cancelled')) AS open_lab_tests, "
                                     "(SELECT count(*) FROM beds WHERE tenant_id = ?1 AND status = 'occupied') AS occupied_beds, "
                                     "(SELECT count(*) FROM beds WHERE tenant_id = ?1) AS beds, "
                                     "(SELECT count(*) FROM medicines m WHERE m.tenant_id = ?1 AND m.reorder_level IS NOT NULL AND "
                                     " (SELECT coalesce(sum(quantity), 0) FROM stock_batches b WHERE b.medicine_id = m.id AND b.expiry_date >= ?2) < m.reorder_level) AS low_stock",
                                     dargs, error);
      JsonNode *first;

      if (rows == NULL)
        return NULL;
      first = json_node_copy (json_array_get_element (json_node_get_array (rows), 0));
      json_node_unref (rows);
      return first;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No report %s", name);
  return NULL;
}

/* --- sync --------------------------------------------------------------- */

static gboolean
sqlite_id_in_use (CareServerStorage *self,
                  const CareEntity  *entity,
                  const char        *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?1", entity->table);
  sqlite3_stmt *stmt = care_store_prepare (STORE (self), sql, NULL);
  gboolean found;

  if (stmt == NULL)
    return TRUE;  /* when in doubt, the id is not free */
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

static gint64
query_int (CareServerStorage *self,
           const char        *sql,
           const char        *a,
           const char        *b,
           const char        *c)
{
  sqlite3_stmt *stmt = care_store_prepare (STORE (self), sql, NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, a, -1, SQLITE_STATIC);
  if (b)
    sqlite3_bind_text (stmt, 2, b, -1, SQLITE_STATIC);
  if (c)
    sqlite3_bind_text (stmt, 3, c, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gint64
sqlite_change_seq (CareServerStorage *self,
                   const char        *tenant,
                   const CareEntity  *entity,
                   const char        *id)
{
  return query_int (self, "SELECT seq FROM sync_changes WHERE tenant_id = ?1 AND entity = ?2 AND record_id = ?3",
                    tenant, entity->name, id);
}

static gint64
sqlite_sync_head (CareServerStorage *self,
                  const char        *tenant)
{
  return query_int (self, "SELECT max(seq) FROM sync_changes WHERE tenant_id = ?1", tenant, NULL, NULL);
}

static char *
floor_key (const char *tenant)
{
  return g_strconcat ("sync_floor:", tenant, NULL);
}

static gint64
sqlite_sync_floor (CareServerStorage *self,
                   const char        *tenant)
{
  g_autofree char *key = floor_key (tenant);
  g_autofree char *value = sqlite_get_meta (self, key);

  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}

static gint64
sqlite_sync_seq_end (CareServerStorage *self)
{
  /* AUTOINCREMENT's record; max(seq) would forget a pruned tombstone. */
  return MAX (0, query_int (self, "SELECT seq FROM sqlite_sequence WHERE name = 'sync_changes'", NULL, NULL, NULL));
}

static GHashTable *
sqlite_sync_heads_since (CareServerStorage *self,
                         gint64             after,
                         gint64            *max_seq)
{
  GHashTable *heads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;

  /* The first query reads the rowid's end: nearly free when nothing moved. */
  stmt = care_store_prepare (STORE (self), "SELECT max(seq) FROM sync_changes", NULL);
  *max_seq = after;
  if (stmt == NULL)
    return heads;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *max_seq = MAX (after, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  if (*max_seq == after || after < 0)
    return heads;

  stmt = care_store_prepare (STORE (self), "SELECT tenant_id, max(seq) FROM sync_changes WHERE seq > ?1 GROUP BY tenant_id", NULL);
  if (stmt == NULL)
    return heads;
  sqlite3_bind_int64 (stmt, 1, after);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 1);
      g_hash_table_insert (heads, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), g_memdup2 (&seq, sizeof seq));
    }
  sqlite3_reset (stmt);
  return heads;
}

static gboolean
owned_by (const CareServerSyncEntity *se,
          sqlite3_stmt               *stmt,
          const char                 *owner)
{
  int a, b;

  if (se->owner_field == NULL)
    return TRUE;
  a = care_entity_field_index (se->entity, se->owner_field);
  b = se->owner_field2 ? care_entity_field_index (se->entity, se->owner_field2) : -1;
  return (a >= 0 && g_strcmp0 ((const char *) sqlite3_column_text (stmt, a), owner) == 0) ||
         (b >= 0 && g_strcmp0 ((const char *) sqlite3_column_text (stmt, b), owner) == 0);
}

static gboolean
sqlite_changes (CareServerStorage  *self,
                const char         *tenant,
                CareServerSyncPage *page,
                GString            *out,
                GError            **error)
{
  CareStore *store = STORE (self);
  sqlite3 *db = care_store_get_db (store);
  gboolean own_snapshot = sqlite3_get_autocommit (db) != 0;
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree sqlite3_stmt **records = g_new0 (sqlite3_stmt *, page->n_entities + 1);
  g_autoptr(GString) names = g_string_new ("[");
  sqlite3_stmt *stmt;
  guint examined = 0;
  int rc;

  page->last_seq = page->cursor;
  page->more = FALSE;
  page->n_changes = 0;
  if (page->n_entities == 0)
    return TRUE;
  for (guint i = 0; i < page->n_entities; i++)
    {
      g_hash_table_insert (index, (gpointer) page->entities[i].entity->name, GUINT_TO_POINTER (i + 1));
      if (i)
        g_string_append_c (names, ',');
      care_json_append_string (names, page->entities[i].entity->name);
    }
  g_string_append_c (names, ']');

  /* The log and the records from one snapshot: a record changed by another
   * worker meanwhile is sent as of this page, and again in a later one. */
  if (own_snapshot && !care_store_exec (store, "BEGIN", error))
    return FALSE;
  stmt = care_store_prepare (store,
                             "SELECT seq, entity, record_id, op FROM sync_changes "
                             "WHERE tenant_id = ?1 AND seq > ?2 AND entity IN (SELECT value FROM json_each(?3)) "
                             "ORDER BY seq LIMIT ?4", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, page->cursor);
  sqlite3_bind_text (stmt, 3, names->str, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, (gint64) page->limit + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      const char *id = (const char *) sqlite3_column_text (stmt, 2);
      gboolean tombstone = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "delete") == 0;
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (index, name));
      const CareServerSyncEntity *se;
      sqlite3_stmt *row = NULL;

      if (examined == page->limit)
        {
          page->more = TRUE;
          break;
        }
      examined++;
      page->last_seq = seq;
      if (k == 0)
        continue;
      se = &page->entities[k - 1];
      if (!tombstone)
        {
          /* One statement per entity, prepared once and kept by the store. */
          if (records[k - 1] == NULL &&
              (records[k - 1] = care_store_prepare (store, get_sql (se->entity), error)) == NULL)
            goto failed_reset;
          row = records[k - 1];
          sqlite3_bind_text (row, 1, id, -1, SQLITE_STATIC);
          rc = sqlite3_step (row);
          if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            {
              sqlite3_reset (row);
              care_store_set_sqlite_error (store, error);
              goto failed_reset;
            }
          if (rc == SQLITE_ROW && !owned_by (se, row, page->owner))
            {
              /* Someone else's message or notification. */
              sqlite3_reset (row);
              continue;
            }
          /* No row: the log outlived it; what the workstation needs to know
           * is that it is gone. */
          tombstone = rc == SQLITE_DONE;
        }
      care_server_append_change_head (out, page, seq, se->entity, id, tombstone);
      if (!tombstone)
        {
          care_store_append_row_json (out, se->entity, row, 0);
          g_string_append_c (out, '}');
        }
      if (row)
        sqlite3_reset (row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      care_store_set_sqlite_error (store, error);
      goto failed;
    }
  if (own_snapshot)
    care_store_exec (store, "COMMIT", NULL);
  return TRUE;

failed_reset:
  sqlite3_reset (stmt);
failed:
  if (own_snapshot)
    care_store_exec (store, "ROLLBACK", NULL);
  return FALSE;
}

static gint64
sqlite_prune_tombstones (CareServerStorage *self,
                         gint64             before,
                         GError           **error)
{
  CareStore *store = STORE (self);
  sqlite3_stmt *stmt;
  gint64 oldest, oldest_result, n = 0;

  /* Both through indexes: a pull may ask on every call. */
  oldest = query_int (self, "SELECT coalesce(min(changed_at), ?1) FROM sync_changes WHERE op = 'delete'", "9223372036854775807", NULL, NULL);
  oldest_result = query_int (self, "SELECT coalesce(min(at), ?1) FROM sync_mutations", "9223372036854775807", NULL, NULL);
  if (oldest >= before && oldest_result >= before)
    return 0;

  if (!sqlite_begin (self, error))
    return -1;
  if (oldest < before)
    {
      g_autoptr(GHashTable) floors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      GHashTableIter iter;
      gpointer key, value;
      int rc;

      stmt = care_store_prepare (store, "SELECT tenant_id, max(seq) FROM sync_changes "
                                        "WHERE op = 'delete' AND changed_at < ?1 GROUP BY tenant_id", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, before);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 seq = sqlite3_column_int64 (stmt, 1);
          g_hash_table_insert (floors, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), g_memdup2 (&seq, sizeof seq));
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          care_store_set_sqlite_error (store, error);
          goto failed;
        }
      /* The floor only rises: a workstation whose cursor is below it may
       * have missed a deletion. */
      g_hash_table_iter_init (&iter, floors);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autofree char *meta = floor_key (key);
          char text[24];

          if (*(gint64 *) value <= sqlite_sync_floor (self, key))
            continue;
          g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, *(gint64 *) value);
          if (!sqlite_set_meta (self, meta, text, error))
            goto failed;
        }
      stmt = care_store_prepare (store, "DELETE FROM sync_changes WHERE op = 'delete' AND changed_at < ?1", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, before);
      if (!step_done (self, stmt, error))
        goto failed;
      n = sqlite3_changes (care_store_get_db (store));
    }
  if (oldest_result < before)
    {
      /* A result is kept to answer a push repeated after a lost answer;
       * a workstation silent for longer resyncs anyway. */
      stmt = care_store_prepare (store, "DELETE FROM sync_mutations WHERE at < ?1", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, before);
      if (!step_done (self, stmt, error))
        goto failed;
    }
  if (!sqlite_commit (self, error))
    return -1;
  return n;

failed:
  sqlite_rollback (self);
  return -1;
}

static char *
sqlite_mutation_get (CareServerStorage *self,
                     const char        *tenant,
                     const char        *mutation_id,
                     gboolean          *elsewhere)
{
  sqlite3_stmt *stmt = care_store_prepare (STORE (self), "SELECT tenant_id, result FROM sync_mutations WHERE mutation_id = ?1", NULL);
  char *result = NULL;

  *elsewhere = FALSE;
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, mutation_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), tenant) == 0)
        result = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      else
        *elsewhere = TRUE;
    }
  sqlite3_reset (stmt);
  return result;
}

static gboolean
sqlite_mutation_put (CareServerStorage *self,
                     const char        *tenant,
                     const char        *mutation_id,
                     const char        *device,
                     const char        *actor,
                     const char        *result,
                     GError           **error)
{
  sqlite3_stmt *stmt = care_store_prepare (STORE (self),
                                           "INSERT INTO sync_mutations (mutation_id, tenant_id, device, actor, result, at) "
                                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, mutation_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, device, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, result, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, care_clock_get_real_time () / G_USEC_PER_SEC);
  return step_done (self, stmt, error);
}

static char *
sqlite_checksum (CareServerStorage *self,
                 const char        *tenant,
                 const CareEntity  *entity,
                 gint64            *n_rows,
                 GError           **error)
{
  use_tenant (self, tenant, NULL);
  return care_store_checksum (STORE (self), entity, n_rows, error);
}

static void
sqlite_set_commit_func (CareServerStorage   *storage,
                        CareServerCommitFunc func,
                        gpointer             data)
{
  SqliteStorage *self = (SqliteStorage *) storage;

  self->commit_func = func;
  self->commit_data = data;
}

static CareStore *
sqlite_get_store (CareServerStorage *self)
{
  return STORE (self);
}

static const CareServerStorageVTable sqlite_vtable = {
  .close = sqlite_close,
  .begin = sqlite_begin,
  .commit = sqlite_commit,
  .rollback = sqlite_rollback,
  .get_meta = sqlite_get_meta,
  .set_meta = sqlite_set_meta,
  .get = sqlite_get,
  .list = sqlite_list,
  .count_where = sqlite_count_where,
  .validate = sqlite_validate,
  .insert = sqlite_insert,
  .update = sqlite_update,
  .delete = sqlite_delete,
  .next_number = sqlite_next_number,
  .create_clinic = sqlite_create_clinic,
  .find_login = sqlite_find_login,
  .find_logins = sqlite_find_logins,
  .role_can = sqlite_role_can,
  .set_role_permission = sqlite_set_role_permission,
  .patient_account_create = sqlite_patient_account_create,
  .patient_account_find = sqlite_patient_account_find,
  .patient_account_hashes = sqlite_patient_account_hashes,
  .patient_account_hash = sqlite_patient_account_hash,
  .patient_account_set_password = sqlite_patient_account_set_password,
  .token_put = sqlite_token_put,
  .token_take = sqlite_token_take,
  .refresh_put = sqlite_refresh_put,
  .refresh_use = sqlite_refresh_use,
  .family_revoke = sqlite_family_revoke,
  .subject_revoke = sqlite_subject_revoke,
  .subject_access_revoke = sqlite_subject_access_revoke,
  .access_revoke = sqlite_access_revoke,
  .access_revoked = sqlite_access_revoked,
  .throttle_get = sqlite_throttle_get,
  .throttle_fail = sqlite_throttle_fail,
  .throttle_clear = sqlite_throttle_clear,
  .audit_append = sqlite_audit_append,
  .audit_verify = sqlite_audit_verify,
  .report = sqlite_report,
  .get_store = sqlite_get_store,
  .savepoint = sqlite_savepoint,
  .savepoint_rollback = sqlite_savepoint_rollback,
  .savepoint_release = sqlite_savepoint_release,
  .id_in_use = sqlite_id_in_use,
  .change_seq = sqlite_change_seq,
  .sync_head = sqlite_sync_head,
  .sync_floor = sqlite_sync_floor,
  .sync_heads_since = sqlite_sync_heads_since,
  .sync_seq_end = sqlite_sync_seq_end,
  .changes = sqlite_changes,
  .prune_tombstones = sqlite_prune_tombstones,
  .mutation_get = sqlite_mutation_get,
  .mutation_put = sqlite_mutation_put,
  .checksum = sqlite_checksum,
  .set_commit_func = sqlite_set_commit_func,
};

/* Each clinic's laboratory catalogue is seeded straight into its tables
 * (care_lab_catalogue_seed: the same rows on every copy of the clinic),
 * outside any change; the change log must still list them, or a pull would
 * never send them and a workstation's resync would drop them. */
static gboolean
log_seeded_catalogues (CareStore *store,
                       GError   **error)
{
  static const char *const seeded[][2] = {
    { "lab_panel", "lab_panels" }, { "lab_analyte", "lab_analytes" }, { "lab_band", "lab_bands" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (seeded); i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO sync_changes (tenant_id, entity, record_id, op, changed_at) "
        "SELECT tenant_id, '%s', id, 'upsert', %" G_GINT64_FORMAT " FROM %s t "
        "WHERE NOT EXISTS (SELECT 1 FROM sync_changes c WHERE c.entity = '%s' AND c.record_id = t.id) "
        "ORDER BY seq",
        seeded[i][0], care_clock_get_seconds (), seeded[i][1], seeded[i][0]);

      if (!care_store_exec (store, sql, error))
        return FALSE;
    }
  return TRUE;
}

CareServerStorage *
care_server_storage_sqlite_open (const char *path,
                                 GError    **error)
{
  g_autoptr(CareStore) store = care_store_open (path, error);
  SqliteStorage *self;

  if (store == NULL)
    return NULL;
  /* The server keeps a change log (sync_changes) instead of an outbox. */
  care_store_set_outbox_enabled (store, FALSE);
  if (!migrate_server_tables (store, error) || !log_seeded_catalogues (store, error))
    return NULL;
  self = g_new0 (SqliteStorage, 1);
  self->parent.v = &sqlite_vtable;
  self->store = g_steal_pointer (&store);
  self->savepoints = g_array_new (FALSE, FALSE, sizeof (Savepoint));
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  /* The WAL shrinks back to 64 MiB after a checkpoint. */
  care_store_exec (self->store, "PRAGMA journal_size_limit = 67108864", NULL);
  if (!g_str_equal (path, ":memory:") &&
      sqlite3_open_v2 (path, &self->checkpoint_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK)
    {
      sqlite3_busy_timeout (self->checkpoint_db, 0);
      sqlite3_wal_autocheckpoint (care_store_get_db (self->store), 0);
      self->checkpointer = g_thread_new ("checkpoint", checkpoint_thread, self);
    }
  else if (self->checkpoint_db)
    {
      /* Without the thread, SQLite checkpoints on commit as usual. */
      sqlite3_close (self->checkpoint_db);
      self->checkpoint_db = NULL;
    }
  return &self->parent;
}

/* --- backend-independent ------------------------------------------------ */

CareServerStorage *
care_server_storage_open (const char *database,
                          GError    **error)
{
  g_return_val_if_fail (database != NULL, NULL);

  if (care_server_storage_is_postgresql (database))
    return care_server_storage_pg_open (database, error);
  if (g_str_has_prefix (database, "sqlite:"))
    database += strlen ("sqlite:");
  return care_server_storage_sqlite_open (database, error);
}

void
care_server_storage_close (CareServerStorage *self)
{
  if (self)
    self->v->close (self);
}

void
care_server_audit_entry_free (CareServerAuditEntry *e)
{
  if (e == NULL)
    return;
  g_free (e->tenant_id);
  g_free (e->actor_id);
  g_free (e->actor_role);
  g_free (e->action);
  g_free (e->entity);
  g_free (e->record_id);
  g_free (e->patient_id);
  g_free (e->workstation);
  g_free (e->at);
  g_free (e);
}

void
care_server_refresh_clear (CareServerRefresh *info)
{
  g_clear_pointer (&info->family_id, g_free);
  g_clear_pointer (&info->subject_id, g_free);
  g_clear_pointer (&info->tenant_id, g_free);
}

char *
care_server_audit_hash (const char                 *prev_hash,
                        const char                 *id,
                        const CareServerAuditEntry *e)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  /* Version 1 (hash_version NULL, read as 0: entries written before the
   * patient column): these ten parts. Version 2 adds "2" and the patient,
   * so an entry cannot pass for the other version: its hash would differ. */
  const char *parts[] = { prev_hash, id, e->tenant_id, e->actor_id, e->actor_role, e->action,
                          e->entity, e->record_id, e->workstation, e->at, "2", e->patient_id };
  guint n_parts = e->hash_version == 2 ? 12 : 10;

  if (e->hash_version != 0 && e->hash_version != CARE_SERVER_AUDIT_HASH_VERSION)
    return NULL;
  /* Each part length-prefixed, so no two different entries hash the same
   * text; NULL and "" differ. */
  for (guint i = 0; i < n_parts; i++)
    {
      char len[24];

      if (parts[i] == NULL)
        g_checksum_update (sum, (const guchar *) "-;", 2);
      else
        {
          g_snprintf (len, sizeof len, "%zu:", strlen (parts[i]));
          g_checksum_update (sum, (const guchar *) len, -1);
          g_checksum_update (sum, (const guchar *) parts[i], -1);
          g_checksum_update (sum, (const guchar *) ";", 1);
        }
    }
  return g_strdup (g_checksum_get_string (sum));
}

char *
care_server_audit_check_entry (const char                 *prev_hash,
                               const char                 *id,
                               const CareServerAuditEntry *e,
                               const char                 *stored_hash)
{
  g_autofree char *expected = care_server_audit_hash (prev_hash, id, e);

  if (expected == NULL)
    return g_strdup_printf ("its checksum version %d is unknown (the entry was altered)", e->hash_version);
  /* Version 1 does not cover the column: it must stay empty. */
  if (e->hash_version == 0 && e->patient_id != NULL)
    return g_strdup ("it names a patient although it was written before entries did (the entry was altered)");
  if (g_strcmp0 (stored_hash, expected) != 0)
    return g_strdup ("its content does not match its checksum (the entry was altered)");
  return NULL;
}

char *
care_server_like_pattern (const char *text)
{
  GString *s = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '%');
  return g_string_free (s, FALSE);
}

gboolean
care_server_audit_check_head (const char *head,
                              gint64      n_checked,
                              gint64      last_seq,
                              const char *last_hash,
                              char      **bad_id,
                              char      **reason)
{
  if (head)
    {
      g_autofree char *expected_head = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", last_seq,
                                                        last_hash ? last_hash : "(null)");

      if (!g_str_equal (head, expected_head))
        {
          *bad_id = g_strdup ("(end of log)");
          *reason = g_strdup ("the last entries of the log are missing or were replaced");
          return FALSE;
        }
    }
  else if (n_checked > 0)
    {
      *bad_id = g_strdup ("(end of log)");
      *reason = g_strdup ("the chain head is missing");
      return FALSE;
    }
  return TRUE;
}

gboolean
care_server_record_belongs_to (const CareRecord *record,
                               const char       *tenant)
{
  const CareEntity *entity = care_record_get_entity (record);

  if (entity->flags & CARE_ENTITY_GLOBAL)
    return g_strcmp0 (care_record_get_id (record), tenant) == 0;
  return g_strcmp0 (care_record_get (record, CARE_COLUMN_TENANT), tenant) == 0;
}

void
care_server_append_change_head (GString            *out,
                                CareServerSyncPage *page,
                                gint64              seq,
                                const CareEntity   *entity,
                                const char         *id,
                                gboolean            tombstone)
{
  if (page->n_changes++)
    g_string_append_c (out, ',');
  g_string_append_len (out, "{\"seq\":", 7);
  care_json_append_int (out, seq);
  g_string_append_len (out, ",\"entity\":", 10);
  care_json_append_string (out, entity->name);
  g_string_append_len (out, ",\"id\":", 6);
  care_json_append_string (out, id);
  g_string_append (out, tombstone ? ",\"op\":\"delete\"}" : ",\"op\":\"upsert\",\"record\":");
}
