/* care-dose-frequency.h: how often a medicine is given, read from its prescription
 *
 * A prescribed medicine's frequency is free text ("twice a day", "TDS",
 * "every 8 hours", "q4h", "at night", "as needed"). This reads it into the
 * clock times of a ward's round, in local time:
 *
 *   once a day, OD, daily, in the morning         08:00
 *   twice a day, BD                               08:00 20:00
 *   three times a day, TDS                        06:00 14:00 22:00
 *   four times a day, QDS                         00:00 06:00 12:00 18:00
 *   every N hours, qNh, N-hourly (N divides 24)   from 08:00 when N ≥ 12, else from 06:00
 *   every N hours otherwise (q5h, every 36 hours) every N hours from the first dose
 *   at night, nocte, at bedtime                   22:00
 *   as needed, PRN (optionally "every 4 hours as needed")  no scheduled dose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CARE_DOSE_MAX_TIMES 24

typedef struct {
  guint    n_times;                     /* clock times a day; 0: none */
  guint    times[CARE_DOSE_MAX_TIMES];  /* minutes after local midnight, ascending */
  guint    every_minutes;               /* a steady interval that does not divide the day; 0 otherwise */
  guint    interval_minutes;            /* the least time between two doses; 0: not known */
  gboolean as_needed;                   /* PRN: given when needed, never scheduled */
} CareDoseFrequency;

/* Reads text; FALSE with a CARE_RULE_ERROR_INVALID naming the prescribed
 * medicine's "frequency" when it is not a frequency. */
gboolean  care_dose_frequency_parse  (const char        *text,
                                      CareDoseFrequency *frequency,
                                      GError           **error);

/* The dose instants (µs since the epoch) of frequency in [from, to), for
 * a course that begins at start (its first dose for steady intervals),
 * in zone; ascending. A clock time the day skips (the hour clocks go
 * forward) is given at the first time that exists after it; a time the
 * day has twice (clocks go back) is given once, the first time. */
GArray   *care_dose_frequency_instants (const CareDoseFrequency *frequency,
                                        GTimeZone               *zone,
                                        gint64                   start,
                                        gint64                   from,
                                        gint64                   to);

G_END_DECLS
