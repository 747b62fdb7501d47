/* care-chart-panels.h: the chart's summary panels beside the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_CHART_PANELS (care_chart_panels_get_type ())
G_DECLARE_FINAL_TYPE (CareChartPanels, care_chart_panels, CARE, CHART_PANELS, GtkBox)

GtkWidget *care_chart_panels_new  (void);
/* Reads the patient's lists in a worker (care_chart_summary_load_async())
 * and shows them when they arrive ("loading" is notified); session says
 * whether a problem may be marked resolved. */
void       care_chart_panels_show (CareChartPanels *self,
                                   CareSession     *session,
                                   const char      *patient_id);
/* TRUE from care_chart_panels_show() until the lists are shown. */
gboolean   care_chart_panels_is_loading (CareChartPanels *self);

G_END_DECLS
