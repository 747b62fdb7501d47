/* care-form-filler.h: a clinic's form, asked question by question, for a patient to answer
 *
 * Used by the kiosk (the patient alone) and by staff filling a form in
 * with the patient. Checking the answers is core's (care-forms.h); a
 * refusal is shown under its question.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_FORM_FILLER (care_form_filler_get_type ())
G_DECLARE_FINAL_TYPE (CareFormFiller, care_form_filler, CARE, FORM_FILLER, GtkWidget)

/* tmpl: a form_template record. */
GtkWidget   *care_form_filler_new              (CareRecord     *tmpl);
CareRecord  *care_form_filler_get_template     (CareFormFiller *self);
/* The answers so far as a JSON object's text. */
char        *care_form_filler_dup_answers      (CareFormFiller *self);
/* The submission for patient_id, checked; NULL with the refusal shown
 * under its question (and in error). */
CareRecord  *care_form_filler_make_submission  (CareFormFiller *self,
                                                const char     *patient_id,
                                                GError        **error);
/* The question a field name names, for tests: its input widget. */
GtkWidget   *care_form_filler_get_input        (CareFormFiller *self,
                                                const char     *name);
/* The message shown under a question, or NULL. */
const char  *care_form_filler_get_error        (CareFormFiller *self,
                                                const char     *name);

G_END_DECLS
