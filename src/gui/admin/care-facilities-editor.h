/* care-facilities-editor.h: the clinic's facilities and departments, added, changed and removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_FACILITIES_EDITOR (care_facilities_editor_get_type ())
G_DECLARE_FINAL_TYPE (CareFacilitiesEditor, care_facilities_editor, CARE, FACILITIES_EDITOR, GtkBox)

/* The list of store's facilities, each with Change and Remove, and the
 * form that adds one or saves the one being changed. */
GtkWidget *care_facilities_editor_new (CareStore *store);

G_END_DECLS
