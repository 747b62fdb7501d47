/* care-fhir-clinical.c: the FHIR resources of measurements: vital-sign Observations, lab DiagnosticReports and their result Observations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-fhir"

#include "config.h"

#include "care-fhir-private.h"

#define OBS_CATEGORY   "http://terminology.hl7.org/CodeSystem/observation-category"
#define INTERPRETATION "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
#define V2_0074        "http://terminology.hl7.org/CodeSystem/v2-0074"

static JsonArray *
one (JsonObject *element)
{
  JsonArray *array = json_array_new ();

  json_array_add_object_element (array, element);
  return array;
}

static JsonObject *
observation_category (const char *code,
                      const char *display)
{
  return care_fhir_concept (OBS_CATEGORY, code, display, NULL);
}

/* --- vital signs ------------------------------------------------------------ */

/* One reading of a set of vital signs: its field, LOINC code(s), UCUM unit. */
typedef struct {
  const char *field;
  const char *loinc;
  const char *display;
  const char *unit;
  const char *ucum;
  const char *category;     /* NULL: vital-signs */
  const char *loinc2;       /* a second coding, or NULL */
  const char *display2;
} Reading;

static const Reading readings[] = {
  { "pulse", "8867-4", "Heart rate", "beats/minute", "/min", NULL, NULL, NULL },
  { "temperature_c", "8310-5", "Body temperature", "°C", "Cel", NULL, NULL, NULL },
  { "respiratory_rate", "9279-1", "Respiratory rate", "breaths/minute", "/min", NULL, NULL, NULL },
  { "spo2", "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%", "%", NULL,
    "2708-6", "Oxygen saturation in Arterial blood" },
  { "weight_kg", "29463-7", "Body weight", "kg", "kg", NULL, NULL, NULL },
  { "height_cm", "8302-2", "Body height", "cm", "cm", NULL, NULL, NULL },
  { "bmi", "39156-5", "Body mass index (BMI) [Ratio]", "kg/m2", "kg/m2", NULL, NULL, NULL },
  { "pain_score", "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported", "{score}", "{score}",
    "survey", NULL, NULL },
};

static JsonObject *
loinc_concept (const char *code,
               const char *display,
               const char *code2,
               const char *display2)
{
  JsonObject *o = care_fhir_concept (CARE_FHIR_LOINC, code, display, display);

  if (code2)
    {
      JsonObject *coding = json_object_new ();

      json_object_set_string_member (coding, "system", CARE_FHIR_LOINC);
      json_object_set_string_member (coding, "code", code2);
      json_object_set_string_member (coding, "display", display2);
      json_array_add_object_element (json_object_get_array_member (o, "coding"), coding);
    }
  return o;
}

/* An Observation of a set of vitals, the first part common to all. */
static JsonObject *
vital_observation (CareFhirWriter   *w,
                   const CareRecord *v,
                   const char       *code,
                   const char       *category)
{
  g_autofree char *id = care_fhir_derived_id (care_record_get_id (v), code);
  JsonObject *r = care_fhir_add (w, "Observation", id, v);

  /* An amendment is the set as corrected. */
  json_object_set_string_member (r, "status", care_fhir_value (v, "amends_id") ? "amended" : "final");
  json_object_set_array_member (r, "category", one (category ? observation_category (category, "Survey")
                                                           : observation_category ("vital-signs", "Vital Signs")));
  care_fhir_set_ref (w, r, "subject", care_record_get_id (w->records->patient));
  care_fhir_set_time (r, "effectiveDateTime", care_fhir_value (v, "recorded_at"), 0);
  care_fhir_set_refs (w, r, "performer", care_fhir_value (v, "recorded_by"));
  return r;
}

static JsonObject *
component (const char *code,
           const char *display,
           double      value)
{
  JsonObject *c = json_object_new ();

  json_object_set_object_member (c, "code", loinc_concept (code, display, NULL, NULL));
  json_object_set_object_member (c, "valueQuantity", care_fhir_quantity (value, "mmHg", "mm[Hg]"));
  return c;
}

static void
write_blood_pressure (CareFhirWriter   *w,
                      const CareRecord *v)
{
  double systolic, diastolic;
  gboolean has_systolic = care_fhir_number (care_fhir_value (v, "systolic"), &systolic);
  gboolean has_diastolic = care_fhir_number (care_fhir_value (v, "diastolic"), &diastolic);
  JsonObject *r;
  JsonArray *components;

  if (!has_systolic && !has_diastolic)
    return;
  r = vital_observation (w, v, "85354-9", NULL);
  json_object_set_object_member (r, "code", loinc_concept ("85354-9", "Blood pressure panel with all children optional", NULL, NULL));
  components = json_array_new ();
  if (has_systolic)
    json_array_add_object_element (components, component ("8480-6", "Systolic blood pressure", systolic));
  if (has_diastolic)
    json_array_add_object_element (components, component ("8462-4", "Diastolic blood pressure", diastolic));
  json_object_set_array_member (r, "component", components);
}

void
care_fhir_write_vitals (CareFhirWriter *w)
{
  GPtrArray *sets = care_fhir_records_list (w->records, "vitals");

  for (guint i = 0; i < sets->len; i++)
    {
      const CareRecord *v = g_ptr_array_index (sets, i);

      if (!care_fhir_is_current (w, v))
        continue;
      write_blood_pressure (w, v);
      for (guint k = 0; k < G_N_ELEMENTS (readings); k++)
        {
          const Reading *reading = &readings[k];
          double value;
          JsonObject *r;

          if (!care_fhir_number (care_fhir_value (v, reading->field), &value))
            continue;
          r = vital_observation (w, v, reading->loinc, reading->category);
          json_object_set_object_member (r, "code", loinc_concept (reading->loinc, reading->display,
                                                                   reading->loinc2, reading->display2));
          json_object_set_object_member (r, "valueQuantity", care_fhir_quantity (value, reading->unit, reading->ucum));
        }
    }
}

/* --- laboratory --------------------------------------------------------------- */

static JsonObject *
simple_quantity (const char *number,
                 const char *unit)
{
  double value;

  if (!care_fhir_number (number, &value))
    return NULL;
  return care_fhir_quantity (value, unit, care_fhir_ucum_code (unit));
}

static void
write_reference_range (JsonObject       *r,
                       const CareRecord *result)
{
  JsonObject *range = json_object_new ();
  JsonObject *low = simple_quantity (care_fhir_value (result, "reference_low"), care_fhir_value (result, "unit"));
  JsonObject *high = simple_quantity (care_fhir_value (result, "reference_high"), care_fhir_value (result, "unit"));

  if (low)
    json_object_set_object_member (range, "low", low);
  if (high)
    json_object_set_object_member (range, "high", high);
  care_fhir_set_text (range, "text", care_fhir_value (result, "reference_text"));
  if (json_object_get_size (range))
    json_object_set_array_member (r, "referenceRange", one (range));
  else
    json_object_unref (range);
}

/* A result's status follows its test's: verified results are final. */
static const char *
result_status (const CareRecord *test,
               const CareRecord *result)
{
  const char *status = care_fhir_report_status (care_fhir_value (test, "status"));

  if (g_str_equal (status, "cancelled"))
    return status;
  if (care_fhir_value (result, "amends_id"))
    return "amended";
  return g_str_equal (status, "final") ? "final" : "preliminary";
}

static void
write_result (CareFhirWriter   *w,
              const CareRecord *test,
              const CareRecord *result)
{
  JsonObject *r = care_fhir_add (w, "Observation", care_record_get_id (result), result);
  const char *loinc = care_fhir_analyte_loinc (care_fhir_value (result, "analyte"));
  JsonObject *quantity = simple_quantity (care_fhir_value (result, "value"), care_fhir_value (result, "unit"));
  const char *display = NULL;
  const char *flag = care_fhir_interpretation (care_fhir_value (result, "flag"), &display);

  json_object_set_string_member (r, "status", result_status (test, result));
  json_object_set_array_member (r, "category", one (observation_category ("laboratory", "Laboratory")));
  json_object_set_object_member (r, "code", care_fhir_concept (CARE_FHIR_LOINC, loinc, NULL, care_fhir_value (result, "analyte")));
  care_fhir_set_ref (w, r, "subject", care_record_get_id (w->records->patient));
  care_fhir_set_ref (w, r, "encounter", care_fhir_value (test, "appointment_id"));
  care_fhir_set_time (r, "effectiveDateTime", care_fhir_value (test, "collected_at"), 0);
  care_fhir_set_time (r, "issued", care_fhir_value (result, CARE_COLUMN_CREATED_AT), 0);
  care_fhir_set_refs (w, r, "performer", care_fhir_value (test, "technician_id"));
  if (quantity)
    json_object_set_object_member (r, "valueQuantity", quantity);
  else
    care_fhir_set_text (r, "valueString", care_fhir_value (result, "value"));
  if (flag)
    json_object_set_array_member (r, "interpretation", one (care_fhir_concept (INTERPRETATION, flag, display, NULL)));
  if (care_fhir_value (result, "method"))
    json_object_set_object_member (r, "method", care_fhir_concept (NULL, NULL, NULL, care_fhir_value (result, "method")));
  write_reference_range (r, result);
}

static void
write_report (CareFhirWriter   *w,
              const CareRecord *test,
              GPtrArray        *results)
{
  JsonObject *r = care_fhir_add (w, "DiagnosticReport", care_record_get_id (test), test);
  g_autofree char *loinc = care_fhir_loinc_of (care_fhir_value (test, "test_code"));
  const char *interpreter = care_fhir_value (test, "verified_by") ?: care_fhir_value (test, "reviewed_by");
  JsonArray *refs = json_array_new ();

  json_object_set_string_member (r, "status", care_fhir_report_status (care_fhir_value (test, "status")));
  json_object_set_array_member (r, "category", one (care_fhir_concept (V2_0074, "LAB", "Laboratory", NULL)));
  json_object_set_object_member (r, "code", care_fhir_concept (CARE_FHIR_LOINC, loinc, NULL, care_fhir_value (test, "test_name")));
  care_fhir_set_ref (w, r, "subject", care_record_get_id (w->records->patient));
  care_fhir_set_ref (w, r, "encounter", care_fhir_value (test, "appointment_id"));
  care_fhir_set_time (r, "effectiveDateTime", care_fhir_value (test, "collected_at"), 0);
  care_fhir_set_time (r, "issued", care_fhir_value (test, "verified_at") ?: care_fhir_value (test, "completed_at"), 0);
  care_fhir_set_refs (w, r, "performer", care_fhir_value (test, "technician_id"));
  care_fhir_set_refs (w, r, "resultsInterpreter", interpreter);
  for (guint i = 0; i < results->len; i++)
    {
      const CareRecord *result = g_ptr_array_index (results, i);

      if (g_strcmp0 (care_fhir_value (result, "lab_test_id"), care_record_get_id (test)) == 0 && care_fhir_is_current (w, result))
        json_array_add_object_element (refs, care_fhir_ref (care_record_get_id (result)));
    }
  if (json_array_get_length (refs))
    json_object_set_array_member (r, "result", refs);
  else
    json_array_unref (refs);
  care_fhir_set_text (r, "conclusion", care_fhir_value (test, "notes"));
}

void
care_fhir_write_lab (CareFhirWriter *w)
{
  GPtrArray *tests = care_fhir_records_list (w->records, "lab_test");
  GPtrArray *results = care_fhir_records_list (w->records, "lab_result");

  for (guint i = 0; i < tests->len; i++)
    {
      const CareRecord *test = g_ptr_array_index (tests, i);

      write_report (w, test, results);
      for (guint k = 0; k < results->len; k++)
        {
          const CareRecord *result = g_ptr_array_index (results, k);

          if (g_strcmp0 (care_fhir_value (result, "lab_test_id"), care_record_get_id (test)) == 0 && care_fhir_is_current (w, result))
            write_result (w, test, result);
        }
    }
}
