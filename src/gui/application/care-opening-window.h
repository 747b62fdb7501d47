/* care-opening-window.h: what shows while the clinic store does its long work before opening
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_OPENING_WINDOW (care_opening_window_get_type ())
G_DECLARE_FINAL_TYPE (CareOpeningWindow, care_opening_window, CARE, OPENING_WINDOW, AdwApplicationWindow)

/* Says what work (care_store_open_if_quick()) and how much. It refuses
 * to close: its owner destroys it when the work is done. */
CareOpeningWindow *care_opening_window_new      (GtkApplication      *application,
                                                 const CareStoreWork *work);
/* A CareStoreProgressFunc, the window its data: the bar shows fraction,
 * or pulses while it is not known (below 0). */
void               care_opening_window_progress (CareStoreWorkFlags   step,
                                                 double               fraction,
                                                 gpointer             window);

G_END_DECLS
