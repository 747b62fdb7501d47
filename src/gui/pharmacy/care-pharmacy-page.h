/* care-pharmacy-page.h: the pharmacy: orders to dispense and the stock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_PHARMACY_PAGE (care_pharmacy_page_get_type ())
G_DECLARE_FINAL_TYPE (CarePharmacyPage, care_pharmacy_page, CARE, PHARMACY_PAGE, CarePage)

G_END_DECLS
