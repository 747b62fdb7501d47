/* care-store-restore.c: what a workstation keeps to give back to a restored server
 *
 * The server applied a change: its outbox entry moves to sync_sent, where
 * it stays for sync_keep_sent seconds (30 days unless set). When the
 * workstation meets a restored server (a new history generation, see
 * care-server-history.c), those changes go back into the outbox, before
 * anything still pending, with their own mutation ids and as sent (never
 * folded into one another or into a later edit, care-store-outbox-net.c):
 * the server answers the ones it still knows with their stored results and
 * applies the ones it lost against their base, so that a field someone
 * changed since is a conflict, not an overwrite. Then everything is pulled again, and rows
 * the server does not send are sent back to it rather than deleted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-store"

#include "config.h"

#include "care-clock.h"
#include "care-store-private.h"

#define DEFAULT_KEEP_SENT (30 * 24 * 3600)

static gint64
now_seconds (void)
{
  return care_clock_get_real_time () / G_USEC_PER_SEC;
}

static gint64
meta_int (CareStore  *self,
          const char *key,
          gint64      fallback)
{
  g_autofree char *text = care_store_get_meta (self, key);

  return text ? g_ascii_strtoll (text, NULL, 10) : fallback;
}

static gint64
query_number (CareStore  *self,
              const char *sql)
{
  g_autofree char *text = care_store_query_text (self, sql, NULL, NULL);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static gboolean
set_meta_int (CareStore  *self,
              const char *key,
              gint64      value,
              GError    **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  return care_store_set_meta (self, key, buf, error);
}

gboolean
care_store_sync_set_keep_sent (CareStore *self,
                               gint64     seconds,
                               GError   **error)
{
  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);
  return set_meta_int (self, "sync_keep_sent", MAX (seconds, 0), error);
}

static gboolean
run (CareStore  *self,
     const char *sql,
     const char *text,
     gint64      number,
     GError    **error)
{
  sqlite3_stmt *stmt = care_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (text)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, number);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return care_store_set_sqlite_error (self, error);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
care_store_outbox_acknowledge (CareStore  *self,
                               const char *mutation_id,
                               GError    **error)
{
  gint64 now = now_seconds ();

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  /* Inside the caller's transaction, with the result of its batch; kept
   * as a copy (care-store-outbox-ref.c). */
  return care_store_outbox_materialise_entry (self, mutation_id, error) &&
         run (self,
              "INSERT OR IGNORE INTO sync_sent (mutation_id, entity, record_id, op, payload, created_at, actor, acked_at) "
              "SELECT mutation_id, entity, record_id, op, payload, created_at, actor, ?2 FROM outbox "
              "WHERE mutation_id = ?1 AND op IS NOT NULL", mutation_id, now, error) &&
         run (self, "DELETE FROM sync_sent WHERE acked_at < ?2 AND ?1 IS NOT NULL", "",
              now - meta_int (self, "sync_keep_sent", DEFAULT_KEEP_SENT), error) &&
         care_store_outbox_remove (self, mutation_id, error);
}

gboolean
care_store_sync_begin_restore (CareStore  *self,
                               const char *generation,
                               GHashTable *changed,
                               guint      *n_resent,
                               GError    **error)
{
  gint64 shift;

  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);
  g_return_val_if_fail (generation != NULL, FALSE);

  if (!care_store_begin (self, error))
    return FALSE;
  /* The kept changes go first, in the order the server took them: the
   * pending ones move up past them (all at once above any seq in use, so
   * that no two rows ever share one). */
  shift = query_number (self, "SELECT coalesce (max (seq), 0) FROM outbox") +
          query_number (self, "SELECT coalesce (max (seq), 0) FROM sync_sent") + 1;
  *n_resent = (guint) query_number (self, "SELECT count(*) FROM sync_sent");
  if (!run (self, "UPDATE outbox SET seq = seq + ?2 WHERE ?1 IS NOT NULL", "", shift, error) ||
      !care_store_exec (self,
                        "INSERT OR IGNORE INTO outbox (seq, mutation_id, entity, record_id, op, payload, created_at, actor, "
                        "attempts) "
                        "SELECT seq, mutation_id, entity, record_id, op, payload, created_at, actor, 1 FROM sync_sent "
                        "ORDER BY seq", error) ||
      !care_store_exec (self, "DELETE FROM sync_sent", error) ||
      !care_store_set_meta (self, "sync_restore", "1", error) ||
      !set_meta_int (self, "sync_restored_at", now_seconds (), error) ||
      !set_meta_int (self, "sync_restored_resent", *n_resent, error) ||
      !set_meta_int (self, "sync_restored_rows", 0, error) ||
      !care_store_commit (self, error))
    {
      care_store_rollback (self);
      return FALSE;
    }
  g_message ("The clinic server's sync history changed (a restore from a backup): sending back %u change(s) "
             "it may have lost, then comparing every record", *n_resent);
  /* Everything again from 0; the generation last, so that a crash before
   * it is a restore begun again. */
  return care_store_sync_begin_resync (self, NULL, NULL, changed, error) &&
         care_store_set_meta (self, "sync_generation", generation, error);
}

gboolean
care_store_sync_in_restore (CareStore *self)
{
  g_autofree char *restore = care_store_get_meta (self, "sync_restore");

  return restore != NULL && g_str_equal (restore, "1");
}

gboolean
care_store_sync_resend_row (CareStore        *self,
                            const CareEntity *entity,
                            const char       *id,
                            GError          **error)
{
  g_autoptr(CareRecord) record = care_store_get (self, entity, id, NULL);
  JsonObject *payload;

  if (record == NULL)
    return TRUE;
  payload = json_object_new ();
  json_object_set_object_member (payload, "fields", care_record_to_json (record));
  if (!care_store_outbox_add (self, entity, id, "insert", payload, error))
    return FALSE;
  return set_meta_int (self, "sync_restored_rows", meta_int (self, "sync_restored_rows", 0) + 1, error);
}

gboolean
care_store_sync_restore_info (CareStore *self,
                              gint64    *restored_at,
                              gint64    *resent)
{
  g_return_val_if_fail (CARE_IS_STORE (self), FALSE);

  *restored_at = meta_int (self, "sync_restored_at", 0);
  *resent = meta_int (self, "sync_restored_resent", 0) + meta_int (self, "sync_restored_rows", 0);
  return *restored_at > 0;
}
