/* care-preferences-window.c: workstation preferences
 *
 * With the main window given (care_preferences_window_set_main_window()),
 * a "Clinic Server" group shows the server this workstation syncs with and
 * how sync is going; on a standalone workstation it connects one: the
 * address is checked off the main loop, then the main window signs the
 * person out and asks for their account on that server. The first online
 * sign-in makes the store the server's clinic, and the outbox then sends
 * what was recorded here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "care-preferences-window.h"
#include "care-server-check.h"
#include "care-sync-text.h"
#include "care-window.h"

/* Choices for "Lock after", in minutes. */
static const guint lock_minutes[] = { 1, 2, 5, 10, 15, 30, 60 };

struct _CarePreferencesWindow
{
#if ADW_CHECK_VERSION (1, 5, 0)
  AdwPreferencesDialog  parent_instance;
#else
  AdwPreferencesWindow  parent_instance;
#endif

  GSettings            *settings;
  CareWindow           *main_window;   /* weak */
  CareSyncEngine       *engine;
  GCancellable         *check_cancellable;

  /* Template widgets */
  AdwComboRow          *lock_row;
  AdwEntryRow          *location_row;
  AdwPreferencesGroup  *server_group;
  AdwActionRow         *server_url_row;
  GtkImage             *server_insecure_icon;
  AdwActionRow         *server_status_row;
  GtkButton            *server_sync_button;
  AdwEntryRow          *server_entry_row;
  GtkButton            *server_connect_button;
  GtkSpinner           *server_spinner;
  GtkLabel             *server_error_label;
  GtkLabel             *server_hint_label;
};

#if ADW_CHECK_VERSION (1, 5, 0)
G_DEFINE_FINAL_TYPE (CarePreferencesWindow, care_preferences_window, ADW_TYPE_PREFERENCES_DIALOG)
#else
G_DEFINE_FINAL_TYPE (CarePreferencesWindow, care_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)
#endif

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CarePreferencesWindow *
care_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (CARE_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}

/* idle-lock-seconds -> the nearest choice */
static gboolean
lock_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  guint seconds = g_variant_get_uint32 (variant);
  guint best = 0;

  for (guint i = 1; i < G_N_ELEMENTS (lock_minutes); i++)
    {
      if (ABS ((int) lock_minutes[i] * 60 - (int) seconds) <
          ABS ((int) lock_minutes[best] * 60 - (int) seconds))
        best = i;
    }

  g_value_set_uint (value, best);
  return TRUE;
}

static GVariant *
lock_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (lock_minutes))
    return NULL;

  return g_variant_new_uint32 (lock_minutes[i] * 60);
}

/* --- the clinic server ------------------------------------------------------- */

static void
care_preferences_window_update_status (CarePreferencesWindow *self)
{
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  const char *state_text;
  gint64 pending;

  if (self->engine == NULL)
    {
      adw_action_row_set_subtitle (self->server_status_row,
                                   _("Sync starts when someone signs in."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->server_sync_button), FALSE);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->server_sync_button), TRUE);
  pending = care_sync_engine_get_pending (self->engine);

  switch (care_sync_engine_get_state (self->engine))
    {
    case CARE_SYNC_STATE_OFFLINE:
      state_text = _("The server cannot be reached");
      break;
    case CARE_SYNC_STATE_SYNCING:
      state_text = _("Syncing…");
      break;
    case CARE_SYNC_STATE_SIGNED_OUT:
      state_text = _("Sign in again to sync");
      break;
    case CARE_SYNC_STATE_ONLINE:
    default:
      state_text = pending > 0 ? _("Connected") : _("Up to date");
      break;
    }

  when = care_sync_format_when (care_sync_engine_get_last_sync (self->engine), TRUE);
  /* Translators: sync status and when it last completed: "Up to date · last synced 2 minutes ago" */
  text = g_strdup_printf (_("%s · last synced: %s"), state_text, when);
  adw_action_row_set_subtitle (self->server_status_row, text);
}

static void
on_engine_notify_cb (GObject               *engine,
                     GParamSpec            *pspec,
                     CarePreferencesWindow *self)
{
  care_preferences_window_update_status (self);
}

static void
on_sync_now_clicked_cb (GtkButton             *button,
                        CarePreferencesWindow *self)
{
  if (self->engine != NULL)
    care_sync_engine_sync_now (self->engine);
}

static void
care_preferences_window_set_checking (CarePreferencesWindow *self,
                                      gboolean               checking)
{
  gtk_spinner_set_spinning (self->server_spinner, checking);
  gtk_widget_set_visible (GTK_WIDGET (self->server_spinner), checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_connect_button), !checking);
  gtk_editable_set_editable (GTK_EDITABLE (self->server_entry_row), !checking);
}

static void
care_preferences_window_show_server_error (CarePreferencesWindow *self,
                                           const char            *message)
{
  /* Only the message: an "error" row would paint its Connect button red. */
  gtk_label_set_label (self->server_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->server_error_label), message != NULL);
}

static void
care_preferences_window_update_hint (CarePreferencesWindow *self)
{
  care_server_url_update_hint (self->server_hint_label,
                               gtk_editable_get_text (GTK_EDITABLE (self->server_entry_row)));
}

static void
on_server_checked_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CarePreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  CareWindow *main_window;

  url = care_server_check_finish (result, &error);
  if (url == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_object (&self->check_cancellable);
      care_preferences_window_set_checking (self, FALSE);
      care_preferences_window_show_server_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->server_entry_row));
      return;
    }

  g_clear_object (&self->check_cancellable);
  care_preferences_window_set_checking (self, FALSE);
  main_window = self->main_window;

  care_preferences_window_close (self);

  if (main_window != NULL)
    care_window_connect_server (main_window, url);
}

static void
care_preferences_window_connect (CarePreferencesWindow *self)
{
  if (self->check_cancellable != NULL)
    return;

  care_preferences_window_show_server_error (self, NULL);
  care_preferences_window_set_checking (self, TRUE);
  self->check_cancellable = g_cancellable_new ();
  care_server_check_async (gtk_editable_get_text (GTK_EDITABLE (self->server_entry_row)),
                           self->check_cancellable, on_server_checked_cb, g_object_ref (self));
}

static void
on_connect_clicked_cb (GtkButton             *button,
                       CarePreferencesWindow *self)
{
  care_preferences_window_connect (self);
}

static void
on_server_activated_cb (AdwEntryRow           *row,
                        CarePreferencesWindow *self)
{
  care_preferences_window_connect (self);
}

static void
on_server_changed_cb (GtkEditable           *editable,
                      CarePreferencesWindow *self)
{
  care_preferences_window_show_server_error (self, NULL);
  care_preferences_window_update_hint (self);
}

void
care_preferences_window_set_main_window (CarePreferencesWindow *self,
                                         CareWindow            *window)
{
  g_autofree char *url = NULL;
  CareSession *session;
  gboolean connected;

  g_return_if_fail (CARE_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (window == NULL || CARE_IS_WINDOW (window));

  g_set_weak_pointer (&self->main_window, window);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);

  gtk_widget_set_visible (GTK_WIDGET (self->server_group), window != NULL);
  if (window == NULL)
    return;

  url = care_sync_get_server_url (care_window_get_store (window));
  connected = url != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->server_url_row), connected);
  gtk_widget_set_visible (GTK_WIDGET (self->server_status_row), connected);
  gtk_widget_set_visible (GTK_WIDGET (self->server_entry_row), !connected);
  gtk_widget_set_visible (GTK_WIDGET (self->server_hint_label), !connected);
  gtk_widget_set_visible (GTK_WIDGET (self->server_error_label), FALSE);

  if (connected)
    {
      adw_preferences_group_set_description (self->server_group,
                                             _("This workstation shares the clinic’s records with the other workstations through this server."));
      if (care_server_url_is_insecure (url))
        {
          /* Translators: %s is the server's address */
          g_autofree char *text = g_strdup_printf (_("%s — not encrypted: for the clinic’s own network only"), url);

          adw_action_row_set_subtitle (self->server_url_row, text);
        }
      else
        {
          adw_action_row_set_subtitle (self->server_url_row, url);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->server_insecure_icon), care_server_url_is_insecure (url));

      session = care_window_get_session (window);
      if (session != NULL && care_session_get_sync_engine (session) != NULL)
        {
          self->engine = g_object_ref (care_session_get_sync_engine (session));
          g_signal_connect_object (self->engine, "notify",
                                   G_CALLBACK (on_engine_notify_cb), self, 0);
        }
      care_preferences_window_update_status (self);
    }
  else
    {
      adw_preferences_group_set_description (self->server_group,
                                             _("This workstation keeps the clinic’s records on its own. To share them with the other workstations, connect it to your clinic’s server: you then sign in again with your account there, and what was recorded here is sent to the server."));
      care_preferences_window_update_hint (self);
    }
}

void
care_preferences_window_present (CarePreferencesWindow *self,
                                 GtkWindow             *parent)
{
  g_return_if_fail (CARE_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (self), GTK_WIDGET (parent));
#else
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_present (GTK_WINDOW (self));
#endif
}

void
care_preferences_window_close (CarePreferencesWindow *self)
{
  g_return_if_fail (CARE_IS_PREFERENCES_WINDOW (self));

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_force_close (ADW_DIALOG (self));
#else
  gtk_window_destroy (GTK_WINDOW (self));
#endif
}

static void
care_preferences_window_constructed (GObject *object)
{
  CarePreferencesWindow *self = CARE_PREFERENCES_WINDOW (object);
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);

  G_OBJECT_CLASS (care_preferences_window_parent_class)->constructed (object);

  for (guint i = 0; i < G_N_ELEMENTS (lock_minutes); i++)
    {
      g_autofree char *label = NULL;

      if (lock_minutes[i] == 60)
        label = g_strdup (_("1 hour"));
      else
        label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u minute", "%u minutes",
                                              lock_minutes[i]),
                                 lock_minutes[i]);
      gtk_string_list_append (choices, label);
    }

  adw_combo_row_set_model (self->lock_row, G_LIST_MODEL (choices));

  g_settings_bind_with_mapping (self->settings, "idle-lock-seconds",
                                self->lock_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                lock_get_mapping, lock_set_mapping,
                                NULL, NULL);
  g_settings_bind (self->settings, "workstation-location", self->location_row, "text", G_SETTINGS_BIND_DEFAULT);
}

static void
care_preferences_window_dispose (GObject *object)
{
  CarePreferencesWindow *self = CARE_PREFERENCES_WINDOW (object);

  if (self->check_cancellable != NULL)
    {
      g_cancellable_cancel (self->check_cancellable);
      g_clear_object (&self->check_cancellable);
    }
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_weak_pointer (&self->main_window);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (care_preferences_window_parent_class)->dispose (object);
}

static void
care_preferences_window_finalize (GObject *object)
{
  CarePreferencesWindow *self = CARE_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (care_preferences_window_parent_class)->finalize (object);
}

static void
care_preferences_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CarePreferencesWindow *self = CARE_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_preferences_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  CarePreferencesWindow *self = CARE_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_preferences_window_class_init (CarePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = care_preferences_window_constructed;
  object_class->dispose = care_preferences_window_dispose;
  object_class->finalize = care_preferences_window_finalize;
  object_class->get_property = care_preferences_window_get_property;
  object_class->set_property = care_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/preferences/care-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, lock_row);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, location_row);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, server_group);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, server_url_row);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, server_insecure_icon);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, server_status_row);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, server_sync_button);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, server_entry_row);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, server_connect_button);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, server_spinner);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, server_error_label);
  gtk_widget_class_bind_template_child (widget_class, CarePreferencesWindow, server_hint_label);
  gtk_widget_class_bind_template_callback (widget_class, on_sync_now_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_server_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_server_changed_cb);
}

static void
care_preferences_window_init (CarePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* What the template cannot say for both parents. */
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_set_content_width (ADW_DIALOG (self), 560);
  adw_dialog_set_content_height (ADW_DIALOG (self), 520);
#else
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 520);
#endif
}
