/* care-role-request-dialog.c: a staff member asks for another role
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-role-request-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "care-role-request-dialog.h"
#include "care-alert.h"

typedef struct {
  CareStore   *store;
  GPtrArray   *roles;      /* the roles offered, in the dropdown's order */
  GtkDropDown *role;
  GtkEditable *reason;
} Ask;

static void
ask_free (Ask *a)
{
  g_clear_object (&a->store);
  g_clear_pointer (&a->roles, g_ptr_array_unref);
  g_free (a);
}

static void
on_response_cb (GtkWidget        *dialog,
                const char       *response,
                Ask              *a)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) request = NULL;
  guint i = gtk_drop_down_get_selected (a->role);
  GtkWidget *parent = care_alert_get_parent (dialog);
  GtkWidget *answer;

  if (g_strcmp0 (response, "ask") != 0 || i >= a->roles->len)
    return;
  request = care_role_requests_ask (a->store, g_ptr_array_index (a->roles, i), gtk_editable_get_text (a->reason), &error);
  answer = care_alert_new (request ? _("Request Sent") : _("Request Not Sent"),
                           request ? _("An administrator will approve or refuse it; you will find the answer in your notifications.")
                                   : error->message);
  gtk_widget_set_name (answer, "role-request-answer");
  care_alert_add_response (answer, "close", _("_Close"), CARE_ALERT_DEFAULT);
  care_alert_present (answer, parent);
}

void
care_role_request_dialog_present (GtkWidget  *parent,
                                  CareStore  *store,
                                  const char *current_role)
{
  GtkStringList *labels = gtk_string_list_new (NULL);
  GtkWidget *dialog, *box, *label, *entry;
  Ask *a = g_new0 (Ask, 1);
  const char *const *roles = care_schema_roles ();

  a->store = g_object_ref (store);
  a->roles = g_ptr_array_new ();
  for (guint i = 0; roles[i]; i++)
    if (g_strcmp0 (roles[i], current_role) != 0)
      {
        g_ptr_array_add (a->roles, (gpointer) roles[i]);
        gtk_string_list_append (labels, care_role_label (roles[i]));
      }

  dialog = care_alert_new (_("Ask for Another Role"),
                           _("An administrator decides. Your role stays as it is until then."));
  gtk_widget_set_name (dialog, "role-request-dialog");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label = gtk_label_new_with_mnemonic (_("_Role"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  a->role = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (labels), NULL));
  gtk_widget_set_name (GTK_WIDGET (a->role), "role-request-role");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (a->role));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (a->role), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (a->role));
  label = gtk_label_new_with_mnemonic (_("_Why"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "role-request-why");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("e.g. I now hold the nursing registration"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  a->reason = GTK_EDITABLE (entry);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  care_alert_set_extra_child (dialog, box);
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "ask", _("_Ask"), CARE_ALERT_SUGGESTED);
  care_alert_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_response_cb), a, (GClosureNotify) (void (*) (void)) ask_free, 0);
  care_alert_present (dialog, parent);
}
