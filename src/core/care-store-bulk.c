/* care-store-bulk.c: many new rows of one table in one transaction
 *
 * Written a row at a time, a million-row import spends its time on what
 * the table's insert triggers and indexes keep, not on the rows: FTS5
 * flushes its pending terms at every statement's savepoint (a segment for
 * each row, merged again and again), the sort key trigger writes each row
 * twice, and a dozen B-trees take inserts at random pages that no longer
 * fit the cache. care_store_bulk_begin() opens the transaction and drops,
 * inside it, the insert triggers that have a catch-up below and — when the
 * rows to come are at least as many as the rows there — the table's
 * indexes that are not unique (and the outbox's, when the rows to come are
 * at least as many as it holds: each row writes an entry there);
 * A trigger whose work is a value of the row itself (the sort key) is
 * done in the insert instead (care_store_set_insert_column()), and the
 * rows' outbox entries are written a hundred to a statement
 * (care_store_outbox_batch_begin()) in the same transaction;
 * care_store_bulk_finish() does for all the new rows at once what
 * the triggers would have done for each (rowid past the largest before;
 * when the table at least doubles, the full-text indexes are built by a
 * thread of their own while the rows go in, care-store-bulk-search.c),
 * creates the indexes again from their own SQL (a sort in memory, not
 * random inserts: temp_store=MEMORY and a big page cache for the bulk
 * only) and commits. The DDL is part of the transaction: a rollback
 * leaves triggers and indexes as they were, and other connections never
 * see them missing (WAL readers keep their snapshot, writers wait for the
 * lock as for any write).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-store"

#include "config.h"

#include <time.h>

#include "care-store-bulk-search.h"

/* What each insert trigger does, for every row past ?1 at once. The
 * triggers are made by migrations 5 and 6 (care-store-migrations.c). */
static const struct {
  const char *trigger;
  const char *catch_up;
  const char *fts;       /* the FTS5 table the catch-up fills, if any */
  const char *columns;   /* the row's columns the FTS5 catch-up reads */
  const char *column;    /* or the column the inserts fill instead, */
  const char *value;     /* with this value of the row's columns */
} catch_ups[] = {
  { "patients_search_insert",
    "INSERT INTO patient_search (rowid, name, phone, email, mrn) "
    "SELECT seq, " CARE_PATIENT_SEARCH_VALUES ("patients") " FROM patients WHERE seq > ?1",
    "patient_search", CARE_PATIENT_SEARCH_COLUMNS },
  { "patients_name_search_insert",
    "INSERT INTO patient_name_search (rowid, name) "
    "SELECT seq, " CARE_PATIENT_SEARCH_NAME ("patients") " FROM patients WHERE seq > ?1",
    "patient_name_search", CARE_PATIENT_SEARCH_COLUMNS },
  /* In the insert: an UPDATE after would write every row twice. */
  { "patients_sort_key_insert", .column = "sort_key", .value = "care_sort_key(family_name, given_name)" },
  { "patients_count_insert",
    "UPDATE patient_count SET n = n + (SELECT count(*) FROM patients WHERE seq > ?1)" },
};

struct _CareStoreBulk {
  CareStore  *store;
  const CareEntity *entity;
  gboolean    insert_column; /* its inserts fill a column of catch_ups */
  GPtrArray  *triggers;      /* indexes into catch_ups of the dropped triggers */
  GPtrArray  *recreate;      /* their SQL, then the dropped indexes' SQL */
  CareBulkSearch *search;    /* the FTS5 catch-ups, done by a thread */
  gboolean    built;         /* ... and put in place */
  gint64      merges[G_N_ELEMENTS (catch_ups)][2]; /* each FTS5 table's own */
  gint64      last_before;   /* the largest rowid before the bulk */
  gboolean    doubles;       /* the rows to come are at least as many as before */
  guint       n_rows;        /* ... which are these */
  gint64      cache_size;    /* the connection's, given back at the end */
  gint64      temp_store;    /* the same */
  gint64      cache_spill;   /* the same */
  gint64      threads;       /* the same */
  gint       *progress;      /* advanced by per_step as each finishing step ends */
  gint        per_step;
};

/* The page cache while the bulk runs: a transaction of a million rows
 * spills its dirty pages to the WAL when they outgrow the cache, and reads
 * them back for each page it touches again (the catch-ups and each index
 * made again read every new row). SQLite takes the pages as it needs
 * them, so a short list uses little of it; 300,000 patients (800 MB of
 * store) import with 13% less CPU at 1 GiB than at 256 MiB. */
#define BULK_CACHE_KIB 1048576

/* The indexes made again are sorted by SQLite's sorter, which sorts in
 * worker threads only what it writes out in runs to temporary files: a
 * sort that fits the page cache's size (up to 512 MiB) is sorted whole,
 * by the connection's thread alone, and in-memory temporary files
 * (temp_store=MEMORY) turn the workers off. While the indexes are made,
 * the sorter gets runs of this size in files and a worker for each core,
 * and the page cache may still grow to the bulk's size before it spills
 * (cache_spill), as before. At a million rows on two cores the ten
 * indexes took 7.2-9.6 s instead of 11.1-11.4 s, the largest sorts
 * (sort keys, birth dates) 35% less; with the other core busy, about
 * as long as before (BENCHMARKS.md, "Importing a patient list"). */
#define SORT_RUN_KIB 16384

static gint64
query_int (CareStore  *store,
           const char *sql,
           GError    **error)
{
  g_autofree char *text = care_store_query_text (store, sql, NULL, error);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static gint64
fts_setting (CareStore  *store,
             const char *fts,
             const char *key,
             gint64      fallback)
{
  g_autofree char *sql = g_strdup_printf ("SELECT v FROM %s_config WHERE k = ?1", fts);
  g_autofree char *text = care_store_query_text (store, sql, key, NULL);

  return text ? g_ascii_strtoll (text, NULL, 10) : fallback;
}

/* Drops what matches (type, name), keeping its SQL to create it again. */
static gboolean
drop_kept (CareStoreBulk *bulk,
           const char    *type,
           const char    *name,
           const char    *sql,
           GError       **error)
{
  g_autofree char *drop = g_strdup_printf ("DROP %s %s", type, name);

  g_ptr_array_add (bulk->recreate, g_strdup (sql));
  return care_store_exec (bulk->store, drop, error);
}

static gboolean
drop_indexes (CareStoreBulk *bulk,
              const char    *table,
              GError       **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sqls = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  /* Unique indexes stay: a row that breaks one is refused as it is
   * written, so the error names that row (automatic ones, of a UNIQUE
   * column, have no SQL). */
  stmt = care_store_prepare (bulk->store, "SELECT name, sql FROM sqlite_master "
                                          "WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL "
                                          "AND sql NOT LIKE 'CREATE UNIQUE %'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (sqls, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < names->len; i++)
    if (!drop_kept (bulk, "INDEX", names->pdata[i], sqls->pdata[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
drop_triggers (CareStoreBulk    *bulk,
               const CareEntity *entity,
               GError          **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (catch_ups); i++)
    {
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt = care_store_prepare (bulk->store, "SELECT sql FROM sqlite_master "
                                                            "WHERE type = 'trigger' AND name = ?1 AND tbl_name = ?2",
                                               error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, catch_ups[i].trigger, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, entity->table, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        sql = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (sql == NULL)
        continue;
      if (!drop_kept (bulk, "TRIGGER", catch_ups[i].trigger, sql, error))
        return FALSE;
      if (catch_ups[i].fts)
        {
          bulk->merges[i][0] = fts_setting (bulk->store, catch_ups[i].fts, "automerge", 4);
          bulk->merges[i][1] = fts_setting (bulk->store, catch_ups[i].fts, "crisismerge", 16);
        }
      if (catch_ups[i].column == NULL)
        g_ptr_array_add (bulk->triggers, GUINT_TO_POINTER (i));
      else if (!care_store_set_insert_column (bulk->store, entity, catch_ups[i].column, catch_ups[i].value, error))
        return FALSE;
      else
        bulk->insert_column = TRUE;
    }
  return TRUE;
}

/* FTS5 merges its segments as they pile up: every 4 of a level by
 * default (automerge), at once when 16 wait (crisismerge). Filled in one
 * statement, the index merges less often and in bigger steps with 8 and
 * 64 (a million rows into an index made as this one: 18% less CPU, the
 * same size and search times). A bulk that at least doubles the table
 * does not merge at all while it fills (automerge 0: a million rows make
 * 664 segments; crisismerge 1000 merges a level that reaches it, so two
 * levels stay under FTS5's 2,000 segments a table) and leaves the
 * segments to one 'optimize' at the end, which writes the index once
 * more, merged whole: each entry is written twice instead of once a
 * level. At a million rows the catch-up took 14.3-14.6 s of CPU against
 * 15.6-23.7 s with 16 and 128 in the same runs (BENCHMARKS.md, "Importing
 * a patient list", branch import5). The searches find one segment either
 * way, as fast as or faster than up to seven a level (a name and an
 * initial: p95 3.6 ms against 6.5-8.9 ms; the same section, branch fts3).
 * A few rows into a big index would have it all written again for them.
 * The table's own values are put back before the commit. */
#define BULK_CRISISMERGE 1000

static gboolean
fts_set_merges (CareStore  *store,
                const char *fts,
                gint64      automerge,
                gint64      crisismerge,
                GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO %s (%s, rank) VALUES ('automerge', %" G_GINT64_FORMAT "); "
                                          "INSERT INTO %s (%s, rank) VALUES ('crisismerge', %" G_GINT64_FORMAT ")",
                                          fts, fts, automerge, fts, fts, crisismerge);

  return care_store_exec (store, sql, error);
}

static gboolean
catch_up (CareStoreBulk *bulk,
          guint          i,
          GError       **error)
{
  const char *fts = catch_ups[i].fts;
  gint64 automerge = fts ? bulk->merges[i][0] : 0;
  gint64 crisismerge = fts ? bulk->merges[i][1] : 0;
  sqlite3_stmt *stmt;

  /* Built beside, the table is new: its settings are set again. */
  if (fts && bulk->built)
    return fts_set_merges (bulk->store, fts, automerge, crisismerge, error);
  if (fts && !(bulk->doubles ? fts_set_merges (bulk->store, fts, 0, BULK_CRISISMERGE, error)
                              : fts_set_merges (bulk->store, fts, MAX (automerge, 8), MAX (crisismerge, 64), error)))
    return FALSE;
  if (!(stmt = care_store_prepare (bulk->store, catch_ups[i].catch_up, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, bulk->last_before);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      care_store_set_sqlite_error (bulk->store, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  if (fts != NULL && bulk->doubles)
    {
      g_autofree char *optimize = g_strdup_printf ("INSERT INTO %s (%s) VALUES ('optimize')", fts, fts);

      if (!care_store_exec (bulk->store, optimize, error))
        return FALSE;
    }
  return fts == NULL || fts_set_merges (bulk->store, fts, automerge, crisismerge, error);
}

static void
bulk_free (CareStoreBulk *bulk)
{
  g_autofree char *pragma = g_strdup_printf ("PRAGMA cache_size=%" G_GINT64_FORMAT "; PRAGMA temp_store=%" G_GINT64_FORMAT "; "
                                             "PRAGMA cache_spill=%" G_GINT64_FORMAT "; PRAGMA threads=%" G_GINT64_FORMAT,
                                             bulk->cache_size, bulk->temp_store, bulk->cache_spill, bulk->threads);

  g_clear_pointer (&bulk->search, care_bulk_search_free);
  care_store_exec (bulk->store, pragma, NULL);
  if (bulk->insert_column)
    care_store_set_insert_column (bulk->store, bulk->entity, NULL, NULL, NULL);
  g_object_unref (bulk->store);
  g_ptr_array_unref (bulk->triggers);
  g_ptr_array_unref (bulk->recreate);
  g_free (bulk);
}

/* A bulk that at least doubles the table writes its full-text indexes
 * again whole: a thread builds them from the rows as they come
 * (care-store-bulk-search.c), on the machine's other core. */
static gboolean
build_search_beside (CareStoreBulk *bulk,
                     GError       **error)
{
  for (guint t = 0; t < bulk->triggers->len; t++)
    {
      guint i = GPOINTER_TO_UINT (bulk->triggers->pdata[t]);

      if (catch_ups[i].fts == NULL)
        continue;
      if (bulk->search == NULL)
        {
          g_autoptr(GError) local_error = NULL;

          bulk->search = care_bulk_search_start (bulk->store, bulk->entity->table, catch_ups[i].columns,
                                                 bulk->n_rows, 0, BULK_CRISISMERGE, &local_error);
          if (local_error)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (bulk->search == NULL)
            return TRUE;
        }
      care_bulk_search_add (bulk->search, catch_ups[i].fts, catch_ups[i].catch_up);
    }
  return bulk->search == NULL || care_bulk_search_run (bulk->search, error);
}

CareStoreBulk *
care_store_bulk_begin (CareStore        *store,
                       const CareEntity *entity,
                       guint             n_rows,
                       GError          **error)
{
  CareStoreBulk *bulk;
  g_autofree char *max_sql = g_strdup_printf ("SELECT coalesce(max(rowid), 0) FROM %s", entity->table);
  g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM %s", entity->table);

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (!care_store_begin (store, error))
    return NULL;
  bulk = g_new0 (CareStoreBulk, 1);
  bulk->store = g_object_ref (store);
  bulk->entity = entity;
  bulk->triggers = g_ptr_array_new ();
  bulk->recreate = g_ptr_array_new_with_free_func (g_free);
  bulk->last_before = query_int (store, max_sql, NULL);
  bulk->cache_size = query_int (store, "PRAGMA cache_size", NULL);
  bulk->temp_store = query_int (store, "PRAGMA temp_store", NULL);
  bulk->cache_spill = query_int (store, "PRAGMA cache_spill", NULL);
  bulk->threads = query_int (store, "PRAGMA threads", NULL);
  /* The rows' outbox entries, a hundred to a statement. */
  care_store_outbox_batch_begin (store);
  /* The indexes made again at the end are sorted in memory, not in
   * temporary files. */
  care_store_exec (store, "PRAGMA cache_size=-" G_STRINGIFY (BULK_CACHE_KIB) "; PRAGMA temp_store=MEMORY", NULL);
  /* A few rows into a big table: recreating its indexes would cost more
   * than the random inserts it saves. The same for the outbox, which
   * takes a row for each of them. */
  bulk->n_rows = n_rows;
  bulk->doubles = n_rows >= (guint64) query_int (store, count_sql, NULL);
  if (!drop_triggers (bulk, entity, error) ||
      (bulk->doubles && !drop_indexes (bulk, entity->table, error)) ||
      (!(entity->flags & CARE_ENTITY_LOCAL) &&
       n_rows >= (guint64) query_int (store, "SELECT count(*) FROM outbox", NULL) &&
       !drop_indexes (bulk, "outbox", error)))
    {
      care_store_bulk_abort (bulk);
      return NULL;
    }
  if (bulk->doubles && !build_search_beside (bulk, error))
    {
      care_store_bulk_abort (bulk);
      return NULL;
    }
  return bulk;
}

void
care_store_bulk_abort (CareStoreBulk *bulk)
{
  care_store_outbox_batch_end (bulk->store, FALSE, NULL);
  care_store_rollback (bulk->store);
  bulk_free (bulk);
}

/* The thread's CPU time in seconds, for the steps' debug messages: on a
 * shared machine the wall clock also counts the others' work. */
static double
thread_cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

guint
care_store_bulk_get_n_steps (CareStoreBulk *bulk)
{
  return bulk->triggers->len + bulk->recreate->len + 1 + (bulk->search != NULL);
}

void
care_store_bulk_set_progress (CareStoreBulk *bulk,
                              gint          *counter,
                              gint           per_step)
{
  bulk->progress = counter;
  bulk->per_step = per_step;
}

/* One finishing step has ended: logged with its time (G_MESSAGES_DEBUG=
 * care-store) and counted for the progress a caller shows. */
static void
step_done (CareStoreBulk *bulk,
           const char    *what,
           gint64        *start,
           double        *cpu)
{
  g_debug ("bulk %s: %.2f s, %.2f s of CPU", what, (g_get_monotonic_time () - *start) / 1e6,
           thread_cpu_s () - *cpu);
  *start = g_get_monotonic_time ();
  *cpu = thread_cpu_s ();
  if (bulk->progress)
    g_atomic_int_add (bulk->progress, bulk->per_step);
}

typedef enum {
  CATCH_UP_ALL,
  CATCH_UP_NOT_FTS,    /* those that fill no full-text index */
  CATCH_UP_FTS,        /* those that fill one (given to the thread) */
} CatchUps;

static gboolean
run_catch_ups (CareStoreBulk *bulk,
               CatchUps       which,
               gint64        *start,
               double        *cpu,
               GError       **error)
{
  for (guint i = 0; i < bulk->triggers->len; i++)
    {
      guint k = GPOINTER_TO_UINT (bulk->triggers->pdata[i]);
      gboolean fts = catch_ups[k].fts != NULL;
      gboolean given = fts && bulk->search != NULL;
      g_autofree char *what = NULL;

      if ((which == CATCH_UP_NOT_FTS && fts) || (which == CATCH_UP_FTS && !fts))
        continue;
      what = g_strconcat (given && bulk->built ? "settings given back to " : "catch-up of ",
                          given && bulk->built ? catch_ups[k].fts : catch_ups[k].trigger, NULL);
      if (!catch_up (bulk, k, error))
        return FALSE;
      step_done (bulk, what, start, cpu);
    }
  return TRUE;
}

gboolean
care_store_bulk_finish (CareStoreBulk *bulk,
                        GError       **error)
{
  CareStore *store = bulk->store;
  gint64 start = g_get_monotonic_time ();
  double cpu = thread_cpu_s ();

  if (!care_store_outbox_batch_end (store, TRUE, error) ||
      /* Built beside, the full-text indexes come after the indexes made
       * again: the thread may still be at work, on the other core. */
      !run_catch_ups (bulk, bulk->search ? CATCH_UP_NOT_FTS : CATCH_UP_ALL, &start, &cpu, error))
    goto failed;
  if (bulk->recreate->len > 0)
    {
      g_autofree char *sort = g_strdup_printf ("PRAGMA threads=%u; "
                                               "PRAGMA cache_spill=-" G_STRINGIFY (BULK_CACHE_KIB) "; "
                                               "PRAGMA cache_size=-" G_STRINGIFY (SORT_RUN_KIB) "; "
                                               "PRAGMA temp_store=FILE",
                                               g_get_num_processors ());

      /* As at the beginning, a setting refused leaves the sort as it
       * was: temp_store cannot change inside a transaction once the
       * connection has opened its temporary database. */
      care_store_exec (store, sort, NULL);
    }
  for (guint i = 0; i < bulk->recreate->len; i++)
    {
      g_autofree char *what = g_strdup_printf ("made again: %.60s", (const char *) bulk->recreate->pdata[i]);

      if (!care_store_exec (store, bulk->recreate->pdata[i], error))
        goto failed;
      step_done (bulk, what, &start, &cpu);
    }
  if (bulk->search)
    {
      g_autoptr(GError) local_error = NULL;

      /* The copy, or the catch-up if it is not to be used, with the
       * bulk's page cache again. */
      care_store_exec (store, "PRAGMA cache_size=-" G_STRINGIFY (BULK_CACHE_KIB), NULL);
      bulk->built = care_bulk_search_finish (bulk->search, &local_error);
      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto failed;
        }
      step_done (bulk, bulk->built ? "search indexes built beside, copied" : "search indexes built beside, not used",
                 &start, &cpu);
      if (!run_catch_ups (bulk, CATCH_UP_FTS, &start, &cpu, error))
        goto failed;
    }
  if (!care_store_commit (store, error))
    {
      bulk_free (bulk);
      return FALSE;
    }
  step_done (bulk, "commit", &start, &cpu);
  bulk_free (bulk);
  return TRUE;

failed:
  care_store_bulk_abort (bulk);
  return FALSE;
}
