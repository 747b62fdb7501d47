/* care-reports.c: a report's table: titles, values, CSV, a text alternative, the periods
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-reports"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "care-billing.h"
#include "care-clock.h"
#include "care-reports.h"

static const struct {
  const char *id;
  const char *title;
} kinds[CARE_REPORT_N_KINDS] = {
  [CARE_REPORT_APPOINTMENTS_BY_STATUS] = { "appointments-by-status", N_("Appointments by status") },
  [CARE_REPORT_APPOINTMENTS_BY_DOCTOR] = { "appointments-by-doctor", N_("Appointments by doctor") },
  [CARE_REPORT_EARNINGS_BY_WEEK] = { "earnings-by-week", N_("Earnings by week") },
  [CARE_REPORT_EARNINGS_BY_MONTH] = { "earnings-by-month", N_("Earnings by month") },
  [CARE_REPORT_EARNINGS_BY_YEAR] = { "earnings-by-year", N_("Earnings by year") },
  [CARE_REPORT_PATIENTS_BY_CONDITION] = { "patients-by-condition", N_("Patients by condition") },
  [CARE_REPORT_PATIENTS_BY_COUNTRY] = { "patients-by-country", N_("Patients by country") },
  [CARE_REPORT_PATIENTS_BY_AGE] = { "patients-by-age", N_("Patients by age") },
  [CARE_REPORT_DOCTOR_ACTIVITY] = { "doctor-activity", N_("Doctors’ activity") },
};

const char *
care_report_kind_title (CareReportKind kind)
{
  g_return_val_if_fail (kind < CARE_REPORT_N_KINDS, NULL);
  return _(kinds[kind].title);
}

const char *
care_report_kind_id (CareReportKind kind)
{
  g_return_val_if_fail (kind < CARE_REPORT_N_KINDS, NULL);
  return kinds[kind].id;
}

void
care_report_cards_free (CareReportCards *cards)
{
  if (cards == NULL)
    return;
  g_free (cards->currency);
  g_free (cards);
}

void
care_report_free (CareReport *report)
{
  if (report == NULL)
    return;
  g_free (report->title);
  g_free (report->category_title);
  g_free (report->from);
  g_free (report->to);
  g_free (report->currency);
  g_clear_pointer (&report->series, g_ptr_array_unref);
  g_clear_pointer (&report->categories, g_ptr_array_unref);
  g_clear_pointer (&report->values, g_array_unref);
  g_free (report);
}

static GPtrArray *
copy_strings (GPtrArray *strings)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < strings->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (strings, i)));
  return copy;
}

CareReport *
care_report_copy (const CareReport *report)
{
  CareReport *copy;

  g_return_val_if_fail (report != NULL, NULL);

  copy = g_new0 (CareReport, 1);
  copy->title = g_strdup (report->title);
  copy->category_title = g_strdup (report->category_title);
  copy->from = g_strdup (report->from);
  copy->to = g_strdup (report->to);
  copy->chart = report->chart;
  copy->money = report->money;
  copy->currency = g_strdup (report->currency);
  copy->series = copy_strings (report->series);
  copy->categories = copy_strings (report->categories);
  copy->values = g_array_copy (report->values);
  return copy;
}

gint64
care_report_value (const CareReport *report,
                   guint             category,
                   guint             series)
{
  g_return_val_if_fail (report != NULL, 0);
  g_return_val_if_fail (category < report->categories->len && series < report->series->len, 0);

  return g_array_index (report->values, gint64, category * report->series->len + series);
}

gint64
care_report_row_total (const CareReport *report,
                       guint             category)
{
  gint64 total = 0;

  for (guint s = 0; s < report->series->len; s++)
    total += care_report_value (report, category, s);
  return total;
}

char *
care_report_format_value (const CareReport *report,
                          gint64            value)
{
  if (report->money)
    return care_billing_format_money (value, report->currency);
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static void
append_csv_cell (GString    *out,
                 const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Money as a plain number in major units, whatever the locale: 1234.50. */
static char *
csv_number (const CareReport *report,
            gint64            value)
{
  guint digits;
  gint64 scale = 1;

  if (!report->money)
    return g_strdup_printf ("%" G_GINT64_FORMAT, value);
  digits = care_billing_currency_digits (report->currency);
  for (guint i = 0; i < digits; i++)
    scale *= 10;
  if (digits == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, value);
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT, value < 0 ? "-" : "",
                          ABS (value) / scale, (int) digits, ABS (value) % scale);
}

char *
care_report_to_csv (const CareReport *report)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  append_csv_cell (out, report->category_title);
  for (guint s = 0; s < report->series->len; s++)
    {
      g_string_append_c (out, ',');
      append_csv_cell (out, g_ptr_array_index (report->series, s));
    }
  g_string_append (out, "\r\n");
  for (guint c = 0; c < report->categories->len; c++)
    {
      append_csv_cell (out, g_ptr_array_index (report->categories, c));
      for (guint s = 0; s < report->series->len; s++)
        {
          g_autofree char *number = csv_number (report, care_report_value (report, c, s));

          g_string_append_c (out, ',');
          g_string_append (out, number);
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

char *
care_report_describe (const CareReport *report)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  if (report->categories->len == 0)
    {
      g_string_append (out, _("Nothing to show for this period."));
      return g_string_free (out, FALSE);
    }
  for (guint c = 0; c < report->categories->len; c++)
    {
      if (out->len)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%s:", (const char *) g_ptr_array_index (report->categories, c));
      for (guint s = 0; s < report->series->len; s++)
        {
          g_autofree char *value = care_report_format_value (report, care_report_value (report, c, s));

          /* Translators: one figure of a chart read aloud: a series and its value, "Completed 12" */
          g_autofree char *figure = g_strdup_printf (_("%s %s"), (const char *) g_ptr_array_index (report->series, s),
                                                     value);

          g_string_append_printf (out, "%s%s", s ? ", " : " ", figure);
        }
      g_string_append_c (out, '.');
    }
  return g_string_free (out, FALSE);
}

void
care_report_period_dates (CareReportPeriod period,
                          char           **from,
                          char           **to)
{
  g_autofree char *today = care_clock_today ();
  GDate end, start;
  unsigned y = 2000, m = 1, d = 1;

  g_return_if_fail (from != NULL && to != NULL);

  g_date_clear (&end, 1);
  if (sscanf (today, "%u-%u-%u", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    y = 2000, m = 1, d = 1;
  g_date_set_dmy (&end, d, m, y);
  start = end;
  switch (period)
    {
    case CARE_REPORT_PERIOD_WEEK:
      g_date_subtract_days (&start, 6);
      break;
    case CARE_REPORT_PERIOD_MONTH:
      g_date_subtract_days (&start, 29);
      break;
    case CARE_REPORT_PERIOD_THIS_MONTH:
      g_date_set_day (&start, 1);
      break;
    case CARE_REPORT_PERIOD_THIS_YEAR:
      g_date_set_dmy (&start, 1, 1, g_date_get_year (&end));
      break;
    case CARE_REPORT_PERIOD_FIVE_YEARS:
    default:
      g_date_subtract_years (&start, 5);
      g_date_add_days (&start, 1);
      break;
    }
  *from = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&start), g_date_get_month (&start),
                           g_date_get_day (&start));
  *to = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&end), g_date_get_month (&end),
                         g_date_get_day (&end));
}
