/* care-window.c: the main window
 *
 * One window per workstation. A stack switches between the first-run
 * assistant, the sign-in (and lock) page and the signed-in workspace: a
 * sidebar of the pages the signed-in role may use and the pages themselves.
 *
 * On a workstation that syncs with a clinic server, the sync engine belongs
 * to the signed-in session: it starts with the sign-in (with the tokens of
 * an online sign-in, or those kept in the keyring after an offline one),
 * keeps running while the workstation is locked, and stops when the person
 * signs out or switches user. Its state is in the header bar, its problems
 * on the Sync page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-window"

#include "config.h"

#include <glib/gi18n.h>

#include "care-application.h"
#include "care-attendance-page.h"
#include "care-billing-page.h"
#include "care-secret.h"
#include "care-server-check.h"
#include "care-setup-page.h"
#include "care-signin-page.h"
#include "care-staff-page.h"
#include "care-sync-engine.h"
#include "care-sync-indicator.h"
#include "care-sync-page.h"
#include "care-window.h"

/* Defined by src/gui/meson.build once src/gui/patients/ builds the page. */
#ifdef CARE_HAVE_PATIENTS_PAGE
# include "care-patients-page.h"
# define PATIENTS_PAGE_GET_TYPE care_patients_page_get_type
#else
# define PATIENTS_PAGE_GET_TYPE NULL
#endif

typedef struct
{
  const char *name;
  const char *title;
  const char *icon_name;
  const char *permission;      /* NULL: every role */
  GType     (*get_type) (void);
  gboolean    needs_server;    /* only on a workstation that syncs */
} CarePageInfo;

/* Every page of the workspace, in sidebar order. A page is a GtkWidget with
 * a construct-only "session" property (CareSession). */
static const CarePageInfo page_infos[] = {
  { "patients", N_("Patients"), "system-users-symbolic", CARE_PERM_PATIENT_REGISTRATION, PATIENTS_PAGE_GET_TYPE },
  { "staff", N_("Staff"), "contact-new-symbolic", CARE_PERM_STAFF_MANAGEMENT, care_staff_page_get_type },
  { "attendance", N_("Attendance"), "alarm-symbolic", CARE_PERM_ATTENDANCE, care_attendance_page_get_type },
  { "billing", N_("Billing"), "x-office-document-symbolic", CARE_PERM_BILLING, care_billing_page_get_type },
  { "sync", N_("Sync"), "emblem-synchronizing-symbolic", NULL, care_sync_page_get_type, TRUE },
};

#define ACTIVITY_TRACKER_KEY "care-window-activity-tracker"
#define PAGE_NAME_KEY        "care-window-page-name"

struct _CareWindow
{
  AdwApplicationWindow  parent_instance;

  CareStore            *store;
  GSettings            *settings;
  CareSession          *session;
  gboolean              locked;

  /* Idle lock */
  gint64                last_activity;
  guint                 idle_seconds;
  guint                 idle_source;
  guint                 rebuild_source;

  /* Windows hidden while locked, shown again on unlock */
  GPtrArray            *hidden_windows;

  /* Sync: the engine is the session's; this cancels the keyring calls
   * made for it. */
  GCancellable         *sync_cancellable;
  gboolean              noting_external;
  guint                 permissions_source;

  /* Template widgets */
  GtkStack             *mode_stack;
  CareSetupPage        *setup_page;
  CareSigninPage       *signin_page;
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *content_box;
  AdwWindowTitle       *sidebar_title;
  GtkListBox           *sidebar;
  AdwWindowTitle       *content_title;
  GtkStack             *page_stack;
  GtkMenuButton        *user_button;
  AdwAvatar            *user_avatar;
  GtkLabel             *user_name_label;
  GtkLabel             *user_role_label;
  CareSyncIndicator    *sync_indicator;
};

G_DEFINE_FINAL_TYPE (CareWindow, care_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void care_window_schedule_idle_lock (CareWindow *self);

CareWindow *
care_window_new (GtkApplication *app,
                 CareStore      *store)
{
  g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  return g_object_new (CARE_TYPE_WINDOW,
                       "application", app,
                       "store", store,
                       NULL);
}

CareStore *
care_window_get_store (CareWindow *self)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), NULL);

  return self->store;
}

CareSession *
care_window_get_session (CareWindow *self)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), NULL);

  return self->session;
}

gboolean
care_window_get_signed_in (CareWindow *self)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), FALSE);

  return self->session != NULL && !self->locked;
}

gboolean
care_window_get_locked (CareWindow *self)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), FALSE);

  return self->locked;
}

const char *
care_window_get_mode (CareWindow *self)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), NULL);

  if (self->locked)
    return "locked";

  return gtk_stack_get_visible_child_name (self->mode_stack);
}

void
care_window_add_toast (CareWindow *self,
                       AdwToast   *toast)
{
  g_return_if_fail (CARE_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

gboolean
care_window_show_page (CareWindow *self,
                       const char *name)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (gtk_stack_get_child_by_name (self->page_stack, name) == NULL)
    return FALSE;

  gtk_stack_set_visible_child_name (self->page_stack, name);
  return TRUE;
}

const char *
care_window_get_page_name (CareWindow *self)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->page_stack);
}

/* --- windows that belong to this one ------------------------------------ */

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

static void
care_window_destroy_dependents (CareWindow *self)
{
  g_autoptr(GPtrArray) windows = care_window_list_dependents (self);

  g_ptr_array_set_size (self->hidden_windows, 0);

  for (guint i = 0; i < windows->len; i++)
    gtk_window_destroy (g_ptr_array_index (windows, i));
}

/* --- user activity and the idle lock ------------------------------------ */

static void
care_window_note_activity (CareWindow *self)
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
  care_window_note_activity (self);
  return FALSE;
}

static void
on_activity_motion_cb (GtkEventControllerMotion *controller,
                       double                    x,
                       double                    y,
                       CareWindow               *self)
{
  care_window_note_activity (self);
}

static void
on_activity_pressed_cb (GtkGestureClick *gesture,
                        int              n_press,
                        double           x,
                        double           y,
                        CareWindow      *self)
{
  care_window_note_activity (self);
}

static gboolean
on_activity_scroll_cb (GtkEventControllerScroll *controller,
                       double                    dx,
                       double                    dy,
                       CareWindow               *self)
{
  care_window_note_activity (self);
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

static void care_window_lock (CareWindow *self);

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
      care_window_lock (self);
    }
  else
    {
      care_window_schedule_idle_lock (self);
    }

  return G_SOURCE_REMOVE;
}

/* One timer, set for when the idle limit would be reached; activity only
 * records a timestamp, and the timer re-arms itself for the rest. */
static void
care_window_schedule_idle_lock (CareWindow *self)
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
  care_window_schedule_idle_lock (self);
}

/* --- modes --------------------------------------------------------------- */

static void
care_window_update_actions (CareWindow *self)
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
care_window_update_title (CareWindow *self)
{
  g_autoptr(CareRecord) clinic = care_store_get_clinic (self->store);
  const char *clinic_name = clinic ? care_record_get (clinic, "name") : NULL;

  adw_window_title_set_title (self->sidebar_title, clinic_name ? clinic_name : _("Caredesk"));

  if (self->session != NULL && !self->locked && clinic_name != NULL)
    {
      /* Translators: window title, %s is the clinic's name */
      g_autofree char *title = g_strdup_printf (_("%s — Caredesk"), clinic_name);

      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Caredesk"));
    }
}

static void
care_window_update_user (CareWindow *self)
{
  CareRecord *user;
  const char *full_name;
  const char *role;

  if (self->session == NULL)
    return;

  user = care_session_get_user (self->session);
  full_name = care_record_get (user, "full_name");
  role = care_record_get (user, "role");

  adw_avatar_set_text (self->user_avatar, full_name);
  gtk_label_set_label (self->user_name_label, full_name ? full_name : "");
  gtk_label_set_label (self->user_role_label, role ? care_role_label (role) : "");
}

static void
care_window_set_mode (CareWindow *self,
                      const char *mode)
{
  GtkStackTransitionType transition = GTK_STACK_TRANSITION_TYPE_CROSSFADE;

  /* Locking must not fade the workspace out slowly in front of a visitor. */
  if (self->locked || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    transition = GTK_STACK_TRANSITION_TYPE_NONE;

  gtk_stack_set_visible_child_full (self->mode_stack, mode, transition);

  care_window_update_title (self);
  care_window_update_actions (self);
}

static void
care_window_show_signin (CareWindow *self,
                         const char *login)
{
  care_signin_page_reset (self->signin_page, login);
  care_window_set_mode (self, "signin");
  care_signin_page_focus (self->signin_page);
}

static GtkWidget *
create_sidebar_row (const CarePageInfo *info)
{
  g_autofree char *row_name = g_strconcat ("sidebar-", info->name, NULL);
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (info->icon_name));

  label = gtk_label_new (_(info->title));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, row_name);
  gtk_widget_set_tooltip_text (row, _(info->title));
  g_object_set_data (G_OBJECT (row), PAGE_NAME_KEY, (gpointer) info->name);

  return row;
}

static void
care_window_build_pages (CareWindow *self)
{
  GtkListBoxRow *first;

  for (guint i = 0; i < G_N_ELEMENTS (page_infos); i++)
    {
      const CarePageInfo *info = &page_infos[i];
      g_autofree char *page_name = NULL;
      GtkStackPage *stack_page;
      GtkWidget *page;

      if (info->get_type == NULL ||
          (info->permission != NULL && !care_session_can (self->session, info->permission)) ||
          (info->needs_server && care_session_get_sync_engine (self->session) == NULL))
        continue;

      page = g_object_new (info->get_type (), "session", self->session, NULL);
      page_name = g_strconcat ("page-", info->name, NULL);
      gtk_widget_set_name (page, page_name);

      stack_page = gtk_stack_add_titled (self->page_stack, page, info->name, _(info->title));
      gtk_stack_page_set_icon_name (stack_page, info->icon_name);

      gtk_list_box_append (self->sidebar, create_sidebar_row (info));
    }

  first = gtk_list_box_get_row_at_index (self->sidebar, 0);
  if (first != NULL)
    gtk_list_box_select_row (self->sidebar, first);

  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

static void
care_window_destroy_pages (CareWindow *self)
{
  GtkWidget *child;

  gtk_list_box_unselect_all (self->sidebar);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar))) != NULL)
    gtk_list_box_remove (self->sidebar, child);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->page_stack))) != NULL)
    gtk_stack_remove (self->page_stack, child);

  adw_window_title_set_title (self->content_title, "");
}

/* --- sync ------------------------------------------------------------------ */

static void
on_engine_records_changed_cb (CareSyncEngine *engine,
                              const char     *entity_name,
                              GStrv           ids,
                              CareWindow     *self)
{
  const CareEntity *entity = care_schema_lookup (entity_name);

  if (entity == NULL || ids == NULL)
    return;

  /* The engine wrote with its own connection: this one's listeners (the
   * lists, the title, the session's user) learn of it here. Not a local
   * change, so no need to kick the engine back. */
  self->noting_external = TRUE;
  if (ids[0] == NULL)
    care_store_note_external (self->store, entity, NULL);   /* too many to list */
  for (guint i = 0; ids[i] != NULL; i++)
    care_store_note_external (self->store, entity, ids[i]);
  self->noting_external = FALSE;
}

static void
on_secret_stored_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!care_secret_store_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Could not keep the sync sign-in: %s", error->message);
}

static void
care_window_keep_refresh_token (CareWindow *self)
{
  CareSyncEngine *engine;
  g_autofree char *token = NULL;

  if (self->session == NULL ||
      (engine = care_session_get_sync_engine (self->session)) == NULL)
    return;

  token = care_sync_engine_dup_refresh_token (engine);
  if (token == NULL)
    return;

  care_secret_store_async (care_sync_engine_get_base_url (engine),
                           care_session_get_user_id (self->session),
                           token, self->sync_cancellable,
                           on_secret_stored_cb, NULL);
}

static void
on_engine_tokens_changed_cb (CareSyncEngine *engine,
                             CareWindow     *self)
{
  /* Refresh tokens rotate: the one kept must be the newest. */
  care_window_keep_refresh_token (self);
}

static void
on_secret_found_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CareWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  CareSyncEngine *engine;

  token = care_secret_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Not cancelled: the session that asked is still the window's. */
  engine = care_session_get_sync_engine (self->session);

  if (token != NULL)
    {
      /* No access token: the engine refreshes first, once the server
       * answers. */
      care_sync_engine_set_tokens (engine, NULL, token);
      care_sync_engine_start (engine);
      care_window_add_toast (self, adw_toast_new (_("Signed in offline — changes will sync when the server is back")));
    }
  else
    {
      AdwToast *toast = adw_toast_new (_("Signed in offline — to sync, sign in again once the server is back"));

      /* Without a kept sign-in the engine cannot resume by itself; it
       * still finds out when the server is back, and the header says
       * "Sign in to sync" then. */
      adw_toast_set_timeout (toast, 0);
      care_window_add_toast (self, toast);
      care_sync_engine_set_tokens (engine, NULL, NULL);
      care_sync_engine_start (engine);
    }
}

/* The engine of this sign-in, if the store syncs. online: the session of an
 * online sign-in; NULL after an offline one. */
static void
care_window_start_sync (CareWindow      *self,
                        CareSyncSession *online)
{
  g_autofree char *url = care_sync_get_server_url (self->store);
  g_autoptr(CareSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  const char *user_id = care_session_get_user_id (self->session);

  if (url == NULL)
    return;

  engine = care_sync_engine_new (care_store_get_path (self->store), url, &error);
  if (engine == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Sync could not start: %s"), error->message);

      g_warning ("Could not start the sync engine: %s", error->message);
      care_window_add_toast (self, adw_toast_new (text));
      return;
    }

  g_signal_connect_object (engine, "records-changed",
                           G_CALLBACK (on_engine_records_changed_cb), self, 0);
  g_signal_connect_object (engine, "tokens-changed",
                           G_CALLBACK (on_engine_tokens_changed_cb), self, 0);

  care_session_set_sync_engine (self->session, engine);
  care_sync_indicator_set_engine (self->sync_indicator, engine);

  g_clear_object (&self->sync_cancellable);
  self->sync_cancellable = g_cancellable_new ();

  if (online != NULL)
    {
      care_sync_engine_set_tokens (engine, online->access_token, online->refresh_token);
      care_sync_engine_start (engine);
      care_window_keep_refresh_token (self);
    }
  else
    {
      /* Offline: the refresh token of an earlier online sign-in, if the
       * keyring kept one, lets sync resume when the server is back. */
      care_secret_lookup_async (url, user_id, self->sync_cancellable,
                                on_secret_found_cb, self);
    }
}

/* forget: the person signed out: the kept sign-in goes too. Quitting (or a
 * crash) keeps it for an offline sign-in after the next start. */
static void
care_window_stop_sync (CareWindow *self,
                       gboolean    forget)
{
  CareSyncEngine *engine = self->session ? care_session_get_sync_engine (self->session) : NULL;

  if (self->sync_cancellable != NULL)
    {
      g_cancellable_cancel (self->sync_cancellable);
      g_clear_object (&self->sync_cancellable);
    }

  if (self->sync_indicator != NULL)
    care_sync_indicator_set_engine (self->sync_indicator, NULL);

  if (engine == NULL)
    return;

  g_signal_handlers_disconnect_by_data (engine, self);
  care_sync_engine_stop (engine);

  if (forget)
    care_secret_clear_async (care_sync_engine_get_base_url (engine),
                             care_session_get_user_id (self->session),
                             NULL, NULL, NULL);

  care_session_set_sync_engine (self->session, NULL);
}

static void
care_window_sync_now_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  CareWindow *self = CARE_WINDOW (widget);
  CareSyncEngine *engine = self->session ? care_session_get_sync_engine (self->session) : NULL;

  if (engine != NULL)
    care_sync_engine_kick (engine);
}

static void care_window_lock (CareWindow *self);

/* The sync sign-in ended: the person proves who they are again (a lock
 * that signs in online), and the session goes on. */
static void
care_window_resume_sync_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  care_window_lock (CARE_WINDOW (widget));
}

static void
care_window_show_sync_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  CareWindow *self = CARE_WINDOW (widget);

  if (care_window_show_page (self, "sync"))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* --- sessions --------------------------------------------------------------- */

static void
care_window_start_session (CareWindow      *self,
                           CareRecord      *user,
                           CareSyncSession *online)
{
  g_assert (self->session == NULL);

  self->session = care_session_new (self->store, user);
  self->locked = FALSE;

  g_settings_set_string (self->settings, "last-username",
                         care_record_get (user, "username"));

  care_window_start_sync (self, online);

  care_window_update_user (self);
  care_window_build_pages (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->toast_overlay), TRUE);
  care_window_set_mode (self, "main");

  care_window_note_activity (self);
  care_window_schedule_idle_lock (self);
}

static void
care_window_end_session (CareWindow *self,
                         gboolean    forget_sync)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  g_clear_handle_id (&self->permissions_source, g_source_remove);

  if (self->session == NULL)
    return;

  g_debug ("Signing out %s", care_session_get_user_id (self->session));

  care_window_stop_sync (self, forget_sync);
  care_window_destroy_dependents (self);
  care_window_destroy_pages (self);

  care_store_set_actor (self->store, NULL);
  g_clear_object (&self->session);
  self->locked = FALSE;
}

static void
care_window_lock (CareWindow *self)
{
  CareSyncEngine *engine;

  if (self->session == NULL || self->locked)
    return;

  g_debug ("Locking the workstation");

  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->locked = TRUE;

  /* Nothing of the workspace may react to keys while it is hidden. */
  care_window_hide_dependents (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->toast_overlay), FALSE);

  engine = care_session_get_sync_engine (self->session);
  if (engine != NULL && care_sync_engine_get_state (engine) == CARE_SYNC_STATE_SIGNED_OUT)
    care_signin_page_lock_for_sync (self->signin_page, care_session_get_user (self->session));
  else
    care_signin_page_lock (self->signin_page, care_session_get_user (self->session));
  care_window_set_mode (self, "signin");
  care_signin_page_focus (self->signin_page);
}

static void
care_window_unlock (CareWindow *self)
{
  g_debug ("Unlocking the workstation");

  self->locked = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->toast_overlay), TRUE);
  care_window_set_mode (self, "main");
  care_window_restore_dependents (self);

  care_window_note_activity (self);
  care_window_schedule_idle_lock (self);
}

/* The role changed: offer exactly the pages the new role may use. Not from
 * inside CareStore::changed, which a page may be emitting through. */
static gboolean
care_window_rebuild_pages_idle (gpointer user_data)
{
  CareWindow *self = user_data;
  g_autofree char *page = NULL;

  self->rebuild_source = 0;

  if (self->session == NULL)
    return G_SOURCE_REMOVE;

  page = g_strdup (gtk_stack_get_visible_child_name (self->page_stack));

  care_window_destroy_pages (self);
  care_window_build_pages (self);
  if (page != NULL)
    care_window_show_page (self, page);

  care_window_update_actions (self);

  return G_SOURCE_REMOVE;
}

static gboolean
care_window_sign_out_idle (gpointer user_data)
{
  CareWindow *self = user_data;

  self->rebuild_source = 0;

  if (self->session != NULL)
    {
      care_window_end_session (self, TRUE);
      care_window_show_signin (self, NULL);
    }

  return G_SOURCE_REMOVE;
}

static gboolean
care_window_has_server (CareWindow *self)
{
  g_autofree char *url = care_sync_get_server_url (self->store);

  /* Connected, though the clinic's own record may not have arrived yet. */
  return url != NULL;
}

void
care_window_connect_server (CareWindow *self,
                            const char *url)
{
  g_autofree char *last = NULL;

  g_return_if_fail (CARE_IS_WINDOW (self));
  g_return_if_fail (url != NULL);

  if (self->session != NULL)
    care_window_end_session (self, TRUE);

  care_secret_warm_up ();

  last = g_settings_get_string (self->settings, "last-username");
  care_signin_page_connect (self->signin_page, url, last);
  care_window_set_mode (self, "signin");
  care_signin_page_focus (self->signin_page);
}

/* --- callbacks ----------------------------------------------------------- */

static void
on_setup_page_finished_cb (CareSetupPage *page,
                           const char    *username,
                           CareWindow    *self)
{
  care_window_update_title (self);
  care_window_show_signin (self, username);
}

static void
on_signin_page_signed_in_cb (CareSigninPage *page,
                             CareRecord     *user,
                             CareWindow     *self)
{
  g_autoptr(CareSyncSession) online = care_signin_page_steal_sync_session (page);

  if (self->locked && self->session != NULL &&
      g_strcmp0 (care_record_get_id (user), care_session_get_user_id (self->session)) == 0)
    {
      CareSyncEngine *engine = care_session_get_sync_engine (self->session);

      care_session_set_user (self->session, user);

      /* Unlocking signed in online again (the sync sign-in had ended):
       * sync resumes with the new session. */
      if (online != NULL && engine != NULL)
        {
          care_sync_engine_set_tokens (engine, online->access_token, online->refresh_token);
          care_window_keep_refresh_token (self);
        }

      care_window_unlock (self);
      return;
    }

  care_window_end_session (self, TRUE);
  care_window_start_session (self, user, online);
  care_window_update_title (self);
}

static void
on_signin_page_connect_cancelled_cb (CareSigninPage *page,
                                     CareWindow     *self)
{
  g_autoptr(CareRecord) clinic = care_store_get_clinic (self->store);
  g_autofree char *last = NULL;

  if (clinic == NULL && care_sync_get_server_url (self->store) == NULL)
    {
      care_setup_page_reset (self->setup_page);
      care_window_set_mode (self, "setup");
      return;
    }

  last = g_settings_get_string (self->settings, "last-username");
  care_window_show_signin (self, last);
}

static void
on_setup_page_connect_server_cb (CareSetupPage *page,
                                 const char    *url,
                                 CareWindow    *self)
{
  care_window_connect_server (self, url);
}

static void
on_sidebar_row_selected_cb (GtkListBox    *sidebar,
                            GtkListBoxRow *row,
                            CareWindow    *self)
{
  const char *name;

  if (row == NULL)
    return;

  name = g_object_get_data (G_OBJECT (row), PAGE_NAME_KEY);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->page_stack), name) != 0)
    gtk_stack_set_visible_child_name (self->page_stack, name);
}

static void
on_sidebar_row_activated_cb (GtkListBox    *sidebar,
                             GtkListBoxRow *row,
                             CareWindow    *self)
{
  if (!gtk_list_box_row_is_selected (row))
    gtk_list_box_select_row (sidebar, row);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_page_stack_visible_child_changed_cb (GtkStack   *stack,
                                        GParamSpec *pspec,
                                        CareWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (stack);
  const char *name = gtk_stack_get_visible_child_name (stack);
  GtkListBoxRow *selected;

  if (child == NULL)
    return;

  adw_window_title_set_title (self->content_title,
                              gtk_stack_page_get_title (gtk_stack_get_page (stack, child)));

  selected = gtk_list_box_get_selected_row (self->sidebar);
  if (selected != NULL &&
      g_strcmp0 (g_object_get_data (G_OBJECT (selected), PAGE_NAME_KEY), name) == 0)
    return;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_BOX_ROW (row) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (row), PAGE_NAME_KEY), name) == 0)
        {
          gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (row));
          break;
        }
    }
}

static void
on_back_clicked_cb (GtkButton  *button,
                    CareWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Whether the pages the signed-in role may use differ from those shown. */
static gboolean
care_window_pages_differ (CareWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_infos); i++)
    {
      const CarePageInfo *info = &page_infos[i];
      gboolean allowed = info->get_type != NULL &&
                         (info->permission == NULL || care_session_can (self->session, info->permission)) &&
                         (!info->needs_server || care_session_get_sync_engine (self->session) != NULL);
      gboolean shown = gtk_stack_get_child_by_name (self->page_stack, info->name) != NULL;

      if (allowed != shown)
        return TRUE;
    }

  return FALSE;
}

static gboolean
care_window_permissions_changed_idle (gpointer user_data)
{
  CareWindow *self = user_data;

  self->permissions_source = 0;

  /* Rebuilding closes what the pages had open: only when it matters. */
  if (self->session != NULL && care_window_pages_differ (self) && self->rebuild_source == 0)
    self->rebuild_source = g_idle_add (care_window_rebuild_pages_idle, self);

  care_window_update_actions (self);

  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (CareStore  *store,
                     const char *entity,
                     const char *id,
                     CareWindow *self)
{
  CareSyncEngine *engine = self->session ? care_session_get_sync_engine (self->session) : NULL;

  /* A change made here: send it soon. */
  if (engine != NULL && !self->noting_external)
    care_sync_engine_kick (engine);

  if (g_strcmp0 (entity, "role_permission") == 0 && self->session != NULL)
    {
      /* The clinic's permission matrix arrived or changed (through sync). */
      if (self->permissions_source == 0)
        self->permissions_source = g_idle_add (care_window_permissions_changed_idle, self);
    }
  else if (g_strcmp0 (entity, "tenant") == 0)
    {
      care_window_update_title (self);
    }
  else if (g_strcmp0 (entity, "user") == 0 && self->session != NULL &&
           (id == NULL || g_strcmp0 (id, care_session_get_user_id (self->session)) == 0))
    {
      g_autoptr(CareRecord) user = NULL;

      user = care_store_get (store, care_schema_lookup ("user"),
                             care_session_get_user_id (self->session), NULL);
      if (user == NULL)
        return;

      if (!care_record_get_bool (user, "active"))
        {
          /* Deactivated elsewhere (another workstation, through sync). */
          g_clear_handle_id (&self->rebuild_source, g_source_remove);
          self->rebuild_source = g_idle_add (care_window_sign_out_idle, self);
          return;
        }

      if (g_strcmp0 (care_record_get (user, "role"), care_session_get_role (self->session)) != 0 &&
          self->rebuild_source == 0)
        self->rebuild_source = g_idle_add (care_window_rebuild_pages_idle, self);

      care_session_set_user (self->session, user);
      care_window_update_user (self);
    }
}

/* --- actions ------------------------------------------------------------- */

static void
care_window_lock_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  care_window_lock (CARE_WINDOW (widget));
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

  care_window_end_session (self, TRUE);

  last = g_settings_get_string (self->settings, "last-username");
  care_window_show_signin (self, last);
}

static void
care_window_switch_user_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  CareWindow *self = CARE_WINDOW (widget);

  if (self->session == NULL)
    return;

  care_window_end_session (self, TRUE);
  care_window_show_signin (self, NULL);
}

/* --- window state -------------------------------------------------------- */

static void
care_window_save_state (CareWindow *self)
{
  int width;
  int height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
care_window_close_request (GtkWindow *window)
{
  CareWindow *self = CARE_WINDOW (window);

  care_window_save_state (self);

  return GTK_WINDOW_CLASS (care_window_parent_class)->close_request (window);
}

/* --- GObject ------------------------------------------------------------- */

static void
care_window_constructed (GObject *object)
{
  CareWindow *self = CARE_WINDOW (object);
  g_autoptr(CareRecord) clinic = NULL;
  GListModel *toplevels;

  G_OBJECT_CLASS (care_window_parent_class)->constructed (object);

  g_assert (CARE_IS_STORE (self->store));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);

  care_setup_page_set_store (self->setup_page, self->store);
  care_signin_page_set_store (self->signin_page, self->store);

  toplevels = gtk_window_get_toplevels ();
  g_signal_connect_object (toplevels, "items-changed",
                           G_CALLBACK (on_toplevels_items_changed_cb), self, 0);
  care_window_track_activity (self, GTK_WINDOW (self));

  if (care_window_has_server (self))
    care_secret_warm_up ();

  clinic = care_store_get_clinic (self->store);
  if (clinic == NULL && !care_window_has_server (self))
    {
      care_window_set_mode (self, "setup");
    }
  else
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-username");

      care_window_show_signin (self, last);
    }
}

static void
care_window_dispose (GObject *object)
{
  CareWindow *self = CARE_WINDOW (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  g_clear_handle_id (&self->permissions_source, g_source_remove);

  /* Quitting is not signing out: the kept sign-in stays in the keyring. */
  if (self->session != NULL)
    care_window_stop_sync (self, FALSE);

  if (self->session != NULL && self->store != NULL)
    care_store_set_actor (self->store, NULL);
  g_clear_object (&self->session);

  if (self->hidden_windows != NULL)
    g_ptr_array_set_size (self->hidden_windows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_WINDOW);

  G_OBJECT_CLASS (care_window_parent_class)->dispose (object);
}

static void
care_window_finalize (GObject *object)
{
  CareWindow *self = CARE_WINDOW (object);

  g_clear_pointer (&self->hidden_windows, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_window_parent_class)->finalize (object);
}

static void
care_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CareWindow *self = CARE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CareWindow *self = CARE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_window_class_init (CareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = care_window_constructed;
  object_class->dispose = care_window_dispose;
  object_class->finalize = care_window_finalize;
  object_class->get_property = care_window_get_property;
  object_class->set_property = care_window_set_property;

  window_class->close_request = care_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CARE_TYPE_STORE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CARE_TYPE_SETUP_PAGE);
  g_type_ensure (CARE_TYPE_SIGNIN_PAGE);
  g_type_ensure (CARE_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/window/care-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CareWindow, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, signin_page);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, page_stack);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, user_button);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, user_avatar);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, user_name_label);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, user_role_label);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, sync_indicator);
  gtk_widget_class_bind_template_callback (widget_class, on_setup_page_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_signin_page_signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_page_stack_visible_child_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_signin_page_connect_cancelled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_setup_page_connect_server_cb);

  gtk_widget_class_install_action (widget_class, "win.lock", NULL, care_window_lock_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, care_window_sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.switch-user", NULL, care_window_switch_user_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, care_window_sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.show-sync", NULL, care_window_show_sync_action);
  gtk_widget_class_install_action (widget_class, "win.resume-sync", NULL, care_window_resume_sync_action);
}

static void
care_window_init (CareWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->hidden_windows = g_ptr_array_new_with_free_func (g_object_unref);
  self->settings = g_settings_new (BASE_ID);
  self->last_activity = g_get_monotonic_time ();
  self->idle_seconds = g_settings_get_uint (self->settings, "idle-lock-seconds");
  g_signal_connect_object (self->settings, "changed::idle-lock-seconds",
                           G_CALLBACK (on_idle_lock_seconds_changed_cb), self, 0);

#if DEVELOPMENT
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}
