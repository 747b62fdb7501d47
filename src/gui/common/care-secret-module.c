/* care-secret-module.c: the caredesk-secret module, libsecret behind care-secret-backend.h
 *
 * Built as a shared module linking libsecret (and through it libgcrypt),
 * loaded by care-secret.c when the keyring is first needed: a workstation
 * that does not sync never maps them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-secret"

#include <gmodule.h>
#include <libsecret/secret.h>

#include "care-secret-backend.h"

static const SecretSchema session_schema = {
  "io.github.caredesk.Caredesk.Session", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

/* --- is there a default keyring, unlocked? -------------------------------- */

static void
on_probe_collection_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretCollection) collection = secret_collection_for_alias_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (collection == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "there is no default keyring");
  else if (secret_collection_get_locked (collection))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "the default keyring is locked");
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_probe_service_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_finish (result, &error);

  if (service == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* SECRET_COLLECTION_NONE: only look, never create a collection. */
  secret_collection_for_alias (service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                               g_task_get_cancellable (task), on_probe_collection_cb, task);
}

static void
secret_probe (GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_name (task, "[caredesk] keyring probe");
  secret_service_get (SECRET_SERVICE_NONE, cancellable, on_probe_service_cb, task);
}

static gboolean
secret_probe_finish (GAsyncResult  *result,
                     GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- the token ------------------------------------------------------------ */

static void
secret_store (const char          *server,
              const char          *user,
              const char          *label,
              const char          *token,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  secret_password_store (&session_schema, SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, callback, user_data,
                         "server", server, "user", user, NULL);
}

static void
secret_lookup (const char          *server,
               const char          *user,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  secret_password_lookup (&session_schema, cancellable, callback, user_data,
                          "server", server, "user", user, NULL);
}

static void
secret_clear (const char          *server,
              const char          *user,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  secret_password_clear (&session_schema, cancellable, callback, user_data,
                         "server", server, "user", user, NULL);
}

static const CareSecretBackend backend = {
  .version = CARE_SECRET_BACKEND_VERSION,
  .probe = secret_probe,
  .probe_finish = secret_probe_finish,
  .store = secret_store,
  .store_finish = secret_password_store_finish,
  .lookup = secret_lookup,
  .lookup_finish = secret_password_lookup_finish,
  .clear = secret_clear,
  .clear_finish = secret_password_clear_finish,
};

G_MODULE_EXPORT const CareSecretBackend *care_secret_backend_get (void);

G_MODULE_EXPORT const CareSecretBackend *
care_secret_backend_get (void)
{
  return &backend;
}
