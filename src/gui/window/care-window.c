/* care-window.c: the main window
 *
 * One window per workstation. A stack switches between the first-run
 * assistant, the sign-in (and lock) page and the signed-in workspace: a
 * sidebar of the pages the signed-in role may use and the pages themselves.
 * The sync engine's state is in the header bar, its problems on the Sync
 * page. The actions, the lock and the sessions are in their own files (see
 * care-window-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-window"

#include "config.h"

#include <glib/gi18n.h>

#include "care-alerts-page.h"
#include "care-audit-page.h"
#include "care-appointments-page.h"
#include "care-assets-page.h"
#include "care-attendance-page.h"
#include "care-bed-board-page.h"
#include "care-billing-page.h"
#include "care-chart-page.h"
#include "care-clinic-page.h"
#include "care-doctor-page.h"
#include "care-forms-page.h"
#include "care-medication-page.h"
#include "care-messages-page.h"
#include "care-lab-page.h"
#include "care-pharmacy-page.h"
#include "care-patients-page.h"
#include "care-page-slot.h"
#include "care-reports-page.h"
#include "care-permissions-page.h"
#include "care-requests-page.h"
#include "care-roster-page.h"
#include "care-secret.h"
#include "care-staff-page.h"
#include "care-sync-page.h"
#include "care-tasks-page.h"
#include "care-vitals-page.h"
#include "care-ward-monitor-page.h"
#include "care-waiting-room-page.h"
#include "care-window-private.h"

/* Every page of the workspace, in sidebar order. Each is a CarePage that
 * says itself which role may see it (care_page_class_set_info()); the stack
 * holds a CarePageSlot for each, which makes the page when first shown. A role
 * opens on its first page, so each role's own work comes before what every
 * role shares (messages, tasks, alerts, attendance). */
static GType (* const page_types[]) (void) = {
  care_doctor_page_get_type,
  care_patients_page_get_type,
  care_chart_page_get_type,
  care_appointments_page_get_type,
  care_requests_page_get_type,
  care_forms_page_get_type,
  care_waiting_room_page_get_type,
  care_ward_monitor_page_get_type,
  care_bed_board_page_get_type,
  care_vitals_page_get_type,
  care_medication_page_get_type,
  care_lab_page_get_type,
  care_pharmacy_page_get_type,
  care_messages_page_get_type,
  care_tasks_page_get_type,
  care_staff_page_get_type,
  care_permissions_page_get_type,
  care_audit_page_get_type,
  care_clinic_page_get_type,
  care_alerts_page_get_type,
  care_attendance_page_get_type,
  care_roster_page_get_type,
  care_assets_page_get_type,
  care_billing_page_get_type,
  care_reports_page_get_type,
  care_sync_page_get_type,
};

G_DEFINE_FINAL_TYPE (CareWindow, care_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

  /* Shown when the workspace is: made for it if need be. */
  _care_window_ensure_workspace (self);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

gboolean
care_window_show_page (CareWindow *self,
                       const char *name)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->page_stack == NULL || gtk_stack_get_child_by_name (self->page_stack, name) == NULL)
    return FALSE;

  gtk_stack_set_visible_child_name (self->page_stack, name);
  return TRUE;
}

GtkWidget *
care_window_get_page (CareWindow *self,
                      const char *name)
{
  GtkWidget *slot;

  g_return_val_if_fail (CARE_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (self->page_stack == NULL)
    return NULL;

  slot = gtk_stack_get_child_by_name (self->page_stack, name);
  return slot != NULL ? GTK_WIDGET (care_page_slot_get_page (CARE_PAGE_SLOT (slot))) : NULL;
}

const char *
care_window_get_page_name (CareWindow *self)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), NULL);

  return self->page_stack ? gtk_stack_get_visible_child_name (self->page_stack) : NULL;
}

GCancellable *
care_window_get_cancellable (CareWindow *self)
{
  g_return_val_if_fail (CARE_IS_WINDOW (self), NULL);

  return self->cancellable;
}

void
_care_window_update_title (CareWindow *self)
{
  g_autoptr(CareRecord) clinic = care_store_get_clinic (self->store);
  const char *clinic_name = clinic ? care_record_get (clinic, "name") : NULL;

  if (self->sidebar_title != NULL)
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

void
_care_window_update_user (CareWindow *self)
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

void
_care_window_set_mode (CareWindow *self,
                      const char *mode)
{
  GtkStackTransitionType transition = GTK_STACK_TRANSITION_TYPE_CROSSFADE;

  if (g_str_equal (mode, "setup"))
    _care_window_ensure_setup_page (self);
  else if (g_str_equal (mode, "main"))
    _care_window_ensure_workspace (self);

  /* Locking must not fade the workspace out slowly in front of a visitor.
   * The workspace comes in at once too: under GL, a crossfade draws both
   * sides into textures of the window's size, and GTK's renderer keeps
   * them (about 6 MiB with llvmpipe; BENCHMARKS.md, branch memory4). */
  if (self->locked || !gtk_widget_get_mapped (GTK_WIDGET (self)) || g_str_equal (mode, "main"))
    transition = GTK_STACK_TRANSITION_TYPE_NONE;

  gtk_stack_set_visible_child_full (self->mode_stack, mode, transition);

  _care_window_update_title (self);
  _care_window_update_actions (self);
}

void
_care_window_build_pages (CareWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_types); i++)
    {
      GType type = page_types[i] ();
      GtkStackPage *stack_page;

      if (!care_page_type_is_available (type, self->session))
        continue;

      /* The sidebar makes its row from the stack page (CareSidebar); the
       * page itself is made when first shown (CarePageSlot). */
      stack_page = gtk_stack_add_titled (self->page_stack,
                                         GTK_WIDGET (care_page_slot_new (type, self->session)),
                                         care_page_type_get_name (type),
                                         care_page_type_get_title (type));
      gtk_stack_page_set_icon_name (stack_page, care_page_type_get_icon_name (type));
    }

  care_split_view_set_show_content (self->split_view, TRUE);
}

void
_care_window_destroy_pages (CareWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->page_stack))) != NULL)
    gtk_stack_remove (self->page_stack, child);

  adw_window_title_set_title (self->content_title, "");
}

static gboolean
care_window_rebuild_pages_idle (gpointer user_data)
{
  CareWindow *self = user_data;
  g_autofree char *page = NULL;

  self->rebuild_source = 0;

  if (self->session == NULL)
    return G_SOURCE_REMOVE;

  page = g_strdup (gtk_stack_get_visible_child_name (self->page_stack));

  _care_window_destroy_pages (self);
  _care_window_build_pages (self);
  if (page != NULL)
    care_window_show_page (self, page);

  _care_window_update_actions (self);

  return G_SOURCE_REMOVE;
}

/* Whether the pages the signed-in role may use differ from those shown. */
static gboolean
care_window_pages_differ (CareWindow *self)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->page_stack));

  for (guint i = 0; i < G_N_ELEMENTS (page_types); i++)
    {
      GType type = page_types[i] ();
      gboolean allowed = care_page_type_is_available (type, self->session);
      gboolean shown = child != NULL && care_page_slot_get_page_type (CARE_PAGE_SLOT (child)) == type;

      if (allowed != shown)
        return TRUE;
      if (shown)
        child = gtk_widget_get_next_sibling (child);
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

  _care_window_update_actions (self);

  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (CareStore  *store,
                     const char *entity,
                     const char *id,
                     CareWindow *self)
{
  CareSyncEngine *engine = self->session ? care_session_get_sync_engine (self->session) : NULL;

  /* A change made here: send it soon; an emergency alert at once. */
  if (engine != NULL && !self->noting_external && g_strcmp0 (entity, "emergency_alert") == 0)
    care_sync_engine_kick_now (engine);
  else if (engine != NULL && !self->noting_external)
    care_sync_engine_kick (engine);

  if (g_strcmp0 (entity, "role_permission") == 0 && self->session != NULL)
    {
      /* The clinic's permission matrix arrived or changed (through sync). */
      if (self->permissions_source == 0)
        self->permissions_source = g_idle_add (care_window_permissions_changed_idle, self);
    }
  else if (g_strcmp0 (entity, "tenant") == 0)
    {
      _care_window_update_title (self);
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
          self->rebuild_source = g_idle_add (_care_window_sign_out_idle, self);
          return;
        }

      if (g_strcmp0 (care_record_get (user, "role"), care_session_get_role (self->session)) != 0 &&
          self->rebuild_source == 0)
        self->rebuild_source = g_idle_add (care_window_rebuild_pages_idle, self);

      care_session_set_user (self->session, user);
      _care_window_update_user (self);
    }
}

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
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (care_window_parent_class)->close_request (window);
}

static void
care_window_constructed (GObject *object)
{
  CareWindow *self = CARE_WINDOW (object);
  g_autoptr(CareRecord) clinic = NULL;

  G_OBJECT_CLASS (care_window_parent_class)->constructed (object);

  g_assert (CARE_IS_STORE (self->store));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);

  _care_window_lock_init (self);

  if (_care_window_has_server (self))
    care_secret_warm_up ();

  clinic = care_store_get_clinic (self->store);
  if (clinic == NULL && !_care_window_has_server (self))
    {
      _care_window_set_mode (self, "setup");
    }
  else
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-username");

      _care_window_show_signin (self, last);
    }
}

static void
care_window_dispose (GObject *object)
{
  CareWindow *self = CARE_WINDOW (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  g_clear_handle_id (&self->permissions_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);

  /* Quitting is not signing out: the kept sign-in stays in the keyring. */
  if (self->session != NULL)
    _care_window_stop_sync (self, FALSE);

  if (self->session != NULL && self->store != NULL)
    care_store_set_actor (self->store, NULL);
  g_clear_object (&self->session);

  if (self->hidden_windows != NULL)
    g_ptr_array_set_size (self->hidden_windows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_WINDOW);
  self->setup_page = NULL;   /* the mode stack's children, gone with it */
  self->signin_page = NULL;
  _care_window_forget_workspace (self);

  G_OBJECT_CLASS (care_window_parent_class)->dispose (object);
}

static void
care_window_finalize (GObject *object)
{
  CareWindow *self = CARE_WINDOW (object);

  g_clear_pointer (&self->hidden_windows, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

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

  g_type_ensure (CARE_TYPE_ALERT_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/window/care-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CareWindow, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, CareWindow, alert_banner);

  _care_window_class_actions_init (klass);
}

static void
care_window_init (CareWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->hidden_windows = g_ptr_array_new_with_free_func (g_object_unref);
  self->settings = g_settings_new (BASE_ID);
  self->cancellable = g_cancellable_new ();

#if DEVELOPMENT
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}
