/* care-report-document.h: a report as a PDF: its chart, its table and the chart's words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* Draws report as an A4 PDF with the clinic's letterhead (clinic: entity
 * "tenant", may be NULL): title, period, chart, a table of every figure.
 * Touches no store, so it may run in a worker thread. */
GBytes *care_report_document_draw       (const CareReport  *report,
                                         CareRecord        *clinic,
                                         GError           **error);
/* The same in a worker thread; report and clinic are copied first. */
void    care_report_document_draw_async (const CareReport  *report,
                                         CareRecord        *clinic,
                                         GCancellable      *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer           user_data);
GBytes *care_report_document_draw_finish (GAsyncResult     *result,
                                          GError          **error);

G_END_DECLS
