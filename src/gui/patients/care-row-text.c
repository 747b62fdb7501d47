/* care-row-text.c: a line of text a list row draws itself
 *
 * The patient list's rows draw their three lines of text with Pango
 * instead of holding a GtkLabel each: GTK 4.8's GtkListView builds 200
 * rows whatever its height, and a label is a widget, a CSS node and a
 * layout kept for each (about 1 MiB per label of a row; BENCHMARKS.md,
 * branch memory4). A layout lives only while a row is measured or
 * drawn; GTK keeps what was drawn.
 *
 * The styles are libadwaita's classes of the same names, which a widget
 * without CSS nodes of its own cannot take from the style sheet: .heading
 * (weight 700, 11 pt), .caption (9 pt) and .dim-label (opacity 0.55).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-row-text"

#include "config.h"

#include "care-gtk-compat.h"
#include "care-row-text.h"

#define DIM_OPACITY 0.55f

PangoLayout *
care_row_text_layout (GtkWidget        *widget,
                      const char       *text,
                      CareRowTextStyle  style,
                      int               width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  if (style == CARE_ROW_TEXT_HEADING)
    {
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_attr_list_insert (attrs, pango_attr_size_new (11 * PANGO_SCALE));
    }
  else
    pango_attr_list_insert (attrs, pango_attr_size_new (9 * PANGO_SCALE));
  if (style == CARE_ROW_TEXT_MONO_CAPTION)
    pango_attr_list_insert (attrs, pango_attr_family_new ("monospace"));
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  /* As GtkLabel with xalign 0: at the start of the line, the right in RTL. */
  pango_layout_set_alignment (layout, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  if (width >= 0)
    {
      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  return layout;
}

void
care_row_text_size (PangoLayout *layout,
                    int         *width,
                    int         *height,
                    int         *baseline)
{
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (width)
    *width = logical.width;
  if (height)
    *height = logical.height;
  if (baseline)
    *baseline = PANGO_PIXELS (pango_layout_get_baseline (layout));
}

void
care_row_text_draw (GtkWidget        *widget,
                    GtkSnapshot      *snapshot,
                    PangoLayout      *layout,
                    CareRowTextStyle  style,
                    int               x,
                    int               y)
{
  GdkRGBA color;

  care_widget_get_color (widget, &color);
  if (style != CARE_ROW_TEXT_HEADING)
    color.alpha *= DIM_OPACITY;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}
