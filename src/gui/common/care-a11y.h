/* care-a11y.h: accessible names GTK 4.8 and libadwaita 1.2 do not give by themselves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Makes widget's tooltip its accessible name too, now and whenever the
 * tooltip changes (GTK 4.8 reads a tooltip as the description only, so an
 * icon button was announced as "GtkButton"). */
void  care_a11y_label_from_tooltip      (GtkWidget           *widget);
/* Names the reveal button of a password row by its tooltip ("Show Text"). */
void  care_a11y_name_password_reveal    (AdwPasswordEntryRow *row);

/* Names the focusable row of a GtkListView whose item shows child
 * ("Lucía Fernández, 4FYG-000001, …"); NULL or "" clears it. */
void  care_a11y_name_list_row           (GtkWidget           *child,
                                         const char          *label);

G_END_DECLS
