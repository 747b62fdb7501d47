/* care-patient-editor.h: registering a patient or changing their details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"
#include "care-record-form.h"

G_BEGIN_DECLS

#define CARE_TYPE_PATIENT_EDITOR (care_patient_editor_get_type ())
G_DECLARE_FINAL_TYPE (CarePatientEditor, care_patient_editor, CARE, PATIENT_EDITOR, AdwWindow)

/* patient: the full record to edit (a copy is edited), or NULL to register
 * a new patient. */
CarePatientEditor *care_patient_editor_new      (CareStore         *store,
                                                 CareRecord        *patient);
CareRecordForm    *care_patient_editor_get_form (CarePatientEditor *self);
gboolean           care_patient_editor_is_new   (CarePatientEditor *self);
/* What the Register/Save button does; FALSE if something needs fixing. */
gboolean           care_patient_editor_save     (CarePatientEditor *self);

G_END_DECLS
