/* care-kiosk-attachment.c: a message's attachment shown inside the kiosk
 *
 * A PDF's pages or an image are drawn in memory, in a worker, from the
 * store's copy: nothing is written to a file or handed to another
 * application, so nothing stays after sign-out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-kiosk-attachment"

#include "config.h"

#include <glib/gi18n.h>

#include "care-attachments.h"
#include "care-pdf-reader.h"
#include "care-kiosk-window-private.h"

/* Enough for a letter or a report; a longer one is for the reception desk. */
#define MAX_PAGES   20
#define PAGE_WIDTH  900

static GdkTexture *
render_page (CarePdfReader *reader,
             int            page)
{
  double pw, ph, scale;
  int width, height;
  cairo_surface_t *surface;
  cairo_t *cr;
  GBytes *pixels;
  GdkTexture *texture;

  if (!care_pdf_reader_get_page_size (reader, page, &pw, &ph))
    return NULL;
  scale = PAGE_WIDTH / MAX (pw, 1);
  width = PAGE_WIDTH;
  height = MAX (1, (int) (ph * scale));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  care_pdf_reader_render_page (reader, page, cr, FALSE);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                        (gsize) cairo_image_surface_get_stride (surface) * height);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, pixels,
                                    cairo_image_surface_get_stride (surface));
  g_bytes_unref (pixels);
  cairo_surface_destroy (surface);
  return texture;
}

static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  GBytes *contents = data;
  const char *kind = care_attachment_kind (contents);
  g_autoptr(GPtrArray) textures = g_ptr_array_new_with_free_func (g_object_unref);
  GError *error = NULL;

  if (g_strcmp0 (kind, "pdf") == 0)
    {
      g_autoptr(CarePdfReader) reader = care_pdf_reader_new (contents, &error);

      if (reader == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      for (int i = 0; i < MIN (care_pdf_reader_get_n_pages (reader), MAX_PAGES); i++)
        {
          GdkTexture *texture;

          if (g_task_return_error_if_cancelled (task))
            return;
          if ((texture = render_page (reader, i)) != NULL)
            g_ptr_array_add (textures, texture);
        }
    }
  else if (g_strcmp0 (kind, "png") == 0 || g_strcmp0 (kind, "jpeg") == 0)
    {
      GdkTexture *texture = gdk_texture_new_from_bytes (contents, &error);

      if (texture == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (textures, texture);
    }
  if (textures->len == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not shown at the kiosk");
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&textures), (GDestroyNotify) g_ptr_array_unref);
}

static void
render_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GtkWidget *box = GTK_WIDGET (source);
  GtkWidget *spinner = g_object_get_data (source, "spinner");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) textures = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_visible (spinner, FALSE);
  if (textures == NULL)
    {
      g_debug ("The attachment is not shown: %s", error->message);
      gtk_box_append (GTK_BOX (box), care_kiosk_heading (_("This file cannot be shown here. Ask the reception desk "
                                                           "for a copy."), "kiosk-attachment-error"));
      return;
    }
  for (guint i = 0; i < textures->len; i++)
    {
      GtkWidget *picture = gtk_picture_new_for_paintable (textures->pdata[i]);
      /* Translators: the accessible name of one page of an attachment shown at the kiosk */
      g_autofree char *name = g_strdup_printf (_("Page %u of %u"), i + 1, textures->len);

      gtk_widget_set_name (picture, "kiosk-attachment-page");
      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
      gtk_widget_set_size_request (picture, -1, 600);
      gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_box_append (GTK_BOX (box), picture);
    }
}

GtkWidget *
care_kiosk_attachment_page (CareKioskWindow *self,
                            const char      *message_id)
{
  g_autoptr(CareRecord) m = care_store_get (self->store, care_schema_lookup ("message"), message_id, NULL);
  g_autoptr(GTask) task = NULL;
  GBytes *contents;
  GtkWidget *box, *spinner;

  if (m == NULL || (contents = care_record_get_blob (m, "attachment")) == NULL)
    return NULL;
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_name (box, "kiosk-attachment");
  gtk_box_append (GTK_BOX (box), care_kiosk_heading (care_record_get (m, "attachment_name"), "title-2"));
  spinner = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Opening the file"), -1);
  gtk_box_append (GTK_BOX (box), spinner);
  g_object_set_data (G_OBJECT (box), "spinner", spinner);
  task = g_task_new (box, self->cancellable, render_done_cb, NULL);
  g_task_set_task_data (task, g_bytes_ref (contents), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, render_thread);
  return box;
}
