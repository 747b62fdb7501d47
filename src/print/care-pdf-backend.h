/* care-pdf-backend.h: what the caredesk-pdf module gives care-pdf-reader.c
 *
 * Private to the two: the module's one exported symbol returns this
 * table. A document is the module's GObject (a PopplerDocument).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define CARE_PDF_BACKEND_SYMBOL  "care_pdf_backend_get"
#define CARE_PDF_BACKEND_VERSION 1

typedef struct
{
  guint      version;
  GObject *(*open)       (GBytes *pdf, GError **error);
  int      (*n_pages)    (GObject *doc);
  gboolean (*page_size)  (GObject *doc, int page, double *width, double *height);
  void     (*render)     (GObject *doc, int page, cairo_t *cr, gboolean for_printing);
} CarePdfBackend;

typedef const CarePdfBackend *(*CarePdfBackendGetFunc) (void);

G_END_DECLS
