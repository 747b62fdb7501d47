/* care-stock-take-view.h: counting a shelf and confirming the differences as adjustments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_STOCK_TAKE_VIEW (care_stock_take_view_get_type ())
G_DECLARE_FINAL_TYPE (CareStockTakeView, care_stock_take_view, CARE, STOCK_TAKE_VIEW, GtkWidget)

GtkWidget *care_stock_take_view_new (CareStore *store);

G_END_DECLS
