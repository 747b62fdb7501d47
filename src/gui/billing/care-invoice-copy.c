/* care-invoice-copy.c: the current copy and the original of an invoice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-invoice-copy"

#include "config.h"

#include <glib/gi18n.h>

#include "care-invoice-copy.h"
#include "care-invoice-document.h"
#include "care-store-worker.h"

typedef struct {
  char            *invoice_id;
  CareInvoiceCopy  copy;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
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

/* In a worker, on a store connection of its own (care-store-worker.h). */
static gpointer
load_work (CareStore     *worker,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  LoadJob *job = data;

  if (job->copy == CARE_INVOICE_COPY_ORIGINAL)
    return care_invoice_document_get_pdf (worker, job->invoice_id, NULL, error);
  return care_invoice_document_current_copy (worker, job->invoice_id, error);
}

void
care_invoice_copy_load_async (CareStore          *store,
                              const char         *invoice_id,
                              CareInvoiceCopy     copy,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  LoadJob *job;

  g_return_if_fail (CARE_IS_STORE (store));
  g_return_if_fail (invoice_id != NULL);

  job = g_new0 (LoadJob, 1);
  job->invoice_id = g_strdup (invoice_id);
  job->copy = copy;
  care_store_run_in_thread (store, CARE_STORE_WORKER_READ, load_work,
                            job, (GDestroyNotify) load_job_free, (GDestroyNotify) g_bytes_unref,
                            cancellable, callback, user_data);
}

GBytes *
care_invoice_copy_load_finish (CareStore    *store,
                               GAsyncResult *result,
                               GError      **error)
{
  return care_store_run_finish (store, result, error);
}
