/* care-appointment-util.h: status labels and colours, times, the one status-change helper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-store.h"
#include "care-alert.h"

G_BEGIN_DECLS

/* Where an action button or dialog keeps its appointment's id. */
#define CARE_APPOINTMENT_ID_KEY "care-appointment-id"

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

/* A button for one appointment's action (Check In, Accept…): named name,
 * the appointment's id kept under "care-appointment-id", callback
 * (GtkButton *, gpointer owner) connected to owner's lifetime. */
GtkWidget  *care_appointment_action_button (gpointer     owner,
                                            const char  *label,
                                            const char  *name,
                                            const char  *id,
                                            GCallback    callback);

/* "Given Family" of the patient, or NULL. */
char       *care_appointment_patient_name (CareStore   *store,
                                           const char  *patient_id);

/* An alert (care-alert.h) with an entry for the reason (named
 * reason_name) under it and the responses "keep" and response. When
 * required, response stays disabled until a reason is typed, and a line
 * under the entry says why. The entry is the dialog's extra child. */
GtkWidget  *care_appointment_reason_dialog_new (const char *heading,
                                                const char *body,
                                                const char *reason_name,
                                                const char *placeholder,
                                                const char *response,
                                                const char *response_label,
                                                gboolean    required);
/* The reason typed into such a dialog. */
const char *care_appointment_reason_dialog_get_reason (GtkWidget *dialog);

G_END_DECLS
