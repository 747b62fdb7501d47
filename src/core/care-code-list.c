/* care-code-list.c: the clinic's list of diagnosis codes, imported from a CSV and searched from the note
 *
 * A clinic brings its own list (the national ICD-10 edition, or a short
 * list of its own); data/diagnosis-codes-sample.csv shows the form. The
 * list is records of the store like any other, so the server checks who
 * writes it (the administrator) and sync carries it to every workstation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-code-list"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-code-list.h"
#include "care-csv.h"
#include "care-store-sql.h"
#include "care-store-worker.h"

#define E(name) care_schema_lookup (name)

/* Whether the first row names the columns rather than giving a code. */
static gboolean
is_header (const CareCsv *csv)
{
  const char *first = care_csv_get_header (csv, 0);
  g_autofree char *folded = g_utf8_casefold (first ? first : "", -1);

  return strstr (folded, "code") != NULL || g_str_equal (folded, "icd10") || g_str_equal (folded, "icd-10");
}

static gboolean
refuse (GError    **error,
        const char *field,
        guint       line,
        const char *what)
{
  /* Translators: an imported code list's refusal: "Line 4: a code is needed." */
  g_autofree char *message = g_strdup_printf (_("Line %u: %s"), line, what);

  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, E ("diagnosis_code"), field, message);
  return FALSE;
}

/* Writes one code, or gives the listed one its new title. */
static gboolean
write_code (CareStore   *store,
            const char  *code,
            const char  *title,
            GError     **error)
{
  g_autoptr(GPtrArray) listed = care_store_list (store, E ("diagnosis_code"), "code", code, NULL, 1, error);
  g_autoptr(CareRecord) record = NULL;

  if (listed == NULL)
    return FALSE;
  if (listed->len > 0)
    {
      if (g_strcmp0 (care_record_get (listed->pdata[0], "title"), title) == 0)
        return TRUE;
      record = care_record_copy (listed->pdata[0]);
      care_record_set (record, "title", title);
      return care_store_update (store, record, error);
    }
  record = care_record_new (E ("diagnosis_code"));
  care_record_set (record, "code", code);
  care_record_set (record, "title", title);
  return care_store_insert (store, record, error);
}

static gboolean
write_rows (CareStore     *store,
            const CareCsv *csv,
            gboolean       header,
            guint         *n_written,
            GError       **error)
{
  const CareField *code_field = care_entity_field (E ("diagnosis_code"), "code");
  const CareField *title_field = care_entity_field (E ("diagnosis_code"), "title");
  guint n = 0;

  /* Without a header, the first row read as names is a code too. */
  for (gint r = header ? 0 : -1; r < (gint) care_csv_get_n_rows (csv); r++, n++)
    {
      g_autofree char *code = g_strstrip (g_strdup (r < 0 ? care_csv_get_header (csv, 0) : care_csv_get_cell (csv, r, 0)));
      g_autofree char *title = g_strstrip (g_strdup (r < 0 ? care_csv_get_header (csv, 1) ?: "" : care_csv_get_cell (csv, r, 1)));
      guint line = r < 0 ? 1 : care_csv_get_line (csv, r);

      if (*code == '\0' && *title == '\0')
        {
          n--;
          continue;
        }
      if (*code == '\0' || g_utf8_strlen (code, -1) > code_field->max)
        return refuse (error, "code", line, _("a code of at most 10 characters is needed."));
      if (*title == '\0' || g_utf8_strlen (title, -1) > title_field->max)
        return refuse (error, "title", line, _("a title of at most 200 characters is needed."));
      if (!write_code (store, code, title, error))
        return FALSE;
    }
  if (n_written)
    *n_written = n;
  return TRUE;
}

gboolean
care_code_list_import (CareStore   *store,
                       const char  *data,
                       gsize        length,
                       guint       *n_written,
                       GError     **error)
{
  g_autoptr(GError) csv_error = NULL;
  CareCsv *csv;
  gboolean ok;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  csv = care_csv_parse (data, length, &csv_error);
  if (csv == NULL)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, E ("diagnosis_code"), "code",
                                 csv_error->message);
      return FALSE;
    }
  if (!care_store_begin (store, error))
    {
      care_csv_free (csv);
      return FALSE;
    }
  ok = write_rows (store, csv, is_header (csv), n_written, error);
  care_csv_free (csv);
  if (!ok)
    {
      care_store_rollback (store);
      return FALSE;
    }
  return care_store_commit (store, error);
}

/* --- in a worker ------------------------------------------------------------------ */

/* The file is read and written in the worker (care-store-worker.h). */
static gpointer
import_work (CareStore     *worker,
             gpointer       file,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  guint n = 0;

  if (g_file_load_contents (file, cancellable, &data, &length, NULL, error))
    care_code_list_import (worker, data, length, &n, error);
  return GUINT_TO_POINTER (n);
}

void
care_code_list_import_file_async (CareStore           *store,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (CARE_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  care_store_run_in_thread (store, CARE_STORE_WORKER_WRITE, import_work,
                            g_object_ref (file), g_object_unref, NULL,
                            cancellable, callback, user_data);
}

gboolean
care_code_list_import_file_finish (CareStore     *store,
                                   GAsyncResult  *result,
                                   guint         *n_written,
                                   GError       **error)
{
  GError *local_error = NULL;
  guint n;

  n = GPOINTER_TO_UINT (care_store_run_finish (store, result, &local_error));
  if (local_error)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (n_written)
    *n_written = n;
  /* Written on the worker's connection: this one tells the screens. */
  care_store_note_external (store, E ("diagnosis_code"), NULL);
  return TRUE;
}

/* --- searching --------------------------------------------------------------------- */

static char *
like_pattern (const char *text,
              gboolean    anywhere)
{
  GString *like = g_string_new (anywhere ? "%" : NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (like, '\\');
      g_string_append_c (like, *p);
    }
  g_string_append_c (like, '%');
  return g_string_free (like, FALSE);
}

GPtrArray *
care_code_list_search (CareStore   *store,
                       const char  *text,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autofree char *typed = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *prefix = NULL, *anywhere = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (*typed == '\0' || limit == 0)
    return g_steal_pointer (&codes);
  prefix = like_pattern (typed, FALSE);
  anywhere = like_pattern (typed, TRUE);
  stmt = care_store_prepare (store,
                             "SELECT code, title FROM diagnosis_codes "
                             "WHERE tenant_id IS ?1 AND (code LIKE ?2 ESCAPE '\\' OR title LIKE ?3 ESCAPE '\\') "
                             "ORDER BY code LIKE ?2 ESCAPE '\\' DESC, code LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, prefix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, anywhere, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CareRecord *code = care_record_new (E ("diagnosis_code"));

      care_record_set (code, "code", (const char *) sqlite3_column_text (stmt, 0));
      care_record_set (code, "title", (const char *) sqlite3_column_text (stmt, 1));
      g_ptr_array_add (codes, code);
    }
  if (rc != SQLITE_DONE)
    care_store_set_sqlite_error (store, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? g_steal_pointer (&codes) : NULL;
}
