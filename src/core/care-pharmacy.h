/* care-pharmacy.h: dispensing a pharmacy order from stock
 *
 *   pending → in_progress | ready | dispensed | cancelled
 *   in_progress → ready | dispensed | cancelled
 *   ready → dispensed | cancelled
 * dispensed and cancelled are where an order ends. Stock is taken from
 * unexpired batches, the first to expire first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"

G_BEGIN_DECLS

/* Takes the quantity of a prescription_item from batches (stock_batch
 * records of its medicine, in order of expiry): lowers their quantities,
 * adds each changed batch to changed and its new "dispense" stock
 * movement (care-stock.h) by actor for order (may be NULL) to movements.
 * Not enough unexpired stock is a CARE_RULE_ERROR_SHORTAGE, and nothing
 * is taken. */
gboolean     care_pharmacy_take_stock      (CareRecord  *item,
                                            GPtrArray   *batches,
                                            const char  *actor,
                                            const char  *order_id,
                                            GPtrArray   *changed,
                                            GPtrArray   *movements,
                                            GError     **error);
/* Whether order may still be dispensed (not dispensed or cancelled). */
gboolean     care_pharmacy_check_open      (CareRecord  *order,
                                            GError     **error);
/* The order is dispensed by actor, now; refused once dispensed or
 * cancelled. */
gboolean     care_pharmacy_dispense        (CareRecord  *order,
                                            const char  *actor,
                                            GError     **error);

/* An order's status changes only as above, whoever writes it. */
const CareEntityRules *care_pharmacy_entity_rules (guint *n_rules);

G_END_DECLS
