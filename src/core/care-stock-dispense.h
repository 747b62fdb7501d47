/* care-stock-dispense.h: the pharmacy's queue of orders and dispensing them batch by batch
 *
 * An open pharmacy order (pending, in progress or ready) lists the items
 * of its prescription. For each item the batch to take is suggested first
 * expiry first out (care_stock_fefo()); the pharmacist may take less
 * (partial dispensing: the order stays in progress until every item is
 * dispensed) or another batch, even of another medicine (a substitution,
 * which needs a reason). Each dispensed line is a "dispense" stock
 * movement naming the order and the item, written with the batch's new
 * quantity and the order's status in one transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-stock.h"

G_BEGIN_DECLS

typedef struct {
  CareRecord *order;            /* pharmacy_order */
  char       *patient_name;
  char       *prescriber_name;
  char       *items;            /* "Amoxicillin × 14, Paracetamol × 20" */
} CareOrderEntry;

void        care_order_entry_free       (CareOrderEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareOrderEntry, care_order_entry_free)

/* The open orders, oldest first: an array of CareOrderEntry. */
GPtrArray  *care_stock_order_queue      (CareStore   *store,
                                         GError     **error);

typedef struct {
  CareRecord *item;             /* prescription_item */
  gint64      prescribed;
  gint64      dispensed;        /* by this order so far */
  GPtrArray  *batches;          /* the medicine's batches holding stock, by expiry */
  CareRecord *suggested;        /* one of batches, or NULL: nothing usable */
} CareDispenseItem;

void        care_dispense_item_free     (CareDispenseItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareDispenseItem, care_dispense_item_free)
/* What is still to dispense of item. */
gint64      care_dispense_item_remaining (const CareDispenseItem *item);

/* The items of order's prescription with their suggested batches: an
 * array of CareDispenseItem. */
GPtrArray  *care_stock_dispense_items   (CareStore   *store,
                                         CareRecord  *order,
                                         GError     **error);

/* What the pharmacist takes for one item. quantity 0: nothing now. */
typedef struct {
  const char *item_id;
  const char *batch_id;
  gint64      quantity;
  const char *reason;           /* needed when batch_id is not the suggestion */
} CareDispenseLine;

/* Dispenses lines of order by the store's actor: all or nothing. A
 * refusal names the field ("quantity", "batch_id", "reason") and
 * *failed_line the line it concerns (G_MAXUINT for the whole order).
 * The order becomes dispensed when every item is, else in progress. */
gboolean    care_stock_dispense         (CareStore              *store,
                                         CareRecord             *order,
                                         const CareDispenseLine *lines,
                                         guint                   n_lines,
                                         guint                  *failed_line,
                                         GError                **error);

G_END_DECLS
