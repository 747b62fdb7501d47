/* care-patients-page.h: the Patients page: search, list and details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"
#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_PATIENTS_PAGE (care_patients_page_get_type ())
G_DECLARE_FINAL_TYPE (CarePatientsPage, care_patients_page, CARE, PATIENTS_PAGE, CarePage)

/* The page is made with g_object_new (CARE_TYPE_PATIENTS_PAGE, "session", session, NULL). */
CareSession *care_patients_page_get_session     (CarePatientsPage *self);
/* The list's model (a CarePatientModel behind a GtkSingleSelection). */
GListModel  *care_patients_page_get_model       (CarePatientsPage *self);
/* Shows this patient: selects it in the list and opens the details. */
void         care_patients_page_select_patient  (CarePatientsPage *self,
                                                 const char       *id);
/* The patient the details show, or NULL. */
const char  *care_patients_page_get_selected_id (CarePatientsPage *self);

G_END_DECLS
