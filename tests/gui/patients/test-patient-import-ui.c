/* test-patient-import-ui.c: importing a clinic's patient list from a CSV file
 *
 * A signed-in window over a clinic with one patient; a real CSV file of 50
 * rows (an accented name, an impossible date, a missing family name, the
 * clinic's patient again) through the import dialog: the columns guessed,
 * the preview's counts and words, a cancelled import that adds nobody,
 * then the import, which adds exactly the ready rows to the list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-patient-import-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "care-patient-import-dialog.h"
#include "care-patients-page.h"
#include "care-test-utils.h"

#define N_ROWS     50
#define N_LARGE    20000
#define TIMEOUT_MS 30000

/* Rows of the file (0-based; the file's line is row + 2). */
#define ROW_ACCENTED   3
#define ROW_BAD_DATE   10
#define ROW_NO_SURNAME 20
#define ROW_DUPLICATE  30

static CareStore               *store;
static CareWindow              *window;
static CarePatientsPage        *page;
static CarePatientImportDialog *dialog;
static char                    *csv_path;

static const CareEntity *
patients (void)
{
  return care_schema_lookup ("patient");
}

static GtkWidget *
find (const char *name)
{
  return care_test_must_find (GTK_WIDGET (dialog), name);
}

static const char *
label_text (const char *name)
{
  return gtk_label_get_text (GTK_LABEL (find (name)));
}

static char *
family_name (guint row)
{
  static const char *const families[] = { "Abbott", "Baker", "Carter", "Dalton", "Ellis", "Fischer", "Garnier",
                                          "Hughes", "Iverson", "Jansen" };

  return g_strdup_printf ("%s-%u", families[row % G_N_ELEMENTS (families)], row);
}

/* The file a clinic's old system would export: headings in words, days
 * first; n_rows of them, the rows above among them. */
static char *
write_csv (guint n_rows)
{
  static const char *const givens[] = { "Anna", "Ben", "Clara", "David", "Eva", "Frank", "Greta", "Hugo" };
  g_autoptr(GString) text = g_string_new ("First name,Surname,DOB,Gender,E-mail,Favourite colour\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("care-import-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  for (guint row = 0; row < n_rows; row++)
    {
      g_autofree char *family = family_name (row);
      const char *given = givens[row % G_N_ELEMENTS (givens)];
      g_autofree char *dob = g_strdup_printf ("%02u/%02u/%u", 13 + row % 15, 1 + row % 12, 1940 + row % 80);

      if (row == ROW_ACCENTED)
        given = "José María", g_free (family), family = g_strdup ("Núñez Peña");
      if (row == ROW_BAD_DATE)
        g_free (dob), dob = g_strdup ("31/02/1980");
      if (row == ROW_NO_SURNAME)
        g_free (family), family = g_strdup ("");
      if (row == ROW_DUPLICATE)
        given = "Harriet", g_free (family), family = g_strdup ("Quill"), g_free (dob), dob = g_strdup ("02/01/1950");
      g_string_append_printf (text, "%s,%s,%s,%s,p%u@example.org,%s\r\n", given, family, dob,
                              row % 2 ? "M" : "F", row, row % 3 ? "blue" : "green");
    }
  path = g_build_filename (dir, "old-system.csv", NULL);
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));
  g_assert_no_error (error);
  return path;
}

static const char *
stack_page (void)
{
  GtkWidget *stack = gtk_widget_get_ancestor (find ("patient-import-ready-label"), GTK_TYPE_STACK);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static gboolean
on_page (gpointer name)
{
  return g_strcmp0 (stack_page (), name) == 0;
}

static void
wait_for_page (const char *name)
{
  care_test_wait_for (on_page, (gpointer) name, TIMEOUT_MS);
  g_assert_cmpstr (stack_page (), ==, name);
}

static const char *
column_choice (guint column)
{
  g_autofree char *name = g_strdup_printf ("patient-import-column-%u", column);
  AdwComboRow *row = ADW_COMBO_ROW (find (name));

  return gtk_string_object_get_string (adw_combo_row_get_selected_item (row));
}

/* Picks field in the column's dropdown, as a person would. */
static void
choose_field (guint       column,
              const char *field)
{
  g_autofree char *name = g_strdup_printf ("patient-import-column-%u", column);
  const char *const *fields = care_patient_import_fields ();

  for (guint i = 0; fields[i]; i++)
    if (g_str_equal (fields[i], field))
      adw_combo_row_set_selected (ADW_COMBO_ROW (find (name)), i + 1);
}

static GListModel *
preview_rows (void)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (find ("patient-import-rows-list")));

  return gtk_no_selection_get_model (GTK_NO_SELECTION (selection));
}

static const char *
preview_row (guint position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (preview_rows (), position);

  return item ? gtk_string_object_get_string (item) : NULL;
}

static gint64
n_patients (void)
{
  return care_store_count (store, patients ());
}

static gint64
n_named (const char *family)
{
  return care_store_count_where (store, patients (), "family_name", family);
}

static gboolean
count_label_is (gpointer expected)
{
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (care_test_find (GTK_WIDGET (page), "patients-count-label"))),
                    expected) == 0;
}

/* The dialog has drawn a frame with widget in it. */
static gboolean
drawn (gpointer widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (dialog));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  if (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) <= 0)
    return FALSE;
  gdk_paintable_snapshot (paintable, snapshot, 1, 1);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  return node != NULL;
}

/* What a person sees, once it is drawn. */
static void
keep_screenshot (const char *widget_name,
                 const char *file_name)
{
  care_test_wait_for (drawn, find (widget_name), TIMEOUT_MS);
  care_test_keep_screenshot (GTK_WIDGET (dialog), file_name);
}

static void
test_open_from_page (void)
{
  g_assert_true (gtk_widget_get_visible (care_test_must_find (GTK_WIDGET (page), "patients-more-button")));
  care_test_keep_screenshot (GTK_WIDGET (window), "patient-import-page.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "patients.import", NULL));
  dialog = CARE_PATIENT_IMPORT_DIALOG (care_test_wait_window ("patient-import-dialog"));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_cmpstr (stack_page (), ==, "choose");
  g_assert_true (gtk_widget_get_visible (find ("patient-import-choose-button")));
}

static GtkWidget *
file_chooser_dialog (void)
{
  return care_test_wait_for_file_chooser (0);
}

/* Choose File… opens the file chooser (GTK's own dialog, with no portal
 * under test), and the file chosen there is read. */
static void
test_choose_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  GtkWidget *chooser;

  care_test_click (find ("patient-import-choose-button"));
  chooser = care_test_wait_for_file_chooser (TIMEOUT_MS);
  g_assert_nonnull (chooser);
  care_test_file_chooser_answer (chooser, file);
  wait_for_page ("mapping");
  g_assert_cmpstr (label_text ("patient-import-file-label"), ==, "“old-system.csv” has 50 rows of patients.");
  g_assert_null (file_chooser_dialog ());
}

/* A file that is not a readable CSV: said in words, nothing else happens. */
static void
test_unreadable_file (void)
{
  g_autofree char *dir = g_path_get_dirname (csv_path);
  g_autofree char *path = g_build_filename (dir, "broken.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/list.csv");
  g_autoptr(GError) error = NULL;
  const char *text;

  g_assert_true (g_file_set_contents (path, "Name,Surname\n\"Ana,López\n", -1, &error));
  g_assert_no_error (error);
  care_patient_import_dialog_load_file (dialog, file);
  wait_for_page ("choose");
  text = label_text ("patient-import-error");
  g_assert_true (gtk_widget_get_visible (find ("patient-import-error")));
  /* In the reader's language: the file's name and the line. */
  {
    g_autofree char *quote = g_strdup_printf (_("A quoted value that begins on line %u never ends: a closing quotation mark (\") is missing."), 2);
    g_autofree char *expected = g_strdup_printf (_("Could not read “%s”: %s"), "broken.csv", quote);

    g_assert_cmpstr (text, ==, expected);
  }

  care_patient_import_dialog_load_file (dialog, missing);
  wait_for_page ("choose");
  {
    g_autofree char *expected = g_strdup_printf (_("Could not read “%s”: %s"), "list.csv", "");

    g_assert_true (g_str_has_prefix (label_text ("patient-import-error"), expected));
  }
  g_assert_null (care_patient_import_dialog_get_import (dialog));
}

static void
test_columns_guessed (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  CarePatientImport *import;

  care_patient_import_dialog_load_file (dialog, file);
  wait_for_page ("mapping");
  import = care_patient_import_dialog_get_import (dialog);
  g_assert_nonnull (import);

  g_assert_cmpstr (label_text ("patient-import-file-label"), ==, "“old-system.csv” has 50 rows of patients.");
  g_assert_cmpstr (care_patient_import_get_field (import, 0), ==, "given_name");
  g_assert_cmpstr (care_patient_import_get_field (import, 1), ==, "family_name");
  g_assert_cmpstr (care_patient_import_get_field (import, 2), ==, "date_of_birth");
  g_assert_cmpstr (care_patient_import_get_field (import, 3), ==, "sex");
  g_assert_cmpstr (care_patient_import_get_field (import, 4), ==, "email");
  g_assert_null (care_patient_import_get_field (import, 5));
  g_assert_cmpint (care_patient_import_get_date_order (import), ==, CARE_DATE_ORDER_DMY);

  /* What the rows show: the heading, a sample, the field in words. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (find ("patient-import-column-1"))), ==, "Surname");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find ("patient-import-column-1"))), ==,
                   "For example “Abbott-0”");
  g_assert_cmpstr (column_choice (0), ==, "Given name");
  g_assert_cmpstr (column_choice (1), ==, "Family name");
  g_assert_cmpstr (column_choice (2), ==, "Date of birth");
  g_assert_cmpstr (column_choice (5), ==, "Leave out");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find ("patient-import-date-order"))), ==,
                    CARE_DATE_ORDER_DMY);

  /* A choice in the row reaches the import; a field comes from one column. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find ("patient-import-column-5")), 0);
  choose_field (5, "email");
  g_assert_cmpstr (care_patient_import_get_field (import, 5), ==, "email");
  g_assert_null (care_patient_import_get_field (import, 4));
  g_assert_cmpstr (column_choice (4), ==, "Leave out");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find ("patient-import-column-5")), 0);
  g_assert_null (care_patient_import_get_field (import, 5));
  choose_field (4, "email");
  g_assert_cmpstr (care_patient_import_get_field (import, 4), ==, "email");
  g_assert_cmpstr (column_choice (4), ==, "Email");
  keep_screenshot ("patient-import-column-5", "patient-import-columns.png");
}

static void
test_preview (void)
{
  CarePatientImport *import = care_patient_import_dialog_get_import (dialog);
  g_autoptr(GPtrArray) found = care_store_list (store, patients (), "family_name", "Quill", NULL, 1, NULL);
  g_autofree char *duplicate = NULL;

  care_test_click (find ("patient-import-check-button"));
  wait_for_page ("preview");
  keep_screenshot ("patient-import-rows-list", "patient-import-preview.png");

  g_assert_cmpuint (care_patient_import_get_n_ready (import), ==, N_ROWS - 3);
  g_assert_cmpstr (label_text ("patient-import-ready-label"), ==, "47 patients ready to import");
  g_assert_cmpstr (label_text ("patient-import-problems-label"), ==, "2 rows with problems, left out");
  g_assert_cmpstr (label_text ("patient-import-duplicates-label"), ==, "1 possible duplicate, left out");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find ("patient-import-import-button"))), ==,
                   "_Import 47 Patients");

  /* The rows left out, in the file's order, in words. */
  g_assert_cmpuint (found->len, ==, 1);
  duplicate = g_strdup_printf ("Line 32: possibly the same person as Harriet Quill (%s), already registered",
                               care_record_get (found->pdata[0], "mrn"));
  g_assert_cmpuint (g_list_model_get_n_items (preview_rows ()), ==, 3);
  g_assert_cmpstr (preview_row (0), ==, "Line 12, column “DOB” (Date of birth) “31/02/1980”: There is no such day.");
  g_assert_cmpstr (preview_row (1), ==, "Line 22, Family name: This is required.");
  g_assert_cmpstr (preview_row (2), ==, duplicate);
}

static void
test_cancel_adds_nobody (void)
{
  g_autofree char *path = g_strdup (care_store_get_path (store));
  sqlite3 *blocker = NULL;

  /* Another connection holds the write lock, so the import cannot start
   * writing before Cancel is pressed: the cancellation is certain to come
   * first, whatever the threads' timing. */
  g_assert_cmpint (sqlite3_open (path, &blocker), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (blocker, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  care_test_click (find ("patient-import-import-button"));
  g_assert_cmpstr (stack_page (), ==, "working");
  g_assert_true (gtk_widget_get_visible (find ("patient-import-progress")));
  care_test_click (find ("patient-import-cancel-button"));
  g_assert_cmpint (sqlite3_exec (blocker, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (blocker);

  wait_for_page ("preview");
  g_assert_cmpstr (label_text ("patient-import-error"), ==, "The import was cancelled. No patients were added.");
  g_assert_true (gtk_widget_get_visible (find ("patient-import-error")));
  g_assert_cmpint (n_patients (), ==, 1);
  g_assert_true (count_label_is ("1 patient"));
}

static void
test_import (void)
{
  g_autoptr(GPtrArray) outbox = NULL;

  care_test_click (find ("patient-import-import-button"));
  wait_for_page ("done");
  keep_screenshot ("patient-import-close-button", "patient-import-done.png");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (find ("patient-import-done"))), ==,
                   "47 Patients Added");
  g_assert_false (gtk_widget_get_visible (find ("patient-import-error")));

  /* Exactly the ready rows, once each. */
  g_assert_cmpint (n_patients (), ==, 1 + N_ROWS - 3);
  for (guint row = 0; row < N_ROWS; row++)
    {
      g_autofree char *family = family_name (row);

      if (row == ROW_ACCENTED || row == ROW_DUPLICATE || row == ROW_NO_SURNAME)
        continue;
      g_assert_cmpint (n_named (family), ==, row == ROW_BAD_DATE ? 0 : 1);
    }
  g_assert_cmpint (n_named ("Núñez Peña"), ==, 1);
  g_assert_cmpint (n_named ("Quill"), ==, 1);
  g_assert_cmpint (care_store_count_where (store, patients (), "given_name", "José María"), ==, 1);
  g_assert_cmpint (care_store_count_where (store, patients (), "email", "p49@example.org"), ==, 1);

  /* The list learnt of them from the store, as after any write. */
  care_test_wait_for (count_label_is, "48 patients", TIMEOUT_MS);
  g_assert_true (count_label_is ("48 patients"));

  care_test_click (find ("patient-import-close-button"));
  care_test_wait_window_gone ("patient-import-dialog");
}

/* Who may register patients may import them; no one else sees the way in
 * (the Patients page needs the same permission). */
static void
test_who_may_import (void)
{
  static const struct { const char *login; const char *role; gboolean may; } staff[] = {
    { "rita", CARE_ROLE_RECEPTIONIST, TRUE },
    { "nina", CARE_ROLE_NURSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_autoptr(CareRecord) user = care_test_add_staff (store, staff[i].login, staff[i].login, staff[i].role);
      CareWindow *win = care_test_window_new (store);
      GtkWidget *their_page;

      g_assert_true (care_test_sign_in (win, staff[i].login, CARE_TEST_PASSWORD));
      if (!staff[i].may)
        {
          g_assert_false (care_window_show_page (win, "patients"));
          care_test_window_destroy (win);
          continue;
        }
      g_assert_true (care_window_show_page (win, "patients"));
      their_page = gtk_widget_get_ancestor (care_test_must_find (GTK_WIDGET (win), "patients-list"),
                                            CARE_TYPE_PATIENTS_PAGE);
      g_assert_true (gtk_widget_get_visible (care_test_must_find (their_page, "patients-more-button")));
      g_assert_true (gtk_widget_activate_action (their_page, "patients.import", NULL));
      gtk_window_close (GTK_WINDOW (care_test_wait_window ("patient-import-dialog")));
      care_test_wait_window_gone ("patient-import-dialog");
      care_test_window_destroy (win);
    }
}

static gboolean
count_label_in (gpointer win)
{
  GtkWidget *label = care_test_must_find (win, "patients-count-label");

  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), "19,998 patients") == 0;
}

static void
on_fraction_cb (GtkProgressBar *bar,
                GParamSpec     *pspec,
                gboolean       *partial)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  *partial = *partial || (fraction > 0.0 && fraction < 1.0);
}

/* A clinic-sized file into a new clinic: the check and the import run in a
 * worker, the main loop turning and the progress bar moving meanwhile. */
static void
test_off_the_main_loop (void)
{
  g_autoptr(CareStore) fresh = care_test_store_new_with_clinic ();
  g_autofree char *path = write_csv (N_LARGE);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CareTestLoopWatch *watch;
  guint ticks, longest_ms, elapsed_ms;
  gboolean partial = FALSE;
  gint64 start;
  CareWindow *win = care_test_window_new (fresh);
  GtkWidget *empty_import;

  /* A new clinic's empty list offers the import. */
  g_assert_true (care_test_sign_in (win, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  g_assert_true (care_window_show_page (win, "patients"));
  empty_import = care_test_must_find (GTK_WIDGET (win), "patients-empty-import-button");
  care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped, empty_import, TIMEOUT_MS);
  care_test_keep_screenshot (GTK_WIDGET (win), "patient-import-empty-clinic.png");
  care_test_click (empty_import);
  dialog = CARE_PATIENT_IMPORT_DIALOG (care_test_wait_window ("patient-import-dialog"));
  care_patient_import_dialog_load_file (dialog, file);
  wait_for_page ("mapping");

  care_test_click (find ("patient-import-check-button"));
  wait_for_page ("preview");
  g_assert_cmpuint (care_patient_import_get_n_ready (care_patient_import_dialog_get_import (dialog)), ==,
                    N_LARGE - 2);

  g_signal_connect (find ("patient-import-progress"), "notify::fraction", G_CALLBACK (on_fraction_cb), &partial);
  start = g_get_monotonic_time ();
  watch = care_test_loop_watch_start ();
  care_test_click (find ("patient-import-import-button"));
  wait_for_page ("done");
  care_test_loop_watch_stop (watch, &ticks, &longest_ms);
  elapsed_ms = (guint) ((g_get_monotonic_time () - start) / 1000);
  g_test_message ("imported %u rows in %u ms; loop ran %u times, blocked at most %u ms",
                  N_LARGE - 2, elapsed_ms, ticks, longest_ms);

  g_assert_cmpint (care_store_count (fresh, patients ()), ==, N_LARGE - 2);
  g_assert_true (partial);
  g_assert_cmpuint (ticks, >, 0);
  /* On the main loop the import would have held it the whole time. */
  g_assert_cmpuint (longest_ms * 2, <, elapsed_ms);

  gtk_window_destroy (GTK_WINDOW (dialog));
  care_test_wait_window_gone ("patient-import-dialog");
  care_test_wait_for (count_label_in, win, TIMEOUT_MS);
  g_assert_true (count_label_in (win));
  care_test_window_destroy (win);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CareRecord) harriet = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *list;
  int status;

  care_test_init (&argc, &argv);

  store = care_test_store_new_with_clinic ();
  harriet = care_record_new (patients ());
  care_record_set (harriet, "given_name", "Harriet");
  care_record_set (harriet, "family_name", "Quill");
  care_record_set (harriet, "date_of_birth", "1950-01-02");
  care_record_set (harriet, "sex", "female");
  care_record_set (harriet, "status", "new");
  g_assert_true (care_patients_register (store, harriet, TRUE, &error));
  g_assert_no_error (error);
  csv_path = write_csv (N_ROWS);

  window = care_test_window_new (store);
  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  g_assert_true (care_window_show_page (window, "patients"));
  list = care_test_must_find (GTK_WIDGET (window), "patients-list");
  page = CARE_PATIENTS_PAGE (gtk_widget_get_ancestor (list, CARE_TYPE_PATIENTS_PAGE));

  g_test_add_func ("/patient-import/open-from-page", test_open_from_page);
  g_test_add_func ("/patient-import/unreadable-file", test_unreadable_file);
  g_test_add_func ("/patient-import/choose-file", test_choose_file);
  g_test_add_func ("/patient-import/columns-guessed", test_columns_guessed);
  g_test_add_func ("/patient-import/preview", test_preview);
  g_test_add_func ("/patient-import/cancel-adds-nobody", test_cancel_adds_nobody);
  g_test_add_func ("/patient-import/import", test_import);
  g_test_add_func ("/patient-import/who-may-import", test_who_may_import);
  g_test_add_func ("/patient-import/off-the-main-loop", test_off_the_main_loop);

  status = g_test_run ();

  care_test_window_destroy (window);
  g_clear_object (&store);
  g_free (csv_path);
  return status;
}
