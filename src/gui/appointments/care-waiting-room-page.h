/* care-waiting-room-page.h: the waiting room on the clinical workstations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_WAITING_ROOM_PAGE (care_waiting_room_page_get_type ())
G_DECLARE_FINAL_TYPE (CareWaitingRoomPage, care_waiting_room_page, CARE, WAITING_ROOM_PAGE, CarePage)

GtkWidget *care_waiting_room_page_new (CareSession *session);

G_END_DECLS
