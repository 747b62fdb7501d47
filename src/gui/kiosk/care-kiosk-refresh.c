/* care-kiosk-refresh.c: new messages and notifications reach the signed-in patient
 *
 * Patients may not open the staff's live socket, so while someone is
 * signed in the kiosk fetches their messages and notifications again every
 * CARE_KIOSK_REFRESH_SECONDS of core's clock, in a worker; the store is
 * written back on the main thread, and only for the session that asked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-kiosk-refresh"

#include "config.h"

#include "care-kiosk-sync.h"
#include "care-store-sync.h"
#include "care-kiosk-window-private.h"

typedef struct {
  char       *server_url;
  char       *token;
  guint       generation;
  JsonObject *fetched;
} Refresh;

static void
refresh_free (gpointer data)
{
  Refresh *r = data;

  g_free (r->server_url);
  care_kiosk_clear_secret (&r->token);
  g_clear_pointer (&r->fetched, json_object_unref);
  g_free (r);
}

static void
refresh_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Refresh *r = data;
  GError *error = NULL;

  r->fetched = care_kiosk_sync_fetch_news (r->server_url, r->token, cancellable, &error);
  if (r->fetched == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
refresh_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CareKioskWindow *self = CARE_KIOSK_WINDOW (source);
  Refresh *r = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) changed = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->refreshing = FALSE;
      /* The next tick tries again; the patient's own work is unaffected. */
      g_debug ("The kiosk could not refresh the messages: %s", error->message);
      return;
    }
  self->refreshing = FALSE;
  /* Signed out (or someone else signed in) meanwhile, or the patient
   * changed something the server has not taken yet: not over it. */
  if (self->store == NULL || r->generation != self->generation || self->busy ||
      care_store_outbox_count (self->store) > 0)
    return;
  changed = care_sync_changed_new ();
  if (!care_kiosk_sync_apply (self->store, self->tenant_id, r->fetched, changed, &error))
    {
      g_warning ("The kiosk could not keep the new messages: %s", error->message);
      return;
    }
  if (g_hash_table_size (changed) > 0)
    care_kiosk_sections_build (self);
}

void
care_kiosk_refresh_tick (CareKioskWindow *self)
{
  g_autoptr(GTask) task = NULL;
  gint64 now = care_clock_get_seconds ();
  Refresh *r;

  if (self->store == NULL || self->busy || self->refreshing ||
      now - self->last_refresh < CARE_KIOSK_REFRESH_SECONDS ||
      care_store_outbox_count (self->store) > 0)
    return;
  self->last_refresh = now;
  self->refreshing = TRUE;
  r = g_new0 (Refresh, 1);
  r->server_url = g_strdup (self->server_url);
  r->token = g_strdup (self->access_token);
  r->generation = self->generation;
  task = g_task_new (self, self->cancellable, refresh_done_cb, NULL);
  g_task_set_task_data (task, r, refresh_free);
  g_task_run_in_thread (task, refresh_thread);
}
