/* care-server-check.c: the address of a clinic server, as a person types it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-check"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "care-server-check.h"
#include "care-sync-client.h"

#define CHECK_TIMEOUT_SECONDS 15
/* The OpenAPI document is large; its first bytes say what it is. */
#define CHECK_PEEK_BYTES      256

/* --- addresses ------------------------------------------------------------ */

static gboolean
host_is_local (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *lower = g_ascii_strdown (host, -1);
  static const char *const local_suffixes[] = {
    ".local", ".lan", ".home.arpa", ".internal", ".localhost", NULL
  };

  if (g_str_equal (lower, "localhost"))
    return TRUE;

  address = g_inet_address_new_from_string (lower);
  if (address != NULL)
    {
      if (g_inet_address_get_is_loopback (address) ||
          g_inet_address_get_is_site_local (address) ||
          g_inet_address_get_is_link_local (address))
        return TRUE;

      /* IPv6 unique local addresses (fc00::/7), which GLib's "site local"
       * (the deprecated fec0::/10) does not cover. */
      if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
        {
          const guint8 *bytes = g_inet_address_to_bytes (address);

          if ((bytes[0] & 0xfe) == 0xfc)
            return TRUE;
        }

      return FALSE;
    }

  /* A name without a dot only resolves on the local network. */
  if (strchr (lower, '.') == NULL)
    return TRUE;

  for (guint i = 0; local_suffixes[i] != NULL; i++)
    {
      if (g_str_has_suffix (lower, local_suffixes[i]))
        return TRUE;
    }

  return FALSE;
}

char *
care_server_url_normalize (const char  *text,
                           GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *with_scheme = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  trimmed = g_strstrip (g_strdup (text ? text : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the address of the clinic server."));
      return NULL;
    }

  if (strstr (trimmed, "://") == NULL)
    with_scheme = g_strconcat ("https://", trimmed, NULL);
  else
    with_scheme = g_strdup (trimmed);

  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  host = uri ? g_uri_get_host (uri) : NULL;

  if (uri == NULL || host == NULL || *host == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("This is not a server address. It looks like “clinic.example.org” or “192.168.1.20:8420”."));
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The address must start with https://, or http:// on the clinic’s own network."));
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !host_is_local (host))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Use https:// for a server outside the clinic’s own network: patient records must not travel unencrypted."));
      return NULL;
    }

  /* The engine adds /api/v1 itself; a reverse proxy's prefix stays. */
  path = g_strdup (g_uri_get_path (uri));
  while (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';
  if (g_str_has_suffix (path, "/api/v1"))
    path[strlen (path) - strlen ("/api/v1")] = '\0';
  while (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';

  {
    g_autofree char *lower_scheme = g_ascii_strdown (scheme, -1);
    g_autofree char *lower_host = g_ascii_strdown (host, -1);

    return g_uri_join (G_URI_FLAGS_NONE, lower_scheme, NULL, lower_host,
                       g_uri_get_port (uri), path, NULL, NULL);
  }
}

gboolean
care_server_url_is_local (const char *url)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && g_uri_get_host (uri) != NULL && host_is_local (g_uri_get_host (uri));
}

gboolean
care_server_url_is_insecure (const char *url)
{
  return url != NULL && g_ascii_strncasecmp (url, "http://", strlen ("http://")) == 0;
}

char *
care_server_url_dup_display (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  int port;
  const char *host;

  if (url == NULL)
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);

  host = g_uri_get_host (uri);
  port = g_uri_get_port (uri);

  if (port > 0)
    return g_strdup_printf (strchr (host, ':') ? "[%s]:%d%s" : "%s:%d%s",
                            host, port, g_uri_get_path (uri));

  return g_strdup_printf ("%s%s", host, g_uri_get_path (uri));
}

/* --- checking that a Caredesk server answers ----------------------------- */

typedef struct
{
  char         *url;
  char         *fallback;  /* tried next when url does not answer as Caredesk */
  GInputStream *stream;
} Check;

static void
check_free (Check *check)
{
  g_free (check->url);
  g_free (check->fallback);
  g_clear_object (&check->stream);
  g_free (check);
}

static CareHttpSession *
get_session (void)
{
  static CareHttpSession *session;

  if (session == NULL)
    session = care_http_session_new (CHECK_TIMEOUT_SECONDS, CHECK_TIMEOUT_SECONDS);

  return session;
}

static void start_check (GTask *task);

/* An address typed without a scheme on the clinic's network was tried
 * with http:// (a plain server answers at once; an https one refuses the
 * plain request at once); it is tried with https:// next. */
static gboolean
try_fallback (GTask *task)
{
  Check *check = g_task_get_task_data (task);

  if (check->fallback == NULL || g_task_return_error_if_cancelled (task))
    return check->fallback != NULL;
  g_debug ("Checking %s: trying %s", check->url, check->fallback);
  g_free (check->url);
  check->url = g_steal_pointer (&check->fallback);
  g_clear_object (&check->stream);
  start_check (g_object_ref (task));
  return TRUE;
}

/* error -> a sentence for the person who typed the address. */
static void
check_return_error (GTask        *task,
                    const GError *error)
{
  Check *check = g_task_get_task_data (task);
  g_autofree char *where = care_server_url_dup_display (check->url);
  int code = error->domain == G_IO_ERROR ? error->code : G_IO_ERROR_FAILED;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_error_copy (error));
      return;
    }

  g_debug ("Checking %s: %s", check->url, error->message);
  if (try_fallback (task))
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    text = g_strdup (_("This is not a server address. It looks like “clinic.example.org” or “192.168.1.20:8420”."));
  else if (error->domain == G_RESOLVER_ERROR)
    /* Translators: %s is a server name such as clinic.example.org */
    text = g_strdup_printf (_("No server called “%s” was found. Check the address."), where);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    text = g_strdup_printf (_("Nothing answered at %s. Check the address, the network cable or Wi-Fi, and that the clinic server is running."), where);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    text = g_strdup_printf (_("%s did not answer in time. Check the network connection and try again."), where);
  else if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    text = g_strdup_printf (_("This computer does not trust the certificate of %s, so the connection could be intercepted. Ask whoever runs the clinic server to install a trusted certificate."), where);
  else if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
    text = g_strdup_printf (_("%s does not answer with https. Check the address."), where);
  else if (error->domain == G_TLS_ERROR)
    text = g_strdup_printf (_("A secure connection to %s could not be made: %s"), where, error->message);
  else
    text = g_strdup_printf (_("%s could not be reached: %s"), where, error->message);

  g_task_return_new_error (task, G_IO_ERROR, code, "%s", text);
}

static void
check_return_not_caredesk (GTask *task)
{
  Check *check = g_task_get_task_data (task);
  g_autofree char *where = NULL;

  if (try_fallback (task))
    return;
  where = care_server_url_dup_display (check->url);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("%s answers, but it is not a Caredesk clinic server. Check the address."),
                           where);
}

static void
on_peek_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  /* The rest of the document is not needed: closing drops the connection. */
  g_input_stream_close_async (check->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);

  if (bytes == NULL)
    {
      check_return_error (task, error);
      return;
    }

  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (strstr (text, "\"openapi\"") == NULL)
    {
      check_return_not_caredesk (task);
      return;
    }

  g_task_return_pointer (task, g_strdup (check->url), g_free);
}

static void
on_check_sent_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  guint status;

  check->stream = care_http_get_finish (get_session (), result, &status, &error);
  if (check->stream == NULL)
    {
      check_return_error (task, error);
      return;
    }

  if (status != SOUP_STATUS_OK)
    {
      g_debug ("Checking %s: HTTP %u", check->url, status);
      g_input_stream_close_async (check->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      check_return_not_caredesk (task);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (check->stream, CHECK_PEEK_BYTES, G_PRIORITY_DEFAULT,
                                   cancellable, on_peek_read_cb, g_steal_pointer (&task));
}

void
care_server_check_async (const char          *text,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *url = NULL;
  Check *check;

  g_return_if_fail (text != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, care_server_check_async);
  g_task_set_name (task, "[caredesk] server check");

  url = care_server_url_normalize (text, &error);
  if (url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  check = g_new0 (Check, 1);
  check->url = g_strdup (url);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  /* No scheme typed, on the clinic's own network: plain http first. */
  if (strstr (text, "://") == NULL && care_server_url_is_local (url))
    {
      g_autofree char *plain = g_strconcat ("http://", text, NULL);

      check->fallback = g_steal_pointer (&check->url);
      check->url = care_server_url_normalize (plain, NULL);
    }
  start_check (g_steal_pointer (&task));
}

/* Takes task: GETs the OpenAPI document at the check's url. */
static void
start_check (GTask *task)
{
  Check *check = g_task_get_task_data (task);
  g_autofree char *endpoint = g_strconcat (check->url, "/api/v1/openapi.json", NULL);

  care_http_get_async (get_session (), endpoint, g_task_get_cancellable (task), on_check_sent_cb, task);
}

char *
care_server_check_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
care_server_url_update_hint (GtkLabel   *hint,
                             const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  gboolean insecure = g_ascii_strncasecmp (trimmed, "http://", strlen ("http://")) == 0;

  gtk_label_set_label (hint, insecure
                       ? _("An http:// connection is not encrypted. Use it only on the clinic’s own network, never over the internet.")
                       : _("For example clinic.example.org, or 192.168.1.20:8420 on the clinic’s own network."));
  gtk_widget_remove_css_class (GTK_WIDGET (hint), insecure ? "dim-label" : "warning");
  gtk_widget_add_css_class (GTK_WIDGET (hint), insecure ? "warning" : "dim-label");
}
