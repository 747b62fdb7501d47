/* care-form-question-builder.h: the administrator writes a form's questions, one row each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* Rows for the questions of fields_json (a template's "fields"; NULL or
 * unreadable: one empty row) and an "Add Question" button. */
GtkWidget   *care_form_question_builder_new      (const char *fields_json);
/* The questions as a template's "fields" text, for core to check. */
char        *care_form_question_builder_dup_json (GtkWidget  *builder);

G_END_DECLS
