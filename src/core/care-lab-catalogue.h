/* care-lab-catalogue.h: the laboratory's panels and analytes, their units, reference ranges and critical limits
 *
 * The built-in catalogue every clinic starts from; the clinic's own,
 * edited by the lab, is read from the store (care-lab-catalogue-store.h)
 * in the same structures. Ranges are for adults, by sex where they
 * differ; a limit that does not apply is NAN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-record.h"

G_BEGIN_DECLS

typedef struct _CareLabBand CareLabBand;

typedef struct {
  const char *name;            /* N_()-marked English, stored as lab_result.analyte */
  const char *unit;
  double      female_low, female_high;
  double      male_low, male_high;
  double      critical_low, critical_high;
  const char *reference_text;  /* for a qualitative result, e.g. "Negative" */
  double      delta_percent;   /* the delta check's limit; 0: none */
  /* Age bands (care-lab-bands.h): with own_bands these (a clinic's
   * catalogue), else the built-in ones of the analyte's name. */
  const CareLabBand *bands;
  guint              n_bands;
  gboolean           own_bands;
} CareLabAnalyte;

typedef struct {
  const char           *code;      /* "CBC" */
  const char           *name;      /* N_()-marked English, stored as lab_test.test_name */
  const char           *loinc;     /* stored as lab_test.test_code */
  const char           *specimen;  /* N_()-marked */
  const char           *method;
  const CareLabAnalyte *analytes;
  guint                 n_analytes;
} CareLabPanel;

const CareLabPanel   *care_lab_catalogue_panels     (guint              *n_panels);
/* The panel whose name (English or translated), code or LOINC code
 * (with or without "LOINC ") is text; NULL when none. */
const CareLabPanel   *care_lab_catalogue_find_panel (const char         *text);
/* The same among panels (a clinic's catalogue). */
const CareLabPanel   *care_lab_panels_find          (const CareLabPanel *panels,
                                                     guint               n_panels,
                                                     const char         *text);
const CareLabAnalyte *care_lab_panel_find_analyte   (const CareLabPanel *panel,
                                                     const char         *name);
/* The panel of a lab_test record, from its test_code or test_name. */
const CareLabPanel   *care_lab_catalogue_panel_of   (CareRecord         *test);

/* Fills a lab_result's analyte, unit, reference and critical limits for
 * a patient of sex ("female", "male", else the wider of both ranges). */
void                  care_lab_analyte_fill_result  (const CareLabAnalyte *analyte,
                                                     const char           *sex,
                                                     CareRecord           *result);
/* "12 – 16", "≤ 5.2", "≥ 1.2" or the reference text, for sex. */
char                 *care_lab_analyte_format_range (const CareLabAnalyte *analyte,
                                                     const char           *sex);

G_END_DECLS
