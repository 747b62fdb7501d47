/* care-invoice-editor.h: one invoice: its lines, totals, payments, actions
 *
 * A draft can be edited (lines added, changed, removed, with the totals
 * recomputed at once) and issued; an issued invoice is read-only and can
 * be paid, voided, or voided and reissued; any invoice can be previewed,
 * printed and exported (an issued one from its archived PDF).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_INVOICE_EDITOR (care_invoice_editor_get_type ())
G_DECLARE_FINAL_TYPE (CareInvoiceEditor, care_invoice_editor, CARE, INVOICE_EDITOR, GtkWidget)

GtkWidget  *care_invoice_editor_new            (CareSession       *session);
/* NULL shows nothing. */
void        care_invoice_editor_set_invoice_id (CareInvoiceEditor *self,
                                                const char        *invoice_id);
const char *care_invoice_editor_get_invoice_id (CareInvoiceEditor *self);
/* Re-reads the invoice from the store. */
void        care_invoice_editor_reload         (CareInvoiceEditor *self);

G_END_DECLS
