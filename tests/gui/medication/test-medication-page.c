/* test-medication-page.c: a nurse's medication round in a real window
 *
 * Runs under Xvfb against a real store: the nurse signs in, gives a dose
 * (recorded under her account, the row says "Given"), is warned before a
 * dose within the medicine's interval (Cancel records nothing, Give
 * Anyway records it), holds a dose with a note and reads the patient's
 * history. The clock stands still at 09:00 local time on 10 June 2026.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-medication-page"

#include "config.h"
#include "care-test-records.h"

#include "care-test-utils.h"

#define TIMEOUT_MS 10000

typedef struct {
  CareStore  *store;
  char       *nurse;
  char       *rx;
  CareWindow *window;
} Fixture;

static gint64
local (int day,
       int hour,
       int minute)
{
  g_autoptr(GDateTime) t = g_date_time_new_local (2026, 6, day, hour, minute, 0);

  return g_date_time_to_unix (t) * G_USEC_PER_SEC;
}

/* Maria López in bed A1-1 since 05:30, paracetamol every 2 hours (from a
 * prescription of yesterday): between 05:00 and 13:00 her doses are at
 * 06:00, 08:00, 10:00, 12:00. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CareRecord) admin = NULL;
  g_autoptr(CareRecord) nurse = NULL;
  g_autofree char *patient = NULL, *ward = NULL, *room = NULL, *bed = NULL, *alloc = NULL, *rx = NULL, *item = NULL;
  g_autoptr(GDateTime) admitted = g_date_time_new_from_unix_utc (local (10, 5, 30) / G_USEC_PER_SEC);
  g_autofree char *admitted_at = g_date_time_format_iso8601 (admitted);

  care_clock_freeze (local (10, 9, 0));
  f->store = care_test_store_new_with_clinic ();
  admin = care_accounts_find_login (f->store, CARE_TEST_ADMIN_USERNAME);
  care_store_set_actor (f->store, care_record_get_id (admin));
  nurse = care_test_add_staff (f->store, "nora", "Nora Nurse", CARE_ROLE_NURSE);
  f->nurse = g_strdup (care_record_get_id (nurse));

  patient = care_test_add_record (f->store, "patient", "given_name", "Maria", "family_name", "López", "date_of_birth", "1984-03-27",
                 "sex", "female", "status", "new", NULL);
  ward = care_test_add_record (f->store, "ward", "name", "Ward A", "kind", "general", NULL);
  room = care_test_add_record (f->store, "room", "ward_id", ward, "name", "A1", NULL);
  bed = care_test_add_record (f->store, "bed", "room_id", room, "label", "A1-1", "status", "occupied", NULL);
  alloc = care_test_add_record (f->store, "bed_allocation", "bed_id", bed, "patient_id", patient, "admitted_at", admitted_at,
               "status", "active", NULL);
  rx = care_test_add_record (f->store, "prescription", "patient_id", patient, "prescriber_id", care_record_get_id (admin),
            "issued_on", "2026-06-09", "status", "active", NULL);
  item = care_test_add_record (f->store, "prescription_item", "prescription_id", rx, "medicine_name", "Paracetamol", "dose", "1 g",
              "route", "oral", "frequency", "every 2 hours", "quantity", "30", NULL);
  f->rx = g_strdup (rx);
  care_store_set_actor (f->store, NULL);

  f->window = care_test_window_new (f->store);
  g_assert_true (care_test_sign_in (f->window, "nora", CARE_TEST_PASSWORD));
  g_assert_true (care_window_show_page (f->window, "medication"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  care_test_window_destroy (f->window);
  g_clear_object (&f->store);
  g_free (f->nurse);
  g_free (f->rx);
  care_clock_reset ();
}

static GtkWidget *
row (Fixture *f,
     guint    index)
{
  g_autofree char *name = g_strdup_printf ("dose-row-%u", index);
  GtkWidget *widget = care_test_find (GTK_WIDGET (f->window), name);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
state_of (Fixture *f,
          guint    index)
{
  return gtk_label_get_text (GTK_LABEL (care_test_find (row (f, index), "dose-state")));
}

static gint64
n_recorded (Fixture *f)
{
  return care_store_count (f->store, care_schema_lookup ("medication_administration"));
}




static void
test_round (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *page = care_test_find (GTK_WIDGET (f->window), "page-medication");
  GtkWidget *list = care_test_find (page, "medication-doses");
  GtkWidget *dialog;
  g_autoptr(GPtrArray) records = NULL;
  CareRecord *given;

  g_assert_nonnull (list);
  g_assert_true (gtk_widget_get_mapped (page));

  /* Now ± 4 hours: four doses; 06:00 is overdue, in words. */
  g_assert_null (care_test_find (list, "dose-row-4"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row (f, 0))), ==, "Paracetamol 1 g");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (f, 0))), "Maria López"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (f, 0))), "A1-1"));
  g_assert_cmpstr (state_of (f, 0), ==, "Overdue since 06:00");
  g_assert_cmpstr (state_of (f, 1), ==, "Due at 08:00");
  g_assert_cmpstr (state_of (f, 3), ==, "Due at 12:00");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (care_test_find (page, "medication-summary"))), "1 overdue"));

  /* Give the 08:00 dose: recorded under the signed-in nurse, now. */
  care_test_click (care_test_find (row (f, 1), "dose-give"));
  g_assert_cmpint (n_recorded (f), ==, 1);
  records = care_store_list (f->store, care_schema_lookup ("medication_administration"), NULL, NULL, NULL, 0, NULL);
  given = g_ptr_array_index (records, 0);
  g_assert_cmpstr (care_record_get (given, "administered_by"), ==, f->nurse);
  g_assert_cmpstr (care_record_get (given, "status"), ==, "given");
  g_assert_cmpstr (care_record_get (given, "medicine_name"), ==, "Paracetamol");
  g_assert_cmpstr (state_of (f, 1), ==, "Given at 09:00 by Nora Nurse");

  /* The 10:00 dose now is within two hours of it: warned; Cancel records nothing. */
  care_test_click (care_test_find (row (f, 2), "dose-give"));
  dialog = care_test_wait_alert ("medication-double-dose");
  g_assert_nonnull (strstr (care_alert_get_body (dialog), "Nora Nurse"));
  care_test_click (care_test_find_button (dialog, "_Cancel"));
  care_test_wait_alert_gone ("medication-double-dose");
  g_assert_cmpint (n_recorded (f), ==, 1);
  g_assert_cmpstr (state_of (f, 2), ==, "Due at 10:00");

  /* Giving the same dose again is warned about too; Give Anyway records it. */
  care_test_click (care_test_find (row (f, 1), "dose-give"));
  dialog = care_test_wait_alert ("medication-double-dose");
  care_test_click (care_test_find_button (dialog, "_Give Anyway"));
  care_test_wait_alert_gone ("medication-double-dose");
  g_assert_cmpint (n_recorded (f), ==, 2);

  /* Hold the 06:00 dose: not without a note. */
  care_test_click (care_test_find (row (f, 0), "dose-hold"));
  dialog = care_test_wait_alert ("medication-note-dialog");
  g_assert_false (care_alert_get_response_enabled (dialog, "record"));
  care_test_type (care_test_find (dialog, "medication-note"), "Nil by mouth before theatre");
  g_assert_true (care_alert_get_response_enabled (dialog, "record"));
  care_test_click (care_test_find_button (dialog, "_Hold"));
  care_test_wait_alert_gone ("medication-note-dialog");
  g_assert_cmpint (n_recorded (f), ==, 3);
  g_assert_cmpstr (state_of (f, 0), ==, "Held at 09:00 by Nora Nurse");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (f, 0))), "Nil by mouth"));

  /* The patient's history: three records, the first "given" corrected
   * by the second. */
  care_test_click (care_test_find (row (f, 0), "dose-history"));
  dialog = care_test_wait_window ("medication-history");
  {
    GtkWidget *history = care_test_find (dialog, "medication-history-list");
    guint n = 0;

    for (GtkWidget *c = gtk_widget_get_first_child (history); c; c = gtk_widget_get_next_sibling (c))
      n += ADW_IS_ACTION_ROW (c);
    g_assert_cmpuint (n, ==, 3);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A narrower range: ± 2 hours is 08:00 and 10:00. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_find (page, "medication-range")), 0);
  g_assert_nonnull (care_test_find (list, "dose-row-1"));
  g_assert_null (care_test_find (list, "dose-row-2"));
  g_assert_cmpstr (state_of (f, 0), ==, "Given at 09:00 by Nora Nurse");
}

/* A dose recorded elsewhere (a sync, another page) shows at once. */
static void
test_follows_store (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) doses = care_medication_rounds_schedule (f->store, local (10, 11, 0), local (10, 13, 0), NULL);
  g_autoptr(CareRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (doses->len, ==, 1);
  record = care_medication_rounds_record (f->store, g_ptr_array_index (doses, 0), "refused", "Asleep", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (state_of (f, 3), ==, "Refused at 09:00, recorded by Nora Nurse");

  /* Time passes: at 11:01 the round is 07:01 to 15:01, and the 10:00
   * dose, its third, is overdue; 06:00, before the round, was never
   * recorded and stays at the top. */
  g_assert_cmpstr (state_of (f, 2), ==, "Due at 10:00");
  care_clock_freeze (local (10, 11, 1));
  g_signal_emit_by_name (care_clock_get_default (), "minute-changed");
  g_assert_cmpstr (state_of (f, 0), ==, "Overdue since 06:00");
  g_assert_cmpstr (state_of (f, 1), ==, "Overdue since 08:00");
  g_assert_cmpstr (state_of (f, 2), ==, "Overdue since 10:00");
  g_assert_cmpstr (state_of (f, 3), ==, "Refused at 09:00, recorded by Nora Nurse");
  g_assert_cmpstr (state_of (f, 4), ==, "Due at 14:00");
}

/* Morphine as needed follows the round: Give asks why it is needed and
 * records it now; giving it again within its 4 hours says when it was
 * last given. An overdue dose is recorded as missed, with why. */
static void
test_as_needed_and_missed (Fixture       *f,
                           gconstpointer  data)
{
  GtkWidget *page = care_test_find (GTK_WIDGET (f->window), "page-medication");
  GtkWidget *dialog;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *prn = care_test_add_record (f->store, "prescription_item", "prescription_id", f->rx,
                                               "medicine_name", "Morphine", "dose", "5 mg", "route", "oral",
                                               "frequency", "every 4 hours as needed", "quantity", "10", NULL);
  CareRecord *given;

  /* Four scheduled doses, then the medicine given as needed. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row (f, 4))), ==, "Morphine 5 mg");
  g_assert_cmpstr (state_of (f, 4), ==, "As needed · not given yet");
  g_assert_null (care_test_find (row (f, 4), "dose-refuse"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (care_test_find (page, "medication-summary"))),
                            "4 doses between"));

  care_test_click (care_test_find (row (f, 4), "dose-give"));
  dialog = care_test_wait_alert ("medication-note-dialog");
  g_assert_false (care_alert_get_response_enabled (dialog, "record"));
  care_test_type (care_test_find (dialog, "medication-note"), "Pain 7 out of 10");
  care_test_keep_screenshot (dialog, "medication-as-needed.png");
  care_test_click (care_test_find_button (dialog, "_Give"));
  care_test_wait_alert_gone ("medication-note-dialog");
  g_assert_cmpint (n_recorded (f), ==, 1);
  records = care_store_list (f->store, care_schema_lookup ("medication_administration"), NULL, NULL, NULL, 0, NULL);
  given = g_ptr_array_index (records, 0);
  g_assert_cmpstr (care_record_get (given, "prescription_item_id"), ==, prn);
  g_assert_cmpstr (care_record_get (given, "notes"), ==, "Pain 7 out of 10");
  g_assert_cmpstr (state_of (f, 4), ==, "As needed · last given at 09:00 by Nora Nurse");

  /* Again at 10:30: within 4 hours, the dialog says when it was given.
   * The round is 06:30 to 14:30 now, with 06:00 kept above it: the
   * medicine given as needed comes sixth. */
  care_clock_freeze (local (10, 10, 30));
  g_signal_emit_by_name (care_clock_get_default (), "minute-changed");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row (f, 5))), ==, "Morphine 5 mg");
  care_test_click (care_test_find (row (f, 5), "dose-give"));
  dialog = care_test_wait_alert ("medication-note-dialog");
  g_assert_nonnull (strstr (care_alert_get_body (dialog), "Nora Nurse"));
  care_test_click (care_test_find_button (dialog, "_Cancel"));
  care_test_wait_alert_gone ("medication-note-dialog");
  g_assert_cmpint (n_recorded (f), ==, 1);

  /* The 06:00 dose, overdue, was missed. */
  g_assert_cmpstr (state_of (f, 0), ==, "Overdue since 06:00");
  g_assert_cmpstr (state_of (f, 2), ==, "Due at 10:00");
  g_assert_null (care_test_find (row (f, 2), "dose-missed"));
  care_test_click (care_test_find (row (f, 0), "dose-missed"));
  dialog = care_test_wait_alert ("medication-note-dialog");
  care_test_type (care_test_find (dialog, "medication-note"), "Patient was in theatre");
  care_test_click (care_test_find_button (dialog, "_Record as Missed"));
  care_test_wait_alert_gone ("medication-note-dialog");
  g_assert_cmpint (n_recorded (f), ==, 2);
  {
    g_autoptr(GPtrArray) missed = care_store_list (f->store, care_schema_lookup ("medication_administration"),
                                                   "status", "missed", NULL, 0, NULL);

    g_assert_cmpuint (missed->len, ==, 1);
    g_assert_cmpstr (care_record_get (g_ptr_array_index (missed, 0), "notes"), ==, "Patient was in theatre");
  }
  /* Recorded, the dose from before the round leaves the top of the list. */
  g_assert_cmpstr (state_of (f, 0), ==, "Overdue since 08:00");
  care_test_keep_screenshot (page, "medication-round.png");
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  g_test_add ("/medication/round", Fixture, NULL, fixture_set_up, test_round, fixture_tear_down);
  g_test_add ("/medication/follows-store", Fixture, NULL, fixture_set_up, test_follows_store, fixture_tear_down);
  g_test_add ("/medication/as-needed-and-missed", Fixture, NULL, fixture_set_up, test_as_needed_and_missed,
              fixture_tear_down);

  return g_test_run ();
}
