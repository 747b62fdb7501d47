/* care-invoice-document.h: the printed invoice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-document.h"

G_BEGIN_DECLS

/* Draws the invoice as it stands in the store now: letterhead, patient,
 * lines (the header repeated on every page), totals with paid and balance
 * due. A draft carries a DRAFT watermark, a void invoice VOID. */
GBytes     *care_invoice_document_render   (CareStore   *store,
                                            CareRecord  *invoice,
                                            GError     **error);
/* The CareBillingRenderFunc that care_billing_issue() archives with. */
GBytes     *care_invoice_document_render_cb(CareStore   *store,
                                            CareRecord  *invoice,
                                            gpointer     user_data,
                                            GError     **error);
/* Issues the draft (care_billing_issue()) and archives its PDF bytes and
 * SHA-256 in the invoice, in one transaction. */
gboolean    care_invoice_document_issue    (CareStore   *store,
                                            const char  *invoice_id,
                                            GError     **error);
/* The same without blocking: every rule is checked at once, the PDF is
 * drawn (cairo and pango) in a worker thread, and the invoice is written
 * back on this thread, in one transaction, only if what was drawn is still
 * the invoice as issued (else it is drawn again). */
void        care_invoice_document_issue_async  (CareStore          *store,
                                                const char         *invoice_id,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean    care_invoice_document_issue_finish (CareStore          *store,
                                                GAsyncResult       *result,
                                                GError            **error);
/* What to show, print or export: the archived bytes of an issued invoice
 * (so a reprint is identical to the original), else a fresh rendering.
 * archived (may be NULL) says which. The archive's checksum is verified. */
GBytes     *care_invoice_document_get_pdf  (CareStore   *store,
                                            const char  *invoice_id,
                                            gboolean    *archived,
                                            GError     **error);
/* A reprint that tells the truth: the invoice as it stands today (by the
 * core's clock), marked "Current copy printed on DATE", with its payments
 * and receipts, what was paid, the balance due, and the VOID stamp and
 * reason of a voided invoice. The archived original is left as it is. */
GBytes     *care_invoice_document_current_copy (CareStore   *store,
                                                const char  *invoice_id,
                                                GError     **error);
/* "Invoice K7QF-000042.pdf" (or "Invoice draft.pdf"): a file name to export to. */
char       *care_invoice_document_file_name(CareRecord  *invoice);

G_END_DECLS
