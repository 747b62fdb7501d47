/* care-lab-bands.c: reference ranges by age band and sex, chosen by the patient's age when the specimen was collected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-bands"

#include "config.h"

#include <math.h>
#include <string.h>

#include "care-clock.h"
#include "care-lab-bands.h"

/* Newborn: the first 28 days; child: to 13 years; elderly: from 65. */
#define NEWBORN 0, 29
#define CHILD 29, CARE_LAB_YEARS (13)
#define ELDERLY CARE_LAB_YEARS (65), 0

static const CareLabBand haemoglobin_bands[] = {
  { NULL, NEWBORN, 14.0, 24.0 },
  { NULL, CHILD, 11.0, 14.5 },
  { "female", ELDERLY, 11.5, 15.5 },
  { "male", ELDERLY, 12.5, 17.0 },
};

static const CareLabBand white_cell_bands[] = {
  { NULL, NEWBORN, 9.0, 30.0 },
  { NULL, CHILD, 5.0, 15.0 },
};

static const CareLabBand creatinine_bands[] = {
  { NULL, NEWBORN, 27, 88 },
  { NULL, CHILD, 20, 60 },
  { "female", ELDERLY, 45, 100 },
  { "male", ELDERLY, 60, 125 },
};

/* The analytes that have bands; the others keep their adult range at any age. */
static const struct {
  const char        *analyte;
  const CareLabBand *bands;
  guint              n_bands;
} banded[] = {
  { "Haemoglobin", haemoglobin_bands, G_N_ELEMENTS (haemoglobin_bands) },
  { "White cell count", white_cell_bands, G_N_ELEMENTS (white_cell_bands) },
  { "Creatinine", creatinine_bands, G_N_ELEMENTS (creatinine_bands) },
};

const CareLabBand *
care_lab_builtin_bands (const char *analyte,
                        guint      *n_bands)
{
  for (guint i = 0; i < G_N_ELEMENTS (banded); i++)
    if (g_strcmp0 (banded[i].analyte, analyte) == 0)
      {
        *n_bands = banded[i].n_bands;
        return banded[i].bands;
      }
  *n_bands = 0;
  return NULL;
}

int
care_lab_age_days (const char *date_of_birth,
                   const char *at)
{
  g_autofree char *today = NULL;
  GDate born, day;

  if (date_of_birth == NULL || strlen (date_of_birth) < 10)
    return -1;
  if (at == NULL)
    at = today = care_clock_today ();
  if (strlen (at) < 10)
    return -1;
  {
    g_autofree char *b = g_strndup (date_of_birth, 10);
    g_autofree char *d = NULL;

    /* A UTC time is taken on the clinic's local day. */
    if (strlen (at) > 10)
      {
        g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (at, NULL);
        g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

        d = local ? g_date_time_format (local, "%Y-%m-%d") : g_strndup (at, 10);
      }
    else
      d = g_strndup (at, 10);
    g_date_clear (&born, 1);
    g_date_clear (&day, 1);
    g_date_set_parse (&born, b);
    g_date_set_parse (&day, d);
  }
  if (!g_date_valid (&born) || !g_date_valid (&day) || g_date_compare (&day, &born) < 0)
    return -1;
  return g_date_days_between (&born, &day);
}

int
care_lab_patient_age_days (CareRecord *patient,
                           CareRecord *test)
{
  return care_lab_age_days (patient ? care_record_get (patient, "date_of_birth") : NULL,
                            test ? care_record_get (test, "collected_at") : NULL);
}

const CareLabBand *
care_lab_analyte_band (const CareLabAnalyte *analyte,
                       const char           *sex,
                       int                   age_days)
{
  const CareLabBand *bands = NULL;
  guint n_bands = 0;

  g_return_val_if_fail (analyte != NULL, NULL);

  if (age_days < 0)
    return NULL;
  if (analyte->own_bands)
    bands = analyte->bands, n_bands = analyte->n_bands;
  else
    bands = care_lab_builtin_bands (analyte->name, &n_bands);
  for (guint i = 0; i < n_bands; i++)
    {
      const CareLabBand *band = &bands[i];

      if (age_days < band->min_days || (band->max_days > 0 && age_days >= band->max_days))
        continue;
      if (band->sex == NULL || g_strcmp0 (band->sex, sex) == 0)
        return band;
    }
  return NULL;
}

/* The adult range for sex; for another sex the wider of both. */
static void
range_for (const CareLabAnalyte *a,
           const char           *sex,
           double               *low,
           double               *high)
{
  if (g_strcmp0 (sex, "female") == 0)
    *low = a->female_low, *high = a->female_high;
  else if (g_strcmp0 (sex, "male") == 0)
    *low = a->male_low, *high = a->male_high;
  else
    {
      *low = isnan (a->female_low) || isnan (a->male_low) ? NAN : MIN (a->female_low, a->male_low);
      *high = isnan (a->female_high) || isnan (a->male_high) ? NAN : MAX (a->female_high, a->male_high);
    }
}

void
care_lab_analyte_range (const CareLabAnalyte *analyte,
                        const char           *sex,
                        int                   age_days,
                        double               *low,
                        double               *high)
{
  const CareLabBand *band = care_lab_analyte_band (analyte, sex, age_days);

  /* A band for one sex only: a patient of another sex gets the adult
   * (wider) range rather than a guess. */
  if (band)
    *low = band->low, *high = band->high;
  else
    range_for (analyte, sex, low, high);
}
