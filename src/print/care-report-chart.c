/* care-report-chart.c: drawing a report as bars, stacked bars or lines with cairo and pango
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-report-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "care-document.h"
#include "care-report-chart.h"

/* Okabe & Ito's palette, without its yellow (too pale on white). */
static const guint32 palette[] = { 0x0072b2, 0xe69f00, 0x009e73, 0xcc79a7, 0x56b4e9, 0xd55e00, 0x000000 };

#define FONT_SIZE 10.0
/* The widest a bar grows, so two doctors do not make two walls. */
#define MAX_BAR 72.0
#define PAD 6.0

guint32
care_report_chart_colour (guint i)
{
  return palette[i % G_N_ELEMENTS (palette)];
}

static void
set_colour (cairo_t *cr,
            guint32  rgb,
            double   alpha)
{
  cairo_set_source_rgba (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0, alpha);
}

/* Black or white, whichever reads better on rgb. */
static guint32
readable_on (guint32 rgb)
{
  double luma = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);

  return luma > 140 ? 0x000000 : 0xffffff;
}

static PangoLayout *
new_layout (cairo_t    *cr,
            const char *text,
            gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (CARE_DOCUMENT_FONT_FAMILY);

  pango_font_description_set_absolute_size (font, FONT_SIZE * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
text_width (cairo_t    *cr,
            const char *text)
{
  g_autoptr(PangoLayout) layout = new_layout (cr, text, FALSE);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

/* Draws text with its (x_align, y_align) point (0…1 of its box) at (x, y). */
static void
draw_text (cairo_t    *cr,
           const char *text,
           double      x,
           double      y,
           double      x_align,
           double      y_align,
           gboolean    bold)
{
  g_autoptr(PangoLayout) layout = new_layout (cr, text, bold);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - w * x_align, y - h * y_align);
  pango_cairo_show_layout (cr, layout);
}

/* A step of 1, 2 or 5 × 10ⁿ giving about five intervals up to top. */
static gint64
nice_step (gint64 top)
{
  gint64 step = 1;

  while (step * 5 < top)
    {
      if (step * 2 * 5 >= top)
        return step * 2;
      if (step * 5 * 5 >= top)
        return step * 5;
      step *= 10;
    }
  return step;
}

static gint64
largest (const CareReport *report)
{
  gint64 top = 0;

  for (guint c = 0; c < report->categories->len; c++)
    {
      if (report->chart == CARE_REPORT_CHART_STACKED)
        top = MAX (top, care_report_row_total (report, c));
      else
        for (guint s = 0; s < report->series->len; s++)
          top = MAX (top, care_report_value (report, c, s));
    }
  return top;
}

/* The legend across the top; its height. */
static double
draw_legend (cairo_t          *cr,
             const CareReport *report,
             double            width,
             guint32           foreground)
{
  double x = 0, y = 0, row = FONT_SIZE + PAD;

  if (report->series->len < 2)
    return 0;
  for (guint s = 0; s < report->series->len; s++)
    {
      const char *name = g_ptr_array_index (report->series, s);
      double w = FONT_SIZE + 4 + text_width (cr, name) + 2 * PAD;

      if (x > 0 && x + w > width)
        x = 0, y += row + 2;
      set_colour (cr, care_report_chart_colour (s), 1);
      cairo_rectangle (cr, x, y + 2, FONT_SIZE, FONT_SIZE);
      cairo_fill (cr);
      set_colour (cr, foreground, 1);
      draw_text (cr, name, x + FONT_SIZE + 4, y, 0, 0, FALSE);
      x += w;
    }
  return y + row + PAD;
}

void
care_report_chart_draw (cairo_t          *cr,
                        const CareReport *report,
                        double            width,
                        double            height,
                        guint32           foreground)
{
  guint n = report->categories->len;
  guint n_series = report->series->len;
  gint64 step, top;
  double left = 0, top_y, bottom, plot_w, plot_h, slot, label_every = 1, widest_label = 0;

  g_return_if_fail (cr != NULL && report != NULL);

  cairo_save (cr);
  top_y = draw_legend (cr, report, width, foreground);
  if (n == 0 || n_series == 0)
    {
      set_colour (cr, foreground, 0.7);
      draw_text (cr, _("Nothing to show for this period."), width / 2, height / 2, 0.5, 0.5, FALSE);
      cairo_restore (cr);
      return;
    }
  step = nice_step (MAX (largest (report), 1));
  top = ((MAX (largest (report), 1) + step - 1) / step) * step;
  for (gint64 v = 0; v <= top; v += step)
    {
      g_autofree char *text = care_report_format_value (report, v);

      left = MAX (left, text_width (cr, text));
    }
  left += PAD;
  /* Room above the tallest bar for its value, and two lines of names below. */
  top_y += 2 * FONT_SIZE;
  bottom = height - (2.6 * FONT_SIZE + 2 * PAD);
  plot_w = MAX (width - left - PAD, 10);
  plot_h = MAX (bottom - top_y, 10);
  slot = plot_w / n;
  for (guint c = 0; c < n; c++)
    widest_label = MAX (widest_label, text_width (cr, g_ptr_array_index (report->categories, c)));
  /* Every category's label when they fit, else every k-th. */
  /* Every category's name, on two lines if need be, when the slots are
   * wide enough; else one name in every k (the weeks of five years). */
  label_every = slot >= 3.5 * FONT_SIZE ? 1 : ceil ((widest_label + PAD) / slot);

  /* Grid lines and the value axis. */
  cairo_set_line_width (cr, 1);
  for (gint64 v = 0; v <= top; v += step)
    {
      g_autofree char *text = care_report_format_value (report, v);
      double y = bottom - plot_h * v / top;

      set_colour (cr, foreground, v == 0 ? 0.8 : 0.15);
      cairo_move_to (cr, left, round (y) + 0.5);
      cairo_line_to (cr, left + plot_w, round (y) + 0.5);
      cairo_stroke (cr);
      set_colour (cr, foreground, 0.8);
      draw_text (cr, text, left - PAD, y, 1, 0.5, FALSE);
    }

  /* The categories. */
  for (guint c = 0; c < n; c += (guint) label_every)
    {
      g_autoptr(PangoLayout) layout = new_layout (cr, g_ptr_array_index (report->categories, c), FALSE);
      int w, h;

      if (label_every == 1 && widest_label + PAD > slot)
        {
          pango_layout_set_width (layout, (int) ((slot - 2) * PANGO_SCALE));
          pango_layout_set_height (layout, -2);
          pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
        }
      pango_layout_get_pixel_size (layout, &w, &h);
      set_colour (cr, foreground, 0.9);
      cairo_move_to (cr, left + slot * (c + 0.5) - w / 2.0, bottom + PAD / 2);
      pango_cairo_show_layout (cr, layout);
    }

  if (report->chart == CARE_REPORT_CHART_LINE)
    {
      for (guint s = 0; s < n_series; s++)
        {
          set_colour (cr, care_report_chart_colour (s), 1);
          cairo_set_line_width (cr, 2);
          for (guint c = 0; c < n; c++)
            {
              double x = left + slot * (c + 0.5);
              double y = bottom - plot_h * care_report_value (report, c, s) / top;

              if (c == 0)
                cairo_move_to (cr, x, y);
              else
                cairo_line_to (cr, x, y);
            }
          cairo_stroke (cr);
          /* Points where they are apart enough to be seen as points, and
           * their values where those fit. */
          if (slot >= 8)
            for (guint c = 0; c < n; c++)
              {
                gint64 value = care_report_value (report, c, s);
                double x = left + slot * (c + 0.5), y = bottom - plot_h * value / top;
                g_autofree char *text = care_report_format_value (report, value);

                set_colour (cr, care_report_chart_colour (s), 1);
                cairo_arc (cr, x, y, 3, 0, 2 * G_PI);
                cairo_fill (cr);
                if (value > 0 && text_width (cr, text) + PAD <= slot)
                  draw_text (cr, text, x, y - 4, 0.5, 1, FALSE);
              }
        }
      cairo_restore (cr);
      return;
    }

  for (guint c = 0; c < n; c++)
    {
      double bar_w = MIN (report->chart == CARE_REPORT_CHART_STACKED ? slot * 0.6 : slot * 0.8 / n_series, MAX_BAR);
      double group_w = report->chart == CARE_REPORT_CHART_STACKED ? bar_w : bar_w * n_series;
      double x0 = left + slot * (c + 0.5) - group_w / 2;
      double base = bottom;

      for (guint s = 0; s < n_series; s++)
        {
          gint64 value = care_report_value (report, c, s);
          double h = plot_h * value / top;
          double x = report->chart == CARE_REPORT_CHART_STACKED ? x0 : x0 + bar_w * s;
          double y = report->chart == CARE_REPORT_CHART_STACKED ? base - h : bottom - h;
          g_autofree char *text = care_report_format_value (report, value);

          set_colour (cr, care_report_chart_colour (s), 1);
          cairo_rectangle (cr, x, y, MAX (bar_w - 1, 1), h);
          cairo_fill (cr);
          /* The value above its bar (inside a stacked segment) when it fits. */
          if (value > 0 && text_width (cr, text) + 2 <= bar_w)
            {
              if (report->chart == CARE_REPORT_CHART_STACKED)
                {
                  if (h >= FONT_SIZE + 4)
                    {
                      set_colour (cr, readable_on (care_report_chart_colour (s)), 1);
                      draw_text (cr, text, x + bar_w / 2, y + h / 2, 0.5, 0.5, FALSE);
                    }
                }
              else
                {
                  set_colour (cr, foreground, 1);
                  draw_text (cr, text, x + bar_w / 2, y - 1, 0.5, 1, FALSE);
                }
            }
          if (report->chart == CARE_REPORT_CHART_STACKED)
            base -= h;
        }
    }
  cairo_restore (cr);
}
