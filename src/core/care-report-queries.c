/* care-report-queries.c: the dashboard's cards and each report, read from the store in SQL
 *
 * Each report is one or two grouped queries; the categories are filled in
 * C (the weeks of a period, the age bands) so a quiet week still shows as
 * zero. Patients are counted as registered by the end of the period.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-reports"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "care-clock.h"
#include "care-reports.h"
#include "care-schema.h"
#include "care-stock.h"
#include "care-store-sql.h"

/* The most categories a report lists by name; the rest add up in "Other". */
#define TOP_CATEGORIES 12

#define NOT_HELD "('cancelled', 'rejected', 'no_show')"
#define EARNED "status NOT IN ('draft', 'void')"

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  unsigned y, m, d;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%u-%u-%u", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* The UTC instant (as stored) at which a local date begins, days later. */
static char *
day_start_utc (const char *date,
               int         days)
{
  GDate d;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (!parse_date (date, &d))
    return g_strdup ("0000-00-00T00:00:00Z");
  g_date_add_days (&d, days);
  start = g_date_time_new (local, g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d), 0, 0, 0);
  utc = g_date_time_to_utc (start);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* A statement with ?1 the tenant, ?2 and ?3 the texts given. */
static sqlite3_stmt *
prepare (CareStore   *store,
         const char  *sql,
         const char  *a,
         const char  *b,
         GError     **error)
{
  sqlite3_stmt *stmt = care_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  if (a && sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_text (stmt, 2, a, -1, SQLITE_TRANSIENT);
  if (b && sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_text (stmt, 3, b, -1, SQLITE_TRANSIENT);
  return stmt;
}

static gboolean
finish (CareStore    *store,
        sqlite3_stmt *stmt,
        int           rc,
        GError      **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return care_store_set_sqlite_error (store, error);
  return TRUE;
}

static gboolean
query_count (CareStore   *store,
             const char  *sql,
             const char  *a,
             const char  *b,
             gint64      *count,
             GError     **error)
{
  sqlite3_stmt *stmt = prepare (store, sql, a, b, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  *count = 0;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *count = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  return finish (store, stmt, rc, error);
}

static char *
clinic_currency (CareStore *store)
{
  g_autofree char *currency = care_store_query_text (store, "SELECT currency FROM tenants WHERE id IS ?1",
                                                     care_store_get_tenant_id (store), NULL);

  if (currency == NULL)
    currency = care_store_query_text (store, "SELECT currency FROM invoices LIMIT 1", NULL, NULL);
  return currency ? g_steal_pointer (&currency) : g_strdup ("EUR");
}

/* care_stock_is_low() on each medicine's unexpired stock. */
static gboolean
count_low_stock (CareStore   *store,
                 const char  *today,
                 gint64      *count,
                 GError     **error)
{
  sqlite3_stmt *stmt = prepare (store,
                                "SELECT coalesce (m.reorder_level, 0), (SELECT coalesce (sum (x.quantity), 0) "
                                " FROM stock_batches x WHERE x.medicine_id = m.id AND x.expiry_date >= ?2) "
                                "FROM medicines m WHERE m.tenant_id IS ?1 AND m.reorder_level > 0",
                                today, NULL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  *count = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (care_stock_is_low (sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 0)))
      (*count)++;
  return finish (store, stmt, rc, error);
}

CareReportCards *
care_reports_cards (CareStore   *store,
                    const char  *from,
                    const char  *to,
                    GError     **error)
{
  g_autoptr(CareReportCards) cards = g_new0 (CareReportCards, 1);
  g_autofree char *today = care_clock_today ();
  g_autofree char *today_start = day_start_utc (today, 0);
  g_autofree char *today_end = day_start_utc (today, 1);

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  cards->currency = clinic_currency (store);
  if (!query_count (store, "SELECT count(*) FROM patients WHERE tenant_id IS ?1", NULL, NULL,
                    &cards->patients, error) ||
      !query_count (store, "SELECT count(*) FROM appointments WHERE tenant_id IS ?1 AND starts_at >= ?2 "
                    "AND starts_at < ?3 AND status NOT IN " NOT_HELD, today_start, today_end,
                    &cards->appointments_today, error) ||
      !query_count (store, "SELECT coalesce (sum (total), 0) FROM invoices WHERE tenant_id IS ?1 "
                    "AND issued_on >= ?2 AND issued_on <= ?3 AND " EARNED, from, to, &cards->earnings, error) ||
      !query_count (store, "SELECT count(*) FROM lab_tests WHERE tenant_id IS ?1 AND status IN "
                    "('requested', 'assigned', 'collected', 'in_progress', 'sent_out', 'completed')",
                    NULL, NULL, &cards->open_lab_tests, error) ||
      !query_count (store, "SELECT count(*) FROM beds WHERE tenant_id IS ?1 AND status = 'occupied'",
                    NULL, NULL, &cards->occupied_beds, error) ||
      !query_count (store, "SELECT count(*) FROM beds WHERE tenant_id IS ?1", NULL, NULL, &cards->beds, error) ||
      !count_low_stock (store, today, &cards->low_stock, error))
    return NULL;
  return g_steal_pointer (&cards);
}

static CareReport *
report_new (CareReportKind   kind,
            const char      *category_title,
            CareReportChart  chart,
            const char      *from,
            const char      *to)
{
  CareReport *report = g_new0 (CareReport, 1);

  report->title = g_strdup (care_report_kind_title (kind));
  report->category_title = g_strdup (category_title);
  report->chart = chart;
  report->from = g_strdup (from);
  report->to = g_strdup (to);
  report->series = g_ptr_array_new_with_free_func (g_free);
  report->categories = g_ptr_array_new_with_free_func (g_free);
  report->values = g_array_new (FALSE, TRUE, sizeof (gint64));
  return report;
}

/* A new row of zeros; its index. */
static guint
add_category (CareReport *report,
              const char *label)
{
  g_ptr_array_add (report->categories, g_strdup (label));
  g_array_set_size (report->values, report->categories->len * report->series->len);
  return report->categories->len - 1;
}

static void
add_to (CareReport *report,
        guint       category,
        guint       series,
        gint64      value)
{
  g_array_index (report->values, gint64, category * report->series->len + series) += value;
}

/* Rows of (label, count) in descending order: the first TOP_CATEGORIES by
 * name, the rest as one "Other" row. */
static gboolean
add_ranked_rows (CareStore    *store,
                 CareReport   *report,
                 sqlite3_stmt *stmt,
                 const char   *unnamed,
                 const char   *other,
                 GError      **error)
{
  guint other_row = G_MAXUINT;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *label = (const char *) sqlite3_column_text (stmt, 0);
      guint row;

      if (report->categories->len < TOP_CATEGORIES)
        row = add_category (report, label && *label ? label : unnamed);
      else if (other_row == G_MAXUINT)
        row = other_row = add_category (report, other);
      else
        row = other_row;
      add_to (report, row, 0, sqlite3_column_int64 (stmt, 1));
    }
  return finish (store, stmt, rc, error);
}

static CareReport *
appointments_by_status (CareStore   *store,
                        const char  *from,
                        const char  *to,
                        GError     **error)
{
  g_autoptr(CareReport) report = report_new (CARE_REPORT_APPOINTMENTS_BY_STATUS, _("Status"),
                                             CARE_REPORT_CHART_BAR, from, to);
  const CareField *field = care_entity_field (care_schema_lookup ("appointment"), "status");
  g_autofree char *start = day_start_utc (from, 0);
  g_autofree char *end = day_start_utc (to, 1);

  g_ptr_array_add (report->series, g_strdup (_("Appointments")));
  /* In the order of the appointment's steps, the statuses that occur: a
   * count of one range of an index each, where grouping the period's rows
   * would sort them all (BENCHMARKS.md). */
  for (guint i = 0; field->choices[i]; i++)
    {
      sqlite3_stmt *stmt = prepare (store, "SELECT count(*) FROM appointments WHERE tenant_id IS ?1 AND status = ?4 "
                                    "AND starts_at >= ?2 AND starts_at < ?3", start, end, error);
      gint64 n = 0;
      int rc;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 4, field->choices[i], -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          n = sqlite3_column_int64 (stmt, 0);
          rc = sqlite3_step (stmt);
        }
      if (!finish (store, stmt, rc, error))
        return NULL;
      if (n > 0)
        add_to (report, add_category (report, care_field_choice_label (field, field->choices[i])), 0, n);
    }
  return g_steal_pointer (&report);
}

/* The doctors, by name, a row each; their ids in row order. */
static GPtrArray *
add_doctors (CareStore   *store,
             CareReport  *report,
             GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = prepare (store, "SELECT id, full_name FROM users WHERE tenant_id IS ?1 AND role = 'doctor' "
                                "ORDER BY full_name COLLATE NOCASE, id", NULL, NULL, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      add_category (report, (const char *) sqlite3_column_text (stmt, 1));
    }
  if (!finish (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&ids);
}

/* For each doctor, the n_series figures of sql (?1 tenant, ?2 and ?3 a
 * and b, ?4 the doctor) into series first…: one range of an index per
 * doctor instead of sorting the period's rows by doctor. */
static gboolean
add_per_doctor (CareStore   *store,
                CareReport  *report,
                GPtrArray   *ids,
                const char  *sql,
                const char  *a,
                const char  *b,
                guint        first,
                guint        n_series,
                GError     **error)
{
  for (guint row = 0; row < ids->len; row++)
    {
      sqlite3_stmt *stmt = prepare (store, sql, a, b, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 4, g_ptr_array_index (ids, row), -1, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          for (guint s = 0; s < n_series; s++)
            add_to (report, row, first + s, sqlite3_column_int64 (stmt, s));
          rc = sqlite3_step (stmt);
        }
      if (!finish (store, stmt, rc, error))
        return FALSE;
    }
  return TRUE;
}

/* A report with a row per doctor and the three series named. */
static CareReport *
doctor_report_new (CareReportKind   kind,
                   CareReportChart  chart,
                   const char      *a,
                   const char      *b,
                   const char      *c,
                   const char      *from,
                   const char      *to)
{
  CareReport *report = report_new (kind, _("Doctor"), chart, from, to);

  g_ptr_array_add (report->series, g_strdup (a));
  g_ptr_array_add (report->series, g_strdup (b));
  g_ptr_array_add (report->series, g_strdup (c));
  return report;
}

static CareReport *
appointments_by_doctor (CareStore   *store,
                        const char  *from,
                        const char  *to,
                        GError     **error)
{
  g_autoptr(CareReport) report = doctor_report_new (CARE_REPORT_APPOINTMENTS_BY_DOCTOR, CARE_REPORT_CHART_STACKED,
                                                    _("Completed"), _("Booked"), _("Cancelled or missed"), from, to);
  g_autofree char *start = day_start_utc (from, 0);
  g_autofree char *end = day_start_utc (to, 1);
  g_autoptr(GPtrArray) ids = add_doctors (store, report, error);

  if (ids == NULL ||
      !add_per_doctor (store, report, ids,
                       "SELECT coalesce (sum (status = 'completed'), 0), "
                       "coalesce (sum (status NOT IN ('completed', 'cancelled', 'rejected', 'no_show')), 0), "
                       "coalesce (sum (status IN " NOT_HELD "), 0) FROM appointments WHERE tenant_id IS ?1 "
                       "AND provider_id = ?4 AND starts_at >= ?2 AND starts_at < ?3", start, end, 0, 3, error))
    return NULL;
  return g_steal_pointer (&report);
}

static CareReport *
doctor_activity (CareStore   *store,
                 const char  *from,
                 const char  *to,
                 GError     **error)
{
  g_autoptr(CareReport) report = doctor_report_new (CARE_REPORT_DOCTOR_ACTIVITY, CARE_REPORT_CHART_BAR,
                                                    _("Appointments"), _("Clinical notes"), _("Prescriptions"),
                                                    from, to);
  g_autofree char *start = day_start_utc (from, 0);
  g_autofree char *end = day_start_utc (to, 1);
  g_autoptr(GPtrArray) ids = add_doctors (store, report, error);

  if (ids == NULL ||
      !add_per_doctor (store, report, ids,
                       "SELECT count(*) FROM appointments WHERE tenant_id IS ?1 AND provider_id = ?4 "
                       "AND starts_at >= ?2 AND starts_at < ?3 AND status NOT IN ('cancelled', 'rejected')",
                       start, end, 0, 1, error) ||
      !add_per_doctor (store, report, ids,
                       "SELECT count(*) FROM clinical_notes WHERE tenant_id IS ?1 AND author_id = ?4 "
                       "AND created_at >= ?2 AND created_at < ?3", start, end, 1, 1, error) ||
      !add_per_doctor (store, report, ids,
                       "SELECT count(*) FROM prescriptions WHERE tenant_id IS ?1 AND prescriber_id = ?4 "
                       "AND issued_on >= ?2 AND issued_on <= ?3", from, to, 2, 1, error))
    return NULL;
  return g_steal_pointer (&report);
}

typedef enum { BY_WEEK, BY_MONTH, BY_YEAR } Bucket;

/* The first day of the week (Monday), month or year date falls in. */
static void
bucket_start (GDate  *date,
              Bucket  bucket)
{
  switch (bucket)
    {
    case BY_WEEK:
      g_date_subtract_days (date, g_date_get_weekday (date) - G_DATE_MONDAY);
      break;
    case BY_MONTH:
      g_date_set_day (date, 1);
      break;
    case BY_YEAR:
    default:
      g_date_set_dmy (date, 1, 1, g_date_get_year (date));
      break;
    }
}

static void
bucket_next (GDate  *date,
             Bucket  bucket)
{
  if (bucket == BY_WEEK)
    g_date_add_days (date, 7);
  else if (bucket == BY_MONTH)
    g_date_add_months (date, 1);
  else
    g_date_add_years (date, 1);
}

static char *
bucket_label (const GDate *date,
              Bucket       bucket)
{
  if (bucket == BY_MONTH)
    return g_strdup_printf ("%04d-%02d", g_date_get_year (date), g_date_get_month (date));
  if (bucket == BY_YEAR)
    return g_strdup_printf ("%04d", g_date_get_year (date));
  return format_date (date);
}

/* Adds (date, amount) rows of stmt to the bucket each date falls in. */
static gboolean
add_by_date (CareStore    *store,
             CareReport   *report,
             GHashTable   *rows,
             Bucket        bucket,
             sqlite3_stmt *stmt,
             guint         series,
             GError      **error)
{
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GDate day;
      g_autofree char *label = NULL;
      gpointer row;

      if (!parse_date ((const char *) sqlite3_column_text (stmt, 0), &day))
        continue;
      bucket_start (&day, bucket);
      label = bucket_label (&day, bucket);
      if (g_hash_table_lookup_extended (rows, label, NULL, &row))
        add_to (report, GPOINTER_TO_UINT (row), series, sqlite3_column_int64 (stmt, 1));
    }
  return finish (store, stmt, rc, error);
}

static CareReport *
earnings (CareStore      *store,
          CareReportKind  kind,
          const char     *from,
          const char     *to,
          GError        **error)
{
  Bucket bucket = kind == CARE_REPORT_EARNINGS_BY_WEEK ? BY_WEEK :
                  kind == CARE_REPORT_EARNINGS_BY_MONTH ? BY_MONTH : BY_YEAR;
  g_autoptr(CareReport) report = report_new (kind, bucket == BY_WEEK ? _("Week from") :
                                             bucket == BY_MONTH ? _("Month") : _("Year"),
                                             CARE_REPORT_CHART_LINE, from, to);
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GDate day, last;

  report->money = TRUE;
  report->currency = clinic_currency (store);
  g_ptr_array_add (report->series, g_strdup (_("Invoiced")));
  g_ptr_array_add (report->series, g_strdup (_("Received")));
  if (!parse_date (from, &day) || !parse_date (to, &last))
    return g_steal_pointer (&report);
  for (bucket_start (&day, bucket); g_date_compare (&day, &last) <= 0; bucket_next (&day, bucket))
    {
      g_autofree char *label = bucket_label (&day, bucket);

      g_hash_table_insert (rows, g_strdup (label), GUINT_TO_POINTER (add_category (report, label)));
    }
  /* Grouped by day in SQL: at most a few thousand rows reach C. */
  if (!add_by_date (store, report, rows, bucket,
                    prepare (store, "SELECT issued_on, sum (total) FROM invoices WHERE tenant_id IS ?1 "
                             "AND issued_on >= ?2 AND issued_on <= ?3 AND " EARNED " GROUP BY issued_on",
                             from, to, error), 0, error) ||
      !add_by_date (store, report, rows, bucket,
                    prepare (store, "SELECT substr (received_at, 1, 10), sum (amount) FROM payments "
                             "WHERE tenant_id IS ?1 AND substr (received_at, 1, 10) >= ?2 "
                             "AND substr (received_at, 1, 10) <= ?3 "
                             "GROUP BY substr (received_at, 1, 10)", from, to, error), 1, error))
    return NULL;
  return g_steal_pointer (&report);
}

/* Patients on the register at the end of the period, counted by the
 * first column of sql (?1 tenant, ?2 the instant the period ends). */
static CareReport *
ranked_patients (CareStore       *store,
                 CareReportKind   kind,
                 const char      *category_title,
                 const char      *sql,
                 const char      *unnamed,
                 const char      *other,
                 const char      *from,
                 const char      *to,
                 GError         **error)
{
  g_autoptr(CareReport) report = report_new (kind, category_title, CARE_REPORT_CHART_BAR, from, to);
  g_autofree char *end = day_start_utc (to, 1);
  sqlite3_stmt *stmt;

  g_ptr_array_add (report->series, g_strdup (_("Patients")));
  stmt = prepare (store, sql, end, NULL, error);
  if (stmt == NULL || !add_ranked_rows (store, report, stmt, unnamed, other, error))
    return NULL;
  return g_steal_pointer (&report);
}

/* The lists are grouped first (a few hundred distinct lists among a
 * million patients, read from an index), then opened. */
#define BY_CONDITION_SQL \
  "SELECT min (c.value) AS name, sum (g.n) FROM (SELECT conditions, count(*) AS n FROM patients " \
  "WHERE tenant_id IS ?1 AND conditions IS NOT NULL AND created_at < ?2 GROUP BY conditions) g, " \
  "json_each (g.conditions) c WHERE trim (c.value) <> '' " \
  "GROUP BY lower (trim (c.value)) ORDER BY 2 DESC, name COLLATE NOCASE"

/* Countries as typed, whatever their case; the unrecorded last. Grouped
 * as stored first (in the index's order, without sorting a million rows),
 * then by their folded spelling. */
#define BY_COUNTRY_SQL \
  "SELECT min (trim (country)) AS name, sum (n) FROM (SELECT country, count(*) AS n FROM patients " \
  "WHERE tenant_id IS ?1 AND created_at < ?2 GROUP BY country) " \
  "GROUP BY lower (trim (coalesce (country, ''))) " \
  "ORDER BY coalesce (name, '') = '', 2 DESC, name COLLATE NOCASE"

static CareReport *
patients_by_age (CareStore   *store,
                 const char  *from,
                 const char  *to,
                 GError     **error)
{
  static const struct { int below; const char *label; } bands[] = {
    { 18, N_("0–17") }, { 40, N_("18–39") }, { 65, N_("40–64") }, { 80, N_("65–79") }, { G_MAXINT, N_("80 and over") },
  };
  g_autoptr(CareReport) report = report_new (CARE_REPORT_PATIENTS_BY_AGE, _("Age"),
                                             CARE_REPORT_CHART_BAR, from, to);
  g_autofree char *end = day_start_utc (to, 1);
  GDate last;
  sqlite3_stmt *stmt;
  int rc;

  g_ptr_array_add (report->series, g_strdup (_("Patients")));
  for (guint i = 0; i < G_N_ELEMENTS (bands); i++)
    add_category (report, _(bands[i].label));
  if (!parse_date (to, &last))
    return g_steal_pointer (&report);
  /* Ages on the last day of the period, from each date of birth's count. */
  stmt = prepare (store, "SELECT date_of_birth, count(*) FROM patients WHERE tenant_id IS ?1 AND created_at < ?2 "
                  "GROUP BY date_of_birth", end, NULL, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GDate born;
      int age;
      guint band = 0;

      if (!parse_date ((const char *) sqlite3_column_text (stmt, 0), &born))
        continue;
      age = g_date_get_year (&last) - g_date_get_year (&born);
      if (g_date_get_month (&last) < g_date_get_month (&born) ||
          (g_date_get_month (&last) == g_date_get_month (&born) && g_date_get_day (&last) < g_date_get_day (&born)))
        age--;
      while (age >= bands[band].below)
        band++;
      add_to (report, band, 0, sqlite3_column_int64 (stmt, 1));
    }
  if (!finish (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&report);
}

CareReport *
care_reports_run (CareStore       *store,
                  CareReportKind   kind,
                  const char      *from,
                  const char      *to,
                  GError         **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  switch (kind)
    {
    case CARE_REPORT_APPOINTMENTS_BY_STATUS:
      return appointments_by_status (store, from, to, error);
    case CARE_REPORT_APPOINTMENTS_BY_DOCTOR:
      return appointments_by_doctor (store, from, to, error);
    case CARE_REPORT_EARNINGS_BY_WEEK:
    case CARE_REPORT_EARNINGS_BY_MONTH:
    case CARE_REPORT_EARNINGS_BY_YEAR:
      return earnings (store, kind, from, to, error);
    case CARE_REPORT_PATIENTS_BY_CONDITION:
      return ranked_patients (store, kind, _("Condition"), BY_CONDITION_SQL, "", _("Other conditions"),
                              from, to, error);
    case CARE_REPORT_PATIENTS_BY_COUNTRY:
      return ranked_patients (store, kind, _("Country"), BY_COUNTRY_SQL, _("Not recorded"), _("Other countries"),
                              from, to, error);
    case CARE_REPORT_PATIENTS_BY_AGE:
      return patients_by_age (store, from, to, error);
    case CARE_REPORT_DOCTOR_ACTIVITY:
      return doctor_activity (store, from, to, error);
    case CARE_REPORT_N_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}
