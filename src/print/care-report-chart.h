/* care-report-chart.h: a report's chart drawn with cairo and pango, on screen and in the PDF
 *
 * One drawing function for the reports page's GtkDrawingArea and for the
 * report's PDF: bars (side by side per series), stacked bars or lines,
 * with the value axis, the categories, the values where they fit and a
 * legend, in a palette told apart with colour-blindness (Okabe and Ito).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* The colour of series i, 0xRRGGBB. */
guint32 care_report_chart_colour (guint i);

/* Draws report into the rectangle (0, 0, width, height) of cr; text and
 * axes in foreground (0xRRGGBB). */
void    care_report_chart_draw   (cairo_t          *cr,
                                  const CareReport *report,
                                  double            width,
                                  double            height,
                                  guint32           foreground);

G_END_DECLS
