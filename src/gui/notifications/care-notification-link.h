/* care-notification-link.h: opens what a notification is about
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-window.h"

G_BEGIN_DECLS

/* Shows the record link_entity/link_id in window: an appointment on the
 * calendar at its day (a request in the doctor's inbox), a message in its
 * conversation on the Messages page, a lab test on the Laboratory page,
 * an emergency alert on the Alerts page, anything else of a patient in
 * the patient's chart. FALSE when the role has no page
 * for it (or the record is not in the store yet). */
gboolean     care_notification_link_open (CareWindow *window,
                                          const char *link_entity,
                                          const char *link_id);

G_END_DECLS
