/* care-form-templates.h: the questions of a clinic's forms, and answers that fit them
 *
 * A template's "fields" is a JSON array of questions:
 *   [{"name": "smoker", "label": "Do you smoke?", "type": "yes_no", "required": true},
 *    {"name": "visit", "label": "Reason", "type": "choice", "choices": ["Check-up", "Pain"]}]
 * with type one of text, number, date, choice, yes_no, signature. Answers
 * are a JSON object by name; a signature is the submission's PNG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "care-rules.h"

G_BEGIN_DECLS

/* A drawn signature is a PNG of at most this many bytes. */
#define CARE_FORMS_SIGNATURE_MAX (256 * 1024)

typedef enum {
  CARE_FORM_FIELD_TEXT,
  CARE_FORM_FIELD_NUMBER,
  CARE_FORM_FIELD_DATE,
  CARE_FORM_FIELD_CHOICE,
  CARE_FORM_FIELD_YES_NO,
  CARE_FORM_FIELD_SIGNATURE,
} CareFormFieldKind;

typedef struct {
  char              *name;
  char              *label;
  CareFormFieldKind  kind;
  gboolean           required;
  char             **choices;   /* CHOICE only; NULL otherwise */
} CareFormField;

typedef struct {
  GPtrArray *fields;            /* of CareFormField */
} CareFormTemplate;

/* An empty template, its fields (CareFormField, g_new0'd) freed with it. */
CareFormTemplate *care_form_template_new    (void);
void              care_form_template_free   (CareFormTemplate *tmpl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareFormTemplate, care_form_template_free)

/* The questions of a template's "fields" text; a refusal names "fields"
 * and says which question is wrong (no name or label, a name twice, an
 * unknown type, a choice question without choices). */
CareFormTemplate *care_form_template_parse  (const char        *fields_json,
                                             GError           **error);
const CareFormField *care_form_template_find (const CareFormTemplate *tmpl,
                                             const char        *name);
/* Does the template ask for a signature? */
gboolean          care_form_template_wants_signature (const CareFormTemplate *tmpl);

/* The kind's name in the JSON ("yes_no") and back; -1: unknown. */
const char       *care_form_field_kind_to_string (CareFormFieldKind kind);
int               care_form_field_kind_from_string (const char *text);
/* The kind as staff read it ("Yes or no"), translated. */
const char       *care_form_field_kind_label (CareFormFieldKind kind);

/* answers (a JSON object) against the template: every required question
 * answered (a signature by signature, a PNG no larger than
 * CARE_FORMS_SIGNATURE_MAX), numbers, dates (YYYY-MM-DD), choices among
 * the question's, yes/no as true or false, and no answer to a question the
 * template does not ask. The first refusal names the question's name as
 * its field, with the question's label in the message. */
gboolean          care_form_check_answers   (const CareFormTemplate *tmpl,
                                             JsonObject        *answers,
                                             GBytes            *signature,
                                             GError           **error);
/* The same over a submission's "answers" text. */
gboolean          care_form_check_answers_text (const CareFormTemplate *tmpl,
                                             const char        *answers_json,
                                             GBytes            *signature,
                                             GError           **error);

/* A readable line per answered question ("Do you smoke?: No"), for the
 * review and the chart; the caller frees it. */
char             *care_form_answers_summary (const CareFormTemplate *tmpl,
                                             const char        *answers_json);

/* The administrator's question builder (care-form-questions.c): a
 * question's name made from its label (lower-case ASCII letters, digits
 * and underscores, at most 40), unlike every name in taken; and the
 * template's questions as the "fields" text care_form_template_parse()
 * reads back. */
char             *care_form_question_name   (const char        *label,
                                             const char *const *taken);
char             *care_form_template_to_json (const CareFormTemplate *tmpl);

/* A template's own rule (written by whoever writes it): its questions parse. */
const CareEntityRules *care_form_templates_entity_rules (guint *n_rules);

G_END_DECLS
