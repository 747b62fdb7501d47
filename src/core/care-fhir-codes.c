/* care-fhir-codes.c: the codes the FHIR export writes: UCUM units, LOINC, SNOMED CT routes, FHIR statuses
 *
 * Each table maps one of our values to the code a receiving system
 * understands; a value we have no code for is left out (the export then
 * carries the text alone), never guessed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-fhir"

#include "config.h"

#include "care-fhir-private.h"

typedef struct {
  const char *ours;
  const char *theirs;
} Pair;

static const char *
look_up (const Pair *table,
         gsize       n,
         const char *ours)
{
  for (gsize i = 0; ours && i < n; i++)
    if (g_str_equal (table[i].ours, ours))
      return table[i].theirs;
  return NULL;
}

#define LOOK_UP(table, value) look_up (table, G_N_ELEMENTS (table), value)

/* Units as the catalogue and the clinic write them -> UCUM. */
static const Pair ucum[] = {
  { "%", "%" }, { "g/dL", "g/dL" }, { "g/L", "g/L" }, { "mg/dL", "mg/dL" }, { "mg/L", "mg/L" },
  { "mmol/L", "mmol/L" }, { "µmol/L", "umol/L" }, { "umol/L", "umol/L" }, { "nmol/L", "nmol/L" },
  { "pmol/L", "pmol/L" }, { "fL", "fL" }, { "pg", "pg" }, { "10^9/L", "10*9/L" }, { "10^12/L", "10*12/L" },
  { "mIU/L", "m[IU]/L" }, { "IU/L", "[IU]/L" }, { "U/L", "U/L" }, { "ng/mL", "ng/mL" }, { "µg/L", "ug/L" },
  { "mL/min", "mL/min" }, { "kg", "kg" }, { "g", "g" }, { "mg", "mg" }, { "µg", "ug" }, { "mcg", "ug" },
  { "mL", "mL" }, { "L", "L" }, { "cm", "cm" }, { "mmHg", "mm[Hg]" }, { "°C", "Cel" }, { "/min", "/min" },
};

/* The catalogue's analytes (care-lab-catalogue.c) -> LOINC. */
static const Pair analyte_loinc[] = {
  { "Haemoglobin", "718-7" }, { "White cell count", "6690-2" }, { "Platelets", "777-3" },
  { "Haematocrit", "4544-3" }, { "Red cell count", "789-8" }, { "MCV", "787-2" },
  { "Sodium", "2951-2" }, { "Potassium", "2823-3" }, { "Chloride", "2075-0" },
  { "Bicarbonate", "1963-8" }, { "Creatinine", "14682-9" }, { "Glucose", "14749-6" },
  { "Calcium", "2000-8" }, { "Total cholesterol", "14647-2" }, { "LDL cholesterol", "22748-8" },
  { "HDL cholesterol", "14646-4" }, { "Triglycerides", "14927-8" }, { "HbA1c", "4548-4" },
  { "TSH", "3016-3" }, { "pH", "5803-2" }, { "Specific gravity", "5811-5" },
  { "Protein", "20454-5" }, { "Glucose (urine)", "25428-4" }, { "Ketones", "2514-8" },
  { "Blood (urine)", "5794-3" }, { "Leukocytes", "5799-2" }, { "Nitrite", "5802-4" },
};

static const struct {
  const char *route;
  const char *code;
  const char *display;
} routes[] = {
  { "oral", "26643006", "Oral route" },
  { "iv", "47625008", "Intravenous route" },
  { "im", "78421000", "Intramuscular route" },
  { "sc", "34206005", "Subcutaneous route" },
  { "topical", "6064005", "Topical route" },
  { "inhaled", "447694001", "Respiratory tract route" },
  { "rectal", "37161004", "Rectal route" },
};

static const Pair encounter_status[] = {
  { "requested", "planned" }, { "scheduled", "planned" }, { "accepted", "planned" },
  { "checked_in", "arrived" }, { "in_consultation", "in-progress" }, { "completed", "finished" },
  { "rejected", "cancelled" }, { "cancelled", "cancelled" }, { "no_show", "cancelled" },
};

static const Pair request_status[] = {
  { "draft", "draft" }, { "active", "active" }, { "completed", "completed" }, { "cancelled", "cancelled" },
};

static const Pair statement_status[] = {
  { "active", "active" }, { "discontinued", "stopped" }, { "historical", "completed" },
};

/* "completed" is the lab's "resulted, not yet verified". */
static const Pair report_status[] = {
  { "requested", "registered" }, { "assigned", "registered" }, { "collected", "registered" },
  { "in_progress", "registered" }, { "completed", "preliminary" }, { "reviewed", "final" },
  { "verified", "final" }, { "cancelled", "cancelled" },
};

static const struct {
  const char *flag;
  const char *code;
  const char *display;
} interpretations[] = {
  { "normal", "N", "Normal" }, { "low", "L", "Low" }, { "high", "H", "High" },
  { "critical_low", "LL", "Critical low" }, { "critical_high", "HH", "Critical high" },
  { "abnormal", "A", "Abnormal" },
};

const char *
care_fhir_ucum_code (const char *unit)
{
  return LOOK_UP (ucum, unit);
}

const char *
care_fhir_analyte_loinc (const char *analyte)
{
  return LOOK_UP (analyte_loinc, analyte);
}

char *
care_fhir_loinc_of (const char *code)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("^\\s*(?:LOINC\\s*)?([0-9]{1,7}-[0-9])\\s*$", G_REGEX_CASELESS, 0, NULL);

  if (code == NULL || !g_regex_match (regex, code, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

JsonObject *
care_fhir_route (const char *route)
{
  for (guint i = 0; route && i < G_N_ELEMENTS (routes); i++)
    if (g_str_equal (routes[i].route, route))
      return care_fhir_concept (CARE_FHIR_SNOMED, routes[i].code, routes[i].display, NULL);
  return NULL;
}

const char *
care_fhir_encounter_status (const char *appointment_status)
{
  return LOOK_UP (encounter_status, appointment_status) ?: "unknown";
}

const char *
care_fhir_request_status (const char *prescription_status)
{
  return LOOK_UP (request_status, prescription_status) ?: "unknown";
}

const char *
care_fhir_statement_status (const char *medication_status)
{
  return LOOK_UP (statement_status, medication_status) ?: "unknown";
}

const char *
care_fhir_report_status (const char *lab_status)
{
  return LOOK_UP (report_status, lab_status) ?: "unknown";
}

const char *
care_fhir_interpretation (const char  *flag,
                          const char **display)
{
  for (guint i = 0; flag && i < G_N_ELEMENTS (interpretations); i++)
    if (g_str_equal (interpretations[i].flag, flag))
      {
        *display = interpretations[i].display;
        return interpretations[i].code;
      }
  *display = NULL;
  return NULL;
}
