/* care-staff-page.h: the clinic's staff accounts (administrators)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_STAFF_PAGE (care_staff_page_get_type ())
G_DECLARE_FINAL_TYPE (CareStaffPage, care_staff_page, CARE, STAFF_PAGE, CarePage)

GtkWidget *care_staff_page_new           (CareSession   *session);
/* Opens the editor for a new staff member (user NULL) or an existing one. */
void       care_staff_page_open_editor   (CareStaffPage *self,
                                          CareRecord    *user);

G_END_DECLS
