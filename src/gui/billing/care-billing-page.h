/* care-billing-page.h: invoices and payments (reception and administrators)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-page.h"

G_BEGIN_DECLS

#define CARE_TYPE_BILLING_PAGE (care_billing_page_get_type ())
G_DECLARE_FINAL_TYPE (CareBillingPage, care_billing_page, CARE, BILLING_PAGE, CarePage)

GtkWidget  *care_billing_page_new            (CareSession     *session);
/* Selects the invoice in the list (when loaded) and opens it in the editor. */
void        care_billing_page_open_invoice   (CareBillingPage *self,
                                              const char      *invoice_id);
/* The invoices the list shows now (after its filters). */
GListModel *care_billing_page_get_model      (CareBillingPage *self);

G_END_DECLS
