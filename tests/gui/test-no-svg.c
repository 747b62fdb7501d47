/* test-no-svg.c: signing in and the patient list draw no SVG, and load no libsoup
 *
 * Parsing one SVG maps librsvg for the rest of the session (6.3 MiB
 * resident, BENCHMARKS.md "The app window"). Adwaita ships a few icons as
 * SVG only or above 96 px: the sign-in button's spinner
 * (process-working-symbolic) and the patient page's empty state
 * (avatar-default-symbolic at 128 px) loaded it. This test signs in as a
 * person does, with the app's style sheet, keeps a screenshot of the
 * spinner turning and of the list with its empty patient page (in the
 * language of the run), and reads /proc/self/maps. Then it draws
 * Adwaita's own spinner icon and sees librsvg mapped, so that the check
 * is known to see it.
 *
 * libsoup and its eleven libraries are in the caredesk-http module
 * (care-http.h), loaded by the first request to a server: a workstation
 * that does not sync never maps them. This program, like the app, links
 * the sync library but not libsoup; the check is known to see it once a
 * session is made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-no-svg"

#include "config.h"

#include <string.h>

#include "care-http.h"
#include "care-patient-row.h"
#include "care-test-utils.h"

#define TIMEOUT_MS 10000

static gboolean
mapped (const char *library)
{
  g_autofree char *maps = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents ("/proc/self/maps", &maps, NULL, &error);
  g_assert_no_error (error);
  return strstr (maps, library) != NULL;
}

static gboolean
librsvg_mapped (void)
{
  return mapped ("librsvg") || mapped ("pixbufloader-svg");
}

/* What AdwApplication does for the app (care-application.c): its
 * resource base path's style.css, above the theme. The tests' windows
 * have a plain GtkApplication. */
static void
load_app_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/io/github/caredesk/Caredesk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* The number of pixels widget draws that are not fully transparent. */
static guint
drawn_pixels (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint n = 0;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return 0;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, width * 4);
  for (int i = 0; i < width * height; i++)
    n += pixels[i * 4 + 3] != 0;   /* cairo's ARGB32: alpha last on little endian */
  return n;
}

static gboolean
spinner_shown (gpointer data)
{
  GtkWidget *spinner = data;

  /* Drawn once its style has caught up with :checked (a frame later). */
  return gtk_widget_get_mapped (spinner) && gtk_spinner_get_spinning (GTK_SPINNER (spinner)) &&
         drawn_pixels (spinner) > 0;
}

static gboolean
widget_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && drawn_pixels (data) > 0;
}

static gboolean
mode_is_main (gpointer window)
{
  return g_strcmp0 (care_window_get_mode (window), "main") == 0;
}

static gboolean
has_rows (gpointer data)
{
  GtkWidget *row = care_test_find_type (data, CARE_TYPE_PATIENT_ROW);

  return row != NULL && gtk_widget_get_mapped (row);
}

static void
test_signin_and_list (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkIconPaintable) adwaita_spinner = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(CareHttpSession) http = NULL;
  CareWindow *window;
  GtkWidget *root, *button, *spinner, *list, *none;

  g_assert_true (care_demo_add_patients (store, 200, 20261207, &error));
  g_assert_no_error (error);
  window = care_test_window_new (store);
  root = GTK_WIDGET (window);
  g_assert_false (librsvg_mapped ());
  g_assert_false (mapped ("libsoup-3"));

  /* Sign in as a person does, and look at the spinner while the password
   * is checked (an Argon2id hash in a worker). */
  care_test_type (care_test_must_find (root, "signin-login"), CARE_TEST_ADMIN_USERNAME);
  care_test_type (care_test_must_find (root, "signin-password"), CARE_TEST_PASSWORD);
  button = care_test_must_find (root, "signin-button");
  spinner = care_test_find_type (button, GTK_TYPE_SPINNER);
  g_assert_nonnull (spinner);
  care_test_click (button);
  g_assert_true (care_test_wait_for (spinner_shown, spinner, TIMEOUT_MS));
  care_test_keep_screenshot (root, care_test_language_shot_name ("no-svg", "signing-in"));
  g_assert_true (care_test_wait_for (mode_is_main, window, TIMEOUT_MS));

  /* The list with its rows, and the patient page's empty state. */
  g_assert_true (care_window_show_page (window, "patients"));
  list = care_test_must_find (root, "patients-list");
  g_assert_true (care_test_wait_for (has_rows, list, TIMEOUT_MS));
  none = care_test_must_find (root, "patients-none-selected");
  g_assert_true (care_test_wait_for (widget_drawn, none, TIMEOUT_MS));
  care_test_keep_screenshot (root, care_test_language_shot_name ("no-svg", "patients"));
  care_test_wait (300);   /* a few frames of the window itself */

  g_assert_false (librsvg_mapped ());
  g_assert_false (mapped ("libsoup-3"));

  /* The check sees librsvg when something draws an SVG: Adwaita's own
   * spinner icon, which our style sheet replaced. */
  adwaita_spinner = gtk_icon_theme_lookup_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                                "process-working-symbolic", NULL, 16, 1,
                                                GTK_TEXT_DIR_NONE, 0);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (GDK_PAINTABLE (adwaita_spinner), snapshot, 16, 16);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_true (librsvg_mapped ());

  /* And libsoup, once a session to a server is made. */
  http = care_http_session_new (5, 5);
  g_assert_true (mapped ("libsoup-3"));

  care_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);
  load_app_style ();

  g_test_add_func ("/no-svg/signin-and-list", test_signin_and_list);

  return g_test_run ();
}
