/* care-doctor-page.h: the doctor's home: today's patients and what waits for the doctor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_DOCTOR_PAGE (care_doctor_page_get_type ())
G_DECLARE_FINAL_TYPE (CareDoctorPage, care_doctor_page, CARE, DOCTOR_PAGE, CarePage)

GtkWidget *care_doctor_page_new     (CareSession    *session);
/* Reads everything again from the store. */
void       care_doctor_page_refresh (CareDoctorPage *self);

G_END_DECLS
