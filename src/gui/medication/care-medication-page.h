/* care-medication-page.h: the ward's medication round
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_MEDICATION_PAGE (care_medication_page_get_type ())
G_DECLARE_FINAL_TYPE (CareMedicationPage, care_medication_page, CARE, MEDICATION_PAGE, CarePage)

GtkWidget *care_medication_page_new (CareSession *session);

G_END_DECLS
