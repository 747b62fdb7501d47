/* care-medication-rounds.h: the ward's medication round, from the prescriptions of admitted patients
 *
 * The round of a time window lists every dose that falls in it: for each
 * patient admitted now (an active bed_allocation), each medicine of their
 * active prescriptions, at the times its frequency gives
 * (care-dose-frequency.h), from the prescription's day (and not before the
 * admission) for the course's days. Medicines given as needed have no
 * scheduled dose.
 *
 * What became of a dose is a medication_administration: given, refused,
 * held or missed, by the signed-in account, now, with a note. These are
 * append-only: a mistake is corrected by a new record that amends the old
 * one (amends_id), and the newest record no other amends is what stands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-dose.h"
#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

/* The doses in [from, to) (µs since the epoch), by time, then bed, then
 * medicine; each with the administration that stands for it. A medicine
 * whose frequency cannot be scheduled is left out (the prescription says
 * why when it is saved). An array of CareDose. */
GPtrArray   *care_medication_rounds_schedule          (CareStore   *store,
                                                       gint64       from,
                                                       gint64       to,
                                                       GError     **error);

/* The doses of [from, to) nothing is recorded for yet: what a round that
 * starts at `to` must not let drop out of sight (to be given late or
 * recorded as missed). An array of CareDose, as the schedule orders them. */
GPtrArray   *care_medication_rounds_unrecorded        (CareStore   *store,
                                                       gint64       from,
                                                       gint64       to,
                                                       GError     **error);
/* The medicines admitted patients may be given as needed (PRN) at `at`,
 * their course running then: a CareDose each (care_dose_is_as_needed()),
 * with its latest administration, by bed, then medicine. */
GPtrArray   *care_medication_rounds_as_needed         (CareStore   *store,
                                                       gint64       at,
                                                       GError     **error);
/* Before dose is given at `at`: when the same prescribed medicine was
 * given less than its interval before or after, *warning is a sentence
 * that says when and by whom (for the nurse to confirm); else NULL. */
gboolean     care_medication_rounds_check_double_dose (CareStore   *store,
                                                       CareDose    *dose,
                                                       gint64       at,
                                                       char       **warning,
                                                       GError     **error);

/* The decision: a new, unsaved administration of dose with status
 * ("given", "refused", "held", "missed") by actor, now; it amends the
 * dose's standing record if it has one. Refused, held and missed need a
 * note; a medicine given as needed is given now, with the reason it was
 * needed as its note; without an actor nothing can be recorded. */
CareRecord  *care_medication_rounds_new_administration (CareDose   *dose,
                                                        const char *status,
                                                        const char *note,
                                                        const char *actor,
                                                        GError    **error);

/* Records what became of dose, by the store's actor (the signed-in
 * account). Returns the saved record. */
CareRecord  *care_medication_rounds_record            (CareStore   *store,
                                                       CareDose    *dose,
                                                       const char  *status,
                                                       const char  *note,
                                                       GError     **error);

/* Corrects administration with a new record that amends it (the same
 * dose, the new status and note), by the store's actor. A record already
 * amended is refused: correct the newest. Returns the saved record. */
CareRecord  *care_medication_rounds_amend             (CareStore   *store,
                                                       CareRecord  *administration,
                                                       const char  *status,
                                                       const char  *note,
                                                       GError     **error);

/* A patient's administrations, newest first; amended (the ids of the
 * records another amends) may be NULL. */
GPtrArray   *care_medication_rounds_history           (CareStore   *store,
                                                       const char  *patient_id,
                                                       GHashTable **amended,
                                                       GError     **error);

/* A new administration is given (or refused…) now unless it says when;
 * refused and held need a note. */
const CareEntityRules *care_medication_rounds_entity_rules (guint *n_rules);

G_END_DECLS
