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
#include "care-file-dialog.h"

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

static void
on_chosen_cb (GFile    *file,
              gpointer  user_data)
{
  if (file)
    care_code_import_file (CARE_PAGE (user_data), file);
}

void
care_code_import_run (CarePage *page)
{
  const CareFileFilter filters[] = {
    { _("Code lists (CSV)"), "text/csv", "csv" },
    { NULL }
  };

  g_return_if_fail (CARE_IS_PAGE (page));

  care_file_dialog_open (GTK_WIDGET (page), _("Import Diagnosis Codes"), _("_Import"), filters, NULL,
                         on_chosen_cb, g_object_ref (page), g_object_unref);
}
