/* care-statement-document.c: the printed payment receipt and patient statement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-statement-document"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-billing.h"
#include "care-statement-document.h"
#include "care-store-worker.h"

static const char *
method_label (const char *method)
{
  return care_field_choice_label (care_entity_field (care_schema_lookup ("payment"), "method"), method);
}

/* Who paid or is billed: name, record number, date of birth. */
static void
add_patient (CareDocument *doc,
             CareRecord   *patient,
             const char   *caption)
{
  g_autofree char *name = care_record_dup_title (patient);
  g_autofree char *dob = care_document_format_date (care_record_get (patient, "date_of_birth"));
  const char *pairs[] = {
    _("Patient"), name,
    _("MRN"), care_record_get (patient, "mrn"),
    _("Date of birth"), dob,
    _("Phone"), care_record_get (patient, "phone"),
    NULL,
  };

  care_document_add_fields (doc, caption, pairs, 2);
}

static void
add_note (CareDocument *doc,
          const char   *first,
          const char   *currency)
{
  /* Translators: %s is a currency code such as EUR */
  g_autofree char *amounts = g_strdup_printf (_("Amounts in %s."), currency);
  g_autofree char *plain = g_strdup_printf ("%s\n%s", first, amounts);
  g_autofree char *escaped = care_document_escape (plain);

  care_document_add_space (doc, 14);
  care_document_add_paragraph (doc, escaped, TRUE);
}

/* --- the receipt -------------------------------------------------------------- */

GBytes *
care_receipt_document_draw (CareReceipt  *r,
                            GError      **error)
{
  g_autoptr(CareDocument) doc = NULL;
  const char *number = care_record_get (r->payment, "receipt_number");
  const char *invoice_number = care_record_get (r->invoice, "number");
  const char *currency = care_record_get (r->invoice, "currency");
  g_autofree char *reference = NULL;
  g_autofree char *received = care_document_format_date (r->received_on);

  g_return_val_if_fail (r != NULL, NULL);

  /* Translators: a document reference, %s is the receipt number */
  reference = g_strdup_printf (_("Receipt %s"), number);
  {
    const char *fields[] = {
      _("Receipt no."), number,
      _("Received"), received,
      _("For invoice"), invoice_number,
      NULL,
    };
    CareDocumentInfo info = {
      .title = _("Payment Receipt"),
      .reference = reference,
      .fields = fields,
      .watermark = g_strcmp0 (care_record_get (r->invoice, "status"), "void") == 0 ? _("VOID") : NULL,
      .date = r->received_on,
      .number = number,
    };

    doc = care_document_new (r->clinic, &info);
  }
  add_patient (doc, r->patient, _("Received from"));

  {
    const CareDocumentColumn columns[] = {
      { _("Method"), 0.3, CARE_COLUMN_START },
      { _("Reference"), 0.45, CARE_COLUMN_START },
      { _("Amount"), 0.25, CARE_COLUMN_END },
    };
    CareDocumentTable *table = care_document_add_table (doc, columns, G_N_ELEMENTS (columns));
    g_autofree char *method = care_document_escape (method_label (care_record_get (r->payment, "method")));
    g_autofree char *ref = care_document_escape (care_record_get (r->payment, "reference"));
    g_autofree char *amount = care_billing_format_money (care_record_get_int (r->payment, "amount", 0), currency);
    const char *cells[] = { method, care_record_get (r->payment, "reference") ? ref : "—", amount };

    care_document_table_add_row (table, cells, CARE_DOCUMENT_ROW_NONE);
  }

  {
    g_autofree char *total = care_billing_format_money (r->invoice_total, currency);
    g_autofree char *before = care_billing_format_money (r->paid_before, currency);
    g_autofree char *amount = care_billing_format_money (care_record_get_int (r->payment, "amount", 0), currency);
    g_autofree char *after = care_billing_format_money (r->balance_after, currency);
    const char *pairs[] = {
      _("Invoice total"), total,
      _("Paid before"), before,
      _("This payment"), amount,
      _("Left to pay"), after,
      NULL,
    };
    care_document_add_totals (doc, pairs, 2);
  }

  {
    /* Translators: %s is an invoice number */
    g_autofree char *text = r->balance_after > 0
      ? g_strdup_printf (_("Thank you. Invoice %s still has a balance to pay."), invoice_number)
      : g_strdup_printf (_("Thank you. Invoice %s is paid in full."), invoice_number);

    add_note (doc, text, currency);
  }
  return care_document_finish (doc, error);
}

/* --- the statement ------------------------------------------------------------ */

static char *
money_or_dash (gint64      amount,
               const char *currency)
{
  return amount ? care_billing_format_amount (amount, currency) : g_strdup ("—");
}

static char *
entry_description (CareStatementEntry *e)
{
  g_autofree char *text = NULL;

  if (e->kind == CARE_STATEMENT_PAYMENT)
    /* Translators: a statement line: the payment method, then the invoice number */
    text = g_strdup_printf (_("Payment (%s), invoice %s"), method_label (e->method), e->invoice_number);
  else if (e->is_void)
    {
      g_autofree char *escaped = NULL;

      /* Translators: a statement line for an invoice that was voided; %s is its reason */
      text = g_strdup_printf (_("Invoice — VOID, not charged: %s"), e->void_reason ? e->void_reason : "");
      escaped = care_document_escape (text);
      return g_strdup_printf ("<b>%s</b>", escaped);
    }
  else if (e->due_on)
    {
      g_autofree char *due = care_document_format_date (e->due_on);
      /* Translators: a statement line; %s is the date payment is due */
      text = g_strdup_printf (_("Invoice, due %s"), due);
    }
  else
    text = g_strdup (_("Invoice"));
  return care_document_escape (text);
}

GBytes *
care_statement_document_draw (CareStatement  *st,
                              GError        **error)
{
  g_autoptr(CareDocument) doc = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *period = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *reference = NULL;
  CareDocumentTable *table;

  g_return_val_if_fail (st != NULL, NULL);

  from = care_document_format_date (st->from);
  to = care_document_format_date (st->to);
  /* Translators: a period of dates, "1 Jan 2026 – 31 Dec 2026" */
  period = g_strdup_printf (_("%s – %s"), from, to);
  printed = care_document_format_date (st->printed_on);
  /* Translators: a document reference; %s is the patient's record number */
  reference = g_strdup_printf (_("Statement, MRN %s"), care_record_get (st->patient, "mrn"));
  {
    const char *fields[] = {
      _("Period"), period,
      _("Printed"), printed,
      NULL,
    };
    CareDocumentInfo info = {
      .title = _("Statement"),
      .reference = reference,
      .fields = fields,
      .date = st->printed_on,
      .number = NULL,
    };

    doc = care_document_new (st->clinic, &info);
  }
  add_patient (doc, st->patient, _("Statement for"));

  {
    const CareDocumentColumn columns[] = {
      { _("Date"), 0.14, CARE_COLUMN_START },
      { _("Description"), 0.32, CARE_COLUMN_START },
      { _("Reference"), 0.18, CARE_COLUMN_START },
      { _("Charges"), 0.12, CARE_COLUMN_END },
      { _("Payments"), 0.12, CARE_COLUMN_END },
      { _("Balance"), 0.12, CARE_COLUMN_END },
    };
    table = care_document_add_table (doc, columns, G_N_ELEMENTS (columns));
  }
  {
    g_autofree char *balance = care_billing_format_amount (st->opening, st->currency);
    const char *cells[] = { from, _("Balance brought forward"), "", "", "", balance };

    care_document_table_add_row (table, cells, CARE_DOCUMENT_ROW_NONE);
  }
  for (guint i = 0; i < st->entries->len; i++)
    {
      CareStatementEntry *e = g_ptr_array_index (st->entries, i);
      g_autofree char *date = care_document_format_date (e->date);
      g_autofree char *description = entry_description (e);
      g_autofree char *ref = care_document_escape (e->reference);
      g_autofree char *amount = care_billing_format_amount (e->amount, st->currency);
      /* A void invoice shows its amount struck through, and charges nothing. */
      g_autofree char *charge = e->is_void ? g_strdup_printf ("<s>%s</s>", amount)
                                           : money_or_dash (e->charge, st->currency);
      g_autofree char *credit = money_or_dash (e->credit, st->currency);
      g_autofree char *balance = care_billing_format_amount (e->balance, st->currency);
      const char *cells[] = { date, description, ref, charge, credit, balance };

      care_document_table_add_row (table, cells, e->is_void ? CARE_DOCUMENT_ROW_HIGHLIGHT : CARE_DOCUMENT_ROW_NONE);
    }

  {
    g_autofree char *opening = care_billing_format_money (st->opening, st->currency);
    g_autofree char *charges = care_billing_format_money (st->charges, st->currency);
    g_autofree char *credits = care_billing_format_money (-st->credits, st->currency);
    g_autofree char *closing = care_billing_format_money (st->closing, st->currency);
    const char *pairs[] = {
      _("Balance brought forward"), opening,
      _("Invoiced in period"), charges,
      _("Paid in period"), credits,
      _("Balance due"), closing,
      NULL,
    };
    care_document_add_totals (doc, pairs, 3);
  }

  if (st->open_invoices->len > 0)
    {
      const CareDocumentColumn columns[] = {
        { _("Invoice"), 0.3, CARE_COLUMN_START },
        { _("Issued"), 0.23, CARE_COLUMN_START },
        { _("Payment due"), 0.23, CARE_COLUMN_START },
        { _("Outstanding"), 0.24, CARE_COLUMN_END },
      };
      CareDocumentTable *open_table;

      care_document_add_space (doc, 8);
      care_document_add_heading (doc, _("Invoices still to pay"));
      open_table = care_document_add_table (doc, columns, G_N_ELEMENTS (columns));
      for (guint i = 0; i < st->open_invoices->len; i++)
        {
          CareStatementOpen *o = g_ptr_array_index (st->open_invoices, i);
          g_autofree char *number = care_document_escape (o->number);
          g_autofree char *issued = care_document_format_date (o->issued_on);
          g_autofree char *due = o->due_on ? care_document_format_date (o->due_on) : g_strdup (_("On receipt"));
          g_autofree char *amount = care_billing_format_amount (o->outstanding, st->currency);
          const char *cells[] = { number, issued, due, amount };

          care_document_table_add_row (open_table, cells, CARE_DOCUMENT_ROW_NONE);
        }
    }

  add_note (doc, _("Void invoices are listed for reference and are not charged. "
                   "Please quote the invoice number with each payment."),
            st->currency);
  return care_document_finish (doc, error);
}

/* --- gathered and drawn ------------------------------------------------------- */

GBytes *
care_receipt_document_render (CareStore   *store,
                              const char  *payment_id,
                              GError     **error)
{
  g_autoptr(CareReceipt) r = care_receipt_gather (store, payment_id, error);

  return r ? care_receipt_document_draw (r, error) : NULL;
}

GBytes *
care_statement_document_render (CareStore   *store,
                                const char  *patient_id,
                                const char  *from,
                                const char  *to,
                                GError     **error)
{
  g_autoptr(CareStatement) st = care_statement_gather (store, patient_id, from, to, error);

  return st ? care_statement_document_draw (st, error) : NULL;
}

/* The gathered data is kept by the task until the drawing is done. */
static void
on_drawn_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GBytes *pdf = care_document_draw_finish (result, &error);

  if (pdf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

static void
draw_async (gpointer             data,
            GDestroyNotify       free_data,
            CareDocumentDrawFunc draw,
            GError              *error,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, draw_async);
  if (data == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, data, free_data);
  care_document_draw_async (draw, data, cancellable, on_drawn_cb, task);
}

void
care_receipt_document_async (CareStore          *store,
                             const char         *payment_id,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  GError *error = NULL;
  CareReceipt *r = care_receipt_gather (store, payment_id, &error);

  draw_async (r, (GDestroyNotify) care_receipt_free, (CareDocumentDrawFunc) care_receipt_document_draw,
              error, cancellable, callback, user_data);
}

/* A statement reads every invoice and payment of the patient: read and
 * drawn in a worker, on a store connection of its own. */
typedef struct {
  char *patient_id;
  char *from;
  char *to;
} StatementJob;

static void
statement_job_free (StatementJob *job)
{
  g_free (job->patient_id);
  g_free (job->from);
  g_free (job->to);
  g_free (job);
}

static gpointer
statement_work (CareStore     *worker,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  StatementJob *job = data;

  return care_statement_document_render (worker, job->patient_id, job->from, job->to, error);
}

void
care_statement_document_async (CareStore          *store,
                               const char         *patient_id,
                               const char         *from,
                               const char         *to,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  GError *error = NULL;
  StatementJob *job;

  g_return_if_fail (CARE_IS_STORE (store));
  g_return_if_fail (patient_id != NULL);

  if (!care_statement_check_period (from, to, &error))
    {
      draw_async (NULL, NULL, NULL, error, cancellable, callback, user_data);
      return;
    }
  job = g_new0 (StatementJob, 1);
  job->patient_id = g_strdup (patient_id);
  job->from = g_strdup (from);
  job->to = g_strdup (to);
  care_store_run_in_thread (store, CARE_STORE_WORKER_READ, statement_work,
                            job, (GDestroyNotify) statement_job_free, (GDestroyNotify) g_bytes_unref,
                            cancellable, callback, user_data);
}

/* Either task: the receipt's (no source) or the statement's (the store). */
GBytes *
care_statement_document_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
care_receipt_document_file_name (const char *receipt_number)
{
  /* Translators: the file name a receipt is exported to */
  return g_strdup_printf (_("Receipt %s.pdf"), receipt_number);
}

char *
care_statement_document_file_name (const char *mrn,
                                   const char *from,
                                   const char *to)
{
  /* Translators: the file name a statement is exported to: the patient's
   * record number, then the period's first and last days */
  return g_strdup_printf (_("Statement %s %s to %s.pdf"), mrn ? mrn : "", from, to);
}
