/* care-doctor-rows.c: the rows of the doctor's home: a patient, a result to review, a refill to decide
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-doctor-rows"

#include "config.h"

#include <glib/gi18n.h>

#include "care-doctor-rows.h"

static char *
format_time (const char *when)
{
  g_autoptr(GDateTime) utc = when ? g_date_time_new_from_iso8601 (when, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%H:%M") : NULL;
}

static GtkWidget *
new_row (const char *patient_id,
         const char *name,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title ? title : "", -1);
  g_autofree char *escaped_subtitle = g_markup_escape_text (subtitle ? subtitle : "", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (row, name);
  g_object_set_data_full (G_OBJECT (row), "patient-id", g_strdup (patient_id), g_free);
  return row;
}

const char *
care_doctor_row_patient_id (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "patient-id");
}

GtkWidget *
care_doctor_row_patient (const CareHomeRow *home_row,
                         const char        *name)
{
  g_autofree char *time = format_time (home_row->when);
  GtkWidget *row = new_row (home_row->patient_id, name, home_row->patient_name, home_row->detail);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  if (time)
    {
      GtkWidget *label = gtk_label_new (time);

      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_add_css_class (label, "heading");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), label);
    }
  return row;
}

static GtkWidget *
suffix_button (const char *mnemonic,
               const char *name,
               const char *accessible)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_name (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return button;
}

GtkWidget *
care_doctor_row_result (const CareReviewItem *item,
                        GCallback             reviewed,
                        gpointer              user_data)
{
  const CareChartEntry *entry = item->entry;
  /* Translators: a result to review: "Maria López — Full blood count" */
  g_autofree char *title = g_strdup_printf (_("%s — %s"), item->patient_name, entry->title);
  GtkWidget *row = new_row (care_record_get (item->test, "patient_id"), "home-result", title, entry->summary);
  /* Translators: accessible name of the button: "Mark Full blood count of Maria López reviewed" */
  g_autofree char *accessible = g_strdup_printf (_("Mark %s of %s reviewed"), entry->title, item->patient_name);
  GtkWidget *button = suffix_button (_("_Mark Reviewed"), "home-result-reviewed", accessible);

  if (entry->flag_text)
    {
      GtkWidget *flag = gtk_label_new (entry->flag_text);

      gtk_widget_set_valign (flag, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (flag, "chart-flag");
      if (entry->flag == CARE_CHART_FLAG_CRITICAL)
        gtk_widget_add_css_class (flag, "chart-flag-critical");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), flag);
    }
  if (item->amended)
    {
      GtkWidget *amended = gtk_label_new (_("Amended"));

      gtk_widget_set_valign (amended, GTK_ALIGN_CENTER);
      gtk_widget_set_name (amended, "home-result-amended");
      gtk_widget_set_tooltip_text (amended, _("The laboratory corrected a result after verifying it"));
      gtk_widget_add_css_class (amended, "chart-flag");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), amended);
    }
  g_object_set_data_full (G_OBJECT (button), "test-id", g_strdup (care_record_get_id (item->test)), g_free);
  g_signal_connect (button, "clicked", reviewed, user_data);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

GtkWidget *
care_doctor_row_refill (CareStore  *store,
                        CareRecord *refill,
                        GCallback   decided,
                        gpointer    user_data)
{
  g_autoptr(CareRecord) patient = care_store_get (store, care_schema_lookup ("patient"),
                                                  care_record_get (refill, "patient_id"), NULL);
  g_autofree char *name = patient ? care_record_dup_title (patient) : g_strdup ("—");
  g_autofree char *summary = care_prescribing_refill_summary (store, refill);
  const char *why = care_record_get (refill, "reason");
  /* Translators: a refill request: what it is for, then the patient's words in quotes */
  g_autofree char *subtitle = why && *why ? g_strdup_printf (_("%s\n“%s”"), summary, why) : g_strdup (summary);
  GtkWidget *row = new_row (care_record_get (refill, "patient_id"), "home-refill", name, subtitle);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *reason = gtk_entry_new ();
  GtkWidget *error = gtk_label_new (NULL);
  /* Translators: accessible names of a refill request's buttons: "Approve the refill for Maria López" */
  g_autofree char *approve_name = g_strdup_printf (_("Approve the refill for %s"), name);
  g_autofree char *refuse_name = g_strdup_printf (_("Refuse the refill for %s"), name);
  g_autofree char *reason_name = g_strdup_printf (_("Why the refill for %s is refused"), name);
  GtkWidget *approve = suffix_button (_("_Approve"), "home-refill-approve", approve_name);
  /* Translators: the doctor refuses a refill request (not a patient refusing a dose) */
  GtkWidget *refuse = suffix_button (C_("refill", "_Refuse"), "home-refill-refuse", refuse_name);

  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason, if refusing"));
  gtk_widget_set_name (reason, "home-refill-reason");
  gtk_accessible_update_property (GTK_ACCESSIBLE (reason), GTK_ACCESSIBLE_PROPERTY_LABEL, reason_name, -1);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (error), 30);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_name (error, "home-refill-error");
  gtk_widget_set_visible (error, FALSE);
  gtk_widget_add_css_class (approve, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), approve);
  gtk_box_append (GTK_BOX (buttons), refuse);
  gtk_box_append (GTK_BOX (box), error);
  gtk_box_append (GTK_BOX (box), reason);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *button = i == 0 ? approve : refuse;

      g_object_set_data_full (G_OBJECT (button), "refill-id", g_strdup (care_record_get_id (refill)), g_free);
      g_object_set_data (G_OBJECT (button), "reason", reason);
      g_object_set_data (G_OBJECT (button), "error", error);
      g_object_set_data (G_OBJECT (button), "approve", GINT_TO_POINTER (i == 0));
      g_signal_connect (button, "clicked", decided, user_data);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  return row;
}
