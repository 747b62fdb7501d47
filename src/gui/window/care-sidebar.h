/* care-sidebar.h: the window's list of pages, bound to their stack
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CARE_TYPE_SIDEBAR (care_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (CareSidebar, care_sidebar, CARE, SIDEBAR, GtkWidget)

/* Lists the CarePageSlot children of stack, in their order, and keeps the
 * selected row and the stack's visible child the same. */
GtkStack  *care_sidebar_get_stack (CareSidebar *self);
void       care_sidebar_set_stack (CareSidebar *self,
                                   GtkStack    *stack);

G_END_DECLS
