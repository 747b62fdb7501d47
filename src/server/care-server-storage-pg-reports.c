/* care-server-storage-pg-reports.c: the named aggregate reports on PostgreSQL
 *
 * The same reports, columns and JSON as the SQLite backend's (docs/server.md,
 * "Reports"), in PostgreSQL's dialect. Whole numbers (counts, sums of
 * money) come back as JSON integers, as SQLite gives them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-storage"

#include "config.h"

#include <string.h>

#include "care-clock.h"
#include "care-server-storage-pg-private.h"

/* Type oids (pg_type.h): int8, int2, int4, numeric, float4, float8, bool. */
#define OID_INT8    20
#define OID_INT2    21
#define OID_INT4    23
#define OID_NUMERIC 1700
#define OID_FLOAT4  700
#define OID_FLOAT8  701

static void
add_value (JsonBuilder *b,
           PGresult    *result,
           int          r,
           int          c)
{
  const char *text = PQgetvalue (result, r, c);

  if (PQgetisnull (result, r, c))
    {
      json_builder_add_null_value (b);
      return;
    }
  switch (PQftype (result, c))
    {
    case OID_INT8:
    case OID_INT2:
    case OID_INT4:
      json_builder_add_int_value (b, g_ascii_strtoll (text, NULL, 10));
      break;
    case OID_NUMERIC:  /* sum() of bigint: whole numbers */
      if (strchr (text, '.') == NULL)
        json_builder_add_int_value (b, g_ascii_strtoll (text, NULL, 10));
      else
        json_builder_add_double_value (b, g_ascii_strtod (text, NULL));
      break;
    case OID_FLOAT4:
    case OID_FLOAT8:
      json_builder_add_double_value (b, g_ascii_strtod (text, NULL));
      break;
    default:
      json_builder_add_string_value (b, text);
      break;
    }
}

static JsonNode *
rows_to_json (CareServerStorage *self,
              const char        *sql,
              const char *const *params,
              GError           **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(PGresult) result = NULL;
  int n = 0;

  while (params[n])
    n++;
  result = care_pg_query (PG (self), sql, n, params, error);
  if (result == NULL)
    return NULL;
  json_builder_begin_array (b);
  for (int r = 0; r < PQntuples (result); r++)
    {
      json_builder_begin_object (b);
      for (int c = 0; c < PQnfields (result); c++)
        {
          json_builder_set_member_name (b, PQfname (result, c));
          add_value (b, result, r, c);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

/* SQLite's strftime() periods: %Y-%m, %Y, and %Y-W%W (weeks from the
 * year's first Monday, 00 before it). */
static char *
period_sql (const char *period,
            const char *column)
{
  if (g_strcmp0 (period, "week") == 0)
    return g_strdup_printf ("to_char(%s::date, 'YYYY') || '-W' || "
                            "lpad(((extract(doy FROM %s::date)::int + 7 - extract(isodow FROM %s::date)::int) / 7)::text, 2, '0')",
                            column, column, column);
  if (g_strcmp0 (period, "year") == 0)
    return g_strdup_printf ("to_char(%s::date, 'YYYY')", column);
  return g_strdup_printf ("to_char(%s::date, 'YYYY-MM')", column);
}

static JsonNode *
earnings (CareServerStorage *self,
          const char *const *args,
          const char        *period,
          GError           **error)
{
  g_autofree char *paid = period_sql (period, "received_at");
  g_autofree char *issued = period_sql (period, "issued_on");
  g_autofree char *sql =
    g_strdup_printf ("WITH p AS (SELECT %s AS period, sum(amount) AS received, count(*) AS payments "
                     "           FROM payments WHERE tenant_id = $1 AND received_at >= $2 AND received_at < $3 GROUP BY 1), "
                     "     i AS (SELECT %s AS period, sum(total) AS invoiced, count(*) AS invoices "
                     "           FROM invoices WHERE tenant_id = $1 AND status != 'void' AND issued_on IS NOT NULL "
                     "           AND issued_on >= $2 AND issued_on < $3 GROUP BY 1), "
                     "     k AS (SELECT period FROM p UNION SELECT period FROM i) "
                     "SELECT k.period, coalesce(i.invoiced, 0) AS invoiced, coalesce(i.invoices, 0) AS invoices, "
                     "coalesce(p.received, 0) AS received, coalesce(p.payments, 0) AS payments "
                     "FROM k LEFT JOIN p ON p.period = k.period LEFT JOIN i ON i.period = k.period ORDER BY k.period",
                     paid, issued);

  return rows_to_json (self, sql, args, error);
}

static JsonNode *
patients (CareServerStorage *self,
          const char        *tenant,
          const char        *by,
          GError           **error)
{
  const char *pargs[] = { tenant, NULL };

  if (g_strcmp0 (by, "country") == 0)
    return rows_to_json (self, "SELECT coalesce(country, 'unknown') AS country, count(*) AS count FROM patients "
                               "WHERE tenant_id = $1 GROUP BY 1 ORDER BY count DESC, 1", pargs, error);
  if (g_strcmp0 (by, "age_band") == 0)
    {
      g_autofree char *today = care_clock_today ();
      const char *aargs[] = { tenant, today, NULL };

      return rows_to_json (self,
                           "SELECT band AS age_band, count(*) AS count FROM (SELECT CASE "
                           "WHEN age < 18 THEN '0-17' WHEN age < 35 THEN '18-34' WHEN age < 50 THEN '35-49' "
                           "WHEN age < 65 THEN '50-64' ELSE '65+' END AS band FROM (SELECT "
                           "trunc(($2::date - date_of_birth::date) / 365.25) AS age "
                           "FROM patients WHERE tenant_id = $1) a) b GROUP BY band ORDER BY band", aargs, error);
    }
  return rows_to_json (self,
                       "SELECT lower(j) AS condition, count(*) AS count "
                       "FROM patients p, json_array_elements_text(p.conditions::json) j "
                       "WHERE p.tenant_id = $1 AND p.conditions LIKE '[%' GROUP BY 1 ORDER BY count DESC, 1",
                       pargs, error);
}

static JsonNode *
dashboard (CareServerStorage *self,
           const char        *tenant,
           GError           **error)
{
  g_autoptr(GDateTime) now = care_clock_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *month = g_date_time_format (now, "%Y-%m");
  const char *dargs[] = { tenant, today, month, NULL };
  g_autoptr(JsonNode) rows =
    rows_to_json (self,
                  "SELECT (SELECT count(*) FROM patients WHERE tenant_id = $1) AS patients, "
                  "(SELECT count(*) FROM appointments WHERE tenant_id = $1 AND substr(starts_at, 1, 10) = $2) AS appointments_today, "
                  "(SELECT coalesce(sum(amount), 0) FROM payments WHERE tenant_id = $1 AND substr(received_at, 1, 7) = $3) AS earnings_this_month, "
                  "(SELECT count(*) FROM lab_tests WHERE tenant_id = $1 AND status NOT IN ('completed', 'reviewed', 'cancelled')) AS open_lab_tests, "
                  "(SELECT count(*) FROM beds WHERE tenant_id = $1 AND status = 'occupied') AS occupied_beds, "
                  "(SELECT count(*) FROM beds WHERE tenant_id = $1) AS beds, "
                  "(SELECT count(*) FROM medicines m WHERE m.tenant_id = $1 AND m.reorder_level IS NOT NULL AND "
                  " (SELECT coalesce(sum(quantity), 0) FROM stock_batches b WHERE b.medicine_id = m.id AND b.expiry_date >= $2) < m.reorder_level) AS low_stock",
                  dargs, error);

  if (rows == NULL)
    return NULL;
  return json_node_copy (json_array_get_element (json_node_get_array (rows), 0));
}

static JsonNode *
pg_report (CareServerStorage *self,
           const char        *tenant,
           const char        *name,
           GHashTable        *params,
           GError           **error)
{
  const char *from = params ? g_hash_table_lookup (params, "from") : NULL;
  const char *to = params ? g_hash_table_lookup (params, "to") : NULL;
  const char *args[] = { tenant, from ? from : "0000", to ? to : "9999", NULL };

  if (g_str_equal (name, "appointments_by_status"))
    return rows_to_json (self,
                         "SELECT status, count(*) AS count FROM appointments WHERE tenant_id = $1 "
                         "AND starts_at >= $2 AND starts_at < $3 GROUP BY status ORDER BY count DESC, status", args, error);
  if (g_str_equal (name, "appointments_by_doctor"))
    return rows_to_json (self,
                         "SELECT a.provider_id AS doctor_id, u.full_name AS doctor, count(*) AS count, "
                         "sum((a.status = 'completed')::int) AS completed, "
                         "sum((a.status IN ('cancelled', 'no_show', 'rejected'))::int) AS not_seen "
                         "FROM appointments a LEFT JOIN users u ON u.id = a.provider_id WHERE a.tenant_id = $1 "
                         "AND a.starts_at >= $2 AND a.starts_at < $3 GROUP BY a.provider_id, u.full_name "
                         "ORDER BY count DESC", args, error);
  if (g_str_equal (name, "doctors"))
    return rows_to_json (self,
                         "SELECT u.id AS doctor_id, u.full_name AS doctor, u.specialty, "
                         "(SELECT count(*) FROM appointments a WHERE a.provider_id = u.id AND a.starts_at >= $2 AND a.starts_at < $3) AS appointments, "
                         "(SELECT count(*) FROM appointments a WHERE a.provider_id = u.id AND a.status = 'completed' AND a.starts_at >= $2 AND a.starts_at < $3) AS completed, "
                         "(SELECT count(*) FROM clinical_notes n WHERE n.author_id = u.id AND n.created_at >= $2 AND n.created_at < $3) AS notes, "
                         "(SELECT count(*) FROM prescriptions p WHERE p.prescriber_id = u.id AND p.issued_on >= $2 AND p.issued_on < $3) AS prescriptions, "
                         "(SELECT count(*) FROM lab_tests l WHERE l.requested_by = u.id AND l.created_at >= $2 AND l.created_at < $3) AS lab_tests "
                         "FROM users u WHERE u.tenant_id = $1 AND u.role = 'doctor' ORDER BY u.full_name", args, error);
  if (g_str_equal (name, "earnings"))
    return earnings (self, args, params ? g_hash_table_lookup (params, "period") : NULL, error);
  if (g_str_equal (name, "patients"))
    return patients (self, tenant, params ? g_hash_table_lookup (params, "by") : NULL, error);
  if (g_str_equal (name, "dashboard"))
    return dashboard (self, tenant, error);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No report %s", name);
  return NULL;
}

void
care_pg_reports_init_vtable (CareServerStorageVTable *v)
{
  v->report = pg_report;
}
