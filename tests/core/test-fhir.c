/* test-fhir.c: a patient's record as a FHIR R4 Bundle: codes, units, references, amendments, stable ids, and the published validator's verdict
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "care-test-core.h"
#include "care-test-fhir.h"

typedef struct {
  char      *dir;
  CareStore *store;
  char      *patient_id;
  char      *doctor_id;
} Fixture;

static CareRecord *
insert (Fixture    *f,
        CareRecord *record)
{
  g_autoptr(GError) error = NULL;

  care_store_insert (f->store, record, &error);
  g_assert_no_error (error);
  return record;
}

/* A patient with one or more of everything the export writes. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CareRecord) patient = care_test_patient ("Ana", "Ruiz");
  g_autoptr(CareRecord) doctor = NULL;
  g_autoptr(CareRecord) visit = NULL, note = NULL, amended_note = NULL, vitals = NULL, corrected = NULL;
  g_autoptr(CareRecord) rx = NULL, item = NULL, med = NULL, test = NULL, hb = NULL, hb2 = NULL, protein = NULL;
  const char *allergies[] = { "penicillin", NULL };
  const char *conditions[] = { "asthma", "type 2 diabetes", NULL };
  const char *immunizations[] = { "MMR 1990", "tetanus 2021-05-03", "influenza", NULL };

  gint64 now = 0;

  g_assert_true (care_clock_parse_instant ("2026-11-20T09:30:00Z", &now));
  care_clock_freeze (now);
  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 0);
  care_record_set_list (patient, "allergies", allergies);
  care_record_set_list (patient, "conditions", conditions);
  care_record_set_list (patient, "immunizations", immunizations);
  care_record_set (patient, "phone", "+34 600 000 000");
  care_record_set (patient, "city", "Sevilla");
  care_record_set (patient, "emergency_contact_name", "Luis Ruiz");
  care_record_set (patient, "emergency_contact_relationship", "Brother");
  care_record_set (patient, "emergency_contact_phone", "+34 600 000 001");
  insert (f, patient);
  f->patient_id = g_strdup (care_record_get_id (patient));
  doctor = care_accounts_find_login (f->store, "doctor");
  f->doctor_id = g_strdup (care_record_get_id (doctor));
  care_store_set_actor (f->store, f->doctor_id);

  visit = insert (f, care_test_record ("appointment", "patient_id", f->patient_id, "provider_id", f->doctor_id,
                                       "starts_at", "2026-11-20T09:00:00Z", "duration_minutes", "20",
                                       "type", "consultation", "status", "completed", "reason", "Cough", NULL));
  note = insert (f, care_test_record ("clinical_note", "patient_id", f->patient_id, "author_id", f->doctor_id,
                                      "appointment_id", care_record_get_id (visit), "note_type", "consultation",
                                      "title", "Cough", "content", "Two weeks of cough.",
                                      "diagnosis", "Acute bronchitis", "diagnosis_code", "J20.9", NULL));
  amended_note = insert (f, care_test_record ("clinical_note", "patient_id", f->patient_id, "author_id", f->doctor_id,
                                              "appointment_id", care_record_get_id (visit), "note_type", "consultation",
                                              "title", "Cough", "content", "Two weeks of cough; wheeze.",
                                              "diagnosis", "Asthma exacerbation", "diagnosis_code", "J45.901",
                                              "amends_id", care_record_get_id (note), NULL));
  vitals = insert (f, care_test_record ("vitals", "patient_id", f->patient_id, "recorded_at", "2026-11-20T09:05:00Z",
                                        "systolic", "150", "diastolic", "95", "pulse", "88", NULL));
  corrected = insert (f, care_test_record ("vitals", "patient_id", f->patient_id, "recorded_at", "2026-11-20T09:05:00Z",
                                           "systolic", "135", "diastolic", "85", "pulse", "88", "temperature_c", "37.8",
                                           "respiratory_rate", "18", "spo2", "96", "weight_kg", "70", "height_cm", "170",
                                           "pain_score", "3", "bmi", "24.2", "amends_id", care_record_get_id (vitals), NULL));
  rx = insert (f, care_test_record ("prescription", "patient_id", f->patient_id, "prescriber_id", f->doctor_id,
                                    "appointment_id", care_record_get_id (visit), "issued_on", "2026-11-20",
                                    "status", "active", "refills_allowed", "1", NULL));
  item = insert (f, care_test_record ("prescription_item", "prescription_id", care_record_get_id (rx),
                                      "medicine_name", "Amoxicillin 500 mg capsules", "dose", "500 mg", "route", "oral",
                                      "frequency", "every 8 hours", "duration_days", "7", "quantity", "21", NULL));
  med = insert (f, care_test_record ("medication", "patient_id", f->patient_id, "name", "Salbutamol inhaler",
                                     "dose", "2 puffs", "route", "inhaled", "status", "active", "started_on", "2025-01-10", NULL));
  test = insert (f, care_test_record ("lab_test", "patient_id", f->patient_id, "requested_by", f->doctor_id,
                                      "test_name", "Complete blood count", "test_code", "LOINC 58410-2",
                                      "priority", "routine", "status", "verified",
                                      "collected_at", "2026-11-20T09:10:00Z", NULL));
  hb = insert (f, care_test_record ("lab_result", "lab_test_id", care_record_get_id (test), "analyte", "Haemoglobin",
                                    "value", "18.1", "unit", "g/dL", "reference_low", "12", "reference_high", "16",
                                    "flag", "high", NULL));
  hb2 = insert (f, care_test_record ("lab_result", "lab_test_id", care_record_get_id (test), "analyte", "Haemoglobin",
                                     "value", "17.1", "unit", "g/dL", "reference_low", "12", "reference_high", "16",
                                     "flag", "high", "amends_id", care_record_get_id (hb), NULL));
  protein = insert (f, care_test_record ("lab_result", "lab_test_id", care_record_get_id (test), "analyte", "Protein",
                                         "value", "Trace", "reference_text", "Negative", "flag", "abnormal", NULL));
  /* The chart's own allergy and problem records. */
  g_clear_pointer (&test, care_record_unref);
  test = insert (f, care_test_record ("allergy", "patient_id", f->patient_id, "substance", "Latex",
                                      "reaction", "Hives", "severity", "life_threatening", "noted_on", "2020-03-01", NULL));
  g_clear_pointer (&test, care_record_unref);
  test = insert (f, care_test_record ("problem", "patient_id", f->patient_id, "name", "Iron deficiency anaemia",
                                      "code", "D50.9", "status", "resolved", "onset_on", "2024-01-10",
                                      "resolved_on", "2025-02-01", NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  care_clock_reset ();
  g_clear_object (&f->store);
  g_free (f->patient_id);
  g_free (f->doctor_id);
  care_test_rmdir (f->dir);
  g_free (f->dir);
}

static JsonNode *
export (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareFhirRecords) records = care_fhir_records_from_store (f->store, f->patient_id, &error);

  g_assert_no_error (error);
  return care_fhir_bundle (records);
}

/* The resources of type, in the bundle's order. */
static GPtrArray *
resources (JsonNode   *bundle,
           const char *type)
{
  JsonArray *entries = json_object_get_array_member (json_node_get_object (bundle), "entry");
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *r = json_object_get_object_member (json_array_get_object_element (entries, i), "resource");

      if (g_str_equal (json_object_get_string_member (r, "resourceType"), type))
        g_ptr_array_add (found, r);
    }
  return found;
}

static const char *
first_code (JsonObject *concept)
{
  JsonArray *codings = json_object_get_array_member (concept, "coding");

  return json_object_get_string_member (json_array_get_object_element (codings, 0), "code");
}

/* The vital-sign Observation with that LOINC code. */
static JsonObject *
vital (JsonNode   *bundle,
       const char *loinc)
{
  g_autoptr(GPtrArray) observations = resources (bundle, "Observation");

  for (guint i = 0; i < observations->len; i++)
    if (g_str_equal (first_code (json_object_get_object_member (observations->pdata[i], "code")), loinc ?: ""))
      return observations->pdata[i];
  return NULL;
}

static double
quantity_value (JsonObject *o,
                const char *member,
                const char **ucum)
{
  JsonObject *q = json_object_get_object_member (o, member);

  *ucum = json_object_get_string_member_with_default (q, "code", NULL);
  return json_object_get_double_member (q, "value");
}

static void
test_vitals_loinc_ucum (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) bundle = export (f);
  static const struct { const char *loinc; double value; const char *ucum; } expected[] = {
    { "8867-4", 88, "/min" }, { "8310-5", 37.8, "Cel" }, { "9279-1", 18, "/min" }, { "59408-5", 96, "%" },
    { "29463-7", 70, "kg" }, { "8302-2", 170, "cm" }, { "72514-3", 3, "{score}" },
  };
  JsonObject *bp = vital (bundle, "85354-9");
  JsonArray *components;
  const char *ucum;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *o = vital (bundle, expected[i].loinc);

      g_assert_nonnull (o);
      g_assert_cmpfloat_with_epsilon (quantity_value (o, "valueQuantity", &ucum), expected[i].value, 1e-9);
      g_assert_cmpstr (ucum, ==, expected[i].ucum);
      /* The corrected set only, marked as such. */
      g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "amended");
    }
  /* BMI as recorded with the set. */
  g_assert_nonnull (vital (bundle, "39156-5"));
  g_assert_cmpfloat_with_epsilon (quantity_value (vital (bundle, "39156-5"), "valueQuantity", &ucum), 24.2, 0.05);
  g_assert_cmpstr (ucum, ==, "kg/m2");

  g_assert_nonnull (bp);
  g_assert_false (json_object_has_member (bp, "valueQuantity"));
  components = json_object_get_array_member (bp, "component");
  g_assert_cmpuint (json_array_get_length (components), ==, 2);
  g_assert_cmpstr (first_code (json_object_get_object_member (json_array_get_object_element (components, 0), "code")), ==, "8480-6");
  g_assert_cmpfloat (quantity_value (json_array_get_object_element (components, 0), "valueQuantity", &ucum), ==, 135);
  g_assert_cmpstr (ucum, ==, "mm[Hg]");
  g_assert_cmpstr (first_code (json_object_get_object_member (json_array_get_object_element (components, 1), "code")), ==, "8462-4");
  g_assert_cmpfloat (quantity_value (json_array_get_object_element (components, 1), "valueQuantity", &ucum), ==, 85);
  /* SpO₂ carries both LOINC codes. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (vital (bundle, "59408-5"), "code"), "coding")), ==, 2);
}

static void
test_lab_report (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) bundle = export (f);
  g_autoptr(GPtrArray) reports = resources (bundle, "DiagnosticReport");
  JsonObject *report, *hb = NULL, *protein = NULL, *range;
  JsonArray *results;
  g_autoptr(GPtrArray) observations = resources (bundle, "Observation");
  const char *ucum;

  g_assert_cmpuint (reports->len, ==, 1);
  report = reports->pdata[0];
  g_assert_cmpstr (json_object_get_string_member (report, "status"), ==, "final");
  g_assert_cmpstr (first_code (json_object_get_object_member (report, "code")), ==, "58410-2");
  results = json_object_get_array_member (report, "result");
  /* The amended haemoglobin replaces the first; the protein stays. */
  g_assert_cmpuint (json_array_get_length (results), ==, 2);
  for (guint i = 0; i < observations->len; i++)
    {
      JsonObject *code = json_object_get_object_member (observations->pdata[i], "code");

      if (g_strcmp0 (json_object_get_string_member_with_default (code, "text", ""), "Haemoglobin") == 0)
        {
          g_assert_null (hb);
          hb = observations->pdata[i];
        }
      if (g_strcmp0 (json_object_get_string_member_with_default (code, "text", ""), "Protein") == 0)
        protein = observations->pdata[i];
    }
  g_assert_nonnull (hb);
  g_assert_cmpstr (first_code (json_object_get_object_member (hb, "code")), ==, "718-7");
  g_assert_cmpfloat (quantity_value (hb, "valueQuantity", &ucum), ==, 17.1);
  g_assert_cmpstr (ucum, ==, "g/dL");
  g_assert_cmpstr (json_object_get_string_member (hb, "status"), ==, "amended");
  g_assert_cmpstr (first_code (json_array_get_object_element (json_object_get_array_member (hb, "interpretation"), 0)), ==, "H");
  range = json_array_get_object_element (json_object_get_array_member (hb, "referenceRange"), 0);
  g_assert_cmpfloat (quantity_value (range, "low", &ucum), ==, 12);
  g_assert_cmpfloat (quantity_value (range, "high", &ucum), ==, 16);

  g_assert_nonnull (protein);
  g_assert_cmpstr (json_object_get_string_member (protein, "valueString"), ==, "Trace");
  g_assert_cmpstr (first_code (json_array_get_object_element (json_object_get_array_member (protein, "interpretation"), 0)), ==, "A");
  range = json_array_get_object_element (json_object_get_array_member (protein, "referenceRange"), 0);
  g_assert_cmpstr (json_object_get_string_member (range, "text"), ==, "Negative");
}

static void
test_problems_and_medicines (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(JsonNode) bundle = export (f);
  g_autoptr(GPtrArray) conditions = resources (bundle, "Condition");
  g_autoptr(GPtrArray) allergies = resources (bundle, "AllergyIntolerance");
  g_autoptr(GPtrArray) immunizations = resources (bundle, "Immunization");
  g_autoptr(GPtrArray) requests = resources (bundle, "MedicationRequest");
  g_autoptr(GPtrArray) statements = resources (bundle, "MedicationStatement");
  g_autoptr(GPtrArray) encounters = resources (bundle, "Encounter");
  g_autoptr(GPtrArray) practitioners = resources (bundle, "Practitioner");
  JsonObject *diagnosis, *request, *dosage;
  g_autofree char *doctor_ref = g_strconcat ("urn:uuid:", f->doctor_id, NULL);

  /* Two problems of the list, the chart's resolved problem, and the amended
   * note's diagnosis, not the first one's. */
  g_assert_cmpuint (conditions->len, ==, 4);
  {
    JsonObject *resolved = conditions->pdata[2];

    g_assert_cmpstr (first_code (json_object_get_object_member (resolved, "clinicalStatus")), ==, "resolved");
    g_assert_cmpstr (first_code (json_object_get_object_member (resolved, "code")), ==, "D50.9");
    g_assert_cmpstr (json_object_get_string_member (resolved, "onsetDateTime"), ==, "2024-01-10");
    g_assert_cmpstr (json_object_get_string_member (resolved, "abatementDateTime"), ==, "2025-02-01");
  }
  diagnosis = conditions->pdata[3];
  g_assert_cmpstr (first_code (json_object_get_object_member (diagnosis, "code")), ==, "J45.901");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (diagnosis, "recorder"), "reference"), ==, doctor_ref);
  /* The registration list's penicillin, and the chart's latex with its
   * reaction and how severe. */
  g_assert_cmpuint (allergies->len, ==, 2);
  {
    JsonObject *latex = allergies->pdata[1];
    JsonObject *reaction = json_array_get_object_element (json_object_get_array_member (latex, "reaction"), 0);

    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (latex, "code"), "text"), ==, "Latex");
    g_assert_cmpstr (json_object_get_string_member (latex, "criticality"), ==, "high");
    g_assert_cmpstr (json_object_get_string_member (reaction, "severity"), ==, "severe");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (reaction, "manifestation"), 0), "text"),
                     ==, "Hives");
  }
  g_assert_cmpuint (immunizations->len, ==, 3);
  g_assert_cmpstr (json_object_get_string_member (immunizations->pdata[0], "occurrenceDateTime"), ==, "1990");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (immunizations->pdata[0], "vaccineCode"), "text"), ==, "MMR");
  g_assert_cmpstr (json_object_get_string_member (immunizations->pdata[1], "occurrenceDateTime"), ==, "2021-05-03");
  g_assert_true (json_object_has_member (immunizations->pdata[2], "occurrenceString"));

  g_assert_cmpuint (requests->len, ==, 1);
  request = requests->pdata[0];
  g_assert_cmpstr (json_object_get_string_member (request, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (request, "requester"), "reference"), ==, doctor_ref);
  dosage = json_array_get_object_element (json_object_get_array_member (request, "dosageInstruction"), 0);
  g_assert_cmpstr (json_object_get_string_member (dosage, "text"), ==, "500 mg, by mouth, every 8 hours, for 7 days");
  g_assert_cmpstr (first_code (json_object_get_object_member (dosage, "route")), ==, "26643006");
  g_assert_cmpuint (statements->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (statements->pdata[0], "status"), ==, "active");

  g_assert_cmpuint (encounters->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (encounters->pdata[0], "status"), ==, "finished");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (encounters->pdata[0], "period"), "end"), ==,
                   "2026-11-20T09:20:00.000Z");
  /* The doctor (who wrote everything here), and the admin of the fixture who registered nobody. */
  g_assert_cmpuint (practitioners->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (practitioners->pdata[0], "id"), ==, f->doctor_id);
}

/* Record ids stay resource ids from one export to the next; the bundle is new. */
static void
test_stable_ids (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) a = export (f);
  g_autoptr(JsonNode) b = export (f);
  JsonArray *ea = json_object_get_array_member (json_node_get_object (a), "entry");
  JsonArray *eb = json_object_get_array_member (json_node_get_object (b), "entry");
  JsonObject *patient = json_object_get_object_member (json_array_get_object_element (ea, 0), "resource");

  g_assert_cmpstr (json_object_get_string_member (patient, "resourceType"), ==, "Patient");
  g_assert_cmpstr (json_object_get_string_member (patient, "id"), ==, f->patient_id);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (a), "type"), ==, "collection");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (a), "id"), !=,
                   json_object_get_string_member (json_node_get_object (b), "id"));
  g_assert_cmpuint (json_array_get_length (ea), ==, json_array_get_length (eb));
  for (guint i = 0; i < json_array_get_length (ea); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ea, i), "fullUrl"), ==,
                     json_object_get_string_member (json_array_get_object_element (eb, i), "fullUrl"));
}

static char *
write_bundle (CareStore  *store,
              const char *patient_id,
              const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareFhirRecords) records = care_fhir_records_from_store (store, patient_id, &error);
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  char *path;
  gsize length;

  g_assert_no_error (error);
  text = care_fhir_bundle_text (records, &length);
  name = g_strdup_printf ("%s.fhir.json", patient_id);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, text, length, &error);
  g_assert_no_error (error);
  return path;
}

/* The fixture's patient and every patient of the demo clinic pass the
 * published validator. */
static void
test_validator (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) patients = NULL;
  g_autofree char *demo_path = g_build_filename (f->dir, "demo.sqlite", NULL);
  g_autoptr(CareStore) demo = NULL;

  g_ptr_array_add (files, write_bundle (f->store, f->patient_id, f->dir));
  care_clock_reset ();
  demo = care_store_open (demo_path, &error);
  g_assert_no_error (error);
  care_demo_populate_clinic (demo, CARE_DEMO_SEED, &error);
  g_assert_no_error (error);
  patients = care_store_list (demo, care_schema_lookup ("patient"), NULL, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patients->len, ==, CARE_DEMO_CLINIC_PATIENTS);
  for (guint i = 0; i < patients->len; i++)
    g_ptr_array_add (files, write_bundle (demo, care_record_get_id (patients->pdata[i]), f->dir));
  g_ptr_array_add (files, NULL);
  care_test_fhir_validate ((const char *const *) files->pdata);
}

static void
test_file_name (void)
{
  g_autoptr(CareRecord) p = care_test_patient ("María José", "López/García");
  g_autofree char *name = NULL;

  care_record_set (p, "mrn", "K7QF-000042");
  name = care_fhir_file_name (p);
  g_assert_cmpstr (name, ==, "LópezGarcía-María-José-K7QF-000042.fhir.json");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fhir/file-name", test_file_name);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/fhir/vitals-loinc-ucum", test_vitals_loinc_ucum);
  ADD ("/fhir/lab-report", test_lab_report);
  ADD ("/fhir/problems-medicines", test_problems_and_medicines);
  ADD ("/fhir/stable-ids", test_stable_ids);
  ADD ("/fhir/validator", test_validator);
  return g_test_run ();
}
