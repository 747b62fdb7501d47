/* care-lab-results-grid.h: the values of one panel, with units, reference ranges, flags and delta checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_LAB_RESULTS_GRID (care_lab_results_grid_get_type ())
G_DECLARE_FINAL_TYPE (CareLabResultsGrid, care_lab_results_grid, CARE, LAB_RESULTS_GRID, GtkWidget)

/* A row per analyte of panel for a patient of sex, age_days old when the
 * specimen was collected (-1: unknown), with the reference range of
 * their age band (care_lab_analyte_range()): its name, an entry
 * ("lab-value-<i>"), unit, reference range, the flag core computes as the
 * value is typed ("lab-flag-<i>"), the delta against the patient's
 * previous result ("lab-delta-<i>") and a place for an error
 * ("lab-error-<i>"). Entries start with the test's current results. */
GtkWidget *care_lab_results_grid_new       (CareStore          *store,
                                            CareRecord         *test,
                                            const CareLabPanel *panel,
                                            const char         *sex,
                                            int                 age_days,
                                            gboolean            editable);
/* The values typed, as lab_result records (empty ones left out of
 * nothing: core skips them). */
GPtrArray *care_lab_results_grid_collect   (CareLabResultsGrid *self);
/* Shows message under row index (-1: clears every row). */
void       care_lab_results_grid_set_error (CareLabResultsGrid *self,
                                            int                 index,
                                            const char         *message);

G_END_DECLS
