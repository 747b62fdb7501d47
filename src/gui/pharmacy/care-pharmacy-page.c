/* care-pharmacy-page.c: the pharmacy: orders to dispense and the stock
 *
 * Three views in a stack: the queue of prescriptions to dispense
 * (CarePharmacyQueue), the stock with its alerts (CareStockView) and
 * counting a shelf (CareStockTakeView). The first two rebuild when the
 * store says their records changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-pharmacy-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-pharmacy-page.h"
#include "care-pharmacy-queue.h"
#include "care-stock-take-view.h"
#include "care-stock-view.h"

struct _CarePharmacyPage
{
  CarePage   parent_instance;

  GtkStack  *stack;
};

G_DEFINE_FINAL_TYPE (CarePharmacyPage, care_pharmacy_page, CARE_TYPE_PAGE)

static void
care_pharmacy_page_constructed (GObject *object)
{
  CarePharmacyPage *self = CARE_PHARMACY_PAGE (object);
  CareStore *store;

  G_OBJECT_CLASS (care_pharmacy_page_parent_class)->constructed (object);

  store = care_page_get_store (CARE_PAGE (self));
  gtk_stack_add_titled (self->stack, care_pharmacy_queue_new (store), "orders", _("Orders to Dispense"));
  gtk_stack_add_titled (self->stack, care_stock_view_new (store), "stock", _("Stock and Alerts"));
  gtk_stack_add_titled (self->stack, care_stock_take_view_new (store), "count", _("Stock Count"));
}

static void
care_pharmacy_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CARE_TYPE_PHARMACY_PAGE);
  G_OBJECT_CLASS (care_pharmacy_page_parent_class)->dispose (object);
}

static void
care_pharmacy_page_class_init (CarePharmacyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  care_page_class_set_info (CARE_PAGE_CLASS (klass), "pharmacy", N_("Pharmacy"),
                            "applications-science-symbolic", CARE_PERM_PHARMACY_STOCK);
  object_class->constructed = care_pharmacy_page_constructed;
  object_class->dispose = care_pharmacy_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/pharmacy/care-pharmacy-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CarePharmacyPage, stack);
}

static void
care_pharmacy_page_init (CarePharmacyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
