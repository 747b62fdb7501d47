/* care-server-fixture.c: the real caredesk-server on a free port, and HTTP to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "care-server-fixture.h"

char *
care_test_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("caredesk-server-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
care_test_rmtree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        care_test_rmtree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

int
care_test_run_server_command (const char *const *args,
                              char            **out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  g_ptr_array_add (argv, (gpointer) CAREDESK_SERVER);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  if (stderr_text && stderr_text[0])
    g_test_message ("caredesk-server %s: %s", args[0], stderr_text);
  if (out)
    *out = g_steal_pointer (&stdout_text);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

static char *master_dir;

static void
remove_master (void)
{
  if (master_dir)
    care_test_rmtree (master_dir);
}

char *
care_test_demo_database (const char *dir)
{
  static char *master;
  g_autofree char *copy = g_build_filename (dir, "demo.sqlite", NULL);
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;
  g_autoptr(GError) error = NULL;

  if (master == NULL)
    {
      g_autofree char *master_dir_local = care_test_tmpdir ();
      g_autofree char *path = g_build_filename (master_dir_local, "master.sqlite", NULL);
      const char *args[] = { "init", "--demo", "--database", path, NULL };

      g_assert_cmpint (care_test_run_server_command (args, NULL), ==, 0);
      master = g_steal_pointer (&path);
      master_dir = g_strdup (master_dir_local);
      atexit (remove_master);
    }
  from = g_file_new_for_path (master);
  to = g_file_new_for_path (copy);
  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&copy);
}

char *
care_test_add_clinic (const char *database,
                      const char *name,
                      const char *admin)
{
  g_autofree char *dir = g_path_get_dirname (database);
  g_autofree char *password_file = g_build_filename (dir, "password.txt", NULL);
  g_autofree char *email = g_strdup_printf ("%s@%s.example", admin, "second-clinic");
  g_autofree char *out = NULL;
  const char *args[] = { "init", "--database", database, "--clinic", name, "--admin-username", admin,
                         "--admin-email", email, "--admin-password-file", password_file, NULL };
  const char *start, *end;

  g_assert_true (g_file_set_contents (password_file, CARE_TEST_PASSWORD "\n", -1, NULL));
  g_assert_cmpint (care_test_run_server_command (args, &out), ==, 0);
  /* "Created clinic “X” (tenant ID) with …" */
  start = strstr (out, "(tenant ");
  g_assert_nonnull (start);
  start += strlen ("(tenant ");
  end = strchr (start, ')');
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

/* With CAREDESK_TEST_STORAGE=postgresql (tests/server/meson.build's "-pg"
 * registrations, under pg-cluster.sh), a server starts on a copy of its
 * SQLite database in a new PostgreSQL database of the test cluster, made
 * with `caredesk-server migrate`: the same data, the other backend. */
char *
care_test_postgresql_database (void)
{
  static guint n;
  const char *cluster = g_getenv ("CAREDESK_TEST_POSTGRESQL");
  g_autofree char *name = g_strdup_printf ("care_%d_%u", (int) getpid (), ++n);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", name);
  PGconn *conn;
  PGresult *result;

  if (cluster == NULL)
    g_error ("PostgreSQL tests need a cluster: run them under tests/server/pg-cluster.sh");
  conn = PQconnectdb (cluster);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, create);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s", PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);
  return g_strdup_printf ("%s dbname=%s", cluster, name);
}

/* One of the cluster's client programs (pg-cluster.sh exports its bin dir). */
static void
run_pg_tool (const char *tool,
             const char *const *args)
{
  const char *bin = g_getenv ("CAREDESK_PG_BIN");
  g_autofree char *path = g_build_filename (bin ? bin : "", tool, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *errors = NULL;

  g_assert_nonnull (bin);
  g_ptr_array_add (argv, path);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &errors, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %s", tool, errors ? errors : "");
}

void
care_test_postgresql_dump (const char *database,
                           const char *path)
{
  const char *args[] = { "--format=custom", "--file", path, "--dbname", database, NULL };

  run_pg_tool ("pg_dump", args);
}

void
care_test_postgresql_restore (const char *database,
                              const char *path)
{
  const char *name = strrchr (database, '=');  /* the last keyword is dbname= */
  g_autofree char *drop = NULL;
  g_autofree char *create = NULL;
  const char *args[] = { "--exit-on-error", "--dbname", database, path, NULL };
  PGconn *conn = PQconnectdb (g_getenv ("CAREDESK_TEST_POSTGRESQL"));

  g_assert_nonnull (name);
  g_assert_true (name - database > 6 && strncmp (name - 6, "dbname", 6) == 0);
  drop = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", name + 1);
  create = g_strdup_printf ("CREATE DATABASE %s", name + 1);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  for (guint i = 0; i < 2; i++)
    {
      PGresult *result = PQexec (conn, i == 0 ? drop : create);

      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        g_error ("%s", PQresultErrorMessage (result));
      PQclear (result);
    }
  PQfinish (conn);
  run_pg_tool ("pg_restore", args);
}

static char *
postgresql_copy (const char *database)
{
  g_autofree char *conninfo = NULL;

  if (g_strcmp0 (g_getenv ("CAREDESK_TEST_STORAGE"), "postgresql") != 0 ||
      strstr (database, "dbname=") != NULL)
    return NULL;
  conninfo = care_test_postgresql_database ();
  {
    const char *args[] = { "migrate", "--database", database, "--to", conninfo, NULL };

    g_assert_cmpint (care_test_run_server_command (args, NULL), ==, 0);
  }
  return g_steal_pointer (&conninfo);
}

/* A test that aborts must not leave its server running. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

CareTestServer *
care_test_server_start (const char        *dir,
                        const char        *database,
                        const char *const *extra_args)
{
  CareTestServer *server = g_new0 (CareTestServer, 1);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                                G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  GDataInputStream *lines;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *colon;

  server->dir = g_strdup (dir);
  server->args = g_strdupv ((char **) extra_args);
  server->database = postgresql_copy (database);
  if (server->database == NULL)
    server->database = g_strdup (database);
  database = server->database;
  server->log_path = g_build_filename (dir, "server.log", NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  g_ptr_array_add (argv, (gpointer) CAREDESK_SERVER);
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, (gpointer) database);
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  g_ptr_array_add (argv, (gpointer) "--log-level");
  g_ptr_array_add (argv, (gpointer) "info");
  for (guint i = 0; extra_args && extra_args[i]; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  server->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  lines = server->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL)
    {
      g_autofree char *log = care_test_server_log (server);
      g_error ("caredesk-server did not start:\n%s", log);
    }
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:") ||
                 g_str_has_prefix (line, "Listening on https://127.0.0.1:"));
  colon = strrchr (line, ':');
  server->port = (guint) g_ascii_strtoull (colon + 1, NULL, 10);
  g_assert_cmpuint (server->port, >, 0);
  server->base = g_strdup_printf ("%s://127.0.0.1:%u/api/v1",
                                  g_str_has_prefix (line, "Listening on https") ? "https" : "http", server->port);
  server->session = soup_session_new_with_options ("timeout", 60, "max-conns", 64, "max-conns-per-host", 64, NULL);
  return server;
}

void
care_test_server_kill (CareTestServer *server)
{
  g_autoptr(GError) error = NULL;

  if (server->process == NULL)
    return;
  g_subprocess_force_exit (server->process);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&server->process);
}

void
care_test_server_restart (CareTestServer *server)
{
  g_autofree char *port = g_strdup_printf ("%u", server->port);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  CareTestServer *again;

  for (guint i = 0; server->args && server->args[i]; i++)
    g_ptr_array_add (args, server->args[i]);
  g_ptr_array_add (args, (gpointer) "--port");
  g_ptr_array_add (args, port);
  g_ptr_array_add (args, NULL);
  care_test_server_stop (server);
  again = care_test_server_start (server->dir, server->database, (const char *const *) args->pdata);
  g_assert_cmpuint (again->port, ==, server->port);
  g_clear_object (&server->session);
  g_clear_object (&server->stdout_lines);
  server->process = g_steal_pointer (&again->process);
  server->session = g_steal_pointer (&again->session);
  server->stdout_lines = g_steal_pointer (&again->stdout_lines);
  g_free (again->dir);
  g_free (again->database);
  g_free (again->log_path);
  g_free (again->base);
  g_strfreev (again->args);
  g_free (again);
}

void
care_test_server_advance_clock (CareTestServer *server,
                                guint           seconds)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strdup_printf ("advance %u\n", seconds);
  g_autofree char *answer = NULL;

  g_assert_true (g_output_stream_write_all (g_subprocess_get_stdin_pipe (server->process), command, strlen (command),
                                            NULL, NULL, &error));
  g_assert_no_error (error);
  answer = g_data_input_stream_read_line_utf8 (server->stdout_lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  g_assert_true (g_str_has_prefix (answer, "clock "));
}

char *
care_test_server_log (CareTestServer *server)
{
  char *text = NULL;

  if (!g_file_get_contents (server->log_path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

void
care_test_server_wait_for_log (CareTestServer *server,
                               const char     *text,
                               guint           times,
                               guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      g_autofree char *log = care_test_server_log (server);
      guint seen = 0;

      for (const char *at = strstr (log, text); at; at = strstr (at + 1, text))
        seen++;
      if (seen >= times)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("The server did not log “%s” within %u ms; its log:\n%s", text, timeout_ms, log);
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);  /* the log is a file: look again shortly */
    }
}

int
care_test_server_stop (CareTestServer *server)
{
  g_autoptr(GError) error = NULL;

  if (server->process == NULL)
    return 0;
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (server->process))
    {
      g_autofree char *log = care_test_server_log (server);
      g_test_message ("server log:\n%s", log);
      g_clear_object (&server->process);
      return -1;
    }
  {
    int status = g_subprocess_get_exit_status (server->process);
    if (status != 0)
      {
        g_autofree char *log = care_test_server_log (server);
        g_test_message ("server log:\n%s", log);
      }
    g_clear_object (&server->process);
    return status;
  }
}

void
care_test_server_free (CareTestServer *server)
{
  if (server == NULL)
    return;
  if (server->process)
    g_assert_cmpint (care_test_server_stop (server), ==, 0);
  g_clear_object (&server->session);
  g_clear_object (&server->stdout_lines);
  care_test_rmtree (server->dir);
  g_free (server->dir);
  g_free (server->database);
  g_free (server->log_path);
  g_free (server->base);
  g_strfreev (server->args);
  g_free (server);
}

static gboolean
accept_any_certificate (SoupMessage         *msg,
                        GTlsCertificate     *certificate,
                        GTlsCertificateFlags errors,
                        gpointer             data)
{
  return TRUE;
}

CareTestResponse *
care_test_request_bytes (CareTestServer *server,
                         const char     *method,
                         const char     *path,
                         const char     *token,
                         const char     *body,
                         gsize           length)
{
  g_autofree char *url = g_str_has_prefix (path, "http") ? g_strdup (path) : g_strconcat (server->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  CareTestResponse *response = g_new0 (CareTestResponse, 1);
  gsize size;

  g_assert_nonnull (msg);
  /* The tests' HTTPS server has a self-signed certificate. */
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);
  if (token)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, length);
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  bytes = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->body = g_strndup (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));
  if (size > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, response->body, size, NULL))
        response->root = json_node_copy (json_parser_get_root (parser));
    }
  return response;
}

CareTestResponse *
care_test_request (CareTestServer *server,
                   const char     *method,
                   const char     *path,
                   const char     *token,
                   const char     *body)
{
  return care_test_request_bytes (server, method, path, token, body, body ? strlen (body) : 0);
}

void
care_test_response_free (CareTestResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->body);
  g_clear_pointer (&response->root, json_node_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

JsonObject *
care_test_data_object (CareTestResponse *response)
{
  JsonNode *data;

  g_assert_nonnull (response->root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->root));
  data = json_object_get_member (json_node_get_object (response->root), "data");
  g_assert_nonnull (data);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (data));
  return json_node_get_object (data);
}

JsonArray *
care_test_data_array (CareTestResponse *response)
{
  JsonNode *data;

  g_assert_nonnull (response->root);
  data = json_object_get_member (json_node_get_object (response->root), "data");
  g_assert_nonnull (data);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (data));
  return json_node_get_array (data);
}

void
care_test_assert_error (CareTestResponse *response,
                        guint             status)
{
  JsonObject *o;

  if (response->status != status)
    g_error ("expected %u, got %u: %s", status, response->status, response->body);
  g_assert_nonnull (response->root);
  o = json_node_get_object (response->root);
  g_assert_cmpint (json_object_get_int_member (o, "status"), ==, status);
  g_assert_nonnull (json_object_get_string_member (o, "message"));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "errors")));
  g_assert_nonnull (json_object_get_string_member (o, "timestamp"));
}

const char *
care_test_error_field (CareTestResponse *response)
{
  JsonArray *errors;

  g_assert_nonnull (response->root);
  errors = json_object_get_array_member (json_node_get_object (response->root), "errors");
  if (errors == NULL || json_array_get_length (errors) == 0)
    return NULL;
  return json_object_get_string_member (json_array_get_object_element (errors, 0), "field");
}

JsonObject *
care_test_login_full (CareTestServer *server,
                      const char     *path,
                      const char     *login,
                      const char     *password,
                      const char     *tenant)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) g = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autoptr(CareTestResponse) r = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "login");
  json_builder_add_string_value (b, login);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  if (tenant)
    {
      json_builder_set_member_name (b, "tenant_id");
      json_builder_add_string_value (b, tenant);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (g, root);
  body = json_generator_to_data (g, NULL);
  r = care_test_request (server, "POST", path, NULL, body);
  if (r->status != 200)
    g_error ("login %s failed: %u %s", login, r->status, r->body);
  return json_object_ref (care_test_data_object (r));
}

char *
care_test_login (CareTestServer *server,
                 const char     *login,
                 const char     *password,
                 const char     *tenant)
{
  g_autoptr(JsonObject) session = care_test_login_full (server, "/auth/login", login, password, tenant);
  return g_strdup (json_object_get_string_member (session, "access_token"));
}

char *
care_test_first_id (CareTestServer *server,
                    const char     *token,
                    const char     *path)
{
  g_autoptr(CareTestResponse) r = care_test_request (server, "GET", path, token, NULL);
  JsonArray *rows;

  g_assert_cmpuint (r->status, ==, 200);
  rows = care_test_data_array (r);
  if (json_array_get_length (rows) == 0)
    return NULL;
  return g_strdup (json_object_get_string_member (json_array_get_object_element (rows, 0), "id"));
}

char *
care_test_portal_token (CareTestServer *server,
                        const char     *admin,
                        const char     *patient_id,
                        const char     *login)
{
  g_autofree char *path = g_strdup_printf ("/patients/%s/invite", patient_id);
  g_autoptr(CareTestResponse) invite = care_test_request (server, "POST", path, admin, NULL);
  g_autoptr(CareTestResponse) reg = NULL;
  g_autoptr(JsonObject) session = NULL;
  g_autofree char *body = NULL;

  g_assert_cmpuint (invite->status, ==, 201);
  body = g_strdup_printf ("{\"token\": \"%s\", \"password\": \"portal-pass-1\", \"login\": \"%s\"}",
                          json_object_get_string_member (care_test_data_object (invite), "invite_token"), login);
  reg = care_test_request (server, "POST", "/auth/register-patient", NULL, body);
  g_assert_cmpuint (reg->status, ==, 201);
  session = care_test_login_full (server, "/auth/login/patient", login, "portal-pass-1", NULL);
  return g_strdup (json_object_get_string_member (session, "access_token"));
}
