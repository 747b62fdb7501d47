/* care-store-rules.h: the app's local store as the context core's rules run over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

/* Fills ctx so that rules read and write store as its actor (the signed-in
 * staff member): get, list, insert and update of related records. The
 * store must outlive ctx. */
void         care_store_rule_context_init (CareRuleContext *ctx,
                                           CareStore       *store);

G_END_DECLS
