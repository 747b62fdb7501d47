/* care-stock-dialogs.c: receiving a new batch, and adjusting a batch's stock with a reason
 *
 * Both forms are the schema's (CareRecordForm): a value the store would
 * refuse is shown under its field before anything is written, and core's
 * refusals (care_stock_receive(), care_stock_record_movement()) name the
 * field they concern, so they are shown there too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-stock-dialogs"

#include "config.h"

#include <glib/gi18n.h>

#include "care-record-form.h"
#include "care-stock-dialogs.h"

typedef struct {
  CareStore      *store;
  CareRecordForm *form;
  AdwComboRow    *medicine_row;  /* receiving */
  GPtrArray      *medicines;
  char           *batch_id;      /* adjusting */
  GtkLabel       *error_label;
} Dialog;

static void
dialog_free (Dialog *d)
{
  g_clear_object (&d->store);
  g_clear_pointer (&d->medicines, g_ptr_array_unref);
  g_free (d->batch_id);
  g_free (d);
}

/* A refusal under its field, or under the form. */
static void
show_refusal (Dialog *d,
              GError *error)
{
  const char *field = care_rule_error_get_field (error);

  if (field && care_record_form_get_row (d->form, field))
    {
      g_autoptr(CareValidation) invalid = care_validation_new ();

      care_validation_add (invalid, field, care_rule_error_get_detail (error));
      care_record_form_show_errors (d->form, invalid);
      return;
    }
  gtk_label_set_text (d->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (d->error_label), TRUE);
}

static GtkWindow *
dialog_window (Dialog     *d,
               const char *name,
               const char *title,
               const char *save_label,
               GtkWidget  *top,
               GCallback   save_cb)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *save = gtk_button_new_with_mnemonic (save_label);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  gtk_widget_set_name (window, name);
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, 640);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  gtk_widget_set_name (save, "stock-dialog-save");
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect (save, "clicked", save_cb, d);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  gtk_box_append (GTK_BOX (box), header);

  g_object_set (content, "margin-top", 18, "margin-bottom", 18, "margin-start", 12, "margin-end", 12, NULL);
  if (top)
    gtk_box_append (GTK_BOX (content), top);
  gtk_widget_set_name (GTK_WIDGET (d->form), "stock-dialog-form");
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (d->form));
  d->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (d->error_label, TRUE);
  gtk_label_set_xalign (d->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (d->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (d->error_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (d->error_label));
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 480);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_object_set_data_full (G_OBJECT (window), "dialog", d, (GDestroyNotify) dialog_free);
  return GTK_WINDOW (window);
}

/* --- receiving ------------------------------------------------------------- */

static void
receive_cb (GtkButton *button,
            Dialog    *d)
{
  g_autoptr(CareRecord) batch = care_record_new (care_schema_lookup ("stock_batch"));
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (d->medicine_row);

  gtk_widget_set_visible (GTK_WIDGET (d->error_label), FALSE);
  if (selected >= d->medicines->len)
    {
      gtk_label_set_text (d->error_label, _("Medicine: Choose the medicine received."));
      gtk_widget_set_visible (GTK_WIDGET (d->error_label), TRUE);
      return;
    }
  care_record_set (batch, "medicine_id", care_record_get_id (g_ptr_array_index (d->medicines, selected)));
  if (!care_record_form_apply (d->form, d->store, batch))
    return;
  if (!care_stock_receive (d->store, batch, &error))
    {
      show_refusal (d, error);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))));
}

GtkWindow *
care_receive_dialog_new (CareStore *store)
{
  static const char *const fields[] = { "batch_number", "expiry_date", "quantity", "received_on", "supplier", "cost", NULL };
  Dialog *d = g_new0 (Dialog, 1);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(CareRecord) blank = care_record_new (care_schema_lookup ("stock_batch"));
  g_autofree char *today = care_clock_today ();
  GtkWidget *group = adw_preferences_group_new ();

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  d->store = g_object_ref (store);
  d->medicines = care_store_list (store, care_schema_lookup ("medicine"), NULL, NULL, "name", 0, NULL);
  if (d->medicines == NULL)
    d->medicines = g_ptr_array_new ();
  for (guint i = 0; i < d->medicines->len; i++)
    {
      CareRecord *medicine = g_ptr_array_index (d->medicines, i);
      g_autofree char *name = g_strdup_printf ("%s %s", care_record_get (medicine, "name"),
                                               care_record_get (medicine, "strength") ? care_record_get (medicine, "strength") : "");

      gtk_string_list_append (names, g_strstrip (name));
    }
  d->medicine_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->medicine_row), _("Medicine"));
  adw_combo_row_set_model (d->medicine_row, G_LIST_MODEL (names));
  gtk_widget_set_name (GTK_WIDGET (d->medicine_row), "field-medicine_id");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (d->medicine_row));

  d->form = care_record_form_new (care_schema_lookup ("stock_batch"), fields);
  care_record_set (blank, "received_on", today);
  care_record_form_set_record (d->form, blank);
  return dialog_window (d, "receive-dialog", _("Receive Stock"), _("_Receive"), group, G_CALLBACK (receive_cb));
}

/* --- adjusting ------------------------------------------------------------- */

static void
adjust_cb (GtkButton *button,
           Dialog    *d)
{
  g_autoptr(CareRecord) typed = care_record_new (care_schema_lookup ("stock_movement"));
  g_autoptr(CareRecord) batch = NULL;
  g_autoptr(CareRecord) movement = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_visible (GTK_WIDGET (d->error_label), FALSE);
  batch = care_store_get (d->store, care_schema_lookup ("stock_batch"), d->batch_id, &error);
  if (batch == NULL)
    {
      show_refusal (d, error);
      return;
    }
  /* What the form shows, checked field by field; the ledger's own
   * fields are core's. */
  care_record_set (typed, "batch_id", d->batch_id);
  care_record_set (typed, "medicine_id", care_record_get (batch, "medicine_id"));
  care_record_set (typed, "actor_id", care_store_get_actor (d->store));
  care_record_set (typed, "at", "2000-01-01T00:00:00Z");
  if (!care_record_form_apply (d->form, d->store, typed))
    return;
  movement = care_stock_record_movement (d->store, batch, care_record_get (typed, "kind"),
                                         care_record_get_int (typed, "quantity", 0), care_record_get (typed, "reason"), &error);
  if (movement == NULL)
    {
      show_refusal (d, error);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))));
}

GtkWindow *
care_adjust_dialog_new (CareStore  *store,
                        const char *batch_id)
{
  static const char *const fields[] = { "kind", "quantity", "reason", NULL };
  Dialog *d = g_new0 (Dialog, 1);
  g_autoptr(CareRecord) blank = care_record_new (care_schema_lookup ("stock_movement"));
  GtkWidget *hint = gtk_label_new (_("An adjustment is the units found (e.g. 3) or missing (e.g. -3); a write-off or a return is the number of units. Every change stays in the batch's ledger."));

  g_return_val_if_fail (CARE_IS_STORE (store) && batch_id != NULL, NULL);

  d->store = g_object_ref (store);
  d->batch_id = g_strdup (batch_id);
  d->form = care_record_form_new (care_schema_lookup ("stock_movement"), fields);
  care_record_set (blank, "kind", "adjustment");
  care_record_form_set_record (d->form, blank);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  return dialog_window (d, "adjust-dialog", _("Adjust Stock"), _("_Save"), hint, G_CALLBACK (adjust_cb));
}
