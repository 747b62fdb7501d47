/* care-signin-page.h: signing in, and unlocking a locked workstation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"
#include "care-sync-engine.h"

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
/* Locked mode for a session whose sync sign-in ended: unlocking signs in
 * online too (locally if the server cannot be reached), and the online
 * session is there to take in the "signed-in" handler. */
void        care_signin_page_lock_for_sync (CareSigninPage *self,
                                         CareRecord     *user);
gboolean    care_signin_page_get_locked (CareSigninPage *self);
/* Connecting this workstation to the clinic server at url: signs in online
 * only (no offline fallback: nothing here is the server's yet), and a Back
 * button emits "connect-cancelled". care_signin_page_reset() keeps the
 * mode; a successful sign-in ends it. */
void        care_signin_page_connect    (CareSigninPage *self,
                                         const char     *url,
                                         const char     *login);
/* The server being connected to; NULL when not connecting. */
const char *care_signin_page_get_pending_server (CareSigninPage *self);
/* In a "signed-in" handler: the online session (tokens) of that sign-in,
 * or NULL when it was local (standalone, unlocking, or offline). */
CareSyncSession *care_signin_page_steal_sync_session (CareSigninPage *self);
/* In a "signed-in" handler: TRUE when the store syncs with a server that
 * could not be reached, and the local verifier let the person in. */
gboolean    care_signin_page_get_offline (CareSigninPage *self);
/* Moves the keyboard focus to the first empty field. */
void        care_signin_page_focus      (CareSigninPage *self);

G_END_DECLS
