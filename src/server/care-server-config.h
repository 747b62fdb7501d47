/* care-server-config.h: caredesk-server settings from a key file and options
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char    *listen;               /* address, default 127.0.0.1 */
  guint    port;                 /* default 8420; 0: any free port */
  char    *database;             /* SQLite path, or postgresql://… (care_server_storage_open()) */
  char    *tls_cert;
  char    *tls_key;
  char    *log_level;            /* error, warning, info, debug */
  guint    access_token_seconds; /* default 900 */
  guint    refresh_token_days;   /* default 30 */
  guint    workers;              /* processes sharing the port; default 1 */
  gboolean development;          /* reset tokens are logged */
  char    *smtp_host;            /* relay for password-reset mail; NULL: none */
  guint    smtp_port;            /* default 25 */
  char    *smtp_from;            /* envelope and From: address */
  char    *smtp_ca_file;         /* CAs that may sign the relay's STARTTLS certificate; NULL: the system's */
  gboolean smtp_require_tls;     /* refuse a relay without STARTTLS */
  char    *smtp_username;        /* AUTH PLAIN/LOGIN over TLS; NULL: no authentication */
  char    *smtp_password;
  guint    reminder_hours;       /* patients are mailed this long before an appointment; 0: never; default 24 */
  guint64  max_body_bytes;       /* default 1 MiB */
  guint    shutdown_timeout;     /* seconds to wait for in-flight requests */
  guint    audit_flush_ms;       /* reads are audited within this delay */
  char    *audit_anchor;         /* file the chain's heads are appended to; "none": off;
                                  * NULL: DATABASE.audit-anchor (care-server-anchor.c) */
  guint64  tombstone_retention;  /* seconds sync keeps deletions; default 90 days */
  char    *sync_history;         /* file of the sync history handed out; "none": off;
                                  * NULL: DATABASE.history (care-server-history.c) */
} CareServerConfig;

CareServerConfig *care_server_config_new        (void);
void              care_server_config_free       (CareServerConfig  *config);
/* Reads the [server] group; keys are the long option names. */
gboolean          care_server_config_load_file  (CareServerConfig  *config,
                                                 const char        *path,
                                                 GError           **error);
/* The same from text (a configuration that did not come from a file). */
gboolean          care_server_config_load_data  (CareServerConfig  *config,
                                                 const char        *data,
                                                 gsize              length,
                                                 GError           **error);

/* A file the server keeps for the database: `configured` ("none": none),
 * else DATABASE`suffix` beside an SQLite file; NULL on PostgreSQL, which
 * has no file to be beside (the operator names one, docs/deploy.md). */
char             *care_server_config_side_file  (const CareServerConfig *config,
                                                 const char             *configured,
                                                 const char             *suffix);
/* Whether the database is PostgreSQL's (a URI or a libpq conninfo). */
gboolean          care_server_config_is_postgresql (const CareServerConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareServerConfig, care_server_config_free)

G_END_DECLS
