/* care-dialog-fields.c: small question dialogs whose fields show core's refusals beneath them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-dialog-fields"

#include "config.h"

#include <glib/gi18n.h>

#include "care-dialog-fields.h"
#include "care-alert.h"

GtkWidget *
care_dialog_error_new (const char *name)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_visible (label, FALSE);
  return label;
}

void
care_dialog_show_error (GtkWidget  *error_label,
                        const char *message)
{
  g_return_if_fail (GTK_IS_LABEL (error_label));

  gtk_label_set_label (GTK_LABEL (error_label), message ? message : "");
  gtk_widget_set_visible (error_label, message != NULL);
}

GtkWidget *
care_dialog_entry (GtkWidget  *box,
                   const char *label,
                   const char *name,
                   const char *placeholder)
{
  GtkWidget *caption = gtk_label_new_with_mnemonic (label);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "heading");
  gtk_label_set_mnemonic_widget (GTK_LABEL (caption), entry);
  gtk_widget_set_name (entry, name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY, caption, NULL, -1);
  if (gtk_widget_get_first_child (box))
    gtk_widget_set_margin_top (caption, 6);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

GtkWidget *
care_dialog_new (const char *name,
                 const char *heading,
                 const char *body,
                 const char *response,
                 const char *response_label,
                 GtkWidget  *content)
{
  GtkWidget *dialog = care_alert_new (heading, body);

  gtk_widget_set_name (dialog, name);
  care_alert_set_extra_child (dialog, content);
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, response, response_label, CARE_ALERT_SUGGESTED);
  care_alert_set_response_enabled (dialog, response, FALSE);
  care_alert_set_default_response (dialog, response);
  care_alert_set_close_response (dialog, "cancel");
  return dialog;
}

void
care_dialog_refused (GtkWidget    *parent,
                     const GError *error)
{
  GtkWidget *dialog = care_alert_new (_("Not Saved"), error->message);

  gtk_widget_set_name (dialog, "refused-dialog");
  care_alert_add_response (dialog, "close", _("_Close"), CARE_ALERT_DEFAULT);
  care_alert_present (dialog, parent);
}
