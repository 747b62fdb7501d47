/* care-pharmacy-queue.c: the prescriptions waiting at the pharmacy
 *
 * One row per open pharmacy order, oldest first: the patient, what is
 * prescribed, who prescribed it and the order's status. "Dispense…" opens
 * the dispensing dialog; the list follows the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-pharmacy-queue"

#include "config.h"

#include <glib/gi18n.h>

#include "care-dispense-dialog.h"
#include "care-pharmacy-queue.h"

struct _CarePharmacyQueue
{
  GtkWidget    parent_instance;

  CareStore   *store;
  gulong       changed_id;

  GtkListBox  *list;
  GtkLabel    *empty_label;
};

G_DEFINE_FINAL_TYPE (CarePharmacyQueue, care_pharmacy_queue, GTK_TYPE_WIDGET)

static void
dispense_clicked_cb (GtkButton         *button,
                     CarePharmacyQueue *self)
{
  CareRecord *order = g_object_get_data (G_OBJECT (button), "order");
  CareDispenseDialog *dialog = care_dispense_dialog_new (self->store, order);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
order_row (CarePharmacyQueue *self,
           CareOrderEntry    *entry)
{
  const CareField *status_field = care_entity_field (care_record_get_entity (entry->order), "status");
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *status = gtk_label_new (care_field_choice_label (status_field, care_record_get (entry->order, "status")));
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Dispense…"));
  /* Translators: what is prescribed, then the prescriber's name */
  g_autofree char *subtitle = g_strdup_printf (_("%s · prescribed by %s"), entry->items ? entry->items : _("No medicines"),
                                               entry->prescriber_name ? entry->prescriber_name : _("unknown"));
  g_autofree char *label = g_strdup_printf (_("Dispense for %s"), entry->patient_name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->patient_name ? entry->patient_name : _("Unknown patient"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (status, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
  gtk_widget_set_name (button, "queue-dispense");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "order", care_record_ref (entry->order), (GDestroyNotify) care_record_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (dispense_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
refresh (CarePharmacyQueue *self)
{
  g_autoptr(GPtrArray) queue = care_stock_order_queue (self->store, NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; queue && i < queue->len; i++)
    gtk_list_box_append (self->list, order_row (self, g_ptr_array_index (queue, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->list), queue && queue->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), queue == NULL || queue->len == 0);
}

static void
store_changed_cb (CarePharmacyQueue *self,
                  const char        *entity)
{
  if (g_strcmp0 (entity, "pharmacy_order") == 0 || g_strcmp0 (entity, "prescription_item") == 0
      || g_strcmp0 (entity, "prescription") == 0)
    refresh (self);
}

static void
care_pharmacy_queue_dispose (GObject *object)
{
  GtkWidget *child;
  CarePharmacyQueue *self = CARE_PHARMACY_QUEUE (object);

  if (self->store)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_PHARMACY_QUEUE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (care_pharmacy_queue_parent_class)->dispose (object);
}

static void
care_pharmacy_queue_class_init (CarePharmacyQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_pharmacy_queue_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/pharmacy/care-pharmacy-queue.ui");
  gtk_widget_class_bind_template_child (widget_class, CarePharmacyQueue, list);
  gtk_widget_class_bind_template_child (widget_class, CarePharmacyQueue, empty_label);
}

static void
care_pharmacy_queue_init (CarePharmacyQueue *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
care_pharmacy_queue_new (CareStore *store)
{
  CarePharmacyQueue *self;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  self = g_object_new (CARE_TYPE_PHARMACY_QUEUE, NULL);
  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect_swapped (store, "changed", G_CALLBACK (store_changed_cb), self);
  refresh (self);
  return GTK_WIDGET (self);
}
