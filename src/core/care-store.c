/* care-store.c: the local SQLite store
 *
 * One connection, used from the thread that opened the store. WAL mode with
 * synchronous=NORMAL: a committed transaction survives a crash of the app,
 * and readers never wait for the writer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-store"

#include "config.h"

#include "care-clock.h"

#include <sodium.h>
#include <glib/gi18n-lib.h>

#include "care-json.h"
#include "care-numbers.h"
#include "care-store-private.h"
#include "care-uuid.h"

G_DEFINE_QUARK (care-store-error-quark, care_store_error)

struct _CareStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *statements;   /* SQL text -> sqlite3_stmt* */
  GHashTable *inserts;      /* CareEntity* -> its INSERT in statements */
  char       *actor;
  char       *tenant_id;
  char       *device_code;
  guint       schema_version;
  guint       depth;        /* transaction nesting */
  gboolean    failed;       /* an inner transaction rolled back */
  GHashTable *changed;      /* entity name -> id (or "" for several) */
  gboolean    no_outbox;    /* the server's store keeps a change log instead */
  GPtrArray  *outbox_batch; /* a bulk's entries not yet written, OUTBOX_COLUMNS each */
  gboolean    outbox_refs;  /* their inserts refer to their rows (payload NULL) */
  gint64      clock_offset; /* seconds added to the clock (tests of skewed clocks) */
};

G_DEFINE_FINAL_TYPE (CareStore, care_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
care_store_finalize (GObject *object)
{
  CareStore *self = (CareStore *) object;

  g_clear_pointer (&self->outbox_batch, g_ptr_array_unref);
  g_clear_pointer (&self->inserts, g_hash_table_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->changed, g_hash_table_unref);
  g_free (self->path);
  g_free (self->actor);
  g_free (self->tenant_id);
  g_free (self->device_code);

  G_OBJECT_CLASS (care_store_parent_class)->finalize (object);
}

static void
care_store_class_init (CareStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = care_store_finalize;

  /**
   * CareStore::changed:
   * @entity: the entity name ("patient")
   * @id: (nullable): the record's id, or %NULL when several changed
   *
   * Emitted after a transaction that changed records has committed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
care_store_init (CareStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
  self->inserts = g_hash_table_new (NULL, NULL);
  self->changed = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
}

/* --- low level ---------------------------------------------------------- */

gboolean
care_store_set_sqlite_error (CareStore *self,
                             GError   **error)
{
  g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
               _("The local database reported an error: %s"),
               sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3 *
care_store_get_db (CareStore *self)
{
  return self->db;
}

gboolean
care_store_exec (CareStore  *self,
                 const char *sql,
                 GError    **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                   _("The local database reported an error: %s"), message);
      g_debug ("Failed SQL: %s", sql);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* A cached prepared statement, reset and with its bindings cleared. */
sqlite3_stmt *
care_store_prepare (CareStore  *self,
                    const char *sql,
                    GError    **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      care_store_set_sqlite_error (self, error);
      g_debug ("Failed SQL: %s", sql);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Binds a canonical text value as the column's SQLite type; how: whether
 * SQLite copies the text (SQLITE_TRANSIENT) or the caller keeps it until
 * the statement has run (SQLITE_STATIC). */
static void
bind_value (sqlite3_stmt          *stmt,
            int                    column,
            const CareField       *field,
            const char            *value,
            GBytes                *blob,
            sqlite3_destructor_type how)
{
  if (field && field->type == CARE_FIELD_BLOB)
    {
      if (blob)
        sqlite3_bind_blob64 (stmt, column, g_bytes_get_data (blob, NULL),
                             g_bytes_get_size (blob), how);
      else
        sqlite3_bind_null (stmt, column);
      return;
    }
  if (value == NULL)
    {
      sqlite3_bind_null (stmt, column);
      return;
    }
  switch (field ? field->type : CARE_FIELD_TEXT)
    {
    case CARE_FIELD_INT:
    case CARE_FIELD_MONEY:
    case CARE_FIELD_BOOL:
      sqlite3_bind_int64 (stmt, column, g_ascii_strtoll (value, NULL, 10));
      break;
    case CARE_FIELD_DECIMAL:
      sqlite3_bind_double (stmt, column, g_ascii_strtod (value, NULL));
      break;
    default:
      sqlite3_bind_text (stmt, column, value, -1, how);
      break;
    }
}

void
care_store_bind_value (sqlite3_stmt    *stmt,
                       int              column,
                       const CareField *field,
                       const char      *value,
                       GBytes          *blob)
{
  bind_value (stmt, column, field, value, blob, SQLITE_TRANSIENT);
}

/* A column in the canonical text form (a blob field: *blob, no text), as
 * care_store_read_value() and care_store_append_row_json() both read it.
 * buf holds a decimal's text. */
static const char *
column_value (sqlite3_stmt    *stmt,
              int              column,
              const CareField *field,
              char             buf[CARE_JSON_DOUBLE_BUF_SIZE],
              gssize          *length,
              GBytes         **blob)
{
  *blob = NULL;
  *length = -1;
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      return NULL;
    case SQLITE_FLOAT:
      /* The shortest exact form: 36.6 stays "36.6". */
      return care_json_format_double (buf, CARE_JSON_DOUBLE_BUF_SIZE, sqlite3_column_double (stmt, column));
    case SQLITE_BLOB:
      if (field && field->type == CARE_FIELD_BLOB)
        {
          *blob = g_bytes_new (sqlite3_column_blob (stmt, column), sqlite3_column_bytes (stmt, column));
          return NULL;
        }
      G_GNUC_FALLTHROUGH;
    default:
      {
        const char *text = (const char *) sqlite3_column_text (stmt, column);

        /* "" is no value, as in a record (care_record_set_nth()). */
        *length = sqlite3_column_bytes (stmt, column);
        return *length > 0 ? text : NULL;
      }
    }
}

/* Reads a column back into the canonical text form. */
void
care_store_read_value (sqlite3_stmt     *stmt,
                       int               column,
                       CareRecord       *record,
                       guint             i)
{
  const CareEntity *entity = care_record_get_entity (record);
  const CareField *field = i < entity->n_fields ? &entity->fields[i] : NULL;
  char buf[CARE_JSON_DOUBLE_BUF_SIZE];
  g_autoptr(GBytes) blob = NULL;
  gssize length;
  const char *text = column_value (stmt, column, field, buf, &length, &blob);

  if (blob)
    care_record_set_blob (record, field->name, blob);
  else
    care_record_set_nth (record, i, text);
}

/* "name": for each column of an entity, made once: rows are written by
 * the ten thousand. */
typedef struct {
  GString *keys;       /* all of them, one after the other */
  guint   *offsets;    /* column -> its key in keys */
  guint   *lengths;
} RowKeys;

static const RowKeys *
row_keys (const CareEntity *entity)
{
  static GHashTable *cache;
  static GMutex lock;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  RowKeys *k;
  guint n = entity->n_fields + CARE_N_SYSTEM_COLUMNS;

  if (cache == NULL)
    cache = g_hash_table_new (g_direct_hash, g_direct_equal);
  k = g_hash_table_lookup (cache, entity);
  if (k)
    return k;
  k = g_new0 (RowKeys, 1);
  k->keys = g_string_new (NULL);
  k->offsets = g_new0 (guint, n);
  k->lengths = g_new0 (guint, n);
  for (guint i = 0; i < n; i++)
    {
      const char *name = i < entity->n_fields ? entity->fields[i].name : care_system_column_name (i - entity->n_fields);

      k->offsets[i] = k->keys->len;
      care_json_append_string (k->keys, name);
      g_string_append_c (k->keys, ':');
      k->lengths[i] = k->keys->len - k->offsets[i];
    }
  g_hash_table_insert (cache, (gpointer) entity, k);
  return k;
}

void
care_store_append_row_json (GString          *out,
                            const CareEntity *entity,
                            sqlite3_stmt     *stmt,
                            int               first_column)
{
  const RowKeys *k = row_keys (entity);
  gboolean first = TRUE;

  /* Member for member what care_record_append_json() writes for the
   * record care_store_record_from_row() would read. */
  g_string_append_c (out, '{');
  for (guint n = 0; n < entity->n_fields + CARE_N_SYSTEM_COLUMNS; n++)
    {
      /* The system columns first, as a record writes them. */
      guint i = n < CARE_N_SYSTEM_COLUMNS ? entity->n_fields + n : n - CARE_N_SYSTEM_COLUMNS;
      const CareField *field = i < entity->n_fields ? &entity->fields[i] : NULL;
      char buf[CARE_JSON_DOUBLE_BUF_SIZE];
      g_autoptr(GBytes) blob = NULL;
      gssize length;
      const char *text;

      if (field && (field->flags & CARE_FIELD_SECRET))
        continue;
      text = column_value (stmt, first_column + i, field, buf, &length, &blob);
      if (field == NULL && text == NULL)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append_len (out, k->keys->str + k->offsets[i], k->lengths[i]);
      care_json_append_value (out, field, text, length, blob);
    }
  g_string_append_c (out, '}');
}

/* "id, tenant_id, …, given_name, …" in record index order, as in SELECT. */
char *
care_store_column_list (const CareEntity *entity,
                        const char       *prefix)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < entity->n_fields + CARE_N_SYSTEM_COLUMNS; i++)
    {
      const char *name = i < entity->n_fields
                         ? entity->fields[i].name
                         : care_system_column_name (i - entity->n_fields);
      g_string_append_printf (s, "%s%s%s", i ? ", " : "", prefix ? prefix : "", name);
    }
  return g_string_free (s, FALSE);
}

CareRecord *
care_store_record_from_row (const CareEntity *entity,
                            sqlite3_stmt     *stmt,
                            int               first_column)
{
  CareRecord *record = care_record_new (entity);

  for (guint i = 0; i < entity->n_fields + CARE_N_SYSTEM_COLUMNS; i++)
    care_store_read_value (stmt, first_column + i, record, i);
  return record;
}

/* --- opening ------------------------------------------------------------ */

static gboolean
load_identity (CareStore *self,
               GError   **error)
{
  g_autofree char *code = care_store_get_meta (self, "device_code");

  if (code == NULL)
    {
      /* Four characters of Crockford base32: readable, no I/L/O/U. */
      static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
      char buf[5];

      for (guint i = 0; i < 4; i++)
        buf[i] = alphabet[randombytes_uniform (32)];
      buf[4] = '\0';
      if (!care_store_set_meta (self, "device_code", buf, error))
        return FALSE;
      code = g_strdup (buf);
    }
  g_free (self->device_code);
  self->device_code = g_steal_pointer (&code);

  g_free (self->tenant_id);
  self->tenant_id = care_store_get_meta (self, "tenant_id");
  return TRUE;
}

void
care_store_add_sql_functions (sqlite3 *db)
{
  care_search_register_functions (db);
  care_collation_register (db);
}

/* Pages of 16 KiB, not SQLite's 4 KiB, in a store made new: a
 * million-patient import writes its 1.3 GB a quarter as many pages at a
 * time (the WAL's frames at the commit, again at the checkpoint, and the
 * B-trees' splits as the rows go in): 32.5 s instead of 35.7 s in the
 * same quarter hour, searches and the list as fast. What it costs: a new
 * store with the demo clinic is 7.9 MB instead of 3.6 MB (each of its 150
 * tables and indexes takes at least a page), and SQLite holds 0.6 MiB
 * instead of 0.3 MiB on the patient list (BENCHMARKS.md, "Importing a
 * patient list"). */
#define STORE_PAGE_SIZE 16384

/* What every connection to a store's file is opened with: the store's
 * own connections and the workers' (care_store_open_worker()). */
#define OPEN_FLAGS (SQLITE_OPEN_NOMUTEX)
#define BUSY_TIMEOUT_MS 5000
/* cache_size, 32 MiB: the app's resident memory with a million patients
 * (BENCHMARKS.md); a bulk import raises its own (care-store-bulk.c). */
#define CONNECTION_PRAGMAS \
  "PRAGMA synchronous=NORMAL;" \
  "PRAGMA foreign_keys=OFF;" \
  "PRAGMA temp_store=MEMORY;" \
  "PRAGMA cache_size=-32768;"

/* SQLite's process-wide settings, before it first starts (which is
 * the first connection anywhere in the process).
 *
 * No memory statistics: Debian's SQLite is built without lookaside, so
 * every small allocation of every connection goes through malloc, and
 * with the statistics on each takes the one process-wide mutex that
 * keeps the count. Two connections working in two threads (a bulk's
 * search indexes built beside it, care-store-bulk-search.c; the app's
 * workers) then spend more time waiting on each other's mutex than
 * working: a 200,000-row import took 16.0 s of CPU instead of 8.5 s
 * (BENCHMARKS.md, "Importing a patient list"). sqlite3_memory_used() is
 * 0 from then on, unless CAREDESK_SQLITE_MEMORY_STATS is set (for
 * bench/app/startup.sh, which reports SQLite's heap). Too late (SQLite
 * already started by someone else) changes nothing. */
void
care_store_configure_sqlite (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      if (g_getenv ("CAREDESK_SQLITE_MEMORY_STATS") == NULL &&
          sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
        g_debug ("SQLite was started before the store: its memory statistics stay on");
      g_once_init_leave (&done, 1);
    }
}

static CareStore *
open_connection (const char *path,
                 int         flags,
                 GError    **error)
{
  g_autoptr(CareStore) self = NULL;
  int rc;

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                           "libsodium could not be initialised");
      return NULL;
    }

  care_store_configure_sqlite ();
  self = g_object_new (CARE_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->db, flags | OPEN_FLAGS, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                   _("Could not open the local database “%s”: %s"),
                   path, self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);
  care_store_add_sql_functions (self->db);
  return g_steal_pointer (&self);
}

/* Opens the store at path, upgraded to version. With pending, a store
 * with long work to do first (care-store-opening.c) is left as it is:
 * NULL, no error, the work in *pending. Else the work is done here,
 * telling progress. */
static CareStore *
open_store (const char            *path,
            guint                  version,
            CareStoreWork         *pending,
            CareStoreProgressFunc  progress,
            gpointer               progress_data,
            GError               **error)
{
  g_autoptr(CareStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_str_equal (path, ":memory:"))
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_mkdir_with_parents (dir, 0700);
    }

  self = open_connection (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  if (self == NULL)
    return NULL;
  /* Only a new file takes it: a store's page size is set before its
   * first table, and an existing store keeps its own. */
  if (!care_store_exec (self, "PRAGMA page_size=" G_STRINGIFY (STORE_PAGE_SIZE), error))
    return NULL;

  /* On this connection: what the migration and the collation check
   * read anyway, so the quick path reads the schema once. */
  if (pending != NULL || progress != NULL)
    {
      CareStoreWork work;

      if (!care_store_read_pending_work (self->db, version, &work, error))
        return NULL;
      if (pending != NULL)
        *pending = work;
      if (pending != NULL && work.flags != CARE_STORE_WORK_NONE)
        return NULL;
      /* An upgrade cannot tell how far it is. */
      if (progress != NULL && (work.flags & CARE_STORE_WORK_UPGRADE))
        progress (CARE_STORE_WORK_UPGRADE, -1, progress_data);
    }

  /* Check the version before anything writes to the file. */
  if (!care_store_migrate (self, version, error))
    return NULL;

  if (!care_store_exec (self, "PRAGMA journal_mode=WAL;" CONNECTION_PRAGMAS, error))
    return NULL;

  if (!load_identity (self, error))
    return NULL;
  if (!care_store_check_collation (self, progress, progress_data, error))
    return NULL;

  return g_steal_pointer (&self);
}

CareStore *
care_store_open_at_version (const char *path,
                            guint       version,
                            GError    **error)
{
  return open_store (path, version, NULL, NULL, NULL, error);
}

CareStore *
care_store_open_worker (const char *path,
                        guint       version,
                        gboolean    writable,
                        GError    **error)
{
  g_autoptr(CareStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  /* The file exists, in WAL mode, its collation keys made: the store's
   * own connection saw to all that. No CREATE: a file gone is an error. */
  self = open_connection (path, writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, error);
  if (self == NULL)
    return NULL;
  /* The store's connection has upgraded the file: this only reads its
   * version and refuses a newer one. */
  if (!care_store_migrate (self, version, error))
    return NULL;
  if (!care_store_exec (self, CONNECTION_PRAGMAS, error) ||
      !load_identity (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

CareStore *
care_store_open (const char *path,
                 GError    **error)
{
  return open_store (path, care_schema_version (), NULL, NULL, NULL, error);
}

CareStore *
care_store_open_if_quick (const char     *path,
                          CareStoreWork  *pending,
                          GError        **error)
{
  g_return_val_if_fail (pending != NULL, NULL);

  return open_store (path, care_schema_version (), pending, NULL, NULL, error);
}

CareStore *
care_store_open_with_progress (const char            *path,
                               CareStoreProgressFunc  progress,
                               gpointer               progress_data,
                               GError               **error)
{
  return open_store (path, care_schema_version (), NULL, progress, progress_data, error);
}

const char *
care_store_get_path (CareStore *self)
{
  g_return_val_if_fail (CARE_IS_STORE (self), NULL);
  return self->path;
}

guint
care_store_get_schema_version (CareStore *self)
{
  g_return_val_if_fail (CARE_IS_STORE (self), 0);
  return self->schema_version;
}

void
care_store_set_schema_version (CareStore *self,
                               guint      version)
{
  self->schema_version = version;
}

const char *
care_store_get_device_code (CareStore *self)
{
  g_return_val_if_fail (CARE_IS_STORE (self), NULL);
  return self->device_code;
}

void
care_store_set_actor (CareStore  *self,
                      const char *user_id)
{
  g_return_if_fail (CARE_IS_STORE (self));
  g_free (self->actor);
  self->actor = g_strdup (user_id);
}

const char *
care_store_get_actor (CareStore *self)
{
  g_return_val_if_fail (CARE_IS_STORE (self), NULL);
  return self->actor;
}

const char *
care_store_get_tenant_id (CareStore *self)
{
  g_return_val_if_fail (CARE_IS_STORE (self), NULL);
  return self->tenant_id;
}

void
care_store_set_tenant_id (CareStore  *self,
                          const char *tenant_id)
{
  g_free (self->tenant_id);
  self->tenant_id = g_strdup (tenant_id);
}

CareRecord *
care_store_get_clinic (CareStore *self)
{
  g_return_val_if_fail (CARE_IS_STORE (self), NULL);

  if (self->tenant_id == NULL)
    return NULL;
  return care_store_get (self, care_schema_lookup ("tenant"), self->tenant_id, NULL);
}

char *
care_store_query_text (CareStore  *self,
                       const char *sql,
                       const char *key,
                       GError    **error)
{
  sqlite3_stmt *stmt = care_store_prepare (self, sql, error);
  char *value = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (key)
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    care_store_set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  return value;
}

char *
care_store_get_meta (CareStore  *self,
                     const char *key)
{
  return care_store_query_text (self, "SELECT value FROM meta WHERE key = ?", key, NULL);
}

gboolean
care_store_set_meta (CareStore  *self,
                     const char *key,
                     const char *value,
                     GError    **error)
{
  sqlite3_stmt *stmt = care_store_prepare (self,
                                           "INSERT INTO meta (key, value) VALUES (?, ?) "
                                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return care_store_set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  return TRUE;
}

/* --- transactions ------------------------------------------------------- */

gboolean
care_store_begin (CareStore *self,
                  GError   **error)
{
  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  if (self->depth == 0)
    {
      if (!care_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      self->failed = FALSE;
    }
  self->depth++;
  return TRUE;
}

static void
emit_changes (CareStore *self)
{
  g_autoptr(GHashTable) changed = g_steal_pointer (&self->changed);
  GHashTableIter iter;
  gpointer key, value;

  self->changed = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_iter_init (&iter, changed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_signal_emit (self, signals[CHANGED], 0, key, ((char *) value)[0] ? value : NULL);
}

gboolean
care_store_commit (CareStore *self,
                   GError   **error)
{
  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (--self->depth > 0)
    return TRUE;

  if (self->failed)
    {
      care_store_exec (self, "ROLLBACK", NULL);
      g_hash_table_remove_all (self->changed);
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                           _("The change was not saved because part of it failed."));
      return FALSE;
    }
  if (!care_store_exec (self, "COMMIT", error))
    {
      care_store_exec (self, "ROLLBACK", NULL);
      g_hash_table_remove_all (self->changed);
      return FALSE;
    }
  emit_changes (self);
  return TRUE;
}

void
care_store_rollback (CareStore *self)
{
  g_return_if_fail (CARE_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  if (--self->depth > 0)
    {
      self->failed = TRUE;
      return;
    }
  care_store_exec (self, "ROLLBACK", NULL);
  g_hash_table_remove_all (self->changed);
  /* The in-memory clinic id may have been set inside the transaction. */
  g_free (self->tenant_id);
  self->tenant_id = care_store_get_meta (self, "tenant_id");
}

void
care_store_note_change (CareStore        *self,
                        const CareEntity *entity,
                        const char       *id)
{
  const char *seen = g_hash_table_lookup (self->changed, entity->name);

  if (seen == NULL)
    g_hash_table_insert (self->changed, (gpointer) entity->name, g_strdup (id));
  else if (seen[0] && !g_str_equal (seen, id))
    g_hash_table_insert (self->changed, (gpointer) entity->name, g_strdup (""));

  if (self->depth == 0)
    emit_changes (self);
}

/* --- validation --------------------------------------------------------- */

CareValidation *
care_store_validate (CareStore  *self,
                     CareRecord *record)
{
  const CareEntity *entity;
  CareValidation *v;

  g_return_val_if_fail (CARE_IS_STORE (self), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  v = care_validate_record (record);
  entity = care_record_get_entity (record);

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const CareField *field = &entity->fields[i];
      const char *value = care_record_get_nth (record, i);
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;
      gboolean nocase;

      if (!(field->flags & CARE_FIELD_UNIQUE) || value == NULL ||
          care_validation_get_message (v, field->name))
        continue;

      nocase = field->type == CARE_FIELD_TEXT || field->type == CARE_FIELD_EMAIL;
      sql = g_strdup_printf ("SELECT 1 FROM %s WHERE %s = ?1%s AND id IS NOT ?2 %s LIMIT 1",
                             entity->table, field->name, nocase ? " COLLATE NOCASE" : "",
                             (entity->flags & CARE_ENTITY_GLOBAL) ? "" : "AND tenant_id IS ?3");
      stmt = care_store_prepare (self, sql, NULL);
      if (stmt == NULL)
        continue;
      care_store_bind_value (stmt, 1, field, value, NULL);
      sqlite3_bind_text (stmt, 2, care_record_get_id (record), -1, SQLITE_TRANSIENT);
      if (!(entity->flags & CARE_ENTITY_GLOBAL))
        sqlite3_bind_text (stmt, 3, self->tenant_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *message =
            /* Translators: %s is the value someone typed, e.g. a username */
            g_strdup_printf (_("“%s” is already in use."), value);
          care_validation_add (v, field->name, message);
        }
      sqlite3_reset (stmt);
    }

  for (guint k = 0; entity->unique && entity->unique[k]; k++)
    {
      g_auto(GStrv) columns = g_strsplit (entity->unique[k], ",", -1);
      g_autoptr(GString) sql = g_string_new ("SELECT 1 FROM ");
      sqlite3_stmt *stmt;
      gboolean complete = TRUE;

      g_string_append_printf (sql, "%s WHERE id IS NOT ?1 AND tenant_id IS ?2", entity->table);
      for (guint c = 0; columns[c]; c++)
        {
          g_strstrip (columns[c]);
          complete &= care_record_get (record, columns[c]) != NULL;
          g_string_append_printf (sql, " AND %s = ?%u", columns[c], c + 3);
        }
      if (!complete)
        continue;
      stmt = care_store_prepare (self, sql->str, NULL);
      if (stmt == NULL)
        continue;
      sqlite3_bind_text (stmt, 1, care_record_get_id (record), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, self->tenant_id, -1, SQLITE_TRANSIENT);
      for (guint c = 0; columns[c]; c++)
        care_store_bind_value (stmt, c + 3, care_entity_field (entity, columns[c]),
                               care_record_get (record, columns[c]), NULL);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        care_validation_add (v, columns[g_strv_length (columns) - 1],
                             _("This combination already exists."));
      sqlite3_reset (stmt);
    }

  return v;
}

/* --- clock -------------------------------------------------------------- */

void
care_store_set_clock_offset (CareStore *self,
                             gint64     seconds)
{
  g_return_if_fail (CARE_IS_STORE (self));
  self->clock_offset = seconds;
}

gint64
care_store_get_clock_offset (CareStore *self)
{
  g_return_val_if_fail (CARE_IS_STORE (self), 0);
  return self->clock_offset;
}

/* Timestamps written by this store. They are shown to people and kept for
 * the record; sync never orders anything by them. */
static char *
store_now (CareStore *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) shifted = NULL;

  if (self->clock_offset == 0)
    return care_now_iso8601 ();
  now = care_clock_now_utc ();
  shifted = g_date_time_add_seconds (now, (gdouble) self->clock_offset);
  return care_iso8601_format (shifted);
}

/* --- outbox ------------------------------------------------------------- */

void
care_store_set_outbox_enabled (CareStore *self,
                               gboolean   enabled)
{
  g_return_if_fail (CARE_IS_STORE (self));
  self->no_outbox = !enabled;
}

/* The server's change log (docs/sync.md, "Pull"): one row per record, the
 * newest change replacing the older one under a new sequence number. It
 * is written here, in the transaction of the change, so that no write of
 * the server (routes, actions, demo data) can miss it. The table belongs to
 * the server's own migrations. */
static gboolean
change_log_add (CareStore        *self,
                const CareEntity *entity,
                const char       *record_id,
                const char       *op,
                GError          **error)
{
  sqlite3_stmt *stmt;
  const char *tenant = (entity->flags & CARE_ENTITY_GLOBAL) ? record_id : self->tenant_id;

  stmt = care_store_prepare (self,
                             "INSERT OR REPLACE INTO sync_changes (tenant_id, entity, record_id, op, changed_at) "
                             "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, g_str_equal (op, "delete") ? "delete" : "upsert", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, care_clock_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      care_store_set_sqlite_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* {"fields": fields, "base": base}; takes both (either may be NULL). */
static JsonObject *
outbox_payload (JsonObject *fields,
                JsonObject *base)
{
  JsonObject *payload = json_object_new ();

  if (fields)
    json_object_set_object_member (payload, "fields", fields);
  if (base)
    json_object_set_object_member (payload, "base", base);
  return payload;
}

static gboolean outbox_add_text (CareStore        *self,
                                 const CareEntity *entity,
                                 const char       *record_id,
                                 const char       *op,
                                 const char       *json,
                                 const char       *now,
                                 GError          **error);

/* Takes ownership of payload. */
gboolean
care_store_outbox_add (CareStore        *self,
                       const CareEntity *entity,
                       const char       *record_id,
                       const char       *op,
                       JsonObject       *payload,
                       GError          **error)
{
  g_autofree char *json = NULL;

  if (payload)
    {
      if (!(entity->flags & CARE_ENTITY_LOCAL) && !self->no_outbox)
        json = care_json_object_to_string (payload, NULL);
      json_object_unref (payload);
    }
  return outbox_add_text (self, entity, record_id, op, json, NULL, error);
}

/* --- a bulk's outbox entries, many to a statement ---------------------- */

/* The outbox's CHECK constraints (op IN (…), state IN (…)) each build a
 * temporary b-tree every time a statement runs: two thirds of the ~74,000
 * instructions of a one-row INSERT. A bulk (care-store-bulk.c) writes its
 * entries OUTBOX_BATCH to a statement instead, in the order they were
 * made and in its own transaction, so that they commit or roll back with
 * their rows as a one-row insert's do. */
#define OUTBOX_COLUMNS 7
#define OUTBOX_BATCH 100
#define OUTBOX_INSERT "INSERT INTO outbox (mutation_id, entity, record_id, op, payload, created_at, actor) VALUES "

static gboolean
outbox_batch_write (CareStore *self,
                    GError   **error)
{
  guint n = self->outbox_batch->len / OUTBOX_COLUMNS;
  g_autoptr(GString) sql = g_string_new (OUTBOX_INSERT);
  sqlite3_stmt *stmt;

  if (n == 0)
    return TRUE;
  for (guint i = 0; i < n; i++)
    g_string_append (sql, i ? ",(?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?)");
  /* Prepared once for a full batch, once for the last one. */
  if (!(stmt = care_store_prepare (self, sql->str, error)))
    return FALSE;
  for (guint i = 0; i < self->outbox_batch->len; i++)
    sqlite3_bind_text (stmt, i + 1, self->outbox_batch->pdata[i], -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      care_store_set_sqlite_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  g_ptr_array_set_size (self->outbox_batch, 0);
  return TRUE;
}

void
care_store_outbox_batch_begin (CareStore *self)
{
  g_return_if_fail (CARE_IS_STORE (self));
  g_return_if_fail (self->depth > 0 && self->outbox_batch == NULL);

  self->outbox_batch = g_ptr_array_new_full (OUTBOX_BATCH * OUTBOX_COLUMNS, g_free);
  /* Not on a store made at version 6 before its outbox allowed it. */
  {
    g_autofree char *notnull = care_store_query_text (self, "SELECT \"notnull\" FROM pragma_table_info ('outbox') "
                                                            "WHERE name = 'payload'", NULL, NULL);

    self->outbox_refs = g_strcmp0 (notnull, "0") == 0;
  }
}

gboolean
care_store_outbox_batch_end (CareStore *self,
                             gboolean   write,
                             GError   **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  if (self->outbox_batch == NULL)
    return TRUE;
  if (write)
    ok = outbox_batch_write (self, error);
  g_clear_pointer (&self->outbox_batch, g_ptr_array_unref);
  return ok;
}

/* The same with the payload as JSON text (NULL: {}), at the change's
 * time now (NULL: the store's now). */
static gboolean
outbox_add_text (CareStore        *self,
                 const CareEntity *entity,
                 const char       *record_id,
                 const char       *op,
                 const char       *json,
                 const char       *now,
                 GError          **error)
{
  g_autofree char *mutation_id = NULL;
  g_autofree char *own_now = NULL;
  sqlite3_stmt *stmt;

  if (entity->flags & CARE_ENTITY_LOCAL)
    return TRUE;
  if (self->no_outbox)
    return change_log_add (self, entity, record_id, op, error);

  mutation_id = care_uuid_v7 ();
  if (now == NULL)
    now = own_now = store_now (self);
  if (self->outbox_batch)
    {
      /* An insert without a payload refers to its row: NULL. */
      const char *values[OUTBOX_COLUMNS] = { mutation_id, entity->name, record_id, op,
                                             json ? json : g_str_equal (op, "insert") ? NULL : "{}",
                                             now, self->actor };

      for (guint i = 0; i < OUTBOX_COLUMNS; i++)
        g_ptr_array_add (self->outbox_batch, g_strdup (values[i]));
      return self->outbox_batch->len < OUTBOX_BATCH * OUTBOX_COLUMNS || outbox_batch_write (self, error);
    }
  stmt = care_store_prepare (self, OUTBOX_INSERT "(?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, mutation_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, op, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, json ? json : "{}", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, self->actor, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return care_store_set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  return TRUE;
}

gint64
care_store_outbox_count (CareStore *self)
{
  sqlite3_stmt *stmt = care_store_prepare (self, "SELECT count(*) FROM outbox WHERE state = 'pending'", NULL);
  gint64 n = 0;

  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  if (stmt)
    sqlite3_reset (stmt);
  return n;
}

/* --- writing ------------------------------------------------------------ */

/* The row's columns and, when column is given, column = value, an
 * expression of the row's columns by name (a bulk's sort key, in the row
 * as it is written rather than by an UPDATE of every row after). The
 * value is a scalar subquery of the same parameters, not INSERT … SELECT:
 * an INSERT with a SELECT opens a statement journal for every row, and
 * copies each page it touches there first (15,000 instructions a row of
 * the 52,000 of a patient's insert). */
static char *
insert_sql (const CareEntity *entity,
            const char       *column,
            const char       *value)
{
  g_autofree char *columns = care_store_column_list (entity, NULL);
  GString *sql = g_string_new (NULL);
  guint n = entity->n_fields + CARE_N_SYSTEM_COLUMNS;

  g_string_append_printf (sql, "INSERT INTO %s (%s%s%s) VALUES (", entity->table, columns,
                          column ? ", " : "", column ? column : "");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, "%s?%u", i ? ", " : "", i + 1);
  if (column != NULL)
    {
      g_string_append_printf (sql, ", (SELECT %s FROM (SELECT ", value);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (sql, "%s?%u AS %s", i ? ", " : "", i + 1,
                                i < entity->n_fields ? entity->fields[i].name
                                                     : care_system_column_name (i - entity->n_fields));
      g_string_append (sql, "))");
    }
  g_string_append_c (sql, ')');
  return g_string_free (sql, FALSE);
}

gboolean
care_store_set_insert_column (CareStore        *self,
                              const CareEntity *entity,
                              const char       *column,
                              const char       *value,
                              GError          **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_hash_table_remove (self->inserts, entity);
  if (column == NULL)
    return TRUE;
  sql = insert_sql (entity, column, value);
  if (!(stmt = care_store_prepare (self, sql, error)))
    return FALSE;
  g_hash_table_insert (self->inserts, (gpointer) entity, stmt);
  return TRUE;
}

static gboolean
write_insert (CareStore  *self,
              CareRecord *record,
              GError    **error)
{
  const CareEntity *entity = care_record_get_entity (record);
  sqlite3_stmt *stmt = g_hash_table_lookup (self->inserts, entity);

  /* Bulk work (a first sync, an import) inserts thousands of rows of one
   * entity: keep its statement by entity rather than rebuilding the SQL. */
  if (stmt == NULL)
    {
      g_autofree char *sql = insert_sql (entity, NULL, NULL);

      stmt = care_store_prepare (self, sql, error);
      if (stmt == NULL)
        return FALSE;
      g_hash_table_insert (self->inserts, (gpointer) entity, stmt);
    }
  else
    sqlite3_reset (stmt); /* every parameter is bound again below */
  for (guint i = 0; i < entity->n_fields + CARE_N_SYSTEM_COLUMNS; i++)
    {
      const CareField *field = i < entity->n_fields ? &entity->fields[i] : NULL;

      /* Not copied: the record outlives the step. */
      bind_value (stmt, i + 1, field, care_record_get_nth (record, i),
                  field && field->type == CARE_FIELD_BLOB ? care_record_get_blob (record, field->name) : NULL,
                  SQLITE_STATIC);
    }
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      care_store_set_sqlite_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
fail_validation (CareValidation   *v,
                 const CareEntity *entity,
                 GError          **error)
{
  if (care_validation_is_valid (v))
    return TRUE;
  care_validation_set_error (v, entity, error);
  return FALSE;
}

gboolean
care_store_insert_full (CareStore  *self,
                        CareRecord *record,
                        gboolean    validate,
                        GError    **error)
{
  const CareEntity *entity;
  g_autofree char *now = NULL;
  g_autoptr(GString) payload = NULL;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  entity = care_record_get_entity (record);

  if (!(entity->flags & CARE_ENTITY_GLOBAL) && self->tenant_id == NULL)
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NO_CLINIC,
                           _("The clinic has not been set up yet."));
      return FALSE;
    }

  if (care_record_get_id (record) == NULL)
    {
      g_autofree char *id = care_uuid_v7 ();
      care_record_set (record, CARE_COLUMN_ID, id);
    }
  if (!(entity->flags & CARE_ENTITY_GLOBAL))
    care_record_set (record, CARE_COLUMN_TENANT, self->tenant_id);
  now = store_now (self);
  care_record_set (record, CARE_COLUMN_CREATED_AT, now);
  care_record_set (record, CARE_COLUMN_UPDATED_AT, now);
  care_record_set (record, CARE_COLUMN_CREATED_BY, self->actor);
  care_record_set (record, CARE_COLUMN_UPDATED_BY, self->actor);

  if (validate)
    {
      g_autoptr(CareValidation) v = care_store_validate (self, record);

      if (!fail_validation (v, entity, error))
        return FALSE;
    }

  /* A bulk's entry refers to its row instead (care-store-outbox-ref.c). */
  if ((self->outbox_batch == NULL || !self->outbox_refs) && !self->no_outbox && !(entity->flags & CARE_ENTITY_LOCAL))
    {
      payload = g_string_sized_new (1024);
      care_store_outbox_insert_payload (payload, record);
    }

  if (!care_store_begin (self, error))
    return FALSE;
  if (!write_insert (self, record, error) ||
      !outbox_add_text (self, entity, care_record_get_id (record), "insert", payload ? payload->str : NULL, now, error))
    {
      care_store_rollback (self);
      return FALSE;
    }
  care_store_note_change (self, entity, care_record_get_id (record));
  return care_store_commit (self, error);
}

gboolean
care_store_insert (CareStore  *self,
                   CareRecord *record,
                   GError    **error)
{
  return care_store_insert_full (self, record, TRUE, error);
}

gboolean
care_store_update (CareStore  *self,
                   CareRecord *record,
                   GError    **error)
{
  const CareEntity *entity;
  g_autoptr(CareRecord) stored = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(CareValidation) v = NULL;
  g_autoptr(GString) sql = NULL;
  g_autofree char *now = NULL;
  JsonObject *payload;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  entity = care_record_get_entity (record);
  if (entity->flags & CARE_ENTITY_APPEND_ONLY)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_READ_ONLY,
                   _("%s cannot be changed once recorded; add an amendment instead."),
                   g_dgettext (GETTEXT_PACKAGE, entity->plural));
      return FALSE;
    }

  stored = care_store_get (self, entity, care_record_get_id (record), error);
  if (stored == NULL)
    return FALSE;

  /* The stored row owns these; a caller cannot rewrite history. */
  for (guint i = 0; i < CARE_N_SYSTEM_COLUMNS; i++)
    {
      const char *name = care_system_column_name (i);
      if (!g_str_equal (name, CARE_COLUMN_UPDATED_AT) && !g_str_equal (name, CARE_COLUMN_UPDATED_BY))
        care_record_set (record, name, care_record_get (stored, name));
    }

  v = care_store_validate (self, record);
  if (!fail_validation (v, entity, error))
    return FALSE;

  changed = care_record_diff (stored, record);
  if (changed->len == 0)
    return TRUE;

  now = store_now (self);
  care_record_set (record, CARE_COLUMN_UPDATED_AT, now);
  care_record_set (record, CARE_COLUMN_UPDATED_BY, self->actor);

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "UPDATE %s SET updated_at = ?1, updated_by = ?2", entity->table);
  for (guint i = 0; i < changed->len; i++)
    g_string_append_printf (sql, ", %s = ?%u", (const char *) g_ptr_array_index (changed, i), i + 4);
  g_string_append (sql, " WHERE id = ?3");

  /* The new values of the changed fields, and the values they had: the
   * server merges against that base rather than against a clock. */
  {
    g_autoptr(JsonObject) full = care_record_to_json (record);
    g_autoptr(JsonObject) before = care_record_to_json (stored);
    JsonObject *fields = json_object_new ();
    JsonObject *base = json_object_new ();

    for (guint i = 0; i < changed->len; i++)
      {
        const char *name = g_ptr_array_index (changed, i);

        if (json_object_has_member (full, name))
          json_object_set_member (fields, name, json_node_copy (json_object_get_member (full, name)));
        if (json_object_has_member (before, name))
          json_object_set_member (base, name, json_node_copy (json_object_get_member (before, name)));
        else if (json_object_has_member (fields, name))
          json_object_set_null_member (base, name);
      }
    payload = outbox_payload (fields, base);
    /* Stays here (the engine sends fields and base): what the row's stamp
     * goes back to when the edit is undone or discarded unsent. */
    json_object_set_object_member (payload, "stamp", care_store_outbox_stamp (before));
  }

  if (!care_store_begin (self, error))
    {
      json_object_unref (payload);
      return FALSE;
    }
  if (!self->no_outbox && !(entity->flags & CARE_ENTITY_LOCAL) &&
      !care_store_outbox_materialise (self, entity, care_record_get_id (record), error))
    goto failed;
  stmt = care_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, self->actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, care_record_get_id (record), -1, SQLITE_STATIC);
  for (guint i = 0; i < changed->len; i++)
    {
      const CareField *field = care_entity_field (entity, g_ptr_array_index (changed, i));

      care_store_bind_value (stmt, i + 4, field, care_record_get (record, field->name),
                             field->type == CARE_FIELD_BLOB ? care_record_get_blob (record, field->name) : NULL);
    }
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      care_store_set_sqlite_error (self, error);
      sqlite3_reset (stmt);
      goto failed;
    }
  sqlite3_reset (stmt);
  if (!care_store_outbox_add (self, entity, care_record_get_id (record), "update", g_steal_pointer (&payload), error))
    goto failed;
  care_store_note_change (self, entity, care_record_get_id (record));
  return care_store_commit (self, error);

failed:
  g_clear_pointer (&payload, json_object_unref);
  care_store_rollback (self);
  return FALSE;
}

gboolean
care_store_delete (CareStore        *self,
                   const CareEntity *entity,
                   const char       *id,
                   GError          **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(CareRecord) stored = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL && id != NULL, FALSE);

  if (entity->flags & CARE_ENTITY_APPEND_ONLY)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_READ_ONLY,
                   _("%s cannot be deleted once recorded; add an amendment instead."),
                   g_dgettext (GETTEXT_PACKAGE, entity->plural));
      return FALSE;
    }

  if (!care_store_begin (self, error))
    return FALSE;
  /* The record as this workstation last saw it: the server refuses to
   * delete a record someone has edited since. */
  if (!self->no_outbox && !(entity->flags & CARE_ENTITY_LOCAL))
    {
      stored = care_store_get (self, entity, id, error);
      if (stored == NULL || !care_store_outbox_materialise (self, entity, id, error))
        goto failed;
    }
  sql = g_strdup_printf ("DELETE FROM %s WHERE id = ? AND tenant_id IS ?", entity->table);
  stmt = care_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, (entity->flags & CARE_ENTITY_GLOBAL) ? NULL : self->tenant_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      care_store_set_sqlite_error (self, error);
      sqlite3_reset (stmt);
      goto failed;
    }
  sqlite3_reset (stmt);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND,
                   _("This record no longer exists."));
      goto failed;
    }
  if (!care_store_outbox_add (self, entity, id, "delete",
                              stored ? outbox_payload (NULL, care_record_to_json (stored)) : NULL, error))
    goto failed;
  care_store_note_change (self, entity, id);
  return care_store_commit (self, error);

failed:
  care_store_rollback (self);
  return FALSE;
}

/* --- reading ------------------------------------------------------------ */

CareRecord *
care_store_get (CareStore        *self,
                const CareEntity *entity,
                const char       *id,
                GError          **error)
{
  g_autofree char *columns = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  CareRecord *record = NULL;

  g_return_val_if_fail (CARE_IS_STORE (self), NULL);
  g_return_val_if_fail (entity != NULL, NULL);

  if (id == NULL)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND, _("This record no longer exists."));
      return NULL;
    }

  columns = care_store_column_list (entity, NULL);
  sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?", columns, entity->table);
  stmt = care_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      record = care_store_record_from_row (entity, stmt, 0);
      break;
    case SQLITE_DONE:
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND, _("This record no longer exists."));
      break;
    default:
      care_store_set_sqlite_error (self, error);
      break;
    }
  sqlite3_reset (stmt);
  return record;
}

static gboolean
is_column (const CareEntity *entity,
           const char       *name)
{
  return care_entity_field_index (entity, name) >= 0;
}

GPtrArray *
care_store_list (CareStore        *self,
                 const CareEntity *entity,
                 const char       *field,
                 const char       *value,
                 const char       *order_by,
                 guint             limit,
                 GError          **error)
{
  g_autofree char *columns = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_auto(GStrv) order = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (self), NULL);
  g_return_val_if_fail (entity != NULL, NULL);

  if (field && !is_column (entity, field))
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED, "No field %s in %s", field, entity->name);
      return NULL;
    }
  order = g_strsplit (order_by ? order_by : CARE_COLUMN_CREATED_AT, " ", 2);
  if (!is_column (entity, order[0]) ||
      (order[1] && g_ascii_strcasecmp (order[1], "DESC") != 0 && g_ascii_strcasecmp (order[1], "ASC") != 0))
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED, "Cannot order %s by %s", entity->name, order_by);
      return NULL;
    }

  columns = care_store_column_list (entity, NULL);
  sql = g_string_new (NULL);
  g_string_append_printf (sql, "SELECT %s FROM %s WHERE tenant_id IS ?1", columns, entity->table);
  if (field)
    g_string_append_printf (sql, " AND %s = ?2", field);
  g_string_append_printf (sql, " ORDER BY %s %s, id", order[0], order[1] ? order[1] : "");
  if (limit)
    g_string_append_printf (sql, " LIMIT %u", limit);

  stmt = care_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, (entity->flags & CARE_ENTITY_GLOBAL) ? NULL : self->tenant_id, -1, SQLITE_STATIC);
  if (field)
    care_store_bind_value (stmt, 2, care_entity_field (entity, field), value, NULL);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, care_store_record_from_row (entity, stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&records);
}

gint64
care_store_count (CareStore        *self,
                  const CareEntity *entity)
{
  return care_store_count_where (self, entity, NULL, NULL);
}

gint64
care_store_count_where (CareStore        *self,
                        const CareEntity *entity,
                        const char       *field,
                        const char       *value)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 n = 0;

  g_return_val_if_fail (CARE_IS_STORE (self), 0);
  g_return_val_if_fail (entity != NULL, 0);
  g_return_val_if_fail (field == NULL || care_entity_field (entity, field) != NULL, 0);

  sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE tenant_id IS ?1%s%s%s", entity->table,
                         field ? " AND " : "", field ? field : "", field ? " = ?2" : "");
  stmt = care_store_prepare (self, sql, NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, (entity->flags & CARE_ENTITY_GLOBAL) ? NULL : self->tenant_id, -1, SQLITE_STATIC);
  if (field)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

gint64
care_store_reserve_numbers (CareStore  *self,
                            const char *counter,
                            gint64      n,
                            GError    **error)
{
  g_autofree char *key = g_strdup_printf ("counter.%s", counter);
  g_autofree char *current = NULL;
  char buf[32];
  gint64 first;

  g_return_val_if_fail (CARE_IS_STORE (self), 0);
  g_return_val_if_fail (n > 0, 0);

  /* One read and one write of the counter, however many numbers: an
   * import of a million patients takes its numbers in one step. */
  if (!care_store_begin (self, error))
    return 0;
  current = care_store_get_meta (self, key);
  first = current ? g_ascii_strtoll (current, NULL, 10) + 1 : 1;
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, first + n - 1);
  if (!care_store_set_meta (self, key, buf, error))
    {
      care_store_rollback (self);
      return 0;
    }
  if (!care_store_commit (self, error))
    return 0;
  return first;
}

char *
care_store_next_number (CareStore  *self,
                        const char *counter,
                        GError    **error)
{
  gint64 n;

  g_return_val_if_fail (CARE_IS_STORE (self), NULL);

  if (!(n = care_store_reserve_numbers (self, counter, 1, error)))
    return NULL;
  return care_numbers_format (counter, self->device_code, n);
}

/* --- permissions -------------------------------------------------------- */

gboolean
care_store_role_can (CareStore  *self,
                     const char *role,
                     const char *permission)
{
  sqlite3_stmt *stmt;
  gboolean allowed;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  if (role == NULL || permission == NULL)
    return FALSE;

  stmt = care_store_prepare (self,
                             "SELECT allowed FROM role_permissions "
                             "WHERE tenant_id IS ? AND role = ? AND permission = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->tenant_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, role, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, permission, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    allowed = sqlite3_column_int (stmt, 0) != 0;
  else
    allowed = care_default_permission (role, permission);
  sqlite3_reset (stmt);
  return allowed;
}

gboolean
care_store_set_role_permission (CareStore  *self,
                                const char *role,
                                const char *permission,
                                gboolean    allowed,
                                GError    **error)
{
  const CareEntity *entity = care_schema_lookup ("role_permission");
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  rows = care_store_list (self, entity, "role", role, NULL, 0, error);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      CareRecord *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (care_record_get (row, "permission"), permission) == 0)
        {
          care_record_set (row, "allowed", allowed ? "1" : "0");
          return care_store_update (self, row, error);
        }
    }

  {
    g_autoptr(CareRecord) row = care_record_new (entity);

    care_record_set (row, "role", role);
    care_record_set (row, "permission", permission);
    care_record_set (row, "allowed", allowed ? "1" : "0");
    return care_store_insert (self, row, error);
  }
}

/* --- checksums ---------------------------------------------------------- */

char *
care_store_checksum (CareStore        *self,
                     const CareEntity *entity,
                     gint64           *n_rows,
                     GError          **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *columns = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 rows = 0;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (self), NULL);
  g_return_val_if_fail (entity != NULL, NULL);

  columns = care_store_column_list (entity, NULL);
  sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s ORDER BY id", columns, entity->table,
                         (entity->flags & CARE_ENTITY_GLOBAL) ? "1" : "tenant_id IS ?1");
  stmt = care_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  if (!(entity->flags & CARE_ENTITY_GLOBAL))
    sqlite3_bind_text (stmt, 1, self->tenant_id, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CareRecord) record = care_store_record_from_row (entity, stmt, 0);

      care_record_checksum_update (record, sum);
      rows++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (self, error);
      return NULL;
    }
  if (n_rows)
    *n_rows = rows;
  return g_strdup (g_checksum_get_string (sum));
}
