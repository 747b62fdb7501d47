/* test-billing.c: invoice arithmetic and the rules that refuse bad invoices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-print.h"

typedef struct {
  char      *dir;
  CareStore *store;
  CareRecord *patient;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 0);
  f->patient = care_test_add_patient (f->store, "María", "López García");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->patient, care_record_unref);
  g_clear_object (&f->store);
  care_test_rmdir (f->dir);
  g_free (f->dir);
}

static CareRecord *
reload (CareStore  *store,
        CareRecord *invoice)
{
  g_autoptr(GError) error = NULL;
  CareRecord *fresh = care_store_get (store, care_schema_lookup ("invoice"), care_record_get_id (invoice), &error);

  g_assert_no_error (error);
  return fresh;
}

/* --- arithmetic ---------------------------------------------------------- */

static void
test_rates (void)
{
  gint64 r;

  g_assert_true (care_billing_parse_rate ("20", &r));
  g_assert_cmpint (r, ==, 200000);
  g_assert_true (care_billing_parse_rate ("7.5", &r));
  g_assert_cmpint (r, ==, 75000);
  g_assert_true (care_billing_parse_rate("0.125", &r));
  g_assert_cmpint (r, ==, 1250);
  g_assert_true (care_billing_parse_rate ("5,5", &r));
  g_assert_cmpint (r, ==, 55000);
  g_assert_true (care_billing_parse_rate ("12.34565", &r));   /* fifth decimal rounds half up */
  g_assert_cmpint (r, ==, 123457);
  g_assert_true (care_billing_parse_rate (NULL, &r));
  g_assert_cmpint (r, ==, 0);
  g_assert_true (care_billing_parse_rate ("100", &r));
  g_assert_false (care_billing_parse_rate ("100.5", &r));
  g_assert_false (care_billing_parse_rate ("-1", &r));
  g_assert_false (care_billing_parse_rate ("abc", &r));
}

static void
test_line_tax_rounding (void)
{
  /* round half up of net × rate / 100 */
  g_assert_cmpint (care_billing_line_tax (10, 50000), ==, 1);        /* 0.5 → 1 */
  g_assert_cmpint (care_billing_line_tax (30, 75000), ==, 2);        /* 2.25 → 2 */
  g_assert_cmpint (care_billing_line_tax (899, 75000), ==, 67);      /* 67.425 → 67 */
  g_assert_cmpint (care_billing_line_tax (999, 55000), ==, 55);      /* 54.945 → 55 */
  g_assert_cmpint (care_billing_line_tax (2500, 200000), ==, 500);
  g_assert_cmpint (care_billing_line_tax (0, 200000), ==, 0);
  g_assert_cmpint (care_billing_line_tax (12345, 0), ==, 0);

  /* Exact at the largest amounts the schema allows (no overflow, no
   * floating point): compare with 128-bit arithmetic. */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (42);

    for (guint i = 0; i < 100000; i++)
      {
        gint64 net = (gint64) (g_rand_double (rand) * 1e14);
        gint64 rate = g_rand_int_range (rand, 0, 1000001);
        __int128 exact = ((__int128) net * rate + 500000) / 1000000;

        g_assert_cmpint (care_billing_line_tax (net, rate), ==, (gint64) exact);
      }
  }
}

static void
test_totals_several_rates (void)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  CareInvoiceTotals t;

  g_ptr_array_add (items, care_billing_item_new ("consultation", "Consultation", 2, 1250, 0, "20"));
  g_ptr_array_add (items, care_billing_item_new ("medicine", "Amoxicillin", 1, 999, 100, "7.5"));
  g_ptr_array_add (items, care_billing_item_new ("lab_test", "Full blood count", 3, 333, 0, "5.5"));
  g_ptr_array_add (items, care_billing_item_new ("other", "Certificate", 1, 1000, 1000, "20"));
  g_ptr_array_add (items, care_billing_item_new ("bed_day", "Bed", 4, 8000, 0, "0"));
  care_billing_compute_totals (items, &t);

  g_assert_cmpint (t.subtotal, ==, 2500 + 999 + 999 + 1000 + 32000);
  g_assert_cmpint (t.discount_total, ==, 1100);
  g_assert_cmpint (t.tax_total, ==, 500 + 67 + 55 + 0 + 0);
  g_assert_cmpint (t.total, ==, t.subtotal - t.discount_total + t.tax_total);
  g_assert_cmpint (care_record_get_int (g_ptr_array_index (items, 1), "line_total", -1), ==, 899);
  g_assert_cmpint (care_record_get_int (g_ptr_array_index (items, 3), "line_total", -1), ==, 0);
}

static void
test_money_text (void)
{
  gint64 a;
  g_autofree char *gbp = care_billing_format_money (123450, "GBP");
  g_autofree char *neg = care_billing_format_money (-300, "EUR");
  g_autofree char *chf = care_billing_format_money (999995, "CHF");
  g_autofree char *jpy = care_billing_format_money (1500, "JPY");
  g_autofree char *kwd = care_billing_format_money (1234, "KWD");
  g_autofree char *big = care_billing_format_amount (G_GINT64_CONSTANT (100000000000000), "USD");

  g_assert_cmpstr (gbp, ==, "£1,234.50");
  g_assert_cmpstr (neg, ==, "-€3.00");
  g_assert_cmpstr (chf, ==, "CHF 9,999.95");
  g_assert_cmpstr (jpy, ==, "¥1,500");
  g_assert_cmpstr (kwd, ==, "KWD 1.234");
  g_assert_cmpstr (big, ==, "1,000,000,000,000.00");

  g_assert_true (care_billing_parse_money ("12.5", "GBP", &a));
  g_assert_cmpint (a, ==, 1250);
  g_assert_true (care_billing_parse_money ("£1,234.50", "GBP", &a));
  g_assert_cmpint (a, ==, 123450);
  g_assert_true (care_billing_parse_money ("1.234,50", "EUR", &a));
  g_assert_cmpint (a, ==, 123450);
  g_assert_true (care_billing_parse_money ("12,50", "EUR", &a));
  g_assert_cmpint (a, ==, 1250);
  g_assert_true (care_billing_parse_money ("1,234", "USD", &a));
  g_assert_cmpint (a, ==, 123400);
  g_assert_true (care_billing_parse_money (" 7 ", "GBP", &a));
  g_assert_cmpint (a, ==, 700);
  g_assert_true (care_billing_parse_money ("1500", "JPY", &a));
  g_assert_cmpint (a, ==, 1500);
  g_assert_true (care_billing_parse_money ("1.234", "EUR", &a));   /* three digits after: grouping */
  g_assert_cmpint (a, ==, 123400);
  g_assert_false (care_billing_parse_money ("1.5.", "GBP", &a));
  g_assert_false (care_billing_parse_money ("abc", "GBP", &a));
  g_assert_false (care_billing_parse_money ("", "GBP", &a));
}

/* --- invoices in a store ------------------------------------------------------ */

static void
test_draft_totals_in_store (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) invoice = care_billing_create_invoice (f->store, care_record_get_id (f->patient), NULL, &error);
  g_autoptr(CareRecord) fresh = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (invoice, "status"), ==, "draft");
  g_assert_cmpstr (care_record_get (invoice, "currency"), ==, "GBP");
  g_assert_null (care_record_get (invoice, "number"));

  care_test_add_item (f->store, care_record_get_id (invoice), "consultation", "Consultation", 2, 1250, 0, "20");
  care_test_add_item (f->store, care_record_get_id (invoice), "medicine", "Amoxicillin 500 mg", 1, 999, 100, "7.5");
  /* No rate given: the clinic's default (the demo clinic's is 0). */
  care_test_add_item (f->store, care_record_get_id (invoice), "lab_test", "Full blood count", 3, 333, 0, NULL);

  fresh = reload (f->store, invoice);
  g_assert_cmpint (care_record_get_int (fresh, "subtotal", -1), ==, 2500 + 999 + 999);
  g_assert_cmpint (care_record_get_int (fresh, "discount_total", -1), ==, 100);
  g_assert_cmpint (care_record_get_int (fresh, "tax_total", -1), ==, 500 + 67);
  g_assert_cmpint (care_record_get_int (fresh, "total", -1), ==, 2500 + 899 + 999 + 567);
  g_assert_cmpint (care_billing_balance_due (fresh), ==, 2500 + 899 + 999 + 567);

  items = care_billing_list_items (f->store, care_record_get_id (invoice), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpstr (care_record_get (g_ptr_array_index (items, 2), "tax_rate"), ==, "0");
  g_assert_cmpint (care_record_get_int (g_ptr_array_index (items, 0), "position", -1), ==, 0);
  g_assert_cmpint (care_record_get_int (g_ptr_array_index (items, 2), "position", -1), ==, 2);

  /* Update and remove recompute the totals. */
  care_record_set_int (g_ptr_array_index (items, 0), "quantity", 1);
  care_billing_update_item (f->store, g_ptr_array_index (items, 0), &error);
  g_assert_no_error (error);
  care_billing_remove_item (f->store, care_record_get_id (g_ptr_array_index (items, 2)), &error);
  g_assert_no_error (error);
  g_clear_pointer (&fresh, care_record_unref);
  fresh = reload (f->store, invoice);
  g_assert_cmpint (care_record_get_int (fresh, "subtotal", -1), ==, 1250 + 999);
  g_assert_cmpint (care_record_get_int (fresh, "tax_total", -1), ==, 250 + 67);
  g_assert_cmpint (care_record_get_int (fresh, "total", -1), ==, 1250 + 899 + 317);
}

static void
test_negative_quantity_refused (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) invoice = care_billing_create_invoice (f->store, care_record_get_id (f->patient), NULL, &error);
  g_autoptr(CareRecord) item = care_billing_item_new ("medicine", "Paracetamol", -2, 300, 0, "0");
  g_autoptr(CareRecord) zero = care_billing_item_new ("medicine", "Paracetamol", 0, 300, 0, "0");
  g_autoptr(CareRecord) price = care_billing_item_new ("medicine", "Paracetamol", 1, -300, 0, "0");
  g_autoptr(CareRecord) rate = care_billing_item_new ("medicine", "Paracetamol", 1, 300, 0, "120");
  CareTestSnapshot before;

  g_assert_no_error (error);
  care_test_snapshot (f->store, &before);

  g_assert_false (care_billing_add_item (f->store, care_record_get_id (invoice), item, &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Quantity: The quantity must be at least 1.");
  g_clear_error (&error);
  g_assert_false (care_billing_add_item (f->store, care_record_get_id (invoice), zero, &error));
  g_assert_true (g_str_has_prefix (error->message, "Quantity:"));
  g_clear_error (&error);
  g_assert_false (care_billing_add_item (f->store, care_record_get_id (invoice), price, &error));
  g_assert_cmpstr (error->message, ==, "Unit price: The price cannot be negative.");
  g_clear_error (&error);
  g_assert_false (care_billing_add_item (f->store, care_record_get_id (invoice), rate, &error));
  g_assert_true (g_str_has_prefix (error->message, "Tax rate (%):"));
  g_clear_error (&error);

  care_test_assert_unchanged (f->store, &before);
}

static void
test_discount_above_line_refused (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) invoice = care_billing_create_invoice (f->store, care_record_get_id (f->patient), NULL, &error);
  g_autoptr(CareRecord) item = care_billing_item_new ("procedure", "Dressing", 2, 1500, 3001, "0");
  g_autoptr(GPtrArray) items = NULL;
  CareTestSnapshot before;

  g_assert_no_error (error);
  care_test_snapshot (f->store, &before);
  g_assert_false (care_billing_add_item (f->store, care_record_get_id (invoice), item, &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Discount: The discount cannot be more than the line amount (£30.00).");
  g_clear_error (&error);
  care_test_assert_unchanged (f->store, &before);

  /* Nor by an update of a stored line. */
  care_test_add_item (f->store, care_record_get_id (invoice), "procedure", "Dressing", 2, 1500, 3000, "0");
  items = care_billing_list_items (f->store, care_record_get_id (invoice), &error);
  care_test_snapshot (f->store, &before);
  care_record_set_int (g_ptr_array_index (items, 0), "quantity", 1);
  g_assert_false (care_billing_update_item (f->store, g_ptr_array_index (items, 0), &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Discount:"));
  care_test_assert_unchanged (f->store, &before);
}

static CareRecord *
issued_invoice (Fixture *f,
                gint64   amount)
{
  g_autoptr(GError) error = NULL;
  CareRecord *invoice = care_billing_create_invoice (f->store, care_record_get_id (f->patient), NULL, &error);

  g_assert_no_error (error);
  care_test_add_item (f->store, care_record_get_id (invoice), "consultation", "Consultation", 1, amount, 0, "0");
  care_billing_issue (f->store, care_record_get_id (invoice), NULL, NULL, &error);
  g_assert_no_error (error);
  return invoice;
}

static void
test_issue (Fixture       *f,
            gconstpointer  data)
{
  /* A second before the local midnight that ends the year: the invoice is
   * dated by core's clock, on the clinic's day, whatever the hour. */
  g_autoptr(GDateTime) eve = g_date_time_new_local (2026, 12, 31, 23, 59, 59);
  g_autoptr(CareRecord) invoice = (care_clock_freeze (g_date_time_to_unix (eve) * G_USEC_PER_SEC),
                                   issued_invoice (f, 4000));
  g_autoptr(CareRecord) fresh = reload (f->store, invoice);
  g_autofree char *prefix = g_strdup_printf ("INV-%s-", care_store_get_device_code (f->store));
  g_autoptr(GError) error = NULL;

  care_clock_reset ();
  g_assert_cmpstr (care_record_get (fresh, "status"), ==, "issued");
  g_assert_true (g_str_has_prefix (care_record_get (fresh, "number"), prefix));
  g_assert_cmpstr (care_record_get (fresh, "issued_on"), ==, "2026-12-31");
  g_assert_cmpint (care_record_get_int (fresh, "total", 0), ==, 4000);

  /* Issuing twice is refused. */
  g_assert_false (care_billing_issue (f->store, care_record_get_id (invoice), NULL, NULL, &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_STATUS);
}

static void
test_empty_invoice_not_issued (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) invoice = care_billing_create_invoice (f->store, care_record_get_id (f->patient), NULL, &error);
  g_autoptr(CareRecord) fresh = NULL;
  CareTestSnapshot before;

  g_assert_no_error (error);
  care_test_snapshot (f->store, &before);
  g_assert_false (care_billing_issue (f->store, care_record_get_id (invoice), NULL, NULL, &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_EMPTY);
  g_assert_cmpstr (error->message, ==, "An invoice without lines cannot be issued. Add at least one line first.");
  care_test_assert_unchanged (f->store, &before);
  fresh = reload (f->store, invoice);
  g_assert_cmpstr (care_record_get (fresh, "status"), ==, "draft");
  g_assert_null (care_record_get (fresh, "number"));
}

static void
test_issued_invoice_not_edited (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(CareRecord) invoice = issued_invoice (f, 2500);
  g_autoptr(CareRecord) extra = care_billing_item_new ("other", "Late fee", 1, 500, 0, "0");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) fresh = reload (f->store, invoice);
  g_autofree char *expected = g_strdup_printf ("Invoice %s has been issued and can no longer be changed. "
                                               "Void it and issue a corrected invoice instead.",
                                               care_record_get (fresh, "number"));
  CareTestSnapshot before;

  items = care_billing_list_items (f->store, care_record_get_id (invoice), &error);
  g_assert_no_error (error);
  care_test_snapshot (f->store, &before);

  g_assert_false (care_billing_add_item (f->store, care_record_get_id (invoice), extra, &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_NOT_DRAFT);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  care_record_set_int (g_ptr_array_index (items, 0), "unit_price", 1);
  g_assert_false (care_billing_update_item (f->store, g_ptr_array_index (items, 0), &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_NOT_DRAFT);
  g_clear_error (&error);

  g_assert_false (care_billing_remove_item (f->store, care_record_get_id (g_ptr_array_index (items, 0)), &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_NOT_DRAFT);
  g_clear_error (&error);

  g_assert_false (care_billing_delete_draft (f->store, care_record_get_id (invoice), &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_NOT_DRAFT);
  g_clear_error (&error);

  care_test_assert_unchanged (f->store, &before);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = care_billing_list_items (f->store, care_record_get_id (invoice), &error);
  g_assert_cmpint (care_record_get_int (g_ptr_array_index (items, 0), "unit_price", 0), ==, 2500);
}

static void
test_payments (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CareRecord) invoice = issued_invoice (f, 5000);
  g_autoptr(CareRecord) first = NULL;
  g_autoptr(CareRecord) second = NULL;
  g_autoptr(CareRecord) refused = NULL;
  g_autoptr(CareRecord) fresh = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  CareTestSnapshot before;

  /* Above the balance: refused, nothing written, no receipt number used. */
  care_test_snapshot (f->store, &before);
  refused = care_billing_record_payment (f->store, care_record_get_id (invoice), 5001, "cash", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_OVERPAYMENT);
  g_assert_cmpstr (error->message, ==, "Amount: The payment of £50.01 is more than the balance due of £50.00.");
  g_clear_error (&error);
  g_assert_null (care_billing_record_payment (f->store, care_record_get_id (invoice), 0, "cash", NULL, &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (care_billing_record_payment (f->store, care_record_get_id (invoice), 100, "cheque", NULL, &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Method:"));
  g_clear_error (&error);
  care_test_assert_unchanged (f->store, &before);

  first = care_billing_record_payment (f->store, care_record_get_id (invoice), 2000, "card", "slip 4411", &error);
  g_assert_no_error (error);
  g_assert_nonnull (care_record_get (first, "receipt_number"));
  fresh = reload (f->store, invoice);
  g_assert_cmpstr (care_record_get (fresh, "status"), ==, "partially_paid");
  g_assert_cmpint (care_billing_balance_due (fresh), ==, 3000);

  /* Void is refused once money was taken. */
  g_assert_false (care_billing_void (f->store, care_record_get_id (invoice), "Wrong patient", &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_STATUS);
  g_clear_error (&error);

  second = care_billing_record_payment (f->store, care_record_get_id (invoice), 3000, "insurance", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (first, "receipt_number"), !=, care_record_get (second, "receipt_number"));
  g_clear_pointer (&fresh, care_record_unref);
  fresh = reload (f->store, invoice);
  g_assert_cmpstr (care_record_get (fresh, "status"), ==, "paid");
  g_assert_cmpint (care_billing_balance_due (fresh), ==, 0);

  /* Paid in full: any further payment is above the balance. */
  g_assert_null (care_billing_record_payment (f->store, care_record_get_id (invoice), 1, "cash", NULL, &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_OVERPAYMENT);
  g_clear_error (&error);

  history = care_billing_patient_payments (f->store, care_record_get_id (f->patient), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
}

static void
test_void_and_reissue (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CareRecord) invoice = issued_invoice (f, 7000);
  g_autoptr(CareRecord) draft = NULL;
  g_autoptr(CareRecord) voided = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  CareTestSnapshot before;

  care_test_snapshot (f->store, &before);
  g_assert_false (care_billing_void (f->store, care_record_get_id (invoice), "   ", &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Reason for voiding:"));
  g_clear_error (&error);
  care_test_assert_unchanged (f->store, &before);

  draft = care_billing_void_and_reissue (f->store, care_record_get_id (invoice), "Wrong price", &error);
  g_assert_no_error (error);
  voided = reload (f->store, invoice);
  g_assert_cmpstr (care_record_get (voided, "status"), ==, "void");
  g_assert_cmpstr (care_record_get (voided, "void_reason"), ==, "Wrong price");
  g_assert_cmpstr (care_record_get (draft, "status"), ==, "draft");
  g_assert_cmpstr (care_record_get (draft, "replaces_id"), ==, care_record_get_id (invoice));
  g_assert_cmpint (care_record_get_int (draft, "total", 0), ==, 7000);
  items = care_billing_list_items (f->store, care_record_get_id (draft), &error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (care_record_get (g_ptr_array_index (items, 0), "description"), ==, "Consultation");

  /* No payment against a void invoice; a void one is not voided again. */
  g_assert_null (care_billing_record_payment (f->store, care_record_get_id (invoice), 100, "cash", NULL, &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_STATUS);
  g_clear_error (&error);
  g_assert_false (care_billing_void (f->store, care_record_get_id (invoice), "again", &error));
  g_assert_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_STATUS);
}

static void
test_numbers_never_collide (void)
{
  g_autofree char *dir_a = care_test_tmpdir ();
  g_autofree char *dir_b = care_test_tmpdir ();
  g_autoptr(CareStore) a = care_test_clinic_store (dir_a, 0);
  g_autoptr(CareStore) b = care_test_clinic_store (dir_b, 0);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  CareStore *stores[] = { a, b };

  /* Two workstations working offline, each numbering on its own. */
  g_assert_cmpstr (care_store_get_device_code (a), !=, care_store_get_device_code (b));
  for (guint s = 0; s < 2; s++)
    {
      g_autoptr(CareRecord) patient = care_test_add_patient (stores[s], "Kwame", "Mensah");

      for (guint i = 0; i < 25; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(CareRecord) invoice = care_billing_create_invoice (stores[s], care_record_get_id (patient), NULL, &error);
          g_autoptr(CareRecord) fresh = NULL;

          g_assert_no_error (error);
          care_test_add_item (stores[s], care_record_get_id (invoice), "other", "Item", 1, 100, 0, "0");
          care_billing_issue (stores[s], care_record_get_id (invoice), NULL, NULL, &error);
          g_assert_no_error (error);
          fresh = care_store_get (stores[s], care_schema_lookup ("invoice"), care_record_get_id (invoice), NULL);
          g_assert_false (g_hash_table_contains (seen, care_record_get (fresh, "number")));
          g_hash_table_add (seen, g_strdup (care_record_get (fresh, "number")));
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 50);
  g_clear_object (&a);
  g_clear_object (&b);
  care_test_rmdir (dir_a);
  care_test_rmdir (dir_b);
}

static CareRecord *
insert (CareStore  *store,
        const char *entity,
        ...)
{
  g_autoptr(GError) error = NULL;
  CareRecord *record = care_record_new (care_schema_lookup (entity));
  const char *name;
  va_list args;

  va_start (args, entity);
  while ((name = va_arg (args, const char *)))
    care_record_set (record, name, va_arg (args, const char *));
  va_end (args);
  care_store_insert (store, record, &error);
  g_assert_no_error (error);
  return record;
}

static void
test_billable_items (Fixture       *f,
                     gconstpointer  data)
{
  const char *patient_id = care_record_get_id (f->patient);
  g_autofree char *doctor = care_test_user_id (f->store, "doctor");
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) appointment = NULL, test = NULL, cancelled = NULL, medicine = NULL;
  g_autoptr(CareRecord) prescription = NULL, pitem = NULL, order = NULL;
  g_autoptr(CareRecord) ward = NULL, room = NULL, bed = NULL, stay = NULL;
  g_autoptr(CareRecord) invoice = NULL;
  g_autoptr(CareRecord) draft = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) after_void = NULL;
  gboolean kinds[4] = { FALSE, };

  /* Nothing recorded yet: nothing to bill, and no error. */
  items = care_billing_billable_items (f->store, patient_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  care_billing_set_price (f->store, "consultation", 4500, &error);
  care_billing_set_price (f->store, "lab_test", 1800, &error);
  care_billing_set_price (f->store, "bed_day", 12000, &error);
  g_assert_no_error (error);

  appointment = insert (f->store, "appointment", "patient_id", patient_id, "provider_id", doctor,
                        "starts_at", "2026-01-12T09:00:00Z", "duration_minutes", "20", "type", "consultation",
                        "status", "completed", NULL);
  test = insert (f->store, "lab_test", "patient_id", patient_id, "requested_by", doctor,
                 "appointment_id", care_record_get_id (appointment), "test_name", "Full blood count",
                 "priority", "routine", "status", "completed", NULL);
  cancelled = insert (f->store, "lab_test", "patient_id", patient_id, "requested_by", doctor,
                      "test_name", "Lipid panel", "priority", "routine", "status", "cancelled", NULL);
  medicine = insert (f->store, "medicine", "name", "Amoxicillin", "form", "capsule", "unit_price", "35", NULL);
  prescription = insert (f->store, "prescription", "patient_id", patient_id, "prescriber_id", doctor,
                         "appointment_id", care_record_get_id (appointment), "issued_on", "2026-01-12",
                         "status", "active", NULL);
  pitem = insert (f->store, "prescription_item", "prescription_id", care_record_get_id (prescription),
                  "medicine_id", care_record_get_id (medicine), "medicine_name", "Amoxicillin",
                  "dose", "500 mg", "frequency", "every 8 hours", "quantity", "21", NULL);
  order = insert (f->store, "pharmacy_order", "prescription_id", care_record_get_id (prescription),
                  "patient_id", patient_id, "status", "dispensed", NULL);
  ward = insert (f->store, "ward", "name", "Ward 3", "kind", "general", NULL);
  room = insert (f->store, "room", "ward_id", care_record_get_id (ward), "name", "3A", NULL);
  bed = insert (f->store, "bed", "room_id", care_record_get_id (room), "label", "B2", "status", "available", NULL);
  stay = insert (f->store, "bed_allocation", "bed_id", care_record_get_id (bed), "patient_id", patient_id,
                 "admitted_at", "2026-01-12T15:00:00Z", "released_at", "2026-01-15T10:00:00Z",
                 "status", "discharged", NULL);

  items = care_billing_billable_items (f->store, patient_id, care_record_get_id (appointment), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 4);
  for (guint i = 0; i < items->len; i++)
    {
      CareRecord *item = g_ptr_array_index (items, i);
      const char *kind = care_record_get (item, "kind");

      if (g_str_equal (kind, "consultation"))
        {
          kinds[0] = TRUE;
          g_assert_cmpint (care_record_get_int (item, "unit_price", 0), ==, 4500);
          g_assert_nonnull (strstr (care_record_get (item, "description"), "Amira Haddad"));
          g_assert_cmpstr (care_record_get (item, "source_id"), ==, care_record_get_id (appointment));
        }
      else if (g_str_equal (kind, "medicine"))
        {
          kinds[1] = TRUE;
          g_assert_cmpint (care_record_get_int (item, "quantity", 0), ==, 21);
          g_assert_cmpint (care_record_get_int (item, "unit_price", 0), ==, 35);
          g_assert_cmpstr (care_record_get (item, "description"), ==, "Amoxicillin 500 mg");
        }
      else if (g_str_equal (kind, "lab_test"))
        {
          kinds[2] = TRUE;
          g_assert_cmpstr (care_record_get (item, "description"), ==, "Lab test: Full blood count");
        }
      else if (g_str_equal (kind, "bed_day"))
        {
          kinds[3] = TRUE;
          g_assert_cmpint (care_record_get_int (item, "quantity", 0), ==, 3);
          g_assert_cmpint (care_record_get_int (item, "unit_price", 0), ==, 12000);
        }
    }
  g_assert_true (kinds[0] && kinds[1] && kinds[2] && kinds[3]);

  /* Billed once: not offered again, unless the invoice is voided. */
  invoice = care_billing_create_invoice (f->store, patient_id, care_record_get_id (appointment), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      care_billing_add_item (f->store, care_record_get_id (invoice), g_ptr_array_index (items, i), &error);
      g_assert_no_error (error);
    }
  again = care_billing_billable_items (f->store, patient_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);

  care_billing_issue (f->store, care_record_get_id (invoice), NULL, NULL, &error);
  g_assert_no_error (error);
  care_billing_void (f->store, care_record_get_id (invoice), "Billed to the wrong insurer", &error);
  g_assert_no_error (error);
  after_void = care_billing_billable_items (f->store, patient_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after_void->len, ==, 4);
}

static void
test_list_filters (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CareRecord) other = care_test_add_patient (f->store, "王", "小明");
  g_autoptr(CareRecord) one = issued_invoice (f, 1000);
  g_autoptr(CareRecord) two = care_billing_create_invoice (f->store, care_record_get_id (other), NULL, NULL);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) by_number = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(CareRecord) fresh = reload (f->store, one);
  g_autoptr(GError) error = NULL;
  CareInvoiceFilter draft_filter = { .status = "draft" };
  CareInvoiceFilter name_filter = { .search = "lóp" };
  CareInvoiceFilter number_filter = { .search = care_record_get (fresh, "number") };
  CareInvoiceFilter future = { .from = "2199-01-01" };

  all = care_billing_list_invoices (f->store, NULL, 0, 0, &patients, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpuint (patients->len, ==, 2);
  g_assert_cmpint (care_billing_count_invoices (f->store, NULL), ==, 2);

  drafts = care_billing_list_invoices (f->store, &draft_filter, 0, 0, NULL, &error);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpstr (care_record_get_id (g_ptr_array_index (drafts, 0)), ==, care_record_get_id (two));

  found = care_billing_list_invoices (f->store, &name_filter, 0, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (care_record_get_id (g_ptr_array_index (found, 0)), ==, care_record_get_id (one));

  by_number = care_billing_list_invoices (f->store, &number_filter, 0, 0, NULL, &error);
  g_assert_cmpuint (by_number->len, ==, 1);

  none = care_billing_list_invoices (f->store, &future, 0, 0, NULL, &error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpint (care_billing_count_invoices (f->store, &future), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billing/rates", test_rates);
  g_test_add_func ("/billing/line-tax-rounding", test_line_tax_rounding);
  g_test_add_func ("/billing/totals-several-rates", test_totals_several_rates);
  g_test_add_func ("/billing/money-text", test_money_text);
  g_test_add ("/billing/draft-totals", Fixture, NULL, fixture_set_up, test_draft_totals_in_store, fixture_tear_down);
  g_test_add ("/billing/refuse/negative-quantity", Fixture, NULL, fixture_set_up, test_negative_quantity_refused, fixture_tear_down);
  g_test_add ("/billing/refuse/discount-above-line", Fixture, NULL, fixture_set_up, test_discount_above_line_refused, fixture_tear_down);
  g_test_add ("/billing/refuse/empty-invoice", Fixture, NULL, fixture_set_up, test_empty_invoice_not_issued, fixture_tear_down);
  g_test_add ("/billing/refuse/edit-issued", Fixture, NULL, fixture_set_up, test_issued_invoice_not_edited, fixture_tear_down);
  g_test_add ("/billing/issue", Fixture, NULL, fixture_set_up, test_issue, fixture_tear_down);
  g_test_add ("/billing/payments", Fixture, NULL, fixture_set_up, test_payments, fixture_tear_down);
  g_test_add ("/billing/void-and-reissue", Fixture, NULL, fixture_set_up, test_void_and_reissue, fixture_tear_down);
  g_test_add_func ("/billing/numbers-never-collide", test_numbers_never_collide);
  g_test_add ("/billing/billable-items", Fixture, NULL, fixture_set_up, test_billable_items, fixture_tear_down);
  g_test_add ("/billing/list-filters", Fixture, NULL, fixture_set_up, test_list_filters, fixture_tear_down);

  return g_test_run ();
}
