/* care-stock-alerts.c: the pharmacy's expiry and low-stock notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-stock-alerts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-clock.h"
#include "care-notifications.h"
#include "care-stock.h"
#include "care-stock-alerts.h"
#include "care-store-sql.h"

#define NOTICE_KEY "pharmacy.expiry_notice_days"

guint
care_stock_get_notice_days (CareStore *store)
{
  g_autofree char *value = NULL;
  guint64 days = 0;

  g_return_val_if_fail (CARE_IS_STORE (store), CARE_STOCK_NOTICE_DAYS_DEFAULT);

  value = care_store_get_meta (store, NOTICE_KEY);
  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, 365, &days, NULL))
    return CARE_STOCK_NOTICE_DAYS_DEFAULT;
  return (guint) days;
}

gboolean
care_stock_set_notice_days (CareStore  *store,
                            guint       days,
                            GError    **error)
{
  char text[16];

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  if (days < 1 || days > 365)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID,
                                 care_schema_lookup ("stock_batch"), "expiry_date",
                                 _("Give the notice period as 1 to 365 days."));
      return FALSE;
    }
  g_snprintf (text, sizeof text, "%u", days);
  return care_store_set_meta (store, NOTICE_KEY, text, error);
}

/* One alert to give: which, about what, and the words. */
typedef struct {
  char *alert;
  char *id;
  char *message;
} Alert;

static void
alert_free (Alert *alert)
{
  g_free (alert->alert);
  g_free (alert->id);
  g_free (alert->message);
  g_free (alert);
}

/* The alerts the stock calls for now: ?1 tenant, ?2 today, ?3 the last
 * day of the notice period. */
static GPtrArray *
due_alerts (CareStore   *store,
            const char  *today,
            const char  *until,
            GError     **error)
{
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) alert_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = care_store_prepare (store,
                             "SELECT CASE WHEN b.expiry_date < ?2 THEN 'stock_expired' ELSE 'stock_expiring' END, "
                             " b.id, m.name, b.batch_number, b.expiry_date, b.quantity "
                             "FROM stock_batches b JOIN medicines m ON m.id = b.medicine_id "
                             "WHERE b.tenant_id IS ?1 AND b.quantity > 0 AND b.expiry_date <= ?3 "
                             "UNION ALL SELECT 'stock_low', m.id, m.name, NULL, NULL, "
                             " (SELECT coalesce (sum (quantity), 0) FROM stock_batches x "
                             "  WHERE x.medicine_id = m.id AND x.expiry_date >= ?2 AND x.quantity > 0) AS held "
                             "FROM medicines m WHERE m.tenant_id IS ?1 AND m.reorder_level > 0 AND held < m.reorder_level "
                             "ORDER BY 1, 3",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, until, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Alert *alert = g_new0 (Alert, 1);
      const char *kind = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 2);
      const char *lot = (const char *) sqlite3_column_text (stmt, 3);
      const char *expiry = (const char *) sqlite3_column_text (stmt, 4);
      int units = sqlite3_column_int (stmt, 5);

      alert->alert = g_strdup (kind);
      alert->id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      if (g_str_equal (kind, "stock_expired"))
        /* Translators: medicine, lot number, expiry date, units left on the shelf */
        alert->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%s, lot %s, expired on %s: %d unit is still on the shelf. Write it off.",
                                                       "%s, lot %s, expired on %s: %d units are still on the shelf. Write them off.",
                                                       units), name, lot, expiry, units);
      else if (g_str_equal (kind, "stock_expiring"))
        /* Translators: medicine, lot number, expiry date, units */
        alert->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%s, lot %s, expires on %s (%d unit). Dispense it first.",
                                                       "%s, lot %s, expires on %s (%d units). Dispense it first.",
                                                       units), name, lot, expiry, units);
      else
        /* Translators: medicine, units of unexpired stock left */
        alert->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%s is below its reorder level: %d unit left. Order more.",
                                                       "%s is below its reorder level: %d units left. Order more.",
                                                       units), name, units);
      g_ptr_array_add (alerts, alert);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&alerts);
}

/* The active pharmacists' ids. */
static GPtrArray *
pharmacists (CareStore   *store,
             GError     **error)
{
  g_autoptr(GPtrArray) users = care_store_list (store, care_schema_lookup ("user"), "role", "pharmacist", NULL, 0, error);
  GPtrArray *ids;

  if (users == NULL)
    return NULL;
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < users->len; i++)
    if (care_record_get_int (g_ptr_array_index (users, i), "active", 1) != 0)
      g_ptr_array_add (ids, g_strdup (care_record_get_id (g_ptr_array_index (users, i))));
  return ids;
}

static gboolean
already_told (CareStore   *store,
              const char  *user_id,
              const Alert *alert,
              gboolean    *told,
              GError     **error)
{
  sqlite3_stmt *stmt = care_store_prepare (store,
                                           "SELECT 1 FROM notifications WHERE tenant_id IS ?1 AND user_id = ?2 "
                                           "AND link_entity = ?3 AND link_id = ?4 LIMIT 1",
                                           error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, alert->alert, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, alert->id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *told = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return care_store_set_sqlite_error (store, error);
  return TRUE;
}

gint
care_stock_notify (CareStore  *store,
                   GError    **error)
{
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autoptr(GDateTime) last = g_date_time_add_days (now, care_stock_get_notice_days (store));
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *until = g_date_time_format (last, "%Y-%m-%d");
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GPtrArray) users = NULL;
  gint written = 0;

  g_return_val_if_fail (CARE_IS_STORE (store), -1);

  if ((alerts = due_alerts (store, today, until, error)) == NULL ||
      (users = pharmacists (store, error)) == NULL ||
      !care_store_begin (store, error))
    return -1;
  for (guint u = 0; u < users->len; u++)
    for (guint i = 0; i < alerts->len; i++)
      {
        const Alert *alert = g_ptr_array_index (alerts, i);
        g_autoptr(CareRecord) n = NULL;
        gboolean told = FALSE;

        if (!already_told (store, g_ptr_array_index (users, u), alert, &told, error))
          goto failed;
        if (told)
          continue;
        n = care_record_new (care_schema_lookup ("notification"));
        care_record_set (n, "user_id", g_ptr_array_index (users, u));
        care_record_set (n, "kind", "system");
        care_record_set (n, "message", alert->message);
        care_record_set (n, "link_entity", alert->alert);
        care_record_set (n, "link_id", alert->id);
        care_notifications_mark (n, FALSE);
        if (!care_store_insert (store, n, error))
          goto failed;
        written++;
      }
  if (!care_store_commit (store, error))
    return -1;
  return written;

failed:
  care_store_rollback (store);
  return -1;
}

GPtrArray *
care_stock_notices (CareStore   *store,
                    GError     **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  return care_stock_query_records (store, care_schema_lookup ("notification"),
                                   "FROM notifications WHERE tenant_id IS ?1 AND user_id IS ?2 "
                                   "AND coalesce (read, 0) = 0 "
                                   "AND link_entity IN ('stock_expired', 'stock_expiring', 'stock_low') "
                                   "ORDER BY link_entity = 'stock_expired' DESC, created_at DESC, id DESC",
                                   care_store_get_actor (store), error);
}
