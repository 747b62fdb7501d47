/* care-lab-band-list.h: one analyte's age bands in the catalogue editor: listed, added, changed and removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_LAB_BAND_LIST (care_lab_band_list_get_type ())
G_DECLARE_FINAL_TYPE (CareLabBandList, care_lab_band_list, CARE, LAB_BAND_LIST, GtkBox)

/* The bands of analyte (a stored lab_analyte). Widget names, for tests:
 * "band-N" rows with "band-edit"/"band-remove" buttons, "band-add",
 * and the form's "band-min", "band-max", "band-sex", "band-low",
 * "band-high", "band-save", each entry with its "…-error" caption. */
GtkWidget *care_lab_band_list_new (CareStore  *store,
                                   CareRecord *analyte);

G_END_DECLS
