/* care-forms.h: forms patients fill in, and the clinic's review of them
 *
 *   pending → reviewed | approved | rejected;  reviewed → approved | rejected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"

G_BEGIN_DECLS

/* The review ends as outcome (reviewed, approved or rejected; anything
 * else is a refusal naming "status") by reviewer, now, with notes when
 * given. */
gboolean     care_forms_review            (CareRecord  *form,
                                           const char  *outcome,
                                           const char  *reviewer,
                                           const char  *notes,
                                           GError     **error);

/* A form a patient sends waits for review; its status changes only as
 * above, whoever writes it. */
const CareEntityRules *care_forms_entity_rules (guint *n_rules);

G_END_DECLS
