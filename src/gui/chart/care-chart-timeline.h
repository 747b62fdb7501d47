/* care-chart-timeline.h: a patient's timeline as a list model that reads its pages as they are shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_CHART_ITEM (care_chart_item_get_type ())
G_DECLARE_FINAL_TYPE (CareChartItem, care_chart_item, CARE, CHART_ITEM, GObject)

const CareChartEntry *care_chart_item_get_entry (CareChartItem *self);

#define CARE_TYPE_CHART_TIMELINE (care_chart_timeline_get_type ())
G_DECLARE_FINAL_TYPE (CareChartTimeline, care_chart_timeline, CARE, CHART_TIMELINE, GObject)

/* Counts the entries of kinds (a CareChartKind mask) at once and reads
 * them a page at a time, when a position past those read is asked for. */
CareChartTimeline *care_chart_timeline_new (CareStore  *store,
                                            const char *patient_id,
                                            guint       kinds);

/* The number of entries counted; the model holds the first screen's
 * (up to 40) and care_chart_timeline_show_more() adds the others: 40
 * more each call up to 200 (the rows GTK's list view keeps made), then
 * all. Returns whether some are still to add. */
guint              care_chart_timeline_get_total (CareChartTimeline *self);
gboolean           care_chart_timeline_show_more (CareChartTimeline *self);

G_END_DECLS
