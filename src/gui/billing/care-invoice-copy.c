/* care-invoice-copy.c: the current copy and the original of an invoice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-invoice-copy"

#include "config.h"

#include <glib/gi18n.h>

#include "care-invoice-copy.h"
#include "care-invoice-document.h"

typedef struct {
  char            *path;
  char            *invoice_id;
  CareInvoiceCopy  copy;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->path);
  g_free (job->invoice_id);
  g_free (job);
}

const char *
care_invoice_copy_label (CareInvoiceCopy copy)
{
  return copy == CARE_INVOICE_COPY_ORIGINAL ? _("Original as Issued") : _("Current Copy (with payments)");
}

char *
care_invoice_copy_title (CareRecord     *invoice,
                         CareInvoiceCopy copy)
{
  const char *number = care_record_get (invoice, "number");

  if (number == NULL)
    return g_strdup (_("Draft Invoice"));
  if (copy == CARE_INVOICE_COPY_ORIGINAL)
    /* Translators: preview title, %s is an invoice number */
    return g_strdup_printf (_("Invoice %s — Original as Issued"), number);
  /* Translators: preview title, %s is an invoice number */
  return g_strdup_printf (_("Invoice %s — Current Copy"), number);
}

char *
care_invoice_copy_file_name (CareRecord     *invoice,
                             CareInvoiceCopy copy)
{
  const char *number = care_record_get (invoice, "number");

  if (number == NULL || copy == CARE_INVOICE_COPY_ORIGINAL)
    return care_invoice_document_file_name (invoice);
  /* Translators: the file name a current copy is exported to */
  return g_strdup_printf (_("Invoice %s (current copy).pdf"), number);
}

static GBytes *
load (CareStore       *store,
      LoadJob         *job,
      GError         **error)
{
  if (job->copy == CARE_INVOICE_COPY_ORIGINAL)
    return care_invoice_document_get_pdf (store, job->invoice_id, NULL, error);
  return care_invoice_document_current_copy (store, job->invoice_id, error);
}

/* The store's connection belongs to the thread that opened it: the worker
 * opens its own on the same file (WAL: it reads what was committed). */
static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  LoadJob *job = data;
  g_autoptr(CareStore) store = NULL;
  GError *error = NULL;
  GBytes *pdf = NULL;

  store = care_store_open (job->path, &error);
  if (store)
    pdf = load (store, job, &error);
  if (pdf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

void
care_invoice_copy_load_async (CareStore          *store,
                              const char         *invoice_id,
                              CareInvoiceCopy     copy,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (CARE_IS_STORE (store));
  g_return_if_fail (invoice_id != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, care_invoice_copy_load_async);
  job = g_new0 (LoadJob, 1);
  job->path = g_strdup (care_store_get_path (store));
  job->invoice_id = g_strdup (invoice_id);
  job->copy = copy;
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_set_return_on_cancel (task, TRUE);
  if (g_strcmp0 (job->path, ":memory:") == 0)
    {
      /* No second connection can see a store in memory: made here. */
      GError *error = NULL;
      GBytes *pdf = load (store, job, &error);

      if (pdf == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
      return;
    }
  g_task_run_in_thread (task, load_thread);
}

GBytes *
care_invoice_copy_load_finish (CareStore    *store,
                               GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
