/* care-attendance.h: staff checking in and out of their day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"

G_BEGIN_DECLS

/* Checks user_id in now; open is their latest attendance still without a
 * check-out (NULL: none), which refuses it. Returns the new, unsaved
 * attendance record. */
CareRecord  *care_attendance_check_in     (CareRecord  *open,
                                           const char  *user_id,
                                           GError     **error);
/* Checks out of open now (NULL: not checked in, a refusal). */
gboolean     care_attendance_check_out    (CareRecord  *open,
                                           GError     **error);

/* A check-out comes after the check-in, whoever writes it. */
const CareEntityRules *care_attendance_entity_rules (guint *n_rules);

G_END_DECLS
