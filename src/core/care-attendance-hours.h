/* care-attendance-hours.h: everyone's attendance over a period, for the administrator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

typedef struct {
  char   *user_id;
  char   *name;       /* the staff member's full name */
  char   *role;       /* stored value, e.g. "nurse" */
  guint   days;       /* days with a check-in */
  gint64  minutes;    /* worked, over the check-ins with a check-out */
  guint   open;       /* check-ins still without a check-out */
} CareAttendanceHours;

void                 care_attendance_hours_free (CareAttendanceHours *hours);

/* One row per staff member with attendance on a day from first to last
 * (YYYY-MM-DD, both included), by name. */
GPtrArray           *care_attendance_hours      (CareStore   *store,
                                                 const char  *first,
                                                 const char  *last,
                                                 GError     **error);

/* "7 h 30 min" */
char                *care_attendance_format_minutes (gint64  minutes);

/* The rows as CSV (RFC 4180, a header line, hours as a decimal with a
 * point): pure work on copies, safe in a thread. */
char                *care_attendance_hours_to_csv (GPtrArray  *rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareAttendanceHours, care_attendance_hours_free)

G_END_DECLS
