/* care-signin-page.h: signing in, and unlocking a locked workstation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_SIGNIN_PAGE (care_signin_page_get_type ())
G_DECLARE_FINAL_TYPE (CareSigninPage, care_signin_page, CARE, SIGNIN_PAGE, GtkWidget)

/* Emits "signed-in" (CareRecord *user) when the password is right. */
void        care_signin_page_set_store  (CareSigninPage *self,
                                         CareStore      *store);
/* Normal mode: login (nullable) prefilled, password empty. */
void        care_signin_page_reset      (CareSigninPage *self,
                                         const char     *login);
/* Locked mode: only user may unlock; a "Switch User" button offers
 * win.switch-user. */
void        care_signin_page_lock       (CareSigninPage *self,
                                         CareRecord     *user);
gboolean    care_signin_page_get_locked (CareSigninPage *self);
/* Moves the keyboard focus to the first empty field. */
void        care_signin_page_focus      (CareSigninPage *self);

G_END_DECLS
