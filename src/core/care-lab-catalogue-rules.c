/* care-lab-catalogue-rules.c: what a panel's analytes and age bands must hold, whoever edits them
 *
 * A range's low limit is below its high one, a critical limit lies
 * outside the normal range, an age band ends after it starts and the
 * bands of one analyte do not overlap (for the same sex, or where one
 * is for both), so that a patient's age chooses one band only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-catalogue-rules"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "care-lab.h"
#include "care-lab-bands.h"
#include "care-lab-catalogue-store.h"

int
care_lab_parse_age (const char *text)
{
  g_autofree char *folded = NULL;
  char *end = NULL;
  double n;

  if (text == NULL)
    return -1;
  folded = g_utf8_strdown (text, -1);
  g_strstrip (folded);
  n = g_ascii_strtod (folded, &end);
  if (end == folded || n < 0 || n > 150 * CARE_LAB_DAYS_PER_YEAR)
    return -1;
  while (*end == ' ')
    end++;
  /* "d", "days", "días"; "y", "years", "a", "años"; a bare number: years. */
  if (*end == 'd')
    return (int) n;
  if (*end == '\0' || *end == 'y' || *end == 'a')
    return n > 150 ? -1 : (int) (n * CARE_LAB_DAYS_PER_YEAR);
  return -1;
}

char *
care_lab_format_age (int days)
{
  int years = (int) floor (days / CARE_LAB_DAYS_PER_YEAR + 0.5);

  if (days > 0 && years > 0 && CARE_LAB_YEARS (years) == days)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year", "%d years", years), years);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", days), days);
}

static gboolean
value (CareRecord *record,
       const char *field,
       double     *out)
{
  return care_lab_parse_number (care_record_get (record, field), out);
}

/* high above low where both are given; the refusal names high. */
static gboolean
check_order (CareRecord  *record,
             const char  *low_field,
             const char  *high_field,
             GError     **error)
{
  double low, high;
  g_autofree char *detail = NULL;

  if (!value (record, low_field, &low) || !value (record, high_field, &high) || low < high)
    return TRUE;
  /* Translators: %s is the low limit, e.g. 12.5 */
  detail = g_strdup_printf (_("Must be higher than the low limit, %s."), care_record_get (record, low_field));
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_record_get_entity (record),
                             high_field, detail);
  return FALSE;
}

/* A critical limit outside the normal range of either sex. */
static gboolean
check_critical (CareRecord  *record,
                GError     **error)
{
  static const char *const lows[] = { "female_low", "male_low" };
  static const char *const highs[] = { "female_high", "male_high" };
  double critical, limit;

  for (guint i = 0; i < G_N_ELEMENTS (lows); i++)
    {
      g_autofree char *detail = NULL;

      if (value (record, "critical_low", &critical) && value (record, lows[i], &limit) && critical >= limit)
        {
          /* Translators: %s is the normal range's low limit */
          detail = g_strdup_printf (_("Must be below the normal range, which starts at %s."), care_record_get (record, lows[i]));
          care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_record_get_entity (record),
                                     "critical_low", detail);
          return FALSE;
        }
      if (value (record, "critical_high", &critical) && value (record, highs[i], &limit) && critical <= limit)
        {
          /* Translators: %s is the normal range's high limit */
          detail = g_strdup_printf (_("Must be above the normal range, which ends at %s."), care_record_get (record, highs[i]));
          care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_record_get_entity (record),
                                     "critical_high", detail);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
prepare_analyte (CareRuleContext *ctx,
                 CareRecord      *before,
                 CareRecord      *analyte,
                 GError         **error)
{
  return check_order (analyte, "female_low", "female_high", error) &&
         check_order (analyte, "male_low", "male_high", error) &&
         check_order (analyte, "critical_low", "critical_high", error) &&
         check_critical (analyte, error);
}

static int
max_days (CareRecord *band)
{
  const char *max = care_record_get (band, "max_days");

  return max ? atoi (max) : G_MAXINT;
}

static gboolean
overlaps (CareRecord *a,
          CareRecord *b)
{
  const char *sa = care_record_get (a, "sex"), *sb = care_record_get (b, "sex");
  int a_min = atoi (care_record_get (a, "min_days") ? care_record_get (a, "min_days") : "0");
  int b_min = atoi (care_record_get (b, "min_days") ? care_record_get (b, "min_days") : "0");

  if (sa && sb && !g_str_equal (sa, sb))
    return FALSE;
  return a_min < max_days (b) && b_min < max_days (a);
}

static gboolean
prepare_band (CareRuleContext *ctx,
              CareRecord      *before,
              CareRecord      *band,
              GError         **error)
{
  const CareEntity *entity = care_record_get_entity (band);
  g_autoptr(GPtrArray) others = NULL;
  double ignored;

  if (care_record_get (band, "min_days") && care_record_get (band, "max_days") &&
      max_days (band) <= atoi (care_record_get (band, "min_days")))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, entity, "max_days",
                                 _("Must be an older age than the band starts at."));
      return FALSE;
    }
  if (!value (band, "low", &ignored) && !value (band, "high", &ignored))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, entity, "low",
                                 _("Enter a low limit, a high limit or both."));
      return FALSE;
    }
  if (!check_order (band, "low", "high", error))
    return FALSE;

  others = ctx->list (ctx, entity, "analyte_id", care_record_get (band, "analyte_id"), error);
  if (others == NULL)
    return FALSE;
  for (guint i = 0; i < others->len; i++)
    {
      CareRecord *other = g_ptr_array_index (others, i);
      g_autofree char *from = NULL, *to = NULL, *detail = NULL;

      if (g_strcmp0 (care_record_get_id (other), care_record_get_id (band)) == 0 || !overlaps (band, other))
        continue;
      from = care_lab_format_age (atoi (care_record_get (other, "min_days")));
      to = care_record_get (other, "max_days") ? care_lab_format_age (max_days (other)) : g_strdup (_("any age"));
      /* Translators: the ages of another band of the same analyte, e.g. "29 days" and "13 years" */
      detail = g_strdup_printf (_("Overlaps the band from %s to %s; an age must fall in one band only."), from, to);
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, entity, "min_days", detail);
      return FALSE;
    }
  return TRUE;
}

const CareEntityRules *
care_lab_catalogue_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "lab_analyte", prepare_analyte, NULL, NULL, NULL },
    { "lab_band", prepare_band, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}
