/* care-billing.h: invoices, their lines, payments and the rules behind them
 *
 * Money is an integer count of the currency's minor units (pence, cents);
 * no floating point touches an amount. Tax rates are the DECIMAL percent of
 * the schema ("7.5"), parsed as text into ten-thousandths of a percent.
 *
 * The arithmetic, for every line:
 *   gross      = quantity × unit_price
 *   net        = gross − discount            (0 ≤ discount ≤ gross)
 *   tax        = round_half_up (net × rate / 100)
 *   line_total = net                          (before tax)
 * and for the invoice:
 *   subtotal       = Σ gross
 *   discount_total = Σ discount
 *   tax_total      = Σ tax                    (rounded per line, then summed)
 *   total          = subtotal − discount_total + tax_total
 *   balance due    = total − paid_total
 *
 * Every action runs in one store transaction: it either happens entirely
 * (the rows, their outbox entries, the archived PDF) or not at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_BILLING_ERROR (care_billing_error_quark ())
GQuark care_billing_error_quark (void);

typedef enum {
  CARE_BILLING_ERROR_INVALID,     /* a value is wrong; the message names the field */
  CARE_BILLING_ERROR_NOT_DRAFT,   /* issued invoices are never edited */
  CARE_BILLING_ERROR_EMPTY,       /* an invoice without lines cannot be issued */
  CARE_BILLING_ERROR_OVERPAYMENT, /* a payment above the balance due */
  CARE_BILLING_ERROR_STATUS,      /* not possible in the invoice's status */
} CareBillingError;

typedef struct {
  gint64 subtotal;
  gint64 discount_total;
  gint64 tax_total;
  gint64 total;
} CareInvoiceTotals;

/* --- arithmetic (no store) ------------------------------------------------ */

/* "7.5" → 75000 (ten-thousandths of a percent); NULL or "" → 0. Rounds
 * digits beyond the fourth decimal half up. FALSE for text that is not a
 * rate between 0 and 100. */
gboolean     care_billing_parse_rate        (const char        *text,
                                             gint64            *rate_e4);
/* round_half_up (net × rate_e4 / 1 000 000), exact for every amount the
 * schema allows. */
gint64       care_billing_line_tax          (gint64             net,
                                             gint64             rate_e4);
/* Fills line_total of item (entity invoice_item) and adds it to totals
 * (which may be NULL). FALSE if the item's numbers are not valid. */
gboolean     care_billing_compute_item      (CareRecord        *item,
                                             CareInvoiceTotals *totals);
/* Totals of an array of invoice_item records (recomputing each line). */
void         care_billing_compute_totals    (GPtrArray         *items,
                                             CareInvoiceTotals *totals);

/* Digits after the decimal point of a currency: 2 for most, 0 for JPY… */
guint        care_billing_currency_digits   (const char        *currency);
/* "£1,234.50", "€12.00", "CHF 99.95", "-£3.00": the same text everywhere
 * (screens and printouts), independent of the locale. */
char        *care_billing_format_money      (gint64             amount,
                                             const char        *currency);
/* "1,234.50" without the currency. */
char        *care_billing_format_amount     (gint64             amount,
                                             const char        *currency);
/* What a person typed ("12.5", "1,234.50", "£7") → minor units. */
gboolean     care_billing_parse_money       (const char        *text,
                                             const char        *currency,
                                             gint64            *amount);

/* --- the rules, on records (no store) ---------------------------------------- *
 *
 * The store-level actions below and the server (its invoice routes, its
 * generic writes and the sync push) call these alike, so an invoice comes
 * out the same whichever way it was written. A refusal is a
 * CARE_BILLING_ERROR that names its field (care_rule_error_get_field())
 * or, when the invoice's status forbids it, no field. */

/* The rules of one line: quantity, price, a discount within the line, a
 * rate; the messages say what to type. */
gboolean     care_billing_check_item        (CareRecord        *item,
                                             const char        *currency,
                                             GError           **error);
/* Lines may be added, changed or removed on a draft only. */
gboolean     care_billing_check_editable    (CareRecord        *invoice,
                                             GError           **error);
/* Sets each line's line_total and the invoice's subtotal,
 * discount_total, tax_total and total from its lines (paid_total 0 when
 * unset). */
void         care_billing_apply_totals      (CareRecord        *invoice,
                                             GPtrArray         *items);
/* Whether the draft can be issued with these lines. */
gboolean     care_billing_check_issue       (CareRecord        *invoice,
                                             GPtrArray         *items,
                                             GError           **error);
/* Draft → issued: number, date (YYYY-MM-DD) and totals. */
void         care_billing_mark_issued       (CareRecord        *invoice,
                                             GPtrArray         *items,
                                             const char        *number,
                                             const char        *date);
/* Whether the invoice can be voided for reason; if so marks it void with
 * the reason trimmed. */
gboolean     care_billing_decide_void       (CareRecord        *invoice,
                                             const char        *reason,
                                             GError           **error);
/* Whether a payment of amount by method (cash, card, insurance,
 * transfer) can be taken on the invoice. */
gboolean     care_billing_check_payment     (CareRecord        *invoice,
                                             gint64             amount,
                                             const char        *method,
                                             GError           **error);
/* Sets paid_total and, once issued, the status that follows from it:
 * issued, partially_paid or paid. Drafts and void invoices keep theirs. */
void         care_billing_settle            (CareRecord        *invoice,
                                             gint64             paid_total);
/* For a write of a whole invoice record (the server's PATCH, a pushed
 * mutation): whether before → after is a change the rules allow. before
 * NULL: a new invoice, a draft unless it was numbered where it was made.
 * Issuing checks the lines (items); voiding needs a reason; the paid
 * statuses follow payments. On success, an invoice entering "void" has its
 * reason trimmed. */
gboolean     care_billing_check_change      (CareRecord        *before,
                                             CareRecord        *after,
                                             GPtrArray         *items,
                                             GError           **error);
/* The clinic's default rate for a new line that has none (clinic: the
 * tenant record, may be NULL). */
void         care_billing_item_defaults     (CareRecord        *item,
                                             CareRecord        *clinic);

/* What writing an invoice, a line or a payment does, whoever writes it
 * (see CareEntityRules): a line only on a draft, with its line_total; the
 * invoice's figures and paid status from its lines and payments; issuing
 * and voiding as care_billing_check_change() allows. */
const CareEntityRules *care_billing_entity_rules (guint *n_rules);

/* --- invoices ---------------------------------------------------------------- */

/* A new draft for the patient (currency from the clinic), optionally for a
 * visit (appointment_id may be NULL). */
CareRecord  *care_billing_create_invoice    (CareStore         *store,
                                             const char        *patient_id,
                                             const char        *appointment_id,
                                             GError           **error);
/* Deletes a draft and its lines. Issued invoices are voided instead. */
gboolean     care_billing_delete_draft      (CareStore         *store,
                                             const char        *invoice_id,
                                             GError           **error);

/* An unsaved line: kind is one of the invoice_item kinds; tax_rate NULL
 * takes the clinic's default when added. */
CareRecord  *care_billing_item_new          (const char        *kind,
                                             const char        *description,
                                             gint64             quantity,
                                             gint64             unit_price,
                                             gint64             discount,
                                             const char        *tax_rate);
/* Adds item (entity invoice_item, not yet stored) to a draft invoice;
 * sets its invoice_id, position and line_total and recomputes the
 * invoice's totals. */
gboolean     care_billing_add_item          (CareStore         *store,
                                             const char        *invoice_id,
                                             CareRecord        *item,
                                             GError           **error);
/* Writes the changed fields of a stored line of a draft invoice. */
gboolean     care_billing_update_item       (CareStore         *store,
                                             CareRecord        *item,
                                             GError           **error);
gboolean     care_billing_remove_item       (CareStore         *store,
                                             const char        *item_id,
                                             GError           **error);
/* The invoice's lines in order. */
GPtrArray   *care_billing_list_items        (CareStore         *store,
                                             const char        *invoice_id,
                                             GError           **error);

/* Renders the issued invoice (already numbered and dated, in the same
 * transaction) into the exact bytes to archive. */
typedef GBytes *(*CareBillingRenderFunc)    (CareStore         *store,
                                             CareRecord        *invoice,
                                             gpointer           user_data,
                                             GError           **error);

/* Draft → issued: gives the number (care_store_next_number "invoice": the
 * workstation code keeps offline workstations apart) and today's date,
 * and, when render is given, archives the PDF in invoice.pdf with its
 * SHA-256 in pdf_sha256. Refused for an invoice without lines. */
gboolean     care_billing_issue             (CareStore         *store,
                                             const char        *invoice_id,
                                             CareBillingRenderFunc render,
                                             gpointer           user_data,
                                             GError           **error);
/* Issued (not yet paid) → void, with the reason, which is required. */
gboolean     care_billing_void              (CareStore         *store,
                                             const char        *invoice_id,
                                             const char        *reason,
                                             GError           **error);
/* Voids the invoice and returns a new draft with copies of its lines whose
 * replaces_id points at it. */
CareRecord  *care_billing_void_and_reissue  (CareStore         *store,
                                             const char        *invoice_id,
                                             const char        *reason,
                                             GError           **error);

gint64       care_billing_balance_due       (CareRecord        *invoice);
/* How people name the invoice: its number, or "Draft D-3F9A2C" before it
 * has one (care_numbers_draft_label()). */
char        *care_billing_dup_label         (CareRecord        *invoice);
/* What issuing does to the draft, said before it is done: "Draft D-3F9A2C
 * gets its invoice number, INV-4FYG-…, when issued. …" */
char        *care_billing_describe_issue    (CareStore         *store,
                                             CareRecord        *invoice);
/* Whether lines may still be changed. */
gboolean     care_billing_is_editable       (CareRecord        *invoice);

/* --- payments ------------------------------------------------------------------ */

/* Records a payment (method cash, card, insurance or transfer) with the
 * next receipt number; 0 < amount ≤ balance due. The invoice becomes
 * partially_paid or paid. Returns the stored payment. */
CareRecord  *care_billing_record_payment    (CareStore         *store,
                                             const char        *invoice_id,
                                             gint64             amount,
                                             const char        *method,
                                             const char        *reference,
                                             GError           **error);
GPtrArray   *care_billing_list_payments     (CareStore         *store,
                                             const char        *invoice_id,
                                             GError           **error);
/* Every payment of the patient's invoices, newest first. */
GPtrArray   *care_billing_patient_payments  (CareStore         *store,
                                             const char        *patient_id,
                                             GError           **error);

/* --- billable items -------------------------------------------------------------- */

/* Default prices ("consultation", "lab_test", "bed_day", "procedure"),
 * kept in the store's settings; 0 when unset. */
gint64       care_billing_get_price         (CareStore         *store,
                                             const char        *kind);
gboolean     care_billing_set_price         (CareStore         *store,
                                             const char        *kind,
                                             gint64             amount,
                                             GError           **error);

/* What was recorded for a patient's visit and is not yet on an invoice
 * (other than a void one): the consultation of the appointment, medicines
 * of dispensed pharmacy orders, lab tests and bed days. appointment_id
 * NULL: everything unbilled of the patient. Returns unsaved invoice_item
 * records with source_entity/source_id set, ready for
 * care_billing_add_item(); whichever of those records exist. */
GPtrArray   *care_billing_billable_items    (CareStore         *store,
                                             const char        *patient_id,
                                             const char        *appointment_id,
                                             GError           **error);

/* --- listing ---------------------------------------------------------------------- */

typedef struct {
  const char *status;       /* NULL: any; "open": issued or partially paid */
  const char *from;         /* YYYY-MM-DD on or after (issued_on, else created) */
  const char *to;           /* YYYY-MM-DD on or before */
  const char *patient_id;   /* NULL: any */
  const char *search;       /* patient name, MRN or invoice number prefix */
} CareInvoiceFilter;

/* Invoices matching filter (NULL: all), newest first, filtered and paged
 * in SQL. If patients is given, it receives the patient record of each
 * invoice, in the same order. */
GPtrArray   *care_billing_list_invoices     (CareStore         *store,
                                             const CareInvoiceFilter *filter,
                                             guint              offset,
                                             guint              limit,
                                             GPtrArray        **patients,
                                             GError           **error);
gint64       care_billing_count_invoices    (CareStore         *store,
                                             const CareInvoiceFilter *filter);

/* SHA-256 hex of bytes (the archive's checksum). */
char        *care_billing_sha256            (GBytes            *bytes);

G_END_DECLS
