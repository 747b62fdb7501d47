/* care-invoice-copy.h: which copy of an invoice to show, print or export
 *
 * An issued invoice has two: the current copy (drawn now, with payments,
 * balance and a VOID stamp where it applies; what a patient asking for
 * their invoice today should get) and the original as issued (the archived
 * PDF, byte for byte). Either is made in a worker thread with its own
 * connection to the store, so the window keeps drawing meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "caredesk-core.h"

G_BEGIN_DECLS

typedef enum {
  CARE_INVOICE_COPY_CURRENT,   /* care_invoice_document_current_copy(); a draft's preview */
  CARE_INVOICE_COPY_ORIGINAL,  /* care_invoice_document_get_pdf(): the archived bytes */
} CareInvoiceCopy;

/* "Current Copy (with payments)" or "Original as Issued", translated. */
const char *care_invoice_copy_label        (CareInvoiceCopy      copy);
/* The title of its preview: "Invoice K7QF-000042 — Current Copy". */
char       *care_invoice_copy_title        (CareRecord          *invoice,
                                            CareInvoiceCopy      copy);
/* The file name suggested on export. */
char       *care_invoice_copy_file_name    (CareRecord          *invoice,
                                            CareInvoiceCopy      copy);
void        care_invoice_copy_load_async   (CareStore           *store,
                                            const char          *invoice_id,
                                            CareInvoiceCopy      copy,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GBytes     *care_invoice_copy_load_finish  (CareStore           *store,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
