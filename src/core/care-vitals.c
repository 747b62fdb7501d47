/* care-vitals.c: what a set of vital signs works out by itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-vitals"

#include "config.h"

#include <math.h>

#include "care-uuid.h"
#include "care-vitals.h"

char *
care_vitals_bmi (const char *weight_kg,
                 const char *height_cm)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double m, bmi;

  if (weight_kg == NULL || height_cm == NULL || g_ascii_strtod (height_cm, NULL) <= 0)
    return NULL;
  m = g_ascii_strtod (height_cm, NULL) / 100.0;
  bmi = round (g_ascii_strtod (weight_kg, NULL) / (m * m) * 10) / 10;
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", bmi));
}

void
care_vitals_apply_bmi (CareRecord *vitals)
{
  g_autofree char *bmi = care_vitals_bmi (care_record_get (vitals, "weight_kg"), care_record_get (vitals, "height_cm"));

  if (bmi)
    care_record_set (vitals, "bmi", bmi);
}

static gboolean
prepare_vitals (CareRuleContext *ctx,
                CareRecord      *before,
                CareRecord      *vitals,
                GError         **error)
{
  care_vitals_apply_bmi (vitals);
  if (before == NULL)
    {
      g_autofree char *now = care_now_iso8601 ();
      care_rules_set_default (vitals, "recorded_at", now);
    }
  return TRUE;
}

const CareEntityRules *
care_vitals_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "vitals", prepare_vitals, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}
