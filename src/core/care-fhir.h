/* care-fhir.h: a patient's record as a FHIR R4 Bundle, for other systems to read
 *
 * The export is one Bundle of type "collection": the Patient first, then
 * Practitioner (who recorded what), Encounter (appointments and
 * admissions), Observation (vital signs with LOINC codes and UCUM units;
 * lab results with reference ranges and interpretation flags),
 * DiagnosticReport (lab tests), Condition (the problem list and notes'
 * diagnoses), AllergyIntolerance, MedicationRequest (prescribed items),
 * MedicationStatement (the medication list) and Immunization. Every
 * resource's id is the uuid of the record it comes from (or, where one
 * record gives several resources, a name-based uuid derived from it), and
 * resources refer to one another by their fullUrl, "urn:uuid:…". An
 * amended record is exported as its latest version, marked "amended".
 *
 * Gathering reads the records (the app from its store, the server from its
 * storage, each through a CareFhirListFunc that leaves out what the caller
 * may not read); writing the bundle is pure work on those records, safe in
 * a worker thread. Texts are the data model's English, so the app and the
 * server write the same bytes for the same records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "care-store.h"

G_BEGIN_DECLS

#define CARE_FHIR_MIME_TYPE "application/fhir+json"

typedef struct _CareFhirRecords CareFhirRecords;

/* The records of entity whose field equals value: an array of CareRecord,
 * empty when the caller may not read that entity; NULL and error when the
 * reading failed. */
typedef GPtrArray *(*CareFhirListFunc) (const CareEntity *entity,
                                        const char       *field,
                                        const char       *value,
                                        gpointer          user_data,
                                        GError          **error);

/* Everything of patient's record that list gives, stamped with the
 * clock's now. */
CareFhirRecords *care_fhir_records_collect    (CareRecord       *patient,
                                               CareFhirListFunc  list,
                                               gpointer          user_data,
                                               GError          **error);
/* The same from a workstation's store (CARE_STORE_ERROR_NOT_FOUND for a
 * patient it does not hold). */
CareFhirRecords *care_fhir_records_from_store (CareStore        *store,
                                               const char       *patient_id,
                                               GError          **error);
void             care_fhir_records_free       (CareFhirRecords  *records);
CareRecord      *care_fhir_records_get_patient(const CareFhirRecords *records);

/* The Bundle (a new id, timestamp the time of collecting). */
JsonNode        *care_fhir_bundle             (const CareFhirRecords *records);
/* The Bundle as JSON text. */
char            *care_fhir_bundle_text        (const CareFhirRecords *records,
                                               gsize                 *length);
/* "Lopez-Maria-K7QF-000042.fhir.json": a file name for patient's export. */
char            *care_fhir_file_name          (const CareRecord *patient);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareFhirRecords, care_fhir_records_free)

G_END_DECLS
