/* care-lab-queue.c: the laboratory's queue of requests, and each request's next step, through a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-queue"

#include "config.h"

#include "care-lab.h"
#include "care-lab-queue.h"
#include "care-lab-review.h"
#include "care-store-sql.h"

void
care_lab_queue_item_free (CareLabQueueItem *item)
{
  if (item == NULL)
    return;
  g_free (item->test_id);
  g_free (item->patient_id);
  g_free (item->patient_name);
  g_free (item->patient_sex);
  g_free (item->test_name);
  g_free (item->priority);
  g_free (item->status);
  g_free (item->requested_at);
  g_free (item);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* A row of id, patient id, name, sex, test, priority, status, created_at. */
static CareLabQueueItem *
item_from_row (sqlite3_stmt *stmt)
{
  CareLabQueueItem *item = g_new0 (CareLabQueueItem, 1);

  item->test_id = column_dup (stmt, 0);
  item->patient_id = column_dup (stmt, 1);
  item->patient_name = column_dup (stmt, 2);
  item->patient_sex = column_dup (stmt, 3);
  item->test_name = column_dup (stmt, 4);
  item->priority = column_dup (stmt, 5);
  item->status = column_dup (stmt, 6);
  item->requested_at = column_dup (stmt, 7);
  return item;
}

/* One priority's requests, oldest first, appended to items: the indexes
 * lab_tests_queue and lab_tests_priority give them in order. */
static gboolean
list_priority (CareStore   *store,
               const char  *status,
               const char  *priority,
               gint64       limit,
               GPtrArray   *items,
               GError     **error)
{
  static const char *const select =
    "SELECT t.id, t.patient_id, p.given_name || ' ' || p.family_name, p.sex, "
    "t.test_name, t.priority, t.status, t.created_at "
    "FROM lab_tests t LEFT JOIN patients p ON p.id = t.patient_id "
    "WHERE t.tenant_id IS ?1 AND t.priority = ?2 ";
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (status == NULL)
    sql = g_strconcat (select, "ORDER BY t.created_at, t.id LIMIT ?4", NULL);
  else
    sql = g_strconcat (select, "AND t.status = ?3 ORDER BY t.created_at, t.id LIMIT ?4", NULL);
  stmt = care_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, priority, -1, SQLITE_STATIC);
  if (status)
    sqlite3_bind_text (stmt, 3, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, item_from_row (stmt));
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || care_store_set_sqlite_error (store, error);
}

static int
compare_requested (gconstpointer a,
                   gconstpointer b)
{
  const CareLabQueueItem *x = *(CareLabQueueItem *const *) a;
  const CareLabQueueItem *y = *(CareLabQueueItem *const *) b;
  int c = g_strcmp0 (x->requested_at, y->requested_at);

  return c ? c : g_strcmp0 (x->test_id, y->test_id);
}

/* The open requests of one priority: each open status read in order
 * from the index (an IN list would sort them all), then merged. */
static gboolean
list_open (CareStore   *store,
           const char  *priority,
           gint64       limit,
           GPtrArray   *items,
           GError     **error)
{
  static const char *const open[] = { "requested", "assigned", "collected", "in_progress", "sent_out", "completed" };
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func ((GDestroyNotify) care_lab_queue_item_free);

  for (guint i = 0; i < G_N_ELEMENTS (open); i++)
    if (!list_priority (store, open[i], priority, limit, merged, error))
      return FALSE;
  g_ptr_array_sort (merged, compare_requested);
  for (guint i = 0; i < merged->len && (limit < 0 || i < limit); i++)
    g_ptr_array_add (items, g_steal_pointer (&merged->pdata[i]));
  return TRUE;
}

GPtrArray *
care_lab_queue_list (CareStore   *store,
                     const char  *status,
                     const char  *priority,
                     guint        limit,
                     GError     **error)
{
  /* STAT before urgent before routine. */
  static const char *const ranked[] = { "stat", "urgent", "routine" };
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) care_lab_queue_item_free);
  for (guint i = 0; i < G_N_ELEMENTS (ranked); i++)
    {
      gint64 left = limit ? (gint64) limit - items->len : -1;

      if (priority && !g_str_equal (priority, ranked[i]))
        continue;
      if (left == 0)
        break;
      if (g_strcmp0 (status, CARE_LAB_QUEUE_OPEN) == 0
          ? !list_open (store, ranked[i], left, items, error)
          : !list_priority (store, status, ranked[i], left, items, error))
        return NULL;
    }
  return g_steal_pointer (&items);
}

GPtrArray *
care_lab_queue_for_review (CareStore   *store,
                           const char  *doctor_id,
                           GError     **error)
{
  static const char *const sql =
    "SELECT t.id, t.patient_id, p.given_name || ' ' || p.family_name, p.sex, "
    "t.test_name, t.priority, t.status, t.created_at, "
    "EXISTS (SELECT 1 FROM lab_results r WHERE r.lab_test_id = t.id AND r.amends_id IS NOT NULL) "
    "FROM lab_tests t LEFT JOIN patients p ON p.id = t.patient_id "
    "WHERE t.tenant_id IS ?1 AND t.status = 'verified' AND t.requested_by = ?2 "
    "ORDER BY t.priority = 'stat' DESC, t.priority = 'urgent' DESC, t.verified_at, t.id";
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (doctor_id != NULL, NULL);

  if ((stmt = care_store_prepare (store, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, doctor_id, -1, SQLITE_TRANSIENT);
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) care_lab_queue_item_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CareLabQueueItem *item = item_from_row (stmt);

      item->amended = sqlite3_column_int (stmt, 8);
      g_ptr_array_add (items, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

/* "completed" from "completed": the results may be entered again until
 * they are verified. */
static const struct { const char *from; const char *const *to; } next_steps[] = {
  { "requested", (const char *const[]) { "collected", "sent_out", "cancelled", NULL } },
  { "assigned", (const char *const[]) { "collected", "sent_out", "cancelled", NULL } },
  { "collected", (const char *const[]) { "in_progress", "completed", "sent_out", "cancelled", NULL } },
  { "sent_out", (const char *const[]) { "completed", "cancelled", NULL } },
  { "in_progress", (const char *const[]) { "completed", "cancelled", NULL } },
  { "completed", (const char *const[]) { "completed", "verified", NULL } },
};

const char *const *
care_lab_queue_next_steps (const char *status)
{
  static const char *const none[] = { NULL };

  for (guint i = 0; status && i < G_N_ELEMENTS (next_steps); i++)
    if (g_str_equal (status, next_steps[i].from))
      return next_steps[i].to;
  return none;
}

CareRecord *
care_lab_queue_step (CareStore   *store,
                     const char  *test_id,
                     const char  *to,
                     const char  *reason,
                     GError     **error)
{
  g_autoptr(CareRecord) test = NULL;
  const char *actor;
  gboolean ok;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (test_id != NULL, NULL);

  actor = care_store_get_actor (store);
  if (!care_store_begin (store, error))
    return NULL;
  test = care_store_get (store, care_schema_lookup ("lab_test"), test_id, error);
  if (test == NULL)
    goto failed;
  if (g_strcmp0 (to, "cancelled") == 0)
    ok = care_lab_cancel (test, reason, error);
  else if (g_strcmp0 (to, "verified") == 0)
    {
      g_autoptr(CareRecord) clinic = care_store_get_clinic (store);

      ok = care_lab_verify (test, actor, care_lab_requires_second_verifier (clinic), error);
    }
  else
    ok = care_lab_set_status (test, to, NULL, actor, error);
  if (!ok || !care_store_update (store, test, error) || !care_store_commit (store, error))
    goto failed;
  return g_steal_pointer (&test);

failed:
  care_store_rollback (store);
  return NULL;
}
