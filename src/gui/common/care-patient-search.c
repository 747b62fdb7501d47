/* care-patient-search.c: patients found as a name or number is typed, as rows to pick
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-patient-search"

#include "config.h"

#include "care-patient-search.h"

#define PATIENT_ID_KEY "care-patient-id"

void
care_patient_search_fill (GtkListBox *results,
                          CareStore  *store,
                          const char *text,
                          guint       limit,
                          const char *row_name)
{
  g_autoptr(GPtrArray) found = NULL;
  GtkWidget *child;

  g_return_if_fail (GTK_IS_LIST_BOX (results));
  g_return_if_fail (CARE_IS_STORE (store));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (results))))
    gtk_list_box_remove (results, child);
  found = text && text[0] ? care_store_search_patients (store, text, limit, NULL) : NULL;
  for (guint i = 0; found && i < found->len; i++)
    {
      CareRecord *p = found->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *name = g_strdup_printf ("%s %s", care_record_get (p, "given_name"),
                                               care_record_get (p, "family_name"));
      g_autofree char *detail = g_strdup_printf ("%s · %s", care_record_get (p, "mrn") ? care_record_get (p, "mrn") : "",
                                                 care_record_get (p, "date_of_birth") ? care_record_get (p, "date_of_birth") : "");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), PATIENT_ID_KEY, g_strdup (care_record_get_id (p)), g_free);
      gtk_widget_set_name (row, row_name);
      gtk_list_box_append (results, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (results), found && found->len > 0);
}

const char *
care_patient_search_row_id (GtkListBoxRow *row)
{
  g_return_val_if_fail (GTK_IS_LIST_BOX_ROW (row), NULL);

  return g_object_get_data (G_OBJECT (row), PATIENT_ID_KEY);
}
