/* test-news2.c: every threshold of the NEWS2 chart (RCP, 2017), both sides
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "care-test-core.h"

/* A set that scores 0 everywhere; each case changes one parameter. */
static CareNews2Input
normal (void)
{
  CareNews2Input in = { 16, 97, FALSE, FALSE, 120, 70, CARE_ACVPU_ALERT, 37.0, (1u << CARE_NEWS2_N_PARAMETERS) - 1 };
  return in;
}

static int
part (CareNews2Input     in,
      CareNews2Parameter p)
{
  CareNews2 n;

  care_news2_score (&in, &n);
  return n.parts[p];
}

typedef struct { double value; int score; } Row;

static void
test_respiration (void)
{
  const Row rows[] = { { 4, 3 }, { 8, 3 }, { 9, 1 }, { 11, 1 }, { 12, 0 }, { 20, 0 }, { 21, 2 }, { 24, 2 }, { 25, 3 }, { 60, 3 } };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      CareNews2Input in = normal ();
      in.respiratory_rate = (int) rows[i].value;
      g_assert_cmpint (part (in, CARE_NEWS2_RESPIRATION), ==, rows[i].score);
    }
}

static void
test_spo2_scale_1 (void)
{
  const Row rows[] = { { 80, 3 }, { 91, 3 }, { 92, 2 }, { 93, 2 }, { 94, 1 }, { 95, 1 }, { 96, 0 }, { 100, 0 } };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    for (int oxygen = 0; oxygen <= 1; oxygen++)
      {
        CareNews2Input in = normal ();
        in.spo2 = (int) rows[i].value;
        in.on_oxygen = oxygen;  /* scale 1 does not depend on oxygen */
        g_assert_cmpint (part (in, CARE_NEWS2_SPO2), ==, rows[i].score);
      }
}

static void
test_spo2_scale_2 (void)
{
  const Row on_air[] = { { 80, 3 }, { 83, 3 }, { 84, 2 }, { 85, 2 }, { 86, 1 }, { 87, 1 }, { 88, 0 }, { 92, 0 },
                         { 93, 0 }, { 97, 0 }, { 100, 0 } };
  const Row on_oxygen[] = { { 83, 3 }, { 84, 2 }, { 85, 2 }, { 86, 1 }, { 87, 1 }, { 88, 0 }, { 92, 0 },
                            { 93, 1 }, { 94, 1 }, { 95, 2 }, { 96, 2 }, { 97, 3 }, { 100, 3 } };

  for (guint i = 0; i < G_N_ELEMENTS (on_air); i++)
    {
      CareNews2Input in = normal ();
      in.spo2_scale_2 = TRUE;
      in.spo2 = (int) on_air[i].value;
      g_assert_cmpint (part (in, CARE_NEWS2_SPO2), ==, on_air[i].score);
    }
  for (guint i = 0; i < G_N_ELEMENTS (on_oxygen); i++)
    {
      CareNews2Input in = normal ();
      in.spo2_scale_2 = TRUE;
      in.on_oxygen = TRUE;
      in.spo2 = (int) on_oxygen[i].value;
      g_assert_cmpint (part (in, CARE_NEWS2_SPO2), ==, on_oxygen[i].score);
    }
}

static void
test_air_or_oxygen (void)
{
  CareNews2Input in = normal ();

  g_assert_cmpint (part (in, CARE_NEWS2_AIR_OR_OXYGEN), ==, 0);
  in.on_oxygen = TRUE;
  g_assert_cmpint (part (in, CARE_NEWS2_AIR_OR_OXYGEN), ==, 2);
}

static void
test_systolic (void)
{
  const Row rows[] = { { 60, 3 }, { 90, 3 }, { 91, 2 }, { 100, 2 }, { 101, 1 }, { 110, 1 }, { 111, 0 }, { 219, 0 },
                       { 220, 3 }, { 260, 3 } };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      CareNews2Input in = normal ();
      in.systolic = (int) rows[i].value;
      g_assert_cmpint (part (in, CARE_NEWS2_SYSTOLIC), ==, rows[i].score);
    }
}

static void
test_pulse (void)
{
  const Row rows[] = { { 30, 3 }, { 40, 3 }, { 41, 1 }, { 50, 1 }, { 51, 0 }, { 90, 0 }, { 91, 1 }, { 110, 1 },
                       { 111, 2 }, { 130, 2 }, { 131, 3 }, { 200, 3 } };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      CareNews2Input in = normal ();
      in.pulse = (int) rows[i].value;
      g_assert_cmpint (part (in, CARE_NEWS2_PULSE), ==, rows[i].score);
    }
}

static void
test_consciousness (void)
{
  const int scores[] = { 0, 3, 3, 3, 3 };

  for (CareAcvpu c = CARE_ACVPU_ALERT; c <= CARE_ACVPU_UNRESPONSIVE; c++)
    {
      CareNews2Input in = normal ();
      in.consciousness = c;
      g_assert_cmpint (part (in, CARE_NEWS2_CONSCIOUSNESS), ==, scores[c]);
    }
}

static void
test_temperature (void)
{
  const Row rows[] = { { 33.0, 3 }, { 35.0, 3 }, { 35.1, 1 }, { 36.0, 1 }, { 36.1, 0 }, { 38.0, 0 }, { 38.1, 1 },
                       { 39.0, 1 }, { 39.1, 2 }, { 41.0, 2 } };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      CareNews2Input in = normal ();
      in.temperature_c = rows[i].value;
      g_assert_cmpint (part (in, CARE_NEWS2_TEMPERATURE), ==, rows[i].score);
    }
}

/* Chart 2: 0 · 1-4 low · 3 in one parameter low-medium · 5-6 medium · 7+ high. */
static void
test_bands (void)
{
  CareNews2Input in = normal ();
  CareNews2 n;

  care_news2_score (&in, &n);
  g_assert_cmpint (n.total, ==, 0);
  g_assert_true (n.complete);
  g_assert_cmpint (n.risk, ==, CARE_NEWS2_RISK_LOW);
  g_assert_cmpstr (care_news2_response (n.risk, n.total), ==, "Routine monitoring, at least every 12 hours.");

  in.pulse = 95;              /* 1 */
  in.temperature_c = 38.5;    /* 1 */
  care_news2_score (&in, &n);
  g_assert_cmpint (n.total, ==, 2);
  g_assert_cmpint (n.risk, ==, CARE_NEWS2_RISK_LOW);

  in = normal ();
  in.consciousness = CARE_ACVPU_CONFUSION;  /* 3 alone */
  care_news2_score (&in, &n);
  g_assert_cmpint (n.total, ==, 3);
  g_assert_cmpint (n.risk, ==, CARE_NEWS2_RISK_LOW_MEDIUM);

  in.on_oxygen = TRUE;        /* + 2 = 5 */
  care_news2_score (&in, &n);
  g_assert_cmpint (n.total, ==, 5);
  g_assert_cmpint (n.risk, ==, CARE_NEWS2_RISK_MEDIUM);

  in.pulse = 95;              /* + 1 = 6 */
  care_news2_score (&in, &n);
  g_assert_cmpint (n.risk, ==, CARE_NEWS2_RISK_MEDIUM);

  in.temperature_c = 38.5;    /* + 1 = 7 */
  care_news2_score (&in, &n);
  g_assert_cmpint (n.total, ==, 7);
  g_assert_cmpint (n.risk, ==, CARE_NEWS2_RISK_HIGH);
  g_assert_cmpstr (care_news2_risk_label (n.risk), ==, "High");
}

static void
test_from_vitals_record (void)
{
  g_autoptr(CareRecord) v = care_record_new (care_schema_lookup ("vitals"));
  CareNews2 n;

  g_assert_false (care_news2_from_vitals (v, &n));
  care_record_set (v, "respiratory_rate", "22");   /* 2 */
  care_record_set (v, "spo2", "93");               /* 2 */
  care_record_set (v, "on_oxygen", "1");           /* 2 */
  care_record_set (v, "systolic", "105");          /* 1 */
  care_record_set (v, "diastolic", "70");
  care_record_set (v, "pulse", "112");             /* 2 */
  care_record_set (v, "consciousness", "alert");   /* 0 */
  care_record_set (v, "temperature_c", "38.4");    /* 1 */
  g_assert_true (care_news2_from_vitals (v, &n));
  g_assert_true (n.complete);
  g_assert_cmpint (n.total, ==, 10);
  g_assert_cmpint (n.risk, ==, CARE_NEWS2_RISK_HIGH);
  /* Scale 2 changes the SpO₂ part: 93 % on oxygen scores 1. */
  care_record_set (v, "spo2_scale", "2");
  care_news2_from_vitals (v, &n);
  g_assert_cmpint (n.parts[CARE_NEWS2_SPO2], ==, 1);
  /* A partial set scores what it has and says it is incomplete. */
  care_record_set (v, "consciousness", NULL);
  care_news2_from_vitals (v, &n);
  g_assert_false (n.complete);
  {
    g_autoptr(CareValidation) valid = care_validate_record (v);
    care_record_set (v, "patient_id", "01a24562-c008-70ca-a976-e640f74cdbd6");
    care_record_set (v, "recorded_at", "2020-01-01T10:00:00Z");
    g_clear_pointer (&valid, care_validation_free);
    valid = care_validate_record (v);
    g_assert_true (care_validation_is_valid (valid));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/news2/respiration", test_respiration);
  g_test_add_func ("/news2/spo2-scale-1", test_spo2_scale_1);
  g_test_add_func ("/news2/spo2-scale-2", test_spo2_scale_2);
  g_test_add_func ("/news2/air-or-oxygen", test_air_or_oxygen);
  g_test_add_func ("/news2/systolic", test_systolic);
  g_test_add_func ("/news2/pulse", test_pulse);
  g_test_add_func ("/news2/consciousness", test_consciousness);
  g_test_add_func ("/news2/temperature", test_temperature);
  g_test_add_func ("/news2/bands", test_bands);
  g_test_add_func ("/news2/from-vitals-record", test_from_vitals_record);
  return g_test_run ();
}
