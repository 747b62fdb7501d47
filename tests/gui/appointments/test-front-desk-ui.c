/* test-front-desk-ui.c: the doctor's request inbox, the notification bell, follow-ups to book
 *
 * Under Xvfb, in a real CareWindow signed in as the doctor, against a real
 * store; the clock stands still on Monday 7 December 2026 at 08:00 local
 * time. Notifications and requests are written into the store as a sync
 * pull writes them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-front-desk-ui"

#include "config.h"

#include <string.h>

#include "care-follow-ups.h"
#include "care-notifications.h"
#include "care-schedule.h"
#include "care-test-appointments.h"
#include "appointments/care-requests-page.h"

#define TIMEOUT_MS 10000

typedef struct {
  CareStore  *store;
  char       *doctor;
  char       *other_doctor;
  char       *patient;
  char       *patient2;
  CareWindow *window;
} Fixture;

/* Straight into the store, as sync would write it. */
static char *
insert_appointment (Fixture    *f,
                    const char *doctor,
                    const char *patient,
                    gint64      start,
                    const char *status)
{
  g_autofree char *starts = iso (start);
  g_autoptr(CareRecord) a = care_record_new (care_schema_lookup ("appointment"));
  g_autoptr(GError) error = NULL;

  care_record_set (a, "patient_id", patient);
  care_record_set (a, "provider_id", doctor);
  care_record_set (a, "starts_at", starts);
  care_record_set (a, "duration_minutes", "20");
  care_record_set (a, "type", "consultation");
  care_record_set (a, "reason", "Knee pain for two weeks");
  care_record_set (a, "status", status);
  if (g_str_equal (status, "checked_in"))
    care_record_set (a, "checked_in_at", starts);
  g_assert_true (care_store_insert (f->store, a, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (a));
}

static char *
insert_notification (Fixture    *f,
                     const char *message,
                     const char *link_entity,
                     const char *link_id,
                     gboolean    read)
{
  g_autoptr(CareRecord) n = care_record_new (care_schema_lookup ("notification"));
  g_autoptr(GError) error = NULL;

  care_record_set (n, "user_id", f->doctor);
  care_record_set (n, "kind", "appointment");
  care_record_set (n, "message", message);
  care_record_set (n, "link_entity", link_entity);
  care_record_set (n, "link_id", link_id);
  care_record_set (n, "read", read ? "1" : "0");
  g_assert_true (care_store_insert (f->store, n, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (n));
}

static CareRecord *
get (Fixture    *f,
     const char *entity,
     const char *id)
{
  return care_store_get (f->store, care_schema_lookup (entity), id, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char *const days[] = { "mon", "tue", "wed", "thu", "fri" };
  g_autoptr(CareRecord) doctor = NULL;
  g_autoptr(CareRecord) other = NULL;

  care_clock_freeze (local (7, 8, 0));
  f->store = care_test_store_new_with_clinic ();
  doctor = care_test_add_staff (f->store, "druiz", "Ana Ruiz", CARE_ROLE_DOCTOR);
  other = care_test_add_staff (f->store, "drokafor", "Femi Okafor", CARE_ROLE_DOCTOR);
  f->doctor = g_strdup (care_record_get_id (doctor));
  f->other_doctor = g_strdup (care_record_get_id (other));
  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      g_autoptr(CareRecord) h = care_record_new (care_schema_lookup ("doctor_schedule"));
      g_autoptr(GError) error = NULL;

      care_record_set (h, "doctor_id", f->doctor);
      care_record_set (h, "weekday", days[d]);
      care_record_set (h, "start_time", "09:00");
      care_record_set (h, "end_time", "17:00");
      care_record_set (h, "slot_minutes", "20");
      g_assert_true (care_store_insert (f->store, h, &error));
      g_assert_no_error (error);
    }
  f->patient = add_patient (f->store, "Marta", "Quintero");
  f->patient2 = add_patient (f->store, "Bo", "Lindqvist");
}

static void
sign_in_doctor (Fixture *f)
{
  f->window = care_test_window_new (f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  g_assert_true (care_test_sign_in (f->window, "druiz", CARE_TEST_PASSWORD));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window)
    care_test_window_destroy (f->window);
  g_clear_object (&f->store);
  g_free (f->doctor);
  g_free (f->other_doctor);
  g_free (f->patient);
  g_free (f->patient2);
  care_clock_reset ();
}

/* Run in another language for its screenshots, the words differ: the
 * English run checks them, every run the figures. */
static void
assert_says (const char *text,
             const char *english,
             const char *figures)
{
  if (g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, "Requests"), "Requests") == 0)
    g_assert_nonnull (strstr (text, english));
  g_assert_nonnull (strstr (text, figures));
}

static gboolean
widget_gone (gpointer data)
{
  const char *name = data;

  return care_test_find_anywhere (name) == NULL;
}

static gboolean
toast_shown (gpointer data)
{
  return care_test_find_button (data, g_dgettext (GETTEXT_PACKAGE, "_Undo")) != NULL;
}

/* --- the inbox ---------------------------------------------------------- */

static void
test_requests (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *first = insert_appointment (f, f->doctor, f->patient, local (8, 9, 0), "requested");
  g_autofree char *second = insert_appointment (f, f->doctor, f->patient2, local (9, 10, 0), "requested");
  g_autofree char *others = insert_appointment (f, f->other_doctor, f->patient2, local (8, 11, 0), "requested");
  g_autofree char *first_row = g_strdup_printf ("request-%s", first);
  g_autofree char *second_row = g_strdup_printf ("request-%s", second);
  g_autofree char *others_row = g_strdup_printf ("request-%s", others);
  g_autoptr(CareRecord) rejected = NULL;
  g_autoptr(CareRecord) accepted = NULL;
  g_autoptr(CareRecord) undone = NULL;
  GtkWidget *page, *row, *dialog, *entry;

  sign_in_doctor (f);
  g_assert_true (care_window_show_page (f->window, "requests"));
  page = care_window_get_page (f->window, "requests");
  care_test_wait (50);

  /* The doctor's own requests only, soonest first. */
  row = care_test_must_find (page, first_row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Marta Quintero");
  assert_says (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Tuesday 8 December, 09:00", "8");
  assert_says (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Tuesday 8 December, 09:00", "09:00");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Knee pain"));
  g_assert_nonnull (care_test_find (page, second_row));
  g_assert_null (care_test_find (page, others_row));
  care_test_keep_screenshot (GTK_WIDGET (f->window), "requests-inbox.png");

  /* Reject asks why, and cannot go on without a reason. */
  care_test_click (care_test_must_find (row, "request-reject"));
  dialog = care_test_wait_alert ("reject-dialog");
  g_assert_false (care_alert_get_response_enabled (dialog, "reject"));
  entry = care_test_must_find (dialog, "reject-reason");
  care_test_type (entry, "   ");
  g_assert_false (care_alert_get_response_enabled (dialog, "reject"));
  care_test_type (entry, "Needs a referral from the GP first");
  g_assert_true (care_alert_get_response_enabled (dialog, "reject"));
  care_test_wait (100);
  care_test_keep_screenshot (dialog, "requests-reject.png");
  care_test_alert_respond (dialog, "reject");
  g_assert_true (care_test_wait_for (widget_gone, first_row, TIMEOUT_MS));
  rejected = get (f, "appointment", first);
  g_assert_cmpstr (care_record_get (rejected, "status"), ==, "rejected");
  g_assert_cmpstr (care_record_get (rejected, "status_reason"), ==, "Needs a referral from the GP first");

  /* Accept books it; Undo puts the request back in the inbox. */
  care_test_click (care_test_must_find (care_test_must_find (page, second_row), "request-accept"));
  g_assert_true (care_test_wait_for (widget_gone, second_row, TIMEOUT_MS));
  accepted = get (f, "appointment", second);
  g_assert_cmpstr (care_record_get (accepted, "status"), ==, "scheduled");
  g_assert_true (care_test_wait_for (toast_shown, f->window, TIMEOUT_MS));
  care_test_click (care_test_find_button (GTK_WIDGET (f->window), g_dgettext (GETTEXT_PACKAGE, "_Undo")));
  g_assert_nonnull (care_test_wait_for_widget (second_row, TIMEOUT_MS));
  undone = get (f, "appointment", second);
  g_assert_cmpstr (care_record_get (undone, "status"), ==, "requested");
}

/* --- the bell ----------------------------------------------------------- */

static gboolean
badge_says (gpointer data)
{
  GtkWidget *badge = care_test_find_anywhere ("notification-badge");

  if (data == NULL)
    return badge && !gtk_widget_get_visible (badge);
  return badge && gtk_widget_get_visible (badge) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (badge)), data) == 0;
}

static gboolean
was_notified (gpointer data)
{
  GPtrArray *notified = care_test_notifications ();

  for (guint i = 0; i < notified->len; i++)
    if (g_strcmp0 (notified->pdata[i], data) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_read (gpointer data)
{
  gpointer *args = data;
  g_autoptr(CareRecord) n = care_store_get (args[0], care_schema_lookup ("notification"), args[1], NULL);

  return n && g_strcmp0 (care_record_get (n, "read"), "1") == 0;
}

static void
test_bell (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *request = insert_appointment (f, f->doctor, f->patient, local (8, 9, 0), "requested");
  g_autofree char *booked = insert_appointment (f, f->doctor, f->patient2, local (10, 11, 0), "scheduled");
  g_autofree char *old = insert_notification (f, "Welcome to Caredesk", NULL, NULL, TRUE);
  g_autofree char *asked = insert_notification (f, "New appointment request on 8 December, 09:00", "appointment",
                                                request, FALSE);
  g_autofree char *asked_row = g_strdup_printf ("notification-%s", asked);
  g_autofree char *later = NULL;
  g_autofree char *third = NULL;
  GtkWidget *bell, *popover;
  GApplication *app = G_APPLICATION (care_test_get_application ());

  care_test_serve_notifications ();
  sign_in_doctor (f);
  bell = care_test_must_find (GTK_WIDGET (f->window), "notification-bell");
  g_assert_true (gtk_widget_get_visible (bell));
  g_assert_true (care_test_wait_for (badge_says, "1", TIMEOUT_MS));

  /* One arrives while the window is out of sight: to the desktop too. */
  gtk_widget_set_visible (GTK_WIDGET (f->window), FALSE);
  later = insert_notification (f, "New appointment booked on 10 December, 11:00", "appointment", booked, FALSE);
  {
    const CareField *kind = care_entity_field (care_schema_lookup ("notification"), "kind");
    g_autofree char *summary = g_strdup_printf ("%s|1", care_field_choice_label (kind, "appointment"));

    g_assert_true (care_test_wait_for (was_notified, summary, TIMEOUT_MS));
  }
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (care_test_wait_for (badge_says, "2", TIMEOUT_MS));

  /* The list, newest first; clicking one marks it read and opens it. */
  care_test_click (bell);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (bell)));
  g_assert_true (care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped, popover, TIMEOUT_MS));
  {
    GtkListBox *list = GTK_LIST_BOX (care_test_must_find (popover, "notification-list"));
    g_autofree char *newest = g_strdup_printf ("notification-%s", later);

    g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0))), ==, newest);
    g_assert_nonnull (gtk_list_box_get_row_at_index (list, 2));
  }
  care_test_wait (100);
  care_test_keep_screenshot (popover, "notification-popover.png");
  care_test_click (care_test_must_find (popover, asked_row));
  g_assert_true (care_test_wait_for (is_read, (gpointer[]) { f->store, asked }, TIMEOUT_MS));
  g_assert_true (care_test_wait_for (badge_says, "1", TIMEOUT_MS));
  /* A request opens in the doctor's inbox. */
  g_assert_cmpstr (care_window_get_page_name (f->window), ==, "requests");

  /* Mark All Read. */
  care_test_click (bell);
  care_test_click (care_test_must_find (popover, "notifications-mark-all"));
  g_assert_true (care_test_wait_for (badge_says, NULL, TIMEOUT_MS));
  g_assert_true (is_read ((gpointer[]) { f->store, later }));
  g_assert_cmpuint (care_notifications_count_unread (f->store, f->doctor), ==, 0);
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* The desktop notification's action opens a booked appointment on the calendar. */
  third = insert_notification (f, "New appointment booked on 10 December, 11:00", "appointment", booked, FALSE);
  g_assert_true (care_test_wait_for (badge_says, "1", TIMEOUT_MS));
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-notification", g_variant_new_string (third));
  g_assert_true (care_test_wait_for (is_read, (gpointer[]) { f->store, third }, TIMEOUT_MS));
  g_assert_cmpstr (care_window_get_page_name (f->window), ==, "appointments");
  g_assert_true (care_test_wait_for (badge_says, NULL, TIMEOUT_MS));
  (void) old;
}

/* --- follow-ups --------------------------------------------------------- */

static gboolean
has_follow_up (gpointer data)
{
  GtkWidget *list = care_test_find_anywhere ("appointments-follow-ups");

  return list && gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0) != NULL;
}

static gboolean
no_follow_up (gpointer data)
{
  return !has_follow_up (data);
}

static void
test_follow_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *seen = insert_appointment (f, f->doctor, f->patient, local (7, 9, 0), "checked_in");
  g_autofree char *today_row = g_strdup_printf ("today-%s", seen);
  g_autoptr(CareRecord) after = NULL;
  g_autoptr(GPtrArray) open = NULL;
  GtkWidget *page, *dialog, *row;

  sign_in_doctor (f);
  g_assert_true (care_window_show_page (f->window, "appointments"));
  page = care_window_get_page (f->window, "appointments");
  care_test_wait (50);
  g_assert_false (has_follow_up (NULL));

  /* The doctor asks for the patient back in two weeks. */
  care_test_click (care_test_must_find (care_test_must_find (page, today_row), "appointment-follow-up"));
  dialog = care_test_wait_alert ("follow-up-dialog");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (care_test_must_find (dialog, "follow-up-when"))), ==, 1);
  care_test_alert_respond (dialog, "set");
  after = get (f, "appointment", seen);
  g_assert_cmpstr (care_record_get (after, "next_follow_up"), ==, "2026-12-21");

  /* Reception's list has it until it is booked. */
  g_assert_true (care_test_wait_for (has_follow_up, NULL, TIMEOUT_MS));
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (care_test_must_find (page, "appointments-follow-ups")), 0));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Marta Quintero");
  assert_says (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Book a follow-up visit by Monday 21 December", "21");
  care_test_wait (100);
  care_test_keep_screenshot (GTK_WIDGET (f->window), "follow-ups.png");

  /* Book… opens the booking with the patient chosen; booking closes it. */
  care_test_click (care_test_must_find (row, "follow-up-book"));
  dialog = care_test_wait_window ("booking-dialog");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (dialog, "booking-patient"))), ==, "Marta Quintero");
  care_test_type (care_test_must_find (dialog, "booking-date"), "2026-12-21");
  care_test_type (care_test_must_find (dialog, "booking-time"), "10:00");
  care_test_click (care_test_must_find (dialog, "booking-book"));
  g_assert_true (care_test_wait_for (no_follow_up, NULL, TIMEOUT_MS));
  open = care_follow_ups_list_open (f->store, NULL);
  g_assert_cmpuint (open->len, ==, 0);
}

int
main (int argc, char **argv)
{
  care_test_init (&argc, &argv);
  g_test_add ("/front-desk-ui/requests", Fixture, NULL, fixture_set_up, test_requests, fixture_tear_down);
  g_test_add ("/front-desk-ui/bell", Fixture, NULL, fixture_set_up, test_bell, fixture_tear_down);
  g_test_add ("/front-desk-ui/follow-up", Fixture, NULL, fixture_set_up, test_follow_up, fixture_tear_down);
  return g_test_run ();
}
