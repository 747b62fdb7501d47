/* care-follow-ups.h: a doctor's next follow-up becomes reception's task to book it
 *
 * When a doctor sets an appointment's next_follow_up (or completes it with
 * one), an open follow-up of kind "visit" is due that day for the
 * patient, unassigned: reception's to book. A later date moves it; there
 * is one open follow-up visit per patient. It closes itself ("done") when
 * an appointment is booked (scheduled or accepted) for the patient on or
 * after the day the follow-up was asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

/* The rule on every write of an appointment (care-rules.h). A sync push's
 * replay (ctx->replayed) brings the follow-up the workstation made with it,
 * so nothing is made twice. */
const CareEntityRules *care_follow_ups_entity_rules (guint *n_rules);

/* The rule itself, for an appointment about to be written over before
 * (NULL: a new one); what care_appointments_save() runs in the app. */
gboolean     care_follow_ups_on_appointment (CareRuleContext *ctx,
                                             CareRecord      *before,
                                             CareRecord      *appointment,
                                             GError         **error);

/* The open follow-up visits still to book (CareRecord of entity
 * follow_up), soonest due first. */
GPtrArray   *care_follow_ups_list_open   (CareStore   *store,
                                          GError     **error);

/* Sets the appointment's next follow-up (a date, YYYY-MM-DD; NULL or ""
 * clears it) and saves it with its rules (care_appointments_save()). */
gboolean     care_follow_ups_set_next    (CareStore   *store,
                                          const char  *appointment_id,
                                          const char  *date,
                                          GError     **error);

G_END_DECLS
