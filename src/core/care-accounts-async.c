/* care-accounts-async.c: account writes whose password hash runs in a worker thread
 *
 * Each one checks everything it can before the hash (so a refusal comes
 * back at once), hashes in a GTask thread, and writes the store back on the
 * thread that called it: the store is never touched from the worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-accounts"

#include "config.h"

#include "care-accounts.h"

typedef gboolean (*WriteFunc) (CareStore   *store,
                               CareRecord  *first,
                               CareRecord  *second,
                               const char  *user_id,
                               const char  *hash,
                               GError     **error);

typedef struct {
  WriteFunc   write;
  CareRecord *first;
  CareRecord *second;
  char       *user_id;
} Write;

static void
write_free (Write *w)
{
  g_clear_pointer (&w->first, care_record_unref);
  g_clear_pointer (&w->second, care_record_unref);
  g_free (w->user_id);
  g_free (w);
}

static void
on_hashed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CareStore *store = g_task_get_source_object (task);
  Write *w = g_task_get_task_data (task);
  g_autofree char *hash = NULL;
  GError *error = NULL;

  hash = care_password_hash_finish (result, &error);
  if (hash == NULL)
    g_task_return_error (task, error);
  /* Cancelled while hashing: write nothing. */
  else if (g_task_return_error_if_cancelled (task))
    return;
  else if (w->write (store, w->first, w->second, w->user_id, hash, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Returns refusal at once if there is one; else hashes password in a
 * thread, then writes on this thread. */
static void
hash_then_write (CareStore          *store,
                 gpointer            source_tag,
                 GError             *refusal,
                 WriteFunc           write,
                 CareRecord         *first,
                 CareRecord         *second,
                 const char         *user_id,
                 const char         *password,
                 GCancellable       *cancellable,
                 GAsyncReadyCallback callback,
                 gpointer            user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);
  Write *w;

  g_task_set_source_tag (task, source_tag);
  if (refusal != NULL)
    {
      g_task_return_error (task, refusal);
      g_object_unref (task);
      return;
    }
  w = g_new0 (Write, 1);
  w->write = write;
  w->first = first ? care_record_ref (first) : NULL;
  w->second = second ? care_record_ref (second) : NULL;
  w->user_id = g_strdup (user_id);
  g_task_set_task_data (task, w, (GDestroyNotify) write_free);
  care_password_hash_async (password, cancellable, on_hashed_cb, task);
}

static gboolean
finish (CareStore    *store,
        GAsyncResult *result,
        gpointer      source_tag,
        GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- a new clinic ------------------------------------------------------- */

static gboolean
write_clinic (CareStore   *store,
              CareRecord  *clinic,
              CareRecord  *admin,
              const char  *user_id,
              const char  *hash,
              GError     **error)
{
  return care_accounts_create_clinic_with_hash (store, clinic, admin, hash, error);
}

void
care_accounts_create_clinic_async (CareStore          *store,
                                   CareRecord         *clinic,
                                   CareRecord         *admin,
                                   const char         *password,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  GError *refusal = NULL;

  g_return_if_fail (CARE_IS_STORE (store));
  g_return_if_fail (clinic != NULL && admin != NULL);

  care_accounts_check_clinic (store, clinic, admin, password ? password : "", &refusal);
  hash_then_write (store, care_accounts_create_clinic_async, refusal, write_clinic,
                   clinic, admin, NULL, password, cancellable, callback, user_data);
}

gboolean
care_accounts_create_clinic_finish (CareStore    *store,
                                    GAsyncResult *result,
                                    GError      **error)
{
  return finish (store, result, care_accounts_create_clinic_async, error);
}

/* --- a new account ------------------------------------------------------ */

static gboolean
write_user (CareStore   *store,
            CareRecord  *user,
            CareRecord  *unused,
            const char  *user_id,
            const char  *hash,
            GError     **error)
{
  return care_accounts_create_user_with_hash (store, user, hash, error);
}

void
care_accounts_create_user_async (CareStore          *store,
                                 CareRecord         *user,
                                 const char         *password,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  GError *refusal = NULL;

  g_return_if_fail (CARE_IS_STORE (store));
  g_return_if_fail (user != NULL);

  care_accounts_check_user (store, user, password ? password : "", &refusal);
  hash_then_write (store, care_accounts_create_user_async, refusal, write_user,
                   user, NULL, NULL, password, cancellable, callback, user_data);
}

gboolean
care_accounts_create_user_finish (CareStore    *store,
                                  GAsyncResult *result,
                                  GError      **error)
{
  return finish (store, result, care_accounts_create_user_async, error);
}

/* --- a new password ----------------------------------------------------- */

static gboolean
write_password (CareStore   *store,
                CareRecord  *unused_first,
                CareRecord  *unused_second,
                const char  *user_id,
                const char  *hash,
                GError     **error)
{
  return care_accounts_set_password_hash (store, user_id, hash, error);
}

void
care_accounts_set_password_async (CareStore          *store,
                                  const char         *user_id,
                                  const char         *password,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  const char *problem = care_password_check (password);

  g_return_if_fail (CARE_IS_STORE (store));
  g_return_if_fail (user_id != NULL);

  hash_then_write (store, care_accounts_set_password_async,
                   problem ? g_error_new_literal (CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_WEAK_PASSWORD, problem) : NULL,
                   write_password, NULL, NULL, user_id, password, cancellable, callback, user_data);
}

gboolean
care_accounts_set_password_finish (CareStore    *store,
                                   GAsyncResult *result,
                                   GError      **error)
{
  return finish (store, result, care_accounts_set_password_async, error);
}
