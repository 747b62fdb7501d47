/* care-attendance-page.h: checking in and out, and today's attendance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_ATTENDANCE_PAGE (care_attendance_page_get_type ())
G_DECLARE_FINAL_TYPE (CareAttendancePage, care_attendance_page, CARE, ATTENDANCE_PAGE, CarePage)

GtkWidget *care_attendance_page_new (CareSession *session);

G_END_DECLS
