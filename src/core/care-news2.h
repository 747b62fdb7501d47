/* care-news2.h: the National Early Warning Score 2 of a set of vital signs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-record.h"

G_BEGIN_DECLS

typedef enum {
  CARE_NEWS2_RESPIRATION,
  CARE_NEWS2_SPO2,
  CARE_NEWS2_AIR_OR_OXYGEN,
  CARE_NEWS2_SYSTOLIC,
  CARE_NEWS2_PULSE,
  CARE_NEWS2_CONSCIOUSNESS,
  CARE_NEWS2_TEMPERATURE,
  CARE_NEWS2_N_PARAMETERS
} CareNews2Parameter;

typedef enum {
  CARE_ACVPU_ALERT,
  CARE_ACVPU_CONFUSION,    /* new confusion */
  CARE_ACVPU_VOICE,
  CARE_ACVPU_PAIN,
  CARE_ACVPU_UNRESPONSIVE,
} CareAcvpu;

/* The clinical-response bands of the RCP's chart. */
typedef enum {
  CARE_NEWS2_RISK_LOW,         /* 0-4 */
  CARE_NEWS2_RISK_LOW_MEDIUM,  /* 3 in any one parameter */
  CARE_NEWS2_RISK_MEDIUM,      /* 5-6 */
  CARE_NEWS2_RISK_HIGH,        /* 7 or more */
} CareNews2Risk;

typedef struct {
  int        respiratory_rate;  /* breaths/min */
  int        spo2;              /* % */
  gboolean   spo2_scale_2;      /* hypercapnic respiratory failure: target 88-92 % */
  gboolean   on_oxygen;
  int        systolic;          /* mmHg */
  int        pulse;             /* beats/min */
  CareAcvpu  consciousness;
  double     temperature_c;
  guint      present;           /* 1 << CareNews2Parameter for each one measured */
} CareNews2Input;

typedef struct {
  int            total;                             /* of the parameters present */
  int            parts[CARE_NEWS2_N_PARAMETERS];   /* 0-3 each; 0 where absent */
  gboolean       complete;                          /* all seven present */
  CareNews2Risk  risk;
} CareNews2;

/* Scores by the chart of the Royal College of Physicians, NEWS2 (2017). */
void         care_news2_score          (const CareNews2Input *input,
                                        CareNews2            *news2);

/* From a vitals record (fields respiratory_rate, spo2, spo2_scale,
 * on_oxygen, systolic, pulse, consciousness, temperature_c).  FALSE when not
 * one parameter is recorded. */
gboolean     care_news2_from_vitals    (const CareRecord     *vitals,
                                        CareNews2            *news2);

/* The band a parameter scores 0 in, as readings are taken (whole numbers;
 * temperature to a tenth): respiration 12-20, SpO2 96 and over (scale 1),
 * systolic 111-219, pulse 51-90, temperature 36.1-38.0. The open top of
 * SpO2 is G_MAXINT. FALSE for a parameter without a numeric band
 * (air or oxygen, consciousness). */
gboolean     care_news2_normal_range   (CareNews2Parameter    parameter,
                                        double               *low,
                                        double               *high);

/* SpO2 scale 2's prescribed target, 88-92 %: on oxygen, scores rise on
 * either side of it. */
void         care_news2_spo2_scale_2_target (double          *low,
                                             double          *high);

/* "Low", "Low-medium", "Medium", "High" (translated). */
const char  *care_news2_risk_label     (CareNews2Risk         risk);
/* The chart's clinical response and minimum monitoring (translated). */
const char  *care_news2_response       (CareNews2Risk         risk,
                                        int                   total);

G_END_DECLS
