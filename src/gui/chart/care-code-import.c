/* care-code-import.c: the chart menu's "Import Diagnosis Codes…": the clinic's code list from a CSV file
 *
 * Only whoever keeps the clinic's settings imports (the action is off
 * for other roles; the server refuses their writes too). The file is
 * read and written in core's worker, so the window stays live through a
 * national list of tens of thousands of codes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-code-import"

#include "config.h"

#include <glib/gi18n.h>

#include "care-code-import.h"
#include "care-code-list.h"
#include "care-alert.h"

static void
on_imported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CarePage) page = user_data;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (page), "chart.import-codes", TRUE);
  if (care_code_list_import_file_finish (CARE_STORE (source), result, &n, &error))
    {
      g_autofree char *title = g_strdup_printf (ngettext ("%u diagnosis code imported", "%u diagnosis codes imported", n), n);

      care_page_add_toast (page, adw_toast_new (title));
    }
  else
    {
      GtkWidget *dialog = care_alert_new (_("The Codes Were Not Imported"), error->message);

      gtk_widget_set_name (dialog, "code-import-error");
      care_alert_add_response (dialog, "close", _("_Close"), CARE_ALERT_DEFAULT);
      care_alert_present (dialog, GTK_WIDGET (page));
    }
}

void
care_code_import_file (CarePage *page,
                       GFile    *file)
{
  g_return_if_fail (CARE_IS_PAGE (page));
  g_return_if_fail (G_IS_FILE (file));

  gtk_widget_action_set_enabled (GTK_WIDGET (page), "chart.import-codes", FALSE);
  care_code_list_import_file_async (care_page_get_store (page), file, NULL, on_imported_cb, g_object_ref (page));
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
on_open_chosen_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CarePage) page = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, NULL);

  if (file)
    care_code_import_file (page, file);
}
#else
static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        CarePage        *page)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file)
        care_code_import_file (page, file);
    }
  g_object_unref (page);
  g_object_unref (chooser);
}
#endif

void
care_code_import_run (CarePage *page)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root;

  g_return_if_fail (CARE_IS_PAGE (page));

  root = gtk_widget_get_root (GTK_WIDGET (page));
  gtk_file_filter_set_name (filter, _("Code lists (CSV)"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
    g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

    g_list_store_append (filters, filter);
    gtk_file_dialog_set_title (dialog, _("Import Diagnosis Codes"));
    gtk_file_dialog_set_accept_label (dialog, _("_Import"));
    gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
    gtk_file_dialog_open (dialog, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL,
                          on_open_chosen_cb, g_object_ref (page));
  }
#else
  {
    GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Import Diagnosis Codes"),
                                                                 GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                 GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                 _("_Import"), _("_Cancel"));

    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
    g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), g_object_ref (page));
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  }
#endif
}
