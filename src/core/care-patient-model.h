/* care-patient-model.h: a lazily loaded GListModel of patients
 *
 * Rows are fetched from SQLite a page at a time as the list asks for them;
 * sorting and searching happen in SQL. Items are CareRecordObject holding a
 * CareRecord with the summary fields of a patient (load the full record with
 * care_store_get()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "care-store.h"

G_BEGIN_DECLS

#define CARE_TYPE_RECORD_OBJECT (care_record_object_get_type ())
G_DECLARE_FINAL_TYPE (CareRecordObject, care_record_object, CARE, RECORD_OBJECT, GObject)

CareRecordObject *care_record_object_new        (CareRecord       *record);
CareRecord       *care_record_object_get_record (CareRecordObject *self);

typedef enum {
  CARE_PATIENT_SORT_NAME,    /* family name, given name */
  CARE_PATIENT_SORT_RECENT,  /* most recently registered first */
  CARE_PATIENT_SORT_MRN,
} CarePatientSort;

#define CARE_PATIENT_MODEL_PAGE_SIZE   128
#define CARE_PATIENT_MODEL_SEARCH_LIMIT 200

#define CARE_TYPE_PATIENT_MODEL (care_patient_model_get_type ())
G_DECLARE_FINAL_TYPE (CarePatientModel, care_patient_model, CARE, PATIENT_MODEL, GObject)

CarePatientModel *care_patient_model_new        (CareStore        *store);
/* NULL or "": every patient in sort order; else the best search matches. */
void              care_patient_model_set_search (CarePatientModel *self,
                                                 const char       *text);
const char       *care_patient_model_get_search (CarePatientModel *self);
void              care_patient_model_set_sort   (CarePatientModel *self,
                                                 CarePatientSort   sort);
/* Re-reads the store (done automatically on CareStore::changed). */
void              care_patient_model_reload     (CarePatientModel *self);
/* Position of the patient with this id, or -1 (searched among loaded pages). */
int               care_patient_model_find       (CarePatientModel *self,
                                                 const char       *id);
/* Reads the list's jump anchors now and waits for them, turning the main
 * loop (a benchmark's or a test's; the list asks for them itself when it
 * first jumps). FALSE when this order or store has none. */
gboolean          care_patient_model_wait_for_anchors (CarePatientModel *self);

G_END_DECLS
