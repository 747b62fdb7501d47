/* care-test-a11y.h: what assistive technology reads of a window's controls
 *
 * GTK 4.8 has no public "computed accessible name": these helpers compute
 * it the way GTK 4.8's AT-SPI bridge does (care-test-a11y.c says how),
 * from the values the test AT context keeps. The test program must run
 * with GTK_A11Y=test (set it before care_test_init()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The name a screen reader announces for widget; "" when it has none
 * (AT-SPI then reads the widget's name: "GtkButton", …). */
char      *care_test_a11y_name          (GtkWidget  *widget);
/* Whether a keyboard or pointer user can operate widget: buttons, menu
 * buttons, entries, search entries, switches, check buttons, drop-downs,
 * list rows that activate, clickable icons. */
gboolean   care_test_a11y_is_interactive (GtkWidget *widget);
/* One line for each mapped interactive control under root whose name is
 * empty or only a GTK type name: its type, role, widget name and what it
 * shows. Empty when every control is named. */
GPtrArray *care_test_a11y_unnamed       (GtkWidget  *root);
/* Fails the test listing care_test_a11y_unnamed() under root, with where
 * ("nurse, page Patients") in the message. */
void       care_test_a11y_assert_named  (GtkWidget  *root,
                                         const char *where);

G_END_DECLS
