/* test-receipts.c: receipts and statements read back with Poppler; the
 * numbers of records, invoices and receipts never look alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-store-sql.h"
#include "care-test-print.h"
#include "care-test-pdf-tags.h"
#include "care-statement-document.h"

typedef CareTestStoreFixture Fixture;

/* Noon (UTC) of a day of 2026: issuing and paying are dated by the clock. */
static void
set_day (int month,
         int day)
{
  g_autoptr(GDateTime) noon = g_date_time_new_utc (2026, month, day, 12, 0, 0);

  care_clock_freeze (g_date_time_to_unix (noon) * G_USEC_PER_SEC);
}

static CareRecord *
issue (CareStore  *store,
       CareRecord *patient,
       gint64      amount)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) invoice = care_billing_create_invoice (store, care_record_get_id (patient), NULL, &error);

  g_assert_no_error (error);
  care_test_add_item (store, care_record_get_id (invoice), "consultation", "Consultation", 1, amount, 0, "0");
  care_invoice_document_issue (store, care_record_get_id (invoice), &error);
  g_assert_no_error (error);
  return care_store_get (store, care_schema_lookup ("invoice"), care_record_get_id (invoice), NULL);
}

static CareRecord *
pay (CareStore  *store,
     CareRecord *invoice,
     gint64      amount,
     const char *method)
{
  g_autoptr(GError) error = NULL;
  CareRecord *payment = care_billing_record_payment (store, care_record_get_id (invoice), amount, method, NULL, &error);

  g_assert_no_error (error);
  return payment;
}

/* text without word joiners (U+2060), in place. */
static const char *
plain (char *text)
{
  char *out = text;

  for (const char *in = text; *in; )
    if (g_str_has_prefix (in, "\u2060"))
      in += strlen ("\u2060");
    else
      *out++ = *in++;
  *out = '\0';
  return text;
}

static gboolean
matches (const char *pattern,
         const char *text)
{
  return g_regex_match_simple (pattern, text, 0, 0);
}

/* A record number, an invoice number and a receipt number made on one
 * workstation: each has its own form. */
static void
test_number_kinds (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CareRecord) patient = care_test_add_patient (f->store, "Ana", "Ruiz");
  g_autoptr(CareRecord) invoice = (set_day (3, 2), issue (f->store, patient, 5000));
  g_autoptr(CareRecord) payment = pay (f->store, invoice, 5000, "cash");
  g_autoptr(CareRecord) draft = care_billing_create_invoice (f->store, care_record_get_id (patient), NULL, NULL);
  const char *code = care_store_get_device_code (f->store);
  g_autofree char *mrn_re = g_strdup_printf ("^%s-[0-9]{6}$", code);
  g_autofree char *invoice_re = g_strdup_printf ("^INV-%s-[0-9]{6}$", code);
  g_autofree char *receipt_re = g_strdup_printf ("^RCP-%s-[0-9]{6}$", code);
  g_autofree char *label = care_billing_dup_label (draft);
  g_autofree char *explained = care_billing_describe_issue (f->store, draft);
  g_autofree char *draft_label = care_numbers_draft_label (care_record_get_id (draft));
  g_autofree char *pending = care_numbers_pending ("invoice", code);

  care_clock_reset ();
  g_assert_true (matches (mrn_re, care_record_get (patient, "mrn")));
  g_assert_true (matches (invoice_re, care_record_get (invoice, "number")));
  g_assert_true (matches (receipt_re, care_record_get (payment, "receipt_number")));
  /* Each kind counts from 1 on its own: the tails are alike, the numbers not. */
  g_assert_true (g_str_has_suffix (care_record_get (invoice, "number"), "-000001"));
  g_assert_true (g_str_has_suffix (care_record_get (payment, "receipt_number"), "-000001"));

  /* A draft has a label, not a number, and the Issue dialog says both. */
  g_assert_true (matches ("^D-[0-9A-F]{6}$", draft_label));
  g_assert_true (g_str_has_prefix (label, "Draft D-"));
  g_assert_true (g_str_has_suffix (label, draft_label));
  /* Word joiners keep each on one line; read without them. */
  g_assert_nonnull (strstr (plain (explained), draft_label));
  g_assert_nonnull (strstr (plain (explained), pending));
  g_assert_true (g_str_has_prefix (pending, "INV-"));
  g_assert_false (matches (mrn_re, draft_label));
  /* From the random end of the id: two drafts made together differ. */
  {
    g_autoptr(CareRecord) other = care_billing_create_invoice (f->store, care_record_get_id (patient), NULL, NULL);
    g_autofree char *other_label = care_numbers_draft_label (care_record_get_id (other));
    g_autofree char *fixed = care_numbers_draft_label ("0192f5e4-1c2a-7b3d-9e4f-0123456789ab");

    g_assert_cmpstr (other_label, !=, draft_label);
    g_assert_cmpstr (fixed, ==, "D-6789AB");
  }

  /* The pure rules. */
  {
    g_autofree char *mrn = care_numbers_format ("mrn", "AB12", 7);
    g_autofree char *inv = care_numbers_format ("invoice", "AB12", 7);
    g_autofree char *rcp = care_numbers_format ("receipt", "S", 1234567);

    g_assert_cmpstr (mrn, ==, "AB12-000007");
    g_assert_cmpstr (inv, ==, "INV-AB12-000007");
    g_assert_cmpstr (rcp, ==, "RCP-S-1234567");
  }
  g_assert_cmpstr (care_numbers_search_prefix ("invoice", "ab12-0"), ==, "INV-");
  g_assert_null (care_numbers_search_prefix ("invoice", " inv-ab12"));
  g_assert_null (care_numbers_search_prefix ("mrn", "AB12"));
}

/* A number given before the prefixes stays as it is and is found; a new
 * one is found with or without its prefix. */
static void
test_old_numbers_found (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CareRecord) patient = care_test_add_patient (f->store, "Ana", "Ruiz");
  g_autoptr(CareRecord) old = issue (f->store, patient, 1000);
  g_autoptr(CareRecord) fresh = issue (f->store, patient, 2000);
  g_autofree char *sql = g_strdup_printf ("UPDATE invoices SET number = 'OLD1-000007' WHERE id = '%s'",
                                          care_record_get_id (old));
  g_autofree char *bare = g_strdup (care_record_get (fresh, "number") + strlen ("INV-"));
  g_autoptr(GError) error = NULL;
  CareInvoiceFilter by_old = { .search = "old1-000007" };
  CareInvoiceFilter by_bare = { .search = bare };
  CareInvoiceFilter by_full = { .search = care_record_get (fresh, "number") };
  CareInvoiceFilter by_other = { .search = "INV-OLD1" };
  g_autoptr(GPtrArray) found = NULL;

  /* As an earlier version numbered it. */
  g_assert_true (care_store_exec (f->store, sql, &error));
  g_assert_no_error (error);

  found = care_billing_list_invoices (f->store, &by_old, 0, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (care_record_get (g_ptr_array_index (found, 0), "number"), ==, "OLD1-000007");
  g_clear_pointer (&found, g_ptr_array_unref);

  found = care_billing_list_invoices (f->store, &by_bare, 0, 0, NULL, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (care_record_get_id (g_ptr_array_index (found, 0)), ==, care_record_get_id (fresh));
  g_assert_cmpint (care_billing_count_invoices (f->store, &by_bare), ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = care_billing_list_invoices (f->store, &by_full, 0, 0, NULL, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* The prefix is not added twice, nor to an old number. */
  g_assert_cmpint (care_billing_count_invoices (f->store, &by_other), ==, 0);
}

/* Two payments of one invoice: each receipt says what it took and what is
 * left after it. */
static void
test_receipt (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CareRecord) patient = care_test_add_patient (f->store, "María", "López García");
  g_autoptr(CareRecord) invoice = (set_day (5, 4), issue (f->store, patient, 12000));
  g_autoptr(CareRecord) first = pay (f->store, invoice, 5000, "cash");
  g_autoptr(CareRecord) second = (set_day (5, 9), pay (f->store, invoice, 7000, "card"));
  g_autoptr(GBytes) pdf_first = NULL;
  g_autoptr(GBytes) pdf_second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_second = NULL;
  g_autofree char *title = g_strdup_printf ("Payment Receipt %s", care_record_get (first, "receipt_number"));
  /* Not the MRN: H0M2-000001 is the tail of the receipt RCP-H0M2-000001,
   * which the title names. */
  const char *const personal[] = { "María", "López", "García", NULL };

  care_clock_reset ();
  pdf_first = care_receipt_document_render (f->store, care_record_get_id (first), &error);
  g_assert_no_error (error);
  care_test_keep_pdf (pdf_first, "receipt-first.pdf");
  text = care_test_pdf_text (pdf_first, NULL);
  g_assert_true (care_test_pdf_find (pdf_first, care_record_get (first, "receipt_number")));
  g_assert_true (care_test_pdf_find (pdf_first, care_record_get (invoice, "number")));
  g_assert_true (care_test_pdf_find (pdf_first, "4 May 2026"));
  g_assert_true (care_test_pdf_find (pdf_first, "Cash"));
  g_assert_true (care_test_text_has_name (text, "María"));
  g_assert_cmpint (care_test_find_amount (text, "Invoice total"), ==, 12000);
  g_assert_cmpint (care_test_find_amount (text, "Paid before"), ==, 0);
  g_assert_cmpint (care_test_find_amount (text, "This payment"), ==, 5000);
  g_assert_cmpint (care_test_find_amount (text, "Left to pay"), ==, 7000);
  g_assert_false (care_test_pdf_find (pdf_first, "paid in full"));
  care_test_assert_tagged (pdf_first, "Payment Receipt");
  care_test_assert_pdf_metadata (pdf_first, title, "Riverside Family Clinic", personal);

  pdf_second = care_receipt_document_render (f->store, care_record_get_id (second), &error);
  g_assert_no_error (error);
  care_test_keep_pdf (pdf_second, "receipt-second.pdf");
  text_second = care_test_pdf_text (pdf_second, NULL);
  g_assert_true (care_test_pdf_find (pdf_second, "Card"));
  g_assert_true (care_test_pdf_find (pdf_second, "9 May 2026"));
  g_assert_cmpint (care_test_find_amount (text_second, "Paid before"), ==, 5000);
  g_assert_cmpint (care_test_find_amount (text_second, "This payment"), ==, 7000);
  g_assert_cmpint (care_test_find_amount (text_second, "Left to pay"), ==, 0);
  g_assert_true (care_test_pdf_find (pdf_second, "paid in full"));

  /* An unknown payment is refused, not drawn. */
  g_assert_null (care_receipt_document_render (f->store, "0192f5e4-0000-7000-8000-000000000000", &error));
  g_assert_nonnull (error);
}

/* January: A (100.00), 30.00 paid. In the period (February to June): B
 * (120.00), C (50.00, voided), 40.00 paid on A. July: 10.00 paid on B,
 * after the period. */
static void
test_statement (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CareRecord) patient = care_test_add_patient (f->store, "María", "López García");
  g_autoptr(CareRecord) a = (set_day (1, 10), issue (f->store, patient, 10000));
  g_autoptr(CareRecord) pay_a1 = pay (f->store, a, 3000, "cash");
  g_autoptr(CareRecord) b = (set_day (3, 5), issue (f->store, patient, 12000));
  g_autoptr(CareRecord) c = issue (f->store, patient, 5000);
  g_autoptr(CareRecord) pay_a2 = (set_day (4, 20), pay (f->store, a, 4000, "transfer"));
  g_autoptr(CareRecord) pay_b = (set_day (7, 1), pay (f->store, b, 1000, "card"));
  g_autoptr(CareStatement) st = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *const personal[] = { "María", "López", "García", care_record_get (patient, "mrn"), NULL };

  g_assert_true (care_billing_void (f->store, care_record_get_id (c), "Duplicate of another invoice", &error));
  g_assert_no_error (error);
  care_clock_reset ();

  st = care_statement_gather (f->store, care_record_get_id (patient), "2026-02-01", "2026-06-30", &error);
  g_assert_no_error (error);
  g_assert_cmpint (st->opening, ==, 7000);
  g_assert_cmpint (st->charges, ==, 12000);
  g_assert_cmpint (st->credits, ==, 4000);
  g_assert_cmpint (st->closing, ==, 15000);
  g_assert_cmpuint (st->entries->len, ==, 3);
  g_assert_cmpuint (st->open_invoices->len, ==, 2);

  pdf = care_statement_document_draw (st, &error);
  g_assert_no_error (error);
  care_test_keep_pdf (pdf, "statement.pdf");
  text = care_test_pdf_text (pdf, NULL);
  g_assert_cmpint (care_test_find_amount (text, "Balance brought forward"), ==, 7000);
  g_assert_cmpint (care_test_find_amount (text, "Invoiced in period"), ==, 12000);
  g_assert_cmpint (care_test_find_amount (text, "Paid in period"), ==, -4000);
  g_assert_cmpint (care_test_find_amount (text, "Balance due"), ==, 15000);
  g_assert_true (care_test_pdf_find (pdf, care_record_get (b, "number")));
  g_assert_true (care_test_pdf_find (pdf, care_record_get (pay_a2, "receipt_number")));
  /* The void invoice is there, marked, and charged nothing. */
  g_assert_true (care_test_pdf_find (pdf, care_record_get (c, "number")));
  g_assert_true (care_test_pdf_find (pdf, "VOID, not charged"));
  g_assert_true (care_test_pdf_find (pdf, "Duplicate of another invoice"));
  /* Outside the period: January's invoice and payment, July's payment. */
  g_assert_false (care_test_pdf_find (pdf, care_record_get (pay_a1, "receipt_number")));
  g_assert_false (care_test_pdf_find (pdf, care_record_get (pay_b, "receipt_number")));
  g_assert_true (care_test_pdf_find (pdf, "Invoices still to pay"));
  g_assert_true (care_test_pdf_find (pdf, care_record_get (a, "number")));
  care_test_assert_tagged (pdf, "Statement");
  care_test_assert_pdf_metadata (pdf, "Statement", "Riverside Family Clinic", personal);

  /* A period that is not one is refused with its field named. */
  g_clear_pointer (&st, care_statement_free);
  st = care_statement_gather (f->store, care_record_get_id (patient), "2026-06-30", "2026-02-01", &error);
  g_assert_null (st);
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_INVALID);
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "to");
  g_clear_error (&error);
  g_assert_false (care_statement_check_period ("2026-02-30", "2026-03-01", &error));
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "from");
}

/* Drawn in a worker: the main loop turns before the PDF is there. */
static void
on_statement_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = care_statement_document_finish (result, &error);
  g_assert_no_error (error);
}

static void
on_refused_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = care_statement_document_finish (result, &error);

  g_assert_null (pdf);
  g_assert_nonnull (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
count_tick_cb (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static void
test_statement_async (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CareRecord) patient = care_test_add_patient (f->store, "Ana", "Ruiz");
  g_autoptr(CareRecord) a = (set_day (2, 3), issue (f->store, patient, 10000));
  g_autoptr(CareRecord) b = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *pdf = NULL;
  gboolean refused = FALSE;
  guint ticks = 0;
  guint tick = g_idle_add (count_tick_cb, &ticks);

  care_clock_reset ();
  care_statement_document_async (f->store, care_record_get_id (patient), "2026-01-01", "2026-12-31",
                                 NULL, on_statement_cb, &pdf);
  g_assert_null (pdf);
  while (pdf == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  g_assert_cmpuint (ticks, >, 0);
  g_assert_true (care_test_pdf_find (pdf, care_record_get (a, "number")));
  g_assert_true (care_test_pdf_find (pdf, "£100.00"));
  g_clear_pointer (&pdf, g_bytes_unref);

  /* Read in the worker on a connection of its own: an invoice the
   * window's connection has not committed is not on the statement. */
  care_store_begin (f->store, &error);
  g_assert_no_error (error);
  b = issue (f->store, patient, 5000);
  care_statement_document_async (f->store, care_record_get_id (patient), "2026-01-01", "2026-12-31",
                                 NULL, on_statement_cb, &pdf);
  while (pdf == NULL)
    g_main_context_iteration (NULL, TRUE);
  care_store_rollback (f->store);
  g_assert_true (care_test_pdf_find (pdf, care_record_get (a, "number")));
  g_assert_false (care_test_pdf_find (pdf, care_record_get (b, "number")));
  g_clear_pointer (&pdf, g_bytes_unref);

  /* A refusal comes back through the callback too, after the call returns:
   * a bad period before any work in a thread, a missing payment. */
  care_statement_document_async (f->store, care_record_get_id (patient), "2026-12-31", "2026-01-01",
                                 NULL, on_refused_cb, &refused);
  g_assert_false (refused);
  while (!refused)
    g_main_context_iteration (NULL, TRUE);
  refused = FALSE;
  care_receipt_document_async (f->store, "0192f5e4-0000-7000-8000-000000000000", NULL, on_refused_cb, &refused);
  g_assert_false (refused);
  while (!refused)
    g_main_context_iteration (NULL, TRUE);
}

/* A payment's long reference, wrapped in the receipt's Reference cell, and
 * a statement line wrapped in its Description cell are each whole in
 * their cell's element (every line, not only the first); the columns'
 * titles are header cells; the metadata holds no part of the name. */
static void
test_wrapped_tags (Fixture       *f,
                   gconstpointer  data)
{
  /* At most 60 characters, as the field allows. */
  const char *reference = "Standing order RFC-2026-0504-77812, instalment two of four";
  const char *const personal[] = { "Bartholomew", "Featherstonehaugh", NULL };
  g_autoptr(CareRecord) patient = care_test_add_patient (f->store, "Bartholomew", "Featherstonehaugh");
  g_autoptr(CareRecord) invoice = (set_day (5, 4), issue (f->store, patient, 12000));
  g_autoptr(CareRecord) payment = NULL;
  g_autoptr(CareStatement) st = NULL;
  g_autoptr(GBytes) receipt = NULL;
  g_autoptr(GBytes) statement = NULL;
  g_autoptr(GPtrArray) elements = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  payment = care_billing_record_payment (f->store, care_record_get_id (invoice), 5000, "transfer", reference, &error);
  g_assert_no_error (error);
  care_clock_reset ();

  receipt = care_receipt_document_render (f->store, care_record_get_id (payment), &error);
  g_assert_no_error (error);
  care_test_keep_pdf (receipt, "receipt-wrapped-tags.pdf");
  care_test_assert_wrapped_element (receipt, "table-data", reference);
  elements = care_test_pdf_elements (receipt);
  g_assert_true (care_test_pdf_has_element (elements, "table-heading", "Method", TRUE));
  g_assert_true (care_test_pdf_has_element (elements, "table-heading", "Reference", TRUE));
  g_assert_true (care_test_pdf_has_element (elements, "table-heading", "Amount", TRUE));
  g_assert_false (care_test_pdf_has_element (elements, "table-data", "Reference", TRUE));
  care_test_assert_pdf_metadata (receipt, "Payment Receipt RCP-", "Riverside Family Clinic", personal);

  st = care_statement_gather (f->store, care_record_get_id (patient), "2026-05-01", "2026-05-31", &error);
  g_assert_no_error (error);
  statement = care_statement_document_draw (st, &error);
  g_assert_no_error (error);
  care_test_keep_pdf (statement, "statement-wrapped-tags.pdf");
  line = g_strdup_printf ("Payment (Bank transfer), invoice %s", care_record_get (invoice, "number"));
  care_test_assert_wrapped_element (statement, "table-data", line);
  g_clear_pointer (&elements, g_ptr_array_unref);
  elements = care_test_pdf_elements (statement);
  g_assert_true (care_test_pdf_has_element (elements, "table-heading", "Description", TRUE));
  g_assert_true (care_test_pdf_has_element (elements, "table-heading", "Balance", TRUE));
  care_test_assert_pdf_metadata (statement, "Statement", "Riverside Family Clinic", personal);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, care_test_store_set_up, fn, care_test_store_tear_down)
  ADD ("/numbers/kinds", test_number_kinds);
  ADD ("/numbers/old-numbers-found", test_old_numbers_found);
  ADD ("/receipts/receipt", test_receipt);
  ADD ("/receipts/statement", test_statement);
  ADD ("/receipts/statement-async", test_statement_async);
  ADD ("/receipts/wrapped-tags", test_wrapped_tags);
#undef ADD
  return g_test_run ();
}
