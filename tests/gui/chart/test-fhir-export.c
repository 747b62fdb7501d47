/* test-fhir-export.c: a doctor exports a patient's chart as a FHIR R4 Bundle file
 *
 * Runs under Xvfb against a real store, the chart page in a real window
 * (with the toast overlay the main window has), signed in as a doctor:
 * the button, the file chooser it opens, the file written off the main
 * loop, and the toast that says where it went.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-fhir-export"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "care-test-utils.h"
#include "chart/care-chart-page.h"
#include "chart/care-fhir-export.h"

#define TIMEOUT_MS 10000

typedef struct {
  CareStore  *store;
  char       *patient;
  char       *dir;
  GtkWindow  *window;
  GtkWidget  *page;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 7, 14, 5, 0);
  g_autoptr(CareSession) session = NULL;
  g_autoptr(CareRecord) patient = care_record_new (care_schema_lookup ("patient"));
  g_autoptr(CareRecord) set = care_record_new (care_schema_lookup ("vitals"));
  g_autoptr(CareRecord) doctor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mrn = NULL;
  GtkWidget *overlay = adw_toast_overlay_new ();

  care_clock_freeze (g_date_time_to_unix (now) * G_USEC_PER_SEC);
  f->dir = g_dir_make_tmp ("caredesk-fhir-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = care_test_store_new_with_clinic ();
  mrn = care_store_next_number (f->store, "mrn", NULL);
  care_record_set (patient, "given_name", "Marta");
  care_record_set (patient, "family_name", "Quintero");
  care_record_set (patient, "date_of_birth", "1951-06-02");
  care_record_set (patient, "sex", "female");
  care_record_set (patient, "status", "repeat");
  care_record_set (patient, "mrn", mrn);
  g_assert_true (care_store_insert (f->store, patient, &error));
  g_assert_no_error (error);
  f->patient = g_strdup (care_record_get_id (patient));
  care_record_set (set, "patient_id", f->patient);
  care_record_set (set, "recorded_at", "2026-12-07T10:00:00Z");
  care_record_set (set, "pulse", "96");
  care_record_set (set, "systolic", "128");
  care_record_set (set, "diastolic", "82");
  g_assert_true (care_store_insert (f->store, set, &error));
  g_assert_no_error (error);

  doctor = care_test_add_staff (f->store, "ddoctor", "Dana Doctor", CARE_ROLE_DOCTOR);
  session = care_session_new (f->store, doctor);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 800);
  f->page = care_chart_page_new (session);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), f->page);
  gtk_window_set_child (f->window, overlay);
  gtk_window_present (f->window);
  care_chart_page_show_patient (CARE_CHART_PAGE (f->page), f->patient);
  care_test_wait (100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  gtk_window_destroy (f->window);
  care_test_wait (50);
  g_clear_object (&f->store);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->patient);
  care_clock_reset ();
}

/* The Bundle in path: the patient first, the pulse and the blood pressure as LOINC-coded Observations. */
static void
assert_bundle (Fixture    *f,
               const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *bundle;
  JsonArray *entries;
  g_autofree char *text = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  bundle = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (bundle, "resourceType"), ==, "Bundle");
  entries = json_object_get_array_member (bundle, "entry");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (entries, 0), "resource"), "id"),
                   ==, f->patient);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\"code\":\"8867-4\""));
  g_assert_nonnull (strstr (text, "\"code\":\"85354-9\""));
}

static gboolean
task_done (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* Waits for path to exist without running the main loop. */
static gboolean
appears_without_loop (const char *path,
                      guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (G_TIME_SPAN_MILLISECOND);
    }
  return TRUE;
}

/* The writing half: off the main loop, the file a valid bundle. The file
 * is written while this thread holds the loop (g_file_replace_contents()
 * renames it into place whole), which it could not be if the writing ran
 * on the loop; the result then comes through the loop. (Counting turns of
 * the loop instead failed when the writing took less than the 1 ms
 * between two turns.) */
static void
test_write (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "marta.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  care_fhir_export_to_file_async (CARE_PAGE (f->page), f->patient, file, NULL, on_done_cb, &result);
  g_assert_true (appears_without_loop (path, TIMEOUT_MS));
  g_assert_null (result);
  g_assert_true (care_test_wait_for (task_done, &result, TIMEOUT_MS));
  g_assert_true (care_fhir_export_to_file_finish (CARE_PAGE (f->page), result, &error));
  g_assert_no_error (error);
  assert_bundle (f, path);

  /* A patient the store does not hold: an error, no file. */
  {
    g_autofree char *missing = g_build_filename (f->dir, "nobody.json", NULL);
    g_autoptr(GFile) nowhere = g_file_new_for_path (missing);
    g_autoptr(GAsyncResult) refused = NULL;
    g_autofree char *id = care_uuid_v7 ();

    care_fhir_export_to_file_async (CARE_PAGE (f->page), id, nowhere, NULL, on_done_cb, &refused);
    g_assert_true (care_test_wait_for (task_done, &refused, TIMEOUT_MS));
    g_assert_false (care_fhir_export_to_file_finish (CARE_PAGE (f->page), refused, &error));
    g_assert_nonnull (error);
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }
}

static gboolean
file_written_and_button_back (gpointer data)
{
  Fixture *f = data;
  g_autofree char *path = g_build_filename (f->dir, "export.fhir.json", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS) &&
         gtk_widget_get_sensitive (care_test_find (f->page, "chart-export-fhir"));
}

static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

/* The button as the doctor uses it: the chooser offers a file name,
 * the file is written, a toast says so. */
static void
test_button (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *button = care_test_find (f->page, "chart-export-fhir");
  GtkWidget *chooser;
  g_autofree char *path = g_build_filename (f->dir, "export.fhir.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *suggested = NULL;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, g_dgettext (GETTEXT_PACKAGE, "Export _FHIR…"));
  care_test_keep_screenshot (GTK_WIDGET (f->window), "fhir-export-chart.png");

  care_test_click (button);
  chooser = care_test_wait_for_file_chooser (TIMEOUT_MS);
  g_assert_nonnull (chooser);
  suggested = care_test_file_chooser_name (chooser);
  g_assert_true (g_str_has_prefix (suggested, "Quintero-Marta-"));
  g_assert_true (g_str_has_suffix (suggested, ".fhir.json"));
  care_test_wait (300);
  care_test_keep_screenshot (chooser, "fhir-export-chooser.png");
  care_test_file_chooser_answer (chooser, file);

  g_assert_true (care_test_wait_for (file_written_and_button_back, f, TIMEOUT_MS));
  assert_bundle (f, path);
  care_test_wait (300);
  /* The toast names the file and its folder. */
  {
    g_autofree char *folder_name = g_path_get_basename (f->dir);
    g_autofree char *expected = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Chart exported to “%s” in %s"),
                                             "export.fhir.json", folder_name);

    g_assert_true (has_label (GTK_WIDGET (f->window), expected));
  }
  care_test_keep_screenshot (GTK_WIDGET (f->window), "fhir-export-toast.png");
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);
  g_test_add ("/chart/fhir-export/write", Fixture, NULL, fixture_set_up, test_write, fixture_tear_down);
  g_test_add ("/chart/fhir-export/button", Fixture, NULL, fixture_set_up, test_button, fixture_tear_down);
  return g_test_run ();
}
