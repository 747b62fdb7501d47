/* test-vitals-page.c: recording, refusing and amending vitals, and what the charts show
 *
 * Runs under Xvfb against a real store, the page in a real window, signed
 * in as a nurse. The clock stands still on 7 December 2026 at 14:05 UTC.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-vitals-page"

#include "config.h"

#include "care-test-utils.h"
#include "vitals/care-vitals-chart.h"
#include "vitals/care-vitals-dialog.h"
#include "vitals/care-vitals-page.h"

#define TIMEOUT_MS 10000

typedef struct {
  CareStore  *store;
  char       *patient;
  GtkWindow  *window;
  GtkWidget  *page;
} Fixture;

static CareSession *
session_as (CareStore  *store,
            const char *username,
            const char *role)
{
  g_autoptr(CareRecord) user = care_test_add_staff (store, username, "Nora Staff", role);

  return care_session_new (store, user);
}

static char *
add_set (Fixture    *f,
         const char *recorded_at,
         const char *pulse)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) set = care_record_new (care_schema_lookup ("vitals"));

  care_record_set (set, "patient_id", f->patient);
  care_record_set (set, "recorded_at", recorded_at);
  care_record_set (set, "pulse", pulse);
  care_record_set (set, "respiratory_rate", "16");
  g_assert_true (care_store_insert (f->store, set, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (set));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 7, 14, 5, 0);
  g_autoptr(CareSession) session = NULL;
  g_autoptr(CareRecord) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mrn = NULL;

  care_clock_freeze (g_date_time_to_unix (now) * G_USEC_PER_SEC);
  f->store = care_test_store_new_with_clinic ();
  patient = care_record_new (care_schema_lookup ("patient"));
  mrn = care_store_next_number (f->store, "mrn", NULL);
  care_record_set (patient, "given_name", "Marta");
  care_record_set (patient, "family_name", "Quintero");
  care_record_set (patient, "date_of_birth", "1951-06-02");
  care_record_set (patient, "sex", "female");
  care_record_set (patient, "status", "repeat");
  care_record_set (patient, "mrn", mrn);
  g_assert_true (care_store_insert (f->store, patient, &error));
  g_assert_no_error (error);
  f->patient = g_strdup (care_record_get_id (patient));
  g_free (add_set (f, "2026-12-07T06:00:00Z", "72"));
  g_free (add_set (f, "2026-12-07T10:00:00Z", "96"));

  session = session_as (f->store, "nnurse", CARE_ROLE_NURSE);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 900);
  f->page = care_vitals_page_new (session);
  gtk_window_set_child (f->window, f->page);
  gtk_window_present (f->window);
  care_test_wait (100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *dialog;

  while ((dialog = care_test_find_window ("vitals-dialog")))
    gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (f->window);
  care_test_wait (50);
  g_clear_object (&f->store);
  g_free (f->patient);
  care_clock_reset ();
}

static CareVitalsChart *
pulse_chart (Fixture *f)
{
  return CARE_VITALS_CHART (care_vitals_page_get_chart (CARE_VITALS_PAGE (f->page), "pulse"));
}

static const char *
chart_description (CareVitalsChart *chart)
{
  /* What a screen reader is told is the chart's summary. */
  return care_vitals_chart_get_summary (chart);
}

/* Found with the patient search, as the nurse would. */
static void
find_patient (Fixture *f)
{
  care_test_type (care_test_must_find (f->page, "vitals-patient-search"), "Quinte");
  g_assert_nonnull (care_test_wait_for_widget ("vitals-patient-result", TIMEOUT_MS));
  care_test_click (care_test_must_find (f->page, "vitals-patient-result"));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (f->page, "vitals-record")));
}

static GtkWidget *
open_dialog (Fixture    *f,
             const char *button)
{
  care_test_click (care_test_must_find (f->page, button));
  g_assert_nonnull (care_test_wait_for_widget ("vitals-dialog", TIMEOUT_MS));
  return care_test_find_window ("vitals-dialog");
}

static gint64
n_sets (Fixture *f)
{
  return care_store_count (f->store, care_schema_lookup ("vitals"));
}

static gboolean
dialog_closed (gpointer data)
{
  return care_test_find_window ("vitals-dialog") == NULL;
}

/* A full set typed in: NEWS2 follows as it is typed, the set is in the
 * store with that score, and the pulse chart has one more reading. */
static void
test_record (Fixture       *f,
             gconstpointer  data)
{
  CareVitalsChart *chart = pulse_chart (f);
  GtkWidget *dialog;
  g_autoptr(GPtrArray) sets = NULL;
  CareNews2 news2;

  find_patient (f);
  g_assert_cmpuint (care_vitals_chart_get_n_points (chart), ==, 2);
  g_assert_nonnull (strstr (chart_description (chart), "2 readings in the last 7 days"));
  g_assert_nonnull (strstr (chart_description (chart), "latest 96 /min at 10:00"));
  g_assert_nonnull (strstr (chart_description (chart), "1 outside the normal range"));

  dialog = open_dialog (f, "vitals-record");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (dialog, "vitals-dialog-news2"))), ==, "NEWS2 0");
  care_test_type (care_test_must_find (dialog, "field-systolic"), "120");
  care_test_type (care_test_must_find (dialog, "field-diastolic"), "80");
  care_test_type (care_test_must_find (dialog, "field-pulse"), "88");
  care_test_type (care_test_must_find (dialog, "field-respiratory_rate"), "22");   /* 2 */
  care_test_type (care_test_must_find (dialog, "field-spo2"), "95");               /* 1 */
  care_test_type (care_test_must_find (dialog, "field-temperature_c"), "37.0");
  care_record_form_set_text (care_vitals_dialog_get_form (CARE_VITALS_DIALOG (dialog)), "consciousness", "alert");
  care_test_type (care_test_must_find (dialog, "field-weight_kg"), "70");
  care_test_type (care_test_must_find (dialog, "field-height_cm"), "175");
  care_test_type (care_test_must_find (dialog, "field-pain_score"), "2");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (dialog, "vitals-dialog-news2"))), ==, "NEWS2 3");
  g_assert_true (gtk_widget_has_css_class (care_test_must_find (dialog, "vitals-dialog-news2"), "news2-low"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (dialog, "vitals-dialog-bmi"))), ==, "BMI 22.9");
  care_test_click (care_test_must_find (dialog, "vitals-save"));
  g_assert_true (care_test_wait_for (dialog_closed, NULL, TIMEOUT_MS));

  g_assert_cmpint (n_sets (f), ==, 3);
  sets = care_vitals_series (f->store, f->patient, NULL);
  g_assert_cmpuint (sets->len, ==, 3);
  g_assert_cmpstr (care_record_get (sets->pdata[2], "pulse"), ==, "88");
  g_assert_cmpstr (care_record_get (sets->pdata[2], "bmi"), ==, "22.9");
  g_assert_cmpstr (care_record_get (sets->pdata[2], "pain_score"), ==, "2");
  g_assert_nonnull (care_record_get (sets->pdata[2], "recorded_by"));
  g_assert_true (care_news2_from_vitals (sets->pdata[2], &news2));
  g_assert_cmpint (news2.total, ==, 3);
  g_assert_true (news2.complete);
  g_assert_cmpint (news2.risk, ==, CARE_NEWS2_RISK_LOW);

  g_assert_cmpuint (care_vitals_chart_get_n_points (chart), ==, 3);
  g_assert_nonnull (strstr (chart_description (chart), "3 readings in the last 7 days"));
  g_assert_nonnull (strstr (chart_description (chart), "latest 88 /min at 14:05"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (f->page, "vitals-news2"))), ==, "NEWS2 3");

  /* The span toggle: everything of the last 24 hours, then an empty 24 h
   * a week later. */
  care_test_click (care_test_must_find (f->page, "vitals-span-day"));
  g_assert_cmpint (care_vitals_chart_get_span (chart), ==, CARE_VITALS_SPAN_DAY);
  g_assert_cmpuint (care_vitals_chart_get_n_points (chart), ==, 3);
  care_clock_advance (8 * G_TIME_SPAN_DAY);
  care_test_click (care_test_must_find (f->page, "vitals-span-all"));
  care_test_click (care_test_must_find (f->page, "vitals-span-day"));
  g_assert_cmpuint (care_vitals_chart_get_n_points (chart), ==, 0);
  g_assert_nonnull (strstr (chart_description (chart), "no readings in the last 24 hours"));
}

/* A pulse of 900 is refused next to the field and nothing is written;
 * an unusual 190 is flagged there but saved. */
static void
test_impossible_refused (Fixture       *f,
                         gconstpointer  data)
{
  CareVitalsChart *chart = pulse_chart (f);
  CareRecordForm *form;
  GtkWidget *dialog;

  find_patient (f);
  dialog = open_dialog (f, "vitals-record");
  form = care_vitals_dialog_get_form (CARE_VITALS_DIALOG (dialog));
  care_test_type (care_test_must_find (dialog, "field-pulse"), "900");
  care_test_click (care_test_must_find (dialog, "vitals-save"));
  care_test_wait (50);
  g_assert_nonnull (care_record_form_get_error (form, "pulse"));
  g_assert_nonnull (strstr (care_record_form_get_error (form, "pulse"), "250"));
  g_assert_nonnull (care_test_find_window ("vitals-dialog"));
  g_assert_cmpint (n_sets (f), ==, 2);
  g_assert_cmpuint (care_vitals_chart_get_n_points (chart), ==, 2);

  care_test_type (care_test_must_find (dialog, "field-pulse"), "190");
  g_assert_null (care_record_form_get_error (form, "pulse"));
  g_assert_nonnull (care_record_form_get_warning (form, "pulse"));
  g_assert_null (care_record_form_get_warning (form, "respiratory_rate"));
  care_test_click (care_test_must_find (dialog, "vitals-save"));
  g_assert_true (care_test_wait_for (dialog_closed, NULL, TIMEOUT_MS));
  g_assert_cmpint (n_sets (f), ==, 3);
  g_assert_cmpuint (care_vitals_chart_get_n_points (chart), ==, 3);
  g_assert_cmpuint (care_vitals_chart_get_n_abnormal (chart), ==, 2);
}

/* Amend the newest set: a new record naming it, and the chart shows the
 * corrected value in its place, marked as amended. */
static void
test_amend (Fixture       *f,
            gconstpointer  data)
{
  CareVitalsChart *chart = pulse_chart (f);
  GtkWidget *dialog;
  double value = 0;
  gboolean amended = FALSE;
  g_autoptr(GPtrArray) all = NULL;

  find_patient (f);
  /* The first Amend button is the newest set's (pulse 96 at 10:00). */
  dialog = open_dialog (f, "vitals-amend");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Amend Vitals");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_test_must_find (dialog, "field-pulse"))), ==, "96");
  care_test_type (care_test_must_find (dialog, "field-pulse"), "69");
  care_test_click (care_test_must_find (dialog, "vitals-save"));
  g_assert_true (care_test_wait_for (dialog_closed, NULL, TIMEOUT_MS));

  g_assert_cmpint (n_sets (f), ==, 3);
  all = care_store_list (f->store, care_schema_lookup ("vitals"), "pulse", "96", NULL, 0, NULL);
  g_assert_cmpuint (all->len, ==, 1);   /* the original is kept as it was */
  g_assert_cmpuint (care_vitals_chart_get_n_points (chart), ==, 2);
  g_assert_true (care_vitals_chart_get_latest (chart, &value, &amended));
  g_assert_cmpfloat (value, ==, 69);
  g_assert_true (amended);
  g_assert_cmpuint (care_vitals_chart_get_n_amended (chart), ==, 1);
  g_assert_cmpuint (care_vitals_chart_get_n_abnormal (chart), ==, 0);
  g_assert_nonnull (strstr (chart_description (chart), "latest 69 /min at 10:00 (amended)"));
  g_assert_nonnull (strstr (chart_description (chart), "1 amended"));
}

/* Nurses and doctors see the page; reception does not. */
static void
test_who_sees_it (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(CareSession) nurse = session_as (store, "nurse1", CARE_ROLE_NURSE);
  g_autoptr(CareSession) doctor = session_as (store, "doctor1", CARE_ROLE_DOCTOR);
  g_autoptr(CareSession) reception = session_as (store, "desk1", CARE_ROLE_RECEPTIONIST);

  g_assert_true (care_page_type_is_available (CARE_TYPE_VITALS_PAGE, nurse));
  g_assert_true (care_page_type_is_available (CARE_TYPE_VITALS_PAGE, doctor));
  g_assert_false (care_page_type_is_available (CARE_TYPE_VITALS_PAGE, reception));
}

/* The SpO2 chart of a patient on scale 2 shades 88-92 % and marks what
 * lies outside it: 90 and 91 are on target, 96 and 86 are not. */
static void
test_spo2_scale_2_chart (void)
{
  const char *readings[][3] = {
    { "2026-12-07T08:00:00Z", "96", "1" }, { "2026-12-07T09:00:00Z", "90", "2" },
    { "2026-12-07T10:00:00Z", "86", "2" }, { "2026-12-07T11:00:00Z", "91", "2" },
  };
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 7, 14, 5, 0);
  g_autoptr(GPtrArray) series = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  GtkWidget *chart;

  care_clock_freeze (g_date_time_to_unix (now) * G_USEC_PER_SEC);
  chart = g_object_ref_sink (care_vitals_chart_new ("spo2"));
  for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
    {
      CareRecord *set = care_record_new (care_schema_lookup ("vitals"));

      care_record_set (set, "recorded_at", readings[i][0]);
      care_record_set (set, "spo2", readings[i][1]);
      care_record_set (set, "spo2_scale", readings[i][2]);
      g_ptr_array_add (series, set);
    }
  care_vitals_chart_set_span (CARE_VITALS_CHART (chart), CARE_VITALS_SPAN_DAY);
  care_vitals_chart_set_series (CARE_VITALS_CHART (chart), series);
  g_assert_cmpuint (care_vitals_chart_get_n_points (CARE_VITALS_CHART (chart)), ==, 4);
  /* 96 on scale 1 was normal then; 86 on scale 2 is not. */
  g_assert_cmpuint (care_vitals_chart_get_n_abnormal (CARE_VITALS_CHART (chart)), ==, 1);
  g_object_unref (chart);
  care_clock_reset ();
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  g_test_add ("/vitals/record", Fixture, NULL, fixture_set_up, test_record, fixture_tear_down);
  g_test_add ("/vitals/impossible-refused", Fixture, NULL, fixture_set_up, test_impossible_refused, fixture_tear_down);
  g_test_add ("/vitals/amend", Fixture, NULL, fixture_set_up, test_amend, fixture_tear_down);
  g_test_add_func ("/vitals/who-sees-it", test_who_sees_it);
  g_test_add_func ("/vitals/spo2-scale-2-chart", test_spo2_scale_2_chart);

  return g_test_run ();
}
