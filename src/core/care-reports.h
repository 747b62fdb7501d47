/* care-reports.h: the administrator's dashboard and reports, computed on the local store
 *
 * Every figure is read from the workstation's own store, so the reports
 * work offline. A period is two local dates, both included. Each report is
 * one table: a row per category (a status, a doctor, a week, a country…)
 * and a column per series; the app draws it as a chart, and the same table
 * is written as CSV and printed as PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

typedef enum {
  CARE_REPORT_APPOINTMENTS_BY_STATUS,
  CARE_REPORT_APPOINTMENTS_BY_DOCTOR,
  CARE_REPORT_EARNINGS_BY_WEEK,
  CARE_REPORT_EARNINGS_BY_MONTH,
  CARE_REPORT_EARNINGS_BY_YEAR,
  CARE_REPORT_PATIENTS_BY_CONDITION,
  CARE_REPORT_PATIENTS_BY_COUNTRY,
  CARE_REPORT_PATIENTS_BY_AGE,
  CARE_REPORT_DOCTOR_ACTIVITY,
  CARE_REPORT_N_KINDS,
} CareReportKind;

typedef enum {
  CARE_REPORT_CHART_BAR,      /* bars side by side when there are several series */
  CARE_REPORT_CHART_STACKED,  /* the series stacked in one bar */
  CARE_REPORT_CHART_LINE,     /* categories in time order */
} CareReportChart;

typedef struct {
  char            *title;          /* "Appointments by status" */
  char            *category_title; /* "Status": the first CSV column */
  char            *from;           /* the period, YYYY-MM-DD */
  char            *to;
  CareReportChart  chart;
  gboolean         money;          /* values are minor units of currency */
  char            *currency;
  GPtrArray       *series;         /* char *: the series' names */
  GPtrArray       *categories;     /* char *: the rows' labels */
  GArray          *values;         /* gint64, row by row: categories × series */
} CareReport;

typedef struct {
  gint64  patients;            /* registered (not merged away) */
  gint64  appointments_today;  /* today's, neither cancelled, rejected nor missed */
  gint64  earnings;            /* invoiced in the period (issued, not void), minor units */
  char   *currency;
  gint64  open_lab_tests;      /* requested and not yet reviewed or cancelled */
  gint64  occupied_beds;
  gint64  beds;
  gint64  low_stock;           /* medicines below their reorder level */
} CareReportCards;

const char      *care_report_kind_title    (CareReportKind kind);   /* translated */
/* A short file-name stem: "appointments-by-status". */
const char      *care_report_kind_id       (CareReportKind kind);

/* from and to: YYYY-MM-DD, from <= to. */
CareReportCards *care_reports_cards        (CareStore      *store,
                                            const char     *from,
                                            const char     *to,
                                            GError        **error);
void             care_report_cards_free    (CareReportCards *cards);

CareReport      *care_reports_run          (CareStore      *store,
                                            CareReportKind  kind,
                                            const char     *from,
                                            const char     *to,
                                            GError        **error);
CareReport      *care_report_copy          (const CareReport *report);
void             care_report_free          (CareReport     *report);

gint64           care_report_value         (const CareReport *report,
                                            guint           category,
                                            guint           series);
/* The sum of a row's series. */
gint64           care_report_row_total     (const CareReport *report,
                                            guint           category);
/* A value as shown: "12" or "£1,234.50". */
char            *care_report_format_value  (const CareReport *report,
                                            gint64          value);
/* RFC 4180 CSV: a header (category title, the series), a row per
 * category; money in major units with a dot ("1234.50"). */
char            *care_report_to_csv        (const CareReport *report);
/* One sentence per category for people who cannot see the chart:
 * "Completed: 12 appointments. Cancelled: 3…" */
char            *care_report_describe      (const CareReport *report);

/* The periods the page offers: the last 7 and 30 days, this month, this
 * year and the last five years, ending today (care_clock_today()). */
typedef enum {
  CARE_REPORT_PERIOD_WEEK,
  CARE_REPORT_PERIOD_MONTH,
  CARE_REPORT_PERIOD_THIS_MONTH,
  CARE_REPORT_PERIOD_THIS_YEAR,
  CARE_REPORT_PERIOD_FIVE_YEARS,
} CareReportPeriod;

void             care_report_period_dates  (CareReportPeriod period,
                                            char          **from,
                                            char          **to);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareReport, care_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareReportCards, care_report_cards_free)

G_END_DECLS
