/* care-dose-frequency.c: how often a medicine is given, read from its prescription
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-dose-frequency"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "care-dose-frequency.h"
#include "care-rules.h"

#define MINUTES_PER_DAY (24 * 60)
#define MORNING         (8 * 60)
#define EARLY_MORNING   (6 * 60)
#define NIGHT           (22 * 60)
#define MAX_EVERY_HOURS (7 * 24)

/* Abbreviations and phrases of drug charts, after normalise(). */
static const struct {
  const char *text;
  guint       per_day;   /* 0: at `at` once a day */
  guint       at;
} phrases[] = {
  { "od", 1, 0 }, { "qd", 1, 0 }, { "daily", 1, 0 }, { "once daily", 1, 0 }, { "once a day", 1, 0 },
  { "once per day", 1, 0 }, { "every day", 1, 0 }, { "every morning", 0, MORNING },
  { "mane", 0, MORNING }, { "in the morning", 0, MORNING },
  { "bd", 2, 0 }, { "bid", 2, 0 }, { "twice daily", 2, 0 }, { "twice a day", 2, 0 }, { "twice per day", 2, 0 },
  { "tds", 3, 0 }, { "tid", 3, 0 }, { "three times daily", 3, 0 }, { "three times a day", 3, 0 },
  { "qds", 4, 0 }, { "qid", 4, 0 }, { "four times daily", 4, 0 }, { "four times a day", 4, 0 },
  { "hourly", 24, 0 }, { "every hour", 24, 0 },
  { "on", 0, NIGHT }, { "nocte", 0, NIGHT }, { "at night", 0, NIGHT }, { "every night", 0, NIGHT },
  { "nightly", 0, NIGHT }, { "at bedtime", 0, NIGHT }, { "bedtime", 0, NIGHT },
};

static const char *const as_needed_phrases[] = {
  "as needed", "as required", "when needed", "when required", "if needed", "if required", "prn",
};

static const char *const numbers[] = { "zero", "one", "two", "three", "four", "five", "six" };

/* Lower case, words separated by single spaces, no punctuation. */
static char *
normalise (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = lower; *p; p++)
    {
      gboolean space = g_ascii_isspace (*p) || strchr ("-.,;:()/", *p) != NULL;

      if (space && out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
      else if (!space)
        g_string_append_c (out, *p);
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* Removes a PRN phrase from text (whole words); TRUE if there was one. */
static gboolean
take_as_needed (char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (as_needed_phrases); i++)
    {
      gsize len = strlen (as_needed_phrases[i]);
      char *at = strstr (text, as_needed_phrases[i]);

      if (at == NULL || (at > text && at[-1] != ' ') || (at[len] != '\0' && at[len] != ' '))
        continue;
      memmove (at, at + len, strlen (at + len) + 1);
      g_strstrip (text);
      return TRUE;
    }
  return FALSE;
}

static void
set_per_day (CareDoseFrequency *f,
             guint              per_day)
{
  guint interval = MINUTES_PER_DAY / per_day;
  /* A round starts at 08:00 for daily and twice-daily medicines, and
   * earlier for those that fill the day, so that the day's last dose is
   * not in the small hours. */
  guint anchor = interval >= 12 * 60 ? MORNING : EARLY_MORNING;

  f->n_times = per_day;
  f->interval_minutes = interval;
  for (guint k = 0; k < per_day; k++)
    f->times[k] = (anchor + k * interval) % MINUTES_PER_DAY;
  for (guint i = 1; i < per_day; i++)
    for (guint j = i; j > 0 && f->times[j - 1] > f->times[j]; j--)
      {
        guint t = f->times[j];
        f->times[j] = f->times[j - 1];
        f->times[j - 1] = t;
      }
}

static gboolean
set_every_hours (CareDoseFrequency *f,
                 guint64            hours)
{
  if (hours == 0 || hours > MAX_EVERY_HOURS)
    return FALSE;
  if (24 % hours == 0)
    set_per_day (f, 24 / hours);
  else
    f->every_minutes = f->interval_minutes = hours * 60;
  return TRUE;
}

static gboolean
parse_number (const char *word,
              guint64    *n)
{
  for (guint i = 1; i < G_N_ELEMENTS (numbers); i++)
    if (g_str_equal (word, numbers[i]))
      return *n = i, TRUE;
  return g_ascii_string_to_unsigned (word, 10, 1, 1000, n, NULL);
}

/* "every 8 hours", "q8h", "8 hourly", "every 8h", "3 times a day". */
static gboolean
parse_pattern (const char        *text,
               CareDoseFrequency *f)
{
  g_autoptr(GMatchInfo) match = NULL;
  static GRegex *every, *times;
  guint64 n;

  if (g_once_init_enter (&every))
    g_once_init_leave (&every, g_regex_new ("^(?:every |q ?)?(\\w+) ?(?:h|hr|hrs|hour|hours|hourly|hrly)$", G_REGEX_OPTIMIZE, 0, NULL));
  if (g_once_init_enter (&times))
    g_once_init_leave (&times, g_regex_new ("^(\\w+) times? (?:a day|per day|daily)$", G_REGEX_OPTIMIZE, 0, NULL));

  if (g_regex_match (every, text, 0, &match))
    {
      g_autofree char *word = g_match_info_fetch (match, 1);
      return parse_number (word, &n) && set_every_hours (f, n);
    }
  g_clear_pointer (&match, g_match_info_free);
  if (g_regex_match (times, text, 0, &match))
    {
      g_autofree char *word = g_match_info_fetch (match, 1);
      if (!parse_number (word, &n) || n > CARE_DOSE_MAX_TIMES)
        return FALSE;
      set_per_day (f, n);
      return TRUE;
    }
  return FALSE;
}

static gboolean
parse_schedule (const char        *text,
                CareDoseFrequency *f)
{
  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    if (g_str_equal (text, phrases[i].text))
      {
        if (phrases[i].per_day > 0)
          set_per_day (f, phrases[i].per_day);
        else
          {
            f->n_times = 1;
            f->times[0] = phrases[i].at;
            f->interval_minutes = MINUTES_PER_DAY;
          }
        return TRUE;
      }
  return parse_pattern (text, f);
}

gboolean
care_dose_frequency_parse (const char        *text,
                           CareDoseFrequency *frequency,
                           GError           **error)
{
  g_autofree char *words = NULL;
  CareDoseFrequency f = { 0 };
  gboolean ok;

  g_return_val_if_fail (frequency != NULL, FALSE);

  words = normalise (text ? text : "");
  f.as_needed = take_as_needed (words);
  ok = (f.as_needed && *words == '\0') || parse_schedule (words, &f);
  if (ok && f.as_needed)
    {
      /* "every 4 hours as needed": the interval guards against a double
       * dose, but nothing is scheduled. */
      f.n_times = 0;
      f.every_minutes = 0;
    }
  if (!ok)
    {
      g_autofree char *detail =
        /* Translators: %s is what the prescriber wrote */
        g_strdup_printf (_("“%s” is not a frequency Caredesk can schedule. Write, for example, “twice a day”, “TDS”, “every 8 hours” or “as needed”."),
                         text ? text : "");
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID,
                                 care_schema_lookup ("prescription_item"), "frequency", detail);
      return FALSE;
    }
  *frequency = f;
  return TRUE;
}

/* The instant of minutes after midnight on the local day of day, or the
 * first instant that exists after it. */
static gint64
local_instant (GTimeZone *zone,
               GDateTime *day,
               guint      minutes)
{
  int y, m, d;
  gint64 wall;
  gint interval;

  g_date_time_get_ymd (day, &y, &m, &d);
  {
    g_autoptr(GDateTime) utc = g_date_time_new_utc (y, m, d, minutes / 60, minutes % 60, 0);
    wall = g_date_time_to_unix (utc);
  }
  /* Of a time the day has twice (clocks go back), summer time's: the earlier. */
  interval = g_time_zone_find_interval (zone, G_TIME_TYPE_DAYLIGHT, wall);
  if (interval < 0)
    {
      /* In the gap: moved on by the gap, to the first time that exists. */
      interval = g_time_zone_adjust_time (zone, G_TIME_TYPE_STANDARD, &wall);
      wall -= g_time_zone_get_offset (zone, interval);
      return wall * G_USEC_PER_SEC;
    }
  return (wall - g_time_zone_get_offset (zone, interval)) * G_USEC_PER_SEC;
}

static gint
compare_instants (gconstpointer a,
                  gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

GArray *
care_dose_frequency_instants (const CareDoseFrequency *frequency,
                              GTimeZone               *zone,
                              gint64                   start,
                              gint64                   from,
                              gint64                   to)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (frequency != NULL && zone != NULL, out);

  from = MAX (from, start);
  if (from >= to || frequency->as_needed)
    return out;

  if (frequency->every_minutes > 0)
    {
      gint64 step = (gint64) frequency->every_minutes * 60 * G_USEC_PER_SEC;
      gint64 t = start + (from - start + step - 1) / step * step;

      for (; t < to; t += step)
        g_array_append_val (out, t);
      return out;
    }

  {
    g_autoptr(GDateTime) first_utc = g_date_time_new_from_unix_utc (from / G_USEC_PER_SEC);
    g_autoptr(GDateTime) first = g_date_time_to_timezone (first_utc, zone);
    g_autoptr(GDateTime) day = g_date_time_add_days (first, -1);

    /* Day by day from the day before from, until a day starts after to. */
    for (guint guard = 0; guard < 1000; guard++)
      {
        GDateTime *next;
        gboolean past = FALSE;

        for (guint i = 0; i < frequency->n_times; i++)
          {
            gint64 t = local_instant (zone, day, frequency->times[i]);

            if (t >= from && t < to)
              g_array_append_val (out, t);
            past = past || t >= to;
          }
        if (past || local_instant (zone, day, 0) >= to)
          break;
        next = g_date_time_add_days (day, 1);
        g_date_time_unref (day);
        day = next;
      }
  }

  g_array_sort (out, compare_instants);
  for (guint i = 1; i < out->len; )
    if (g_array_index (out, gint64, i) == g_array_index (out, gint64, i - 1))
      g_array_remove_index (out, i);
    else
      i++;
  return out;
}
