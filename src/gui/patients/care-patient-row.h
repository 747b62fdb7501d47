/* care-patient-row.h: one patient in the patient list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_PATIENT_ROW (care_patient_row_get_type ())
G_DECLARE_FINAL_TYPE (CarePatientRow, care_patient_row, CARE, PATIENT_ROW, GtkWidget)

GtkWidget  *care_patient_row_new         (void);
/* record: the patient's summary (NULL: empty row) */
void        care_patient_row_set_record  (CarePatientRow *self,
                                          CareRecord     *record);
CareRecord *care_patient_row_get_record  (CarePatientRow *self);

/* "Family, Given" as the list shows it. */
char       *care_patient_format_list_name (CareRecord    *record);
/* Whole years between the date of birth (YYYY-MM-DD) and today; -1 if unknown. */
int         care_patient_age_years        (const char    *date_of_birth);
/* "41 years", "8 months" (under two); NULL if unknown. */
char       *care_patient_format_age       (const char    *date_of_birth);
/* "1984-03-27 (41 years)" */
char       *care_patient_format_birth     (const char    *date_of_birth);

G_END_DECLS
