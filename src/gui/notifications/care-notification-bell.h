/* care-notification-bell.h: the header's bell: unread count and the list of notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_NOTIFICATION_BELL (care_notification_bell_get_type ())
G_DECLARE_FINAL_TYPE (CareNotificationBell, care_notification_bell, CARE, NOTIFICATION_BELL, GtkWidget)

/* The signed-in session whose notifications are shown; NULL hides the bell. */
void         care_notification_bell_set_session (CareNotificationBell *self,
                                                 CareSession          *session);
guint        care_notification_bell_get_unread  (CareNotificationBell *self);
/* Marks the notification read and opens what it is about (in the window
 * the bell is in); what clicking its row does. */
void         care_notification_bell_open        (CareNotificationBell *self,
                                                 const char           *id);

G_END_DECLS
