/* care-sync-client.h: HTTP to caredesk-server for the sync library (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* For the status names only (care-http.h). */
#include <libsoup/soup.h>

#include "care-http.h"
#include "care-sync-engine.h"

G_BEGIN_DECLS

#define CARE_SYNC_DEFAULT_TIMEOUT 20   /* seconds per request */
/* Not among libsoup 3.2's SoupStatus values. */
#define CARE_HTTP_TOO_MANY_REQUESTS 429

typedef struct {
  guint     status;
  GBytes   *body;
  JsonNode *root;          /* the parsed body: see care_sync_response_data() */
  gboolean  is_json;
  gboolean  parsed;
  guint     retry_after;   /* seconds (Retry-After); 0: none */
  char     *generation;    /* the server's sync history (see below); NULL: none said */
} CareSyncResponse;

/* The server's sync history generation, in its answers; the workstation
 * names the one it knows in its requests (docs/sync.md, "A restored
 * server"). */
#define CARE_SYNC_GENERATION_HEADER "Caredesk-Sync-Generation"

void              care_sync_response_free   (CareSyncResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareSyncResponse, care_sync_response_free)

CareHttpSession  *care_sync_session_new     (guint             timeout);
/* base_url + "/api/v1" + path ("/sync/pull?cursor=0"). */
char             *care_sync_api_url         (const char       *base_url,
                                             const char       *path);
/* One request. NULL only when no answer came: CARE_SYNC_ERROR_NETWORK (or
 * G_IO_ERROR_CANCELLED). token may be NULL; body is JSON (may be NULL). */
CareSyncResponse *care_sync_request         (CareHttpSession  *session,
                                             const char       *method,
                                             const char       *url,
                                             const char       *token,
                                             GBytes           *body,
                                             GCancellable     *cancellable,
                                             GError          **error);
/* care_sync_request() naming the history generation this workstation
 * knows (may be NULL). */
CareSyncResponse *care_sync_request_in     (CareHttpSession  *session,
                                             const char       *method,
                                             const char       *url,
                                             const char       *token,
                                             const char       *generation,
                                             GBytes           *body,
                                             GCancellable     *cancellable,
                                             GError          **error);
/* The "data" member of a successful answer; NULL if the answer is not the
 * protocol. */
JsonObject       *care_sync_response_data   (CareSyncResponse *response);
/* The server's own "message" of an error answer, or NULL. */
const char       *care_sync_response_message(CareSyncResponse *response);
/* A GError for an answer that is not a success: 401 AUTH, 403 FORBIDDEN,
 * 429 THROTTLED (with the wait in the message), anything else SERVER. */
void              care_sync_set_status_error(GError          **error,
                                             CareSyncResponse *response);
/* Does error mean "no answer" (offline) rather than a refusal? */
gboolean          care_sync_error_is_network(const GError     *error);

GBytes           *care_sync_json_bytes      (JsonNode         *root);

G_END_DECLS
