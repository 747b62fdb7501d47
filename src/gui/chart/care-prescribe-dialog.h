/* care-prescribe-dialog.h: write a prescription from the chart, with stock, warnings and a printout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_PRESCRIBE_DIALOG (care_prescribe_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CarePrescribeDialog, care_prescribe_dialog, CARE, PRESCRIBE_DIALOG, AdwWindow)

CarePrescribeDialog *care_prescribe_dialog_new              (CareSession         *session,
                                                             const char          *patient_id);
/* The saved prescription's id, or NULL before saving. */
const char          *care_prescribe_dialog_get_prescription (CarePrescribeDialog *self);

G_END_DECLS
