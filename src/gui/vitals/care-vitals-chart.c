/* care-vitals-chart.c: one vital sign over time, its normal band shaded
 *
 * Drawn with cairo inside the snapshot. Readings outside the normal range
 * are triangles (pointing up when high, down when low) rather than dots,
 * so that they stand out without colour; an amended reading is ringed by
 * a diamond. When the span holds more readings than the plot has pixel
 * columns, each column draws the range of its readings (a min–max stroke)
 * and at most one marker, so that a year of hourly readings costs what a
 * width of pixels does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-vitals-chart"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "care-gtk-compat.h"
#include "care-clock.h"
#include "care-vitals-chart.h"

#define MARGIN_LEFT   48
#define MARGIN_RIGHT  10
#define MARGIN_TOP    8
#define MARGIN_BOTTOM 22

enum {
  POINT_ABNORMAL = 1 << 0,
  POINT_AMENDED  = 1 << 1,
};

typedef struct {
  gint64 time;    /* µs since the epoch */
  double value;
  guint  flags;
} Point;

struct _CareVitalsChart
{
  GtkWidget            parent_instance;

  const CareVitalSign *sign;
  double               band_low;   /* the normal range shaded: the sign's, */
  double               band_high;  /* or the latest set's (SpO2 scale 2) */
  GArray              *points;     /* Point, by time */
  CareVitalsSpan       span;

  /* Of the span, worked out when the readings or the span change. */
  gint64               from, to;
  guint                first, end;  /* the points within: [first, end) */
  guint                n_abnormal, n_amended;
  char                *summary;
};

G_DEFINE_FINAL_TYPE (CareVitalsChart, care_vitals_chart, GTK_TYPE_WIDGET)

/* --- the span and its words ------------------------------------------------ */

static char *
format_value (const CareVitalSign *sign,
              double               value)
{
  return g_strdup_printf ("%.*f", sign->digits, value);
}

static char *
format_time (gint64 usec,
             gint64 now)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autoptr(GDateTime) utc_now = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local_now = g_date_time_to_local (utc_now);

  if (g_date_time_get_year (local) == g_date_time_get_year (local_now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (local_now))
    return g_date_time_format (local, "%H:%M");
  /* Translators: a reading's day and time; see g_date_time_format() */
  return g_date_time_format (local, _("%-e %b %H:%M"));
}

static const char *
span_words (CareVitalsSpan span)
{
  switch (span)
    {
    case CARE_VITALS_SPAN_DAY: return _("in the last 24 hours");
    case CARE_VITALS_SPAN_WEEK: return _("in the last 7 days");
    case CARE_VITALS_SPAN_ALL:
    default: return _("in all");
    }
}

static guint
first_at_or_after (GArray *points,
                   gint64  time)
{
  guint lo = 0, hi = points->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (points, Point, mid).time < time)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
update_summary (CareVitalsChart *self)
{
  GString *s = g_string_new (NULL);
  const char *label = _(self->sign->label);
  guint n = self->end - self->first;
  gint64 now = care_clock_get_real_time ();

  if (n == 0)
    /* Translators: a vital's name, then "in the last 7 days" or the like */
    g_string_append_printf (s, _("%s: no readings %s"), label, span_words (self->span));
  else
    {
      const Point *latest = &g_array_index (self->points, Point, self->end - 1);
      g_autofree char *value = format_value (self->sign, latest->value);
      g_autofree char *when = format_time (latest->time, now);

      /* Translators: a vital's name, a count, then "in the last 7 days" or the like */
      g_string_append_printf (s, ngettext ("%s: %u reading %s", "%s: %u readings %s", n), label, n, span_words (self->span));
      /* Translators: the newest reading, its unit and its time */
      g_string_append_printf (s, _("; latest %s %s at %s"), value, _(self->sign->unit), when);
      if (latest->flags & POINT_AMENDED)
        g_string_append (s, _(" (amended)"));
      if (!isnan (self->band_low))
        g_string_append_printf (s, ngettext ("; %u outside the normal range", "; %u outside the normal range",
                                             self->n_abnormal), self->n_abnormal);
      if (self->n_amended)
        g_string_append_printf (s, ngettext ("; %u amended", "; %u amended", self->n_amended), self->n_amended);
    }
  g_free (self->summary);
  self->summary = g_string_free (s, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary,
                                  -1);
}

static void
update_span (CareVitalsChart *self)
{
  gint64 now = care_clock_get_real_time ();
  GArray *points = self->points;

  switch (self->span)
    {
    case CARE_VITALS_SPAN_DAY:
      self->from = now - G_TIME_SPAN_DAY;
      break;
    case CARE_VITALS_SPAN_WEEK:
      self->from = now - 7 * G_TIME_SPAN_DAY;
      break;
    case CARE_VITALS_SPAN_ALL:
    default:
      self->from = points->len ? MIN (g_array_index (points, Point, 0).time, now - G_TIME_SPAN_HOUR) : now - G_TIME_SPAN_DAY;
      break;
    }
  self->to = points->len ? MAX (now, g_array_index (points, Point, points->len - 1).time) : now;
  self->first = first_at_or_after (points, self->from);
  self->end = points->len;
  self->n_abnormal = self->n_amended = 0;
  for (guint i = self->first; i < self->end; i++)
    {
      const Point *p = &g_array_index (points, Point, i);

      self->n_abnormal += (p->flags & POINT_ABNORMAL) != 0;
      self->n_amended += (p->flags & POINT_AMENDED) != 0;
    }
  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* --- drawing ----------------------------------------------------------------- */

typedef struct {
  double x0, y0, x1, y1;   /* the plot area */
  double lo, hi;           /* the values at its bottom and top */
  gint64 from, to;
} Plot;

static double
plot_x (const Plot *p,
        gint64      time)
{
  return p->x0 + (p->x1 - p->x0) * (double) (time - p->from) / (double) MAX (1, p->to - p->from);
}

static double
plot_y (const Plot *p,
        double      value)
{
  return p->y1 - (p->y1 - p->y0) * (value - p->lo) / (p->hi - p->lo);
}

static void
value_range (CareVitalsChart *self,
             double          *lo,
             double          *hi)
{
  *lo = G_MAXDOUBLE;
  *hi = -G_MAXDOUBLE;
  for (guint i = self->first; i < self->end; i++)
    {
      double v = g_array_index (self->points, Point, i).value;

      *lo = MIN (*lo, v);
      *hi = MAX (*hi, v);
    }
  if (!isnan (self->band_low))
    {
      *lo = MIN (*lo, self->band_low);
      *hi = MAX (*hi, self->band_high);
    }
  if (*lo > *hi)
    *lo = 0, *hi = 1;
  {
    double pad = MAX ((*hi - *lo) * 0.1, self->sign->digits ? 0.5 : 2);

    *lo -= pad;
    *hi += pad;
  }
}

/* Markers are gathered into one path per kind and painted once each:
 * cairo pays per fill, not per shape. */
typedef enum {
  MARK_NORMAL,     /* a dot */
  MARK_ABNORMAL,   /* a triangle, pointing up when high, down when low */
  MARK_AMENDED,    /* a diamond ring */
} MarkKind;

static void
add_marker (cairo_t  *cr,
            MarkKind  kind,
            double    x,
            double    y,
            gboolean  high)
{
  double d = high ? -1 : 1;

  switch (kind)
    {
    case MARK_NORMAL:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, 2.5, 0, 2 * G_PI);
      break;
    case MARK_ABNORMAL:
      cairo_move_to (cr, x, y + 5 * d);
      cairo_line_to (cr, x - 4.5, y - 3 * d);
      cairo_line_to (cr, x + 4.5, y - 3 * d);
      cairo_close_path (cr);
      break;
    case MARK_AMENDED:
    default:
      cairo_move_to (cr, x, y - 8);
      cairo_line_to (cr, x + 8, y);
      cairo_line_to (cr, x, y + 8);
      cairo_line_to (cr, x - 8, y);
      cairo_close_path (cr);
      break;
    }
}

static void
draw_text (CareVitalsChart *self,
           cairo_t         *cr,
           const char      *text,
           double           x,
           double           y,
           double           xalign,
           double           yalign)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - w * xalign, y - h * yalign);
  pango_cairo_show_layout (cr, layout);
}

static char *
format_axis_time (CareVitalsSpan span,
                  gint64         usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  if (span == CARE_VITALS_SPAN_DAY)
    return g_date_time_format (local, "%H:%M");
  /* Translators: a day on a chart's time axis; see g_date_time_format() */
  return g_date_time_format (local, _("%-e %b"));
}

/* The readings of one pixel column, or one reading. */
typedef struct {
  double lo, hi, mark;
  guint  flags;
  gboolean high;
} Column;

/* The marks of the readings drawn, each kind as one path. */
static void
paint_marks (CareVitalsChart *self,
             cairo_t         *cr,
             const Plot      *p,
             const Column    *marks,
             guint            n_marks,
             const GdkRGBA   *fg,
             const GdkRGBA   *alarm)
{
  static const MarkKind kinds[] = { MARK_NORMAL, MARK_ABNORMAL, MARK_AMENDED };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      gboolean any = FALSE;

      cairo_new_path (cr);
      for (guint i = 0; i < n_marks; i++)
        {
          const Column *m = &marks[i];
          gboolean wanted = kinds[k] == MARK_NORMAL ? (m->flags & POINT_ABNORMAL) == 0
                            : kinds[k] == MARK_ABNORMAL ? (m->flags & POINT_ABNORMAL) != 0
                            : (m->flags & POINT_AMENDED) != 0;

          if (wanted && !isnan (m->mark))
            {
              add_marker (cr, kinds[k], m->lo, plot_y (p, m->mark), m->high);
              any = TRUE;
            }
        }
      if (!any)
        continue;
      gdk_cairo_set_source_rgba (cr, kinds[k] == MARK_ABNORMAL ? alarm : fg);
      if (kinds[k] == MARK_AMENDED)
        {
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }
      else
        cairo_fill (cr);
    }
}

static void
draw_readings (CareVitalsChart *self,
               cairo_t         *cr,
               const Plot      *p,
               const GdkRGBA   *fg,
               const GdkRGBA   *alarm)
{
  guint n = self->end - self->first;
  guint n_columns = MAX (1, (guint) (p->x1 - p->x0));
  gboolean decimate = n > n_columns / 2;
  double mid = (self->band_low + self->band_high) / 2;
  g_autofree Column *columns = NULL;
  g_autofree Column *marks = NULL;
  guint n_marks = 0;
  int last = -1;

  if (n == 0)
    return;

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 1.5);
  gdk_cairo_set_source_rgba (cr, fg);

  if (!decimate)
    {
      /* Every reading: a line through them and a mark on each (lo holds
       * the mark's x). */
      marks = g_new (Column, n);
      for (guint i = self->first; i < self->end; i++)
        {
          const Point *pt = &g_array_index (self->points, Point, i);
          double x = plot_x (p, pt->time);

          cairo_line_to (cr, x, plot_y (p, pt->value));
          marks[n_marks++] = (Column) { x, x, pt->value, pt->flags, pt->value > self->band_high };
        }
      cairo_stroke (cr);
      paint_marks (self, cr, p, marks, n_marks, fg, alarm);
      return;
    }

  /* One column per pixel: the range of its readings and, if any of them
   * is abnormal or amended, one mark at the one furthest from normal. */
  columns = g_new (Column, n_columns);
  for (guint i = self->first; i < self->end; i++)
    {
      const Point *pt = &g_array_index (self->points, Point, i);
      int c = CLAMP ((int) (plot_x (p, pt->time) - p->x0), 0, (int) n_columns - 1);
      Column *col = &columns[c];

      if (c != last)
        {
          for (int k = last + 1; k <= c; k++)
            columns[k] = (Column) { G_MAXDOUBLE, -G_MAXDOUBLE, NAN, 0, FALSE };
          last = c;
        }
      col->lo = MIN (col->lo, pt->value);
      col->hi = MAX (col->hi, pt->value);
      if (pt->flags && (isnan (col->mark) || isnan (mid) || fabs (pt->value - mid) > fabs (col->mark - mid)))
        {
          col->mark = pt->value;
          col->high = pt->value > self->band_high;
        }
      col->flags |= pt->flags;
    }

  /* The columns as pixel-wide bars, each reaching the one before so that
   * the trace stays joined up: rectangles fill fast, a zigzag stroke
   * does not. */
  marks = g_new (Column, last + 1);
  {
    double prev_lo = NAN, prev_hi = NAN;

    for (int c = 0; c <= last; c++)
      {
        Column *col = &columns[c];
        double lo, hi, top, bottom;

        if (col->lo > col->hi)
          continue;
        lo = isnan (prev_hi) ? col->lo : MIN (col->lo, prev_hi);
        hi = isnan (prev_lo) ? col->hi : MAX (col->hi, prev_lo);
        top = floor (plot_y (p, hi) - 0.75);
        bottom = ceil (plot_y (p, lo) + 0.75);
        cairo_rectangle (cr, p->x0 + c, top, 1, MAX (1, bottom - top));
        prev_lo = col->lo;
        prev_hi = col->hi;
        if (col->flags)
          marks[n_marks++] = (Column) { p->x0 + c + 0.5, 0, col->mark, col->flags, col->high };
      }
    cairo_fill (cr);
  }
  paint_marks (self, cr, p, marks, n_marks, fg, alarm);
}

static void
care_vitals_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  CareVitalsChart *self = CARE_VITALS_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg, dim, band = { 0.18, 0.76, 0.49, 0.18 }, alarm = { 0.88, 0.11, 0.14, 1 };
  Plot p = { MARGIN_LEFT, MARGIN_TOP, width - MARGIN_RIGHT, height - MARGIN_BOTTOM, 0, 1, self->from, self->to };
  cairo_t *cr;

  if (p.x1 - p.x0 < 10 || p.y1 - p.y0 < 10)
    return;

  care_widget_get_color (widget, &fg);
  dim = fg;
  dim.alpha = 0.25;
  value_range (self, &p.lo, &p.hi);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* The normal band, then the axes and their labels. */
  if (!isnan (self->band_low))
    {
      gdk_cairo_set_source_rgba (cr, &band);
      cairo_rectangle (cr, p.x0, plot_y (&p, self->band_high), p.x1 - p.x0,
                       plot_y (&p, self->band_low) - plot_y (&p, self->band_high));
      cairo_fill (cr);
    }
  gdk_cairo_set_source_rgba (cr, &dim);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, p.x0 + 0.5, p.y0);
  cairo_line_to (cr, p.x0 + 0.5, p.y1 + 0.5);
  cairo_line_to (cr, p.x1, p.y1 + 0.5);
  cairo_stroke (cr);

  gdk_cairo_set_source_rgba (cr, &fg);
  for (int t = 0; t < 3; t++)
    {
      double v = p.lo + (p.hi - p.lo) * (0.1 + 0.4 * t);
      g_autofree char *text = format_value (self->sign, v);

      draw_text (self, cr, text, p.x0 - 6, plot_y (&p, v), 1.0, 0.5);
    }
  {
    g_autofree char *start = format_axis_time (self->span, p.from);
    g_autofree char *end = format_axis_time (self->span, p.to);

    draw_text (self, cr, start, p.x0, p.y1 + 3, 0.0, 0.0);
    draw_text (self, cr, end, p.x1, p.y1 + 3, 1.0, 0.0);
  }

  cairo_rectangle (cr, p.x0, 0, p.x1 - p.x0 + MARGIN_RIGHT, height);
  cairo_clip (cr);
  draw_readings (self, cr, &p, &fg, &alarm);
  cairo_destroy (cr);
}

static void
care_vitals_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 600 : 150;
}

/* --- the object ---------------------------------------------------------------- */

static void
care_vitals_chart_finalize (GObject *object)
{
  CareVitalsChart *self = CARE_VITALS_CHART (object);

  g_array_unref (self->points);
  g_free (self->summary);
  G_OBJECT_CLASS (care_vitals_chart_parent_class)->finalize (object);
}

static void
care_vitals_chart_class_init (CareVitalsChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = care_vitals_chart_finalize;
  widget_class->snapshot = care_vitals_chart_snapshot;
  widget_class->measure = care_vitals_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "vitalschart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
care_vitals_chart_init (CareVitalsChart *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (Point));
  self->span = CARE_VITALS_SPAN_WEEK;
}

GtkWidget *
care_vitals_chart_new (const char *field)
{
  const CareVitalSign *sign = care_vitals_sign_lookup (field);
  CareVitalsChart *self;

  g_return_val_if_fail (sign != NULL, NULL);

  self = g_object_new (CARE_TYPE_VITALS_CHART, NULL);
  self->sign = sign;
  care_vitals_normal_range (sign, NULL, &self->band_low, &self->band_high);
  gtk_widget_set_name (GTK_WIDGET (self), field);
  update_span (self);
  return GTK_WIDGET (self);
}

const char *
care_vitals_chart_get_field (CareVitalsChart *self)
{
  g_return_val_if_fail (CARE_IS_VITALS_CHART (self), NULL);

  return self->sign->field;
}

static void
add_point (CareVitalsChart  *self,
           const CareRecord *set,
           gint64            time,
           double            value,
           gboolean          amended)
{
  Point pt = { time, value, 0 };

  if (care_vitals_reading_is_abnormal (self->sign, set, value))
    pt.flags |= POINT_ABNORMAL;
  if (amended)
    pt.flags |= POINT_AMENDED;
  g_array_append_val (self->points, pt);
}

void
care_vitals_chart_set_series (CareVitalsChart *self,
                              GPtrArray       *series)
{
  g_return_if_fail (CARE_IS_VITALS_CHART (self));

  g_array_set_size (self->points, 0);
  care_vitals_normal_range (self->sign, series && series->len ? series->pdata[series->len - 1] : NULL,
                            &self->band_low, &self->band_high);
  for (guint i = 0; series && i < series->len; i++)
    {
      CareRecord *set = series->pdata[i];
      const char *value = care_record_get (set, self->sign->field);
      gint64 time;

      if (value && care_clock_parse_instant (care_record_get (set, "recorded_at"), &time))
        add_point (self, set, time, g_ascii_strtod (value, NULL), care_vitals_is_amendment (set));
    }
  update_span (self);
}

void
care_vitals_chart_set_readings (CareVitalsChart *self,
                                const gint64    *times,
                                const double    *values,
                                guint            n)
{
  g_return_if_fail (CARE_IS_VITALS_CHART (self));

  g_array_set_size (self->points, 0);
  care_vitals_normal_range (self->sign, NULL, &self->band_low, &self->band_high);
  for (guint i = 0; i < n; i++)
    add_point (self, NULL, times[i], values[i], FALSE);
  update_span (self);
}

void
care_vitals_chart_set_span (CareVitalsChart *self,
                            CareVitalsSpan   span)
{
  g_return_if_fail (CARE_IS_VITALS_CHART (self));

  self->span = span;
  update_span (self);
}

CareVitalsSpan
care_vitals_chart_get_span (CareVitalsChart *self)
{
  g_return_val_if_fail (CARE_IS_VITALS_CHART (self), CARE_VITALS_SPAN_WEEK);

  return self->span;
}

guint
care_vitals_chart_get_n_points (CareVitalsChart *self)
{
  g_return_val_if_fail (CARE_IS_VITALS_CHART (self), 0);

  return self->end - self->first;
}

guint
care_vitals_chart_get_n_abnormal (CareVitalsChart *self)
{
  g_return_val_if_fail (CARE_IS_VITALS_CHART (self), 0);

  return self->n_abnormal;
}

guint
care_vitals_chart_get_n_amended (CareVitalsChart *self)
{
  g_return_val_if_fail (CARE_IS_VITALS_CHART (self), 0);

  return self->n_amended;
}

gboolean
care_vitals_chart_get_latest (CareVitalsChart *self,
                              double          *value,
                              gboolean        *amended)
{
  const Point *latest;

  g_return_val_if_fail (CARE_IS_VITALS_CHART (self), FALSE);

  if (self->end == self->first)
    return FALSE;
  latest = &g_array_index (self->points, Point, self->end - 1);
  if (value)
    *value = latest->value;
  if (amended)
    *amended = (latest->flags & POINT_AMENDED) != 0;
  return TRUE;
}

const char *
care_vitals_chart_get_summary (CareVitalsChart *self)
{
  g_return_val_if_fail (CARE_IS_VITALS_CHART (self), NULL);

  return self->summary;
}
