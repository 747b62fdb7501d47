/* care-billing-print.h: printing and exporting archived PDFs
 *
 * The printouts are PDFs made by src/print; the app shows them with
 * Poppler, prints them through GtkPrintOperation (each PDF page drawn with
 * poppler_page_render_for_printing(), scaled to the paper) and saves them
 * with care_file_dialog_save(). No external program is involved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* Prints pdf. action GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG for people;
 * GTK_PRINT_OPERATION_ACTION_EXPORT with export_filename writes a PDF file
 * without a dialog (the tests). Uses the page setup chosen with
 * care_billing_page_setup() in this session. */
GtkPrintOperationResult care_billing_print_pdf   (GtkWindow              *parent,
                                                  GBytes                 *pdf,
                                                  const char             *job_name,
                                                  GtkPrintOperationAction action,
                                                  const char             *export_filename,
                                                  GError                **error);
/* Runs the page setup dialog (paper size, orientation) without blocking
 * and keeps the result. */
void                    care_billing_page_setup  (GtkWindow              *parent);
/* Writes pdf to file in GIO's worker thread. */
void                    care_billing_save_pdf_async  (GFile              *file,
                                                      GBytes             *pdf,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean                care_billing_save_pdf_finish (GFile              *file,
                                                      GAsyncResult       *result,
                                                      GError            **error);
/* Asks where to save pdf and writes it there (care_billing_save_pdf_async). */
void                    care_billing_export_pdf  (GtkWindow              *parent,
                                                  GBytes                 *pdf,
                                                  const char             *suggested_name);

/* "Print Lab Report": finalises the report of a lab test with results
 * (archiving its PDF on first print) and opens the preview with Print and
 * Export. The lab screens of a later issue call this; FALSE and error when
 * there is nothing to print yet. */
gboolean                care_lab_report_open     (GtkWindow              *parent,
                                                  CareStore              *store,
                                                  const char             *lab_test_id,
                                                  GError                **error);

G_END_DECLS
