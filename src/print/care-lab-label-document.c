/* care-lab-label-document.c: the specimen label, 50 × 25 mm, with a Code 128 barcode of the specimen id
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-label-document"

#include "config.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <glib/gi18n-lib.h>

#include "care-code128.h"
#include "care-lab-label-document.h"
#include "care-lab-specimen.h"

#define BARCODE_HEIGHT 18.0
/* Line advance in ems: the label's lines sit closer than a paragraph's. */
#define LINE_ADVANCE   1.2

double
care_lab_label_module_width (GByteArray *widths)
{
  guint modules = care_code128_modules (widths) + 2 * CARE_LAB_LABEL_QUIET;

  return (CARE_LAB_LABEL_WIDTH - 2 * CARE_LAB_LABEL_MARGIN) / modules;
}

/* One line of text at y, cut with an ellipsis to the label's width;
 * returns the y of the next line. */
static double
show_line (cairo_t    *cr,
           const char *text,
           double      size,
           gboolean    bold,
           double      y,
           gboolean    centred)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (CARE_DOCUMENT_FONT_FAMILY);

  pango_font_description_set_size (desc, (int) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) ((CARE_LAB_LABEL_WIDTH - 2 * CARE_LAB_LABEL_MARGIN) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, centred ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
  pango_layout_set_text (layout, text ? text : "", -1);
  /* The baseline a line advance below y, whatever the font's leading. */
  cairo_move_to (cr, CARE_LAB_LABEL_MARGIN, y + size - (double) pango_layout_get_baseline (layout) / PANGO_SCALE);
  cairo_tag_begin (cr, "P", NULL);
  pango_cairo_show_layout (cr, layout);
  cairo_tag_end (cr, "P");
  return y + size * LINE_ADVANCE;
}

/* The bars, from x (the quiet zone's start) at y. */
static void
draw_barcode (cairo_t    *cr,
              GByteArray *widths,
              double      y)
{
  double module = care_lab_label_module_width (widths);
  double x = CARE_LAB_LABEL_MARGIN + CARE_LAB_LABEL_QUIET * module;

  cairo_tag_begin (cr, "Figure", NULL);
  for (guint i = 0; i < widths->len; i++)
    {
      double w = widths->data[i] * module;

      if (i % 2 == 0)
        cairo_rectangle (cr, x, y, w, BARCODE_HEIGHT);
      x += w;
    }
  cairo_fill (cr);
  cairo_tag_end (cr, "Figure");
}

typedef struct {
  char *name;
  char *born_mrn;
  char *test;
  char *specimen;
  char *collected;
  char *specimen_id;
} LabelText;

static void
label_text_clear (LabelText *t)
{
  g_free (t->name);
  g_free (t->born_mrn);
  g_free (t->test);
  g_free (t->specimen);
  g_free (t->collected);
  g_free (t->specimen_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LabelText, label_text_clear)

static gboolean
gather (CareStore   *store,
        const char  *lab_test_id,
        LabelText   *t,
        GError     **error)
{
  g_autoptr(CareRecord) test = care_store_get (store, care_schema_lookup ("lab_test"), lab_test_id, error);
  g_autoptr(CareRecord) patient = NULL;
  g_autofree char *dob = NULL;
  g_autofree char *collected = NULL;
  const char *specimen, *mrn;

  if (test == NULL || !care_lab_check_label (test, error))
    return FALSE;
  patient = care_store_get (store, care_schema_lookup ("patient"), care_record_get (test, "patient_id"), error);
  if (patient == NULL)
    return FALSE;
  t->name = care_record_dup_title (patient);
  dob = care_document_format_date (care_record_get (patient, "date_of_birth"));
  mrn = care_record_get (patient, "mrn");
  /* Translators: on a specimen label: medical record number, date of birth */
  t->born_mrn = g_strdup_printf (_("MRN %s · DOB %s"), mrn ? mrn : "—", *dob ? dob : "—");
  specimen = care_record_get (test, "specimen");
  /* Catalogue tests and specimens are stored in English and shown translated. */
  t->test = g_strdup (_(care_record_get (test, "test_name")));
  t->specimen = g_strdup (specimen ? _(specimen) : "");
  collected = care_document_format_datetime (care_record_get (test, "collected_at"));
  /* Translators: on a specimen label, %s is the date and time */
  t->collected = g_strdup_printf (_("Collected %s"), collected);
  t->specimen_id = care_lab_specimen_id (test);
  return TRUE;
}

GBytes *
care_lab_label_document_render (CareStore   *store,
                                const char  *lab_test_id,
                                GError     **error)
{
  g_auto(LabelText) t = { 0 };
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GByteArray) widths = NULL;
  g_autofree char *digits = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double y = CARE_LAB_LABEL_MARGIN;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (!gather (store, lab_test_id, &t, error))
    return NULL;
  widths = care_code128_widths (t.specimen_id);
  digits = care_lab_specimen_id_format (t.specimen_id);

  surface = care_document_pdf_surface_new (bytes, CARE_LAB_LABEL_WIDTH, CARE_LAB_LABEL_HEIGHT);
  {
    g_autoptr(CareRecord) clinic = care_store_get_clinic (store);

    /* The specimen's number, never the patient's name. */
    care_document_set_metadata (surface, clinic, _("Specimen label"), digits, NULL);
  }
  cr = cairo_create (surface);
  /* Tagged like the A4 printouts: a paragraph a line, the barcode a figure. */
  cairo_tag_begin (cr, "Document", NULL);
  cairo_set_source_rgb (cr, 0, 0, 0);
  y = show_line (cr, t.name, 8, TRUE, y, FALSE);
  y = show_line (cr, t.born_mrn, 5.5, FALSE, y, FALSE);
  y = show_line (cr, t.test, 5.5, FALSE, y, FALSE);
  y = show_line (cr, t.specimen, 5.5, FALSE, y, FALSE);
  y = show_line (cr, t.collected, 5.5, FALSE, y, FALSE);
  draw_barcode (cr, widths, y + 1.5);
  show_line (cr, digits, 5.5, FALSE, y + 2.5 + BARCODE_HEIGHT, TRUE);
  cairo_tag_end (cr, "Document");
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CARE_DOCUMENT_ERROR, CARE_DOCUMENT_ERROR_FAILED,
                   _("The label could not be drawn: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
