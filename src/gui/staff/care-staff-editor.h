/* care-staff-editor.h: creating and editing a staff account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_STAFF_EDITOR (care_staff_editor_get_type ())
G_DECLARE_FINAL_TYPE (CareStaffEditor, care_staff_editor, CARE, STAFF_EDITOR, AdwWindow)

/* user: NULL for a new account. The editor closes itself once saved. */
CareStaffEditor *care_staff_editor_new       (CareSession     *session,
                                              CareRecord      *user);
/* The record being edited; NULL for a new account until it is saved. */
CareRecord      *care_staff_editor_get_user  (CareStaffEditor *self);

G_END_DECLS
