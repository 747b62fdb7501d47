/* care-code-import.h: the chart menu's "Import Diagnosis Codes…": the clinic's code list from a CSV file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-page.h"

G_BEGIN_DECLS

/* Asks for a CSV file (code,title) and imports it. */
void care_code_import_run  (CarePage *page);
/* The importing half, without asking: the file is read and written in a
 * worker (care_code_list_import_file_async()); a toast says how many
 * codes, a dialog why none. The page's action "chart.import-codes" is
 * off until it is done. */
void care_code_import_file (CarePage *page,
                            GFile    *file);

G_END_DECLS
