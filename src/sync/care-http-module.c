/* care-http-module.c: the caredesk-http module, libsoup behind care-http-backend.h
 *
 * Built as a shared module linking libsoup (and, through it, Kerberos,
 * nghttp2, libpsl and eight more libraries), loaded by care-http.c when a
 * workstation first talks to a server: one that never syncs never maps
 * them, and none is loaded before the first frame (BENCHMARKS.md, "The
 * app window").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-http"

#include <gmodule.h>
#include <libsoup/soup.h>

#include "care-http-backend.h"

static GObject *
http_session_new (guint       timeout,
                  guint       idle_timeout,
                  const char *user_agent)
{
  return G_OBJECT (soup_session_new_with_options ("timeout", timeout,
                                                  "idle-timeout", idle_timeout,
                                                  "user-agent", user_agent,
                                                  NULL));
}

static void
http_session_abort (GObject *session)
{
  soup_session_abort (SOUP_SESSION (session));
}

/* A message to url with headers, or NULL and an error. */
static SoupMessage *
message_new (const char        *method,
             const char        *url,
             const char *const *headers,
             GError           **error)
{
  SoupMessage *msg = soup_message_new (method, url);

  if (msg == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "“%s” is not an http(s) address", url);
      return NULL;
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i], headers[i + 1]);
  return msg;
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    data)
{
  g_hash_table_replace (data, g_ascii_strdown (name, -1), g_strdup (value));
}

static GBytes *
http_send_and_read (GObject            *session,
                    const char         *method,
                    const char         *url,
                    const char *const  *headers,
                    GBytes             *json_body,
                    guint              *status,
                    GHashTable        **response_headers,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr(SoupMessage) msg = message_new (method, url, headers, error);
  GBytes *bytes;

  *status = 0;
  *response_headers = NULL;
  if (msg == NULL)
    return NULL;
  if (json_body)
    soup_message_set_request_body_from_bytes (msg, "application/json", json_body);
  bytes = soup_session_send_and_read (SOUP_SESSION (session), msg, cancellable, error);
  if (bytes == NULL)
    return NULL;
  *status = soup_message_get_status (msg);
  *response_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  soup_message_headers_foreach (soup_message_get_response_headers (msg), copy_header, *response_headers);
  return bytes;
}

/* --- asynchronous: a task whose data is the message --------------------- */

static GTask *
message_task_new (GObject             *session,
                  const char          *method,
                  const char          *url,
                  const char *const   *headers,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (session, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  SoupMessage *msg = message_new (method, url, headers, &error);

  if (msg == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }
  g_task_set_task_data (task, msg, g_object_unref);
  return g_steal_pointer (&task);
}

static gpointer
message_task_finish (GAsyncResult  *result,
                     guint         *status,
                     GError       **error)
{
  SoupMessage *msg = g_task_get_task_data (G_TASK (result));

  *status = msg ? soup_message_get_status (msg) : 0;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Takes task: finished with what libsoup's call gave, an object or error. */
static void
task_return (GTask    *task,
             gpointer  object,
             GError   *error)
{
  if (object == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, object, g_object_unref);
  g_object_unref (task);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      task)
{
  GError *error = NULL;
  GInputStream *stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);

  task_return (task, stream, error);
}

static void
http_send_async (GObject             *session,
                 const char          *method,
                 const char          *url,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = message_task_new (session, method, url, NULL, cancellable, callback, user_data);

  if (task != NULL)
    soup_session_send_async (SOUP_SESSION (session), g_task_get_task_data (task), G_PRIORITY_DEFAULT,
                             cancellable, on_sent, task);
}

static GInputStream *
http_send_finish (GObject       *session,
                  GAsyncResult  *result,
                  guint         *status,
                  GError       **error)
{
  return message_task_finish (result, status, error);
}

static void
on_websocket_connected (GObject      *source,
                        GAsyncResult *result,
                        gpointer      task)
{
  GError *error = NULL;
  SoupWebsocketConnection *connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                                               &error);

  task_return (task, connection, error);
}

static void
http_websocket_connect_async (GObject             *session,
                              const char          *url,
                              const char *const   *headers,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = message_task_new (session, "GET", url, headers, cancellable, callback, user_data);

  if (task != NULL)
    soup_session_websocket_connect_async (SOUP_SESSION (session), g_task_get_task_data (task), NULL, NULL,
                                          G_PRIORITY_DEFAULT, cancellable, on_websocket_connected, task);
}

static GObject *
http_websocket_connect_finish (GObject       *session,
                               GAsyncResult  *result,
                               guint         *status,
                               GError       **error)
{
  return message_task_finish (result, status, error);
}

/* --- a live socket ------------------------------------------------------- */

static void
http_websocket_close (GObject *connection,
                      gushort  code)
{
  if (soup_websocket_connection_get_state (SOUP_WEBSOCKET_CONNECTION (connection)) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (SOUP_WEBSOCKET_CONNECTION (connection), code, NULL);
}

static gushort
http_websocket_get_close_code (GObject *connection)
{
  return soup_websocket_connection_get_close_code (SOUP_WEBSOCKET_CONNECTION (connection));
}

static void
http_websocket_set_keepalive (GObject *connection,
                              guint    seconds)
{
  soup_websocket_connection_set_keepalive_interval (SOUP_WEBSOCKET_CONNECTION (connection), seconds);
}

static const CareHttpBackend backend = {
  .version = CARE_HTTP_BACKEND_VERSION,
  .session_new = http_session_new,
  .session_abort = http_session_abort,
  .send_and_read = http_send_and_read,
  .send_async = http_send_async,
  .send_finish = http_send_finish,
  .websocket_connect_async = http_websocket_connect_async,
  .websocket_connect_finish = http_websocket_connect_finish,
  .websocket_close = http_websocket_close,
  .websocket_get_close_code = http_websocket_get_close_code,
  .websocket_set_keepalive = http_websocket_set_keepalive,
};

G_MODULE_EXPORT const CareHttpBackend *care_http_backend_get (void);

G_MODULE_EXPORT const CareHttpBackend *
care_http_backend_get (void)
{
  return &backend;
}
