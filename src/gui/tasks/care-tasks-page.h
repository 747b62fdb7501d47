/* care-tasks-page.h: My tasks: what is given to me or to my role, and what I gave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_TASKS_PAGE (care_tasks_page_get_type ())
G_DECLARE_FINAL_TYPE (CareTasksPage, care_tasks_page, CARE, TASKS_PAGE, CarePage)

GtkWidget   *care_tasks_page_new (CareSession *session);

G_END_DECLS
