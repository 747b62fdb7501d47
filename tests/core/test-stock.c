/* test-stock.c: the stock ledger, expiry bands, first expiry first out and dispensing orders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-core.h"

typedef struct {
  char      *dir;
  CareStore *store;
  char      *medicine_id;
} Fixture;

static CareRecord *
make (const char *entity,
      ...)
{
  CareRecord *record = care_record_new (care_schema_lookup (entity));
  const char *field;
  va_list args;

  va_start (args, entity);
  while ((field = va_arg (args, const char *)))
    care_record_set (record, field, va_arg (args, const char *));
  va_end (args);
  return record;
}

static char *
add (CareStore  *store,
     CareRecord *record)
{
  g_autoptr(GError) error = NULL;

  care_store_insert (store, record, &error);
  g_assert_no_error (error);
  care_record_unref (record);
  return NULL;
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
         const char *medicine_id,
         const char *number,
         int         expires_in,
         const char *quantity)
{
  g_autofree char *expiry = day (expires_in);
  CareRecord *batch = make ("stock_batch", "medicine_id", medicine_id, "batch_number", number,
                            "expiry_date", expiry, "quantity", quantity, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (care_stock_receive (f->store, batch, &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_record_get_int (batch, "quantity", -1), ==, g_ascii_strtoll (quantity, NULL, 10));
  return batch;
}

static char *
new_medicine (Fixture    *f,
              const char *name,
              const char *reorder_level)
{
  CareRecord *medicine = make ("medicine", "name", name, "form", "tablet", "strength", "500 mg",
                               "reorder_level", reorder_level, NULL);
  char *id;

  add (f->store, care_record_ref (medicine));
  id = g_strdup (care_record_get_id (medicine));
  care_record_unref (medicine);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 4);
  f->medicine_id = new_medicine (f, "Testocillin", "40");
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

static void
assert_refused (GError     *error,
                gint        code,
                const char *field)
{
  g_assert_error (error, CARE_RULE_ERROR, code);
  g_assert_cmpstr (care_rule_error_get_field (error), ==, field);
  g_assert_nonnull (care_rule_error_get_detail (error));
}

/* --- expiry bands ------------------------------------------------------------ */

static void
test_expiry_bands (void)
{
  static const struct { const char *expiry; CareExpiryBand band; int days; } cases[] = {
    { "2026-12-31", CARE_EXPIRY_FINE, 214 },
    { "2026-11-28", CARE_EXPIRY_FINE, 181 },
    { "2026-11-27", CARE_EXPIRY_180, 180 },
    { "2026-08-30", CARE_EXPIRY_180, 91 },
    { "2026-08-29", CARE_EXPIRY_90, 90 },
    { "2026-07-31", CARE_EXPIRY_90, 61 },
    { "2026-07-30", CARE_EXPIRY_60, 60 },
    { "2026-07-01", CARE_EXPIRY_60, 31 },
    { "2026-06-30", CARE_EXPIRY_30, 30 },
    { "2026-05-31", CARE_EXPIRY_30, 0 },
    { "2026-05-30", CARE_EXPIRY_EXPIRED, -1 },
    { "2025-01-01", CARE_EXPIRY_EXPIRED, -515 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (care_stock_days_left (cases[i].expiry, "2026-05-31"), ==, cases[i].days);
      g_assert_cmpint (care_stock_expiry_band (cases[i].expiry, "2026-05-31"), ==, cases[i].band);
    }
  g_assert_cmpint (care_stock_days_left ("2026-02-30", "2026-05-31"), ==, G_MININT);
  g_assert_null (care_stock_expiry_text ("2026-12-31", "2026-05-31"));
  {
    g_autofree char *today = care_stock_expiry_text ("2026-05-31", "2026-05-31");
    g_autofree char *soon = care_stock_expiry_text ("2026-06-30", "2026-05-31");
    g_autofree char *gone = care_stock_expiry_text ("2026-05-30", "2026-05-31");

    g_assert_cmpstr (today, ==, "Expires today");
    g_assert_cmpstr (soon, ==, "Expires in 30 days");
    g_assert_cmpstr (gone, ==, "Expired");
  }
  g_assert_true (care_stock_is_low (39, 40));
  g_assert_false (care_stock_is_low (40, 40));
  g_assert_false (care_stock_is_low (0, 0));
}

/* A batch that expires on day D is dispensed up to the last second of D,
 * local time, and refused from the first second of D + 1. */
static void
test_expiry_day_edges (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GDateTime) last = g_date_time_new_local (2026, 6, 30, 23, 59, 59);
  g_autoptr(CareRecord) batch = NULL;
  g_autoptr(CareRecord) taken = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;

  care_clock_freeze (g_date_time_to_unix (last) * G_USEC_PER_SEC - 60 * G_USEC_PER_SEC);
  batch = make ("stock_batch", "medicine_id", f->medicine_id, "batch_number", "EDGE-1",
                "expiry_date", "2026-06-30", "quantity", "10", NULL);
  g_assert_true (care_stock_receive (f->store, batch, &error));
  g_assert_no_error (error);

  care_clock_freeze (g_date_time_to_unix (last) * G_USEC_PER_SEC);
  today = care_clock_today ();
  g_assert_cmpint (care_stock_expiry_band ("2026-06-30", today), ==, CARE_EXPIRY_30);
  g_assert_true (care_stock_batch_usable (batch, today));
  taken = care_stock_record_movement (f->store, batch, "dispense", 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (taken);

  care_clock_advance (G_USEC_PER_SEC);
  g_clear_pointer (&today, g_free);
  today = care_clock_today ();
  g_assert_cmpstr (today, ==, "2026-07-01");
  g_assert_cmpint (care_stock_expiry_band ("2026-06-30", today), ==, CARE_EXPIRY_EXPIRED);
  g_assert_null (care_stock_record_movement (f->store, batch, "dispense", 1, NULL, &error));
  assert_refused (error, CARE_RULE_ERROR_STATE, "batch_id");
  g_clear_error (&error);
  /* An expired batch still leaves the shelf by a write-off. */
  g_clear_pointer (&taken, care_record_unref);
  taken = care_stock_record_movement (f->store, batch, "write_off", 9, "Expired", &error);
  g_assert_no_error (error);
  g_assert_cmpint (care_record_get_int (batch, "quantity", -1), ==, 0);
}

/* --- first expiry, first out ------------------------------------------------- */

static void
test_fefo (void)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);

  g_assert_null (care_stock_fefo (list, "2026-03-01"));
  g_ptr_array_add (list, make ("stock_batch", "batch_number", "LATE", "expiry_date", "2026-09-01", "quantity", "50", NULL));
  g_ptr_array_add (list, make ("stock_batch", "batch_number", "GONE", "expiry_date", "2026-02-28", "quantity", "80", NULL));
  g_ptr_array_add (list, make ("stock_batch", "batch_number", "EMPTY", "expiry_date", "2026-03-10", "quantity", "0", NULL));
  g_ptr_array_add (list, make ("stock_batch", "batch_number", "B-2", "expiry_date", "2026-04-01", "quantity", "5", NULL));
  g_ptr_array_add (list, make ("stock_batch", "batch_number", "B-1", "expiry_date", "2026-04-01", "quantity", "5", NULL));

  /* Expired and empty batches are skipped; of two on the same day, the
   * lower batch number. */
  g_assert_cmpstr (care_record_get (care_stock_fefo (list, "2026-03-01"), "batch_number"), ==, "B-1");
  /* The day the first batch expires it is still the one to take. */
  g_ptr_array_add (list, make ("stock_batch", "batch_number", "TODAY", "expiry_date", "2026-03-01", "quantity", "1", NULL));
  g_assert_cmpstr (care_record_get (care_stock_fefo (list, "2026-03-01"), "batch_number"), ==, "TODAY");
  g_assert_cmpstr (care_record_get (care_stock_fefo (list, "2026-04-02"), "batch_number"), ==, "LATE");
  g_assert_null (care_stock_fefo (list, "2026-09-02"));
}

/* --- the ledger -------------------------------------------------------------- */

static void
test_ledger (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CareRecord) batch = receive (f, f->medicine_id, "L-100", 200, "100");
  g_autoptr(GPtrArray) mismatched = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ledger = NULL;
  g_autoptr(GError) error = NULL;
  static const struct { const char *kind; gint64 quantity; const char *reason; gint64 change; } steps[] = {
    { "dispense", 30, NULL, -30 },
    { "adjustment", -2, "Two tablets crushed", -2 },
    { "write_off", 5, "Damp box", -5 },
    { "return", 3, NULL, 3 },
    { "adjustment", 4, "Found in the fridge", 4 },
  };
  gint64 expected = 100;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(CareRecord) movement = care_stock_record_movement (f->store, batch, steps[i].kind, steps[i].quantity,
                                                                   steps[i].reason, &error);

      g_assert_no_error (error);
      g_assert_cmpint (care_record_get_int (movement, "quantity", 0), ==, steps[i].change);
      g_assert_cmpstr (care_record_get (movement, "actor_id"), ==, care_store_get_actor (f->store));
      expected += steps[i].change;
      g_assert_cmpint (care_record_get_int (batch, "quantity", -1), ==, expected);
    }
  g_assert_cmpint (expected, ==, 70);
  {
    g_autoptr(CareRecord) stored = care_store_get (f->store, care_schema_lookup ("stock_batch"), care_record_get_id (batch), &error);
    g_assert_cmpint (care_record_get_int (stored, "quantity", -1), ==, 70);
  }
  ledger = care_stock_movements (f->store, care_record_get_id (batch), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ledger->len, ==, 6);
  g_assert_cmpstr (care_record_get (g_ptr_array_index (ledger, 5), "kind"), ==, "receipt");
  g_assert_cmpint (care_rules_sum (ledger, "quantity"), ==, 70);
  g_assert_true (care_stock_check_ledger (f->store, mismatched, &error));
  g_assert_no_error (error);

  /* Refusals, each naming its field; nothing is written. */
  g_assert_null (care_stock_record_movement (f->store, batch, "adjustment", -1, "  ", &error));
  assert_refused (error, CARE_RULE_ERROR_INVALID, "reason");
  g_clear_error (&error);
  g_assert_null (care_stock_record_movement (f->store, batch, "write_off", 1, NULL, &error));
  assert_refused (error, CARE_RULE_ERROR_INVALID, "reason");
  g_clear_error (&error);
  g_assert_null (care_stock_record_movement (f->store, batch, "adjustment", 0, "Counted", &error));
  assert_refused (error, CARE_RULE_ERROR_INVALID, "quantity");
  g_clear_error (&error);
  g_assert_null (care_stock_record_movement (f->store, batch, "dispense", 0, NULL, &error));
  assert_refused (error, CARE_RULE_ERROR_INVALID, "quantity");
  g_clear_error (&error);
  g_assert_null (care_stock_record_movement (f->store, batch, "dispense", 71, NULL, &error));
  assert_refused (error, CARE_RULE_ERROR_SHORTAGE, "quantity");
  g_assert_nonnull (strstr (error->message, "Only 70 units are left in batch L-100."));
  g_clear_error (&error);
  g_assert_null (care_stock_record_movement (f->store, batch, "adjustment", -71, "Lost", &error));
  assert_refused (error, CARE_RULE_ERROR_SHORTAGE, "quantity");
  g_clear_error (&error);
  care_store_set_actor (f->store, NULL);
  g_assert_null (care_stock_record_movement (f->store, batch, "dispense", 1, NULL, &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
  g_clear_error (&error);
  g_clear_pointer (&ledger, g_ptr_array_unref);
  ledger = care_stock_movements (f->store, care_record_get_id (batch), &error);
  g_assert_cmpuint (ledger->len, ==, 6);
  g_assert_cmpint (care_record_get_int (batch, "quantity", -1), ==, 70);

  /* The ledger is append-only. */
  care_record_set_int (g_ptr_array_index (ledger, 0), "quantity", 500);
  g_assert_false (care_store_update (f->store, g_ptr_array_index (ledger, 0), &error));
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* A quantity written past the ledger is found. */
  care_record_set_int (batch, "quantity", 75);
  g_assert_true (care_store_update (f->store, batch, &error));
  g_assert_false (care_stock_check_ledger (f->store, mismatched, &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
  g_assert_cmpuint (mismatched->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (mismatched, 0), ==, care_record_get_id (batch));
}

/* Stock taking: the counted differences become adjustments. */
static void
test_stock_take (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CareRecord) batch = receive (f, f->medicine_id, "C-1", 200, "50");
  g_autoptr(CareRecord) short_count = NULL;
  g_autoptr(CareRecord) over_count = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (care_stock_count (f->store, batch, 50, NULL, &error));
  g_assert_no_error (error);
  short_count = care_stock_count (f->store, batch, 47, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (care_record_get_int (short_count, "quantity", 0), ==, -3);
  g_assert_cmpstr (care_record_get (short_count, "kind"), ==, "adjustment");
  g_assert_cmpstr (care_record_get (short_count, "reason"), ==, "Stock take");
  over_count = care_stock_count (f->store, batch, 49, "Found behind the shelf", &error);
  g_assert_no_error (error);
  g_assert_cmpint (care_record_get_int (over_count, "quantity", 0), ==, 2);
  g_assert_cmpint (care_record_get_int (batch, "quantity", -1), ==, 49);
  g_assert_null (care_stock_count (f->store, batch, -1, NULL, &error));
  assert_refused (error, CARE_RULE_ERROR_INVALID, "quantity");
  g_clear_error (&error);
  g_assert_true (care_stock_check_ledger (f->store, NULL, &error));
}

static void
test_receive_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CareRecord) batch = make ("stock_batch", "medicine_id", f->medicine_id, "batch_number", "R-0",
                                      "expiry_date", "2030-01-01", "quantity", "0", NULL);
  g_autoptr(GError) error = NULL;
  gint64 before = care_store_count (f->store, care_schema_lookup ("stock_movement"));

  g_assert_false (care_stock_receive (f->store, batch, &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID);
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "quantity");
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("stock_movement")), ==, before);
}

/* --- dispensing an order ----------------------------------------------------- */

static char *
prescribe (Fixture    *f,
           const char *medicine_id,
           const char *name,
           const char *quantity,
           const char *rx)
{
  g_autoptr(CareRecord) item = make ("prescription_item", "prescription_id", rx, "medicine_id", medicine_id,
                                     "medicine_name", name, "dose", "500 mg", "frequency", "twice a day",
                                     "quantity", quantity, NULL);

  add (f->store, care_record_ref (item));
  return g_strdup (care_record_get_id (item));
}

static void
test_dispense_order (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) patients = care_store_list (f->store, care_schema_lookup ("patient"), NULL, NULL, NULL, 1, NULL);
  g_autofree char *today = day (0);
  g_autofree char *other = new_medicine (f, "Otherol", "5");
  g_autoptr(CareRecord) rx = make ("prescription", "patient_id", care_record_get_id (g_ptr_array_index (patients, 0)),
                                   "prescriber_id", care_store_get_actor (f->store), "issued_on", today,
                                   "status", "active", NULL);
  g_autoptr(CareRecord) order = NULL;
  g_autoptr(CareRecord) soon = receive (f, f->medicine_id, "A-SOON", 40, "15");
  g_autoptr(CareRecord) later = receive (f, f->medicine_id, "A-LATER", 300, "50");
  g_autoptr(CareRecord) gone = NULL;
  g_autoptr(CareRecord) b = receive (f, other, "B-1", 100, "10");
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *item_a = NULL;
  g_autofree char *item_b = NULL;
  CareDispenseItem *a;
  guint failed = 0;

  /* An expired batch, received when it was still good. */
  care_clock_freeze (care_clock_get_real_time () - (gint64) 10 * G_TIME_SPAN_DAY);
  gone = receive (f, f->medicine_id, "A-GONE", 5, "30");
  care_clock_reset ();

  add (f->store, care_record_ref (rx));
  item_a = prescribe (f, f->medicine_id, "Testocillin", "20", care_record_get_id (rx));
  item_b = prescribe (f, other, "Otherol", "10", care_record_get_id (rx));
  order = make ("pharmacy_order", "prescription_id", care_record_get_id (rx), "patient_id",
                care_record_get (rx, "patient_id"), "status", "pending", NULL);
  add (f->store, care_record_ref (order));

  queue = care_stock_order_queue (f->store, &error);
  g_assert_no_error (error);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < queue->len; i++)
      {
        CareOrderEntry *entry = g_ptr_array_index (queue, i);

        if (g_strcmp0 (care_record_get_id (entry->order), care_record_get_id (order)) != 0)
          continue;
        found = TRUE;
        g_assert_cmpstr (entry->items, ==, "Otherol × 10, Testocillin × 20");
        g_assert_cmpstr (entry->prescriber_name, !=, NULL);
        g_assert_cmpstr (entry->patient_name, !=, NULL);
      }
    g_assert_true (found);
  }

  items = care_stock_dispense_items (f->store, order, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  a = g_ptr_array_index (items, 1);
  g_assert_cmpstr (care_record_get_id (a->item), ==, item_a);
  g_assert_cmpstr (care_record_get (a->suggested, "batch_number"), ==, "A-SOON");
  g_assert_cmpuint (a->batches->len, ==, 3);
  g_assert_cmpint (care_dispense_item_remaining (a), ==, 20);

  /* More than the batch holds, more than prescribed, an unsuggested batch
   * without a reason, an expired batch: refused, naming field and line. */
  {
    CareDispenseLine lines[] = {
      { item_b, care_record_get_id (b), 10, NULL },
      { item_a, care_record_get_id (soon), 16, NULL },
    };

    g_assert_false (care_stock_dispense (f->store, order, lines, 2, &failed, &error));
    assert_refused (error, CARE_RULE_ERROR_SHORTAGE, "quantity");
    g_assert_cmpuint (failed, ==, 1);
    g_clear_error (&error);
    lines[1].quantity = 21;
    lines[1].batch_id = care_record_get_id (later);
    g_assert_false (care_stock_dispense (f->store, order, lines, 2, &failed, &error));
    assert_refused (error, CARE_RULE_ERROR_INVALID, "quantity");
    g_clear_error (&error);
    lines[1].quantity = 5;
    g_assert_false (care_stock_dispense (f->store, order, lines, 2, &failed, &error));
    assert_refused (error, CARE_RULE_ERROR_INVALID, "reason");
    g_assert_cmpuint (failed, ==, 1);
    g_clear_error (&error);
    lines[1].batch_id = care_record_get_id (gone);
    lines[1].reason = "Patient asked";
    g_assert_false (care_stock_dispense (f->store, order, lines, 2, &failed, &error));
    assert_refused (error, CARE_RULE_ERROR_STATE, "batch_id");
    g_clear_error (&error);
    lines[0].quantity = lines[1].quantity = 0;
    g_assert_false (care_stock_dispense (f->store, order, lines, 2, &failed, &error));
    g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID);
    g_assert_cmpuint (failed, ==, G_MAXUINT);
    g_clear_error (&error);
  }
  /* Nothing of the refused attempts was written. */
  g_assert_cmpint (care_store_count_where (f->store, care_schema_lookup ("stock_movement"), "pharmacy_order_id",
                                           care_record_get_id (order)), ==, 0);

  /* Partial: all of B, the suggested batch's 15 of A. */
  {
    CareDispenseLine lines[] = {
      { item_b, care_record_get_id (b), 10, NULL },
      { item_a, care_record_get_id (soon), 15, NULL },
    };

    g_assert_true (care_stock_dispense (f->store, order, lines, 2, &failed, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (care_record_get (order, "status"), ==, "in_progress");
  }
  g_clear_pointer (&items, g_ptr_array_unref);
  items = care_stock_dispense_items (f->store, order, &error);
  a = g_ptr_array_index (items, 1);
  g_assert_cmpint (care_dispense_item_remaining (a), ==, 5);
  g_assert_cmpint (care_dispense_item_remaining (g_ptr_array_index (items, 0)), ==, 0);
  /* The emptied batch is no longer offered; the next to expire is. */
  g_assert_cmpstr (care_record_get (a->suggested, "batch_number"), ==, "A-LATER");

  /* The rest from the suggestion completes the order. */
  {
    CareDispenseLine lines[] = { { item_a, care_record_get_id (a->suggested), 5, NULL } };

    g_assert_true (care_stock_dispense (f->store, order, lines, 1, &failed, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (care_record_get (order, "status"), ==, "dispensed");
    g_assert_cmpstr (care_record_get (order, "dispensed_by"), ==, care_store_get_actor (f->store));
    g_assert_false (care_stock_dispense (f->store, order, lines, 1, &failed, &error));
    g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
    g_clear_error (&error);
  }
  g_assert_cmpint (care_store_count_where (f->store, care_schema_lookup ("stock_movement"), "pharmacy_order_id",
                                           care_record_get_id (order)), ==, 3);
  {
    g_autoptr(CareRecord) stored = care_store_get (f->store, care_schema_lookup ("stock_batch"), care_record_get_id (later), NULL);
    g_assert_cmpint (care_record_get_int (stored, "quantity", -1), ==, 45);
  }
  g_assert_true (care_stock_check_ledger (f->store, NULL, &error));
  g_assert_no_error (error);

  g_clear_pointer (&queue, g_ptr_array_unref);
  queue = care_stock_order_queue (f->store, &error);
  for (guint i = 0; i < queue->len; i++)
    g_assert_cmpstr (care_record_get_id (((CareOrderEntry *) g_ptr_array_index (queue, i))->order), !=,
                     care_record_get_id (order));
}

/* --- the stock list ---------------------------------------------------------- */

static guint
count_rows (Fixture         *f,
            const char      *text,
            CareStockFilter  filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = care_stock_rows (f->store, text, filter, 0, &error);

  g_assert_no_error (error);
  return rows->len;
}

static void
test_stock_rows (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *empty = new_medicine (f, "Zz Emptyol", "5");
  g_autofree char *fine = new_medicine (f, "Zz Fineol", "0");
  g_autoptr(CareRecord) soon = receive (f, f->medicine_id, "ZT-SOON", 20, "30");
  g_autoptr(CareRecord) good = receive (f, fine, "ZF-1", 400, "100");
  g_autoptr(CareRecord) gone = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  CareStockRow *row;

  care_clock_freeze (care_clock_get_real_time () - (gint64) 30 * G_TIME_SPAN_DAY);
  gone = receive (f, fine, "ZF-OLD", 10, "7");
  care_clock_reset ();

  rows = care_stock_rows (f->store, "zz", CARE_STOCK_FILTER_ALL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row->medicine_name, ==, "Zz Emptyol");
  g_assert_null (row->batch_id);
  g_assert_true (row->low);
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (row->batch_number, ==, "ZF-OLD");
  g_assert_cmpint (row->band, ==, CARE_EXPIRY_EXPIRED);
  /* Expired stock does not count as on hand. */
  g_assert_cmpint (row->on_hand, ==, 100);
  g_assert_false (row->low);

  /* Testocillin: 30 on hand under a reorder level of 40, expiring soon. */
  g_assert_cmpuint (count_rows (f, "Testo", CARE_STOCK_FILTER_LOW), ==, 1);
  g_assert_cmpuint (count_rows (f, "Testo", CARE_STOCK_FILTER_EXPIRING), ==, 1);
  g_assert_cmpuint (count_rows (f, "ZT-SOON", CARE_STOCK_FILTER_ALL), ==, 1);
  g_assert_cmpuint (count_rows (f, "zz", CARE_STOCK_FILTER_EXPIRED), ==, 1);
  g_assert_cmpuint (count_rows (f, "zz", CARE_STOCK_FILTER_LOW), ==, 1);
  g_assert_cmpuint (count_rows (f, "zz", CARE_STOCK_FILTER_ALERTS), ==, 2);
  g_assert_cmpuint (count_rows (f, "zz", CARE_STOCK_FILTER_EXPIRING), ==, 0);
  g_assert_cmpuint (count_rows (f, "nothing like it", CARE_STOCK_FILTER_ALL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stock/expiry-bands", test_expiry_bands);
  g_test_add_func ("/stock/fefo", test_fefo);
  g_test_add ("/stock/expiry-day-edges", Fixture, NULL, fixture_set_up, test_expiry_day_edges, fixture_tear_down);
  g_test_add ("/stock/ledger", Fixture, NULL, fixture_set_up, test_ledger, fixture_tear_down);
  g_test_add ("/stock/receive-refused", Fixture, NULL, fixture_set_up, test_receive_refused, fixture_tear_down);
  g_test_add ("/stock/dispense-order", Fixture, NULL, fixture_set_up, test_dispense_order, fixture_tear_down);
  g_test_add ("/stock/stock-take", Fixture, NULL, fixture_set_up, test_stock_take, fixture_tear_down);
  g_test_add ("/stock/rows", Fixture, NULL, fixture_set_up, test_stock_rows, fixture_tear_down);
  return g_test_run ();
}
