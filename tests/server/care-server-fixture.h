/* care-server-fixture.h: the real caredesk-server on a free port, and HTTP to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

typedef struct {
  char        *dir;
  char        *database;
  char        *log_path;
  GSubprocess *process;
  guint        port;
  char        *base;       /* http://127.0.0.1:PORT/api/v1 */
  SoupSession *session;
  GDataInputStream *stdout_lines;
  char       **args;       /* the extra arguments, given again by a restart */
} CareTestServer;

typedef struct {
  guint               status;
  char               *body;
  JsonNode           *root;   /* NULL unless the body was JSON */
  SoupMessageHeaders *headers;
} CareTestResponse;

#define CARE_TEST_PASSWORD "caredesk-demo"

/* A fresh temporary directory (removed by care_test_server_free). */
char             *care_test_tmpdir            (void);
void              care_test_rmtree            (const char       *dir);
/* Runs caredesk-server with args (NULL-terminated); returns its exit status
 * and, if out is given, its standard output. */
int               care_test_run_server_command(const char *const *args,
                                               char            **out);
/* A copy of a demo database made once per test program. */
char             *care_test_demo_database     (const char       *dir);
/* Adds a clinic with an admin (password CARE_TEST_PASSWORD); returns its tenant id. */
char             *care_test_add_clinic        (const char       *database,
                                               const char       *name,
                                               const char       *admin);

/* A new database on the cluster of tests/server/pg-cluster.sh; returns
 * its libpq conninfo. With CAREDESK_TEST_STORAGE=postgresql,
 * care_test_server_start() serves a migrated copy of its SQLite database
 * from such a database. */
char             *care_test_postgresql_database (void);
/* pg_dump of such a database into path (custom format), as a backup; and
 * the database dropped and made again from that file with pg_restore, as
 * an operator restores one (its servers stopped). */
void              care_test_postgresql_dump    (const char       *database,
                                                const char       *path);
void              care_test_postgresql_restore (const char       *database,
                                                const char       *path);

/* Starts the server on 127.0.0.1, port 0, with the database and extra args. */
CareTestServer   *care_test_server_start      (const char       *dir,
                                               const char       *database,
                                               const char *const *extra_args);
/* SIGTERM and wait; returns the exit status. */
int               care_test_server_stop       (CareTestServer   *server);
/* SIGKILL and wait: the server stops wherever it was, as in a crash. The
 * next care_test_server_restart () starts it again. */
void              care_test_server_kill       (CareTestServer   *server);
/* Stops the server and starts it again on the same port, database and
 * extra args (replace the database in between to restore a backup). */
void              care_test_server_restart    (CareTestServer   *server);
/* For a server started with "--test-clock": moves its clock on by seconds
 * and returns once the server says it has. */
void              care_test_server_advance_clock (CareTestServer *server,
                                                  guint           seconds);
void              care_test_server_free       (CareTestServer   *server);
/* The server's log so far. */
char             *care_test_server_log        (CareTestServer   *server);
/* Waits until the server's log has text at least times times; fails the
 * test after timeout_ms. */
void              care_test_server_wait_for_log (CareTestServer *server,
                                                 const char     *text,
                                                 guint           times,
                                                 guint           timeout_ms);

CareTestResponse *care_test_request           (CareTestServer   *server,
                                               const char       *method,
                                               const char       *path,
                                               const char       *token,
                                               const char       *body);
CareTestResponse *care_test_request_bytes     (CareTestServer   *server,
                                               const char       *method,
                                               const char       *path,
                                               const char       *token,
                                               const char       *body,
                                               gsize             length);
void              care_test_response_free     (CareTestResponse *response);
JsonObject       *care_test_data_object       (CareTestResponse *response);
JsonArray        *care_test_data_array        (CareTestResponse *response);
/* The field named by the first entry of an error's "errors". */
const char       *care_test_error_field       (CareTestResponse *response);
/* Checks seed 004's error shape. */
void              care_test_assert_error      (CareTestResponse *response,
                                               guint             status);

/* Signs in (staff); returns the access token; tenant may be NULL. */
char             *care_test_login             (CareTestServer   *server,
                                               const char       *login,
                                               const char       *password,
                                               const char       *tenant);
JsonObject       *care_test_login_full        (CareTestServer   *server,
                                               const char       *path,
                                               const char       *login,
                                               const char       *password,
                                               const char       *tenant);
/* The id of the first record of GET path (NULL if none). */
char             *care_test_first_id          (CareTestServer   *server,
                                               const char       *token,
                                               const char       *path);
/* Invites patient_id to the portal (as admin), registers login with the
 * password "portal-pass-1" and signs in; returns the patient's token. */
char             *care_test_portal_token      (CareTestServer   *server,
                                               const char       *admin,
                                               const char       *patient_id,
                                               const char       *login);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareTestResponse, care_test_response_free)

G_END_DECLS
