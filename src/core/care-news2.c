/* care-news2.c: the National Early Warning Score 2 of a set of vital signs
 *
 * Royal College of Physicians, "National Early Warning Score (NEWS) 2:
 * Standardising the assessment of acute-illness severity in the NHS",
 * December 2017, chart 1 (the scoring system) and chart 2 (thresholds and
 * triggers).  Each band below is one row of chart 1, written as the upper
 * bound of the band; tests/core/test-news2.c checks both sides of every
 * boundary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-news2"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "care-news2.h"

typedef struct {
  double upto;   /* the band holds values <= upto */
  int    score;
} Band;

/* ≤8: 3 · 9–11: 1 · 12–20: 0 · 21–24: 2 · ≥25: 3 */
static const Band respiration[] = { { 8, 3 }, { 11, 1 }, { 20, 0 }, { 24, 2 }, { G_MAXINT, 3 } };
/* Scale 1: ≤91: 3 · 92–93: 2 · 94–95: 1 · ≥96: 0 */
static const Band spo2_scale_1[] = { { 91, 3 }, { 93, 2 }, { 95, 1 }, { G_MAXINT, 0 } };
/* Scale 2: ≤83: 3 · 84–85: 2 · 86–87: 1 · 88–92 (or ≥93 on air): 0 ·
 * on oxygen 93–94: 1 · 95–96: 2 · ≥97: 3 */
static const Band spo2_scale_2_low[] = { { 83, 3 }, { 85, 2 }, { 87, 1 }, { G_MAXINT, 0 } };
static const Band spo2_scale_2_oxygen[] = { { 92, 0 }, { 94, 1 }, { 96, 2 }, { G_MAXINT, 3 } };
/* ≤90: 3 · 91–100: 2 · 101–110: 1 · 111–219: 0 · ≥220: 3 */
static const Band systolic[] = { { 90, 3 }, { 100, 2 }, { 110, 1 }, { 219, 0 }, { G_MAXINT, 3 } };
/* ≤40: 3 · 41–50: 1 · 51–90: 0 · 91–110: 1 · 111–130: 2 · ≥131: 3 */
static const Band pulse[] = { { 40, 3 }, { 50, 1 }, { 90, 0 }, { 110, 1 }, { 130, 2 }, { G_MAXINT, 3 } };
/* ≤35.0: 3 · 35.1–36.0: 1 · 36.1–38.0: 0 · 38.1–39.0: 1 · ≥39.1: 2
 * (temperatures are read to a tenth of a degree: 35.05 rounds to 35.1) */
static const Band temperature[] = { { 35.04, 3 }, { 36.04, 1 }, { 38.04, 0 }, { 39.04, 1 }, { G_MAXINT, 2 } };

static int
band_score (const Band *bands,
            guint       n,
            double      value)
{
  for (guint i = 0; i < n; i++)
    if (value <= bands[i].upto)
      return bands[i].score;
  return bands[n - 1].score;
}

#define SCORE(bands, value) band_score (bands, G_N_ELEMENTS (bands), value)

static int
spo2_score (const CareNews2Input *in)
{
  if (!in->spo2_scale_2)
    return SCORE (spo2_scale_1, in->spo2);
  if (in->spo2 <= 87 || !in->on_oxygen)
    return SCORE (spo2_scale_2_low, in->spo2);
  return SCORE (spo2_scale_2_oxygen, in->spo2);
}

void
care_news2_score (const CareNews2Input *in,
                  CareNews2            *out)
{
  gboolean any_three = FALSE;

  g_return_if_fail (in != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
#define HAS(p) (in->present & (1u << (p)))
  if (HAS (CARE_NEWS2_RESPIRATION))
    out->parts[CARE_NEWS2_RESPIRATION] = SCORE (respiration, in->respiratory_rate);
  if (HAS (CARE_NEWS2_SPO2))
    out->parts[CARE_NEWS2_SPO2] = spo2_score (in);
  if (HAS (CARE_NEWS2_AIR_OR_OXYGEN))
    out->parts[CARE_NEWS2_AIR_OR_OXYGEN] = in->on_oxygen ? 2 : 0;
  if (HAS (CARE_NEWS2_SYSTOLIC))
    out->parts[CARE_NEWS2_SYSTOLIC] = SCORE (systolic, in->systolic);
  if (HAS (CARE_NEWS2_PULSE))
    out->parts[CARE_NEWS2_PULSE] = SCORE (pulse, in->pulse);
  if (HAS (CARE_NEWS2_CONSCIOUSNESS))
    out->parts[CARE_NEWS2_CONSCIOUSNESS] = in->consciousness == CARE_ACVPU_ALERT ? 0 : 3;
  if (HAS (CARE_NEWS2_TEMPERATURE))
    out->parts[CARE_NEWS2_TEMPERATURE] = SCORE (temperature, in->temperature_c);
#undef HAS

  for (int p = 0; p < CARE_NEWS2_N_PARAMETERS; p++)
    {
      out->total += out->parts[p];
      any_three |= out->parts[p] == 3;
    }
  out->complete = (in->present & ((1u << CARE_NEWS2_N_PARAMETERS) - 1)) == (1u << CARE_NEWS2_N_PARAMETERS) - 1;
  if (out->total >= 7)
    out->risk = CARE_NEWS2_RISK_HIGH;
  else if (out->total >= 5)
    out->risk = CARE_NEWS2_RISK_MEDIUM;
  else if (any_three)
    out->risk = CARE_NEWS2_RISK_LOW_MEDIUM;
  else
    out->risk = CARE_NEWS2_RISK_LOW;
}

static gboolean
get_int (const CareRecord *r,
         const char       *name,
         int              *out)
{
  if (care_record_get (r, name) == NULL)
    return FALSE;
  *out = (int) care_record_get_int (r, name, 0);
  return TRUE;
}

gboolean
care_news2_from_vitals (const CareRecord *vitals,
                        CareNews2        *news2)
{
  static const char *const levels[] = { "alert", "confusion", "voice", "pain", "unresponsive" };
  CareNews2Input in = { 0 };
  const char *value;

  g_return_val_if_fail (vitals != NULL, FALSE);

  if (get_int (vitals, "respiratory_rate", &in.respiratory_rate))
    in.present |= 1u << CARE_NEWS2_RESPIRATION;
  if (get_int (vitals, "spo2", &in.spo2))
    in.present |= 1u << CARE_NEWS2_SPO2;
  in.spo2_scale_2 = g_strcmp0 (care_record_get (vitals, "spo2_scale"), "2") == 0;
  if ((value = care_record_get (vitals, "on_oxygen")))
    {
      in.on_oxygen = g_str_equal (value, "1");
      in.present |= 1u << CARE_NEWS2_AIR_OR_OXYGEN;
    }
  if (get_int (vitals, "systolic", &in.systolic))
    in.present |= 1u << CARE_NEWS2_SYSTOLIC;
  if (get_int (vitals, "pulse", &in.pulse))
    in.present |= 1u << CARE_NEWS2_PULSE;
  if ((value = care_record_get (vitals, "consciousness")))
    for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
      if (g_str_equal (value, levels[i]))
        {
          in.consciousness = (CareAcvpu) i;
          in.present |= 1u << CARE_NEWS2_CONSCIOUSNESS;
        }
  if ((value = care_record_get (vitals, "temperature_c")))
    {
      in.temperature_c = g_ascii_strtod (value, NULL);
      in.present |= 1u << CARE_NEWS2_TEMPERATURE;
    }
  care_news2_score (&in, news2);
  return in.present != 0;
}

/* The first reading above the band before, and the last one within. */
static void
zero_band (const Band *bands,
           guint       n,
           double      step,
           double     *low,
           double     *high)
{
  for (guint i = 0; i < n; i++)
    if (bands[i].score == 0)
      {
        *low = i == 0 ? 0 : (floor (bands[i - 1].upto / step + 1e-9) + 1) * step;
        *high = bands[i].upto >= G_MAXINT ? G_MAXINT : floor (bands[i].upto / step + 1e-9) * step;
        return;
      }
  g_assert_not_reached ();
}

gboolean
care_news2_normal_range (CareNews2Parameter parameter,
                         double            *low,
                         double            *high)
{
  g_return_val_if_fail (low != NULL && high != NULL, FALSE);

  switch (parameter)
    {
#define ZERO(bands, step) zero_band (bands, G_N_ELEMENTS (bands), step, low, high); return TRUE
    case CARE_NEWS2_RESPIRATION: ZERO (respiration, 1);
    case CARE_NEWS2_SPO2: ZERO (spo2_scale_1, 1);
    case CARE_NEWS2_SYSTOLIC: ZERO (systolic, 1);
    case CARE_NEWS2_PULSE: ZERO (pulse, 1);
    case CARE_NEWS2_TEMPERATURE: ZERO (temperature, 0.1);
#undef ZERO
    case CARE_NEWS2_AIR_OR_OXYGEN:
    case CARE_NEWS2_CONSCIOUSNESS:
    case CARE_NEWS2_N_PARAMETERS:
    default:
      return FALSE;
    }
}

void
care_news2_spo2_scale_2_target (double *low,
                                double *high)
{
  double ignored;

  g_return_if_fail (low != NULL && high != NULL);

  /* The first band scale 2 scores 0 in on air, up to the last it scores
   * 0 in on oxygen. */
  zero_band (spo2_scale_2_low, G_N_ELEMENTS (spo2_scale_2_low), 1, low, &ignored);
  zero_band (spo2_scale_2_oxygen, G_N_ELEMENTS (spo2_scale_2_oxygen), 1, &ignored, high);
}

const char *
care_news2_risk_label (CareNews2Risk risk)
{
  switch (risk)
    {
    case CARE_NEWS2_RISK_LOW: return _("Low");
    case CARE_NEWS2_RISK_LOW_MEDIUM: return _("Low-medium");
    case CARE_NEWS2_RISK_MEDIUM: return _("Medium");
    case CARE_NEWS2_RISK_HIGH: return _("High");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
care_news2_response (CareNews2Risk risk,
                     int           total)
{
  switch (risk)
    {
    case CARE_NEWS2_RISK_LOW:
      return total == 0 ? _("Routine monitoring, at least every 12 hours.")
                        : _("A registered nurse assesses the patient; monitoring at least every 4 to 6 hours.");
    case CARE_NEWS2_RISK_LOW_MEDIUM:
      return _("Urgent review by a clinician on the ward; monitoring at least every hour.");
    case CARE_NEWS2_RISK_MEDIUM:
      return _("Urgent response: a clinician competent in acute illness reviews the patient; monitoring at least every hour.");
    case CARE_NEWS2_RISK_HIGH:
      return _("Emergency response: the critical care team assesses the patient now; continuous monitoring.");
    default:
      g_return_val_if_reached (NULL);
    }
}
