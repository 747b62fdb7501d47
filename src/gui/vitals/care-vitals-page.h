/* care-vitals-page.h: a patient's vital signs, NEWS2 and trends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_VITALS_PAGE (care_vitals_page_get_type ())
G_DECLARE_FINAL_TYPE (CareVitalsPage, care_vitals_page, CARE, VITALS_PAGE, CarePage)

GtkWidget   *care_vitals_page_new          (CareSession    *session);
/* Shows the patient's vitals (as picking them from the search does). */
void         care_vitals_page_show_patient (CareVitalsPage *self,
                                            const char     *patient_id);
/* The chart of field ("pulse"), for tests. */
GtkWidget   *care_vitals_page_get_chart    (CareVitalsPage *self,
                                            const char     *field);

G_END_DECLS
