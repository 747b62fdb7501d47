/* care-waiting-room.h: today's checked-in patients, first come first, with their waiting time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_WAITING_ROOM (care_waiting_room_get_type ())
G_DECLARE_FINAL_TYPE (CareWaitingRoom, care_waiting_room, CARE, WAITING_ROOM, GtkWidget)

GtkWidget *care_waiting_room_new       (void);
/* Reads the queue from store and follows its changes (another
 * workstation's check-ins arrive through them after a sync pull). */
void       care_waiting_room_set_store (CareWaitingRoom *self,
                                        CareStore       *store);
/* Reads the queue again now. */
void       care_waiting_room_refresh   (CareWaitingRoom *self);

G_END_DECLS
