/* care-lab-results.h: entering, amending and reading a lab test's results through a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

/* The test's results as they stand: a result that was amended or entered
 * again gives way to the one that replaces it. In the order entered.
 * amended_ids (may be NULL) receives the ids of results that replace an
 * earlier one (g_strdup'ed keys). CareRecord. */
GPtrArray  *care_lab_results_current  (CareStore   *store,
                                       const char  *lab_test_id,
                                       GHashTable  *amended_ids,
                                       GError     **error);

/* The patient's latest result of analyte in another test that is
 * resulted, verified or reviewed (the delta check's "previous"); NULL,
 * with no error, when there is none. */
CareRecord *care_lab_results_previous (CareStore   *store,
                                       const char  *patient_id,
                                       const char  *analyte,
                                       const char  *exclude_test_id,
                                       GError     **error);

/* Enters results (lab_result records with analyte and value; unit,
 * reference and critical limits as the catalogue filled them) for the
 * test, in one transaction, when care_lab_check_results() allows it: each
 * gets its flag; a value for an analyte that already has one replaces it
 * (amends_id), an unchanged or empty one is skipped. complete marks the
 * test resulted. A refusal names the field; *failed (may be NULL) is the
 * index of the result it concerns, or -1 for the test. */
gboolean    care_lab_results_enter    (CareStore   *store,
                                       const char  *lab_test_id,
                                       GPtrArray   *results,
                                       gboolean     complete,
                                       int         *failed,
                                       GError     **error);

/* Corrects a verified result: a new lab_result with value that amends
 * result_id (which stays, as does the archived report). Returns the
 * amendment. */
CareRecord *care_lab_results_amend    (CareStore   *store,
                                       const char  *result_id,
                                       const char  *value,
                                       GError     **error);

/* Whether a result of the test was corrected after verification. */
gboolean    care_lab_results_was_amended (CareStore   *store,
                                          const char  *lab_test_id);

G_END_DECLS
