/* test-pdf-reader.c: PDFs read back through the caredesk-pdf module, which
 * is loaded by the first reader and not before
 *
 * This program links no Poppler of its own (tests/print/meson.build): what
 * it finds mapped comes from the module.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "care-pdf-reader.h"

/* A PDF of two pages, A4 (595 × 842 pt) and US Letter (612 × 792), each
 * black in its top-left quarter and white elsewhere. */
static GBytes *
two_pages (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  gsize length;
  int fd = g_file_open_tmp ("test-pdf-reader-XXXXXX.pdf", &path, &error);

  g_assert_no_error (error);
  close (fd);
  surface = cairo_pdf_surface_create (path, 595, 842);
  cr = cairo_create (surface);
  cairo_rectangle (cr, 0, 0, 595 / 2.0, 842 / 2.0);
  cairo_fill (cr);
  cairo_show_page (cr);
  cairo_pdf_surface_set_size (surface, 612, 792);
  cairo_rectangle (cr, 0, 0, 306, 396);
  cairo_fill (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  g_unlink (path);
  return g_bytes_new_take (g_steal_pointer (&data), length);
}

static gboolean
poppler_mapped (void)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, "libpoppler") != NULL;
}

/* Grey level of the pixel at (x, y) of a white ARGB image. */
static guint8
pixel (cairo_surface_t *image,
       int              x,
       int              y)
{
  const guint8 *row = cairo_image_surface_get_data (image) + y * cairo_image_surface_get_stride (image);

  return row[x * 4 + 1];
}

static void
test_read_on_first_use (void)
{
  g_autoptr(GBytes) pdf = two_pages ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePdfReader) reader = NULL;
  cairo_surface_t *image;
  cairo_t *cr;
  double width = 0, height = 0;

  g_assert_false (poppler_mapped ());
  reader = care_pdf_reader_new (pdf, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);
  g_assert_true (poppler_mapped ());

  g_assert_cmpint (care_pdf_reader_get_n_pages (reader), ==, 2);
  g_assert_true (care_pdf_reader_get_page_size (reader, 0, &width, &height));
  g_assert_cmpfloat_with_epsilon (width, 595, 0.01);
  g_assert_cmpfloat_with_epsilon (height, 842, 0.01);
  g_assert_true (care_pdf_reader_get_page_size (reader, 1, &width, &height));
  g_assert_cmpfloat_with_epsilon (width, 612, 0.01);
  g_assert_cmpfloat_with_epsilon (height, 792, 0.01);
  width = height = -1;
  g_assert_false (care_pdf_reader_get_page_size (reader, 2, &width, &height));
  g_assert_cmpfloat (width, ==, -1);

  /* The second page at half size: black top-left, white bottom-right. */
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 306, 396);
  cr = cairo_create (image);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, 0.5, 0.5);
  care_pdf_reader_render_page (reader, 1, cr, TRUE);
  cairo_destroy (cr);
  cairo_surface_flush (image);
  g_assert_cmpuint (pixel (image, 10, 10), <, 20);
  g_assert_cmpuint (pixel (image, 300, 390), >, 235);
  cairo_surface_destroy (image);
}

static void
test_not_a_pdf (void)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("%PDF-1.5 not really", 19);
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePdfReader) reader = care_pdf_reader_new (junk, &error);

  g_assert_null (reader);
  g_assert_nonnull (error);
}

/* No module where it is looked for: every reader fails, with one
 * warning; nothing crashes. In a child, so that the failure kept by the
 * loader is the child's. */
static void
test_no_module (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GBytes) pdf = two_pages ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) again = NULL;

      g_setenv ("CAREDESK_MODULEDIR", "/nonexistent", TRUE);
      g_test_expect_message ("care-module", G_LOG_LEVEL_WARNING,
                             "Cannot load the caredesk-pdf module: /nonexistent/*");
      g_assert_null (care_pdf_reader_new (pdf, &error));
      g_test_assert_expected_messages ();
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_null (care_pdf_reader_new (pdf, &again));
      g_assert_error (again, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_false (poppler_mapped ());
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The module of this build, whatever the environment says. */
  g_unsetenv ("CAREDESK_MODULEDIR");
  g_test_add_func ("/pdf-reader/no-module", test_no_module);
  g_test_add_func ("/pdf-reader/read-on-first-use", test_read_on_first_use);
  g_test_add_func ("/pdf-reader/not-a-pdf", test_not_a_pdf);
  return g_test_run ();
}
