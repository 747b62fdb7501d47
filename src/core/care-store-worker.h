/* care-store-worker.h: work on the store in a worker thread, on a connection of its own
 *
 * A store's connection belongs to the thread that opened it. Work too
 * long for the main loop (a chart's summary, a PDF from archived rows, an
 * import) runs in a GTask thread on a second connection to the same file,
 * opened there with the store's own flags, busy timeout and pragmas, and
 * closed before the result is returned. The store is in WAL mode: the
 * worker reads what was committed when it began, while the main thread
 * goes on writing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

typedef enum {
  CARE_STORE_WORKER_READ,   /* read-only; once cancelled, the result is G_IO_ERROR_CANCELLED */
  CARE_STORE_WORKER_WRITE,  /* may write; func's result stands even if cancelled after it */
} CareStoreWorkerAccess;

/* Runs in the worker on its own connection (actor as the store's). Returns
 * the result (NULL is a result too); fails by setting error. Must not
 * touch the calling thread's store nor keep worker's beyond the call. */
typedef gpointer (*CareStoreWorkFunc) (CareStore     *worker,
                                       gpointer       data,
                                       GCancellable  *cancellable,
                                       GError       **error);

/* A store in memory has no file to share: G_IO_ERROR_NOT_SUPPORTED; a
 * file gone since: G_IO_ERROR_NOT_FOUND; cancelled before func runs:
 * G_IO_ERROR_CANCELLED, and func is not called; func sees cancellable
 * for long work. The callback runs on the calling thread once the worker
 * is done and its connection closed; data is freed with data_free after
 * that, possibly in the worker (so no widgets in it); result_free frees a
 * result nobody took. The task's source object is store. */
void     care_store_run_in_thread (CareStore             *store,
                                   CareStoreWorkerAccess  access,
                                   CareStoreWorkFunc      func,
                                   gpointer               data,
                                   GDestroyNotify         data_free,
                                   GDestroyNotify         result_free,
                                   GCancellable          *cancellable,
                                   GAsyncReadyCallback    callback,
                                   gpointer               user_data);
/* func's result; NULL with error set on failure (NULL without error is
 * func's NULL). */
gpointer care_store_run_finish    (CareStore             *store,
                                   GAsyncResult          *result,
                                   GError               **error);

G_END_DECLS
