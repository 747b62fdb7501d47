/* care-pdf-preview.c: a window showing a PDF with Poppler, to print or save
 *
 * The page is drawn by Poppler (care-pdf-reader.h) straight onto the drawing area's cairo
 * context at the current zoom, so text stays sharp at any size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-pdf-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "care-billing-print.h"
#include "care-pdf-preview.h"
#include "care-pdf-reader.h"
#include "care-alert.h"

#define ZOOM_MIN 0.25
#define ZOOM_MAX 4.0

struct _CarePdfPreview
{
  AdwWindow        parent_instance;

  GBytes          *pdf;
  CarePdfReader   *reader;
  char            *file_name;
  guint            page;
  double           zoom;

  GtkDrawingArea  *area;
  GtkLabel        *page_label;
  GtkLabel        *zoom_label;
  GtkWidget       *prev_button;
  GtkWidget       *next_button;
};

G_DEFINE_FINAL_TYPE (CarePdfPreview, care_pdf_preview, ADW_TYPE_WINDOW)

static void
draw_page_cb (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  CarePdfPreview *self = user_data;
  double pw, ph, x;

  if (self->reader == NULL || !care_pdf_reader_get_page_size (self->reader, self->page, &pw, &ph))
    return;
  x = MAX (0, (width - pw * self->zoom) / 2);

  cairo_translate (cr, x, 12);
  /* A sheet of paper with a soft edge. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.15);
  cairo_rectangle (cr, 1, 2, pw * self->zoom, ph * self->zoom);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, pw * self->zoom, ph * self->zoom);
  cairo_fill (cr);
  cairo_scale (cr, self->zoom, self->zoom);
  care_pdf_reader_render_page (self->reader, self->page, cr, FALSE);
}

static void
update (CarePdfPreview *self)
{
  guint n = care_pdf_preview_get_n_pages (self);
  g_autofree char *page_text = NULL;
  g_autofree char *zoom_text = NULL;
  double pw = 595, ph = 842;

  if (self->reader)
    care_pdf_reader_get_page_size (self->reader, self->page, &pw, &ph);
  gtk_drawing_area_set_content_width (self->area, (int) (pw * self->zoom) + 24);
  gtk_drawing_area_set_content_height (self->area, (int) (ph * self->zoom) + 24);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));

  /* Translators: page navigation in the preview, "2 of 5" */
  page_text = g_strdup_printf (_("%u of %u"), self->page + 1, MAX (n, 1));
  gtk_label_set_text (self->page_label, page_text);
  zoom_text = g_strdup_printf ("%d%%", (int) (self->zoom * 100 + 0.5));
  gtk_label_set_text (self->zoom_label, zoom_text);
  gtk_widget_set_sensitive (self->prev_button, self->page > 0);
  gtk_widget_set_sensitive (self->next_button, self->page + 1 < n);
}

GBytes *
care_pdf_preview_get_pdf (CarePdfPreview *self)
{
  g_return_val_if_fail (CARE_IS_PDF_PREVIEW (self), NULL);
  return self->pdf;
}

guint
care_pdf_preview_get_n_pages (CarePdfPreview *self)
{
  g_return_val_if_fail (CARE_IS_PDF_PREVIEW (self), 0);
  return self->reader ? care_pdf_reader_get_n_pages (self->reader) : 0;
}

guint
care_pdf_preview_get_page (CarePdfPreview *self)
{
  g_return_val_if_fail (CARE_IS_PDF_PREVIEW (self), 0);
  return self->page;
}

void
care_pdf_preview_set_page (CarePdfPreview *self,
                           guint           page)
{
  g_return_if_fail (CARE_IS_PDF_PREVIEW (self));

  if (page >= care_pdf_preview_get_n_pages (self))
    return;
  self->page = page;
  update (self);
}

double
care_pdf_preview_get_zoom (CarePdfPreview *self)
{
  g_return_val_if_fail (CARE_IS_PDF_PREVIEW (self), 1.0);
  return self->zoom;
}

void
care_pdf_preview_set_zoom (CarePdfPreview *self,
                           double          zoom)
{
  g_return_if_fail (CARE_IS_PDF_PREVIEW (self));

  self->zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  update (self);
}

static void
on_action_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CarePdfPreview *self = CARE_PDF_PREVIEW (widget);

  if (g_str_equal (action_name, "preview.previous") && self->page > 0)
    care_pdf_preview_set_page (self, self->page - 1);
  else if (g_str_equal (action_name, "preview.next"))
    care_pdf_preview_set_page (self, self->page + 1);
  else if (g_str_equal (action_name, "preview.zoom-in"))
    care_pdf_preview_set_zoom (self, self->zoom * 1.25);
  else if (g_str_equal (action_name, "preview.zoom-out"))
    care_pdf_preview_set_zoom (self, self->zoom / 1.25);
  else if (g_str_equal (action_name, "preview.zoom-reset"))
    care_pdf_preview_set_zoom (self, 1.0);
  else if (g_str_equal (action_name, "preview.print"))
    {
      g_autoptr(GError) error = NULL;

      if (care_billing_print_pdf (GTK_WINDOW (self), self->pdf, gtk_window_get_title (GTK_WINDOW (self)),
                                  GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &error)
          == GTK_PRINT_OPERATION_RESULT_ERROR)
        {
          GtkWidget *message = care_alert_new (_("Printing Failed"), error ? error->message : NULL);

          care_alert_add_response (message, "close", _("_Close"), CARE_ALERT_DEFAULT);
          care_alert_present (message, GTK_WIDGET (self));
        }
    }
  else if (g_str_equal (action_name, "preview.page-setup"))
    care_billing_page_setup (GTK_WINDOW (self));
  else if (g_str_equal (action_name, "preview.export"))
    care_billing_export_pdf (GTK_WINDOW (self), self->pdf, self->file_name);
}

static void
care_pdf_preview_dispose (GObject *object)
{
  CarePdfPreview *self = CARE_PDF_PREVIEW (object);

  g_clear_pointer (&self->reader, care_pdf_reader_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_pointer (&self->file_name, g_free);

  G_OBJECT_CLASS (care_pdf_preview_parent_class)->dispose (object);
}

static void
care_pdf_preview_class_init (CarePdfPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *const actions[] = {
    "preview.previous", "preview.next", "preview.zoom-in", "preview.zoom-out",
    "preview.zoom-reset", "preview.print", "preview.page-setup", "preview.export",
  };

  object_class->dispose = care_pdf_preview_dispose;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, on_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "preview.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "preview.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "preview.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "preview.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "preview.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
icon_button (const char *icon,
             const char *action,
             const char *tooltip,
             const char *name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_name (button, name);
  return button;
}

static void
care_pdf_preview_init (CarePdfPreview *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *nav = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *zoom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *print = gtk_button_new_with_mnemonic (_("_Print…"));
  GtkWidget *menu_button = gtk_menu_button_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  g_autoptr(GMenu) menu = g_menu_new ();

  self->zoom = 1.0;
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 900);
  gtk_widget_set_name (GTK_WIDGET (self), "pdf-preview");

  gtk_widget_add_css_class (nav, "linked");
  self->prev_button = icon_button ("go-previous-symbolic", "preview.previous", _("Previous Page"), "preview-previous");
  self->next_button = icon_button ("go-next-symbolic", "preview.next", _("Next Page"), "preview-next");
  self->page_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->page_label), "preview-page");
  gtk_widget_set_margin_start (GTK_WIDGET (self->page_label), 8);
  gtk_widget_set_margin_end (GTK_WIDGET (self->page_label), 8);
  gtk_widget_add_css_class (GTK_WIDGET (self->page_label), "numeric");
  gtk_box_append (GTK_BOX (nav), self->prev_button);
  gtk_box_append (GTK_BOX (nav), GTK_WIDGET (self->page_label));
  gtk_box_append (GTK_BOX (nav), self->next_button);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), nav);

  gtk_widget_add_css_class (zoom, "linked");
  self->zoom_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->zoom_label), "preview-zoom");
  gtk_widget_add_css_class (GTK_WIDGET (self->zoom_label), "numeric");
  gtk_widget_set_margin_start (GTK_WIDGET (self->zoom_label), 8);
  gtk_widget_set_margin_end (GTK_WIDGET (self->zoom_label), 8);
  gtk_box_append (GTK_BOX (zoom), icon_button ("zoom-out-symbolic", "preview.zoom-out", _("Zoom Out"), "preview-zoom-out"));
  gtk_box_append (GTK_BOX (zoom), GTK_WIDGET (self->zoom_label));
  gtk_box_append (GTK_BOX (zoom), icon_button ("zoom-in-symbolic", "preview.zoom-in", _("Zoom In"), "preview-zoom-in"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), zoom);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (print), "preview.print");
  gtk_widget_add_css_class (print, "suggested-action");
  gtk_widget_set_name (print, "preview-print");
  g_menu_append (menu, _("Page _Setup…"), "preview.page-setup");
  g_menu_append (menu, _("_Export as PDF…"), "preview.export");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_widget_set_tooltip_text (menu_button, _("More"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), menu_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), print);

  self->area = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_widget_set_name (GTK_WIDGET (self->area), "preview-page-area");
  gtk_drawing_area_set_draw_func (self->area, draw_page_cb, self, NULL);
  gtk_widget_set_halign (GTK_WIDGET (self->area), GTK_ALIGN_FILL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->area));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_add_css_class (scrolled, "view");

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);
}

CarePdfPreview *
care_pdf_preview_new (GtkWindow  *parent,
                      GBytes     *pdf,
                      const char *title,
                      const char *file_name)
{
  CarePdfPreview *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (pdf != NULL, NULL);

  self = g_object_new (CARE_TYPE_PDF_PREVIEW,
                       "title", title,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->pdf = g_bytes_ref (pdf);
  self->file_name = g_strdup (file_name);
  self->reader = care_pdf_reader_new (pdf, &error);
  if (self->reader == NULL)
    g_warning ("Cannot show the document: %s", error->message);
  update (self);
  return self;
}
