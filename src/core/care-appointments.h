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
#include "care-store.h"

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
 * missing; may be NULL) goes to status_reason. Rejecting needs one: the
 * refusal names status_reason. The record is not saved. */
gboolean     care_appointments_step         (CareRecord *appointment,
                                             const char *to,
                                             const char *reason,
                                             GError    **error);
/* Saves an appointment in the app's store with the rules core runs on it
 * there (care-store-rules.h: the follow-ups it asks for or books), in one
 * transaction: inserted when before is NULL, else updated over before (as
 * stored). */
gboolean     care_appointments_save         (CareStore  *store,
                                             CareRecord *before,
                                             CareRecord *appointment,
                                             GError    **error);

/* The requests (status "requested") waiting for a doctor's answer, soonest
 * first: of doctor_id, or of every doctor when NULL. */
GPtrArray   *care_appointments_list_requests (CareStore  *store,
                                              const char *doctor_id,
                                              GError    **error);

/* Whose requests a role's inbox shows: a doctor's own (user_id), or
 * every doctor's (NULL) for reception and the administrator. */
const char  *care_appointments_inbox_doctor  (const char *role,
                                              const char *user_id);

/* The doctor's answer to a request: accepting books it ("scheduled", the
 * doctor's time is checked as for any booking); rejecting needs a reason
 * for the patient (status_reason). previous (may be NULL) receives the
 * record as it was, for Undo. */
gboolean     care_appointments_answer_request (CareStore   *store,
                                               const char  *appointment_id,
                                               gboolean     accept,
                                               const char  *reason,
                                               GTimeZone   *tz,
                                               CareRecord **previous,
                                               GError     **error);

/* Whether the patient is reminded of the appointment at now (µs since the
 * epoch): it is booked (scheduled or accepted: never a request, nor one
 * cancelled, missed, rejected or over) and starts after now, at most lead
 * (µs) later. */
gboolean     care_appointments_due_reminder (const CareRecord *appointment,
                                             gint64            now,
                                             gint64            lead);

/* The statuses that may follow from, NULL-terminated (static). */
const char *const *care_appointments_next_statuses (const char *from);

/* What writing an appointment does, whoever writes it: the first status
 * (requested through the portal, scheduled by staff), the allowed changes,
 * the time of checking in. */
const CareEntityRules *care_appointments_entity_rules (guint *n_rules);

G_END_DECLS
