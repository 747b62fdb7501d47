/* care-http-backend.h: what the caredesk-http module gives care-http.c
 *
 * Private to the two: the module's one exported symbol returns this
 * table. A session is the module's GObject (a SoupSession), a live
 * socket its SoupWebsocketConnection, whose "message" and "closed"
 * signals are connected by name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CARE_HTTP_BACKEND_SYMBOL  "care_http_backend_get"
#define CARE_HTTP_BACKEND_VERSION 1

/* Each call that takes a url fails with G_IO_ERROR_INVALID_ARGUMENT when
 * it is not an http(s) address. headers: name, value, …, NULL (may be
 * NULL). status: the answer's HTTP status, 0 when none came. */
typedef struct
{
  guint          version;
  GObject      *(*session_new)   (guint timeout, guint idle_timeout, const char *user_agent);
  void          (*session_abort) (GObject *session);
  /* The whole answer; response_headers: lower-case name -> value. */
  GBytes       *(*send_and_read) (GObject *session, const char *method, const char *url,
                                  const char *const *headers, GBytes *json_body,
                                  guint *status, GHashTable **response_headers,
                                  GCancellable *cancellable, GError **error);
  /* The answer's body as a stream, once its head has come. */
  void          (*send_async)    (GObject *session, const char *method, const char *url,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data);
  GInputStream *(*send_finish)   (GObject *session, GAsyncResult *result, guint *status,
                                  GError **error);
  void          (*websocket_connect_async)  (GObject *session, const char *url,
                                             const char *const *headers, GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
  GObject      *(*websocket_connect_finish) (GObject *session, GAsyncResult *result,
                                             guint *status, GError **error);
  /* Closes it with code if it is open. */
  void          (*websocket_close)          (GObject *connection, gushort code);
  gushort       (*websocket_get_close_code) (GObject *connection);
  void          (*websocket_set_keepalive)  (GObject *connection, guint seconds);
} CareHttpBackend;

typedef const CareHttpBackend *(*CareHttpBackendGetFunc) (void);

G_END_DECLS
