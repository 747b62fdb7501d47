/* care-store-bulk-search.c: a bulk's full-text indexes, built beside it
 *
 * A million-row import spent a third of its time filling the patients'
 * search indexes after the rows, on the one thread that holds the write
 * transaction, while the machine's other core sat idle (BENCHMARKS.md,
 * "Importing a patient list"). When a bulk at least doubles a table, its
 * full-text indexes are written again whole anyway; so a thread of its
 * own builds them, in a database of its own in a temporary file, from the
 * rows as the bulk inserts them: SQLite's pre-update hook hands each new
 * row's indexed columns over (a trigger calling a function, a program of
 * its own for every row, cost the rows more than the thread saved), and
 * the thread runs the very catch-up SQL of care-store-bulk.c on them, a
 * chunk at a time, then
 * merges each index into one segment ('optimize'). The rows already there
 * are handed over first, so the indexes built hold every row.
 *
 * At the end, inside the bulk's transaction, that database is attached,
 * each index is dropped, created again from its own SQL and its shadow
 * tables (_data, _idx, _docsize) filled with the thread's (SQLite copies
 * the records as they are). Dropping and creating makes a new FTS5 table
 * object, which reads its structure from the rows copied in; the
 * connection's old one, which may have cached the structure before, is
 * gone. The FTS5 settings the table had are set again through FTS5
 * itself. The database is detached and deleted after the commit.
 *
 * An update or a delete of one of the table's rows during the bulk (the
 * import makes neither) spoils the copy; so does any error of the
 * thread. The bulk then falls back to its catch-up in
 * the transaction (care_bulk_search_finish() returns FALSE without an
 * error), so the indexes are right either way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-store"

#include "config.h"

/* sqlite3.h declares the hook only where asked to. */
#ifdef HAVE_SQLITE_PREUPDATE_HOOK
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#endif

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "care-store-bulk-search.h"

/* Rows handed over at a time; and the rows the thread inserts into its
 * table before it runs the catch-ups on them and empties it, a
 * sixteenth of the rows to come within these bounds: small enough that
 * the index is built while the rows go in (a list of 20,000 in one chunk
 * was built only after them), big enough that a million rows pay for
 * few statements (chunks of 8,192 rows took 1.5 s longer than of 65,536). */
#define BATCH_ROWS 4096
#define CHUNK_MIN 4096
#define CHUNK_MAX 65536
#define MAX_COLUMNS 16

typedef struct {
  guint         n;
  gint64        seqs[BATCH_ROWS];
  const char  **values;        /* n_columns a row; NULL for SQL NULL */
  GStringChunk *text;
} Batch;

struct _CareBulkSearch {
  CareStore   *store;
  char        *table;
  char        *columns;        /* the indexed columns, "a, b, c" */
  guint        n_columns;
  GPtrArray   *fts;            /* the FTS5 tables' names */
  GPtrArray   *fts_sql;        /* ... their CREATE statements */
  GPtrArray   *catch_ups;      /* ... the SQL filling each from the table */
  gint64       merges[2];      /* automerge and crisismerge while built */
  guint        chunk_rows;

  GThread     *thread;
  GAsyncQueue *queue;          /* Batch *, then the end: &end_marker */
  Batch       *current;
  int          column_index[MAX_COLUMNS]; /* the columns' positions in a row */
  gboolean     hooked;         /* the pre-update hook is ours */
  gboolean     spoiled;        /* a row changed under the bulk */
  gint         stop;           /* atomic: the bulk was given up */
  char        *path;           /* the thread's database, a temporary file */
  sqlite3     *db;             /* ... its connection, the thread's */
  gboolean     attached;       /* ... attached to the store's */
  char        *failure;        /* why the thread stopped, if it did */
  guint64      n_fed;
  guint64      n_built;
};

static Batch end_marker;

static Batch *
batch_new (guint n_columns)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->values = g_new0 (const char *, (gsize) BATCH_ROWS * n_columns);
  batch->text = g_string_chunk_new (64 * 1024);
  return batch;
}

static void
batch_free (Batch *batch)
{
  g_string_chunk_free (batch->text);
  g_free (batch->values);
  g_free (batch);
}

static gboolean
aux_exec (sqlite3    *db,
          const char *sql,
          char      **failure)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;
  *failure = g_strdup_printf ("%s (%.80s)", message ? message : "?", sql);
  sqlite3_free (message);
  return FALSE;
}

/* The catch-ups on the rows in the thread's table, which is emptied. */
static gboolean
build_chunk (CareBulkSearch *self)
{
  for (guint i = 0; i < self->catch_ups->len; i++)
    {
      sqlite3_stmt *stmt = NULL;
      int rc;

      if (sqlite3_prepare_v2 (self->db, self->catch_ups->pdata[i], -1, &stmt, NULL) != SQLITE_OK)
        {
          self->failure = g_strdup (sqlite3_errmsg (self->db));
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, G_MININT64);
      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          self->failure = g_strdup (sqlite3_errmsg (self->db));
          return FALSE;
        }
    }
  g_autofree char *empty = g_strdup_printf ("DELETE FROM %s", self->table);
  return aux_exec (self->db, empty, &self->failure);
}

static gboolean
set_merges (CareBulkSearch *self,
            const char     *fts,
            gint64          automerge,
            gint64          crisismerge)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO %s (%s, rank) VALUES ('automerge', %" G_GINT64_FORMAT "); "
                                          "INSERT INTO %s (%s, rank) VALUES ('crisismerge', %" G_GINT64_FORMAT ")",
                                          fts, fts, automerge, fts, fts, crisismerge);

  return aux_exec (self->db, sql, &self->failure);
}

static gboolean
open_aux (CareBulkSearch *self)
{
  g_autofree char *table = NULL;

  if (sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      self->failure = g_strdup (sqlite3_errmsg (self->db));
      return FALSE;
    }
  care_search_register_functions (self->db);
  table = g_strdup_printf ("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536; "
                           "CREATE TABLE %s (seq INTEGER PRIMARY KEY, %s); BEGIN",
                           self->table, self->columns);
  if (!aux_exec (self->db, table, &self->failure))
    return FALSE;
  for (guint i = 0; i < self->fts->len; i++)
    if (!aux_exec (self->db, self->fts_sql->pdata[i], &self->failure) ||
        !set_merges (self, self->fts->pdata[i], self->merges[0], self->merges[1]))
      return FALSE;
  return TRUE;
}

static gboolean
insert_batch (CareBulkSearch *self,
              sqlite3_stmt   *insert,
              Batch          *batch,
              guint          *in_chunk)
{
  for (guint r = 0; r < batch->n; r++)
    {
      sqlite3_bind_int64 (insert, 1, batch->seqs[r]);
      for (guint c = 0; c < self->n_columns; c++)
        {
          const char *value = batch->values[(gsize) r * self->n_columns + c];

          if (value)
            sqlite3_bind_text (insert, c + 2, value, -1, SQLITE_STATIC);
          else
            sqlite3_bind_null (insert, c + 2);
        }
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          self->failure = g_strdup (sqlite3_errmsg (self->db));
          return FALSE;
        }
      sqlite3_reset (insert);
      self->n_built++;
      if (++*in_chunk == self->chunk_rows)
        {
          *in_chunk = 0;
          if (!build_chunk (self))
            return FALSE;
        }
    }
  return TRUE;
}

static gpointer
build (gpointer data)
{
  CareBulkSearch *self = data;
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *insert = NULL;
  gboolean ok = open_aux (self);
  guint in_chunk = 0;
  Batch *batch;

  g_string_printf (sql, "INSERT INTO %s VALUES (?", self->table);
  for (guint c = 0; c < self->n_columns; c++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");
  if (ok && sqlite3_prepare_v2 (self->db, sql->str, -1, &insert, NULL) != SQLITE_OK)
    {
      self->failure = g_strdup (sqlite3_errmsg (self->db));
      ok = FALSE;
    }
  /* After a failure the batches are still taken, until the end. */
  while ((batch = g_async_queue_pop (self->queue)) != &end_marker)
    {
      ok = ok && !g_atomic_int_get (&self->stop) && insert_batch (self, insert, batch, &in_chunk);
      batch_free (batch);
    }
  sqlite3_finalize (insert);
  ok = ok && (in_chunk == 0 || build_chunk (self));
  for (guint i = 0; ok && i < self->fts->len; i++)
    {
      g_autofree char *optimize = g_strdup_printf ("INSERT INTO %s (%s) VALUES ('optimize')",
                                                   (char *) self->fts->pdata[i], (char *) self->fts->pdata[i]);

      ok = aux_exec (self->db, optimize, &self->failure);
    }
  ok = ok && aux_exec (self->db, "COMMIT", &self->failure);
  g_clear_pointer (&self->db, sqlite3_close);
  if (!ok && self->failure == NULL)
    self->failure = g_strdup ("stopped");
  return NULL;
}

static void
feed (CareBulkSearch *self,
      gint64          seq,
      sqlite3_value **values)
{
  Batch *batch = self->current;

  if (batch == NULL)
    batch = self->current = batch_new (self->n_columns);
  batch->seqs[batch->n] = seq;
  for (guint c = 0; c < self->n_columns; c++)
    {
      const char *text = (const char *) sqlite3_value_text (values[c]);

      batch->values[(gsize) batch->n * self->n_columns + c] =
        text ? g_string_chunk_insert_len (batch->text, text, sqlite3_value_bytes (values[c])) : NULL;
    }
  self->n_fed++;
  if (++batch->n == BATCH_ROWS)
    {
      g_async_queue_push (self->queue, batch);
      self->current = NULL;
    }
}

#ifdef HAVE_SQLITE_PREUPDATE_HOOK
/* Every row written on the store's connection, before it is: the table's
 * new rows are handed over; a row of it updated or deleted spoils what
 * the thread builds. */
static void
preupdate (void          *data,
           sqlite3       *db,
           int            op,
           const char    *database,
           const char    *table,
           sqlite3_int64  old_key,
           sqlite3_int64  new_key)
{
  CareBulkSearch *self = data;
  sqlite3_value *values[MAX_COLUMNS];

  if (strcmp (table, self->table) != 0 || strcmp (database, "main") != 0)
    return;
  if (op != SQLITE_INSERT)
    {
      self->spoiled = TRUE;
      return;
    }
  for (guint c = 0; c < self->n_columns; c++)
    if (sqlite3_preupdate_new (db, self->column_index[c], &values[c]) != SQLITE_OK)
      {
        self->spoiled = TRUE;
        return;
      }
  feed (self, new_key, values);
}
#endif

static void
end_feeding (CareBulkSearch *self)
{
  sqlite3 *db = care_store_get_db (self->store);

  if (self->thread)
    {
      if (self->current)
        g_async_queue_push (self->queue, self->current);
      self->current = NULL;
      g_async_queue_push (self->queue, &end_marker);
      g_thread_join (self->thread);
      self->thread = NULL;
    }
#ifdef HAVE_SQLITE_PREUPDATE_HOOK
  if (self->hooked)
    sqlite3_preupdate_hook (db, NULL, NULL);
  self->hooked = FALSE;
#endif
}

/* The rows there before the bulk, handed over first. */
static gboolean
feed_existing (CareBulkSearch *self,
               GError        **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT seq, %s FROM %s", self->columns, self->table);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (care_store_get_db (self->store), sql, -1, &stmt, NULL) != SQLITE_OK)
    return care_store_set_sqlite_error (self->store, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      sqlite3_value *values[self->n_columns];

      for (guint c = 0; c < self->n_columns; c++)
        values[c] = sqlite3_column_value (stmt, c + 1);
      feed (self, sqlite3_column_int64 (stmt, 0), values);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE || care_store_set_sqlite_error (self->store, error);
}

/* The column's position in the table's rows, or -1. */
static int
column_index (sqlite3    *db,
              const char *table,
              const char *name)
{
  sqlite3_stmt *stmt = NULL;
  int index = -1;

  if (sqlite3_prepare_v2 (db, "SELECT cid FROM pragma_table_info (?1) WHERE name = ?2", -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    index = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return index;
}

CareBulkSearch *
care_bulk_search_start (CareStore   *store,
                        const char  *table,
                        const char  *columns,
                        guint        n_rows,
                        gint64       automerge,
                        gint64       crisismerge,
                        GError     **error)
{
  CareBulkSearch *self;
  sqlite3 *db = care_store_get_db (store);
  g_auto(GStrv) names = g_strsplit (columns, ",", -1);

#ifndef HAVE_SQLITE_PREUPDATE_HOOK
  /* An SQLite built without the hook: the bulk catches up as before. */
  return NULL;
#endif
  g_return_val_if_fail (g_strv_length (names) <= MAX_COLUMNS, NULL);
  self = g_new0 (CareBulkSearch, 1);

  self->store = g_object_ref (store);
  self->table = g_strdup (table);
  self->columns = g_strdup (columns);
  self->n_columns = g_strv_length (names);
  self->fts = g_ptr_array_new_with_free_func (g_free);
  self->fts_sql = g_ptr_array_new_with_free_func (g_free);
  self->catch_ups = g_ptr_array_new_with_free_func (g_free);
  self->merges[0] = automerge;
  self->merges[1] = crisismerge;
  self->chunk_rows = CLAMP (n_rows / 16, CHUNK_MIN, CHUNK_MAX);
  self->queue = g_async_queue_new ();
  {
    g_autoptr(GError) tmp_error = NULL;
    int fd = g_file_open_tmp ("caredesk-bulk-search-XXXXXX.sqlite", &self->path, &tmp_error);

    /* No room for the thread's file: the bulk catches up in the store,
     * as it would without the thread, rather than failing. */
    if (fd < 0)
      {
        g_debug ("bulk search indexes not built beside: %s", tmp_error->message);
        care_bulk_search_free (self);
        return NULL;
      }
    close (fd);
  }

  for (guint c = 0; c < self->n_columns; c++)
    if ((self->column_index[c] = column_index (db, table, g_strstrip (names[c]))) < 0)
      {
        g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED, "No column %s in %s", names[c], table);
        care_bulk_search_free (self);
        return NULL;
      }
#ifdef HAVE_SQLITE_PREUPDATE_HOOK
  sqlite3_preupdate_hook (db, preupdate, self);
  self->hooked = TRUE;
#endif
  return self;
}

void
care_bulk_search_add (CareBulkSearch *self,
                      const char     *fts,
                      const char     *catch_up)
{
  g_autofree char *create = care_store_query_text (self->store,
                                                   "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
                                                   fts, NULL);

  g_return_if_fail (self->thread == NULL);
  g_return_if_fail (create != NULL);
  g_ptr_array_add (self->fts, g_strdup (fts));
  g_ptr_array_add (self->fts_sql, g_strdup (create));
  g_ptr_array_add (self->catch_ups, g_strdup (catch_up));
}

gboolean
care_bulk_search_run (CareBulkSearch *self,
                      GError        **error)
{
  self->thread = g_thread_new ("care-bulk-fts", build, self);
  return feed_existing (self, error);
}

/* The rows of one shadow table, copied from the thread's database: into
 * an empty table of the same columns, SQLite copies each b-tree's
 * records as they are, without reading them. */
static gboolean
copy_shadow (CareBulkSearch *self,
             const char     *fts,
             const char     *suffix,
             GError        **error)
{
  g_autofree char *name = g_strdup_printf ("%s_%s", fts, suffix);
  g_autofree char *copy = g_strdup_printf ("DELETE FROM main.%s; INSERT INTO main.%s SELECT * FROM care_bulk_search.%s",
                                           name, name, name);

  if (!care_store_query_text (self->store, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", name, NULL))
    return TRUE;
  return care_store_exec (self->store, copy, error);
}

gboolean
care_bulk_search_finish (CareBulkSearch *self,
                         GError        **error)
{
  static const char *const shadows[] = { "data", "idx", "docsize" };

  end_feeding (self);
  if (self->spoiled || self->failure || self->n_built != self->n_fed)
    {
      g_debug ("bulk search indexes not built beside: %s",
               self->spoiled ? "a row changed" : self->failure ? self->failure : "rows missing");
      return FALSE;
    }
  {
    char *attach = sqlite3_mprintf ("ATTACH %Q AS care_bulk_search", self->path);

    self->attached = care_store_exec (self->store, attach, error);
    sqlite3_free (attach);
    if (!self->attached)
      return FALSE;
  }
  for (guint i = 0; i < self->fts->len; i++)
    {
      const char *fts = self->fts->pdata[i];
      g_autofree char *drop = g_strdup_printf ("DROP TABLE main.%s", fts);

      if (!care_store_exec (self->store, drop, error) ||
          !care_store_exec (self->store, self->fts_sql->pdata[i], error))
        return FALSE;
      for (guint s = 0; s < G_N_ELEMENTS (shadows); s++)
        if (!copy_shadow (self, fts, shadows[s], error))
          return FALSE;
    }
  return TRUE;
}

void
care_bulk_search_free (CareBulkSearch *self)
{
  Batch *batch;

  /* Given up before finish: the thread drops what is left. */
  g_atomic_int_set (&self->stop, 1);
  end_feeding (self);
  while ((batch = g_async_queue_try_pop (self->queue)) != NULL)
    if (batch != &end_marker)
      batch_free (batch);
  if (self->current)
    batch_free (self->current);
  g_async_queue_unref (self->queue);
  sqlite3_close (self->db);
  /* Only outside a transaction: the bulk has committed or rolled back. */
  if (self->attached)
    care_store_exec (self->store, "DETACH care_bulk_search", NULL);
  if (self->path)
    g_unlink (self->path);
  g_free (self->path);
  g_object_unref (self->store);
  g_free (self->table);
  g_free (self->columns);
  g_free (self->failure);
  g_ptr_array_unref (self->fts);
  g_ptr_array_unref (self->fts_sql);
  g_ptr_array_unref (self->catch_ups);
  g_free (self);
}
