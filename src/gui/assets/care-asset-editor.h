/* care-asset-editor.h: a window to add or change one asset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"
#include "care-record-form.h"

G_BEGIN_DECLS

/* The schema's form of an asset (asset NULL: a new one), saved to store;
 * errors show next to their field. Window name "asset-editor". */
GtkWidget       *care_asset_editor_new      (GtkWindow  *parent,
                                             CareStore  *store,
                                             CareRecord *asset);
CareRecordForm  *care_asset_editor_get_form (GtkWidget  *editor);

G_END_DECLS
