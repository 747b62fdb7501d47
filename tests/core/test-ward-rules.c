/* test-ward-rules.c: the rules of beds, lab, pharmacy, alerts, forms and attendance
 *
 * Each feature's decisions on records, allowed and refused, and the
 * entity rules run through care_rules_prepare() over a context of a few
 * records in memory, as the server runs them over its storage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-core.h"
#include "care-alerts.h"
#include "care-attendance.h"
#include "care-beds.h"
#include "care-clock.h"
#include "care-forms.h"
#include "care-lab.h"
#include "care-pharmacy.h"
#include "care-prescriptions.h"
#include "care-vitals.h"

static CareRecord *
make (const char *entity,
      ...)
{
  CareRecord *record = care_record_new (care_schema_lookup (entity));
  va_list args;
  const char *key;

  va_start (args, entity);
  while ((key = va_arg (args, const char *)))
    care_record_set (record, key, va_arg (args, const char *));
  va_end (args);
  return record;
}

static void
assert_refused (GError     *error,
                gint        code,
                const char *field)
{
  g_assert_error (error, CARE_RULE_ERROR, code);
  g_assert_cmpstr (care_rule_error_get_field (error), ==, field);
  g_assert_true (care_rule_error_is_refusal (error));
}

/* --- a context over records in memory ------------------------------------- */

static GPtrArray *inserted;

static CareRecord *
mem_get (CareRuleContext *ctx, const CareEntity *entity, const char *id)
{
  return NULL;
}

static gboolean
mem_insert (CareRuleContext *ctx, CareRecord *record, GError **error)
{
  g_ptr_array_add (inserted, care_record_ref (record));
  return TRUE;
}

static char *
mem_next_number (CareRuleContext *ctx, const char *kind, GError **error)
{
  return g_strdup_printf ("%s-0001", kind);
}

static CareRuleContext staff_ctx = { .actor = "nurse-1", .get = mem_get, .insert = mem_insert, .next_number = mem_next_number };
static CareRuleContext patient_ctx = { .patient_id = "patient-1", .get = mem_get, .insert = mem_insert, .next_number = mem_next_number };

/* --- beds ------------------------------------------------------------------ */

static void
test_beds (void)
{
  g_autoptr(CareRecord) bed = make ("bed", "label", "A1-1", "status", "available", NULL);
  g_autoptr(CareRecord) other = make ("bed", "label", "A1-2", "status", "occupied", NULL);
  g_autoptr(CareRecord) admission = NULL;
  g_autoptr(CareRecord) again = NULL;
  g_autoptr(CareRecord) moved = NULL;
  g_autoptr(CareRecord) before = NULL;
  g_autoptr(GError) error = NULL;

  care_record_set (bed, CARE_COLUMN_ID, "bed-1");
  admission = care_beds_admit (bed, "patient-1", "Pneumonia", "nurse-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (admission, "status"), ==, "active");
  g_assert_cmpstr (care_record_get (admission, "bed_id"), ==, "bed-1");
  g_assert_nonnull (care_record_get (admission, "admitted_at"));
  g_assert_cmpstr (care_record_get (bed, "status"), ==, "occupied");

  /* An occupied bed takes nobody else; the refusal names the status. */
  again = care_beds_admit (bed, "patient-2", NULL, "nurse-1", &error);
  g_assert_null (again);
  assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_assert_nonnull (strstr (error->message, "A1-1"));
  g_clear_error (&error);

  /* Transfer only to an available bed. */
  g_assert_null (care_beds_transfer (bed, admission, other, NULL, "nurse-1", &error));
  assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);
  care_record_set (other, "status", "available");
  moved = care_beds_transfer (bed, admission, other, NULL, "nurse-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (moved, "reason"), ==, "Pneumonia");
  g_assert_cmpstr (care_record_get (admission, "status"), ==, "transferred");
  g_assert_cmpstr (care_record_get (bed, "status"), ==, "cleaning");
  g_assert_cmpstr (care_record_get (other, "status"), ==, "occupied");

  /* Discharging needs somebody admitted. */
  g_assert_false (care_beds_discharge (bed, admission, &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
  g_assert_null (care_rule_error_get_field (error));
  g_clear_error (&error);
  g_assert_true (care_beds_discharge (other, moved, &error));
  g_assert_cmpstr (care_record_get (moved, "status"), ==, "discharged");
  g_assert_nonnull (care_record_get (moved, "released_at"));

  /* Whoever writes a bed: cleaning → occupied skips being made available. */
  before = make ("bed", "label", "A1-1", "status", "cleaning", NULL);
  care_record_set (bed, "status", "occupied");
  g_assert_false (care_rules_prepare (&staff_ctx, before, bed, &error));
  assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);
  care_record_set (bed, "status", "available");
  g_assert_true (care_rules_prepare (&staff_ctx, before, bed, &error));
}

/* --- lab ------------------------------------------------------------------- */

static void
test_lab (void)
{
  g_autoptr(CareRecord) test = make ("lab_test", "status", "requested", NULL);
  g_autoptr(CareRecord) before = NULL;
  g_autoptr(CareRecord) result = NULL;
  g_autoptr(GError) error = NULL;
  static const struct { const char *value, *low, *high, *text, *flag; } flags[] = {
    { "7.9", "12", "16", NULL, "critical_low" }, { "11", "12", "16", NULL, "low" },
    { "250", "150", "400", NULL, "normal" }, { "6.4", "3.9", "5.6", NULL, "high" },
    { "8", "3.9", "5.6", NULL, "critical_high" }, { "Negative", NULL, NULL, "negative", "normal" },
    { "Positive", NULL, NULL, "Negative", "abnormal" }, { "3", NULL, NULL, NULL, NULL },
  };

  /* A doctor reviews; the laboratory cannot set it. */
  g_assert_false (care_lab_set_status (test, "reviewed", NULL, "lab-1", &error));
  assert_refused (error, CARE_RULE_ERROR_INVALID, "status");
  g_clear_error (&error);
  g_assert_false (care_lab_review (test, "doctor-1", &error));
  assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);

  g_assert_true (care_lab_set_status (test, "collected", NULL, "lab-1", &error));
  g_assert_cmpstr (care_record_get (test, "technician_id"), ==, "lab-1");
  g_assert_nonnull (care_record_get (test, "collected_at"));
  g_assert_false (care_lab_set_status (test, "collected", NULL, "lab-1", &error));
  assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);
  g_assert_false (care_lab_set_status (test, "assigned", NULL, "lab-1", &error));
  assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);
  g_assert_true (care_lab_check_results (test, NULL));
  g_assert_true (care_lab_set_status (test, "completed", NULL, "lab-1", &error));
  g_assert_nonnull (care_record_get (test, "completed_at"));
  g_assert_true (care_lab_review (test, "doctor-1", &error));
  g_assert_cmpstr (care_record_get (test, "reviewed_by"), ==, "doctor-1");
  g_assert_false (care_lab_check_results (test, &error));
  assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);

  /* Whoever writes it: reviewed is where it ends. */
  before = care_record_copy (test);
  care_record_set (test, "status", "in_progress");
  g_assert_false (care_rules_prepare (&staff_ctx, before, test, &error));
  assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_assert_nonnull (strstr (error->message, "Reviewed"));
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autoptr(CareRecord) r = make ("lab_result", "analyte", "X", "value", flags[i].value, "reference_low", flags[i].low,
                                      "reference_high", flags[i].high, "reference_text", flags[i].text, NULL);
      g_autofree char *flag = care_lab_compute_flag (r);

      g_assert_cmpstr (flag, ==, flags[i].flag);
    }
  /* The flag is the rule's, whatever was written. */
  result = make ("lab_result", "analyte", "Hb", "value", "7.9", "reference_low", "12", "flag", "normal", NULL);
  g_assert_true (care_rules_prepare (&staff_ctx, NULL, result, &error));
  g_assert_cmpstr (care_record_get (result, "flag"), ==, "critical_low");
}

/* --- pharmacy and refills -------------------------------------------------- */

static void
test_pharmacy (void)
{
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GPtrArray) taken = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(CareRecord) item = make ("prescription_item", "medicine_id", "med-1", "medicine_name", "Paracetamol", "quantity", "30", NULL);
  g_autoptr(CareRecord) order = make ("pharmacy_order", "status", "pending", NULL);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GDateTime) t = g_date_time_new_utc (2026, 3, 1, 10, 0, 0);
    care_clock_freeze (g_date_time_to_unix (t) * G_USEC_PER_SEC);
  }
  g_ptr_array_add (batches, make ("stock_batch", "expiry_date", "2026-02-01", "quantity", "100", NULL));
  g_ptr_array_add (batches, make ("stock_batch", "expiry_date", "2026-04-01", "quantity", "20", NULL));
  g_ptr_array_add (batches, make ("stock_batch", "expiry_date", "2026-09-01", "quantity", "5", NULL));

  /* The expired batch does not count. */
  g_assert_false (care_pharmacy_take_stock (item, batches, "pharmacist-1", "order-1", changed, taken, &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_SHORTAGE);
  g_assert_nonnull (strstr (error->message, "30 needed, 25 in stock"));
  g_assert_cmpuint (changed->len, ==, 0);
  g_clear_error (&error);

  care_record_set (item, "quantity", "22");
  g_assert_true (care_pharmacy_take_stock (item, batches, "pharmacist-1", "order-1", changed, taken, &error));
  g_assert_cmpuint (changed->len, ==, 2);
  g_assert_cmpint (care_record_get_int (g_ptr_array_index (batches, 0), "quantity", -1), ==, 100);
  g_assert_cmpint (care_record_get_int (g_ptr_array_index (batches, 1), "quantity", -1), ==, 0);
  g_assert_cmpint (care_record_get_int (g_ptr_array_index (batches, 2), "quantity", -1), ==, 3);
  /* Each batch taken from has its dispense movement in the ledger. */
  g_assert_cmpuint (taken->len, ==, 2);
  g_assert_cmpint (care_record_get_int (g_ptr_array_index (taken, 0), "quantity", 0), ==, -20);
  g_assert_cmpint (care_record_get_int (g_ptr_array_index (taken, 1), "quantity", 0), ==, -2);
  g_assert_cmpstr (care_record_get (g_ptr_array_index (taken, 1), "kind"), ==, "dispense");
  g_assert_cmpstr (care_record_get (g_ptr_array_index (taken, 1), "pharmacy_order_id"), ==, "order-1");

  g_assert_true (care_pharmacy_dispense (order, "pharmacist-1", &error));
  g_assert_cmpstr (care_record_get (order, "dispensed_by"), ==, "pharmacist-1");
  g_assert_false (care_pharmacy_dispense (order, "pharmacist-1", &error));
  assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);
  care_clock_reset ();
}

static void
test_refills (void)
{
  g_autoptr(CareRecord) rx = make ("prescription", "patient_id", "patient-1", "refills_allowed", "1", "refills_used", "0", NULL);
  g_autoptr(CareRecord) first = make ("refill_request", "status", "pending", NULL);
  g_autoptr(CareRecord) second = make ("refill_request", "status", "pending", NULL);
  g_autoptr(CareRecord) asked = make ("refill_request", "status", "approved", NULL);
  g_autoptr(CareRecord) order = NULL;
  g_autoptr(CareRecord) none = NULL;
  g_autoptr(GError) error = NULL;

  care_record_set (rx, CARE_COLUMN_ID, "rx-1");
  order = care_prescriptions_decide_refill (first, rx, TRUE, "doctor-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (order, "prescription_id"), ==, "rx-1");
  g_assert_cmpstr (care_record_get (order, "patient_id"), ==, "patient-1");
  g_assert_cmpint (care_record_get_int (rx, "refills_used", 0), ==, 1);
  g_assert_cmpstr (care_record_get (first, "status"), ==, "approved");

  none = care_prescriptions_decide_refill (second, rx, TRUE, "doctor-1", &error);
  g_assert_null (none);
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_SHORTAGE);
  g_clear_error (&error);
  g_assert_null (care_prescriptions_decide_refill (first, rx, FALSE, "doctor-1", &error));
  assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);

  /* A patient's request waits, whatever it says. */
  g_assert_true (care_rules_prepare (&patient_ctx, NULL, asked, &error));
  g_assert_cmpstr (care_record_get (asked, "status"), ==, "pending");
}

/* --- alerts, forms, attendance, vitals -------------------------------------- */

static void
test_everyday (void)
{
  g_autoptr(CareRecord) alert = make ("emergency_alert", "kind", "code_blue", "location", "Ward A", "status", "active", NULL);
  g_autoptr(CareRecord) form = make ("form_submission", "status", "pending", NULL);
  g_autoptr(CareRecord) open = NULL;
  g_autoptr(CareRecord) twice = NULL;
  g_autoptr(CareRecord) vitals = make ("vitals", "weight_kg", "80", "height_cm", "175.5", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (care_alerts_step (alert, "acknowledged", "doctor-1", &error));
  g_assert_cmpstr (care_record_get (alert, "acknowledged_by"), ==, "doctor-1");
  g_assert_false (care_alerts_step (alert, "acknowledged", "doctor-1", &error));
  assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);
  g_assert_true (care_alerts_step (alert, "resolved", "doctor-1", &error));
  g_assert_nonnull (care_record_get (alert, "resolved_at"));
  g_assert_false (care_alerts_step (alert, "acknowledged", "doctor-1", &error));
  assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);

  g_assert_false (care_forms_review (form, "lost", "reception-1", NULL, &error));
  assert_refused (error, CARE_RULE_ERROR_INVALID, "status");
  g_clear_error (&error);
  g_assert_true (care_forms_review (form, "approved", "reception-1", "Complete", &error));
  g_assert_cmpstr (care_record_get (form, "review_notes"), ==, "Complete");
  g_assert_false (care_forms_review (form, "rejected", "reception-1", NULL, &error));
  assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);

  open = care_attendance_check_in (NULL, "lab-1", &error);
  g_assert_nonnull (open);
  twice = care_attendance_check_in (open, "lab-1", &error);
  g_assert_null (twice);
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (care_attendance_check_out (open, &error));
  g_assert_false (care_attendance_check_out (open, &error));
  g_clear_error (&error);
  /* Whoever writes it: a check-out before the check-in names the field. */
  care_record_set (open, "check_out", "2000-01-01T00:00:00Z");
  g_assert_false (care_rules_prepare (&staff_ctx, NULL, open, &error));
  assert_refused (error, CARE_RULE_ERROR_INVALID, "check_out");
  g_assert_true (g_str_has_prefix (error->message, "Checked out: "));
  g_clear_error (&error);

  /* A new set of vitals: its BMI, its time and who took it. */
  g_assert_true (care_rules_prepare (&staff_ctx, NULL, vitals, &error));
  g_assert_cmpstr (care_record_get (vitals, "bmi"), ==, "26.0");
  g_assert_cmpstr (care_record_get (vitals, "recorded_by"), ==, "nurse-1");
  g_assert_nonnull (care_record_get (vitals, "recorded_at"));
}

static void
test_whose_rows (void)
{
  const CareField *via = care_entity_patient_parent (care_schema_lookup ("lab_result"));
  g_autoptr(CareRecord) alert = make ("emergency_alert", "kind", "fire", "location", "Lobby", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (via->name, ==, "lab_test_id");
  g_assert_null (care_entity_patient_parent (care_schema_lookup ("lab_test")));
  /* A notification is a patient's only when it was written for them
   * (their portal or kiosk): staff notifications about a patient leave
   * patient_id empty. */
  g_assert_cmpstr (care_schema_lookup ("notification")->patient_fields[0], ==, "patient_id");
  g_assert_cmpstr (care_schema_lookup ("notification")->owner_fields[0], ==, "user_id");
  g_assert_true (care_schema_lookup ("refill_request")->flags & CARE_ENTITY_PORTAL_NEW);
  g_assert_false (care_schema_lookup ("invoice")->flags & CARE_ENTITY_PORTAL_NEW);

  /* A new alert: raised by the writer, active, and everyone is told. */
  inserted = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_assert_true (care_rules_prepare (&staff_ctx, NULL, alert, &error));
  g_assert_cmpstr (care_record_get (alert, "raised_by"), ==, "nurse-1");
  g_assert_cmpstr (care_record_get (alert, "status"), ==, "active");
  g_clear_pointer (&inserted, g_ptr_array_unref);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rules/beds", test_beds);
  g_test_add_func ("/rules/lab", test_lab);
  g_test_add_func ("/rules/pharmacy", test_pharmacy);
  g_test_add_func ("/rules/refills", test_refills);
  g_test_add_func ("/rules/everyday", test_everyday);
  g_test_add_func ("/rules/whose-rows", test_whose_rows);
  return g_test_run ();
}
