/* care-forms-page.h: the forms patients sent, waiting for the clinic's review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_FORMS_PAGE (care_forms_page_get_type ())
G_DECLARE_FINAL_TYPE (CareFormsPage, care_forms_page, CARE, FORMS_PAGE, CarePage)

GtkWidget *care_forms_page_new     (CareSession   *session);
void       care_forms_page_refresh (CareFormsPage *self);

G_END_DECLS
