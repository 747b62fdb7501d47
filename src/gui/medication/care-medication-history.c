/* care-medication-history.c: a patient's medication administrations, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-medication-history"

#include "config.h"

#include <glib/gi18n.h>

#include "care-dose-row.h"
#include "care-medication-history.h"

static char *
local_time (const char *iso8601)
{
  gint64 usec = 0;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL || !care_clock_parse_instant (iso8601, &usec))
    return g_strdup ("—");
  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  /* Translators: a day and time, “10 Jun 14:05”; see g_date_time_format() */
  return g_date_time_format (local, _("%-d %b %H:%M"));
}

static GtkWidget *
history_row (CareStore  *store,
             CareRecord *record,
             gboolean    amended)
{
  const CareEntity *entity = care_record_get_entity (record);
  const char *status = care_record_get (record, "status");
  g_autoptr(CareRecord) nurse = care_store_get (store, care_schema_lookup ("user"),
                                                care_record_get (record, "administered_by"), NULL);
  g_autofree char *who = nurse ? care_record_dup_title (nurse) : g_strdup (_("someone"));
  g_autofree char *due = local_time (care_record_get (record, "scheduled_at"));
  g_autofree char *at = local_time (care_record_get (record, "administered_at"));
  /* Translators: medicine, dose and what became of it, “Amoxicillin 500 mg — Given” */
  g_autofree char *title = g_strdup_printf (_("%s %s — %s"), care_record_get (record, "medicine_name"),
                                            care_record_get (record, "dose"),
                                            care_field_choice_label (care_entity_field (entity, "status"), status));
  /* Translators: when a dose was due, when it was recorded and by whom */
  g_autofree char *when = g_strdup_printf (_("Due %s · recorded %s by %s"), due, at, who);
  g_autoptr(GString) subtitle = g_string_new (when);
  GtkWidget *row = adw_action_row_new ();

  if (care_record_get (record, "notes"))
    g_string_append_printf (subtitle, " · %s", care_record_get (record, "notes"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  if (amended)
    {
      GtkWidget *label = gtk_label_new (_("Corrected by a later record"));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (row, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  return row;
}

GtkWidget *
care_medication_history_new (GtkWindow  *parent,
                             CareStore  *store,
                             const char *patient_id,
                             const char *patient_name)
{
  g_autoptr(GHashTable) amended = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = care_medication_rounds_history (store, patient_id, &amended, &error);
  /* Translators: %s is the patient's name */
  g_autofree char *title = g_strdup_printf (_("Medication History of %s"), patient_name);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_set_name (window, "medication-history");
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 520);

  gtk_widget_set_name (list, "medication-history-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_valign (list, GTK_ALIGN_START);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (list),
                                gtk_label_new (records ? _("Nothing recorded yet.") : error->message));
  for (guint i = 0; records && i < records->len; i++)
    {
      CareRecord *r = g_ptr_array_index (records, i);
      gtk_list_box_append (GTK_LIST_BOX (list),
                           history_row (store, r, g_hash_table_contains (amended, care_record_get_id (r))));
    }

  gtk_widget_set_margin_top (clamp, 18);
  gtk_widget_set_margin_bottom (clamp, 18);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), list);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  return window;
}
