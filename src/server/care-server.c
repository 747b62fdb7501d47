/* care-server.c: requests in, routes, the envelope and errors out
 *
 * Every route is declared once in a table (care_server_add_route) with the
 * permission it needs; the dispatcher authenticates, checks the permission
 * and calls the handler. The same table feeds the OpenAPI document.
 *
 * Requests are handled one at a time on the main loop of each worker
 * process; only the Argon2id hashes of sign-in run in worker threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server"

#include "config.h"

#include "care-clock.h"

#include <string.h>

#include "care-server-anchor.h"
#include "care-server-private.h"

G_DEFINE_QUARK (care-server-error-quark, care_server_error)

/* --- requests ----------------------------------------------------------- */

CareRequest *
care_request_ref (CareRequest *req)
{
  req->refcount++;
  return req;
}

void
care_request_unref (CareRequest *req)
{
  if (req == NULL || --req->refcount > 0)
    return;
  g_free (req->path);
  for (guint i = 0; i < req->n_params; i++)
    g_free (req->params[i]);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->body, json_node_unref);
  g_free (req->workstation);
  care_claims_clear (&req->claims);
  g_clear_object (&req->msg);
  g_free (req);
}

static char *
iso_now (void)
{
  g_autoptr(GDateTime) now = care_clock_now_utc ();
  return g_date_time_format_iso8601 (now);
}

static void
send_json (CareRequest *req,
           guint        status,
           JsonNode    *root)
{
  SoupMessageHeaders *headers;
  gsize length;
  char *text;

  if (req->responded)
    {
      g_warning ("A second response to %s %s was dropped", req->method, req->path);
      return;
    }
  req->responded = TRUE;
  /* core's writer: numbers in their shortest form, as records are. */
  text = care_json_to_string (root, &length);
  headers = soup_server_message_get_response_headers (req->msg);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  if (req->server->draining)
    soup_message_headers_replace (headers, "Connection", "close");
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_TAKE, text, length);
}

void
care_request_respond (CareRequest *req,
                      guint        status,
                      JsonNode    *data,
                      JsonObject  *meta)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_object_set_member (object, "data", data ? data : json_node_new (JSON_NODE_NULL));
  if (meta)
    json_object_set_object_member (object, "meta", meta);
  json_node_take_object (root, object);
  send_json (req, status, root);
}

static void
send_typed (CareRequest *req,
            guint        status,
            const char  *content_type,
            GString     *text)
{
  SoupMessageHeaders *headers;
  gsize length = text->len;

  if (req->responded)
    {
      g_string_free (text, TRUE);
      return;
    }
  req->responded = TRUE;
  headers = soup_server_message_get_response_headers (req->msg);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  if (req->server->draining)
    soup_message_headers_replace (headers, "Connection", "close");
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, content_type, SOUP_MEMORY_TAKE,
                                    g_string_free (text, FALSE), length);
}

static void
send_text (CareRequest *req,
           guint        status,
           GString     *text)
{
  send_typed (req, status, "application/json", text);
}

void
care_request_respond_typed (CareRequest *req,
                            guint        status,
                            const char  *content_type,
                            GString     *text)
{
  send_typed (req, status, content_type, text);
}

void
care_request_respond_text (CareRequest *req,
                           guint        status,
                           GString     *text)
{
  send_text (req, status, text);
}

void
care_request_respond_record (CareRequest *req,
                             guint        status,
                             CareRecord  *record)
{
  GString *out = g_string_sized_new (2048);

  g_string_append (out, "{\"data\":");
  care_record_append_json (out, record);
  g_string_append_c (out, '}');
  send_text (req, status, out);
}

void
care_request_respond_records (CareRequest *req,
                              guint        status,
                              GPtrArray   *records,
                              JsonObject  *meta)
{
  GString *out = g_string_sized_new (1024 + records->len * 1024);

  g_string_append (out, "{\"data\":[");
  for (guint i = 0; i < records->len; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      care_record_append_json (out, g_ptr_array_index (records, i));
    }
  g_string_append_c (out, ']');
  if (meta)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (node, meta);
      g_string_append (out, ",\"meta\":");
      care_json_append_node (out, node);
    }
  g_string_append_c (out, '}');
  send_text (req, status, out);
}

void
care_request_no_content (CareRequest *req)
{
  req->responded = TRUE;
  if (req->server->draining)
    soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Connection", "close");
  soup_server_message_set_status (req->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
send_error (CareRequest *req,
            guint        status,
            const char  *message,
            JsonArray   *errors)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  g_autofree char *now = iso_now ();

  json_object_set_int_member (object, "status", status);
  json_object_set_string_member (object, "message", message);
  json_object_set_array_member (object, "errors", errors ? errors : json_array_new ());
  json_object_set_string_member (object, "timestamp", now);
  json_node_take_object (root, object);
  send_json (req, status, root);
  care_server_audit_refusal (req, status, message);
}

void
care_request_error (CareRequest *req,
                    guint        status,
                    const char  *message)
{
  send_error (req, status, message, NULL);
}

void
care_request_field_error (CareRequest *req,
                          guint        status,
                          const char  *message,
                          const char  *field,
                          const char  *field_message)
{
  JsonArray *errors = json_array_new ();
  JsonObject *e = json_object_new ();

  json_object_set_string_member (e, "field", field);
  json_object_set_string_member (e, "message", field_message);
  json_array_add_object_element (errors, e);
  send_error (req, status, message, errors);
}

JsonArray *
care_validation_errors_json (const CareValidation *v)
{
  JsonArray *errors = json_array_new ();

  for (guint i = 0; i < care_validation_get_n_errors (v); i++)
    {
      const char *field = care_validation_get_field (v, i);
      JsonObject *e = json_object_new ();

      json_object_set_string_member (e, "field", field);
      json_object_set_string_member (e, "message", care_validation_get_message (v, field));
      json_array_add_object_element (errors, e);
    }
  return errors;
}

gboolean
care_request_query_int (CareRequest *req,
                        const char  *name,
                        gint64       fallback,
                        gint64       min,
                        gint64       max,
                        gint64      *out)
{
  const char *text = care_request_query (req, name);
  gint64 n;

  *out = fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_signed (text, 10, min, max, &n, NULL))
    {
      g_autofree char *message = g_strdup_printf ("Give a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT ".",
                                                  min, max);
      care_request_field_error (req, 400, "A query parameter is not valid.", name, message);
      return FALSE;
    }
  *out = n;
  return TRUE;
}

void
care_request_validation_error (CareRequest          *req,
                               const CareValidation *v,
                               const CareEntity     *entity)
{
  JsonArray *errors = care_validation_errors_json (v);
  g_autofree char *summary = care_validation_to_string (v, entity);

  send_error (req, 422, summary && summary[0] ? summary : "Some fields are not valid.", errors);
}

void
care_request_gerror (CareRequest      *req,
                     const GError     *error,
                     const CareEntity *entity)
{
  if (g_error_matches (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND))
    care_request_error (req, 404, "This record does not exist.");
  else if (g_error_matches (error, CARE_STORE_ERROR, CARE_STORE_ERROR_READ_ONLY))
    care_request_error (req, 405, error->message);
  else if (error->domain == CARE_VALIDATION_ERROR)
    care_request_error (req, 422, error->message);
  else if (g_error_matches (error, CARE_SERVER_ERROR, CARE_SERVER_ERROR_CONFLICT))
    care_request_error (req, 409, error->message);
  else if (g_error_matches (error, CARE_SERVER_ERROR, CARE_SERVER_ERROR_FORBIDDEN))
    care_request_error (req, 403, error->message);
  else if (error->domain == CARE_ACCOUNTS_ERROR)
    care_request_field_error (req, 422, error->message, "password", error->message);
  else if (error->domain == CARE_STORE_ERROR &&
           error->message && strstr (error->message, "UNIQUE constraint failed"))
    care_request_error (req, 409, "A record with these values already exists.");
  else
    {
      g_warning ("%s %s failed: %s", req->method, req->path, error->message);
      care_request_error (req, 500, "The server could not complete the request.");
    }
}

const char *
care_request_query (CareRequest *req,
                    const char  *name)
{
  return req->query ? g_hash_table_lookup (req->query, name) : NULL;
}

const char *
care_request_remote (CareRequest *req)
{
  const char *host = soup_server_message_get_remote_host (req->msg);
  return host ? host : "unknown";
}

/* "\u0000" inside a JSON string would silently cut the C string short;
 * turn it into U+0001 so that validation names the field that holds it. */
static char *
neutralize_nul_escapes (const char *text,
                        gsize       length)
{
  GString *s = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '\\' && i + 5 < length + 0 && text[i + 1] == 'u' &&
          text[i + 2] == '0' && text[i + 3] == '0' && text[i + 4] == '0' && text[i + 5] == '0')
        {
          g_string_append (s, "\\u0001");
          i += 5;
          continue;
        }
      if (text[i] == '\\' && i + 1 < length)
        {
          g_string_append_c (s, text[i]);
          g_string_append_c (s, text[++i]);
          continue;
        }
      g_string_append_c (s, text[i]);
    }
  return g_string_free (s, FALSE);
}

JsonObject *
care_request_body_object (CareRequest *req)
{
  SoupMessageBody *body;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *data;
  gsize length;

  if (req->body)
    return JSON_NODE_HOLDS_OBJECT (req->body) ? json_node_get_object (req->body) : NULL;

  body = soup_server_message_get_request_body (req->msg);
  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &length);
  if (length > req->server->config->max_body_bytes)
    {
      care_request_error (req, 413, "The request body is too large.");
      return NULL;
    }
  if (length == 0)
    {
      care_request_field_error (req, 400, "The request needs a JSON object as its body.", "body", "The body is empty.");
      return NULL;
    }
  if (memchr (data, '\0', length) || !g_utf8_validate (data, length, NULL))
    {
      care_request_field_error (req, 400, "The request body is not valid UTF-8 text.", "body",
                                "The body contains bytes that are not UTF-8 text.");
      return NULL;
    }
  /* Before the (recursive) parser: depth and duplicate keys. */
  {
    g_autofree char *field = NULL;

    if (!care_json_check (data, length, CARE_JSON_MAX_DEPTH, &field, &error))
      {
        g_autofree char *message = g_strdup_printf ("The request body is not acceptable JSON: %s", error->message);
        care_request_field_error (req, 400, message, field ? field : "body", error->message);
        return NULL;
      }
  }
  text = neutralize_nul_escapes (data, length);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, -1, &error))
    {
      g_autofree char *message = g_strdup_printf ("The request body is not valid JSON: %s", error->message);
      care_request_field_error (req, 400, message, "body", error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      care_request_field_error (req, 400, "The request body must be a JSON object.", "body", "Expected an object.");
      return NULL;
    }
  req->body = json_node_copy (json_parser_get_root (parser));
  return json_node_get_object (req->body);
}

const char *
care_request_string_member (CareRequest *req,
                            JsonObject  *object,
                            const char  *name,
                            gboolean     required,
                            gboolean    *failed)
{
  JsonNode *node = json_object_get_member (object, name);

  if (*failed)
    return NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          care_request_field_error (req, 422, "A required field is missing.", name, "This is required.");
          *failed = TRUE;
        }
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      care_request_field_error (req, 422, "A field has the wrong type.", name, "Expected a string.");
      *failed = TRUE;
      return NULL;
    }
  return json_node_get_string (node);
}

/* --- permissions and caches --------------------------------------------- */

static void
sync_generation (CareServer *server)
{
  gint current = server->shared_generation ? g_atomic_int_get (server->shared_generation) : 0;

  if (current == server->seen_generation && server->revoked)
    return;
  server->seen_generation = current;
  g_clear_pointer (&server->revoked, g_hash_table_unref);
  server->revoked = server->storage->v->access_revoked (server->storage, care_clock_get_real_time () / G_USEC_PER_SEC);
  g_hash_table_remove_all (server->permissions);
}

/* Called by handlers, perhaps inside a transaction: the other workers are
 * told once the request is done and its changes are committed. */
void
care_server_bump_generation (CareServer *server)
{
  server->bump_pending = TRUE;
}

void
care_server_flush_generation (CareServer *server)
{
  if (!server->bump_pending)
    return;
  server->bump_pending = FALSE;
  if (server->shared_generation)
    g_atomic_int_inc (server->shared_generation);
  /* The processes of other hosts (PostgreSQL) hear of it by a signal. */
  if (server->storage->v->signal)
    server->storage->v->signal (server->storage, CARE_SERVER_SIGNAL_ACCESS);
  /* This process reloads at once. */
  care_server_reload_caches (server);
}

void
care_server_reload_caches (CareServer *server)
{
  server->seen_generation = G_MININT;
  sync_generation (server);
}

void
care_server_set_shared_generation (CareServer    *server,
                                   volatile gint *generation)
{
  server->shared_generation = generation;
  server->seen_generation = G_MININT;
}

gboolean
care_server_role_can (CareServer *server,
                      const char *tenant,
                      const char *role,
                      const char *permission)
{
  g_autofree char *key = NULL;
  gpointer cached;
  gboolean allowed;

  if (role == NULL || g_str_equal (role, CARE_ROLE_PATIENT))
    return FALSE;
  if (permission == NULL)
    return TRUE;
  key = g_strconcat (tenant, "|", role, "|", permission, NULL);
  cached = g_hash_table_lookup (server->permissions, key);
  if (cached)
    return GPOINTER_TO_INT (cached) - 1;
  allowed = server->storage->v->role_can (server->storage, tenant, role, permission);
  g_hash_table_insert (server->permissions, g_steal_pointer (&key), GINT_TO_POINTER (1 + allowed));
  return allowed;
}

gboolean
care_request_can (CareRequest *req,
                  const char  *permission)
{
  if (req->claims.is_patient)
    return FALSE;
  return care_server_role_can (req->server, req->claims.tenant_id, req->claims.role, permission);
}

gboolean
care_request_require (CareRequest *req,
                      const char  *permission)
{
  g_autofree char *message = NULL;

  if (care_request_can (req, permission))
    return TRUE;
  message = g_strdup_printf ("Your role may not do this (it needs the “%s” permission).",
                             permission ? permission : "staff");
  care_request_error (req, 403, message);
  return FALSE;
}

/* --- routes ------------------------------------------------------------- */

static void
route_free (CareRoute *route)
{
  g_free (route->method);
  g_free (route->pattern);
  g_strfreev (route->segments);
  g_free (route->summary);
  g_free (route->tag);
  g_free (route);
}

static char **
split_path (const char *path)
{
  g_auto(GStrv) raw = g_strsplit (path, "/", -1);
  GPtrArray *parts = g_ptr_array_new ();

  for (guint i = 0; raw[i]; i++)
    if (raw[i][0])
      g_ptr_array_add (parts, g_strdup (raw[i]));
  g_ptr_array_add (parts, NULL);
  return (char **) g_ptr_array_free (parts, FALSE);
}

CareRoute *
care_server_add_route (CareServer   *server,
                       const char   *method,
                       const char   *pattern,
                       const char   *permission,
                       guint         flags,
                       CareRouteFunc func,
                       const char   *tag,
                       const char   *summary)
{
  CareRoute *route = g_new0 (CareRoute, 1);
  GPtrArray *bucket;

  route->method = g_strdup (method);
  route->pattern = g_strdup (pattern);
  route->segments = split_path (pattern);
  route->permission = permission;
  route->flags = flags;
  route->func = func;
  route->tag = g_strdup (tag);
  route->summary = g_strdup (summary);
  route->success = g_str_equal (method, "POST") ? 201 : 200;
  route->response = CARE_RESPONSE_OBJECT;
  g_ptr_array_add (server->routes, route);

  bucket = g_hash_table_lookup (server->route_index, route->segments[0] ? route->segments[0] : "");
  if (bucket == NULL)
    {
      bucket = g_ptr_array_new ();
      g_hash_table_insert (server->route_index, g_strdup (route->segments[0] ? route->segments[0] : ""), bucket);
    }
  g_ptr_array_add (bucket, route);
  return route;
}

/* Literal segments beat {parameters}: /patients/search before /patients/{id}. */
static guint
route_match (const CareRoute *route,
             char           **segments,
             guint            n_segments)
{
  guint score = 1;

  if (g_strv_length (route->segments) != n_segments)
    return 0;
  for (guint i = 0; i < n_segments; i++)
    {
      if (route->segments[i][0] == '{')
        continue;
      if (!g_str_equal (route->segments[i], segments[i]))
        return 0;
      score++;
    }
  return score;
}

/* --- dispatch ----------------------------------------------------------- */

static gboolean
authenticate (CareRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "WWW-Authenticate", "Bearer realm=\"caredesk\"");
      care_request_error (req, 401, "Sign in first: this request needs an access token.");
      return FALSE;
    }
  if (!care_server_token_verify (req->server, auth + 7, &req->claims))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "WWW-Authenticate", "Bearer realm=\"caredesk\", error=\"invalid_token\"");
      care_request_error (req, 401, "The access token is not valid or has expired; refresh it or sign in again.");
      return FALSE;
    }
  if (req->server->revoked && g_hash_table_size (req->server->revoked) > 0)
    {
      g_autofree char *subject = g_strconcat ("sub:", req->claims.user_id, NULL);
      const gint64 *since = g_hash_table_lookup (req->server->revoked, subject);

      if (g_hash_table_contains (req->server->revoked, req->claims.jti) ||
          (since && req->claims.issued_at_ms <= *since))
        {
          care_request_error (req, 401, "This session has been signed out; sign in again.");
          return FALSE;
        }
    }
  req->authenticated = TRUE;
  return TRUE;
}

static void
dispatch (CareRequest *req)
{
  g_auto(GStrv) segments = split_path (req->path);
  guint n = g_strv_length (segments);
  GPtrArray *bucket = g_hash_table_lookup (req->server->route_index, n ? segments[0] : "");
  const CareRoute *best = NULL;
  guint best_score = 0;
  g_autoptr(GString) allow = g_string_new (NULL);

  for (guint i = 0; bucket && i < bucket->len; i++)
    {
      const CareRoute *route = g_ptr_array_index (bucket, i);
      guint score = route_match (route, segments, n);

      if (score == 0)
        continue;
      if (!g_str_equal (route->method, req->method))
        {
          if (!strstr (allow->str, route->method))
            g_string_append_printf (allow, "%s%s", allow->len ? ", " : "", route->method);
          continue;
        }
      if (score > best_score)
        {
          best = route;
          best_score = score;
        }
    }

  if (best == NULL)
    {
      if (allow->len)
        {
          const CareEntity *entity = n ? care_schema_lookup_table (segments[0]) : NULL;
          g_autofree char *message = NULL;

          soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Allow", allow->str);
          if (entity && (entity->flags & CARE_ENTITY_APPEND_ONLY) && n == 2 &&
              (g_str_equal (req->method, "PATCH") || g_str_equal (req->method, "PUT") || g_str_equal (req->method, "DELETE")))
            message = g_strdup_printf ("%s are append-only: they cannot be changed or deleted once recorded; "
                                       "record an amendment (a new entry with amends_id) instead.", entity->plural);
          else
            message = g_strdup_printf ("%s is not allowed here; this path takes %s.", req->method, allow->str);
          care_request_error (req, 405, message);
        }
      else
        care_request_error (req, 404, "There is no such route in the API.");
      return;
    }

  req->route = best;
  for (guint i = 0; i < n && req->n_params < G_N_ELEMENTS (req->params); i++)
    if (best->segments[i][0] == '{')
      req->params[req->n_params++] = g_strdup (segments[i]);

  if (!(best->flags & CARE_ROUTE_PUBLIC))
    {
      if (!authenticate (req))
        return;
      if (req->claims.is_patient && !(best->flags & (CARE_ROUTE_PATIENT | CARE_ROUTE_NO_STAFF)))
        {
          care_request_error (req, 403, "Patient accounts cannot use this route.");
          return;
        }
      if (!req->claims.is_patient && (best->flags & CARE_ROUTE_NO_STAFF))
        {
          care_request_error (req, 403, "Only patient accounts can use this route.");
          return;
        }
      if (!req->claims.is_patient && best->permission && !care_request_require (req, best->permission))
        return;
    }

  best->func (req);
}

/* A workstation name goes into the audit log: printable text only. */
static gboolean
workstation_name_ok (const char *name)
{
  if (name == NULL || name[0] == '\0' || strlen (name) > 80 || !g_utf8_validate (name, -1, NULL))
    return FALSE;
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        return FALSE;
    }
  return TRUE;
}

static void
server_callback (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  CareServer *server = user_data;
  g_autoptr(CareRequest) req = g_new0 (CareRequest, 1);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *workstation = soup_message_headers_get_one (headers, "X-Caredesk-Workstation");

  req->refcount = 1;
  req->server = server;
  req->msg = g_object_ref (msg);
  req->method = soup_server_message_get_method (msg);
  req->query = query ? g_hash_table_ref (query) : NULL;
  server->requests++;

  if (workstation_name_ok (workstation))
    req->workstation = g_strdup (workstation);
  else
    req->workstation = g_strdup (care_request_remote (req));

  sync_generation (server);

  /* Requests begun before SIGTERM are served; later ones are turned away. */
  if (server->draining && g_object_get_data (G_OBJECT (msg), "care-late"))
    {
      req->path = g_strdup (path);
      care_request_error (req, 503, "The server is shutting down; try again in a moment.");
      return;
    }
  if (!g_str_has_prefix (path, CARE_API_PREFIX "/") && !g_str_equal (path, CARE_API_PREFIX))
    {
      req->path = g_strdup (path);
      care_request_error (req, 404, "Not found: the API lives under /api/v1.");
      return;
    }
  req->path = g_strdup (path + strlen (CARE_API_PREFIX));
  {
    g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
    if (g_bytes_get_size (bytes) > server->config->max_body_bytes)
      {
        care_request_error (req, 413, "The request body is too large.");
        return;
      }
  }

  dispatch (req);
  care_server_flush_generation (server);

  if (!req->responded && req->refcount == 1)
    {
      g_critical ("%s %s gave no response", req->method, req->path);
      care_request_error (req, 500, "The server could not complete the request.");
    }
}

static void
early_callback (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  CareServer *server = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) length > server->config->max_body_bytes)
    {
      g_autoptr(CareRequest) req = g_new0 (CareRequest, 1);

      req->refcount = 1;
      req->server = server;
      req->msg = g_object_ref (msg);
      req->method = soup_server_message_get_method (msg);
      req->path = g_strdup (path);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      care_request_error (req, 413, "The request body is too large (the limit is 1 MiB).");
    }
}

/* --- in-flight requests and draining ------------------------------------ */

static gboolean
quit_loop (gpointer data)
{
  CareServer *server = data;

  server->drain_timeout_id = 0;
  if (server->loop)
    g_main_loop_quit (server->loop);
  return G_SOURCE_REMOVE;
}

static void
on_message_finished (SoupServerMessage *msg,
                     CareServer        *server)
{
  care_server_message_done (server, msg);
}

void
care_server_message_done (CareServer        *server,
                          SoupServerMessage *msg)
{
  if (g_object_get_data (G_OBJECT (msg), "care-inflight") == NULL)
    return;
  g_object_set_data (G_OBJECT (msg), "care-inflight", NULL);
  server->inflight--;
  if (server->draining && server->inflight == 0)
    g_idle_add (quit_loop, server);
}

static void
on_message_got_headers (SoupServerMessage *msg,
                        CareServer        *server)
{
  g_object_set_data (G_OBJECT (msg), "care-inflight", GINT_TO_POINTER (1));
  if (server->draining)
    g_object_set_data (G_OBJECT (msg), "care-late", GINT_TO_POINTER (1));
  server->inflight++;
  g_debug ("Read the headers of a request; %u in flight", server->inflight);
}

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    CareServer        *server)
{
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_message_got_headers), server);
  g_signal_connect (msg, "finished", G_CALLBACK (on_message_finished), server);
}

void
care_server_drain (CareServer *server,
                   GMainLoop  *loop)
{
  if (server->draining)
    return;
  server->draining = TRUE;
  server->loop = loop;
  care_server_sync_drain (server);
  g_info ("Shutting down: %u request(s) in flight", server->inflight);
  if (server->inflight == 0)
    g_idle_add (quit_loop, server);
  else
    server->drain_timeout_id = g_timeout_add_seconds (server->config->shutdown_timeout, quit_loop, server);
}

/* --- the server --------------------------------------------------------- */

CareServer *
care_server_new (CareServerConfig  *config,
                 CareServerStorage *storage,
                 GError           **error)
{
  CareServer *server = g_new0 (CareServer, 1);

  server->config = config;
  server->storage = storage;
  server->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  server->route_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  server->permissions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  server->audit_pending = g_ptr_array_new_with_free_func ((GDestroyNotify) care_server_audit_entry_free);
  server->seen_generation = G_MININT;
  server->anchor_path = care_server_anchor_path (config);

  if (!care_server_load_secret (server, error))
    {
      care_server_free (server);
      return NULL;
    }

  if (config->tls_cert || config->tls_key)
    {
      g_autoptr(GTlsCertificate) cert = NULL;

      if (!config->tls_cert || !config->tls_key)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "HTTPS needs both --tls-cert and --tls-key");
          care_server_free (server);
          return NULL;
        }
      cert = g_tls_certificate_new_from_files (config->tls_cert, config->tls_key, error);
      if (cert == NULL)
        {
          care_server_free (server);
          return NULL;
        }
      server->soup = soup_server_new ("server-header", "caredesk-server/" PACKAGE_VERSION, NULL);
      soup_server_set_tls_certificate (server->soup, cert);
    }
  else
    server->soup = soup_server_new ("server-header", "caredesk-server/" PACKAGE_VERSION, NULL);

  soup_server_add_early_handler (server->soup, NULL, early_callback, server, NULL);
  soup_server_add_handler (server->soup, NULL, server_callback, server, NULL);
  g_signal_connect (server->soup, "request-started", G_CALLBACK (on_request_started), server);

  care_server_auth_register (server);
  care_server_resources_register (server);
  care_server_actions_register (server);
  care_server_fhir_register (server);
  care_server_sync_register (server);
  care_server_openapi_register (server);
  return server;
}

void
care_server_handle_path (CareServer *server,
                         const char *path)
{
  soup_server_add_handler (server->soup, path, server_callback, server, NULL);
}

gboolean
care_server_listen_socket (CareServer *server,
                           GSocket    *socket,
                           GError    **error)
{
  care_server_sync_start (server);
  care_server_reminders_start (server);
  return soup_server_listen_socket (server->soup, socket,
                                    server->config->tls_cert ? SOUP_SERVER_LISTEN_HTTPS : 0,
                                    error);
}

void
care_server_free (CareServer *server)
{
  if (server == NULL)
    return;
  if (server->audit_pending && server->audit_pending->len)
    {
      g_autoptr(GError) error = NULL;

      if (!care_server_audit_flush (server, &error))
        g_warning ("Audit entries could not be written: %s", error->message);
    }
  care_server_audit_anchor (server);
  care_server_sync_free (server);
  care_server_reminders_stop (server);
  if (server->audit_flush_id)
    g_source_remove (server->audit_flush_id);
  if (server->drain_timeout_id)
    g_source_remove (server->drain_timeout_id);
  if (server->soup)
    {
      soup_server_disconnect (server->soup);
      g_clear_object (&server->soup);
    }
  g_clear_pointer (&server->routes, g_ptr_array_unref);
  g_clear_pointer (&server->route_index, g_hash_table_unref);
  g_clear_pointer (&server->permissions, g_hash_table_unref);
  g_clear_pointer (&server->revoked, g_hash_table_unref);
  g_clear_pointer (&server->audit_pending, g_ptr_array_unref);
  g_free (server->anchor_path);
  g_free (server->anchored_head);
  g_free (server);
}
