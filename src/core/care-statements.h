/* care-statements.h: what a payment receipt and a patient statement say
 *
 * Core decides the contents; src/print draws them. A receipt is one
 * payment: its receipt number, date, method and amount, the invoice it
 * pays, and the balance of that invoice after it (its total less this
 * payment and every one received before it). A statement is every issued
 * invoice and every payment of one patient in a period, in date order,
 * with a running balance that starts from what was owed before the
 * period, and what is due at its end. A void invoice is listed, marked,
 * and never charged; drafts are not listed (they ask for nothing).
 *
 * Gathering reads the store (on the thread that owns it); the structures
 * are then plain data, safe to draw in a worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

typedef struct {
  CareRecord *clinic;          /* the tenant record (letterhead), may be NULL */
  CareRecord *patient;
  CareRecord *invoice;
  CareRecord *payment;
  char       *received_on;     /* YYYY-MM-DD, the local date it was received */
  gint64      invoice_total;
  gint64      paid_before;     /* payments on the invoice received before this one */
  gint64      balance_after;   /* invoice_total − paid_before − this payment */
} CareReceipt;

/* The receipt of a stored payment. */
CareReceipt *care_receipt_gather   (CareStore   *store,
                                    const char  *payment_id,
                                    GError     **error);
void         care_receipt_free     (CareReceipt *receipt);
/* The sum of the payments among payments (all of one invoice) received
 * before payment: by received_at, then by when they were recorded. */
gint64       care_receipt_paid_before (GPtrArray  *payments,
                                       CareRecord *payment);

typedef enum {
  CARE_STATEMENT_INVOICE,
  CARE_STATEMENT_PAYMENT,
} CareStatementEntryKind;

typedef struct {
  CareStatementEntryKind kind;
  char     *date;              /* YYYY-MM-DD */
  char     *reference;         /* the invoice number, or the receipt number */
  char     *invoice_number;    /* of a payment: the invoice it pays */
  char     *method;            /* of a payment: cash, card, insurance, transfer */
  char     *due_on;            /* of an invoice: YYYY-MM-DD or NULL */
  char     *void_reason;       /* of a void invoice */
  gboolean  is_void;           /* listed, not charged */
  gint64    amount;            /* the invoice's total or the payment's amount */
  gint64    charge;            /* what it adds to the balance (0 when void) */
  gint64    credit;            /* what it takes off */
  gint64    balance;           /* the running balance after it */
} CareStatementEntry;

typedef struct {
  char     *number;            /* invoice number */
  char     *issued_on;
  char     *due_on;            /* may be NULL */
  gint64    outstanding;       /* at the end of the period */
} CareStatementOpen;

typedef struct {
  CareRecord *clinic;
  CareRecord *patient;
  char       *from;            /* YYYY-MM-DD, inclusive */
  char       *to;              /* YYYY-MM-DD, inclusive */
  char       *printed_on;      /* YYYY-MM-DD by the core's clock */
  char       *currency;
  gint64      opening;         /* owed before from */
  gint64      charges;         /* invoiced in the period (void excluded) */
  gint64      credits;         /* paid in the period */
  gint64      closing;         /* owed at the end of to: what is due */
  GPtrArray  *entries;         /* CareStatementEntry, in date order */
  GPtrArray  *open_invoices;   /* CareStatementOpen: what makes up closing */
} CareStatement;

/* Whether from and to (YYYY-MM-DD) make a period: both real dates, from
 * not after to. A refusal names the field ("from" or "to"). */
gboolean       care_statement_check_period (const char    *from,
                                            const char    *to,
                                            GError       **error);
/* The statement of the patient's invoices and payments (records of the
 * entities invoice and payment) for the period; no store. Refused when the
 * invoices are in more than one currency. */
CareStatement *care_statement_compute      (CareRecord    *patient,
                                            GPtrArray     *invoices,
                                            GPtrArray     *payments,
                                            const char    *from,
                                            const char    *to,
                                            const char    *default_currency,
                                            GError       **error);
/* The same from the store, with the clinic and today's date. */
CareStatement *care_statement_gather       (CareStore     *store,
                                            const char    *patient_id,
                                            const char    *from,
                                            const char    *to,
                                            GError       **error);
void           care_statement_free         (CareStatement *statement);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareReceipt, care_receipt_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareStatement, care_statement_free)

G_END_DECLS
