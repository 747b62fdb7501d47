/* test-appointments-page.c: booking, clashes, moving, cancelling, check-in, the calendar
 *
 * Runs under Xvfb against a real store, with the page in a real window.
 * The clock stands still on Monday 7 December 2026 at 08:00 local time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-appointments-page"

#include "config.h"

#include "care-schedule.h"
#include "care-test-appointments.h"
#include "appointments/care-appointments-page.h"
#include "appointments/care-appointment-util.h"
#include "appointments/care-booking-dialog.h"
#include "appointments/care-waiting-room-page.h"
#include "appointments/care-week-view.h"

#define TIMEOUT_MS 10000

typedef struct {
  CareStore  *store;
  char       *doctor;
  char       *patient;
  char       *patient2;
  GtkWindow  *window;
  GtkWidget  *page;
} Fixture;

/* The page as the window makes it: from a session of the clinic's admin. */
static GtkWidget *
page_for (CareStore *store)
{
  g_autoptr(CareRecord) admin = care_accounts_find_login (store, "admin");
  g_autoptr(CareSession) session = NULL;

  g_assert_nonnull (admin);
  session = care_session_new (store, admin);
  return care_appointments_page_new (session);
}

/* Straight into the store, as sync would write it: no clash checks. */
static char *
insert_appointment (Fixture    *f,
                    const char *patient,
                    gint64      start,
                    const char *status)
{
  g_autoptr(CareRecord) a = care_record_new (care_schema_lookup ("appointment"));
  g_autoptr(GError) error = NULL;
  g_autofree char *starts = iso (start);

  care_record_set (a, "patient_id", patient);
  care_record_set (a, "provider_id", f->doctor);
  care_record_set (a, "starts_at", starts);
  care_record_set (a, "duration_minutes", "20");
  care_record_set (a, "type", "consultation");
  care_record_set (a, "status", status);
  g_assert_true (care_store_insert (f->store, a, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (a));
}

static CareRecord *
get_appointment (Fixture    *f,
                 const char *id)
{
  return care_store_get (f->store, care_schema_lookup ("appointment"), id, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char *const days[] = { "mon", "tue", "wed", "thu", "fri" };
  g_autoptr(CareRecord) doctor = NULL;

  care_clock_freeze (local (7, 8, 0));
  f->store = care_test_store_new_with_clinic ();
  doctor = care_test_add_staff (f->store, "druiz", "Ana Ruiz", CARE_ROLE_DOCTOR);
  f->doctor = g_strdup (care_record_get_id (doctor));
  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      g_autoptr(CareRecord) h = care_record_new (care_schema_lookup ("doctor_schedule"));
      g_autoptr(GError) error = NULL;

      care_record_set (h, "doctor_id", f->doctor);
      care_record_set (h, "weekday", days[d]);
      care_record_set (h, "start_time", "09:00");
      care_record_set (h, "end_time", "17:00");
      care_record_set (h, "break_start", "13:00");
      care_record_set (h, "break_end", "14:00");
      care_record_set (h, "slot_minutes", "20");
      g_assert_true (care_store_insert (f->store, h, &error));
      g_assert_no_error (error);
    }
  f->patient = add_patient (f->store, "Marta", "Quintero");
  f->patient2 = add_patient (f->store, "Bo", "Lindqvist");

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1280, 800);
  f->page = page_for (f->store);
  gtk_window_set_child (f->window, f->page);
  gtk_window_present (f->window);
  care_test_wait (100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  care_test_wait (50);
  g_clear_object (&f->store);
  g_free (f->doctor);
  g_free (f->patient);
  g_free (f->patient2);
  care_clock_reset ();
}

static GtkWidget *
open_booking (Fixture *f)
{
  care_test_click (care_test_must_find (f->page, "appointments-new"));
  return care_test_wait_for_widget ("booking-dialog", TIMEOUT_MS) ? care_test_find_window ("booking-dialog") : NULL;
}

static void
choose_patient (GtkWidget  *dialog,
                const char *text)
{
  care_test_type (care_test_must_find (dialog, "booking-patient-search"), text);
  g_assert_nonnull (care_test_wait_for_widget ("booking-patient-result", TIMEOUT_MS));
  care_test_click (care_test_must_find (dialog, "booking-patient-result"));
}

static gboolean
toast_shown (gpointer data)
{
  return care_test_find_button (data, "_Undo") != NULL;
}

static void
click_undo (Fixture *f)
{
  g_assert_true (care_test_wait_for (toast_shown, f->page, TIMEOUT_MS));
  care_test_click (care_test_find_button (f->page, "_Undo"));
  care_test_wait (50);
}

/* The patient found as typed, a free time picked, Book: the row is in the store. */
static void
test_book (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *dialog = open_booking (f);
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *slot;
  CareRecord *a;
  g_autofree char *expected = iso (local (7, 9, 0));

  g_assert_nonnull (dialog);
  choose_patient (dialog, "quint");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (dialog, "booking-patient"))), ==, "Marta Quintero");
  /* The first free time of the day is the start of the hours. */
  slot = care_test_must_find (dialog, "booking-slot");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (slot)), ==, "09:00");
  care_test_click (slot);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_test_must_find (dialog, "booking-time"))), ==, "09:00");
  care_test_type (care_test_must_find (dialog, "booking-reason"), "Knee pain");
  care_test_type (care_test_must_find (dialog, "booking-location"), "Room 4");
  care_test_click (care_test_must_find (dialog, "booking-book"));
  care_test_wait (50);

  rows = care_store_list (f->store, care_schema_lookup ("appointment"), "patient_id", f->patient, NULL, 0, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  a = rows->pdata[0];
  g_assert_cmpstr (care_record_get (a, "provider_id"), ==, f->doctor);
  g_assert_cmpstr (care_record_get (a, "starts_at"), ==, expected);
  g_assert_cmpstr (care_record_get (a, "reason"), ==, "Knee pain");
  g_assert_cmpstr (care_record_get (a, "location"), ==, "Room 4");
  g_assert_cmpstr (care_record_get (a, "status"), ==, "scheduled");
  g_assert_null (care_test_find_window ("booking-dialog"));

  /* Undo from the toast takes the booking back. */
  click_undo (f);
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("appointment")), ==, 0);
}

/* A clash: the message under the time field, nothing written. */
static void
test_clash_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *taken = insert_appointment (f, f->patient2, local (7, 10, 0), "scheduled");
  GtkWidget *dialog = open_booking (f);
  GtkWidget *error;

  choose_patient (dialog, "Marta");
  care_test_type (care_test_must_find (dialog, "booking-date"), "2026-12-07");
  care_test_type (care_test_must_find (dialog, "booking-time"), "10:10");
  care_test_click (care_test_must_find (dialog, "booking-book"));

  error = care_test_must_find (dialog, "booking-time-error");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error)), "Ana Ruiz already has an appointment from"));
  g_assert_true (gtk_widget_has_css_class (care_test_must_find (dialog, "booking-time"), "error"));
  g_assert_false (gtk_widget_get_visible (care_test_must_find (dialog, "booking-error")));
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("appointment")), ==, 1);
  g_assert_nonnull (care_test_find_window ("booking-dialog"));

  /* Outside the hours: the same place, another message. */
  care_test_type (care_test_must_find (dialog, "booking-time"), "18:00");
  g_assert_false (gtk_widget_get_visible (error));
  care_test_click (care_test_must_find (dialog, "booking-book"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error)), "outside"));
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("appointment")), ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Clicking a block opens it to be moved; Move writes the new time; Undo puts it back. */
static void
test_reschedule (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = insert_appointment (f, f->patient, local (7, 10, 0), "scheduled");
  g_autofree char *moved = iso (local (7, 11, 20));
  g_autofree char *was = iso (local (7, 10, 0));
  CareWeekView *view = CARE_WEEK_VIEW (care_test_must_find (f->page, "appointments-week-view"));
  g_autoptr(CareRecord) after = NULL;
  g_autoptr(CareRecord) undone = NULL;
  GtkWidget *dialog;

  care_test_wait (50);
  g_signal_emit_by_name (view, "appointment-activated", id);
  dialog = care_test_find_window ("booking-dialog");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (dialog, "booking-patient"))), ==, "Marta Quintero");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_test_must_find (dialog, "booking-time"))), ==, "10:00");
  care_test_type (care_test_must_find (dialog, "booking-time"), "11:20");
  care_test_click (care_test_must_find (dialog, "booking-book"));
  care_test_wait (50);
  after = get_appointment (f, id);
  g_assert_cmpstr (care_record_get (after, "starts_at"), ==, moved);
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("appointment")), ==, 1);

  click_undo (f);
  undone = get_appointment (f, id);
  g_assert_cmpstr (care_record_get (undone, "starts_at"), ==, was);
}

/* Cancel with a reason from today's list, then Undo. */
static void
test_cancel_undo (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = insert_appointment (f, f->patient, local (7, 10, 0), "scheduled");
  g_autofree char *row_name = g_strdup_printf ("today-%s", id);
  g_autoptr(CareRecord) cancelled = NULL;
  g_autoptr(CareRecord) restored = NULL;
  GtkWidget *row, *dialog;

  g_assert_true (care_test_wait_for_widget (row_name, TIMEOUT_MS) != NULL);
  row = care_test_must_find (f->page, row_name);
  care_test_click (care_test_must_find (row, "appointment-cancel"));
  dialog = care_test_wait_alert ("cancel-dialog");
  care_test_type (care_test_must_find (dialog, "cancel-reason"), "Patient called");
  care_test_alert_respond (dialog, "cancel-appointment");
  care_test_wait (50);

  cancelled = get_appointment (f, id);
  g_assert_cmpstr (care_record_get (cancelled, "status"), ==, "cancelled");
  /* The reason is kept in its own field, not mixed into the notes. */
  g_assert_cmpstr (care_record_get (cancelled, "status_reason"), ==, "Patient called");
  g_assert_null (care_record_get (cancelled, "notes"));

  click_undo (f);
  restored = get_appointment (f, id);
  g_assert_cmpstr (care_record_get (restored, "status"), ==, "scheduled");
  g_assert_null (care_record_get (restored, "notes"));
  g_assert_null (care_record_get (restored, "status_reason"));
}

/* No-show from today's list, then Undo: the appointment is back as it was. */
static void
test_no_show_undo (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = insert_appointment (f, f->patient, local (7, 9, 0), "scheduled");
  g_autofree char *row_name = g_strdup_printf ("today-%s", id);
  g_autoptr(CareRecord) missed = NULL;
  g_autoptr(CareRecord) restored = NULL;

  g_assert_true (care_test_wait_for_widget (row_name, TIMEOUT_MS) != NULL);
  care_test_click (care_test_must_find (care_test_must_find (f->page, row_name), "appointment-no-show"));
  missed = get_appointment (f, id);
  g_assert_cmpstr (care_record_get (missed, "status"), ==, "no_show");

  click_undo (f);
  restored = get_appointment (f, id);
  g_assert_cmpstr (care_record_get (restored, "status"), ==, "scheduled");
}

/* Check in: the patient joins the queue, and the waiting time follows the clock. */
static void
test_check_in_queue (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = insert_appointment (f, f->patient, local (7, 9, 0), "scheduled");
  g_autofree char *row_name = g_strdup_printf ("today-%s", id);
  g_autofree char *queue_name = g_strdup_printf ("queue-%s", id);
  g_autoptr(CareRecord) a = NULL;
  GtkWidget *queued;

  care_clock_freeze (local (7, 8, 50));
  g_assert_true (care_test_wait_for_widget (row_name, TIMEOUT_MS) != NULL);
  g_assert_null (care_test_find (f->page, queue_name));
  care_test_click (care_test_must_find (care_test_must_find (f->page, row_name), "appointment-check-in"));
  g_assert_true (care_test_wait_for_widget (queue_name, TIMEOUT_MS) != NULL);

  a = get_appointment (f, id);
  g_assert_cmpstr (care_record_get (a, "status"), ==, "checked_in");
  queued = care_test_must_find (f->page, queue_name);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (queued)), ==, "Marta Quintero · Ana Ruiz");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (queued)), ==, "Arrived 08:50 · waiting 0 minutes");

  care_clock_advance (12 * G_TIME_SPAN_MINUTE);
  g_signal_emit_by_name (care_clock_get_default (), "minute-changed");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (queued)), ==, "Arrived 08:50 · waiting 12 minutes");
}

typedef struct {
  GtkWidget  *root;
  const char *name;
} Lookup;

static gboolean
found_under (gpointer data)
{
  Lookup *l = data;

  return care_test_find (l->root, l->name) != NULL;
}

static gboolean
gone_from (gpointer data)
{
  return !found_under (data);
}

/* The nurse's workstation shows the waiting room: a check-in at the front
 * desk appears there live (through the store's changed signal), its
 * waiting time moves with the minutes, and it leaves when the patient goes
 * in.  Reception has no such page; the nurse, the doctor and the admin do. */
static void
test_waiting_room_second_window (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(CareRecord) nurse = care_test_add_staff (f->store, "nora", "Nora Nurse", CARE_ROLE_NURSE);
  g_autoptr(CareRecord) clerk = care_test_add_staff (f->store, "rita", "Rita Desk", CARE_ROLE_RECEPTIONIST);
  g_autoptr(CareRecord) doctor = care_store_get (f->store, care_schema_lookup ("user"), f->doctor, NULL);
  g_autoptr(CareSession) nurse_session = care_session_new (f->store, nurse);
  g_autoptr(CareSession) clerk_session = care_session_new (f->store, clerk);
  g_autoptr(CareSession) doctor_session = care_session_new (f->store, doctor);
  g_autofree char *id = insert_appointment (f, f->patient, local (7, 9, 0), "scheduled");
  g_autofree char *row_name = g_strdup_printf ("today-%s", id);
  g_autofree char *queue_name = g_strdup_printf ("queue-%s", id);
  GtkWindow *second = GTK_WINDOW (gtk_window_new ());
  GtkWidget *room = care_waiting_room_page_new (nurse_session);
  Lookup queued = { room, queue_name };
  GtkWidget *row;

  g_assert_true (care_page_type_is_available (CARE_TYPE_WAITING_ROOM_PAGE, nurse_session));
  g_assert_true (care_page_type_is_available (CARE_TYPE_WAITING_ROOM_PAGE, doctor_session));
  g_assert_false (care_page_type_is_available (CARE_TYPE_WAITING_ROOM_PAGE, clerk_session));

  gtk_window_set_child (second, room);
  gtk_window_present (second);
  care_clock_freeze (local (7, 8, 55));
  g_assert_true (care_test_wait_for_widget (row_name, TIMEOUT_MS) != NULL);
  g_assert_null (care_test_find (room, queue_name));
  care_test_click (care_test_must_find (care_test_must_find (f->page, row_name), "appointment-check-in"));
  g_assert_true (care_test_wait_for (found_under, &queued, TIMEOUT_MS));

  row = care_test_must_find (room, queue_name);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Marta Quintero · Ana Ruiz");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Arrived 08:55 · waiting 0 minutes");
  care_clock_advance (7 * G_TIME_SPAN_MINUTE);
  g_signal_emit_by_name (care_clock_get_default (), "minute-changed");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Arrived 08:55 · waiting 7 minutes");

  /* Into the consulting room: out of the queue, on both screens. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (care_appointment_set_status (f->store, id, "in_consultation", NULL, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_true (care_test_wait_for (gone_from, &queued, TIMEOUT_MS));
  g_assert_null (care_test_find (f->page, queue_name));

  gtk_window_destroy (second);
}

/* The calendar's blocks are the store's appointments of the range, in order. */
static void
test_week_view_matches_store (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *a = insert_appointment (f, f->patient, local (8, 9, 0), "scheduled");
  g_autofree char *b = insert_appointment (f, f->patient2, local (10, 15, 20), "cancelled");
  g_autofree char *c = insert_appointment (f, f->patient, local (7, 11, 0), "completed");
  g_autofree char *outside = insert_appointment (f, f->patient, local (14, 9, 0), "scheduled");
  CareWeekView *view = CARE_WEEK_VIEW (care_test_must_find (f->page, "appointments-week-view"));
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autofree char *label = NULL;
  g_autofree char *summary = NULL;
  gint64 from, until;

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (care_test_must_find (f->page, "appointments-week")), TRUE);
  care_test_wait (50);
  care_week_view_get_range (view, &from, &until);
  g_assert_cmpint (from, ==, local (7, 0, 0));
  g_assert_cmpint (until, ==, local (14, 0, 0));
  shown = care_week_view_list_blocks (view);
  stored = care_schedule_list_range (f->store, f->doctor, from, until, NULL);
  g_assert_cmpuint (shown->len, ==, stored->len);
  g_assert_cmpuint (shown->len, ==, 3);
  for (guint i = 0; i < shown->len; i++)
    g_assert_cmpstr (shown->pdata[i], ==, care_record_get_id (stored->pdata[i]));
  for (guint i = 0; i < shown->len; i++)
    g_assert_cmpstr (shown->pdata[i], !=, outside);

  label = care_week_view_describe_block (view, b);
  g_assert_cmpstr (label, ==, "15:20, Bo Lindqvist, Cancelled");
  summary = care_week_view_dup_summary (view);
  g_assert_nonnull (strstr (summary, "11:00, Marta Quintero, Completed"));

  /* Clicking a free time of the drawn grid asks for a booking there. */
  {
    double x, y;
    GtkWidget *dialog;

    g_assert_true (care_week_view_locate (view, 1, local (8, 14, 20), &x, &y));
    care_test_press (GTK_WIDGET (view), x, y);
    dialog = care_test_find_window ("booking-dialog");
    g_assert_nonnull (dialog);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_test_must_find (dialog, "booking-date"))), ==, "2026-12-08");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_test_must_find (dialog, "booking-time"))), ==, "14:20");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
}

/* Two overlapping appointments written directly: the banner lists them. */
static void
test_double_booking_banner (Fixture       *f,
                            gconstpointer  data)
{
  GtkRevealer *banner = GTK_REVEALER (care_test_must_find (f->page, "appointments-double-booking"));
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  const char *text;

  g_assert_false (gtk_revealer_get_reveal_child (banner));
  one = insert_appointment (f, f->patient, local (7, 9, 0), "scheduled");
  care_test_wait (50);
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  two = insert_appointment (f, f->patient2, local (7, 9, 10), "scheduled");
  care_test_wait (50);
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  text = gtk_label_get_text (GTK_LABEL (care_test_must_find (f->page, "appointments-double-booking-text")));
  g_assert_nonnull (strstr (text, "09:00, Marta Quintero, Scheduled overlaps 09:10, Bo Lindqvist, Scheduled"));
}

/* The demo clinic on a weekday morning: the calendar shows the store's day.
 * With CAREDESK_TEST_OUTPUT set, keeps a screenshot of the page. */
static void
test_demo_clinic (void)
{
  g_autoptr(CareStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  const char *dir = g_getenv ("CAREDESK_TEST_OUTPUT");
  GtkWindow *window;
  GtkWidget *page;
  CareWeekView *view;
  gint64 from, until;

  care_clock_freeze (local (9, 10, 25));  /* a Wednesday */
  store = care_test_store_new ();
  g_assert_true (care_demo_populate_clinic (store, CARE_DEMO_SEED, &error));
  g_assert_no_error (error);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1440, 900);
  page = page_for (store);
  gtk_window_set_child (window, page);
  gtk_window_present (window);
  care_test_wait (300);

  view = CARE_WEEK_VIEW (care_test_must_find (page, "appointments-week-view"));
  care_week_view_get_range (view, &from, &until);
  shown = care_week_view_list_blocks (view);
  stored = care_schedule_list_range (store, NULL, from, until, NULL);
  g_assert_cmpuint (shown->len, ==, stored->len);
  if (dir)
    {
      g_autofree char *day = g_build_filename (dir, "appointments-day.png", NULL);
      g_autofree char *week = g_build_filename (dir, "appointments-week.png", NULL);

      care_test_screenshot (page, day);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (page, "appointments-doctor")), 1);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (care_test_must_find (page, "appointments-week")), TRUE);
      care_test_wait (200);
      care_test_screenshot (page, week);
      care_test_click (care_test_must_find (page, "appointments-new"));
      care_test_wait (300);
      {
        g_autofree char *booking = g_build_filename (dir, "appointments-booking.png", NULL);
        GtkWidget *dialog = care_test_find_window ("booking-dialog");

        care_test_type (care_test_must_find (dialog, "booking-patient-search"), "a");
        care_test_wait (300);
        care_test_screenshot (dialog, booking);
        gtk_window_destroy (GTK_WINDOW (dialog));
      }
    }
  gtk_window_destroy (window);
  care_test_wait (50);
  care_clock_reset ();
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  g_test_add ("/appointments/book", Fixture, NULL, fixture_set_up, test_book, fixture_tear_down);
  g_test_add ("/appointments/clash-refused", Fixture, NULL, fixture_set_up, test_clash_refused, fixture_tear_down);
  g_test_add ("/appointments/reschedule", Fixture, NULL, fixture_set_up, test_reschedule, fixture_tear_down);
  g_test_add ("/appointments/cancel-undo", Fixture, NULL, fixture_set_up, test_cancel_undo, fixture_tear_down);
  g_test_add ("/appointments/no-show-undo", Fixture, NULL, fixture_set_up, test_no_show_undo, fixture_tear_down);
  g_test_add ("/appointments/check-in-queue", Fixture, NULL, fixture_set_up, test_check_in_queue, fixture_tear_down);
  g_test_add ("/appointments/waiting-room-second-window", Fixture, NULL, fixture_set_up, test_waiting_room_second_window,
              fixture_tear_down);
  g_test_add ("/appointments/week-view-matches-store", Fixture, NULL, fixture_set_up, test_week_view_matches_store,
              fixture_tear_down);
  g_test_add ("/appointments/double-booking-banner", Fixture, NULL, fixture_set_up, test_double_booking_banner,
              fixture_tear_down);

  g_test_add_func ("/appointments/demo-clinic", test_demo_clinic);

  return g_test_run ();
}
