/* care-role-request-dialog.h: a staff member asks for another role
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* Asks the signed-in staff member (the store's actor, whose role is
 * current_role) which role and why; sends the request when they confirm. */
void   care_role_request_dialog_present (GtkWidget  *parent,
                                         CareStore  *store,
                                         const char *current_role);

G_END_DECLS
