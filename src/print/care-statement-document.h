/* care-statement-document.h: the printed payment receipt and patient statement
 *
 * Both are drawn with the shared layout (letterhead, tagged PDF, metadata
 * without the patient's name) from what core gathered
 * (care-statements.h). The receipt's _async gathers on the calling
 * thread, which owns the store, and draws in a worker; the statement's
 * (every invoice and payment of a patient) reads and draws in a worker on
 * a store connection of its own (care-store-worker.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-document.h"

G_BEGIN_DECLS

/* Touch no store: safe in a worker thread. */
GBytes *care_receipt_document_draw     (CareReceipt    *receipt,
                                        GError        **error);
GBytes *care_statement_document_draw   (CareStatement  *statement,
                                        GError        **error);

/* Gathered and drawn at once (the tests, the server). */
GBytes *care_receipt_document_render   (CareStore      *store,
                                        const char     *payment_id,
                                        GError        **error);
GBytes *care_statement_document_render (CareStore      *store,
                                        const char     *patient_id,
                                        const char     *from,
                                        const char     *to,
                                        GError        **error);

/* The receipt: gathered now (a refusal comes back at once through the
 * callback), drawn in a worker. The statement: the period checked now (a
 * bad one comes back at once), read and drawn in a worker. Finish either
 * with care_statement_document_finish(). */
void    care_receipt_document_async    (CareStore          *store,
                                        const char         *payment_id,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
void    care_statement_document_async  (CareStore          *store,
                                        const char         *patient_id,
                                        const char         *from,
                                        const char         *to,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
GBytes *care_statement_document_finish (GAsyncResult       *result,
                                        GError            **error);

/* "Receipt RCP-4FYG-000042.pdf"; "Statement 4FYG-000007 2026-01-01 to
 * 2026-12-31.pdf" (the patient's record number, not the name). */
char   *care_receipt_document_file_name   (const char    *receipt_number);
char   *care_statement_document_file_name (const char    *mrn,
                                           const char    *from,
                                           const char    *to);

G_END_DECLS
