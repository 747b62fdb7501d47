/* care-alerts.h: an emergency alert, raised, acknowledged and resolved
 *
 *   active → acknowledged | resolved;  acknowledged → resolved
 *
 * Any member of staff may raise an alert and answer one, whatever their
 * role: an emergency is everyone's business. A patient may do neither
 * (the portal cannot write alerts). Who answered and when is recorded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"

G_BEGIN_DECLS

/* Whether a signed-in account of role may raise and acknowledge alerts. */
gboolean     care_alerts_may_raise        (const char  *role);

/* A new, active alert of kind (a choice of the schema's "kind") at
 * location, raised by actor. Refused, naming the field, when the kind is
 * not one of the choices or the location is empty. */
CareRecord  *care_alerts_raise            (const char  *kind,
                                           const char  *location,
                                           const char  *actor,
                                           GError     **error);

/* Whether the alert still waits for someone to answer it. */
gboolean     care_alerts_is_active        (CareRecord  *alert);

/* Someone answers the alert (to "acknowledged", by actor, now) or it is
 * over (to "resolved", now). */
gboolean     care_alerts_step             (CareRecord  *alert,
                                           const char  *to,
                                           const char  *actor,
                                           GError     **error);

/* The alert is over (to "resolved", by actor, now), with how it ended:
 * refused, naming "outcome", without it. */
gboolean     care_alerts_resolve          (CareRecord  *alert,
                                           const char  *outcome,
                                           const char  *actor,
                                           GError     **error);

/* An alert's status changes only as above, whoever writes it; a new one
 * is active and has a staff member as its author; a resolved one says how
 * it ended, and who resolved it is whoever wrote that. */
const CareEntityRules *care_alerts_entity_rules (guint *n_rules);

G_END_DECLS
