/* care-admission-dialog.c: a doctor recommends admitting the chart's patient
 *
 * The recommendation waits on the nurses' bed board, where admitting the
 * patient to a bed answers it (care-admissions.c, care-bed-board.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-admission-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "care-admission-dialog.h"
#include "care-alert.h"

typedef struct {
  CarePage    *page;        /* weak */
  char        *patient_id;
  GPtrArray   *ward_ids;    /* index in the drop-down − 1 → ward id */
  GtkDropDown *ward;
  GtkEditable *reason;
  GtkLabel    *error;
} Recommend;

static void
recommend_free (Recommend *r)
{
  g_clear_weak_pointer (&r->page);
  g_free (r->patient_id);
  g_ptr_array_unref (r->ward_ids);
  g_free (r);
}

static const char *
chosen_ward (Recommend *r)
{
  guint i = gtk_drop_down_get_selected (r->ward);

  return i > 0 && i <= r->ward_ids->len ? g_ptr_array_index (r->ward_ids, i - 1) : NULL;
}

/* What core says of the recommendation as it stands, under the reason. */
static void
on_changed_cb (GtkWidget *dialog)
{
  Recommend *r = g_object_get_data (G_OBJECT (dialog), "recommend");
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (r->reason);
  gboolean ok;

  if (r->page == NULL)
    return;
  ok = care_admissions_check_recommendation (care_page_get_store (r->page), r->patient_id, chosen_ward (r), text, &error);
  care_alert_set_response_enabled (dialog, "recommend", ok);
  gtk_label_set_label (r->error, error ? error->message : "");
  /* An empty reason is only not written yet; anything else is said. */
  gtk_widget_set_visible (GTK_WIDGET (r->error),
                          error != NULL && (*text != '\0' || g_strcmp0 (care_rule_error_get_field (error), "reason") != 0));
}

static void
on_response_cb (GtkWidget        *dialog,
                const char       *response)
{
  Recommend *r = g_object_get_data (G_OBJECT (dialog), "recommend");
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) request = NULL;

  if (!g_str_equal (response, "recommend") || r->page == NULL)
    return;
  request = care_admissions_recommend (care_page_get_store (r->page), r->patient_id, chosen_ward (r),
                                       gtk_editable_get_text (r->reason), &error);
  care_page_add_toast (r->page, adw_toast_new (request ? _("Admission recommended: it waits on the bed board.")
                                                       : error->message));
}

void
care_admission_dialog_present (CarePage   *page,
                               const char *patient_id,
                               const char *patient_name)
{
  Recommend *r = g_new0 (Recommend, 1);
  g_autoptr(GtkStringList) wards = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) records = care_store_list (care_page_get_store (page), care_schema_lookup ("ward"), NULL, NULL,
                                                  "name", 0, NULL);
  /* Translators: %s is a patient's name */
  g_autofree char *body = g_strdup_printf (_("%s will appear on the nurses’ bed board, to be given a bed."), patient_name);
  GtkWidget *dialog = care_alert_new (_("Recommend Admission"), body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *reason = gtk_entry_new ();

  g_set_weak_pointer (&r->page, page);
  r->patient_id = g_strdup (patient_id);
  r->ward_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (wards, _("Any ward"));
  for (guint i = 0; records && i < records->len; i++)
    {
      gtk_string_list_append (wards, care_record_get (g_ptr_array_index (records, i), "name"));
      g_ptr_array_add (r->ward_ids, g_strdup (care_record_get_id (g_ptr_array_index (records, i))));
    }
  r->ward = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (wards)), NULL));
  r->reason = GTK_EDITABLE (reason);
  r->error = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (dialog, "admission-dialog");
  gtk_widget_set_name (GTK_WIDGET (r->ward), "admission-ward");
  gtk_widget_set_name (reason, "admission-reason");
  gtk_widget_set_name (GTK_WIDGET (r->error), "admission-error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->ward), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Ward"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (reason), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason for admission"), -1);
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("e.g. Community-acquired pneumonia, needs IV antibiotics"));
  gtk_entry_set_activates_default (GTK_ENTRY (reason), TRUE);
  gtk_label_set_wrap (r->error, TRUE);
  gtk_label_set_xalign (r->error, 0);
  gtk_widget_add_css_class (GTK_WIDGET (r->error), "error");
  gtk_widget_set_visible (GTK_WIDGET (r->error), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->ward));
  gtk_box_append (GTK_BOX (box), reason);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->error));
  care_alert_set_extra_child (dialog, box);
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "recommend", _("_Recommend"), CARE_ALERT_SUGGESTED);
  care_alert_set_default_response (dialog, "recommend");
  care_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "recommend", r, (GDestroyNotify) recommend_free);
  g_signal_connect_swapped (reason, "changed", G_CALLBACK (on_changed_cb), dialog);
  g_signal_connect_swapped (r->ward, "notify::selected", G_CALLBACK (on_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), NULL);
  on_changed_cb (dialog);
  care_alert_present (dialog, GTK_WIDGET (page));
  gtk_widget_grab_focus (reason);
}
