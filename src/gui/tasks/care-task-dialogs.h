/* care-task-dialogs.h: assigning a task, and completing one with a note
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* Asks what, for whom (a staff member or everyone of a role) and by when,
 * checking as the person types and showing each refusal under its field;
 * "Assign" writes it (alert name "task-assign-dialog"). */
GtkWidget   *care_task_assign_dialog_new   (CareStore  *store);

/* Asks what was done and completes task ("task-done-dialog"). */
GtkWidget   *care_task_done_dialog_new     (CareStore  *store,
                                            CareRecord *task);

G_END_DECLS
