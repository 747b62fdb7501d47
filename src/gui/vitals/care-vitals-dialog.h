/* care-vitals-dialog.h: record a set of vital signs, or amend one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-record-form.h"
#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_VITALS_DIALOG (care_vitals_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CareVitalsDialog, care_vitals_dialog, CARE, VITALS_DIALOG, AdwWindow)

/* A new set for the patient, taken now. Emits "saved" (the new set's id)
 * and closes when it is written. */
CareVitalsDialog *care_vitals_dialog_new           (CareSession      *session,
                                                    const char       *patient_id);
/* The same, prefilled with the set vitals_id, saving an amendment of it. */
CareVitalsDialog *care_vitals_dialog_new_amendment (CareSession      *session,
                                                    const char       *vitals_id);
CareRecordForm   *care_vitals_dialog_get_form      (CareVitalsDialog *self);

G_END_DECLS
