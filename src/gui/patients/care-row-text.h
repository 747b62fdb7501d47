/* care-row-text.h: a line of text a list row draws itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* As libadwaita's style classes of the same names set them. */
typedef enum {
  CARE_ROW_TEXT_HEADING,     /* .heading */
  CARE_ROW_TEXT_CAPTION,     /* .caption .dim-label */
  CARE_ROW_TEXT_MONO_CAPTION /* .caption .dim-label, monospace */
} CareRowTextStyle;

/* A one-line layout of text in the widget's font and direction, in style;
 * ellipsized at width when width >= 0. */
PangoLayout *care_row_text_layout (GtkWidget        *widget,
                                   const char       *text,
                                   CareRowTextStyle  style,
                                   int               width);
/* Its width and height in pixels; baseline (may be NULL): from its top. */
void         care_row_text_size   (PangoLayout      *layout,
                                   int              *width,
                                   int              *height,
                                   int              *baseline);
/* Draws the layout with its top left at x, y in the widget's colour. */
void         care_row_text_draw   (GtkWidget        *widget,
                                   GtkSnapshot      *snapshot,
                                   PangoLayout      *layout,
                                   CareRowTextStyle  style,
                                   int               x,
                                   int               y);

G_END_DECLS
