/* care-list-util.h: what the app's list boxes share: emptying them, their placeholder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Removes every row; the placeholder stays (GTK 4.8 has no remove_all). */
void         care_list_box_remove_rows  (GtkListBox *list);
/* A dim, wrapping line for an empty list ("No appointments today."). */
GtkWidget   *care_list_placeholder_new  (const char *text);
/* When a row's record came: "09:40" today, "3 Dec, 09:40" before; "" for
 * no time. */
char        *care_list_format_when      (const char *instant);

G_END_DECLS
