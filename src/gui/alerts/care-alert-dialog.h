/* care-alert-dialog.h: raising an emergency alert in two clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_ALERT_DIALOG (care_alert_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CareAlertDialog, care_alert_dialog, CARE, ALERT_DIALOG, AdwWindow)

/* settings: the app's, whose "workstation-location" prefills the place
 * and keeps the last one given. */
CareAlertDialog *care_alert_dialog_new (GtkWindow   *parent,
                                        CareSession *session,
                                        GSettings   *settings);

G_END_DECLS
