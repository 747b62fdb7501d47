/* care-lab-specimen.h: the specimen id on a lab test's label, and when the label may be printed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"

G_BEGIN_DECLS

/* The specimen id printed (and barcoded, care-code128.h) on the
 * specimen's label: 16 digits derived from the test's id, the same on
 * every reprint. */
char        *care_lab_specimen_id          (CareRecord  *test);
/* "0123 4567 8901 2345": the specimen id as people read it. */
char        *care_lab_specimen_id_format   (const char  *specimen_id);
/* Whether the specimen label may be printed: once the specimen is
 * collected (refused naming "collected_at"), unless cancelled ("status"). */
gboolean     care_lab_check_label          (CareRecord  *test,
                                            GError     **error);

G_END_DECLS
