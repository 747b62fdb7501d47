/* care-http.h: HTTP and a live socket, libsoup loaded on first use
 *
 * The workstation's one way to the network. libsoup and the eleven
 * libraries it brings are in the caredesk-http module (care-module.h),
 * opened by the first session made: a workstation that never talks to a
 * server never maps them, and the app's first frame never waits for
 * them. When the module cannot be loaded (warned about once), every
 * request fails with G_IO_ERROR_NOT_SUPPORTED. Callers may name HTTP
 * statuses and close codes with libsoup's macros (SOUP_STATUS_OK,
 * SOUP_WEBSOCKET_CLOSE_NORMAL): its headers are compiled against, its
 * library is never linked outside the module (src/sync/meson.build).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _CareHttpSession CareHttpSession;

/* timeout: seconds a request may wait for an answer; idle_timeout: how
 * long an unused connection is kept. The user agent is Caredesk's. */
CareHttpSession *care_http_session_new   (guint            timeout,
                                          guint            idle_timeout);
void             care_http_session_free  (CareHttpSession *session);
/* Cancels every request in flight and closes the connections. */
void             care_http_session_abort (CareHttpSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareHttpSession, care_http_session_free)

/* One request and its whole answer. headers: name, value, …, NULL (may
 * be NULL); json_body may be NULL. NULL when no answer came; then
 * *status is 0. response_headers: lower-case name -> value. */
GBytes          *care_http_send_and_read (CareHttpSession    *session,
                                          const char         *method,
                                          const char         *url,
                                          const char *const  *headers,
                                          GBytes             *json_body,
                                          guint              *status,
                                          GHashTable        **response_headers,
                                          GCancellable       *cancellable,
                                          GError            **error);

/* A GET whose answer's body is read as a stream once its head came. */
void             care_http_get_async     (CareHttpSession    *session,
                                          const char         *url,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
GInputStream    *care_http_get_finish    (CareHttpSession    *session,
                                          GAsyncResult       *result,
                                          guint              *status,
                                          GError            **error);

/* A live socket (a WebSocket): the object has the signals
 * "message" (GObject *, gint type, GBytes *message, gpointer) and
 * "closed" (GObject *, gpointer). *status is the handshake's answer
 * (401 for an expired token), 0 if none. */
void             care_http_websocket_connect_async  (CareHttpSession    *session,
                                                     const char         *url,
                                                     const char *const  *headers,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
GObject         *care_http_websocket_connect_finish (CareHttpSession    *session,
                                                     GAsyncResult       *result,
                                                     guint              *status,
                                                     GError            **error);
/* Closes it with code if it is open. */
void             care_http_websocket_close          (GObject            *connection,
                                                     gushort             code);
gushort          care_http_websocket_get_close_code (GObject            *connection);
void             care_http_websocket_set_keepalive  (GObject            *connection,
                                                     guint               seconds);

G_END_DECLS
