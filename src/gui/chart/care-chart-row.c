/* care-chart-row.c: the text of one timeline row, drawn rather than made of labels
 *
 * The list view keeps some 200 rows bound around what it shows and
 * measures each one. A row of labels is shaped by Pango when it is
 * measured; this row's height is two lines of the font's metrics, so
 * measuring it shapes nothing, and its text is laid out only when it is
 * drawn, that is for the rows on screen (BENCHMARKS.md, the chart).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-chart-row"

#include "config.h"

#include "care-gtk-compat.h"
#include "care-chart-row.h"

#define WHEN_CHARS 18   /* the width of the date column, in digits */
#define GAP        12   /* between the date and the text, and the title and its marks */
#define LINE_GAP   2

struct _CareChartRow
{
  GtkWidget    parent_instance;

  char        *when;
  char        *head;      /* title, mark and flag */
  guint        title_len; /* bytes of head in bold */
  guint        flag_at;   /* byte where the flag starts in head, or G_MAXUINT */
  gboolean     critical;
  char        *summary;
  int          line;      /* height of a line, from the font's metrics; 0 = not known */
  int          digit;     /* width of a digit */
  PangoLayout *layouts[3]; /* when, head, summary: made when first drawn */
};

G_DEFINE_FINAL_TYPE (CareChartRow, care_chart_row, GTK_TYPE_WIDGET)

static void
forget_layouts (CareChartRow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->layouts); i++)
    g_clear_object (&self->layouts[i]);
}

static void
read_metrics (CareChartRow *self)
{
  PangoFontMetrics *metrics;

  if (self->line)
    return;
  metrics = pango_context_get_metrics (gtk_widget_get_pango_context (GTK_WIDGET (self)), NULL, NULL);
  self->line = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics));
  if (self->line <= 0)
    self->line = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics) + pango_font_metrics_get_descent (metrics));
  self->digit = PANGO_PIXELS_CEIL (pango_font_metrics_get_approximate_digit_width (metrics));
  pango_font_metrics_unref (metrics);
}

static void
care_chart_row_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  CareChartRow *self = CARE_CHART_ROW (widget);

  read_metrics (self);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = 2 * self->line + LINE_GAP;
  else
    {
      *minimum = self->digit * WHEN_CHARS + GAP + 10 * self->digit;
      *natural = self->digit * WHEN_CHARS + GAP + 60 * self->digit;
    }
}

static PangoLayout *
layout (CareChartRow *self,
        guint         i)
{
  const char *text[] = { self->when, self->head, self->summary };

  if (self->layouts[i] == NULL)
    {
      self->layouts[i] = gtk_widget_create_pango_layout (GTK_WIDGET (self), text[i] ? text[i] : "");
      pango_layout_set_ellipsize (self->layouts[i], PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (self->layouts[i], TRUE);
      if (i == 1)
        {
          PangoAttrList *attrs = pango_attr_list_new ();
          PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

          bold->end_index = self->title_len;
          pango_attr_list_insert (attrs, bold);
          if (self->critical && self->flag_at != G_MAXUINT)
            {
              PangoAttribute *red = pango_attr_foreground_new (0xc000, 0x1c00, 0x2800);
              PangoAttribute *heavy = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

              red->start_index = heavy->start_index = self->flag_at;
              pango_attr_list_insert (attrs, red);
              pango_attr_list_insert (attrs, heavy);
            }
          pango_layout_set_attributes (self->layouts[i], attrs);
          pango_attr_list_unref (attrs);
        }
    }
  return self->layouts[i];
}

static void
draw (GtkSnapshot    *snapshot,
      PangoLayout    *layout,
      int             x,
      int             y,
      int             width,
      const GdkRGBA  *color)
{
  pango_layout_set_width (layout, MAX (width, 1) * PANGO_SCALE);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
care_chart_row_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CareChartRow *self = CARE_CHART_ROW (widget);
  int width = gtk_widget_get_width (widget);
  int text_x = self->digit * WHEN_CHARS + GAP;
  GdkRGBA fg, dim;

  read_metrics (self);
  care_widget_get_color (widget, &fg);
  dim = fg;
  dim.alpha *= 0.55f;
  draw (snapshot, layout (self, 0), 0, 0, text_x - GAP, &dim);
  draw (snapshot, layout (self, 1), text_x, 0, width - text_x, &fg);
  draw (snapshot, layout (self, 2), text_x, self->line + LINE_GAP, width - text_x, &fg);
}

static void
care_chart_row_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  CareChartRow *self = CARE_CHART_ROW (widget);

  GTK_WIDGET_CLASS (care_chart_row_parent_class)->css_changed (widget, change);
  /* The font may have changed: measure and lay out again. */
  self->line = 0;
  forget_layouts (self);
  gtk_widget_queue_resize (widget);
}

static void
care_chart_row_finalize (GObject *object)
{
  CareChartRow *self = CARE_CHART_ROW (object);

  forget_layouts (self);
  g_free (self->when);
  g_free (self->head);
  g_free (self->summary);
  G_OBJECT_CLASS (care_chart_row_parent_class)->finalize (object);
}

static void
care_chart_row_class_init (CareChartRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = care_chart_row_finalize;
  widget_class->measure = care_chart_row_measure;
  widget_class->snapshot = care_chart_row_snapshot;
  widget_class->css_changed = care_chart_row_css_changed;
  gtk_widget_class_set_css_name (widget_class, "chart-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
care_chart_row_init (CareChartRow *self)
{
  self->flag_at = G_MAXUINT;
}

GtkWidget *
care_chart_row_new (void)
{
  return g_object_new (CARE_TYPE_CHART_ROW, NULL);
}

void
care_chart_row_set (CareChartRow *self,
                    const char   *when,
                    const char   *title,
                    const char   *mark,
                    const char   *flag,
                    gboolean      critical,
                    const char   *summary)
{
  GString *head = g_string_new (title ? title : "");
  g_autofree char *accessible = NULL;

  g_return_if_fail (CARE_IS_CHART_ROW (self));

  self->title_len = head->len;
  if (mark)
    g_string_append_printf (head, "   %s", mark);
  self->flag_at = G_MAXUINT;
  if (flag)
    {
      g_string_append (head, "   ");
      self->flag_at = head->len;
      g_string_append (head, flag);
    }
  self->critical = critical;
  g_free (self->when);
  self->when = g_strdup (when);
  g_free (self->head);
  self->head = g_string_free (head, FALSE);
  g_free (self->summary);
  self->summary = g_strdup (summary);
  forget_layouts (self);
  /* What a screen reader says for the row: the date, the title and its marks, the summary. */
  accessible = g_strjoin (", ", self->when ? self->when : "", self->head,
                          self->summary ? self->summary : "", NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
