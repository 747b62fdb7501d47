/* care-fhir-export.h: the chart's "Export FHIR…": a patient's record saved as a FHIR R4 Bundle file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

/* Asks where to save patient_id's record (a file chooser) and writes it
 * there; button stays insensitive until the file is written, then a toast
 * says where it went, or a dialog why it did not. */
void     care_fhir_export_run            (CarePage            *page,
                                          GtkWidget           *button,
                                          const char          *patient_id);
/* The writing half, without asking: reads the records from the page's
 * store now, on the calling thread, and writes the Bundle to file in a
 * worker thread. */
void     care_fhir_export_to_file_async  (CarePage            *page,
                                          const char          *patient_id,
                                          GFile               *file,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean care_fhir_export_to_file_finish (CarePage            *page,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
