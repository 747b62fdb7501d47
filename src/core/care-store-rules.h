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

/* Writes record over before in the caller's transaction, with the
 * entity's rules around the write as on every other writer: a new record
 * (before NULL), a change (both), or a removal (record NULL). */
gboolean     care_store_write_ruled       (CareRuleContext *ctx,
                                           CareStore       *store,
                                           CareRecord      *before,
                                           CareRecord      *record,
                                           GError         **error);

G_END_DECLS
