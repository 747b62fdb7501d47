/* care-pdf-reader.c: a PDF read back to be shown or printed, Poppler loaded on first use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-pdf"

#include "config.h"

#include "care-module.h"
#include "care-pdf-backend.h"
#include "care-pdf-reader.h"

struct _CarePdfReader
{
  const CarePdfBackend *backend;
  GObject              *doc;
};

/* Loaded once and kept (Poppler registers types that cannot go away);
 * a failure is kept too, and told to every reader. */
static const CarePdfBackend *
load_backend (GError **error)
{
  return care_module_load ("caredesk-pdf", "src/print", CARE_PDF_BACKEND_SYMBOL,
                           CARE_PDF_BACKEND_VERSION, error);
}

CarePdfReader *
care_pdf_reader_new (GBytes  *pdf,
                     GError **error)
{
  const CarePdfBackend *backend;
  CarePdfReader *self;
  GObject *doc;

  g_return_val_if_fail (pdf != NULL, NULL);

  if ((backend = load_backend (error)) == NULL ||
      (doc = backend->open (pdf, error)) == NULL)
    return NULL;
  self = g_new0 (CarePdfReader, 1);
  self->backend = backend;
  self->doc = doc;
  return self;
}

void
care_pdf_reader_free (CarePdfReader *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->doc);
  g_free (self);
}

int
care_pdf_reader_get_n_pages (CarePdfReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->backend->n_pages (self->doc);
}

gboolean
care_pdf_reader_get_page_size (CarePdfReader *self,
                               int            page,
                               double        *width,
                               double        *height)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->backend->page_size (self->doc, page, width, height);
}

void
care_pdf_reader_render_page (CarePdfReader *self,
                             int            page,
                             cairo_t       *cr,
                             gboolean       for_printing)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  self->backend->render (self->doc, page, cr, for_printing);
}
