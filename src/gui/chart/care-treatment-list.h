/* care-treatment-list.h: the note's treatments given at the visit, each with its cost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "caredesk-core.h"
#include "care-treatments.h"

G_BEGIN_DECLS

/* A list of rows (a treatment's name, its cost, a button that removes
 * the row) and an "Add Treatment" button (widget name "note-add-treatment");
 * each row's entries are named "note-treatment" and "note-treatment-cost". */
GtkWidget *care_treatment_list_new     (void);
/* Adds an empty row and focuses its name. */
void       care_treatment_list_add     (GtkWidget  *list);
/* Each filled row as a new treatment record (care_treatments_new()),
 * rows left empty skipped; NULL with error (the row's entry focused) on
 * the first refusal. */
GPtrArray *care_treatment_list_collect (GtkWidget  *list,
                                        CareStore  *store,
                                        GError    **error);

G_END_DECLS
