/* test-orders.c: prescribing with warnings and stock, refills, lab and imaging orders, result review, the doctor's home
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "care-test-core.h"
#include "care-doctor-home.h"
#include "care-lab.h"
#include "care-orders.h"
#include "care-prescribing.h"
#include "care-prescriptions.h"
#include "care-stock.h"

typedef struct {
  char      *dir;
  CareStore *store;
  char      *patient_id;
  char      *doctor_id;
  char      *medicine_id;
} Fixture;

static char *
insert (Fixture    *f,
        CareRecord *record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) owned = record;

  care_store_insert (f->store, record, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (record));
}

/* The local day days after today, YYYY-MM-DD. */
static char *
day (int days)
{
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
receive (Fixture    *f,
         const char *number,
         int         expires_in,
         const char *quantity)
{
  g_autofree char *expiry = day (expires_in);
  g_autoptr(CareRecord) batch = care_test_record ("stock_batch", "medicine_id", f->medicine_id, "batch_number", number,
                                                  "expiry_date", expiry, "quantity", quantity, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (care_stock_receive (f->store, batch, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CareRecord) patient = care_test_patient ("Ana", "Ruiz");
  g_autoptr(CareRecord) doctor = NULL;
  const char *allergies[] = { "penicillin", NULL };

  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 0);
  care_record_set_list (patient, "allergies", allergies);
  f->patient_id = insert (f, g_steal_pointer (&patient));
  doctor = care_accounts_find_login (f->store, "doctor");
  g_assert_nonnull (doctor);
  f->doctor_id = g_strdup (care_record_get_id (doctor));
  f->medicine_id = insert (f, care_test_record ("medicine", "name", "Amoxicillin 500", "generic_name", "amoxicillin",
                                                "form", "capsule", "strength", "500 mg", NULL));
  care_store_set_actor (f->store, f->doctor_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  care_clock_reset ();
  g_clear_object (&f->store);
  g_free (f->patient_id);
  g_free (f->doctor_id);
  g_free (f->medicine_id);
  care_test_rmdir (f->dir);
  g_free (f->dir);
}

static CareRecord *
item (const char *medicine_id,
      const char *name)
{
  return care_test_record ("prescription_item", "medicine_id", medicine_id, "medicine_name", name, "dose", "500 mg",
                           "route", "oral", "frequency", "every 8 hours", "duration_days", "7", "quantity", "21", NULL);
}

static gint64
count (Fixture    *f,
       const char *entity)
{
  return care_store_count (f->store, care_schema_lookup (entity));
}

/* --- prescribing ------------------------------------------------------------------- */

static void
test_stock (Fixture       *f,
            gconstpointer  data)
{
  CareMedicineStock stock = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *first = day (20);
  g_autofree char *today = care_clock_today ();
  g_autofree char *text = NULL;

  g_assert_true (care_prescribing_stock (f->store, f->medicine_id, &stock, &error));
  g_assert_cmpint (stock.on_hand, ==, 0);
  g_assert_null (stock.nearest_expiry);
  text = care_prescribing_stock_text (&stock, today);
  g_assert_cmpstr (text, ==, "Out of stock at the pharmacy");
  g_clear_pointer (&text, g_free);

  receive (f, "B-LATE", 400, "100");
  receive (f, "B-SOON", 20, "30");
  receive (f, "B-GONE", -1, "50");   /* expired yesterday: not counted */
  g_assert_true (care_prescribing_stock (f->store, f->medicine_id, &stock, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stock.on_hand, ==, 130);
  g_assert_cmpstr (stock.nearest_expiry, ==, first);
  text = care_prescribing_stock_text (&stock, today);
  g_assert_true (g_str_has_prefix (text, "130 in stock · first batch expires "));
  g_assert_nonnull (strstr (text, "(Expires in 20 days)"));
  care_medicine_stock_clear (&stock);
}

static void
test_prescribe_warnings (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) medications = NULL;
  g_autoptr(CareRecord) rx = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = count (f, "prescription");

  /* Nothing to prescribe is refused, naming the medicine. */
  g_assert_null (care_prescribing_save (f->store, f->patient_id, items, 0, NULL, NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "medicine_name");
  g_clear_error (&error);

  /* Amoxicillin's generic name matches no allergy; "Penicillin V" does. */
  g_ptr_array_add (items, item (f->medicine_id, "Amoxicillin 500"));
  g_ptr_array_add (items, item (NULL, "Penicillin V"));
  warnings = care_prescribing_warnings (f->store, f->patient_id, items, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==, "The patient is allergic to penicillin.");

  /* A warning needs the doctor's reason; nothing is written without it. */
  g_assert_null (care_prescribing_save (f->store, f->patient_id, items, 2, NULL, "  ", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "override_reason");
  g_clear_error (&error);
  g_assert_cmpint (count (f, "prescription"), ==, before);
  g_assert_cmpint (count (f, "prescription_item"), ==, 0);

  rx = care_prescribing_save (f->store, f->patient_id, items, 2, "Take with food",
                              "Tolerated penicillin V last year", &error);
  g_assert_no_error (error);
  g_assert_nonnull (rx);
  g_assert_cmpstr (care_record_get (rx, "prescriber_id"), ==, f->doctor_id);
  g_assert_cmpstr (care_record_get (rx, "status"), ==, "active");
  g_assert_cmpint (care_record_get_int (rx, "refills_allowed", -1), ==, 2);
  g_assert_cmpstr (care_record_get (rx, "override_reason"), ==, "Tolerated penicillin V last year");
  lines = care_store_list (f->store, care_schema_lookup ("prescription_item"), "prescription_id",
                           care_record_get_id (rx), NULL, 0, &error);
  g_assert_cmpuint (lines->len, ==, 2);
  medications = care_store_list (f->store, care_schema_lookup ("medication"), "patient_id", f->patient_id, NULL, 0, &error);
  g_assert_cmpuint (medications->len, ==, 2);
  g_assert_cmpstr (care_record_get (g_ptr_array_index (medications, 0), "status"), ==, "active");

  /* Now both are taken: prescribing them again warns of duplicates, and
   * one medicine twice in one prescription warns too. */
  g_ptr_array_set_size (items, 0);
  g_ptr_array_add (items, item (f->medicine_id, "Amoxicillin 500"));
  g_ptr_array_add (items, item (f->medicine_id, "amoxicillin 500"));
  again = care_prescribing_warnings (f->store, f->patient_id, items, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (again, 0), ==, "The patient already takes Amoxicillin 500.");
  g_assert_cmpstr (g_ptr_array_index (again, 2), ==, "amoxicillin 500 is prescribed twice in this prescription.");
}

static void
test_prescribe_invalid_item (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GError) error = NULL;
  gint64 before = count (f, "prescription");
  CareRecord *bad = item (f->medicine_id, "Amoxicillin 500");

  care_record_set (bad, "quantity", NULL);
  g_ptr_array_add (items, item (f->medicine_id, "Amoxicillin 500"));
  g_ptr_array_add (items, bad);
  /* The second item is invalid: the whole prescription is rolled back. */
  g_assert_null (care_prescribing_save (f->store, f->patient_id, items, 0, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (count (f, "prescription"), ==, before);
  g_assert_cmpint (count (f, "prescription_item"), ==, 0);
  g_assert_cmpint (count (f, "medication"), ==, 0);
}

/* --- refills ------------------------------------------------------------------------ */

static char *
prescribe (Fixture *f,
           gint64   refills)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(CareRecord) rx = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (items, item (f->medicine_id, "Amoxicillin 500"));
  rx = care_prescribing_save (f->store, f->patient_id, items, refills, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (rx));
}

static char *
ask_refill (Fixture    *f,
            const char *rx_id)
{
  return insert (f, care_test_record ("refill_request", "prescription_id", rx_id, "patient_id", f->patient_id,
                                      "status", "pending", "reason", "Running out", NULL));
}

static void
test_refills (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *rx_id = prescribe (f, 1);
  g_autofree char *first = ask_refill (f, rx_id);
  g_autofree char *second = ask_refill (f, rx_id);
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(CareRecord) rx = NULL;
  g_autoptr(CareRecord) refused = NULL;
  g_autoptr(GError) error = NULL;

  pending = care_prescribing_pending_refills (f->store, f->doctor_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 2);
  g_assert_cmpstr (care_record_get_id (g_ptr_array_index (pending, 0)), ==, first);
  others = care_prescribing_pending_refills (f->store, "someone-else", &error);
  g_assert_cmpuint (others->len, ==, 0);

  g_assert_true (care_prescribing_decide_refill (f->store, first, TRUE, NULL, &error));
  g_assert_no_error (error);
  rx = care_store_get (f->store, care_schema_lookup ("prescription"), rx_id, &error);
  g_assert_cmpint (care_record_get_int (rx, "refills_used", -1), ==, 1);
  orders = care_store_list (f->store, care_schema_lookup ("pharmacy_order"), "prescription_id", rx_id, NULL, 0, &error);
  g_assert_cmpuint (orders->len, ==, 1);
  g_assert_cmpstr (care_record_get (g_ptr_array_index (orders, 0), "status"), ==, "pending");

  /* No refill left: the second cannot be approved, and stays pending. */
  g_assert_false (care_prescribing_decide_refill (f->store, second, TRUE, NULL, &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_SHORTAGE);
  g_clear_error (&error);
  /* Refusing needs a reason. */
  g_assert_false (care_prescribing_decide_refill (f->store, second, FALSE, "", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "decision_reason");
  g_clear_error (&error);
  g_assert_true (care_prescribing_decide_refill (f->store, second, FALSE, "Book a review first", &error));
  g_assert_no_error (error);
  refused = care_store_get (f->store, care_schema_lookup ("refill_request"), second, &error);
  g_assert_cmpstr (care_record_get (refused, "status"), ==, "rejected");
  g_assert_cmpstr (care_record_get (refused, "decision_reason"), ==, "Book a review first");
  g_assert_cmpstr (care_record_get (refused, "decided_by"), ==, f->doctor_id);
  g_clear_pointer (&pending, g_ptr_array_unref);
  pending = care_prescribing_pending_refills (f->store, f->doctor_id, &error);
  g_assert_cmpuint (pending->len, ==, 0);
  /* Decided once. */
  g_assert_false (care_prescribing_decide_refill (f->store, second, FALSE, "Again", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
}

/* --- orders and review ---------------------------------------------------------------- */

static void
test_lab_order (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CareRecord) cbc = NULL;
  g_autoptr(CareRecord) plain = NULL;
  g_autoptr(GError) error = NULL;
  const CareLabPanel *panel = care_lab_catalogue_find_panel ("CBC");

  g_assert_nonnull (panel);
  cbc = care_orders_lab_test (f->store, f->patient_id, "CBC", "urgent", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (cbc, "test_name"), ==, panel->name);
  g_assert_cmpstr (care_record_get (cbc, "test_code"), ==, panel->loinc);
  g_assert_cmpstr (care_record_get (cbc, "requested_by"), ==, f->doctor_id);
  g_assert_cmpstr (care_record_get (cbc, "status"), ==, "requested");
  g_assert_cmpstr (care_record_get (cbc, "priority"), ==, "urgent");

  plain = care_orders_lab_test (f->store, f->patient_id, " Vitamin D ", "routine", "Fatigue", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (plain, "test_name"), ==, "Vitamin D");
  g_assert_null (care_record_get (plain, "test_code"));

  g_assert_null (care_orders_lab_test (f->store, f->patient_id, "", "routine", NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "test_name");
  g_clear_error (&error);
  g_assert_null (care_orders_lab_test (f->store, f->patient_id, "CBC", "whenever", NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "priority");
}

static void
test_imaging (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CareRecord) study = NULL;
  g_autoptr(CareRecord) reported = NULL;
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(GError) error = NULL;
  const CareChartEntry *entry;

  g_assert_null (care_orders_imaging (f->store, f->patient_id, "xray", " ", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "body_part");
  g_clear_error (&error);
  g_assert_null (care_orders_imaging (f->store, f->patient_id, "pet", "Chest", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "modality");
  g_clear_error (&error);

  study = care_orders_imaging (f->store, f->patient_id, "xray", "Chest", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (study, "status"), ==, "requested");
  g_assert_cmpstr (care_record_get (study, "requested_by"), ==, f->doctor_id);

  g_assert_false (care_orders_report_imaging (f->store, care_record_get_id (study), " ", NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "findings");
  g_clear_error (&error);
  g_assert_true (care_orders_report_imaging (f->store, care_record_get_id (study), "Right lower lobe opacity",
                                             "Consolidation, likely pneumonia", &error));
  g_assert_no_error (error);
  reported = care_store_get (f->store, care_schema_lookup ("imaging_study"), care_record_get_id (study), &error);
  g_assert_cmpstr (care_record_get (reported, "status"), ==, "reported");
  g_assert_nonnull (care_record_get (reported, "performed_at"));
  g_assert_false (care_orders_report_imaging (f->store, care_record_get_id (study), "Again", NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);

  /* The chart's timeline shows the report. */
  timeline = care_chart_timeline (f->store, f->patient_id, CARE_CHART_IMAGING, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (timeline->len, ==, 1);
  entry = g_ptr_array_index (timeline, 0);
  g_assert_nonnull (strstr (entry->summary, "Consolidation, likely pneumonia"));

  /* Its images or report as a file: a PDF, PNG, JPEG or DICOM file of at
   * most 5 MB, refused otherwise with the field named. */
  {
    static const guchar png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };
    g_autoptr(GBytes) image = g_bytes_new_static (png, sizeof png);
    g_autoptr(GBytes) text = g_bytes_new_static ("just text", 9);
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
    g_autoptr(GBytes) huge = g_bytes_new_take (g_malloc0 (CARE_ORDERS_ATTACHMENT_MAX + 1), CARE_ORDERS_ATTACHMENT_MAX + 1);
    g_autoptr(CareRecord) attached = NULL;
    g_autoptr(GPtrArray) again = NULL;
    GBytes *kept;

    g_assert_false (care_orders_attach_imaging (f->store, care_record_get_id (study), "notes.txt", text, &error));
    care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "attachment");
    g_clear_error (&error);
    g_assert_false (care_orders_attach_imaging (f->store, care_record_get_id (study), "empty.pdf", empty, &error));
    care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "attachment");
    g_clear_error (&error);
    g_assert_false (care_orders_attach_imaging (f->store, care_record_get_id (study), "huge.pdf", huge, &error));
    care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "attachment");
    g_clear_error (&error);
    attached = care_store_get (f->store, care_schema_lookup ("imaging_study"), care_record_get_id (study), NULL);
    g_assert_null (care_record_get (attached, "attachment_name"));
    g_clear_pointer (&attached, care_record_unref);

    g_assert_true (care_orders_attach_imaging (f->store, care_record_get_id (study), "/home/dr/scans/chest-pa.png", image, &error));
    g_assert_no_error (error);
    attached = care_store_get (f->store, care_schema_lookup ("imaging_study"), care_record_get_id (study), NULL);
    g_assert_cmpstr (care_record_get (attached, "attachment_name"), ==, "chest-pa.png");
    kept = care_record_get_blob (attached, "attachment");
    g_assert_nonnull (kept);
    g_assert_true (g_bytes_equal (kept, image));
    again = care_chart_timeline (f->store, f->patient_id, CARE_CHART_IMAGING, NULL, 10, &error);
    g_assert_nonnull (strstr (((CareChartEntry *) g_ptr_array_index (again, 0))->summary, "chest-pa.png"));
  }
}

/* A test of the doctor's, verified with one result of value. */
static char *
verified_test (Fixture    *f,
               const char *name,
               const char *value,
               const char *requested_by)
{
  g_autoptr(CareRecord) test = care_test_record ("lab_test", "patient_id", f->patient_id, "requested_by", requested_by,
                                                 "test_name", name, "priority", "routine", "status", "verified", NULL);
  g_autoptr(CareRecord) result = NULL;
  g_autofree char *flag = NULL;
  char *id = insert (f, care_record_ref (test));

  result = care_test_record ("lab_result", "lab_test_id", id, "analyte", "Potassium", "value", value, "unit", "mmol/L",
                             "reference_low", "3.5", "reference_high", "5.1", "critical_low", "2.5",
                             "critical_high", "6.5", NULL);
  flag = care_lab_compute_flag (result);
  care_record_set (result, "flag", flag);
  g_free (insert (f, g_steal_pointer (&result)));
  return id;
}

static void
test_review (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *normal = NULL;
  g_autofree char *high = NULL;
  g_autofree char *critical = NULL;
  g_autofree char *others = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(CareRecord) reviewed = NULL;
  g_autoptr(GError) error = NULL;
  CareReviewItem *top;

  care_clock_freeze (care_clock_get_real_time ());
  normal = verified_test (f, "Electrolytes (normal)", "4.2", f->doctor_id);
  care_clock_advance (G_TIME_SPAN_MINUTE);
  high = verified_test (f, "Electrolytes (high)", "5.6", f->doctor_id);
  care_clock_advance (G_TIME_SPAN_MINUTE);
  critical = verified_test (f, "Electrolytes (critical)", "7.1", f->doctor_id);
  {
    g_autoptr(CareRecord) nurse = care_accounts_find_login (f->store, "nurse");

    /* Another clinician's test is theirs to review. */
    others = verified_test (f, "Someone else's", "7.2", care_record_get_id (nurse));
  }

  items = care_orders_to_review (f->store, f->doctor_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  top = g_ptr_array_index (items, 0);
  g_assert_cmpstr (care_record_get_id (top->test), ==, critical);
  g_assert_cmpint (top->entry->flag, ==, CARE_CHART_FLAG_CRITICAL);
  g_assert_cmpstr (top->entry->flag_text, ==, "1 critical result");
  g_assert_cmpstr (top->patient_name, ==, "Ana Ruiz");
  g_assert_cmpstr (care_record_get_id (((CareReviewItem *) g_ptr_array_index (items, 1))->test), ==, high);
  g_assert_cmpstr (care_record_get_id (((CareReviewItem *) g_ptr_array_index (items, 2))->test), ==, normal);

  g_assert_true (care_orders_mark_reviewed (f->store, critical, &error));
  g_assert_no_error (error);
  reviewed = care_store_get (f->store, care_schema_lookup ("lab_test"), critical, &error);
  g_assert_cmpstr (care_record_get (reviewed, "status"), ==, "reviewed");
  g_assert_cmpstr (care_record_get (reviewed, "reviewed_by"), ==, f->doctor_id);
  g_assert_nonnull (care_record_get (reviewed, "reviewed_at"));
  after = care_orders_to_review (f->store, f->doctor_id, &error);
  g_assert_cmpuint (after->len, ==, 2);
  /* Reviewed once. */
  g_assert_false (care_orders_mark_reviewed (f->store, critical, &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
}

/* --- the doctor's home ---------------------------------------------------------------- */

static char *
appointment (Fixture    *f,
             const char *patient_id,
             int         hour,
             const char *status)
{
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autoptr(GDateTime) at = g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (now),
                                             g_date_time_get_month (now), g_date_time_get_day_of_month (now), hour, 0, 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (at);
  g_autofree char *starts = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

  return insert (f, care_test_record ("appointment", "patient_id", patient_id, "provider_id", f->doctor_id,
                                      "starts_at", starts, "duration_minutes", "20", "type", "consultation",
                                      "status", status, "reason", "Cough", NULL));
}

static void
test_home (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CareDoctorHome) home = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other = insert (f, care_test_patient ("Bruno", "Alves"));
  g_autofree char *rx_id = NULL;
  CareHomeRow *row;
  /* Noon of a fixed day, so every hour below is today. */
  g_autoptr(GDateTime) noon = g_date_time_new_local (2026, 3, 10, 12, 0, 0);

  care_clock_freeze (g_date_time_to_unix (noon) * G_USEC_PER_SEC);
  g_free (appointment (f, f->patient_id, 9, "completed"));
  g_free (appointment (f, other, 11, "checked_in"));
  g_free (appointment (f, f->patient_id, 15, "scheduled"));
  g_free (appointment (f, other, 16, "cancelled"));
  g_free (appointment (f, other, 17, "requested"));
  g_free (insert (f, care_test_record ("care_team_member", "patient_id", other, "user_id", f->doctor_id,
                                       "team_role", "Primary physician", NULL)));
  rx_id = prescribe (f, 2);
  g_free (ask_refill (f, rx_id));
  g_free (verified_test (f, "Potassium", "7.0", f->doctor_id));

  home = care_doctor_home_load (f->store, f->doctor_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (home->appointments->len, ==, 3);
  row = g_ptr_array_index (home->appointments, 0);
  g_assert_cmpstr (row->patient_name, ==, "Ana Ruiz");
  g_assert_cmpstr (row->detail, ==, "Completed · Cough");
  g_assert_cmpuint (home->queue->len, ==, 1);
  row = g_ptr_array_index (home->queue, 0);
  g_assert_cmpstr (row->patient_id, ==, other);
  g_assert_cmpuint (home->patients->len, ==, 1);
  row = g_ptr_array_index (home->patients, 0);
  g_assert_cmpstr (row->patient_name, ==, "Bruno Alves");
  g_assert_cmpstr (row->detail, ==, "Primary physician");
  g_assert_cmpuint (home->results, ==, 1);
  g_assert_cmpuint (home->refills, ==, 1);
  g_assert_cmpuint (home->requests, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/orders/prescribe/stock", test_stock);
  ADD ("/orders/prescribe/warnings", test_prescribe_warnings);
  ADD ("/orders/prescribe/invalid-item", test_prescribe_invalid_item);
  ADD ("/orders/refills", test_refills);
  ADD ("/orders/lab", test_lab_order);
  ADD ("/orders/imaging", test_imaging);
  ADD ("/orders/review", test_review);
  ADD ("/orders/home", test_home);
  return g_test_run ();
}
