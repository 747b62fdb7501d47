/* care-stock-dialogs.h: receiving a new batch, and adjusting a batch's stock with a reason
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* A window that receives a batch of a medicine (lot, expiry, quantity,
 * supplier, cost); it closes once the batch and its receipt are written. */
GtkWindow *care_receive_dialog_new (CareStore  *store);
/* A window that records an adjustment, a write-off or a return of the
 * batch batch_id, with its reason. */
GtkWindow *care_adjust_dialog_new  (CareStore  *store,
                                    const char *batch_id);

G_END_DECLS
