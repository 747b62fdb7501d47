/* care-sync-login.c: signing in with the clinic server (docs/sync.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-sync"

#include "config.h"

#include <sodium.h>
#include <glib/gi18n-lib.h>

#include "care-sync-client.h"
#include "care-store-sync.h"

void
care_sync_session_free (CareSyncSession *session)
{
  if (session == NULL)
    return;
  if (session->access_token)
    sodium_memzero (session->access_token, strlen (session->access_token));
  if (session->refresh_token)
    sodium_memzero (session->refresh_token, strlen (session->refresh_token));
  g_free (session->access_token);
  g_free (session->refresh_token);
  g_free (session->user_id);
  g_free (session->tenant_id);
  g_free (session->role);
  g_clear_pointer (&session->user, json_object_unref);
  g_free (session);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static CareSyncSession *
session_from_data (JsonObject *data)
{
  /* A patient's session names the patient where staff's name the user. */
  JsonNode *user_node = data ? json_object_get_member (data, json_object_has_member (data, "user") ? "user" : "patient") : NULL;
  JsonObject *user = user_node && JSON_NODE_HOLDS_OBJECT (user_node) ? json_node_get_object (user_node) : NULL;
  const char *access = string_member (data, "access_token");
  const char *user_id = string_member (user, CARE_COLUMN_ID);
  const char *tenant = string_member (data, "tenant_id");
  CareSyncSession *session;

  if (tenant == NULL)
    tenant = string_member (user, CARE_COLUMN_TENANT);
  if (access == NULL || user_id == NULL || tenant == NULL)
    return NULL;

  session = g_new0 (CareSyncSession, 1);
  session->access_token = g_strdup (access);
  session->refresh_token = g_strdup (string_member (data, "refresh_token"));
  session->user_id = g_strdup (user_id);
  session->tenant_id = g_strdup (tenant);
  session->role = g_strdup (string_member (data, "role") ? string_member (data, "role") : string_member (user, "role"));
  session->user = json_object_ref (user);
  return session;
}

gboolean
care_sync_sign_out (const char   *base_url,
                    const char   *access_token,
                    GCancellable *cancellable,
                    GError      **error)
{
  g_autoptr(CareHttpSession) soup = NULL;
  g_autoptr(CareSyncResponse) response = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (base_url != NULL, FALSE);
  g_return_val_if_fail (access_token != NULL, FALSE);

  soup = care_sync_session_new (CARE_SYNC_DEFAULT_TIMEOUT);
  url = care_sync_api_url (base_url, "/auth/logout");
  response = care_sync_request (soup, "POST", url, access_token, NULL, cancellable, error);
  if (response == NULL)
    return FALSE;
  /* 401: the session had ended already, which is what was asked. */
  if (response->status == SOUP_STATUS_NO_CONTENT || response->status == SOUP_STATUS_UNAUTHORIZED)
    return TRUE;
  care_sync_set_status_error (error, response);
  return FALSE;
}

static CareSyncSession *
login_at (const char   *base_url,
          const char   *path,
          const char   *login,
          const char   *password,
          GCancellable *cancellable,
          GError      **error);

CareSyncSession *
care_sync_login (const char   *base_url,
                 const char   *login,
                 const char   *password,
                 GCancellable *cancellable,
                 GError      **error)
{
  return login_at (base_url, "/auth/login", login, password, cancellable, error);
}

CareSyncSession *
care_sync_login_patient (const char   *base_url,
                         const char   *login,
                         const char   *password,
                         GCancellable *cancellable,
                         GError      **error)
{
  return login_at (base_url, "/auth/login/patient", login, password, cancellable, error);
}

static CareSyncSession *
login_at (const char   *base_url,
          const char   *path,
          const char   *login,
          const char   *password,
          GCancellable *cancellable,
          GError      **error)
{
  g_autoptr(CareHttpSession) soup = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(CareSyncResponse) response = NULL;
  g_autofree char *url = NULL;
  CareSyncSession *session;

  g_return_val_if_fail (base_url != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login ? login : "");
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password ? password : "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = care_sync_json_bytes (root);
  /* The builder's copy of the password is gone with it; the body's goes
   * with the request. */

  soup = care_sync_session_new (CARE_SYNC_DEFAULT_TIMEOUT);
  url = care_sync_api_url (base_url, path);
  response = care_sync_request (soup, "POST", url, NULL, body, cancellable, error);
  sodium_memzero ((gpointer) g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  if (response == NULL)
    return NULL;

  switch (response->status)
    {
    case SOUP_STATUS_OK:
      session = session_from_data (care_sync_response_data (response));
      if (session == NULL)
        {
          g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_SERVER,
                               _("The clinic server’s answer to the sign-in is not one this workstation understands."));
          return NULL;
        }
      return session;

    case SOUP_STATUS_UNAUTHORIZED:
      g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_AUTH,
                           _("That username or password is not right."));
      return NULL;

    case SOUP_STATUS_BAD_REQUEST:
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      /* A login the server cannot take as it is (empty, or one that
       * several clinics share): another try offline would not help. */
      g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_AUTH,
                           care_sync_response_message (response)
                           ? care_sync_response_message (response)
                           : _("That username or password is not right."));
      return NULL;

    case SOUP_STATUS_FORBIDDEN:
      g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_FORBIDDEN,
                           _("This account has been deactivated. Ask an administrator to reactivate it."));
      return NULL;

    case CARE_HTTP_TOO_MANY_REQUESTS:
      {
        guint seconds = MAX (response->retry_after, 1);

        g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_THROTTLED,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Too many wrong passwords. Try again in %u second.",
                                  "Too many wrong passwords. Try again in %u seconds.",
                                  seconds),
                     seconds);
      }
      return NULL;

    default:
      care_sync_set_status_error (error, response);
      return NULL;
    }
}

typedef struct {
  char *base_url;
  char *login;
  char *password;
} Login;

static void
login_free (Login *l)
{
  g_free (l->base_url);
  g_free (l->login);
  if (l->password)
    sodium_memzero (l->password, strlen (l->password));
  g_free (l->password);
  g_free (l);
}

static void
login_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Login *l = task_data;
  GError *error = NULL;
  CareSyncSession *session = care_sync_login (l->base_url, l->login, l->password, cancellable, &error);

  if (session)
    g_task_return_pointer (task, session, (GDestroyNotify) care_sync_session_free);
  else
    g_task_return_error (task, error);
}

void
care_sync_login_async (const char         *base_url,
                       const char         *login,
                       const char         *password,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Login *l = g_new0 (Login, 1);

  g_return_if_fail (base_url != NULL);

  l->base_url = g_strdup (base_url);
  l->login = g_strdup (login);
  l->password = g_strdup (password ? password : "");
  g_task_set_source_tag (task, care_sync_login_async);
  g_task_set_task_data (task, l, (GDestroyNotify) login_free);
  g_task_run_in_thread (task, login_thread);
}

CareSyncSession *
care_sync_login_finish (GAsyncResult *result,
                        GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The local verifier: the Argon2id hash care-accounts checks offline. */
static char *
local_verifier (const char *password,
                GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  char *hash = care_password_hash (password, &local_error);
  char buf[crypto_pwhash_STRBYTES];

  if (hash)
    return hash;
  if (!g_error_matches (local_error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_WEAK_PASSWORD) ||
      password == NULL || sodium_init () < 0)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  /* The server took a password this workstation's rules would not (they
   * may differ); the verifier is made the same way regardless. */
  if (crypto_pwhash_str_alg (buf, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_strdup (buf);
}

gboolean
care_sync_adopt_session (CareStore       *store,
                         const char      *base_url,
                         CareSyncSession *session,
                         const char      *password,
                         GError         **error)
{
  const CareEntity *users = care_schema_lookup ("user");
  const char *tenant;
  g_autofree char *standalone = NULL;
  g_autofree char *verifier = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (base_url != NULL, FALSE);
  g_return_val_if_fail (session != NULL && session->user != NULL, FALSE);

  tenant = care_store_get_tenant_id (store);
  standalone = care_sync_get_server_url (store);
  if (tenant && g_strcmp0 (tenant, session->tenant_id) != 0 && standalone != NULL)
    {
      g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_FORBIDDEN,
                           _("This workstation keeps the records of another clinic. Sign in with an account of that clinic."));
      return FALSE;
    }

  /* Slow on purpose (Argon2id); before the transaction, so that the store
   * is not locked meanwhile. */
  verifier = local_verifier (password, error);
  if (verifier == NULL)
    return FALSE;

  /* The user's row as the server sent it, in this clinic. */
  user = json_object_new ();
  {
    g_autoptr(GList) members = json_object_get_members (session->user);

    for (GList *l = members; l; l = l->next)
      json_object_set_member (user, l->data, json_node_copy (json_object_get_member (session->user, l->data)));
  }
  json_object_set_string_member (user, CARE_COLUMN_TENANT, session->tenant_id);
  json_object_set_string_member (user, CARE_COLUMN_ID, session->user_id);

  if (!care_store_begin (store, error))
    return FALSE;
  if (!care_store_sync_join_clinic (store, session->tenant_id, error))
    goto failed;
  if (!care_store_sync_upsert (store, users, user, NULL, error) ||
      !care_store_sync_set_secret (store, users, session->user_id, "password_hash", verifier, error) ||
      !care_store_sync_set_secret (store, users, session->user_id, "failed_logins", "0", error) ||
      !care_store_sync_set_secret (store, users, session->user_id, "last_failed_login", NULL, error) ||
      !care_store_set_meta (store, "server_url", base_url, error))
    goto failed;
  care_store_note_external (store, users, session->user_id);
  if (!care_store_commit (store, &local_error))
    {
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_STORE, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;

failed:
  care_store_rollback (store);
  if (error && *error && (*error)->domain != CARE_SYNC_ERROR)
    {
      GError *e = *error;

      *error = g_error_new_literal (CARE_SYNC_ERROR, CARE_SYNC_ERROR_STORE, e->message);
      g_error_free (e);
    }
  return FALSE;
}

char *
care_sync_get_server_url (CareStore *store)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  url = care_store_get_meta (store, "server_url");
  return url && url[0] ? g_steal_pointer (&url) : NULL;
}
