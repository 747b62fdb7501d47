/* care-pdf-reader.h: a PDF read back to be shown or printed, Poppler loaded on first use
 *
 * Poppler and the twenty-odd libraries it needs (NSS, lcms, OpenJPEG, …)
 * are in a module of ours, caredesk-pdf (care-pdf-module.c), that the
 * first reader opens with GModule: nothing at start shows a PDF, and
 * linking them cost every start their loading and relocation
 * (BENCHMARKS.md, "The app window", branch startup3). The module is found
 * in the build tree when the program runs from it, else in the installed
 * libdir/caredesk (the flatpak's /app/lib/caredesk); $CAREDESK_MODULEDIR
 * overrides both. Any thread may read; one reader is used by one thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _CarePdfReader CarePdfReader;

/* NULL with @error set when the module cannot be loaded or @pdf is not a
 * PDF Poppler can read. */
CarePdfReader *care_pdf_reader_new           (GBytes         *pdf,
                                              GError        **error);
void           care_pdf_reader_free          (CarePdfReader  *self);

int            care_pdf_reader_get_n_pages   (CarePdfReader  *self);
/* In points; FALSE (and nothing set) for a page the document lacks. */
gboolean       care_pdf_reader_get_page_size (CarePdfReader  *self,
                                              int             page,
                                              double         *width,
                                              double         *height);
/* Draws @page at @cr's scale, one point to one unit; @for_printing as
 * poppler_page_render_for_printing() (annotations for print only). */
void           care_pdf_reader_render_page   (CarePdfReader  *self,
                                              int             page,
                                              cairo_t        *cr,
                                              gboolean        for_printing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CarePdfReader, care_pdf_reader_free)

G_END_DECLS
