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
#include "care-file-dialog.h"

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

static void
on_chosen_cb (GFile    *file,
              gpointer  user_data)
{
  GtkWidget *button = user_data;
  GtkWidget *page = gtk_widget_get_ancestor (button, CARE_TYPE_PAGE);

  if (file && page)
    write_to (CARE_PAGE (page), button, file);
}

void
care_fhir_export_run (CarePage   *page,
                      GtkWidget  *button,
                      const char *patient_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = NULL;
  g_autofree char *name = NULL;
  const CareFileFilter filters[] = {
    { _("FHIR records (JSON)"), CARE_FHIR_MIME_TYPE ";application/json", "json" },
    { NULL }
  };

  g_return_if_fail (CARE_IS_PAGE (page));
  g_return_if_fail (GTK_IS_WIDGET (button));
  g_return_if_fail (patient_id != NULL);

  patient = care_store_get (care_page_get_store (page), care_schema_lookup ("patient"), patient_id, &error);
  if (patient == NULL)
    return;
  name = care_fhir_file_name (patient);
  g_object_set_data_full (G_OBJECT (button), "fhir-patient", g_strdup (patient_id), g_free);
  care_file_dialog_save (GTK_WIDGET (page), _("Export FHIR Record"), _("_Export"), name, filters, NULL,
                         on_chosen_cb, g_object_ref (button), g_object_unref);
}
