/* test-staffing-ui.c: a task assigned and completed by two people; the roster; everyone's hours as CSV; equipment
 *
 * Runs under Xvfb in a real window on a real store file, signing in as
 * the clinic's administrator and as a nurse. The clock stands still on
 * Wednesday 9 December 2026 at 10:00 local time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-staffing-ui"

#include "config.h"

#include "care-test-records.h"
#include "care-test-utils.h"
#include "assets/care-asset-editor.h"
#include "attendance/care-attendance-report.h"
#include "notifications/care-notification-link.h"
#include "roster/care-roster-page.h"

#define TIMEOUT_MS 10000

typedef struct {
  CareStore  *store;
  CareRecord *nurse;
  CareWindow *window;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 12, 9, 10, 0, 0);

  care_clock_freeze (g_date_time_to_unix (now) * G_USEC_PER_SEC);
  /* The bell shows maintenance due as a desktop notification. */
  care_test_serve_notifications ();
  f->store = care_test_store_new_with_clinic ();
  f->nurse = care_test_add_staff (f->store, "nora", "Nora Nurse", CARE_ROLE_NURSE);
  f->window = care_test_window_new (f->store);
  g_assert_true (care_test_sign_in (f->window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  care_test_window_destroy (f->window);
  g_clear_pointer (&f->nurse, care_record_unref);
  g_clear_object (&f->store);
  care_clock_reset ();
}

static GtkWidget *
find (gpointer    root,
      const char *name)
{
  return care_test_must_find (GTK_WIDGET (root), name);
}

static gboolean
drawn (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

/* A screenshot once the widget (a dialog just presented) is laid out. */
static void
shot (gpointer    widget,
      const char *name)
{
  g_assert_true (care_test_wait_for (drawn, widget, TIMEOUT_MS));
  care_test_wait (200);
  care_test_keep_screenshot (GTK_WIDGET (widget), name);
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      n++;
  return n;
}

/* Every descendant of root named name. */
static void
collect (GtkWidget  *root,
         const char *name,
         GPtrArray  *into)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    g_ptr_array_add (into, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect (child, name, into);
}

static void
select_choice (GtkDropDown *drop_down,
               const char  *prefix)
{
  GListModel *model = gtk_drop_down_get_model (drop_down);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (model), i), prefix))
      {
        gtk_drop_down_set_selected (drop_down, i);
        return;
      }
  g_assert_not_reached ();
}

static CareRecord *
only_task (CareStore *store)
{
  g_autoptr(GPtrArray) tasks = care_store_list (store, care_schema_lookup ("task"), NULL, NULL, NULL, 0, NULL);

  g_assert_cmpuint (tasks->len, ==, 1);
  return care_record_ref (tasks->pdata[0]);
}

/* --- tasks ------------------------------------------------------------------- */

static void
test_task_assign_and_complete (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(CareRecord) task = NULL;
  GtkWidget *dialog;
  GtkWidget *page;

  g_assert_true (care_window_show_page (f->window, "tasks"));
  page = find (f->window, "page-tasks");
  g_assert_cmpuint (count_rows (find (page, "tasks-todo")), ==, 0);

  /* The administrator gives Nora a task due an hour ago. */
  care_test_click (find (page, "tasks-assign"));
  dialog = care_test_wait_alert ("task-assign-dialog");
  g_assert_false (care_alert_get_response_enabled (dialog, "assign"));
  care_test_type (find (dialog, "task-title"), "Count the crash trolley");
  select_choice (GTK_DROP_DOWN (find (dialog, "task-for")), "Nora Nurse");
  care_test_type (find (dialog, "task-due"), "next Tuesday");
  g_assert_true (gtk_widget_get_visible (find (dialog, "task-due-error")));
  g_assert_false (care_alert_get_response_enabled (dialog, "assign"));
  care_test_type (find (dialog, "task-due"), "2026-12-09 09:00");
  g_assert_false (gtk_widget_get_visible (find (dialog, "task-due-error")));
  g_assert_true (care_alert_get_response_enabled (dialog, "assign"));
  shot (dialog, "tasks-assign.png");
  care_test_alert_respond (dialog, "assign");
  care_test_wait_alert_gone ("task-assign-dialog");

  task = only_task (f->store);
  g_assert_cmpstr (care_record_get (task, "assigned_to"), ==, care_record_get_id (f->nurse));
  g_assert_cmpstr (care_record_get (task, "status"), ==, "open");
  g_assert_cmpuint (count_rows (find (page, "tasks-given")), ==, 1);
  g_assert_cmpuint (count_rows (find (page, "tasks-todo")), ==, 0);

  /* Nora sees it on her list, overdue, and completes it with a note. */
  care_test_switch_user (f->window, "nora");
  g_assert_true (care_window_show_page (f->window, "tasks"));
  page = find (f->window, "page-tasks");
  g_assert_cmpuint (count_rows (find (page, "tasks-todo")), ==, 1);
  g_assert_true (gtk_widget_has_css_class (find (page, "task-row"), "task-overdue"));
  shot (f->window, "tasks-nurse.png");
  care_test_click (find (page, "task-done"));
  dialog = care_test_wait_alert ("task-done-dialog");
  g_assert_false (care_alert_get_response_enabled (dialog, "done"));
  care_test_type (find (dialog, "task-note"), "   ");
  g_assert_false (care_alert_get_response_enabled (dialog, "done"));
  care_test_type (find (dialog, "task-note"), "All items present; one oxygen mask replaced");
  shot (dialog, "tasks-done.png");
  care_test_alert_respond (dialog, "done");
  care_test_wait_alert_gone ("task-done-dialog");

  g_clear_pointer (&task, care_record_unref);
  task = only_task (f->store);
  g_assert_cmpstr (care_record_get (task, "status"), ==, "done");
  g_assert_cmpstr (care_record_get (task, "completion_note"), ==, "All items present; one oxygen mask replaced");
  g_assert_cmpstr (care_record_get (task, "completed_by"), ==, care_record_get_id (f->nurse));
  g_assert_cmpuint (count_rows (find (page, "tasks-todo")), ==, 0);
}

/* --- roster ------------------------------------------------------------------ */

/* The "+" of Nora's cell on the day of month day. */
static GtkWidget *
add_button (GtkWidget  *page,
            const char *user_id,
            int         day)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (page, "roster-add", buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      CareRecord *user = g_object_get_data (buttons->pdata[i], "user");
      GDateTime *when = g_object_get_data (buttons->pdata[i], "day");

      if (g_strcmp0 (care_record_get_id (user), user_id) == 0 && g_date_time_get_day_of_month (when) == day)
        return buttons->pdata[i];
    }
  g_assert_not_reached ();
}

static guint
shifts_of (CareStore  *store,
           const char *user_id)
{
  return care_store_count_where (store, care_schema_lookup ("shift"), "user_id", user_id);
}

static void
test_roster (Fixture       *f,
             gconstpointer  data)
{
  const char *nora = care_record_get_id (f->nurse);
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  GtkWidget *dialog;
  GtkWidget *page;

  g_assert_true (care_window_show_page (f->window, "roster"));
  page = find (f->window, "page-roster");

  /* Monday 7 December, 08:00–16:00. */
  care_test_click (add_button (page, nora, 7));
  dialog = care_test_wait_alert ("shift-dialog");
  care_test_type (find (dialog, "shift-starts"), "08:00");
  care_test_type (find (dialog, "shift-ends"), "16:00");
  care_test_alert_respond (dialog, "save");
  care_test_wait_alert_gone ("shift-dialog");
  g_assert_cmpuint (shifts_of (f->store, nora), ==, 1);

  /* An overlapping one is refused under "Starts", before anything is written. */
  care_test_click (add_button (page, nora, 7));
  dialog = care_test_wait_alert ("shift-dialog");
  care_test_type (find (dialog, "shift-starts"), "15:00");
  care_test_type (find (dialog, "shift-ends"), "20:00");
  g_assert_true (gtk_widget_get_visible (find (dialog, "shift-starts-error")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (find (dialog, "shift-starts-error"))), "08:00–16:00"));
  g_assert_false (care_alert_get_response_enabled (dialog, "save"));
  shot (dialog, "roster-overlap.png");
  care_test_alert_respond (dialog, "cancel");
  care_test_wait_alert_gone ("shift-dialog");

  /* A night shift on Thursday ends on Friday morning. */
  care_test_click (add_button (page, nora, 10));
  dialog = care_test_wait_alert ("shift-dialog");
  care_test_type (find (dialog, "shift-starts"), "22:00");
  care_test_type (find (dialog, "shift-ends"), "07:00");
  care_test_alert_respond (dialog, "save");
  care_test_wait_alert_gone ("shift-dialog");
  g_assert_cmpuint (shifts_of (f->store, nora), ==, 2);
  shot (f->window, "roster.png");

  /* Copied to next week, then shown there. */
  care_test_click (find (page, "roster-copy-week"));
  g_assert_cmpuint (shifts_of (f->store, nora), ==, 4);
  care_test_click (find (page, "roster-next"));
  collect (page, "roster-shift", shown);
  g_assert_cmpuint (shown->len, ==, 2);
  g_assert_cmpstr (gtk_button_get_label (shown->pdata[0]), ==, "08:00–16:00");
  g_assert_cmpstr (gtk_button_get_label (shown->pdata[1]), ==, "22:00–07:00");
  /* Copying the same week again leaves every shift out rather than doubling it. */
  care_test_click (find (page, "roster-previous"));
  care_test_click (find (page, "roster-copy-week"));
  g_assert_cmpuint (shifts_of (f->store, nora), ==, 4);
}

/* --- attendance ------------------------------------------------------------------ */

static GtkWidget *
find_report (GtkWidget *root)
{
  if (CARE_IS_ATTENDANCE_REPORT (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_report (child);

      if (found)
        return found;
    }
  return NULL;
}

static void
on_exported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GError **error = data;

  if (!care_attendance_report_export_finish (CARE_ATTENDANCE_REPORT (source), result, error) && *error == NULL)
    g_assert_not_reached ();
  g_object_set_data (source, "exported", GINT_TO_POINTER (TRUE));
}

static gboolean
exported (gpointer report)
{
  return g_object_get_data (report, "exported") != NULL;
}

static void
test_attendance_csv (Fixture       *f,
                     gconstpointer  data)
{
  const char *nora = care_record_get_id (f->nurse);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  CareTestLoopWatch *watch;
  GtkWidget *page, *report;
  gboolean found = FALSE;
  guint ticks, longest;

  g_free (care_test_add_record (f->store, "attendance", "user_id", nora, "day", "2026-12-07",
                                "check_in", "2026-12-07T07:00:00Z", "check_out", "2026-12-07T15:30:00Z", NULL));
  g_free (care_test_add_record (f->store, "attendance", "user_id", nora, "day", "2026-12-08",
                                "check_in", "2026-12-08T07:00:00Z", "check_out", "2026-12-08T13:15:00Z", NULL));
  g_free (care_test_add_record (f->store, "attendance", "user_id", nora, "day", "2026-11-30",
                                "check_in", "2026-11-30T07:00:00Z", "check_out", "2026-11-30T17:00:00Z", NULL));

  g_assert_true (care_window_show_page (f->window, "attendance"));
  page = find (f->window, "page-attendance");
  report = find_report (page);
  g_assert_nonnull (report);
  care_test_type (find (page, "attendance-from"), "2026-12-01");
  care_test_type (find (page, "attendance-to"), "2026-12-31");
  g_assert_cmpuint (count_rows (find (page, "attendance-hours")), ==, 1);
  care_test_type (find (page, "attendance-to"), "2026-11-01");
  g_assert_true (gtk_widget_get_visible (find (page, "attendance-period-error")));
  g_assert_false (gtk_widget_get_sensitive (find (page, "attendance-export")));
  care_test_type (find (page, "attendance-to"), "2026-12-31");
  g_assert_true (gtk_widget_get_sensitive (find (page, "attendance-export")));
  shot (f->window, "attendance-hours.png");

  file = g_file_new_tmp ("attendance-XXXXXX.csv", &stream, &error);
  g_assert_no_error (error);
  watch = care_test_loop_watch_start ();
  care_attendance_report_export_async (CARE_ATTENDANCE_REPORT (report), file, NULL, on_exported_cb, &error);
  g_assert_false (gtk_widget_get_sensitive (find (page, "attendance-export")));
  g_assert_true (care_test_wait_for (exported, report, TIMEOUT_MS));
  care_test_loop_watch_stop (watch, &ticks, &longest);
  g_assert_no_error (error);
  g_assert_cmpuint (ticks, >, 0);
  g_assert_true (gtk_widget_get_sensitive (find (page, "attendance-export")));

  /* Parsed back: the header, then Nora's 14.75 hours over two days. */
  g_assert_true (g_file_load_contents (file, NULL, &csv, NULL, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "name,role,days,hours,open_check_ins");
  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (cells), ==, 5);
      if (g_str_equal (cells[0], "Nora Nurse"))
        {
          g_assert_cmpstr (cells[1], ==, care_role_label (CARE_ROLE_NURSE));
          g_assert_cmpstr (cells[2], ==, "2");
          g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cells[3], NULL), 14.75, 0.001);
          g_assert_cmpstr (cells[4], ==, "0");
          found = TRUE;
        }
    }
  g_assert_true (found);
  g_file_delete (file, NULL, NULL);
}

/* --- equipment ----------------------------------------------------------------- */

static void
test_assets (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) told = NULL;
  GtkWidget *page, *editor;
  CareRecordForm *form;

  g_free (care_test_add_record (f->store, "asset", "name", "Defibrillator", "category", "equipment",
                                "serial_number", "DF-2231", "location", "Resuscitation bay", "status", "in_service",
                                "purchased_on", "2022-03-01", "next_service_on", "2026-12-15", NULL));
  g_free (care_test_add_record (f->store, "asset", "name", "Wheelchair", "category", "furniture",
                                "status", "in_service", "next_service_on", "2027-06-01", NULL));
  g_assert_true (care_window_show_page (f->window, "assets"));
  page = find (f->window, "page-assets");
  g_assert_cmpuint (count_rows (find (page, "assets-due")), ==, 1);
  g_assert_cmpuint (count_rows (find (page, "assets-all")), ==, 2);
  told = care_store_list (f->store, care_schema_lookup ("notification"), "link_entity", "asset", NULL, 0, NULL);
  g_assert_cmpuint (told->len, ==, 1);
  g_assert_nonnull (strstr (care_record_get (told->pdata[0], "message"), "Defibrillator"));
  shot (f->window, "assets.png");
  /* The notification opens the Equipment page. */
  g_assert_true (care_window_show_page (f->window, "tasks"));
  g_assert_true (care_notification_link_open (f->window, "asset", care_record_get (told->pdata[0], "link_id")));
  g_assert_cmpstr (care_window_get_page_name (f->window), ==, "assets");

  /* A new one through the schema's form; a duplicate serial is refused next to it. */
  care_test_click (find (page, "assets-add"));
  editor = care_test_wait_window ("asset-editor");
  form = care_asset_editor_get_form (editor);
  care_test_type (find (editor, "field-name"), "ECG machine");
  care_test_type (find (editor, "field-serial_number"), "DF-2231");
  care_test_click (find (editor, "asset-save"));
  g_assert_nonnull (care_record_form_get_error (form, "serial_number"));
  care_test_type (find (editor, "field-serial_number"), "ECG-1");
  care_test_type (find (editor, "field-next_service_on"), "2026-12-20");
  shot (editor, "asset-editor.png");
  care_test_click (find (editor, "asset-save"));
  care_test_wait_window_gone ("asset-editor");
  g_assert_cmpuint (count_rows (find (page, "assets-due")), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/staffing/task-assign-and-complete", test_task_assign_and_complete);
  ADD ("/staffing/roster", test_roster);
  ADD ("/staffing/attendance-csv", test_attendance_csv);
  ADD ("/staffing/assets", test_assets);
#undef ADD
  return g_test_run ();
}
