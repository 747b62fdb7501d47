/* care-window-lock.c: locking the workstation, by hand and when idle
 *
 * Locking hides the workspace and every window opened over it (editors,
 * dialogs) behind the sign-in page; only the same person (or an
 * administrator switching user) gets them back. Any key, pointer motion,
 * click or scroll in those windows counts as activity; after the clinic's
 * idle-lock-seconds without any, the workstation locks by itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-window"

#include "config.h"

#include <glib/gi18n.h>

#include "care-window-private.h"

#define ACTIVITY_TRACKER_KEY "care-window-activity-tracker"

static gboolean
window_belongs_to (GtkWindow  *window,
                   CareWindow *self)
{
  for (GtkWindow *parent = gtk_window_get_transient_for (window);
       parent != NULL;
       parent = gtk_window_get_transient_for (parent))
    {
      if (parent == GTK_WINDOW (self))
        return TRUE;
    }

  return FALSE;
}

static GPtrArray *
care_window_list_dependents (CareWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GPtrArray *windows = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window_belongs_to (window, self))
        g_ptr_array_add (windows, g_steal_pointer (&window));
    }

  return windows;
}

static void
care_window_hide_dependents (CareWindow *self)
{
  g_autoptr(GPtrArray) windows = care_window_list_dependents (self);

  for (guint i = 0; i < windows->len; i++)
    {
      GtkWidget *window = g_ptr_array_index (windows, i);

      if (gtk_widget_get_visible (window))
        {
          g_ptr_array_add (self->hidden_windows, g_object_ref (window));
          gtk_widget_set_visible (window, FALSE);
        }
    }
}

static void
care_window_restore_dependents (CareWindow *self)
{
  g_autoptr(GPtrArray) windows = g_steal_pointer (&self->hidden_windows);

  self->hidden_windows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < windows->len; i++)
    gtk_window_present (g_ptr_array_index (windows, i));
}

void
_care_window_destroy_dependents (CareWindow *self)
{
  g_autoptr(GPtrArray) windows = care_window_list_dependents (self);

  g_ptr_array_set_size (self->hidden_windows, 0);

  for (guint i = 0; i < windows->len; i++)
    gtk_window_destroy (g_ptr_array_index (windows, i));
}

void
_care_window_note_activity (CareWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
}

static gboolean
on_activity_key_pressed_cb (GtkEventControllerKey *controller,
                            guint                  keyval,
                            guint                  keycode,
                            GdkModifierType        state,
                            CareWindow            *self)
{
  _care_window_note_activity (self);
  return FALSE;
}

static void
on_activity_motion_cb (GtkEventControllerMotion *controller,
                       double                    x,
                       double                    y,
                       CareWindow               *self)
{
  _care_window_note_activity (self);
}

static void
on_activity_pressed_cb (GtkGestureClick *gesture,
                        int              n_press,
                        double           x,
                        double           y,
                        CareWindow      *self)
{
  _care_window_note_activity (self);
}

static gboolean
on_activity_scroll_cb (GtkEventControllerScroll *controller,
                       double                    dx,
                       double                    dy,
                       CareWindow               *self)
{
  _care_window_note_activity (self);
  return FALSE;
}

/* Watches one toplevel: this window and the editors and dialogs opened over
 * it count as activity. Nothing is claimed; events go on as usual. */

static void
care_window_track_activity (CareWindow *self,
                            GtkWindow  *window)
{
  GtkEventController *controller;

  if (g_object_get_data (G_OBJECT (window), ACTIVITY_TRACKER_KEY) == self)
    return;
  g_object_set_data (G_OBJECT (window), ACTIVITY_TRACKER_KEY, self);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed",
                           G_CALLBACK (on_activity_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);

  controller = gtk_event_controller_motion_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "motion",
                           G_CALLBACK (on_activity_motion_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), 0);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "pressed",
                           G_CALLBACK (on_activity_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "scroll",
                           G_CALLBACK (on_activity_scroll_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}

static void
on_toplevels_items_changed_cb (GListModel *toplevels,
                               guint       position,
                               guint       removed,
                               guint       added,
                               CareWindow *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window == GTK_WINDOW (self) || window_belongs_to (window, self))
        care_window_track_activity (self, window);
    }
}

static gboolean
on_idle_timeout_cb (gpointer user_data)
{
  CareWindow *self = user_data;
  gint64 limit = (gint64) self->idle_seconds * G_USEC_PER_SEC;
  gint64 idle = g_get_monotonic_time () - self->last_activity;

  self->idle_source = 0;

  if (idle >= limit)
    {
      g_debug ("Idle for %" G_GINT64_FORMAT " s: locking", idle / G_USEC_PER_SEC);
      _care_window_lock (self);
    }
  else
    {
      _care_window_schedule_idle_lock (self);
    }

  return G_SOURCE_REMOVE;
}

/* One timer, set for when the idle limit would be reached; activity only
 * records a timestamp, and the timer re-arms itself for the rest. */

void
_care_window_schedule_idle_lock (CareWindow *self)
{
  gint64 limit;
  gint64 remaining;

  g_clear_handle_id (&self->idle_source, g_source_remove);

  if (self->session == NULL || self->locked || self->idle_seconds == 0)
    return;

  limit = (gint64) self->idle_seconds * G_USEC_PER_SEC;
  remaining = limit - (g_get_monotonic_time () - self->last_activity);
  remaining = CLAMP (remaining, 0, limit);

  self->idle_source = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                          (guint) (remaining / 1000) + 1,
                                          on_idle_timeout_cb, self, NULL);
  g_source_set_name_by_id (self->idle_source, "[caredesk] idle lock");
}

static void
on_idle_lock_seconds_changed_cb (GSettings  *settings,
                                 const char *key,
                                 CareWindow *self)
{
  self->idle_seconds = g_settings_get_uint (settings, "idle-lock-seconds");
  _care_window_schedule_idle_lock (self);
}

void
_care_window_lock (CareWindow *self)
{
  CareSyncEngine *engine;
  CareSigninPage *page;

  if (self->session == NULL || self->locked)
    return;

  g_debug ("Locking the workstation");

  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->locked = TRUE;

  /* Nothing of the workspace may react to keys while it is hidden. */
  care_window_hide_dependents (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->toast_overlay), FALSE);

  page = _care_window_ensure_signin_page (self);
  engine = care_session_get_sync_engine (self->session);
  if (engine != NULL && care_sync_engine_get_state (engine) == CARE_SYNC_STATE_SIGNED_OUT)
    care_signin_page_lock_for_sync (page, care_session_get_user (self->session));
  else
    care_signin_page_lock (page, care_session_get_user (self->session));
  _care_window_set_mode (self, "signin");
  care_signin_page_focus (page);
}

void
_care_window_unlock (CareWindow *self)
{
  g_debug ("Unlocking the workstation");

  self->locked = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->toast_overlay), TRUE);
  _care_window_set_mode (self, "main");
  care_window_restore_dependents (self);

  _care_window_note_activity (self);
  _care_window_schedule_idle_lock (self);
}

/* The role changed: offer exactly the pages the new role may use. Not from
 * inside CareStore::changed, which a page may be emitting through. */

/* From constructed: watches this window and those opened over it, and the
 * clinic's idle limit. */
void
_care_window_lock_init (CareWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  self->last_activity = g_get_monotonic_time ();
  self->idle_seconds = g_settings_get_uint (self->settings, "idle-lock-seconds");
  g_signal_connect_object (self->settings, "changed::idle-lock-seconds",
                           G_CALLBACK (on_idle_lock_seconds_changed_cb), self, 0);

  g_signal_connect_object (toplevels, "items-changed",
                           G_CALLBACK (on_toplevels_items_changed_cb), self, 0);
  care_window_track_activity (self, GTK_WINDOW (self));
}
