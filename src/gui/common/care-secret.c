/* care-secret.c: the sync refresh token in the user's keyring
 *
 * The first call finds out, once per process, whether a keyring can be used
 * without a prompt: the Secret Service answers and its default collection
 * exists and is unlocked (a GNOME session unlocks the login keyring when the
 * user logs in). A missing or locked default keyring would make
 * gnome-keyring ask for a new keyring password in a dialog that a nurse at a
 * shared workstation has no reason to expect, and that nobody answers on a
 * kiosk; so then, and when the service does not answer within the timeout,
 * tokens stay in memory. The decision is logged once.
 *
 * Everything runs in the main context of the caller; memory is a table of
 * this process, always written, so a lookup after a store in the same run
 * answers at once even when the keyring is slow.
 *
 * libsecret (and libgcrypt with it) is in the caredesk-secret module
 * (care-secret-module.c), loaded by the first call that needs the keyring:
 * mapping them at start cost 7 M instructions before the first frame
 * (BENCHMARKS.md, "The app window"). Without the module, tokens stay in
 * memory, as without a keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-secret"

#include "config.h"

#include <glib/gi18n.h>

#include "care-module.h"
#include "care-secret-backend.h"
#include "care-secret.h"

typedef enum {
  KEYRING_UNKNOWN,
  KEYRING_PROBING,
  KEYRING_AVAILABLE,
  KEYRING_UNAVAILABLE,
} KeyringState;

typedef enum {
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
} OpKind;

typedef struct
{
  OpKind        kind;
  char         *server;
  char         *user;
  char         *token;

  /* The keyring call's own cancellable: cancelled by the caller's, or by
   * the timeout. */
  GCancellable *call_cancellable;
  gulong        caller_handler;
  guint         timeout_source;
  gboolean      timed_out;
} Op;

static KeyringState keyring_state = KEYRING_UNKNOWN;
static const CareSecretBackend *backend;   /* once the probe has begun */
static GHashTable *memory;           /* "server\nuser" -> token */
static GQueue probe_waiters = G_QUEUE_INIT;
static guint timeout_ms = 5000;

static void op_run_keyring (GTask *task);

gboolean
care_secret_get_memory_only (void)
{
  return keyring_state == KEYRING_UNAVAILABLE;
}

void
care_secret_set_timeout (guint milliseconds)
{
  timeout_ms = MAX (milliseconds, 1);
}

static char *
memory_key (const char *server,
            const char *user)
{
  return g_strconcat (server, "\n", user, NULL);
}

static GHashTable *
get_memory (void)
{
  if (memory == NULL)
    memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return memory;
}

static void
op_free (Op *op)
{
  g_clear_handle_id (&op->timeout_source, g_source_remove);
  g_free (op->server);
  g_free (op->user);
  g_free (op->token);
  g_clear_object (&op->call_cancellable);
  g_free (op);
}

/* Once, when it is known: tells whoever reads the log why sync will need
 * an online sign-in after a restart. */
static void
keyring_set_unavailable (const char *why)
{
  if (keyring_state == KEYRING_UNAVAILABLE)
    return;

  keyring_state = KEYRING_UNAVAILABLE;
  g_message ("No keyring to keep the sync sign-in in (%s): it is kept in memory until Caredesk quits",
             why);
}

/* --- finishing an operation ------------------------------------------------ */

static void
op_return (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  switch (op->kind)
    {
    case OP_LOOKUP:
      {
        g_autofree char *key = memory_key (op->server, op->user);

        g_task_return_pointer (task, g_strdup (g_hash_table_lookup (get_memory (), key)), g_free);
      }
      break;

    case OP_STORE:
    case OP_CLEAR:
    default:
      g_task_return_boolean (task, TRUE);
      break;
    }
}

/* --- the keyring call, with a timeout ------------------------------------ */

static gboolean
on_op_timeout_cb (gpointer user_data)
{
  Op *op = user_data;

  op->timeout_source = 0;
  op->timed_out = TRUE;
  g_cancellable_cancel (op->call_cancellable);

  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled_cb (GCancellable *caller,
                        GCancellable *call_cancellable)
{
  g_cancellable_cancel (call_cancellable);
}

static void
op_arm (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  GCancellable *caller = g_task_get_cancellable (task);

  op->call_cancellable = g_cancellable_new ();
  if (caller != NULL)
    op->caller_handler = g_cancellable_connect (caller, G_CALLBACK (on_caller_cancelled_cb),
                                                g_object_ref (op->call_cancellable),
                                                g_object_unref);

  op->timeout_source = g_timeout_add (timeout_ms, on_op_timeout_cb, op);
  g_source_set_name_by_id (op->timeout_source, "[caredesk] keyring timeout");
}

static void
op_disarm (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  GCancellable *caller = g_task_get_cancellable (task);

  g_clear_handle_id (&op->timeout_source, g_source_remove);
  if (caller != NULL && op->caller_handler != 0)
    g_cancellable_disconnect (caller, op->caller_handler);
  op->caller_handler = 0;
}

static void
on_keyring_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  switch (op->kind)
    {
    case OP_STORE:
      backend->store_finish (result, &error);
      break;

    case OP_LOOKUP:
      found = backend->lookup_finish (result, &error);
      break;

    case OP_CLEAR:
    default:
      backend->clear_finish (result, &error);
      break;
    }

  op_disarm (task);

  if (error != NULL)
    {
      if (g_task_return_error_if_cancelled (task))
        return;

      if (op->timed_out)
        keyring_set_unavailable ("it did not answer in time");
      else
        keyring_set_unavailable (error->message);
    }
  else if (found != NULL)
    {
      g_hash_table_replace (get_memory (), memory_key (op->server, op->user),
                            g_steal_pointer (&found));
    }

  op_return (task);
}

static void
op_run_keyring (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (keyring_state != KEYRING_AVAILABLE)
    {
      op_return (task);
      g_object_unref (task);
      return;
    }

  op_arm (task);

  switch (op->kind)
    {
    case OP_STORE:
      {
        /* Translators: the keyring's name for the saved sign-in; %s is the
         * clinic server's address */
        g_autofree char *label = g_strdup_printf (_("Caredesk sign-in to %s"), op->server);

        backend->store (op->server, op->user, label, op->token,
                        op->call_cancellable, on_keyring_done_cb, task);
      }
      break;

    case OP_LOOKUP:
      backend->lookup (op->server, op->user, op->call_cancellable, on_keyring_done_cb, task);
      break;

    case OP_CLEAR:
    default:
      backend->clear (op->server, op->user, op->call_cancellable, on_keyring_done_cb, task);
      break;
    }
}

/* --- finding out whether a keyring can be used --------------------------- */

typedef struct
{
  GCancellable *cancellable;
  guint         timeout_source;
  gboolean      timed_out;
} Probe;

static Probe probe;

static gboolean
on_probe_timeout_cb (gpointer user_data)
{
  probe.timeout_source = 0;
  probe.timed_out = TRUE;
  g_cancellable_cancel (probe.cancellable);

  return G_SOURCE_REMOVE;
}

static void
probe_finish (gboolean    available,
              const char *why)
{
  g_clear_handle_id (&probe.timeout_source, g_source_remove);
  g_clear_object (&probe.cancellable);

  if (available)
    {
      keyring_state = KEYRING_AVAILABLE;
      g_debug ("Keeping sync sign-ins in the default keyring");
    }
  else
    {
      keyring_set_unavailable (why);
    }

  while (!g_queue_is_empty (&probe_waiters))
    op_run_keyring (g_queue_pop_head (&probe_waiters));
}

static void
on_probe_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (backend->probe_finish (result, &error))
    probe_finish (TRUE, NULL);
  else
    probe_finish (FALSE, probe.timed_out ? "it did not answer in time" : error->message);
}

static void
probe_start (void)
{
  g_autoptr(GError) error = NULL;

  g_assert (keyring_state == KEYRING_UNKNOWN);

  backend = care_module_load ("caredesk-secret", "src/gui/common", CARE_SECRET_BACKEND_SYMBOL,
                              CARE_SECRET_BACKEND_VERSION, &error);
  if (backend == NULL)
    {
      keyring_set_unavailable (error->message);
      return;
    }

  /* In a Flatpak sandbox libsecret keeps secrets in a file of the app's
   * own, with a key from the Secret portal, and the Secret Service itself
   * is out of reach: nothing to probe. The timeouts still apply. */
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      keyring_state = KEYRING_AVAILABLE;
      g_debug ("Keeping sync sign-ins through the Secret portal");
      return;
    }

  keyring_state = KEYRING_PROBING;
  probe.cancellable = g_cancellable_new ();
  probe.timed_out = FALSE;
  probe.timeout_source = g_timeout_add (timeout_ms, on_probe_timeout_cb, NULL);
  g_source_set_name_by_id (probe.timeout_source, "[caredesk] keyring probe timeout");

  backend->probe (probe.cancellable, on_probe_done_cb, NULL);
}

void
care_secret_warm_up (void)
{
  if (keyring_state == KEYRING_UNKNOWN)
    probe_start ();
}

/* Runs task now, or when the probe has answered. Takes task. */
static void
op_start (GTask *task)
{
  switch (keyring_state)
    {
    case KEYRING_UNKNOWN:
      probe_start ();
      if (keyring_state == KEYRING_PROBING)
        g_queue_push_tail (&probe_waiters, task);
      else
        op_run_keyring (task);
      break;

    case KEYRING_PROBING:
      g_queue_push_tail (&probe_waiters, task);
      break;

    case KEYRING_AVAILABLE:
    case KEYRING_UNAVAILABLE:
    default:
      op_run_keyring (task);
      break;
    }
}

static GTask *
op_new (OpKind               kind,
        const char          *server,
        const char          *user,
        const char          *token,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data,
        gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->server = g_strdup (server);
  op->user = g_strdup (user);
  op->token = g_strdup (token);

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[caredesk] keyring");
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);

  return task;
}

/* --- public API ----------------------------------------------------------- */

void
care_secret_store_async (const char          *server,
                         const char          *user,
                         const char          *token,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server != NULL);
  g_return_if_fail (user != NULL);
  g_return_if_fail (token != NULL);

  g_hash_table_replace (get_memory (), memory_key (server, user), g_strdup (token));

  task = op_new (OP_STORE, server, user, token, cancellable, callback, user_data,
                 care_secret_store_async);
  op_start (task);
}

gboolean
care_secret_store_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
care_secret_lookup_async (const char          *server,
                          const char          *user,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autofree char *key = NULL;
  GTask *task;

  g_return_if_fail (server != NULL);
  g_return_if_fail (user != NULL);

  task = op_new (OP_LOOKUP, server, user, NULL, cancellable, callback, user_data,
                 care_secret_lookup_async);

  /* Kept in this run already: the same token as in the keyring. */
  key = memory_key (server, user);
  if (g_hash_table_contains (get_memory (), key))
    {
      op_return (task);
      g_object_unref (task);
      return;
    }

  op_start (task);
}

char *
care_secret_lookup_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
care_secret_clear_async (const char          *server,
                         const char          *user,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autofree char *key = NULL;
  GTask *task;

  g_return_if_fail (server != NULL);
  g_return_if_fail (user != NULL);

  key = memory_key (server, user);
  g_hash_table_remove (get_memory (), key);

  task = op_new (OP_CLEAR, server, user, NULL, cancellable, callback, user_data,
                 care_secret_clear_async);
  op_start (task);
}

gboolean
care_secret_clear_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
