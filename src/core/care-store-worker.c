/* care-store-worker.c: work on the store in a worker thread, on a connection of its own
 *
 * What the worker needs of the store is copied on the calling thread
 * (path, version, actor, clock offset): the store itself is never touched
 * from the worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-store-worker"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-store-private.h"
#include "care-store-worker.h"

typedef struct {
  char              *path;
  guint              version;
  char              *actor;
  gint64             clock_offset;
  gboolean           writable;
  CareStoreWorkFunc  func;
  gpointer           data;
  GDestroyNotify     data_free;
  GDestroyNotify     result_free;
} Work;

static void
work_free (Work *work)
{
  if (work->data_free)
    work->data_free (work->data);
  g_free (work->path);
  g_free (work->actor);
  g_free (work);
}

static void
work_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Work *work = task_data;
  g_autoptr(CareStore) worker = NULL;
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!g_file_test (work->path, G_FILE_TEST_EXISTS))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The local database “%s” is no longer there"), work->path);
      return;
    }
  worker = care_store_open_worker (work->path, work->version, work->writable, &error);
  if (worker == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  care_store_set_actor (worker, work->actor);
  care_store_set_clock_offset (worker, work->clock_offset);
  result = work->func (worker, work->data, cancellable, &error);
  /* Closed before the caller hears: its next read on the main thread
   * never races this connection's last statement. */
  g_clear_object (&worker);
  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, work->result_free);
}

void
care_store_run_in_thread (CareStore             *store,
                          CareStoreWorkerAccess  access,
                          CareStoreWorkFunc      func,
                          gpointer               data,
                          GDestroyNotify         data_free,
                          GDestroyNotify         result_free,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *path;
  Work *work;

  g_return_if_fail (CARE_IS_STORE (store));
  g_return_if_fail (func != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, care_store_run_in_thread);
  work = g_new0 (Work, 1);
  work->func = func;
  work->data = data;
  work->data_free = data_free;
  work->result_free = result_free;
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);

  path = care_store_get_path (store);
  if (path == NULL || g_str_equal (path, ":memory:") || *path == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("This database is kept in memory only: it cannot be read in the background"));
      return;
    }
  work->path = g_strdup (path);
  work->version = care_store_get_schema_version (store);
  work->actor = g_strdup (care_store_get_actor (store));
  work->clock_offset = care_store_get_clock_offset (store);
  work->writable = access == CARE_STORE_WORKER_WRITE;
  /* A read cancelled at any time ends G_IO_ERROR_CANCELLED; a write's
   * result says whether it committed, so it stands even when cancelled
   * after func returned. Either way the callback waits for the worker:
   * data is never freed under it. */
  g_task_set_check_cancellable (task, !work->writable);
  g_task_run_in_thread (task, work_thread);
}

gpointer
care_store_run_finish (CareStore     *store,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == care_store_run_in_thread, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
