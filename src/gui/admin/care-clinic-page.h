/* care-clinic-page.h: the clinic's details, logo and facilities
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_CLINIC_PAGE (care_clinic_page_get_type ())
G_DECLARE_FINAL_TYPE (CareClinicPage, care_clinic_page, CARE, CLINIC_PAGE, CarePage)

/* Reads file as the new logo, in the background (what "Choose…" does);
 * it is kept when the details are saved. */
void       care_clinic_page_load_logo   (CareClinicPage *self,
                                         GFile          *file);

G_END_DECLS
