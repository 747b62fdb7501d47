/* care-chart-record-dialog.h: records or changes an allergy or a problem from the chart's panels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-record-form.h"

G_BEGIN_DECLS

/* A window (widget name "chart-record-dialog") with the entity's form for
 * patient_id: "allergy" (substance, reaction, severity, noted) or
 * "problem" (name, code, since; active). Save writes it and closes;
 * refusals stay next to their fields. */
GtkWidget      *care_chart_record_dialog_new      (GtkWindow  *parent,
                                                   CareStore  *store,
                                                   const char *entity,
                                                   const char *patient_id);
/* Saves the record the form filled; FALSE with error keeps the dialog open. */
typedef gboolean (*CareChartRecordSave) (CareStore   *store,
                                         CareRecord  *record,
                                         gpointer     data,
                                         GError     **error);
/* The same window for a record to change (an allergy's fields, or a
 * problem's with its status and resolved date): save writes it. */
GtkWidget      *care_chart_record_dialog_new_change (GtkWindow          *parent,
                                                     CareStore          *store,
                                                     CareRecord         *record,
                                                     CareChartRecordSave save,
                                                     gpointer            data,
                                                     GDestroyNotify      destroy);
CareRecordForm *care_chart_record_dialog_get_form (GtkWidget  *dialog);

G_END_DECLS
