/* care-appointments.h: the life of an appointment, from request to visit
 *
 *   requested → scheduled | accepted | rejected | cancelled
 *   scheduled → accepted | rejected | checked_in | cancelled | no_show
 *   accepted  → checked_in | cancelled | no_show
 *   checked_in → in_consultation | completed
 *   in_consultation → completed
 * rejected, completed, cancelled and no_show are where it ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"

G_BEGIN_DECLS

/* Whether an appointment may go from status from to status to (the same
 * status is no change and allowed). A refusal is a CARE_RULE_ERROR_STATE
 * naming the field "status". */
gboolean     care_appointments_check_status (const char *from,
                                             const char *to,
                                             GError    **error);
/* An explicit step asked for (check in, complete…): as above, but asking
 * for the status it has already is refused too. */
gboolean     care_appointments_check_step   (const char *from,
                                             const char *to,
                                             GError    **error);
/* Takes an explicit step (care_appointments_check_step()) on the record:
 * checking in stamps checked_in_at; a reason (cancelling, rejecting,
 * missing; may be NULL) goes to status_reason. The record is not saved. */
gboolean     care_appointments_step         (CareRecord *appointment,
                                             const char *to,
                                             const char *reason,
                                             GError    **error);
/* The statuses that may follow from, NULL-terminated (static). */
const char *const *care_appointments_next_statuses (const char *from);

/* What writing an appointment does, whoever writes it: the first status
 * (requested through the portal, scheduled by staff), the allowed changes,
 * the time of checking in. */
const CareEntityRules *care_appointments_entity_rules (guint *n_rules);

G_END_DECLS
