/* care-vitals.c: what a set of vital signs works out by itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-vitals"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "care-news2.h"
#include "care-uuid.h"
#include "care-validation.h"
#include "care-vitals.h"

static const CareEntity *
vitals_entity (void)
{
  return care_schema_lookup ("vitals");
}

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
  const char *amends = care_record_get (vitals, "amends_id");

  care_vitals_apply_bmi (vitals);
  if (amends && ctx->get)
    {
      g_autoptr(CareRecord) original = ctx->get (ctx, vitals_entity (), amends);

      /* A missing one is the reference check's to name. */
      if (original && g_strcmp0 (care_record_get (original, "patient_id"), care_record_get (vitals, "patient_id")) != 0)
        {
          care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, vitals_entity (), "amends_id",
                                     _("An amendment corrects a set of the same patient."));
          return FALSE;
        }
    }
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
  static const char *const defaults[] = { "recorded_at", NULL };  /* now, when left out */
  static const CareEntityRules rules[] = {
    { "vitals", prepare_vitals, NULL, NULL, NULL, NULL, defaults },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

/* --- charts ---------------------------------------------------------------- */

typedef struct {
  CareVitalSign sign;
  int           news2;   /* CareNews2Parameter, or -1 */
} SignRow;

static SignRow sign_rows[] = {
  { { "respiratory_rate", N_("Respiratory rate"), N_("/min"), 0, NAN, NAN }, CARE_NEWS2_RESPIRATION },
  { { "spo2", N_("SpO₂"), N_("%"), 0, NAN, NAN }, CARE_NEWS2_SPO2 },
  { { "systolic", N_("Systolic pressure"), N_("mmHg"), 0, NAN, NAN }, CARE_NEWS2_SYSTOLIC },
  { { "diastolic", N_("Diastolic pressure"), N_("mmHg"), 0, NAN, NAN }, -1 },
  { { "pulse", N_("Pulse"), N_("/min"), 0, NAN, NAN }, CARE_NEWS2_PULSE },
  { { "temperature_c", N_("Temperature"), N_("°C"), 1, NAN, NAN }, CARE_NEWS2_TEMPERATURE },
  { { "pain_score", N_("Pain"), N_("/10"), 0, NAN, NAN }, -1 },
  { { "weight_kg", N_("Weight"), N_("kg"), 1, NAN, NAN }, -1 },
};

static const CareVitalSign *signs[G_N_ELEMENTS (sign_rows)];

/* The normal ranges are NEWS2's bands, read once; an open top stops at
 * the most the schema accepts (SpO2 100 %). */
static void
init_signs (void)
{
  static gsize done;

  if (!g_once_init_enter (&done))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (sign_rows); i++)
    {
      CareVitalSign *sign = &sign_rows[i].sign;
      double low, high;

      if (sign_rows[i].news2 >= 0 && care_news2_normal_range (sign_rows[i].news2, &low, &high))
        {
          const CareField *f = care_entity_field (vitals_entity (), sign->field);

          sign->normal_low = low;
          sign->normal_high = MIN (high, (double) f->max);
        }
      signs[i] = sign;
    }
  g_once_init_leave (&done, 1);
}

const CareVitalSign *const *
care_vitals_signs (guint *n_signs)
{
  init_signs ();
  *n_signs = G_N_ELEMENTS (sign_rows);
  return signs;
}

const CareVitalSign *
care_vitals_sign_lookup (const char *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  init_signs ();
  for (guint i = 0; i < G_N_ELEMENTS (sign_rows); i++)
    if (g_str_equal (sign_rows[i].sign.field, field))
      return signs[i];
  return NULL;
}

gboolean
care_vitals_sign_is_abnormal (const CareVitalSign *sign,
                              double               value)
{
  g_return_val_if_fail (sign != NULL, FALSE);

  if (isnan (sign->normal_low))
    return FALSE;
  /* Readings are rounded as they are taken: 38.04 reads as 38.0. */
  value = round (value * pow (10, sign->digits)) / pow (10, sign->digits);
  return value < sign->normal_low - 1e-9 || value > sign->normal_high + 1e-9;
}

void
care_vitals_normal_range (const CareVitalSign *sign,
                          const CareRecord    *set,
                          double              *low,
                          double              *high)
{
  g_return_if_fail (sign != NULL && low != NULL && high != NULL);

  *low = sign->normal_low;
  *high = sign->normal_high;
  if (g_str_equal (sign->field, "spo2") && set && g_strcmp0 (care_record_get (set, "spo2_scale"), "2") == 0)
    care_news2_spo2_scale_2_target (low, high);
}

gboolean
care_vitals_reading_is_abnormal (const CareVitalSign *sign,
                                 const CareRecord    *set,
                                 double               value)
{
  CareVitalSign own;

  g_return_val_if_fail (sign != NULL, FALSE);

  own = *sign;
  care_vitals_normal_range (sign, set, &own.normal_low, &own.normal_high);
  return care_vitals_sign_is_abnormal (&own, value);
}

/* --- unusual readings ------------------------------------------------------ */

/* Beyond these a reading is possible (the schema's own limits are what
 * is not) but seldom true of an adult: more often a slip of the finger or
 * a probe that slipped. */
static const struct {
  const char *field;
  double      low;
  double      high;
} usual[] = {
  { "systolic", 70, 220 },
  { "diastolic", 40, 130 },
  { "pulse", 35, 180 },
  { "temperature_c", 34.0, 41.0 },
  { "respiratory_rate", 6, 40 },
  { "spo2", 80, 100 },
  { "weight_kg", 2, 250 },
  { "height_cm", 45, 220 },
};

CareValidation *
care_vitals_unusual (const CareRecord *vitals)
{
  CareValidation *unusual = care_validation_new ();

  g_return_val_if_fail (vitals != NULL, unusual);

  for (guint i = 0; i < G_N_ELEMENTS (usual); i++)
    {
      const char *text = care_record_get (vitals, usual[i].field);
      double value;

      if (text == NULL)
        continue;
      value = g_ascii_strtod (text, NULL);
      if (value < usual[i].low)
        care_validation_add (unusual, usual[i].field, _("Unusually low: check the reading. It is saved as typed."));
      else if (value > usual[i].high)
        care_validation_add (unusual, usual[i].field, _("Unusually high: check the reading. It is saved as typed."));
    }
  return unusual;
}

/* --- amendments ------------------------------------------------------------ */

CareRecord *
care_vitals_new_amendment (const CareRecord *original)
{
  g_return_val_if_fail (original != NULL, NULL);
  g_return_val_if_fail (care_record_get_entity (original) == vitals_entity (), NULL);

  /* Who corrects it is whoever writes the amendment. */
  return care_rules_new_amendment (original, "recorded_by");
}

gboolean
care_vitals_is_amendment (const CareRecord *set)
{
  g_return_val_if_fail (set != NULL, FALSE);

  return care_record_get (set, "amends_id") != NULL;
}

GPtrArray *
care_vitals_series (CareStore   *store,
                    const char  *patient_id,
                    GError     **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GHashTable) newest = NULL;   /* amended id -> its newest amendment */
  GPtrArray *series;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  all = care_store_list (store, vitals_entity (), "patient_id", patient_id, "recorded_at", 0, error);
  if (all == NULL)
    return NULL;

  ids = g_hash_table_new (g_str_hash, g_str_equal);
  newest = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < all->len; i++)
    g_hash_table_add (ids, (gpointer) care_record_get_id (all->pdata[i]));
  for (guint i = 0; i < all->len; i++)
    {
      CareRecord *set = all->pdata[i];
      const char *amends = care_record_get (set, "amends_id");
      CareRecord *known;

      if (amends == NULL || !g_hash_table_contains (ids, amends))
        continue;
      /* Two corrections of one set (two workstations): the later one. */
      known = g_hash_table_lookup (newest, amends);
      if (known == NULL || g_strcmp0 (care_record_get (set, CARE_COLUMN_CREATED_AT),
                                      care_record_get (known, CARE_COLUMN_CREATED_AT)) >= 0)
        g_hash_table_insert (newest, (gpointer) amends, set);
    }

  series = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  for (guint i = 0; i < all->len; i++)
    {
      CareRecord *set = all->pdata[i];
      const char *amends = care_record_get (set, "amends_id");
      CareRecord *latest = set;
      CareRecord *next;

      /* Each chain is walked once, from the set it began with. */
      if (amends && g_hash_table_contains (ids, amends))
        continue;
      for (guint hops = 0; (next = g_hash_table_lookup (newest, care_record_get_id (latest))) && hops < all->len; hops++)
        latest = next;
      g_ptr_array_add (series, care_record_ref (latest));
    }
  return series;
}
