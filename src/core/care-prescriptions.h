/* care-prescriptions.h: prescriptions and their refills
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"

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

/* A new prescription is active unless it says otherwise; a patient's
 * refill request starts pending, and is decided once. */
const CareEntityRules *care_prescriptions_entity_rules (guint *n_rules);

G_END_DECLS
