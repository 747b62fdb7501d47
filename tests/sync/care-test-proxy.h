/* care-test-proxy.h: an HTTP proxy between a workstation and the server, with faults
 *
 * The proxy listens on 127.0.0.1 (a free port) and forwards every request
 * to the upstream server with its own SoupSession: method, path and query,
 * headers (Authorization too) and body; the server's status, headers and
 * body come back unchanged. It runs in its own thread with its own
 * GMainContext, so a test may block its main thread in
 * care_sync_engine_sync_once () while the proxy keeps working.
 *
 * Faults are set from the test's thread. Each applies to requests whose
 * path starts with a prefix (NULL: every request), for the next `count`
 * such requests (0: until cleared), after letting `skip` of them through.
 * Rules are tried in the order they were added; the first matching one
 * with requests left takes the request (each request takes at most one,
 * and only the requests that reach a rule count towards its skip). A rule
 * with a percent takes each request that reaches it with that chance
 * (the proxy's own GRand, seeded by care_test_proxy_set_seed ()); one it
 * does not take goes on to the next rule.
 *
 * /api/v1/sync/live is relayed as a WebSocket: the proxy accepts the
 * client's socket only once the server has accepted its own (with the same
 * Authorization header), then relays text messages both ways. Server
 * notifications can be dropped or sent twice, and every socket closed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CareTestProxy CareTestProxy;

typedef enum {
  /* Forward; once the server has answered (and committed), close the
   * client's connection instead of answering. */
  CARE_TEST_PROXY_DROP_RESPONSE,
  /* Wait delay_ms, then forward. */
  CARE_TEST_PROXY_DELAY_REQUEST,
  /* Forward; wait delay_ms after the server's answer, then answer. */
  CARE_TEST_PROXY_DELAY_RESPONSE,
  /* Send the request to the server twice at once; answer with the first
   * answer once both have come back. */
  CARE_TEST_PROXY_DUPLICATE,
  /* Send the request; once the server has answered, send it again and
   * answer the client with the second answer (that of the replay). */
  CARE_TEST_PROXY_DUPLICATE_LATE,
  /* Hold the request until the next request of the same prefix arrives;
   * forward that one first and the held one when the server has answered
   * it. Each client gets its own answer. delay_ms > 0: forward the held
   * request alone after that long if nothing else came. */
  CARE_TEST_PROXY_REORDER,
  /* Close the client's connection without forwarding. */
  CARE_TEST_PROXY_CUT,
  /* Accept the request and never answer (the connection stays open). */
  CARE_TEST_PROXY_HALF_OPEN,
  /* Answer `status` without forwarding (with Retry-After: retry_after
   * seconds when retry_after > 0), in seed 004's error shape. */
  CARE_TEST_PROXY_STATUS,
  CARE_TEST_PROXY_N_FAULTS,
} CareTestProxyFault;

typedef struct {
  CareTestProxyFault fault;
  const char        *path_prefix; /* "/api/v1/sync/push"; NULL: every path */
  guint              count;       /* requests it applies to; 0: until cleared */
  guint              skip;        /* requests reaching this rule let through before it applies */
  guint              delay_ms;
  guint              status;
  guint              retry_after;
  double             percent;     /* (0, 100): the chance of taking a request; 0: always */
} CareTestProxyRule;

/* upstream: "http://127.0.0.1:PORT" (no path). */
CareTestProxy *care_test_proxy_new            (const char              *upstream);
/* Stops the thread, closes every connection and frees the proxy. */
void           care_test_proxy_free           (CareTestProxy           *proxy);
/* "http://127.0.0.1:PORT": what a workstation uses as its server's URL. */
const char    *care_test_proxy_get_url        (CareTestProxy           *proxy);

/* Thread-safe. */
void           care_test_proxy_add_fault      (CareTestProxy           *proxy,
                                               const CareTestProxyRule *rule);
void           care_test_proxy_clear_faults   (CareTestProxy           *proxy);
/* Requests whose path starts with prefix go to upstream instead (another
 * server on the same database: a push through one host, the rest through
 * another); WebSockets keep the first upstream. Thread-safe. */
void           care_test_proxy_route          (CareTestProxy           *proxy,
                                               const char              *prefix,
                                               const char              *upstream);
/* The seed of the chances of rules with a percent (default 1). */
void           care_test_proxy_set_seed       (CareTestProxy           *proxy,
                                               guint32                  seed);
/* Requests each kind of fault has taken so far. */
guint          care_test_proxy_faulted        (CareTestProxy           *proxy,
                                               CareTestProxyFault       fault);
/* Requests of rules added so far that are still to be faulted (0 when
 * every counted rule has been used). */
guint          care_test_proxy_faults_left    (CareTestProxy           *proxy);

/* Requests received from clients whose path starts with prefix (NULL: all). */
guint          care_test_proxy_count          (CareTestProxy           *proxy,
                                               const char              *prefix);
/* Requests sent to the server (a duplicated request counts twice). */
guint          care_test_proxy_upstream_count (CareTestProxy           *proxy,
                                               const char              *prefix);
/* Answers received from the server (both of a duplicated request). */
guint          care_test_proxy_upstream_answered (CareTestProxy        *proxy,
                                               const char              *prefix);
/* Waits until care_test_proxy_count (prefix) >= n; FALSE after timeout_ms. */
gboolean       care_test_proxy_wait_count     (CareTestProxy           *proxy,
                                               const char              *prefix,
                                               guint                    n,
                                               guint                    timeout_ms);
/* Monotonic time (µs) of the last request received with that prefix; 0: none. */
gint64         care_test_proxy_last_request_time (CareTestProxy        *proxy,
                                               const char              *prefix);
void           care_test_proxy_reset_counts   (CareTestProxy           *proxy);

/* --- the WebSocket relay of /api/v1/sync/live ------------------------- */

/* The next n messages from the server are not passed on. */
void           care_test_proxy_ws_drop        (CareTestProxy           *proxy,
                                               guint                    n);
/* Each of the next n messages from the server is passed on twice. */
void           care_test_proxy_ws_duplicate   (CareTestProxy           *proxy,
                                               guint                    n);
/* Closes every relayed socket now, on both sides. Returns how many. */
guint          care_test_proxy_ws_close_all   (CareTestProxy           *proxy);
/* Sockets accepted so far, and open now. */
guint          care_test_proxy_ws_accepted    (CareTestProxy           *proxy);
guint          care_test_proxy_ws_open        (CareTestProxy           *proxy);
/* Messages received from the server, passed on (duplicates count twice),
 * and dropped. */
guint          care_test_proxy_ws_received    (CareTestProxy           *proxy);
guint          care_test_proxy_ws_relayed     (CareTestProxy           *proxy);
guint          care_test_proxy_ws_dropped     (CareTestProxy           *proxy);

G_END_DECLS
