/* care-server-storage-pg-records.c: the clinic's records on PostgreSQL
 *
 * Records travel as their canonical text forms (care-record.h) in both
 * directions; PostgreSQL converts them to and from the column types.
 * Blobs go through base64. Each write logs its change in the same
 * transaction (care_pg_log_change()), whichever route made it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-storage"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "care-clock.h"
#include "care-numbers.h"
#include "care-server-storage-pg-private.h"

/* --- rows --------------------------------------------------------------- */

static const char *
column_name (const CareEntity *entity,
             guint             i)
{
  return i < entity->n_fields ? entity->fields[i].name : care_system_column_name (i - entity->n_fields);
}

static gboolean
is_blob (const CareEntity *entity,
         guint             i)
{
  return i < entity->n_fields && entity->fields[i].type == CARE_FIELD_BLOB;
}

char *
care_pg_column_list (const CareEntity *entity)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < entity->n_fields + CARE_N_SYSTEM_COLUMNS; i++)
    {
      if (i)
        g_string_append (out, ", ");
      if (is_blob (entity, i))
        g_string_append_printf (out, "encode(t.%s, 'base64')", column_name (entity, i));
      else
        g_string_append_printf (out, "t.%s", column_name (entity, i));
    }
  return g_string_free (out, FALSE);
}

CareRecord *
care_pg_record_from_row (const CareEntity *entity,
                         PGresult         *result,
                         int               row,
                         int               first_column)
{
  CareRecord *record = care_record_new (entity);

  for (guint i = 0; i < entity->n_fields + CARE_N_SYSTEM_COLUMNS; i++)
    {
      int c = first_column + (int) i;
      const char *text;
      char buf[CARE_JSON_DOUBLE_BUF_SIZE];

      if (PQgetisnull (result, row, c))
        continue;
      text = PQgetvalue (result, row, c);
      if (is_blob (entity, i))
        {
          gsize length;
          guchar *data = g_base64_decode (text, &length);

          care_record_set_blob (record, entity->fields[i].name, g_bytes_new_take (data, length));
          continue;
        }
      /* The shortest exact form, as the SQLite store writes it: 36.6 stays "36.6". */
      if (i < entity->n_fields && entity->fields[i].type == CARE_FIELD_DECIMAL)
        text = care_json_format_double (buf, sizeof buf, g_ascii_strtod (text, NULL));
      care_record_set_nth (record, i, text);
    }
  return record;
}

/* A record's value of column i as a parameter (blobs in base64). */
static char *
param_value (const CareRecord *record,
             guint             i)
{
  const CareEntity *entity = care_record_get_entity (record);

  if (is_blob (entity, i))
    {
      GBytes *bytes = care_record_get_blob (record, entity->fields[i].name);

      return bytes ? g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) : NULL;
    }
  return g_strdup (care_record_get_nth (record, i));
}

static void
append_placeholder (GString          *sql,
                    const CareEntity *entity,
                    guint             i,
                    guint             n)
{
  if (is_blob (entity, i))
    g_string_append_printf (sql, "decode($%u, 'base64')", n);
  else
    g_string_append_printf (sql, "$%u", n);
}

static void
set_not_found (GError **error)
{
  g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND, "This record does not exist.");
}

CareRecord *
care_pg_get (CareServerStorage *self,
             const char        *tenant,
             const CareEntity  *entity,
             const char        *id,
             GError           **error)
{
  g_autofree char *columns = care_pg_column_list (entity);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s t WHERE t.id = $1", columns, entity->table);
  const char *params[] = { id };
  g_autoptr(PGresult) result = NULL;
  g_autoptr(CareRecord) record = NULL;

  if (id == NULL)
    {
      set_not_found (error);
      return NULL;
    }
  if (!care_pg_lock_clinic (PG (self), tenant, error))
    return NULL;
  result = care_pg_query (PG (self), sql, 1, params, error);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) > 0)
    record = care_pg_record_from_row (entity, result, 0, 0);
  if (record == NULL || !care_server_record_belongs_to (record, tenant))
    {
      set_not_found (error);
      return NULL;
    }
  return g_steal_pointer (&record);
}

/* --- lists -------------------------------------------------------------- */

static guint
add_param (GPtrArray  *params,
           const char *value)
{
  g_ptr_array_add (params, g_strdup (value));
  return params->len;
}

static gboolean
is_text (const CareField *field)
{
  return field && (field->type == CARE_FIELD_TEXT || field->type == CARE_FIELD_EMAIL);
}

/* " AND (t.a ILIKE $n OR t.b ILIKE $n …)": @word inside one of the
 * texts the entity is searched by. */
static gboolean
search_word_where (const CareEntity *entity,
                   gboolean          searchable,
                   const char       *word,
                   GString          *where,
                   GPtrArray        *params,
                   GError          **error)
{
  g_autofree char *pattern = care_server_like_pattern (word);
  guint n = 0, k = 0;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const CareField *f = &entity->fields[i];
      gboolean wanted = searchable ? (f->flags & CARE_FIELD_SEARCH) != 0 : (f->flags & CARE_FIELD_SUMMARY) != 0;

      if (!wanted || (f->flags & CARE_FIELD_SECRET) ||
          (f->type != CARE_FIELD_TEXT && f->type != CARE_FIELD_EMAIL && f->type != CARE_FIELD_PHONE))
        continue;
      if (n == 0)
        n = add_param (params, pattern);
      g_string_append_printf (where, "%s t.%s ILIKE $%u", k++ ? " OR" : " AND (", f->name, n);
    }
  if (k == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s cannot be searched; use filters",
                   entity->plural);
      return FALSE;
    }
  g_string_append_c (where, ')');
  return TRUE;
}

static gboolean
build_where (const CareServerQuery *q,
             const char            *tenant,
             GString               *where,
             GPtrArray             *params,
             GError               **error)
{
  const CareEntity *entity = q->entity;

  g_string_append_printf (where, " WHERE t.%s = $%u", (entity->flags & CARE_ENTITY_GLOBAL) ? "id" : "tenant_id",
                          add_param (params, tenant));
  for (guint i = 0; i < q->n_filters; i++)
    {
      const CareField *field = care_entity_field (entity, q->filters[i].field);
      const char *name = q->filters[i].field;
      guint n = add_param (params, q->filters[i].value);

      if (field && field->type == CARE_FIELD_LIST)
        g_string_append_printf (where, " AND EXISTS (SELECT 1 FROM json_array_elements_text(t.%s::json) j "
                                       "WHERE lower(j) = lower($%u))", name, n);
      else if (is_text (field))
        g_string_append_printf (where, " AND lower(t.%s) = lower($%u)", name, n);
      else
        g_string_append_printf (where, " AND t.%s = $%u", name, n);
    }
  if (q->range_field && q->range_from)
    g_string_append_printf (where, " AND t.%s >= $%u", q->range_field, add_param (params, q->range_from));
  if (q->range_field && q->range_to)
    g_string_append_printf (where, " AND t.%s < $%u", q->range_field, add_param (params, q->range_to));

  if (q->scope_via && q->scope_value)
    {
      g_auto(GStrv) parts = g_strsplit (q->scope_via, ":", 2);

      g_string_append_printf (where, " AND t.%s IN (SELECT id FROM %s WHERE patient_id = $%u)", parts[0], parts[1],
                              add_param (params, q->scope_value));
    }
  else if (q->scope_field && q->scope_field2)
    {
      guint n = add_param (params, q->scope_value);

      g_string_append_printf (where, " AND (t.%s = $%u OR t.%s = $%u)", q->scope_field, n, q->scope_field2, n);
    }
  else if (q->scope_field)
    g_string_append_printf (where, " AND t.%s = $%u", q->scope_field, add_param (params, q->scope_value));

  if (q->search && q->search[0])
    {
      g_auto(GStrv) words = g_strsplit_set (q->search, " \t\n", -1);
      gboolean searchable = care_entity_is_searchable (entity);

      /* Each word of the query a substring of one of the summary texts
       * (for patients: the indexed fields), as SQLite's search takes
       * "robert o" for Robert O'Brien: given and family name differ. */
      for (guint w = 0; words[w] != NULL; w++)
        {
          if (words[w][0] == '\0')
            continue;
          if (!search_word_where (entity, searchable, words[w], where, params, error))
            return FALSE;
        }
    }
  return TRUE;
}

GPtrArray *
care_pg_list (CareServerStorage     *self,
              const char            *tenant,
              const CareServerQuery *q,
              gint64                *total,
              GError               **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GString) where = g_string_new (NULL);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *columns = care_pg_column_list (q->entity);
  g_autoptr(PGresult) result = NULL;
  char limit[16], offset[16];

  if (!care_pg_lock_clinic (PG (self), tenant, error) || !build_where (q, tenant, where, params, error))
    return NULL;
  if (total)
    {
      g_autoptr(PGresult) counted = NULL;

      if (q->search && q->search[0])
        g_string_printf (sql, "SELECT count(*) FROM (SELECT 1 FROM %s t%s LIMIT %d) m", q->entity->table, where->str,
                         SEARCH_COUNT_LIMIT + 1);
      else
        g_string_printf (sql, "SELECT count(*) FROM %s t%s", q->entity->table, where->str);
      counted = care_pg_query (PG (self), sql->str, params->len, (const char *const *) params->pdata, error);
      if (counted == NULL)
        return NULL;
      *total = g_ascii_strtoll (PQgetvalue (counted, 0, 0), NULL, 10);
      if (*total == 0 || q->offset >= *total)
        return g_steal_pointer (&records);
    }
  g_string_printf (sql, "SELECT %s FROM %s t%s ORDER BY ", columns, q->entity->table, where->str);
  if (q->sort)
    g_string_append_printf (sql, "t.%s%s, t.id", q->sort, q->descending ? " DESC" : "");
  else if (care_entity_is_searchable (q->entity) && q->search && q->search[0])
    g_string_append (sql, "t.seq DESC");  /* the newest registrations first, as SQLite beyond its ranking */
  else
    g_string_append_printf (sql, "t.created_at%s, t.id", q->descending ? " DESC" : "");
  g_snprintf (limit, sizeof limit, "%u", q->limit ? q->limit : 100);
  g_snprintf (offset, sizeof offset, "%u", q->offset);
  g_string_append_printf (sql, " LIMIT $%u", add_param (params, limit));
  g_string_append_printf (sql, " OFFSET $%u", add_param (params, offset));
  result = care_pg_query (PG (self), sql->str, params->len, (const char *const *) params->pdata, error);
  if (result == NULL)
    return NULL;
  for (int r = 0; r < PQntuples (result); r++)
    g_ptr_array_add (records, care_pg_record_from_row (q->entity, result, r, 0));
  return g_steal_pointer (&records);
}

gint64
care_pg_count_where (CareServerStorage *self,
                     const char        *tenant,
                     const CareEntity  *entity,
                     const char        *field,
                     const char        *value)
{
  g_autofree char *sql = field ? g_strdup_printf ("SELECT count(*) FROM %s WHERE tenant_id = $1 AND %s = $2",
                                                  entity->table, field)
                               : g_strdup_printf ("SELECT count(*) FROM %s WHERE tenant_id = $1", entity->table);
  const char *params[] = { tenant, value };

  care_pg_lock_clinic (PG (self), tenant, NULL);  /* a failure fails the transaction */
  return care_pg_query_int (PG (self), sql, field ? 2 : 1, params);
}

/* --- validation --------------------------------------------------------- */

static gboolean
exists (PgStorage  *self,
        const char *sql,
        GPtrArray  *params)
{
  g_autoptr(PGresult) result = care_pg_query (self, sql, params->len, (const char *const *) params->pdata, NULL);

  return result && PQntuples (result) > 0;
}

CareValidation *
care_pg_validate (CareServerStorage *self,
                  const char        *tenant,
                  CareRecord        *record)
{
  const CareEntity *entity = care_record_get_entity (record);
  gboolean global = (entity->flags & CARE_ENTITY_GLOBAL) != 0;
  CareValidation *v = care_validate_record (record);

  care_pg_lock_clinic (PG (self), tenant, NULL);  /* a failure fails the transaction */
  /* The same checks as care_store_validate(): unique values within the clinic. */
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const CareField *field = &entity->fields[i];
      const char *value = care_record_get_nth (record, i);
      g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *sql = NULL;
      g_autofree char *column = NULL;
      gboolean nocase = is_text (field);

      if (!(field->flags & CARE_FIELD_UNIQUE) || value == NULL || care_validation_get_message (v, field->name))
        continue;
      add_param (params, value);
      add_param (params, care_record_get_id (record));
      if (!global)
        add_param (params, tenant);
      column = nocase ? g_strdup_printf ("lower(%s)", field->name) : g_strdup (field->name);
      sql = g_strdup_printf ("SELECT 1 FROM %s WHERE %s = %s AND id IS DISTINCT FROM $2 %s LIMIT 1",
                             entity->table, column,
                             nocase ? "lower($1)" : "$1", global ? "" : "AND tenant_id IS NOT DISTINCT FROM $3");
      if (exists (PG (self), sql, params))
        {
          g_autofree char *message =
            /* Translators: %s is the value someone typed, e.g. a username */
            g_strdup_printf (_("“%s” is already in use."), value);
          care_validation_add (v, field->name, message);
        }
    }
  for (guint k = 0; entity->unique && entity->unique[k]; k++)
    {
      g_auto(GStrv) columns = g_strsplit (entity->unique[k], ",", -1);
      g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GString) sql = g_string_new (NULL);
      gboolean complete = TRUE;

      g_string_printf (sql, "SELECT 1 FROM %s WHERE id IS DISTINCT FROM $1 AND tenant_id IS NOT DISTINCT FROM $2",
                       entity->table);
      add_param (params, care_record_get_id (record));
      add_param (params, tenant);
      for (guint c = 0; columns[c]; c++)
        {
          g_strstrip (columns[c]);
          complete &= care_record_get (record, columns[c]) != NULL;
          g_string_append_printf (sql, " AND %s = $%u", columns[c], add_param (params, care_record_get (record, columns[c])));
        }
      if (complete && exists (PG (self), sql->str, params))
        care_validation_add (v, columns[g_strv_length (columns) - 1], _("This combination already exists."));
    }
  return v;
}

gboolean
care_pg_check_record (CareServerStorage *self,
                 const char        *tenant,
                 CareRecord        *record,
                 GError           **error)
{
  g_autoptr(CareValidation) v = care_pg_validate (self, tenant, record);

  if (care_validation_is_valid (v))
    return TRUE;
  care_validation_set_error (v, care_record_get_entity (record), error);
  return FALSE;
}

/* --- writes ------------------------------------------------------------- */

/* Two server processes may both validate a value as free and then both
 * write it: the unique index refuses the second, whose error then names
 * the field as validation would have. */
static void
name_violated_field (PgStorage        *self,
                     const CareRecord *record,
                     GError          **error)
{
  const CareEntity *entity = care_record_get_entity (record);
  g_autofree char *prefix = g_strconcat (entity->table, "_", NULL);
  g_autoptr(CareValidation) v = NULL;
  const char *name = self->violated;
  const char *rest;

  if (name == NULL || !g_str_has_prefix (name, prefix))
    return;
  rest = name + strlen (prefix);
  if (g_str_has_prefix (rest, "unique_"))
    {
      /* entity->unique[k], named by its last column. */
      guint k = (guint) g_ascii_strtoull (rest + strlen ("unique_"), NULL, 10);
      g_auto(GStrv) columns = g_strsplit (entity->unique[k], ",", -1);

      v = care_validation_new ();
      care_validation_add (v, g_strstrip (columns[g_strv_length (columns) - 1]), _("This combination already exists."));
    }
  else if (g_str_has_suffix (rest, "_unique"))
    {
      g_autofree char *field = g_strndup (rest, strlen (rest) - strlen ("_unique"));
      g_autofree char *message =
        /* Translators: %s is the value someone typed, e.g. a username */
        g_strdup_printf (_("“%s” is already in use."), care_record_get (record, field));

      v = care_validation_new ();
      care_validation_add (v, field, message);
    }
  if (v == NULL)
    return;
  g_clear_error (error);
  care_validation_set_error (v, entity, error);
}

static char *
now_text (void)
{
  g_autoptr(GDateTime) now = care_clock_now_utc ();

  return care_iso8601_format (now);
}

/* A write outside any transaction gets its own, so that its commit numbers
 * its change and runs the commit function. */
static gboolean
run_write (CareServerStorage *self,
           gboolean (*write) (CareServerStorage *, gpointer, GError **),
           gpointer           data,
           GError           **error)
{
  if (!care_pg_begin (self, error))
    return FALSE;
  if (!write (self, data, error))
    {
      care_pg_rollback (self);
      return FALSE;
    }
  return care_pg_commit (self, error);
}

typedef struct {
  const char       *tenant;
  const char       *actor;
  CareRecord       *record;
  const CareEntity *entity;
  const char       *id;
} Write;

static gboolean
write_insert (CareServerStorage *self,
              gpointer           data,
              GError           **error)
{
  Write *w = data;
  const CareEntity *entity = care_record_get_entity (w->record);
  guint n = entity->n_fields + CARE_N_SYSTEM_COLUMNS;
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(PGresult) result = NULL;

  if (!care_pg_lock_clinic (PG (self), w->tenant, error))
    return FALSE;
  g_string_printf (sql, "INSERT INTO %s (", entity->table);
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (params, param_value (w->record, i));
      g_string_append_printf (sql, "%s%s", i ? ", " : "", column_name (entity, i));
      if (i)
        g_string_append (values, ", ");
      append_placeholder (values, entity, i, i + 1);
    }
  g_string_append_printf (sql, ") VALUES (%s)", values->str);
  result = care_pg_query (PG (self), sql->str, params->len, (const char *const *) params->pdata, error);
  if (result == NULL)
    name_violated_field (PG (self), w->record, error);
  return result && care_pg_log_change (PG (self), w->tenant, entity, care_record_get_id (w->record), "upsert", error);
}

gboolean
care_pg_insert (CareServerStorage *self,
                const char        *tenant,
                const char        *actor,
                CareRecord        *record,
                GError           **error)
{
  const CareEntity *entity = care_record_get_entity (record);
  g_autofree char *now = now_text ();
  Write w = { tenant, actor, record };

  if (care_record_get_id (record) == NULL)
    {
      g_autofree char *id = care_uuid_v7 ();
      care_record_set (record, CARE_COLUMN_ID, id);
    }
  if (!(entity->flags & CARE_ENTITY_GLOBAL))
    care_record_set (record, CARE_COLUMN_TENANT, tenant);
  care_record_set (record, CARE_COLUMN_CREATED_AT, now);
  care_record_set (record, CARE_COLUMN_UPDATED_AT, now);
  care_record_set (record, CARE_COLUMN_CREATED_BY, actor);
  care_record_set (record, CARE_COLUMN_UPDATED_BY, actor);
  if (!care_pg_check_record (self, tenant, record, error))
    return FALSE;
  return run_write (self, write_insert, &w, error);
}

static gboolean
write_update (CareServerStorage *self,
              gpointer           data,
              GError           **error)
{
  Write *w = data;
  const CareEntity *entity = care_record_get_entity (w->record);
  g_autoptr(CareRecord) stored = care_pg_get (self, w->tenant, entity, care_record_get_id (w->record), error);
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *now = now_text ();

  if (stored == NULL)
    return FALSE;
  /* The stored row owns these; a caller cannot rewrite history. */
  for (guint i = 0; i < CARE_N_SYSTEM_COLUMNS; i++)
    {
      const char *name = care_system_column_name (i);

      if (!g_str_equal (name, CARE_COLUMN_UPDATED_AT) && !g_str_equal (name, CARE_COLUMN_UPDATED_BY))
        care_record_set (w->record, name, care_record_get (stored, name));
    }
  if (!care_pg_check_record (self, w->tenant, w->record, error))
    return FALSE;
  changed = care_record_diff (stored, w->record);
  if (changed->len == 0)
    return TRUE;
  care_record_set (w->record, CARE_COLUMN_UPDATED_AT, now);
  care_record_set (w->record, CARE_COLUMN_UPDATED_BY, w->actor);
  add_param (params, now);
  add_param (params, w->actor);
  add_param (params, care_record_get_id (w->record));
  g_string_printf (sql, "UPDATE %s SET updated_at = $1, updated_by = $2", entity->table);
  for (guint i = 0; i < changed->len; i++)
    {
      const char *name = g_ptr_array_index (changed, i);
      guint k = (guint) care_entity_field_index (entity, name);

      g_ptr_array_add (params, param_value (w->record, k));
      g_string_append_printf (sql, ", %s = ", name);
      append_placeholder (sql, entity, k, params->len);
    }
  g_string_append (sql, " WHERE id = $3");
  result = care_pg_query (PG (self), sql->str, params->len, (const char *const *) params->pdata, error);
  if (result == NULL)
    name_violated_field (PG (self), w->record, error);
  return result && care_pg_log_change (PG (self), w->tenant, entity, care_record_get_id (w->record), "upsert", error);
}

gboolean
care_pg_update (CareServerStorage *self,
                const char        *tenant,
                const char        *actor,
                CareRecord        *record,
                GError           **error)
{
  const CareEntity *entity = care_record_get_entity (record);
  Write w = { tenant, actor, record };

  if (entity->flags & CARE_ENTITY_APPEND_ONLY)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_READ_ONLY,
                   _("%s cannot be changed once recorded; add an amendment instead."),
                   g_dgettext (GETTEXT_PACKAGE, entity->plural));
      return FALSE;
    }
  return run_write (self, write_update, &w, error);
}

static gboolean
write_delete (CareServerStorage *self,
              gpointer           data,
              GError           **error)
{
  Write *w = data;
  gboolean global = (w->entity->flags & CARE_ENTITY_GLOBAL) != 0;
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = $1 AND %s = $2", w->entity->table,
                                          global ? "id" : "tenant_id");
  const char *params[] = { w->id, w->tenant };
  g_autoptr(PGresult) result = NULL;

  if (!care_pg_lock_clinic (PG (self), w->tenant, error))
    return FALSE;
  result = care_pg_query (PG (self), sql, 2, params, error);
  if (result == NULL)
    return FALSE;
  if (g_str_equal (PQcmdTuples (result), "0"))
    {
      set_not_found (error);
      return FALSE;
    }
  return care_pg_log_change (PG (self), w->tenant, w->entity, w->id, "delete", error);
}

gboolean
care_pg_delete (CareServerStorage *self,
                const char        *tenant,
                const char        *actor,
                const CareEntity  *entity,
                const char        *id,
                GError           **error)
{
  Write w = { tenant, actor, NULL, entity, id };

  if (entity->flags & CARE_ENTITY_APPEND_ONLY)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_READ_ONLY,
                   _("%s cannot be deleted once recorded; add an amendment instead."),
                   g_dgettext (GETTEXT_PACKAGE, entity->plural));
      return FALSE;
    }
  return run_write (self, write_delete, &w, error);
}

char *
care_pg_next_number (CareServerStorage *self,
                     const char        *tenant,
                     const char        *counter,
                     GError           **error)
{
  /* One counter for all clinics of this server, as on SQLite; the row
   * lock of the upsert keeps two server processes from sharing a number. */
  const char *params[] = { counter };
  g_autoptr(PGresult) result =
    care_pg_query (PG (self), "INSERT INTO server_counters (name, value) VALUES ($1, 1) "
                              "ON CONFLICT (name) DO UPDATE SET value = server_counters.value + 1 RETURNING value",
                   1, params, error);
  g_autofree char *code = NULL;

  if (result == NULL)
    return NULL;
  code = care_pg_query_text (PG (self), "SELECT value FROM server_meta WHERE key = 'device_code'", 0, NULL);
  return care_numbers_format (counter, code ? code : "S", g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10));
}
