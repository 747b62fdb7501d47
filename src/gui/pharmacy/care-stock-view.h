/* care-stock-view.h: the pharmacy's medicines and batches with their alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_STOCK_VIEW (care_stock_view_get_type ())
G_DECLARE_FINAL_TYPE (CareStockView, care_stock_view, CARE, STOCK_VIEW, GtkWidget)

GtkWidget *care_stock_view_new (CareStore *store);

G_END_DECLS
