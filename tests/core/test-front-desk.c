/* test-front-desk.c: doctors' answers to requests, and follow-ups reception books
 *
 * Against a real store file; the clock stands still on Monday
 * 7 December 2026 at 08:00 in London.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "care-test-core.h"
#include "care-appointments.h"
#include "care-follow-ups.h"

typedef struct {
  char       *dir;
  CareStore  *store;
  GTimeZone  *tz;
  char       *doctor;
  char       *doctor2;
  char       *patient;
  char       *patient2;
} Fixture;

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

static char *
new_doctor (CareStore  *store,
            const char *login)
{
  g_autoptr(CareRecord) user = care_test_record ("user", "username", login, "full_name", login,
                                                 "role", CARE_ROLE_DOCTOR, NULL);
  g_autofree char *email = g_strdup_printf ("%s@example.org", login);
  g_autoptr(GError) error = NULL;

  care_record_set (user, "email", email);
  g_assert_true (care_store_insert (store, user, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      static const char *const days[] = { "mon", "tue", "wed", "thu", "fri" };
      g_autoptr(CareRecord) h = care_test_record ("doctor_schedule", "doctor_id", care_record_get_id (user),
                                                  "weekday", days[i], "start_time", "09:00", "end_time", "17:00",
                                                  "slot_minutes", "20", NULL);

      g_assert_true (care_store_insert (store, h, &error));
      g_assert_no_error (error);
    }
  return g_strdup (care_record_get_id (user));
}

/* Books (status given, or scheduled) through core; returns its id. */
static char *
book (Fixture    *f,
      const char *patient,
      const char *doctor,
      const char *starts_at,
      const char *status)
{
  g_autoptr(CareRecord) a = care_test_record ("appointment", "patient_id", patient, "provider_id", doctor,
                                              "starts_at", starts_at, "duration_minutes", "20",
                                              "type", "consultation", "status", status, NULL);
  g_autoptr(GError) error = NULL;

  if (!care_schedule_book (f->store, a, f->tz, &error))
    g_error ("Booking %s refused: %s", starts_at, error->message);
  return g_strdup (care_record_get_id (a));
}

static CareRecord *
get (Fixture    *f,
     const char *entity,
     const char *id)
{
  g_autoptr(GError) error = NULL;
  CareRecord *r = care_store_get (f->store, care_schema_lookup (entity), id, &error);

  g_assert_no_error (error);
  return r;
}

static GPtrArray *
open_follow_ups (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *open = care_follow_ups_list_open (f->store, &error);

  g_assert_no_error (error);
  return open;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  gint64 now = 0;

  g_assert_true (care_clock_parse_instant ("2026-12-07T08:00:00Z", &now));
  care_clock_freeze (now);
  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 0);
  f->tz = g_time_zone_new_identifier ("Europe/London");
  f->doctor = new_doctor (f->store, "drfirst");
  f->doctor2 = new_doctor (f->store, "drsecond");
  f->patient = new_patient (f->store, "One");
  f->patient2 = new_patient (f->store, "Two");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  care_test_rmdir (f->dir);
  g_free (f->dir);
  g_time_zone_unref (f->tz);
  g_free (f->doctor);
  g_free (f->doctor2);
  g_free (f->patient);
  g_free (f->patient2);
  care_clock_reset ();
}

/* Each doctor sees their own requests, soonest first; admins see all. */
static void
test_requests_listed (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *late = book (f, f->patient, f->doctor, "2026-12-08T15:00:00Z", "requested");
  g_autofree char *early = book (f, f->patient2, f->doctor, "2026-12-08T09:00:00Z", "requested");
  g_autofree char *other = book (f, f->patient2, f->doctor2, "2026-12-08T10:00:00Z", "requested");
  g_autofree char *booked = book (f, f->patient, f->doctor, "2026-12-09T10:00:00Z", "scheduled");
  g_autoptr(GPtrArray) mine = care_appointments_list_requests (f->store, f->doctor, NULL);
  g_autoptr(GPtrArray) all = care_appointments_list_requests (f->store, NULL, NULL);

  g_assert_cmpuint (mine->len, ==, 2);
  g_assert_cmpstr (care_record_get_id (mine->pdata[0]), ==, early);
  g_assert_cmpstr (care_record_get_id (mine->pdata[1]), ==, late);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpstr (care_record_get_id (all->pdata[1]), ==, other);
}

/* Rejecting needs a reason, named by its field; accepting books the time. */
static void
test_answer_request (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *asked = book (f, f->patient, f->doctor, "2026-12-08T09:00:00Z", "requested");
  g_autofree char *asked2 = book (f, f->patient2, f->doctor, "2026-12-08T11:00:00Z", "requested");
  g_autoptr(CareRecord) previous = NULL;
  g_autoptr(CareRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (care_appointments_answer_request (f->store, asked, FALSE, "  ", f->tz, NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "status_reason");
  g_assert_cmpstr (error->message, ==, "Why cancelled or rejected: Say why the request is rejected; the patient is told.");
  g_clear_error (&error);
  stored = get (f, "appointment", asked);
  g_assert_cmpstr (care_record_get (stored, "status"), ==, "requested");
  g_clear_pointer (&stored, care_record_unref);

  g_assert_true (care_appointments_answer_request (f->store, asked, FALSE, "Dr First is away that week", f->tz,
                                                   &previous, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (previous, "status"), ==, "requested");
  stored = get (f, "appointment", asked);
  g_assert_cmpstr (care_record_get (stored, "status"), ==, "rejected");
  g_assert_cmpstr (care_record_get (stored, "status_reason"), ==, "Dr First is away that week");
  g_clear_pointer (&stored, care_record_unref);

  /* A rejected request is over. */
  g_assert_false (care_appointments_answer_request (f->store, asked, TRUE, NULL, f->tz, NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);

  g_assert_true (care_appointments_answer_request (f->store, asked2, TRUE, NULL, f->tz, NULL, &error));
  g_assert_no_error (error);
  stored = get (f, "appointment", asked2);
  g_assert_cmpstr (care_record_get (stored, "status"), ==, "scheduled");
}

/* A request whose time was taken meanwhile cannot be accepted. */
static void
test_accept_taken_time (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CareRecord) a = care_test_record ("appointment", "patient_id", f->patient, "provider_id", f->doctor,
                                              "starts_at", "2026-12-08T09:00:00Z", "duration_minutes", "20",
                                              "type", "consultation", "status", "requested", NULL);
  g_autoptr(CareRecord) other = care_record_copy (a);
  g_autoptr(GError) error = NULL;

  /* Both written as a sync pull would, without the clash check: another
   * workstation booked the time offline. */
  g_assert_true (care_store_insert (f->store, a, &error));
  care_record_set (other, CARE_COLUMN_ID, NULL);
  care_record_set (other, "patient_id", f->patient2);
  care_record_set (other, "status", "scheduled");
  g_assert_true (care_store_insert (f->store, other, &error));
  g_assert_false (care_appointments_answer_request (f->store, care_record_get_id (a), TRUE, NULL, f->tz, NULL, &error));
  g_assert_error (error, CARE_SCHEDULE_ERROR, CARE_SCHEDULE_ERROR_DOCTOR_BUSY);
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "starts_at");
}

/* A next follow-up is reception's open task until a booking covers it. */
static void
test_follow_up_booked (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *visit = book (f, f->patient, f->doctor, "2026-12-07T09:00:00Z", "scheduled");
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(CareRecord) done = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (care_follow_ups_set_next (f->store, visit, "2026-12-21", &error));
  g_assert_no_error (error);
  open = open_follow_ups (f);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpstr (care_record_get (open->pdata[0], "patient_id"), ==, f->patient);
  g_assert_cmpstr (care_record_get (open->pdata[0], "kind"), ==, "visit");
  g_assert_cmpstr (care_record_get (open->pdata[0], "due_on"), ==, "2026-12-21");
  g_assert_null (care_record_get (open->pdata[0], "assigned_to"));
  id = g_strdup (care_record_get_id (open->pdata[0]));
  g_clear_pointer (&open, g_ptr_array_unref);

  /* A new date moves it: still one. */
  g_assert_true (care_follow_ups_set_next (f->store, visit, "2026-12-28", &error));
  open = open_follow_ups (f);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpstr (care_record_get_id (open->pdata[0]), ==, id);
  g_assert_cmpstr (care_record_get (open->pdata[0], "due_on"), ==, "2026-12-28");
  g_clear_pointer (&open, g_ptr_array_unref);

  /* Another patient's booking and a mere request leave it open. */
  g_free (book (f, f->patient2, f->doctor, "2026-12-14T09:00:00Z", "scheduled"));
  g_free (book (f, f->patient, f->doctor2, "2026-12-15T09:00:00Z", "requested"));
  open = open_follow_ups (f);
  g_assert_cmpuint (open->len, ==, 1);
  g_clear_pointer (&open, g_ptr_array_unref);

  /* Booking the patient closes it. */
  g_free (book (f, f->patient, f->doctor, "2026-12-16T09:00:00Z", "scheduled"));
  open = open_follow_ups (f);
  g_assert_cmpuint (open->len, ==, 0);
  done = get (f, "follow_up", id);
  g_assert_cmpstr (care_record_get (done, "status"), ==, "done");
}

/* Accepting the patient's request books it, and closes the follow-up. */
static void
test_follow_up_closed_by_accepting (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *visit = book (f, f->patient, f->doctor, "2026-12-07T09:00:00Z", "scheduled");
  g_autofree char *asked = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (care_follow_ups_set_next (f->store, visit, "2026-12-21", &error));
  asked = book (f, f->patient, f->doctor, "2026-12-18T10:00:00Z", "requested");
  open = open_follow_ups (f);
  g_assert_cmpuint (open->len, ==, 1);
  g_clear_pointer (&open, g_ptr_array_unref);
  g_assert_true (care_appointments_answer_request (f->store, asked, TRUE, NULL, f->tz, NULL, &error));
  g_assert_no_error (error);
  open = open_follow_ups (f);
  g_assert_cmpuint (open->len, ==, 0);
}

/* The same rules where the server runs them: a replayed push brings its
 * own follow-up; a rejection without a reason is refused. */
typedef struct {
  CareRuleContext parent;
  guint           inserted;
} Counting;

static gboolean
count_insert (CareRuleContext *ctx,
              CareRecord      *record,
              GError         **error)
{
  ((Counting *) ctx)->inserted++;
  return TRUE;
}

static GPtrArray *
list_nothing (CareRuleContext  *ctx,
              const CareEntity *entity,
              const char       *field,
              const char       *value,
              GError          **error)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
}

static gboolean
update_nothing (CareRuleContext *ctx,
                CareRecord      *record,
                GError         **error)
{
  return TRUE;
}

static void
test_rules_on_every_write (void)
{
  Counting live = { .parent = { .actor = "0190a000-0000-7000-8000-000000000001", .insert = count_insert,
                                .list = list_nothing, .update = update_nothing } };
  Counting replay = live;
  g_autoptr(CareRecord) before = care_test_record ("appointment", "patient_id", "0190a000-0000-7000-8000-000000000009",
                                                   "status", "checked_in", NULL);
  g_autoptr(CareRecord) after = care_record_copy (before);
  g_autoptr(CareRecord) asked = care_test_record ("appointment", "status", "requested", NULL);
  g_autoptr(CareRecord) rejected = care_test_record ("appointment", "status", "rejected", NULL);
  g_autoptr(GError) error = NULL;

  replay.parent.replayed = TRUE;
  care_record_set (after, "next_follow_up", "2027-01-04");
  g_assert_true (care_follow_ups_on_appointment (&live.parent, before, after, NULL));
  g_assert_cmpuint (live.inserted, ==, 1);
  g_assert_true (care_follow_ups_on_appointment (&replay.parent, before, after, NULL));
  g_assert_cmpuint (replay.inserted, ==, 0);

  g_assert_false (care_rules_prepare (&live.parent, asked, rejected, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "status_reason");
  g_clear_error (&error);
  g_assert_true (care_rules_prepare (&replay.parent, asked, rejected, NULL));
  care_record_set (rejected, "status_reason", "No referral");
  g_assert_true (care_rules_prepare (&live.parent, asked, rejected, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/front-desk/requests/listed", Fixture, NULL, fixture_set_up, test_requests_listed, fixture_tear_down);
  g_test_add ("/front-desk/requests/answer", Fixture, NULL, fixture_set_up, test_answer_request, fixture_tear_down);
  g_test_add ("/front-desk/requests/accept-taken-time", Fixture, NULL, fixture_set_up, test_accept_taken_time,
              fixture_tear_down);
  g_test_add ("/front-desk/follow-up/booked", Fixture, NULL, fixture_set_up, test_follow_up_booked, fixture_tear_down);
  g_test_add ("/front-desk/follow-up/closed-by-accepting", Fixture, NULL, fixture_set_up,
              test_follow_up_closed_by_accepting, fixture_tear_down);
  g_test_add_func ("/front-desk/rules-on-every-write", test_rules_on_every_write);
  return g_test_run ();
}
