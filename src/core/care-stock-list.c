/* care-stock-list.c: the pharmacy's stock as a list of batches with their alerts, filtered in SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-stock-list"

#include "config.h"

#include "care-clock.h"
#include "care-stock-list.h"
#include "care-store-sql.h"

void
care_stock_row_free (CareStockRow *row)
{
  g_free (row->medicine_id);
  g_free (row->medicine_name);
  g_free (row->strength);
  g_free (row->batch_id);
  g_free (row->batch_number);
  g_free (row->expiry_date);
  g_free (row->supplier);
  g_free (row);
}

/* ?1 tenant, ?2 today, ?3 the day 90 days on, ?4 a LIKE pattern or NULL.
 * Each filter is one WHERE clause over the same join. */
#define LOW "(m.reorder_level > 0 AND m.on_hand < m.reorder_level)"
static const char *const filter_sql[] = {
  [CARE_STOCK_FILTER_ALL] = "1",
  [CARE_STOCK_FILTER_ALERTS] = "(b.expiry_date <= ?3 OR " LOW ")",
  [CARE_STOCK_FILTER_EXPIRED] = "b.expiry_date < ?2",
  [CARE_STOCK_FILTER_EXPIRING] = "(b.expiry_date >= ?2 AND b.expiry_date <= ?3)",
  [CARE_STOCK_FILTER_LOW] = LOW,
};

/* The whole shelf: every medicine's unexpired stock summed in one pass
 * over the batches. */
#define ALL_ROWS_SQL \
  "SELECT m.id, m.name, m.strength, b.id, b.batch_number, b.expiry_date, b.supplier, " \
  "coalesce (b.quantity, 0), m.on_hand, m.reorder_level, " LOW " FROM " \
  "(SELECT m.id, m.name, m.strength, coalesce (m.reorder_level, 0) AS reorder_level, " \
  " coalesce (t.on_hand, 0) AS on_hand " \
  " FROM medicines m LEFT JOIN (SELECT medicine_id, sum (quantity) AS on_hand FROM stock_batches " \
  "  WHERE tenant_id IS ?1 AND expiry_date >= ?2 GROUP BY medicine_id) t ON t.medicine_id = m.id " \
  " WHERE m.tenant_id IS ?1 AND ?4 IS NULL) m " \
  "LEFT JOIN stock_batches b ON b.medicine_id = m.id AND b.quantity <> 0 " \
  "WHERE (b.id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM stock_batches x WHERE x.medicine_id = m.id " \
  " AND x.quantity <> 0)) " \
  "AND %s ORDER BY m.name COLLATE NOCASE, m.id, b.expiry_date, b.batch_number LIMIT ?5"

/* A search: the medicines it concerns come first, each with its
 * unexpired stock summed over its own batches (the index on medicine_id,
 * expiry_date, quantity answers it), instead of summing every batch of
 * the clinic for every keystroke: the batches are read once, for the lot
 * numbers, and a few medicines summed (BENCHMARKS.md). */
#define SEARCH_ROWS_SQL \
  "WITH m AS MATERIALIZED (SELECT m.id, m.name, m.strength, coalesce (m.reorder_level, 0) AS reorder_level, " \
  " (SELECT coalesce (sum (x.quantity), 0) FROM stock_batches x WHERE x.medicine_id = m.id " \
  "  AND x.expiry_date >= ?2) AS on_hand, " \
  " (?4 IS NULL OR m.name LIKE ?4 OR m.generic_name LIKE ?4) AS named " \
  " FROM medicines m WHERE m.tenant_id IS ?1 AND (?4 IS NULL OR m.name LIKE ?4 OR m.generic_name LIKE ?4 " \
  "  OR m.id IN (SELECT medicine_id FROM stock_batches WHERE tenant_id IS ?1 AND batch_number LIKE ?4))) " \
  "SELECT m.id, m.name, m.strength, b.id, b.batch_number, b.expiry_date, b.supplier, " \
  "coalesce (b.quantity, 0), m.on_hand, m.reorder_level, " LOW " FROM m " \
  "LEFT JOIN stock_batches b ON b.medicine_id = m.id AND b.quantity <> 0 " \
  "WHERE (b.id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM stock_batches x WHERE x.medicine_id = m.id " \
  " AND x.quantity <> 0)) " \
  "AND (m.named OR b.batch_number LIKE ?4) " \
  "AND %s ORDER BY m.name COLLATE NOCASE, m.id, b.expiry_date, b.batch_number LIMIT ?5"

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

GPtrArray *
care_stock_rows (CareStore        *store,
                 const char       *text,
                 CareStockFilter   filter,
                 guint             limit,
                 GError          **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) care_stock_row_free);
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 90);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *soon = g_date_time_format (later, "%Y-%m-%d");
  g_autofree char *pattern = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (filter <= CARE_STOCK_FILTER_LOW, NULL);

  if (*stripped)
    pattern = g_strdup_printf ("%%%s%%", stripped);
  sql = pattern ? g_strdup_printf (SEARCH_ROWS_SQL, filter_sql[filter]) : g_strdup_printf (ALL_ROWS_SQL, filter_sql[filter]);
  stmt = care_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, soon, -1, SQLITE_TRANSIENT);
  if (pattern)
    sqlite3_bind_text (stmt, 4, pattern, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_int64 (stmt, 5, limit ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CareStockRow *row = g_new0 (CareStockRow, 1);

      row->medicine_id = column_dup (stmt, 0);
      row->medicine_name = column_dup (stmt, 1);
      row->strength = column_dup (stmt, 2);
      row->batch_id = column_dup (stmt, 3);
      row->batch_number = column_dup (stmt, 4);
      row->expiry_date = column_dup (stmt, 5);
      row->supplier = column_dup (stmt, 6);
      row->quantity = sqlite3_column_int64 (stmt, 7);
      row->on_hand = sqlite3_column_int64 (stmt, 8);
      row->reorder_level = sqlite3_column_int64 (stmt, 9);
      row->low = sqlite3_column_int (stmt, 10) != 0;
      row->band = row->batch_id ? care_stock_expiry_band (row->expiry_date, today) : CARE_EXPIRY_FINE;
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}
