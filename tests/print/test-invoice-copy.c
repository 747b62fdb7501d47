/* test-invoice-copy.c: reprints that tell the truth: the archived original
 * stays byte-identical, a current copy shows payments, balance and VOID
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-print.h"

typedef CareTestStoreFixture Fixture;

/* An issued invoice of one line of 100.00 at 20 % tax (120.00 due). */
static char *
issued_invoice (CareStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = care_test_add_patient (store, "María", "López");
  g_autoptr(CareRecord) invoice = care_billing_create_invoice (store, care_record_get_id (patient), NULL, &error);

  g_assert_no_error (error);
  care_test_add_item (store, care_record_get_id (invoice), "procedure", "Minor procedure", 1, 10000, 0, "20");
  care_invoice_document_issue (store, care_record_get_id (invoice), &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (invoice));
}

static GBytes *
archived (CareStore  *store,
          const char *invoice_id)
{
  g_autoptr(GError) error = NULL;
  gboolean was_archived = FALSE;
  GBytes *pdf = care_invoice_document_get_pdf (store, invoice_id, &was_archived, &error);

  g_assert_no_error (error);
  g_assert_true (was_archived);
  return pdf;
}

static GBytes *
current_copy (CareStore  *store,
              const char *invoice_id,
              const char *file)
{
  g_autoptr(GError) error = NULL;
  GBytes *pdf = care_invoice_document_current_copy (store, invoice_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  care_test_keep_pdf (pdf, file);
  return pdf;
}

/* Half paid: the copy says what was paid, with its receipt, and what is
 * left; the original still says what it said at issue. */
static void
test_half_paid (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = issued_invoice (f->store);
  g_autoptr(GBytes) original = archived (f->store, id);
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GBytes) original_after = NULL;
  g_autoptr(CareRecord) payment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy_text = NULL;
  g_autofree char *original_text = NULL;

  payment = care_billing_record_payment (f->store, id, 6000, "cash", NULL, &error);
  g_assert_no_error (error);

  copy = current_copy (f->store, id, "invoice-half-paid-copy.pdf");
  copy_text = care_test_pdf_text (copy, NULL);
  g_assert_cmpint (care_test_find_amount (copy_text, "Total"), ==, 12000);
  g_assert_cmpint (care_test_find_amount (copy_text, "Paid"), ==, 6000);
  g_assert_cmpint (care_test_find_amount (copy_text, "Balance due"), ==, 6000);
  g_assert_true (care_test_pdf_find (copy, "Payments received"));
  g_assert_true (care_test_pdf_find (copy, care_record_get (payment, "receipt_number")));
  g_assert_true (care_test_pdf_find (copy, "Current copy printed on"));

  /* The original: byte for byte what was archived, "Paid £0.00". */
  original_after = archived (f->store, id);
  g_assert_true (g_bytes_equal (original, original_after));
  original_text = care_test_pdf_text (original_after, NULL);
  g_assert_cmpint (care_test_find_amount (original_text, "Paid"), ==, 0);
  g_assert_cmpint (care_test_find_amount (original_text, "Balance due"), ==, 12000);
  g_assert_false (care_test_pdf_find (original_after, "Current copy printed on"));
}

/* Voided: the copy carries the VOID stamp and the reason, owes nothing;
 * the original is unchanged and unstamped. */
static void
test_void (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *id = issued_invoice (f->store);
  g_autoptr(GBytes) original = archived (f->store, id);
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(GBytes) original_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy_text = NULL;

  g_assert_true (care_billing_void (f->store, id, "Billed to the wrong patient", &error));
  g_assert_no_error (error);

  copy = current_copy (f->store, id, "invoice-void-copy.pdf");
  copy_text = care_test_pdf_text (copy, NULL);
  /* The watermark runs at an angle: extraction splits it, search finds it. */
  g_assert_true (care_test_pdf_find (copy, "VOID"));
  g_assert_true (care_test_pdf_find (copy, "This invoice is void."));
  g_assert_true (care_test_pdf_find (copy, "Billed to the wrong patient"));
  g_assert_cmpint (care_test_find_amount (copy_text, "Balance due"), ==, 0);

  original_after = archived (f->store, id);
  g_assert_true (g_bytes_equal (original, original_after));
  g_assert_false (care_test_pdf_find (original_after, "VOID"));
}

/* A draft is no copy of anything: it says DRAFT, not "Current copy". */
static void
test_draft_is_no_copy (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = care_test_add_patient (f->store, "Kwame", "Mensah");
  g_autoptr(CareRecord) invoice = care_billing_create_invoice (f->store, care_record_get_id (patient), NULL, &error);
  g_autoptr(GBytes) copy = NULL;

  g_assert_no_error (error);
  copy = current_copy (f->store, care_record_get_id (invoice), "invoice-draft-copy.pdf");
  g_assert_true (care_test_pdf_find (copy, "DRAFT"));
  g_assert_false (care_test_pdf_find (copy, "Current copy printed on"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/invoice-copy/half-paid", Fixture, NULL, care_test_store_set_up, test_half_paid, care_test_store_tear_down);
  g_test_add ("/invoice-copy/void", Fixture, NULL, care_test_store_set_up, test_void, care_test_store_tear_down);
  g_test_add ("/invoice-copy/draft-is-no-copy", Fixture, NULL, care_test_store_set_up, test_draft_is_no_copy, care_test_store_tear_down);

  return g_test_run ();
}
