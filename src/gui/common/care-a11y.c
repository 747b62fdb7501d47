/* care-a11y.c: accessible names GTK 4.8 and libadwaita 1.2 do not give by themselves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-a11y"

#include "config.h"

#include "care-a11y.h"

static void
on_tooltip_notify_cb (GtkWidget  *widget,
                      GParamSpec *pspec,
                      gpointer    user_data)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

void
care_a11y_label_from_tooltip (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  g_signal_connect (widget, "notify::tooltip-text", G_CALLBACK (on_tooltip_notify_cb), NULL);
  on_tooltip_notify_cb (widget, NULL, NULL);
}

/* The reveal button shows an eye (libadwaita 1.2 has no getter for it). */
static gboolean
is_reveal_button (GtkWidget *widget)
{
  const char *icon = GTK_IS_BUTTON (widget) ? gtk_button_get_icon_name (GTK_BUTTON (widget)) : NULL;

  return icon != NULL && (g_str_has_prefix (icon, "view-reveal") || g_str_has_prefix (icon, "view-conceal"));
}

static GtkWidget *
find_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = is_reveal_button (child) ? child : find_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
care_a11y_name_password_reveal (AdwPasswordEntryRow *row)
{
  GtkWidget *button;

  g_return_if_fail (ADW_IS_PASSWORD_ENTRY_ROW (row));

  button = find_button (GTK_WIDGET (row));
  if (button != NULL)
    care_a11y_label_from_tooltip (button);
}

void
care_a11y_name_list_row (GtkWidget  *child,
                         const char *label)
{
  GtkWidget *row;

  g_return_if_fail (GTK_IS_WIDGET (child));

  /* GTK 4.8 has no gtk_list_item_set_accessible_label() (4.12): the row
   * that takes focus is the child's parent, GTK's item widget. */
  row = gtk_widget_get_parent (child);
  if (row == NULL)
    return;
  if (label != NULL && *label != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL);
}
