/* care-ward-monitor-page.h: the Admitted patients page: beds, latest vitals, NEWS2, observations due
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_WARD_MONITOR_PAGE (care_ward_monitor_page_get_type ())
G_DECLARE_FINAL_TYPE (CareWardMonitorPage, care_ward_monitor_page, CARE, WARD_MONITOR_PAGE, CarePage)

GtkWidget *care_ward_monitor_page_new (CareSession *session);

G_END_DECLS
