/* test-server-contract.c: the server keeps the OpenAPI document's contract, both ways
 *
 * The real server runs on a demo clinic; Stoplight Prism (the published
 * @stoplight/prism-cli that build-aux/setup.sh installs) runs in proxy
 * mode with --errors in front of it, on the document the server serves.
 * Traffic goes through Prism, from several roles:
 *
 * - a request the document allows must be forwarded and answered with a
 *   status and a body the document describes (Prism's "sl-violations"
 *   header, or its own problem answer, fails the test);
 * - a request the document forbids must be stopped by Prism and, sent
 *   straight to the server, refused too (4xx, naming the field where it
 *   is one): the server accepts nothing the document forbids;
 * - a create the document allows that the server refuses as missing a
 *   required field fails the test: the server requires nothing the
 *   document leaves optional.
 *
 * Every operation of the document is called at least once: the hand-made
 * traffic first, then a generated call for each operation not yet met
 * (a create with its schema's required fields, made from the schema).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "care-server-fixture.h"

typedef struct {
  CareTestServer *server;
  GSubprocess    *prism;
  GThread        *reader;     /* reads Prism's log, so that the pipe never fills */
  GMutex          lock;
  GCond           cond;
  gboolean        listening;
  gboolean        gone;
  char           *proxy;      /* http://127.0.0.1:PORT */
  JsonNode       *doc;
  GHashTable     *covered;    /* "METHOD /pattern" */
  guint           n_forwarded;
  guint           n_stopped;
  guint           n_created;
} Contract;

static Contract contract;

#define PRISM_ERRORS "https://stoplight.io/prism/errors#"

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* In a thread: Prism's output line by line, until it ends. */
static gpointer
read_prism_log (gpointer data)
{
  g_autoptr(GInputStream) pipe = data;
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (pipe);

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL);

      g_mutex_lock (&contract.lock);
      if (line == NULL)
        contract.gone = TRUE;
      else if (strstr (line, "Prism is listening on"))
        contract.listening = TRUE;
      else if (!contract.listening && (strstr (line, "error") || strstr (line, "fatal")))
        g_printerr ("prism: %s\n", line);
      g_cond_signal (&contract.cond);
      g_mutex_unlock (&contract.lock);
      if (line == NULL)
        return NULL;
    }
}

/* Prism ends with the test, even one that fails half-way. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_prism (const char *document)
{
  const char *modules = g_getenv ("CAREDESK_NODE_MODULES");
  g_autofree char *prism = g_build_filename (modules ? modules : "", ".bin", "prism", NULL);
  g_autofree char *port = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  gboolean listening;

  if (modules == NULL || !g_file_test (prism, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("Stoplight Prism is not installed in %s: run build-aux/setup.sh (it installs @stoplight/prism-cli "
             "from the npm registry)", modules ? modules : "(CAREDESK_NODE_MODULES unset)");
  /* The port is free now; Prism takes it in a moment, and says so. */
  port = g_strdup_printf ("%u", free_port ());
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  contract.prism = g_subprocess_launcher_spawn (launcher, &error, prism, "proxy", "--errors", "--host", "127.0.0.1",
                                                "--port", port, document, contract.server->base, NULL);
  g_assert_no_error (error);
  contract.proxy = g_strdup_printf ("http://127.0.0.1:%s", port);
  contract.reader = g_thread_new ("prism-log", read_prism_log, g_object_ref (g_subprocess_get_stdout_pipe (contract.prism)));
  deadline = g_get_monotonic_time () + 120 * G_TIME_SPAN_SECOND;
  g_mutex_lock (&contract.lock);
  while (!contract.listening && !contract.gone)
    if (!g_cond_wait_until (&contract.cond, &contract.lock, deadline))
      break;
  listening = contract.listening;
  g_mutex_unlock (&contract.lock);
  if (!listening)
    g_error ("Prism did not start listening within 120 s");
}

/* The document's path that path is an instance of (literal segments win). */
static const char *
match_pattern (const char *path)
{
  JsonObject *paths = json_object_get_object_member (json_node_get_object (contract.doc), "paths");
  g_autoptr(GList) patterns = json_object_get_members (paths);
  g_autofree char *bare = g_strndup (path, strcspn (path, "?"));
  g_auto(GStrv) have = g_strsplit (bare, "/", -1);
  const char *best = NULL;
  guint best_literals = 0;

  for (GList *l = patterns; l; l = l->next)
    {
      g_auto(GStrv) want = g_strsplit (l->data, "/", -1);
      guint literals = 0;
      gboolean ok = g_strv_length (want) == g_strv_length (have);

      for (guint i = 0; ok && want[i]; i++)
        {
          if (want[i][0] == '{')
            continue;
          ok = g_str_equal (want[i], have[i]);
          literals++;
        }
      if (ok && (best == NULL || literals > best_literals))
        {
          best = l->data;
          best_literals = literals;
        }
    }
  g_assert_nonnull (best);
  return best;
}

static void
cover (const char *method,
       const char *path)
{
  g_hash_table_add (contract.covered, g_strdup_printf ("%s %s", method, match_pattern (path)));
}

static gboolean
is_prism_problem (CareTestResponse *r)
{
  JsonObject *o = r->root && JSON_NODE_HOLDS_OBJECT (r->root) ? json_node_get_object (r->root) : NULL;

  return o && g_str_has_prefix (json_object_get_string_member_with_default (o, "type", ""), PRISM_ERRORS);
}

/* Prism could not reach the server (it reused a connection the server
 * had closed): no answer of the server's to judge. */
static gboolean
is_transport_failure (CareTestResponse *r)
{
  JsonObject *o = r->root && JSON_NODE_HOLDS_OBJECT (r->root) ? json_node_get_object (r->root) : NULL;

  return r->status == 500 && o && g_strcmp0 (json_object_get_string_member_with_default (o, "type", ""), "FetchError") == 0;
}

static CareTestResponse *
via_prism (const char *token,
           const char *method,
           const char *path,
           const char *body)
{
  g_autofree char *url = g_strconcat (contract.proxy, path, NULL);
  CareTestResponse *r;

  cover (method, path);
  r = care_test_request (contract.server, method, url, token, body);
  /* A read is asked again; a write is not (it may have been applied). */
  if (is_transport_failure (r) && g_str_equal (method, "GET"))
    {
      g_test_message ("%s %s again: %s", method, path, r->body);
      care_test_response_free (r);
      r = care_test_request (contract.server, method, url, token, body);
    }
  return r;
}

/* A request the document allows: forwarded, and the answer (expected, or
 * any when 0) is one the document describes. */
static CareTestResponse *
allowed (const char *token,
         const char *method,
         const char *path,
         const char *body,
         guint       expected)
{
  CareTestResponse *r = via_prism (token, method, path, body);
  const char *violations = soup_message_headers_get_one (r->headers, "sl-violations");

  if (violations || is_prism_problem (r))
    g_error ("%s %s %s: %u breaks the contract: %s\n%s", method, path, body ? body : "", r->status,
             violations ? violations : "", r->body);
  if (expected && r->status != expected)
    g_error ("%s %s %s: expected %u, got %u: %s", method, path, body ? body : "", expected, r->status, r->body);
  contract.n_forwarded++;
  return r;
}

/* A request the document forbids: Prism stops it, and the server itself
 * refuses it with status (naming field, if given). */
static void
forbidden (const char *token,
           const char *method,
           const char *path,
           const char *body,
           guint       status,
           const char *field)
{
  g_autoptr(CareTestResponse) stopped = via_prism (token, method, path, body);
  g_autoptr(CareTestResponse) direct = care_test_request (contract.server, method, path, token, body);

  if (!is_prism_problem (stopped))
    g_error ("%s %s %s: the document allows it (%u: %s)", method, path, body ? body : "", stopped->status, stopped->body);
  if (direct->status != status)
    g_error ("%s %s %s: the document forbids it, the server answers %u: %s", method, path, body ? body : "",
             direct->status, direct->body);
  care_test_assert_error (direct, status);
  if (field)
    g_assert_cmpstr (care_test_error_field (direct), ==, field);
  contract.n_stopped++;
}

static char *
login (const char *user)
{
  g_autofree char *body = g_strdup_printf ("{\"login\": \"%s\", \"password\": \"%s\"}", user, CARE_TEST_PASSWORD);
  g_autoptr(CareTestResponse) r = allowed (NULL, "POST", "/auth/login", body, 200);

  return g_strdup (json_object_get_string_member (care_test_data_object (r), "access_token"));
}

static char *
first_id (const char *token,
          const char *collection)
{
  g_autofree char *path = g_strdup_printf ("/%s?per_page=1", collection);
  g_autoptr(CareTestResponse) r = allowed (token, "GET", path, NULL, 200);
  JsonArray *rows = care_test_data_array (r);

  return json_array_get_length (rows)
         ? g_strdup (json_object_get_string_member (json_array_get_object_element (rows, 0), "id")) : NULL;
}

static char *
created_id (CareTestResponse *r)
{
  return g_strdup (json_object_get_string_member (care_test_data_object (r), "id"));
}

/* --- the hand-made traffic ----------------------------------------------- */

static void
traffic_by_hand (void)
{
  g_autofree char *admin = login ("admin");
  g_autofree char *nurse = login ("nurse");
  g_autofree char *doctor = login ("doctor");
  g_autofree char *reception = login ("reception");
  g_autofree char *pharmacy = login ("pharmacy");
  g_autofree char *lab = login ("lab");
  g_autofree char *patient = first_id (admin, "patients");
  g_autofree char *room = first_id (admin, "rooms");
  g_autofree char *order = first_id (pharmacy, "pharmacy_orders");
  g_autofree char *doctor_id = NULL;
  g_autofree char *invoice = NULL;
  g_autofree char *own_id = care_uuid_v7 ();
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *treatment = NULL;
  CareTestResponse *r;

  /* Signing in: wrong password, malformed body. */
  care_test_response_free (allowed (NULL, "POST", "/auth/login",
                                    "{\"login\": \"nurse\", \"password\": \"not it\"}", 401));
  forbidden (NULL, "POST", "/auth/login", "{\"login\": 5, \"password\": \"x\"}", 422, "login");
  forbidden (NULL, "GET", "/patients", NULL, 401, NULL);
  r = allowed (doctor, "GET", "/auth/me", NULL, 200);
  doctor_id = g_strdup (json_object_get_string_member (care_test_data_object (r), "id"));
  care_test_response_free (r);

  /* Creates take exactly what they need: no status, no user_id. */
  body = g_strdup_printf ("{\"patient_id\": \"%s\", \"treatment_type\": \"Physiotherapy\"}", patient);
  r = allowed (nurse, "POST", "/treatments", body, 201);
  g_assert_cmpstr (json_object_get_string_member (care_test_data_object (r), "status"), ==, "planned");
  treatment = created_id (r);
  care_test_response_free (r);
  care_test_response_free (allowed (admin, "POST", "/assets", "{\"name\": \"ECG cart\", \"category\": \"equipment\"}", 201));
  g_free (body);
  body = g_strdup_printf ("{\"room_id\": \"%s\", \"label\": \"Contract bed\"}", room);
  care_test_response_free (allowed (admin, "POST", "/beds", body, 201));
  care_test_response_free (allowed (nurse, "POST", "/notifications", "{\"kind\": \"system\", \"message\": \"Hello\"}", 201));
  forbidden (nurse, "POST", "/treatments", "{\"treatment_type\": \"Physiotherapy\"}", 422, "patient_id");
  /* A task for a role needs no assignee; one with neither is refused by
   * both the document (anyOf) and core. */
  care_test_response_free (allowed (admin, "POST", "/tasks",
                                    "{\"title\": \"Restock ward 3\", \"assigned_role\": \"nurse\", \"priority\": \"normal\"}",
                                    201));
  forbidden (admin, "POST", "/tasks", "{\"title\": \"Restock ward 3\", \"priority\": \"normal\"}", 422, "assigned_to");

  /* The id: the client's own UUID is taken, a taken one refused as malformed. */
  g_free (body);
  body = g_strdup_printf ("{\"id\": \"%s\", \"patient_id\": \"%s\", \"treatment_type\": \"Massage\"}", own_id, patient);
  care_test_response_free (allowed (nurse, "POST", "/treatments", body, 201));
  r = allowed (nurse, "POST", "/treatments", body, 422);
  g_assert_cmpstr (care_test_error_field (r), ==, "id");
  care_test_response_free (r);

  /* PATCH takes some fields; PUT all; the server's own may come back unchanged. */
  g_free (path);
  path = g_strdup_printf ("/treatments/%s", treatment);
  care_test_response_free (allowed (nurse, "PATCH", path, "{\"disease\": \"Back pain\"}", 200));
  care_test_response_free (allowed (nurse, "PATCH", path, "{}", 200));
  forbidden (nurse, "PATCH", path, "{\"cost\": \"a lot\"}", 422, "cost");
  g_free (body);
  body = g_strdup_printf ("{\"patient_id\": \"%s\", \"treatment_type\": \"Physiotherapy\", \"status\": \"in_progress\"}", patient);
  care_test_response_free (allowed (nurse, "PUT", path, body, 200));
  forbidden (nurse, "PUT", path, "{\"disease\": \"Back pain\"}", 422, NULL);

  /* Empty text is no uuid and no date-time. */
  forbidden (nurse, "POST", "/treatments", "{\"patient_id\": \"\", \"treatment_type\": \"Massage\"}", 422, "patient_id");
  g_free (path);
  path = g_strdup_printf ("/pharmacy_orders/%s", order);
  forbidden (pharmacy, "PATCH", path, "{\"dispensed_at\": \"\"}", 422, "dispensed_at");

  /* A staff account needs its first password. */
  care_test_response_free (allowed (admin, "POST", "/users",
                                    "{\"full_name\": \"Ada Contract\", \"username\": \"ada.contract\", \"role\": \"nurse\", "
                                    "\"password\": \"a long contract password 1\"}", 201));
  forbidden (admin, "POST", "/users", "{\"full_name\": \"Bo Contract\", \"username\": \"bo.contract\", \"role\": \"nurse\"}",
             422, "password");

  /* Permissions, read scopes and authorship answer as documented. */
  care_test_response_free (allowed (reception, "GET", "/lab_results", NULL, 403));
  care_test_response_free (allowed (lab, "GET", "/clinical_notes", NULL, 403));
  care_test_response_free (allowed (pharmacy, "GET", "/roles", NULL, 200));
  care_test_response_free (allowed (pharmacy, "GET", "/role_permissions", NULL, 200));
  care_test_response_free (allowed (reception, "PUT", "/roles/nurse/permissions", "{\"permissions\": {\"billing\": true}}", 403));
  g_free (body);
  body = g_strdup_printf ("{\"patient_id\": \"%s\", \"note_type\": \"progress\", \"title\": \"Seen\", \"content\": \"Well\", "
                          "\"author_id\": \"%s\"}", patient, doctor_id);
  r = allowed (nurse, "POST", "/clinical_notes", body, 422);
  g_assert_cmpstr (care_test_error_field (r), ==, "author_id");
  care_test_response_free (r);

  /* Payments name their fields. */
  r = allowed (reception, "GET", "/invoices?per_page=1", NULL, 200);
  invoice = g_strdup (json_object_get_string_member (json_array_get_object_element (care_test_data_array (r), 0), "id"));
  care_test_response_free (r);
  g_free (path);
  path = g_strdup_printf ("/invoices/%s/payments", invoice);
  forbidden (reception, "POST", path, "{\"amount\": \"ten\", \"method\": \"card\"}", 422, "amount");

  /* Sync, from a nurse's workstation; the live socket without Upgrade. */
  care_test_response_free (allowed (nurse, "GET", "/sync/pull?cursor=0&limit=50", NULL, 200));
  care_test_response_free (allowed (nurse, "GET", "/sync/checksum", NULL, 200));
  care_test_response_free (allowed (nurse, "GET", "/sync/live", NULL, 426));
  g_free (body);
  body = g_strdup_printf ("{\"device\": \"CT01\", \"mutations\": [{\"id\": \"%s\", \"entity\": \"treatment\", "
                          "\"record_id\": \"%s\", \"op\": \"update\", \"fields\": {\"disease\": \"Knee\"}, "
                          "\"base\": {\"disease\": \"Back pain\"}}]}", own_id, treatment);
  care_test_response_free (allowed (nurse, "POST", "/sync/push", body, 200));
  forbidden (nurse, "POST", "/sync/push", "{\"device\": \"CT01\"}", 400, NULL);

  /* Reports and the audit, by those who may read them. */
  care_test_response_free (allowed (admin, "GET", "/reports/patients?by=country", NULL, 200));
  care_test_response_free (allowed (admin, "GET", "/audit/verify", NULL, 200));
  care_test_response_free (allowed (nurse, "GET", "/audit/verify", NULL, 403));
}

/* --- a call for every operation not yet met --------------------------------- */

static JsonObject *
resolve (JsonObject *schema)
{
  const char *ref = json_object_get_string_member_with_default (schema, "$ref", NULL);
  JsonObject *schemas;

  if (ref == NULL)
    return schema;
  schemas = json_object_get_object_member (json_object_get_object_member (json_node_get_object (contract.doc),
                                                                          "components"), "schemas");
  return json_object_get_object_member (schemas, strrchr (ref, '/') + 1);
}

static JsonNode *sample_object (const char *admin, JsonObject *schema);

/* A value the property's schema allows; a reference is a real record. */
static JsonNode *
sample_value (const char *admin,
              const char *name,
              JsonObject *prop)
{
  const char *type = json_object_get_string_member_with_default (prop, "type", "string");
  const char *format = json_object_get_string_member_with_default (prop, "format", "");
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (json_object_has_member (prop, "enum"))
    json_node_set_string (node, json_array_get_string_element (json_object_get_array_member (prop, "enum"), 0));
  else if (g_str_equal (type, "integer") || g_str_equal (type, "number"))
    json_node_set_int (node, MAX (1, json_object_get_int_member_with_default (prop, "minimum", 1)));
  else if (g_str_equal (type, "boolean"))
    json_node_set_boolean (node, FALSE);
  else if (g_str_equal (type, "array"))
    {
      JsonObject *items = json_object_get_object_member (prop, "items");

      json_node_init_array (node, json_array_new ());
      json_array_add_element (json_node_get_array (node), sample_value (admin, name, resolve (items)));
    }
  else if (g_str_equal (type, "object"))
    {
      json_node_free (node);
      node = sample_object (admin, prop);
    }
  else if (g_str_equal (format, "uuid"))
    {
      const CareEntity *target = care_schema_lookup (json_object_get_string_member_with_default (prop, "description", ""));
      g_autofree char *id = target ? first_id (admin, target->table) : NULL;

      json_node_set_string (node, id ? id : "0190c1e2-7a3b-7cde-8f00-123456789abc");
    }
  else if (g_str_equal (format, "date"))
    json_node_set_string (node, "2026-01-15");
  else if (g_str_equal (format, "date-time"))
    json_node_set_string (node, "2026-01-15T09:30:00Z");
  else if (g_str_equal (format, "email"))
    json_node_set_string (node, "contract@example.org");
  else if (g_str_equal (format, "password"))
    json_node_set_string (node, "a long contract password 2");
  else if (json_object_has_member (prop, "pattern"))
    json_node_set_string (node, "09:30");
  else
    {
      gint64 max = json_object_get_int_member_with_default (prop, "maxLength", 40);
      g_autofree char *text = g_strdup_printf ("ct%s%u", name, g_random_int_range (1000, 9999));

      if ((gint64) strlen (text) > max)
        text[max] = '\0';
      json_node_set_string (node, text);
    }
  return node;
}

/* The schema's required members, each with a value it allows. */
static JsonNode *
sample_object (const char *admin,
               JsonObject *schema)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *props;
  JsonArray *required;

  schema = resolve (schema);
  props = json_object_get_object_member (schema, "properties");
  required = json_object_has_member (schema, "required") ? json_object_get_array_member (schema, "required") : NULL;
  for (guint i = 0; required && i < json_array_get_length (required); i++)
    {
      const char *name = json_array_get_string_element (required, i);

      json_object_set_member (object, name, sample_value (admin, name, resolve (json_object_get_object_member (props, name))));
    }
  json_node_take_object (node, object);
  return node;
}

static void
call_operation (const char *admin,
                const char *method,
                const char *pattern,
                JsonObject *operation)
{
  g_auto(GStrv) segments = g_strsplit (pattern, "/", -1);
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autoptr(CareTestResponse) r = NULL;
  gboolean reads = g_str_equal (method, "GET") || g_str_equal (method, "PATCH");

  /* Reads and PATCH on a real record; other calls on an id that names
   * nothing (a 404 the document describes) so as to change nothing. */
  for (guint i = 0; segments[i]; i++)
    if (segments[i][0] == '{')
      {
        g_autofree char *id = NULL;

        if (g_str_equal (segments[i], "{role}"))
          id = g_strdup ("nurse");
        else if (reads && i == 2)
          id = first_id (admin, segments[1]);
        g_free (segments[i]);
        segments[i] = id ? g_steal_pointer (&id) : g_strdup ("0190c1e2-7a3b-7cde-8f00-123456789abc");
      }
  path = g_strjoinv ("/", segments);
  if (json_object_has_member (operation, "requestBody"))
    {
      JsonObject *content = json_object_get_object_member (json_object_get_object_member (operation, "requestBody"),
                                                           "content");
      JsonObject *media = json_object_get_object_member (content, "application/json");

      g_autoptr(JsonNode) sample = sample_object (admin, json_object_get_object_member (media, "schema"));

      body = json_to_string (sample, FALSE);
    }
  r = allowed (admin, method, path, body, 0);
  if (r->status == 201)
    contract.n_created++;
  /* The document made this body of the required fields: the server must
   * not miss another. */
  if (r->status == 422 && r->root)
    {
      JsonArray *errors = json_object_get_array_member (json_node_get_object (r->root), "errors");

      for (guint i = 0; i < json_array_get_length (errors); i++)
        {
          JsonObject *e = json_array_get_object_element (errors, i);

          if (g_str_equal (json_object_get_string_member (e, "message"), "This is required."))
            g_error ("%s %s %s: the server requires %s, the document does not", method, path, body,
                     json_object_get_string_member (e, "field"));
        }
    }
}

static void
traffic_for_the_rest (void)
{
  g_autofree char *admin = login ("admin");
  JsonObject *paths = json_object_get_object_member (json_node_get_object (contract.doc), "paths");
  g_autoptr(GList) patterns = json_object_get_members (paths);
  g_autofree char *last_token = NULL;

  for (GList *l = patterns; l; l = l->next)
    {
      JsonObject *item = json_object_get_object_member (paths, l->data);
      g_autoptr(GList) methods = json_object_get_members (item);

      for (GList *m = methods; m; m = m->next)
        {
          g_autofree char *method = g_ascii_strup (m->data, -1);
          g_autofree char *key = g_strdup_printf ("%s %s", method, (const char *) l->data);

          if (g_hash_table_contains (contract.covered, key) || g_str_equal (l->data, "/auth/logout"))
            continue;
          call_operation (admin, method, l->data, json_object_get_object_member (item, m->data));
        }
    }
  /* Last, a session of its own ends. */
  last_token = login ("reception");
  care_test_response_free (allowed (last_token, "POST", "/auth/logout", NULL, 204));
  care_test_response_free (allowed (last_token, "GET", "/auth/me", NULL, 401));
}

static void
test_contract (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  g_autofree char *document = g_build_filename (dir, "openapi.json", NULL);
  g_autoptr(CareTestResponse) doc = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *paths;
  g_autoptr(GList) patterns = NULL;
  guint n_operations = 0;

  contract.server = care_test_server_start (dir, db, NULL);
  contract.covered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  doc = care_test_request (contract.server, "GET", "/openapi.json", NULL, NULL);
  g_assert_cmpuint (doc->status, ==, 200);
  contract.doc = json_node_ref (doc->root);
  g_assert_true (g_file_set_contents (document, doc->body, -1, &error));
  start_prism (document);

  traffic_by_hand ();
  traffic_for_the_rest ();

  paths = json_object_get_object_member (json_node_get_object (contract.doc), "paths");
  patterns = json_object_get_members (paths);
  for (GList *l = patterns; l; l = l->next)
    {
      g_autoptr(GList) methods = json_object_get_members (json_object_get_object_member (paths, l->data));

      for (GList *m = methods; m; m = m->next)
        {
          g_autofree char *method = g_ascii_strup (m->data, -1);
          g_autofree char *key = g_strdup_printf ("%s %s", method, (const char *) l->data);

          g_assert_true (g_hash_table_contains (contract.covered, key));
          n_operations++;
        }
    }
  g_test_message ("%u operations; %u requests forwarded and answered as documented (%u created), "
                  "%u forbidden by the document and refused by the server",
                  n_operations, contract.n_forwarded, contract.n_created, contract.n_stopped);

  g_subprocess_send_signal (contract.prism, SIGTERM);
  g_subprocess_wait (contract.prism, NULL, NULL);
  g_thread_join (contract.reader);
  g_clear_object (&contract.prism);
  g_clear_pointer (&contract.proxy, g_free);
  g_clear_pointer (&contract.doc, json_node_unref);
  g_clear_pointer (&contract.covered, g_hash_table_unref);
  care_test_server_free (contract.server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/contract/prism", test_contract);
  return g_test_run ();
}
