/* care-appointment-util.h: status labels and colours, times, the one status-change helper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "care-store.h"

G_BEGIN_DECLS

/* Translated ("Checked in"). */
const char *care_appointment_status_label (const char  *status);
/* The block colour of a status; cancelled, refused and missed ones muted. */
void        care_appointment_status_color (const char  *status,
                                           GdkRGBA     *rgba);
gboolean    care_appointment_status_muted (const char  *status);
/* "09:40" in the local time zone. */
char       *care_appointment_format_time  (gint64       usec);
/* "2026-12-07T09:40:00Z" */
char       *care_appointment_format_instant (gint64     usec);
gint64      care_appointment_starts_at    (const CareRecord *appointment);

/* Changes an appointment's status as core's status machine allows
 * (care_appointments_step(): checked_in also stamps checked_in_at; a
 * reason is kept in status_reason) and saves it.  previous (may be NULL)
 * receives the record as it was, for Undo. */
gboolean    care_appointment_set_status   (CareStore   *store,
                                           const char  *appointment_id,
                                           const char  *status,
                                           const char  *reason,
                                           CareRecord **previous,
                                           GError     **error);

G_END_DECLS
