/* care-order-dialogs.h: a doctor orders a lab test or an imaging study from the chart, and reports a study
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

/* A test from the laboratory's catalogue (or another by name) and its
 * priority; Order saves it (care_orders_lab_test()) and says so on page. */
void care_order_lab_dialog_present     (CarePage   *page,
                                        const char *patient_id);
/* The modality and the body part (care_orders_imaging()). */
void care_order_imaging_dialog_present (CarePage   *page,
                                        const char *patient_id);
/* Findings and impression of the study study_id (care_orders_report_imaging()),
 * and a file of its images or report (care_orders_attach_imaging()). */
void care_imaging_report_dialog_present (CarePage  *page,
                                         const char *study_id);
/* What choosing file in the dialog's file chooser does: reads it in the
 * background and shows its name. */
void care_imaging_report_dialog_attach  (GtkWidget *dialog,
                                         GFile     *file);

G_END_DECLS
