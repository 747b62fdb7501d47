/* care-store-sync.c: what the sync engine does to the store (docs/sync.md)
 *
 * The outbox on the way out; the server's pages on the way in. A page is
 * written with cached INSERT … ON CONFLICT (id) DO UPDATE statements by
 * entity, several hundred rows a statement, bound straight from the page's
 * values: no CareRecord, no validation, no outbox entry, and the local
 * secret columns (password verifiers) are never part of the update.
 * Everything a page does, including the cursor, commits in one
 * transaction. The engine reads its pages with the scanner below rather
 * than json-glib (care_store_sync_apply_page() takes json-glib's reading,
 * for tests and anything else): both give the same rows.
 *
 * Speed (a first sync of 100,000 patients with their records): the
 * scanner reads a page ~15 times faster than json-glib, and rows go in
 * many to a statement because the patients' search index (FTS5) flushes
 * what it holds at the end of each statement that touched it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-store"

#include "config.h"

#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "care-json.h"
#include "care-json-check.h"
#include "care-lab-catalogue-store.h"
#include "care-store-private.h"
#include "care-uuid.h"

/* Ids listed per entity per step before "several changed" is cheaper. */
#define MAX_CHANGED_IDS 1000

/* --- changed records ---------------------------------------------------- */

static void
free_ids (gpointer ids)
{
  if (ids)
    g_ptr_array_unref (ids);
}

GHashTable *
care_sync_changed_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, free_ids);
}

void
care_sync_changed_add (GHashTable       *changed,
                       const CareEntity *entity,
                       const char       *id)
{
  gpointer ids = NULL;

  if (changed == NULL)
    return;
  if (!g_hash_table_lookup_extended (changed, entity->name, NULL, &ids))
    {
      ids = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (changed, (gpointer) entity->name, ids);
    }
  if (ids == NULL)
    return;   /* already "several" */
  if (id == NULL || ((GPtrArray *) ids)->len >= MAX_CHANGED_IDS)
    {
      g_hash_table_insert (changed, (gpointer) entity->name, NULL);
      return;
    }
  g_ptr_array_add (ids, g_strdup (id));
}

void
care_store_note_external (CareStore        *self,
                          const CareEntity *entity,
                          const char       *id)
{
  g_return_if_fail (CARE_IS_STORE (self));
  g_return_if_fail (entity != NULL);

  /* "" is how the store says "several" until it emits. */
  care_store_note_change (self, entity, id ? id : "");
}

/* --- joining a clinic ---------------------------------------------------- */

/* What every clinic gets when it is created (its permission matrix, its
 * laboratory catalogue): the clinic joined has its own already. */
static gboolean
is_clinic_default (const CareEntity *e)
{
  static const char *const defaults[] = { "role_permission", "lab_panel", "lab_analyte", "lab_band", NULL };

  return g_strv_contains (defaults, e->name);
}

/* A standalone workstation joining the server's clinic keeps everything it
 * recorded: its rows move into that clinic and their outbox entries (a
 * standalone store never sends any) upload them with the next push. The
 * clinic's own record and its defaults are the server's: the local ones
 * go, without outbox entries, and the server's arrive with the pull. */
static gboolean
move_into_clinic (CareStore  *store,
                  const char *old_tenant,
                  const char *new_tenant,
                  GError    **error)
{
  guint n_entities;
  const CareEntity *const *entities = care_schema_entities (&n_entities);

  /* The entries keep the rows as they were recorded, clinic and all. */
  if (!care_store_outbox_materialise_all (store, NULL, error))
    return FALSE;
  for (guint i = 0; i < n_entities; i++)
    {
      const CareEntity *e = entities[i];
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;

      if (e->flags & CARE_ENTITY_GLOBAL)
        sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", e->table);
      else if (is_clinic_default (e))
        sql = g_strdup_printf ("DELETE FROM %s WHERE tenant_id = ?1", e->table);
      else
        sql = g_strdup_printf ("UPDATE %s SET tenant_id = ?2 WHERE tenant_id = ?1", e->table);
      stmt = care_store_prepare (store, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, old_tenant, -1, SQLITE_TRANSIENT);
      if (!(e->flags & CARE_ENTITY_GLOBAL) && !is_clinic_default (e))
        sqlite3_bind_text (stmt, 2, new_tenant, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          return care_store_set_sqlite_error (store, error);
        }
      sqlite3_reset (stmt);
    }
  return care_store_exec (store, "DELETE FROM outbox WHERE entity IN ('tenant', 'role_permission', "
                                 "'lab_panel', 'lab_analyte', 'lab_band')", error);
}

gboolean
care_store_sync_join_clinic (CareStore  *self,
                             const char *tenant_id,
                             GError    **error)
{
  const char *tenant;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);
  g_return_val_if_fail (tenant_id != NULL, FALSE);

  tenant = care_store_get_tenant_id (self);
  if (g_strcmp0 (tenant, tenant_id) == 0)
    return TRUE;
  if (tenant && !move_into_clinic (self, tenant, tenant_id, error))
    return FALSE;
  if (!care_store_set_meta (self, "tenant_id", tenant_id, error))
    return FALSE;
  care_store_set_tenant_id (self, tenant_id);
  /* The clinic's catalogue as it was created, the same rows the server
   * seeded (their ids derive from the clinic); its edits come with the pull. */
  return care_lab_catalogue_ensure (self, error);
}

gboolean
care_store_sync_set_autocheckpoint (CareStore *self,
                                    gboolean   enabled)
{
  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  return care_store_exec (self, enabled ? "PRAGMA wal_autocheckpoint = 1000"
                                        : "PRAGMA wal_autocheckpoint = 0", NULL);
}

/* --- small helpers ------------------------------------------------------ */

static gboolean
step_done (CareStore    *self,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      care_store_set_sqlite_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gint64
query_int (CareStore  *self,
           const char *sql,
           const char *key)
{
  sqlite3_stmt *stmt = care_store_prepare (self, sql, NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  if (key)
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static char *
json_to_text (JsonNode *node)
{
  return care_json_to_string (node, NULL);
}

static char *
object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_text (node);
}

/* NULL unless text is a JSON object. */
static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
synced_entity (const CareEntity *entity)
{
  return !(entity->flags & CARE_ENTITY_LOCAL);
}

static gboolean
is_nocase (const CareField *field)
{
  return field->type == CARE_FIELD_TEXT || field->type == CARE_FIELD_EMAIL;
}

static const char *
column_name (const CareEntity *entity,
             guint             i)
{
  return i < entity->n_fields ? entity->fields[i].name : care_system_column_name (i - entity->n_fields);
}

/* --- values ------------------------------------------------------------ */

/* One member of a record as the server sent it, whichever way the page was
 * read (a JsonNode, or the page scanner below). */
typedef enum {
  VALUE_ABSENT = 0,   /* the record has no such member */
  VALUE_NULL,
  VALUE_STRING,
  VALUE_INT,
  VALUE_DOUBLE,
  VALUE_BOOL,
  VALUE_JSON,         /* an array or object: s is its canonical JSON text */
} ValueType;

typedef struct {
  ValueType   type;
  gboolean    b;
  gint64      i;
  double      d;
  const char *s;      /* STRING, JSON: NUL-terminated, lives as long as the page */
} Value;

/* scratch keeps the text of arrays and objects (g_free). */
static void
value_from_node (JsonNode  *node,
                 Value     *v,
                 GPtrArray *scratch)
{
  GType value_type;

  memset (v, 0, sizeof *v);
  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      v->type = VALUE_NULL;
      return;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      char *text = json_to_text (node);

      g_ptr_array_add (scratch, text);
      v->type = VALUE_JSON;
      v->s = text;
      return;
    }
  value_type = json_node_get_value_type (node);
  if (value_type == G_TYPE_INT64)
    {
      v->type = VALUE_INT;
      v->i = json_node_get_int (node);
    }
  else if (value_type == G_TYPE_DOUBLE)
    {
      v->type = VALUE_DOUBLE;
      v->d = json_node_get_double (node);
    }
  else if (value_type == G_TYPE_BOOLEAN)
    {
      v->type = VALUE_BOOL;
      v->b = json_node_get_boolean (node);
    }
  else if (value_type == G_TYPE_STRING)
    {
      v->type = VALUE_STRING;
      v->s = json_node_get_string (node);
    }
  else
    v->type = VALUE_NULL;
}

/* Binds a value as the column's SQLite type, the way a CareRecord of the
 * same JSON would have been written (care_record_new_from_json() and
 * care_store_bind_value()): "" is NULL, lists are their canonical JSON
 * text, blobs are base64. Strings are bound without a copy: they live as
 * long as the page, which outlives the statement's step. */
static void
bind_value (sqlite3_stmt    *stmt,
            int              column,
            const CareField *field,
            const Value     *v)
{
  CareFieldType type = field ? field->type : CARE_FIELD_TEXT;

  switch (v->type)
    {
    case VALUE_ABSENT:
    case VALUE_NULL:
      sqlite3_bind_null (stmt, column);
      return;
    case VALUE_JSON:
      sqlite3_bind_text (stmt, column, v->s, -1, SQLITE_STATIC);
      return;
    case VALUE_STRING:
    case VALUE_INT:
    case VALUE_DOUBLE:
    case VALUE_BOOL:
    default:
      break;
    }

  switch (type)
    {
    case CARE_FIELD_INT:
    case CARE_FIELD_MONEY:
    case CARE_FIELD_BOOL:
      if (v->type == VALUE_INT)
        sqlite3_bind_int64 (stmt, column, v->i);
      else if (v->type == VALUE_BOOL)
        sqlite3_bind_int64 (stmt, column, v->b ? 1 : 0);
      else if (v->type == VALUE_DOUBLE)
        sqlite3_bind_int64 (stmt, column, (gint64) v->d);
      else if (v->s[0])
        sqlite3_bind_int64 (stmt, column, g_ascii_strtoll (v->s, NULL, 10));
      else
        sqlite3_bind_null (stmt, column);
      break;

    case CARE_FIELD_DECIMAL:
      if (v->type == VALUE_INT)
        sqlite3_bind_double (stmt, column, (double) v->i);
      else if (v->type == VALUE_DOUBLE)
        sqlite3_bind_double (stmt, column, v->d);
      else if (v->type == VALUE_STRING && v->s[0])
        sqlite3_bind_double (stmt, column, g_ascii_strtod (v->s, NULL));
      else
        sqlite3_bind_null (stmt, column);
      break;

    case CARE_FIELD_BLOB:
      if (v->type == VALUE_STRING && v->s[0])
        {
          gsize length = 0;
          guchar *data = g_base64_decode (v->s, &length);

          if (length > 0)
            sqlite3_bind_blob64 (stmt, column, data, length, g_free);
          else
            {
              g_free (data);
              sqlite3_bind_null (stmt, column);
            }
        }
      else
        sqlite3_bind_null (stmt, column);
      break;

    default:
      if (v->type == VALUE_STRING)
        {
          if (v->s[0])
            sqlite3_bind_text (stmt, column, v->s, -1, SQLITE_STATIC);
          else
            sqlite3_bind_null (stmt, column);
        }
      else if (v->type == VALUE_INT)
        sqlite3_bind_text (stmt, column, g_strdup_printf ("%" G_GINT64_FORMAT, v->i), -1, g_free);
      else if (v->type == VALUE_BOOL)
        sqlite3_bind_text (stmt, column, v->b ? "1" : "0", -1, SQLITE_STATIC);
      else
        {
          char buf[CARE_JSON_DOUBLE_BUF_SIZE];
          const char *text = care_json_format_double (buf, sizeof buf, v->d);

          if (text)
            sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
          else
            sqlite3_bind_null (stmt, column);
        }
      break;
    }
}

static void
bind_json (sqlite3_stmt    *stmt,
           int              column,
           const CareField *field,
           JsonNode        *node,
           GPtrArray       *scratch)
{
  Value v;

  value_from_node (node, &v, scratch);
  bind_value (stmt, column, field, &v);
}

/* --- statements kept by entity ------------------------------------------ */

/* Rows of one entity written by one statement: a page's rows go in a few
 * multi-row statements rather than one each, above all because the search
 * index (FTS5) flushes what it holds at the end of every statement that
 * touched it, which made a page of patients twice as slow. */
#define BATCH_ROWS 500
#define MAX_PARAMETERS 32000   /* SQLite's limit is 32766 */
#define MAX_MEMBERS 128

typedef struct {
  const CareEntity *entity;
  guint             n_columns;
  guint             id_column;
  guint             tenant_column;
  sqlite3_stmt     *upsert;   /* one row; owned by the store's statement cache */
  sqlite3_stmt     *batch;    /* batch_rows rows, RETURNING id; cached too */
  guint             batch_rows;
  sqlite3_stmt     *remove;
  GHashTable       *columns;  /* member name -> column index + 1 */
  int               order[MAX_MEMBERS];  /* the last record's member order */
} EntitySql;

static void
entity_sql_free (gpointer data)
{
  EntitySql *es = data;

  g_hash_table_unref (es->columns);
  g_free (es);
}

static GHashTable *
entity_sql_cache (CareStore *self)
{
  GHashTable *cache = g_object_get_data (G_OBJECT (self), "care-sync-sql");

  if (cache == NULL)
    {
      cache = g_hash_table_new_full (NULL, NULL, NULL, entity_sql_free);
      g_object_set_data_full (G_OBJECT (self), "care-sync-sql", cache,
                              (GDestroyNotify) g_hash_table_unref);
    }
  return cache;
}

/* INSERT of every column of n_rows rows; on an existing id, an UPDATE of
 * every column but the secret ones, skipped when nothing differs (a resync
 * rewrites nothing it already has, and the search index is not touched in
 * vain). RETURNING: the ids of the rows that did change. */
static char *
upsert_sql (const CareEntity *entity,
            guint             n_rows,
            gboolean          returning)
{
  g_autofree char *columns = care_store_column_list (entity, NULL);
  GString *sql = g_string_new (NULL);
  GString *same = g_string_new (NULL);
  guint n = entity->n_fields + CARE_N_SYSTEM_COLUMNS;
  gboolean first = TRUE;

  /* Plain "?": numbered parameters make SQLite's parser quadratic in
   * their number, and a batch has thousands. */
  g_string_append_printf (sql, "INSERT INTO %s (%s) VALUES ", entity->table, columns);
  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (sql, r ? ", (" : "(");
      for (guint i = 0; i < n; i++)
        g_string_append (sql, i ? ", ?" : "?");
      g_string_append_c (sql, ')');
    }
  g_string_append (sql, " ON CONFLICT (id) DO UPDATE SET ");
  for (guint i = 0; i < n; i++)
    {
      const char *name = column_name (entity, i);

      if (i < entity->n_fields && (entity->fields[i].flags & CARE_FIELD_SECRET))
        continue;
      if (g_str_equal (name, CARE_COLUMN_ID))
        continue;
      g_string_append_printf (sql, "%s%s = excluded.%s", first ? "" : ", ", name, name);
      g_string_append_printf (same, "%s%s IS excluded.%s", first ? "" : " AND ", name, name);
      first = FALSE;
    }
  g_string_append_printf (sql, " WHERE NOT (%s)", same->str);
  if (returning)
    g_string_append (sql, " RETURNING id");
  g_string_free (same, TRUE);
  return g_string_free (sql, FALSE);
}

static EntitySql *
entity_sql (CareStore        *self,
            const CareEntity *entity,
            GError          **error)
{
  GHashTable *cache = entity_sql_cache (self);
  EntitySql *es = g_hash_table_lookup (cache, entity);

  if (es == NULL)
    {
      g_autofree char *upsert = upsert_sql (entity, 1, FALSE);
      guint batch_rows = MIN (BATCH_ROWS, MAX_PARAMETERS / (entity->n_fields + CARE_N_SYSTEM_COLUMNS));
      g_autofree char *batch = upsert_sql (entity, batch_rows, TRUE);
      g_autofree char *remove = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", entity->table);
      sqlite3_stmt *u, *b, *r;

      if ((u = care_store_prepare (self, upsert, error)) == NULL ||
          (b = care_store_prepare (self, batch, error)) == NULL ||
          (r = care_store_prepare (self, remove, error)) == NULL)
        return NULL;
      es = g_new0 (EntitySql, 1);
      es->entity = entity;
      es->n_columns = entity->n_fields + CARE_N_SYSTEM_COLUMNS;
      es->tenant_column = care_entity_field_index (entity, CARE_COLUMN_TENANT);
      es->id_column = care_entity_field_index (entity, CARE_COLUMN_ID);
      es->upsert = u;
      es->batch = b;
      es->batch_rows = batch_rows;
      es->remove = r;
      es->columns = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < es->n_columns; i++)
        g_hash_table_insert (es->columns, (gpointer) column_name (entity, i), GUINT_TO_POINTER (i + 1));
      for (guint i = 0; i < MAX_MEMBERS; i++)
        es->order[i] = -1;
      g_hash_table_insert (cache, (gpointer) entity, es);
    }
  return es;
}

/* The column of member name, at position k of its record: records of an
 * entity come with their members in the same order, so the position of the
 * last record is nearly always right, and cheaper than a hash lookup. */
static int
column_of (EntitySql  *es,
           guint       k,
           const char *name)
{
  gpointer index;

  if (k < MAX_MEMBERS && es->order[k] >= 0 &&
      strcmp (name, column_name (es->entity, es->order[k])) == 0)
    return es->order[k];
  index = g_hash_table_lookup (es->columns, name);
  if (k < MAX_MEMBERS)
    es->order[k] = GPOINTER_TO_INT (index) - 1;
  return GPOINTER_TO_INT (index) - 1;
}

/* The record's values in column order (n_columns of them). */
static Value *
values_from_object (EntitySql  *es,
                    JsonObject *record,
                    GPtrArray  *scratch)
{
  Value *values = g_new0 (Value, es->n_columns);

  for (guint i = 0; i < es->n_columns; i++)
    value_from_node (json_object_get_member (record, column_name (es->entity, i)), &values[i], scratch);
  g_ptr_array_add (scratch, values);
  return values;
}

static void
bind_row (EntitySql    *es,
          sqlite3_stmt *stmt,
          guint         first,
          const Value  *values)
{
  const CareEntity *entity = es->entity;

  for (guint i = 0; i < es->n_columns; i++)
    {
      const CareField *field = i < entity->n_fields ? &entity->fields[i] : NULL;

      /* Secrets never come from the server; a new row has none yet. */
      if (field && (field->flags & CARE_FIELD_SECRET))
        sqlite3_bind_null (stmt, first + i);
      else
        bind_value (stmt, first + i, field, &values[i]);
    }
}

/* Runs the entity's one-row upsert; returns the SQLite result code. */
static int
run_upsert (EntitySql   *es,
            const Value *values)
{
  int rc;

  sqlite3_reset (es->upsert);
  bind_row (es, es->upsert, 1, values);
  rc = sqlite3_step (es->upsert);
  sqlite3_reset (es->upsert);
  return rc;
}

static gboolean
row_exists (CareStore        *self,
            const CareEntity *entity,
            const char       *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?", entity->table);

  return query_int (self, sql, id) == 1;
}

static gboolean
delete_row (CareStore        *self,
            const CareEntity *entity,
            const char       *id,
            GHashTable       *changed,
            GError          **error)
{
  EntitySql *es = entity_sql (self, entity, error);

  if (es == NULL || !care_store_outbox_materialise (self, entity, id, error))
    return FALSE;
  sqlite3_reset (es->remove);
  sqlite3_bind_text (es->remove, 1, id, -1, SQLITE_TRANSIENT);
  if (!step_done (self, es->remove, error))
    return FALSE;
  if (sqlite3_changes (care_store_get_db (self)) > 0)
    {
      care_sync_changed_add (changed, entity, id);
      care_store_note_change (self, entity, id);
    }
  return TRUE;
}

/* UPDATE of the columns named in values (fields of the entity, not secret),
 * no outbox. Fails on a constraint like any statement; the transaction is
 * untouched by a failed statement. */
static gboolean
update_columns (CareStore        *self,
                const CareEntity *entity,
                const char       *id,
                JsonObject       *values,
                GError          **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GList) members = json_object_get_members (values);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) scratch = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  for (GList *l = members; l; l = l->next)
    {
      const CareField *field = care_entity_field (entity, l->data);

      if (field && !(field->flags & CARE_FIELD_SECRET))
        g_ptr_array_add (fields, (gpointer) field);
    }
  if (fields->len == 0)
    return TRUE;
  if (!care_store_outbox_materialise (self, entity, id, error))
    return FALSE;

  g_string_append_printf (sql, "UPDATE %s SET ", entity->table);
  for (guint i = 0; i < fields->len; i++)
    g_string_append_printf (sql, "%s%s = ?%u", i ? ", " : "",
                            ((const CareField *) g_ptr_array_index (fields, i))->name, i + 2);
  g_string_append (sql, " WHERE id = ?1");

  /* Not cached: the combinations of fields are many and this is rare. */
  if (sqlite3_prepare_v2 (care_store_get_db (self), sql->str, -1, &stmt, NULL) != SQLITE_OK)
    return care_store_set_sqlite_error (self, error);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  for (guint i = 0; i < fields->len; i++)
    {
      const CareField *field = g_ptr_array_index (fields, i);

      bind_json (stmt, i + 2, field, json_object_get_member (values, field->name), scratch);
    }
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    care_store_set_sqlite_error (self, error);
  sqlite3_finalize (stmt);
  return ok;
}

static JsonObject *
row_to_json (CareStore        *self,
             const CareEntity *entity,
             const char       *id)
{
  g_autoptr(CareRecord) record = care_store_get (self, entity, id, NULL);

  return record ? care_record_to_json (record) : NULL;
}

/* --- the outbox --------------------------------------------------------- */

void
care_outbox_entry_free (CareOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->mutation_id);
  g_free (entry->entity_name);
  g_free (entry->record_id);
  g_free (entry->op);
  g_free (entry->payload);
  g_free (entry->created_at);
  g_free (entry->actor);
  g_free (entry);
}

/* An entry that refers to its row (payload NULL) gets the payload made
 * from the row when build is set (care-store-outbox-ref.c). */
static CareOutboxEntry *
entry_from_row (CareStore    *self,
                sqlite3_stmt *stmt,
                gboolean      build)
{
  CareOutboxEntry *entry = g_new0 (CareOutboxEntry, 1);

  entry->seq = sqlite3_column_int64 (stmt, 0);
  entry->mutation_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  entry->entity_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  entry->entity = entry->entity_name ? care_schema_lookup (entry->entity_name) : NULL;
  entry->record_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  entry->op = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  entry->payload = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  entry->created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  entry->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  if (entry->payload == NULL && build)
    entry->payload = care_store_outbox_ref_payload (self, entry->entity, entry->record_id, NULL);
  return entry;
}

#define ENTRY_COLUMNS "seq, mutation_id, entity, record_id, op, payload, created_at, actor"

static GPtrArray *
list_pending (CareStore *self,
              guint      limit,
              gboolean   build,
              GError   **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) care_outbox_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = care_store_prepare (self,
                             "SELECT " ENTRY_COLUMNS " FROM outbox WHERE state = 'pending' "
                             "ORDER BY seq LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (self, stmt, build));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

GPtrArray *
care_store_outbox_list_pending (CareStore *self,
                                guint      limit,
                                GError   **error)
{
  g_return_val_if_fail (CARE_IS_STORE (self), NULL);

  return list_pending (self, limit, TRUE, error);
}

static CareOutboxEntry *
outbox_get (CareStore  *self,
            const char *mutation_id,
            char      **snapshot,
            GError    **error)
{
  sqlite3_stmt *stmt = care_store_prepare (self,
                                           "SELECT " ENTRY_COLUMNS ", snapshot FROM outbox WHERE mutation_id = ?1",
                                           error);
  CareOutboxEntry *entry = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, mutation_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      entry = entry_from_row (self, stmt, TRUE);
      if (snapshot)
        *snapshot = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND,
                 _("This change is no longer waiting to be sent."));
  else
    care_store_set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  return entry;
}

gboolean
care_store_outbox_remove (CareStore  *self,
                          const char *mutation_id,
                          GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  stmt = care_store_prepare (self, "DELETE FROM outbox WHERE mutation_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, mutation_id, -1, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

gboolean
care_store_outbox_reject (CareStore  *self,
                          const char *mutation_id,
                          const char *reason,
                          const char *errors_json,
                          GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  /* Listed on the Sync page with its payload, never sent again as it is. */
  if (!care_store_outbox_materialise_entry (self, mutation_id, error))
    return FALSE;
  stmt = care_store_prepare (self,
                             "UPDATE outbox SET state = 'rejected', last_error = ?2, errors = ?3 "
                             "WHERE mutation_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, mutation_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, errors_json, -1, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

/* Whether an outbox entry of the record after seq (any state) changes
 * field (NULL: any change at all). */
static gboolean
later_entry_touches (CareStore        *self,
                     const CareEntity *entity,
                     const char       *record_id,
                     gint64            seq,
                     const char       *field)
{
  sqlite3_stmt *stmt = care_store_prepare (self,
                                           "SELECT op, payload FROM outbox WHERE entity = ?1 AND record_id = ?2 "
                                           "AND seq > ?3 ORDER BY seq", NULL);
  gboolean touches = FALSE;

  if (stmt == NULL)
    return TRUE;   /* when in doubt, leave the row alone */
  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, seq);
  while (!touches && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *op = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(JsonObject) payload = NULL;

      if (field == NULL || g_strcmp0 (op, "update") != 0)
        {
          touches = TRUE;
          break;
        }
      payload = parse_object ((const char *) sqlite3_column_text (stmt, 1));
      touches = object_member (payload, "fields") == NULL ||
                json_object_has_member (object_member (payload, "fields"), field);
    }
  sqlite3_reset (stmt);
  return touches;
}

/* After a conflict, the local row shows the server's side again: the
 * server kept its values, and no later pull would bring them back if the
 * change that made them is older than the cursor. */
static gboolean
restore_server_side (CareStore        *self,
                     CareOutboxEntry  *entry,
                     const char       *kind,
                     JsonObject       *detail,
                     JsonObject       *payload,
                     GHashTable       *changed,
                     GError          **error)
{
  const CareEntity *entity = entry->entity;

  if (g_str_equal (kind, "field"))
    {
      JsonNode *list = json_object_get_member (detail, "conflicts");
      g_autoptr(JsonObject) theirs = json_object_new ();

      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
        return TRUE;
      for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
        {
          JsonNode *item = json_array_get_element (json_node_get_array (list), i);
          JsonObject *c = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
          const char *field = c ? json_object_get_string_member_with_default (c, "field", NULL) : NULL;

          if (field == NULL || !json_object_has_member (c, "theirs") ||
              later_entry_touches (self, entity, entry->record_id, entry->seq, field))
            continue;
          json_object_set_member (theirs, field, json_node_copy (json_object_get_member (c, "theirs")));
        }
      if (json_object_get_size (theirs) == 0 || !row_exists (self, entity, entry->record_id))
        return TRUE;
      if (!update_columns (self, entity, entry->record_id, theirs, error))
        return FALSE;
      care_sync_changed_add (changed, entity, entry->record_id);
      care_store_note_change (self, entity, entry->record_id);
    }
  else if (g_str_equal (kind, "edited"))
    {
      /* Our deletion was refused: the record is still there. The server's
       * current values if it sent them, else the values we last saw. */
      JsonObject *record = object_member (detail, "record");

      if (record == NULL)
        record = object_member (payload, "base");
      if (record == NULL || row_exists (self, entity, entry->record_id) ||
          later_entry_touches (self, entity, entry->record_id, entry->seq, NULL))
        return TRUE;
      return care_store_sync_upsert (self, entity, record, changed, error);
    }
  /* "deleted": the server's tombstone removes the row (or already did). */
  return TRUE;
}

gboolean
care_store_outbox_to_conflict (CareStore  *self,
                               const char *mutation_id,
                               const char *kind,
                               JsonObject *detail,
                               GHashTable *changed,
                               GError    **error)
{
  g_autoptr(CareOutboxEntry) entry = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *payload_text = NULL;
  g_autofree char *detail_text = NULL;
  g_autofree char *id = care_uuid_v7 ();
  g_autofree char *now = care_now_iso8601 ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL && detail != NULL, FALSE);

  if (!g_str_equal (kind, "field") && !g_str_equal (kind, "deleted") && !g_str_equal (kind, "edited"))
    kind = "field";

  if (!care_store_begin (self, error))
    return FALSE;
  entry = outbox_get (self, mutation_id, &snapshot, error);
  if (entry == NULL)
    goto failed;

  payload = parse_object (entry->payload);
  if (payload == NULL)
    payload = json_object_new ();
  /* What re-creating the record from the local values starts from: the
   * row as a pull deleted it, or as it still is. */
  if (entry->entity && g_str_equal (kind, "deleted") && !json_object_has_member (payload, "record"))
    {
      g_autoptr(JsonObject) record = snapshot ? parse_object (snapshot) : row_to_json (self, entry->entity, entry->record_id);

      if (record)
        json_object_set_object_member (payload, "record", g_steal_pointer (&record));
    }

  if (entry->entity && !restore_server_side (self, entry, kind, detail, payload, changed, error))
    goto failed;

  payload_text = object_to_text (payload);
  detail_text = object_to_text (detail);
  stmt = care_store_prepare (self,
                             "INSERT INTO sync_conflicts (id, mutation_id, entity, record_id, kind, detail, payload, actor, created_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, entry->mutation_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, entry->entity_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, entry->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, detail_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, payload_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, entry->actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, now, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error) ||
      !care_store_outbox_remove (self, mutation_id, error))
    goto failed;
  return care_store_commit (self, error);

failed:
  care_store_rollback (self);
  return FALSE;
}

/* The base values of a refused update's fields that the row still holds
 * as the update set them. A pull may have brought the server's newer value
 * of a field since (refused changes are not shown again on top of a pull):
 * that field is the server's now, and the base would only take it back to
 * an older one. NULL when the row is gone. */
static JsonObject *
still_ours (CareStore        *self,
            const CareEntity *entity,
            const char       *record_id,
            JsonObject       *payload)
{
  JsonObject *base = object_member (payload, "base");
  JsonObject *fields = object_member (payload, "fields");
  g_autoptr(JsonObject) row = row_to_json (self, entity, record_id);
  g_autoptr(GList) names = NULL;
  JsonObject *undo;

  if (row == NULL || base == NULL)
    return NULL;
  undo = json_object_new ();
  names = json_object_get_members (base);
  for (GList *l = names; l; l = l->next)
    {
      const char *name = l->data;
      JsonNode *now = json_object_get_member (row, name);
      JsonNode *set = fields ? json_object_get_member (fields, name) : NULL;

      if (set == NULL || (now != NULL && json_node_equal (now, set)) ||
          (now == NULL && JSON_NODE_HOLDS_NULL (set)))
        json_object_set_member (undo, name, json_node_copy (json_object_get_member (base, name)));
    }
  return undo;
}

gboolean
care_store_outbox_discard (CareStore  *self,
                           const char *mutation_id,
                           GError    **error)
{
  g_autoptr(CareOutboxEntry) entry = NULL;
  g_autoptr(JsonObject) payload = NULL;
  const CareEntity *entity;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  if (!care_store_begin (self, error))
    return FALSE;
  entry = outbox_get (self, mutation_id, NULL, error);
  if (entry == NULL)
    goto failed;
  if (query_int (self, "SELECT state = 'rejected' FROM outbox WHERE mutation_id = ?1", mutation_id) != 1)
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND,
                           _("This change was not refused; it is still waiting to be sent."));
      goto failed;
    }
  if (!care_store_outbox_remove (self, mutation_id, error))
    goto failed;

  /* The server never took this change; unless a later change of the same
   * record builds on it, the row goes back to what the server has. */
  entity = entry->entity;
  payload = parse_object (entry->payload);
  if (entity && payload && !later_entry_touches (self, entity, entry->record_id, entry->seq, NULL))
    {
      if (g_strcmp0 (entry->op, "insert") == 0)
        {
          if (!delete_row (self, entity, entry->record_id, NULL, error))
            goto failed;
        }
      else if (g_strcmp0 (entry->op, "update") == 0)
        {
          JsonObject *base = object_member (payload, "base");
          g_autoptr(JsonObject) undo = base ? still_ours (self, entity, entry->record_id, payload) : NULL;

          if (undo && json_object_get_size (undo) > 0)
            {
              g_autoptr(GError) local_error = NULL;

              /* Unique values may have moved on since; then the row stays.
               * The stamp goes back only where the whole change is undone. */
              if (update_columns (self, entity, entry->record_id, undo, &local_error) &&
                  (json_object_get_size (undo) < json_object_get_size (base) ||
                   care_store_outbox_restore_stamp (self, entity, entry->record_id, payload, &local_error)))
                care_store_note_change (self, entity, entry->record_id);
              else
                g_debug ("Could not undo a refused change: %s", local_error->message);
            }
        }
      else if (g_strcmp0 (entry->op, "delete") == 0)
        {
          JsonObject *base = object_member (payload, "base");

          if (base && !row_exists (self, entity, entry->record_id) &&
              !care_store_sync_upsert (self, entity, base, NULL, error))
            goto failed;
        }
    }
  return care_store_commit (self, error);

failed:
  care_store_rollback (self);
  return FALSE;
}

void
care_store_sync_counts (CareStore      *self,
                        CareSyncCounts *counts)
{
  g_return_if_fail (CARE_IS_STORE (self));
  g_return_if_fail (counts != NULL);

  counts->pending = query_int (self, "SELECT count(*) FROM outbox WHERE state = 'pending'", NULL);
  counts->rejected = query_int (self, "SELECT count(*) FROM outbox WHERE state = 'rejected'", NULL);
  counts->conflicts = query_int (self, "SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL", NULL);
  counts->duplicates = query_int (self,
                                  "SELECT count(*) FROM patient_duplicates WHERE tenant_id IS ?1 AND status = 'open'",
                                  care_store_get_tenant_id (self));
}

gboolean
care_store_outbox_has_pending (CareStore  *self,
                               const char *entity,
                               const char *record_id)
{
  sqlite3_stmt *stmt;
  gboolean pending = FALSE;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  stmt = care_store_prepare (self, "SELECT 1 FROM outbox WHERE state = 'pending' AND entity = ?1 AND record_id = ?2 LIMIT 1",
                             NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_STATIC);
  pending = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return pending;
}

/* --- applying the server's changes -------------------------------------- */

static char *
record_key (const char *entity,
            const char *id)
{
  return g_strconcat (entity, "\x1f", id, NULL);
}

/* Other rows whose unique key (a field, or a composite key) equals the
 * record's: returns their ids, and in columns_out the key of each (its
 * column names joined by ","). */
static GPtrArray *
colliding_rows (CareStore   *self,
                EntitySql   *es,
                const Value *values,
                const char  *id,
                GPtrArray  **columns_out)
{
  const CareEntity *entity = es->entity;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  gboolean global = (entity->flags & CARE_ENTITY_GLOBAL) != 0;
  const Value *tenant = &values[es->tenant_column];

  *columns_out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < entity->n_fields; i++)
    if (entity->fields[i].flags & CARE_FIELD_UNIQUE)
      {
        char **key = g_new0 (char *, 2);

        key[0] = g_strdup (entity->fields[i].name);
        g_ptr_array_add (keys, key);
      }
  for (guint k = 0; entity->unique && entity->unique[k]; k++)
    {
      char **key = g_strsplit (entity->unique[k], ",", -1);

      for (guint c = 0; key[c]; c++)
        g_strstrip (key[c]);
      g_ptr_array_add (keys, key);
    }

  for (guint k = 0; k < keys->len; k++)
    {
      char **key = g_ptr_array_index (keys, k);
      g_autoptr(GString) sql = g_string_new (NULL);
      sqlite3_stmt *stmt = NULL;
      gboolean complete = TRUE;

      g_string_append_printf (sql, "SELECT id FROM %s WHERE id IS NOT ?1%s", entity->table,
                              global ? "" : " AND tenant_id IS ?2");
      for (guint c = 0; key[c]; c++)
        {
          const CareField *field = care_entity_field (entity, key[c]);
          int index = care_entity_field_index (entity, key[c]);

          if (field == NULL || values[index].type == VALUE_ABSENT || values[index].type == VALUE_NULL)
            complete = FALSE;
          g_string_append_printf (sql, " AND %s = ?%u%s", key[c], c + 3,
                                  field && key[1] == NULL && is_nocase (field) ? " COLLATE NOCASE" : "");
        }
      if (!complete ||
          sqlite3_prepare_v2 (care_store_get_db (self), sql->str, -1, &stmt, NULL) != SQLITE_OK)
        continue;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      if (!global)
        sqlite3_bind_text (stmt, 2, tenant->type == VALUE_STRING ? tenant->s : NULL, -1, SQLITE_STATIC);
      for (guint c = 0; key[c]; c++)
        bind_value (stmt, c + 3, care_entity_field (entity, key[c]),
                    &values[care_entity_field_index (entity, key[c])]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
          g_ptr_array_add (*columns_out, g_strjoinv (",", key));
        }
      sqlite3_finalize (stmt);
    }
  return ids;
}

/* The base value of column from the earliest pending update of the record
 * that changed it; NULL when no pending update did. */
static JsonNode *
pending_base_of (CareStore        *self,
                 const CareEntity *entity,
                 const char       *record_id,
                 const char       *column)
{
  sqlite3_stmt *stmt = care_store_prepare (self,
                                           "SELECT payload FROM outbox WHERE entity = ?1 AND record_id = ?2 "
                                           "AND state = 'pending' AND op = 'update' ORDER BY seq", NULL);
  JsonNode *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_STATIC);
  while (value == NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) payload = parse_object ((const char *) sqlite3_column_text (stmt, 0));
      JsonObject *fields = object_member (payload, "fields");
      JsonObject *base = object_member (payload, "base");

      if (fields && base && json_object_has_member (fields, column) && json_object_has_member (base, column))
        value = json_node_copy (json_object_get_member (base, column));
    }
  sqlite3_reset (stmt);
  return value;
}

static gboolean
has_insert_entry (CareStore        *self,
                  const CareEntity *entity,
                  const char       *record_id)
{
  sqlite3_stmt *stmt = care_store_prepare (self,
                                           "SELECT 1 FROM outbox WHERE entity = ?1 AND record_id = ?2 AND op = 'insert' LIMIT 1",
                                           NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* A row of the server's collides on a unique key with a local row. Local
 * rows the server never accepted (their insert is in the outbox, pending
 * or refused) give way: the outbox keeps their data and the server will
 * answer for it. A unique value that only a pending local edit gave goes
 * back to the value the edit started from. Anything else is a row the
 * server has changed since, and a later change brings it back. */
typedef enum {
  COLLISION_ERROR = -1,
  COLLISION_NONE,
  COLLISION_RESOLVED,
} CollisionResult;

static CollisionResult
resolve_collisions (CareStore   *self,
                    EntitySql   *es,
                    const Value *values,
                    const char  *id,
                    GHashTable  *changed,
                    GError     **error)
{
  const CareEntity *entity = es->entity;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) ids = colliding_rows (self, es, values, id, &keys);

  if (ids->len == 0)
    return COLLISION_NONE;

  for (guint i = 0; i < ids->len; i++)
    {
      const char *other = g_ptr_array_index (ids, i);
      g_auto(GStrv) columns = g_strsplit (g_ptr_array_index (keys, i), ",", -1);
      g_autoptr(JsonObject) bases = json_object_new ();

      if (!has_insert_entry (self, entity, other))
        for (guint c = 0; columns[c]; c++)
          {
            JsonNode *base = pending_base_of (self, entity, other, columns[c]);

            if (base)
              json_object_set_member (bases, columns[c], base);
          }
      if (json_object_get_size (bases) > 0 &&
          update_columns (self, entity, other, bases, NULL))
        {
          g_debug ("Sync: %s %s takes back its %s for %s", entity->name, other,
                   (const char *) g_ptr_array_index (keys, i), id);
          care_sync_changed_add (changed, entity, other);
          care_store_note_change (self, entity, other);
          continue;
        }
      g_debug ("Sync: %s %s gives way to %s", entity->name, other, id);
      if (!delete_row (self, entity, other, changed, error))
        return COLLISION_ERROR;
    }
  return COLLISION_RESOLVED;
}

/* Writes the server's record; TRUE also when a record that cannot be
 * written was skipped (a page must never get stuck). */
static gboolean
upsert_record (CareStore        *self,
               EntitySql        *es,
               const Value      *values,
               const char       *id,
               GHashTable       *changed,
               GError          **error)
{
  const CareEntity *entity = es->entity;
  sqlite3 *db = care_store_get_db (self);

  for (guint attempt = 0; attempt < 4; attempt++)
    {
      int rc = run_upsert (es, values);
      CollisionResult collision;

      if (rc == SQLITE_DONE)
        {
          if (sqlite3_changes (db) > 0)
            {
              care_sync_changed_add (changed, entity, id);
              care_store_note_change (self, entity, id);
            }
          return TRUE;
        }
      if (rc != SQLITE_CONSTRAINT_UNIQUE)
        {
          /* sqlite3_reset() gave the error back; errmsg still holds it. */
          if ((rc & 0xff) == SQLITE_CONSTRAINT)
            {
              g_warning ("Sync: %s %s from the server was not stored: %s",
                         entity->name, id, sqlite3_errmsg (db));
              return TRUE;
            }
          return care_store_set_sqlite_error (self, error);
        }
      collision = resolve_collisions (self, es, values, id, changed, error);
      if (collision == COLLISION_ERROR)
        return FALSE;
      if (collision == COLLISION_NONE)
        break;   /* nothing more to try */
    }
  g_warning ("Sync: %s %s from the server collides with a local row and was not stored",
             entity->name, id);
  return TRUE;
}

gboolean
care_store_sync_upsert (CareStore        *self,
                        const CareEntity *entity,
                        JsonObject       *record,
                        GHashTable       *changed,
                        GError          **error)
{
  g_autoptr(GPtrArray) scratch = g_ptr_array_new_with_free_func (g_free);
  const char *id;
  EntitySql *es;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL && record != NULL, FALSE);

  id = json_object_get_string_member_with_default (record, CARE_COLUMN_ID, NULL);
  if (id == NULL)
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                           _("The server sent a record without an id."));
      return FALSE;
    }
  if (!care_store_begin (self, error))
    return FALSE;
  es = entity_sql (self, entity, error);
  if (es == NULL || !care_store_outbox_materialise (self, entity, id, error) ||
      !upsert_record (self, es, values_from_object (es, record, scratch), id, changed, error))
    {
      care_store_rollback (self);
      return FALSE;
    }
  return care_store_commit (self, error);
}

gboolean
care_store_sync_delete (CareStore        *self,
                        const CareEntity *entity,
                        const char       *id,
                        GHashTable       *changed,
                        GError          **error)
{
  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL && id != NULL, FALSE);

  if (!care_store_begin (self, error))
    return FALSE;
  if (!delete_row (self, entity, id, changed, error))
    {
      care_store_rollback (self);
      return FALSE;
    }
  return care_store_commit (self, error);
}

gboolean
care_store_sync_set_secret (CareStore        *self,
                            const CareEntity *entity,
                            const char       *id,
                            const char       *field,
                            const char       *value,
                            GError          **error)
{
  const CareField *f = care_entity_field (entity, field);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);
  g_return_val_if_fail (f != NULL && (f->flags & CARE_FIELD_SECRET), FALSE);

  sql = g_strdup_printf ("UPDATE %s SET %s = ?2 WHERE id = ?1", entity->table, field);
  stmt = care_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  care_store_bind_value (stmt, 2, f, value, NULL);
  return step_done (self, stmt, error);
}

/* Keeps a copy of a row a pull is about to delete under pending local
 * changes, so that the user's values can still re-create it. */
static void
snapshot_before_delete (CareStore        *self,
                        const CareEntity *entity,
                        const char       *id)
{
  g_autoptr(JsonObject) record = row_to_json (self, entity, id);
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  if (record == NULL)
    return;
  text = object_to_text (record);
  stmt = care_store_prepare (self,
                             "UPDATE outbox SET snapshot = ?3 WHERE entity = ?1 AND record_id = ?2 "
                             "AND state = 'pending'", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
}

/* The records with pending outbox entries, as record keys; NULL if none. */
static GHashTable *
pending_records (CareStore *self)
{
  sqlite3_stmt *stmt;
  GHashTable *keys = NULL;

  if (query_int (self, "SELECT EXISTS (SELECT 1 FROM outbox WHERE state = 'pending')", NULL) == 0)
    return NULL;
  stmt = care_store_prepare (self, "SELECT entity, record_id FROM outbox WHERE state = 'pending'", NULL);
  if (stmt == NULL)
    return NULL;
  keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (keys, record_key ((const char *) sqlite3_column_text (stmt, 0),
                                        (const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  return keys;
}

/* The pending local changes of the records a page touched, applied again
 * on top of the server's rows, in their order: an edit not yet pushed
 * stays visible, a pending deletion keeps the row deleted, a pending
 * creation keeps the row. A value the server's rows no longer allow (a
 * unique key taken meanwhile) is left to the server to refuse. */
static gboolean
reapply_pending (CareStore  *self,
                 GHashTable *touched,
                 GHashTable *changed,
                 GError    **error)
{
  /* The touched records' entries were materialised before the page wrote
   * them (apply_change ()); the others are not read. */
  g_autoptr(GPtrArray) entries = list_pending (self, 0, FALSE, error);

  if (entries == NULL)
    return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      CareOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *key = NULL;
      g_autoptr(JsonObject) payload = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonObject *fields;

      if (entry->entity == NULL)
        continue;
      key = record_key (entry->entity_name, entry->record_id);
      if (!g_hash_table_contains (touched, key))
        continue;
      payload = parse_object (entry->payload);
      fields = object_member (payload, "fields");

      if (g_strcmp0 (entry->op, "delete") == 0)
        {
          if (!delete_row (self, entry->entity, entry->record_id, changed, error))
            return FALSE;
        }
      else if (g_strcmp0 (entry->op, "update") == 0)
        {
          if (fields == NULL || !row_exists (self, entry->entity, entry->record_id))
            continue;
          /* Undone, it gives the row back the server's stamp, not the one
           * from before this pull. */
          if (!care_store_outbox_restamp (self, entry->entity, entry->record_id, entry->mutation_id, payload, error))
            return FALSE;
          if (!update_columns (self, entry->entity, entry->record_id, fields, &local_error))
            {
              g_debug ("Sync: pending %s of %s not shown again: %s", entry->op,
                       entry->record_id, local_error->message);
              continue;
            }
          care_sync_changed_add (changed, entry->entity, entry->record_id);
          care_store_note_change (self, entry->entity, entry->record_id);
        }
      else if (g_strcmp0 (entry->op, "insert") == 0)
        {
          g_autoptr(GPtrArray) scratch = g_ptr_array_new_with_free_func (g_free);
          EntitySql *es;

          if (fields == NULL || row_exists (self, entry->entity, entry->record_id))
            continue;
          es = entity_sql (self, entry->entity, error);
          if (es == NULL)
            return FALSE;
          if (run_upsert (es, values_from_object (es, fields, scratch)) != SQLITE_DONE)
            {
              g_debug ("Sync: pending insert of %s not shown again: %s", entry->record_id,
                       sqlite3_errmsg (care_store_get_db (self)));
              continue;
            }
          care_sync_changed_add (changed, entry->entity, entry->record_id);
          care_store_note_change (self, entry->entity, entry->record_id);
        }
    }
  return TRUE;
}

gint64
care_store_sync_get_cursor (CareStore *self)
{
  g_autofree char *cursor = care_store_get_meta (self, "sync_cursor");

  return cursor ? g_ascii_strtoll (cursor, NULL, 10) : 0;
}

gboolean
care_store_sync_in_resync (CareStore *self)
{
  g_autofree char *resync = care_store_get_meta (self, "sync_resync");

  return resync != NULL && g_str_equal (resync, "1");
}

static gboolean
set_cursor (CareStore *self,
            gint64     cursor,
            GError   **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, cursor);
  return care_store_set_meta (self, "sync_cursor", buf, error);
}

/* The last page of a full resync is in: rows of the tracked entities that
 * the server did not send are gone from it, unless a pending local change
 * of theirs still has to reach it. After a restore the server is what
 * forgot them: they are sent back to it instead (care-store-restore.c). */
static gboolean
finish_resync (CareStore  *self,
               GHashTable *changed,
               GError    **error)
{
  g_autofree char *tracked = care_store_get_meta (self, "sync_resync_track");
  g_auto(GStrv) names = g_strsplit (tracked ? tracked : "", ",", -1);
  gboolean restore = care_store_sync_in_restore (self);

  for (guint n = 0; names[n]; n++)
    {
      const CareEntity *entity = names[n][0] ? care_schema_lookup (names[n]) : NULL;
      g_autofree char *sql = NULL;
      g_autoptr(GPtrArray) gone = NULL;
      sqlite3_stmt *stmt;

      if (entity == NULL)
        continue;
      sql = g_strdup_printf ("SELECT id FROM %s t WHERE NOT EXISTS "
                             "(SELECT 1 FROM sync_resync_seen s WHERE s.entity = ?1 AND s.id = t.id) "
                             "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = ?1 "
                             "AND o.record_id = t.id AND o.state = 'pending')", entity->table);
      stmt = care_store_prepare (self, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
      gone = g_ptr_array_new_with_free_func (g_free);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (gone, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_reset (stmt);
      for (guint i = 0; i < gone->len; i++)
        if (restore ? !care_store_sync_resend_row (self, entity, g_ptr_array_index (gone, i), error)
                    : !delete_row (self, entity, g_ptr_array_index (gone, i), changed, error))
          return FALSE;
      if (gone->len)
        g_debug ("Sync: the resync %s %u %s", restore ? "sends back" : "removed", gone->len, entity->name);
    }
  return care_store_exec (self, "DELETE FROM sync_resync_seen", error) &&
         care_store_set_meta (self, "sync_restore", NULL, error) &&
         care_store_set_meta (self, "sync_resync", NULL, error) &&
         care_store_set_meta (self, "sync_resync_track", NULL, error);
}

static GHashTable *
tracked_entities (CareStore *self)
{
  g_autofree char *tracked = NULL;
  g_auto(GStrv) names = NULL;
  GHashTable *set;

  if (!care_store_sync_in_resync (self))
    return NULL;
  tracked = care_store_get_meta (self, "sync_resync_track");
  names = g_strsplit (tracked ? tracked : "", ",", -1);
  set = g_hash_table_new (NULL, NULL);
  for (guint n = 0; names[n]; n++)
    {
      const CareEntity *entity = names[n][0] ? care_schema_lookup (names[n]) : NULL;

      if (entity)
        g_hash_table_add (set, (gpointer) entity);
    }
  return set;
}

/* --- applying a page --------------------------------------------------- */

/* One change of a page, however the page was read. */
typedef struct {
  const CareEntity *entity;     /* NULL: not one to write here */
  const char       *name;
  const char       *id;
  gboolean          is_delete;
  const Value      *values;     /* an upsert's record, in column order; NULL: none */
} Change;

typedef struct {
  EntitySql   *es;
  guint        n;
  const Value *rows[BATCH_ROWS];
  const char  *ids[BATCH_ROWS];
} Batch;

typedef struct {
  CareStore    *self;
  GHashTable   *changed;
  GHashTable   *pending;    /* records with pending outbox entries; NULL: none */
  GHashTable   *touched;    /* those of them this page wrote */
  GHashTable   *tracked;    /* entities a full resync tracks; NULL: not in one */
  sqlite3_stmt *seen;
  const char   *tenant;
  GHashTable   *batches;    /* EntitySql* -> Batch* */
  guint         crash_after;
  guint         n_done;
  gboolean      begun;
} Apply;

static gboolean
apply_begin (Apply      *a,
             CareStore  *self,
             guint       crash_after,
             GHashTable *changed,
             GError    **error)
{
  memset (a, 0, sizeof *a);
  a->self = self;
  a->changed = changed;
  a->crash_after = crash_after;
  a->batches = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  if (!care_store_begin (self, error))
    return FALSE;
  a->begun = TRUE;
  a->tenant = care_store_get_tenant_id (self);
  a->pending = pending_records (self);
  if (a->pending)
    a->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  a->tracked = tracked_entities (self);
  if (a->tracked && g_hash_table_size (a->tracked) > 0)
    {
      a->seen = care_store_prepare (self, "INSERT OR IGNORE INTO sync_resync_seen (entity, id) VALUES (?1, ?2)", error);
      if (a->seen == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
apply_clear (Apply *a)
{
  if (a->begun)
    care_store_rollback (a->self);
  g_clear_pointer (&a->batches, g_hash_table_unref);
  g_clear_pointer (&a->pending, g_hash_table_unref);
  g_clear_pointer (&a->touched, g_hash_table_unref);
  g_clear_pointer (&a->tracked, g_hash_table_unref);
}

static gboolean
note_seen (Apply            *a,
           const CareEntity *entity,
           const char       *id,
           GError          **error)
{
  if (a->seen == NULL || !g_hash_table_contains (a->tracked, entity))
    return TRUE;
  sqlite3_reset (a->seen);
  sqlite3_bind_text (a->seen, 1, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (a->seen, 2, id, -1, SQLITE_STATIC);
  return step_done (a->self, a->seen, error);
}

/* Writes the rows gathered for one entity in one statement. A unique
 * collision undoes the whole statement; then each row goes on its own,
 * with the collisions resolved (rare: see resolve_collisions()). */
static gboolean
flush_batch (Apply   *a,
             Batch   *b,
             GError **error)
{
  EntitySql *es = b->es;
  sqlite3 *db = care_store_get_db (a->self);
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *own = NULL;
  int rc;

  if (b->n == 0)
    return TRUE;
  if (b->n == es->batch_rows)
    {
      stmt = es->batch;
      sqlite3_reset (stmt);
    }
  else
    {
      g_autofree char *sql = upsert_sql (es->entity, b->n, TRUE);

      if (sqlite3_prepare_v2 (db, sql, -1, &own, NULL) != SQLITE_OK)
        return care_store_set_sqlite_error (a->self, error);
      stmt = own;
    }
  for (guint r = 0; r < b->n; r++)
    bind_row (es, stmt, r * es->n_columns + 1, b->rows[r]);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      care_sync_changed_add (a->changed, es->entity, id);
      care_store_note_change (a->self, es->entity, id);
    }
  if (own)
    sqlite3_finalize (own);
  else
    sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) != SQLITE_CONSTRAINT)
        return care_store_set_sqlite_error (a->self, error);
      g_debug ("Sync: %u %s one by one (%s)", b->n, es->entity->name, sqlite3_errstr (rc));
      for (guint r = 0; r < b->n; r++)
        if (!upsert_record (a->self, es, b->rows[r], b->ids[r], a->changed, error))
          return FALSE;
    }
  for (guint r = 0; r < b->n; r++)
    if (!note_seen (a, es->entity, b->ids[r], error))
      return FALSE;
  b->n = 0;
  return TRUE;
}

static gboolean
flush_all (Apply   *a,
           GError **error)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, a->batches);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!flush_batch (a, value, error))
      return FALSE;
  return TRUE;
}

/* Upserts are gathered by entity and written in batches; deletions go at
 * once. Changing the order across entities is safe (no unique key spans
 * two entities), and so is a deletion going ahead of an upsert of another
 * record: if the upsert needed the deleted row's unique value, the server
 * freed it first. */
static gboolean
apply_change (Apply        *a,
              const Change *c,
              GError      **error)
{
  EntitySql *es;

  if (c->entity == NULL || c->id == NULL || !synced_entity (c->entity) || (!c->is_delete && c->values == NULL))
    {
      g_debug ("Sync: a change of the page skipped (%s %s)", c->name, c->id);
      goto done;
    }
  es = entity_sql (a->self, c->entity, error);
  if (es == NULL)
    return FALSE;

  if (c->is_delete)
    {
      if (a->pending)
        {
          g_autofree char *key = record_key (c->entity->name, c->id);

          if (g_hash_table_contains (a->pending, key))
            snapshot_before_delete (a->self, c->entity, c->id);
        }
      if (!delete_row (a->self, c->entity, c->id, a->changed, error))
        return FALSE;
    }
  else
    {
      const Value *tenant = &c->values[es->tenant_column];
      Batch *b;

      /* Rows of another clinic never belong in this store. */
      if (!(c->entity->flags & CARE_ENTITY_GLOBAL) && a->tenant &&
          (tenant->type != VALUE_STRING || strcmp (tenant->s, a->tenant) != 0))
        {
          g_warning ("Sync: %s %s of another clinic skipped", c->entity->name, c->id);
          goto done;
        }
      /* Written later, with its batch: the entry's copy first. */
      if (a->pending)
        {
          g_autofree char *key = record_key (c->entity->name, c->id);

          if (g_hash_table_contains (a->pending, key) &&
              !care_store_outbox_materialise (a->self, c->entity, c->id, error))
            return FALSE;
        }
      b = g_hash_table_lookup (a->batches, es);
      if (b == NULL)
        {
          b = g_new0 (Batch, 1);
          b->es = es;
          g_hash_table_insert (a->batches, es, b);
        }
      b->rows[b->n] = c->values;
      b->ids[b->n] = c->id;
      if (++b->n == es->batch_rows && !flush_batch (a, b, error))
        return FALSE;
    }

  if (a->touched)
    {
      char *key = record_key (c->entity->name, c->id);

      if (g_hash_table_contains (a->pending, key))
        g_hash_table_add (a->touched, key);
      else
        g_free (key);
    }

done:
  if (a->crash_after > 0 && ++a->n_done >= a->crash_after)
    {
      /* A crash test: the process dies inside the page's transaction,
       * with what it applied so far written to it. */
      flush_all (a, NULL);
      g_message ("Sync: crashing on purpose after %u changes", a->n_done);
      _exit (3);
    }
  return TRUE;
}

static gboolean
apply_finish (Apply     *a,
              gint64     cursor,
              gboolean   last_page,
              GError   **error)
{
  CareStore *self = a->self;

  if (!flush_all (a, error))
    return FALSE;
  if (a->touched && g_hash_table_size (a->touched) > 0 && !reapply_pending (self, a->touched, a->changed, error))
    return FALSE;
  if (last_page && care_store_sync_in_resync (self) && !finish_resync (self, a->changed, error))
    return FALSE;
  if (!set_cursor (self, cursor, error))
    return FALSE;
  a->begun = FALSE;
  return care_store_commit (self, error);
}

gboolean
care_store_sync_apply_page (CareStore  *self,
                            JsonArray  *changes,
                            gint64      cursor,
                            gboolean    last_page,
                            guint       crash_after,
                            GHashTable *changed,
                            GError    **error)
{
  g_autoptr(GPtrArray) scratch = g_ptr_array_new_with_free_func (g_free);
  Apply a;
  gboolean ok;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  ok = apply_begin (&a, self, crash_after, changed, error);
  for (guint i = 0; ok && i < json_array_get_length (changes); i++)
    {
      JsonNode *node = json_array_get_element (changes, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *record = object ? json_object_get_member (object, "record") : NULL;
      const char *op;
      Change c = { 0 };

      if (object == NULL)
        continue;
      c.name = json_object_get_string_member_with_default (object, "entity", NULL);
      c.id = json_object_get_string_member_with_default (object, "id", NULL);
      op = json_object_get_string_member_with_default (object, "op", "");
      c.is_delete = g_str_equal (op, "delete");
      c.entity = c.name ? care_schema_lookup (c.name) : NULL;
      if (c.entity && !c.is_delete && record && JSON_NODE_HOLDS_OBJECT (record))
        {
          EntitySql *es = entity_sql (self, c.entity, error);

          if (es == NULL)
            {
              ok = FALSE;
              break;
            }
          c.values = values_from_object (es, json_node_get_object (record), scratch);
        }
      ok = apply_change (&a, &c, error);
    }
  if (ok)
    ok = apply_finish (&a, cursor, last_page, error);
  apply_clear (&a);
  return ok;
}

/* --- the page scanner --------------------------------------------------- */

/* json-glib builds a tree of nodes, objects and hash tables for a page
 * (~40 values a record), which costs more than writing the page to SQLite.
 * The engine's pages are read by this scanner instead: in place, over a
 * copy of the body, strings unescaped where they lie and NUL-terminated,
 * numbers and literals read as json-glib reads them (an integer unless it
 * has a fraction or an exponent). Arrays and objects inside a record (the
 * LIST fields) keep their text, made canonical as json-glib writes it.
 *
 * A page the scanner refuses (nested deeper than MAX_DEPTH, say) may still
 * be JSON that json-glib reads: rather than fail every sync on that page
 * for ever, it is read again with json-glib into the same structure
 * (page_from_tree ()), the strings pointing into the tree, which the page
 * keeps. Only a page neither reads is refused. */

typedef struct {
  const char *name;
  Value       value;
  gsize       raw_length;  /* VALUE_JSON as scanned: the length of its text */
} Member;

typedef struct {
  const char *entity;
  const char *id;
  const char *op;
  gboolean    has_record;
  guint       first;       /* its record's members */
  guint       n;
} Scanned;

struct _CareSyncPage
{
  char      *text;
  JsonNode  *tree;         /* read by json-glib (the fallback); NULL: scanned */
  GArray    *changes;      /* Scanned */
  GArray    *members;      /* Member */
  GPtrArray *scratch;
  GPtrArray *entities;     /* const char * into text, NULL-terminated */
  const char *scope;
  const char *role;
  gint64     cursor;
  gboolean   has_cursor;
  gboolean   more;
};

typedef struct {
  char *p;
  char *end;
  guint depth;
} Scanner;

#define MAX_DEPTH 64

static inline void
skip_ws (Scanner *sc)
{
  while (sc->p < sc->end && (*sc->p == ' ' || *sc->p == '\n' || *sc->p == '\r' || *sc->p == '\t'))
    sc->p++;
}

static inline gboolean
accept (Scanner *sc,
        char     c)
{
  skip_ws (sc);
  if (sc->p < sc->end && *sc->p == c)
    {
      sc->p++;
      return TRUE;
    }
  return FALSE;
}

static int
hex4 (Scanner *sc)
{
  int value = 0;

  if (sc->end - sc->p < 4)
    return -1;
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (*sc->p++);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* A string, unescaped in place and NUL-terminated (the decoded text is
 * never longer than its escaped form). */
static char *
scan_string (Scanner *sc)
{
  char *start, *out;

  skip_ws (sc);
  if (sc->p >= sc->end || *sc->p != '"')
    return NULL;
  start = out = ++sc->p;
  while (sc->p < sc->end)
    {
      guchar c = *sc->p;

      if (c == '"')
        {
          *out = '\0';
          sc->p++;
          return start;
        }
      if (c < 0x20)
        return NULL;
      if (c != '\\')
        {
          *out++ = *sc->p++;
          continue;
        }
      if (sc->end - sc->p < 2)
        return NULL;
      sc->p += 2;
      switch (sc->p[-1])
        {
        case '"': *out++ = '"'; break;
        case '\\': *out++ = '\\'; break;
        case '/': *out++ = '/'; break;
        case 'b': *out++ = '\b'; break;
        case 'f': *out++ = '\f'; break;
        case 'n': *out++ = '\n'; break;
        case 'r': *out++ = '\r'; break;
        case 't': *out++ = '\t'; break;
        case 'u':
          {
            int u = hex4 (sc);

            if (u < 0)
              return NULL;
            if (u >= 0xD800 && u <= 0xDBFF)
              {
                char *save = sc->p;
                int low = -1;

                if (sc->end - sc->p >= 6 && sc->p[0] == '\\' && sc->p[1] == 'u')
                  {
                    sc->p += 2;
                    low = hex4 (sc);
                  }
                if (low >= 0xDC00 && low <= 0xDFFF)
                  u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                else
                  {
                    sc->p = save;
                    u = 0xFFFD;
                  }
              }
            else if ((u >= 0xDC00 && u <= 0xDFFF) || u == 0)
              u = 0xFFFD;
            out += g_unichar_to_utf8 (u, out);
          }
          break;
        default:
          return NULL;
        }
    }
  return NULL;
}

/* Past a string without touching it. */
static gboolean
skip_raw_string (Scanner *sc)
{
  if (sc->p >= sc->end || *sc->p != '"')
    return FALSE;
  for (sc->p++; sc->p < sc->end; sc->p++)
    {
      if (*sc->p == '\\')
        sc->p++;
      else if (*sc->p == '"')
        {
          sc->p++;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
scan_number (Scanner *sc,
             Value   *v)
{
  char *start = sc->p;
  gboolean is_double = FALSE;
  char saved;

  if (sc->p < sc->end && *sc->p == '-')
    sc->p++;
  while (sc->p < sc->end)
    {
      char c = *sc->p;

      if (c == '.' || c == 'e' || c == 'E')
        is_double = TRUE;
      else if (!g_ascii_isdigit (c) && c != '+' && c != '-')
        break;
      sc->p++;
    }
  if (sc->p == start || (sc->p == start + 1 && *start == '-'))
    return FALSE;
  /* The text ends with a NUL past the end, so this is always a byte. */
  saved = *sc->p;
  *sc->p = '\0';
  if (is_double)
    {
      v->type = VALUE_DOUBLE;
      v->d = g_ascii_strtod (start, NULL);
    }
  else
    {
      v->type = VALUE_INT;
      v->i = g_ascii_strtoll (start, NULL, 10);
    }
  *sc->p = saved;
  return TRUE;
}

static gboolean
scan_literal (Scanner *sc,
              Value   *v)
{
  gsize left = sc->end - sc->p;

  if (left >= 4 && memcmp (sc->p, "null", 4) == 0)
    {
      v->type = VALUE_NULL;
      sc->p += 4;
    }
  else if (left >= 4 && memcmp (sc->p, "true", 4) == 0)
    {
      v->type = VALUE_BOOL;
      v->b = TRUE;
      sc->p += 4;
    }
  else if (left >= 5 && memcmp (sc->p, "false", 5) == 0)
    {
      v->type = VALUE_BOOL;
      v->b = FALSE;
      sc->p += 5;
    }
  else
    return FALSE;
  return TRUE;
}

/* Past any value without changing it. */
static gboolean
skip_value (Scanner *sc)
{
  Value ignored;

  skip_ws (sc);
  if (sc->p >= sc->end)
    return FALSE;
  switch (*sc->p)
    {
    case '"':
      return skip_raw_string (sc);
    case '{':
    case '[':
      {
        char close = *sc->p == '{' ? '}' : ']';
        gboolean object = close == '}';

        if (++sc->depth > MAX_DEPTH)
          return FALSE;
        sc->p++;
        if (!accept (sc, close))
          for (;;)
            {
              if (object)
                {
                  skip_ws (sc);
                  if (!skip_raw_string (sc) || !accept (sc, ':'))
                    return FALSE;
                }
              if (!skip_value (sc))
                return FALSE;
              if (accept (sc, ','))
                continue;
              if (accept (sc, close))
                break;
              return FALSE;
            }
        sc->depth--;
        return TRUE;
      }
    default:
      return scan_literal (sc, &ignored) || scan_number (sc, &ignored);
    }
}

static gboolean
scan_value (Scanner *sc,
            Member  *m)
{
  skip_ws (sc);
  if (sc->p >= sc->end)
    return FALSE;
  switch (*sc->p)
    {
    case '"':
      m->value.type = VALUE_STRING;
      m->value.s = scan_string (sc);
      return m->value.s != NULL;
    case '{':
    case '[':
      {
        char *start = sc->p;

        if (!skip_value (sc))
          return FALSE;
        m->value.type = VALUE_JSON;
        m->value.s = start;
        m->raw_length = sc->p - start;
        return TRUE;
      }
    default:
      return scan_literal (sc, &m->value) || scan_number (sc, &m->value);
    }
}

static gboolean
scan_record (Scanner      *sc,
             CareSyncPage *page,
             Scanned      *change)
{
  if (!accept (sc, '{'))
    return FALSE;
  change->first = page->members->len;
  change->has_record = TRUE;
  if (accept (sc, '}'))
    return TRUE;
  for (;;)
    {
      Member m = { 0 };

      m.name = scan_string (sc);
      if (m.name == NULL || !accept (sc, ':') || !scan_value (sc, &m))
        return FALSE;
      g_array_append_val (page->members, m);
      change->n++;
      if (accept (sc, ','))
        continue;
      return accept (sc, '}');
    }
}

static gboolean
scan_change (Scanner      *sc,
             CareSyncPage *page)
{
  Scanned change = { 0 };

  if (!accept (sc, '{'))
    return FALSE;
  if (!accept (sc, '}'))
    for (;;)
      {
        const char *key = scan_string (sc);
        gboolean ok;

        if (key == NULL || !accept (sc, ':'))
          return FALSE;
        skip_ws (sc);
        if (g_str_equal (key, "entity"))
          ok = (change.entity = scan_string (sc)) != NULL;
        else if (g_str_equal (key, "id"))
          ok = (change.id = scan_string (sc)) != NULL;
        else if (g_str_equal (key, "op"))
          ok = (change.op = scan_string (sc)) != NULL;
        else if (g_str_equal (key, "record") && sc->p < sc->end && *sc->p == '{')
          ok = scan_record (sc, page, &change);
        else
          ok = skip_value (sc);
        if (!ok)
          return FALSE;
        if (accept (sc, ','))
          continue;
        if (accept (sc, '}'))
          break;
        return FALSE;
      }
  g_array_append_val (page->changes, change);
  return TRUE;
}

static gboolean
scan_data (Scanner      *sc,
           CareSyncPage *page)
{
  if (!accept (sc, '{'))
    return FALSE;
  if (accept (sc, '}'))
    return TRUE;
  for (;;)
    {
      const char *key = scan_string (sc);
      gboolean ok = TRUE;

      if (key == NULL || !accept (sc, ':'))
        return FALSE;
      skip_ws (sc);
      if (g_str_equal (key, "changes"))
        {
          if (!accept (sc, '['))
            return FALSE;
          if (!accept (sc, ']'))
            for (;;)
              {
                if (!scan_change (sc, page))
                  return FALSE;
                if (accept (sc, ','))
                  continue;
                if (accept (sc, ']'))
                  break;
                return FALSE;
              }
        }
      else if (g_str_equal (key, "cursor"))
        {
          Value v = { 0 };

          ok = scan_number (sc, &v) && v.type == VALUE_INT;
          page->cursor = v.i;
          page->has_cursor = ok;
        }
      else if (g_str_equal (key, "more"))
        {
          Value v = { 0 };

          ok = scan_literal (sc, &v) && v.type == VALUE_BOOL;
          page->more = v.b;
        }
      else if (g_str_equal (key, "scope") && *sc->p == '"')
        ok = (page->scope = scan_string (sc)) != NULL;
      else if (g_str_equal (key, "role") && *sc->p == '"')
        ok = (page->role = scan_string (sc)) != NULL;
      else if (g_str_equal (key, "entities") && *sc->p == '[')
        {
          sc->p++;
          if (!accept (sc, ']'))
            for (;;)
              {
                const char *name = scan_string (sc);

                if (name == NULL)
                  return FALSE;
                g_ptr_array_add (page->entities, (gpointer) name);
                if (accept (sc, ','))
                  continue;
                if (accept (sc, ']'))
                  break;
                return FALSE;
              }
        }
      else
        ok = skip_value (sc);
      if (!ok)
        return FALSE;
      if (accept (sc, ','))
        continue;
      return accept (sc, '}');
    }
}

void
care_sync_page_free (CareSyncPage *page)
{
  if (page == NULL)
    return;
  g_free (page->text);
  g_clear_pointer (&page->tree, json_node_unref);
  g_array_unref (page->changes);
  g_array_unref (page->members);
  g_ptr_array_unref (page->scratch);
  g_ptr_array_unref (page->entities);
  g_free (page);
}

static CareSyncPage *
page_new (guint n_changes)
{
  CareSyncPage *page = g_new0 (CareSyncPage, 1);

  page->changes = g_array_sized_new (FALSE, FALSE, sizeof (Scanned), n_changes);
  page->members = g_array_sized_new (FALSE, FALSE, sizeof (Member), n_changes * 48);
  page->scratch = g_ptr_array_new_with_free_func (g_free);
  page->entities = g_ptr_array_new ();
  return page;
}

/* A string member, or NULL (absent or null); *ok FALSE for another type. */
static const char *
tree_string (JsonObject *o,
             const char *name,
             gboolean   *ok)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_string (node);
}

/* The scanner's fallback (see above): the same page, read by json-glib. */
#define TREE_MAX_DEPTH 512

static CareSyncPage *
page_from_tree (const char *text,
                gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(CareSyncPage) page = NULL;
  JsonObject *root, *data;
  JsonNode *node;
  JsonArray *changes;
  gboolean ok = TRUE;

  /* json-glib recurses: nothing deeper than its stack takes reaches it. */
  if (!care_json_check (text, length, TREE_MAX_DEPTH, NULL, NULL) ||
      !json_parser_load_from_data (parser, text, length, NULL) ||
      json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  node = json_object_get_member (root, "data");
  data = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  node = data ? json_object_get_member (data, "changes") : NULL;
  changes = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  node = data ? json_object_get_member (data, "cursor") : NULL;
  if (changes == NULL || node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return NULL;

  page = page_new (json_array_get_length (changes));
  page->tree = json_parser_steal_root (parser);
  page->cursor = json_node_get_int (node);
  page->has_cursor = TRUE;
  node = json_object_get_member (data, "more");
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    page->more = json_node_get_boolean (node);
  else if (node && !JSON_NODE_HOLDS_NULL (node))
    return NULL;
  page->scope = tree_string (data, "scope", &ok);
  page->role = tree_string (data, "role", &ok);
  node = json_object_get_member (data, "entities");
  if (node && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *list = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *name = json_array_get_element (list, i);

          if (!JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING)
            return NULL;
          g_ptr_array_add (page->entities, (gpointer) json_node_get_string (name));
        }
    }

  for (guint i = 0; ok && i < json_array_get_length (changes); i++)
    {
      JsonNode *element = json_array_get_element (changes, i);
      JsonObject *change = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      Scanned scanned = { 0 };

      if (change == NULL)
        return NULL;
      scanned.entity = tree_string (change, "entity", &ok);
      scanned.id = tree_string (change, "id", &ok);
      scanned.op = tree_string (change, "op", &ok);
      node = json_object_get_member (change, "record");
      if (node && JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          scanned.has_record = TRUE;
          scanned.first = page->members->len;
          json_object_iter_init (&iter, json_node_get_object (node));
          while (json_object_iter_next (&iter, &name, &value))
            {
              Member m = { name };

              value_from_node (value, &m.value, page->scratch);
              if (m.value.type == VALUE_JSON)
                m.raw_length = strlen (m.value.s);
              g_array_append_val (page->members, m);
              scanned.n++;
            }
        }
      g_array_append_val (page->changes, scanned);
    }
  if (!ok)
    return NULL;
  g_ptr_array_add (page->entities, NULL);
  return g_steal_pointer (&page);
}

CareSyncPage *
care_sync_page_parse (const char *text,
                      gsize       length,
                      GError    **error)
{
  g_autoptr(CareSyncPage) page = page_new (2048);
  Scanner sc;
  gboolean ok, has_data = FALSE;

  page->text = g_malloc (length + 1);
  memcpy (page->text, text, length);
  page->text[length] = '\0';

  sc.p = page->text;
  sc.end = page->text + length;
  sc.depth = 0;
  ok = accept (&sc, '{');
  if (ok && !accept (&sc, '}'))
    for (;;)
      {
        const char *key = scan_string (&sc);

        if (key == NULL || !accept (&sc, ':'))
          {
            ok = FALSE;
            break;
          }
        if (g_str_equal (key, "data"))
          {
            ok = scan_data (&sc, page);
            has_data = TRUE;
          }
        else
          ok = skip_value (&sc);
        if (!ok || accept (&sc, '}'))
          break;
        if (!accept (&sc, ','))
          {
            ok = FALSE;
            break;
          }
      }
  if (!ok || !has_data || !page->has_cursor)
    {
      CareSyncPage *again = page_from_tree (text, length);

      if (again)
        {
          g_debug ("The page scanner refused a page of %zu bytes; json-glib read it", length);
          return again;
        }
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                           _("The server’s page of changes could not be read."));
      return NULL;
    }
  g_ptr_array_add (page->entities, NULL);
  return g_steal_pointer (&page);
}

gint64
care_sync_page_get_cursor (CareSyncPage *page)
{
  return page->cursor;
}

gboolean
care_sync_page_get_more (CareSyncPage *page)
{
  return page->more;
}

const char *
care_sync_page_get_scope (CareSyncPage *page)
{
  return page->scope;
}

const char *const *
care_sync_page_get_entities (CareSyncPage *page)
{
  /* Only a page that listed them has them. */
  return page->entities->len > 1 ? (const char *const *) page->entities->pdata : NULL;
}

guint
care_sync_page_get_n_changes (CareSyncPage *page)
{
  return page->changes->len;
}

/* ["a","b"] exactly as json-glib writes it: no spaces, and strings with
 * nothing it would escape. */
static gboolean
is_canonical_list (const char *s,
                   gsize       length)
{
  gsize i = 1;

  if (length < 2 || s[0] != '[' || s[length - 1] != ']')
    return FALSE;
  if (length == 2)
    return TRUE;
  for (;;)
    {
      if (s[i++] != '"')
        return FALSE;
      for (; i < length && s[i] != '"'; i++)
        if (s[i] == '\\' || (guchar) s[i] < 0x20 || s[i] == 0x7f)
          return FALSE;
      if (++i >= length)
        return FALSE;
      if (s[i] == ']')
        return i == length - 1;
      if (s[i++] != ',')
        return FALSE;
    }
}

static const char *
canonical_json (CareSyncPage *page,
                const Member *m)
{
  g_autoptr(JsonParser) parser = NULL;
  char *text;

  if (is_canonical_list (m->value.s, m->raw_length))
    text = g_strndup (m->value.s, m->raw_length);
  else
    {
      parser = json_parser_new ();
      if (!json_parser_load_from_data (parser, m->value.s, m->raw_length, NULL))
        return NULL;
      text = json_to_text (json_parser_get_root (parser));
    }
  g_ptr_array_add (page->scratch, text);
  return text;
}

/* The record's values in column order. */
static Value *
page_values (CareSyncPage  *page,
             EntitySql     *es,
             const Scanned *change)
{
  Value *values = g_new0 (Value, es->n_columns);

  g_ptr_array_add (page->scratch, values);
  for (guint k = 0; k < change->n; k++)
    {
      const Member *m = &g_array_index (page->members, Member, change->first + k);
      int column = column_of (es, k, m->name);

      if (column < 0)
        continue;   /* a member this build does not know */
      values[column] = m->value;
      if (m->value.type == VALUE_JSON)
        {
          values[column].s = canonical_json (page, m);
          if (values[column].s == NULL)
            values[column].type = VALUE_NULL;
        }
    }
  return values;
}

gboolean
care_store_sync_apply_parsed (CareStore    *self,
                              CareSyncPage *page,
                              gboolean      last_page,
                              guint         crash_after,
                              GHashTable   *changed,
                              GError      **error)
{
  const CareEntity *entity = NULL;
  const char *entity_name = NULL;
  Apply a;
  gboolean ok;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);
  g_return_val_if_fail (page != NULL, FALSE);

  ok = apply_begin (&a, self, crash_after, changed, error);
  for (guint i = 0; ok && i < page->changes->len; i++)
    {
      const Scanned *scanned = &g_array_index (page->changes, Scanned, i);
      Change c = { 0 };

      /* Changes of one entity come in runs: look it up once a run. */
      if (scanned->entity && (entity_name == NULL || strcmp (scanned->entity, entity_name) != 0))
        {
          entity_name = scanned->entity;
          entity = care_schema_lookup (entity_name);
        }
      c.name = scanned->entity;
      c.entity = scanned->entity ? entity : NULL;
      c.id = scanned->id;
      c.is_delete = g_strcmp0 (scanned->op, "delete") == 0;
      if (c.entity && !c.is_delete && scanned->has_record)
        {
          EntitySql *es = entity_sql (self, c.entity, error);

          if (es == NULL)
            {
              ok = FALSE;
              break;
            }
          c.values = page_values (page, es, scanned);
        }
      ok = apply_change (&a, &c, error);
    }
  if (ok)
    ok = apply_finish (&a, page->cursor, last_page, error);
  apply_clear (&a);
  return ok;
}

/* Entities whose rows sync: every entity of the schema that leaves a
 * workstation, but the clinic itself (one global row the app cannot do
 * without) and the server's own audit log. */
static gboolean
resyncable (const CareEntity *entity)
{
  return synced_entity (entity) &&
         !(entity->flags & CARE_ENTITY_GLOBAL) &&
         !g_str_equal (entity->name, "audit_entry");
}

static char **
stored_entities (CareStore *self)
{
  g_autofree char *text = care_store_get_meta (self, "sync_entities");

  return text ? g_strsplit (text, ",", -1) : NULL;
}

gboolean
care_store_sync_begin_resync (CareStore         *self,
                              const char        *scope,
                              const char *const *entities,
                              GHashTable        *changed,
                              GError           **error)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GString) track = g_string_new (NULL);
  guint n_entities;
  const CareEntity *const *all = care_schema_entities (&n_entities);

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  if (!care_store_begin (self, error))
    return FALSE;

  old = stored_entities (self);
  if (entities)
    {
      g_autofree char *list = g_strjoinv (",", (char **) entities);

      /* What left the scope goes; the outbox keeps any pending change. */
      for (guint i = 0; old && old[i]; i++)
        {
          const CareEntity *entity = care_schema_lookup (old[i]);
          g_autofree char *sql = NULL;

          if (entity == NULL || !resyncable (entity) || g_strv_contains (entities, old[i]))
            continue;
          g_debug ("Sync: %s left the scope", entity->name);
          sql = g_strdup_printf ("DELETE FROM %s", entity->table);
          if (!care_store_outbox_materialise_all (self, entity, error) ||
              !care_store_exec (self, sql, error))
            goto failed;
          if (sqlite3_changes (care_store_get_db (self)) > 0)
            {
              care_sync_changed_add (changed, entity, NULL);
              care_store_note_change (self, entity, "");
            }
        }
      if (!care_store_set_meta (self, "sync_entities", list, error))
        goto failed;
    }
  if (scope && !care_store_set_meta (self, "sync_scope", scope, error))
    goto failed;

  /* Only entities that have rows now can have rows the server lacks;
   * a first sync into an empty store tracks nothing. */
  for (guint i = 0; i < n_entities; i++)
    {
      const CareEntity *entity = all[i];
      g_autofree char *sql = NULL;
      const char *const *in_scope = entities ? entities : (const char *const *) old;

      if (!resyncable (entity) || (in_scope && !g_strv_contains (in_scope, entity->name)))
        continue;
      sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM %s)", entity->table);
      if (query_int (self, sql, NULL) == 0)
        continue;
      g_string_append_printf (track, "%s%s", track->len ? "," : "", entity->name);
    }

  if (!care_store_exec (self, "DELETE FROM sync_resync_seen", error) ||
      !care_store_set_meta (self, "sync_resync", "1", error) ||
      !care_store_set_meta (self, "sync_resync_track", track->str, error) ||
      !set_cursor (self, 0, error))
    goto failed;
  return care_store_commit (self, error);

failed:
  care_store_rollback (self);
  return FALSE;
}

/* --- conflicts and refused changes, for the Sync page ------------------- */

static void
set_json_text_member (JsonObject *object,
                      const char *name,
                      const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text && json_parser_load_from_data (parser, text, -1, NULL) && json_parser_get_root (parser))
    json_object_set_member (object, name, json_node_copy (json_parser_get_root (parser)));
  else if (text == NULL)
    json_object_set_null_member (object, name);
  else
    json_object_set_string_member (object, name, text);
}

static void
set_text_member (JsonObject *object,
                 const char *name,
                 const char *text)
{
  if (text)
    json_object_set_string_member (object, name, text);
  else
    json_object_set_null_member (object, name);
}

#define CONFLICT_COLUMNS "id, mutation_id, entity, record_id, kind, detail, payload, actor, created_at, resolved_at, resolved_by"

static JsonObject *
conflict_from_row (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();

  set_text_member (object, "id", (const char *) sqlite3_column_text (stmt, 0));
  set_text_member (object, "mutation_id", (const char *) sqlite3_column_text (stmt, 1));
  set_text_member (object, "entity", (const char *) sqlite3_column_text (stmt, 2));
  set_text_member (object, "record_id", (const char *) sqlite3_column_text (stmt, 3));
  set_text_member (object, "kind", (const char *) sqlite3_column_text (stmt, 4));
  set_json_text_member (object, "detail", (const char *) sqlite3_column_text (stmt, 5));
  set_json_text_member (object, "payload", (const char *) sqlite3_column_text (stmt, 6));
  set_text_member (object, "actor", (const char *) sqlite3_column_text (stmt, 7));
  set_text_member (object, "created_at", (const char *) sqlite3_column_text (stmt, 8));
  if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
    {
      set_text_member (object, "resolved_at", (const char *) sqlite3_column_text (stmt, 9));
      set_text_member (object, "resolved_by", (const char *) sqlite3_column_text (stmt, 10));
    }
  return object;
}

GPtrArray *
care_store_sync_list_conflicts (CareStore *self,
                                GError   **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (self), NULL);

  stmt = care_store_prepare (self,
                             "SELECT " CONFLICT_COLUMNS " FROM sync_conflicts WHERE resolved_at IS NULL "
                             "ORDER BY created_at DESC, rowid DESC", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, conflict_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

JsonObject *
care_store_sync_get_conflict (CareStore  *self,
                              const char *conflict_id,
                              GError    **error)
{
  sqlite3_stmt *stmt;
  JsonObject *object = NULL;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (self), NULL);

  stmt = care_store_prepare (self, "SELECT " CONFLICT_COLUMNS " FROM sync_conflicts WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, conflict_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    object = conflict_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND,
                         _("This conflict no longer exists."));
  else
    care_store_set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  return object;
}

gboolean
care_store_sync_mark_resolved (CareStore  *self,
                               const char *conflict_id,
                               GError    **error)
{
  g_autofree char *now = care_now_iso8601 ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  stmt = care_store_prepare (self,
                             "UPDATE sync_conflicts SET resolved_at = ?2, resolved_by = ?3 "
                             "WHERE id = ?1 AND resolved_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, conflict_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, care_store_get_actor (self), -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (care_store_get_db (self)) == 0)
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND,
                           _("This conflict has already been resolved."));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
care_store_sync_list_rejected (CareStore *self,
                               GError   **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (self), NULL);

  stmt = care_store_prepare (self,
                             "SELECT mutation_id, entity, record_id, op, payload, last_error, errors, created_at, actor "
                             "FROM outbox WHERE state = 'rejected' ORDER BY seq DESC", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *object = json_object_new ();

      set_text_member (object, "mutation_id", (const char *) sqlite3_column_text (stmt, 0));
      set_text_member (object, "entity", (const char *) sqlite3_column_text (stmt, 1));
      set_text_member (object, "record_id", (const char *) sqlite3_column_text (stmt, 2));
      set_text_member (object, "op", (const char *) sqlite3_column_text (stmt, 3));
      set_json_text_member (object, "payload", (const char *) sqlite3_column_text (stmt, 4));
      set_text_member (object, "last_error", (const char *) sqlite3_column_text (stmt, 5));
      if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
        set_json_text_member (object, "errors", (const char *) sqlite3_column_text (stmt, 6));
      set_text_member (object, "created_at", (const char *) sqlite3_column_text (stmt, 7));
      set_text_member (object, "actor", (const char *) sqlite3_column_text (stmt, 8));
      g_ptr_array_add (list, object);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}
