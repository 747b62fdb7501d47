/* care-sync-page.h: conflicts, refused changes and possible duplicates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_SYNC_PAGE (care_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (CareSyncPage, care_sync_page, CARE, SYNC_PAGE, CarePage)

GtkWidget *care_sync_page_new     (CareSession  *session);
/* Reads the three lists from the store again now (they also follow the
 * engine and the store by themselves). */
void       care_sync_page_refresh (CareSyncPage *self);

G_END_DECLS
