/* care-lab-report-document.h: the printed laboratory report
 *
 * The lab result entry screens come later; these work from whatever
 * lab_test and lab_result records the store holds (the tests create them
 * through the store API).
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
/* Finalises the report: archives the PDF in lab_test.report_pdf with its
 * SHA-256 in report_sha256, in one transaction. A report already archived
 * is kept as it is (TRUE, nothing written). */
gboolean    care_lab_report_document_finalise (CareStore   *store,
                                               const char  *lab_test_id,
                                               GError     **error);
/* The archived bytes when finalised (a reprint is identical), else a fresh
 * rendering; archived (may be NULL) says which. */
GBytes     *care_lab_report_document_get_pdf  (CareStore   *store,
                                               const char  *lab_test_id,
                                               gboolean    *archived,
                                               GError     **error);

G_END_DECLS
