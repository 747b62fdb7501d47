/* care-vitals-chart.h: one vital sign over time, its normal band shaded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

typedef enum {
  CARE_VITALS_SPAN_DAY,    /* the last 24 hours */
  CARE_VITALS_SPAN_WEEK,   /* the last 7 days */
  CARE_VITALS_SPAN_ALL,    /* from the first reading */
} CareVitalsSpan;

#define CARE_TYPE_VITALS_CHART (care_vitals_chart_get_type ())
G_DECLARE_FINAL_TYPE (CareVitalsChart, care_vitals_chart, CARE, VITALS_CHART, GtkWidget)

/* field: a charted vital (care_vitals_sign_lookup()). */
GtkWidget   *care_vitals_chart_new          (const char      *field);
const char  *care_vitals_chart_get_field    (CareVitalsChart *self);
/* series: vitals records oldest first, as care_vitals_series() gives
 * them (amendments count as amended); NULL: none. */
void         care_vitals_chart_set_series   (CareVitalsChart *self,
                                             GPtrArray       *series);
/* Readings at the given times, for a chart fed from elsewhere (bench):
 * times in µs since the epoch, ascending. */
void         care_vitals_chart_set_readings (CareVitalsChart *self,
                                             const gint64    *times,
                                             const double    *values,
                                             guint            n);
void         care_vitals_chart_set_span     (CareVitalsChart *self,
                                             CareVitalsSpan   span);
CareVitalsSpan care_vitals_chart_get_span   (CareVitalsChart *self);

/* The readings within the span, and how many of them are outside the
 * normal range or amended. */
guint        care_vitals_chart_get_n_points   (CareVitalsChart *self);
guint        care_vitals_chart_get_n_abnormal (CareVitalsChart *self);
guint        care_vitals_chart_get_n_amended  (CareVitalsChart *self);
/* The newest reading in the span; FALSE when there is none. */
gboolean     care_vitals_chart_get_latest     (CareVitalsChart *self,
                                               double          *value,
                                               gboolean        *amended);
/* What the chart shows in words, also its accessible description:
 * "Pulse: 24 readings in the last 7 days; latest 88 /min at 14:05; 3
 * outside the normal range". */
const char  *care_vitals_chart_get_summary    (CareVitalsChart *self);

G_END_DECLS
