/* care-assets-page.h: the clinic's equipment, and what is due for maintenance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_ASSETS_PAGE (care_assets_page_get_type ())
G_DECLARE_FINAL_TYPE (CareAssetsPage, care_assets_page, CARE, ASSETS_PAGE, CarePage)

GtkWidget   *care_assets_page_new (CareSession *session);

G_END_DECLS
