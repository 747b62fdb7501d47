/* care-validation.h: which field is wrong and why, in words staff understand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-record.h"

G_BEGIN_DECLS

#define CARE_VALIDATION_ERROR (care_validation_error_quark ())
GQuark            care_validation_error_quark   (void);

typedef enum {
  CARE_VALIDATION_ERROR_INVALID,  /* one or more fields are wrong; see the CareValidation */
} CareValidationError;

CareValidation   *care_validation_new           (void);
void              care_validation_free          (CareValidation   *validation);
/* Keeps the first message given for a field. */
void              care_validation_add           (CareValidation   *validation,
                                                 const char       *field,
                                                 const char       *message);
gboolean          care_validation_is_valid      (const CareValidation *validation);
guint             care_validation_get_n_errors  (const CareValidation *validation);
const char       *care_validation_get_field     (const CareValidation *validation,
                                                 guint             i);
/* NULL when the field is fine. */
const char       *care_validation_get_message   (const CareValidation *validation,
                                                 const char       *field);
/* "Date of birth: Enter the date as YYYY-MM-DD, for example 1984-03-27." */
char             *care_validation_to_string     (const CareValidation *validation,
                                                 const CareEntity *entity);
void              care_validation_set_error     (const CareValidation *validation,
                                                 const CareEntity *entity,
                                                 GError          **error);

/* The rules that need no database: types, ranges, required, choices,
 * cross-field rules of the entity. Uniqueness is checked by the store. */
CareValidation   *care_validate_record          (const CareRecord *record);

/* Parses what a person typed into the canonical form of the field's type
 * ("27/03/1984" is not accepted; " 12 " becomes "12"; "" becomes NULL).
 * On failure returns FALSE and a translated message. */
gboolean          care_field_normalize          (const CareField  *field,
                                                 const char       *input,
                                                 char            **canonical,
                                                 char            **message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareValidation, care_validation_free)

G_END_DECLS
