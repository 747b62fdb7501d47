/* care-invoice-list-model.h: invoices as a lazily loaded GListModel
 *
 * Filtering and ordering happen in SQL (care_billing_list_invoices());
 * rows are fetched a page at a time as the list view asks for them and
 * reloaded when the store reports changed invoices or payments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "caredesk-core.h"
#include "care-billing.h"

G_BEGIN_DECLS

#define CARE_TYPE_INVOICE_ITEM (care_invoice_item_get_type ())
G_DECLARE_FINAL_TYPE (CareInvoiceItem, care_invoice_item, CARE, INVOICE_ITEM, GObject)

CareRecord *care_invoice_item_get_invoice (CareInvoiceItem *self);
CareRecord *care_invoice_item_get_patient (CareInvoiceItem *self);

#define CARE_INVOICE_LIST_PAGE_SIZE 100

#define CARE_TYPE_INVOICE_LIST_MODEL (care_invoice_list_model_get_type ())
G_DECLARE_FINAL_TYPE (CareInvoiceListModel, care_invoice_list_model, CARE, INVOICE_LIST_MODEL, GObject)

CareInvoiceListModel *care_invoice_list_model_new        (CareStore            *store);
/* Copies the filter's strings; NULL shows every invoice. */
void                  care_invoice_list_model_set_filter (CareInvoiceListModel *self,
                                                          const CareInvoiceFilter *filter);
void                  care_invoice_list_model_reload     (CareInvoiceListModel *self);
/* Position of the invoice among the loaded rows, or -1. */
int                   care_invoice_list_model_find       (CareInvoiceListModel *self,
                                                          const char           *invoice_id);

G_END_DECLS
