/* care-messages.h: messages between staff and patients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"

G_BEGIN_DECLS

/* The recipient has read it (the first time counts). */
void         care_messages_mark_read       (CareRecord *message);

/* A message goes to a staff member or a patient of the clinic; patients
 * write to the staff only. The sender is whoever writes it (the schema's
 * CARE_FIELD_SIGNED). */
const CareEntityRules *care_messages_entity_rules (guint *n_rules);

G_END_DECLS
