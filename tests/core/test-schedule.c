/* test-schedule.c: consulting hours, free slots and every booking clash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "care-test-core.h"

typedef struct {
  char       *dir;
  CareStore  *store;
  GTimeZone  *tz;
  char       *doctor;
  char       *doctor2;
  char       *patient;
  char       *patient2;
} Fixture;

static gint64
at (const char *text)
{
  gint64 usec = 0;

  g_assert_true (care_clock_parse_instant (text, &usec));
  return usec;
}

static char *
iso (gint64 usec)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
user_id (CareStore  *store,
         const char *login)
{
  g_autoptr(CareRecord) user = care_accounts_find_login (store, login);

  g_assert_nonnull (user);
  return g_strdup (care_record_get_id (user));
}

static char *
new_patient (CareStore  *store,
             const char *family)
{
  g_autoptr(CareRecord) p = care_test_patient ("Test", family);
  g_autoptr(GError) error = NULL;

  g_assert_true (care_store_insert (store, p, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (p));
}

static void
add_hours (Fixture    *f,
           const char *doctor,
           const char *weekday,
           const char *start,
           const char *end,
           const char *break_start,
           const char *break_end,
           const char *slot)
{
  g_autoptr(CareRecord) h = care_record_new (care_schema_lookup ("doctor_schedule"));
  g_autoptr(GError) error = NULL;

  care_record_set (h, "doctor_id", doctor);
  care_record_set (h, "weekday", weekday);
  care_record_set (h, "start_time", start);
  care_record_set (h, "end_time", end);
  care_record_set (h, "break_start", break_start);
  care_record_set (h, "break_end", break_end);
  care_record_set (h, "slot_minutes", slot);
  g_assert_true (care_store_insert (f->store, h, &error));
  g_assert_no_error (error);
}

static CareRecord *
appointment (const char *patient,
             const char *doctor,
             const char *starts_at,
             const char *minutes)
{
  CareRecord *a = care_record_new (care_schema_lookup ("appointment"));

  care_record_set (a, "patient_id", patient);
  care_record_set (a, "provider_id", doctor);
  care_record_set (a, "starts_at", starts_at);
  care_record_set (a, "duration_minutes", minutes);
  care_record_set (a, "type", "consultation");
  return a;
}

static void
book_ok (Fixture    *f,
         const char *patient,
         const char *doctor,
         const char *starts_at,
         const char *minutes)
{
  g_autoptr(CareRecord) a = appointment (patient, doctor, starts_at, minutes);
  g_autoptr(GError) error = NULL;

  g_assert_true (care_schedule_book (f->store, a, f->tz, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 0);
  f->tz = g_time_zone_new_identifier ("Europe/London");
  g_assert_nonnull (f->tz);
  f->doctor = user_id (f->store, "doctor");
  f->patient = new_patient (f->store, "One");
  f->patient2 = new_patient (f->store, "Two");
  {
    g_autoptr(CareRecord) second = care_record_new (care_schema_lookup ("user"));
    g_autoptr(GError) error = NULL;

    care_record_set (second, "username", "drsecond");
    care_record_set (second, "full_name", "Second Doctor");
    care_record_set (second, "role", CARE_ROLE_DOCTOR);
    care_record_set (second, "email", "second@example.org");
    g_assert_true (care_store_insert (f->store, second, &error));
    g_assert_no_error (error);
    f->doctor2 = g_strdup (care_record_get_id (second));
  }
  /* Monday 7 December 2026, 08:00 in London (GMT). */
  care_clock_freeze (at ("2026-12-07T08:00:00Z"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  care_clock_reset ();
  g_clear_object (&f->store);
  care_test_rmdir (f->dir);
  g_free (f->dir);
  g_time_zone_unref (f->tz);
  g_free (f->doctor);
  g_free (f->doctor2);
  g_free (f->patient);
  g_free (f->patient2);
}

/* --- consulting hours as spans ------------------------------------------ */

static void
assert_spans (GArray             *spans,
              const char *const  *expected)
{
  guint n = 0;

  while (expected[n])
    n++;
  g_assert_cmpuint (spans->len, ==, n / 2);
  for (guint i = 0; i < spans->len; i++)
    {
      g_autofree char *s = iso (g_array_index (spans, CareSpan, i).start);
      g_autofree char *e = iso (g_array_index (spans, CareSpan, i).end);

      g_assert_cmpstr (s, ==, expected[2 * i]);
      g_assert_cmpstr (e, ==, expected[2 * i + 1]);
    }
}

static void
test_spans_break_and_summer_time (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/London");
  CareWorkHours mon = { G_DATE_MONDAY, 9 * 60, 17 * 60, 12 * 60 + 30, 13 * 60 + 30, 20, NULL };
  GDate winter, summer;

  g_date_clear (&winter, 1);
  g_date_clear (&summer, 1);
  g_date_set_dmy (&winter, 7, 12, 2026);
  g_date_set_dmy (&summer, 6, 7, 2026);
  {
    g_autoptr(GArray) spans = care_schedule_work_spans (&mon, 1, &winter, tz);
    assert_spans (spans, (const char *const[]) { "2026-12-07T09:00:00Z", "2026-12-07T12:30:00Z",
                                                 "2026-12-07T13:30:00Z", "2026-12-07T17:00:00Z", NULL });
  }
  {
    /* BST: the same wall-clock hours are an hour earlier in UTC. */
    g_autoptr(GArray) spans = care_schedule_work_spans (&mon, 1, &summer, tz);
    assert_spans (spans, (const char *const[]) { "2026-07-06T08:00:00Z", "2026-07-06T11:30:00Z",
                                                 "2026-07-06T12:30:00Z", "2026-07-06T16:00:00Z", NULL });
  }
  {
    /* Not a Monday: nothing. */
    GDate tuesday = winter;
    g_autoptr(GArray) spans = NULL;

    g_date_add_days (&tuesday, 1);
    spans = care_schedule_work_spans (&mon, 1, &tuesday, tz);
    g_assert_cmpuint (spans->len, ==, 0);
  }
}

/* Night hours across midnight, on the nights the clocks change. */
static void
test_spans_across_midnight_and_clock_changes (void)
{
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(GTimeZone) new_york = g_time_zone_new_identifier ("America/New_York");
  CareWorkHours sat_night = { G_DATE_SATURDAY, 22 * 60, 6 * 60, 2 * 60 + 30, 3 * 60, 30, NULL };
  GDate spring, autumn, ny_spring;

  g_date_clear (&spring, 1);
  g_date_clear (&autumn, 1);
  g_date_clear (&ny_spring, 1);
  g_date_set_dmy (&spring, 28, 3, 2026);   /* clocks go forward at 01:00 GMT on the 29th */
  g_date_set_dmy (&autumn, 24, 10, 2026);  /* clocks go back at 01:00 GMT on the 25th */
  g_date_set_dmy (&ny_spring, 7, 3, 2026); /* New York: forward at 02:00 EST on the 8th */
  {
    /* 22:00 GMT to 06:00 BST: seven hours, not eight; the break after midnight. */
    g_autoptr(GArray) spans = care_schedule_work_spans (&sat_night, 1, &spring, london);
    assert_spans (spans, (const char *const[]) { "2026-03-28T22:00:00Z", "2026-03-29T01:30:00Z",
                                                 "2026-03-29T02:00:00Z", "2026-03-29T05:00:00Z", NULL });
  }
  {
    /* 22:00 BST to 06:00 GMT: nine hours. */
    g_autoptr(GArray) spans = care_schedule_work_spans (&sat_night, 1, &autumn, london);
    assert_spans (spans, (const char *const[]) { "2026-10-24T21:00:00Z", "2026-10-25T02:30:00Z",
                                                 "2026-10-25T03:00:00Z", "2026-10-25T06:00:00Z", NULL });
  }
  {
    /* 22:00 EST to 06:00 EDT; the break, 02:30 to 03:00, falls in the hour
     * the clocks skip: seven hours without one. */
    g_autoptr(GArray) spans = care_schedule_work_spans (&sat_night, 1, &ny_spring, new_york);
    assert_spans (spans, (const char *const[]) { "2026-03-08T03:00:00Z", "2026-03-08T10:00:00Z", NULL });
  }
}

/* --- free slots ----------------------------------------------------------- */

static void
test_free_slots (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) fewer = NULL;
  g_autoptr(GArray) later = NULL;

  add_hours (f, f->doctor, "mon", "09:00", "12:00", "10:00", "10:20", "20");
  all = care_schedule_free_slots (f->store, f->doctor, at ("2026-12-07T00:00:00Z"), at ("2026-12-08T00:00:00Z"),
                                  20, f->tz, &error);
  g_assert_no_error (error);
  /* 09:00 to 12:00 in 20 minutes, less the break at 10:00. */
  g_assert_cmpuint (all->len, ==, 8);
  {
    g_autofree char *first = iso (g_array_index (all, gint64, 0));
    g_autofree char *fourth = iso (g_array_index (all, gint64, 3));
    g_assert_cmpstr (first, ==, "2026-12-07T09:00:00Z");
    g_assert_cmpstr (fourth, ==, "2026-12-07T10:20:00Z");
  }

  /* A booking takes its slot; a 40-minute one takes two. */
  book_ok (f, f->patient, f->doctor, "2026-12-07T09:20:00Z", "20");
  book_ok (f, f->patient2, f->doctor, "2026-12-07T11:00:00Z", "40");
  fewer = care_schedule_free_slots (f->store, f->doctor, at ("2026-12-07T00:00:00Z"), at ("2026-12-08T00:00:00Z"),
                                    20, f->tz, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fewer->len, ==, 5);

  /* The past is not free: at 10:30, 10:40 and 11:40 are left. */
  care_clock_freeze (at ("2026-12-07T10:30:00Z"));
  later = care_schedule_free_slots (f->store, f->doctor, at ("2026-12-07T00:00:00Z"), at ("2026-12-08T00:00:00Z"),
                                    20, f->tz, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (later->len, ==, 2);
  {
    g_autofree char *first = iso (g_array_index (later, gint64, 0));
    g_autofree char *last = iso (g_array_index (later, gint64, 1));
    g_assert_cmpstr (first, ==, "2026-12-07T10:40:00Z");
    g_assert_cmpstr (last, ==, "2026-12-07T11:40:00Z");
  }
}

static void
test_cancelled_frees_slot_and_leave (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) a = appointment (f->patient, f->doctor, "2026-12-07T09:00:00Z", "30");
  gint64 next;

  add_hours (f, f->doctor, "mon", "09:00", "10:00", NULL, NULL, "30");
  g_assert_true (care_schedule_book (f->store, a, f->tz, &error));
  g_assert_no_error (error);
  next = care_schedule_next_free_slot (f->store, f->doctor, at ("2026-12-07T00:00:00Z"), 30, 14, f->tz, &error);
  g_assert_no_error (error);
  g_assert_cmpint (next, ==, at ("2026-12-07T09:30:00Z"));

  care_record_set (a, "status", "cancelled");
  g_assert_true (care_store_update (f->store, a, &error));
  g_assert_no_error (error);
  next = care_schedule_next_free_slot (f->store, f->doctor, at ("2026-12-07T00:00:00Z"), 30, 14, f->tz, &error);
  g_assert_cmpint (next, ==, at ("2026-12-07T09:00:00Z"));

  /* On leave for that Monday and the next: the Monday after. */
  {
    g_autoptr(CareRecord) leave = care_record_new (care_schema_lookup ("doctor_leave"));

    care_record_set (leave, "doctor_id", f->doctor);
    care_record_set (leave, "starts_on", "2026-12-07");
    care_record_set (leave, "ends_on", "2026-12-14");
    care_record_set (leave, "reason", "Annual leave");
    g_assert_true (care_store_insert (f->store, leave, &error));
    g_assert_no_error (error);
  }
  next = care_schedule_next_free_slot (f->store, f->doctor, at ("2026-12-07T00:00:00Z"), 30, 30, f->tz, &error);
  g_assert_no_error (error);
  g_assert_cmpint (next, ==, at ("2026-12-21T09:00:00Z"));
  /* Within a week only: none. */
  next = care_schedule_next_free_slot (f->store, f->doctor, at ("2026-12-07T00:00:00Z"), 30, 7, f->tz, &error);
  g_assert_cmpint (next, ==, 0);
}

static void
test_night_slots_cross_midnight (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) slots = NULL;

  add_hours (f, f->doctor, "fri", "22:00", "02:00", NULL, NULL, "60");
  /* Saturday from midnight: Friday's hours still run until 02:00. */
  slots = care_schedule_free_slots (f->store, f->doctor, at ("2026-12-12T00:00:00Z"), at ("2026-12-12T12:00:00Z"),
                                    60, f->tz, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (slots->len, ==, 2);
  {
    g_autofree char *first = iso (g_array_index (slots, gint64, 0));
    g_assert_cmpstr (first, ==, "2026-12-12T00:00:00Z");
  }
  /* And a booking at 01:00 on Saturday is within hours. */
  book_ok (f, f->patient, f->doctor, "2026-12-12T01:00:00Z", "60");
}

/* --- clashes ------------------------------------------------------------ */

static void
assert_refused (Fixture           *f,
                CareRecord        *a,
                CareScheduleError  code,
                const char        *pattern)
{
  g_autoptr(GError) error = NULL;
  gint64 before = care_store_count (f->store, care_schema_lookup ("appointment"));

  g_assert_false (care_schedule_book (f->store, a, f->tz, &error));
  g_assert_error (error, CARE_SCHEDULE_ERROR, (int) code);
  /* The refusal names the time, as a form shows it next to the field. */
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "starts_at");
  if (!g_pattern_match_simple (pattern, care_rule_error_get_detail (error)))
    g_error ("“%s” does not match “%s”", care_rule_error_get_detail (error), pattern);
  g_assert_true (g_str_has_suffix (error->message, care_rule_error_get_detail (error)));
  /* Nothing written. */
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("appointment")), ==, before);
}

static void
test_clashes (Fixture       *f,
              gconstpointer  data)
{
  add_hours (f, f->doctor, "mon", "09:00", "17:00", "12:30", "13:30", "20");
  add_hours (f, f->doctor2, "mon", "09:00", "17:00", NULL, NULL, "20");
  book_ok (f, f->patient, f->doctor, "2026-12-07T10:00:00Z", "40");

  /* The doctor is busy: overlapping the end, the start, or inside. */
  {
    g_autoptr(CareRecord) a = appointment (f->patient2, f->doctor, "2026-12-07T10:20:00Z", "20");
    assert_refused (f, a, CARE_SCHEDULE_ERROR_DOCTOR_BUSY, "Amira Haddad already has an appointment from 10:00 to 10:40*");
  }
  {
    g_autoptr(CareRecord) a = appointment (f->patient2, f->doctor, "2026-12-07T09:40:00Z", "40");
    assert_refused (f, a, CARE_SCHEDULE_ERROR_DOCTOR_BUSY, "*from 10:00 to 10:40*");
  }
  /* Back to back is fine. */
  book_ok (f, f->patient2, f->doctor, "2026-12-07T10:40:00Z", "20");

  /* The patient is busy with another doctor. */
  {
    g_autoptr(CareRecord) a = appointment (f->patient, f->doctor2, "2026-12-07T10:30:00Z", "20");
    assert_refused (f, a, CARE_SCHEDULE_ERROR_PATIENT_BUSY, "The patient already has an appointment from 10:00 to 10:40*");
  }
  /* Outside hours: before opening, over the break, on a Tuesday. */
  {
    g_autoptr(CareRecord) a = appointment (f->patient2, f->doctor, "2026-12-07T08:40:00Z", "20");
    assert_refused (f, a, CARE_SCHEDULE_ERROR_OUTSIDE_HOURS, "This is outside Amira Haddad’s consulting hours*");
  }
  {
    g_autoptr(CareRecord) a = appointment (f->patient2, f->doctor, "2026-12-07T12:20:00Z", "20");
    assert_refused (f, a, CARE_SCHEDULE_ERROR_OUTSIDE_HOURS, "*consulting hours*");
  }
  {
    g_autoptr(CareRecord) a = appointment (f->patient2, f->doctor, "2026-12-08T10:00:00Z", "20");
    assert_refused (f, a, CARE_SCHEDULE_ERROR_OUTSIDE_HOURS, "*consulting hours*");
  }
  /* On leave. */
  {
    g_autoptr(CareRecord) leave = care_record_new (care_schema_lookup ("doctor_leave"));
    g_autoptr(CareRecord) a = appointment (f->patient2, f->doctor, "2026-12-14T10:00:00Z", "20");
    g_autoptr(GError) error = NULL;

    care_record_set (leave, "doctor_id", f->doctor);
    care_record_set (leave, "starts_on", "2026-12-14");
    care_record_set (leave, "ends_on", "2026-12-14");
    g_assert_true (care_store_insert (f->store, leave, &error));
    g_assert_no_error (error);
    assert_refused (f, a, CARE_SCHEDULE_ERROR_ON_LEAVE, "Amira Haddad is on leave that day*");
  }
}

static void
test_reschedule (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CareRecord) a = appointment (f->patient, f->doctor, "2026-12-07T10:00:00Z", "40");
  g_autoptr(CareRecord) after = NULL;
  g_autoptr(GError) error = NULL;

  add_hours (f, f->doctor, "mon", "09:00", "17:00", NULL, NULL, "20");
  g_assert_true (care_schedule_book (f->store, a, f->tz, &error));
  book_ok (f, f->patient2, f->doctor, "2026-12-07T11:00:00Z", "20");

  /* Moving by 20 minutes overlaps its own old time: not a clash. */
  g_assert_true (care_schedule_reschedule (f->store, care_record_get_id (a), "2026-12-07T10:20:00Z", f->tz, &error));
  g_assert_no_error (error);
  /* Onto the other booking: refused, and the appointment stays where it was. */
  g_assert_false (care_schedule_reschedule (f->store, care_record_get_id (a), "2026-12-07T10:40:00Z", f->tz, &error));
  g_assert_error (error, CARE_SCHEDULE_ERROR, CARE_SCHEDULE_ERROR_DOCTOR_BUSY);
  after = care_store_get (f->store, care_schema_lookup ("appointment"), care_record_get_id (a), NULL);
  g_assert_cmpstr (care_record_get (after, "starts_at"), ==, "2026-12-07T10:20:00Z");
}

/* Two workstations offline both booked 09:00: both kept, both flagged. */
static void
test_double_bookings (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CareRecord) one = appointment (f->patient, f->doctor, "2026-12-07T09:00:00Z", "20");
  g_autoptr(CareRecord) two = appointment (f->patient2, f->doctor, "2026-12-07T09:10:00Z", "20");
  g_autoptr(CareRecord) elsewhere = appointment (f->patient2, f->doctor2, "2026-12-07T09:00:00Z", "20");
  g_autoptr(CareRecord) three = appointment (f->patient, f->doctor, "2026-12-07T09:30:00Z", "20");
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GError) error = NULL;

  care_record_set (one, "status", "scheduled");
  care_record_set (two, "status", "scheduled");
  care_record_set (elsewhere, "status", "scheduled");
  care_record_set (three, "status", "scheduled");
  /* As sync applies them: straight into the store. */
  g_assert_true (care_store_insert (f->store, one, &error));
  g_assert_true (care_store_insert (f->store, two, &error));
  g_assert_true (care_store_insert (f->store, elsewhere, &error));
  g_assert_true (care_store_insert (f->store, three, &error));
  g_assert_no_error (error);

  pairs = care_schedule_double_bookings (f->store, at ("2026-12-07T00:00:00Z"), at ("2026-12-08T00:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pairs->len, ==, 2);
  g_assert_cmpstr (pairs->pdata[0], ==, care_record_get_id (one));
  g_assert_cmpstr (pairs->pdata[1], ==, care_record_get_id (two));

  /* Cancel one of them: the flag goes. */
  care_record_set (two, "status", "cancelled");
  g_assert_true (care_store_update (f->store, two, &error));
  g_clear_pointer (&pairs, g_ptr_array_unref);
  pairs = care_schedule_double_bookings (f->store, at ("2026-12-07T00:00:00Z"), at ("2026-12-08T00:00:00Z"), &error);
  g_assert_cmpuint (pairs->len, ==, 0);
}

/* What a calendar shows: one doctor's or everyone's, every status, one that
 * started before the range but runs into it, none from outside. */
static void
test_list_range (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CareRecord) before = appointment (f->patient, f->doctor, "2026-12-07T08:00:00Z", "90");
  g_autoptr(CareRecord) ended = appointment (f->patient2, f->doctor, "2026-12-07T08:00:00Z", "30");
  g_autoptr(CareRecord) cancelled = appointment (f->patient2, f->doctor, "2026-12-07T10:00:00Z", "20");
  g_autoptr(CareRecord) other = appointment (f->patient2, f->doctor2, "2026-12-07T09:40:00Z", "20");
  g_autoptr(CareRecord) later = appointment (f->patient, f->doctor, "2026-12-07T11:00:00Z", "20");
  CareRecord *all[] = { before, ended, cancelled, other, later };
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) everyone = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GError) error = NULL;

  care_record_set (cancelled, "status", "cancelled");
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      if (care_record_get (all[i], "status") == NULL)
        care_record_set (all[i], "status", "scheduled");
      g_assert_true (care_store_insert (f->store, all[i], &error));
      g_assert_no_error (error);
    }

  mine = care_schedule_list_range (f->store, f->doctor, at ("2026-12-07T09:00:00Z"), at ("2026-12-07T11:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 2);
  g_assert_cmpstr (care_record_get_id (mine->pdata[0]), ==, care_record_get_id (before));
  g_assert_cmpstr (care_record_get_id (mine->pdata[1]), ==, care_record_get_id (cancelled));
  g_assert_cmpstr (care_record_get (mine->pdata[1], "status"), ==, "cancelled");

  everyone = care_schedule_list_range (f->store, NULL, at ("2026-12-07T09:00:00Z"), at ("2026-12-07T11:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (everyone->len, ==, 3);
  g_assert_cmpstr (care_record_get_id (everyone->pdata[1]), ==, care_record_get_id (other));

  names = care_schedule_patient_names (f->store, f->doctor, at ("2026-12-07T09:00:00Z"), at ("2026-12-07T09:30:00Z"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (names), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (names, f->patient), ==, "Test One");
}

static const char *
hours_problem (const char *start,
               const char *end,
               const char *break_start,
               const char *break_end,
               const char *field)
{
  g_autoptr(CareRecord) h = care_record_new (care_schema_lookup ("doctor_schedule"));
  static char message[256];
  g_autoptr(CareValidation) v = NULL;
  const char *m;

  care_record_set (h, "doctor_id", "01a24562-c008-70ca-a976-e640f74cdbd6");
  care_record_set (h, "weekday", "mon");
  care_record_set (h, "start_time", start);
  care_record_set (h, "end_time", end);
  care_record_set (h, "break_start", break_start);
  care_record_set (h, "break_end", break_end);
  v = care_validate_record (h);
  m = care_validation_get_message (v, field);
  if (m == NULL)
    return NULL;
  g_strlcpy (message, m, sizeof message);
  return message;
}

static void
test_hours_validation (void)
{
  g_assert_null (hours_problem ("09:00", "17:00", "12:30", "13:30", "break_start"));
  g_assert_null (hours_problem ("22:00", "06:00", "02:30", "03:00", "break_start"));
  g_assert_null (hours_problem ("22:00", "06:00", "23:00", "23:30", "break_start"));
  g_assert_cmpstr (hours_problem ("09:00", "09:00", NULL, NULL, "end_time"), ==, "The end must differ from the start.");
  g_assert_cmpstr (hours_problem ("09:00", "17:00", "08:00", "08:30", "break_start"), ==,
                   "The break must lie within the consulting hours.");
  g_assert_cmpstr (hours_problem ("09:00", "17:00", "16:30", "17:30", "break_start"), ==,
                   "The break must lie within the consulting hours.");
  g_assert_cmpstr (hours_problem ("22:00", "06:00", "07:00", "07:30", "break_start"), ==,
                   "The break must lie within the consulting hours.");
  g_assert_cmpstr (hours_problem ("09:00", "17:00", "13:30", "12:30", "break_start"), ==,
                   "The break must lie within the consulting hours.");
  g_assert_cmpstr (hours_problem ("09:00", "17:00", "12:30", NULL, "break_end"), ==,
                   "Give both the start and the end of the break, or neither.");
  {
    g_autoptr(CareRecord) leave = care_record_new (care_schema_lookup ("doctor_leave"));
    g_autoptr(CareValidation) v = NULL;

    care_record_set (leave, "doctor_id", "01a24562-c008-70ca-a976-e640f74cdbd6");
    care_record_set (leave, "starts_on", "2026-12-10");
    care_record_set (leave, "ends_on", "2026-12-09");
    v = care_validate_record (leave);
    g_assert_cmpstr (care_validation_get_message (v, "ends_on"), ==, "The last day cannot be before the first day.");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schedule/hours-validation", test_hours_validation);
  g_test_add_func ("/schedule/spans/break-and-summer-time", test_spans_break_and_summer_time);
  g_test_add_func ("/schedule/spans/across-midnight-and-clock-changes", test_spans_across_midnight_and_clock_changes);
  g_test_add ("/schedule/free-slots", Fixture, NULL, fixture_set_up, test_free_slots, fixture_tear_down);
  g_test_add ("/schedule/cancelled-and-leave", Fixture, NULL, fixture_set_up, test_cancelled_frees_slot_and_leave, fixture_tear_down);
  g_test_add ("/schedule/night-across-midnight", Fixture, NULL, fixture_set_up, test_night_slots_cross_midnight, fixture_tear_down);
  g_test_add ("/schedule/clashes", Fixture, NULL, fixture_set_up, test_clashes, fixture_tear_down);
  g_test_add ("/schedule/reschedule", Fixture, NULL, fixture_set_up, test_reschedule, fixture_tear_down);
  g_test_add ("/schedule/list-range", Fixture, NULL, fixture_set_up, test_list_range, fixture_tear_down);
  g_test_add ("/schedule/double-bookings", Fixture, NULL, fixture_set_up, test_double_bookings, fixture_tear_down);

  return g_test_run ();
}
