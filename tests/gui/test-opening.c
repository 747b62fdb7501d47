/* test-opening.c: a store that sorts its patients again opens behind a window that says so
 *
 * The store is made in C and the application started in Spanish, as a
 * workstation whose language changed: activating the application shows
 * the preparing window at once (the worker held until the test has seen
 * it), with a bar that is named and moves to the end; then the usual
 * window, whose patient list is in the Spanish order. Run in English and
 * in Spanish; with CAREDESK_TEST_OUTPUT set it keeps
 * opening-window-LANG.png and opening-refused-LANG.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-opening"

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "care-application.h"
#include "care-format.h"
#include "care-opening-window.h"
#include "care-patients-page.h"
#include "care-store-private.h"
#include "care-test-utils.h"

#define TIMEOUT_MS 60000
#define SPANISH "es_ES.UTF-8"

/* Two names whose order C and Spanish disagree on ("ñ" is a letter of
 * its own after "n"), among the demo's. */
static const char *const names[] = { "Muñoz", "Munzo" };

static GStrv
family_names (GListModel *model)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  g_auto(GStrv) out = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CareRecordObject) item = g_list_model_get_item (model, i);

      g_strv_builder_add (builder, care_record_get (care_record_object_get_record (item), "family_name"));
    }
  out = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return g_steal_pointer (&out);
}

static guint
position (GStrv        list,
          const char  *name)
{
  for (guint i = 0; list[i]; i++)
    if (g_str_equal (list[i], name))
      return i;
  g_error ("“%s” is not in the list", name);
}

/* Each name's key no greater than the next's, in this locale. */
static void
assert_in_collation_order (GStrv list)
{
  for (guint i = 1; list[i]; i++)
    {
      g_autoptr(GBytes) a = care_collation_key (list[i - 1], NULL);
      g_autoptr(GBytes) b = care_collation_key (list[i], NULL);

      g_assert_cmpint (g_bytes_compare (a, b), <=, 0);
    }
}

/* A store with the test clinic, a few hundred patients and the two
 * names, its keys made in C; returns its path. */
static char *
make_store_in_c (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(CarePatientModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) in_c = NULL;

  g_assert_true (care_demo_add_patients (store, 1200, 3, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(CareRecord) patient = care_record_new (care_schema_lookup ("patient"));

      care_record_set (patient, "given_name", "Ana");
      care_record_set (patient, "family_name", names[i]);
      care_record_set (patient, "date_of_birth", "1984-03-27");
      care_record_set (patient, "sex", "female");
      care_record_set (patient, "status", "new");
      g_assert_true (care_store_insert (store, patient, &error));
      g_assert_no_error (error);
    }
  model = care_patient_model_new (store);
  in_c = family_names (G_LIST_MODEL (model));
  g_assert_cmpuint (position (in_c, "Muñoz"), <, position (in_c, "Munzo"));
  return g_strdup (care_store_get_path (store));
}

static gboolean
main_window_shown (gpointer data)
{
  return CARE_IS_WINDOW (gtk_application_get_active_window (data));
}

static void
on_fraction_cb (GtkProgressBar *bar,
                GParamSpec     *pspec,
                GArray         *fractions)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  g_array_append_val (fractions, fraction);
}

static void
test_sorts_behind_a_window (void)
{
  g_autofree char *path = make_store_in_c ();
  g_autoptr(CareApplication) app = care_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *count = NULL;
  g_autofree char *language = NULL;
  g_autofree char *label = NULL;
  g_auto(GStrv) listed = NULL;
  CareTestLoopWatch *watch;
  GtkWindow *opening;
  GtkWidget *bar, *page;
  CareWindow *window;
  CareStoreWork what;
  guint ticks, longest_ms;

  /* The workstation's language changed. */
  g_assert_nonnull (setlocale (LC_COLLATE, SPANISH));
  g_assert_true (care_store_open_pending_work (path, &what, &error));
  g_assert_no_error (error);
  g_assert_cmpint (what.flags, ==, CARE_STORE_WORK_SORT);

  g_setenv ("CAREDESK_STORE", path, TRUE);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  care_store_open_hold_for_test (TRUE);
  g_application_activate (G_APPLICATION (app));

  /* At once, before the main loop has turned: the preparing window. */
  opening = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (CARE_IS_OPENING_WINDOW (opening));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (opening)), ==, "opening-window");
  g_assert_null (care_application_get_store (app));
  bar = care_test_must_find (GTK_WIDGET (opening), "opening-progress");
  g_assert_true (GTK_IS_PROGRESS_BAR (bar));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL));
  label = gtk_test_accessible_check_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              _("Preparing the clinic store"));
  g_assert_null (label);
  /* What and how many, in the language sorted for. */
  g_assert_cmpint (what.n_patients, >, 1000);
  count = care_format_count (what.n_patients);
  language = care_collation_locale_name ();
  g_assert_nonnull (language);
  {
    GtkWidget *status = care_test_find_type (GTK_WIDGET (opening), ADW_TYPE_STATUS_PAGE);
    const char *description = adw_status_page_get_description (ADW_STATUS_PAGE (status));

    g_assert_nonnull (strstr (description, count));
    g_assert_nonnull (strstr (description, language));
  }
  /* Nothing in it takes the keyboard, and quitting waits for the work. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "quit"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "preferences"));

  care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped, opening, 10000);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (opening)));
  care_test_keep_screenshot (GTK_WIDGET (opening), care_test_language_shot_name ("opening", "window"));

  /* Closing is refused, and says why. */
  gtk_window_close (opening);
  care_test_wait (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (opening)));
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) == opening);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (GTK_WIDGET (opening), "opening-note"))), ==,
                   _("Caredesk opens as soon as this is done. Stopping now would only "
                     "mean starting again the next time."));
  care_test_keep_screenshot (GTK_WIDGET (opening), care_test_language_shot_name ("opening", "refused"));

  /* The work goes on in the worker; the bar moves on this loop. */
  g_signal_connect (bar, "notify::fraction", G_CALLBACK (on_fraction_cb), fractions);
  watch = care_test_loop_watch_start ();
  care_store_open_hold_for_test (FALSE);
  care_test_wait_for (main_window_shown, app, TIMEOUT_MS);
  care_test_loop_watch_stop (watch, &ticks, &longest_ms);
  g_assert_true (main_window_shown (app));
  g_assert_cmpuint (ticks, >, 0);

  g_assert_cmpuint (fractions->len, >=, 2);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
  care_test_wait_window_gone ("opening-window");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "quit"));

  /* The usual window, whose list is in the Spanish order. */
  window = CARE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (care_application_get_store (app));
  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  page = care_window_get_page (window, "patients");
  listed = family_names (care_patients_page_get_model (CARE_PATIENTS_PAGE (page)));
  g_assert_cmpuint (g_strv_length (listed), ==, what.n_patients);
  g_assert_cmpuint (position (listed, "Munzo"), <, position (listed, "Muñoz"));
  assert_in_collation_order (listed);

  care_test_window_destroy (window);
}

int
main (int argc, char *argv[])
{
  /* The test AT context keeps the bar's accessible label to read. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  care_test_init (&argc, &argv);
  g_test_add_func ("/opening/sorts-behind-a-window", test_sorts_behind_a_window);
  return g_test_run ();
}
