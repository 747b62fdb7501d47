/* care-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"
#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_WINDOW (care_window_get_type ())
G_DECLARE_FINAL_TYPE (CareWindow, care_window, CARE, WINDOW, AdwApplicationWindow)

/* app may be any GtkApplication (tests use a plain one). */
CareWindow  *care_window_new            (GtkApplication *app,
                                         CareStore      *store);
CareStore   *care_window_get_store      (CareWindow     *self);
/* NULL while nobody is signed in. Stays set while the window is locked. */
CareSession *care_window_get_session    (CareWindow     *self);
/* Signed in and not locked. */
gboolean     care_window_get_signed_in  (CareWindow     *self);
gboolean     care_window_get_locked     (CareWindow     *self);
/* "setup", "signin", "locked" or "main". */
const char  *care_window_get_mode       (CareWindow     *self);
/* Cancelled when the window closes: for work started on its behalf. */
GCancellable *care_window_get_cancellable (CareWindow   *self);
/* Shows a toast over the pages (takes ownership of toast), e.g. an undo. */
void         care_window_add_toast      (CareWindow     *self,
                                         AdwToast       *toast);
/* Shows the page named name ("patients") if the signed-in role has it. */
gboolean     care_window_show_page      (CareWindow     *self,
                                         const char     *name);
const char  *care_window_get_page_name  (CareWindow     *self);
/* The page named name, or NULL when the signed-in role does not have it. */
GtkWidget   *care_window_get_page       (CareWindow     *self,
                                         const char     *name);
/* Connects this workstation to the clinic server at url (a base URL, see
 * care_server_url_normalize()): whoever is signed in is signed out, and the
 * sign-in page asks for an account on that server. The store takes the
 * server's clinic with the first online sign-in; Back leaves it as it was. */
void         care_window_connect_server (CareWindow     *self,
                                         const char     *url);

G_END_DECLS
