/* care-chart-summary-load.c: reads one patient's records for the chart's lists, fast on a long history
 *
 * A patient with twenty years of history has thousands of notes and
 * prescriptions: the panels must not read them all. Each diagnosis is read
 * once (its first note, among notes not amended since), and each group of
 * the medication list is read newest first up to CARE_CHART_SUMMARY_SHOWN,
 * with a count of the rest (care-chart-summary.h says what the lists are).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-chart-summary"

#include "config.h"

#include "care-chart-summary.h"
#include "care-clock.h"
#include "care-store-sql.h"

#define E(name) care_schema_lookup (name)

static void
team_member_free (CareChartTeamMember *member)
{
  g_free (member->name);
  g_free (member->team_role);
  g_free (member->since);
  g_free (member);
}

/* Runs sql (entity's columns, prefixed "t.", then n_extra columns) with ?1
 * and ?2 bound; each row's record goes to records and, with extra, its
 * extra columns' record of extra_entity ("id", then extra_fields). */
static gboolean
query (CareStore          *store,
       const CareEntity   *entity,
       const char         *sql,
       const char         *a1,
       const char         *a2,
       GPtrArray          *records,
       const CareEntity   *extra_entity,
       const char *const  *extra_fields,
       GPtrArray          *extra,
       GError            **error)
{
  sqlite3_stmt *stmt = care_store_prepare (store, sql, error);
  guint n_columns = entity->n_fields + CARE_N_SYSTEM_COLUMNS;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, a1, -1, SQLITE_STATIC);
  if (a2)
    sqlite3_bind_text (stmt, 2, a2, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (records, care_store_record_from_row (entity, stmt, 0));
      if (extra)
        {
          CareRecord *r = care_record_new (extra_entity);

          for (guint i = 0; extra_fields[i]; i++)
            care_record_set (r, extra_fields[i], (const char *) sqlite3_column_text (stmt, n_columns + i));
          g_ptr_array_add (extra, r);
        }
    }
  if (rc != SQLITE_DONE)
    care_store_set_sqlite_error (store, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

static gint64
count (CareStore   *store,
       const char  *sql,
       const char  *a1,
       const char  *a2,
       GError     **error)
{
  sqlite3_stmt *stmt = care_store_prepare (store, sql, error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, a1, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, a2, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    care_store_set_sqlite_error (store, error);
  sqlite3_reset (stmt);
  return n;
}

/* Each diagnosis once, from the first note that made it, of the notes no
 * later note amends: as notes that carry only those fields. Only three
 * columns are read, with NOT IN (one pass) rather than a correlated
 * NOT EXISTS (amends_id has no index). */
static GPtrArray *
load_diagnoses (CareStore  *store,
                const char *patient_id,
                GError    **error)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  sqlite3_stmt *stmt = care_store_prepare (store,
    "SELECT t.diagnosis, t.diagnosis_code, min(t.created_at) AS first_at FROM clinical_notes t "
    "WHERE t.patient_id = ?1 AND coalesce(t.diagnosis, '') <> '' AND t.id NOT IN "
    "(SELECT amends_id FROM clinical_notes WHERE patient_id = ?1 AND amends_id IS NOT NULL) "
    "GROUP BY lower(trim(t.diagnosis)) ORDER BY first_at", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CareRecord *note = care_record_new (E ("clinical_note"));

      care_record_set (note, "diagnosis", (const char *) sqlite3_column_text (stmt, 0));
      care_record_set (note, "diagnosis_code", (const char *) sqlite3_column_text (stmt, 1));
      care_record_set (note, CARE_COLUMN_CREATED_AT, (const char *) sqlite3_column_text (stmt, 2));
      g_ptr_array_add (notes, note);
    }
  if (rc != SQLITE_DONE)
    care_store_set_sqlite_error (store, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? g_steal_pointer (&notes) : NULL;
}

/* The medication records and the prescribed medicines, each status newest
 * first up to CARE_CHART_SUMMARY_SHOWN (an active prescription's all);
 * how many more of each group there are in more. */
static gboolean
load_medications (CareStore   *store,
                  const char  *patient_id,
                  GPtrArray   *medications,
                  GPtrArray   *prescriptions,
                  GPtrArray   *items,
                  guint       *more,
                  GError     **error)
{
  static const char *const med_statuses[] = { "active", "discontinued", "historical" };
  /* A prescription's status and the group its medicines fall in. */
  static const struct { const char *status; CareChartMedStatus group; } rx_statuses[] = {
    { "active", CARE_CHART_MED_ACTIVE }, { "cancelled", CARE_CHART_MED_DISCONTINUED },
    { "completed", CARE_CHART_MED_HISTORICAL },
  };
  static const char *const rx_fields[] = { "id", "status", "issued_on", NULL };
  g_autofree char *med_columns = care_store_column_list (E ("medication"), "t.");
  g_autofree char *item_columns = care_store_column_list (E ("prescription_item"), "t.");
  g_autofree char *med_sql = g_strdup_printf (
    "SELECT %s FROM medications t WHERE t.patient_id = ?1 AND t.status = ?2 "
    "ORDER BY t.started_on DESC, t.seq DESC LIMIT %d", med_columns, CARE_CHART_SUMMARY_SHOWN);
  g_autofree char *item_sql = g_strdup_printf (
    "SELECT %s, p.id, p.status, p.issued_on FROM prescription_items t JOIN prescriptions p ON p.id = t.prescription_id "
    "WHERE p.patient_id = ?1 AND p.status = ?2 ORDER BY p.issued_on DESC, t.seq DESC LIMIT "
    "CASE ?2 WHEN 'active' THEN -1 ELSE %d END", item_columns, CARE_CHART_SUMMARY_SHOWN);

  for (guint s = 0; s < G_N_ELEMENTS (med_statuses); s++)
    {
      guint before = medications->len;
      gint64 n = count (store, "SELECT count(*) FROM medications WHERE patient_id = ?1 AND status = ?2",
                        patient_id, med_statuses[s], error);

      if (n < 0 || !query (store, E ("medication"), med_sql, patient_id, med_statuses[s], medications,
                           NULL, NULL, NULL, error))
        return FALSE;
      more[s] += n - (medications->len - before);
    }
  for (guint s = 0; s < G_N_ELEMENTS (rx_statuses); s++)
    {
      guint before = items->len;
      gint64 n = count (store, "SELECT count(*) FROM prescription_items t JOIN prescriptions p "
                               "ON p.id = t.prescription_id WHERE p.patient_id = ?1 AND p.status = ?2",
                        patient_id, rx_statuses[s].status, error);

      if (n < 0 || !query (store, E ("prescription_item"), item_sql, patient_id, rx_statuses[s].status, items,
                           E ("prescription"), rx_fields, prescriptions, error))
        return FALSE;
      more[rx_statuses[s].group] += n - (items->len - before);
    }
  return TRUE;
}

static GPtrArray *
load_team (CareStore  *store,
           const char *patient_id,
           GError    **error)
{
  g_autoptr(GPtrArray) members = care_store_list (store, E ("care_team_member"), "patient_id", patient_id,
                                                  "since", 0, error);
  GPtrArray *team;

  if (members == NULL)
    return NULL;
  team = g_ptr_array_new_with_free_func ((GDestroyNotify) team_member_free);
  for (guint i = 0; i < members->len; i++)
    {
      g_autoptr(CareRecord) user = care_store_get (store, E ("user"), care_record_get (members->pdata[i], "user_id"), NULL);
      CareChartTeamMember *m = g_new0 (CareChartTeamMember, 1);
      const char *since = care_record_get (members->pdata[i], "since");

      m->name = user ? care_record_dup_title (user) : g_strdup ("—");
      m->team_role = g_strdup (care_record_get (members->pdata[i], "team_role"));
      m->since = since && *since ? g_strdup (since) : NULL;
      g_ptr_array_add (team, m);
    }
  return team;
}

static char **
list_or_empty (const CareRecord *patient,
               const char       *field)
{
  char **list = care_record_get_list (patient, field);

  return list ? list : g_new0 (char *, 1);
}

static char *
text_or_null (const CareRecord *patient,
              const char       *field)
{
  const char *text = care_record_get (patient, field);

  return text && *text ? g_strdup (text) : NULL;
}

CareChartSummary *
care_chart_summary_load (CareStore   *store,
                         const char  *patient_id,
                         GError     **error)
{
  g_autoptr(CareChartSummary) summary = g_new0 (CareChartSummary, 1);
  g_autoptr(CareRecord) patient = NULL;
  g_autoptr(GPtrArray) notes = NULL, problems = NULL, allergies = NULL;
  g_autoptr(GPtrArray) medications = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GPtrArray) prescriptions = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_auto(GStrv) conditions = NULL, listed = NULL;
  g_autofree char *today = care_clock_today ();

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  patient = care_store_get (store, E ("patient"), patient_id, error);
  if (patient == NULL ||
      !(notes = load_diagnoses (store, patient_id, error)) ||
      !(problems = care_store_list (store, E ("problem"), "patient_id", patient_id, "created_at DESC", 0, error)) ||
      !load_medications (store, patient_id, medications, prescriptions, items, summary->more_medications, error) ||
      !(allergies = care_store_list (store, E ("allergy"), "patient_id", patient_id, NULL, 0, error)) ||
      !(summary->care_team = load_team (store, patient_id, error)))
    return NULL;

  conditions = care_record_get_list (patient, "conditions");
  listed = care_record_get_list (patient, "allergies");
  summary->problems = care_chart_summary_problems ((const char *const *) conditions, notes, problems);
  summary->medications = care_chart_summary_medications (medications, prescriptions, items, today);
  summary->allergies = care_chart_summary_allergies ((const char *const *) listed, allergies);
  summary->immunizations = list_or_empty (patient, "immunizations");
  summary->family_history = list_or_empty (patient, "family_history");
  summary->lifestyle = text_or_null (patient, "lifestyle");
  summary->social_notes = text_or_null (patient, "social_notes");
  summary->advance_directives = text_or_null (patient, "advance_directives");
  return g_steal_pointer (&summary);
}
