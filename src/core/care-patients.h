/* care-patients.h: what registering a patient gives them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"

G_BEGIN_DECLS

/* A new patient gets the clinic's next medical record number, unless it
 * has one (numbered by a workstation while offline: its code is the
 * prefix, so they never collide). */
const CareEntityRules *care_patients_entity_rules (guint *n_rules);

G_END_DECLS
