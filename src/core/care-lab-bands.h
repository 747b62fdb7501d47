/* care-lab-bands.h: reference ranges by age band and sex, chosen by the patient's age when the specimen was collected
 *
 * The catalogue's female/male ranges (care-lab-catalogue.h) are for
 * adults; an analyte's bands replace them for the ages (and, where they
 * name one, the sex) they cover: newborns (the first 28 days), children
 * (to 13 years), the elderly (from 65). The band is chosen by the
 * patient's age on the day the specimen was collected. A limit that
 * does not apply is NAN.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-lab-catalogue.h"

G_BEGIN_DECLS

/* Ages in days; a band covers min_days ≤ age < max_days (0: no upper). */
#define CARE_LAB_DAYS_PER_YEAR 365.25
#define CARE_LAB_YEARS(n) ((int) ((n) * CARE_LAB_DAYS_PER_YEAR))

struct _CareLabBand {
  const char *sex;             /* "female", "male", or NULL for both */
  int         min_days;
  int         max_days;
  double      low, high;
};

/* The built-in bands of the analyte named analyte (English); NULL when it
 * has none. */
const CareLabBand *care_lab_builtin_bands           (const char           *analyte,
                                                     guint                *n_bands);

/* The patient's age in whole days on the day of at (an ISO 8601 time,
 * taken on the local day, or a date; NULL: today), from date_of_birth
 * (YYYY-MM-DD); -1 when either is unknown or at is before the birth. */
int                care_lab_age_days                (const char           *date_of_birth,
                                                     const char           *at);
/* The patient's age when the test's specimen was collected (or today,
 * before collection); -1 when unknown. */
int                care_lab_patient_age_days        (CareRecord           *patient,
                                                     CareRecord           *test);
/* The analyte's band for a patient of sex at age_days, the first that
 * applies; NULL when none does (an adult, or the age unknown: -1). */
const CareLabBand *care_lab_analyte_band            (const CareLabAnalyte *analyte,
                                                     const char           *sex,
                                                     int                   age_days);
/* The reference range for sex ("female", "male", else the wider of
 * both) at age_days: the band's, else the adult one. */
void               care_lab_analyte_range           (const CareLabAnalyte *analyte,
                                                     const char           *sex,
                                                     int                   age_days,
                                                     double               *low,
                                                     double               *high);
/* care_lab_analyte_fill_result() and care_lab_analyte_format_range()
 * for a patient age_days old (-1: an adult). */
void               care_lab_analyte_fill_result_at  (const CareLabAnalyte *analyte,
                                                     const char           *sex,
                                                     int                   age_days,
                                                     CareRecord           *result);
char              *care_lab_analyte_format_range_at (const CareLabAnalyte *analyte,
                                                     const char           *sex,
                                                     int                   age_days);

G_END_DECLS
