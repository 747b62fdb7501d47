/* care-store-opening.c: the long work opening a store may do first, told before and while it runs
 *
 * Opening a store upgrades an older schema (care-store-migrations.c) and,
 * when LC_COLLATE is not the one the patients' sort keys were made for
 * (a workstation's language changed), makes every key again
 * (care-collation.c). Both are rare, and both take long on a large
 * clinic: a million patients' keys took 35 s. So a caller can ask first
 * (care_store_read_pending_work(): the schema version, the collation the
 * keys were made for and the kept patient count, nothing written) and
 * show a window while the work runs in a worker (care-store-open-async.c),
 * with the keys' progress from here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-collation.h"
#include "care-store-private.h"

/* Rows whose keys one statement makes: a hundredth of the patients, so
 * that the bar moves in steps of a percent, but no fewer than 256 rows
 * (a statement's own cost) and no more than 10,000 (a million patients:
 * a step every ~0.3 s). */
#define SORT_BATCH_MIN 256
#define SORT_BATCH_MAX 10000

/* The bar's share of each part, as they took with 300,000 and 1,000,000
 * patients: the keys, the index made again; the commit the rest. */
#define KEYS_SHARE  0.5
#define INDEX_SHARE 0.3

/* The first column of sql's first row on db, as an integer; FALSE with
 * error when sql fails (a table that is not there, a file that is not a
 * database). No row is 0. */
static gboolean
query_int (sqlite3     *db,
           const char  *sql,
           gint64      *value,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *value = 0;
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    goto fail;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    goto fail;
  sqlite3_finalize (stmt);
  return TRUE;

fail:
  g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
               _("The local database reported an error: %s"), sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return FALSE;
}

/* The locale the keys were made for; NULL when the store never said
 * (a new store, or one made before version 5). */
static char *
keys_made_for (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  char *locale = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'collation_locale'",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    locale = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return locale;
}

/* The patients a store keeps count of (version 6: patient_count); -1
 * before, where only count(*) knows, which reads a whole index. */
static gint64
kept_patient_count (sqlite3 *db,
                    guint    version)
{
  gint64 n;

  if (version < 6 || !query_int (db, "SELECT n FROM patient_count", &n, NULL))
    return -1;
  return n;
}

gboolean
care_store_read_pending_work (sqlite3       *db,
                              guint          target,
                              CareStoreWork *what,
                              GError       **error)
{
  gint64 version;
  g_autofree char *built_for = NULL;

  *what = (CareStoreWork) { CARE_STORE_WORK_NONE, 0, 0 };
  /* Reading the schema also tells whether this is a database at all. */
  if (!query_int (db, "SELECT count(*) FROM sqlite_schema", &version, error) ||
      !query_int (db, "PRAGMA user_version", &version, error))
    return FALSE;
  what->schema_version = (guint) version;

  /* A new file is made in an instant; a newer one is refused in one. */
  if (version == 0 || version > target)
    return TRUE;
  if (version < target)
    what->flags |= CARE_STORE_WORK_UPGRADE;

  /* Version 5 made the keys (in the locale of the upgrade, at once). */
  if (version < 5)
    return TRUE;
  built_for = keys_made_for (db);
  if (built_for != NULL && !care_collation_same (built_for, care_collation_locale ()))
    {
      what->flags |= CARE_STORE_WORK_SORT;
      what->n_patients = kept_patient_count (db, (guint) version);
    }
  return TRUE;
}

gboolean
care_store_open_pending_work (const char     *path,
                              CareStoreWork  *what,
                              GError        **error)
{
  sqlite3 *db = NULL;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (what != NULL, FALSE);

  *what = (CareStoreWork) { CARE_STORE_WORK_NONE, 0, 0 };
  if (g_str_equal (path, ":memory:") || !g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  /* Read-only: whatever the answer, the file is as it was (beside a WAL
   * store SQLite may leave an empty log and its index, which the next
   * opening uses). Often the process's first connection: SQLite is
   * configured first, as for the store's own. */
  care_store_configure_sqlite ();
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                   _("Could not open the local database “%s”: %s"),
                   path, db ? sqlite3_errmsg (db) : sqlite3_errstr (SQLITE_NOMEM));
      sqlite3_close_v2 (db);
      return FALSE;
    }
  sqlite3_busy_timeout (db, 5000);
  ok = care_store_read_pending_work (db, care_schema_version (), what, error);
  sqlite3_close_v2 (db);
  return ok;
}

static void
tell (CareStoreProgressFunc progress,
      gpointer              progress_data,
      double                fraction)
{
  if (progress != NULL)
    progress (CARE_STORE_WORK_SORT, fraction, progress_data);
}

/* Every patient's key again, a batch of rows (by seq, the rowid) to a
 * statement, telling progress from 0 up to share. Only sort_key changes:
 * no trigger fires on it (the search and sort triggers are on the names,
 * the count's on insert and delete), nothing is noted as changed, no
 * outbox entry is written: the keys are this workstation's own and never
 * sync (updated_at stays, so no pull or push sees the rows). */
static gboolean
make_keys (CareStore             *self,
           double                 share,
           CareStoreProgressFunc  progress,
           gpointer               progress_data,
           GError               **error)
{
  sqlite3 *db = care_store_get_db (self);
  sqlite3_stmt *bound, *update;
  gint64 total = kept_patient_count (db, care_store_get_schema_version (self));
  gint64 done = 0, low = G_MININT64, high;
  int batch;

  if (total < 0 && !query_int (db, "SELECT count(*) FROM patients", &total, error))
    return FALSE;
  batch = (int) CLAMP (total / 100, SORT_BATCH_MIN, SORT_BATCH_MAX);
  tell (progress, progress_data, 0.0);
  do
    {
      /* The last seq of the next batch, or the end. */
      bound = care_store_prepare (self, "SELECT seq FROM patients WHERE seq > ?1 ORDER BY seq LIMIT 1 OFFSET ?2", error);
      if (bound == NULL)
        return FALSE;
      sqlite3_bind_int64 (bound, 1, low);
      sqlite3_bind_int (bound, 2, batch - 1);
      high = sqlite3_step (bound) == SQLITE_ROW ? sqlite3_column_int64 (bound, 0) : G_MAXINT64;
      sqlite3_reset (bound);

      update = care_store_prepare (self, "UPDATE patients SET sort_key = care_sort_key(family_name, given_name) "
                                         "WHERE seq > ?1 AND seq <= ?2", error);
      if (update == NULL)
        return FALSE;
      sqlite3_bind_int64 (update, 1, low);
      sqlite3_bind_int64 (update, 2, high);
      if (sqlite3_step (update) != SQLITE_DONE)
        return care_store_set_sqlite_error (self, error);
      sqlite3_reset (update);
      done += sqlite3_changes (db);
      low = high;
      if (high != G_MAXINT64 && total > 0)
        tell (progress, progress_data, share * MIN ((double) done / total, 1.0));
    }
  while (high != G_MAXINT64);
  return TRUE;
}

/* The keys, and their index made again after them: a million keys
 * written into the index one by one land on random pages, far more than
 * the cache holds (35 s); dropped first and created after, it is one sort
 * (about 7 s in all: BENCHMARKS.md, "Opening a store in another
 * language"). Inside the caller's transaction, as care-store-bulk.c does
 * for an import: a rollback keeps the index, and other connections never
 * see it missing. */
static gboolean
sort_again (CareStore             *self,
            CareStoreProgressFunc  progress,
            gpointer               progress_data,
            GError               **error)
{
  g_autofree char *index_sql = care_store_query_text (self, "SELECT sql FROM sqlite_master "
                                                            "WHERE type = 'index' AND name = 'patients_sort_key'",
                                                      NULL, error);

  if (index_sql != NULL && !care_store_exec (self, "DROP INDEX patients_sort_key", error))
    return FALSE;
  if (!make_keys (self, KEYS_SHARE, progress, progress_data, error))
    return FALSE;
  if (index_sql != NULL && !care_store_exec (self, index_sql, error))
    return FALSE;
  tell (progress, progress_data, KEYS_SHARE + INDEX_SHARE);
  return TRUE;
}

/* The list's sort keys follow LC_COLLATE (care-collation.c): a store
 * opened in another locale than the one its keys were made for makes them
 * again, once, all or none. */
gboolean
care_store_check_collation (CareStore              *self,
                            CareStoreProgressFunc   progress,
                            gpointer                progress_data,
                            GError                **error)
{
  const char *locale = care_collation_locale ();
  g_autofree char *built_for = NULL;

  if (care_store_get_schema_version (self) < 5)
    return TRUE;
  built_for = care_store_get_meta (self, "collation_locale");
  /* Keys made in C are those of C.UTF-8: nothing to make again. */
  if (care_collation_same (built_for, locale))
    return TRUE;
  /* A new store's keys were made in this locale (or there were none). */
  if (built_for == NULL)
    return care_store_set_meta (self, "collation_locale", locale, error);

  g_debug ("Making the sort keys of %s again for %s (were %s)",
           care_store_get_path (self), locale, built_for);
  if (!care_store_begin (self, error))
    return FALSE;
  if (!sort_again (self, progress, progress_data, error) ||
      !care_store_set_meta (self, "collation_locale", locale, error))
    {
      care_store_rollback (self);
      return FALSE;
    }
  if (!care_store_commit (self, error))
    return FALSE;
  tell (progress, progress_data, 1.0);
  return TRUE;
}
