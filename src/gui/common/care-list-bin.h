/* care-list-bin.h: a long list that Tab leaves in one step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CARE_TYPE_LIST_BIN (care_list_bin_get_type ())
G_DECLARE_FINAL_TYPE (CareListBin, care_list_bin, CARE, LIST_BIN, AdwBin)

GtkWidget *care_list_bin_new (void);

G_END_DECLS
