/* test-lab-label-document.c: the specimen label drawn to PDF, its text and its barcode's bars read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "care-test-print.h"
#include "care-test-pdf-tags.h"
#include "care-code128.h"
#include "care-lab-label-document.h"
#include "care-lab-specimen.h"

/* Pixels per point when the label is rendered to find its bars. */
#define SCALE 12.0

typedef struct {
  char      *dir;
  CareStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  care_test_rmdir (f->dir);
  g_free (f->dir);
}

static CareRecord *
collected_test (Fixture    *f,
                const char *collected_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = care_test_add_patient (f->store, "Amara", "Nwosu");
  g_autofree char *doctor = care_test_user_id (f->store, "doctor");
  CareRecord *test = care_record_new (care_schema_lookup ("lab_test"));

  care_record_set (patient, "date_of_birth", "1984-03-27");
  care_store_update (f->store, patient, &error);
  g_assert_no_error (error);
  care_record_set (test, "patient_id", care_record_get_id (patient));
  care_record_set (test, "requested_by", doctor);
  care_record_set (test, "test_name", "Complete blood count");
  care_record_set (test, "test_code", "58410-2");
  care_record_set (test, "specimen", "Venous blood (EDTA)");
  care_record_set (test, "priority", "stat");
  care_record_set (test, "status", collected_at ? "collected" : "requested");
  care_record_set (test, "collected_at", collected_at);
  care_store_insert (f->store, test, &error);
  g_assert_no_error (error);
  return test;
}

/* The widths of the dark and light runs between the first and last dark
 * pixel of row y, in pixels. */
static GArray *
runs_of_row (cairo_surface_t *image,
             int              y)
{
  const guint8 *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  int width = cairo_image_surface_get_width (image);
  const guint32 *row = (const guint32 *) (data + y * stride);
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (int));
  int first = -1, last = -1, length = 0;
  gboolean dark = TRUE;

  for (int x = 0; x < width; x++)
    if ((row[x] & 0xff) < 128)
      {
        if (first < 0)
          first = x;
        last = x;
      }
  for (int x = first; first >= 0 && x <= last; x++)
    {
      gboolean d = (row[x] & 0xff) < 128;

      if (d != dark)
        {
          g_array_append_val (runs, length);
          length = 0;
          dark = d;
        }
      length++;
    }
  if (length)
    g_array_append_val (runs, length);
  return runs;
}

static void
test_label_text (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CareRecord) test = collected_test (f, "2026-01-12T08:30:00Z");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = care_lab_label_document_render (f->store, care_record_get_id (test), &error);
  g_autoptr(CarePopplerDocument) doc = NULL;
  g_autoptr(CarePopplerPage) page = NULL;
  g_autofree char *text = NULL;
  g_autofree char *specimen = care_lab_specimen_id (test);
  g_autofree char *grouped = care_lab_specimen_id_format (specimen);
  g_autoptr(CareRecord) patient = care_store_get (f->store, care_schema_lookup ("patient"),
                                                  care_record_get (test, "patient_id"), NULL);
  double width, height;
  guint n_pages;

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  care_test_keep_pdf (pdf, "specimen-label.pdf");
  text = care_test_pdf_text (pdf, &n_pages);
  g_assert_cmpuint (n_pages, ==, 1);
  g_assert_true (care_test_text_has_name (text, "Amara"));
  g_assert_true (care_test_text_has_name (text, "Nwosu"));
  g_assert_nonnull (strstr (text, "27 Mar 1984"));
  g_assert_nonnull (strstr (text, care_record_get (patient, "mrn")));
  g_assert_nonnull (strstr (text, "Complete blood count"));
  g_assert_nonnull (strstr (text, "Venous blood (EDTA)"));
  g_assert_nonnull (strstr (text, "Collected 12 Jan 2026"));
  g_assert_nonnull (strstr (text, grouped));

  /* 50 × 25 mm. */
  doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  page = poppler_document_get_page (doc, 0);
  poppler_page_get_size (page, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, 50 / 25.4 * 72, 0.01);
  g_assert_cmpfloat_with_epsilon (height, 25 / 25.4 * 72, 0.01);

  /* Metadata: the specimen, never the patient; tagged lines and barcode. */
  {
    const char *const personal[] = { "Amara", "Nwosu", care_record_get (patient, "mrn"), NULL };
    g_autoptr(CareRecord) clinic = care_store_get_clinic (f->store);
    g_autofree char *title = g_strdup_printf ("Specimen label %s", grouped);
    g_autoptr(GPtrArray) elements = care_test_pdf_elements (pdf);

    care_test_assert_pdf_metadata (pdf, title, care_record_get (clinic, "name"), personal);
    g_assert_true (care_test_pdf_has_element (elements, "document", "", FALSE));
    g_assert_true (care_test_pdf_has_element (elements, "paragraph", "Complete blood count", TRUE));
    g_assert_true (care_test_pdf_has_element (elements, "figure", "", FALSE));
  }
}

static void
test_label_bars (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CareRecord) test = collected_test (f, "2026-01-12T08:30:00Z");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = care_lab_label_document_render (f->store, care_record_get_id (test), &error);
  g_autofree char *specimen = care_lab_specimen_id (test);
  g_autoptr(GByteArray) widths = care_code128_widths (specimen);
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_autoptr(CarePopplerPage) page = poppler_document_get_page (doc, 0);
  double module = care_lab_label_module_width (widths) * SCALE;
  int w = (int) (CARE_LAB_LABEL_WIDTH * SCALE), h = (int) (CARE_LAB_LABEL_HEIGHT * SCALE);
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (image);
  gboolean found = FALSE;

  g_assert_no_error (error);
  /* Wide enough for a scanner: a module of at least 0.25 mm. */
  g_assert_cmpfloat (module / SCALE, >=, 0.25 / 25.4 * 72);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, SCALE, SCALE);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (image);

  /* From the bottom up, the first row across the bars: as many runs as
   * the encoder's bars and spaces, each as wide as its modules. */
  for (int y = h - 1; y >= 0 && !found; y--)
    {
      g_autoptr(GArray) runs = runs_of_row (image, y);

      if (runs->len != widths->len)
        continue;
      found = TRUE;
      for (guint i = 0; i < runs->len; i++)
        {
          double measured = g_array_index (runs, int, i) / module;

          g_test_message ("element %u: %u modules, measured %.2f", i, widths->data[i], measured);
          g_assert_cmpfloat (fabs (measured - widths->data[i]), <, 0.35);
        }
    }
  g_assert_true (found);
  cairo_surface_destroy (image);
}

static void
test_label_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CareRecord) test = collected_test (f, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (care_lab_label_document_render (f->store, care_record_get_id (test), &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "collected_at");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/lab-label/text", Fixture, NULL, fixture_set_up, test_label_text, fixture_tear_down);
  g_test_add ("/lab-label/bars", Fixture, NULL, fixture_set_up, test_label_bars, fixture_tear_down);
  g_test_add ("/lab-label/refused", Fixture, NULL, fixture_set_up, test_label_refused, fixture_tear_down);
  return g_test_run ();
}
