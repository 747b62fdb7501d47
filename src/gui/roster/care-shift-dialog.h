/* care-shift-dialog.h: adding or changing one shift of the roster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* Asks the start and end times (HH:MM; an end before the start is the next
 * morning) of user_id's shift on day (local midnight), checking overlap
 * with core as the person types; shift: the one to change, or NULL for a
 * new one (then "Remove" is not offered). Alert name "shift-dialog". */
GtkWidget   *care_shift_dialog_new (CareStore  *store,
                                    const char *user_id,
                                    const char *user_name,
                                    GDateTime  *day,
                                    CareRecord *shift);

G_END_DECLS
