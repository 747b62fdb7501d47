/* care-forms.h: forms patients fill in, and the clinic's review of them
 *
 *   submitted ("pending") → reviewed | accepted ("approved") | rejected;
 *   reviewed → accepted | rejected; a rejection says why in a note.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-form-templates.h"
#include "care-store.h"

G_BEGIN_DECLS

/* The review ends as outcome (reviewed, approved or rejected; anything
 * else is a refusal naming "status") by reviewer, now, with notes when
 * given; a rejection without notes is refused naming "review_notes". */
gboolean     care_forms_review            (CareRecord  *form,
                                           const char  *outcome,
                                           const char  *reviewer,
                                           const char  *notes,
                                           GError     **error);

/* A new submission of tmpl (a form_template record) for patient_id with
 * answers (a JSON object's text) and the drawn signature (a PNG, may be
 * NULL), checked against the template's questions
 * (care_form_check_answers()). Not written. */
CareRecord  *care_forms_new_submission    (CareRecord  *tmpl,
                                           const char  *patient_id,
                                           const char  *answers_json,
                                           GBytes      *signature,
                                           GError     **error);

/* The app's store: writes a submission made by care_forms_new_submission()
 * (status submitted, under the rules of every write: checked against its
 * template, signed by the store's actor as submitted_by), and a review (care_forms_review() by the store's
 * actor), each with its outbox entry. */
gboolean     care_forms_submit            (CareStore   *store,
                                           CareRecord  *submission,
                                           GError     **error);
gboolean     care_forms_store_review      (CareStore   *store,
                                           const char  *submission_id,
                                           const char  *outcome,
                                           const char  *notes,
                                           GError     **error);

/* The submissions waiting for review (submitted or reviewed), oldest
 * first; with all, every submission, newest first. */
GPtrArray   *care_forms_list_for_review   (CareStore   *store,
                                           gboolean     all,
                                           GError     **error);
/* The templates patients are offered (active), by name. */
GPtrArray   *care_forms_list_templates    (CareStore   *store,
                                           gboolean     active_only,
                                           GError     **error);
/* The template's parsed questions, or NULL (a submission without one). */
CareFormTemplate *care_forms_template_of  (CareStore   *store,
                                           CareRecord  *submission);

/* A form a patient sends waits for review; its status changes only as
 * above, whoever writes it; its answers fit its template. */
const CareEntityRules *care_forms_entity_rules (guint *n_rules);

G_END_DECLS
