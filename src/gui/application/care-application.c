/* care-application.c: the Caredesk application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-application"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "care-application.h"
#include "care-kiosk-window.h"
#include "care-opening-window.h"
#include "care-preferences-window.h"
#include "care-server-check.h"
#include "care-sync-engine.h"
#include "care-window.h"
#include "care-alert.h"

#define DEMO_PATIENTS 2000

struct _CareApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  CareStore      *store;
  GtkWindow      *opening;     /* while the store does its long work first */

  char           *store_path;  /* --store */
  gboolean        demo;        /* --demo */
  gboolean        kiosk;       /* --kiosk */
  char           *server_url;  /* --server */
};

G_DEFINE_FINAL_TYPE (CareApplication, care_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "store", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the clinic store at PATH"), N_("PATH") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open a demo clinic with sample staff and patients"), NULL },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect the clinic store to the clinic server at URL, unless it syncs with one already"), N_("URL") },
  { "kiosk", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run as the patients’ kiosk of the clinic server given with --server"), NULL },
  { NULL }
};

CareApplication *
care_application_new (void)
{
  return g_object_new (CARE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/caredesk/Caredesk",
                       NULL);
}

CareStore *
care_application_get_store (CareApplication *self)
{
  g_return_val_if_fail (CARE_IS_APPLICATION (self), NULL);

  return self->store;
}

GSettings *
care_application_get_settings (CareApplication *self)
{
  g_return_val_if_fail (CARE_IS_APPLICATION (self), NULL);

  return self->settings;
}

/* --store, else --demo, else $CAREDESK_STORE, else the store-path key,
 * else the default file in the user data directory. */
static char *
care_application_dup_store_path (CareApplication *self)
{
  const char *env;
  g_autofree char *configured = NULL;

  if (self->store_path != NULL)
    return g_strdup (self->store_path);

  if (self->demo)
    return g_build_filename (g_get_user_data_dir (), "caredesk", "demo.sqlite", NULL);

  env = g_getenv ("CAREDESK_STORE");
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  configured = g_settings_get_string (self->settings, "store-path");
  if (configured != NULL && *configured != '\0')
    return g_steal_pointer (&configured);

  return g_build_filename (g_get_user_data_dir (), "caredesk", "caredesk.sqlite", NULL);
}

/* The demo's records, then store is the application's (taken). */
static gboolean
care_application_take_store (CareApplication  *self,
                             CareStore        *store,
                             GError          **error)
{
  /* The same demo clinic as the server's, with more patients to scroll. */
  if (self->demo &&
      !(care_demo_populate (store, DEMO_PATIENTS, error) &&
        care_demo_add_clinic_records (store, CARE_DEMO_SEED, error)))
    {
      g_object_unref (store);
      return FALSE;
    }

  self->store = store;

  return TRUE;
}

/* Opens the store at once, unless it has long work to do first (sorting
 * its patients for this language, an upgrade): then self->store stays
 * NULL and *pending says what the work is. */
static gboolean
care_application_open_store (CareApplication  *self,
                             CareStoreWork    *pending,
                             GError          **error)
{
  g_autofree char *path = care_application_dup_store_path (self);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;
  CareStore *store;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  g_debug ("Opening store %s", path);

  store = care_store_open_if_quick (path, pending, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (store == NULL)
    return TRUE;

  return care_application_take_store (self, store, error);
}

static void
care_application_show_fatal (CareApplication *self,
                             const GError    *error)
{
  g_autofree char *path = care_application_dup_store_path (self);
  GtkWidget *dialog;
  const char *heading;

  if (g_error_matches (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NEWER_SCHEMA))
    heading = _("A Newer Caredesk Is Needed");
  else
    heading = _("Cannot Open the Clinic Store");

  gtk_window_set_default_icon_name (APP_ID);
  dialog = care_alert_new (heading, NULL);
  /* Translators: the first %s is an explanation, the second a file path */
  care_alert_format_body (dialog, _("%s\n\nClinic store: %s"), error->message, path);
  care_alert_add_response (dialog, "quit", _("_Quit"), CARE_ALERT_DEFAULT);
  care_alert_set_default_response (dialog, "quit");
  care_alert_set_close_response (dialog, "quit");

  /* No window holds the application while the alert shows: its answer
   * quits, and nothing else lets go. */
  g_application_hold (G_APPLICATION (self));
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (g_application_quit),
                           self, G_CONNECT_SWAPPED);
  care_alert_present (dialog, NULL);
}

/* The window manager's icon (on X11, _NET_WM_ICON: each size of the app
 * icon decoded and copied into a property, 24 M instructions, 3% of the
 * start) is given once the window has drawn its first frame: nothing on
 * screen needs it before. Later windows take the default. */
static void
on_first_frame_cb (GdkFrameClock *clock,
                   GtkWindow     *window)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame_cb, window);
  gtk_window_set_default_icon_name (APP_ID);
  gtk_window_set_icon_name (window, APP_ID);
}

static void
present_then_set_icon (GtkWindow *window)
{
  gtk_window_present (window);
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                           G_CALLBACK (on_first_frame_cb), window, 0);
}

static void
care_application_present_main_window (CareApplication *self)
{
  GtkWindow *window = GTK_WINDOW (care_window_new (GTK_APPLICATION (self), self->store));

  /* --server: a store that syncs with a server keeps it; any other is
   * connected through the sign-in page (nothing changes in the store until
   * someone signs in online). */
  if (self->server_url != NULL)
    {
      g_autofree char *current = care_sync_get_server_url (self->store);

      if (current == NULL)
        care_window_connect_server (CARE_WINDOW (window), self->server_url);
      else if (g_strcmp0 (current, self->server_url) != 0)
        g_message ("This clinic store syncs with %s already; --server %s is ignored",
                   current, self->server_url);
    }

  present_then_set_icon (window);
}

/* Quitting would end the worker halfway, and the preferences may move
 * the store: neither while the store is being prepared. */
static void
set_app_actions_enabled (CareApplication *self,
                         gboolean         enabled)
{
  const char *const names[] = { "quit", "preferences" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), names[i])),
                                 enabled);
}

static void
on_store_opened_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CareApplication) self = user_data;
  g_autoptr(GtkWindow) opening = g_steal_pointer (&self->opening);
  g_autoptr(GError) error = NULL;
  CareStore *store = care_store_open_finish (result, &error);

  set_app_actions_enabled (self, TRUE);
  if (store == NULL || !care_application_take_store (self, store, &error))
    {
      g_warning ("Could not open the clinic store: %s", error->message);
      care_application_show_fatal (self, error);
    }
  else
    care_application_present_main_window (self);
  /* After the next window is there: the application always has one. */
  gtk_window_destroy (opening);
}

/* The store's long work in a worker, this window on screen meanwhile. */
static void
care_application_open_store_async (CareApplication     *self,
                                   const CareStoreWork *pending)
{
  g_autofree char *path = care_application_dup_store_path (self);

  self->opening = g_object_ref (GTK_WINDOW (care_opening_window_new (GTK_APPLICATION (self), pending)));
  set_app_actions_enabled (self, FALSE);
  present_then_set_icon (self->opening);
  /* The window is progress's data: self->opening keeps it until the
   * callback, after which progress is not called. */
  care_store_open_async (path, care_opening_window_progress, self->opening, NULL,
                         on_store_opened_cb, g_object_ref (self));
}

static void
care_application_activate (GApplication *application)
{
  CareApplication *self = CARE_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  /* The kiosk holds no clinic store: only a patient's own records, while
   * they are signed in (care-kiosk-window.h). */
  if (self->kiosk)
    {
      window = GTK_WINDOW (care_kiosk_window_new (GTK_APPLICATION (self), self->server_url));
      gtk_window_fullscreen (window);
      present_then_set_icon (window);
      return;
    }

  if (self->store == NULL)
    {
      CareStoreWork pending;

      if (!care_application_open_store (self, &pending, &error))
        {
          g_warning ("Could not open the clinic store: %s", error->message);
          care_application_show_fatal (self, error);
          return;
        }
      if (self->store == NULL)
        {
          care_application_open_store_async (self, &pending);
          return;
        }
    }

  care_application_present_main_window (self);
}

static int
care_application_handle_local_options (GApplication *application,
                                       GVariantDict *options)
{
  CareApplication *self = CARE_APPLICATION (application);
  g_autofree char *store_path = NULL;
  const char *server = NULL;

  if (g_variant_dict_lookup (options, "store", "^ay", &store_path) &&
      store_path != NULL && *store_path != '\0')
    {
      g_clear_pointer (&self->store_path, g_free);
      self->store_path = g_canonicalize_filename (store_path, NULL);
    }

  if (g_variant_dict_contains (options, "demo"))
    self->demo = TRUE;

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = care_server_url_normalize (server, &error);

      if (url == NULL)
        {
          g_printerr ("%s: --server %s: %s\n", g_get_prgname (), server, error->message);
          return 1;
        }

      g_free (self->server_url);
      self->server_url = g_steal_pointer (&url);
    }

  if (g_variant_dict_contains (options, "kiosk"))
    {
      if (self->server_url == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), _("--kiosk needs the clinic server: add --server URL"));
          return 1;
        }
      self->kiosk = TRUE;
    }

  return -1;
}

static void
on_quit_activate_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  CareApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Closing (rather than just quitting) lets windows save their state. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));

  g_application_quit (G_APPLICATION (self));
}

static void
on_about_activate_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CareApplication *self = user_data;
  const char *developers[] = { _("The Caredesk developers"), NULL };
  GtkWindow *parent;
  GtkWidget *about;
  GType about_type;

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* AdwAboutWindow is deprecated since libadwaita 1.6; AdwAboutDialog
   * (1.5) shows over the window instead. */
#if ADW_CHECK_VERSION (1, 5, 0)
  about_type = ADW_TYPE_ABOUT_DIALOG;
#else
  about_type = ADW_TYPE_ABOUT_WINDOW;
#endif
  about = g_object_new (about_type,
                        "application-name", _("Caredesk"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Caredesk developers"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/caredesk/caredesk",
                        "issue-url", "https://github.com/caredesk/caredesk/issues",
                        "copyright", _("© The Caredesk developers"),
                        /* Translators: replace with your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (about), GTK_WIDGET (parent));
#else
  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_set_modal (GTK_WINDOW (about), TRUE);
  gtk_window_present (GTK_WINDOW (about));
#endif
}

static void
on_preferences_activate_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  CareApplication *self = user_data;
  GtkWindow *parent;
  CarePreferencesWindow *preferences;

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* Only a signed-in, unlocked user may change how the workstation locks. */
  if (CARE_IS_WINDOW (parent) && !care_window_get_signed_in (CARE_WINDOW (parent)))
    return;

  preferences = care_preferences_window_new (self->settings);
  if (CARE_IS_WINDOW (parent))
    care_preferences_window_set_main_window (preferences, CARE_WINDOW (parent));
  care_preferences_window_present (preferences, parent);
}

static const GActionEntry app_actions[] = {
  { "quit", on_quit_activate_cb },
  { "about", on_about_activate_cb },
  { "preferences", on_preferences_activate_cb },
};

static void
care_application_startup (GApplication *application)
{
  CareApplication *self = CARE_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.lock", { "<Control>l", NULL } },
    { "win.sign-out", { "<Control><Shift>q", NULL } },
    { "win.raise-alert", { "<Control><Shift>e", NULL } },
    /* GtkApplication's own, when it found gtk/help-overlay.ui. */
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (care_application_parent_class)->startup (application);

  self->settings = g_settings_new (BASE_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action,
                                           accels[i].accels);
}

static void
care_application_finalize (GObject *object)
{
  CareApplication *self = CARE_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (care_application_parent_class)->finalize (object);
}

static void
care_application_class_init (CareApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = care_application_finalize;

  app_class->activate = care_application_activate;
  app_class->startup = care_application_startup;
  app_class->handle_local_options = care_application_handle_local_options;
}

static void
care_application_init (CareApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Run the clinic from this workstation."));
}
