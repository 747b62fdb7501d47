/* care-attendance-report.h: everyone's hours over a period, for the administrator, exported as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_ATTENDANCE_REPORT (care_attendance_report_get_type ())
G_DECLARE_FINAL_TYPE (CareAttendanceReport, care_attendance_report, CARE, ATTENDANCE_REPORT, GtkWidget)

GtkWidget   *care_attendance_report_new           (CareStore            *store);
/* Shows first to last (YYYY-MM-DD); the default is this month to today. */
void         care_attendance_report_set_period    (CareAttendanceReport *self,
                                                   const char           *first,
                                                   const char           *last);
void         care_attendance_report_reload        (CareAttendanceReport *self);

/* Writes the period's hours as CSV to file, in a thread; the button and
 * the period are insensitive meanwhile. */
void         care_attendance_report_export_async  (CareAttendanceReport *self,
                                                   GFile                *file,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean     care_attendance_report_export_finish (CareAttendanceReport *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
