/* care-fhir-private.h: the parts of the FHIR export shared by its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-fhir.h"

G_BEGIN_DECLS

#define CARE_FHIR_LOINC    "http://loinc.org"
#define CARE_FHIR_UCUM     "http://unitsofmeasure.org"
#define CARE_FHIR_SNOMED   "http://snomed.info/sct"
#define CARE_FHIR_ICD10    "http://hl7.org/fhir/sid/icd-10"

struct _CareFhirRecords {
  CareRecord *patient;
  GHashTable *lists;       /* entity name -> GPtrArray of CareRecord */
  char       *exported_at; /* ISO 8601 UTC */
};

/* A bundle being written. */
typedef struct {
  const CareFhirRecords *records;
  JsonArray             *entries;
  GHashTable            *present;     /* ids of records that become resources */
  GHashTable            *superseded;  /* ids of records a later one amends */
} CareFhirWriter;

/* The records of entity collected (never NULL). */
GPtrArray  *care_fhir_records_list   (const CareFhirRecords *records,
                                      const char            *entity);

/* A new entry of type with that id (fullUrl urn:uuid:id); the resource
 * belongs to the bundle. */
JsonObject *care_fhir_add            (CareFhirWriter *w,
                                      const char     *type,
                                      const char     *id,
                                      const CareRecord *source);
/* A stable uuid for the name-th resource made from the record id
 * (SHA-1 name-based, RFC 9562 version 5). */
char       *care_fhir_derived_id     (const char     *id,
                                      const char     *name);
/* member: {"reference": "urn:uuid:id"} when id is a resource of the
 * bundle; nothing otherwise. */
void        care_fhir_set_ref        (CareFhirWriter *w,
                                      JsonObject     *o,
                                      const char     *member,
                                      const char     *id);
JsonObject *care_fhir_ref            (const char     *id);
/* The same as a list of one: member: [{"reference": …}]. */
void        care_fhir_set_refs       (CareFhirWriter *w,
                                      JsonObject     *o,
                                      const char     *member,
                                      const char     *id);
/* The value of a field, NULL when it has none or is empty. */
const char *care_fhir_value          (const CareRecord *record,
                                      const char     *name);
/* Sets member to text unless it is NULL or empty. */
void        care_fhir_set_text       (JsonObject     *o,
                                      const char     *member,
                                      const char     *text);
/* Sets member to the date-time text (ISO 8601) plus add_minutes, in UTC
 * with seconds; nothing when text is not a date-time. */
void        care_fhir_set_time       (JsonObject     *o,
                                      const char     *member,
                                      const char     *text,
                                      gint            add_minutes);
/* {"coding": [{system, code, display}], "text"}; any may be NULL. */
JsonObject *care_fhir_concept        (const char     *system,
                                      const char     *code,
                                      const char     *display,
                                      const char     *text);
/* {value, unit, system: UCUM, code} (unit only without a UCUM code). */
JsonObject *care_fhir_quantity       (double          value,
                                      const char     *unit,
                                      const char     *ucum);
/* The number of a decimal or integer text; FALSE when it is none. */
gboolean    care_fhir_number         (const char     *text,
                                      double         *value);
/* The English label of an enum field's value (the data model's words,
 * untranslated: an export reads the same on every workstation). */
const char *care_fhir_choice_text    (const CareRecord *record,
                                      const char     *name);
/* FALSE for records another one amends (export only the latest). */
gboolean    care_fhir_is_current     (CareFhirWriter *w,
                                      const CareRecord *record);

/* --- codes (care-fhir-codes.c) ------------------------------------------- */

/* The UCUM code of a unit as the clinic writes it ("10^9/L" -> "10*9/L");
 * NULL when it has none we know. */
const char *care_fhir_ucum_code      (const char     *unit);
/* The LOINC code of a lab analyte of the catalogue, or NULL. */
const char *care_fhir_analyte_loinc  (const char     *analyte);
/* A lab test's code when it is a LOINC code ("LOINC 58410-2", "58410-2"). */
char       *care_fhir_loinc_of       (const char     *code);
/* The SNOMED CT route of administration, or NULL. */
JsonObject *care_fhir_route          (const char     *route);
/* The FHIR code for one of our status values (NULL: leave it out). */
const char *care_fhir_encounter_status   (const char *appointment_status);
const char *care_fhir_request_status     (const char *prescription_status);
const char *care_fhir_statement_status   (const char *medication_status);
const char *care_fhir_report_status      (const char *lab_status);
const char *care_fhir_interpretation     (const char *flag,
                                          const char **display);

/* --- resources (care-fhir-resources.c, care-fhir-clinical.c) ------------- */

void        care_fhir_write_patient       (CareFhirWriter *w);
void        care_fhir_write_practitioners (CareFhirWriter *w);
void        care_fhir_write_encounters    (CareFhirWriter *w);
void        care_fhir_write_problems      (CareFhirWriter *w);
void        care_fhir_write_medications   (CareFhirWriter *w);
void        care_fhir_write_vitals        (CareFhirWriter *w);
void        care_fhir_write_lab           (CareFhirWriter *w);

G_END_DECLS
