/* care-statements.c: what a payment receipt and a patient statement say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-statements"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "care-billing.h"
#include "care-clock.h"
#include "care-rules.h"
#include "care-statements.h"

/* The local date of an instant stored as ISO 8601 UTC ("2026-11-21T23:30:00Z"
 * is the 22nd in Madrid); a bare date stays as it is. */
static char *
local_date (const char *iso)
{
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso == NULL)
    return NULL;
  if (strlen (iso) <= 10)
    return g_strdup (iso);
  at = g_date_time_new_from_iso8601 (iso, NULL);
  if (at == NULL)
    return g_strndup (iso, 10);
  local = g_date_time_to_local (at);
  return g_date_time_format (local, "%F");
}

/* --- receipts --------------------------------------------------------------- */

/* Earlier: received before, or at the same instant and recorded before. */
static int
compare_payments (CareRecord *a,
                  CareRecord *b)
{
  int c = g_strcmp0 (care_record_get (a, "received_at"), care_record_get (b, "received_at"));

  if (c == 0)
    c = g_strcmp0 (care_record_get (a, CARE_COLUMN_CREATED_AT), care_record_get (b, CARE_COLUMN_CREATED_AT));
  if (c == 0)
    c = g_strcmp0 (care_record_get_id (a), care_record_get_id (b));
  return c;
}

gint64
care_receipt_paid_before (GPtrArray  *payments,
                          CareRecord *payment)
{
  gint64 sum = 0;

  g_return_val_if_fail (payments != NULL, 0);
  g_return_val_if_fail (payment != NULL, 0);

  for (guint i = 0; i < payments->len; i++)
    {
      CareRecord *other = g_ptr_array_index (payments, i);

      if (compare_payments (other, payment) < 0)
        sum += care_record_get_int (other, "amount", 0);
    }
  return sum;
}

void
care_receipt_free (CareReceipt *receipt)
{
  if (receipt == NULL)
    return;
  g_clear_pointer (&receipt->clinic, care_record_unref);
  g_clear_pointer (&receipt->patient, care_record_unref);
  g_clear_pointer (&receipt->invoice, care_record_unref);
  g_clear_pointer (&receipt->payment, care_record_unref);
  g_free (receipt->received_on);
  g_free (receipt);
}

CareReceipt *
care_receipt_gather (CareStore   *store,
                     const char  *payment_id,
                     GError     **error)
{
  g_autoptr(CareReceipt) r = g_new0 (CareReceipt, 1);
  g_autoptr(GPtrArray) payments = NULL;
  gint64 amount;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (payment_id != NULL, NULL);

  if ((r->payment = care_store_get (store, care_schema_lookup ("payment"), payment_id, error)) == NULL ||
      (r->invoice = care_store_get (store, care_schema_lookup ("invoice"),
                                    care_record_get (r->payment, "invoice_id"), error)) == NULL ||
      (r->patient = care_store_get (store, care_schema_lookup ("patient"),
                                    care_record_get (r->invoice, "patient_id"), error)) == NULL ||
      (payments = care_billing_list_payments (store, care_record_get_id (r->invoice), error)) == NULL)
    return NULL;
  r->clinic = care_store_get_clinic (store);
  r->received_on = local_date (care_record_get (r->payment, "received_at"));
  amount = care_record_get_int (r->payment, "amount", 0);
  r->invoice_total = care_record_get_int (r->invoice, "total", 0);
  r->paid_before = care_receipt_paid_before (payments, r->payment);
  r->balance_after = r->invoice_total - r->paid_before - amount;
  return g_steal_pointer (&r);
}

/* --- statements ------------------------------------------------------------- */

static void
entry_free (CareStatementEntry *e)
{
  g_free (e->date);
  g_free (e->reference);
  g_free (e->invoice_number);
  g_free (e->method);
  g_free (e->due_on);
  g_free (e->void_reason);
  g_free (e);
}

static void
open_free (CareStatementOpen *o)
{
  g_free (o->number);
  g_free (o->issued_on);
  g_free (o->due_on);
  g_free (o);
}

void
care_statement_free (CareStatement *st)
{
  if (st == NULL)
    return;
  g_clear_pointer (&st->clinic, care_record_unref);
  g_clear_pointer (&st->patient, care_record_unref);
  g_free (st->from);
  g_free (st->to);
  g_free (st->printed_on);
  g_free (st->currency);
  g_clear_pointer (&st->entries, g_ptr_array_unref);
  g_clear_pointer (&st->open_invoices, g_ptr_array_unref);
  g_free (st);
}

static gboolean
is_date (const char *text)
{
  g_autofree char *iso = NULL;
  g_autoptr(GDateTime) parsed = NULL;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  iso = g_strdup_printf ("%sT00:00:00Z", text);
  parsed = g_date_time_new_from_iso8601 (iso, NULL);
  return parsed != NULL;
}

gboolean
care_statement_check_period (const char  *from,
                             const char  *to,
                             GError     **error)
{
  if (!is_date (from))
    {
      care_rule_set_labelled_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_INVALID, "from", _("From"),
                                    _("Enter a date as YYYY-MM-DD, such as 2026-01-01."));
      return FALSE;
    }
  if (!is_date (to))
    {
      care_rule_set_labelled_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_INVALID, "to", _("To"),
                                    _("Enter a date as YYYY-MM-DD, such as 2026-01-01."));
      return FALSE;
    }
  if (strcmp (from, to) > 0)
    {
      care_rule_set_labelled_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_INVALID, "to", _("To"),
                                    _("The period must end on or after the day it starts."));
      return FALSE;
    }
  return TRUE;
}

/* Invoices that ask for money: issued, whatever has been paid or voided
 * since. */
static gboolean
is_issued (CareRecord *invoice)
{
  return care_record_get (invoice, "number") != NULL && care_record_get (invoice, "issued_on") != NULL &&
         g_strcmp0 (care_record_get (invoice, "status"), "draft") != 0;
}

static int
compare_entries (gconstpointer pa,
                 gconstpointer pb)
{
  const CareStatementEntry *a = *(CareStatementEntry *const *) pa;
  const CareStatementEntry *b = *(CareStatementEntry *const *) pb;
  int c = g_strcmp0 (a->date, b->date);

  /* On one day, the invoice before what pays it. */
  if (c == 0)
    c = (int) a->kind - (int) b->kind;
  if (c == 0)
    c = g_strcmp0 (a->reference, b->reference);
  return c;
}

static gboolean
same_currency (CareStatement *st,
               CareRecord    *invoice,
               GError       **error)
{
  const char *currency = care_record_get (invoice, "currency");

  if (currency == NULL || g_strcmp0 (currency, st->currency) == 0)
    return TRUE;
  g_set_error (error, CARE_BILLING_ERROR, CARE_BILLING_ERROR_INVALID,
               /* Translators: %s are currency codes such as EUR */
               _("This patient has invoices in %s and in %s; a statement shows one currency."),
               st->currency, currency);
  return FALSE;
}

CareStatement *
care_statement_compute (CareRecord  *patient,
                        GPtrArray   *invoices,
                        GPtrArray   *payments,
                        const char  *from,
                        const char  *to,
                        const char  *default_currency,
                        GError     **error)
{
  g_autoptr(CareStatement) st = NULL;
  g_autoptr(GHashTable) counted = g_hash_table_new (g_str_hash, g_str_equal);   /* id → invoice */
  g_autoptr(GHashTable) paid_by_end = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  gboolean first = TRUE;
  gint64 balance;

  g_return_val_if_fail (patient != NULL && invoices != NULL && payments != NULL, NULL);

  if (!care_statement_check_period (from, to, error))
    return NULL;
  st = g_new0 (CareStatement, 1);
  st->patient = care_record_ref (patient);
  st->from = g_strdup (from);
  st->to = g_strdup (to);
  st->currency = g_strdup (default_currency ? default_currency : "EUR");
  st->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  st->open_invoices = g_ptr_array_new_with_free_func ((GDestroyNotify) open_free);

  for (guint i = 0; i < invoices->len; i++)
    {
      CareRecord *invoice = g_ptr_array_index (invoices, i);
      const char *issued_on = care_record_get (invoice, "issued_on");
      gboolean is_void = g_strcmp0 (care_record_get (invoice, "status"), "void") == 0;
      gint64 total = care_record_get_int (invoice, "total", 0);

      if (!is_issued (invoice) || strcmp (issued_on, to) > 0)
        continue;
      /* The first invoice's currency; the rest must share it. */
      if (first && care_record_get (invoice, "currency"))
        {
          g_free (st->currency);
          st->currency = g_strdup (care_record_get (invoice, "currency"));
        }
      first = FALSE;
      if (!same_currency (st, invoice, error))
        return NULL;
      if (!is_void)
        g_hash_table_insert (counted, (gpointer) care_record_get_id (invoice), invoice);
      if (strcmp (issued_on, from) < 0)
        {
          st->opening += is_void ? 0 : total;
          continue;
        }
      {
        CareStatementEntry *e = g_new0 (CareStatementEntry, 1);

        e->kind = CARE_STATEMENT_INVOICE;
        e->date = g_strdup (issued_on);
        e->reference = g_strdup (care_record_get (invoice, "number"));
        e->due_on = g_strdup (care_record_get (invoice, "due_on"));
        e->is_void = is_void;
        e->void_reason = is_void ? g_strdup (care_record_get (invoice, "void_reason")) : NULL;
        e->amount = total;
        e->charge = is_void ? 0 : total;
        g_ptr_array_add (st->entries, e);
      }
    }

  for (guint i = 0; i < payments->len; i++)
    {
      CareRecord *payment = g_ptr_array_index (payments, i);
      CareRecord *invoice = g_hash_table_lookup (counted, care_record_get (payment, "invoice_id"));
      g_autofree char *date = local_date (care_record_get (payment, "received_at"));
      gint64 amount = care_record_get_int (payment, "amount", 0);
      gint64 *paid;

      /* A payment of an invoice not on the statement (issued after it ends). */
      if (invoice == NULL || date == NULL || strcmp (date, to) > 0)
        continue;
      paid = g_hash_table_lookup (paid_by_end, care_record_get_id (invoice));
      if (paid == NULL)
        g_hash_table_insert (paid_by_end, (gpointer) care_record_get_id (invoice), (paid = g_new0 (gint64, 1)));
      *paid += amount;
      if (strcmp (date, from) < 0)
        {
          st->opening -= amount;
          continue;
        }
      {
        CareStatementEntry *e = g_new0 (CareStatementEntry, 1);

        e->kind = CARE_STATEMENT_PAYMENT;
        e->date = g_steal_pointer (&date);
        e->reference = g_strdup (care_record_get (payment, "receipt_number"));
        e->invoice_number = g_strdup (care_record_get (invoice, "number"));
        e->method = g_strdup (care_record_get (payment, "method"));
        e->amount = amount;
        e->credit = amount;
        g_ptr_array_add (st->entries, e);
      }
    }

  g_ptr_array_sort (st->entries, compare_entries);
  balance = st->opening;
  for (guint i = 0; i < st->entries->len; i++)
    {
      CareStatementEntry *e = g_ptr_array_index (st->entries, i);

      balance += e->charge - e->credit;
      e->balance = balance;
      st->charges += e->charge;
      st->credits += e->credit;
    }
  st->closing = balance;

  /* What makes up the closing balance, oldest first. */
  for (guint i = 0; i < invoices->len; i++)
    {
      CareRecord *invoice = g_ptr_array_index (invoices, i);
      gint64 *paid;
      gint64 outstanding;
      CareStatementOpen *o;

      if (!g_hash_table_contains (counted, care_record_get_id (invoice)))
        continue;
      paid = g_hash_table_lookup (paid_by_end, care_record_get_id (invoice));
      outstanding = care_record_get_int (invoice, "total", 0) - (paid ? *paid : 0);
      if (outstanding <= 0)
        continue;
      o = g_new0 (CareStatementOpen, 1);
      o->number = g_strdup (care_record_get (invoice, "number"));
      o->issued_on = g_strdup (care_record_get (invoice, "issued_on"));
      o->due_on = g_strdup (care_record_get (invoice, "due_on"));
      o->outstanding = outstanding;
      g_ptr_array_add (st->open_invoices, o);
    }
  return g_steal_pointer (&st);
}

CareStatement *
care_statement_gather (CareStore   *store,
                       const char  *patient_id,
                       const char  *from,
                       const char  *to,
                       GError     **error)
{
  g_autoptr(CareRecord) patient = NULL;
  g_autoptr(CareRecord) clinic = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  CareStatement *st;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  if (!care_statement_check_period (from, to, error))
    return NULL;
  if ((patient = care_store_get (store, care_schema_lookup ("patient"), patient_id, error)) == NULL ||
      (invoices = care_store_list (store, care_schema_lookup ("invoice"), "patient_id", patient_id,
                                   "issued_on", 0, error)) == NULL ||
      (payments = care_billing_patient_payments (store, patient_id, error)) == NULL)
    return NULL;
  clinic = care_store_get_clinic (store);
  st = care_statement_compute (patient, invoices, payments, from, to,
                               clinic ? care_record_get (clinic, "currency") : NULL, error);
  if (st == NULL)
    return NULL;
  st->clinic = g_steal_pointer (&clinic);
  st->printed_on = care_clock_today ();
  return st;
}
