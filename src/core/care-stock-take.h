/* care-stock-take.h: counting a shelf; the differences become adjustments
 *
 * The pharmacist counts the batches of a shelf (the stock list's rows for
 * a search) and types what is there. Confirming writes, in one
 * transaction, an adjustment with the reason "Stock count" for every
 * batch whose count differs from the ledger, and returns the count's
 * lines for its report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-stock-list.h"

G_BEGIN_DECLS

/* What was typed for one batch; counted < 0: not counted, left alone. */
typedef struct {
  const char *batch_id;
  gint64      counted;
} CareStockCountEntry;

/* One counted batch, for the report. */
typedef struct {
  char   *batch_id;
  char   *medicine_name;
  char   *batch_number;
  gint64  expected;
  gint64  counted;
  gint64  difference;      /* counted − expected */
} CareStockCountLine;

void        care_stock_count_line_free  (CareStockCountLine *line);

/* The batches on the shelf: care_stock_rows() of text that hold a batch
 * (an array of CareStockRow), at most limit (0: all). */
GPtrArray  *care_stock_take_rows        (CareStore                 *store,
                                         const char                *text,
                                         guint                      limit,
                                         GError                   **error);

/* Writes the adjustments of entries by the store's actor: all or nothing.
 * A refusal names "quantity" and *failed_entry the entry. Returns the
 * counted lines (CareStockCountLine), those that differ first. */
GPtrArray  *care_stock_take             (CareStore                 *store,
                                         const CareStockCountEntry *entries,
                                         guint                      n_entries,
                                         guint                     *failed_entry,
                                         GError                   **error);

/* The report of a count for the screen and the records: a heading with
 * the day and who counted, then one line per batch that differed, then
 * totals. */
char       *care_stock_take_report      (GPtrArray                 *lines,
                                         const char                *counted_by);

G_END_DECLS
