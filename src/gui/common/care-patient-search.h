/* care-patient-search.h: patients found as a name or number is typed, as rows to pick
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* Replaces the rows of results with the patients the store's search finds
 * for text (at most limit), each an activatable AdwActionRow titled with
 * the name, MRN and date of birth under it, named row_name; hides results
 * when nothing is found. */
void         care_patient_search_fill     (GtkListBox    *results,
                                           CareStore     *store,
                                           const char    *text,
                                           guint          limit,
                                           const char    *row_name);
/* The patient id of a row made by care_patient_search_fill(). */
const char  *care_patient_search_row_id   (GtkListBoxRow *row);

G_END_DECLS
