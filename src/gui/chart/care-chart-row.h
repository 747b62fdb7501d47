/* care-chart-row.h: the text of one timeline row, drawn rather than made of labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CARE_TYPE_CHART_ROW (care_chart_row_get_type ())
G_DECLARE_FINAL_TYPE (CareChartRow, care_chart_row, CARE, CHART_ROW, GtkWidget)

GtkWidget *care_chart_row_new (void);

/* What the row shows: when, a title with an optional mark ("Amended")
 * and flag ("High"), critical or not, and one line of summary; the row's
 * accessible label says all of it. */
void       care_chart_row_set (CareChartRow *self,
                               const char   *when,
                               const char   *title,
                               const char   *mark,
                               const char   *flag,
                               gboolean      critical,
                               const char   *summary);

G_END_DECLS
