/* care-http.c: HTTP and a live socket, libsoup loaded on first use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-http"

#include "config.h"

#include "care-http-backend.h"
#include "care-http.h"
#include "care-module.h"

struct _CareHttpSession
{
  const CareHttpBackend *backend;   /* NULL: the module could not be loaded */
  GObject               *session;
};

/* Loaded once and kept (libsoup registers types that cannot go away); a
 * failure is kept too, and told to every request. */
static const CareHttpBackend *
load_backend (GError **error)
{
  return care_module_load ("caredesk-http", "src/sync", CARE_HTTP_BACKEND_SYMBOL,
                           CARE_HTTP_BACKEND_VERSION, error);
}

CareHttpSession *
care_http_session_new (guint timeout,
                       guint idle_timeout)
{
  CareHttpSession *self = g_new0 (CareHttpSession, 1);

  self->backend = load_backend (NULL);
  if (self->backend != NULL)
    self->session = self->backend->session_new (timeout, idle_timeout, "Caredesk/" PACKAGE_VERSION);
  return self;
}

void
care_http_session_free (CareHttpSession *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->session);
  g_free (self);
}

void
care_http_session_abort (CareHttpSession *self)
{
  g_return_if_fail (self != NULL);

  if (self->backend != NULL)
    self->backend->session_abort (self->session);
}

/* The session's backend, or NULL and the module's failure. */
static const CareHttpBackend *
usable (CareHttpSession  *self,
        GError          **error)
{
  return self->backend != NULL ? self->backend : load_backend (error);
}

GBytes *
care_http_send_and_read (CareHttpSession    *self,
                         const char         *method,
                         const char         *url,
                         const char *const  *headers,
                         GBytes             *json_body,
                         guint              *status,
                         GHashTable        **response_headers,
                         GCancellable       *cancellable,
                         GError            **error)
{
  const CareHttpBackend *backend;

  g_return_val_if_fail (self != NULL && method != NULL && url != NULL, NULL);
  g_return_val_if_fail (status != NULL && response_headers != NULL, NULL);

  *status = 0;
  *response_headers = NULL;
  if ((backend = usable (self, error)) == NULL)
    return NULL;
  return backend->send_and_read (self->session, method, url, headers, json_body, status, response_headers,
                                 cancellable, error);
}

/* An async call on a session whose module failed: the failure, in a
 * task of the session's own source tag. */
static void
return_unusable (gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);
  load_backend (&error);
  g_task_return_error (task, error);
}

/* The result of an async call made through return_unusable()? */
static gboolean
is_unusable (GAsyncResult *result,
             gpointer      source_tag)
{
  return G_IS_TASK (result) && g_task_get_source_tag (G_TASK (result)) == source_tag;
}

void
care_http_get_async (CareHttpSession     *self,
                     const char          *url,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (self != NULL && url != NULL);

  if (self->backend == NULL)
    return_unusable (care_http_get_async, cancellable, callback, user_data);
  else
    self->backend->send_async (self->session, "GET", url, cancellable, callback, user_data);
}

GInputStream *
care_http_get_finish (CareHttpSession  *self,
                      GAsyncResult     *result,
                      guint            *status,
                      GError          **error)
{
  g_return_val_if_fail (self != NULL && status != NULL, NULL);

  *status = 0;
  if (is_unusable (result, care_http_get_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return self->backend->send_finish (self->session, result, status, error);
}

void
care_http_websocket_connect_async (CareHttpSession     *self,
                                   const char          *url,
                                   const char *const   *headers,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (self != NULL && url != NULL);

  if (self->backend == NULL)
    return_unusable (care_http_websocket_connect_async, cancellable, callback, user_data);
  else
    self->backend->websocket_connect_async (self->session, url, headers, cancellable, callback, user_data);
}

GObject *
care_http_websocket_connect_finish (CareHttpSession  *self,
                                    GAsyncResult     *result,
                                    guint            *status,
                                    GError          **error)
{
  g_return_val_if_fail (self != NULL && status != NULL, NULL);

  *status = 0;
  if (is_unusable (result, care_http_websocket_connect_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return self->backend->websocket_connect_finish (self->session, result, status, error);
}

/* A connection exists only where the module was loaded. */
static const CareHttpBackend *
loaded (void)
{
  const CareHttpBackend *backend = load_backend (NULL);

  g_assert (backend != NULL);
  return backend;
}

void
care_http_websocket_close (GObject *connection,
                           gushort  code)
{
  g_return_if_fail (G_IS_OBJECT (connection));
  loaded ()->websocket_close (connection, code);
}

gushort
care_http_websocket_get_close_code (GObject *connection)
{
  g_return_val_if_fail (G_IS_OBJECT (connection), 0);
  return loaded ()->websocket_get_close_code (connection);
}

void
care_http_websocket_set_keepalive (GObject *connection,
                                   guint    seconds)
{
  g_return_if_fail (G_IS_OBJECT (connection));
  loaded ()->websocket_set_keepalive (connection, seconds);
}
