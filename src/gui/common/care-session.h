/* care-session.h: who is signed in on this workstation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "caredesk-core.h"
#include "care-sync-engine.h"

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
/* The sync engine of this sign-in ("sync-engine"); NULL on a standalone
 * workstation. The window creates it, starts it and stops it when the
 * session ends; pages only read it. */
CareSyncEngine *care_session_get_sync_engine (CareSession    *self);
void         care_session_set_sync_engine (CareSession    *self,
                                        CareSyncEngine *engine);
/* Whether the signed-in role has permission (CARE_PERM_*), as stored. */
gboolean     care_session_can          (CareSession *self,
                                        const char  *permission);

G_END_DECLS
