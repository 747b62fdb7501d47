/* care-kiosk-invite.c: reception invites a patient to the kiosk with a single-use code
 *
 * The server makes the code (POST /patients/{id}/invite, valid a week);
 * the request runs in a worker while the button that asked waits
 * insensitive, and the code is shown large, to read out or copy, with
 * what the patient does with it at the kiosk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-kiosk-invite"

#include "config.h"

#include <glib/gi18n.h>

#include "care-kiosk-invite.h"
#include "care-kiosk-sync.h"
#include "care-sync-client.h"
#include "care-alert.h"

typedef struct {
  char      *base_url;
  char      *token;
  char      *patient_id;
  char      *name;
  char      *code;
  char      *expires_at;
} Invite;

static void
invite_free (Invite *v)
{
  care_kiosk_clear_secret (&v->token);
  care_kiosk_clear_secret (&v->code);
  g_free (v->base_url);
  g_free (v->patient_id);
  g_free (v->name);
  g_free (v->expires_at);
  g_free (v);
}

static void
invite_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Invite *v = data;
  GError *error = NULL;

  v->code = care_kiosk_sync_invite (v->base_url, v->token, v->patient_id, &v->expires_at, cancellable, &error);
  if (v->code == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
show (GtkWidget  *parent,
      const char *heading,
      const char *body,
      GtkWidget  *extra)
{
  GtkWidget *dialog = care_alert_new (heading, body);

  gtk_widget_set_name (GTK_WIDGET (dialog), "kiosk-invite-dialog");
  care_alert_add_response (dialog, "close", _("_Close"), CARE_ALERT_DEFAULT);
  if (extra)
    care_alert_set_extra_child (dialog, extra);
  care_alert_present (dialog, parent);
}

static void
on_invited_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GtkWidget *button = GTK_WIDGET (source);
  Invite *v = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  /* Translators: the title of the dialog with a patient's kiosk invitation, e.g. "Kiosk Invitation for Maria López" */
  g_autofree char *heading = g_strdup_printf (_("Kiosk Invitation for %s"), v->name);
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *until = NULL;
  g_autofree char *body = NULL;
  GtkWidget *code;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_widget_set_sensitive (button, TRUE);
          show (button, heading, error->message, NULL);
        }
      return;
    }
  gtk_widget_set_sensitive (button, TRUE);
  utc = v->expires_at ? g_date_time_new_from_iso8601 (v->expires_at, NULL) : NULL;
  local = utc ? g_date_time_to_local (utc) : NULL;
  /* Translators: when an invitation runs out (strftime) */
  until = local ? g_date_time_format (local, _("%-d %B %Y, %H:%M")) : g_strdup (v->expires_at ? v->expires_at : "");
  body = g_strdup_printf (_("Give this code to the patient. At the kiosk, under “First time here?”, they type it with "
                            "their email address and a password they choose. It can be used once, until %s."), until);
  code = gtk_label_new (v->code);
  gtk_widget_set_name (code, "kiosk-invite-code");
  gtk_label_set_selectable (GTK_LABEL (code), TRUE);
  gtk_label_set_wrap (GTK_LABEL (code), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (code), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (code, "monospace");
  gtk_widget_add_css_class (code, "title-2");
  gtk_accessible_update_property (GTK_ACCESSIBLE (code), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Invitation code"), -1);
  show (button, heading, body, code);
}

void
care_kiosk_invite_show (GtkWidget    *button,
                        CareSession  *session,
                        CareRecord   *patient,
                        GCancellable *cancellable)
{
  CareSyncEngine *engine;
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  Invite *v;

  g_return_if_fail (GTK_IS_WIDGET (button));
  g_return_if_fail (CARE_IS_SESSION (session));
  g_return_if_fail (patient != NULL);

  name = care_record_dup_title (patient);
  engine = care_session_get_sync_engine (session);
  if (engine == NULL)
    {
      /* Translators: the title of the dialog with a patient's kiosk invitation, e.g. "Kiosk Invitation for Maria López" */
      g_autofree char *heading = g_strdup_printf (_("Kiosk Invitation for %s"), name);

      show (button, heading, _("Kiosk invitations come from the clinic server; this workstation does not sync with one."),
            NULL);
      return;
    }
  v = g_new0 (Invite, 1);
  v->base_url = g_strdup (care_sync_engine_get_base_url (engine));
  v->token = care_sync_engine_dup_access_token (engine);
  v->patient_id = g_strdup (care_record_get_id (patient));
  v->name = g_steal_pointer (&name);
  gtk_widget_set_sensitive (button, FALSE);
  task = g_task_new (button, cancellable, on_invited_cb, NULL);
  g_task_set_task_data (task, v, (GDestroyNotify) invite_free);
  g_task_run_in_thread (task, invite_thread);
}
