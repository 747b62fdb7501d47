/* test-i18n.c: the Spanish catalogue is built, found and used by the app
 *
 * Runs with LANGUAGE=es. glibc honours LANGUAGE in any locale but "C" and
 * "POSIX", so C.UTF-8 (what tests/meson.build sets, and present on every
 * glibc system) is enough: no es_ES locale has to be generated.
 *
 * Every check compares with the Spanish text AND asserts the English text is
 * not what is shown, so the test fails when the catalogue is missing, not
 * built, not found through CAREDESK_LOCALEDIR or incomplete for the strings
 * checked here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-i18n"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "care-test-utils.h"

#define TIMEOUT_MS 10000

/* --- helpers -------------------------------------------------------------- */

/* Appends the text of every GtkLabel under widget (itself included). */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static gboolean
labels_contain (GPtrArray  *texts,
                const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;
  return FALSE;
}

static char *
labels_dump (GPtrArray *texts)
{
  GString *dump = g_string_new (NULL);

  for (guint i = 0; i < texts->len; i++)
    g_string_append_printf (dump, "%s“%s”", i ? ", " : "", (char *) g_ptr_array_index (texts, i));

  return g_string_free (dump, FALSE);
}

/* Asserts root shows a label reading spanish and none reading english. */
static void
assert_shows (GtkWidget  *root,
              const char *spanish,
              const char *english)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  collect_labels (root, texts);
  if (!labels_contain (texts, spanish) || labels_contain (texts, english))
    {
      g_autofree char *dump = labels_dump (texts);

      g_error ("Expected “%s” (not “%s”) under %s; labels shown: %s",
               spanish, english, gtk_widget_get_name (root), dump);
    }
}

/* The text of the sidebar row for page (its only GtkLabel shown: the
 * unread count beside it is hidden at 0). */
static const char *
sidebar_title (CareWindow *window,
               const char *page)
{
  g_autofree char *row_name = g_strconcat ("sidebar-", page, NULL);
  GtkWidget *row = care_test_find (GTK_WIDGET (window), row_name);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  const char *title;

  if (row == NULL)
    g_error ("No sidebar row “%s”", row_name);

  collect_labels (row, texts);
  for (guint i = texts->len; i > 0; i--)
    if (g_str_equal (texts->pdata[i - 1], "0"))
      g_ptr_array_remove_index (texts, i - 1);
  g_assert_cmpuint (texts->len, ==, 1);
  title = g_intern_string (g_ptr_array_index (texts, 0));

  /* The tooltip is the same translated title. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (row), ==, title);

  return title;
}

static void
assert_spanish (const char *shown,
                const char *spanish,
                const char *english)
{
  g_assert_cmpstr (shown, !=, english);
  g_assert_cmpstr (shown, ==, spanish);
}

/* --- tests ---------------------------------------------------------------- */

/* The build put the catalogue where CAREDESK_LOCALEDIR points, and
 * gettext finds it there. */
static void
test_catalogue (void)
{
  const char *localedir = g_getenv ("CAREDESK_LOCALEDIR");
  g_autofree char *mo = NULL;

  g_assert_nonnull (localedir);
  mo = g_build_filename (localedir, "es", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    g_error ("The Spanish catalogue %s was not built", mo);

  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "es");
  assert_spanish (_("Patients"), "Pacientes", "Patients");
  assert_spanish (g_dgettext (GETTEXT_PACKAGE, "Medical record number"),
                  "Número de historia clínica", "Medical record number");
  assert_spanish (g_dpgettext2 (GETTEXT_PACKAGE, "shortcut window", "Lock workstation"),
                  "Bloquear el puesto", "Lock workstation");
  /* Plural forms: nplurals=2; plural=(n != 1) */
  assert_spanish (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", 1),
                  "%u minuto", "%u minute");
  assert_spanish (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", 5),
                  "%u minutos", "%u minutes");
}

/* The core library translates its labels and messages in the same domain. */
static void
test_core (void)
{
  const CareEntity *patient = care_schema_lookup ("patient");
  const CareField *date_of_birth = care_entity_field (patient, "date_of_birth");
  const CareField *sex = care_entity_field (patient, "sex");
  g_autofree char *canonical = NULL;
  g_autofree char *message = NULL;

  assert_spanish (care_role_label (CARE_ROLE_NURSE), "Enfermería", "Nurse");
  assert_spanish (care_role_label (CARE_ROLE_RECEPTIONIST), "Recepcionista", "Receptionist");
  assert_spanish (care_field_choice_label (sex, "female"), "Mujer", "Female");

  /* A date with the right shape that does not exist */
  g_assert_false (care_field_normalize (date_of_birth, "1984-02-31", &canonical, &message));
  g_assert_null (canonical);
  assert_spanish (message,
                  "Esta fecha no existe. Compruebe el día y el mes.",
                  "This date does not exist. Check the day and month.");
  g_clear_pointer (&message, g_free);

  /* Not a date at all */
  g_assert_false (care_field_normalize (date_of_birth, "27/03/1984", &canonical, &message));
  assert_spanish (message,
                  "Escriba la fecha como AAAA-MM-DD, por ejemplo 1984-03-27.",
                  "Enter the date as YYYY-MM-DD, for example 1984-03-27.");
}

/* The real window, on the demo clinic, signed in as its administrator. */
static void
test_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = care_test_store_new ();
  CareWindow *window;

  g_assert_true (care_demo_populate (store, 5, &error));
  g_assert_no_error (error);

  window = care_test_window_new (store);
  g_assert_cmpstr (care_window_get_mode (window), ==, "signin");

  /* The sign-in page: a template (.ui) string and one set from C */
  assert_shows (care_test_find (GTK_WIDGET (window), "signin-button"),
                "Iniciar sesión", "Sign In");
  assert_shows (GTK_WIDGET (window),
                "Inicie sesión con su cuenta del personal.",
                "Sign in with your staff account.");

  g_assert_true (care_test_sign_in (window, "admin", CARE_DEMO_PASSWORD));
  g_assert_cmpstr (care_window_get_mode (window), ==, "main");

  /* The sidebar: page titles from the N_() table in care-window.c */
#ifdef CARE_HAVE_PATIENTS_PAGE
  assert_spanish (sidebar_title (window, "patients"), "Pacientes", "Patients");
#endif
  assert_spanish (sidebar_title (window, "staff"), "Personal", "Staff");
  assert_spanish (sidebar_title (window, "attendance"), "Asistencia", "Attendance");
  assert_spanish (sidebar_title (window, "billing"), "Facturación", "Billing");

  /* A page's own strings (attendance: template and C) */
  g_assert_true (care_window_show_page (window, "attendance"));
  care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped,
                      care_test_find (GTK_WIDGET (window), "page-attendance"), TIMEOUT_MS);
  assert_shows (care_test_find (GTK_WIDGET (window), "page-attendance"),
                "Hoy en la clínica", "Today at the Clinic");

  care_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  const char *lc_all = g_getenv ("LC_ALL");

  /* Before anything calls setlocale() or gettext(). */
  g_setenv ("LANGUAGE", "es", TRUE);
  if (lc_all == NULL || *lc_all == '\0' ||
      g_str_equal (lc_all, "C") || g_str_equal (lc_all, "POSIX"))
    g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  /* The same set-up as main.c: setlocale (LC_ALL, ""), then bindtextdomain
   * (GETTEXT_PACKAGE, $CAREDESK_LOCALEDIR), bind_textdomain_codeset and
   * textdomain, then GTK and libadwaita. */
  care_test_init (&argc, &argv);

  g_test_add_func ("/i18n/catalogue", test_catalogue);
  g_test_add_func ("/i18n/core", test_core);
  g_test_add_func ("/i18n/window", test_window);

  return g_test_run ();
}
