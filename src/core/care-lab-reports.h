/* care-lab-reports.h: a lab test's issued report versions and the outside laboratory's reports, through a store
 *
 * Every report the laboratory issues for a test is kept as a lab_report
 * record (kind "report", version 1, 2, …, its PDF and SHA-256); the
 * latest is also the test's report_pdf. Amending a verified result
 * (care_lab_results_amend()) withdraws the test's report_pdf so that the
 * next one drawn is the next version, which says which version it
 * replaces; the earlier PDFs stay (the doctor who asked is notified of
 * the amendment, see care-notifications.h).
 *
 * A test the laboratory does not do itself is sent out (status
 * sent_out, from requested, assigned or collected; then completed or
 * cancelled; results are entered against it as for any collected
 * test) and gets the outside laboratory's PDF as a lab_report of kind
 * "outside".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

/* The largest outside laboratory report accepted, in bytes. */
#define CARE_LAB_OUTSIDE_REPORT_MAX (5 * 1024 * 1024)

/* What the next report of a test is: its version and, from version 2,
 * the version it replaces and when that was issued (ISO 8601 UTC). */
typedef struct {
  guint  version;
  guint  replaces;
  char  *replaces_issued_at;
} CareLabReportVersion;

void        care_lab_report_version_clear (CareLabReportVersion *version);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CareLabReportVersion, care_lab_report_version_clear)

/* The test's lab_report records of kind ("report" or "outside"), oldest
 * version first. CareRecord. */
GPtrArray  *care_lab_reports_list         (CareStore            *store,
                                           const char           *lab_test_id,
                                           const char           *kind,
                                           GError              **error);
/* The version the next issued report of the test will have. */
gboolean    care_lab_reports_next         (CareStore            *store,
                                           const char           *lab_test_id,
                                           CareLabReportVersion *next,
                                           GError              **error);
/* Inside the caller's transaction: issues pdf as the test's next report
 * version (a lab_report record) and as its report_pdf with its
 * report_sha256; writes the test. version (may be NULL) receives the
 * version issued. */
gboolean    care_lab_reports_issue        (CareStore            *store,
                                           CareRecord           *lab_test,
                                           GBytes               *pdf,
                                           guint                *version,
                                           GError              **error);
/* Inside the caller's transaction, when a verified result is amended:
 * keeps the test's current report (archiving it first when it predates
 * the report records) and withdraws it from the test, so that the next
 * one drawn is a new version. Nothing to do without a report. */
gboolean    care_lab_reports_withdraw     (CareStore            *store,
                                           CareRecord           *lab_test,
                                           GError              **error);
/* Attaches an outside laboratory's report (a PDF of at most
 * CARE_LAB_OUTSIDE_REPORT_MAX bytes) to a test that was sent out, or
 * that is resulted or verified after being sent out. Refusals name
 * "outside_lab" (no laboratory named), "pdf" (empty, too large, not a
 * PDF) or "status". Returns the lab_report record. */
CareRecord *care_lab_reports_attach_outside (CareStore          *store,
                                             const char         *lab_test_id,
                                             const char         *outside_lab,
                                             const char         *file_name,
                                             GBytes             *pdf,
                                             GError            **error);

/* The corrections of a verified test as a screen collects them: every
 * result (analyte, value) whose value differs from the current one is
 * amended (care_lab_results_amend(), each in its own transaction, each
 * withdrawing the report as above); empty and unchanged values, and
 * analytes without a result, are skipped. n_amended (may be NULL)
 * counts the amendments; on a refusal *failed (may be NULL) is the
 * index of the result it concerns. */
gboolean    care_lab_results_correct      (CareStore            *store,
                                           const char           *lab_test_id,
                                           GPtrArray            *results,
                                           guint                *n_amended,
                                           int                  *failed,
                                           GError              **error);

G_END_DECLS
