/* care-lab-label-document.h: the specimen label, 50 × 25 mm, with a Code 128 barcode of the specimen id
 *
 * Patient name, date of birth, MRN, test, specimen, the time it was
 * collected, and the specimen id (care_lab_specimen_id()) as a Code 128
 * barcode (care-code128.h) with the digits under it. One label a page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-document.h"

G_BEGIN_DECLS

/* The label's size in points (50 × 25 mm). */
#define CARE_LAB_LABEL_WIDTH  (50.0 / 25.4 * 72.0)
#define CARE_LAB_LABEL_HEIGHT (25.0 / 25.4 * 72.0)
/* The margin around the label's content, and the barcode's quiet zone on
 * either side, in points and in modules. */
#define CARE_LAB_LABEL_MARGIN 2.0
#define CARE_LAB_LABEL_QUIET  10

/* Draws the label of the stored test; refused as care_lab_check_label()
 * refuses (a specimen not collected yet, a cancelled test). */
GBytes *care_lab_label_document_render (CareStore   *store,
                                        const char  *lab_test_id,
                                        GError     **error);

/* The width of one barcode module on the label, in points, for a
 * barcode of widths (care_code128_widths()). */
double  care_lab_label_module_width    (GByteArray  *widths);

G_END_DECLS
