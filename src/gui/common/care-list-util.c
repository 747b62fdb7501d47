/* care-list-util.c: what the app's list boxes share: emptying them, their placeholder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-list-util"

#include "config.h"

#include <glib/gi18n.h>

#include "caredesk-core.h"
#include "care-list-util.h"

void
care_list_box_remove_rows (GtkListBox *list)
{
  GtkListBoxRow *row;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  /* Row by row: the placeholder is a child too, and stays. */
  while ((row = gtk_list_box_get_row_at_index (list, 0)))
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

GtkWidget *
care_list_placeholder_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

char *
care_list_format_when (const char *instant)
{
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  gint64 usec = 0;

  if (instant == NULL || !care_clock_parse_instant (instant, &usec))
    return g_strdup ("");
  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return care_clock_format_time (usec);
  /* Translators: when an older notification or message came, e.g. "3 Dec, 09:40" (strftime) */
  return g_date_time_format (local, _("%-d %b, %H:%M"));
}
