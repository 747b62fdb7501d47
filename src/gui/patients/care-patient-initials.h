/* care-patient-initials.h: a patient's initials in a coloured circle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CARE_TYPE_PATIENT_INITIALS (care_patient_initials_get_type ())

G_DECLARE_FINAL_TYPE (CarePatientInitials, care_patient_initials, CARE, PATIENT_INITIALS, GtkWidget)

GtkWidget *care_patient_initials_new      (void);
void       care_patient_initials_set_text (CarePatientInitials *self,
                                           const char          *text);

G_END_DECLS
