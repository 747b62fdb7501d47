/* test-invoice-document.c: invoices drawn to PDF and read back with poppler
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>

#include "care-test-print.h"

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
get_invoice (CareStore  *store,
             const char *id)
{
  g_autoptr(GError) error = NULL;
  CareRecord *invoice = care_store_get (store, care_schema_lookup ("invoice"), id, &error);

  g_assert_no_error (error);
  return invoice;
}

/* Issues an invoice for a patient with the given names and lines, through
 * the archive path the app uses. */
static CareRecord *
issue_invoice (CareStore         *store,
               const char        *given,
               const char        *family,
               const char *const *descriptions,
               guint              n_lines)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = care_test_add_patient (store, given, family);
  g_autoptr(CareRecord) invoice = care_billing_create_invoice (store, care_record_get_id (patient), NULL, &error);
  static const char *const rates[] = { "20", "5", "0", "7.5" };

  g_assert_no_error (error);
  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *text = descriptions ? g_strdup (descriptions[i % g_strv_length ((char **) descriptions)])
                                           : g_strdup_printf ("Service item number %03u", i + 1);
      care_test_add_item (store, care_record_get_id (invoice), i % 2 ? "medicine" : "procedure", text,
                          1 + i % 3, 1000 + 37 * i, i % 4 == 1 ? 150 : 0, rates[i % 4]);
    }
  care_invoice_document_issue (store, care_record_get_id (invoice), &error);
  g_assert_no_error (error);
  return get_invoice (store, care_record_get_id (invoice));
}

static void
test_invoice_text (Fixture       *f,
                   gconstpointer  data)
{
  const char *const lines[] = {
    "General consultation",
    "Full blood count",
    "Amoxicillin 500 mg capsules",
    "Wound dressing, small",
    "Bed day, general ward",
    NULL,
  };
  g_autoptr(CareRecord) invoice = issue_invoice (f->store, "María", "López García", lines, 5);
  g_autoptr(GBytes) pdf = care_invoice_document_get_pdf (f->store, care_record_get_id (invoice), NULL, NULL);
  g_autoptr(GPtrArray) items = care_billing_list_items (f->store, care_record_get_id (invoice), NULL);
  g_autofree char *text = NULL;
  g_autofree char *number_line = NULL;
  gint64 subtotal, discounts, tax, total, paid, balance, sum_amounts = 0;
  guint n_pages;

  g_assert_nonnull (pdf);
  care_test_keep_pdf (pdf, "invoice.pdf");
  text = care_test_pdf_text (pdf, &n_pages);
  g_test_message ("%s", text);

  g_assert_cmpuint (n_pages, ==, 1);
  g_assert_nonnull (strstr (text, "María López García"));
  g_assert_nonnull (strstr (text, "Riverside Family Clinic"));
  g_assert_nonnull (strstr (text, "12 Mill Lane"));
  g_assert_nonnull (strstr (text, care_record_get (invoice, "number")));
  g_assert_nonnull (strstr (text, "Page 1 of 1"));
  for (guint i = 0; lines[i]; i++)
    g_assert_nonnull (strstr (text, lines[i]));

  /* The totals read back add up, and match the store. */
  subtotal = care_test_find_amount (text, "Subtotal");
  discounts = care_test_find_amount (text, "Discounts");
  tax = care_test_find_amount (text, "Tax");
  total = care_test_find_amount (text, "Total");
  paid = care_test_find_amount (text, "Paid");
  balance = care_test_find_amount (text, "Balance due");
  g_assert_cmpint (subtotal, >, 0);
  g_assert_cmpint (discounts, ==, -150);
  g_assert_cmpint (subtotal + discounts + tax, ==, total);
  g_assert_cmpint (paid, ==, 0);
  g_assert_cmpint (balance, ==, total);
  g_assert_cmpint (total, ==, care_record_get_int (invoice, "total", -1));
  g_assert_cmpint (tax, ==, care_record_get_int (invoice, "tax_total", -1));

  /* Every line's amount is printed; together they are the net. */
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *amount = care_billing_format_amount (care_record_get_int (g_ptr_array_index (items, i), "line_total", 0), "GBP");

      g_assert_nonnull (strstr (text, amount));
      sum_amounts += care_record_get_int (g_ptr_array_index (items, i), "line_total", 0);
    }
  g_assert_cmpint (sum_amounts, ==, subtotal + discounts);
}

static void
check_name_survives (CareStore  *store,
                     const char *given,
                     const char *family,
                     const char *file)
{
  const char *const lines[] = { "Consultation", NULL };
  g_autoptr(CareRecord) invoice = issue_invoice (store, given, family, lines, 1);
  g_autoptr(GBytes) pdf = care_invoice_document_get_pdf (store, care_record_get_id (invoice), NULL, NULL);
  g_autofree char *text = care_test_pdf_text (pdf, NULL);
  /* "王小明": in the order of the name's script. */
  g_autofree char *name = care_person_name_display (given, family);

  care_test_keep_pdf (pdf, file);
  /* Present in the extracted text, each name whole. (Poppler's search
   * for the Arabic name depends on how near the next column sits, so it
   * is not a reliable check; see care_test_text_has_name().) */
  g_assert_true (care_test_text_has_name (text, given));
  g_assert_true (care_test_text_has_name (text, family));
  if (g_utf8_strlen (name, -1) == (glong) strlen (name) || g_str_equal (given, "小明"))
    g_assert_true (care_test_pdf_find (pdf, name));
}

static void
test_arabic_name (Fixture       *f,
                  gconstpointer  data)
{
  check_name_survives (f->store, "مريم", "الحسن", "invoice-arabic.pdf");
}

static void
test_chinese_name (Fixture       *f,
                   gconstpointer  data)
{
  check_name_survives (f->store, "小明", "王", "invoice-chinese.pdf");
}

static void
test_long_invoice_pages (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CareRecord) invoice = issue_invoice (f->store, "Zoë", "Ångström-Ñúñez", NULL, 120);
  g_autoptr(GBytes) pdf = care_invoice_document_get_pdf (f->store, care_record_get_id (invoice), NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  int n_pages, last_page_of_line = 0;
  g_autofree int *rows = NULL;

  g_assert_no_error (error);
  care_test_keep_pdf (pdf, "invoice-120-lines.pdf");
  n_pages = poppler_document_get_n_pages (doc);
  g_assert_cmpint (n_pages, >=, 3);
  rows = g_new0 (int, n_pages);

  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(CarePopplerPage) page = poppler_document_get_page (doc, i);
      g_autofree char *text = poppler_page_get_text (page);
      g_autofree char *footer = g_strdup_printf ("Page %d of %d", i + 1, n_pages);

      /* The table header on every page, and page x of y. */
      g_assert_nonnull (strstr (text, "Description"));
      g_assert_nonnull (strstr (text, "Unit price"));
      g_assert_nonnull (strstr (text, "Amount"));
      g_assert_nonnull (strstr (text, footer));
      if (i > 0)
        g_assert_nonnull (strstr (text, "(continued)"));
      /* Lines in order, none lost or repeated between pages. */
      for (int line = last_page_of_line + 1; line <= 120; line++)
        {
          g_autofree char *needle = g_strdup_printf ("Service item number %03d", line);

          if (strstr (text, needle) == NULL)
            break;
          last_page_of_line = line;
          rows[i]++;
        }
      if (i == n_pages - 1)
        g_assert_nonnull (strstr (text, "Balance due"));
      else
        g_assert_null (strstr (text, "Balance due"));
    }

  /* The right number of pages: every page between the first (shorter, under
   * the letterhead) and the last holds the same number of rows, so the
   * count follows from those two figures; with this layout (17 rows on
   * page 1, 22 after) it is 6. */
  for (int i = 1; i < n_pages - 1; i++)
    g_assert_cmpint (rows[i], ==, rows[1]);
  g_assert_cmpint (rows[n_pages - 1], >, 0);
  g_assert_cmpint (rows[n_pages - 1], <=, rows[1]);
  g_assert_cmpint (n_pages, ==, 1 + (120 - rows[0] + rows[1] - 1) / rows[1]);
  g_assert_cmpint (n_pages, ==, 6);
  g_assert_cmpint (last_page_of_line, ==, 120);
}

static void
test_archive_reprint_identical (Fixture       *f,
                                gconstpointer  data)
{
  const char *const lines[] = { "Consultation", "ECG", NULL };
  g_autoptr(CareRecord) invoice = issue_invoice (f->store, "Hana", "Tanaka", lines, 2);
  g_autoptr(GBytes) archived = care_record_get_blob (invoice, "pdf") ? g_bytes_ref (care_record_get_blob (invoice, "pdf")) : NULL;
  g_autoptr(GBytes) reprint = NULL;
  g_autoptr(GBytes) redrawn = NULL;
  g_autoptr(GBytes) after_payment = NULL;
  g_autoptr(CareRecord) payment = NULL;
  g_autofree char *sha = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_archived = FALSE;

  g_assert_nonnull (archived);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, archived);
  g_assert_cmpstr (sha, ==, care_record_get (invoice, "pdf_sha256"));
  g_assert_cmpuint (strlen (sha), ==, 64);

  reprint = care_invoice_document_get_pdf (f->store, care_record_get_id (invoice), &was_archived, &error);
  g_assert_no_error (error);
  g_assert_true (was_archived);
  g_assert_true (g_bytes_equal (reprint, archived));

  /* Drawing it again gives the same bytes too (fixed creation date). */
  redrawn = care_invoice_document_render (f->store, invoice, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (redrawn, archived));

  /* A payment changes the invoice, not the archived original. */
  payment = care_billing_record_payment (f->store, care_record_get_id (invoice), 500, "cash", NULL, &error);
  g_assert_no_error (error);
  after_payment = care_invoice_document_get_pdf (f->store, care_record_get_id (invoice), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (after_payment, archived));

  /* A tampered archive is detected, not printed. */
  {
    g_autoptr(CareRecord) fresh = get_invoice (f->store, care_record_get_id (invoice));
    g_autoptr(GBytes) bad = g_bytes_new ("%PDF-1.5 tampered", 17);
    g_autoptr(GBytes) refused = NULL;

    care_record_set_blob (fresh, "pdf", bad);
    care_store_update (f->store, fresh, &error);
    g_assert_no_error (error);
    refused = care_invoice_document_get_pdf (f->store, care_record_get_id (invoice), NULL, &error);
    g_assert_null (refused);
    g_assert_error (error, CARE_DOCUMENT_ERROR, CARE_DOCUMENT_ERROR_FAILED);
  }
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
test_logo_and_draft (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CareRecord) clinic = care_store_get_clinic (f->store);
  g_autoptr(CareRecord) patient = care_test_add_patient (f->store, "Olga", "Petrova");
  g_autoptr(CareRecord) invoice = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePopplerDocument) doc = NULL;
  g_autoptr(CarePopplerPage) page = NULL;
  g_autofree char *text = NULL;
  GList *images;
  GByteArray *bytes = g_byte_array_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 120, 120);
  cairo_t *cr = cairo_create (surface);
  gboolean archived = TRUE;

  /* A logo: a teal disc with a white cross. */
  cairo_set_source_rgb (cr, 0.1, 0.45, 0.5);
  cairo_arc (cr, 60, 60, 58, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 48, 20, 24, 80);
  cairo_rectangle (cr, 20, 48, 80, 24);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_png, bytes);
  cairo_surface_destroy (surface);
  png = g_byte_array_free_to_bytes (bytes);
  care_record_set_blob (clinic, "logo", png);
  care_record_set (clinic, "tax_number", "GB123456789");
  care_store_update (f->store, clinic, &error);
  g_assert_no_error (error);

  invoice = care_billing_create_invoice (f->store, care_record_get_id (patient), NULL, &error);
  g_assert_no_error (error);
  care_test_add_item (f->store, care_record_get_id (invoice), "consultation", "Consultation", 1, 4500, 0, "0");
  pdf = care_invoice_document_get_pdf (f->store, care_record_get_id (invoice), &archived, &error);
  g_assert_no_error (error);
  g_assert_false (archived);
  care_test_keep_pdf (pdf, "invoice-draft-logo.pdf");

  doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  page = poppler_document_get_page (doc, 0);
  images = poppler_page_get_image_mapping (page);
  g_assert_cmpuint (g_list_length (images), >=, 1);
  poppler_page_free_image_mapping (images);
  text = poppler_page_get_text (page);
  /* The watermark runs at an angle: extraction splits it, search finds it. */
  g_assert_true (care_test_pdf_find (pdf, "DRAFT"));
  g_assert_nonnull (strstr (text, "Draft invoice"));
  /* The clinic's tax registration, which an invoice must show. */
  g_assert_nonnull (strstr (text, "Tax registration no."));
  g_assert_nonnull (strstr (text, "GB123456789"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/invoice-document/text", Fixture, NULL, fixture_set_up, test_invoice_text, fixture_tear_down);
  g_test_add ("/invoice-document/arabic-name", Fixture, NULL, fixture_set_up, test_arabic_name, fixture_tear_down);
  g_test_add ("/invoice-document/chinese-name", Fixture, NULL, fixture_set_up, test_chinese_name, fixture_tear_down);
  g_test_add ("/invoice-document/long-invoice-pages", Fixture, NULL, fixture_set_up, test_long_invoice_pages, fixture_tear_down);
  g_test_add ("/invoice-document/archive-reprint-identical", Fixture, NULL, fixture_set_up, test_archive_reprint_identical, fixture_tear_down);
  g_test_add ("/invoice-document/logo-and-draft", Fixture, NULL, fixture_set_up, test_logo_and_draft, fixture_tear_down);

  return g_test_run ();
}
