/* care-chart-record-dialog.c: records an allergy or a problem from the chart's panels
 *
 * The form comes from the data model (CareRecordForm), so it checks each
 * field as the store does; the patient and, for a problem, its status
 * (active) are set here, not asked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-chart-record-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "care-chart-record-dialog.h"

typedef struct {
  CareStore      *store;
  CareRecord     *record;   /* the new one, patient (and status) set */
  CareRecordForm *form;
} Dialog;

static void
dialog_free (Dialog *d)
{
  g_clear_object (&d->store);
  g_clear_pointer (&d->record, care_record_unref);
  g_free (d);
}

static void
on_save_clicked_cb (GtkWidget *window)
{
  Dialog *d = g_object_get_data (G_OBJECT (window), "dialog");
  g_autoptr(CareRecord) record = care_record_copy (d->record);
  g_autoptr(GError) error = NULL;

  if (!care_record_form_apply (d->form, d->store, record))
    return;
  if (!care_chart_summary_add (d->store, record, &error))
    {
      if (!care_record_form_show_refusal (d->form, error))
        {
          GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (window), _("Not Saved"), error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (alert));
        }
      return;
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

GtkWidget *
care_chart_record_dialog_new (GtkWindow  *parent,
                              CareStore  *store,
                              const char *entity,
                              const char *patient_id)
{
  static const char *const allergy_fields[] = { "substance", "reaction", "severity", "noted_on", NULL };
  static const char *const problem_fields[] = { "name", "code", "onset_on", NULL };
  gboolean allergy = g_strcmp0 (entity, "allergy") == 0;
  Dialog *d;
  GtkWidget *window, *box, *header, *cancel, *save;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (allergy || g_strcmp0 (entity, "problem") == 0, NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  d = g_new0 (Dialog, 1);
  d->store = g_object_ref (store);
  d->record = care_record_new (care_schema_lookup (entity));
  care_record_set (d->record, "patient_id", patient_id);
  if (!allergy)
    care_record_set (d->record, "status", "active");
  d->form = care_record_form_new (care_schema_lookup (entity), allergy ? allergy_fields : problem_fields);
  care_record_form_set_record (d->form, d->record);

  window = adw_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  header = adw_header_bar_new ();
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  save = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_set_name (window, "chart-record-dialog");
  gtk_widget_set_name (save, "chart-record-save");
  gtk_window_set_title (GTK_WINDOW (window), allergy ? _("Record Allergy") : _("Add Problem"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, -1);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_widget_add_css_class (save, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  gtk_widget_set_margin_bottom (GTK_WIDGET (d->form), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (d->form), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (d->form), 18);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (d->form));
  adw_window_set_content (ADW_WINDOW (window), box);
  g_object_set_data_full (G_OBJECT (window), "dialog", d, (GDestroyNotify) dialog_free);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (on_save_clicked_cb), window);
  return window;
}

CareRecordForm *
care_chart_record_dialog_get_form (GtkWidget *dialog)
{
  Dialog *d = g_object_get_data (G_OBJECT (dialog), "dialog");

  g_return_val_if_fail (d != NULL, NULL);
  return d->form;
}
