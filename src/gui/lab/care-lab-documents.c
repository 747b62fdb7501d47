/* care-lab-documents.c: the specimen label's preview, and attaching an outside laboratory's PDF report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-documents"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "care-lab-documents.h"
#include "care-file-dialog.h"
#include "care-lab-label-document.h"
#include "care-pdf-preview.h"
#include "care-alert.h"

gboolean
care_lab_label_open (GtkWindow   *parent,
                     CareStore   *store,
                     const char  *lab_test_id,
                     GError     **error)
{
  g_autoptr(GBytes) pdf = care_lab_label_document_render (store, lab_test_id, error);
  g_autoptr(CareRecord) test = NULL;
  g_autofree char *title = NULL;
  g_autofree char *file_name = NULL;
  CarePdfPreview *preview;

  if (pdf == NULL)
    return FALSE;
  test = care_store_get (store, care_schema_lookup ("lab_test"), lab_test_id, error);
  if (test == NULL)
    return FALSE;
  /* Translators: title of the preview of a specimen label, %s is the test */
  title = g_strdup_printf (_("Specimen Label: %s"), _(care_record_get (test, "test_name")));
  file_name = g_strdup_printf ("%s.pdf", title);
  g_strdelimit (file_name, "/\\:", '-');
  preview = care_pdf_preview_new (parent, pdf, title, file_name);
  gtk_widget_set_name (GTK_WIDGET (preview), "lab-label-preview");
  /* A label is small: shown large enough to check the name and the bars. */
  care_pdf_preview_set_zoom (preview, 3.0);
  gtk_window_present (GTK_WINDOW (preview));
  return TRUE;
}

typedef struct {
  char *lab_test_id;
  char *outside_lab;
  char *file_name;
} AttachJob;

static void
attach_job_free (AttachJob *job)
{
  g_free (job->lab_test_id);
  g_free (job->outside_lab);
  g_free (job->file_name);
  g_free (job);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AttachJob *job = g_task_get_task_data (task);
  g_autofree char *contents = NULL;
  gsize length = 0;
  GError *error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  CareRecord *report;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  report = care_lab_reports_attach_outside (CARE_STORE (g_task_get_source_object (task)), job->lab_test_id,
                                            job->outside_lab, job->file_name, pdf, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) care_record_unref);
}

void
care_lab_outside_attach_async (CareStore           *store,
                               const char          *lab_test_id,
                               const char          *outside_lab,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);
  AttachJob *job = g_new0 (AttachJob, 1);

  g_task_set_source_tag (task, care_lab_outside_attach_async);
  job->lab_test_id = g_strdup (lab_test_id);
  job->outside_lab = g_strdup (outside_lab);
  job->file_name = g_file_get_basename (file);
  g_task_set_task_data (task, job, (GDestroyNotify) attach_job_free);
  g_file_load_contents_async (file, cancellable, on_loaded_cb, task);
}

CareRecord *
care_lab_outside_attach_finish (CareStore     *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- asking for the outside report ------------------------------------------ */

GtkWidget *
care_lab_entry_dialog_new (const char  *heading,
                           const char  *body,
                           const char  *name,
                           const char  *entry_name,
                           const char  *placeholder,
                           const char  *accessible_label,
                           GtkWidget  **entry_out)
{
  GtkWidget *dialog = care_alert_new (heading, body);
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (dialog, name);
  gtk_widget_set_name (entry, entry_name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  care_alert_set_extra_child (dialog, entry);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  *entry_out = entry;
  return dialog;
}

typedef struct {
  CareLabOutsideChosen chosen;
  GWeakRef             owner;
  char                *outside_lab;
} AskJob;

static void
ask_job_free (AskJob *job)
{
  g_weak_ref_clear (&job->owner);
  g_free (job->outside_lab);
  g_free (job);
}

static void
on_pdf_chosen_cb (GFile    *file,
                  gpointer  user_data)
{
  AskJob *job = user_data;
  g_autoptr(GObject) owner = g_weak_ref_get (&job->owner);

  if (file && owner)
    job->chosen (job->outside_lab, file, owner);
}

static void
on_outside_response_cb (GtkWidget        *dialog,
                        const char       *response,
                        AskJob           *job)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  const CareFileFilter filters[] = {
    { _("PDF documents"), "application/pdf", "pdf" },
    { NULL }
  };

  if (!g_str_equal (response, "choose"))
    {
      ask_job_free (job);
      return;
    }
  job->outside_lab = g_strdup (gtk_editable_get_text (entry));
  care_file_dialog_open (care_alert_get_parent (dialog),
                         _("Outside Laboratory’s Report"), _("_Attach"), filters, NULL,
                         on_pdf_chosen_cb, job, (GDestroyNotify) ask_job_free);
}

void
care_lab_outside_ask (GtkWindow            *parent,
                      CareLabOutsideChosen  chosen,
                      GObject              *owner)
{
  GtkWidget *entry = NULL;
  GtkWidget *dialog = care_lab_entry_dialog_new (_("Attach Outside Report?"),
                                                 _("Name the laboratory that did the test, then choose its report "
                                                   "(a PDF of at most 5 MB)."),
                                                 "lab-outside-dialog", "lab-outside-lab",
                                                 _("e.g. Central Reference Laboratory"), _("Outside laboratory"), &entry);
  AskJob *job = g_new0 (AskJob, 1);

  job->chosen = chosen;
  g_weak_ref_init (&job->owner, owner);
  care_alert_add_response (dialog, "close", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "choose", _("_Choose PDF…"), CARE_ALERT_SUGGESTED);
  care_alert_set_default_response (dialog, "choose");
  care_alert_set_close_response (dialog, "close");
  g_signal_connect (dialog, "response", G_CALLBACK (on_outside_response_cb), job);
  care_alert_present (dialog, GTK_WIDGET (parent));
  gtk_widget_grab_focus (entry);
}
