/* care-doctor-rows.h: the rows of the doctor's home: a patient, a result to review, a refill to decide
 *
 * Every row carries its patient's id ("patient-id"), so that activating
 * it opens the chart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* A patient with a time (NULL: none) and a line of detail. */
GtkWidget  *care_doctor_row_patient (const CareHomeRow    *row,
                                     const char           *name);
/* A verified test: its name, flag and results; "Mark Reviewed" calls
 * reviewed (button, user_data) with the test's id as "test-id" data. */
GtkWidget  *care_doctor_row_result  (const CareReviewItem *item,
                                     GCallback             reviewed,
                                     gpointer              user_data);
/* A pending refill request: what it asks, the patient's reason, a field
 * for the reason to refuse and its error, Approve and Refuse (each button
 * has "refill-id", and "reason" and "error" widgets, as data). */
GtkWidget  *care_doctor_row_refill  (CareStore            *store,
                                     CareRecord           *refill,
                                     GCallback             decided,
                                     gpointer              user_data);
/* The patient the row is about. */
const char *care_doctor_row_patient_id (GtkListBoxRow     *row);

G_END_DECLS
