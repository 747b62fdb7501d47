/* care-sync-indicator.h: sync state in the header bar, details in a popover
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-sync-engine.h"

G_BEGIN_DECLS

#define CARE_TYPE_SYNC_INDICATOR (care_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (CareSyncIndicator, care_sync_indicator, CARE, SYNC_INDICATOR, GtkWidget)

/* Follows engine ("engine"); NULL hides the indicator (standalone). The
 * popover's buttons use win.sync-now and win.show-sync. */
void            care_sync_indicator_set_engine  (CareSyncIndicator *self,
                                                 CareSyncEngine    *engine);
CareSyncEngine *care_sync_indicator_get_engine  (CareSyncIndicator *self);
/* "compact": the icon only (a narrow window). */
void            care_sync_indicator_set_compact (CareSyncIndicator *self,
                                                 gboolean           compact);
/* What the button says now ("Up to date", "3 to send"…), for tests. */
const char     *care_sync_indicator_get_text    (CareSyncIndicator *self);

G_END_DECLS
