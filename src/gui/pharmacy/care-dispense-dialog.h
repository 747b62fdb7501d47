/* care-dispense-dialog.h: dispense a pharmacy order, item by item, from the suggested batches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_DISPENSE_DIALOG (care_dispense_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CareDispenseDialog, care_dispense_dialog, CARE, DISPENSE_DIALOG, AdwWindow)

/* Closes itself once the order is dispensed (wholly or in part). */
CareDispenseDialog *care_dispense_dialog_new (CareStore  *store,
                                              CareRecord *order);

G_END_DECLS
