/* care-invoice-document.c: the printed invoice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-invoice-document"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-billing.h"
#include "care-invoice-document.h"

/* "12 Mill Lane, Riverside RV1 2AB, United Kingdom" */
static char *
patient_address (CareRecord *patient)
{
  static const char *const parts[] = { "address_line", "city", "region", "postal_code", "country", NULL };
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; parts[i]; i++)
    {
      const char *value = care_record_get (patient, parts[i]);

      if (value == NULL || value[0] == '\0')
        continue;
      if (s->len)
        g_string_append (s, g_str_equal (parts[i], "postal_code") ? " " : ", ");
      g_string_append (s, value);
    }
  return s->len ? g_strdup (s->str) : NULL;
}

static char *
format_rate (const char *rate)
{
  gint64 e4 = 0;
  g_autoptr(GString) s = NULL;

  if (!care_billing_parse_rate (rate, &e4))
    return g_strdup (rate);
  s = g_string_new (NULL);
  g_string_printf (s, "%" G_GINT64_FORMAT, e4 / 10000);
  if (e4 % 10000)
    {
      char frac[8];

      g_snprintf (frac, sizeof frac, "%04d", (int) (e4 % 10000));
      for (int i = 3; i > 0 && frac[i] == '0'; i--)
        frac[i] = '\0';
      g_string_append_printf (s, ".%s", frac);
    }
  g_string_append_c (s, '%');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
care_invoice_document_file_name (CareRecord *invoice)
{
  const char *number = care_record_get (invoice, "number");

  /* Translators: the file name an invoice is exported to */
  return g_strdup_printf (_("Invoice %s.pdf"), number ? number : _("draft"));
}

/* Everything the printed invoice shows, read from the store on its
 * thread, so that drawing can run in another one. */
typedef struct {
  CareRecord *invoice;
  CareRecord *clinic;
  CareRecord *patient;
  GPtrArray  *items;
  GPtrArray  *payments;
  char       *replaced_number;
  char       *copy_date;     /* YYYY-MM-DD of a current copy; NULL for the original */
} InvoiceData;

static void
invoice_data_free (InvoiceData *d)
{
  g_clear_pointer (&d->invoice, care_record_unref);
  g_clear_pointer (&d->clinic, care_record_unref);
  g_clear_pointer (&d->patient, care_record_unref);
  g_clear_pointer (&d->items, g_ptr_array_unref);
  g_clear_pointer (&d->payments, g_ptr_array_unref);
  g_free (d->replaced_number);
  g_free (d->copy_date);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvoiceData, invoice_data_free)

static InvoiceData *
invoice_data_gather (CareStore   *store,
                     CareRecord  *invoice,
                     GError     **error)
{
  g_autoptr(InvoiceData) d = g_new0 (InvoiceData, 1);

  d->invoice = care_record_copy (invoice);
  d->clinic = care_store_get_clinic (store);
  d->patient = care_store_get (store, care_schema_lookup ("patient"), care_record_get (invoice, "patient_id"), error);
  if (d->patient == NULL)
    return NULL;
  d->items = care_billing_list_items (store, care_record_get_id (invoice), error);
  if (d->items == NULL)
    return NULL;
  d->payments = care_billing_list_payments (store, care_record_get_id (invoice), error);
  if (d->payments == NULL)
    return NULL;
  if (care_record_get (invoice, "replaces_id"))
    {
      g_autoptr(CareRecord) replaced = care_store_get (store, care_schema_lookup ("invoice"),
                                                       care_record_get (invoice, "replaces_id"), NULL);

      d->replaced_number = replaced ? g_strdup (care_record_get (replaced, "number")) : NULL;
    }
  return g_steal_pointer (&d);
}

static void
add_record (JsonArray  *all,
            CareRecord *record)
{
  JsonObject *json = care_record_to_json (record);

  /* Stamped by every write, even one that changes nothing drawn (the
   * issuing itself). */
  json_object_remove_member (json, CARE_COLUMN_UPDATED_AT);
  json_object_remove_member (json, CARE_COLUMN_UPDATED_BY);
  json_array_add_object_element (all, json);
}

/* The gathered data as text: two gatherings drawing the same invoice have
 * the same fingerprint. */
static char *
invoice_data_fingerprint (InvoiceData *d)
{
  g_autoptr(JsonArray) all = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  CareRecord *singles[] = { d->invoice, d->clinic, d->patient };

  for (guint i = 0; i < G_N_ELEMENTS (singles); i++)
    if (singles[i] != NULL)
      add_record (all, singles[i]);
  for (guint i = 0; i < d->items->len; i++)
    add_record (all, g_ptr_array_index (d->items, i));
  for (guint i = 0; i < d->payments->len; i++)
    add_record (all, g_ptr_array_index (d->payments, i));
  json_array_add_string_element (all, d->replaced_number ? d->replaced_number : "");
  json_node_set_array (node, all);
  return json_to_string (node, FALSE);
}

/* Touches no store: safe in a worker thread. */
static GBytes *
invoice_data_draw (InvoiceData  *d,
                   GError      **error)
{
  const CareEntity *item_entity = care_schema_lookup ("invoice_item");
  const CareEntity *payment_entity = care_schema_lookup ("payment");
  CareRecord *invoice = d->invoice;
  CareRecord *clinic = d->clinic;
  CareRecord *patient = d->patient;
  GPtrArray *items = d->items;
  GPtrArray *payments = d->payments;
  g_autoptr(CareDocument) doc = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *due = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dob = NULL;
  g_autofree char *address = NULL;
  g_autofree char *insurance = NULL;
  g_autofree char *date = NULL;
  const char *status, *number, *currency;
  CareInvoiceTotals totals;
  CareDocumentTable *table;
  gint64 paid;

  status = care_record_get (invoice, "status");
  number = care_record_get (invoice, "number");
  currency = care_record_get (invoice, "currency");
  /* Translators: a document reference, %s is the invoice number */
  reference = number ? g_strdup_printf (_("Invoice %s"), number) : g_strdup (_("Draft invoice"));
  issued = care_record_get (invoice, "issued_on")
           ? care_document_format_date (care_record_get (invoice, "issued_on")) : NULL;
  due = care_record_get (invoice, "due_on")
        ? care_document_format_date (care_record_get (invoice, "due_on")) : NULL;
  date = g_strndup (d->copy_date ? d->copy_date
                    : care_record_get (invoice, "issued_on") ? care_record_get (invoice, "issued_on")
                    : care_record_get (invoice, CARE_COLUMN_CREATED_AT), 10);

  {
    const char *fields[] = {
      _("Invoice no."), number ? number : _("Draft"),
      _("Issued"), issued ? issued : _("Not yet issued"),
      _("Payment due"), due ? due : _("On receipt"),
      /* The clinic's tax registration, which an invoice must show. */
      clinic && care_record_get (clinic, "tax_number") ? _("Tax registration no.") : NULL,
      clinic ? care_record_get (clinic, "tax_number") : NULL,
      NULL,
    };
    CareDocumentInfo info = {
      .title = _("Invoice"),
      .reference = reference,
      .fields = fields,
      .watermark = g_strcmp0 (status, "draft") == 0 ? _("DRAFT")
                 : g_strcmp0 (status, "void") == 0 ? _("VOID") : NULL,
      .date = date,
      .number = number,
    };

    doc = care_document_new (clinic, &info);
  }

  /* Who is billed. */
  name = care_record_dup_title (patient);
  dob = care_document_format_date (care_record_get (patient, "date_of_birth"));
  address = patient_address (patient);
  if (care_record_get (patient, "insurance_provider"))
    insurance = care_record_get (patient, "insurance_policy_number")
                /* Translators: insurer, then the policy number */
                ? g_strdup_printf (_("%s, policy %s"), care_record_get (patient, "insurance_provider"),
                                   care_record_get (patient, "insurance_policy_number"))
                : g_strdup (care_record_get (patient, "insurance_provider"));
  {
    const char *pairs[] = {
      _("Patient"), name,
      _("MRN"), care_record_get (patient, "mrn"),
      _("Date of birth"), dob,
      _("Phone"), care_record_get (patient, "phone"),
      _("Address"), address,
      _("Insurance"), insurance,
      NULL,
    };
    care_document_add_fields (doc, _("Bill to"), pairs, 2);
  }

  if (d->copy_date != NULL)
    {
      g_autofree char *day = care_document_format_date (d->copy_date);
      /* Translators: on a reprint showing an issued invoice as it stands
       * now; %s is a date */
      g_autofree char *text = g_strdup_printf (_("Current copy printed on %s, with the payments and status of that day. "
                                                 "The invoice as issued is kept unchanged."), day);
      g_autofree char *escaped = care_document_escape (text);
      g_autofree char *markup = g_strdup_printf ("<b>%s</b>", escaped);

      care_document_add_paragraph (doc, markup, FALSE);
      care_document_add_space (doc, 6);
    }
  if (d->replaced_number != NULL)
    {
      g_autofree char *escaped = care_document_escape (d->replaced_number);
      /* Translators: %s is an invoice number */
      g_autofree char *text = g_strdup_printf (_("This invoice replaces invoice %s, which is void."), escaped);

      care_document_add_paragraph (doc, text, FALSE);
      care_document_add_space (doc, 6);
    }
  if (g_strcmp0 (status, "void") == 0)
    {
      g_autofree char *escaped = care_document_escape (care_record_get (invoice, "void_reason"));
      g_autofree char *text = g_strdup_printf ("<b>%s</b> %s", _("This invoice is void."), escaped);

      care_document_add_paragraph (doc, text, FALSE);
      care_document_add_space (doc, 6);
    }

  /* The lines. */
  {
    const CareDocumentColumn columns[] = {
      /* Wide enough for "999" at full size; longer numbers are set
       * smaller, never wrapped (care_document_table_add_row()). */
      { "#", 0.055, CARE_COLUMN_END },
      { _("Description"), 0.375, CARE_COLUMN_START },
      { _("Qty"), 0.065, CARE_COLUMN_END },
      { _("Unit price"), 0.13, CARE_COLUMN_END },
      { _("Discount"), 0.115, CARE_COLUMN_END },
      /* "Impuesto" in Spanish, on one line. */
      { _("Tax"), 0.10, CARE_COLUMN_END },
      /* Translators: column of an invoice: the line's amount before tax */
      { _("Amount"), 0.16, CARE_COLUMN_END },
    };
    table = care_document_add_table (doc, columns, G_N_ELEMENTS (columns));
  }
  care_billing_compute_totals (items, &totals);
  for (guint i = 0; i < items->len; i++)
    {
      CareRecord *item = g_ptr_array_index (items, i);
      g_autofree char *index = g_strdup_printf ("%u", i + 1);
      g_autofree char *description = care_document_escape (care_record_get (item, "description"));
      g_autofree char *kind = care_document_escape (care_field_choice_label (care_entity_field (item_entity, "kind"),
                                                                            care_record_get (item, "kind")));
      g_autofree char *cell = g_strdup_printf ("%s\n<span size='small' foreground='#5e6770'>%s</span>",
                                               description, kind);
      g_autofree char *quantity = g_strdup (care_record_get (item, "quantity"));
      g_autofree char *price = care_billing_format_amount (care_record_get_int (item, "unit_price", 0), currency);
      gint64 discount_value = care_record_get_int (item, "discount", 0);
      g_autofree char *discount = discount_value ? care_billing_format_amount (-discount_value, currency)
                                                 : g_strdup ("—");
      g_autofree char *tax = format_rate (care_record_get (item, "tax_rate"));
      g_autofree char *amount = care_billing_format_amount (care_record_get_int (item, "line_total", 0), currency);
      const char *cells[] = { index, cell, quantity, price, discount, tax, amount };

      care_document_table_add_row (table, cells, CARE_DOCUMENT_ROW_NONE);
    }
  if (items->len == 0)
    {
      const char *cells[] = { "", _("No lines yet."), "", "", "", "", "" };
      care_document_table_add_row (table, cells, CARE_DOCUMENT_ROW_NONE);
    }

  /* Totals. */
  paid = care_record_get_int (invoice, "paid_total", 0);
  {
    g_autofree char *subtotal = care_billing_format_money (totals.subtotal, currency);
    g_autofree char *discounts = care_billing_format_money (-totals.discount_total, currency);
    g_autofree char *tax = care_billing_format_money (totals.tax_total, currency);
    g_autofree char *total = care_billing_format_money (totals.total, currency);
    g_autofree char *paid_text = care_billing_format_money (paid, currency);
    g_autofree char *balance = care_billing_format_money (g_strcmp0 (status, "void") == 0 ? 0 : totals.total - paid,
                                                          currency);
    const char *pairs[] = {
      _("Subtotal"), subtotal,
      _("Discounts"), discounts,
      _("Tax"), tax,
      _("Total"), total,
      _("Paid"), paid_text,
      _("Balance due"), balance,
      NULL,
    };
    care_document_add_totals (doc, pairs, 3);
  }

  if (payments->len > 0)
    {
      const CareDocumentColumn columns[] = {
        { _("Received"), 0.2, CARE_COLUMN_START },
        { _("Receipt"), 0.2, CARE_COLUMN_START },
        { _("Method"), 0.25, CARE_COLUMN_START },
        { _("Reference"), 0.2, CARE_COLUMN_START },
        { _("Amount"), 0.15, CARE_COLUMN_END },
      };
      CareDocumentTable *paid_table;

      care_document_add_space (doc, 8);
      care_document_add_heading (doc, _("Payments received"));
      paid_table = care_document_add_table (doc, columns, G_N_ELEMENTS (columns));
      for (guint i = 0; i < payments->len; i++)
        {
          CareRecord *payment = g_ptr_array_index (payments, i);
          g_autofree char *when = care_document_format_date (care_record_get (payment, "received_at"));
          g_autofree char *receipt = care_document_escape (care_record_get (payment, "receipt_number"));
          g_autofree char *method = care_document_escape (care_field_choice_label (care_entity_field (payment_entity, "method"),
                                                                                  care_record_get (payment, "method")));
          g_autofree char *ref = care_document_escape (care_record_get (payment, "reference"));
          g_autofree char *amount = care_billing_format_amount (care_record_get_int (payment, "amount", 0), currency);
          const char *cells[] = { when, receipt, method, ref, amount };

          care_document_table_add_row (paid_table, cells, CARE_DOCUMENT_ROW_NONE);
        }
    }

  if (care_record_get (invoice, "notes"))
    {
      g_autofree char *notes = care_document_escape (care_record_get (invoice, "notes"));

      care_document_add_space (doc, 8);
      care_document_add_heading (doc, _("Notes"));
      care_document_add_paragraph (doc, notes, FALSE);
    }

  care_document_add_space (doc, 14);
  {
    /* Translators: %s is a currency code such as EUR */
    g_autofree char *amounts = g_strdup_printf (_("Amounts in %s. Tax is calculated on each line after its discount."),
                                                currency);
    g_autofree char *text = number
      /* Translators: %s is the invoice number */
      ? g_strdup_printf (_("Please quote invoice number %s with your payment. Thank you."), number)
      : g_strdup (_("This is a draft and not a request for payment."));
    g_autofree char *plain = g_strdup_printf ("%s\n%s", text, amounts);
    g_autofree char *escaped = care_document_escape (plain);

    care_document_add_paragraph (doc, escaped, TRUE);
  }

  return care_document_finish (doc, error);
}

GBytes *
care_invoice_document_render (CareStore   *store,
                              CareRecord  *invoice,
                              GError     **error)
{
  g_autoptr(InvoiceData) d = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (invoice != NULL, NULL);

  d = invoice_data_gather (store, invoice, error);
  return d ? invoice_data_draw (d, error) : NULL;
}

GBytes *
care_invoice_document_current_copy (CareStore   *store,
                                    const char  *invoice_id,
                                    GError     **error)
{
  g_autoptr(CareRecord) invoice = NULL;
  g_autoptr(InvoiceData) d = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  invoice = care_store_get (store, care_schema_lookup ("invoice"), invoice_id, error);
  if (invoice == NULL)
    return NULL;
  d = invoice_data_gather (store, invoice, error);
  if (d == NULL)
    return NULL;
  /* A draft has no original to be a copy of. */
  if (care_record_get (invoice, "number") != NULL)
    d->copy_date = care_clock_today ();
  return invoice_data_draw (d, error);
}

GBytes *
care_invoice_document_render_cb (CareStore   *store,
                                 CareRecord  *invoice,
                                 gpointer     user_data,
                                 GError     **error)
{
  return care_invoice_document_render (store, invoice, error);
}

gboolean
care_invoice_document_issue (CareStore   *store,
                             const char  *invoice_id,
                             GError     **error)
{
  return care_billing_issue (store, invoice_id, care_invoice_document_render_cb, NULL, error);
}

/* --- issuing with the drawing in a worker ------------------------------ */

/* Tries at issuing before giving up, when the invoice keeps changing while
 * it is drawn. */
#define MAX_ISSUE_TRIES 3

typedef struct {
  CareStore   *store;
  char        *invoice_id;
  InvoiceData *data;          /* the invoice as it will be issued */
  char        *fingerprint;   /* of data */
  GBytes      *pdf;           /* data drawn */
  guint        tries;
} IssueJob;

static void
issue_job_free (IssueJob *job)
{
  g_clear_object (&job->store);
  g_free (job->invoice_id);
  g_clear_pointer (&job->data, invoice_data_free);
  g_free (job->fingerprint);
  g_clear_pointer (&job->pdf, g_bytes_unref);
  g_free (job);
}

/* As a CareBillingRenderFunc: keeps what it would draw, and refuses, so
 * the issuing is rolled back and nothing is written. */
static GBytes *
gather_and_refuse_cb (CareStore   *store,
                      CareRecord  *invoice,
                      gpointer     user_data,
                      GError     **error)
{
  IssueJob *job = user_data;

  job->data = invoice_data_gather (store, invoice, error);
  if (job->data != NULL)
    g_set_error_literal (error, CARE_DOCUMENT_ERROR, CARE_DOCUMENT_ERROR_FAILED, "trial run");
  return NULL;
}

/* As a CareBillingRenderFunc: the PDF drawn in the worker, if it still
 * shows the invoice as it is being issued now. */
static GBytes *
use_drawn_cb (CareStore   *store,
              CareRecord  *invoice,
              gpointer     user_data,
              GError     **error)
{
  IssueJob *job = user_data;
  g_autoptr(InvoiceData) now = invoice_data_gather (store, invoice, error);
  g_autofree char *fingerprint = NULL;

  if (now == NULL)
    return NULL;
  fingerprint = invoice_data_fingerprint (now);
  if (g_strcmp0 (fingerprint, job->fingerprint) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "changed while drawn");
      return NULL;
    }
  return g_bytes_ref (job->pdf);
}

static void issue_try (GTask *task);

static void
on_drawn_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IssueJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->pdf = care_document_draw_finish (result, &error);
  if (job->pdf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  if (care_billing_issue (job->store, job->invoice_id, use_drawn_cb, job, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK) && job->tries < MAX_ISSUE_TRIES)
    {
      /* Someone changed the invoice (or took the number) meanwhile. */
      g_clear_error (&error);
      issue_try (g_steal_pointer (&task));
      return;
    }
  g_task_return_error (task, error);
}

static void
issue_try (GTask *task)
{
  IssueJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->tries++;
  g_clear_pointer (&job->data, invoice_data_free);
  g_clear_pointer (&job->fingerprint, g_free);
  g_clear_pointer (&job->pdf, g_bytes_unref);

  /* Every rule is checked here, at once: a refusal needs no drawing. */
  if (care_billing_issue (job->store, job->invoice_id, gather_and_refuse_cb, job, &error) ||
      job->data == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, CARE_DOCUMENT_ERROR, CARE_DOCUMENT_ERROR_FAILED, "issued without drawing");
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_clear_error (&error);
  job->fingerprint = invoice_data_fingerprint (job->data);

  care_document_draw_async ((CareDocumentDrawFunc) invoice_data_draw, job->data,
                            g_task_get_cancellable (task), on_drawn_cb, task);
}

void
care_invoice_document_issue_async (CareStore          *store,
                                   const char         *invoice_id,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  GTask *task;
  IssueJob *job;

  g_return_if_fail (CARE_IS_STORE (store));
  g_return_if_fail (invoice_id != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, care_invoice_document_issue_async);
  job = g_new0 (IssueJob, 1);
  job->store = g_object_ref (store);
  job->invoice_id = g_strdup (invoice_id);
  g_task_set_task_data (task, job, (GDestroyNotify) issue_job_free);
  issue_try (task);
}

gboolean
care_invoice_document_issue_finish (CareStore    *store,
                                    GAsyncResult *result,
                                    GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GBytes *
care_invoice_document_get_pdf (CareStore   *store,
                               const char  *invoice_id,
                               gboolean    *archived,
                               GError     **error)
{
  g_autoptr(CareRecord) invoice = NULL;
  GBytes *pdf;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (archived)
    *archived = FALSE;
  invoice = care_store_get (store, care_schema_lookup ("invoice"), invoice_id, error);
  if (invoice == NULL)
    return NULL;
  pdf = care_record_get_blob (invoice, "pdf");
  if (pdf)
    {
      g_autofree char *sha = care_billing_sha256 (pdf);

      if (g_strcmp0 (sha, care_record_get (invoice, "pdf_sha256")) != 0)
        {
          g_set_error (error, CARE_DOCUMENT_ERROR, CARE_DOCUMENT_ERROR_FAILED,
                       _("The archived copy of invoice %s does not match its checksum and may have been altered."),
                       care_record_get (invoice, "number"));
          return NULL;
        }
      if (archived)
        *archived = TRUE;
      return g_bytes_ref (pdf);
    }
  return care_invoice_document_render (store, invoice, error);
}
