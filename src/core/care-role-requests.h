/* care-role-requests.h: asking for another role, and an administrator's decision
 *
 * A staff member asks for a role with a reason; an administrator other
 * than the one asking approves (the role changes at once) or refuses with
 * a reason. No decision may leave the clinic without an active
 * administrator (care-access.c's rule on users runs on the role change).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

/* Whether decider may decide request now: it must be pending, not the
 * decider's own, and a refusal needs a reason (naming
 * "decision_reason"); a refusal of the others names "status". */
gboolean     care_role_requests_check_decision (CareRecord   *request,
                                                const char   *decider_id,
                                                gboolean      approve,
                                                const char   *reason,
                                                GError      **error);

/* The store's actor asks for role with reason (may be NULL). Refuses,
 * naming "requested_role", the role they have or one already asked for. */
CareRecord  *care_role_requests_ask            (CareStore    *store,
                                                const char   *role,
                                                const char   *reason,
                                                GError      **error);

/* The store's actor decides request: the request and, when approved, the
 * user's role are written in one transaction. */
gboolean     care_role_requests_decide         (CareStore    *store,
                                                CareRecord   *request,
                                                gboolean      approve,
                                                const char   *reason,
                                                GError      **error);

/* The store's actor withdraws their own pending request (deletes it). */
gboolean     care_role_requests_withdraw       (CareStore    *store,
                                                CareRecord   *request,
                                                GError      **error);

/* Pending requests, oldest first. */
GPtrArray   *care_role_requests_pending        (CareStore    *store,
                                                GError      **error);

/* A decision on a request, however it is written (REST, sync push). */
const CareEntityRules *care_role_requests_entity_rules (guint *n_rules);

G_END_DECLS
