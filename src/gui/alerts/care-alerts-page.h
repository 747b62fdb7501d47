/* care-alerts-page.h: the clinic's emergency alerts, answered and resolved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_ALERTS_PAGE (care_alerts_page_get_type ())
G_DECLARE_FINAL_TYPE (CareAlertsPage, care_alerts_page, CARE, ALERTS_PAGE, CarePage)

GtkWidget *care_alerts_page_new (CareSession *session);

G_END_DECLS
