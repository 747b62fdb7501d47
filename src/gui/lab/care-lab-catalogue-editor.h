/* care-lab-catalogue-editor.h: the lab's catalogue editor: panels, analytes, ranges and critical limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_LAB_CATALOGUE_EDITOR (care_lab_catalogue_editor_get_type ())
G_DECLARE_FINAL_TYPE (CareLabCatalogueEditor, care_lab_catalogue_editor, CARE, LAB_CATALOGUE_EDITOR, AdwWindow)

CareLabCatalogueEditor *care_lab_catalogue_editor_new          (CareStore              *store);
/* Shows the panel whose code is code; FALSE when there is none. */
gboolean                care_lab_catalogue_editor_select_panel (CareLabCatalogueEditor *self,
                                                                const char             *code);

G_END_DECLS
