/* test-staffing.c: the roster, tasks, attendance hours and assets' maintenance
 *
 * The rules as the app calls them, on a real store file with the demo
 * clinic, at a frozen clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-core.h"

typedef struct {
  char      *dir;
  CareStore *store;
  char      *admin;
  char      *nurse;
  char      *doctor;
} Fixture;

static char *
login_id (CareStore  *store,
          const char *login)
{
  g_autoptr(CareRecord) user = care_accounts_find_login (store, login);

  g_assert_nonnull (user);
  return g_strdup (care_record_get_id (user));
}

/* A new staff member, with no shift or attendance of the demo's. */
static char *
add_user (Fixture    *f,
          const char *username,
          const char *name,
          const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) user = care_test_record ("user", "username", username, "full_name", name,
                                                 "role", role, "active", "1", NULL);

  care_store_insert (f->store, user, &error);
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (user));
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  /* Wednesday 9 December 2026, 10:00 in the test's zone. */
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 12, 9, 10, 0, 0);

  care_clock_freeze (g_date_time_to_unix (now) * G_USEC_PER_SEC);
  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 5);
  f->admin = login_id (f->store, "admin");
  f->nurse = login_id (f->store, "nurse");
  f->doctor = login_id (f->store, "doctor");
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->store);
  care_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->admin);
  g_free (f->nurse);
  g_free (f->doctor);
  care_clock_reset ();
}

static CareRecord *
shift_on (const char *user_id,
          int         day,
          int         from,
          int         to)
{
  g_autoptr(GDateTime) starts = g_date_time_new_local (2026, 12, day, from, 0, 0);
  g_autoptr(GDateTime) ends = g_date_time_new_local (2026, 12, day, to, 0, 0);
  g_autoptr(GError) error = NULL;
  CareRecord *shift = care_roster_new_shift (user_id, starts, ends, &error);

  g_assert_no_error (error);
  return shift;
}

static void
test_roster_overlap (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *ana = add_user (f, "ana.roster", "Ana Roster", CARE_ROLE_NURSE);
  g_autoptr(CareRecord) morning = shift_on (ana, 7, 8, 16);
  g_autoptr(CareRecord) clash = shift_on (ana, 7, 15, 23);
  g_autoptr(CareRecord) evening = shift_on (ana, 7, 16, 23);
  g_autoptr(GDateTime) starts = g_date_time_new_local (2026, 12, 7, 16, 0, 0);
  g_autoptr(GDateTime) ends = g_date_time_new_local (2026, 12, 7, 8, 0, 0);
  g_autoptr(CareRecord) moved = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (care_roster_new_shift (ana, starts, ends, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "ends_at");
  g_clear_error (&error);

  g_assert_true (care_roster_save (f->store, NULL, morning, &error));
  g_assert_no_error (error);
  g_assert_false (care_roster_save (f->store, NULL, clash, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "starts_at");
  g_assert_nonnull (strstr (error->message, "08:00–16:00"));
  g_clear_error (&error);
  /* Back to back is no overlap; another person's shift at the same hours neither. */
  g_assert_true (care_roster_save (f->store, NULL, evening, &error));
  g_assert_no_error (error);
  {
    g_autofree char *bo = add_user (f, "bo.roster", "Bo Roster", CARE_ROLE_NURSE);
    g_autoptr(CareRecord) same_hours = shift_on (bo, 7, 8, 16);

    g_assert_true (care_roster_save (f->store, NULL, same_hours, &error));
    g_assert_no_error (error);
  }
  /* Moving a shift over itself is no clash; moving it onto the evening is. */
  moved = care_record_copy (morning);
  {
    g_autoptr(CareRecord) shorter = shift_on (ana, 7, 8, 12);

    care_record_set (moved, "ends_at", care_record_get (shorter, "ends_at"));
  }
  g_assert_true (care_roster_save (f->store, morning, moved, &error));
  g_assert_no_error (error);
}

static void
test_roster_copy_week (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *ana = add_user (f, "ana.copy", "Ana Copy", CARE_ROLE_NURSE);
  g_autoptr(GDateTime) wednesday = care_clock_now_local ();
  g_autoptr(GDateTime) monday = care_roster_week_start (wednesday);
  g_autoptr(GDateTime) next = g_date_time_add_weeks (monday, 1);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  guint skipped = 99;
  guint mine = 0;
  gint copied;

  g_assert_cmpint (g_date_time_get_day_of_week (monday), ==, 1);
  g_assert_cmpint (g_date_time_get_day_of_month (monday), ==, 7);
  g_assert_cmpint (g_date_time_get_hour (monday), ==, 0);
  for (int day = 7; day <= 11; day++)
    {
      g_autoptr(CareRecord) shift = shift_on (ana, day, 8, 16);

      g_assert_true (care_roster_save (f->store, NULL, shift, &error));
      g_assert_no_error (error);
    }
  /* Already rostered next Tuesday: that day is left out, not doubled. */
  {
    g_autoptr(CareRecord) busy = shift_on (ana, 15, 12, 20);

    g_assert_true (care_roster_save (f->store, NULL, busy, &error));
    g_assert_no_error (error);
  }
  before = care_roster_week (f->store, monday, &error);
  g_assert_no_error (error);
  copied = care_roster_copy_week (f->store, monday, &skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpint (copied + skipped, ==, before->len);
  g_assert_cmpuint (skipped, >=, 1);

  after = care_roster_week (f->store, next, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < after->len; i++)
    if (g_strcmp0 (care_record_get (after->pdata[i], "user_id"), ana) == 0)
      {
        g_autoptr(GDateTime) utc = NULL;
        g_autoptr(GDateTime) local = NULL;
        gint64 usec;

        g_assert_true (care_clock_parse_instant (care_record_get (after->pdata[i], "starts_at"), &usec));
        utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
        local = g_date_time_to_local (utc);
        g_assert_cmpint (g_date_time_get_hour (local), ==, g_date_time_get_day_of_month (local) == 15 ? 12 : 8);
        mine++;
      }
  /* Monday, Wednesday, Thursday, Friday copied, and the Tuesday already there. */
  g_assert_cmpuint (mine, ==, 5);
}

static void
test_task_ownership (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *other_nurse = add_user (f, "bo.tasks", "Bo Tasks", CARE_ROLE_NURSE);
  g_autoptr(CareRecord) task = NULL;
  g_autoptr(CareRecord) edited = NULL;
  g_autoptr(CareRecord) for_nurses = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (care_tasks_new ("  ", f->nurse, NULL, NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "title");
  g_clear_error (&error);
  g_assert_null (care_tasks_new ("Check fridge", f->nurse, CARE_ROLE_NURSE, NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "assigned_to");
  g_clear_error (&error);

  /* The doctor gives Kwame a task. */
  care_store_set_actor (f->store, f->doctor);
  task = care_tasks_new ("Recheck the dressing in bay 2", f->nurse, NULL, "2026-12-09T09:00:00Z", &error);
  g_assert_no_error (error);
  g_assert_true (care_tasks_save (f->store, NULL, task, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (task, "assigned_by"), ==, f->doctor);
  g_assert_true (care_tasks_is_overdue (task, care_clock_get_real_time ()));

  /* Another nurse may neither change nor delete it. */
  care_store_set_actor (f->store, other_nurse);
  edited = care_record_copy (task);
  care_record_set (edited, "title", "Something else");
  g_assert_false (care_tasks_save (f->store, task, edited, &error));
  g_assert_error (error, CARE_ACCESS_ERROR, CARE_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (care_tasks_save (f->store, task, NULL, &error));
  g_assert_error (error, CARE_ACCESS_ERROR, CARE_ACCESS_ERROR_DENIED);
  g_clear_error (&error);

  /* The assignee completes it, with a note. */
  care_store_set_actor (f->store, f->nurse);
  mine = care_tasks_for_user (f->store, f->nurse, CARE_ROLE_NURSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, >=, 1);
  g_clear_pointer (&edited, care_record_unref);
  edited = care_record_copy (task);
  g_assert_false (care_tasks_complete (edited, f->nurse, " ", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "completion_note");
  g_clear_error (&error);
  /* Written without a note another way, the rule refuses it too. */
  care_record_set (edited, "status", "done");
  g_assert_false (care_tasks_save (f->store, task, edited, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "completion_note");
  g_clear_error (&error);
  care_record_set (edited, "status", "open");
  g_assert_true (care_tasks_complete (edited, f->nurse, "Dressing clean and dry", &error));
  g_assert_true (care_tasks_save (f->store, task, edited, &error));
  g_assert_no_error (error);
  g_assert_false (care_tasks_is_overdue (edited, care_clock_get_real_time ()));
  g_assert_cmpstr (care_record_get (edited, "completed_by"), ==, f->nurse);
  g_assert_false (care_tasks_complete (edited, f->nurse, "again", &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
  g_clear_error (&error);

  /* A task for every nurse: on both nurses' lists, either may do it; the
   * doctor who is not of the role and did not write it may not. */
  care_store_set_actor (f->store, f->admin);
  for_nurses = care_tasks_new ("Count the crash trolley", NULL, CARE_ROLE_NURSE, NULL, &error);
  g_assert_true (care_tasks_save (f->store, NULL, for_nurses, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (for_nurses, "assigned_to"), ==, f->admin);
  g_clear_pointer (&mine, g_ptr_array_unref);
  mine = care_tasks_for_user (f->store, other_nurse, CARE_ROLE_NURSE, &error);
  g_assert_cmpuint (mine->len, ==, 1);
  g_assert_cmpstr (care_record_get_id (mine->pdata[0]), ==, care_record_get_id (for_nurses));
  g_clear_pointer (&mine, g_ptr_array_unref);
  mine = care_tasks_for_user (f->store, f->admin, CARE_ROLE_ADMIN, &error);
  for (guint i = 0; i < mine->len; i++)
    g_assert_cmpstr (care_record_get_id (mine->pdata[i]), !=, care_record_get_id (for_nurses));
  g_clear_pointer (&mine, g_ptr_array_unref);
  mine = care_tasks_assigned_by (f->store, f->admin, &error);
  g_assert_cmpuint (mine->len, ==, 1);

  care_store_set_actor (f->store, f->doctor);
  g_clear_pointer (&edited, care_record_unref);
  edited = care_record_copy (for_nurses);
  g_assert_true (care_tasks_complete (edited, f->doctor, "done", &error));
  g_assert_false (care_tasks_save (f->store, for_nurses, edited, &error));
  g_assert_error (error, CARE_ACCESS_ERROR, CARE_ACCESS_ERROR_DENIED);
  g_clear_error (&error);

  care_store_set_actor (f->store, other_nurse);
  g_clear_pointer (&edited, care_record_unref);
  edited = care_record_copy (for_nurses);
  g_assert_true (care_tasks_complete (edited, other_nurse, "All items present", &error));
  g_assert_true (care_tasks_save (f->store, for_nurses, edited, &error));
  g_assert_no_error (error);
}

static void
test_attendance_hours (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *ana = add_user (f, "ana.hours", "Ana, “Hours”", CARE_ROLE_NURSE);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *text = NULL;
  const CareAttendanceHours *mine = NULL;
  static const struct { const char *day, *in, *out; } days[] = {
    { "2026-12-01", "2026-12-01T08:00:00Z", "2026-12-01T16:30:00Z" },  /* 8 h 30 */
    { "2026-12-02", "2026-12-02T08:00:00Z", "2026-12-02T12:15:00Z" },  /* 4 h 15 */
    { "2026-12-02", "2026-12-02T13:00:00Z", "2026-12-02T15:00:00Z" },  /* 2 h, same day */
    { "2026-12-03", "2026-12-03T08:00:00Z", NULL },                     /* still open */
    { "2026-11-30", "2026-11-30T08:00:00Z", "2026-11-30T18:00:00Z" },  /* before the period */
  };

  care_store_set_actor (f->store, f->admin);
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(CareRecord) a = care_test_record ("attendance", "user_id", ana, "day", days[i].day,
                                                  "check_in", days[i].in, "check_out", days[i].out, NULL);

      g_assert_true (care_store_insert (f->store, a, &error));
      g_assert_no_error (error);
    }
  rows = care_attendance_hours (f->store, "2026-12-01", "2026-12-07", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (((CareAttendanceHours *) rows->pdata[i])->user_id, ana) == 0)
      mine = rows->pdata[i];
  g_assert_nonnull (mine);
  g_assert_cmpint (mine->minutes, ==, 8 * 60 + 30 + 4 * 60 + 15 + 2 * 60);
  g_assert_cmpuint (mine->days, ==, 3);
  g_assert_cmpuint (mine->open, ==, 1);
  text = care_attendance_format_minutes (mine->minutes);
  g_assert_cmpstr (text, ==, "14 h 45 min");

  csv = care_attendance_hours_to_csv (rows);
  g_assert_true (g_str_has_prefix (csv, "name,role,days,hours,open_check_ins\r\n"));
  g_assert_nonnull (strstr (csv, "\"Ana, “Hours”\",Nurse,3,14.75,1\r\n"));
}

static void
test_assets_due (Fixture       *f,
                 gconstpointer  data)
{
  static const struct { const char *name, *serial, *status, *next; gboolean due; } assets[] = {
    { "Defibrillator", "DF-1", "in_service", "2026-12-20", TRUE },    /* in 11 days */
    { "Autoclave", "AC-1", "maintenance", "2026-12-01", TRUE },       /* overdue */
    { "Old monitor", "OM-1", "retired", "2026-12-10", FALSE },
    { "Wheelchair", "WC-1", "in_service", "2026-12-24", FALSE },      /* in 15 days */
    { "Scale", NULL, "in_service", NULL, FALSE },
  };
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) told = NULL;
  g_autoptr(GError) error = NULL;
  guint n_admins = 0;
  guint seen = 0;
  gint written;

  care_store_set_actor (f->store, f->admin);
  for (guint i = 0; i < G_N_ELEMENTS (assets); i++)
    {
      g_autoptr(CareRecord) a = care_test_record ("asset", "name", assets[i].name, "category", "equipment",
                                                  "serial_number", assets[i].serial, "status", assets[i].status,
                                                  "next_service_on", assets[i].next, NULL);

      g_assert_true (care_store_insert (f->store, a, &error));
      g_assert_no_error (error);
    }
  due = care_assets_due_soon (f->store, CARE_ASSETS_DUE_DAYS, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < due->len; i++)
    for (guint j = 0; j < G_N_ELEMENTS (assets); j++)
      if (g_strcmp0 (care_record_get (due->pdata[i], "name"), assets[j].name) == 0)
        {
          g_assert_true (assets[j].due);
          seen++;
        }
  g_assert_cmpuint (seen, ==, 2);
  for (guint i = 1; i < due->len; i++)
    g_assert_cmpstr (care_record_get (due->pdata[i - 1], "next_service_on"), <=,
                     care_record_get (due->pdata[i], "next_service_on"));

  written = care_assets_notify (f->store, &error);
  g_assert_no_error (error);
  told = care_store_list (f->store, care_schema_lookup ("user"), "role", CARE_ROLE_ADMIN, NULL, 0, &error);
  n_admins = told->len;
  g_assert_cmpint (written, ==, due->len * n_admins);
  /* Once per asset and date. */
  g_assert_cmpint (care_assets_notify (f->store, &error), ==, 0);
  g_assert_no_error (error);
  g_clear_pointer (&told, g_ptr_array_unref);
  told = care_store_list (f->store, care_schema_lookup ("notification"), "link_entity", "asset", NULL, 0, &error);
  g_assert_cmpuint (told->len, ==, written);
  for (guint i = 0; i < told->len; i++)
    g_assert_false (care_store_role_can (f->store, CARE_ROLE_NURSE, CARE_PERM_CLINIC_SETTINGS) &&
                    g_strcmp0 (care_record_get (told->pdata[i], "user_id"), f->nurse) == 0);
  g_assert_nonnull (strstr (care_record_get (told->pdata[0], "message"), "maintenance"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/staffing/roster-overlap", test_roster_overlap);
  ADD ("/staffing/roster-copy-week", test_roster_copy_week);
  ADD ("/staffing/task-ownership", test_task_ownership);
  ADD ("/staffing/attendance-hours", test_attendance_hours);
  ADD ("/staffing/assets-due", test_assets_due);
#undef ADD
  return g_test_run ();
}
