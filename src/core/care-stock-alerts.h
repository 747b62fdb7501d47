/* care-stock-alerts.h: the pharmacy's expiry and low-stock notifications
 *
 * A batch holding stock that expires within the clinic's notice period
 * (a setting, 90 days unless changed), a batch that has expired on the
 * shelf, and a medicine below its reorder level each make one
 * notification for every active pharmacist: once per batch (or medicine)
 * per alert, however often the check runs. The notification's
 * link_entity names the alert ("stock_expiring", "stock_expired",
 * "stock_low") and link_id the batch or medicine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

#define CARE_STOCK_NOTICE_DAYS_DEFAULT 90

/* The notice period in days (1 to 365). */
guint       care_stock_get_notice_days   (CareStore   *store);
gboolean    care_stock_set_notice_days   (CareStore   *store,
                                          guint        days,
                                          GError     **error);

/* Writes the notifications still to make; returns how many it wrote, or
 * -1 with error set. */
gint        care_stock_notify            (CareStore   *store,
                                          GError     **error);

/* The signed-in user's unread pharmacy notifications, newest first: an
 * array of notification records. */
GPtrArray  *care_stock_notices           (CareStore   *store,
                                          GError     **error);

G_END_DECLS
