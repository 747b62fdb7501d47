/* care-record-form.h: a form generated from the data model
 *
 * Builds one AdwPreferencesGroup per CareField.group of the entity, one row
 * per field: AdwEntryRow for text-like fields, AdwComboRow for choices,
 * a switch row for yes/no. Labels, example hints, choices and validation
 * come from the schema description, so every form of the app checks a field
 * the same way the store does. Errors are shown next to the field. The
 * "changed" signal follows every edit the person makes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_RECORD_FORM (care_record_form_get_type ())
G_DECLARE_FINAL_TYPE (CareRecordForm, care_record_form, CARE, RECORD_FORM, GtkWidget)

/* fields: NULL-terminated field names to show, in order; NULL: every field
 * of the entity that has a group (i.e. is meant for forms). */
CareRecordForm *care_record_form_new          (const CareEntity   *entity,
                                               const char *const  *fields);
const CareEntity *care_record_form_get_entity (CareRecordForm     *self);
/* Fills the rows from record (NULL: empty form). Clears errors. */
void            care_record_form_set_record   (CareRecordForm     *self,
                                               CareRecord         *record);
/* Normalizes every row into record and validates record against the store
 * (uniqueness included). Shows each problem next to its field, focuses the
 * first one and returns FALSE; record is changed only when TRUE. */
gboolean        care_record_form_apply        (CareRecordForm     *self,
                                               CareStore          *store,
                                               CareRecord         *record);
/* Shows problems found elsewhere (e.g. by care_store_insert). */
void            care_record_form_show_errors  (CareRecordForm     *self,
                                               const CareValidation *validation);
void            care_record_form_clear_errors (CareRecordForm     *self);
/* Shows a rule's refusal (care-rules.h) next to its field; FALSE when the
 * refusal names no field of the form (show it elsewhere). */
gboolean        care_record_form_show_refusal (CareRecordForm     *self,
                                               const GError       *error);
/* The row of a field, e.g. to focus it; widget name "field-<name>". */
GtkWidget      *care_record_form_get_row      (CareRecordForm     *self,
                                               const char         *field);
/* Current text of a text-like row (for tests and live previews). */
void            care_record_form_set_text     (CareRecordForm     *self,
                                               const char         *field,
                                               const char         *text);
const char     *care_record_form_get_error    (CareRecordForm     *self,
                                               const char         *field);
/* The row's current text: a choice's value, "1"/"0" for a switch. */
char           *care_record_form_dup_text     (CareRecordForm     *self,
                                               const char         *field);
/* A warning under the field's row, shown while it has no error (NULL
 * removes it): the value is kept, but someone should look at it. */
void            care_record_form_set_warning  (CareRecordForm     *self,
                                               const char         *field,
                                               const char         *message);
const char     *care_record_form_get_warning  (CareRecordForm     *self,
                                               const char         *field);
/* Whether any row differs from what set_record() showed. */
gboolean        care_record_form_get_modified (CareRecordForm     *self);

G_END_DECLS
