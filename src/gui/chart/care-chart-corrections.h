/* care-chart-corrections.h: the chart's allergies and problems changed, or removed as entered in error
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* Opens the change dialog for what the list shows (its own copy: the
 * lists may be read again meanwhile); a failure to read it goes to
 * error_label. */
void care_chart_change_allergy (GtkWidget              *from,
                                CareStore              *store,
                                const char             *patient_id,
                                const CareChartAllergy *shown,
                                GtkLabel               *error_label);
void care_chart_change_problem (GtkWidget              *from,
                                CareStore              *store,
                                const char             *patient_id,
                                const CareChartProblem *shown,
                                GtkLabel               *error_label);

/* Asks (widget name "chart-remove-confirm", response "remove") and then
 * removes; a refusal goes to error_label. */
void care_chart_remove_allergy (GtkWidget              *from,
                                CareStore              *store,
                                const char             *patient_id,
                                const CareChartAllergy *shown,
                                GtkLabel               *error_label);
void care_chart_remove_problem (GtkWidget              *from,
                                CareStore              *store,
                                const char             *patient_id,
                                const CareChartProblem *shown,
                                GtkLabel               *error_label);

G_END_DECLS
