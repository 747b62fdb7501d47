/* care-permissions-page.h: what each role may do, and the requests for another role
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_PERMISSIONS_PAGE (care_permissions_page_get_type ())
G_DECLARE_FINAL_TYPE (CarePermissionsPage, care_permissions_page, CARE, PERMISSIONS_PAGE, CarePage)

G_END_DECLS
