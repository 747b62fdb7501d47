/* care-server-config.c: caredesk-server settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server"

#include "config.h"

#include "care-server-config.h"

#include <string.h>

CareServerConfig *
care_server_config_new (void)
{
  CareServerConfig *config = g_new0 (CareServerConfig, 1);

  config->listen = g_strdup ("127.0.0.1");
  config->port = 8420;
  config->log_level = g_strdup ("info");
  config->access_token_seconds = 900;
  config->refresh_token_days = 30;
  config->workers = 1;
  /* A lab's 5 MB outside report, base64 in a sync push, fits. */
  config->max_body_bytes = 8 * 1024 * 1024;
  config->shutdown_timeout = 20;
  config->audit_flush_ms = 100;
  config->smtp_port = 25;
  config->reminder_hours = 24;
  config->tombstone_retention = 90 * 24 * 3600;
  return config;
}

void
care_server_config_free (CareServerConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->listen);
  g_free (config->database);
  g_free (config->tls_cert);
  g_free (config->tls_key);
  g_free (config->log_level);
  g_free (config->smtp_host);
  g_free (config->smtp_from);
  g_free (config->audit_anchor);
  g_free (config->smtp_ca_file);
  g_free (config->smtp_username);
  g_free (config->smtp_password);
  g_free (config->sync_history);
  g_free (config);
}

static void
take_string (GKeyFile    *file,
             const char  *key,
             char       **target)
{
  g_autofree char *value = g_key_file_get_string (file, "server", key, NULL);

  if (value)
    {
      g_free (*target);
      *target = g_strstrip (g_steal_pointer (&value));
    }
}

static gboolean
take_uint (GKeyFile    *file,
           const char  *key,
           guint64      max,
           guint64     *target,
           GError     **error)
{
  g_autofree char *value = g_key_file_get_string (file, "server", key, NULL);
  guint64 n;

  if (value == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (g_strstrip (value), 10, 0, max, &n, error))
    {
      g_prefix_error (error, "[server] %s: ", key);
      return FALSE;
    }
  *target = n;
  return TRUE;
}

static gboolean
take_bool (GKeyFile    *file,
           const char  *key,
           gboolean    *target,
           GError     **error)
{
  g_autoptr(GError) local = NULL;
  gboolean value;

  if (!g_key_file_has_key (file, "server", key, NULL))
    return TRUE;
  value = g_key_file_get_boolean (file, "server", key, &local);
  if (local)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local), "[server] %s: ", key);
      return FALSE;
    }
  *target = value;
  return TRUE;
}

static gboolean
load_key_file (CareServerConfig *config,
               GKeyFile         *file,
               GError          **error)
{
  guint64 n;

  take_string (file, "listen", &config->listen);
  take_string (file, "database", &config->database);
  take_string (file, "tls-cert", &config->tls_cert);
  take_string (file, "tls-key", &config->tls_key);
  take_string (file, "log-level", &config->log_level);
  take_string (file, "smtp-host", &config->smtp_host);
  take_string (file, "smtp-from", &config->smtp_from);
  take_string (file, "audit-anchor", &config->audit_anchor);
  take_string (file, "smtp-ca-file", &config->smtp_ca_file);
  take_string (file, "smtp-username", &config->smtp_username);
  take_string (file, "smtp-password", &config->smtp_password);
  take_string (file, "sync-history", &config->sync_history);

#define UINT_KEY(name, field, max) \
  n = config->field; \
  if (!take_uint (file, name, max, &n, error)) \
    return FALSE; \
  config->field = n;

  UINT_KEY ("port", port, 65535);
  UINT_KEY ("smtp-port", smtp_port, 65535);
  UINT_KEY ("reminder-hours", reminder_hours, 24 * 60);
  UINT_KEY ("access-token-seconds", access_token_seconds, 7 * 24 * 3600);
  UINT_KEY ("refresh-token-days", refresh_token_days, 3650);
  UINT_KEY ("workers", workers, 64);
  UINT_KEY ("shutdown-timeout", shutdown_timeout, 3600);
  UINT_KEY ("audit-flush-ms", audit_flush_ms, 10000);
  UINT_KEY ("max-body-bytes", max_body_bytes, G_GUINT64_CONSTANT (1) << 30);
  UINT_KEY ("tombstone-retention", tombstone_retention, G_GUINT64_CONSTANT (100) * 365 * 24 * 3600);
#undef UINT_KEY

  if (config->tombstone_retention == 0)
    {
      g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           "[server] tombstone-retention: give at least 1 second");
      return FALSE;
    }

  return take_bool (file, "smtp-require-tls", &config->smtp_require_tls, error) &&
         take_bool (file, "development", &config->development, error);
}

gboolean
care_server_config_load_file (CareServerConfig *config,
                              const char       *path,
                              GError          **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  return g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error) &&
         load_key_file (config, file, error);
}

gboolean
care_server_config_load_data (CareServerConfig *config,
                              const char       *data,
                              gsize             length,
                              GError          **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  return g_key_file_load_from_data (file, data, length, G_KEY_FILE_NONE, error) &&
         load_key_file (config, file, error);
}

gboolean
care_server_config_is_postgresql (const CareServerConfig *config)
{
  const char *db = config->database;

  return db && (g_str_has_prefix (db, "postgres") || strchr (db, '=') != NULL);
}

char *
care_server_config_side_file (const CareServerConfig *config,
                              const char             *configured,
                              const char             *suffix)
{
  const char *db = config->database;

  if (configured)
    return g_str_equal (configured, "none") ? NULL : g_strdup (configured);
  if (db == NULL || db[0] == '\0' || g_str_equal (db, ":memory:") || care_server_config_is_postgresql (config))
    return NULL;
  return g_strconcat (db, suffix, NULL);
}
