/* test-rtl.c: in Arabic the window speaks Arabic and is mirrored
 *
 * Runs with LANGUAGE=ar (and C.UTF-8, as test-i18n.c explains: glibc honours
 * LANGUAGE in any locale but "C" and "POSIX"). GTK takes the text direction
 * from its own catalogue's translation of "default:LTR" when it starts, so
 * the whole window turns right-to-left: the sidebar stands at the right of
 * the pages, the header bars' start is at the right.
 *
 * Every text check compares with the Arabic AND asserts the English is not
 * shown, and every position check compares two widgets' places in the
 * window, so the test fails when the catalogue is missing or incomplete for
 * these strings, or when the window is laid out left-to-right.
 *
 * With CAREDESK_TEST_OUTPUT set, it keeps rtl-signin.png, rtl-main.png and
 * the patients, billing and appointments pages (rtl-<page>.png).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-rtl"

#include "config.h"

#include <glib/gi18n.h>

#include "care-test-utils.h"

#define TIMEOUT_MS 10000

/* --- helpers -------------------------------------------------------------- */

static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

/* The first label under root reading text, or NULL. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (root, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0)
      return labels->pdata[i];
  return NULL;
}

/* Says which font draws the first run of layout (for the log). */
static void
log_font (PangoLayout *layout,
          const char  *text)
{
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, 0);
  PangoGlyphItem *run;
  PangoFontDescription *font;
  g_autofree char *name = NULL;

  if (line == NULL || line->runs == NULL)
    return;
  run = line->runs->data;
  font = pango_font_describe (run->item->analysis.font);
  name = pango_font_description_to_string (font);
  g_test_message ("“%s” is drawn with %s", text, name);
  pango_font_description_free (font);
}

/* Asserts root shows a label reading arabic, drawn right-to-left with a
 * font that has every glyph, and no label reading english. */
static void
assert_shows (GtkWidget  *root,
              const char *arabic,
              const char *english)
{
  GtkWidget *label = find_label (root, arabic);
  PangoLayout *layout;

  if (label == NULL || find_label (root, english) != NULL)
    g_error ("Expected “%s” (not “%s”) under %s", arabic, english, gtk_widget_get_name (root));

  g_assert_cmpint (gtk_widget_get_direction (label), ==, GTK_TEXT_DIR_RTL);
  layout = gtk_label_get_layout (GTK_LABEL (label));
  g_assert_cmpint (pango_layout_get_direction (layout, 0), ==, PANGO_DIRECTION_RTL);
  /* No missing-glyph boxes: an Arabic font is installed and chosen. */
  g_assert_cmpint (pango_layout_get_unknown_glyphs_count (layout), ==, 0);
  log_font (layout, arabic);
}

/* The horizontal centre of widget, in the coordinates of root. */
static double
centre_x (GtkWidget *widget,
          GtkWidget *root)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, root, &bounds));
  return bounds.origin.x + bounds.size.width / 2;
}

/* --- tests ---------------------------------------------------------------- */

/* The catalogue is Arabic, with Arabic plurals: six forms. */
static void
test_catalogue (void)
{
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "ar");
  g_assert_cmpstr (_("Patients"), ==, "المرضى");
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "shortcut window", "Lock workstation"),
                   ==, "قفل محطة العمل");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", 2), ==, "%u دقيقتان");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", 5), ==, "%u دقائق");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", 11), ==, "%u دقيقة");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", 100), ==, "%u دقيقة");
}

/* GTK read the direction from its catalogue when it started. */
static void
test_direction (void)
{
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);
  g_assert_cmpint (gtk_get_locale_direction (), ==, GTK_TEXT_DIR_RTL);
}

/* The real window, on the demo clinic, signed in as its administrator. */
static void
test_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = care_test_store_new ();
  GtkWidget *root;
  GtkWidget *row;
  GtkWidget *pages;
  GtkWidget *user_button;
  CareWindow *window;
  static const char *const looked_at[] = { "patients", "billing", "appointments" };

  g_assert_true (care_demo_populate (store, 5, &error));
  g_assert_no_error (error);

  window = care_test_window_new (store);
  root = GTK_WIDGET (window);
  g_assert_cmpint (gtk_widget_get_direction (root), ==, GTK_TEXT_DIR_RTL);
  g_assert_cmpstr (care_window_get_mode (window), ==, "signin");

  /* The sign-in page: a template (.ui) string and one set from C */
  assert_shows (care_test_must_find (root, "signin-button"), "تسجيل الدخول", "Sign In");
  assert_shows (root, "سجّل الدخول بحساب الموظف الخاص بك.", "Sign in with your staff account.");
  care_test_wait (200);
  care_test_keep_screenshot (root, "rtl-signin.png");

  g_assert_true (care_test_sign_in (window, "admin", CARE_DEMO_PASSWORD));
  g_assert_cmpstr (care_window_get_mode (window), ==, "main");

  /* A page's own strings (attendance: template and C) */
  g_assert_true (care_window_show_page (window, "attendance"));
  care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped,
                      care_test_must_find (root, "page-attendance"), TIMEOUT_MS);
  assert_shows (care_test_must_find (root, "page-attendance"), "اليوم في العيادة", "Today at the Clinic");

  /* The sidebar: Arabic titles, and it stands at the right of the pages. */
  row = care_test_must_find (root, "sidebar-attendance");
  assert_shows (row, "الحضور", "Attendance");
  assert_shows (care_test_must_find (root, "sidebar-billing"), "الفوترة", "Billing");
  pages = care_test_must_find (root, "page-stack");
  g_assert_cmpfloat (centre_x (row, root), >, centre_x (pages, root));
  g_assert_cmpfloat (centre_x (row, root), >, gtk_widget_get_width (root) / 2.0);

  /* The header bar's end (the account menu) is at the left of the pages. */
  user_button = care_test_must_find (root, "user-menu-button");
  g_assert_cmpfloat (centre_x (user_button, root), <, centre_x (pages, root));

  care_test_wait (200);
  care_test_keep_screenshot (root, "rtl-main.png");

  /* Pages with lists and forms, to look at (no assertion beyond showing). */
  for (guint i = 0; i < G_N_ELEMENTS (looked_at); i++)
    {
      g_autofree char *name = g_strconcat ("page-", looked_at[i], NULL);
      g_autofree char *shot = g_strconcat ("rtl-", looked_at[i], ".png", NULL);

      g_assert_true (care_window_show_page (window, looked_at[i]));
      care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped,
                          care_test_must_find (root, name), TIMEOUT_MS);
      care_test_wait (300);
      care_test_keep_screenshot (root, shot);
    }

  care_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  const char *lc_all = g_getenv ("LC_ALL");

  /* Before anything calls setlocale() or gettext(), and before GTK starts:
   * it chooses the default direction once, in gtk_init(). */
  g_setenv ("LANGUAGE", "ar", TRUE);
  if (lc_all == NULL || *lc_all == '\0' ||
      g_str_equal (lc_all, "C") || g_str_equal (lc_all, "POSIX"))
    g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  care_test_init (&argc, &argv);

  g_test_add_func ("/rtl/catalogue", test_catalogue);
  g_test_add_func ("/rtl/direction", test_direction);
  g_test_add_func ("/rtl/window", test_window);

  return g_test_run ();
}
