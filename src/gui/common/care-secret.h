/* care-secret.h: the sync refresh token in the user's keyring
 *
 * The token is kept through libsecret under the schema
 * io.github.caredesk.Caredesk.Session (attributes "server" and "user"), so
 * that after a restart an offline sign-in can resume sync once the server
 * answers again (docs/sync.md, "Signing in with a server").
 *
 * Where no keyring can be used without asking anybody anything (no Secret
 * Service on the bus, no default keyring, a locked one, or one that does not
 * answer in time), tokens are kept in this process's memory only: sync
 * runs until the app quits. Nothing blocks and nothing prompts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Keeps token for (server, user). Finishes TRUE once the token is kept,
 * in the keyring or, failing that, in memory; FALSE only when cancelled. */
void      care_secret_store_async    (const char          *server,
                                      const char          *user,
                                      const char          *token,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean  care_secret_store_finish   (GAsyncResult        *result,
                                      GError             **error);

/* The token kept for (server, user); NULL (without an error) if none. */
void      care_secret_lookup_async   (const char          *server,
                                      const char          *user,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
char     *care_secret_lookup_finish  (GAsyncResult        *result,
                                      GError             **error);

/* Forgets the token of (server, user), in memory and in the keyring. */
void      care_secret_clear_async    (const char          *server,
                                      const char          *user,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean  care_secret_clear_finish   (GAsyncResult        *result,
                                      GError             **error);

/* Finds out now (in the background) whether a keyring can be used, so
 * that the first store or lookup does not wait for the Secret Service to
 * start: for a workstation that syncs, as soon as it shows. */
void      care_secret_warm_up        (void);

/* TRUE once it is known that no keyring can be used: tokens live in memory
 * only, and the next start needs an online sign-in to sync. */
gboolean  care_secret_get_memory_only (void);

/* How long to wait for the Secret Service before giving up on it
 * (default 5000 ms); for tests. */
void      care_secret_set_timeout    (guint                milliseconds);

G_END_DECLS
