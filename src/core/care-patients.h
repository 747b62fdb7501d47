/* care-patients.h: what registering a patient gives them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

/* A new patient gets the clinic's next medical record number, unless it
 * has one (numbered by a workstation while offline: its code is the
 * prefix, so they never collide). */
const CareEntityRules *care_patients_entity_rules (guint *n_rules);

/* Registers a new patient on this workstation: the next medical record
 * number is taken in the same transaction as the patient, so a refused
 * registration uses none up. validate FALSE: already checked (an import). */
gboolean               care_patients_register     (CareStore   *store,
                                                   CareRecord  *patient,
                                                   gboolean     validate,
                                                   GError     **error);

G_END_DECLS
