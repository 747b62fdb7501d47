/* care-window-session.c: signing in and out, switching user
 *
 * On a workstation that syncs with a clinic server, the sync engine belongs
 * to the signed-in session: it starts with the sign-in (with the tokens of
 * an online sign-in, or those kept in the keyring after an offline one),
 * keeps running while the workstation is locked, and stops when the person
 * signs out or switches user.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-window"

#include "config.h"

#include <glib/gi18n.h>

#include "care-secret.h"
#include "care-sync-engine.h"
#include "care-window-private.h"

void
_care_window_show_signin (CareWindow *self,
                         const char *login)
{
  CareSigninPage *page = _care_window_ensure_signin_page (self);

  care_signin_page_reset (page, login);
  _care_window_set_mode (self, "signin");
  care_signin_page_focus (page);
}

static void
on_engine_records_changed_cb (CareSyncEngine *engine,
                              const char     *entity_name,
                              GStrv           ids,
                              CareWindow     *self)
{
  const CareEntity *entity = care_schema_lookup (entity_name);

  if (entity == NULL || ids == NULL)
    return;

  /* The engine wrote with its own connection: this one's listeners (the
   * lists, the title, the session's user) learn of it here. Not a local
   * change, so no need to kick the engine back. */
  self->noting_external = TRUE;
  if (ids[0] == NULL)
    care_store_note_external (self->store, entity, NULL);   /* too many to list */
  for (guint i = 0; ids[i] != NULL; i++)
    care_store_note_external (self->store, entity, ids[i]);
  self->noting_external = FALSE;
}

static void
on_secret_stored_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!care_secret_store_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Could not keep the sync sign-in: %s", error->message);
}

static void
care_window_keep_refresh_token (CareWindow *self)
{
  CareSyncEngine *engine;
  g_autofree char *token = NULL;

  if (self->session == NULL ||
      (engine = care_session_get_sync_engine (self->session)) == NULL)
    return;

  token = care_sync_engine_dup_refresh_token (engine);
  if (token == NULL)
    return;

  care_secret_store_async (care_sync_engine_get_base_url (engine),
                           care_session_get_user_id (self->session),
                           token, self->sync_cancellable,
                           on_secret_stored_cb, NULL);
}

static void
on_engine_tokens_changed_cb (CareSyncEngine *engine,
                             CareWindow     *self)
{
  /* Refresh tokens rotate: the one kept must be the newest. */
  care_window_keep_refresh_token (self);
}

static void
on_secret_found_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CareWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  CareSyncEngine *engine;

  token = care_secret_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled: the session that asked is still the window's. */
  engine = care_session_get_sync_engine (self->session);

  if (token != NULL)
    {
      /* No access token: the engine refreshes first, once the server
       * answers. */
      care_sync_engine_set_tokens (engine, NULL, token);
      care_sync_engine_start (engine);
      care_window_add_toast (self, adw_toast_new (_("Signed in offline — changes will sync when the server is back")));
    }
  else
    {
      AdwToast *toast = adw_toast_new (_("Signed in offline — to sync, sign in again once the server is back"));

      /* Without a kept sign-in the engine cannot resume by itself; it
       * still finds out when the server is back, and the header says
       * "Sign in to sync" then. */
      adw_toast_set_timeout (toast, 0);
      care_window_add_toast (self, toast);
      care_sync_engine_set_tokens (engine, NULL, NULL);
      care_sync_engine_start (engine);
    }
}

/* The engine of this sign-in, if the store syncs. online: the session of an
 * online sign-in; NULL after an offline one. */

static void
care_window_start_sync (CareWindow      *self,
                        CareSyncSession *online)
{
  g_autofree char *url = care_sync_get_server_url (self->store);
  g_autoptr(CareSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  const char *user_id = care_session_get_user_id (self->session);

  if (url == NULL)
    return;

  engine = care_sync_engine_new (care_store_get_path (self->store), url, &error);
  if (engine == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Sync could not start: %s"), error->message);

      g_warning ("Could not start the sync engine: %s", error->message);
      care_window_add_toast (self, adw_toast_new (text));
      return;
    }

  g_signal_connect_object (engine, "records-changed",
                           G_CALLBACK (on_engine_records_changed_cb), self, 0);
  g_signal_connect_object (engine, "tokens-changed",
                           G_CALLBACK (on_engine_tokens_changed_cb), self, 0);

  care_session_set_sync_engine (self->session, engine);
  care_sync_indicator_set_engine (self->sync_indicator, engine);

  g_clear_object (&self->sync_cancellable);
  self->sync_cancellable = g_cancellable_new ();

  if (online != NULL)
    {
      care_sync_engine_set_tokens (engine, online->access_token, online->refresh_token);
      care_sync_engine_start (engine);
      care_window_keep_refresh_token (self);
    }
  else
    {
      /* Offline: the refresh token of an earlier online sign-in, if the
       * keyring kept one, lets sync resume when the server is back. */
      care_secret_lookup_async (url, user_id, self->sync_cancellable,
                                on_secret_found_cb, self);
    }
}

/* forget: the person signed out: the kept sign-in goes too. Quitting (or a
 * crash) keeps it for an offline sign-in after the next start. */

void
_care_window_stop_sync (CareWindow *self,
                       gboolean    forget)
{
  CareSyncEngine *engine = self->session ? care_session_get_sync_engine (self->session) : NULL;

  if (self->sync_cancellable != NULL)
    {
      g_cancellable_cancel (self->sync_cancellable);
      g_clear_object (&self->sync_cancellable);
    }

  if (self->sync_indicator != NULL)
    care_sync_indicator_set_engine (self->sync_indicator, NULL);

  if (engine == NULL)
    return;

  g_signal_handlers_disconnect_by_data (engine, self);
  /* Signing out ends the server's session too; a lock keeps it. */
  if (forget)
    care_sync_engine_sign_out (engine, NULL, NULL);
  care_sync_engine_stop (engine);

  if (forget)
    care_secret_clear_async (care_sync_engine_get_base_url (engine),
                             care_session_get_user_id (self->session),
                             NULL, NULL, NULL);

  care_session_set_sync_engine (self->session, NULL);
}

static void
care_window_start_session (CareWindow      *self,
                           CareRecord      *user,
                           CareSyncSession *online)
{
  g_assert (self->session == NULL);

  _care_window_ensure_workspace (self);

  self->session = care_session_new (self->store, user);
  self->locked = FALSE;

  g_settings_set_string (self->settings, "last-username",
                         care_record_get (user, "username"));

  care_window_start_sync (self, online);
  care_alert_banner_set_session (self->alert_banner, self->session);
  care_notification_bell_set_session (self->notification_bell, self->session);

  _care_window_update_user (self);
  _care_window_build_pages (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->toast_overlay), TRUE);
  _care_window_set_mode (self, "main");

  _care_window_note_activity (self);
  _care_window_schedule_idle_lock (self);
}

void
_care_window_end_session (CareWindow *self,
                         gboolean    forget_sync)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  g_clear_handle_id (&self->permissions_source, g_source_remove);

  if (self->session == NULL)
    return;

  g_debug ("Signing out %s", care_session_get_user_id (self->session));

  _care_window_stop_sync (self, forget_sync);
  _care_window_destroy_dependents (self);
  _care_window_destroy_pages (self);

  care_store_set_actor (self->store, NULL);
  care_alert_banner_set_session (self->alert_banner, NULL);
  care_notification_bell_set_session (self->notification_bell, NULL);
  g_clear_object (&self->session);
  self->locked = FALSE;
}

gboolean
_care_window_sign_out_idle (gpointer user_data)
{
  CareWindow *self = user_data;

  self->rebuild_source = 0;

  if (self->session != NULL)
    {
      _care_window_end_session (self, TRUE);
      _care_window_show_signin (self, NULL);
    }

  return G_SOURCE_REMOVE;
}

gboolean
_care_window_has_server (CareWindow *self)
{
  g_autofree char *url = care_sync_get_server_url (self->store);

  /* Connected, though the clinic's own record may not have arrived yet. */
  return url != NULL;
}

void
care_window_connect_server (CareWindow *self,
                            const char *url)
{
  g_autofree char *last = NULL;
  CareSigninPage *page;

  g_return_if_fail (CARE_IS_WINDOW (self));
  g_return_if_fail (url != NULL);

  if (self->session != NULL)
    _care_window_end_session (self, TRUE);

  care_secret_warm_up ();

  last = g_settings_get_string (self->settings, "last-username");
  page = _care_window_ensure_signin_page (self);
  care_signin_page_connect (page, url, last);
  _care_window_set_mode (self, "signin");
  care_signin_page_focus (page);
}

static void
on_setup_page_finished_cb (CareSetupPage *page,
                           const char    *username,
                           CareWindow    *self)
{
  _care_window_update_title (self);
  _care_window_show_signin (self, username);
}

/* Signed in: the page goes until the window shows it again (locking,
 * signing out), and the workspace built next takes its memory. Called
 * from the page's own "signed-in", whose emission holds it until the
 * handler returns; disposed now, its widgets go at once, before the
 * workspace and the list are built, which the heap would otherwise grow
 * for (BENCHMARKS.md, "The app window", memory5). The page does nothing
 * after emitting. */
static void
care_window_drop_signin_page (CareWindow *self)
{
  g_autoptr(CareSigninPage) page = NULL;

  if (self->signin_page == NULL)
    return;

  page = g_object_ref (g_steal_pointer (&self->signin_page));
  gtk_stack_remove (self->mode_stack, GTK_WIDGET (page));
  g_object_run_dispose (G_OBJECT (page));
}

static void
on_signin_page_signed_in_cb (CareSigninPage *page,
                             CareRecord     *user,
                             CareWindow     *self)
{
  g_autoptr(CareSyncSession) online = care_signin_page_steal_sync_session (page);

  care_window_drop_signin_page (self);

  if (self->locked && self->session != NULL &&
      g_strcmp0 (care_record_get_id (user), care_session_get_user_id (self->session)) == 0)
    {
      CareSyncEngine *engine = care_session_get_sync_engine (self->session);

      care_session_set_user (self->session, user);

      /* Unlocking signed in online again (the sync sign-in had ended):
       * sync resumes with the new session. */
      if (online != NULL && engine != NULL)
        {
          care_sync_engine_set_tokens (engine, online->access_token, online->refresh_token);
          care_window_keep_refresh_token (self);
        }

      _care_window_unlock (self);
      return;
    }

  _care_window_end_session (self, TRUE);
  care_window_start_session (self, user, online);
  _care_window_update_title (self);
}

static void
on_signin_page_connect_cancelled_cb (CareSigninPage *page,
                                     CareWindow     *self)
{
  g_autoptr(CareRecord) clinic = care_store_get_clinic (self->store);
  g_autofree char *last = NULL;

  if (clinic == NULL && care_sync_get_server_url (self->store) == NULL)
    {
      care_setup_page_reset (_care_window_ensure_setup_page (self));
      _care_window_set_mode (self, "setup");
      return;
    }

  last = g_settings_get_string (self->settings, "last-username");
  _care_window_show_signin (self, last);
}

static void
on_setup_page_connect_server_cb (CareSetupPage *page,
                                 const char    *url,
                                 CareWindow    *self)
{
  care_window_connect_server (self, url);
}

/* Made the first time the window shows it: a store with a clinic (every
 * start but the first) never does. */
CareSetupPage *
_care_window_ensure_setup_page (CareWindow *self)
{
  if (self->setup_page != NULL)
    return self->setup_page;

  self->setup_page = g_object_new (CARE_TYPE_SETUP_PAGE, NULL);
  g_signal_connect_object (self->setup_page, "finished",
                           G_CALLBACK (on_setup_page_finished_cb), self, 0);
  g_signal_connect_object (self->setup_page, "connect-server",
                           G_CALLBACK (on_setup_page_connect_server_cb), self, 0);
  care_setup_page_set_store (self->setup_page, self->store);
  gtk_stack_add_named (self->mode_stack, GTK_WIDGET (self->setup_page), "setup");

  return self->setup_page;
}

/* Made when the window shows it: at start, to lock, after signing out. */
CareSigninPage *
_care_window_ensure_signin_page (CareWindow *self)
{
  if (self->signin_page != NULL)
    return self->signin_page;

  self->signin_page = g_object_new (CARE_TYPE_SIGNIN_PAGE, NULL);
  g_signal_connect_object (self->signin_page, "signed-in",
                           G_CALLBACK (on_signin_page_signed_in_cb), self, 0);
  g_signal_connect_object (self->signin_page, "connect-cancelled",
                           G_CALLBACK (on_signin_page_connect_cancelled_cb), self, 0);
  care_signin_page_set_store (self->signin_page, self->store);
  gtk_stack_add_named (self->mode_stack, GTK_WIDGET (self->signin_page), "signin");

  return self->signin_page;
}
