/* test-lab.c: the laboratory's flags, catalogue, steps, queue, results entry, delta checks and amendments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-core.h"
#include "care-lab.h"
#include "care-lab-catalogue.h"
#include "care-lab-queue.h"
#include "care-lab-results.h"
#include "care-test-lab.h"


/* --- flags ------------------------------------------------------------------- */

static void
test_flags (void)
{
  static const struct { const char *value, *low, *high, *clow, *chigh, *text, *flag, *letter; } cases[] = {
    /* With critical limits: they alone make a value critical. */
    { "13.1", "12", "16", "7", "20", NULL, "normal", NULL },
    { "11.2", "12", "16", "7", "20", NULL, "low", "L" },
    { "6.9", "12", "16", "7", "20", NULL, "critical_low", "LL" },
    { "7", "12", "16", "7", "20", NULL, "low", "L" },
    { "17", "12", "16", "7", "20", NULL, "high", "H" },
    { "20.5", "12", "16", "7", "20", NULL, "critical_high", "HH" },
    { "8", "12", "16", "7", NULL, NULL, "low", "L" },
    { "25", "12", "16", "7", NULL, NULL, "high", "H" },
    { "6.6", "3.5", "5.1", "2.5", "6.5", NULL, "critical_high", "HH" },
    /* Without them: 70 % / 130 % of the reference limits. */
    { "7.9", "12", "16", NULL, NULL, NULL, "critical_low", "LL" },
    { "11", "12", "16", NULL, NULL, NULL, "low", "L" },
    { "8", "3.9", "5.6", NULL, NULL, NULL, "critical_high", "HH" },
    { "6.4", "3.9", "5.6", NULL, NULL, NULL, "high", "H" },
    /* One-sided ranges. */
    { "6.1", NULL, "5.2", NULL, NULL, NULL, "high", "H" },
    { "0.9", "1.2", NULL, NULL, NULL, NULL, "low", "L" },
    { "12", NULL, "1.7", NULL, "11.3", NULL, "critical_high", "HH" },
    /* Text results. */
    { "Negative", NULL, NULL, NULL, NULL, "Negative", "normal", NULL },
    { " negative ", NULL, NULL, NULL, NULL, "Negative", "normal", NULL },
    { "Trace", NULL, NULL, NULL, NULL, "Negative", "abnormal", "A" },
    { "3", NULL, NULL, NULL, NULL, NULL, NULL, NULL },
    { "12,5", "12", "16", NULL, NULL, NULL, "normal", NULL },
    { "6,5", "12", "16", "7", NULL, NULL, "critical_low", "LL" },
    { "1,2,5", "12", "16", NULL, NULL, NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CareRecord) r = care_test_record ("lab_result", "analyte", "X", "value", cases[i].value,
                                      "reference_low", cases[i].low, "reference_high", cases[i].high,
                                      "critical_low", cases[i].clow, "critical_high", cases[i].chigh,
                                      "reference_text", cases[i].text, NULL);
      g_autofree char *flag = care_lab_compute_flag (r);

      g_test_message ("case %u: %s", i, cases[i].value);
      g_assert_cmpstr (flag, ==, cases[i].flag);
      g_assert_cmpstr (care_lab_flag_letter (flag), ==, cases[i].letter);
      g_assert_cmpint (care_lab_flag_is_critical (flag), ==, cases[i].letter && strlen (cases[i].letter) == 2);
    }
}

/* --- the catalogue --------------------------------------------------------------- */

static void
test_catalogue (void)
{
  static const char *const wanted[] = { "CBC", "BMP", "LIPID", "HBA1C", "TSH", "UA", NULL };
  const CareLabPanel *cbc = care_lab_catalogue_find_panel ("Complete blood count");
  const CareLabAnalyte *hb = care_lab_panel_find_analyte (cbc, "haemoglobin");
  g_autoptr(CareRecord) female = care_record_new (care_schema_lookup ("lab_result"));
  g_autoptr(CareRecord) male = care_record_new (care_schema_lookup ("lab_result"));
  g_autoptr(CareRecord) test = care_test_record ("lab_test", "test_name", "Something else", "test_code", "LOINC 51990-0", NULL);
  g_autofree char *female_range = NULL;
  g_autofree char *unknown_range = NULL;
  guint n;
  const CareLabPanel *panels = care_lab_catalogue_panels (&n);

  for (guint i = 0; wanted[i]; i++)
    {
      const CareLabPanel *panel = care_lab_catalogue_find_panel (wanted[i]);

      g_assert_nonnull (panel);
      g_assert_cmpuint (panel->n_analytes, >, 0);
      g_assert_true (panel >= panels && panel < panels + n);
    }
  g_assert_null (care_lab_catalogue_find_panel ("Blood film"));
  g_assert_true (care_lab_catalogue_find_panel ("LOINC 58410-2") == cbc);
  g_assert_cmpstr (care_lab_catalogue_panel_of (test)->code, ==, "BMP");

  /* By sex: a man's haemoglobin of 13 is low, a woman's normal. */
  g_assert_nonnull (hb);
  care_lab_analyte_fill_result (hb, "female", female);
  care_lab_analyte_fill_result (hb, "male", male);
  g_assert_cmpstr (care_record_get (female, "analyte"), ==, "Haemoglobin");
  g_assert_cmpstr (care_record_get (female, "unit"), ==, "g/dL");
  g_assert_cmpstr (care_record_get (female, "reference_low"), ==, "12");
  g_assert_cmpstr (care_record_get (male, "reference_low"), ==, "13.5");
  g_assert_cmpstr (care_record_get (male, "critical_low"), ==, "7");
  care_record_set (female, "value", "13");
  care_record_set (male, "value", "13");
  {
    g_autofree char *f = care_lab_compute_flag (female);
    g_autofree char *m = care_lab_compute_flag (male);
    g_assert_cmpstr (f, ==, "normal");
    g_assert_cmpstr (m, ==, "low");
  }
  female_range = care_lab_analyte_format_range (hb, "female");
  unknown_range = care_lab_analyte_format_range (hb, "unknown");
  g_assert_nonnull (strstr (female_range, "16"));
  g_assert_nonnull (strstr (unknown_range, "17"));
}

/* --- steps --------------------------------------------------------------------- */

static void
test_steps (void)
{
  g_autoptr(CareRecord) test = care_test_record ("lab_test", "status", "requested", NULL);
  g_autoptr(CareRecord) other = care_test_record ("lab_test", "status", "requested", NULL);
  g_autoptr(GError) error = NULL;
  static const char *const refused_from_requested[] = { "in_progress", "completed", NULL };

  for (guint i = 0; refused_from_requested[i]; i++)
    {
      g_assert_false (care_lab_set_status (test, refused_from_requested[i], NULL, "lab-1", &error));
      care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
      g_clear_error (&error);
    }
  g_assert_false (care_lab_set_status (test, "verified", NULL, "lab-1", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "status");
  g_clear_error (&error);
  g_assert_false (care_lab_set_status (test, "cancelled", NULL, "lab-1", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "status");
  g_clear_error (&error);
  g_assert_false (care_lab_verify (test, "lab-2", FALSE, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);
  g_assert_false (care_lab_check_results (test, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);

  /* requested → collected → in progress → resulted → verified → reviewed */
  g_assert_true (care_lab_set_status (test, "collected", NULL, "lab-1", &error));
  g_assert_no_error (error);
  g_assert_nonnull (care_record_get (test, "collected_at"));
  g_assert_cmpstr (care_record_get (test, "technician_id"), ==, "lab-1");
  g_assert_true (care_lab_check_results (test, NULL));
  g_assert_true (care_lab_set_status (test, "in_progress", NULL, "lab-1", &error));
  g_assert_false (care_lab_set_status (test, "collected", NULL, "lab-1", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);
  g_assert_true (care_lab_set_status (test, "completed", NULL, "lab-1", &error));
  g_assert_nonnull (care_record_get (test, "completed_at"));
  g_assert_false (care_lab_check_amendment (test, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);

  /* Cancelling is for before the results. */
  g_assert_false (care_lab_cancel (test, "Haemolysed", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);

  /* A second person, where the clinic asks for one. */
  g_assert_false (care_lab_verify (test, "lab-1", TRUE, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "verified_by");
  g_clear_error (&error);
  g_assert_cmpstr (care_record_get (test, "status"), ==, "completed");
  g_assert_true (care_lab_verify (test, "lab-2", TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (test, "verified_by"), ==, "lab-2");
  g_assert_nonnull (care_record_get (test, "verified_at"));
  g_assert_false (care_lab_check_results (test, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);
  g_assert_true (care_lab_check_amendment (test, NULL));
  g_assert_false (care_lab_verify (test, "lab-2", FALSE, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);
  g_assert_true (care_lab_review (test, "doctor-1", &error));
  g_assert_false (care_lab_set_status (test, "completed", NULL, "lab-1", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);

  /* The same technician may verify where the clinic allows it. */
  care_record_set (other, "status", "completed");
  care_record_set (other, "technician_id", "lab-1");
  g_assert_true (care_lab_verify (other, "lab-1", FALSE, &error));

  /* Cancelling needs a reason, and ends the test. */
  g_clear_pointer (&other, care_record_unref);
  other = care_test_record ("lab_test", "status", "collected", NULL);
  g_assert_false (care_lab_cancel (other, "  ", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "cancel_reason");
  g_clear_error (&error);
  g_assert_true (care_lab_cancel (other, " Specimen haemolysed ", &error));
  g_assert_cmpstr (care_record_get (other, "cancel_reason"), ==, "Specimen haemolysed");
  g_assert_false (care_lab_set_status (other, "collected", NULL, "lab-1", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);
  g_assert_false (care_lab_check_results (other, &error));
  g_clear_error (&error);

  g_assert_cmpstr (care_lab_queue_next_steps ("requested")[0], ==, "collected");
  g_assert_cmpstr (care_lab_queue_next_steps ("completed")[1], ==, "verified");
  g_assert_null (care_lab_queue_next_steps ("reviewed")[0]);
}

static void
test_delta (void)
{
  CareLabDelta d;

  g_assert_true (care_lab_delta_check ("9", "12", 20, &d));
  g_assert_cmpfloat_with_epsilon (d.change, -25, 1e-9);
  g_assert_cmpfloat (d.previous, ==, 12);
  g_assert_true (d.exceeded);
  g_assert_true (care_lab_delta_check ("13", "12", 20, &d));
  g_assert_false (d.exceeded);
  g_assert_true (care_lab_delta_check ("13", "12", 0, &d));
  g_assert_false (d.exceeded);
  g_assert_true (care_lab_delta_check ("1", "0", 50, &d));
  g_assert_true (d.exceeded);
  g_assert_false (care_lab_delta_check ("Negative", "12", 20, &d));
  g_assert_false (care_lab_delta_check ("12", NULL, 20, &d));
}

/* --- through a store ---------------------------------------------------------- */

static const char *
result_of (GPtrArray  *results,
           const char *analyte,
           const char *field)
{
  for (guint i = 0; i < results->len; i++)
    if (g_str_equal (care_record_get (g_ptr_array_index (results, i), "analyte"), analyte))
      return care_record_get (g_ptr_array_index (results, i), field);
  return NULL;
}

static void
test_queue (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *routine = request (f, "TSH", "routine");
  g_autofree char *stat = request (f, "BMP", "stat");
  g_autofree char *urgent = request (f, "CBC", "urgent");
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(GPtrArray) collected = NULL;
  g_autoptr(CareRecord) test = NULL;
  g_autoptr(GError) error = NULL;
  int last_rank = -1;

  all = care_lab_queue_list (f->store, CARE_LAB_QUEUE_OPEN, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >=, 3);
  for (guint i = 0; i < all->len; i++)
    {
      CareLabQueueItem *item = g_ptr_array_index (all, i);
      int rank = g_str_equal (item->priority, "stat") ? 0 : g_str_equal (item->priority, "urgent") ? 1 : 2;

      g_assert_cmpint (rank, >=, last_rank);
      last_rank = rank;
      g_assert_true (g_strv_contains ((const char *const[]) { "requested", "assigned", "collected", "in_progress", "completed", NULL },
                                      item->status));
      if (g_str_equal (item->test_id, stat))
        {
          g_assert_cmpstr (item->patient_name, ==, "Ines Varga");
          g_assert_cmpstr (item->patient_sex, ==, "male");
          g_assert_cmpstr (item->test_name, ==, "Basic metabolic panel");
          g_assert_nonnull (item->requested_at);
        }
    }
  stats = care_lab_queue_list (f->store, NULL, "stat", 0, &error);
  g_assert_cmpuint (stats->len, >=, 1);
  for (guint i = 0; i < stats->len; i++)
    g_assert_cmpstr (((CareLabQueueItem *) g_ptr_array_index (stats, i))->priority, ==, "stat");

  g_clear_pointer (&test, care_record_unref);
  test = step (f, urgent, "collected");
  collected = care_lab_queue_list (f->store, "collected", "urgent", 0, &error);
  g_assert_no_error (error);
  {
    gboolean found = FALSE;
    for (guint i = 0; i < collected->len; i++)
      found |= g_str_equal (((CareLabQueueItem *) g_ptr_array_index (collected, i))->test_id, urgent);
    g_assert_true (found);
  }

  /* Cancelling through the store needs its reason too. */
  g_assert_null (care_lab_queue_step (f->store, routine, "cancelled", "", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "cancel_reason");
  g_clear_error (&error);
  g_clear_pointer (&test, care_record_unref);
  test = care_lab_queue_step (f->store, routine, "cancelled", "Requested twice", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (test, "status"), ==, "cancelled");
  g_assert_null (care_lab_queue_step (f->store, routine, "collected", NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
}

static void
test_results (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *first = request (f, "CBC", "routine");
  g_autofree char *second = request (f, "CBC", "urgent");
  g_autoptr(GPtrArray) entered = values ("CBC", "male", "Haemoglobin", "14.1", "Platelets", "250", "MCV", "", NULL);
  g_autoptr(GPtrArray) again = values ("CBC", "male", "Haemoglobin", "13.9", "Platelets", "250", NULL);
  g_autoptr(GPtrArray) later = values ("CBC", "male", "Haemoglobin", "6.8", "Platelets", "1200", NULL);
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) amended = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(CareRecord) test = NULL;
  g_autoptr(CareRecord) previous = NULL;
  g_autoptr(CareRecord) amendment = NULL;
  g_autoptr(GError) error = NULL;
  CareLabDelta delta;
  int failed = 99;

  /* No results before the specimen. */
  g_assert_false (care_lab_results_enter (f->store, first, entered, FALSE, &failed, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_assert_cmpint (failed, ==, -1);
  g_clear_error (&error);

  test = step (f, first, "collected");
  g_assert_true (care_lab_results_enter (f->store, first, entered, FALSE, &failed, &error));
  g_assert_no_error (error);
  /* Entered again: the changed value replaces the first, the same one is kept. */
  g_assert_true (care_lab_results_enter (f->store, first, again, TRUE, NULL, &error));
  g_assert_no_error (error);
  all = care_store_list (f->store, care_schema_lookup ("lab_result"), "lab_test_id", first, NULL, 0, &error);
  g_assert_cmpuint (all->len, ==, 3);
  current = care_lab_results_current (f->store, first, amended, &error);
  g_assert_cmpuint (current->len, ==, 2);
  g_assert_cmpuint (g_hash_table_size (amended), ==, 1);
  g_assert_cmpstr (result_of (current, "Haemoglobin", "value"), ==, "13.9");
  g_assert_cmpstr (result_of (current, "Haemoglobin", "flag"), ==, "normal");
  g_assert_cmpstr (result_of (current, "Haemoglobin", "unit"), ==, "g/dL");
  g_assert_cmpstr (result_of (current, "Haemoglobin", "reference_low"), ==, "13.5");
  g_clear_pointer (&test, care_record_unref);
  test = care_store_get (f->store, care_schema_lookup ("lab_test"), first, &error);
  g_assert_cmpstr (care_record_get (test, "status"), ==, "completed");

  /* The lab technician verifies; where the clinic asks for a second
   * person, the admin must. */
  {
    g_autoptr(CareRecord) clinic = care_store_get_clinic (f->store);

    care_store_set_actor (f->store, f->admin_id);
    care_record_set (clinic, "lab_second_verifier", "1");
    g_assert_true (care_store_update (f->store, clinic, &error));
    g_assert_no_error (error);
    care_store_set_actor (f->store, f->lab_id);
  }
  g_assert_null (care_lab_queue_step (f->store, first, "verified", NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "verified_by");
  g_clear_error (&error);
  care_store_set_actor (f->store, f->admin_id);
  g_clear_pointer (&test, care_record_unref);
  test = step (f, first, "verified");
  g_assert_cmpstr (care_record_get (test, "verified_by"), ==, f->admin_id);
  care_store_set_actor (f->store, f->lab_id);

  /* Verified: entering is refused, amending is how a value changes. */
  g_assert_false (care_lab_results_enter (f->store, first, again, FALSE, NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);
  {
    const char *hb_id = NULL;

    for (guint i = 0; i < current->len; i++)
      if (g_str_equal (care_record_get (g_ptr_array_index (current, i), "analyte"), "Haemoglobin"))
        hb_id = care_record_get_id (g_ptr_array_index (current, i));
    g_assert_null (care_lab_results_amend (f->store, hb_id, "13.9", &error));
    care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "value");
    g_clear_error (&error);
    amendment = care_lab_results_amend (f->store, hb_id, "12.9", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (care_record_get (amendment, "amends_id"), ==, hb_id);
    g_assert_cmpstr (care_record_get (amendment, "flag"), ==, "low");
    g_assert_cmpstr (care_record_get (amendment, "reference_low"), ==, "13.5");
    /* The earlier stays. */
    g_assert_nonnull (care_store_get (f->store, care_schema_lookup ("lab_result"), hb_id, NULL));
  }
  g_clear_pointer (&current, g_ptr_array_unref);
  current = care_lab_results_current (f->store, first, NULL, &error);
  g_assert_cmpstr (result_of (current, "Haemoglobin", "value"), ==, "12.9");

  /* The second test's delta check looks at the first's current value. */
  g_clear_pointer (&test, care_record_unref);
  test = step (f, second, "collected");
  g_clear_pointer (&test, care_record_unref);
  test = step (f, second, "in_progress");
  previous = care_lab_results_previous (f->store, f->patient_id, "Haemoglobin", second, &error);
  g_assert_no_error (error);
  g_assert_nonnull (previous);
  g_assert_cmpstr (care_record_get (previous, "value"), ==, "12.9");
  g_assert_true (care_lab_delta_check ("6.8", care_record_get (previous, "value"), 20, &delta));
  g_assert_true (delta.exceeded);
  g_assert_null (care_lab_results_previous (f->store, f->patient_id, "TSH", second, &error));
  g_assert_no_error (error);

  g_assert_true (care_lab_results_enter (f->store, second, later, TRUE, NULL, &error));
  g_clear_pointer (&current, g_ptr_array_unref);
  current = care_lab_results_current (f->store, second, NULL, &error);
  g_assert_cmpstr (result_of (current, "Haemoglobin", "flag"), ==, "critical_low");
  g_assert_cmpstr (result_of (current, "Platelets", "flag"), ==, "critical_high");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/flags", test_flags);
  g_test_add_func ("/lab/catalogue", test_catalogue);
  g_test_add_func ("/lab/steps", test_steps);
  g_test_add_func ("/lab/delta", test_delta);
  g_test_add ("/lab/queue", Fixture, NULL, fixture_set_up, test_queue, fixture_tear_down);
  g_test_add ("/lab/results", Fixture, NULL, fixture_set_up, test_results, fixture_tear_down);
  return g_test_run ();
}
