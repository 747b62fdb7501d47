/* test-doctor-page.c: the doctor's home lists today's patients and what waits; results reviewed, refills decided
 *
 * Runs under Xvfb against a real store, as a doctor. The clock stands
 * still on 7 December 2026 at 14:05 UTC.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-doctor-page"

#include "config.h"

#include "care-test-records.h"
#include "care-test-utils.h"
#include "doctor/care-doctor-page.h"

#define TIMEOUT_MS 10000

typedef struct {
  CareStore  *store;
  char       *doctor;
  char       *marta;
  char       *bruno;
  char       *carla;
  char       *critical_test;
  char       *refill;
  char       *rx;
  GtkWindow  *window;
  GtkWidget  *page;
} Fixture;

static char *
add_patient (CareStore  *store,
             const char *given,
             const char *family)
{
  return care_test_add_record (store, "patient", "given_name", given, "family_name", family,
                               "date_of_birth", "1960-01-15", "sex", "female", "status", "repeat", NULL);
}

static void
add_appointment (Fixture    *f,
                 const char *patient,
                 const char *starts_at,
                 const char *status,
                 const char *reason)
{
  g_free (care_test_add_record (f->store, "appointment", "patient_id", patient, "provider_id", f->doctor,
                                "starts_at", starts_at, "duration_minutes", "20", "type", "consultation",
                                "status", status, "reason", reason, NULL));
}

/* A verified test of the doctor's with one potassium result. */
static char *
add_verified_test (Fixture    *f,
                   const char *patient,
                   const char *name,
                   const char *value)
{
  char *test = care_test_add_record (f->store, "lab_test", "patient_id", patient, "requested_by", f->doctor,
                                     "test_name", name, "priority", "routine", "status", "verified",
                                     "completed_at", "2026-12-07T11:00:00Z", "verified_at", "2026-12-07T12:00:00Z", NULL);
  g_autoptr(CareRecord) result = care_record_new (care_schema_lookup ("lab_result"));
  g_autoptr(GError) error = NULL;
  g_autofree char *flag = NULL;

  care_record_set (result, "lab_test_id", test);
  care_record_set (result, "analyte", "Potassium");
  care_record_set (result, "value", value);
  care_record_set (result, "unit", "mmol/L");
  care_record_set (result, "reference_low", "3.5");
  care_record_set (result, "reference_high", "5.1");
  care_record_set (result, "critical_low", "2.5");
  care_record_set (result, "critical_high", "6.5");
  flag = care_lab_compute_flag (result);
  care_record_set (result, "flag", flag);
  g_assert_true (care_store_insert (f->store, result, &error));
  g_assert_no_error (error);
  return test;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 7, 14, 5, 0);
  g_autoptr(CareRecord) doctor = NULL;
  g_autoptr(CareSession) session = NULL;

  care_clock_freeze (g_date_time_to_unix (now) * G_USEC_PER_SEC);
  f->store = care_test_store_new_with_clinic ();
  doctor = care_test_add_staff (f->store, "ddoctor", "Dana Doctor", CARE_ROLE_DOCTOR);
  f->doctor = g_strdup (care_record_get_id (doctor));
  care_store_set_actor (f->store, f->doctor);
  f->marta = add_patient (f->store, "Marta", "Quintero");
  f->bruno = add_patient (f->store, "Bruno", "Alves");
  f->carla = add_patient (f->store, "Carla", "Mendes");

  add_appointment (f, f->marta, "2026-12-07T09:00:00Z", "completed", "Blood pressure review");
  add_appointment (f, f->bruno, "2026-12-07T14:00:00Z", "checked_in", "Cough for a week");
  add_appointment (f, f->carla, "2026-12-07T16:00:00Z", "cancelled", "Knee pain");
  add_appointment (f, f->carla, "2026-12-09T10:00:00Z", "requested", "Knee pain");
  g_free (care_test_add_record (f->store, "care_team_member", "patient_id", f->carla, "user_id", f->doctor,
                                "team_role", "Primary physician", NULL));
  g_free (add_verified_test (f, f->marta, "Electrolytes", "4.4"));
  f->critical_test = add_verified_test (f, f->bruno, "Potassium", "7.2");
  f->rx = care_test_add_record (f->store, "prescription", "patient_id", f->marta, "prescriber_id", f->doctor,
                                "issued_on", "2026-11-20", "status", "active", "refills_allowed", "2",
                                "refills_used", "0", NULL);
  g_free (care_test_add_record (f->store, "prescription_item", "prescription_id", f->rx, "medicine_name", "Amlodipine 5",
                                "dose", "5 mg", "frequency", "once a day", "quantity", "30", NULL));
  f->refill = care_test_add_record (f->store, "refill_request", "prescription_id", f->rx, "patient_id", f->marta,
                                    "status", "pending", "reason", "Running out on Friday", NULL);

  session = care_session_new (f->store, doctor);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 900);
  f->page = care_doctor_page_new (session);
  gtk_window_set_child (f->window, f->page);
  gtk_window_present (f->window);
  care_test_wait (100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  care_test_wait (50);
  g_clear_object (&f->store);
  g_free (f->doctor);
  g_free (f->marta);
  g_free (f->bruno);
  g_free (f->carla);
  g_free (f->critical_test);
  g_free (f->refill);
  g_free (f->rx);
  care_clock_reset ();
}

/* The rows of a list, in order. */
static GPtrArray *
rows_of (GtkWidget  *page,
         const char *list)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (care_test_must_find (page, list)); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      g_ptr_array_add (rows, child);
  return rows;
}

static const char *
row_title (GtkWidget *row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static const char *
row_subtitle (GtkWidget *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static const char *
count_text (GtkWidget  *page,
            const char *name)
{
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (care_test_must_find (page, name)));

  return gtk_label_get_text (GTK_LABEL (label));
}

static void
test_lists (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) queue = rows_of (f->page, "home-queue");
  g_autoptr(GPtrArray) today = rows_of (f->page, "home-appointments");
  g_autoptr(GPtrArray) results = rows_of (f->page, "home-results");
  g_autoptr(GPtrArray) refills = rows_of (f->page, "home-refills");
  g_autoptr(GPtrArray) patients = rows_of (f->page, "home-patients");

  care_test_keep_screenshot (GTK_WIDGET (f->window), "doctor-home.png");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (f->page, "home-day"))), ==, "Today, Monday 7 December");
  g_assert_cmpuint (queue->len, ==, 1);
  g_assert_cmpstr (row_title (queue->pdata[0]), ==, "Bruno Alves");
  g_assert_cmpstr (row_subtitle (queue->pdata[0]), ==, "Checked in · Cough for a week");
  /* The cancelled one is not listed, nor the request of another day. */
  g_assert_cmpuint (today->len, ==, 2);
  g_assert_cmpstr (row_title (today->pdata[0]), ==, "Marta Quintero");
  g_assert_cmpstr (row_title (today->pdata[1]), ==, "Bruno Alves");
  /* Critical first. */
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_cmpstr (row_title (results->pdata[0]), ==, "Bruno Alves — Potassium");
  g_assert_nonnull (care_test_find (results->pdata[0], "home-result-reviewed"));
  g_assert_cmpstr (row_title (results->pdata[1]), ==, "Marta Quintero — Electrolytes");
  g_assert_cmpuint (refills->len, ==, 1);
  g_assert_cmpstr (row_title (refills->pdata[0]), ==, "Marta Quintero");
  g_assert_nonnull (strstr (row_subtitle (refills->pdata[0]), "Amlodipine 5 5 mg once a day · 0 of 2 refills used"));
  g_assert_nonnull (strstr (row_subtitle (refills->pdata[0]), "Running out on Friday"));
  g_assert_cmpuint (patients->len, ==, 1);
  g_assert_cmpstr (row_title (patients->pdata[0]), ==, "Carla Mendes");
  g_assert_cmpstr (count_text (f->page, "home-results-count"), ==, "2\nresults to review");
  g_assert_cmpstr (count_text (f->page, "home-refills-count"), ==, "1\nrefill request");
  g_assert_cmpstr (count_text (f->page, "home-requests-count"), ==, "1\nappointment request");
}

static gboolean
n_rows_is (Fixture    *f,
           const char *list,
           guint       n)
{
  g_autoptr(GPtrArray) rows = rows_of (f->page, list);

  return rows->len == n;
}

static gboolean
one_result_left (gpointer data)
{
  return n_rows_is (data, "home-results", 1);
}

static gboolean
no_refill_left (gpointer data)
{
  return n_rows_is (data, "home-refills", 0);
}

static void
test_review (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) results = rows_of (f->page, "home-results");
  g_autoptr(CareRecord) test = NULL;

  care_test_click (care_test_must_find (results->pdata[0], "home-result-reviewed"));
  g_assert_true (care_test_wait_for (one_result_left, f, TIMEOUT_MS));
  test = care_store_get (f->store, care_schema_lookup ("lab_test"), f->critical_test, NULL);
  g_assert_cmpstr (care_record_get (test, "status"), ==, "reviewed");
  g_assert_cmpstr (care_record_get (test, "reviewed_by"), ==, f->doctor);
  g_assert_cmpstr (care_record_get (test, "reviewed_at"), ==, "2026-12-07T14:05:00.000Z");
  g_assert_cmpstr (count_text (f->page, "home-results-count"), ==, "1\nresult to review");
}

static void
test_refill (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) refills = rows_of (f->page, "home-refills");
  g_autoptr(CareRecord) refill = NULL;
  g_autoptr(CareRecord) rx = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  GtkWidget *row = refills->pdata[0];

  /* Refusing needs a reason, said under the reason. */
  care_test_click (care_test_must_find (row, "home-refill-refuse"));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (row, "home-refill-error")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (row, "home-refill-error"))), "Say why"));
  care_test_wait (50);
  care_test_keep_screenshot (GTK_WIDGET (f->window), "doctor-home-refill-error.png");

  care_test_click (care_test_must_find (row, "home-refill-approve"));
  g_assert_true (care_test_wait_for (no_refill_left, f, TIMEOUT_MS));
  refill = care_store_get (f->store, care_schema_lookup ("refill_request"), f->refill, NULL);
  g_assert_cmpstr (care_record_get (refill, "status"), ==, "approved");
  g_assert_cmpstr (care_record_get (refill, "decided_by"), ==, f->doctor);
  rx = care_store_get (f->store, care_schema_lookup ("prescription"), f->rx, NULL);
  g_assert_cmpint (care_record_get_int (rx, "refills_used", -1), ==, 1);
  orders = care_store_list (f->store, care_schema_lookup ("pharmacy_order"), "prescription_id", f->rx, NULL, 0, NULL);
  g_assert_cmpuint (orders->len, ==, 1);
}

/* In the app: the doctor's first page; a row opens the chart. */
static void
test_in_window (Fixture       *f,
                gconstpointer  data)
{
  CareWindow *window = care_test_window_new (f->store);
  GtkWidget *page, *row, *name;
  g_autoptr(GPtrArray) queue = NULL;

  g_assert_true (care_test_sign_in (window, "ddoctor", CARE_TEST_PASSWORD));
  g_assert_cmpstr (care_window_get_page_name (window), ==, "home");
  page = care_test_find (GTK_WIDGET (window), "page-home");
  g_assert_nonnull (page);
  queue = rows_of (page, "home-queue");
  row = queue->pdata[0];
  care_test_click (row);
  care_test_wait (50);
  g_assert_cmpstr (care_window_get_page_name (window), ==, "chart");
  name = care_test_find (GTK_WIDGET (window), "chart-name");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (name)), ==, "Bruno Alves");

  /* The requests count leads to Appointments. */
  care_window_show_page (window, "home");
  care_test_click (care_test_find (page, "home-requests-count"));
  g_assert_cmpstr (care_window_get_page_name (window), ==, "appointments");
  care_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/doctor-page/lists", test_lists);
  ADD ("/doctor-page/review", test_review);
  ADD ("/doctor-page/refill", test_refill);
  ADD ("/doctor-page/in-window", test_in_window);
  return g_test_run ();
}
