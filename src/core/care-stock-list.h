/* care-stock-list.h: the pharmacy's stock as a list of batches with their alerts, filtered in SQL
 *
 * One row per batch that holds stock (or is below zero after an offline
 * clash), and one per medicine that holds none, so that a medicine out of
 * stock is listed under its reorder alert. Filtering by text (medicine,
 * generic name or batch number) and by alert happens in SQLite, so a
 * shelf of 20,000 batches filters at typing speed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-stock.h"

G_BEGIN_DECLS

typedef enum {
  CARE_STOCK_FILTER_ALL,
  CARE_STOCK_FILTER_ALERTS,    /* any of the three below */
  CARE_STOCK_FILTER_EXPIRED,   /* expired, still on the shelf */
  CARE_STOCK_FILTER_EXPIRING,  /* expiring within 90 days */
  CARE_STOCK_FILTER_LOW,       /* the medicine is below its reorder level */
} CareStockFilter;

typedef struct {
  char           *medicine_id;
  char           *medicine_name;
  char           *strength;
  char           *batch_id;       /* NULL: the medicine holds no stock */
  char           *batch_number;
  char           *expiry_date;
  char           *supplier;
  gint64          quantity;
  gint64          on_hand;        /* the medicine's unexpired stock */
  gint64          reorder_level;  /* 0: none */
  CareExpiryBand  band;
  gboolean        low;
} CareStockRow;

void        care_stock_row_free  (CareStockRow *row);

/* The rows matching text (NULL or "": all) and filter, by medicine then
 * expiry; at most limit (0: no limit). An array of CareStockRow. */
GPtrArray  *care_stock_rows      (CareStore       *store,
                                  const char      *text,
                                  CareStockFilter  filter,
                                  guint            limit,
                                  GError         **error);

G_END_DECLS
