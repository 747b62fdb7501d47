/* care-vitals.h: what a set of vital signs works out by itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"

G_BEGIN_DECLS

/* The body-mass index to one decimal ("26.0") from weight in kg and
 * height in cm as the schema stores them; NULL without both. */
char        *care_vitals_bmi              (const char *weight_kg,
                                           const char *height_cm);
/* Sets the record's bmi from its weight and height (unchanged without). */
void         care_vitals_apply_bmi        (CareRecord *vitals);

/* The BMI follows weight and height; a new set is taken now unless given. */
const CareEntityRules *care_vitals_entity_rules (guint *n_rules);

G_END_DECLS
