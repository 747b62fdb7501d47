/* main.c: caredesk-server — serve, init, verify-audit, migrate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server"

#include "config.h"

#include "care-clock.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib-unix.h>
#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>

#include "care-server-anchor.h"
#include "care-server-migrate.h"
#include "care-server-private.h"

static GLogLevelFlags max_level = G_LOG_LEVEL_INFO;

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;
  const char *name;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *when = NULL;

  if ((level & G_LOG_LEVEL_MASK) > max_level && !(level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)))
    return G_LOG_WRITER_HANDLED;
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  switch (level & G_LOG_LEVEL_MASK)
    {
    case G_LOG_LEVEL_ERROR: name = "ERROR"; break;
    case G_LOG_LEVEL_CRITICAL: name = "CRITICAL"; break;
    case G_LOG_LEVEL_WARNING: name = "WARNING"; break;
    case G_LOG_LEVEL_MESSAGE: name = "MESSAGE"; break;
    case G_LOG_LEVEL_INFO: name = "INFO"; break;
    default: name = "DEBUG"; break;
    }
  now = care_clock_now_utc ();
  when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  fprintf (stderr, "%s [%d] %s %s: %s\n", when, (int) getpid (), name, domain ? domain : "caredesk", message ? message : "");
  fflush (stderr);
  if (level & G_LOG_LEVEL_CRITICAL)
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static gboolean
set_log_level (const char *level,
               GError    **error)
{
  static const struct { const char *name; GLogLevelFlags level; } levels[] = {
    { "error", G_LOG_LEVEL_CRITICAL }, { "warning", G_LOG_LEVEL_WARNING }, { "message", G_LOG_LEVEL_MESSAGE },
    { "info", G_LOG_LEVEL_INFO }, { "debug", G_LOG_LEVEL_DEBUG } };

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    if (g_ascii_strcasecmp (level, levels[i].name) == 0)
      {
        max_level = levels[i].level;
        return TRUE;
      }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "Unknown log level “%s” (error, warning, info, debug)", level);
  return FALSE;
}

/* --- options ------------------------------------------------------------ */

static char *opt_to;
static char *opt_config, *opt_listen, *opt_database, *opt_tls_cert, *opt_tls_key, *opt_log_level;
static char *opt_smtp_host, *opt_smtp_from, *opt_audit_anchor, *opt_sync_history;
static gint opt_smtp_port = -1, opt_reminder_hours = -1;
static gint opt_port = -1, opt_access = -1, opt_refresh = -1, opt_workers = -1;
static gint64 opt_tombstone_retention = -1;
static gboolean opt_development, opt_demo, opt_test_clock;
static gint opt_demo_patients;
static gint64 opt_demo_seed = -1;
static char *opt_now;
static char *opt_clinic, *opt_admin_username, *opt_admin_email, *opt_admin_name, *opt_password_file, *opt_currency;

static const GOptionEntry entries[] = {
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, &opt_config, "Read settings from FILE ([server] group)", "FILE" },
  { "listen", 'l', 0, G_OPTION_ARG_STRING, &opt_listen, "Address to listen on (default 127.0.0.1)", "ADDR" },
  { "port", 'p', 0, G_OPTION_ARG_INT, &opt_port, "Port (default 8420; 0 picks a free one)", "PORT" },
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, &opt_database, "SQLite database file, or postgresql://…", "PATH" },
  { "to", 0, 0, G_OPTION_ARG_STRING, &opt_to, "migrate: the new PostgreSQL database (postgresql://…)", "URI" },
  { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_cert, "TLS certificate (PEM): serve HTTPS", "FILE" },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_key, "TLS private key (PEM)", "FILE" },
  { "log-level", 0, 0, G_OPTION_ARG_STRING, &opt_log_level, "error, warning, info (default) or debug", "LEVEL" },
  { "access-token-seconds", 0, 0, G_OPTION_ARG_INT, &opt_access, "Access token lifetime (default 900)", "N" },
  { "refresh-token-days", 0, 0, G_OPTION_ARG_INT, &opt_refresh, "Refresh token lifetime (default 30)", "N" },
  { "workers", 'w', 0, G_OPTION_ARG_INT, &opt_workers, "Worker processes sharing the port (default 1)", "N" },
  { "development", 0, 0, G_OPTION_ARG_NONE, &opt_development, "Development mode (reset tokens logged)", NULL },
  { "tombstone-retention", 0, 0, G_OPTION_ARG_INT64, &opt_tombstone_retention,
    "Seconds sync keeps deletions for workstations (default 7776000, 90 days)", "N" },
  { "smtp-host", 0, 0, G_OPTION_ARG_STRING, &opt_smtp_host, "Mail relay for password-reset tokens", "HOST" },
  { "smtp-port", 0, 0, G_OPTION_ARG_INT, &opt_smtp_port, "Mail relay port (default 25)", "PORT" },
  { "smtp-from", 0, 0, G_OPTION_ARG_STRING, &opt_smtp_from, "Sender address of the server's mail", "EMAIL" },
  { "audit-anchor", 0, 0, G_OPTION_ARG_FILENAME, &opt_audit_anchor, "File the audit chain's heads are appended to (none: off)", "PATH" },
  { "sync-history", 0, 0, G_OPTION_ARG_FILENAME, &opt_sync_history,
    "File of the sync history this host handed out, to notice a restored database (none: off)", "PATH" },
  { "reminder-hours", 0, 0, G_OPTION_ARG_INT, &opt_reminder_hours,
    "Mail patients this many hours before an appointment (default 24; 0: never)", "N" },
  { "clinic", 0, 0, G_OPTION_ARG_STRING, &opt_clinic, "init: the clinic's name", "NAME" },
  { "admin-username", 0, 0, G_OPTION_ARG_STRING, &opt_admin_username, "init: the first admin's username", "USER" },
  { "admin-email", 0, 0, G_OPTION_ARG_STRING, &opt_admin_email, "init: the first admin's email", "EMAIL" },
  { "admin-name", 0, 0, G_OPTION_ARG_STRING, &opt_admin_name, "init: the first admin's full name", "NAME" },
  { "admin-password-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_password_file, "init: file with the admin's password (- for stdin)", "FILE" },
  { "currency", 0, 0, G_OPTION_ARG_STRING, &opt_currency, "init: currency code (default EUR)", "CODE" },
  { "demo", 0, 0, G_OPTION_ARG_NONE, &opt_demo, "init: a demo clinic with accounts and sample data", NULL },
  { "demo-patients", 0, 0, G_OPTION_ARG_INT, &opt_demo_patients, "init --demo: add N more synthetic patients (benchmarks)", "N" },
  { "demo-seed", 0, 0, G_OPTION_ARG_INT64, &opt_demo_seed, "init --demo: draw the sample data with this seed", "N" },
  { "now", 0, 0, G_OPTION_ARG_STRING, &opt_now, "Run as if the time were TIME (ISO 8601, for tests)", "TIME" },
  { "test-clock", 0, 0, G_OPTION_ARG_NONE, &opt_test_clock,
    "serve: move the clock by lines on stdin (“advance SECONDS”), for tests", NULL },
  { NULL }
};

static gboolean
build_config (CareServerConfig *config,
              GError          **error)
{
  if (opt_config && !care_server_config_load_file (config, opt_config, error))
    return FALSE;
#define TAKE(opt, field) if (opt) { g_free (config->field); config->field = g_strdup (opt); }
  TAKE (opt_listen, listen);
  TAKE (opt_database, database);
  TAKE (opt_tls_cert, tls_cert);
  TAKE (opt_tls_key, tls_key);
  TAKE (opt_log_level, log_level);
  TAKE (opt_smtp_host, smtp_host);
  TAKE (opt_smtp_from, smtp_from);
  TAKE (opt_audit_anchor, audit_anchor);
  TAKE (opt_sync_history, sync_history);
#undef TAKE
  if (opt_smtp_port > 0 && opt_smtp_port <= 65535)
    config->smtp_port = opt_smtp_port;
  if (opt_reminder_hours >= 0 && opt_reminder_hours <= 24 * 60)
    config->reminder_hours = opt_reminder_hours;
  if (opt_port > 65535 || opt_access == 0 || opt_workers == 0 || opt_workers > 64 || opt_refresh == 0 ||
      opt_tombstone_retention == 0 || opt_tombstone_retention < -1)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "An option is out of range");
      return FALSE;
    }
  if (opt_port >= 0)
    config->port = opt_port;
  if (opt_access > 0)
    config->access_token_seconds = opt_access;
  if (opt_refresh > 0)
    config->refresh_token_days = opt_refresh;
  if (opt_workers > 0)
    config->workers = opt_workers;
  if (opt_tombstone_retention > 0)
    config->tombstone_retention = opt_tombstone_retention;
  if (opt_development)
    config->development = TRUE;
  if (config->database == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "Give the database with --database PATH");
      return FALSE;
    }
  return set_log_level (config->log_level, error);
}

/* --- serve -------------------------------------------------------------- */

static GSocket *
listening_socket (CareServerConfig *config,
                  guint             port,
                  gboolean          shared,
                  GError          **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (config->listen);
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) socket = NULL;
  int one = 1;

  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "“%s” is not an IP address", config->listen);
      return NULL;
    }
  socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;
  /* Workers each get their own socket on the same port; the kernel spreads
   * new connections over them. */
  if (shared && setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0)
    g_warning ("SO_REUSEPORT: %s", g_strerror (errno));
  if (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
    g_warning ("SO_REUSEADDR: %s", g_strerror (errno));
  socket_address = g_inet_socket_address_new (address, port);
  /* Not g_socket_bind(): it clears SO_REUSEPORT on TCP sockets. */
  {
    struct sockaddr_storage native;
    gsize length = g_socket_address_get_native_size (socket_address);

    if (!g_socket_address_to_native (socket_address, &native, sizeof native, error))
      return NULL;
    if (bind (g_socket_get_fd (socket), (struct sockaddr *) &native, length) != 0)
      {
        int saved = errno;
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Error binding to address %s:%u: %s",
                     config->listen, port, g_strerror (saved));
        return NULL;
      }
  }
  g_socket_set_listen_backlog (socket, 1024);
  if (!g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

static guint
socket_port (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);
  return address ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)) : 0;
}

/* Set once the server begins to stop. The SIGTERM and SIGINT watches stay
 * for the life of the process: removing GLib's last watch of a signal puts
 * back its default action, and a second SIGTERM in that moment (a
 * supervisor repeating itself) would kill a server still finishing up. */
static gboolean terminating;

static gboolean
on_terminate (gpointer data)
{
  CareServer *server = data;

  if (!terminating)
    {
      terminating = TRUE;
      care_server_drain (server, server->loop);
    }
  return G_SOURCE_CONTINUE;
}

/* --test-clock: a test moves the server's clock with "advance SECONDS" on
 * the server's stdin, and waits for the "clock TIME" line it answers. */
static void
on_clock_line_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  GDataInputStream *in = G_DATA_INPUT_STREAM (source);
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (in, result, NULL, NULL);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;

  if (line == NULL)
    {
      g_object_unref (in);
      return;  /* the test closed its end */
    }
  if (g_str_has_prefix (line, "advance "))
    care_clock_advance (g_ascii_strtoll (line + 8, NULL, 10) * G_USEC_PER_SEC);
  now = care_clock_now_utc ();
  text = g_date_time_format_iso8601 (now);
  g_print ("clock %s\n", text);
  fflush (stdout);
  g_data_input_stream_read_line_async (in, G_PRIORITY_DEFAULT, NULL, on_clock_line_cb, NULL);
}

static void
listen_for_clock (void)
{
  g_autoptr(GInputStream) fd0 = g_unix_input_stream_new (0, FALSE);
  GDataInputStream *in = g_data_input_stream_new (fd0);

  g_data_input_stream_read_line_async (in, G_PRIORITY_DEFAULT, NULL, on_clock_line_cb, NULL);
}

static int
run_worker (CareServerConfig *config,
            GSocket          *socket,
            volatile gint    *generation)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareServerStorage) storage = care_server_storage_open (config->database, &error);
  g_autoptr(GMainLoop) loop = NULL;
  CareServer *server;

  if (storage == NULL)
    {
      g_printerr ("caredesk-server: %s\n", error->message);
      return 1;
    }
  server = care_server_new (config, storage, &error);
  if (server == NULL)
    {
      g_printerr ("caredesk-server: %s\n", error->message);
      return 1;
    }
  care_server_set_shared_generation (server, generation);
  if (!care_server_listen_socket (server, socket, &error))
    {
      g_printerr ("caredesk-server: %s\n", error->message);
      care_server_free (server);
      return 1;
    }
  loop = g_main_loop_new (NULL, FALSE);
  server->loop = loop;
  if (opt_test_clock)
    listen_for_clock ();
  g_unix_signal_add (SIGTERM, on_terminate, server);
  g_unix_signal_add (SIGINT, on_terminate, server);
  g_main_loop_run (loop);
  terminating = TRUE;  /* from here on a signal is a no-op */
  g_info ("Served %" G_GINT64_FORMAT " requests; stopped", server->requests);
  care_server_free (server);
  return 0;
}

typedef struct {
  GMainLoop *loop;
  GArray    *pids;
  guint      running;
  int        status;
} Supervisor;

static void
on_child_exit (GPid     pid,
               int      status,
               gpointer data)
{
  Supervisor *s = data;

  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_warning ("Worker %d ended abnormally (status %d)", (int) pid, status);
      s->status = 1;
    }
  g_spawn_close_pid (pid);
  if (--s->running == 0)
    g_main_loop_quit (s->loop);
}

static gboolean
forward_signal (gpointer data)
{
  Supervisor *s = data;

  for (guint i = 0; i < s->pids->len; i++)
    kill (g_array_index (s->pids, pid_t, i), SIGTERM);
  return G_SOURCE_CONTINUE;
}

static int
serve (void)
{
  g_autoptr(CareServerConfig) config = care_server_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  volatile gint *generation;
  guint port;

  if (!build_config (config, &error))
    {
      g_printerr ("caredesk-server: %s\n", error->message);
      return 2;
    }

  /* Migrate and create the token secret once, before any worker starts. */
  {
    g_autoptr(CareServerStorage) storage = care_server_storage_open (config->database, &error);
    CareServer *probe;

    if (storage == NULL)
      {
        g_printerr ("caredesk-server: %s\n", error->message);
        return 1;
      }
    probe = care_server_new (config, storage, &error);
    if (probe == NULL)
      {
        g_printerr ("caredesk-server: %s\n", error->message);
        return 1;
      }
    care_server_free (probe);
  }

  if (opt_test_clock && config->workers != 1)
    {
      g_printerr ("caredesk-server: --test-clock needs one worker\n");
      return 2;
    }

  /* With SO_REUSEPORT a second server on a busy port would silently share
   * it with the first: take the port alone once, which fails if anything
   * listens there, before the workers' shared sockets take it. */
  if (config->port != 0)
    {
      g_autoptr(GSocket) alone = listening_socket (config, config->port, FALSE, &error);

      if (alone == NULL)
        {
          g_printerr ("caredesk-server: cannot listen on %s:%u: %s (is another server running there?)\n",
                      config->listen, config->port, error->message);
          return 1;
        }
      g_socket_close (alone, NULL);
    }

  port = config->port;
  for (guint i = 0; i < config->workers; i++)
    {
      GSocket *socket = listening_socket (config, port, TRUE, &error);

      if (socket == NULL)
        {
          g_printerr ("caredesk-server: cannot listen on %s:%u: %s\n", config->listen, port, error->message);
          return 1;
        }
      port = socket_port (socket);
      g_ptr_array_add (sockets, socket);
    }

  g_print ("Listening on %s://%s%s%s:%u\n", config->tls_cert ? "https" : "http",
           strchr (config->listen, ':') ? "[" : "", config->listen, strchr (config->listen, ':') ? "]" : "", port);
  fflush (stdout);

  generation = mmap (NULL, sizeof (gint), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (generation == MAP_FAILED)
    {
      g_printerr ("caredesk-server: mmap: %s\n", g_strerror (errno));
      return 1;
    }
  *generation = 0;

  if (config->workers == 1)
    return run_worker (config, g_ptr_array_index (sockets, 0), generation);

  {
    Supervisor s = { 0 };
    g_autoptr(GMainLoop) loop = NULL;

    s.pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
    for (guint i = 0; i < config->workers; i++)
      {
        pid_t pid = fork ();

        if (pid < 0)
          {
            g_printerr ("caredesk-server: fork: %s\n", g_strerror (errno));
            return 1;
          }
        if (pid == 0)
          {
            GSocket *mine = g_object_ref (g_ptr_array_index (sockets, i));
            int status;

            /* Workers never outlive their supervisor. */
            prctl (PR_SET_PDEATHSIG, SIGTERM);

            g_ptr_array_set_size (sockets, 0);
            status = run_worker (config, mine, generation);
            g_object_unref (mine);
            _exit (status);
          }
        g_array_append_val (s.pids, pid);
      }
    g_ptr_array_set_size (sockets, 0);
    loop = g_main_loop_new (NULL, FALSE);
    s.loop = loop;
    s.running = config->workers;
    for (guint i = 0; i < s.pids->len; i++)
      g_child_watch_add (g_array_index (s.pids, pid_t, i), on_child_exit, &s);
    g_unix_signal_add (SIGTERM, forward_signal, &s);
    g_unix_signal_add (SIGINT, forward_signal, &s);
    g_main_loop_run (loop);
    g_array_unref (s.pids);
    return s.status;
  }
}

/* --- init --------------------------------------------------------------- */

static char *
read_password (GError **error)
{
  g_autofree char *text = NULL;

  if (opt_password_file == NULL || g_str_equal (opt_password_file, "-"))
    {
      GString *s = g_string_new (NULL);
      char buf[256];

      while (fgets (buf, sizeof buf, stdin))
        {
          g_string_append (s, buf);
          if (strchr (buf, '\n'))
            break;
        }
      text = g_string_free (s, FALSE);
    }
  else if (!g_file_get_contents (opt_password_file, &text, NULL, error))
    return NULL;
  g_strchomp (text);
  if (text[0] == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "The admin password is empty");
      return NULL;
    }
  return g_steal_pointer (&text);
}

static int
init (void)
{
  g_autoptr(CareServerConfig) config = care_server_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CareServerStorage) storage = NULL;

  if (!build_config (config, &error))
    {
      g_printerr ("caredesk-server init: %s\n", error->message);
      return 2;
    }
  storage = care_server_storage_open (config->database, &error);
  if (storage == NULL)
    {
      g_printerr ("caredesk-server init: %s\n", error->message);
      return 1;
    }
  if (opt_demo)
    {
      CareStore *store = storage->v->get_store (storage);
      g_autoptr(CareRecord) clinic = NULL;

      if (!care_demo_populate_clinic (store, opt_demo_seed >= 0 ? (guint32) opt_demo_seed : CARE_DEMO_SEED, &error))
        {
          g_printerr ("caredesk-server init: %s\n", error->message);
          return 1;
        }
      if (opt_demo_patients > 0 &&
          !care_demo_add_patients (store, opt_demo_patients, g_random_int (), &error))
        {
          g_printerr ("caredesk-server init: %s\n", error->message);
          return 1;
        }
      clinic = care_store_get_clinic (store);
      g_print ("Demo clinic “%s” ready (tenant %s).\n"
               "Accounts admin, reception, nurse, doctor, lab, pharmacy; password “%s”.\n",
               clinic ? care_record_get (clinic, "name") : "?", care_store_get_tenant_id (store), CARE_DEMO_PASSWORD);
      return 0;
    }
  if (!opt_clinic || !opt_admin_username)
    {
      g_printerr ("caredesk-server init: give --clinic NAME and --admin-username USER (or --demo)\n");
      return 2;
    }
  {
    g_autofree char *password = read_password (&error);
    g_autoptr(CareRecord) clinic = care_record_new (care_schema_lookup ("tenant"));
    g_autoptr(CareRecord) admin = care_record_new (care_schema_lookup ("user"));

    if (password == NULL)
      {
        g_printerr ("caredesk-server init: %s\n", error->message);
        return 2;
      }
    care_record_set (clinic, "name", opt_clinic);
    care_record_set (clinic, "currency", opt_currency ? opt_currency : "EUR");
    care_record_set (admin, "username", opt_admin_username);
    care_record_set (admin, "full_name", opt_admin_name ? opt_admin_name : opt_admin_username);
    care_record_set (admin, "email", opt_admin_email);
    if (!storage->v->create_clinic (storage, clinic, admin, password, &error))
      {
        g_printerr ("caredesk-server init: %s\n", error->message);
        return 1;
      }
    g_print ("Created clinic “%s” (tenant %s) with administrator “%s”.\n",
             opt_clinic, care_record_get_id (clinic), opt_admin_username);
    return 0;
  }
}

/* --- verify-audit ------------------------------------------------------- */

static int
verify_audit (void)
{
  g_autoptr(CareServerConfig) config = care_server_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CareServerStorage) storage = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *anchor_path = NULL;
  g_autofree char *anchored = NULL;
  gint64 n = 0;

  if (!build_config (config, &error))
    {
      g_printerr ("caredesk-server verify-audit: %s\n", error->message);
      return 2;
    }
  storage = care_server_storage_open (config->database, &error);
  if (storage == NULL)
    {
      g_printerr ("caredesk-server verify-audit: %s\n", error->message);
      return 2;
    }
  anchor_path = care_server_anchor_path (config);
  if (anchor_path)
    {
      anchored = care_server_anchor_highest (anchor_path, &error);
      if (anchored == NULL && !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_printerr ("caredesk-server verify-audit: %s\n", error->message);
          return 2;
        }
      g_clear_error (&error);
    }
  if (!storage->v->audit_verify (storage, anchored, &n, &bad, &reason))
    {
      g_print ("BROKEN after %" G_GINT64_FORMAT " good entries: entry %s: %s\n", n, bad ? bad : "?", reason ? reason : "?");
      return 1;
    }
  g_print ("OK: %" G_GINT64_FORMAT " audit entries, hash chain intact\n", n);
  /* Say what was proved, and what could not be. */
  if (anchored)
    g_print ("The log reaches the head anchored in %s (entry %.*s) with the same hash: nothing up to it "
             "was altered, removed, inserted or cut off since it was anchored.\n",
             anchor_path, (int) strcspn (anchored, ":"), anchored);
  else if (n > 0)
    g_print ("WARNING: no head anchored outside the database (%s): this proves the log consistent with "
             "the head kept inside the database file, not that the file's tail was not rewritten with it.\n",
             anchor_path ? anchor_path : "audit-anchor = none");
  return 0;
}

/* --- migrate ------------------------------------------------------------ */

static int
migrate (void)
{
  g_autoptr(CareServerConfig) config = care_server_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  if (!build_config (config, &error))
    {
      g_printerr ("caredesk-server migrate: %s\n", error->message);
      return 2;
    }
  if (opt_to == NULL || !care_server_storage_is_postgresql (opt_to) ||
      care_server_storage_is_postgresql (config->database))
    {
      g_printerr ("caredesk-server migrate: give the SQLite file with --database and the new PostgreSQL "
                  "database with --to postgresql://…\n");
      return 2;
    }
  if (!care_server_migrate_to_postgresql (config->database, opt_to, report, &error))
    {
      g_printerr ("%scaredesk-server migrate: %s\n", report->str, error->message);
      return 1;
    }
  g_print ("%s", report->str);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[serve|init|verify-audit|migrate] — the Caredesk central server");
  g_autoptr(GError) error = NULL;
  const char *command;

  g_log_set_writer_func (log_writer, NULL, NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "Commands:\n"
                                    "  serve          serve the API (default)\n"
                                    "  init           create a clinic and its administrator (--demo: a demo clinic)\n"
                                    "  verify-audit   check the audit log's hash chain (exit status 1 if broken)\n"
                                    "  migrate        copy the SQLite --database into a new PostgreSQL database\n"
                                    "                 (--to postgresql://…) and verify the copy\n");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("caredesk-server: %s\n", error->message);
      return 2;
    }
  command = argc > 1 ? argv[1] : "serve";
  signal (SIGPIPE, SIG_IGN);
  if (opt_now)
    {
      gint64 at;

      if (!care_clock_parse_instant (opt_now, &at))
        {
          g_printerr ("caredesk-server: --now: “%s” is not a time such as 2026-03-29T00:59:50Z\n", opt_now);
          return 2;
        }
      care_clock_travel_to (at);
    }

  if (g_str_equal (command, "serve"))
    return serve ();
  if (g_str_equal (command, "init"))
    return init ();
  if (g_str_equal (command, "verify-audit"))
    return verify_audit ();
  if (g_str_equal (command, "migrate"))
    return migrate ();
  g_printerr ("caredesk-server: unknown command “%s” (serve, init, verify-audit, migrate)\n", command);
  return 2;
}
