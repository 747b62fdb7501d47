/* care-chart-page.h: the doctor's view of one patient: header, timeline, notes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_CHART_PAGE (care_chart_page_get_type ())
G_DECLARE_FINAL_TYPE (CareChartPage, care_chart_page, CARE, CHART_PAGE, CarePage)

GtkWidget   *care_chart_page_new          (CareSession   *session);
/* Opens the patient's chart (as picking them from the search does). */
void         care_chart_page_show_patient (CareChartPage *self,
                                           const char    *patient_id);
/* TRUE while the summary panels are still being read in their worker
 * (the header and timeline show at once). */
gboolean     care_chart_page_is_loading   (CareChartPage *self);
/* The list model the timeline shows, for tests. */
GListModel  *care_chart_page_get_timeline (CareChartPage *self);

G_END_DECLS
