/* care-lab-queue-row.c: one request of the laboratory's queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-queue-row"

#include "config.h"

#include <glib/gi18n.h>

#include "care-lab-queue-row.h"

char *
care_lab_format_requested_at (const char *iso)
{
  g_autoptr(GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autofree char *time = NULL;
  int days;

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (utc);
  time = g_date_time_format (local, "%H:%M");
  days = (g_date_time_get_year (now) - g_date_time_get_year (local)) * 400 +
         g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (local);
  if (days == 0)
    return g_steal_pointer (&time);
  if (days == 1)
    /* Translators: when a lab test was requested, e.g. "Yesterday, 14:05" */
    return g_strdup_printf (_("Yesterday, %s"), time);
  return g_date_time_format (local, "%x %H:%M");
}

static GtkWidget *
label (const char *text,
       const char *css_class,
       float       xalign)
{
  GtkWidget *l = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (l), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (l), PANGO_ELLIPSIZE_END);
  if (css_class)
    gtk_widget_add_css_class (l, css_class);
  return l;
}

GtkWidget *
care_lab_queue_row_new (const CareLabQueueItem *item,
                        guint                   index)
{
  const CareEntity *entity = care_schema_lookup ("lab_test");
  const char *priority = care_field_choice_label (care_entity_field (entity, "priority"), item->priority);
  const char *status = care_field_choice_label (care_entity_field (entity, "status"), item->status);
  const char *test_name = item->test_name ? _(item->test_name) : "";
  g_autofree char *name = g_strdup_printf ("lab-row-%u", index);
  g_autofree char *when = care_lab_format_requested_at (item->requested_at);
  g_autofree char *accessible = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *middle = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *end = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *badge = label (priority, "lab-priority", 0.5);
  GtkWidget *patient = label (item->patient_name ? item->patient_name : _("Unknown patient"), "heading", 0);

  gtk_widget_set_name (row, name);
  g_object_set_data_full (G_OBJECT (row), "test-id", g_strdup (item->test_id), g_free);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_widget_set_size_request (badge, 64, -1);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, g_strcmp0 (item->priority, "stat") == 0 ? "lab-priority-stat"
                                   : g_strcmp0 (item->priority, "urgent") == 0 ? "lab-priority-urgent"
                                   : "dim-label");
  gtk_box_append (GTK_BOX (box), badge);

  gtk_widget_set_hexpand (middle, TRUE);
  gtk_box_append (GTK_BOX (middle), patient);
  {
    /* The test's name in full: it is what the technician looks for. */
    GtkWidget *test = label (test_name, NULL, 0);

    gtk_label_set_ellipsize (GTK_LABEL (test), PANGO_ELLIPSIZE_NONE);
    gtk_label_set_wrap (GTK_LABEL (test), TRUE);
    gtk_box_append (GTK_BOX (middle), test);
  }
  gtk_box_append (GTK_BOX (box), middle);

  gtk_box_append (GTK_BOX (end), label (status, "lab-status", 1));
  gtk_box_append (GTK_BOX (end), label (when, "dim-label", 1));
  gtk_box_append (GTK_BOX (box), end);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* Translators: a lab request read out: priority, patient, test, status, time */
  accessible = g_strdup_printf (_("%s: %s, %s, %s, requested %s"), priority, item->patient_name, test_name, status, when);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return row;
}

const char *
care_lab_queue_row_get_test_id (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "test-id");
}
