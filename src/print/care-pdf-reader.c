/* care-pdf-reader.c: a PDF read back to be shown or printed, Poppler loaded on first use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-pdf"

#include "config.h"

#include <gmodule.h>

#include "care-dirs.h"
#include "care-pdf-backend.h"
#include "care-pdf-reader.h"

struct _CarePdfReader
{
  const CarePdfBackend *backend;
  GObject              *doc;
};

/* Loaded once and kept: Poppler registers types that cannot go away. A
 * failure is kept too, and told to every reader. */
static const CarePdfBackend *
load_backend (GError **error)
{
  static GMutex lock;
  static const CarePdfBackend *backend;
  static char *failure;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  if (backend == NULL && failure == NULL)
    {
      g_autofree char *path = g_module_build_path (care_dirs_find ("CAREDESK_MODULEDIR", BUILD_MODULEDIR, MODULEDIR),
                                                "caredesk-pdf");
      GModule *module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
      CarePdfBackendGetFunc get = NULL;

      if (module == NULL)
        failure = g_strdup (g_module_error ());
      else if (!g_module_symbol (module, CARE_PDF_BACKEND_SYMBOL, (gpointer *) &get) ||
               get () == NULL || get ()->version != CARE_PDF_BACKEND_VERSION)
        failure = g_strdup_printf ("%s: not a PDF module of this version", path);
      else
        {
          g_module_make_resident (module);
          backend = get ();
        }
      if (failure != NULL)
        g_warning ("Cannot read PDFs: %s", failure);
    }
  if (backend == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s", failure);
  return backend;
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
