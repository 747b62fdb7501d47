/* care-lab-results.c: entering, amending and reading a lab test's results through a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-results"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-lab.h"
#include "care-lab-reports.h"
#include "care-lab-results.h"
#include "care-store-sql.h"

static const CareEntity *
lab_result (void)
{
  return care_schema_lookup ("lab_result");
}

GPtrArray *
care_lab_results_current (CareStore   *store,
                          const char  *lab_test_id,
                          GHashTable  *amended_ids,
                          GError     **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) superseded = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *current;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  all = care_store_list (store, lab_result (), "lab_test_id", lab_test_id, "created_at", 0, error);
  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      const char *amends = care_record_get (g_ptr_array_index (all, i), "amends_id");
      if (amends)
        {
          g_hash_table_add (superseded, (gpointer) amends);
          if (amended_ids)
            g_hash_table_add (amended_ids, g_strdup (care_record_get_id (g_ptr_array_index (all, i))));
        }
    }
  current = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  for (guint i = 0; i < all->len; i++)
    {
      CareRecord *result = g_ptr_array_index (all, i);

      if (!g_hash_table_contains (superseded, care_record_get_id (result)))
        g_ptr_array_add (current, care_record_ref (result));
    }
  return current;
}

CareRecord *
care_lab_results_previous (CareStore   *store,
                           const char  *patient_id,
                           const char  *analyte,
                           const char  *exclude_test_id,
                           GError     **error)
{
  g_autofree char *columns = care_store_column_list (lab_result (), "r.");
  g_autofree char *sql = NULL;
  CareRecord *previous = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  sql = g_strdup_printf ("SELECT %s FROM lab_results r JOIN lab_tests t ON t.id = r.lab_test_id "
                         "WHERE r.tenant_id IS ?1 AND t.patient_id = ?2 AND r.analyte = ?3 AND t.id IS NOT ?4 "
                         "AND t.status IN ('completed', 'verified', 'reviewed') "
                         "AND NOT EXISTS (SELECT 1 FROM lab_results a WHERE a.amends_id = r.id) "
                         "ORDER BY COALESCE (t.collected_at, t.created_at) DESC, r.created_at DESC LIMIT 1", columns);
  if ((stmt = care_store_prepare (store, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, patient_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, analyte, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, exclude_test_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    previous = care_store_record_from_row (lab_result (), stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    care_store_set_sqlite_error (store, error);
  return previous;
}

gboolean
care_lab_results_was_amended (CareStore  *store,
                              const char *lab_test_id)
{
  g_autoptr(GHashTable) amended = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) current = care_lab_results_current (store, lab_test_id, amended, NULL);

  return current != NULL && g_hash_table_size (amended) > 0;
}

/* Flags and writes one result (new, or replacing an earlier one). */
static gboolean
insert_result (CareStore   *store,
               CareRecord  *result,
               GError     **error)
{
  g_autofree char *flag = care_lab_compute_flag (result);

  care_record_set (result, "flag", flag);
  return care_store_insert (store, result, error);
}

gboolean
care_lab_results_enter (CareStore   *store,
                        const char  *lab_test_id,
                        GPtrArray   *results,
                        gboolean     complete,
                        int         *failed,
                        GError     **error)
{
  g_autoptr(CareRecord) test = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GHashTable) by_analyte = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (results != NULL, FALSE);

  if (failed)
    *failed = -1;
  if (!care_store_begin (store, error))
    return FALSE;
  test = care_store_get (store, care_schema_lookup ("lab_test"), lab_test_id, error);
  if (test == NULL || !care_lab_check_results (test, error))
    goto failed;
  current = care_lab_results_current (store, lab_test_id, NULL, error);
  if (current == NULL)
    goto failed;
  for (guint i = 0; i < current->len; i++)
    g_hash_table_insert (by_analyte, (gpointer) care_record_get (g_ptr_array_index (current, i), "analyte"),
                         g_ptr_array_index (current, i));

  for (guint i = 0; i < results->len; i++)
    {
      g_autoptr(CareRecord) result = care_record_copy (g_ptr_array_index (results, i));
      CareRecord *earlier = g_hash_table_lookup (by_analyte, care_record_get (result, "analyte"));
      const char *value = care_record_get (result, "value");

      if (value == NULL || *value == '\0' ||
          (earlier && g_strcmp0 (care_record_get (earlier, "value"), value) == 0))
        continue;
      care_record_set (result, "lab_test_id", lab_test_id);
      care_record_set (result, "amends_id", earlier ? care_record_get_id (earlier) : NULL);
      if (!insert_result (store, result, error))
        {
          if (failed)
            *failed = (int) i;
          goto failed;
        }
    }
  if (complete && g_strcmp0 (care_record_get (test, "status"), "completed") != 0)
    {
      if (!care_lab_set_status (test, "completed", NULL, care_store_get_actor (store), error) ||
          !care_store_update (store, test, error))
        goto failed;
    }
  return care_store_commit (store, error);

failed:
  care_store_rollback (store);
  return FALSE;
}

CareRecord *
care_lab_results_amend (CareStore   *store,
                        const char  *result_id,
                        const char  *value,
                        GError     **error)
{
  g_autoptr(CareRecord) earlier = NULL;
  g_autoptr(CareRecord) test = NULL;
  g_autoptr(CareRecord) amendment = NULL;
  g_autofree char *text = g_strstrip (g_strdup (value ? value : ""));
  static const char *const copied[] = { "lab_test_id", "analyte", "unit", "reference_low", "reference_high",
                                        "reference_text", "method", "critical_low", "critical_high", NULL };

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (!care_store_begin (store, error))
    return NULL;
  earlier = care_store_get (store, lab_result (), result_id, error);
  if (earlier == NULL)
    goto failed;
  test = care_store_get (store, care_schema_lookup ("lab_test"), care_record_get (earlier, "lab_test_id"), error);
  if (test == NULL || !care_lab_check_amendment (test, error))
    goto failed;
  if (*text == '\0' || g_strcmp0 (text, care_record_get (earlier, "value")) == 0)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, lab_result (), "value",
                                 _("Enter the corrected value; it must differ from the one it corrects."));
      goto failed;
    }
  amendment = care_record_new (lab_result ());
  for (guint i = 0; copied[i]; i++)
    care_record_set (amendment, copied[i], care_record_get (earlier, copied[i]));
  care_record_set (amendment, "value", text);
  care_record_set (amendment, "amends_id", result_id);
  /* The report that showed the earlier value stays archived; the next
   * one drawn is a new version. */
  if (!insert_result (store, amendment, error) || !care_lab_reports_withdraw (store, test, error))
    goto failed;
  /* The doctor who reviewed the earlier value reviews the new one. */
  if (g_strcmp0 (care_record_get (test, "status"), "reviewed") == 0)
    {
      g_autoptr(CareRecord) reopened = care_store_get (store, care_schema_lookup ("lab_test"),
                                                       care_record_get_id (test), error);

      if (reopened == NULL)
        goto failed;
      care_lab_reopen_review (reopened);
      if (!care_store_update (store, reopened, error))
        goto failed;
    }
  if (!care_store_commit (store, error))
    goto failed;
  return g_steal_pointer (&amendment);

failed:
  care_store_rollback (store);
  return NULL;
}

gboolean
care_lab_results_correct (CareStore   *store,
                          const char  *lab_test_id,
                          GPtrArray   *results,
                          guint       *n_amended,
                          int         *failed,
                          GError     **error)
{
  g_autoptr(GPtrArray) current = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (results != NULL, FALSE);

  if (failed)
    *failed = -1;
  if (n_amended)
    *n_amended = 0;
  current = care_lab_results_current (store, lab_test_id, NULL, error);
  if (current == NULL)
    return FALSE;
  for (guint i = 0; i < results->len; i++)
    {
      CareRecord *wanted = g_ptr_array_index (results, i);
      g_autofree char *value = g_strstrip (g_strdup (care_record_get (wanted, "value") ? care_record_get (wanted, "value") : ""));
      g_autoptr(CareRecord) amendment = NULL;
      CareRecord *earlier = NULL;

      for (guint k = 0; k < current->len && earlier == NULL; k++)
        if (g_strcmp0 (care_record_get (g_ptr_array_index (current, k), "analyte"), care_record_get (wanted, "analyte")) == 0)
          earlier = g_ptr_array_index (current, k);
      if (earlier == NULL || *value == '\0' || g_strcmp0 (value, care_record_get (earlier, "value")) == 0)
        continue;
      amendment = care_lab_results_amend (store, care_record_get_id (earlier), value, error);
      if (amendment == NULL)
        {
          if (failed)
            *failed = (int) i;
          return FALSE;
        }
      if (n_amended)
        (*n_amended)++;
    }
  return TRUE;
}
