/* test-vitals.c: impossible readings refused, unusual ones flagged, amendments in the series
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "care-test-core.h"

typedef struct {
  char      *dir;
  CareStore *store;
  char      *patient_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = care_test_patient ("Ana", "Ruiz");

  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 0);
  g_assert_true (care_store_insert (f->store, patient, &error));
  g_assert_no_error (error);
  f->patient_id = g_strdup (care_record_get_id (patient));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->patient_id);
  care_test_rmdir (f->dir);
  g_free (f->dir);
}

static CareRecord *
new_set (Fixture    *f,
         const char *recorded_at,
         const char *pulse)
{
  CareRecord *set = care_record_new (care_schema_lookup ("vitals"));

  care_record_set (set, "patient_id", f->patient_id);
  care_record_set (set, "recorded_at", recorded_at);
  care_record_set (set, "pulse", pulse);
  return set;
}

static CareRecord *
insert_set (Fixture    *f,
            const char *recorded_at,
            const char *pulse)
{
  g_autoptr(GError) error = NULL;
  CareRecord *set = new_set (f, recorded_at, pulse);

  g_assert_true (care_store_insert (f->store, set, &error));
  g_assert_no_error (error);
  return set;
}

/* What no body can show is refused, naming the field, and not written. */
static void
test_impossible (Fixture       *f,
                 gconstpointer  data)
{
  const struct { const char *field; const char *value; } cases[] = {
    { "pulse", "900" }, { "pulse", "0" }, { "spo2", "101" }, { "temperature_c", "52.0" },
    { "respiratory_rate", "200" }, { "pain_score", "11" }, { "height_cm", "400" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CareRecord) set = new_set (f, "2026-01-02T03:04:05Z", "72");
      g_autoptr(CareValidation) v = NULL;
      g_autoptr(GError) error = NULL;

      care_record_set (set, cases[i].field, cases[i].value);
      v = care_validate_record (set);
      g_assert_nonnull (care_validation_get_message (v, cases[i].field));
      g_assert_false (care_store_insert (f->store, set, &error));
      g_assert_error (error, CARE_VALIDATION_ERROR, CARE_VALIDATION_ERROR_INVALID);
    }
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("vitals")), ==, 0);
}

/* Possible but seldom true: saved, and each such field said why. */
static void
test_unusual (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CareRecord) set = new_set (f, "2026-01-02T03:04:05Z", "190");
  g_autoptr(CareValidation) unusual = NULL;
  g_autoptr(CareValidation) normal = NULL;
  g_autoptr(GError) error = NULL;

  care_record_set (set, "temperature_c", "33.5");
  care_record_set (set, "spo2", "97");
  care_record_set (set, "respiratory_rate", "16");
  unusual = care_vitals_unusual (set);
  g_assert_cmpuint (care_validation_get_n_errors (unusual), ==, 2);
  g_assert_nonnull (strstr (care_validation_get_message (unusual, "pulse"), "high"));
  g_assert_nonnull (strstr (care_validation_get_message (unusual, "temperature_c"), "low"));
  g_assert_null (care_validation_get_message (unusual, "spo2"));
  g_assert_true (care_store_insert (f->store, set, &error));
  g_assert_no_error (error);

  care_record_set (set, "pulse", "88");
  care_record_set (set, "temperature_c", "37.2");
  normal = care_vitals_unusual (set);
  g_assert_true (care_validation_is_valid (normal));
}

/* The charts' normal bands are NEWS2's score-0 rows. */
/* A patient on NEWS2's SpO2 scale 2 is normal at 88-92 %, not at 96. */
static void
test_spo2_scale_2 (void)
{
  const CareVitalSign *spo2 = care_vitals_sign_lookup ("spo2");
  g_autoptr(CareRecord) scale_1 = care_record_new (care_schema_lookup ("vitals"));
  g_autoptr(CareRecord) scale_2 = care_record_new (care_schema_lookup ("vitals"));
  double low, high;

  care_record_set (scale_2, "spo2_scale", "2");
  care_vitals_normal_range (spo2, scale_2, &low, &high);
  g_assert_cmpfloat (low, ==, 88);
  g_assert_cmpfloat (high, ==, 92);
  care_vitals_normal_range (spo2, scale_1, &low, &high);
  g_assert_cmpfloat (low, ==, 96);
  care_vitals_normal_range (spo2, NULL, &low, &high);
  g_assert_cmpfloat (low, ==, 96);
  care_vitals_normal_range (care_vitals_sign_lookup ("pulse"), scale_2, &low, &high);
  g_assert_cmpfloat (low, ==, 51);

  g_assert_true (care_vitals_reading_is_abnormal (spo2, scale_2, 87));
  g_assert_false (care_vitals_reading_is_abnormal (spo2, scale_2, 88));
  g_assert_false (care_vitals_reading_is_abnormal (spo2, scale_2, 92));
  g_assert_true (care_vitals_reading_is_abnormal (spo2, scale_2, 95));
  g_assert_true (care_vitals_reading_is_abnormal (spo2, scale_1, 92));
  g_assert_false (care_vitals_reading_is_abnormal (spo2, scale_1, 97));
}

static void
test_normal_ranges (void)
{
  const struct { const char *field; double low, high; } rows[] = {
    { "respiratory_rate", 12, 20 }, { "spo2", 96, 100 }, { "systolic", 111, 219 },
    { "pulse", 51, 90 }, { "temperature_c", 36.1, 38.0 },
  };
  const CareVitalSign *pulse = care_vitals_sign_lookup ("pulse");
  const CareVitalSign *temperature = care_vitals_sign_lookup ("temperature_c");
  guint n;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const CareVitalSign *sign = care_vitals_sign_lookup (rows[i].field);

      g_assert_nonnull (sign);
      g_assert_cmpfloat_with_epsilon (sign->normal_low, rows[i].low, 1e-9);
      g_assert_cmpfloat_with_epsilon (sign->normal_high, rows[i].high, 1e-9);
    }
  g_assert_true (isnan (care_vitals_sign_lookup ("weight_kg")->normal_low));
  g_assert_false (care_vitals_sign_is_abnormal (care_vitals_sign_lookup ("weight_kg"), 140));
  g_assert_true (care_vitals_sign_is_abnormal (pulse, 50));
  g_assert_false (care_vitals_sign_is_abnormal (pulse, 51));
  g_assert_false (care_vitals_sign_is_abnormal (pulse, 90));
  g_assert_true (care_vitals_sign_is_abnormal (pulse, 91));
  g_assert_false (care_vitals_sign_is_abnormal (temperature, 38.04));
  g_assert_true (care_vitals_sign_is_abnormal (temperature, 38.1));
  g_assert_true (care_vitals_sign_is_abnormal (temperature, 36.0));
  g_assert_nonnull (care_vitals_signs (&n));
  g_assert_cmpuint (n, >=, 6);
}

/* An amended set gives way to its newest amendment, at the original's time. */
static void
test_amendment_series (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) first = insert_set (f, "2026-01-02T08:00:00Z", "72");
  g_autoptr(CareRecord) second = insert_set (f, "2026-01-02T12:00:00Z", "180");
  g_autoptr(CareRecord) third = insert_set (f, "2026-01-02T16:00:00Z", "76");
  g_autoptr(CareRecord) fix = care_vitals_new_amendment (second);
  g_autoptr(CareRecord) fix_again = NULL;
  g_autoptr(GPtrArray) series = NULL;

  g_assert_cmpstr (care_record_get (fix, "amends_id"), ==, care_record_get_id (second));
  g_assert_cmpstr (care_record_get (fix, "recorded_at"), ==, "2026-01-02T12:00:00Z");
  g_assert_cmpstr (care_record_get (fix, "patient_id"), ==, f->patient_id);
  care_record_set (fix, "pulse", "80");
  g_assert_true (care_store_insert (f->store, fix, &error));
  g_assert_no_error (error);

  series = care_vitals_series (f->store, f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->len, ==, 3);
  g_assert_cmpstr (care_record_get_id (series->pdata[0]), ==, care_record_get_id (first));
  g_assert_cmpstr (care_record_get_id (series->pdata[1]), ==, care_record_get_id (fix));
  g_assert_cmpstr (care_record_get (series->pdata[1], "pulse"), ==, "80");
  g_assert_true (care_vitals_is_amendment (series->pdata[1]));
  g_assert_false (care_vitals_is_amendment (series->pdata[0]));
  g_assert_cmpstr (care_record_get_id (series->pdata[2]), ==, care_record_get_id (third));
  g_clear_pointer (&series, g_ptr_array_unref);

  /* A correction of the correction: the chain is followed to its end. */
  fix_again = care_vitals_new_amendment (fix);
  care_record_set (fix_again, "pulse", "82");
  g_assert_true (care_store_insert (f->store, fix_again, &error));
  g_assert_no_error (error);
  series = care_vitals_series (f->store, f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->len, ==, 3);
  g_assert_cmpstr (care_record_get (series->pdata[1], "pulse"), ==, "82");
  g_assert_cmpstr (care_record_get (series->pdata[1], "amends_id"), ==, care_record_get_id (fix));
  /* Nothing was overwritten: every set is still there. */
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("vitals")), ==, 5);
}

static CareRecord *
get_one (CareRuleContext  *ctx,
         const CareEntity *entity,
         const char       *id)
{
  CareRecord *stored = ctx->data;

  return g_strcmp0 (care_record_get_id (stored), id) == 0 ? care_record_ref (stored) : NULL;
}

/* The rules (the server's) refuse an amendment of another patient's set. */
static void
test_amendment_rule (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CareRecord) original = insert_set (f, "2026-01-02T08:00:00Z", "72");
  g_autoptr(CareRecord) fix = care_vitals_new_amendment (original);
  g_autoptr(GError) error = NULL;
  CareRuleContext ctx = { .actor = "nurse-1", .get = get_one, .data = original };

  care_record_set (fix, "weight_kg", "70");
  care_record_set (fix, "height_cm", "175");
  g_assert_true (care_rules_prepare (&ctx, NULL, fix, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (fix, "bmi"), ==, "22.9");

  care_record_set (fix, "patient_id", "0190c1e2-7a3b-7cde-8f00-123456789abc");
  g_assert_false (care_rules_prepare (&ctx, NULL, fix, &error));
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "amends_id");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/vitals/impossible", Fixture, NULL, fixture_set_up, test_impossible, fixture_tear_down);
  g_test_add ("/vitals/unusual", Fixture, NULL, fixture_set_up, test_unusual, fixture_tear_down);
  g_test_add_func ("/vitals/normal-ranges", test_normal_ranges);
  g_test_add_func ("/vitals/spo2-scale-2", test_spo2_scale_2);
  g_test_add ("/vitals/amendment-series", Fixture, NULL, fixture_set_up, test_amendment_series, fixture_tear_down);
  g_test_add ("/vitals/amendment-rule", Fixture, NULL, fixture_set_up, test_amendment_rule, fixture_tear_down);
  return g_test_run ();
}
