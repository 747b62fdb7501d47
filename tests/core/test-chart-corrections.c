/* test-chart-corrections.c: the chart's allergies and problems changed or removed; the banner's alerts
 *
 * Against a real store file: each source of the lists (a record, the
 * registration's list, a note's diagnosis) is corrected where it lives,
 * and the lists, the banner and the prescribing warnings follow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "care-test-core.h"
#include "care-chart.h"
#include "care-chart-summary.h"
#include "care-chart-alerts.h"
#include "care-lab.h"
#include "care-prescriptions.h"

#define PROBLEM(i, list) ((CareChartProblem *) g_ptr_array_index (list, i))
#define ALLERGY(i, list) ((CareChartAllergy *) g_ptr_array_index (list, i))

typedef struct {
  char      *dir;
  CareStore *store;
  char      *pid;
  char      *did;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CareRecord) patient = care_test_patient ("Ana", "Ruiz");
  g_autoptr(CareRecord) doctor = NULL;
  g_autoptr(CareRecord) allergy = NULL, problem = NULL, note = NULL;
  g_autoptr(GError) error = NULL;
  const char *allergies[] = { "Latex", "penicillin", NULL };
  const char *conditions[] = { "Asthma", "Gout", NULL };

  care_clock_freeze (G_GINT64_CONSTANT (1796652300) * G_USEC_PER_SEC); /* 2026-12-07 14:05 UTC */
  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 0);
  doctor = care_accounts_find_login (f->store, "doctor");
  f->did = g_strdup (care_record_get_id (doctor));
  care_record_set_list (patient, "allergies", allergies);
  care_record_set_list (patient, "conditions", conditions);
  g_assert_true (care_store_insert (f->store, patient, &error));
  g_assert_no_error (error);
  f->pid = g_strdup (care_record_get_id (patient));

  /* Penicillin both listed and recorded; Gout both listed and a record. */
  allergy = care_test_record ("allergy", "patient_id", f->pid, "substance", "Penicillin", "reaction", "Rash",
                              "severity", "moderate", NULL);
  problem = care_test_record ("problem", "patient_id", f->pid, "name", "Gout", "code", "M10.9", "status", "active", NULL);
  note = care_test_record ("clinical_note", "patient_id", f->pid, "author_id", f->did, "note_type", "consultation",
                           "title", "Visit", "content", "Seen", "diagnosis", "Essential hypertension",
                           "diagnosis_code", "I10", NULL);
  g_assert_true (care_store_insert (f->store, allergy, &error));
  g_assert_true (care_store_insert (f->store, problem, &error));
  g_assert_true (care_store_insert (f->store, note, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  care_clock_reset ();
  g_clear_object (&f->store);
  care_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->pid);
  g_free (f->did);
}

static CareChartSummary *
load (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  CareChartSummary *summary = care_chart_summary_load (f->store, f->pid, &error);

  g_assert_no_error (error);
  return summary;
}

static const CareChartProblem *
problem_named (CareChartSummary *s,
               const char       *name)
{
  for (guint i = 0; i < s->problems->len; i++)
    if (care_chart_summary_same_name (PROBLEM (i, s->problems)->name, name))
      return PROBLEM (i, s->problems);
  return NULL;
}

static const CareChartAllergy *
allergy_named (CareChartSummary *s,
               const char       *name)
{
  for (guint i = 0; i < s->allergies->len; i++)
    if (care_chart_summary_same_name (ALLERGY (i, s->allergies)->substance, name))
      return ALLERGY (i, s->allergies);
  return NULL;
}

static char *
patient_list (Fixture    *f,
              const char *field)
{
  g_autoptr(CareRecord) patient = care_store_get (f->store, care_schema_lookup ("patient"), f->pid, NULL);
  g_auto(GStrv) list = care_record_get_list (patient, field);

  return list ? g_strjoinv (",", list) : g_strdup ("");
}

/* Where each entry of the lists comes from. */
static void
test_sources (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CareChartSummary) s = load (f);
  const CareChartAllergy *penicillin = allergy_named (s, "penicillin");
  const CareChartAllergy *latex = allergy_named (s, "latex");
  const CareChartProblem *gout = problem_named (s, "gout");

  g_assert_nonnull (penicillin->allergy_id);
  g_assert_true (penicillin->listed);
  g_assert_null (latex->allergy_id);
  g_assert_true (latex->listed);
  g_assert_nonnull (gout->problem_id);
  g_assert_true (gout->registered);
  g_assert_false (gout->in_notes);
  g_assert_true (problem_named (s, "Essential hypertension")->in_notes);
  g_assert_null (problem_named (s, "Essential hypertension")->problem_id);
  g_assert_true (problem_named (s, "Asthma")->registered);
}

/* A record is updated through its rules; one only listed becomes a
 * record and leaves the registration's list, so it shows once. */
static void
test_change (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CareChartSummary) s = load (f);
  g_autoptr(CareChartSummary) after = NULL;
  g_autoptr(CareRecord) latex = NULL, gout = NULL, asthma = NULL, bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *allergies = NULL, *conditions = NULL;

  latex = care_chart_summary_allergy_record (f->store, f->pid, allergy_named (s, "latex"), &error);
  g_assert_no_error (error);
  g_assert_null (care_record_get_id (latex));
  care_record_set (latex, "reaction", "Hives");
  care_record_set (latex, "severity", "severe");
  g_assert_true (care_chart_summary_change_allergy (f->store, allergy_named (s, "latex"), latex, &error));
  g_assert_no_error (error);

  gout = care_chart_summary_problem_record (f->store, f->pid, problem_named (s, "gout"), &error);
  g_assert_cmpstr (care_record_get_id (gout), ==, problem_named (s, "gout")->problem_id);
  care_record_set (gout, "code", "gout");
  g_assert_false (care_chart_summary_change_problem (f->store, problem_named (s, "gout"), gout, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "code");
  g_clear_error (&error);
  care_record_set (gout, "code", "M10.0");
  care_record_set (gout, "status", "resolved");
  g_assert_true (care_chart_summary_change_problem (f->store, problem_named (s, "gout"), gout, &error));
  g_assert_no_error (error);

  asthma = care_chart_summary_problem_record (f->store, f->pid, problem_named (s, "asthma"), &error);
  care_record_set (asthma, "name", "Allergic asthma");
  care_record_set (asthma, "code", "J45.0");
  g_assert_true (care_chart_summary_change_problem (f->store, problem_named (s, "asthma"), asthma, &error));
  g_assert_no_error (error);

  /* A note's diagnosis keeps its name: the note is amended instead. */
  bad = care_chart_summary_problem_record (f->store, f->pid, problem_named (s, "Essential hypertension"), &error);
  care_record_set (bad, "name", "Hypertension");
  g_assert_false (care_chart_summary_change_problem (f->store, problem_named (s, "Essential hypertension"), bad, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "name");

  after = load (f);
  g_assert_cmpstr (allergy_named (after, "latex")->reaction, ==, "Hives");
  g_assert_nonnull (allergy_named (after, "latex")->allergy_id);
  g_assert_true (problem_named (after, "gout")->resolved);
  g_assert_cmpstr (problem_named (after, "gout")->code, ==, "M10.0");
  g_assert_cmpstr (problem_named (after, "gout")->resolved_on, ==, "2026-12-07");
  g_assert_nonnull (problem_named (after, "Allergic asthma"));
  g_assert_null (problem_named (after, "Asthma"));
  g_assert_nonnull (problem_named (after, "Essential hypertension"));
  g_assert_null (problem_named (after, "Hypertension"));
  g_assert_cmpuint (after->allergies->len, ==, 2);
  allergies = patient_list (f, "allergies");
  conditions = patient_list (f, "conditions");
  g_assert_cmpstr (allergies, ==, "penicillin");
  g_assert_cmpstr (conditions, ==, "");
}

/* Removed as entered in error: gone from the lists, the banner and the
 * prescribing warnings; a note's diagnosis is refused. */
static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CareChartSummary) s = load (f);
  g_autoptr(CareChartSummary) after = NULL;
  g_autoptr(CareChartHeader) header = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *allergies = NULL, *conditions = NULL;

  g_assert_true (care_chart_summary_remove_allergy (f->store, f->pid, allergy_named (s, "penicillin"), &error));
  g_assert_no_error (error);
  g_assert_true (care_chart_summary_remove_problem (f->store, f->pid, problem_named (s, "gout"), &error));
  g_assert_no_error (error);
  g_assert_true (care_chart_summary_remove_problem (f->store, f->pid, problem_named (s, "asthma"), &error));
  g_assert_no_error (error);
  g_assert_false (care_chart_summary_remove_problem (f->store, f->pid, problem_named (s, "Essential hypertension"),
                                                     &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "name");
  g_clear_error (&error);
  /* Removed already: the record no longer exists, nothing else changes. */
  g_assert_false (care_chart_summary_remove_allergy (f->store, f->pid, allergy_named (s, "penicillin"), &error));
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  after = load (f);
  g_assert_null (allergy_named (after, "penicillin"));
  g_assert_nonnull (allergy_named (after, "latex"));
  g_assert_null (problem_named (after, "gout"));
  g_assert_null (problem_named (after, "asthma"));
  g_assert_nonnull (problem_named (after, "Essential hypertension"));
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("allergy")), ==, 0);
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("problem")), ==, 0);
  allergies = patient_list (f, "allergies");
  conditions = patient_list (f, "conditions");
  g_assert_cmpstr (allergies, ==, "Latex");
  g_assert_cmpstr (conditions, ==, "");

  header = care_chart_header (f->store, f->pid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (header->allergies[0], ==, "Latex");
  g_assert_null (header->allergies[1]);
  warnings = care_prescriptions_check_medicine (f->store, f->pid, "penicillin", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);
}

/* A verified test with one potassium result of value. */
static char *
verified_potassium (Fixture    *f,
                    const char *value)
{
  g_autoptr(CareRecord) test = care_test_record ("lab_test", "patient_id", f->pid, "requested_by", f->did,
                                                 "test_name", "Electrolytes", "priority", "routine",
                                                 "status", "verified", NULL);
  g_autoptr(CareRecord) result = NULL;
  g_autofree char *flag = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (care_store_insert (f->store, test, &error));
  result = care_test_record ("lab_result", "lab_test_id", care_record_get_id (test), "analyte", "Potassium",
                             "value", value, "unit", "mmol/L", "reference_low", "3.5", "reference_high", "5.1",
                             "critical_low", "2.5", "critical_high", "6.5", NULL);
  flag = care_lab_compute_flag (result);
  care_record_set (result, "flag", flag);
  g_assert_true (care_store_insert (f->store, result, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (test));
}

static char *
alerts_of (Fixture *f)
{
  g_autoptr(CareRecord) patient = care_store_get (f->store, care_schema_lookup ("patient"), f->pid, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) alerts = care_chart_alerts (f->store, patient, &error);

  g_assert_no_error (error);
  return g_strjoinv ("|", alerts);
}

/* The banner's alerts: DNR from the advance directives, a fall risk from
 * an active problem, critical results until someone reviews them. */
static void
test_alerts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CareRecord) patient = care_store_get (f->store, care_schema_lookup ("patient"), f->pid, NULL);
  g_autoptr(CareRecord) falls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *none = NULL, *some = NULL, *after = NULL;
  g_autofree char *normal = NULL, *critical = NULL;

  g_assert_true (care_chart_alerts_is_dnr ("Do not resuscitate (signed 2024)"));
  g_assert_true (care_chart_alerts_is_dnr ("DNR order on file"));
  g_assert_true (care_chart_alerts_is_dnr ("No CPR"));
  g_assert_false (care_chart_alerts_is_dnr ("Full resuscitation"));
  g_assert_false (care_chart_alerts_is_dnr (NULL));
  g_assert_true (care_chart_alerts_is_fall_risk ("Repeated falls"));
  g_assert_true (care_chart_alerts_is_fall_risk ("High fall risk"));
  g_assert_false (care_chart_alerts_is_fall_risk ("Gout"));

  none = alerts_of (f);
  g_assert_cmpstr (none, ==, "");

  care_record_set (patient, "advance_directives", "Do not resuscitate (signed 2024)");
  g_assert_true (care_store_update (f->store, patient, &error));
  falls = care_test_record ("problem", "patient_id", f->pid, "name", "Repeated falls", "status", "active", NULL);
  g_assert_true (care_chart_summary_add (f->store, falls, &error));
  normal = verified_potassium (f, "4.2");
  critical = verified_potassium (f, "7.1");
  g_assert_no_error (error);
  some = alerts_of (f);
  g_assert_cmpstr (some, ==, "DNR|Fall risk|1 critical result not reviewed");

  /* Reviewed, the result leaves the banner; resolved, so does the risk. */
  g_assert_true (care_orders_mark_reviewed (f->store, critical, &error));
  care_record_set (falls, "status", "resolved");
  g_assert_true (care_store_update (f->store, falls, &error));
  g_assert_no_error (error);
  after = alerts_of (f);
  g_assert_cmpstr (after, ==, "DNR");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/chart-corrections/sources", Fixture, NULL, fixture_set_up, test_sources, fixture_tear_down);
  g_test_add ("/chart-corrections/change", Fixture, NULL, fixture_set_up, test_change, fixture_tear_down);
  g_test_add ("/chart-corrections/alerts", Fixture, NULL, fixture_set_up, test_alerts, fixture_tear_down);
  g_test_add ("/chart-corrections/remove", Fixture, NULL, fixture_set_up, test_remove, fixture_tear_down);
  return g_test_run ();
}
