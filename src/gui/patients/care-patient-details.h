/* care-patient-details.h: everything the clinic knows about one patient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_PATIENT_DETAILS (care_patient_details_get_type ())
G_DECLARE_FINAL_TYPE (CarePatientDetails, care_patient_details, CARE, PATIENT_DETAILS, GtkWidget)

GtkWidget  *care_patient_details_new          (void);
/* record: the full patient record (care_store_get), or NULL. */
void        care_patient_details_set_record   (CarePatientDetails *self,
                                               CareRecord         *record);
CareRecord *care_patient_details_get_record   (CarePatientDetails *self);
/* Whether the Edit and Delete buttons are offered. */
void        care_patient_details_set_can_edit (CarePatientDetails *self,
                                               gboolean            can_edit);
gboolean    care_patient_details_get_can_edit (CarePatientDetails *self);

G_END_DECLS
