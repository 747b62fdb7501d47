/* care-appointments-page.h: the front desk: calendar, today's list, the waiting room
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-page.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_APPOINTMENTS_PAGE (care_appointments_page_get_type ())
G_DECLARE_FINAL_TYPE (CareAppointmentsPage, care_appointments_page, CARE, APPOINTMENTS_PAGE, CarePage)

/* The page for session's store, acting as its user. */
GtkWidget  *care_appointments_page_new      (CareSession          *session);
/* Shows the local date (day or week mode kept). */
void        care_appointments_page_set_date (CareAppointmentsPage *self,
                                             GDate                *date);
/* Re-reads the calendar, the lists and the double bookings. */
void        care_appointments_page_refresh  (CareAppointmentsPage *self);

G_END_DECLS
