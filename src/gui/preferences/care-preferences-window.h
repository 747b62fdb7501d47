/* care-preferences-window.h: workstation preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-window.h"

G_BEGIN_DECLS

#define CARE_TYPE_PREFERENCES_WINDOW (care_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CarePreferencesWindow, care_preferences_window, CARE, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* settings: the io.github.caredesk.Caredesk schema. */
CarePreferencesWindow *care_preferences_window_new (GSettings *settings);
/* The window whose workstation these are: shows the "Clinic Server" group
 * (connected: the server and how sync goes; standalone: connecting one). */
void                   care_preferences_window_set_main_window (CarePreferencesWindow *self,
                                                                CareWindow            *window);

G_END_DECLS
