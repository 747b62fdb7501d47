/* care-roster-page.h: the weekly roster: staff by day, shifts to add, change, remove, copy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_ROSTER_PAGE (care_roster_page_get_type ())
G_DECLARE_FINAL_TYPE (CareRosterPage, care_roster_page, CARE, ROSTER_PAGE, CarePage)

GtkWidget   *care_roster_page_new       (CareSession *session);
/* Shows the week holding day (local). */
void         care_roster_page_set_week  (CareRosterPage *self,
                                         GDateTime      *day);

G_END_DECLS
