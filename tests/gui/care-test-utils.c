/* care-test-utils.c: helpers for widget tests against real windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-test"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "care-fonts.h"
#include "care-split-view.h"
#include "care-test-utils.h"

static GtkApplication *test_app;

void
care_test_init (int    *argc,
                char ***argv)
{
  const char *localedir = g_getenv ("CAREDESK_LOCALEDIR");

  g_test_init (argc, argv, NULL);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Under Xvfb GL is llvmpipe, whose frames wait on rasterizer threads that
   * compete for the CPU with our own workers (a password hash): a frame can
   * then hold the main loop as long as the work itself, which would hide
   * what care_test_loop_watch_*() measures. Cairo draws on this thread. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  gtk_init ();
  adw_init ();
  /* As main.c does: the app's font rules (Arabic in Noto Sans Arabic UI). */
  care_fonts_init ();
  /* The app's icons are in its resources, which GtkApplication adds to the
   * icon theme; the tests' windows have no application, so add them here. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/caredesk/Caredesk/icons");

  /* Xvfb has no window manager, so windows never become active: a blinking
   * cursor in a focused entry would then warn that it "did not receive a
   * focus-out event". Without animations, transitions end at once. */
  g_object_set (gtk_settings_get_default (),
                "gtk-cursor-blink", FALSE,
                "gtk-enable-animations", FALSE,
                NULL);
}

GtkWidget *
care_test_find (GtkWidget  *root,
                const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  if (root == NULL)
    return NULL;

  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = care_test_find (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef gboolean (*Match) (GtkWidget  *widget,
                           const char *text);

/* root or its first descendant, depth first, that match says is it. */
static GtkWidget *
find_first (GtkWidget  *root,
            Match       match,
            const char *text)
{
  if (match (root, text))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_first (child, match, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_button_labelled (GtkWidget  *widget,
                    const char *label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

GtkWidget *
care_test_find_button (GtkWidget  *root,
                       const char *label)
{
  g_return_val_if_fail (label != NULL, NULL);

  return root ? find_first (root, is_button_labelled, label) : NULL;
}

GtkWidget *
care_test_find_anywhere (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = n; i > 0; i--)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i - 1);
      GtkWidget *found = care_test_find (window, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
care_test_find_window (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = n; i > 0; i--)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i - 1);

      if (gtk_widget_get_visible (window) &&
          g_strcmp0 (gtk_widget_get_name (window), name) == 0)
        return window;
    }

  return NULL;
}

/* A shown alert named name (any when name is NULL). */
static gboolean
is_alert_named (GtkWidget  *widget,
                const char *name)
{
  return CARE_IS_ALERT (widget) && gtk_widget_get_visible (widget) &&
         (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0);
}

GtkWidget *
care_test_find_alert (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i - 1);
      GtkWidget *found = gtk_widget_get_visible (window) ? find_first (window, is_alert_named, name) : NULL;

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
alert_shown (gpointer name)
{
  return care_test_find_alert (name) != NULL;
}

static gboolean
alert_gone (gpointer name)
{
  return care_test_find_alert (name) == NULL;
}

GtkWidget *
care_test_wait_alert (const char *name)
{
  if (!care_test_wait_for (alert_shown, (gpointer) name, 10000))
    g_error ("No alert named “%s” appeared", name ? name : "(any)");
  return care_test_find_alert (name);
}

void
care_test_wait_alert_gone (const char *name)
{
  if (!care_test_wait_for (alert_gone, (gpointer) name, 10000))
    g_error ("The alert named “%s” did not go", name ? name : "(any)");
}

void
care_test_alert_respond (GtkWidget  *alert,
                         const char *response)
{
  const char *label;

  g_assert_true (CARE_IS_ALERT (alert));
  label = care_alert_get_response_label (alert, response);
  if (label == NULL)
    g_error ("The alert “%s” has no response “%s”", gtk_widget_get_name (alert), response);
  g_assert_true (care_alert_get_response_enabled (alert, response));
  care_test_click (care_test_find_button (alert, label));
}

static gboolean
on_wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
care_test_wait (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  guint wake = g_timeout_add (10, on_wake_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake);
}

gboolean
care_test_wait_for (CareTestCondition cond,
                    gpointer          data,
                    guint             timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (10, on_wake_cb, NULL);
  gboolean result;

  while (!(result = cond (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake);

  /* Let what the condition waited for finish drawing. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return result;
}

struct _CareTestLoopWatch
{
  guint  source;
  guint  ticks;
  gint64 last;
  gint64 longest;
};

static gboolean
on_watch_tick_cb (gpointer data)
{
  CareTestLoopWatch *watch = data;
  gint64 now = g_get_monotonic_time ();

  watch->ticks++;
  watch->longest = MAX (watch->longest, now - watch->last);
  watch->last = now;

  return G_SOURCE_CONTINUE;
}

CareTestLoopWatch *
care_test_loop_watch_start (void)
{
  CareTestLoopWatch *watch = g_new0 (CareTestLoopWatch, 1);

  watch->last = g_get_monotonic_time ();
  watch->source = g_timeout_add (1, on_watch_tick_cb, watch);

  return watch;
}

void
care_test_loop_watch_stop (CareTestLoopWatch *watch,
                           guint             *ticks,
                           guint             *longest_ms)
{
  /* The time since the last tick counts too. */
  on_watch_tick_cb (watch);
  watch->ticks--;
  g_source_remove (watch->source);

  *ticks = watch->ticks;
  *longest_ms = (guint) (watch->longest / 1000);
  g_free (watch);
}

static gboolean
is_folded (gpointer split_view)
{
  return care_split_view_get_folded (split_view);
}

static gboolean
is_unfolded (gpointer split_view)
{
  return !care_split_view_get_folded (split_view);
}

gboolean
care_test_wait_folded (gpointer split_view,
                       gboolean folded,
                       guint    timeout_ms)
{
  g_return_val_if_fail (CARE_IS_SPLIT_VIEW (split_view), FALSE);

  return care_test_wait_for (folded ? is_folded : is_unfolded, split_view, timeout_ms);
}

guint
care_test_password_hash_ms (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autofree char *hash = care_password_hash (CARE_TEST_PASSWORD, NULL);

  g_assert_nonnull (hash);
  return (guint) ((g_get_monotonic_time () - start) / 1000);
}

static gboolean
widget_exists (gpointer data)
{
  return care_test_find_anywhere (data) != NULL;
}

GtkWidget *
care_test_wait_for_widget (const char *name,
                           guint       timeout_ms)
{
  care_test_wait_for (widget_exists, (gpointer) name, timeout_ms);

  return care_test_find_anywhere (name);
}

static GtkWidget *
file_chooser_shown (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
file_chooser_exists (gpointer data)
{
  return file_chooser_shown () != NULL;
}

GtkWidget *
care_test_wait_for_file_chooser (guint timeout_ms)
{
  care_test_wait_for (file_chooser_exists, NULL, timeout_ms);

  return file_chooser_shown ();
}

/* GtkFileChooser is deprecated from GTK 4.10 for applications, but it is
 * still the dialog GTK shows without a portal: the test drives it. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

char *
care_test_file_chooser_name (GtkWidget *chooser)
{
  g_return_val_if_fail (GTK_IS_FILE_CHOOSER (chooser), NULL);

  return gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
}

static gboolean
chooser_has_file (gpointer chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);

  return file != NULL;
}

void
care_test_file_chooser_answer (GtkWidget *chooser,
                               GFile     *file)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GTK_IS_FILE_CHOOSER (chooser));

  if (file == NULL)
    {
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
      return;
    }
  if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      g_autoptr(GFile) folder = g_file_get_parent (file);
      g_autofree char *name = g_file_get_basename (file);

      g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, &error));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  else
    g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error));
  g_assert_no_error (error);
  /* The chooser selects a file once it has read the file's folder. */
  g_assert_true (care_test_wait_for (chooser_has_file, chooser, 5000));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
}

G_GNUC_END_IGNORE_DEPRECATIONS

void
care_test_type (GtkWidget  *editable,
                const char *text)
{
  g_assert_nonnull (editable);
  g_assert_true (GTK_IS_EDITABLE (editable));

  gtk_editable_set_text (GTK_EDITABLE (editable), text);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
care_test_click (GtkWidget *widget)
{
  g_assert_nonnull (widget);

  if (GTK_IS_BUTTON (widget))
    {
      g_assert_true (gtk_widget_is_sensitive (widget));
      g_signal_emit_by_name (widget, "clicked");
    }
  else
    {
      g_assert_true (gtk_widget_activate (widget));
    }

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* widget's first event controller of type. */
static GtkEventController *
controller_of (GtkWidget *widget,
               GType      type)
{
  GListModel *controllers = gtk_widget_observe_controllers (widget);
  GtkEventController *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && found == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        found = GTK_EVENT_CONTROLLER (controller);
    }
  g_object_unref (controllers);
  g_assert_nonnull (found);
  return found;
}

void
care_test_press (GtkWidget *widget,
                 double     x,
                 double     y)
{
  g_signal_emit_by_name (controller_of (widget, GTK_TYPE_GESTURE_CLICK), "pressed", 1, x, y);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
care_test_press_key (GtkWidget *widget,
                     guint      keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (controller_of (widget, GTK_TYPE_EVENT_CONTROLLER_KEY), "key-pressed",
                         keyval, 0, (GdkModifierType) 0, &handled);
  g_assert_true (handled);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
care_test_screenshot (GtkWidget  *widget,
                      const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0 || gtk_widget_get_native (widget) == NULL)
    return;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_save_to_png (texture, path);
}

void
care_test_keep_screenshot (GtkWidget  *widget,
                           const char *name)
{
  const char *dir = g_getenv ("CAREDESK_TEST_OUTPUT");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  care_test_screenshot (widget, path);
}

typedef struct
{
  GtkWidget *window;
  int        width;
} Width;

static gboolean
has_width (gpointer data)
{
  Width *size = data;

  return gtk_widget_get_width (size->window) == size->width;
}

gboolean
care_test_resize (GtkWidget *window,
                  int        width,
                  int        height)
{
  Width size = { window, width };
  int asked, default_width, default_height;

  gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
  asked = width + (default_width > 0 ? default_width - gtk_widget_get_width (window) : 0);
  for (guint i = 0; i < 3 && !has_width (&size); i++)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), asked, height);
      care_test_wait_for (has_width, &size, 10000);
      asked += width - gtk_widget_get_width (window);
    }
  return has_width (&size);
}

const char *
care_test_language_shot_name (const char *prefix,
                              const char *what)
{
  g_autofree char *name = g_strdup_printf ("%s-%s-%s.png", prefix, what,
                                           g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "en");

  return g_intern_string (name);
}

static char *
make_store_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("caredesk-test-XXXXXX", &error);

  g_assert_no_error (error);

  return g_build_filename (dir, "caredesk.sqlite", NULL);
}

CareStore *
care_test_store_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = make_store_path ();
  CareStore *store;

  store = care_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

CareStore *
care_test_store_new_with_clinic (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) clinic = care_record_new (care_schema_lookup ("tenant"));
  g_autoptr(CareRecord) admin = care_record_new (care_schema_lookup ("user"));
  CareStore *store = care_test_store_new ();

  care_record_set (clinic, "name", CARE_TEST_CLINIC_NAME);
  care_record_set (clinic, "currency", "EUR");

  care_record_set (admin, "full_name", CARE_TEST_ADMIN_NAME);
  care_record_set (admin, "username", CARE_TEST_ADMIN_USERNAME);
  care_record_set (admin, "email", "admin@example.org");
  care_record_set (admin, "role", CARE_ROLE_ADMIN);
  care_record_set (admin, "active", "1");

  care_accounts_create_clinic (store, clinic, admin, CARE_TEST_PASSWORD, &error);
  g_assert_no_error (error);

  return store;
}

CareRecord *
care_test_add_staff (CareStore  *store,
                     const char *username,
                     const char *full_name,
                     const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) user = care_record_new (care_schema_lookup ("user"));

  care_record_set (user, "full_name", full_name);
  care_record_set (user, "username", username);
  care_record_set (user, "role", role);
  care_record_set (user, "active", "1");

  care_accounts_create_user (store, user, CARE_TEST_PASSWORD, &error);
  g_assert_no_error (error);

  return care_accounts_find_login (store, username);
}

GtkApplication *
care_test_get_application (void)
{
  if (test_app == NULL)
    {
      g_autoptr(GError) error = NULL;

      test_app = gtk_application_new ("io.github.caredesk.Caredesk.Test",
                                      G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (test_app), NULL, &error);
      g_assert_no_error (error);
    }

  return test_app;
}

CareWindow *
care_test_window_new (CareStore *store)
{
  CareWindow *window = care_window_new (care_test_get_application (), store);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));

  care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped, window, 5000);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));

  return window;
}

static gboolean
signin_settled (gpointer data)
{
  CareWindow *window = data;
  GtkWidget *error = care_test_find (GTK_WIDGET (window), "signin-error");

  return g_strcmp0 (care_window_get_mode (window), "main") == 0 ||
         (error != NULL && gtk_widget_get_visible (error));
}

gboolean
care_test_sign_in (CareWindow *window,
                   const char *login,
                   const char *password)
{
  GtkWidget *root = GTK_WIDGET (window);
  GtkWidget *login_row = care_test_find (root, "signin-login");

  g_assert_true (g_strcmp0 (care_window_get_mode (window), "signin") == 0 ||
                 g_strcmp0 (care_window_get_mode (window), "locked") == 0);

  if (gtk_widget_get_visible (login_row))
    care_test_type (login_row, login);
  care_test_type (care_test_find (root, "signin-password"), password);
  care_test_click (care_test_find (root, "signin-button"));

  care_test_wait_for (signin_settled, window, 10000);

  return g_strcmp0 (care_window_get_mode (window), "main") == 0;
}

static gboolean
mode_is_locked (gpointer window)
{
  return g_strcmp0 (care_window_get_mode (window), "locked") == 0;
}

static gboolean
mode_is_signin (gpointer window)
{
  return g_strcmp0 (care_window_get_mode (window), "signin") == 0;
}

void
care_test_switch_user (CareWindow *window,
                       const char *login)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
  g_assert_true (care_test_wait_for (mode_is_locked, window, 10000));
  care_test_click (care_test_find (GTK_WIDGET (window), "signin-switch-user-button"));
  g_assert_true (care_test_wait_for (mode_is_signin, window, 10000));
  g_assert_true (care_test_sign_in (window, login, CARE_TEST_PASSWORD));
}

char **
care_test_sidebar_names (CareWindow *window)
{
  GtkWidget *sidebar = care_test_find (GTK_WIDGET (window), "sidebar");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_assert_nonnull (sidebar);

  for (GtkWidget *row = gtk_widget_get_first_child (sidebar);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_visible (row))
        g_strv_builder_add (builder, gtk_widget_get_name (row));
    }

  return g_strv_builder_end (builder);
}

void
care_test_window_destroy (CareWindow *window)
{
  GWeakRef ref;

  g_weak_ref_init (&ref, window);
  gtk_window_destroy (GTK_WINDOW (window));

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GObject) alive = g_weak_ref_get (&ref);

      if (alive == NULL)
        break;
      g_clear_object (&alive);
      care_test_wait (10);
    }

  g_weak_ref_clear (&ref);
}

/* --- the desktop's notification server --------------------------------------- */

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "</interface></node>";

/* "summary|urgency" of each notification shown, in order, and the bodies. */
static GPtrArray *notified;
static GPtrArray *notified_bodies;

static void
on_notifications_call (GDBusConnection       *connection,
                       const char            *sender,
                       const char            *path,
                       const char            *interface,
                       const char            *method,
                       GVariant              *parameters,
                       GDBusMethodInvocation *invocation,
                       gpointer               data)
{
  if (g_strcmp0 (method, "Notify") == 0)
    {
      const char *summary;
      const char *body;
      g_autoptr(GVariant) hints = NULL;
      guchar urgency = 1;

      g_variant_get (parameters, "(&su&s&s&s^a&s@a{sv}i)", NULL, NULL, NULL, &summary, &body, NULL, &hints, NULL);
      g_variant_lookup (hints, "urgency", "y", &urgency);
      g_ptr_array_add (notified, g_strdup_printf ("%s|%u", summary, urgency));
      g_ptr_array_add (notified_bodies, g_strdup (body));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notified->len));
    }
  else if (g_strcmp0 (method, "GetCapabilities") == 0)
    g_dbus_method_invocation_return_value (invocation, g_variant_new_parsed ("(@as [],)"));
  else if (g_strcmp0 (method, "GetServerInformation") == 0)
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "caredesk", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

void
care_test_serve_notifications (void)
{
  static const GDBusInterfaceVTable vtable = { on_notifications_call, NULL, NULL, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_autoptr(GVariant) reply = NULL;

  g_assert_no_error (error);
  if (notified)
    return;
  notified = g_ptr_array_new_with_free_func (g_free);
  notified_bodies = g_ptr_array_new_with_free_func (g_free);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", node->interfaces[0], &vtable,
                                     NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "RequestName", g_variant_new ("(su)", "org.freedesktop.Notifications", 4),
                                       G_VARIANT_TYPE ("(u)"), 0, -1, NULL, &error);
  g_assert_no_error (error);
}

GPtrArray *
care_test_notifications (void)
{
  g_assert_nonnull (notified);
  return notified;
}

GPtrArray *
care_test_notification_bodies (void)
{
  g_assert_nonnull (notified_bodies);
  return notified_bodies;
}

static gboolean
window_shown (gpointer name)
{
  return care_test_find_window (name) != NULL;
}

static gboolean
window_gone (gpointer name)
{
  return care_test_find_window (name) == NULL;
}

GtkWidget *
care_test_wait_window (const char *name)
{
  if (!care_test_wait_for (window_shown, (gpointer) name, 10000))
    g_error ("No window named “%s” appeared", name);
  return care_test_find_window (name);
}

void
care_test_wait_window_gone (const char *name)
{
  if (!care_test_wait_for (window_gone, (gpointer) name, 10000))
    g_error ("The window named “%s” did not go", name);
}

GtkWidget *
care_test_find_type (GtkWidget *root,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = care_test_find_type (child, type);

      if (found)
        return found;
    }
  return NULL;
}

GtkWidget *
care_test_must_find (GtkWidget  *root,
                     const char *name)
{
  GtkWidget *widget = care_test_find (root, name);

  if (widget == NULL)
    g_error ("No widget named “%s”", name);
  return widget;
}
