/* care-setup-page.h: the first-run assistant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_SETUP_PAGE (care_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (CareSetupPage, care_setup_page, CARE, SETUP_PAGE, GtkWidget)

/* Emits "finished" (const char *admin_username) once a standalone clinic
 * is created, or "connect-server" (const char *url) once the person chose
 * a clinic server and it answered. */
void        care_setup_page_set_store  (CareSetupPage *self,
                                        CareStore     *store);
CareStore  *care_setup_page_get_store  (CareSetupPage *self);
/* Back to the first choice with empty forms. */
void        care_setup_page_reset      (CareSetupPage *self);

G_END_DECLS
