/* care-assets.h: the clinic's equipment and its maintenance
 *
 * An asset in service (or in maintenance) whose next service falls within
 * CARE_ASSETS_DUE_DAYS of today, or has passed, is "maintenance due
 * soon": listed for the administrator and told to every active
 * administrator once per asset and service date (a notification whose
 * link_entity is "asset" and link_id the asset).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

#define CARE_ASSETS_DUE_DAYS 14

/* Whether asset's next service is due by until (YYYY-MM-DD); a retired
 * asset or one without a date never is. */
gboolean    care_assets_is_due        (CareRecord  *asset,
                                       const char  *until);

/* The assets due within days of today, the earliest first. */
GPtrArray  *care_assets_due_soon      (CareStore   *store,
                                       guint        days,
                                       GError     **error);

/* Writes the notifications still to make; returns how many, or -1 with
 * error set. */
gint        care_assets_notify        (CareStore   *store,
                                       GError     **error);

G_END_DECLS
