/* care-stock-billing.h: what the pharmacy dispenses becomes lines of the patient's draft invoice
 *
 * Each dispense movement of an order is one invoice line (kind
 * "medicine", source stock_movement/<id>) at the medicine's unit price,
 * written in the dispensing's own transaction on the patient's open
 * draft, or on a new draft when there is none. A movement already on an
 * invoice (other than a void one) is never billed again, so a retried
 * dispensing cannot bill twice; reception's "Add Visit Items" no longer
 * offers a prescribed medicine that the pharmacy billed this way.
 *
 * Only an account whose role may bill (an administrator, reception at a
 * shared counter) bills as it dispenses. A pharmacist's dispensing is
 * billed by reception, whose "Add Visit Items" offers it: the pharmacy's
 * workstation writes no invoice the server would refuse from it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

/* Bills movement (a saved "dispense" of order) to order's patient.
 * Returns the line's invoice_item id (the existing one when it was
 * billed already), "" when the acting account does not bill, or NULL with
 * error set. */
char       *care_stock_bill_dispense    (CareStore   *store,
                                         CareRecord  *order,
                                         CareRecord  *movement,
                                         GError     **error);

/* The patient's open draft invoice, newest first; NULL (no error) when
 * there is none. */
CareRecord *care_stock_find_draft       (CareStore   *store,
                                         const char  *patient_id,
                                         GError     **error);

G_END_DECLS
