/* care-billing-print.c: printing and exporting archived PDFs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-billing-print"

#include "config.h"

#include <glib/gi18n.h>

#include "care-billing-print.h"
#include "care-file-dialog.h"
#include "care-lab-report-document.h"
#include "care-pdf-preview.h"
#include "care-pdf-reader.h"
#include "care-alert.h"

/* Chosen in the page setup dialog; kept for this run of the app. */
static GtkPageSetup     *page_setup;
static GtkPrintSettings *print_settings;

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 CarePdfReader     *reader)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width, height, scale;

  if (!care_pdf_reader_get_page_size (reader, page_nr, &width, &height))
    return;
  /* The PDF carries its own margins: fit the whole page on the paper. */
  scale = MIN (gtk_print_context_get_width (context) / width,
               gtk_print_context_get_height (context) / height);
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  care_pdf_reader_render_page (reader, page_nr, cr, TRUE);
  cairo_restore (cr);
}

GtkPrintOperationResult
care_billing_print_pdf (GtkWindow              *parent,
                        GBytes                 *pdf,
                        const char             *job_name,
                        GtkPrintOperationAction action,
                        const char             *export_filename,
                        GError                **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(CarePdfReader) reader = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (pdf != NULL, GTK_PRINT_OPERATION_RESULT_ERROR);

  reader = care_pdf_reader_new (pdf, error);
  if (reader == NULL)
    return GTK_PRINT_OPERATION_RESULT_ERROR;

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, job_name ? job_name : "Caredesk");
  gtk_print_operation_set_n_pages (operation, care_pdf_reader_get_n_pages (reader));
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  if (page_setup)
    gtk_print_operation_set_default_page_setup (operation, page_setup);
  if (print_settings)
    gtk_print_operation_set_print_settings (operation, print_settings);
  if (export_filename)
    gtk_print_operation_set_export_filename (operation, export_filename);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), reader);

  result = gtk_print_operation_run (operation, action, parent, error);
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&print_settings, gtk_print_operation_get_print_settings (operation));
  return result;
}

static void
on_page_setup_done_cb (GtkPageSetup *chosen,
                       gpointer      data)
{
  /* NULL when the dialog was cancelled. */
  if (chosen != NULL)
    g_set_object (&page_setup, chosen);
}

void
care_billing_page_setup (GtkWindow *parent)
{
  if (print_settings == NULL)
    print_settings = gtk_print_settings_new ();
  gtk_print_run_page_setup_dialog_async (parent, page_setup, print_settings,
                                         on_page_setup_done_cb, NULL);
}

void
care_billing_save_pdf_async (GFile              *file,
                             GBytes             *pdf,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (pdf != NULL);

  g_file_replace_contents_bytes_async (file, pdf, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, callback, user_data);
}

gboolean
care_billing_save_pdf_finish (GFile        *file,
                              GAsyncResult *result,
                              GError      **error)
{
  return g_file_replace_contents_finish (file, result, NULL, error);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;

  if (!care_billing_save_pdf_finish (G_FILE (source), result, &error))
    {
      GtkWidget *message = care_alert_new (_("The File Could Not Be Saved"), error->message);

      care_alert_add_response (message, "close", _("_Close"), CARE_ALERT_DEFAULT);
      care_alert_present (message, GTK_WIDGET (parent));
    }
}

typedef struct
{
  GtkWindow *parent;
  GBytes    *pdf;
} Export;

static void
export_free (gpointer data)
{
  Export *export = data;

  g_clear_object (&export->parent);
  g_bytes_unref (export->pdf);
  g_free (export);
}

static void
on_export_chosen_cb (GFile    *file,
                     gpointer  user_data)
{
  Export *export = user_data;

  /* Written in GIO's worker: a large PDF on a slow disk holds nothing up. */
  if (file)
    care_billing_save_pdf_async (file, export->pdf, NULL, on_saved_cb,
                                 export->parent ? g_object_ref (export->parent) : NULL);
}

void
care_billing_export_pdf (GtkWindow  *parent,
                         GBytes     *pdf,
                         const char *suggested_name)
{
  const CareFileFilter filters[] = {
    { _("PDF documents"), "application/pdf" },
    { NULL }
  };
  Export *export;

  g_return_if_fail (pdf != NULL);

  export = g_new0 (Export, 1);
  export->parent = parent ? g_object_ref (parent) : NULL;
  export->pdf = g_bytes_ref (pdf);
  care_file_dialog_save (GTK_WIDGET (parent), _("Export PDF"), _("_Export"), suggested_name, filters, NULL,
                         on_export_chosen_cb, export, export_free);
}

gboolean
care_lab_report_open (GtkWindow   *parent,
                      CareStore   *store,
                      const char  *lab_test_id,
                      GError     **error)
{
  g_autoptr(CareRecord) lab_test = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *title = NULL;
  g_autofree char *file_name = NULL;
  CarePdfPreview *preview;

  if (!care_lab_report_document_finalise (store, lab_test_id, error))
    return FALSE;
  pdf = care_lab_report_document_get_pdf (store, lab_test_id, NULL, error);
  if (pdf == NULL)
    return FALSE;
  lab_test = care_store_get (store, care_schema_lookup ("lab_test"), lab_test_id, error);
  if (lab_test == NULL)
    return FALSE;
  /* Translators: title of the preview of a lab report, %s is the test */
  title = g_strdup_printf (_("Lab Report: %s"), care_record_get (lab_test, "test_name"));
  file_name = g_strdup_printf ("%s.pdf", title);
  g_strdelimit (file_name, "/\\:", '-');
  preview = care_pdf_preview_new (parent, pdf, title, file_name);
  gtk_window_present (GTK_WINDOW (preview));
  return TRUE;
}
