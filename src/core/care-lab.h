/* care-lab.h: a lab test from request to verification and review, and its results' flags
 *
 *   requested → assigned | collected | cancelled
 *   assigned → collected | cancelled
 *   collected → in_progress | completed | cancelled
 *   in_progress → completed | cancelled
 *   completed (resulted) → verified (by the lab) | reviewed (by a doctor)
 *   verified → reviewed
 * reviewed and cancelled are where it ends. Results are entered once a
 * specimen is collected and until the test is verified; a correction
 * after that is an amendment (a new lab_result whose amends_id names the
 * one it corrects; the earlier stays). Each result gets its flag from its
 * reference range and critical limits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"

G_BEGIN_DECLS

/* A step of the laboratory's own (assigned, collected, in_progress,
 * completed; cancelling is care_lab_cancel()'s, verifying
 * care_lab_verify()'s, reviewing care_lab_review()'s): sets the status,
 * the technician (technician or, when the test has none, actor) and the
 * times of collecting and completing. Another status is a refusal naming
 * "status" (CARE_RULE_ERROR_INVALID); a step the test's status does not
 * allow is CARE_RULE_ERROR_STATE. */
gboolean     care_lab_set_status          (CareRecord  *test,
                                           const char  *to,
                                           const char  *technician,
                                           const char  *actor,
                                           GError     **error);
/* Any status before resulted → cancelled, with a reason (refused naming
 * "cancel_reason" when there is none). */
gboolean     care_lab_cancel              (CareRecord  *test,
                                           const char  *reason,
                                           GError     **error);
/* Resulted → verified by verifier, now. When second_person is TRUE (the
 * clinic's lab_second_verifier) the technician who entered the results
 * may not verify them (refused naming "verified_by"). */
gboolean     care_lab_verify              (CareRecord  *test,
                                           const char  *verifier,
                                           gboolean     second_person,
                                           GError     **error);
/* Whether the clinic asks for a second person to verify. */
gboolean     care_lab_requires_second_verifier (CareRecord *clinic);
/* Resulted or verified → reviewed by reviewer (the doctor), now. */
gboolean     care_lab_review              (CareRecord  *test,
                                           const char  *reviewer,
                                           GError     **error);
/* Whether results may be entered for the test: once collected, until it
 * is verified. */
gboolean     care_lab_check_results       (CareRecord  *test,
                                           GError     **error);
/* Whether a result of the test may be corrected by an amendment: only
 * once verified (before, the value is simply entered again). */
/* After an amendment: a reviewed test is verified again, its review
 * undone, so that its doctor reviews the corrected results. */
void         care_lab_reopen_review        (CareRecord  *test);
gboolean     care_lab_check_amendment     (CareRecord  *test,
                                           GError     **error);

/* The flag of a lab_result from its value: critical_low/critical_high
 * beyond critical_low/critical_high (or, for a result that carries no
 * critical limits, below 70 % of the low limit or above 130 % of the
 * high one), low/high outside reference_low/reference_high, else normal;
 * for a text value normal/abnormal against reference_text; NULL when
 * there is nothing to compare or the value is not a number. */
char        *care_lab_compute_flag         (CareRecord  *result);
/* A result's value or limit as a number ("12.5", or "12,5" with a
 * decimal comma; surrounding spaces allowed); FALSE for text, an empty value or one that is not finite. */
gboolean     care_lab_parse_number         (const char  *text,
                                            double      *out);
/* "L", "H", "LL", "HH", "A" for a flag; NULL for normal or none. */
const char  *care_lab_flag_letter          (const char  *flag);
/* Whether the flag is critical_low or critical_high. */
gboolean     care_lab_flag_is_critical     (const char  *flag);

/* The delta check: value against the patient's previous value of the
 * same analyte. TRUE when both are numbers; change is the change in per
 * cent of the previous value (previous 0: 0 when equal, else 100);
 * exceeded says whether its size is more than max_percent (max_percent
 * 0: never). */
typedef struct {
  double   previous;
  double   change;
  gboolean exceeded;
} CareLabDelta;

gboolean     care_lab_delta_check          (const char   *value,
                                            const char   *previous,
                                            double        max_percent,
                                            CareLabDelta *delta);

/* A test's status changes only as above, whoever writes it; a result is
 * flagged. */
const CareEntityRules *care_lab_entity_rules (guint *n_rules);

G_END_DECLS
