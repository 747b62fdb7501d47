/* care-orders.h: what a doctor orders from the chart (lab tests, imaging) and the review of its results
 *
 * A lab test is ordered from the laboratory's catalogue (care-lab-catalogue.h)
 * or, for a test the catalogue lacks, by name; an imaging study is
 * requested, then reported (findings and impression). The results of a
 * doctor's tests wait for the doctor once the laboratory has verified
 * them, critical ones first, until marked reviewed (care_lab_review()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-chart.h"
#include "care-store.h"

G_BEGIN_DECLS

/* Orders the test named test (a catalogue panel's name, code or LOINC
 * code, else a plain name) for patient_id at priority ("routine",
 * "urgent", "stat"), requested by the store's actor. Refused naming the
 * field: no test, an unknown priority. Returns the saved lab_test. */
CareRecord *care_orders_lab_test        (CareStore   *store,
                                         const char  *patient_id,
                                         const char  *test,
                                         const char  *priority,
                                         const char  *notes,
                                         GError     **error);

/* Requests an imaging study of body_part by modality ("xray", "ct",
 * "mri", "ultrasound", "other") for patient_id. */
CareRecord *care_orders_imaging         (CareStore   *store,
                                         const char  *patient_id,
                                         const char  *modality,
                                         const char  *body_part,
                                         GError     **error);
/* The decision: reports study (findings and impression, one at least;
 * performed now unless it says when), which must not be reported yet. */
gboolean    care_orders_check_report    (CareRecord  *study,
                                         const char  *findings,
                                         const char  *impression,
                                         GError     **error);
/* Checks as above and saves the report of the study study_id. */
gboolean    care_orders_report_imaging  (CareStore   *store,
                                         const char  *study_id,
                                         const char  *findings,
                                         const char  *impression,
                                         GError     **error);

/* The largest file attached to an imaging study: what one sync push carries. */
#define CARE_ORDERS_ATTACHMENT_MAX (5 * 1024 * 1024)

/* Attaches a file to the study study_id: a PDF, a PNG or JPEG image or a
 * DICOM file, at most CARE_ORDERS_ATTACHMENT_MAX; its name is kept (its
 * last path element, at most 200 characters). Refusals name "attachment". */
gboolean    care_orders_attach_imaging  (CareStore   *store,
                                         const char  *study_id,
                                         const char  *file_name,
                                         GBytes      *contents,
                                         GError     **error);

/* A verified lab test that waits for its doctor's review. */
typedef struct {
  CareRecord     *test;
  char           *patient_name;
  CareChartEntry *entry;   /* its name, results and flag, as the chart says */
  gboolean        amended; /* a result was corrected after verification */
} CareReviewItem;

void        care_review_item_free       (CareReviewItem *item);

/* The tests requested by doctor_id (NULL: anyone) that are verified and
 * not reviewed, critical first, then out of range, then the rest, each
 * oldest first. An array of CareReviewItem. */
GPtrArray  *care_orders_to_review       (CareStore   *store,
                                         const char  *doctor_id,
                                         GError     **error);
/* Marks the test test_id reviewed by the store's actor, now. */
gboolean    care_orders_mark_reviewed   (CareStore   *store,
                                         const char  *test_id,
                                         GError     **error);

G_END_DECLS
