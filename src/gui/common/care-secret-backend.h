/* care-secret-backend.h: what the caredesk-secret module gives care-secret.c
 *
 * Private to the two: the module's one exported symbol returns this
 * table. Each call is libsecret's own, asynchronous, in the caller's main
 * context; the session schema (care-secret.h) is the module's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CARE_SECRET_BACKEND_SYMBOL  "care_secret_backend_get"
#define CARE_SECRET_BACKEND_VERSION 1

typedef struct
{
  guint      version;

  /* Finishes TRUE when the Secret Service answers and its default
   * collection exists and is unlocked; else FALSE, with an error saying
   * why. Never creates a collection (that would prompt). */
  void     (*probe)         (GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
  gboolean (*probe_finish)  (GAsyncResult *result, GError **error);

  void     (*store)         (const char *server, const char *user, const char *label, const char *token,
                             GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
  gboolean (*store_finish)  (GAsyncResult *result, GError **error);
  void     (*lookup)        (const char *server, const char *user,
                             GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
  char    *(*lookup_finish) (GAsyncResult *result, GError **error);
  void     (*clear)         (const char *server, const char *user,
                             GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
  gboolean (*clear_finish)  (GAsyncResult *result, GError **error);
} CareSecretBackend;

typedef const CareSecretBackend *(*CareSecretBackendGetFunc) (void);

G_END_DECLS
