/* test-store-plans.c: no query of the app's patients uses the indexes
 * that store version 6 drops, and the list's orders need no sort
 *
 * A store is given back patients_index_0, patients_country, and the
 * model's (facility_id) and (updated_at) (as version 5 had them), every
 * statement the patients' core paths run is recorded (sqlite3_trace_v2):
 * the list in each order, the search's shapes, lists and counts by a
 * field, the reports, a CSV import's check; then each statement's
 * EXPLAIN QUERY PLAN must name none of them. Queries written for them (a
 * count by country, patients changed since) show the check would see it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-core.h"

static const char *const dropped[] = {
  "patients_index_0", "patients_country", "patients_facility_id", "patients_updated",
};

/* The list's three orders (care-patient-model.c): by name and by record
 * number on version 6's (sort_key) and (mrn), whose entries end with the
 * rowid, and most recent first on the rowid itself. */
static gboolean
is_list_order (const char *sql)
{
  return strstr (sql, "ORDER BY sort_key, seq") != NULL || strstr (sql, "ORDER BY mrn, seq") != NULL ||
         strstr (sql, "ORDER BY seq DESC") != NULL;
}

static int
on_statement (unsigned  type,
              void     *data,
              void     *p,
              void     *x)
{
  const char *sql = sqlite3_sql (p);

  if (sql != NULL && strstr (sql, "patients") != NULL && !g_str_has_prefix (sql, "EXPLAIN"))
    g_hash_table_add (data, g_strdup (sql));
  return 0;
}

/* The dropped index sql's plan uses, or NULL; with sorts, whether the plan
 * sorts rows in a temporary B-tree instead of reading them in order. */
static const char *
plan_of (CareStore  *store,
         const char *sql,
         gboolean   *sorts)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  sqlite3_stmt *stmt = NULL;
  const char *used = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (care_store_get_db (store), explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *detail = (const char *) sqlite3_column_text (stmt, 3);
      g_auto(GStrv) words = g_strsplit (detail, " ", -1);

      if (sorts != NULL && strstr (detail, "TEMP B-TREE") != NULL)
        *sorts = TRUE;
      for (guint i = 0; words[i]; i++)
        for (guint k = 0; k < G_N_ELEMENTS (dropped); k++)
          if (g_str_equal (words[i], dropped[k]))
            used = dropped[k];
    }
  sqlite3_finalize (stmt);
  return used;
}

static const char *
index_used (CareStore  *store,
            const char *sql)
{
  return plan_of (store, sql, NULL);
}

static void
run_patient_paths (CareStore *store)
{
  const CareEntity *patient = care_schema_lookup ("patient");
  static const char *const typed[] = { "b", "kar", "tomas d", "tomas da", "maria lopez", "4567", "d 4567", "5", NULL };
  static const char *const fields[] = { "family_name", "given_name", "country", "mrn", "status", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePatientModel) model = care_patient_model_new (store);
  g_autofree char *csv = g_strdup ("given_name,family_name,date_of_birth,sex,country\n"
                                   "Ana,López,1980-01-02,female,Spain\n");

  for (CarePatientSort sort = CARE_PATIENT_SORT_NAME; sort <= CARE_PATIENT_SORT_MRN; sort++)
    {
      care_patient_model_set_sort (model, sort);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);
      g_clear_object (&(GObject *) { g_list_model_get_item (G_LIST_MODEL (model), 300) });
    }
  for (guint i = 0; typed[i]; i++)
    {
      g_autoptr(GPtrArray) found = care_store_search_patients (store, typed[i], 50, &error);

      g_assert_no_error (error);
      care_patient_model_set_search (model, typed[i]);
      g_clear_object (&(GObject *) { g_list_model_get_item (G_LIST_MODEL (model), 0) });
    }
  for (guint i = 0; fields[i]; i++)
    {
      g_autoptr(GPtrArray) list = care_store_list (store, patient, fields[i], "Spain", fields[i], 50, &error);

      g_assert_no_error (error);
      care_store_count_where (store, patient, fields[i], "Spain");
    }
  for (CareReportKind kind = 0; kind < CARE_REPORT_N_KINDS; kind++)
    {
      g_autoptr(CareReport) report = care_reports_run (store, kind, "2020-01-01", "2030-12-31", &error);

      g_assert_no_error (error);
    }
  {
    g_autoptr(CarePatientImport) import = care_patient_import_new (care_csv_parse (csv, strlen (csv), &error));

    g_assert_no_error (error);
    care_patient_import_check (import, store, NULL, &error);
    g_assert_no_error (error);
  }
}

static void
test_dropped_indexes_unused (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *index_0 = g_strdup_printf ("CREATE INDEX patients_index_0 ON patients (%s);"
                                              "CREATE INDEX patients_country ON patients (country);"
                                              "CREATE INDEX patients_facility_id ON patients (facility_id);"
                                              "CREATE INDEX patients_updated ON patients (updated_at);",
                                              care_schema_lookup ("patient")->indexes[0]);
  GHashTableIter iter;
  gpointer sql;
  guint n_ordered = 0;
  g_autofree char *sort_key_sql = NULL;
  g_autofree char *mrn_sql = NULL;

  /* Version 6 dropped them, and made the list's two indexes without id. */
  g_assert_null (care_store_query_text (store, "SELECT name FROM sqlite_master WHERE name IN "
                                               "('patients_index_0', 'patients_country', "
                                               "'patients_facility_id', 'patients_updated', "
                                               "'patients_index_1')", NULL, &error));
  sort_key_sql = care_store_query_text (store, "SELECT sql FROM sqlite_master WHERE name = 'patients_sort_key'", NULL, &error);
  g_assert_cmpstr (sort_key_sql, ==, "CREATE INDEX patients_sort_key ON patients (sort_key)");
  mrn_sql = care_store_query_text (store, "SELECT sql FROM sqlite_master WHERE name = 'patients_mrn'", NULL, &error);
  g_assert_cmpstr (mrn_sql, ==, "CREATE INDEX patients_mrn ON patients (mrn)");
  g_assert_true (care_demo_add_patients (store, 600, 7, &error));
  g_assert_no_error (error);
  g_assert_true (care_store_exec (store, index_0, &error));
  g_assert_no_error (error);

  sqlite3_trace_v2 (care_store_get_db (store), SQLITE_TRACE_STMT, on_statement, seen);
  run_patient_paths (store);
  sqlite3_trace_v2 (care_store_get_db (store), 0, NULL, NULL);

  g_assert_cmpuint (g_hash_table_size (seen), >=, 15);
  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &sql, NULL))
    {
      gboolean sorts = FALSE;
      const char *used = plan_of (store, sql, &sorts);

      g_test_message ("%s", (const char *) sql);
      if (used != NULL)
        g_error ("%s uses %s", (const char *) sql, used);
      /* The list's pages read an index in its order, ties included: a
       * sort would read every patient. (Pages from an anchor are checked
       * below; the anchors are read by a worker on its own connection.) */
      if (sorts && is_list_order (sql))
        g_error ("%s sorts its rows", (const char *) sql);
      n_ordered += is_list_order (sql);
    }
  /* The list in each order. */
  g_assert_cmpuint (n_ordered, >=, 3);
  /* The check sees an index when a plan uses it. */
  g_assert_cmpstr (index_used (store, "SELECT count(*) FROM patients WHERE country = 'Spain'"), ==, "patients_country");
  g_assert_cmpstr (index_used (store, "SELECT id FROM patients WHERE updated_at > '2030-01-01'"), ==, "patients_updated");
  g_assert_cmpstr (index_used (store, "SELECT id FROM patients ORDER BY family_name COLLATE NOCASE, given_name COLLATE NOCASE, id"),
                   ==, "patients_index_0");
  {
    gboolean sorts = FALSE;

    /* ... and a sort where an order's tie breaker is not in the index. */
    plan_of (store, "SELECT id FROM patients ORDER BY sort_key, id LIMIT 5", &sorts);
    g_assert_true (sorts);
    sorts = FALSE;
    plan_of (store, "SELECT id FROM patients ORDER BY sort_key, seq LIMIT 5", &sorts);
    g_assert_false (sorts);
    /* A page read from an anchor (a worker reads the anchors, on a
     * connection of its own, in the same order). */
    plan_of (store, "SELECT id FROM patients WHERE (sort_key, seq) >= (x'61', 10) ORDER BY sort_key, seq LIMIT 5", &sorts);
    g_assert_false (sorts);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store-plans/dropped-indexes-unused", test_dropped_indexes_unused);
  return g_test_run ();
}
