/* care-patient-import.h: a clinic's existing patient list, from a CSV file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-csv.h"
#include "care-store.h"

G_BEGIN_DECLS

typedef enum {
  CARE_DATE_ORDER_ISO,   /* 1984-03-27 */
  CARE_DATE_ORDER_DMY,   /* 27/03/1984, 27.03.1984, 27-03-1984 */
  CARE_DATE_ORDER_MDY,   /* 03/27/1984 */
} CareDateOrder;

typedef struct _CarePatientImport CarePatientImport;

/* Takes csv. Columns are mapped to patient fields by their headings
 * ("First name", "Apellidos", "DOB"…) and the date order is guessed from
 * the dates; both can be changed before checking. */
CarePatientImport *care_patient_import_new          (CareCsv            *csv);
void               care_patient_import_free         (CarePatientImport  *self);
const CareCsv     *care_patient_import_get_csv      (CarePatientImport  *self);

/* The patient fields a column may fill, in the order a form shows them. */
const char *const *care_patient_import_fields       (void);
/* NULL: the column is left out. */
const char        *care_patient_import_get_field    (CarePatientImport  *self,
                                                     guint               column);
void               care_patient_import_set_field    (CarePatientImport  *self,
                                                     guint               column,
                                                     const char         *field);
CareDateOrder      care_patient_import_get_date_order (CarePatientImport *self);
void               care_patient_import_set_date_order (CarePatientImport *self,
                                                       CareDateOrder      order);

/* Row as a new patient record, or NULL and *problem (translated, naming
 * the column and what is wrong) when a cell cannot be read or a required
 * field is missing or invalid. */
CareRecord        *care_patient_import_row_record   (CarePatientImport  *self,
                                                     guint               row,
                                                     char              **problem);

/* Reads every row: which cannot be imported and why, and which look like
 * a patient the clinic already has or an earlier row of the file (same
 * names once normalised and same date of birth). Safe in a worker thread
 * with a store of its own; progress is readable from any thread. */
gboolean           care_patient_import_check        (CarePatientImport  *self,
                                                     CareStore          *store,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
guint              care_patient_import_get_n_problems   (CarePatientImport *self);
guint              care_patient_import_get_n_duplicates (CarePatientImport *self);
/* NULL when the row is fine. */
const char        *care_patient_import_get_problem  (CarePatientImport  *self,
                                                     guint               row);
/* Whom row duplicates: "Maria López (K7QF-000042)" or "line 12 of the file"; NULL if nobody. */
const char        *care_patient_import_get_duplicate (CarePatientImport *self,
                                                      guint              row);
/* Rows the import will write: checked, without a problem, not a duplicate. */
guint              care_patient_import_get_n_ready  (CarePatientImport  *self);

/* Writes every ready row as a registration (a medical record number, an
 * outbox entry that refers to the row rather than copying it:
 * care-store-outbox-ref.c) in one transaction: all of them, or none if
 * it fails or is cancelled. Needs care_patient_import_check first. */
gboolean           care_patient_import_run          (CarePatientImport  *self,
                                                     CareStore          *store,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* Rows done of the check or import under way, of total. */
void               care_patient_import_get_progress (CarePatientImport  *self,
                                                     guint              *done,
                                                     guint              *total);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CarePatientImport, care_patient_import_free)

G_END_DECLS
