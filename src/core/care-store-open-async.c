/* care-store-open-async.c: opening a store in a worker thread, its progress told to the caller's loop
 *
 * For a store with long work to do before it opens (an upgrade, its sort
 * keys made again: care-store-opening.c). The worker opens its own
 * connection and, when it is done, hands it over whole: the caller's
 * thread uses it from the callback on, and the worker never again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-store"

#include "config.h"

#include "care-store-private.h"

typedef struct {
  char                  *path;
  CareStoreProgressFunc  progress;
  gpointer               progress_data;
  GMainContext          *context;
} Opening;

typedef struct {
  GTask              *task;
  CareStoreWorkFlags  step;
  double              fraction;
} Report;

static void
opening_free (Opening *opening)
{
  g_free (opening->path);
  g_main_context_unref (opening->context);
  g_free (opening);
}

static void
report_free (Report *report)
{
  g_object_unref (report->task);
  g_free (report);
}

/* On the caller's context. A report still queued when the task has
 * completed is dropped: progress is never called after the callback. */
static gboolean
report_cb (gpointer data)
{
  Report *report = data;
  Opening *opening = g_task_get_task_data (report->task);

  if (!g_task_get_completed (report->task))
    opening->progress (report->step, report->fraction, opening->progress_data);
  return G_SOURCE_REMOVE;
}

/* On the worker. */
static void
on_progress_cb (CareStoreWorkFlags step,
                double             fraction,
                gpointer           user_data)
{
  GTask *task = user_data;
  Opening *opening = g_task_get_task_data (task);
  Report *report;

  if (opening->progress == NULL)
    return;
  report = g_new0 (Report, 1);
  report->task = g_object_ref (task);
  report->step = step;
  report->fraction = fraction;
  g_main_context_invoke_full (opening->context, G_PRIORITY_DEFAULT, report_cb, report,
                              (GDestroyNotify) report_free);
}

/* --- holding the worker (tests) ------------------------------------------ */

static GMutex hold_lock;
static GCond hold_cond;
static gboolean held;

void
care_store_open_hold_for_test (gboolean hold)
{
  g_mutex_lock (&hold_lock);
  held = hold;
  g_cond_broadcast (&hold_cond);
  g_mutex_unlock (&hold_lock);
}

static void
wait_while_held (void)
{
  g_mutex_lock (&hold_lock);
  while (held)
    g_cond_wait (&hold_cond, &hold_lock);
  g_mutex_unlock (&hold_lock);
}

/* ------------------------------------------------------------------------- */

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Opening *opening = task_data;
  GError *error = NULL;
  CareStore *store;

  wait_while_held ();
  store = care_store_open_with_progress (opening->path, on_progress_cb, task, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
care_store_open_async (const char            *path,
                       CareStoreProgressFunc  progress,
                       gpointer               progress_data,
                       GCancellable          *cancellable,
                       GAsyncReadyCallback    callback,
                       gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  Opening *opening;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, care_store_open_async);
  opening = g_new0 (Opening, 1);
  opening->path = g_strdup (path);
  opening->progress = progress;
  opening->progress_data = progress_data;
  opening->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, opening, (GDestroyNotify) opening_free);
  /* The work is not stopped halfway: a cancelled open still waits for
   * the worker, whose store is then closed unused. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, open_thread);
}

CareStore *
care_store_open_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == care_store_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
