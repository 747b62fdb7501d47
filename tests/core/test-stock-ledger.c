/* test-stock-ledger.c: dispensing billed, counting a shelf, expiry notifications, opening receipts of version-3 stores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "care-test-core.h"
#include "care-billing.h"
#include "care-store-private.h"

typedef struct {
  char      *dir;
  CareStore *store;
  char      *medicine_id;
} Fixture;

static char *
insert (CareStore  *store,
        CareRecord *record)
{
  g_autoptr(CareRecord) owned = record;
  g_autoptr(GError) error = NULL;

  care_store_insert (store, owned, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (owned));
}

/* The local day days after today, YYYY-MM-DD. */
static char *
day (int days)
{
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static CareRecord *
receive (Fixture    *f,
         const char *number,
         int         expires_in,
         const char *quantity)
{
  g_autofree char *expiry = day (expires_in);
  CareRecord *batch = care_test_record ("stock_batch", "medicine_id", f->medicine_id, "batch_number", number,
                                        "expiry_date", expiry, "quantity", quantity, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (care_stock_receive (f->store, batch, &error));
  g_assert_no_error (error);
  return batch;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 3);
  f->medicine_id = insert (f->store, care_test_record ("medicine", "name", "Ledgerine", "form", "tablet",
                                                       "strength", "250 mg", "reorder_level", "50",
                                                       "unit_price", "125", NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  care_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->medicine_id);
  care_clock_reset ();
}

/* --- billing what is dispensed ----------------------------------------------- */

static gint64
lines_from (Fixture    *f,
            const char *source_id)
{
  return care_store_count_where (f->store, care_schema_lookup ("invoice_item"), "source_id", source_id);
}

static void
test_bill_dispense (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) patients = care_store_list (f->store, care_schema_lookup ("patient"), NULL, NULL, NULL, 1, NULL);
  const char *patient = care_record_get_id (g_ptr_array_index (patients, 0));
  g_autofree char *today = day (0);
  g_autoptr(CareRecord) batch = receive (f, "LG-1", 200, "40");
  g_autofree char *rx = insert (f->store, care_test_record ("prescription", "patient_id", patient, "prescriber_id",
                                                            care_store_get_actor (f->store), "issued_on", today,
                                                            "status", "active", NULL));
  g_autofree char *item = insert (f->store, care_test_record ("prescription_item", "prescription_id", rx,
                                                              "medicine_id", f->medicine_id, "medicine_name", "Ledgerine",
                                                              "dose", "250 mg", "frequency", "twice a day",
                                                              "quantity", "10", NULL));
  g_autofree char *order_id = insert (f->store, care_test_record ("pharmacy_order", "prescription_id", rx,
                                                                  "patient_id", patient, "status", "pending", NULL));
  g_autoptr(CareRecord) order = care_store_get (f->store, care_schema_lookup ("pharmacy_order"), order_id, NULL);
  g_autoptr(CareRecord) draft = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) movements = NULL;
  g_autoptr(GPtrArray) offered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;
  CareRecord *line, *first = NULL, *second = NULL;
  CareDispenseLine take[] = { { item, care_record_get_id (batch), 4, NULL } };

  /* No draft yet: the first dispensing opens one. */
  g_assert_null (care_stock_find_draft (f->store, patient, &error));
  g_assert_no_error (error);
  g_assert_true (care_stock_dispense (f->store, order, take, 1, NULL, &error));
  g_assert_no_error (error);
  draft = care_stock_find_draft (f->store, patient, &error);
  g_assert_nonnull (draft);
  lines = care_billing_list_items (f->store, care_record_get_id (draft), &error);
  g_assert_cmpuint (lines->len, ==, 1);
  line = g_ptr_array_index (lines, 0);
  g_assert_cmpstr (care_record_get (line, "kind"), ==, "medicine");
  g_assert_cmpstr (care_record_get (line, "source_entity"), ==, "stock_movement");
  g_assert_cmpint (care_record_get_int (line, "quantity", 0), ==, 4);
  g_assert_cmpint (care_record_get_int (line, "unit_price", 0), ==, 125);
  g_assert_nonnull (strstr (care_record_get (line, "description"), "LG-1"));

  /* The rest: a second line on the same draft, one per movement. */
  take[0].quantity = 6;
  g_assert_true (care_stock_dispense (f->store, order, take, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (order, "status"), ==, "dispensed");
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = care_billing_list_items (f->store, care_record_get_id (draft), &error);
  g_assert_cmpuint (lines->len, ==, 2);
  movements = care_store_list (f->store, care_schema_lookup ("stock_movement"), "pharmacy_order_id", order_id,
                               "at", 0, &error);
  g_assert_cmpuint (movements->len, ==, 2);
  for (guint i = 0; i < lines->len; i++)
    {
      CareRecord *l = g_ptr_array_index (lines, i);

      if (g_strcmp0 (care_record_get (l, "source_id"), care_record_get_id (g_ptr_array_index (movements, 0))) == 0)
        first = l;
      else
        second = l;
    }
  g_assert_nonnull (first);
  g_assert_cmpstr (care_record_get (second, "source_id"), ==, care_record_get_id (g_ptr_array_index (movements, 1)));
  {
    g_autoptr(CareRecord) now = care_store_get (f->store, care_schema_lookup ("invoice"), care_record_get_id (draft), NULL);
    g_assert_cmpint (care_record_get_int (now, "subtotal", 0), ==, 10 * 125);
  }

  /* Billing the same movement again (a retry) adds nothing. */
  again = care_stock_bill_dispense (f->store, order, g_ptr_array_index (movements, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, care_record_get_id (first));
  g_assert_cmpint (lines_from (f, care_record_get_id (g_ptr_array_index (movements, 0))), ==, 1);

  /* Reception is not offered the prescribed medicine a second time. */
  offered = care_billing_billable_items (f->store, patient, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < offered->len; i++)
    g_assert_cmpstr (care_record_get (g_ptr_array_index (offered, i), "source_id"), !=, item);

  /* A refused dispensing bills nothing (one transaction). */
  {
    g_autofree char *order2_id = insert (f->store, care_test_record ("pharmacy_order", "prescription_id", rx,
                                                                     "patient_id", patient, "status", "pending", NULL));
    g_autoptr(CareRecord) order2 = care_store_get (f->store, care_schema_lookup ("pharmacy_order"), order2_id, NULL);
    gint64 before = care_store_count (f->store, care_schema_lookup ("invoice_item"));
    CareDispenseLine too_much[] = { { item, care_record_get_id (batch), 11, NULL } };

    g_assert_false (care_stock_dispense (f->store, order2, too_much, 1, NULL, &error));
    g_clear_error (&error);
    g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("invoice_item")), ==, before);
  }
}

/* --- counting a shelf ---------------------------------------------------------- */

static void
test_stock_take (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CareRecord) a = receive (f, "ST-A", 100, "20");
  g_autoptr(CareRecord) b = receive (f, "ST-B", 300, "15");
  g_autoptr(CareRecord) c = receive (f, "ST-C", 400, "8");
  g_autoptr(GPtrArray) rows = care_stock_take_rows (f->store, "Ledgerine", 0, NULL);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) ledger = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  guint failed = 0;
  CareStockCountEntry entries[] = {
    { care_record_get_id (a), 17 },
    { care_record_get_id (b), 15 },
    { care_record_get_id (c), -1 },
  };
  CareStockCountEntry blank[] = { { care_record_get_id (a), -1 } };

  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpint (((CareStockRow *) g_ptr_array_index (rows, 0))->quantity, ==, 20);

  /* Nothing typed is refused; so is a count of no batch. */
  g_assert_null (care_stock_take (f->store, blank, 1, &failed, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "quantity");
  g_clear_error (&error);

  lines = care_stock_take (f->store, entries, 3, &failed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 2);
  /* The one that differs first. */
  g_assert_cmpstr (((CareStockCountLine *) g_ptr_array_index (lines, 0))->batch_number, ==, "ST-A");
  g_assert_cmpint (((CareStockCountLine *) g_ptr_array_index (lines, 0))->difference, ==, -3);
  ledger = care_stock_movements (f->store, care_record_get_id (a), &error);
  g_assert_cmpuint (ledger->len, ==, 2);
  g_assert_cmpstr (care_record_get (g_ptr_array_index (ledger, 0), "kind"), ==, "adjustment");
  g_assert_cmpstr (care_record_get (g_ptr_array_index (ledger, 0), "reason"), ==, "Stock count");
  g_assert_cmpint (care_record_get_int (g_ptr_array_index (ledger, 0), "quantity", 0), ==, -3);
  g_assert_cmpint (care_store_count_where (f->store, care_schema_lookup ("stock_movement"), "batch_id",
                                           care_record_get_id (b)), ==, 1);
  g_assert_true (care_stock_check_ledger (f->store, NULL, &error));

  report = care_stock_take_report (lines, "Priya Patel");
  g_assert_nonnull (strstr (report, "Priya Patel"));
  g_assert_nonnull (strstr (report, "Ledgerine, lot ST-A: expected 20, counted 17 (-3)"));
  g_assert_null (strstr (report, "ST-B"));
  g_assert_nonnull (strstr (report, "2 batches counted, 1 differs: 3 units missing, 0 units found."));
}

/* --- expiry and low-stock notifications ------------------------------------------ */

static gint64
notifications_about (Fixture    *f,
                     const char *id)
{
  return care_store_count_where (f->store, care_schema_lookup ("notification"), "link_id", id);
}

static void
test_notify (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CareRecord) soon = receive (f, "NT-SOON", 30, "10");
  g_autoptr(CareRecord) edge = receive (f, "NT-EDGE", 90, "10");
  g_autoptr(CareRecord) later = receive (f, "NT-LATER", 91, "10");
  g_autoptr(CareRecord) gone = NULL;
  g_autoptr(GPtrArray) pharmacists = care_store_list (f->store, care_schema_lookup ("user"), "role", "pharmacist",
                                                      NULL, 0, NULL);
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_pharmacists = pharmacists->len;
  gint written;

  g_assert_cmpint (n_pharmacists, >, 0);
  /* Received 20 days ago with 10 days to go: expired now. */
  care_clock_freeze (care_clock_get_real_time () - (gint64) 20 * G_TIME_SPAN_DAY);
  gone = receive (f, "NT-GONE", 10, "5");
  care_clock_reset ();

  g_assert_cmpuint (care_stock_get_notice_days (f->store), ==, 90);
  written = care_stock_notify (f->store, &error);
  g_assert_no_error (error);
  /* Within 90 days (the edge included), the expired one, and the
   * medicine, 35 units of 50 unexpired: below its reorder level. */
  g_assert_cmpint (written, >=, 4 * n_pharmacists);
  g_assert_cmpint (notifications_about (f, care_record_get_id (soon)), ==, n_pharmacists);
  g_assert_cmpint (notifications_about (f, care_record_get_id (edge)), ==, n_pharmacists);
  g_assert_cmpint (notifications_about (f, care_record_get_id (later)), ==, 0);
  g_assert_cmpint (notifications_about (f, care_record_get_id (gone)), ==, n_pharmacists);
  g_assert_cmpint (notifications_about (f, f->medicine_id), ==, n_pharmacists);

  /* Once per batch and alert, however often it runs. */
  g_assert_cmpint (care_stock_notify (f->store, &error), ==, 0);
  g_assert_no_error (error);

  /* A longer notice period reaches the later batch, once. */
  g_assert_false (care_stock_set_notice_days (f->store, 0, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "expiry_date");
  g_clear_error (&error);
  g_assert_true (care_stock_set_notice_days (f->store, 120, &error));
  g_assert_cmpint (care_stock_notify (f->store, &error), ==, n_pharmacists);
  g_assert_cmpint (care_stock_notify (f->store, &error), ==, 0);

  /* The day it expires, the expiring batch tells once more, as expired. */
  care_clock_freeze (care_clock_get_real_time () + (gint64) 31 * G_TIME_SPAN_DAY);
  g_assert_cmpint (care_stock_notify (f->store, &error), >=, n_pharmacists);
  g_assert_cmpint (notifications_about (f, care_record_get_id (soon)), ==, 2 * n_pharmacists);
  care_clock_reset ();

  /* What a pharmacist sees: their own, the expired first. */
  care_store_set_actor (f->store, care_record_get_id (g_ptr_array_index (pharmacists, 0)));
  notices = care_stock_notices (f->store, &error);
  g_assert_no_error (error);
  {
    const char *mine[] = { care_record_get_id (soon), care_record_get_id (edge), care_record_get_id (later),
                           care_record_get_id (gone), f->medicine_id, NULL };
    guint n_mine = 0;
    gboolean expired_done = FALSE;

    for (guint i = 0; i < notices->len; i++)
      {
        CareRecord *n = g_ptr_array_index (notices, i);
        gboolean expired = g_strcmp0 (care_record_get (n, "link_entity"), "stock_expired") == 0;

        g_assert_cmpstr (care_record_get (n, "user_id"), ==, care_store_get_actor (f->store));
        /* The expired come first. */
        g_assert_false (expired && expired_done);
        expired_done = !expired;
        if (g_strv_contains (mine, care_record_get (n, "link_id")))
          n_mine++;
        if (expired)
          g_assert_nonnull (strstr (care_record_get (n, "message"), "Write"));
      }
    g_assert_cmpuint (n_mine, ==, 6);
  }
}

/* --- a version-3 store gets its opening receipts ------------------------------------ */

static void
exec_ok (CareStore  *store,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (care_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

static void
test_opening_receipts (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "v3.sqlite", NULL);
  g_autofree char *copy = g_build_filename (dir, "v3-copy.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id_a = NULL;
  g_autofree char *id_b = NULL;

  {
    g_autoptr(CareStore) old = care_store_open_at_version (path, 3, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (care_store_get_schema_version (old), ==, 3);
    /* Version 3's tables, as its app wrote them: no ledger. */
    exec_ok (old, "INSERT INTO medicines (id, tenant_id, name, form, created_at, updated_at) "
                  "VALUES ('m1', 't1', 'Oldamol', 'tablet', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')");
    exec_ok (old, "INSERT INTO stock_batches (id, tenant_id, medicine_id, batch_number, expiry_date, quantity, "
                  "received_on, created_at, created_by, updated_at) VALUES "
                  "('b1', 't1', 'm1', 'OLD-1', '2030-01-31', 40, '2025-02-01', '2025-02-01T09:00:00Z', 'u1', '2025-06-01T00:00:00Z'), "
                  "('b2', 't1', 'm1', 'OLD-2', '2031-01-31', 0, NULL, '2025-03-01T09:00:00Z', 'u1', '2025-03-01T09:00:00Z'), "
                  "('b3', 't1', 'm1', 'OLD-3', '2031-06-30', 7, NULL, '2025-04-01T09:00:00Z', NULL, '2025-04-01T09:00:00Z')");
  }
  g_assert_true (g_file_set_contents (copy, "", 0, NULL));
  {
    g_autofree char *bytes = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
    g_assert_true (g_file_set_contents (copy, bytes, length, NULL));
  }
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(CareStore) store = care_store_open (k == 0 ? path : copy, &error);
      g_autoptr(GPtrArray) mismatched = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) ledger = NULL;
      CareRecord *receipt;

      g_assert_no_error (error);
      g_assert_cmpuint (care_store_get_schema_version (store), ==, care_schema_version ());
      care_store_set_tenant_id (store, "t1");
      g_assert_true (care_stock_check_ledger (store, mismatched, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (mismatched->len, ==, 0);
      ledger = care_stock_movements (store, "b1", &error);
      g_assert_cmpuint (ledger->len, ==, 1);
      receipt = g_ptr_array_index (ledger, 0);
      g_assert_cmpstr (care_record_get (receipt, "kind"), ==, "receipt");
      g_assert_cmpint (care_record_get_int (receipt, "quantity", 0), ==, 40);
      g_assert_cmpstr (care_record_get (receipt, "medicine_id"), ==, "m1");
      g_assert_cmpstr (care_record_get (receipt, "actor_id"), ==, "u1");
      g_assert_true (g_str_has_prefix (care_record_get (receipt, "at"), "2025-02-01"));
      g_assert_true (care_uuid_is_valid (care_record_get_id (receipt)));
      /* An empty batch needs no receipt; nothing waits to sync. */
      g_assert_cmpint (care_store_count_where (store, care_schema_lookup ("stock_movement"), "batch_id", "b2"), ==, 0);
      g_assert_cmpint (care_store_count_where (store, care_schema_lookup ("stock_movement"), "batch_id", "b3"), ==, 1);
      g_assert_cmpint (care_store_outbox_count (store), ==, 0);
      if (k == 0)
        id_a = g_strdup (care_record_get_id (receipt));
      else
        id_b = g_strdup (care_record_get_id (receipt));
    }
  /* Every copy of the clinic's data makes the same receipt. */
  g_assert_cmpstr (id_a, ==, id_b);
  care_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/stock-ledger/bill-dispense", Fixture, NULL, fixture_set_up, test_bill_dispense, fixture_tear_down);
  g_test_add ("/stock-ledger/stock-take", Fixture, NULL, fixture_set_up, test_stock_take, fixture_tear_down);
  g_test_add ("/stock-ledger/notify", Fixture, NULL, fixture_set_up, test_notify, fixture_tear_down);
  g_test_add_func ("/stock-ledger/opening-receipts", test_opening_receipts);
  return g_test_run ();
}
