/* care-signature-pad.c: a box to sign in with a finger, a pen or the mouse
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-signature-pad"

#include "config.h"

#include <glib/gi18n.h>

#include "care-signature-pad.h"

#define PAD_WIDTH  480
#define PAD_HEIGHT 160

struct _CareSignaturePad
{
  GtkWidget  parent_instance;

  GtkWidget *area;
  GArray    *strokes;     /* of GArray of graphene_point_t */
  double     start_x, start_y;
};

G_DEFINE_FINAL_TYPE (CareSignaturePad, care_signature_pad, GTK_TYPE_WIDGET)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
free_stroke (gpointer data)
{
  g_array_unref (*(GArray **) data);
}

static void
draw_strokes (CareSignaturePad *self,
              cairo_t          *cr)
{
  cairo_set_line_width (cr, 3);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->strokes->len; i++)
    {
      GArray *stroke = g_array_index (self->strokes, GArray *, i);

      for (guint j = 0; j < stroke->len; j++)
        {
          graphene_point_t *p = &g_array_index (stroke, graphene_point_t, j);

          if (j == 0)
            cairo_move_to (cr, p->x, p->y);
          cairo_line_to (cr, p->x + (stroke->len == 1 ? 0.5 : 0), p->y);
        }
      cairo_stroke (cr);
    }
}

static void
on_draw (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        data)
{
  CareSignaturePad *self = data;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  /* The line to sign on. */
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, 16, height - 32.5);
  cairo_line_to (cr, width - 16, height - 32.5);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0, 0, 0.2);
  draw_strokes (self, cr);
}

static void
add_point (CareSignaturePad *self,
           double            x,
           double            y)
{
  GArray *stroke = g_array_index (self->strokes, GArray *, self->strokes->len - 1);
  graphene_point_t p = GRAPHENE_POINT_INIT (CLAMP (x, 0, PAD_WIDTH), CLAMP (y, 0, PAD_HEIGHT));

  g_array_append_val (stroke, p);
}

static void
begin_stroke (CareSignaturePad *self)
{
  GArray *stroke = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));

  g_array_append_val (self->strokes, stroke);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               gpointer        data)
{
  CareSignaturePad *self = data;

  self->start_x = x;
  self->start_y = y;
  begin_stroke (self);
  add_point (self, x, y);
  gtk_widget_queue_draw (self->area);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                gpointer        data)
{
  CareSignaturePad *self = data;

  add_point (self, self->start_x + dx, self->start_y + dy);
  gtk_widget_queue_draw (self->area);
}

void
care_signature_pad_add_stroke (CareSignaturePad *self,
                               const double     *points,
                               guint             n_points)
{
  g_return_if_fail (CARE_IS_SIGNATURE_PAD (self));
  g_return_if_fail (n_points > 0);

  begin_stroke (self);
  for (guint i = 0; i < n_points; i++)
    add_point (self, points[2 * i], points[2 * i + 1]);
  gtk_widget_queue_draw (self->area);
}

gboolean
care_signature_pad_is_empty (CareSignaturePad *self)
{
  g_return_val_if_fail (CARE_IS_SIGNATURE_PAD (self), TRUE);
  return self->strokes->len == 0;
}

void
care_signature_pad_clear (CareSignaturePad *self)
{
  g_return_if_fail (CARE_IS_SIGNATURE_PAD (self));

  g_array_set_size (self->strokes, 0);
  gtk_widget_queue_draw (self->area);
  g_signal_emit (self, signals[CHANGED], 0);
}

static cairo_status_t
write_png (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
care_signature_pad_to_png (CareSignaturePad *self)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  GByteArray *png;

  g_return_val_if_fail (CARE_IS_SIGNATURE_PAD (self), NULL);

  if (care_signature_pad_is_empty (self))
    return NULL;
  /* Grey ink keeps the PNG small; the drawing is a few strokes. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PAD_WIDTH, PAD_HEIGHT);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_strokes (self, cr);
  cairo_destroy (cr);
  png = g_byte_array_new ();
  cairo_surface_write_to_png_stream (surface, write_png, png);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

static void
care_signature_pad_dispose (GObject *object)
{
  CareSignaturePad *self = CARE_SIGNATURE_PAD (object);

  g_clear_pointer (&self->area, gtk_widget_unparent);
  G_OBJECT_CLASS (care_signature_pad_parent_class)->dispose (object);
}

static void
care_signature_pad_finalize (GObject *object)
{
  CareSignaturePad *self = CARE_SIGNATURE_PAD (object);

  g_array_unref (self->strokes);
  G_OBJECT_CLASS (care_signature_pad_parent_class)->finalize (object);
}

static void
care_signature_pad_class_init (CareSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_signature_pad_dispose;
  object_class->finalize = care_signature_pad_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "signaturepad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  /* A stroke began, or the box was cleared. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
care_signature_pad_init (CareSignaturePad *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->strokes = g_array_new (FALSE, FALSE, sizeof (GArray *));
  g_array_set_clear_func (self->strokes, free_stroke);
  self->area = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self->area), PAD_WIDTH);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->area), PAD_HEIGHT);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->area), on_draw, self, NULL);
  gtk_widget_set_halign (self->area, GTK_ALIGN_START);
  gtk_widget_set_parent (self->area, GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (self->area, GTK_EVENT_CONTROLLER (drag));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Signature box"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Draw your signature with a finger, a pen or the mouse"), -1);
}

GtkWidget *
care_signature_pad_new (void)
{
  return g_object_new (CARE_TYPE_SIGNATURE_PAD, NULL);
}
