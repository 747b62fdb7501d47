/* care-kiosk-invite.h: reception invites a patient to the kiosk with a single-use code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"

G_BEGIN_DECLS

/* Asks the clinic server for patient's invitation code, button
 * insensitive meanwhile, and shows it (or why not) in a dialog over
 * button's window. */
void         care_kiosk_invite_show (GtkWidget    *button,
                                     CareSession  *session,
                                     CareRecord   *patient,
                                     GCancellable *cancellable);

G_END_DECLS
