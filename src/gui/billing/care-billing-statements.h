/* care-billing-statements.h: a payment's receipt and a patient's statement
 *
 * Both open in the PDF preview (with Print and Export), drawn in a worker
 * from what core gathered (care-statement-document.h); a refusal shows in
 * a message. The statement asks for its period first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* Shows the receipt of a stored payment. */
void       care_billing_show_receipt    (GtkWindow    *parent,
                                         CareStore    *store,
                                         const char   *payment_id,
                                         GCancellable *cancellable);
/* Asks for a period (the last twelve months by default) and shows the
 * patient's statement for it; returns the dialog (named
 * "statement-dialog", its entries "statement-from" and "statement-to"). */
GtkWidget *care_billing_ask_statement   (GtkWindow    *parent,
                                         CareStore    *store,
                                         const char   *patient_id,
                                         GCancellable *cancellable);

G_END_DECLS
