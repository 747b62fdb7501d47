/* care-server-migrate.c: copies a server's SQLite database into PostgreSQL, and verifies it
 *
 * `caredesk-server migrate --database OLD.sqlite --to postgresql://…`:
 * the target must be new (no clinic yet). Every clinic table (its rows
 * with their seq, ids and timestamps as they are), the server's tables,
 * the sync change log (with its sequence numbers: workstations' cursors
 * stay valid), stored push results, the number counters and the audit log
 * are copied in one transaction. Then the copy is verified: the row count
 * of every table, the checksum of every clinic's rows of every entity
 * (the same checksum workstations compare), and the audit chain with its
 * head.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server"

#include "config.h"

#include <string.h>

#include "care-server-migrate.h"
#include "care-server-storage-pg-private.h"
#include "care-store-sql.h"

/* The server's own tables, copied with whatever columns SQLite has. */
static const char *const server_tables[] = {
  "server_token_families", "server_refresh_tokens", "server_revoked_access", "server_tokens",
  "server_patient_accounts", "server_throttle", "sync_changes", "sync_mutations", NULL,
};

/* A column of the source as a parameter: blobs in base64, reals exactly. */
static char *
column_param (sqlite3_stmt *stmt,
              int           c)
{
  switch (sqlite3_column_type (stmt, c))
    {
    case SQLITE_NULL:
      return NULL;
    case SQLITE_FLOAT:
      return g_strdup_printf ("%.17g", sqlite3_column_double (stmt, c));
    case SQLITE_BLOB:
      return g_base64_encode (sqlite3_column_blob (stmt, c), sqlite3_column_bytes (stmt, c));
    default:
      return g_strdup ((const char *) sqlite3_column_text (stmt, c));
    }
}

/* Copies SELECT columns FROM table into the same columns of the target;
 * bytea columns (blob_column) are decoded from base64. */
static gboolean
copy_table (sqlite3     *db,
            PgStorage   *target,
            const char  *table,
            GPtrArray   *columns,
            GHashTable  *blob_columns,
            gint64      *n_rows,
            GError     **error)
{
  g_autoptr(GString) select = g_string_new ("SELECT ");
  g_autoptr(GString) insert = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_string_printf (insert, "INSERT INTO %s (", table);
  for (guint i = 0; i < columns->len; i++)
    {
      const char *name = g_ptr_array_index (columns, i);

      g_string_append_printf (select, "%s%s", i ? ", " : "", name);
      g_string_append_printf (insert, "%s%s", i ? ", " : "", name);
    }
  g_string_append_printf (select, " FROM %s ORDER BY 1", table);  /* entities: by seq */
  g_string_append (insert, ") VALUES (");
  for (guint i = 0; i < columns->len; i++)
    g_string_append_printf (insert, g_hash_table_contains (blob_columns, g_ptr_array_index (columns, i))
                                    ? "%sdecode($%u, 'base64')" : "%s$%u", i ? ", " : "", i + 1);
  g_string_append_c (insert, ')');

  if (sqlite3_prepare_v2 (db, select->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED, "%s: %s", table, sqlite3_errmsg (db));
      return FALSE;
    }
  *n_rows = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(PGresult) result = NULL;

      for (guint i = 0; i < columns->len; i++)
        g_ptr_array_add (params, column_param (stmt, (int) i));
      result = care_pg_query (target, insert->str, params->len, (const char *const *) params->pdata, error);
      if (result == NULL)
        {
          g_prefix_error (error, "%s: ", table);
          sqlite3_finalize (stmt);
          return FALSE;
        }
      (*n_rows)++;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED, "%s: %s", table, sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

static gboolean
copy_entity (sqlite3          *db,
             PgStorage        *target,
             const CareEntity *entity,
             GError          **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(GHashTable) blobs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *reset = g_strdup_printf ("SELECT setval(pg_get_serial_sequence('%s', 'seq'), "
                                            "coalesce(max(seq), 0) + 1, false) FROM %s",
                                            entity->table, entity->table);
  g_autoptr(PGresult) result = NULL;
  gint64 n;

  g_ptr_array_add (columns, (gpointer) "seq");
  g_ptr_array_add (columns, (gpointer) "id");
  g_ptr_array_add (columns, (gpointer) "tenant_id");
  for (guint i = 0; i < entity->n_fields; i++)
    {
      g_ptr_array_add (columns, (gpointer) entity->fields[i].name);
      if (entity->fields[i].type == CARE_FIELD_BLOB)
        g_hash_table_add (blobs, (gpointer) entity->fields[i].name);
    }
  for (guint i = 2; i < CARE_N_SYSTEM_COLUMNS; i++)
    g_ptr_array_add (columns, (gpointer) care_system_column_name (i));
  if (!copy_table (db, target, entity->table, columns, blobs, &n, error))
    return FALSE;
  /* New rows number on after the copied ones. */
  result = care_pg_query (target, reset, 0, NULL, error);
  return result != NULL;
}

static gboolean
copy_server_table (sqlite3     *db,
                   PgStorage   *target,
                   const char  *table,
                   GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s LIMIT 0", table);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED, "%s: %s", table, sqlite3_errmsg (db));
      return FALSE;
    }
  for (int c = 0; c < sqlite3_column_count (stmt); c++)
    g_ptr_array_add (columns, g_strdup (sqlite3_column_name (stmt, c)));
  sqlite3_finalize (stmt);
  return copy_table (db, target, table, columns, none, &n, error);
}

/* Settings that are not the SQLite backend's own bookkeeping: the token
 * secret, the audit head, sync floors; the store's number counters and
 * device code (server_counters on PostgreSQL). */
static gboolean
copy_settings (sqlite3    *db,
               PgStorage  *target,
               GError    **error)
{
  static const char *const sql[] = {
    "SELECT key, value FROM server_meta WHERE key != 'schema_version'",
    "SELECT 'device_code', value FROM meta WHERE key = 'device_code'",
    "SELECT substr(key, 9), value FROM meta WHERE key LIKE 'counter.%'",
  };
  static const char *const insert[] = {
    "INSERT INTO server_meta (key, value) VALUES ($1, $2)",
    "INSERT INTO server_meta (key, value) VALUES ($1, $2)",
    "INSERT INTO server_counters (name, value) VALUES ($1, $2)",
  };

  for (guint q = 0; q < G_N_ELEMENTS (sql); q++)
    {
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (db, sql[q], -1, &stmt, NULL) != SQLITE_OK)
        {
          g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED, "%s", sqlite3_errmsg (db));
          return FALSE;
        }
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *key = column_param (stmt, 0);
          g_autofree char *value = column_param (stmt, 1);
          const char *params[] = { key, value };
          g_autoptr(PGresult) result = care_pg_query (target, insert[q], 2, params, error);

          if (result == NULL)
            {
              sqlite3_finalize (stmt);
              return FALSE;
            }
        }
      sqlite3_finalize (stmt);
    }
  return TRUE;
}

static gboolean
copy_all (sqlite3    *db,
          PgStorage  *target,
          GError    **error)
{
  guint n;
  const CareEntity *const *entities = care_schema_entities (&n);
  g_autoptr(PGresult) sequence = NULL;

  for (guint i = 0; i < n; i++)
    if (!copy_entity (db, target, entities[i], error))
      return FALSE;
  for (guint i = 0; server_tables[i]; i++)
    if (!copy_server_table (db, target, server_tables[i], error))
      return FALSE;
  sequence = care_pg_query (target, "SELECT setval('sync_changes_seq', coalesce(max(seq), 0) + 1, false) "
                                    "FROM sync_changes", 0, NULL, error);
  return sequence && copy_settings (db, target, error);
}

static gint64
sqlite_count (sqlite3    *db,
              const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gboolean
verify_count (sqlite3    *db,
              PgStorage  *target,
              const char *table,
              GString    *report,
              GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  gint64 from = sqlite_count (db, table);
  gint64 to = care_pg_query_int (target, sql, 0, NULL);

  if (from != to)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                   "%s: %" G_GINT64_FORMAT " rows in SQLite, %" G_GINT64_FORMAT " in PostgreSQL", table, from, to);
      return FALSE;
    }
  if (to > 0)
    g_string_append_printf (report, "  %-32s %" G_GINT64_FORMAT " rows\n", table, to);
  return TRUE;
}

static gboolean
verify_checksums (CareServerStorage *source,
                  CareServerStorage *target,
                  GError           **error)
{
  guint n;
  const CareEntity *const *entities = care_schema_entities (&n);
  g_autoptr(PGresult) tenants = care_pg_query (PG (target), "SELECT id FROM tenants ORDER BY id", 0, NULL, error);

  if (tenants == NULL)
    return FALSE;
  for (int t = 0; t < PQntuples (tenants); t++)
    for (guint e = 0; e < n; e++)
      {
        const char *tenant = PQgetvalue (tenants, t, 0);
        g_autofree char *a = NULL;
        g_autofree char *b = NULL;

        if (entities[e]->flags & CARE_ENTITY_GLOBAL)
          continue;  /* the tenants themselves: counted above */
        a = source->v->checksum (source, tenant, entities[e], NULL, error);
        if (a == NULL)
          return FALSE;
        b = target->v->checksum (target, tenant, entities[e], NULL, error);
        if (b == NULL)
          return FALSE;
        if (!g_str_equal (a, b))
          {
            g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                         "%s of clinic %s: the copy's checksum differs", entities[e]->table, tenant);
            return FALSE;
          }
      }
  return TRUE;
}

static gboolean
verify (CareServerStorage *source,
        sqlite3           *db,
        CareServerStorage *target,
        GString           *report,
        GError           **error)
{
  guint n;
  const CareEntity *const *entities = care_schema_entities (&n);
  g_autofree char *bad = NULL;
  g_autofree char *reason = NULL;
  gint64 checked = 0;

  for (guint i = 0; i < n; i++)
    if (!verify_count (db, PG (target), entities[i]->table, report, error))
      return FALSE;
  for (guint i = 0; server_tables[i]; i++)
    if (!verify_count (db, PG (target), server_tables[i], report, error))
      return FALSE;
  if (!verify_checksums (source, target, error))
    return FALSE;
  if (!target->v->audit_verify (target, NULL, &checked, &bad, &reason))
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED, "the copied audit chain is broken at %s: %s",
                   bad ? bad : "?", reason ? reason : "?");
      return FALSE;
    }
  g_string_append_printf (report, "Verified: row counts, every clinic's checksums, %" G_GINT64_FORMAT
                          " audit entries in an intact chain\n", checked);
  return TRUE;
}

gboolean
care_server_migrate_to_postgresql (const char *sqlite_path,
                                   const char *conninfo,
                                   GString    *report,
                                   GError    **error)
{
  g_autoptr(CareServerStorage) source = care_server_storage_sqlite_open (sqlite_path, error);
  g_autoptr(CareServerStorage) target = NULL;
  sqlite3 *db;

  if (source == NULL)
    return FALSE;
  target = care_server_storage_pg_open (conninfo, error);
  if (target == NULL)
    return FALSE;
  if (care_pg_query_int (PG (target), "SELECT count(*) FROM tenants", 0, NULL) > 0 ||
      care_pg_query_int (PG (target), "SELECT count(*) FROM sync_changes", 0, NULL) > 0)
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                           "The PostgreSQL database already holds clinics; migrate into a new, empty database");
      return FALSE;
    }
  db = care_store_get_db (source->v->get_store (source));
  /* One snapshot of the source, one transaction in the target. */
  if (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      return FALSE;
    }
  if (!care_pg_begin (target, error))
    goto failed;
  if (!copy_all (db, PG (target), error))
    {
      care_pg_rollback (target);
      goto failed;
    }
  if (!care_pg_commit (target, error))
    goto failed;
  g_string_append_printf (report, "Copied %s into PostgreSQL:\n", sqlite_path);
  if (!verify (source, db, target, report, error))
    goto failed;
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  return TRUE;

failed:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}
