/* care-prescriptions.h: prescriptions and their refills
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

/* Decides a pending refill request by actor, now. Approving uses one of
 * the prescription's refills (none left: CARE_RULE_ERROR_SHORTAGE; rx
 * NULL, gone: CARE_RULE_ERROR_STATE) and returns the new, unsaved
 * pharmacy order; rejecting returns the request itself (a new reference).
 * NULL on a refusal. */
CareRecord  *care_prescriptions_decide_refill (CareRecord  *refill,
                                               CareRecord  *rx,
                                               gboolean     approve,
                                               const char  *actor,
                                               GError     **error);

/* Refuses a pending refill request by actor, now, for reason (refused
 * naming "decision_reason" when there is none: the patient reads it). */
gboolean     care_prescriptions_refuse_refill (CareRecord  *refill,
                                               const char  *reason,
                                               const char  *actor,
                                               GError     **error);

/* A new prescription is active unless it says otherwise; a patient's
 * refill request starts pending, and is decided once. */
const CareEntityRules *care_prescriptions_entity_rules (guint *n_rules);

/* --- before prescribing ------------------------------------------------------
 *
 * Warnings, not refusals: the doctor decides. A medicine matches an
 * allergy when one names the other, ignoring case ("Penicillin V" and
 * "penicillin"), by its name or generic name; drug classes are not known
 * here. It duplicates an active medication of the same name. */

/* The warnings (translated sentences) for prescribing the medicine named
 * name (generic: its generic name, or NULL) to a patient with allergies
 * (NULL-terminated) taking active_medications (medication records). */
GPtrArray   *care_prescriptions_warnings      (const char        *name,
                                               const char        *generic,
                                               const char *const *allergies,
                                               GPtrArray         *active_medications);
/* The same from the store: the patient's allergies and active
 * medications, the medicine's generic name from the formulary. */
GPtrArray   *care_prescriptions_check_medicine (CareStore        *store,
                                                const char       *patient_id,
                                                const char       *name,
                                                GError          **error);

G_END_DECLS
