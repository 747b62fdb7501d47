/* care-kiosk-window.h: the patient kiosk (caredesk --kiosk)
 *
 * A patient signs in with their portal account (the first time with a
 * receptionist's invitation code) and sees their own appointments,
 * visits, prescriptions, released results, invoices and forms; they ask
 * for an appointment or a refill, cancel, and fill in forms. Their
 * records live in a private temporary store only while they are signed
 * in (care-kiosk.h says what goes and when).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_KIOSK_WINDOW (care_kiosk_window_get_type ())
G_DECLARE_FINAL_TYPE (CareKioskWindow, care_kiosk_window, CARE, KIOSK_WINDOW, AdwApplicationWindow)

CareKioskWindow *care_kiosk_window_new            (GtkApplication  *application,
                                                   const char      *server_url);
/* The signed-in patient's store, or NULL when no one is signed in. */
CareStore       *care_kiosk_window_get_store      (CareKioskWindow *self);
const char      *care_kiosk_window_get_store_path (CareKioskWindow *self);
/* Signing in or out, or sending, is under way. */
gboolean         care_kiosk_window_is_busy        (CareKioskWindow *self);
/* Looks at the idle time now (a timer does it every second): shows the
 * countdown, or signs out. */
void             care_kiosk_window_check_idle     (CareKioskWindow *self);

G_END_DECLS
