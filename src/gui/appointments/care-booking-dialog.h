/* care-booking-dialog.h: book an appointment, or move one to another time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_BOOKING_DIALOG (care_booking_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CareBookingDialog, care_booking_dialog, CARE, BOOKING_DIALOG, AdwWindow)

/* A new appointment, the doctor and start (0: none) filled in.
 * "done" (appointment id, CareRecord *previous = NULL) when booked. */
CareBookingDialog *care_booking_dialog_new            (CareStore   *store,
                                                       const char  *doctor_id,
                                                       gint64       start);
/* Chooses the patient (a follow-up to book), as if found by the search. */
void               care_booking_dialog_set_patient    (CareBookingDialog *self,
                                                       const char        *patient_id);
/* Moving an existing appointment: patient and doctor fixed.
 * "done" (appointment id, the record as it was) when moved. */
CareBookingDialog *care_booking_dialog_new_reschedule (CareStore   *store,
                                                       const char  *appointment_id);

G_END_DECLS
