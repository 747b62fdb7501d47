/* care-fhir-export.c: the chart's "Export FHIR…": a patient's record saved as a FHIR R4 Bundle file
 *
 * The records are read from the store on the main thread (the store is
 * never touched from a worker); turning them into the Bundle's JSON and
 * writing the file, the slow part for a long record, run in a worker
 * thread while the window goes on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-fhir-export"

#include "config.h"

#include <glib/gi18n.h>

#include "care-fhir-export.h"
#include "care-alert.h"

typedef struct {
  CareFhirRecords *records;
  GFile           *file;
} Export;

static void
export_free (Export *export)
{
  care_fhir_records_free (export->records);
  g_clear_object (&export->file);
  g_free (export);
}

static void
write_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Export *export = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length;

  text = care_fhir_bundle_text (export->records, &length);
  if (!g_file_replace_contents (export->file, text, length, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
care_fhir_export_to_file_async (CarePage            *page,
                                const char          *patient_id,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Export *export;

  g_return_if_fail (CARE_IS_PAGE (page));
  g_return_if_fail (patient_id != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (page, cancellable, callback, user_data);
  g_task_set_source_tag (task, care_fhir_export_to_file_async);
  export = g_new0 (Export, 1);
  export->records = care_fhir_records_from_store (care_page_get_store (page), patient_id, &error);
  export->file = g_object_ref (file);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  if (export->records == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_run_in_thread (task, write_in_thread);
}

gboolean
care_fhir_export_to_file_finish (CarePage      *page,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, page), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- asking where ---------------------------------------------------------- */

static void
on_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GtkWidget) button = user_data;
  CarePage *page = CARE_PAGE (source);
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (button, TRUE);
  if (care_fhir_export_to_file_finish (page, result, &error))
    {
      GFile *file = g_object_get_data (G_OBJECT (button), "fhir-file");
      g_autoptr(GFile) folder = file ? g_file_get_parent (file) : NULL;
      g_autofree char *name = file ? g_file_get_basename (file) : NULL;
      g_autofree char *where = folder ? g_file_get_basename (folder) : NULL;
      /* Translators: a toast after exporting a chart: the file's name, then its folder's */
      g_autofree char *title = g_strdup_printf (_("Chart exported to “%s” in %s"), name ? name : "", where ? where : "");

      care_page_add_toast (page, adw_toast_new (title));
    }
  else
    {
      GtkWidget *dialog = care_alert_new (_("The Chart Could Not Be Exported"), error->message);

      care_alert_add_response (dialog, "close", _("_Close"), CARE_ALERT_DEFAULT);
      care_alert_present (dialog, GTK_WIDGET (page));
    }
  g_object_set_data (G_OBJECT (button), "fhir-file", NULL);
}

static void
write_to (CarePage  *page,
          GtkWidget *button,
          GFile     *file)
{
  const char *patient_id = g_object_get_data (G_OBJECT (button), "fhir-patient");

  g_object_set_data_full (G_OBJECT (button), "fhir-file", g_object_ref (file), g_object_unref);
  gtk_widget_set_sensitive (button, FALSE);
  care_fhir_export_to_file_async (page, patient_id, file, NULL, on_written_cb, g_object_ref (button));
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
on_save_chosen_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkWidget) button = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, NULL);
  GtkWidget *page = gtk_widget_get_ancestor (button, CARE_TYPE_PAGE);

  if (file && page)
    write_to (CARE_PAGE (page), button, file);
}
#else
static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        GtkWidget       *button)
{
  GtkWidget *page = gtk_widget_get_ancestor (button, CARE_TYPE_PAGE);

  if (response == GTK_RESPONSE_ACCEPT && page)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file)
        write_to (CARE_PAGE (page), button, file);
    }
  g_object_unref (button);
  g_object_unref (chooser);
}
#endif

void
care_fhir_export_run (CarePage   *page,
                      GtkWidget  *button,
                      const char *patient_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkRoot *root;

  g_return_if_fail (CARE_IS_PAGE (page));
  g_return_if_fail (GTK_IS_WIDGET (button));
  g_return_if_fail (patient_id != NULL);

  patient = care_store_get (care_page_get_store (page), care_schema_lookup ("patient"), patient_id, &error);
  if (patient == NULL)
    return;
  name = care_fhir_file_name (patient);
  g_object_set_data_full (G_OBJECT (button), "fhir-patient", g_strdup (patient_id), g_free);
  root = gtk_widget_get_root (GTK_WIDGET (page));
  gtk_file_filter_set_name (filter, _("FHIR records (JSON)"));
  gtk_file_filter_add_mime_type (filter, CARE_FHIR_MIME_TYPE);
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
    g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

    g_list_store_append (filters, filter);
    gtk_file_dialog_set_title (dialog, _("Export FHIR Record"));
    gtk_file_dialog_set_accept_label (dialog, _("_Export"));
    gtk_file_dialog_set_initial_name (dialog, name);
    gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
    gtk_file_dialog_save (dialog, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL,
                          on_save_chosen_cb, g_object_ref (button));
  }
#else
  {
    GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Export FHIR Record"),
                                                                 GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                 GTK_FILE_CHOOSER_ACTION_SAVE,
                                                                 _("_Export"), _("_Cancel"));

    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
    g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), g_object_ref (button));
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  }
#endif
}
