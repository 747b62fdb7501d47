/* care-alerts.h: an emergency alert, raised, acknowledged and resolved
 *
 *   active → acknowledged | resolved;  acknowledged → resolved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"

G_BEGIN_DECLS

/* Someone answers the alert (to "acknowledged", by actor) or it is over
 * (to "resolved", now). */
gboolean     care_alerts_step             (CareRecord  *alert,
                                           const char  *to,
                                           const char  *actor,
                                           GError     **error);

/* An alert's status changes only as above, whoever writes it. */
const CareEntityRules *care_alerts_entity_rules (guint *n_rules);

G_END_DECLS
