/* care-window-actions.c: the window's win.* actions
 *
 * Each action is enabled only when it makes sense: nothing of the
 * workspace while nobody is signed in or the workstation is locked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-window"

#include "config.h"

#include <glib/gi18n.h>

#include "care-alert-dialog.h"
#include "care-alerts.h"
#include "care-chart-page.h"
#include "care-window-private.h"

void
_care_window_update_actions (CareWindow *self)
{
  gboolean signed_in = self->session != NULL && !self->locked;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.switch-user", self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now",
                                 signed_in && care_session_get_sync_engine (self->session) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-sync",
                                 signed_in && care_session_get_sync_engine (self->session) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resume-sync",
                                 signed_in && care_session_get_sync_engine (self->session) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-chart",
                                 signed_in && care_session_can (self->session, CARE_PERM_CLINICAL_RECORDS));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.raise-alert",
                                 signed_in && care_alerts_may_raise (care_session_get_role (self->session)));

  /* How soon the workstation locks is the clinic's policy. */
  if (app != NULL)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (app), "preferences");

      if (G_IS_SIMPLE_ACTION (action))
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                                     signed_in &&
                                     care_session_can (self->session, CARE_PERM_CLINIC_SETTINGS));
    }
}

static void
care_window_sync_now_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  CareWindow *self = CARE_WINDOW (widget);
  CareSyncEngine *engine = self->session ? care_session_get_sync_engine (self->session) : NULL;

  /* Asked for: at once, whatever the backoff after failures. */
  if (engine != NULL)
    care_sync_engine_sync_now (engine);
}

/* The sync sign-in ended: the person proves who they are again (a lock
 * that signs in online), and the session goes on. */
static void
care_window_resume_sync_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  _care_window_lock (CARE_WINDOW (widget));
}

static void
care_window_show_sync_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  CareWindow *self = CARE_WINDOW (widget);

  if (care_window_show_page (self, "sync"))
    care_split_view_set_show_content (self->split_view, TRUE);
}

static void
care_window_raise_alert_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  CareWindow *self = CARE_WINDOW (widget);

  if (self->session == NULL)
    return;
  gtk_window_present (GTK_WINDOW (care_alert_dialog_new (GTK_WINDOW (self), self->session, self->settings)));
}

static void
care_window_lock_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  _care_window_lock (CARE_WINDOW (widget));
}

static void
care_window_sign_out_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  CareWindow *self = CARE_WINDOW (widget);
  g_autofree char *last = NULL;

  if (self->session == NULL)
    return;

  _care_window_end_session (self, TRUE);

  last = g_settings_get_string (self->settings, "last-username");
  _care_window_show_signin (self, last);
}

static void
care_window_switch_user_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  CareWindow *self = CARE_WINDOW (widget);

  if (self->session == NULL)
    return;

  _care_window_end_session (self, TRUE);
  _care_window_show_signin (self, NULL);
}

/* Shows the Patient Chart page with the patient (id) open. */
static void
care_window_open_chart_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  CareWindow *self = CARE_WINDOW (widget);
  const char *patient_id = g_variant_get_string (parameter, NULL);
  GtkWidget *page = care_window_get_page (self, "chart");

  if (!CARE_IS_CHART_PAGE (page) || *patient_id == '\0')
    return;
  care_window_show_page (self, "chart");
  care_chart_page_show_patient (CARE_CHART_PAGE (page), patient_id);
}

/* The keyboard shortcuts, built when first shown rather than by
 * GtkApplication for every window at start (caredesk.gresource.xml), and
 * kept by the window without GtkApplicationWindow's help-overlay API
 * (deprecated in GTK 4.18). */
static void
care_window_show_help_overlay_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  GtkWindow *overlay = g_object_get_data (G_OBJECT (widget), "care-help-overlay");

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/caredesk/Caredesk/window/care-help-overlay.ui");

      overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_window_set_transient_for (overlay, GTK_WINDOW (widget));
      gtk_window_set_destroy_with_parent (overlay, TRUE);
      gtk_window_set_hide_on_close (overlay, TRUE);
      g_object_set_data_full (G_OBJECT (widget), "care-help-overlay",
                              g_object_ref (overlay), g_object_unref);
    }
  gtk_window_present (overlay);
}

void
_care_window_class_actions_init (CareWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.lock", NULL, care_window_lock_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, care_window_sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.switch-user", NULL, care_window_switch_user_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, care_window_sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.show-sync", NULL, care_window_show_sync_action);
  gtk_widget_class_install_action (widget_class, "win.resume-sync", NULL, care_window_resume_sync_action);
  gtk_widget_class_install_action (widget_class, "win.raise-alert", NULL, care_window_raise_alert_action);
  gtk_widget_class_install_action (widget_class, "win.open-chart", "s", care_window_open_chart_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   care_window_show_help_overlay_action);
}
