/* care-stock-bench.c: the pharmacy's stock list over 20,000 batches, and dispensing an order of 10 items
 *
 * A store of 2,000 medicines with 10 batches each (every batch with its
 * receipt in the ledger; expiries spread from a year ago to three years
 * on). Times (median of RUNS) care_stock_rows() as the stock view asks
 * (a search or an alert filter, at most 300 rows), and
 * care_stock_dispense() of a new order of 10 items from the suggested
 * batches, which checks every line, writes 10 movements, 10 batches, the
 * order and the patient's draft invoice with its 10 lines, and commits. Targets: filter ≤ 20 ms, dispense ≤ 10 ms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-stock-bench"

#include "config.h"

#include "care-bench-stats.h"

#include <locale.h>

#include <glib/gstdio.h>

#include "caredesk-core.h"
#include "care-store-sql.h"

#define N_MEDICINES 2000
#define N_BATCHES   10
#define RUNS        31
#define VIEW_ROWS   300

static char *bench_user;

static char *
insert (CareStore  *store,
        gboolean    validate,
        const char *entity,
        ...)
{
  g_autoptr(CareRecord) r = care_record_new (care_schema_lookup (entity));
  g_autoptr(GError) error = NULL;
  const char *name;
  va_list args;

  va_start (args, entity);
  while ((name = va_arg (args, const char *)))
    care_record_set (r, name, va_arg (args, const char *));
  va_end (args);
  if (!care_store_insert_full (store, r, validate, &error))
    g_error ("%s", error->message);
  return g_strdup (care_record_get_id (r));
}

static char *
day (int days)
{
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static GPtrArray *
fill (CareStore *store)
{
  GPtrArray *medicines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *received = day (-400);
  char n[32];

  care_store_begin (store, NULL);
  for (guint m = 0; m < N_MEDICINES; m++)
    {
      g_autofree char *name = g_strdup_printf ("Medicine %04u", m);
      char *id;

      g_snprintf (n, sizeof n, "%u", 100 + (m % 7) * 50);
      id = insert (store, FALSE, "medicine", "name", name, "form", "tablet", "strength", "10 mg", "reorder_level", n, NULL);
      g_ptr_array_add (medicines, id);
      for (guint b = 0; b < N_BATCHES; b++)
        {
          g_autofree char *number = g_strdup_printf ("L%04u-%02u", m, b);
          g_autofree char *expiry = day (-365 + (int) ((m * 37 + b * 113) % 1460));
          g_autofree char *batch = NULL;
          g_autofree char *movement = NULL;

          g_snprintf (n, sizeof n, "%u", 5 + (m + b) % 60);
          batch = insert (store, FALSE, "stock_batch", "medicine_id", id, "batch_number", number, "expiry_date", expiry,
                          "quantity", n, "received_on", received, NULL);
          movement = insert (store, FALSE, "stock_movement", "batch_id", batch, "medicine_id", id, "kind", "receipt",
                             "quantity", n, "actor_id", bench_user, "at", "2025-01-01T09:00:00Z", NULL);
        }
    }
  care_store_commit (store, NULL);
  return medicines;
}

static double
time_rows (CareStore       *store,
           const char      *text,
           CareStockFilter  filter,
           guint           *n_rows)
{
  double ms[RUNS];

  for (guint r = 0; r < RUNS; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) rows = care_stock_rows (store, text, filter, VIEW_ROWS, NULL);

      ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      *n_rows = rows->len;
    }
  return care_bench_median (ms, RUNS);
}

static double
time_dispense (CareStore *store,
               GPtrArray *medicines)
{
  double ms[RUNS];
  g_autofree char *today = day (0);

  for (guint r = 0; r < RUNS; r++)
    {
      /* Each order is another patient's, billed on their own draft. */
      g_autofree char *patient = insert (store, FALSE, "patient", "given_name", "Bench", "family_name", "Patient",
                                         "date_of_birth", "1980-01-01", "sex", "female", "status", "new", NULL);
      g_autofree char *rx = insert (store, FALSE, "prescription", "patient_id", patient, "prescriber_id", bench_user,
                                    "issued_on", today, "status", "active", NULL);
      g_autofree char *order_id = NULL;
      g_autoptr(CareRecord) order = NULL;
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(GError) error = NULL;
      CareDispenseLine lines[10];
      gint64 start;

      for (guint i = 0; i < 10; i++)
        {
          const char *medicine = g_ptr_array_index (medicines, (r * 10 + i) * 3 % medicines->len);
          g_autofree char *item = insert (store, FALSE, "prescription_item", "prescription_id", rx, "medicine_id", medicine,
                                          "medicine_name", "Medicine", "dose", "10 mg", "frequency", "once a day",
                                          "quantity", "2", NULL);
        }
      order_id = insert (store, FALSE, "pharmacy_order", "prescription_id", rx, "patient_id", patient, "status", "pending", NULL);
      order = care_store_get (store, care_schema_lookup ("pharmacy_order"), order_id, NULL);
      items = care_stock_dispense_items (store, order, NULL);
      for (guint i = 0; i < 10; i++)
        {
          CareDispenseItem *item = g_ptr_array_index (items, i);

          lines[i] = (CareDispenseLine) { care_record_get_id (item->item),
                                          item->suggested ? care_record_get_id (item->suggested) : NULL, 2, NULL };
        }
      start = g_get_monotonic_time ();
      if (!care_stock_dispense (store, order, lines, 10, NULL, &error))
        g_error ("%s", error->message);
      ms[r] = (g_get_monotonic_time () - start) / 1000.0;
    }
  return care_bench_median (ms, RUNS);
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("caredesk-stock-bench-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "stock.sqlite", NULL);
  g_autoptr(CareStore) store = care_store_open (path, &error);
  g_autoptr(GPtrArray) medicines = NULL;
  static const struct { const char *what; const char *text; CareStockFilter filter; } queries[] = {
    { "everything (first 300)", NULL, CARE_STOCK_FILTER_ALL },
    { "search \"Medicine 12\"", "Medicine 12", CARE_STOCK_FILTER_ALL },
    { "search a lot \"L1999-0\"", "L1999-0", CARE_STOCK_FILTER_ALL },
    { "alerts", NULL, CARE_STOCK_FILTER_ALERTS },
    { "expired", NULL, CARE_STOCK_FILTER_EXPIRED },
    { "below reorder level", NULL, CARE_STOCK_FILTER_LOW },
  };
  gint64 start;
  guint n_rows = 0;

  setlocale (LC_ALL, "");
  if (store == NULL)
    g_error ("%s", error->message);
  care_store_set_tenant_id (store, "bench-clinic");
  /* The clinic: dispensing bills the patient's draft invoice in its currency. */
  g_free (insert (store, FALSE, "tenant", "id", "bench-clinic", "name", "Bench Clinic", "currency", "GBP", NULL));
  {
    g_autofree char *user = insert (store, FALSE, "user", "full_name", "Bench Pharmacist", "username", "bench",
                                    "role", "pharmacist", NULL);

    care_store_set_actor (store, user);
    bench_user = g_strdup (user);
  }
  start = g_get_monotonic_time ();
  medicines = fill (store);
  g_print ("filled %u batches in %.0f ms\n", N_MEDICINES * N_BATCHES, (g_get_monotonic_time () - start) / 1000.0);

  g_print ("| stock list (%u batches) | median | rows | target |\n|---|---|---|---|\n", N_MEDICINES * N_BATCHES);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      double ms = time_rows (store, queries[i].text, queries[i].filter, &n_rows);

      g_print ("| %s | %.2f ms | %u | ≤ 20 ms |\n", queries[i].what, ms, n_rows);
    }
  g_print ("| dispense an order of 10 items (commit) | %.2f ms | — | ≤ 10 ms |\n", time_dispense (store, medicines));
  if (!care_stock_check_ledger (store, NULL, &error))
    g_error ("%s", error->message);

  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return 0;
}
