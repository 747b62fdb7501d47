/* test-chart-summary.c: the chart's problem, medication and allergy lists; a problem resolved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "care-test-core.h"
#include "care-chart.h"
#include "care-chart-summary.h"
#include "care-prescriptions.h"

static CareRecord *
with_id (CareRecord *record,
         const char *id)
{
  care_record_set (record, "id", id);
  return record;
}

static GPtrArray *
records (CareRecord *first,
         ...)
{
  GPtrArray *array = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  va_list args;

  va_start (args, first);
  for (CareRecord *r = first; r; r = va_arg (args, CareRecord *))
    g_ptr_array_add (array, r);
  va_end (args);
  return array;
}

#define PROBLEM(i, list) ((CareChartProblem *) g_ptr_array_index (list, i))
#define MED(i, list) ((CareChartMedication *) g_ptr_array_index (list, i))
#define ALLERGY(i, list) ((CareChartAllergy *) g_ptr_array_index (list, i))

/* A problem record says the state; a diagnosis amended away is gone; a
 * condition named again by a note (case aside) or by its code is listed once. */
static void
test_problems (void)
{
  const char *conditions[] = { "Asthma", "Gout", NULL };
  g_autoptr(GPtrArray) notes = records (
    with_id (care_test_record ("clinical_note", "diagnosis", "Acute bronchitis", "diagnosis_code", "J20.9",
                               "created_at", "2026-01-10T09:00:00Z", NULL), "n1"),
    with_id (care_test_record ("clinical_note", "diagnosis", "Pneumonia", "diagnosis_code", "J18.9",
                               "amends_id", "n1", "created_at", "2026-01-11T09:00:00Z", NULL), "n2"),
    with_id (care_test_record ("clinical_note", "diagnosis", "Essential hypertension", "diagnosis_code", "I10",
                               "created_at", "2026-02-01T09:00:00Z", NULL), "n3"),
    with_id (care_test_record ("clinical_note", "diagnosis", "asthma", "created_at", "2026-03-01T09:00:00Z", NULL), "n4"),
    NULL);
  g_autoptr(GPtrArray) problems = records (
    with_id (care_test_record ("problem", "name", "gout", "status", "resolved", "resolved_on", "2026-05-02", NULL), "p1"),
    with_id (care_test_record ("problem", "name", "Essential hypertension", "code", "I10", "status", "active",
                               "onset_on", "2019-04-01", NULL), "p2"),
    NULL);
  g_autoptr(GPtrArray) list = care_chart_summary_problems (conditions, notes, problems);

  g_assert_cmpuint (list->len, ==, 4);
  g_assert_cmpstr (PROBLEM (0, list)->name, ==, "asthma");
  g_assert_cmpstr (PROBLEM (0, list)->since, ==, "2026-03-01");
  g_assert_false (PROBLEM (0, list)->resolved);
  g_assert_null (PROBLEM (0, list)->problem_id);
  g_assert_cmpstr (PROBLEM (1, list)->name, ==, "Essential hypertension");
  g_assert_cmpstr (PROBLEM (1, list)->problem_id, ==, "p2");
  g_assert_cmpstr (PROBLEM (1, list)->since, ==, "2019-04-01");
  g_assert_cmpstr (PROBLEM (2, list)->name, ==, "Pneumonia");
  g_assert_cmpstr (PROBLEM (2, list)->code, ==, "J18.9");
  g_assert_cmpstr (PROBLEM (2, list)->since, ==, "2026-01-11");
  g_assert_cmpstr (PROBLEM (3, list)->name, ==, "gout");
  g_assert_true (PROBLEM (3, list)->resolved);
  g_assert_cmpstr (PROBLEM (3, list)->resolved_on, ==, "2026-05-02");
}

/* Medication records by status; prescriptions' medicines by theirs, an
 * active one's historical once its days are over; drafts left out. */
static void
test_medications (void)
{
  g_autoptr(GPtrArray) meds = records (
    care_test_record ("medication", "name", "Metformin", "dose", "500 mg", "frequency", "twice a day",
                      "status", "active", "started_on", "2025-01-01", NULL),
    care_test_record ("medication", "name", "Warfarin", "status", "historical", NULL),
    NULL);
  g_autoptr(GPtrArray) rx = records (
    with_id (care_test_record ("prescription", "status", "active", "issued_on", "2026-12-01", NULL), "r1"),
    with_id (care_test_record ("prescription", "status", "cancelled", "issued_on", "2026-11-01", NULL), "r2"),
    with_id (care_test_record ("prescription", "status", "draft", "issued_on", "2026-12-05", NULL), "r3"),
    with_id (care_test_record ("prescription", "status", "completed", "issued_on", "2026-06-01", NULL), "r4"),
    NULL);
  g_autoptr(GPtrArray) items = records (
    care_test_record ("prescription_item", "prescription_id", "r1", "medicine_name", "Amoxicillin", "dose", "500 mg",
                      "frequency", "every 8 hours", "duration_days", "7", NULL),
    care_test_record ("prescription_item", "prescription_id", "r1", "medicine_name", "Prednisolone", "dose", "5 mg",
                      "frequency", "daily", "duration_days", "3", NULL),
    care_test_record ("prescription_item", "prescription_id", "r2", "medicine_name", "Ibuprofen", "dose", "400 mg",
                      "frequency", "every 8 hours", NULL),
    care_test_record ("prescription_item", "prescription_id", "r3", "medicine_name", "Codeine", "dose", "30 mg",
                      "frequency", "at night", NULL),
    care_test_record ("prescription_item", "prescription_id", "r4", "medicine_name", "Omeprazole", "dose", "20 mg",
                      "frequency", "daily", NULL),
    NULL);
  g_autoptr(GPtrArray) list = care_chart_summary_medications (meds, rx, items, "2026-12-07");

  g_assert_cmpuint (list->len, ==, 6);
  g_assert_cmpint (MED (0, list)->status, ==, CARE_CHART_MED_ACTIVE);
  g_assert_cmpstr (MED (0, list)->name, ==, "Amoxicillin");
  g_assert_cmpstr (MED (0, list)->detail, ==, "500 mg · every 8 hours · 7 days");
  g_assert_cmpstr (MED (0, list)->since, ==, "2026-12-01");
  g_assert_cmpstr (MED (1, list)->name, ==, "Metformin");
  g_assert_cmpstr (MED (1, list)->detail, ==, "500 mg · twice a day");
  g_assert_cmpint (MED (2, list)->status, ==, CARE_CHART_MED_DISCONTINUED);
  g_assert_cmpstr (MED (2, list)->name, ==, "Ibuprofen");
  /* Three days from 1 December ran out on the 4th. */
  g_assert_cmpint (MED (3, list)->status, ==, CARE_CHART_MED_HISTORICAL);
  g_assert_cmpstr (MED (3, list)->name, ==, "Prednisolone");
  g_assert_cmpstr (MED (4, list)->name, ==, "Omeprazole");
  g_assert_cmpstr (MED (5, list)->name, ==, "Warfarin");
  g_assert_null (MED (5, list)->detail);
  g_assert_cmpstr (care_chart_med_status_label (CARE_CHART_MED_DISCONTINUED), ==, "Discontinued");
}

/* Records first, the most severe first; registration's names without a
 * record after them, once. */
static void
test_allergies (void)
{
  const char *listed[] = { "Penicillin", "latex", NULL };
  g_autoptr(GPtrArray) allergies = records (
    care_test_record ("allergy", "substance", "Peanuts", "reaction", "Hives", "severity", "moderate", NULL),
    care_test_record ("allergy", "substance", "penicillin", "reaction", "Anaphylaxis", "severity", "life_threatening", NULL),
    NULL);
  g_autoptr(GPtrArray) list = care_chart_summary_allergies (listed, allergies);

  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (ALLERGY (0, list)->substance, ==, "penicillin");
  g_assert_cmpstr (ALLERGY (0, list)->severity, ==, "life_threatening");
  g_assert_cmpstr (ALLERGY (1, list)->substance, ==, "Peanuts");
  g_assert_cmpstr (ALLERGY (1, list)->reaction, ==, "Hives");
  g_assert_cmpstr (ALLERGY (2, list)->substance, ==, "latex");
  g_assert_null (ALLERGY (2, list)->reaction);
  g_assert_null (ALLERGY (2, list)->severity);
}

/* From a real store: the lists, the care team, the history; a condition
 * resolved gets a record, and resolving it again is refused. */
static void
test_load_and_resolve (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(CareRecord) patient = care_test_patient ("Ana", "Ruiz");
  g_autoptr(CareRecord) doctor = care_accounts_find_login (store, "doctor");
  g_autoptr(CareRecord) allergy = NULL, member = NULL;
  g_autoptr(CareChartSummary) summary = NULL;
  g_autoptr(CareChartSummary) after = NULL;
  g_autoptr(CareChartHeader) header = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  const char *conditions[] = { "Asthma", NULL };
  const char *immunizations[] = { "Tetanus 2021", NULL };
  const char *pid;

  care_clock_freeze (G_GINT64_CONSTANT (1796652300) * G_USEC_PER_SEC); /* 2026-12-07 14:05 UTC */
  care_record_set_list (patient, "conditions", conditions);
  care_record_set_list (patient, "immunizations", immunizations);
  care_record_set (patient, "advance_directives", "Do not resuscitate");
  g_assert_true (care_store_insert (store, patient, &error));
  g_assert_no_error (error);
  pid = care_record_get_id (patient);
  allergy = care_test_record ("allergy", "patient_id", pid, "substance", "Latex", "reaction", "Rash",
                              "severity", "mild", NULL);
  g_assert_true (care_store_insert (store, allergy, &error));
  g_assert_no_error (error);
  member = care_test_record ("care_team_member", "patient_id", pid, "user_id", care_record_get_id (doctor),
                             "team_role", "Primary physician", NULL);
  g_assert_true (care_store_insert (store, member, &error));
  g_assert_no_error (error);

  summary = care_chart_summary_load (store, pid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->problems->len, ==, 1);
  g_assert_cmpuint (summary->allergies->len, ==, 1);
  g_assert_cmpstr (ALLERGY (0, summary->allergies)->reaction, ==, "Rash");
  g_assert_cmpuint (summary->medications->len, ==, 0);
  g_assert_cmpstr (summary->immunizations[0], ==, "Tetanus 2021");
  g_assert_null (summary->family_history[0]);
  g_assert_null (summary->lifestyle);
  g_assert_cmpstr (summary->advance_directives, ==, "Do not resuscitate");
  g_assert_cmpuint (summary->care_team->len, ==, 1);
  g_assert_cmpstr (((CareChartTeamMember *) summary->care_team->pdata[0])->team_role, ==, "Primary physician");

  /* An allergy recorded only as a record is in the banner and warned of. */
  header = care_chart_header (store, pid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (header->allergies[0], ==, "Latex");
  g_assert_null (header->allergies[1]);
  warnings = care_prescriptions_check_medicine (store, pid, "latex", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 1);

  g_assert_true (care_chart_summary_resolve (store, pid, PROBLEM (0, summary->problems), &error));
  g_assert_no_error (error);
  after = care_chart_summary_load (store, pid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->problems->len, ==, 1);
  g_assert_true (PROBLEM (0, after->problems)->resolved);
  g_assert_cmpstr (PROBLEM (0, after->problems)->resolved_on, ==, "2026-12-07");
  g_assert_nonnull (PROBLEM (0, after->problems)->problem_id);
  g_assert_false (care_chart_summary_resolve (store, pid, PROBLEM (0, after->problems), &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("problem")), ==, 1);

  g_clear_error (&error);
  g_assert_null (care_chart_summary_load (store, "no-such-patient", &error));
  g_assert_nonnull (error);
  care_clock_reset ();
  g_clear_object (&store);
  care_test_rmdir (dir);
}

/* What the store refuses or completes of a problem, whoever writes it. */
static void
test_problem_rules (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(CareRecord) patient = care_test_patient ("Ana", "Ruiz");
  g_autoptr(CareRecord) bad_code = NULL, early = NULL, undated = NULL, active = NULL;
  g_autoptr(GError) error = NULL;
  const char *pid;

  care_clock_freeze (G_GINT64_CONSTANT (1796652300) * G_USEC_PER_SEC); /* 2026-12-07 14:05 UTC */
  g_assert_true (care_store_insert (store, patient, &error));
  g_assert_no_error (error);
  pid = care_record_get_id (patient);

  bad_code = care_test_record ("problem", "patient_id", pid, "name", "Diabetes", "code", "diabetes", "status", "active", NULL);
  g_assert_false (care_chart_summary_add (store, bad_code, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "code");
  g_clear_error (&error);

  early = care_test_record ("problem", "patient_id", pid, "name", "Gout", "status", "resolved",
                            "onset_on", "2026-05-01", "resolved_on", "2026-04-01", NULL);
  g_assert_false (care_chart_summary_add (store, early, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "resolved_on");
  g_clear_error (&error);

  undated = care_test_record ("problem", "patient_id", pid, "name", "Gout", "code", "M10.9", "status", "resolved", NULL);
  g_assert_true (care_chart_summary_add (store, undated, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (undated, "resolved_on"), ==, "2026-12-07");

  active = care_test_record ("problem", "patient_id", pid, "name", "Asthma", "status", "active",
                             "resolved_on", "2026-01-01", NULL);
  g_assert_true (care_chart_summary_add (store, active, &error));
  g_assert_no_error (error);
  g_assert_null (care_record_get (active, "resolved_on"));
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("problem")), ==, 2);

  care_clock_reset ();
  g_clear_object (&store);
  care_test_rmdir (dir);
}

/* From the store, a long history: each group of medicines read up to
 * CARE_CHART_SUMMARY_SHOWN, the rest counted; a diagnosis amended away is
 * not a problem, one written twice is one. */
static void
test_load_long_history (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(CareRecord) patient = care_test_patient ("Ana", "Ruiz");
  g_autoptr(CareRecord) doctor = care_accounts_find_login (store, "doctor");
  g_autoptr(CareChartSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  const char *pid, *did = care_record_get_id (doctor);
  const char *diagnoses[] = { "Asthma", "Bronchitis", "asthma" };
  g_autofree char *first = NULL;

  care_clock_freeze (G_GINT64_CONSTANT (1796652300) * G_USEC_PER_SEC); /* 2026-12-07 14:05 UTC */
  g_assert_true (care_store_insert (store, patient, &error));
  g_assert_no_error (error);
  pid = care_record_get_id (patient);
  care_store_set_actor (store, did);
  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *issued = g_strdup_printf ("2025-01-%02u", i + 1);
      g_autoptr(CareRecord) rx = care_test_record ("prescription", "patient_id", pid, "prescriber_id", did,
                                                   "issued_on", issued, "status", "completed", NULL);
      g_autoptr(CareRecord) item = NULL;

      g_assert_true (care_store_insert (store, rx, &error));
      item = care_test_record ("prescription_item", "prescription_id", care_record_get_id (rx), "medicine_name",
                               "Amoxicillin", "dose", "500 mg", "frequency", "every 8 hours", "quantity", "21", NULL);
      g_assert_true (care_store_insert (store, item, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (diagnoses); i++)
    {
      g_autoptr(CareRecord) note = care_test_record ("clinical_note", "patient_id", pid, "author_id", did,
                                                     "note_type", "consultation", "title", "Visit", "content", "Seen",
                                                     "diagnosis", diagnoses[i], NULL);

      care_clock_advance (G_TIME_SPAN_HOUR);
      if (i == 1)
        care_record_set (note, "amends_id", first);
      g_assert_true (care_store_insert (store, note, &error));
      g_assert_no_error (error);
      if (i == 0)
        first = g_strdup (care_record_get_id (note));
    }

  summary = care_chart_summary_load (store, pid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->medications->len, ==, CARE_CHART_SUMMARY_SHOWN);
  g_assert_cmpstr (MED (0, summary->medications)->since, ==, "2025-01-25");
  g_assert_cmpuint (summary->more_medications[CARE_CHART_MED_HISTORICAL], ==, 5);
  g_assert_cmpuint (summary->more_medications[CARE_CHART_MED_ACTIVE], ==, 0);
  /* The first note's Asthma was amended into Bronchitis; the third is
   * Asthma again, and dates from then. */
  g_assert_cmpuint (summary->problems->len, ==, 2);
  g_assert_cmpstr (PROBLEM (0, summary->problems)->name, ==, "asthma");
  g_assert_cmpstr (PROBLEM (1, summary->problems)->name, ==, "Bronchitis");

  care_clock_reset ();
  g_clear_object (&store);
  care_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chart-summary/problems", test_problems);
  g_test_add_func ("/chart-summary/medications", test_medications);
  g_test_add_func ("/chart-summary/allergies", test_allergies);
  g_test_add_func ("/chart-summary/load-and-resolve", test_load_and_resolve);
  g_test_add_func ("/chart-summary/problem-rules", test_problem_rules);
  g_test_add_func ("/chart-summary/load-long-history", test_load_long_history);
  return g_test_run ();
}
