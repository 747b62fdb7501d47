/* care-prescription-document.h: the printed prescription, on the clinic's letterhead
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-document.h"

G_BEGIN_DECLS

/* Draws the prescription prescription_id with its items, the patient,
 * the prescriber and a line to sign. */
GBytes *care_prescription_document_render        (CareStore          *store,
                                                  const char         *prescription_id,
                                                  GError            **error);
/* The same with the drawing in a worker thread: the store is read here,
 * at once. */
void    care_prescription_document_render_async  (CareStore          *store,
                                                  const char         *prescription_id,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
GBytes *care_prescription_document_render_finish (GAsyncResult       *result,
                                                  GError            **error);

G_END_DECLS
