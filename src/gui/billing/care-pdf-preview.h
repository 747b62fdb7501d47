/* care-pdf-preview.h: a window showing a PDF with Poppler, to print or save
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CARE_TYPE_PDF_PREVIEW (care_pdf_preview_get_type ())
G_DECLARE_FINAL_TYPE (CarePdfPreview, care_pdf_preview, CARE, PDF_PREVIEW, AdwWindow)

/* title: "Invoice K7QF-000042"; file_name: suggested for Export. */
CarePdfPreview *care_pdf_preview_new        (GtkWindow      *parent,
                                             GBytes         *pdf,
                                             const char     *title,
                                             const char     *file_name);
/* The PDF shown, as given. */
GBytes         *care_pdf_preview_get_pdf    (CarePdfPreview *self);
guint           care_pdf_preview_get_n_pages(CarePdfPreview *self);
guint           care_pdf_preview_get_page   (CarePdfPreview *self);
void            care_pdf_preview_set_page   (CarePdfPreview *self,
                                             guint           page);
double          care_pdf_preview_get_zoom   (CarePdfPreview *self);
void            care_pdf_preview_set_zoom   (CarePdfPreview *self,
                                             double          zoom);

G_END_DECLS
