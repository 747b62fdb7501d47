/* care-stock.h: the pharmacy's stock ledger, expiry bands and first-expiry-first-out
 *
 * Every change of a batch's stock is an append-only stock_movement:
 * receipt, dispense, adjustment (with a reason), return and write-off
 * (with a reason). A batch's quantity is the sum of its movements;
 * stock_batch.quantity keeps that sum, written in the same transaction as
 * the movement, and care_stock_check_ledger() proves the two agree.
 *
 * Dates are the clinic's local days (care_clock_today()): a batch that
 * expires today may still be dispensed today; from tomorrow it is expired.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

typedef enum {
  CARE_EXPIRY_FINE,     /* more than 180 days left */
  CARE_EXPIRY_180,      /* 91 to 180 days */
  CARE_EXPIRY_90,       /* 61 to 90 days */
  CARE_EXPIRY_60,       /* 31 to 60 days */
  CARE_EXPIRY_30,       /* 0 (expires today) to 30 days */
  CARE_EXPIRY_EXPIRED,  /* the expiry date has passed */
} CareExpiryBand;

/* Days from today to expiry_date (both YYYY-MM-DD): 0 expires today,
 * negative has expired; G_MININT when either is not a date. */
int             care_stock_days_left        (const char *expiry_date,
                                             const char *today);
CareExpiryBand  care_stock_expiry_band      (const char *expiry_date,
                                             const char *today);
/* For a badge: "Expired", "Expires today", "Expires in 12 days"; NULL
 * for CARE_EXPIRY_FINE. */
char           *care_stock_expiry_text      (const char *expiry_date,
                                             const char *today);
/* Whether a batch may be dispensed today (not expired). */
gboolean        care_stock_batch_usable     (CareRecord *batch,
                                             const char *today);
/* Whether a medicine's unexpired stock is below its reorder level (a
 * medicine without one never is). */
gboolean        care_stock_is_low           (gint64      on_hand,
                                             gint64      reorder_level);

/* First expiry, first out: of batches (stock_batch records), the unexpired
 * one holding stock that expires first (ties: the lower batch number);
 * NULL when none. */
CareRecord     *care_stock_fefo             (GPtrArray  *batches,
                                             const char *today);

/* The decision: a new, unsaved movement of batch. quantity is the amount
 * (at least 1) for receipt, return, dispense and write-off, which the
 * movement signs; an adjustment gives the signed change. Refusals name the
 * field: no quantity, a reason missing for an adjustment or a write-off,
 * taking more than the batch holds, dispensing an expired batch. */
CareRecord     *care_stock_new_movement     (CareRecord  *batch,
                                             const char  *kind,
                                             gint64       quantity,
                                             const char  *reason,
                                             const char  *actor,
                                             GError     **error);

/* Sets a refusal of a stock movement naming field; returns FALSE. */
gboolean        care_stock_refuse           (GError    **error,
                                             gint        code,
                                             const char *field,
                                             const char *detail);

/* Writes movement and the batch's new quantity in one transaction (batch
 * is updated in place). Returns FALSE with nothing written on failure. */
gboolean        care_stock_apply            (CareStore   *store,
                                             CareRecord  *batch,
                                             CareRecord  *movement,
                                             GError     **error);

/* A movement of batch by the store's actor, written (see above). Returns
 * the saved movement. */
CareRecord     *care_stock_record_movement  (CareStore   *store,
                                             CareRecord  *batch,
                                             const char  *kind,
                                             gint64       quantity,
                                             const char  *reason,
                                             GError     **error);

/* Stock taking: counted is what is on the shelf of batch; a difference
 * from its quantity becomes an adjustment with reason (or "Stock take").
 * Returns the saved adjustment, or NULL without error when the count
 * agrees. A count below zero is refused on "quantity". */
CareRecord     *care_stock_count            (CareStore   *store,
                                             CareRecord  *batch,
                                             gint64       counted,
                                             const char  *reason,
                                             GError     **error);

/* Receives a new batch: batch is a filled stock_batch whose quantity is
 * the amount received; it is written with its receipt movement. */
gboolean        care_stock_receive          (CareStore   *store,
                                             CareRecord  *batch,
                                             GError     **error);

/* A batch's movements, newest first. */
GPtrArray      *care_stock_movements        (CareStore   *store,
                                             const char  *batch_id,
                                             GError     **error);

/* TRUE when every batch's quantity is the sum of its movements; else the
 * ids of the batches that disagree are added to mismatched (may be
 * NULL). FALSE with error set when the store cannot be read. */
gboolean        care_stock_check_ledger     (CareStore   *store,
                                             GPtrArray   *mismatched,
                                             GError     **error);

/* Batches below zero: two workstations took the same last units while
 * offline, and both movements were kept. Each is a discrepancy for the
 * pharmacist to resolve with a count (care_stock_count()). An array of
 * stock_batch records, by expiry. */
GPtrArray      *care_stock_discrepancies    (CareStore   *store,
                                             GError     **error);

/* For the stock modules: the records of entity that "SELECT <its
 * columns> " + from reads, with ?1 the store's tenant and ?2 arg
 * (unbound when NULL). */
GPtrArray      *care_stock_query_records    (CareStore        *store,
                                             const CareEntity *entity,
                                             const char       *from,
                                             const char       *arg,
                                             GError          **error);

/* The rule behind every written movement (the server's routes and sync
 * push): the batch's quantity becomes the sum of its ledger. */
gboolean        care_stock_movement_written (CareRuleContext *ctx,
                                             CareRecord      *movement,
                                             gboolean         created,
                                             GError         **error);

G_END_DECLS
