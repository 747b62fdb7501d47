/* care-reports-page.h: the administrator's dashboard: cards, a period, each report as a chart, CSV and PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_REPORTS_PAGE (care_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (CareReportsPage, care_reports_page, CARE, REPORTS_PAGE, CarePage)

GtkWidget        *care_reports_page_new           (CareSession      *session);

/* What the period and report choosers do. */
void              care_reports_page_set_period    (CareReportsPage  *self,
                                                   CareReportPeriod  period);
void              care_reports_page_show_report   (CareReportsPage  *self,
                                                   CareReportKind    kind);
/* The report on show (NULL if it could not be read). */
const CareReport *care_reports_page_get_report    (CareReportsPage  *self);

/* What Export CSV and Export PDF do once a file is chosen: the PDF is
 * drawn and the file written in worker threads; the buttons wait. */
void              care_reports_page_export_async  (CareReportsPage    *self,
                                                   gboolean            pdf,
                                                   GFile              *file,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
gboolean          care_reports_page_export_finish (CareReportsPage    *self,
                                                   GAsyncResult       *result,
                                                   GError            **error);

G_END_DECLS
