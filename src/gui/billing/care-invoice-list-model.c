/* care-invoice-list-model.c: invoices as a lazily loaded GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-invoice-list-model"

#include "config.h"

#include "care-invoice-list-model.h"

struct _CareInvoiceItem
{
  GObject     parent_instance;
  CareRecord *invoice;
  CareRecord *patient;
};

G_DEFINE_FINAL_TYPE (CareInvoiceItem, care_invoice_item, G_TYPE_OBJECT)

static void
care_invoice_item_finalize (GObject *object)
{
  CareInvoiceItem *self = CARE_INVOICE_ITEM (object);

  g_clear_pointer (&self->invoice, care_record_unref);
  g_clear_pointer (&self->patient, care_record_unref);
  G_OBJECT_CLASS (care_invoice_item_parent_class)->finalize (object);
}

static void
care_invoice_item_class_init (CareInvoiceItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = care_invoice_item_finalize;
}

static void
care_invoice_item_init (CareInvoiceItem *self)
{
}

CareRecord *
care_invoice_item_get_invoice (CareInvoiceItem *self)
{
  g_return_val_if_fail (CARE_IS_INVOICE_ITEM (self), NULL);
  return self->invoice;
}

CareRecord *
care_invoice_item_get_patient (CareInvoiceItem *self)
{
  g_return_val_if_fail (CARE_IS_INVOICE_ITEM (self), NULL);
  return self->patient;
}

struct _CareInvoiceListModel
{
  GObject     parent_instance;

  CareStore  *store;
  gulong      changed_id;
  char       *status, *from, *to, *patient_id, *search;
  guint       n_items;
  GHashTable *pages;   /* page index → GPtrArray of CareInvoiceItem */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CareInvoiceListModel, care_invoice_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static CareInvoiceFilter
current_filter (CareInvoiceListModel *self)
{
  CareInvoiceFilter filter = {
    .status = self->status,
    .from = self->from,
    .to = self->to,
    .patient_id = self->patient_id,
    .search = self->search,
  };
  return filter;
}

static GType
get_item_type (GListModel *model)
{
  return CARE_TYPE_INVOICE_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return CARE_INVOICE_LIST_MODEL (model)->n_items;
}

static GPtrArray *
load_page (CareInvoiceListModel *self,
           guint                 page)
{
  CareInvoiceFilter filter = current_filter (self);
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  invoices = care_billing_list_invoices (self->store, &filter, page * CARE_INVOICE_LIST_PAGE_SIZE,
                                         CARE_INVOICE_LIST_PAGE_SIZE, &patients, &error);
  if (invoices == NULL)
    g_warning ("Cannot list invoices: %s", error->message);
  for (guint i = 0; invoices && i < invoices->len; i++)
    {
      CareInvoiceItem *item = g_object_new (CARE_TYPE_INVOICE_ITEM, NULL);

      item->invoice = care_record_ref (g_ptr_array_index (invoices, i));
      item->patient = care_record_ref (g_ptr_array_index (patients, i));
      g_ptr_array_add (items, item);
    }
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  return items;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CareInvoiceListModel *self = CARE_INVOICE_LIST_MODEL (model);
  guint page = position / CARE_INVOICE_LIST_PAGE_SIZE;
  guint index = position % CARE_INVOICE_LIST_PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->n_items)
    return NULL;
  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    items = load_page (self, page);
  if (index >= items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, index));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

void
care_invoice_list_model_reload (CareInvoiceListModel *self)
{
  CareInvoiceFilter filter;
  guint removed;

  g_return_if_fail (CARE_IS_INVOICE_LIST_MODEL (self));

  filter = current_filter (self);
  removed = self->n_items;
  g_hash_table_remove_all (self->pages);
  self->n_items = (guint) care_billing_count_invoices (self->store, &filter);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->n_items);
}

static void
on_store_changed_cb (CareStore            *store,
                     const char           *entity,
                     const char           *id,
                     CareInvoiceListModel *self)
{
  if (g_str_equal (entity, "invoice") || g_str_equal (entity, "payment") || g_str_equal (entity, "patient"))
    care_invoice_list_model_reload (self);
}

void
care_invoice_list_model_set_filter (CareInvoiceListModel    *self,
                                    const CareInvoiceFilter *filter)
{
  g_return_if_fail (CARE_IS_INVOICE_LIST_MODEL (self));

  g_free (self->status);
  g_free (self->from);
  g_free (self->to);
  g_free (self->patient_id);
  g_free (self->search);
  self->status = filter ? g_strdup (filter->status) : NULL;
  self->from = filter ? g_strdup (filter->from) : NULL;
  self->to = filter ? g_strdup (filter->to) : NULL;
  self->patient_id = filter ? g_strdup (filter->patient_id) : NULL;
  self->search = filter ? g_strdup (filter->search) : NULL;
  care_invoice_list_model_reload (self);
}

int
care_invoice_list_model_find (CareInvoiceListModel *self,
                              const char           *invoice_id)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (CARE_IS_INVOICE_LIST_MODEL (self), -1);

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *items = value;

      for (guint i = 0; i < items->len; i++)
        {
          CareInvoiceItem *item = g_ptr_array_index (items, i);

          if (g_strcmp0 (care_record_get_id (item->invoice), invoice_id) == 0)
            return GPOINTER_TO_UINT (key) * CARE_INVOICE_LIST_PAGE_SIZE + i;
        }
    }
  return -1;
}

static void
care_invoice_list_model_dispose (GObject *object)
{
  CareInvoiceListModel *self = CARE_INVOICE_LIST_MODEL (object);

  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  G_OBJECT_CLASS (care_invoice_list_model_parent_class)->dispose (object);
}

static void
care_invoice_list_model_finalize (GObject *object)
{
  CareInvoiceListModel *self = CARE_INVOICE_LIST_MODEL (object);

  g_free (self->status);
  g_free (self->from);
  g_free (self->to);
  g_free (self->patient_id);
  g_free (self->search);
  G_OBJECT_CLASS (care_invoice_list_model_parent_class)->finalize (object);
}

static void
care_invoice_list_model_class_init (CareInvoiceListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = care_invoice_list_model_dispose;
  object_class->finalize = care_invoice_list_model_finalize;
}

static void
care_invoice_list_model_init (CareInvoiceListModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

CareInvoiceListModel *
care_invoice_list_model_new (CareStore *store)
{
  CareInvoiceListModel *self;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  self = g_object_new (CARE_TYPE_INVOICE_LIST_MODEL, NULL);
  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), self);
  care_invoice_list_model_reload (self);
  return self;
}
