/* test-invoice-layout.c: the invoice's layout read back with poppler: row
 * numbers, names in every script, column headers in Spanish, fonts,
 * tags and metadata
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "care-test-print.h"
#include "care-test-pdf-layout.h"
#include "care-test-pdf-tags.h"

typedef CareTestStoreFixture Fixture;

/* An issued invoice of n_lines for a new patient; returns its archived PDF. */
static GBytes *
invoice_pdf (CareStore  *store,
             const char *given,
             const char *family,
             guint       n_lines,
             const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = care_test_add_patient (store, given, family);
  g_autoptr(CareRecord) invoice = care_billing_create_invoice (store, care_record_get_id (patient), NULL, &error);
  GBytes *pdf;

  g_assert_no_error (error);
  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *text = g_strdup_printf ("Service item %u", i + 1);
      care_test_add_item (store, care_record_get_id (invoice), "procedure", text, 1, 1000, 0, "20");
    }
  care_invoice_document_issue (store, care_record_get_id (invoice), &error);
  g_assert_no_error (error);
  pdf = care_invoice_document_get_pdf (store, care_record_get_id (invoice), NULL, &error);
  g_assert_no_error (error);
  care_test_keep_pdf (pdf, file);
  return pdf;
}

/* Row numbers from 100 stay on one line in the "#" column: the column,
 * read page by page between its header and the footer, holds exactly
 * "1", "2", … "105". */
static void
test_row_numbers (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) pdf = invoice_pdf (f->store, "Zoë", "Ångström", 105, "invoice-105-lines.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (doc), >, 2);
  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autoptr(CarePopplerPage) page = poppler_document_get_page (doc, i);
      PopplerRectangle description, footer;

      /* The last page may hold the totals alone. */
      if (!care_test_page_find_box (page, "Description", &description))
        continue;
      g_assert_true (care_test_page_find_box (page, "Page ", &footer));
      care_test_page_lines_in (page, 0, description.y2 + 1, description.x1 - 1, footer.y1 - 1, numbers);
    }
  for (guint i = 0; i < numbers->len; i++)
    g_test_message ("# %s", (char *) g_ptr_array_index (numbers, i));
  g_assert_cmpuint (numbers->len, ==, 105);
  for (guint i = 0; i < numbers->len; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%u", i + 1);
      g_assert_cmpstr (g_ptr_array_index (numbers, i), ==, expected);
    }
}

/* A Chinese name prints family name first, without a space, in Noto Sans CJK. */
static void
test_chinese_name_order (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GBytes) pdf = invoice_pdf (f->store, "小明", "王", 1, "invoice-chinese-order.pdf");
  g_autofree char *text = care_test_pdf_text (pdf, NULL);
  g_autofree char *fonts = care_test_pdf_font_names (pdf);

  g_assert_true (care_test_pdf_find (pdf, "王小明"));
  g_assert_null (strstr (text, "小明 王"));
  g_assert_null (strstr (text, "小明王"));
  g_test_message ("fonts: %s", fonts);
  /* build-aux/setup.sh installs fonts-noto-cjk. */
  if (!care_test_font_installed ("Noto Sans CJK SC"))
    {
      g_test_skip ("Noto Sans CJK SC is not installed (fonts-noto-cjk)");
      return;
    }
  g_assert_nonnull (strstr (fonts, "NotoSansCJK"));
}

/* The box poppler's search finds around the first match of text on the
 * page (x left to right; y from the page's foot, which only compares here). */
static PopplerRectangle
search_box (PopplerPage *page,
            const char  *text)
{
  GList *matches = poppler_page_find_text (page, text);
  PopplerRectangle box;

  g_assert_nonnull (matches);
  box = *(PopplerRectangle *) matches->data;
  g_list_free_full (matches, (GDestroyNotify) poppler_rectangle_free);
  return box;
}

/* An Arabic name sits at the right of its cell, clear of the next column,
 * and is set in Noto Naskh Arabic (not DejaVu Sans's Arabic). Poppler's
 * text layout gives right-to-left characters the wrong boxes, so the name's
 * words are found with its search. */
static void
test_arabic_name (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) pdf = invoice_pdf (f->store, "مريم", "الحسن", 1, "invoice-arabic-layout.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_autoptr(CarePopplerPage) page = poppler_document_get_page (doc, 0);
  g_autofree char *fonts = care_test_pdf_font_names (pdf);
  PopplerRectangle patient, mrn, given, family;
  double name_start, name_end;

  g_assert_no_error (error);
  g_test_message ("fonts: %s", fonts);
  /* build-aux/setup.sh installs fonts-noto-core. */
  if (!care_test_font_installed ("Noto Naskh Arabic"))
    {
      g_test_skip ("Noto Naskh Arabic is not installed (fonts-noto-core)");
      return;
    }
  g_assert_nonnull (strstr (fonts, "NotoNaskhArabic"));
  g_assert_null (strstr (fonts, "DejaVu"));

  /* "Patient" | ……… name | "MRN" | number, on one line. */
  patient = search_box (page, "Patient");
  mrn = search_box (page, "MRN");
  given = search_box (page, "مريم");
  family = search_box (page, "الحسن");
  name_start = MIN (given.x1, family.x1);
  name_end = MAX (given.x2, family.x2);
  g_test_message ("Patient %.1f–%.1f, name %.1f–%.1f, MRN from %.1f", patient.x1, patient.x2,
                  name_start, name_end, mrn.x1);
  g_assert_cmpfloat (fabs (given.y1 - patient.y1), <, 8);
  g_assert_cmpfloat (fabs (family.y1 - patient.y1), <, 8);
  /* Right to left: the given name (read first) is at the right. */
  g_assert_cmpfloat (given.x1, >, family.x1);
  /* Aligned right: far from where a left-aligned value starts… */
  g_assert_cmpfloat (name_start, >, patient.x2 + 60);
  /* …and clear of the next column's label (it used to sit 10 pt away). */
  g_assert_cmpfloat (mrn.x1 - name_end, >=, 20);
  g_assert_cmpfloat (mrn.x1 - name_end, <=, 30);
}

/* A Hindi name prints whole, in Noto Sans Devanagari. */
static void
test_devanagari_name (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) pdf = invoice_pdf (f->store, "अनीता", "शर्मा", 1, "invoice-devanagari.pdf");
  g_autofree char *fonts = care_test_pdf_font_names (pdf);

  g_test_message ("fonts: %s", fonts);
  if (!care_test_font_installed ("Noto Sans Devanagari"))
    {
      g_test_skip ("Noto Sans Devanagari is not installed (fonts-noto-core)");
      return;
    }
  g_assert_true (care_test_pdf_find (pdf, "अनीता शर्मा"));
  g_assert_nonnull (strstr (fonts, "NotoSansDevanagari"));
  g_assert_null (strstr (fonts, "DejaVu"));
}

/* In Spanish, no column header breaks inside a word ("Impues-" over "to").
 * Runs in a subprocess of its own, started with LANGUAGE=es, so that the
 * other tests stay in English. */
static void
test_spanish_headers (Fixture       *f,
                      gconstpointer  data)
{
  const char *const headers[] = { "Description", "Qty", "Unit price", "Discount", "Tax", "Amount" };
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePopplerDocument) doc = NULL;
  g_autoptr(CarePopplerPage) page = NULL;
  g_autofree char *text = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "es");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Tax"), ==, "Impuesto");
  pdf = invoice_pdf (f->store, "María", "López", 2, "invoice-spanish.pdf");
  doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  page = poppler_document_get_page (doc, 0);
  text = poppler_page_get_text (page);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      const char *spanish = g_dgettext (GETTEXT_PACKAGE, headers[i]);
      g_auto(GStrv) words = g_strsplit (spanish, " ", -1);

      g_assert_cmpstr (spanish, !=, headers[i]);
      /* Each word whole, in one box one line high. */
      for (guint w = 0; words[w]; w++)
        {
          PopplerRectangle box;

          g_assert_true (care_test_page_find_box (page, words[w], &box));
          g_assert_cmpfloat (box.y2 - box.y1, <, 12);
        }
    }
  g_assert_nonnull (strstr (text, "Impuesto"));
  g_assert_null (strstr (text, "Impues-"));
}

/* Tagged: headings, tables with header and data cells; the metadata names
 * the invoice and the clinic, never the patient. */
static void
test_tags_and_metadata (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) pdf = invoice_pdf (f->store, "María", "López García", 3, "invoice-tagged.pdf");
  g_autoptr(GPtrArray) elements = care_test_pdf_elements (pdf);
  const char *const personal[] = { "María", "López", "García", NULL };

  care_test_assert_tagged (pdf, "Invoice");
  care_test_assert_pdf_metadata (pdf, "Invoice ", "Riverside Family Clinic", personal);
  /* Each cell's text once (a cell used to be drawn twice over itself). */
  g_assert_true (care_test_pdf_has_element (elements, "table-heading", "Description", TRUE));
  g_assert_true (care_test_pdf_has_element (elements, "table-data", "1", TRUE));
  g_assert_true (care_test_pdf_has_element (elements, "table-data", "Service item 3 Procedure", TRUE));
  g_assert_true (care_test_pdf_has_element (elements, "table-heading", "Patient", TRUE));
  g_assert_true (care_test_pdf_has_element (elements, "table-heading", "Balance due", TRUE));
  g_assert_true (care_test_pdf_has_element (elements, "heading-3", "BILL TO", TRUE));
}

/* A line item's description and the patient's address, each wrapped over
 * several lines of its cell, are whole in their cell's element (every
 * line, not only the first); the headers are header cells; the metadata
 * holds no part of the patient's name. */
static void
test_wrapped_tags (Fixture       *f,
                   gconstpointer  data)
{
  const char *description = "Extended consultation with full physical examination, blood pressure "
                            "review, medication reconciliation and a written care plan for the next "
                            "six months";
  const char *const personal[] = { "Bartholomew", "Featherstonehaugh", NULL };
  g_autoptr(CareRecord) patient = care_test_add_patient (f->store, "Bartholomew", "Featherstonehaugh");
  g_autoptr(CareRecord) invoice = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GPtrArray) elements = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cell = g_strdup_printf ("%s Procedure", description);

  care_record_set (patient, "address_line", "Flat 12, Riverside Court, 145 Long Meadow Road, Upper Norwood");
  care_store_update (f->store, patient, &error);
  g_assert_no_error (error);
  invoice = care_billing_create_invoice (f->store, care_record_get_id (patient), NULL, &error);
  g_assert_no_error (error);
  care_test_add_item (f->store, care_record_get_id (invoice), "procedure", description, 1, 9500, 0, "20");
  care_invoice_document_issue (f->store, care_record_get_id (invoice), &error);
  g_assert_no_error (error);
  pdf = care_invoice_document_get_pdf (f->store, care_record_get_id (invoice), NULL, &error);
  g_assert_no_error (error);
  care_test_keep_pdf (pdf, "invoice-wrapped-tags.pdf");

  care_test_assert_wrapped_element (pdf, "table-data", cell);
  care_test_assert_wrapped_element (pdf, "table-data", "Flat 12, Riverside Court, 145 Long Meadow Road, Upper "
                                                       "Norwood, Riverside RV2 9XY, United Kingdom");
  elements = care_test_pdf_elements (pdf);
  for (guint i = 0; i < 6; i++)
    {
      const char *headers[] = { "#", "Description", "Qty", "Unit price", "Tax", "Amount" };

      g_assert_true (care_test_pdf_has_element (elements, "table-heading", headers[i], TRUE));
      g_assert_false (care_test_pdf_has_element (elements, "table-data", headers[i], TRUE));
    }
  g_assert_true (care_test_pdf_has_element (elements, "table-heading", "Address", TRUE));
  care_test_assert_pdf_metadata (pdf, "Invoice INV-", "Riverside Family Clinic", personal);
}

int
main (int   argc,
      char *argv[])
{
  /* As main.c does; the Spanish test's subprocess runs with LANGUAGE=es
   * (honoured in C.UTF-8), set before the first translation. */
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--GTestSubprocess"))
      g_setenv ("LANGUAGE", "es", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CAREDESK_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/invoice-layout/row-numbers", Fixture, NULL, care_test_store_set_up, test_row_numbers, care_test_store_tear_down);
  g_test_add ("/invoice-layout/chinese-name-order", Fixture, NULL, care_test_store_set_up, test_chinese_name_order, care_test_store_tear_down);
  g_test_add ("/invoice-layout/arabic-name", Fixture, NULL, care_test_store_set_up, test_arabic_name, care_test_store_tear_down);
  g_test_add ("/invoice-layout/devanagari-name", Fixture, NULL, care_test_store_set_up, test_devanagari_name, care_test_store_tear_down);
  g_test_add ("/invoice-layout/spanish-headers", Fixture, NULL, care_test_store_set_up, test_spanish_headers, care_test_store_tear_down);
  g_test_add ("/invoice-layout/wrapped-tags", Fixture, NULL, care_test_store_set_up, test_wrapped_tags, care_test_store_tear_down);
  g_test_add ("/invoice-layout/tags-and-metadata", Fixture, NULL, care_test_store_set_up, test_tags_and_metadata, care_test_store_tear_down);

  return g_test_run ();
}
