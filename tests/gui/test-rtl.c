/* test-rtl.c: in Arabic the window speaks Arabic and is mirrored
 *
 * Runs with LANGUAGE=ar in ar_EG.UTF-8 when that locale is generated (as
 * build-aux/setup.sh does; dates need it), else in C.UTF-8 (as test-i18n.c
 * explains: glibc honours LANGUAGE in any locale but "C" and "POSIX"). Arabic
 * text must be drawn in a Noto Arabic face (care-fonts.conf). GTK takes the text direction
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

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "care-billing.h"
#include "care-invoice-document.h"
#include "care-test-utils.h"
#include "print/care-test-pdf-layout.h"

#define TIMEOUT_MS 10000

/* Whether the test runs in an Arabic locale (main ()). */
static gboolean arabic_locale;

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

/* Asserts every run of layout is drawn in a Noto Arabic face (the app's
 * font rules, care-fonts.conf), not DejaVu Sans's Arabic. */
static void
assert_noto_arabic (PangoLayout *layout,
                    const char  *text)
{
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, 0);

  g_assert_nonnull (line);
  g_assert_nonnull (line->runs);
  for (GSList *l = line->runs; l; l = l->next)
    {
      PangoGlyphItem *run = l->data;
      PangoFontDescription *font = pango_font_describe (run->item->analysis.font);
      g_autofree char *name = pango_font_description_to_string (font);
      const char *family = pango_font_description_get_family (font);

      g_test_message ("“%s” is drawn with %s", text, name);
      if (!g_str_has_prefix (family, "Noto ") || strstr (family, "Arabic") == NULL)
        g_error ("“%s” is drawn with %s, not a Noto Arabic face", text, name);
      pango_font_description_free (font);
    }
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
  /* build-aux/setup.sh installs fonts-noto-ui-core and fonts-noto-core. */
  if (!arabic_locale)
    /* In the C locale pango gives text no language, so no rule for Arabic
     * runs can apply (in any other, Arabic runs are "ar"). */
    g_test_skip ("ar_EG.UTF-8 is not generated (build-aux/setup.sh does it): the font is not checked");
  else if (!care_test_font_installed ("Noto Sans Arabic UI"))
    g_test_skip ("Noto Sans Arabic UI is not installed (fonts-noto-ui-core): the font is not checked");
  else
    assert_noto_arabic (layout, arabic);
}

/* Asserts a date reads in Arabic: Arabic letters, and no month named in
 * English (what C.UTF-8's LC_TIME gives, whatever LANGUAGE says). */
static void
assert_arabic_date (const char *text)
{
  static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
                                        "August", "September", "October", "November", "December" };
  gboolean arabic = FALSE;

  g_test_message ("The date reads “%s”", text);
  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    if (strstr (text, months[i]) != NULL)
      g_error ("The date “%s” names its month in English", text);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    arabic |= g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_ARABIC;
  g_assert_true (arabic);
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

  /* Dates too: month and day names come from LC_TIME (see main ()). */
  if (arabic_locale)
    assert_arabic_date (gtk_label_get_text (GTK_LABEL (care_test_must_find (root, "appointments-date"))));
  else
    g_test_skip ("ar_EG.UTF-8 is not generated (build-aux/setup.sh does it): dates are not checked");

  care_test_window_destroy (window);
}

/* In the app's process, with its font rules loaded, an invoice still
 * prints an Arabic name in Noto Naskh Arabic, the printouts' face (the
 * rules add Noto Sans Arabic UI after the families a printout names). */
static void
test_invoice_pdf_font (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(CareRecord) patient = care_record_new (care_schema_lookup ("patient"));
  g_autoptr(CareRecord) invoice = NULL;
  g_autoptr(CareRecord) item = care_billing_item_new ("consultation", "Consultation", 1, 6000, 0, "0");
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mrn = care_store_next_number (store, "mrn", &error);
  g_autofree char *fonts = NULL;

  care_record_set (patient, "given_name", "مريم");
  care_record_set (patient, "family_name", "الحسن");
  care_record_set (patient, "date_of_birth", "1990-05-14");
  care_record_set (patient, "sex", "female");
  care_record_set (patient, "status", "new");
  care_record_set (patient, "mrn", mrn);
  care_store_insert (store, patient, &error);
  g_assert_no_error (error);
  invoice = care_billing_create_invoice (store, care_record_get_id (patient), NULL, &error);
  g_assert_no_error (error);
  care_billing_add_item (store, care_record_get_id (invoice), item, &error);
  g_assert_no_error (error);
  care_invoice_document_issue (store, care_record_get_id (invoice), &error);
  g_assert_no_error (error);
  pdf = care_invoice_document_get_pdf (store, care_record_get_id (invoice), NULL, &error);
  g_assert_no_error (error);

  fonts = care_test_pdf_font_names (pdf);
  g_test_message ("The invoice's fonts: %s", fonts);
  if (!care_test_font_installed ("Noto Naskh Arabic"))
    {
      g_test_skip ("Noto Naskh Arabic is not installed (fonts-noto-core)");
      return;
    }
  g_assert_nonnull (strstr (fonts, "NotoNaskhArabic"));
  g_assert_null (strstr (fonts, "NotoSansArabicUI"));
  g_assert_null (strstr (fonts, "DejaVu"));
}

int
main (int   argc,
      char *argv[])
{
  const char *lc_all = g_getenv ("LC_ALL");

  /* Before anything calls setlocale() or gettext(), and before GTK starts:
   * it chooses the default direction once, in gtk_init(). */
  g_setenv ("LANGUAGE", "ar", TRUE);
  /* Month and day names come from LC_TIME, not LANGUAGE: in an Arabic
   * locale, as on an Arabic desktop, when one is generated. */
  arabic_locale = setlocale (LC_ALL, "ar_EG.UTF-8") != NULL;
  if (arabic_locale)
    g_setenv ("LC_ALL", "ar_EG.UTF-8", TRUE);
  else if (lc_all == NULL || *lc_all == '\0' ||
           g_str_equal (lc_all, "C") || g_str_equal (lc_all, "POSIX"))
    g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  care_test_init (&argc, &argv);

  g_test_add_func ("/rtl/catalogue", test_catalogue);
  g_test_add_func ("/rtl/direction", test_direction);
  g_test_add_func ("/rtl/window", test_window);
  g_test_add_func ("/rtl/invoice-pdf-font", test_invoice_pdf_font);

  return g_test_run ();
}
