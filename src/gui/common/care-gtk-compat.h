/* care-gtk-compat.h: one-line calls whose GTK or libadwaita API changed after Debian 12
 *
 * The app builds on GTK 4.8 / libadwaita 1.2 and on a current GNOME
 * runtime, where the older calls are deprecated; each helper uses the newer
 * API where the headers have it (tests/newer-api checks that branch).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The widget's foreground colour, for drawing text and lines. */
static inline void
care_widget_get_color (GtkWidget *widget,
                       GdkRGBA   *color)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
#endif
}

/* Aligned on the baseline, filling the height otherwise. */
#if GTK_CHECK_VERSION (4, 12, 0)
#define CARE_ALIGN_BASELINE GTK_ALIGN_BASELINE_FILL
#else
#define CARE_ALIGN_BASELINE GTK_ALIGN_BASELINE
#endif

/* A widget at the end of an expander row's header. */
static inline void
care_expander_row_add_suffix (AdwExpanderRow *row,
                              GtkWidget      *widget)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  adw_expander_row_add_suffix (row, widget);
#else
  adw_expander_row_add_action (row, widget);
#endif
}

G_END_DECLS
