/* test-reports.c: the dashboard's cards and every report against a hand-made clinic, figure by figure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-store-sql.h"
#include "care-test-core.h"

typedef struct {
  char      *dir;
  CareStore *store;
  char      *ada;      /* doctors */
  char      *ben;
  char      *nurse;
} Fixture;

/* Inserts a record of entity with field, value pairs; returns its id. */
static char *
put (Fixture    *f,
     const char *entity,
     ...)
{
  g_autoptr(CareRecord) record = care_record_new (care_schema_lookup (entity));
  g_autoptr(GError) error = NULL;
  const char *key;
  va_list args;

  va_start (args, entity);
  while ((key = va_arg (args, const char *)))
    care_record_set (record, key, va_arg (args, const char *));
  va_end (args);
  /* Known-good rows written straight, as the demo generators do: the
   * reports read rows, whichever rules wrote them. */
  care_store_insert_full (f->store, record, FALSE, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (record));
}

static void
patient (Fixture    *f,
         const char *born,
         const char *country,
         const char *conditions)
{
  g_free (put (f, "patient", "given_name", "Test", "family_name", born, "date_of_birth", born, "sex", "female",
               "status", "new", "country", country, "conditions", conditions, NULL));
}

static void
appointment (Fixture    *f,
             const char *doctor,
             const char *starts_at,
             const char *status)
{
  g_free (put (f, "appointment", "patient_id", "p", "provider_id", doctor, "starts_at", starts_at,
               "duration_minutes", "20", "type", "consultation", "status", status, NULL));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tenant = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 15, 10, 0, 0);

  care_clock_freeze (g_date_time_to_unix (now) * G_USEC_PER_SEC);
  f->dir = care_test_tmpdir ();
  path = g_build_filename (f->dir, "clinic.sqlite", NULL);
  f->store = care_store_open (path, &error);
  g_assert_no_error (error);
  tenant = put (f, "tenant", "name", "Riverside Clinic", "currency", "GBP", NULL);
  care_store_set_tenant_id (f->store, tenant);

  f->ada = put (f, "user", "full_name", "Ada Doctor", "username", "ada", "role", "doctor", NULL);
  f->ben = put (f, "user", "full_name", "Ben Doctor", "username", "ben", "role", "doctor", NULL);
  f->nurse = put (f, "user", "full_name", "Nina Nurse", "username", "nina", "role", "nurse", NULL);

  /* Ages on 2026-03-31: 15, 18, 39, 65, 86. */
  patient (f, "2010-04-01", "Spain", "[\"asthma\",\"diabetes\"]");
  patient (f, "2008-03-31", "spain ", "[\"Diabetes\"]");
  patient (f, "1986-04-01", "Spain", "[\"asthma\"]");
  patient (f, "1961-03-31", "France", "[]");
  patient (f, "1940-01-01", NULL, NULL);

  appointment (f, f->ada, "2026-03-02T09:00:00Z", "completed");
  appointment (f, f->ada, "2026-03-03T09:00:00Z", "completed");
  appointment (f, f->ada, "2026-03-04T09:00:00Z", "cancelled");
  appointment (f, f->ada, "2026-03-20T09:00:00Z", "scheduled");
  appointment (f, f->ada, "2026-03-15T08:00:00Z", "cancelled");
  appointment (f, f->ben, "2026-03-05T09:00:00Z", "no_show");
  appointment (f, f->ben, "2026-03-15T14:00:00Z", "scheduled");
  /* Outside March. */
  appointment (f, f->ada, "2026-02-27T09:00:00Z", "completed");
  appointment (f, f->ada, "2026-04-01T00:00:00Z", "completed");

  for (guint i = 0; i < 2; i++)
    g_free (put (f, "clinical_note", "patient_id", "p", "author_id", f->ada, "note_type", "progress",
                 "title", "Review", "content", "Well", NULL));
  g_free (put (f, "clinical_note", "patient_id", "p", "author_id", f->nurse, "note_type", "progress",
               "title", "Obs", "content", "Fine", NULL));
  g_free (put (f, "prescription", "patient_id", "p", "prescriber_id", f->ben, "issued_on", "2026-03-10",
               "status", "active", NULL));
  g_free (put (f, "prescription", "patient_id", "p", "prescriber_id", f->ada, "issued_on", "2026-02-01",
               "status", "active", NULL));

  g_free (put (f, "invoice", "patient_id", "p", "status", "paid", "issued_on", "2026-03-02", "currency", "GBP",
               "total", "10000", NULL));
  g_free (put (f, "invoice", "patient_id", "p", "status", "issued", "issued_on", "2026-03-09", "currency", "GBP",
               "total", "2550", NULL));
  g_free (put (f, "invoice", "patient_id", "p", "status", "draft", "issued_on", "2026-03-10", "currency", "GBP",
               "total", "999", NULL));
  g_free (put (f, "invoice", "patient_id", "p", "status", "void", "issued_on", "2026-03-11", "currency", "GBP",
               "total", "5000", NULL));
  g_free (put (f, "invoice", "patient_id", "p", "status", "paid", "issued_on", "2025-12-31", "currency", "GBP",
               "total", "7000", NULL));
  g_free (put (f, "payment", "invoice_id", "i", "amount", "10000", "method", "cash",
               "received_at", "2026-03-03T10:00:00Z", NULL));
  g_free (put (f, "payment", "invoice_id", "i", "amount", "1000", "method", "card",
               "received_at", "2026-03-10T10:00:00Z", NULL));

  for (guint i = 0; i < 4; i++)
    {
      static const char *const statuses[] = { "requested", "completed", "reviewed", "cancelled" };

      g_free (put (f, "lab_test", "patient_id", "p", "requested_by", f->ada, "test_name", "FBC",
                   "priority", "routine", "status", statuses[i], NULL));
    }
  g_free (put (f, "bed", "room_id", "r", "label", "B1", "status", "occupied", NULL));
  g_free (put (f, "bed", "room_id", "r", "label", "B2", "status", "occupied", NULL));
  g_free (put (f, "bed", "room_id", "r", "label", "B3", "status", "available", NULL));

  {
    g_autofree char *low = put (f, "medicine", "name", "Amoxicillin", "form", "capsule", "reorder_level", "10", NULL);
    g_autofree char *fine = put (f, "medicine", "name", "Ibuprofen", "form", "tablet", "reorder_level", "10", NULL);
    g_autofree char *none = put (f, "medicine", "name", "Saline", "form", "other", "reorder_level", "0", NULL);

    g_free (put (f, "stock_batch", "medicine_id", low, "batch_number", "A1", "expiry_date", "2027-01-01",
                 "quantity", "5", NULL));
    g_free (put (f, "stock_batch", "medicine_id", low, "batch_number", "A0", "expiry_date", "2026-01-01",
                 "quantity", "20", NULL));
    g_free (put (f, "stock_batch", "medicine_id", fine, "batch_number", "I1", "expiry_date", "2027-01-01",
                 "quantity", "15", NULL));
    g_free (put (f, "stock_batch", "medicine_id", none, "batch_number", "S1", "expiry_date", "2027-01-01",
                 "quantity", "0", NULL));
  }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  care_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->ada);
  g_free (f->ben);
  g_free (f->nurse);
  care_clock_reset ();
}

static CareReport *
run (Fixture       *f,
     CareReportKind kind,
     const char    *from,
     const char    *to)
{
  g_autoptr(GError) error = NULL;
  CareReport *report = care_reports_run (f->store, kind, from, to, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* The report's rows as "label=v1/v2…;…". */
static char *
rows_of (CareReport *report)
{
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < report->categories->len; c++)
    {
      g_string_append_printf (out, "%s%s=", c ? ";" : "", (const char *) g_ptr_array_index (report->categories, c));
      for (guint s = 0; s < report->series->len; s++)
        g_string_append_printf (out, "%s%" G_GINT64_FORMAT, s ? "/" : "", care_report_value (report, c, s));
    }
  return g_string_free (out, FALSE);
}

static void
assert_rows (Fixture       *f,
             CareReportKind kind,
             const char    *from,
             const char    *to,
             const char    *expected)
{
  g_autoptr(CareReport) report = run (f, kind, from, to);
  g_autofree char *rows = rows_of (report);

  g_assert_cmpstr (rows, ==, expected);
}

static void
test_cards (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareReportCards) cards = care_reports_cards (f->store, "2026-03-01", "2026-03-31", &error);

  g_assert_no_error (error);
  g_assert_cmpint (cards->patients, ==, 5);
  g_assert_cmpint (cards->appointments_today, ==, 1);
  g_assert_cmpint (cards->earnings, ==, 12550);
  g_assert_cmpstr (cards->currency, ==, "GBP");
  g_assert_cmpint (cards->open_lab_tests, ==, 2);
  g_assert_cmpint (cards->occupied_beds, ==, 2);
  g_assert_cmpint (cards->beds, ==, 3);
  g_assert_cmpint (cards->low_stock, ==, 1);
}

static void
test_appointments (Fixture       *f,
                   gconstpointer  data)
{
  assert_rows (f, CARE_REPORT_APPOINTMENTS_BY_STATUS, "2026-03-01", "2026-03-31",
               "Scheduled=2;Completed=2;Cancelled=2;No-show=1");
  assert_rows (f, CARE_REPORT_APPOINTMENTS_BY_DOCTOR, "2026-03-01", "2026-03-31",
               "Ada Doctor=2/1/2;Ben Doctor=0/1/1");
  /* The period's last day counts whole; the next day's first minute does not. */
  assert_rows (f, CARE_REPORT_APPOINTMENTS_BY_STATUS, "2026-02-27", "2026-03-31",
               "Scheduled=2;Completed=3;Cancelled=2;No-show=1");
  assert_rows (f, CARE_REPORT_APPOINTMENTS_BY_STATUS, "2026-05-01", "2026-05-31", "");
}

static void
test_doctor_activity (Fixture       *f,
                      gconstpointer  data)
{
  assert_rows (f, CARE_REPORT_DOCTOR_ACTIVITY, "2026-03-01", "2026-03-31", "Ada Doctor=3/2/0;Ben Doctor=2/0/1");
  assert_rows (f, CARE_REPORT_DOCTOR_ACTIVITY, "2026-02-01", "2026-02-28", "Ada Doctor=1/0/1;Ben Doctor=0/0/0");
}

static void
test_earnings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CareReport) weeks = run (f, CARE_REPORT_EARNINGS_BY_WEEK, "2026-03-01", "2026-03-31");
  g_autofree char *csv = care_report_to_csv (weeks);

  g_assert_true (weeks->money);
  g_assert_cmpstr (weeks->currency, ==, "GBP");
  g_assert_cmpstr (csv, ==,
                   "Week from,Invoiced,Received\r\n"
                   "2026-02-23,0.00,0.00\r\n"
                   "2026-03-02,100.00,100.00\r\n"
                   "2026-03-09,25.50,10.00\r\n"
                   "2026-03-16,0.00,0.00\r\n"
                   "2026-03-23,0.00,0.00\r\n"
                   "2026-03-30,0.00,0.00\r\n");
  assert_rows (f, CARE_REPORT_EARNINGS_BY_MONTH, "2025-12-01", "2026-03-31",
               "2025-12=7000/0;2026-01=0/0;2026-02=0/0;2026-03=12550/11000");
  assert_rows (f, CARE_REPORT_EARNINGS_BY_YEAR, "2025-01-01", "2026-12-31", "2025=7000/0;2026=12550/11000");
}

static void
test_patients (Fixture       *f,
               gconstpointer  data)
{
  assert_rows (f, CARE_REPORT_PATIENTS_BY_CONDITION, "2026-03-01", "2026-03-31", "asthma=2;Diabetes=2");
  assert_rows (f, CARE_REPORT_PATIENTS_BY_COUNTRY, "2026-03-01", "2026-03-31", "Spain=3;France=1;Not recorded=1");
  assert_rows (f, CARE_REPORT_PATIENTS_BY_AGE, "2026-03-01", "2026-03-31",
               "0–17=1;18–39=2;40–64=0;65–79=1;80 and over=1");
  /* Registered on 15 March: not yet on the register at the end of February. */
  assert_rows (f, CARE_REPORT_PATIENTS_BY_COUNTRY, "2026-02-01", "2026-02-28", "");
}

static void
test_csv_and_words (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CareReport) report = run (f, CARE_REPORT_PATIENTS_BY_COUNTRY, "2026-03-01", "2026-03-31");
  g_autoptr(CareReport) copy = care_report_copy (report);
  g_autofree char *csv = NULL;
  g_autofree char *words = NULL;

  g_free (g_ptr_array_index (copy->categories, 0));
  g_ptr_array_index (copy->categories, 0) = g_strdup ("Côte d'Ivoire, \"CI\"");
  csv = care_report_to_csv (copy);
  g_assert_cmpstr (csv, ==, "Country,Patients\r\n\"Côte d'Ivoire, \"\"CI\"\"\",3\r\nFrance,1\r\nNot recorded,1\r\n");
  words = care_report_describe (report);
  g_assert_cmpstr (words, ==, "Spain: Patients 3. France: Patients 1. Not recorded: Patients 1.");
}

static void
test_periods (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 15, 10, 0, 0);
  static const struct { CareReportPeriod period; const char *from; } cases[] = {
    { CARE_REPORT_PERIOD_WEEK, "2026-03-09" },
    { CARE_REPORT_PERIOD_MONTH, "2026-02-14" },
    { CARE_REPORT_PERIOD_THIS_MONTH, "2026-03-01" },
    { CARE_REPORT_PERIOD_THIS_YEAR, "2026-01-01" },
    { CARE_REPORT_PERIOD_FIVE_YEARS, "2021-03-16" },
  };

  care_clock_freeze (g_date_time_to_unix (now) * G_USEC_PER_SEC);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      care_report_period_dates (cases[i].period, &from, &to);
      g_assert_cmpstr (from, ==, cases[i].from);
      g_assert_cmpstr (to, ==, "2026-03-15");
    }
  care_clock_reset ();
}

int
main (int   argc,
      char *argv[])
{
  /* Day boundaries are local: the figures above are for a clinic on UTC. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/reports/cards", test_cards);
  ADD ("/reports/appointments", test_appointments);
  ADD ("/reports/doctor-activity", test_doctor_activity);
  ADD ("/reports/earnings", test_earnings);
  ADD ("/reports/patients", test_patients);
  ADD ("/reports/csv-and-words", test_csv_and_words);
#undef ADD
  g_test_add_func ("/reports/periods", test_periods);
  return g_test_run ();
}
