/* care-test-proxy.c: an HTTP proxy between a workstation and the server, with faults
 *
 * Everything that touches libsoup happens in the proxy's own thread, in its
 * own GMainContext; the test's thread only changes the fault table and
 * reads counters (under the lock), or hands a function to the proxy's
 * thread and waits for it (run_in_proxy ()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "care-test-proxy.h"

#define LIVE_PATH "/api/v1/sync/live"

typedef struct {
  CareTestProxyRule rule;     /* path_prefix owned */
  guint             skipped;
  guint             used;
} Fault;

typedef struct _Forward Forward;

struct _CareTestProxy {
  char         *upstream;
  char         *url;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;

  /* Proxy thread only. */
  SoupServer   *server;
  SoupSession  *session;
  GPtrArray    *stalled;      /* SoupServerMessage: half-open, never answered */
  Forward      *held;         /* REORDER: waiting for the next request */
  char         *held_prefix;
  GSource      *held_timeout;
  GPtrArray    *ws_pairs;     /* WsPair, open */
  GPtrArray    *ws_dead;      /* WsPair, closed: freed with the proxy */
  gboolean      stopping;

  /* Under lock. */
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  GPtrArray    *faults;       /* Fault */
  char         *route_prefix; /* requests under it go to route_upstream */
  char         *route_upstream;
  GRand        *rand;         /* the chances of rules with a percent */
  guint         faulted[CARE_TEST_PROXY_N_FAULTS];
  GHashTable   *seen;         /* path -> count */
  GHashTable   *sent;         /* path -> count */
  GHashTable   *answered;     /* path -> count */
  GHashTable   *last_seen;    /* path -> gint64 * (monotonic µs) */
  guint         ws_drop;
  guint         ws_duplicate;
  guint         ws_accepted;
  guint         ws_open;
  guint         ws_received;
  guint         ws_relayed;
  guint         ws_dropped;
};

struct _Forward {
  CareTestProxy     *proxy;
  SoupServerMessage *msg;
  char              *path;
  gboolean           faulted;
  CareTestProxyRule  rule;     /* path_prefix not kept */
  SoupMessage       *first;    /* the upstream request whose answer is used */
  GBytes            *body;
  GError            *error;
  guint              outstanding;
  gboolean           replayed; /* DUPLICATE_LATE: the second copy is sent */
  Forward           *after;    /* REORDER: forwarded once this one is answered */
};

typedef struct {
  CareTestProxy           *proxy;
  SoupWebsocketConnection *client;
  SoupWebsocketConnection *upstream;
  GPtrArray               *queued;  /* server messages before the client was ready */
  gboolean                 closed;
} WsPair;

/* --- helpers ------------------------------------------------------------ */

static gboolean
prefix_matches (const char *prefix,
                const char *path)
{
  return prefix == NULL || g_str_has_prefix (path, prefix);
}

static void
bump (GHashTable *table,
      const char *path)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (table, path));

  g_hash_table_insert (table, g_strdup (path), GUINT_TO_POINTER (n + 1));
}

static guint
sum_prefix (GHashTable *table,
            const char *prefix)
{
  GHashTableIter iter;
  gpointer key, value;
  guint n = 0;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (prefix_matches (prefix, key))
      n += GPOINTER_TO_UINT (value);
  return n;
}

static GSource *
proxy_timeout (CareTestProxy *proxy,
               guint          ms,
               GSourceFunc    func,
               gpointer       data)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, proxy->context);
  return source;
}

typedef struct {
  CareTestProxy *proxy;
  GSourceFunc    func;
  gpointer       data;
  gboolean       done;
} Invocation;

static gboolean
invoke_cb (gpointer data)
{
  Invocation *inv = data;

  inv->func (inv->data);
  g_mutex_lock (&inv->proxy->lock);
  inv->done = TRUE;
  g_cond_broadcast (&inv->proxy->cond);
  g_mutex_unlock (&inv->proxy->lock);
  return G_SOURCE_REMOVE;
}

/* Runs func in the proxy's thread and waits for it. */
static void
run_in_proxy (CareTestProxy *proxy,
              GSourceFunc    func,
              gpointer       data)
{
  Invocation inv = { proxy, func, data, FALSE };
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, invoke_cb, &inv, NULL);
  g_source_attach (source, proxy->context);
  g_source_unref (source);
  g_mutex_lock (&proxy->lock);
  while (!inv.done)
    g_cond_wait (&proxy->cond, &proxy->lock);
  g_mutex_unlock (&proxy->lock);
}

/* Headers that belong to one connection, not to the request. */
static gboolean
hop_by_hop (const char *name)
{
  static const char *const names[] = {
    "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer",
    "Transfer-Encoding", "Upgrade", "Host", "Content-Length", "Date", "Server", NULL };

  for (guint i = 0; names[i]; i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;
  return g_ascii_strncasecmp (name, "Sec-WebSocket-", strlen ("Sec-WebSocket-")) == 0;
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    data)
{
  if (!hop_by_hop (name))
    soup_message_headers_append (data, name, value);
}

/* --- faults ------------------------------------------------------------- */

/* Takes the fault that applies to path, if any (under lock). */
static gboolean
take_fault (CareTestProxy     *proxy,
            const char        *path,
            CareTestProxyRule *out)
{
  for (guint i = 0; i < proxy->faults->len; i++)
    {
      Fault *f = g_ptr_array_index (proxy->faults, i);

      if (!prefix_matches (f->rule.path_prefix, path))
        continue;
      if (f->rule.count > 0 && f->used >= f->rule.count)
        continue;
      if (f->skipped < f->rule.skip)
        {
          f->skipped++;
          continue;
        }
      if (f->rule.percent > 0 && g_rand_double_range (proxy->rand, 0, 100) >= f->rule.percent)
        continue;
      f->used++;
      proxy->faulted[f->rule.fault]++;
      *out = f->rule;
      out->path_prefix = NULL;
      return TRUE;
    }
  return FALSE;
}

static void
fault_free (gpointer data)
{
  Fault *f = data;

  g_free ((char *) f->rule.path_prefix);
  g_free (f);
}

/* --- forwarding --------------------------------------------------------- */

static void
forward_free (Forward *f)
{
  g_clear_object (&f->msg);
  g_clear_object (&f->first);
  g_clear_pointer (&f->body, g_bytes_unref);
  g_clear_error (&f->error);
  g_free (f->path);
  g_free (f);
}

/* The client sees its connection closed. */
static void
close_client (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) io = soup_server_message_steal_connection (msg);

  if (io)
    g_io_stream_close (io, NULL, NULL);
}

static void
respond (Forward *f)
{
  SoupMessageHeaders *out;

  if (f->error)
    {
      /* The server could not be reached: so be it for the client too. */
      close_client (f->msg);
      forward_free (f);
      return;
    }
  soup_server_message_set_status (f->msg, soup_message_get_status (f->first),
                                  soup_message_get_reason_phrase (f->first));
  out = soup_server_message_get_response_headers (f->msg);
  soup_message_headers_foreach (soup_message_get_response_headers (f->first), copy_header, out);
  if (f->body && g_bytes_get_size (f->body) > 0)
    soup_message_body_append_bytes (soup_server_message_get_response_body (f->msg), f->body);
  soup_server_message_unpause (f->msg);
  forward_free (f);
}

static gboolean
respond_later_cb (gpointer data)
{
  Forward *f = data;

  if (f->proxy->stopping)
    forward_free (f);
  else
    respond (f);
  return G_SOURCE_REMOVE;
}

static void forward (Forward *f);

static void
upstream_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Forward *f = data;
  SoupSession *session = SOUP_SESSION (source);
  SoupMessage *m = soup_session_get_async_result_message (session, result);
  g_autoptr(GError) error = NULL;
  GBytes *bytes = soup_session_send_and_read_finish (session, result, &error);

  if (m == f->first)
    {
      f->body = bytes;
      f->error = g_steal_pointer (&error);
    }
  else if (bytes)
    g_bytes_unref (bytes);
  g_mutex_lock (&f->proxy->lock);
  bump (f->proxy->answered, f->path);
  g_cond_broadcast (&f->proxy->cond);
  g_mutex_unlock (&f->proxy->lock);

  if (--f->outstanding > 0)
    return;
  if (f->proxy->stopping)
    {
      forward_free (f);
      return;
    }
  if (f->faulted && f->rule.fault == CARE_TEST_PROXY_DUPLICATE_LATE && !f->replayed)
    {
      /* The same request again; its answer is the one the client gets. */
      f->replayed = TRUE;
      g_clear_object (&f->first);
      g_clear_pointer (&f->body, g_bytes_unref);
      g_clear_error (&f->error);
      forward (f);
      return;
    }
  if (f->after)
    forward (g_steal_pointer (&f->after));

  if (f->faulted && f->rule.fault == CARE_TEST_PROXY_DROP_RESPONSE)
    {
      /* The server has answered (and committed); the client never hears. */
      close_client (f->msg);
      forward_free (f);
    }
  else if (f->faulted && f->rule.fault == CARE_TEST_PROXY_DELAY_RESPONSE)
    g_source_unref (proxy_timeout (f->proxy, f->rule.delay_ms, respond_later_cb, f));
  else
    respond (f);
}

static SoupMessage *
upstream_message (Forward *f)
{
  GUri *uri = soup_server_message_get_uri (f->msg);
  const char *query = g_uri_get_query (uri);
  const char *method = soup_server_message_get_method (f->msg);
  g_autofree char *upstream = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *in = soup_server_message_get_request_headers (f->msg);
  SoupMessage *m;

  g_mutex_lock (&f->proxy->lock);
  upstream = g_strdup (f->proxy->route_prefix && g_str_has_prefix (g_uri_get_path (uri), f->proxy->route_prefix)
                       ? f->proxy->route_upstream : f->proxy->upstream);
  g_mutex_unlock (&f->proxy->lock);
  url = g_strconcat (upstream, g_uri_get_path (uri), query ? "?" : "", query ? query : "", NULL);
  m = soup_message_new (method, url);
  g_assert_nonnull (m);
  soup_message_add_flags (m, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_foreach (in, copy_header, soup_message_get_request_headers (m));
  if (g_strcmp0 (method, "GET") != 0 && g_strcmp0 (method, "HEAD") != 0)
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (f->msg));

      soup_message_set_request_body_from_bytes (m, soup_message_headers_get_content_type (in, NULL), body);
    }
  return m;
}

static void
forward (Forward *f)
{
  guint n = f->faulted && f->rule.fault == CARE_TEST_PROXY_DUPLICATE ? 2 : 1;

  f->outstanding = n;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SoupMessage) m = upstream_message (f);

      if (i == 0)
        f->first = g_object_ref (m);
      g_mutex_lock (&f->proxy->lock);
      bump (f->proxy->sent, f->path);
      g_mutex_unlock (&f->proxy->lock);
      soup_session_send_and_read_async (f->proxy->session, m, G_PRIORITY_DEFAULT, NULL, upstream_done, f);
    }
}

static gboolean
forward_later_cb (gpointer data)
{
  Forward *f = data;

  if (f->proxy->stopping)
    forward_free (f);
  else
    forward (f);
  return G_SOURCE_REMOVE;
}

static gboolean
release_held_cb (gpointer data)
{
  CareTestProxy *proxy = data;
  Forward *held = g_steal_pointer (&proxy->held);

  g_clear_pointer (&proxy->held_timeout, g_source_unref);
  g_clear_pointer (&proxy->held_prefix, g_free);
  if (held)
    forward (held);
  return G_SOURCE_REMOVE;
}

static void
answer_status (Forward *f)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (f->msg);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  const char *phrase = soup_status_get_phrase (f->rule.status);
  g_autofree char *body = g_strdup_printf ("{\"status\": %u, \"message\": \"%s (injected by the test proxy)\", "
                                           "\"errors\": [], \"timestamp\": \"%s\"}",
                                           f->rule.status, phrase ? phrase : "Error", stamp);

  soup_server_message_set_status (f->msg, f->rule.status, NULL);
  if (f->rule.retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", f->rule.retry_after);
      soup_message_headers_replace (headers, "Retry-After", seconds);
    }
  if (f->rule.status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
  soup_server_message_set_response (f->msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
  soup_server_message_unpause (f->msg);
  forward_free (f);
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  CareTestProxy *proxy = data;
  Forward *f = g_new0 (Forward, 1);
  gboolean releases = proxy->held && prefix_matches (proxy->held_prefix, path);

  f->proxy = proxy;
  f->msg = g_object_ref (msg);
  f->path = g_strdup (path);

  g_mutex_lock (&proxy->lock);
  bump (proxy->seen, path);
  {
    gint64 *t = g_new (gint64, 1);
    *t = g_get_monotonic_time ();
    g_hash_table_insert (proxy->last_seen, g_strdup (path), t);
  }
  /* A request that releases a held one is not faulted itself. */
  if (!releases)
    f->faulted = take_fault (proxy, path, &f->rule);
  g_cond_broadcast (&proxy->cond);
  g_mutex_unlock (&proxy->lock);

  soup_server_message_pause (msg);

  if (releases)
    {
      /* This one first; the held one once the server has answered this. */
      if (proxy->held_timeout)
        {
          g_source_destroy (proxy->held_timeout);
          g_clear_pointer (&proxy->held_timeout, g_source_unref);
        }
      g_clear_pointer (&proxy->held_prefix, g_free);
      f->after = g_steal_pointer (&proxy->held);
      forward (f);
      return;
    }
  if (!f->faulted)
    {
      forward (f);
      return;
    }

  switch (f->rule.fault)
    {
    case CARE_TEST_PROXY_CUT:
      close_client (msg);
      forward_free (f);
      break;
    case CARE_TEST_PROXY_HALF_OPEN:
      g_ptr_array_add (proxy->stalled, g_object_ref (msg));
      forward_free (f);
      break;
    case CARE_TEST_PROXY_STATUS:
      answer_status (f);
      break;
    case CARE_TEST_PROXY_DELAY_REQUEST:
      g_source_unref (proxy_timeout (proxy, f->rule.delay_ms, forward_later_cb, f));
      break;
    case CARE_TEST_PROXY_REORDER:
      if (proxy->held)
        {
          /* Only one request is held at a time. */
          forward (f);
          break;
        }
      proxy->held = f;
      {
        /* The prefix of the rule that held it. */
        g_mutex_lock (&proxy->lock);
        for (guint i = 0; i < proxy->faults->len; i++)
          {
            Fault *fault = g_ptr_array_index (proxy->faults, i);

            if (fault->rule.fault == CARE_TEST_PROXY_REORDER && prefix_matches (fault->rule.path_prefix, path))
              {
                proxy->held_prefix = g_strdup (fault->rule.path_prefix);
                break;
              }
          }
        g_mutex_unlock (&proxy->lock);
      }
      if (proxy->held_prefix == NULL)
        proxy->held_prefix = g_strdup (path);
      if (f->rule.delay_ms > 0)
        proxy->held_timeout = proxy_timeout (proxy, f->rule.delay_ms, release_held_cb, proxy);
      break;
    case CARE_TEST_PROXY_DROP_RESPONSE:
    case CARE_TEST_PROXY_DELAY_RESPONSE:
    case CARE_TEST_PROXY_DUPLICATE:
    case CARE_TEST_PROXY_DUPLICATE_LATE:
    default:
      forward (f);
      break;
    }
}

/* --- WebSocket relay ---------------------------------------------------- */

static void
ws_pair_close (WsPair *pair)
{
  if (pair->closed)
    return;
  pair->closed = TRUE;
  if (pair->client && soup_websocket_connection_get_state (pair->client) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (pair->client, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  if (pair->upstream && soup_websocket_connection_get_state (pair->upstream) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (pair->upstream, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  if (g_ptr_array_remove (pair->proxy->ws_pairs, pair))
    {
      g_mutex_lock (&pair->proxy->lock);
      if (pair->client)
        pair->proxy->ws_open--;
      g_mutex_unlock (&pair->proxy->lock);
      g_ptr_array_add (pair->proxy->ws_dead, pair);
    }
}

static void
ws_pair_free (gpointer data)
{
  WsPair *pair = data;

  if (pair->client)
    g_signal_handlers_disconnect_by_data (pair->client, pair);
  if (pair->upstream)
    g_signal_handlers_disconnect_by_data (pair->upstream, pair);
  g_clear_object (&pair->client);
  g_clear_object (&pair->upstream);
  g_clear_pointer (&pair->queued, g_ptr_array_unref);
  g_free (pair);
}

static void
ws_closed (SoupWebsocketConnection *conn,
           gpointer                 data)
{
  WsPair *pair = data;

  ws_pair_close (pair);
}

static void
ws_send_to_client (WsPair *pair,
                   GBytes *message)
{
  CareTestProxy *proxy = pair->proxy;
  guint copies = 1;
  gsize size;
  const char *text = g_bytes_get_data (message, &size);
  g_autofree char *copy = g_strndup (text, size);

  g_mutex_lock (&proxy->lock);
  if (proxy->ws_drop > 0)
    {
      proxy->ws_drop--;
      proxy->ws_dropped++;
      copies = 0;
    }
  else if (proxy->ws_duplicate > 0)
    {
      proxy->ws_duplicate--;
      copies = 2;
    }
  proxy->ws_relayed += copies;
  g_cond_broadcast (&proxy->cond);
  g_mutex_unlock (&proxy->lock);

  for (guint i = 0; i < copies; i++)
    if (soup_websocket_connection_get_state (pair->client) == SOUP_WEBSOCKET_STATE_OPEN)
      soup_websocket_connection_send_text (pair->client, copy);
}

static void
ws_upstream_message (SoupWebsocketConnection *conn,
                     SoupWebsocketDataType    type,
                     GBytes                  *message,
                     gpointer                 data)
{
  WsPair *pair = data;

  g_mutex_lock (&pair->proxy->lock);
  pair->proxy->ws_received++;
  g_mutex_unlock (&pair->proxy->lock);
  if (pair->client == NULL)
    {
      g_ptr_array_add (pair->queued, g_bytes_ref (message));
      return;
    }
  ws_send_to_client (pair, message);
}

static void
ws_client_message (SoupWebsocketConnection *conn,
                   SoupWebsocketDataType    type,
                   GBytes                  *message,
                   gpointer                 data)
{
  WsPair *pair = data;

  if (pair->upstream && soup_websocket_connection_get_state (pair->upstream) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_message (pair->upstream, type, message);
}

typedef struct {
  CareTestProxy     *proxy;
  SoupServerMessage *msg;
  SoupMessage       *upstream_msg;
} WsConnect;

static void
ws_upstream_connected (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  WsConnect *c = data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);

  if (c->proxy->stopping)
    {
      g_clear_object (&conn);
    }
  else if (conn == NULL)
    {
      /* The server refused (401, …): the client gets the same answer. */
      guint status = soup_message_get_status (c->upstream_msg);
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (c->msg);
      const char *body = "{\"status\": 502, \"message\": \"The server refused the live socket\", \"errors\": []}";

      soup_message_headers_remove (headers, "Upgrade");
      soup_message_headers_remove (headers, "Connection");
      soup_message_headers_remove (headers, "Sec-WebSocket-Accept");
      soup_message_headers_remove (headers, "Sec-WebSocket-Extensions");
      soup_message_headers_remove (headers, "Sec-WebSocket-Protocol");
      soup_server_message_set_status (c->msg, status >= 400 ? status : SOUP_STATUS_BAD_GATEWAY, NULL);
      soup_server_message_set_response (c->msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
      soup_server_message_unpause (c->msg);
    }
  else
    {
      WsPair *pair = g_new0 (WsPair, 1);

      pair->proxy = c->proxy;
      pair->upstream = conn;
      pair->queued = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      g_signal_connect (conn, "message", G_CALLBACK (ws_upstream_message), pair);
      g_signal_connect (conn, "closed", G_CALLBACK (ws_closed), pair);
      g_ptr_array_add (c->proxy->ws_pairs, pair);
      g_object_set_data (G_OBJECT (c->msg), "care-test-proxy-pair", pair);
      /* The 101 goes out now; ws_accepted () follows. */
      soup_server_message_unpause (c->msg);
    }
  g_object_unref (c->msg);
  g_object_unref (c->upstream_msg);
  g_free (c);
}

/* Called before the WebSocket handshake is answered: the client's socket is
 * accepted only once the server has accepted ours. */
static void
ws_pre_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  CareTestProxy *proxy = data;
  g_autofree char *url = g_strconcat (proxy->upstream, path, NULL);
  WsConnect *c = g_new0 (WsConnect, 1);
  const char *origin;

  g_mutex_lock (&proxy->lock);
  bump (proxy->seen, path);
  g_cond_broadcast (&proxy->cond);
  g_mutex_unlock (&proxy->lock);

  c->proxy = proxy;
  c->msg = g_object_ref (msg);
  c->upstream_msg = soup_message_new ("GET", url);
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header,
                                soup_message_get_request_headers (c->upstream_msg));
  /* websocket_connect_async adds its own Origin when given one. */
  origin = soup_message_headers_get_one (soup_message_get_request_headers (c->upstream_msg), "Origin");
  soup_message_headers_remove (soup_message_get_request_headers (c->upstream_msg), "Connection");
  soup_server_message_pause (msg);
  soup_session_websocket_connect_async (proxy->session, c->upstream_msg, origin, NULL, G_PRIORITY_DEFAULT,
                                        NULL, ws_upstream_connected, c);
}

static void
ws_accepted (SoupServer              *server,
             SoupServerMessage       *msg,
             const char              *path,
             SoupWebsocketConnection *conn,
             gpointer                 data)
{
  CareTestProxy *proxy = data;
  WsPair *pair = g_object_steal_data (G_OBJECT (msg), "care-test-proxy-pair");

  if (pair == NULL || pair->closed)
    {
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      return;
    }
  pair->client = g_object_ref (conn);
  g_signal_connect (conn, "message", G_CALLBACK (ws_client_message), pair);
  g_signal_connect (conn, "closed", G_CALLBACK (ws_closed), pair);
  g_mutex_lock (&proxy->lock);
  proxy->ws_accepted++;
  proxy->ws_open++;
  g_cond_broadcast (&proxy->cond);
  g_mutex_unlock (&proxy->lock);
  for (guint i = 0; i < pair->queued->len; i++)
    ws_send_to_client (pair, g_ptr_array_index (pair->queued, i));
  g_ptr_array_set_size (pair->queued, 0);
}

/* --- the thread --------------------------------------------------------- */

static gpointer
proxy_thread (gpointer data)
{
  CareTestProxy *proxy = data;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (proxy->context);

  proxy->session = soup_session_new_with_options ("max-conns", 128, "max-conns-per-host", 128,
                                                  "timeout", 0, "idle-timeout", 0, NULL);
  /* Bodies pass through as they are. */
  soup_session_remove_feature_by_type (proxy->session, SOUP_TYPE_CONTENT_DECODER);
  proxy->server = soup_server_new ("raw-paths", TRUE, NULL);
  soup_server_add_handler (proxy->server, NULL, handle_request, proxy, NULL);
  soup_server_add_handler (proxy->server, LIVE_PATH, ws_pre_handler, proxy, NULL);
  soup_server_add_websocket_handler (proxy->server, LIVE_PATH, NULL, NULL, ws_accepted, proxy, NULL);
  if (!soup_server_listen (proxy->server, address, 0, &error))
    g_error ("test proxy: %s", error->message);
  uris = soup_server_get_uris (proxy->server);
  g_assert_nonnull (uris);

  g_mutex_lock (&proxy->lock);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  proxy->ready = TRUE;
  g_cond_broadcast (&proxy->cond);
  g_mutex_unlock (&proxy->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (proxy->loop);

  /* Shut down: nothing in flight touches a client any more. */
  proxy->stopping = TRUE;
  soup_session_abort (proxy->session);
  for (guint i = 0; i < 50 && g_main_context_pending (proxy->context); i++)
    g_main_context_iteration (proxy->context, FALSE);
  g_clear_object (&proxy->server);
  g_clear_object (&proxy->session);
  for (guint i = 0; i < 50 && g_main_context_pending (proxy->context); i++)
    g_main_context_iteration (proxy->context, FALSE);
  g_ptr_array_set_size (proxy->ws_dead, 0);
  g_main_context_pop_thread_default (proxy->context);
  return NULL;
}

/* The proxy cuts connections on purpose, and the engine gives up on slow
 * ones: a peer may close before SoupServer reads its address, and libsoup
 * 3.2 reports that with g_warning ("could not get remote address:
 * Transport endpoint is not connected", soup-server-connection.c), which
 * g_test_init() makes fatal.  It is expected here and harmless: the
 * connection is simply gone.  A fatal handler cannot be relied on (the
 * test harness resets it, and the structured API never asks it), so the
 * proxy takes over what g_test_init() set up: warnings and criticals stop
 * being fatal by level, and this writer makes every one of them fatal
 * itself — all but that one message. */
static GLogWriterOutput
tolerate_vanished_peer (GLogLevelFlags   log_level,
                        const GLogField *fields,
                        gsize            n_fields,
                        gpointer         data)
{
  const char *domain = NULL, *message = NULL;
  GLogWriterOutput written;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN") && fields[i].length < 0)
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
        message = fields[i].value;
    }
  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "libsoup") == 0 &&
      message && strstr (message, "could not get remote address"))
    return G_LOG_WRITER_HANDLED;
  written = g_log_writer_default (log_level, fields, n_fields, data);
  if (log_level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL))
    g_abort ();
  return written;
}

CareTestProxy *
care_test_proxy_new (const char *upstream)
{
  CareTestProxy *proxy = g_new0 (CareTestProxy, 1);

  {
    static gsize once;

    if (g_once_init_enter (&once))
      {
        g_log_set_writer_func (tolerate_vanished_peer, NULL, NULL);
        g_log_set_always_fatal (G_LOG_FATAL_MASK);
        g_once_init_leave (&once, 1);
      }
  }

  proxy->upstream = g_strdup (upstream);
  proxy->context = g_main_context_new ();
  proxy->loop = g_main_loop_new (proxy->context, FALSE);
  proxy->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  proxy->ws_pairs = g_ptr_array_new ();
  proxy->ws_dead = g_ptr_array_new_with_free_func (ws_pair_free);
  g_mutex_init (&proxy->lock);
  g_cond_init (&proxy->cond);
  proxy->faults = g_ptr_array_new_with_free_func (fault_free);
  proxy->rand = g_rand_new_with_seed (1);
  proxy->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  proxy->sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  proxy->answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  proxy->last_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  proxy->thread = g_thread_new ("care-test-proxy", proxy_thread, proxy);

  g_mutex_lock (&proxy->lock);
  while (!proxy->ready)
    g_cond_wait (&proxy->cond, &proxy->lock);
  g_mutex_unlock (&proxy->lock);
  return proxy;
}

static gboolean
shutdown_cb (gpointer data)
{
  CareTestProxy *proxy = data;
  g_autoptr(GPtrArray) pairs = g_ptr_array_copy (proxy->ws_pairs, NULL, NULL);

  for (guint i = 0; i < pairs->len; i++)
    ws_pair_close (g_ptr_array_index (pairs, i));
  if (proxy->held_timeout)
    {
      g_source_destroy (proxy->held_timeout);
      g_clear_pointer (&proxy->held_timeout, g_source_unref);
    }
  g_clear_pointer (&proxy->held, forward_free);
  soup_server_disconnect (proxy->server);
  g_ptr_array_set_size (proxy->stalled, 0);
  g_main_loop_quit (proxy->loop);
  return G_SOURCE_REMOVE;
}

void
care_test_proxy_free (CareTestProxy *proxy)
{
  if (proxy == NULL)
    return;
  run_in_proxy (proxy, shutdown_cb, proxy);
  g_thread_join (proxy->thread);
  g_ptr_array_unref (proxy->stalled);
  /* Pairs closed on both sides; their signal handlers go with them. */
  g_ptr_array_unref (proxy->ws_pairs);
  g_ptr_array_unref (proxy->ws_dead);
  g_main_loop_unref (proxy->loop);
  g_main_context_unref (proxy->context);
  g_ptr_array_unref (proxy->faults);
  g_rand_free (proxy->rand);
  g_hash_table_unref (proxy->seen);
  g_hash_table_unref (proxy->sent);
  g_hash_table_unref (proxy->answered);
  g_hash_table_unref (proxy->last_seen);
  g_mutex_clear (&proxy->lock);
  g_cond_clear (&proxy->cond);
  g_free (proxy->held_prefix);
  g_free (proxy->upstream);
  g_free (proxy->route_prefix);
  g_free (proxy->route_upstream);
  g_free (proxy->url);
  g_free (proxy);
}

const char *
care_test_proxy_get_url (CareTestProxy *proxy)
{
  return proxy->url;
}

void
care_test_proxy_add_fault (CareTestProxy           *proxy,
                           const CareTestProxyRule *rule)
{
  Fault *f = g_new0 (Fault, 1);

  f->rule = *rule;
  f->rule.path_prefix = g_strdup (rule->path_prefix);
  g_mutex_lock (&proxy->lock);
  g_ptr_array_add (proxy->faults, f);
  g_mutex_unlock (&proxy->lock);
}

void
care_test_proxy_clear_faults (CareTestProxy *proxy)
{
  g_mutex_lock (&proxy->lock);
  g_ptr_array_set_size (proxy->faults, 0);
  g_mutex_unlock (&proxy->lock);
}

void
care_test_proxy_route (CareTestProxy *proxy,
                       const char    *prefix,
                       const char    *upstream)
{
  g_mutex_lock (&proxy->lock);
  g_free (proxy->route_prefix);
  g_free (proxy->route_upstream);
  proxy->route_prefix = g_strdup (prefix);
  proxy->route_upstream = g_strdup (upstream);
  g_mutex_unlock (&proxy->lock);
}

void
care_test_proxy_set_seed (CareTestProxy *proxy,
                          guint32        seed)
{
  g_mutex_lock (&proxy->lock);
  g_rand_set_seed (proxy->rand, seed);
  g_mutex_unlock (&proxy->lock);
}

guint
care_test_proxy_faulted (CareTestProxy      *proxy,
                         CareTestProxyFault  fault)
{
  guint n;

  g_return_val_if_fail (fault < CARE_TEST_PROXY_N_FAULTS, 0);
  g_mutex_lock (&proxy->lock);
  n = proxy->faulted[fault];
  g_mutex_unlock (&proxy->lock);
  return n;
}

guint
care_test_proxy_faults_left (CareTestProxy *proxy)
{
  guint n = 0;

  g_mutex_lock (&proxy->lock);
  for (guint i = 0; i < proxy->faults->len; i++)
    {
      Fault *f = g_ptr_array_index (proxy->faults, i);

      if (f->rule.count > 0)
        n += f->rule.count - MIN (f->used, f->rule.count);
    }
  g_mutex_unlock (&proxy->lock);
  return n;
}

guint
care_test_proxy_count (CareTestProxy *proxy,
                       const char    *prefix)
{
  guint n;

  g_mutex_lock (&proxy->lock);
  n = sum_prefix (proxy->seen, prefix);
  g_mutex_unlock (&proxy->lock);
  return n;
}

guint
care_test_proxy_upstream_count (CareTestProxy *proxy,
                                const char    *prefix)
{
  guint n;

  g_mutex_lock (&proxy->lock);
  n = sum_prefix (proxy->sent, prefix);
  g_mutex_unlock (&proxy->lock);
  return n;
}

guint
care_test_proxy_upstream_answered (CareTestProxy *proxy,
                                   const char    *prefix)
{
  guint n;

  g_mutex_lock (&proxy->lock);
  n = sum_prefix (proxy->answered, prefix);
  g_mutex_unlock (&proxy->lock);
  return n;
}

gboolean
care_test_proxy_wait_count (CareTestProxy *proxy,
                            const char    *prefix,
                            guint          n,
                            guint          timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  gboolean ok;

  g_mutex_lock (&proxy->lock);
  while (!(ok = sum_prefix (proxy->seen, prefix) >= n))
    if (!g_cond_wait_until (&proxy->cond, &proxy->lock, deadline))
      {
        ok = sum_prefix (proxy->seen, prefix) >= n;
        break;
      }
  g_mutex_unlock (&proxy->lock);
  return ok;
}

gint64
care_test_proxy_last_request_time (CareTestProxy *proxy,
                                   const char    *prefix)
{
  GHashTableIter iter;
  gpointer key, value;
  gint64 last = 0;

  g_mutex_lock (&proxy->lock);
  g_hash_table_iter_init (&iter, proxy->last_seen);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (prefix_matches (prefix, key))
      last = MAX (last, *(gint64 *) value);
  g_mutex_unlock (&proxy->lock);
  return last;
}

void
care_test_proxy_reset_counts (CareTestProxy *proxy)
{
  g_mutex_lock (&proxy->lock);
  g_hash_table_remove_all (proxy->seen);
  g_hash_table_remove_all (proxy->sent);
  g_hash_table_remove_all (proxy->answered);
  g_hash_table_remove_all (proxy->last_seen);
  proxy->ws_received = proxy->ws_relayed = proxy->ws_dropped = 0;
  memset (proxy->faulted, 0, sizeof proxy->faulted);
  g_mutex_unlock (&proxy->lock);
}

void
care_test_proxy_ws_drop (CareTestProxy *proxy,
                         guint          n)
{
  g_mutex_lock (&proxy->lock);
  proxy->ws_drop = n;
  g_mutex_unlock (&proxy->lock);
}

void
care_test_proxy_ws_duplicate (CareTestProxy *proxy,
                              guint          n)
{
  g_mutex_lock (&proxy->lock);
  proxy->ws_duplicate = n;
  g_mutex_unlock (&proxy->lock);
}

typedef struct {
  CareTestProxy *proxy;
  guint          closed;
} CloseAll;

static gboolean
close_all_cb (gpointer data)
{
  CloseAll *c = data;
  g_autoptr(GPtrArray) pairs = g_ptr_array_copy (c->proxy->ws_pairs, NULL, NULL);

  for (guint i = 0; i < pairs->len; i++)
    {
      WsPair *pair = g_ptr_array_index (pairs, i);

      if (pair->client)
        c->closed++;
      ws_pair_close (pair);
    }
  return G_SOURCE_REMOVE;
}

guint
care_test_proxy_ws_close_all (CareTestProxy *proxy)
{
  CloseAll c = { proxy, 0 };

  run_in_proxy (proxy, close_all_cb, &c);
  return c.closed;
}

#define WS_COUNTER(name) \
  guint care_test_proxy_ws_##name (CareTestProxy *proxy) \
  { \
    guint n; \
    g_mutex_lock (&proxy->lock); \
    n = proxy->ws_##name; \
    g_mutex_unlock (&proxy->lock); \
    return n; \
  }

WS_COUNTER (accepted)
WS_COUNTER (open)
WS_COUNTER (received)
WS_COUNTER (relayed)
WS_COUNTER (dropped)
