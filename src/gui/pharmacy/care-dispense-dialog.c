/* care-dispense-dialog.c: dispense a pharmacy order, item by item, from the suggested batches
 *
 * For each prescribed medicine: what is still to dispense, the batch to
 * take (first expiry first out is chosen already; the list shows each
 * batch's lot, expiry and what it holds), the quantity (what is still
 * due, or what the batch holds if less) and a reason, needed only when
 * another batch is taken. Core decides (care_stock_dispense()); a refusal
 * is shown under the medicine it concerns and marks its field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-dispense-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "care-dispense-dialog.h"

typedef struct {
  CareDispenseItem *item;
  AdwComboRow      *batch_row;
  AdwEntryRow      *quantity_row;
  AdwEntryRow      *reason_row;
  GtkLabel         *error_label;
} ItemRows;

struct _CareDispenseDialog
{
  AdwWindow   parent_instance;

  CareStore  *store;
  CareRecord *order;
  GPtrArray  *items;     /* CareDispenseItem */
  GArray     *rows;      /* ItemRows */

  GtkBox     *items_box;
  GtkLabel   *error_label;
};

G_DEFINE_FINAL_TYPE (CareDispenseDialog, care_dispense_dialog, ADW_TYPE_WINDOW)

static char *
batch_text (CareRecord *batch)
{
  /* Translators: a batch (lot) number, its expiry date and the units it holds */
  return g_strdup_printf (_("Lot %s · expires %s · %s on hand"), care_record_get (batch, "batch_number"),
                          care_record_get (batch, "expiry_date"), care_record_get (batch, "quantity"));
}

static void
show_item_error (ItemRows   *rows,
                 const char *field,
                 const char *message)
{
  GtkWidget *marked[] = { GTK_WIDGET (rows->batch_row), GTK_WIDGET (rows->quantity_row), GTK_WIDGET (rows->reason_row) };

  for (guint i = 0; i < G_N_ELEMENTS (marked); i++)
    gtk_widget_remove_css_class (marked[i], "error");
  if (g_strcmp0 (field, "batch_id") == 0)
    gtk_widget_add_css_class (marked[0], "error");
  else if (g_strcmp0 (field, "quantity") == 0)
    gtk_widget_add_css_class (marked[1], "error");
  else if (g_strcmp0 (field, "reason") == 0)
    gtk_widget_add_css_class (marked[2], "error");
  gtk_label_set_text (rows->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (rows->error_label), message != NULL);
}

static void
add_item (CareDispenseDialog *self,
          CareDispenseItem   *item)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  gint64 remaining = care_dispense_item_remaining (item);
  gint64 quantity = remaining;
  g_autofree char *description = NULL;
  g_autofree char *quantity_text = NULL;
  ItemRows rows = { .item = item };
  guint selected = 0;

  /* Translators: units prescribed, units dispensed so far, units still due */
  description = g_strdup_printf (_("Prescribed %d · dispensed %d · %d to dispense"),
                                 (int) item->prescribed, (int) item->dispensed, (int) remaining);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), care_record_get (item->item, "medicine_name"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);

  for (guint i = 0; i < item->batches->len; i++)
    {
      g_autofree char *text = batch_text (g_ptr_array_index (item->batches, i));

      gtk_string_list_append (choices, text);
      if (g_ptr_array_index (item->batches, i) == item->suggested)
        selected = i;
    }
  if (item->batches->len == 0)
    gtk_string_list_append (choices, _("No stock of this medicine"));
  if (item->suggested)
    quantity = MIN (remaining, care_record_get_int (item->suggested, "quantity", 0));
  else
    quantity = 0;

  rows.batch_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows.batch_row), _("Batch"));
  adw_combo_row_set_model (rows.batch_row, G_LIST_MODEL (choices));
  adw_combo_row_set_selected (rows.batch_row, selected);
  /* The whole lot, expiry and stock under the title, not cut short. */
  adw_combo_row_set_use_subtitle (rows.batch_row, TRUE);
  gtk_widget_set_name (GTK_WIDGET (rows.batch_row), "dispense-batch");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (rows.batch_row));

  rows.quantity_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows.quantity_row), _("Quantity"));
  quantity_text = g_strdup_printf ("%" G_GINT64_FORMAT, quantity);
  gtk_editable_set_text (GTK_EDITABLE (rows.quantity_row), quantity_text);
  gtk_widget_set_name (GTK_WIDGET (rows.quantity_row), "dispense-quantity");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (rows.quantity_row));

  rows.reason_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows.reason_row), _("Reason for another batch"));
  gtk_widget_set_name (GTK_WIDGET (rows.reason_row), "dispense-reason");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (rows.reason_row));

  rows.error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (rows.error_label, TRUE);
  gtk_label_set_xalign (rows.error_label, 0);
  gtk_widget_set_name (GTK_WIDGET (rows.error_label), "dispense-error");
  gtk_widget_add_css_class (GTK_WIDGET (rows.error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (rows.error_label), FALSE);

  gtk_box_append (self->items_box, group);
  gtk_box_append (self->items_box, GTK_WIDGET (rows.error_label));
  g_array_append_val (self->rows, rows);
}

static void
dispense_clicked_cb (CareDispenseDialog *self)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (CareDispenseLine));
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint failed = G_MAXUINT;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRows *rows = &g_array_index (self->rows, ItemRows, i);
      const char *text = gtk_editable_get_text (GTK_EDITABLE (rows->quantity_row));
      guint selected = adw_combo_row_get_selected (rows->batch_row);
      CareDispenseLine line = { .item_id = care_record_get_id (rows->item->item) };
      char *end = NULL;

      show_item_error (rows, NULL, NULL);
      line.quantity = g_ascii_strtoll (text, &end, 10);
      if (*text == '\0' || *end != '\0' || line.quantity < 0)
        {
          show_item_error (rows, "quantity", _("Quantity: Enter a whole number of units, or 0 to dispense none now."));
          gtk_widget_grab_focus (GTK_WIDGET (rows->quantity_row));
          return;
        }
      if (selected < rows->item->batches->len)
        line.batch_id = care_record_get_id (g_ptr_array_index (rows->item->batches, selected));
      g_ptr_array_add (reasons, g_strdup (gtk_editable_get_text (GTK_EDITABLE (rows->reason_row))));
      line.reason = g_ptr_array_index (reasons, reasons->len - 1);
      g_array_append_val (lines, line);
    }
  if (care_stock_dispense (self->store, self->order, (CareDispenseLine *) lines->data, lines->len, &failed, &error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (failed < self->rows->len)
    {
      ItemRows *rows = &g_array_index (self->rows, ItemRows, failed);

      show_item_error (rows, care_rule_error_get_field (error), error->message);
      return;
    }
  gtk_label_set_text (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
care_dispense_dialog_finalize (GObject *object)
{
  CareDispenseDialog *self = CARE_DISPENSE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->order, care_record_unref);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  G_OBJECT_CLASS (care_dispense_dialog_parent_class)->finalize (object);
}

static void
care_dispense_dialog_class_init (CareDispenseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = care_dispense_dialog_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/pharmacy/care-dispense-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CareDispenseDialog, items_box);
  gtk_widget_class_bind_template_child (widget_class, CareDispenseDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, dispense_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, gtk_window_destroy);
}

static void
care_dispense_dialog_init (CareDispenseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_array_new (FALSE, TRUE, sizeof (ItemRows));
}

CareDispenseDialog *
care_dispense_dialog_new (CareStore  *store,
                          CareRecord *order)
{
  CareDispenseDialog *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store) && order != NULL, NULL);

  self = g_object_new (CARE_TYPE_DISPENSE_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->order = care_record_ref (order);
  self->items = care_stock_dispense_items (store, order, &error);
  if (self->items == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return self;
    }
  for (guint i = 0; i < self->items->len; i++)
    add_item (self, g_ptr_array_index (self->items, i));
  return self;
}
