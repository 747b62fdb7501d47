/* care-chart-record-dialog.c: records or changes an allergy or a problem from the chart's panels
 *
 * The form comes from the data model (CareRecordForm), so it checks each
 * field as the store does; the patient and, for a new problem, its status
 * (active) are set here, not asked. A change is saved by the function the
 * panels give (core's care_chart_summary_change_*()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-chart-record-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "care-chart-record-dialog.h"
#include "care-alert.h"

typedef struct {
  CareStore          *store;
  CareRecord         *record;   /* the new one, patient (and status) set; or the one changed */
  CareRecordForm     *form;
  CareChartRecordSave save;
  gpointer            data;
  GDestroyNotify      destroy;
} Dialog;

static void
dialog_free (Dialog *d)
{
  g_clear_object (&d->store);
  g_clear_pointer (&d->record, care_record_unref);
  if (d->destroy)
    d->destroy (d->data);
  g_free (d);
}

static gboolean
add_new (CareStore   *store,
         CareRecord  *record,
         gpointer     data,
         GError     **error)
{
  return care_chart_summary_add (store, record, error);
}

static void
on_save_clicked_cb (GtkWidget *window)
{
  Dialog *d = g_object_get_data (G_OBJECT (window), "dialog");
  g_autoptr(CareRecord) record = care_record_copy (d->record);
  g_autoptr(GError) error = NULL;

  if (!care_record_form_apply (d->form, d->store, record))
    return;
  if (!d->save (d->store, record, d->data, &error))
    {
      if (!care_record_form_show_refusal (d->form, error))
        {
          GtkWidget *alert = care_alert_new (_("Not Saved"), error->message);

          care_alert_add_response (alert, "close", _("_Close"), CARE_ALERT_DEFAULT);
          care_alert_present (alert, GTK_WIDGET (window));
        }
      return;
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
dialog_new (GtkWindow          *parent,
            CareStore          *store,
            CareRecord         *record,
            const char *const  *fields,
            const char         *title,
            CareChartRecordSave save,
            gpointer            data,
            GDestroyNotify      destroy)
{
  Dialog *d = g_new0 (Dialog, 1);
  GtkWidget *window, *box, *header, *cancel, *button;

  d->store = g_object_ref (store);
  d->record = care_record_ref (record);
  d->save = save;
  d->data = data;
  d->destroy = destroy;
  d->form = care_record_form_new (care_record_get_entity (record), fields);
  care_record_form_set_record (d->form, d->record);

  window = adw_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  header = adw_header_bar_new ();
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_set_name (window, "chart-record-dialog");
  gtk_widget_set_name (button, "chart-record-save");
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, -1);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_widget_add_css_class (button, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), button);
  gtk_widget_set_margin_bottom (GTK_WIDGET (d->form), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (d->form), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (d->form), 18);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (d->form));
  adw_window_set_content (ADW_WINDOW (window), box);
  g_object_set_data_full (G_OBJECT (window), "dialog", d, (GDestroyNotify) dialog_free);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_save_clicked_cb), window);
  return window;
}

static const char *const allergy_fields[] = { "substance", "reaction", "severity", "noted_on", NULL };
static const char *const problem_fields[] = { "name", "code", "onset_on", NULL };
static const char *const problem_change_fields[] = { "name", "code", "onset_on", "status", "resolved_on", NULL };

GtkWidget *
care_chart_record_dialog_new (GtkWindow  *parent,
                              CareStore  *store,
                              const char *entity,
                              const char *patient_id)
{
  gboolean allergy = g_strcmp0 (entity, "allergy") == 0;
  g_autoptr(CareRecord) record = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (allergy || g_strcmp0 (entity, "problem") == 0, NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  record = care_record_new (care_schema_lookup (entity));
  care_record_set (record, "patient_id", patient_id);
  if (!allergy)
    care_record_set (record, "status", "active");
  return dialog_new (parent, store, record, allergy ? allergy_fields : problem_fields,
                     allergy ? _("Record Allergy") : _("Add Problem"), add_new, NULL, NULL);
}

GtkWidget *
care_chart_record_dialog_new_change (GtkWindow          *parent,
                                     CareStore          *store,
                                     CareRecord         *record,
                                     CareChartRecordSave save,
                                     gpointer            data,
                                     GDestroyNotify      destroy)
{
  gboolean allergy;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (record != NULL && save != NULL, NULL);

  allergy = care_record_get_entity (record) == care_schema_lookup ("allergy");
  return dialog_new (parent, store, record, allergy ? allergy_fields : problem_change_fields,
                     allergy ? _("Change Allergy") : _("Change Problem"), save, data, destroy);
}

CareRecordForm *
care_chart_record_dialog_get_form (GtkWidget *dialog)
{
  Dialog *d = g_object_get_data (G_OBJECT (dialog), "dialog");

  g_return_val_if_fail (d != NULL, NULL);
  return d->form;
}
