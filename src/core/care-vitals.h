/* care-vitals.h: what a set of vital signs works out by itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

/* The body-mass index to one decimal ("26.0") from weight in kg and
 * height in cm as the schema stores them; NULL without both. */
char        *care_vitals_bmi              (const char *weight_kg,
                                           const char *height_cm);
/* Sets the record's bmi from its weight and height (unchanged without). */
void         care_vitals_apply_bmi        (CareRecord *vitals);

/* The BMI follows weight and height; a new set is taken now unless given;
 * an amendment corrects a set of the same patient. */
const CareEntityRules *care_vitals_entity_rules (guint *n_rules);

/* --- charts ---------------------------------------------------------------
 *
 * A vital the trend charts draw: its field, the words for it and its
 * normal range, which is NEWS2's score-0 band (care_news2_normal_range())
 * where NEWS2 scores it, and none (NAN) where it does not. */
typedef struct {
  const char *field;        /* "pulse" */
  const char *label;        /* N_()-marked: "Pulse" */
  const char *unit;         /* N_()-marked: "/min" */
  int         digits;       /* decimals a reading is shown with */
  double      normal_low;   /* NAN: no normal range */
  double      normal_high;
} CareVitalSign;

/* The charted vitals, in the order the page shows them. */
const CareVitalSign *const *care_vitals_signs  (guint            *n_signs);
const CareVitalSign *care_vitals_sign_lookup   (const char       *field);
/* Outside the normal range (never, for a sign without one). */
gboolean     care_vitals_sign_is_abnormal  (const CareVitalSign *sign,
                                            double               value);
/* The normal range of sign for the patient set was taken from: the sign's,
 * except SpO2 on NEWS2's scale 2 (hypercapnic respiratory failure), whose
 * target is 88-92 %. NAN, NAN for a sign without one. set may be NULL. */
void         care_vitals_normal_range      (const CareVitalSign *sign,
                                            const CareRecord    *set,
                                            double              *low,
                                            double              *high);
/* Whether set's reading of sign, value, is outside that range. */
gboolean     care_vitals_reading_is_abnormal (const CareVitalSign *sign,
                                              const CareRecord    *set,
                                              double               value);

/* Readings the schema accepts but that are rarely true (a pulse of 190, a
 * temperature of 34 °C): each such field with why, as a CareValidation that
 * is meant as a warning — the set is saved all the same. Empty (valid)
 * when nothing is unusual. */
CareValidation *care_vitals_unusual        (const CareRecord *vitals);

/* --- amendments -----------------------------------------------------------
 *
 * Vitals are append-only: a mistake is corrected by a new set whose
 * amends_id names the set it corrects and whose recorded_at is that set's,
 * so that it takes the original's place on a chart. */

/* A new set that corrects original: its readings, patient and time. */
CareRecord  *care_vitals_new_amendment     (const CareRecord *original);
/* Whether set corrects another one. */
gboolean     care_vitals_is_amendment      (const CareRecord *set);
/* The patient's sets, oldest first, each as last corrected: a set that
 * was amended is replaced by its newest amendment (chains followed), which
 * care_vitals_is_amendment() tells apart. */
GPtrArray   *care_vitals_series            (CareStore        *store,
                                            const char       *patient_id,
                                            GError          **error);

G_END_DECLS
