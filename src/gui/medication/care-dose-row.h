/* care-dose-row.h: a dose of the medication round as a list row, with its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* A row for dose (the index-th of the page's round) at now: medicine,
 * dose, route, patient and bed; what became of it in words ("Overdue
 * since 14:00", "Given at 14:05 by Nora Nurse"), who being recorder's
 * name; and buttons for the page's medication.give/refuse/hold/history
 * actions with index as their target. */
GtkWidget  *care_dose_row_new          (CareDose   *dose,
                                        guint       index,
                                        gint64      now,
                                        const char *recorder);

/* "14:05" in local time, for an instant in µs. */
char       *care_dose_format_time      (gint64      usec);
/* What became of a dose in words, at now. */
char       *care_dose_describe_state   (CareDose   *dose,
                                        gint64      now,
                                        const char *recorder);
/* "Amoxicillin 500 mg" */
char       *care_dose_dup_title        (CareDose   *dose);

G_END_DECLS
