/* care-session.h: who is signed in on this workstation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_SESSION (care_session_get_type ())
G_DECLARE_FINAL_TYPE (CareSession, care_session, CARE, SESSION, GObject)

/* Makes user (entity "user") the store's actor. */
CareSession *care_session_new          (CareStore   *store,
                                        CareRecord  *user);
CareStore   *care_session_get_store    (CareSession *self);
CareRecord  *care_session_get_user     (CareSession *self);
/* Replaces the user record after it was edited (same id); notifies "user". */
void         care_session_set_user     (CareSession *self,
                                        CareRecord  *user);
const char  *care_session_get_user_id  (CareSession *self);
const char  *care_session_get_role     (CareSession *self);
/* Whether the signed-in role has permission (CARE_PERM_*), as stored. */
gboolean     care_session_can          (CareSession *self,
                                        const char  *permission);

G_END_DECLS
