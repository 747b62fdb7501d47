/* care-sync-client.c: HTTP to caredesk-server for the sync library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "care-json.h"
#include "care-sync-client.h"

G_DEFINE_QUARK (care-sync-error-quark, care_sync_error)

void
care_sync_response_free (CareSyncResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->root, json_node_unref);
  g_free (response->generation);
  g_free (response);
}

CareHttpSession *
care_sync_session_new (guint timeout)
{
  /* timeout: a server that accepted a request and went silent (a
   * half-open connection) fails the request instead of hanging it; the
   * connection is dropped and the next request opens a new one.
   * idle-timeout: keep-alive connections are not kept past the server's. */
  return care_http_session_new (timeout ? timeout : CARE_SYNC_DEFAULT_TIMEOUT, 30);
}

char *
care_sync_api_url (const char *base_url,
                   const char *path)
{
  gsize n = strlen (base_url);

  /* "https://clinic.example/" and "https://clinic.example" alike. */
  while (n > 0 && base_url[n - 1] == '/')
    n--;
  return g_strdup_printf ("%.*s/api/v1%s", (int) n, base_url, path);
}

gboolean
care_sync_error_is_network (const GError *error)
{
  return g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_NETWORK);
}

GBytes *
care_sync_json_bytes (JsonNode *root)
{
  gsize length = 0;
  char *text = care_json_to_string (root, &length);
  return g_bytes_new_take (text, length);
}

static guint
parse_retry_after (GHashTable *headers)
{
  const char *value = g_hash_table_lookup (headers, "retry-after");
  g_autofree char *text = NULL;
  guint64 seconds;

  /* Only the delay-seconds form: the server never sends an HTTP date. */
  if (value == NULL)
    return 0;
  text = g_strstrip (g_strdup (value));
  if (!g_ascii_string_to_unsigned (text, 10, 0, 24 * 3600, &seconds, NULL))
    return 0;
  return (guint) seconds;
}

/* "application/json; charset=utf-8" and "application/json" alike. */
static gboolean
is_json_type (const char *type)
{
  gsize n;

  if (type == NULL)
    return FALSE;
  n = strcspn (type, "; \t");
  return n == strlen ("application/json") && g_ascii_strncasecmp (type, "application/json", n) == 0;
}

CareSyncResponse *
care_sync_request (CareHttpSession *session,
                   const char      *method,
                   const char      *url,
                   const char      *token,
                   GBytes          *body,
                   GCancellable    *cancellable,
                   GError         **error)
{
  return care_sync_request_in (session, method, url, token, NULL, body, cancellable, error);
}

CareSyncResponse *
care_sync_request_in (CareHttpSession *session,
                      const char      *method,
                      const char      *url,
                      const char      *token,
                      const char      *generation,
                      GBytes          *body,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) answer = NULL;
  g_autofree char *bearer = token ? g_strconcat ("Bearer ", token, NULL) : NULL;
  g_autofree char *generation_key = g_ascii_strdown (CARE_SYNC_GENERATION_HEADER, -1);
  const char *headers[7];
  CareSyncResponse *response;
  GBytes *bytes;
  guint status, n = 0;

  headers[n++] = "Accept";
  headers[n++] = "application/json";
  if (bearer)
    {
      headers[n++] = "Authorization";
      headers[n++] = bearer;
    }
  if (generation)
    {
      headers[n++] = CARE_SYNC_GENERATION_HEADER;
      headers[n++] = generation;
    }
  headers[n] = NULL;

  bytes = care_http_send_and_read (session, method, url, headers, body, &status, &answer, cancellable, &local_error);
  if (bytes == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        {
          g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_NETWORK,
                       _("“%s” is not the address of a clinic server."), url);
          return NULL;
        }
      /* Refused, unresolvable, timed out, cut, a TLS failure: no answer
       * from the server, which is what working offline is for. */
      g_debug ("%s %s: %s", method, url, local_error->message);
      g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_NETWORK,
                   _("The clinic server cannot be reached: %s"), local_error->message);
      return NULL;
    }

  response = g_new0 (CareSyncResponse, 1);
  response->status = status;
  response->body = bytes;
  response->retry_after = parse_retry_after (answer);
  response->generation = g_strdup (g_hash_table_lookup (answer, generation_key));
  response->is_json = is_json_type (g_hash_table_lookup (answer, "content-type"));
  return response;
}

/* Parsed when first asked for: a page of changes is read by its own
 * scanner, never by json-glib. */
static JsonNode *
response_root (CareSyncResponse *response)
{
  if (response->root == NULL && response->is_json && !response->parsed && g_bytes_get_size (response->body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length;
      const char *data = g_bytes_get_data (response->body, &length);

      if (json_parser_load_from_data (parser, data, length, NULL))
        response->root = json_parser_steal_root (parser);
    }
  response->parsed = TRUE;
  return response->root;
}

JsonObject *
care_sync_response_data (CareSyncResponse *response)
{
  JsonObject *root;
  JsonNode *data;

  if (response_root (response) == NULL || !JSON_NODE_HOLDS_OBJECT (response->root))
    return NULL;
  root = json_node_get_object (response->root);
  data = json_object_get_member (root, "data");
  return data && JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL;
}

const char *
care_sync_response_message (CareSyncResponse *response)
{
  JsonObject *root;
  JsonNode *message;

  if (response_root (response) == NULL || !JSON_NODE_HOLDS_OBJECT (response->root))
    return NULL;
  root = json_node_get_object (response->root);
  message = json_object_get_member (root, "message");
  if (message == NULL || !JSON_NODE_HOLDS_VALUE (message) ||
      json_node_get_value_type (message) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (message);
}

void
care_sync_set_status_error (GError          **error,
                            CareSyncResponse *response)
{
  guint status = response->status;

  g_debug ("The clinic server answered %u: %s", status,
           care_sync_response_message (response) ? care_sync_response_message (response) : "");

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_AUTH,
                           _("Your session with the clinic server has ended. Sign in again to sync."));
      break;
    case SOUP_STATUS_FORBIDDEN:
      g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_FORBIDDEN,
                           _("The clinic server does not let this account sync."));
      break;
    case CARE_HTTP_TOO_MANY_REQUESTS:
      {
        guint seconds = MAX (response->retry_after, 1);

        g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_THROTTLED,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The clinic server is busy. Trying again in %u second.",
                                  "The clinic server is busy. Trying again in %u seconds.",
                                  seconds),
                     seconds);
      }
      break;
    default:
      if (SOUP_STATUS_IS_SERVER_ERROR (status))
        g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_SERVER,
                     _("The clinic server had a problem (error %u). Trying again later."), status);
      else
        g_set_error (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_SERVER,
                     _("The clinic server gave an answer this workstation does not understand (%u)."), status);
      break;
    }
}
