/* care-alert-banner.h: active emergency alerts, across the top of the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_ALERT_BANNER (care_alert_banner_get_type ())
G_DECLARE_FINAL_TYPE (CareAlertBanner, care_alert_banner, CARE, ALERT_BANNER, GtkWidget)

/* The signed-in session whose store is watched; NULL hides the banner. */
void         care_alert_banner_set_session  (CareAlertBanner *self,
                                             CareSession     *session);
/* The alert shown (the newest active one), or NULL. */
const char  *care_alert_banner_get_alert_id (CareAlertBanner *self);
/* Whether the alert shown has not left this workstation yet. */
gboolean     care_alert_banner_get_unsent   (CareAlertBanner *self);

G_END_DECLS
