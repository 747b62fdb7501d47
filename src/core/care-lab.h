/* care-lab.h: a lab test from request to review, and its results' flags
 *
 *   requested → assigned | collected | completed | cancelled
 *   assigned → collected | in_progress | completed | cancelled
 *   collected → in_progress | completed | cancelled
 *   in_progress → completed | cancelled
 *   completed → reviewed (by a doctor)
 * reviewed and cancelled are where it ends (entering the results may
 * complete a test at any stage before). Results are entered until the test
 * is reviewed, and each gets its flag from its reference range.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"

G_BEGIN_DECLS

/* A step of the laboratory's own (any status but "reviewed", which is
 * care_lab_review()'s): sets the status, the technician (technician or,
 * when the test has none, actor) and the times of collecting and
 * completing. "reviewed" or a status that is not one is a refusal naming
 * "status" (CARE_RULE_ERROR_INVALID); a step the test's status does not
 * allow is CARE_RULE_ERROR_STATE. */
gboolean     care_lab_set_status          (CareRecord  *test,
                                           const char  *to,
                                           const char  *technician,
                                           const char  *actor,
                                           GError     **error);
/* Completed → reviewed by reviewer, now. */
gboolean     care_lab_review              (CareRecord  *test,
                                           const char  *reviewer,
                                           GError     **error);
/* Whether results may still be entered for the test. */
gboolean     care_lab_check_results       (CareRecord  *test,
                                           GError     **error);

/* The flag of a lab_result from its value and reference range: normal,
 * low, high, critical_low (below 70 % of the low limit), critical_high
 * (above 130 % of the high one), or for a text value normal/abnormal
 * against reference_text; NULL when there is nothing to compare. */
char        *care_lab_compute_flag         (CareRecord  *result);

/* A test's status changes only as above, whoever writes it; a result is
 * flagged. */
const CareEntityRules *care_lab_entity_rules (guint *n_rules);

G_END_DECLS
