/* care-lab-report-document.h: the printed laboratory report
 *
 * Drawn from the lab_test and its current results (care-lab-results.h);
 * the Laboratory page archives it when the results are verified.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-document.h"

G_BEGIN_DECLS

typedef enum {
  CARE_LAB_FLAG_NONE,
  CARE_LAB_FLAG_LOW,
  CARE_LAB_FLAG_HIGH,
  CARE_LAB_FLAG_CRITICAL_LOW,
  CARE_LAB_FLAG_CRITICAL_HIGH,
  CARE_LAB_FLAG_ABNORMAL,
} CareLabFlag;

/* The result's stored flag, or, when none was stored, its numeric value
 * against reference_low/reference_high. */
CareLabFlag care_lab_result_flag           (CareRecord  *result);

/* Draws the report from the test and its results (amended results replace
 * the ones they amend). Refused (CARE_DOCUMENT_ERROR_NOT_READY) while the
 * test has no results. */
GBytes     *care_lab_report_document_render   (CareStore   *store,
                                               CareRecord  *lab_test,
                                               GError     **error);
/* Finalises the report: issues the PDF as the test's next report version
 * (care_lab_reports_issue(): a lab_report record, and lab_test.report_pdf
 * with its SHA-256 in report_sha256), in one transaction. From version 2
 * (after an amendment) the report says which version it replaces and
 * marks the changed values. A report already archived is kept as it is
 * (TRUE, nothing written). */
gboolean    care_lab_report_document_finalise (CareStore   *store,
                                               const char  *lab_test_id,
                                               GError     **error);
/* The same without blocking: refusals at once, the PDF drawn (cairo and
 * pango) in a worker thread, archived back on this thread only if the
 * test is still as it was drawn (else drawn again). */
void        care_lab_report_document_finalise_async  (CareStore          *store,
                                                      const char         *lab_test_id,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean    care_lab_report_document_finalise_finish (CareStore          *store,
                                                      GAsyncResult       *result,
                                                      GError            **error);
/* The archived bytes when finalised (a reprint is identical), else a fresh
 * rendering; archived (may be NULL) says which. */
GBytes     *care_lab_report_document_get_pdf  (CareStore   *store,
                                               const char  *lab_test_id,
                                               gboolean    *archived,
                                               GError     **error);

G_END_DECLS
