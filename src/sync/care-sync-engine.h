/* care-sync-engine.h: the workstation's side of sync (docs/sync.md)
 *
 * A CareSyncEngine pushes the store's outbox to caredesk-server and pulls
 * the server's changes into the store. It works in its own thread, with its
 * own GMainContext, SoupSession and SQLite connection to the store file;
 * properties and signals are delivered in the thread-default main context
 * of whoever created the engine (the UI's main loop). No call of this API
 * blocks on the network except care_sync_engine_sync_once() and
 * care_sync_login(), which are for worker threads, tests and benchmarks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_SYNC_ERROR (care_sync_error_quark ())
GQuark care_sync_error_quark (void);

typedef enum {
  CARE_SYNC_ERROR_NETWORK,    /* no answer: refused, timed out, cut (work offline) */
  CARE_SYNC_ERROR_AUTH,       /* wrong password, or the session ended: sign in online again */
  CARE_SYNC_ERROR_FORBIDDEN,  /* deactivated account, or no right to sync */
  CARE_SYNC_ERROR_THROTTLED,  /* 429: try again after the delay in the message */
  CARE_SYNC_ERROR_SERVER,     /* 5xx or an answer that is not the protocol */
  CARE_SYNC_ERROR_STORE,      /* the local store failed */
} CareSyncError;

typedef enum {
  CARE_SYNC_STATE_OFFLINE,    /* the server did not answer; retrying with backoff */
  CARE_SYNC_STATE_ONLINE,     /* up to date as of last-sync */
  CARE_SYNC_STATE_SYNCING,
  CARE_SYNC_STATE_SIGNED_OUT, /* the session ended: an online sign-in resumes sync */
} CareSyncState;

#define CARE_TYPE_SYNC_STATE (care_sync_state_get_type ())
GType care_sync_state_get_type (void) G_GNUC_CONST;

/* --- signing in --------------------------------------------------------- */

typedef struct {
  char       *access_token;
  char       *refresh_token;
  char       *user_id;
  char       *tenant_id;
  char       *role;
  JsonObject *user;           /* the user's record as the server sent it */
} CareSyncSession;

void             care_sync_session_free     (CareSyncSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareSyncSession, care_sync_session_free)

/* base_url: "http://127.0.0.1:8420" or "https://clinic.example" (no /api/v1).
 * POST /api/v1/auth/login. Blocking: call from a thread. Errors:
 * CARE_SYNC_ERROR_NETWORK (sign in offline instead), _AUTH (wrong
 * password: never retried offline), _FORBIDDEN, _THROTTLED, _SERVER. */
CareSyncSession *care_sync_login            (const char      *base_url,
                                             const char      *login,
                                             const char      *password,
                                             GCancellable    *cancellable,
                                             GError         **error);
void             care_sync_login_async      (const char      *base_url,
                                             const char      *login,
                                             const char      *password,
                                             GCancellable    *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer         user_data);
/* The same for a patient's portal account (POST /api/v1/auth/login/patient):
 * user_id is the patient's id, role "patient", user the patient record. */
CareSyncSession *care_sync_login_patient    (const char      *base_url,
                                             const char      *login,
                                             const char      *password,
                                             GCancellable    *cancellable,
                                             GError         **error);
/* Signing out: the server ends the session (its refresh tokens and this
 * access token), so that a copy of them is no use to anyone. Blocking;
 * for a worker thread. FALSE with CARE_SYNC_ERROR_NETWORK when the server
 * cannot be reached. */
gboolean         care_sync_sign_out         (const char      *base_url,
                                             const char      *access_token,
                                             GCancellable    *cancellable,
                                             GError         **error);
CareSyncSession *care_sync_login_finish     (GAsyncResult    *result,
                                             GError         **error);

/* After an online sign-in: makes the store this clinic's (a store without a
 * clinic takes the session's tenant), writes the user's row as the server
 * sent it, keeps a local Argon2id verifier of password in that row for
 * offline sign-in, and remembers base_url (meta "server_url"). No outbox
 * entries. A standalone store (never connected) with a clinic of its own
 * joins the session's clinic: its records move there and its outbox
 * uploads them; the clinic record and permission matrix become the
 * server's. A store connected to another clinic is refused. */
gboolean         care_sync_adopt_session    (CareStore       *store,
                                             const char      *base_url,
                                             CareSyncSession *session,
                                             const char      *password,
                                             GError         **error);
/* The server this store syncs with (meta "server_url"); NULL: standalone. */
char            *care_sync_get_server_url   (CareStore       *store);

/* --- the engine --------------------------------------------------------- */

#define CARE_TYPE_SYNC_ENGINE (care_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (CareSyncEngine, care_sync_engine, CARE, SYNC_ENGINE, GObject)

/* Opens its own connection to the store at store_path. */
CareSyncEngine  *care_sync_engine_new       (const char      *store_path,
                                             const char      *base_url,
                                             GError         **error);
const char      *care_sync_engine_get_base_url (CareSyncEngine *self);
/* Tokens of the signed-in user; refresh_token may be NULL (no refresh). */
void             care_sync_engine_set_tokens (CareSyncEngine *self,
                                             const char      *access_token,
                                             const char      *refresh_token);
/* The current access token, for a page that reads the server itself (the
 * audit log); NULL when signed out. It refreshes with the next sync. */
char            *care_sync_engine_dup_access_token (CareSyncEngine *self);
/* The current refresh token (it rotates: see "tokens-changed"). */
char            *care_sync_engine_dup_refresh_token (CareSyncEngine *self);

/* Starts the worker thread: sync now, the live socket, the retry and
 * polling timers. stop() cancels what is in flight and joins the thread. */
void             care_sync_engine_start     (CareSyncEngine  *self);
void             care_sync_engine_stop      (CareSyncEngine  *self);
/* Something changed locally (or the user asked): sync soon. Thread-safe. */
void             care_sync_engine_kick      (CareSyncEngine  *self);
/* The person asked (Sync Now): a round at once, even when past failures
 * have the retry timer waiting. Thread-safe. */
void             care_sync_engine_sync_now  (CareSyncEngine  *self);
/* Signing out: ends the engine's session on the server too, in a worker
 * (care_sync_sign_out()); offline, the session simply runs out. Call
 * before care_sync_engine_stop(); callback may be NULL. */
void             care_sync_engine_sign_out  (CareSyncEngine  *self,
                                             GAsyncReadyCallback callback,
                                             gpointer         user_data);
/* FALSE when the server could not be told (the session runs out). */
gboolean         care_sync_engine_sign_out_finish (GAsyncResult *result,
                                             GError         **error);
/* An urgent change (an emergency alert): sync at once, and while the
 * server cannot be reached try again every half second, without backoff,
 * until it has gone. The network coming back (GNetworkMonitor) also makes
 * a failing engine try at once. Thread-safe. */
void             care_sync_engine_kick_now  (CareSyncEngine  *self);

/* One full round in the calling thread: push every pending entry, then
 * pull until up to date (a full resync when the server asks for one).
 * For tests, benchmarks and the engine's own thread; do not call while the
 * engine is started. */
gboolean         care_sync_engine_sync_once (CareSyncEngine  *self,
                                             GCancellable    *cancellable,
                                             GError         **error);

/* Properties (read-only, notified in the creator's main context):
 *   "state"        CareSyncState
 *   "pending"      gint64   outbox entries waiting
 *   "conflicts"    gint64   open conflicts
 *   "rejected"     gint64   changes the server refused
 *   "duplicates"   gint64   open possible-duplicate flags
 *   "last-sync"    gint64   unix time (s) of the last complete round; 0: never
 *   "last-error"   char*    why the last round failed, readable; NULL
 * Signals:
 *   "records-changed" (const char *entity, GStrv ids): a pull changed these
 *       rows; the UI's own store connection calls care_store_note_external ()
 *       (ids is empty, never NULL, when too many changed to list: then
 *       care_store_note_external (store, entity, NULL) once)
 *   "tokens-changed" (): the refresh token rotated; store it again. */
CareSyncState    care_sync_engine_get_state (CareSyncEngine  *self);
gint64           care_sync_engine_get_pending  (CareSyncEngine *self);
gint64           care_sync_engine_get_conflicts (CareSyncEngine *self);
gint64           care_sync_engine_get_rejected (CareSyncEngine *self);
gint64           care_sync_engine_get_duplicates (CareSyncEngine *self);
gint64           care_sync_engine_get_last_sync (CareSyncEngine *self);
const char      *care_sync_engine_get_last_error (CareSyncEngine *self);

/* Tuning for tests and benchmarks (defaults in docs/sync.md). */
void             care_sync_engine_set_timeout    (CareSyncEngine *self, guint seconds);
void             care_sync_engine_set_batch_size (CareSyncEngine *self, guint mutations);
/* At most this many bytes of mutations a push (0: about 1 MB, under the
 * server's default body limit); a single larger change is refused locally. */
void             care_sync_engine_set_batch_bytes (CareSyncEngine *self, guint bytes);
void             care_sync_engine_set_page_size  (CareSyncEngine *self, guint changes);
void             care_sync_engine_set_poll_interval (CareSyncEngine *self, guint seconds);
/* Tests of a crash: _exit (3) after applying n changes of a page, inside
 * the page's transaction. 0: off. */
void             care_sync_engine_set_crash_after (CareSyncEngine *self, guint n_changes);

/* --- conflicts, rejected changes, duplicates (the Sync page) ----------- */

/* Open conflicts, newest first: array of JsonObject with members id,
 * mutation_id, entity, record_id, kind, detail (object: the server's
 * result), payload (object: the local change), actor, created_at. */
GPtrArray       *care_sync_list_conflicts   (CareStore       *store,
                                             GError         **error);
/* Resolves a conflict. choices maps field name -> "mine" or "theirs"
 * (kind "field"); for kind "deleted", keep_mine re-creates the record from
 * the local values; for "edited", keep_mine deletes it again against the
 * current values. Writes an ordinary local change (with its outbox entry)
 * where needed, and marks the conflict resolved, in one transaction. */
gboolean         care_sync_resolve_conflict (CareStore       *store,
                                             const char      *conflict_id,
                                             GHashTable      *choices,
                                             gboolean         keep_mine,
                                             GError         **error);
/* Outbox entries the server refused: array of JsonObject with members
 * mutation_id, entity, record_id, op, payload (object), last_error
 * (readable reason), errors (array of {field, message}, may be absent),
 * created_at, actor. */
GPtrArray       *care_sync_list_rejected    (CareStore       *store,
                                             GError         **error);
/* When this workstation last met a server restored from an older backup
 * (seconds since the epoch), and how many changes and records it sent
 * back; FALSE: never (docs/sync.md, "A restored server"). */
gboolean         care_sync_restore_info     (CareStore       *store,
                                             gint64          *restored_at,
                                             gint64          *resent);
/* Drops a refused change from the outbox (the user has read it). */
gboolean         care_sync_discard_rejected (CareStore       *store,
                                             const char      *mutation_id,
                                             GError         **error);
G_END_DECLS
