/* care-pdf-module.c: the caredesk-pdf module, Poppler behind care-pdf-backend.h
 *
 * Built as a shared module linking poppler-glib, loaded by
 * care-pdf-reader.c when the first PDF is read back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-pdf"

#include <gmodule.h>

#include "care-pdf-backend.h"
#include "care-poppler.h"

static GObject *
pdf_open (GBytes  *pdf,
          GError **error)
{
  return G_OBJECT (poppler_document_new_from_bytes (pdf, NULL, error));
}

static int
pdf_n_pages (GObject *doc)
{
  return poppler_document_get_n_pages (POPPLER_DOCUMENT (doc));
}

/* NULL for a page the document lacks, where Poppler would complain. */
static PopplerPage *
get_page (GObject *doc,
          int      page_nr)
{
  if (page_nr < 0 || page_nr >= poppler_document_get_n_pages (POPPLER_DOCUMENT (doc)))
    return NULL;
  return poppler_document_get_page (POPPLER_DOCUMENT (doc), page_nr);
}

static gboolean
pdf_page_size (GObject *doc,
               int      page_nr,
               double  *width,
               double  *height)
{
  g_autoptr(CarePopplerPage) page = get_page (doc, page_nr);

  if (page == NULL)
    return FALSE;
  poppler_page_get_size (page, width, height);
  return TRUE;
}

static void
pdf_render (GObject  *doc,
            int       page_nr,
            cairo_t  *cr,
            gboolean  for_printing)
{
  g_autoptr(CarePopplerPage) page = get_page (doc, page_nr);

  if (page == NULL)
    return;
  if (for_printing)
    poppler_page_render_for_printing (page, cr);
  else
    poppler_page_render (page, cr);
}

static const CarePdfBackend backend = {
  .version = CARE_PDF_BACKEND_VERSION,
  .open = pdf_open,
  .n_pages = pdf_n_pages,
  .page_size = pdf_page_size,
  .render = pdf_render,
};

G_MODULE_EXPORT const CarePdfBackend *care_pdf_backend_get (void);

G_MODULE_EXPORT const CarePdfBackend *
care_pdf_backend_get (void)
{
  return &backend;
}
