/* care-print-bench.c: how fast invoices and lab reports become PDFs
 *
 *   _build/main/bench/print/care-print-bench [runs] [batch]
 *
 * In process, from a real store file, fonts warmed by a few renders first:
 * the median time of one-page invoices and of lab reports over `runs`
 * renders (200), then pages per second over a batch of `batch` (1000)
 * different invoices. Compare with /work/shared/limits/pdf_limit.c run
 * beside it (see BENCHMARKS.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "../care-bench-stats.h"

#include "care-billing.h"
#include "care-invoice-document.h"
#include "care-lab-report-document.h"
#include "care-poppler.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

static CareRecord *
add_patient (CareStore  *store,
             guint       i)
{
  static const char *const given[] = { "María", "مريم", "小明", "Kwame", "Zoë", "Ibrahim" };
  static const char *const family[] = { "López García", "الحسن", "王", "Mensah", "Ångström", "Okafor" };
  CareRecord *patient = care_record_new (care_schema_lookup ("patient"));
  g_autofree char *mrn = care_store_next_number (store, "mrn", NULL);

  care_record_set (patient, "given_name", given[i % G_N_ELEMENTS (given)]);
  care_record_set (patient, "family_name", family[i % G_N_ELEMENTS (family)]);
  care_record_set (patient, "date_of_birth", "1980-05-17");
  care_record_set (patient, "sex", "female");
  care_record_set (patient, "status", "repeat");
  care_record_set (patient, "mrn", mrn);
  care_record_set (patient, "address_line", "4 Harbour Road");
  care_record_set (patient, "city", "Riverside");
  care_record_set (patient, "country", "United Kingdom");
  if (!care_store_insert (store, patient, NULL))
    g_error ("cannot add a patient");
  return patient;
}

static CareRecord *
add_invoice (CareStore *store,
             guint      i,
             guint      n_lines)
{
  static const char *const descriptions[] = {
    "General consultation", "Full blood count", "Amoxicillin 500 mg capsules",
    "Wound dressing, small", "Bed day, general ward", "ECG, 12 lead", "Chest X-ray",
  };
  g_autoptr(CareRecord) patient = add_patient (store, i);
  g_autoptr(GError) error = NULL;
  CareRecord *invoice = care_billing_create_invoice (store, care_record_get_id (patient), NULL, &error);

  if (invoice == NULL)
    g_error ("%s", error->message);
  for (guint k = 0; k < n_lines; k++)
    {
      g_autoptr(CareRecord) item = care_billing_item_new (k % 2 ? "medicine" : "procedure",
                                                          descriptions[(i + k) % G_N_ELEMENTS (descriptions)],
                                                          1 + k % 3, 1250 + 75 * k, k == 2 ? 100 : 0,
                                                          k % 3 ? "20" : "0");
      if (!care_billing_add_item (store, care_record_get_id (invoice), item, &error))
        g_error ("%s", error->message);
    }
  if (!care_billing_issue (store, care_record_get_id (invoice), NULL, NULL, &error))
    g_error ("%s", error->message);
  {
    CareRecord *issued = care_store_get (store, care_schema_lookup ("invoice"), care_record_get_id (invoice), NULL);
    care_record_unref (invoice);
    return issued;
  }
}

static CareRecord *
add_lab_test (CareStore *store)
{
  static const struct { const char *analyte, *value, *unit, *low, *high; } results[] = {
    { "Haemoglobin", "10.1", "g/dL", "12", "16" },
    { "White cell count", "13.2", "10^9/L", "4", "11" },
    { "Platelets", "250", "10^9/L", "150", "400" },
    { "Sodium", "139", "mmol/L", "135", "145" },
    { "Potassium", "5.6", "mmol/L", "3.5", "5.1" },
    { "Creatinine", "88", "µmol/L", "45", "90" },
    { "Glucose (fasting)", "6.4", "mmol/L", "3.9", "5.5" },
    { "CRP", "3", "mg/L", NULL, "5" },
  };
  g_autoptr(CareRecord) patient = add_patient (store, 1);
  g_autoptr(CareRecord) doctor = care_accounts_find_login (store, "doctor");
  g_autoptr(CareRecord) lab = care_accounts_find_login (store, "lab");
  CareRecord *test = care_record_new (care_schema_lookup ("lab_test"));

  care_record_set (test, "patient_id", care_record_get_id (patient));
  care_record_set (test, "requested_by", care_record_get_id (doctor));
  care_record_set (test, "technician_id", care_record_get_id (lab));
  care_record_set (test, "reviewed_by", care_record_get_id (doctor));
  care_record_set (test, "test_name", "Basic metabolic panel with full blood count");
  care_record_set (test, "specimen", "Venous blood");
  care_record_set (test, "method", "Automated analyser");
  care_record_set (test, "priority", "routine");
  care_record_set (test, "status", "completed");
  care_record_set (test, "completed_at", "2026-01-12T11:05:00Z");
  if (!care_store_insert (store, test, NULL))
    g_error ("cannot add the test");
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(CareRecord) r = care_record_new (care_schema_lookup ("lab_result"));

      care_record_set (r, "lab_test_id", care_record_get_id (test));
      care_record_set (r, "analyte", results[i].analyte);
      care_record_set (r, "value", results[i].value);
      care_record_set (r, "unit", results[i].unit);
      care_record_set (r, "reference_low", results[i].low);
      care_record_set (r, "reference_high", results[i].high);
      if (!care_store_insert (store, r, NULL))
        g_error ("cannot add a result");
    }
  return test;
}

static guint
count_pages (GBytes *pdf)
{
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, NULL);
  return doc ? poppler_document_get_n_pages (doc) : 0;
}

int
main (int   argc,
      char *argv[])
{
  guint runs = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 200;
  guint batch = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 1000;
  g_autofree char *dir = g_dir_make_tmp ("caredesk-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = care_store_open (path, &error);
  g_autoptr(CareRecord) admin = NULL;
  g_autoptr(CareRecord) invoice = NULL;
  g_autoptr(CareRecord) test = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) batch_invoices = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  gsize pdf_size = 0;
  guint pages = 0;
  double t0, elapsed, store_ms;

  if (store == NULL || !care_demo_populate (store, 0, &error))
    g_error ("%s", error->message);
  admin = care_accounts_find_login (store, "admin");
  care_store_set_actor (store, care_record_get_id (admin));

  invoice = add_invoice (store, 0, 8);
  test = add_lab_test (store);

  /* Warm the fonts (Latin, Arabic, CJK) and caches. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GBytes) a = care_invoice_document_render (store, invoice, NULL);
      g_autoptr(GBytes) b = care_lab_report_document_render (store, test, NULL);
    }

  /* One-page invoice (8 lines). */
  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GBytes) pdf = NULL;
      double t = g_get_monotonic_time ();

      pdf = care_invoice_document_render (store, invoice, &error);
      { double ms = (g_get_monotonic_time () - t) / 1000.0; g_array_append_val (times, ms); }
      if (pdf == NULL)
        g_error ("%s", error->message);
      pdf_size = g_bytes_get_size (pdf);
      if (i == 0)
        pages = count_pages (pdf);
    }
  g_print ("invoice (8 lines, %u page, %" G_GSIZE_FORMAT " bytes): median %.2f ms over %u\n",
           pages, pdf_size, median (times), runs);

  /* Of which reading the store. */
  g_array_set_size (times, 0);
  for (guint i = 0; i < runs; i++)
    {
      double t = g_get_monotonic_time ();
      g_autoptr(CareRecord) clinic = care_store_get_clinic (store);
      g_autoptr(CareRecord) patient = care_store_get (store, care_schema_lookup ("patient"), care_record_get (invoice, "patient_id"), NULL);
      g_autoptr(GPtrArray) items = care_billing_list_items (store, care_record_get_id (invoice), NULL);
      g_autoptr(GPtrArray) payments = care_billing_list_payments (store, care_record_get_id (invoice), NULL);

      { double ms = (g_get_monotonic_time () - t) / 1000.0; g_array_append_val (times, ms); }
    }
  store_ms = median (times);
  g_print ("  of which store reads: median %.3f ms\n", store_ms);

  /* Lab report (8 analytes). */
  g_array_set_size (times, 0);
  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GBytes) pdf = NULL;
      double t = g_get_monotonic_time ();

      pdf = care_lab_report_document_render (store, test, &error);
      { double ms = (g_get_monotonic_time () - t) / 1000.0; g_array_append_val (times, ms); }
      if (pdf == NULL)
        g_error ("%s", error->message);
      pdf_size = g_bytes_get_size (pdf);
    }
  g_print ("lab report (8 analytes, %" G_GSIZE_FORMAT " bytes): median %.2f ms over %u\n",
           pdf_size, median (times), runs);

  /* A batch of different invoices (1 to 40 lines: mostly one page). */
  if (!care_store_begin (store, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < batch; i++)
    g_ptr_array_add (batch_invoices, add_invoice (store, i + 1, 1 + (i * 7) % 40));
  if (!care_store_commit (store, &error))
    g_error ("%s", error->message);

  pages = 0;
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < batch_invoices->len; i++)
    {
      g_autoptr(GBytes) pdf = care_invoice_document_render (store, g_ptr_array_index (batch_invoices, i), &error);

      if (pdf == NULL)
        g_error ("%s", error->message);
      pdf_size += g_bytes_get_size (pdf);
    }
  elapsed = (g_get_monotonic_time () - t0) / 1e6;
  /* Count pages outside the timed loop. */
  for (guint i = 0; i < batch_invoices->len; i++)
    {
      g_autoptr(GBytes) pdf = care_invoice_document_render (store, g_ptr_array_index (batch_invoices, i), NULL);
      pages += count_pages (pdf);
    }
  g_print ("batch: %u invoices, %u pages in %.2f s: %.0f pages/s, %.2f ms per invoice\n",
           batch, pages, elapsed, pages / elapsed, elapsed * 1000 / batch);

  g_clear_object (&store);
  care_bench_remove_dir (dir);
  return 0;
}
