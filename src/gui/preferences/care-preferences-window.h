/* care-preferences-window.h: workstation preferences
 *
 * An AdwPreferencesDialog on libadwaita 1.5 and later, an
 * AdwPreferencesWindow before (deprecated from 1.6): callers show and
 * close it with the functions below, never as a GtkWindow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-window.h"

G_BEGIN_DECLS

#define CARE_TYPE_PREFERENCES_WINDOW (care_preferences_window_get_type ())
#if ADW_CHECK_VERSION (1, 5, 0)
G_DECLARE_FINAL_TYPE (CarePreferencesWindow, care_preferences_window, CARE, PREFERENCES_WINDOW, AdwPreferencesDialog)
#else
G_DECLARE_FINAL_TYPE (CarePreferencesWindow, care_preferences_window, CARE, PREFERENCES_WINDOW, AdwPreferencesWindow)
#endif

/* settings: the io.github.caredesk.Caredesk schema. */
CarePreferencesWindow *care_preferences_window_new (GSettings *settings);
/* The window whose workstation these are: shows the "Clinic Server" group
 * (connected: the server and how sync goes; standalone: connecting one). */
void                   care_preferences_window_set_main_window (CarePreferencesWindow *self,
                                                                CareWindow            *window);
/* Shows it, modal, over parent (may be NULL). */
void                   care_preferences_window_present (CarePreferencesWindow *self,
                                                        GtkWindow             *parent);
/* Closes it; it is freed once nothing else holds it. */
void                   care_preferences_window_close (CarePreferencesWindow *self);

G_END_DECLS
