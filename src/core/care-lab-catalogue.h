/* care-lab-catalogue.h: the laboratory's panels and analytes, their units, reference ranges and critical limits
 *
 * A static catalogue for now (the results grid, the demo and the rules
 * read it); an editable one is a later step. The female/male ranges are
 * for adults; an analyte's bands replace them for the ages (and, where
 * they name one, the sex) they cover: newborns, children, the elderly.
 * The band is chosen by the patient's age on the day the specimen was
 * collected. A limit that does not apply is NAN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-record.h"

G_BEGIN_DECLS

/* Ages in days; a band covers min_days ≤ age < max_days (0: no upper). */
#define CARE_LAB_DAYS_PER_YEAR 365.25
#define CARE_LAB_YEARS(n) ((int) ((n) * CARE_LAB_DAYS_PER_YEAR))

typedef struct {
  const char *sex;             /* "female", "male", or NULL for both */
  int         min_days;
  int         max_days;
  double      low, high;
} CareLabBand;

typedef struct {
  const char *name;            /* N_()-marked English, stored as lab_result.analyte */
  const char *unit;
  double      female_low, female_high;
  double      male_low, male_high;
  double      critical_low, critical_high;
  const char *reference_text;  /* for a qualitative result, e.g. "Negative" */
  double      delta_percent;   /* the delta check's limit; 0: none */
  const CareLabBand *bands;    /* checked in order; the first that applies wins */
  guint       n_bands;
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
const CareLabAnalyte *care_lab_panel_find_analyte   (const CareLabPanel *panel,
                                                     const char         *name);
/* The panel of a lab_test record, from its test_code or test_name. */
const CareLabPanel   *care_lab_catalogue_panel_of   (CareRecord         *test);

/* The patient's age in whole days on the day of at (an ISO 8601 time
 * or date; NULL: today), from date_of_birth (YYYY-MM-DD); -1 when
 * either is unknown or at is before the birth. */
int                   care_lab_age_days             (const char           *date_of_birth,
                                                     const char           *at);
/* The patient's age when the test's specimen was collected (or now,
 * before collection); -1 when unknown. */
int                   care_lab_patient_age_days     (CareRecord           *patient,
                                                     CareRecord           *test);
/* The band of the analyte for a patient of sex at age_days; NULL when
 * none applies (an adult, or the age unknown: -1). */
const CareLabBand    *care_lab_analyte_band         (const CareLabAnalyte *analyte,
                                                     const char           *sex,
                                                     int                   age_days);
/* The reference range for sex ("female", "male", else the wider of
 * both) at age_days: the band's, else the adult one. NAN: no limit. */
void                  care_lab_analyte_range        (const CareLabAnalyte *analyte,
                                                     const char           *sex,
                                                     int                   age_days,
                                                     double               *low,
                                                     double               *high);
/* Fills a lab_result's analyte, unit, reference and critical limits for
 * a patient of sex at age_days (care_lab_analyte_range()). */
void                  care_lab_analyte_fill_result  (const CareLabAnalyte *analyte,
                                                     const char           *sex,
                                                     int                   age_days,
                                                     CareRecord           *result);
/* "12 – 16", "≤ 5.2", "≥ 1.2" or the reference text, for sex at age_days. */
char                 *care_lab_analyte_format_range (const CareLabAnalyte *analyte,
                                                     const char           *sex,
                                                     int                   age_days);

G_END_DECLS
