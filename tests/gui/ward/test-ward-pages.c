/* test-ward-pages.c: the bed board (admit, transfer, discharge, clean, a conflict) and the admitted-patients monitor
 *
 * Runs under Xvfb against a real store, each page in a real window, as a
 * nurse. The clock stands still on Monday 7 December 2026 at 23:50 UTC, so
 * the monitor's observations fall due across midnight.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ward-pages"

#include "config.h"
#include "care-test-records.h"

#include "care-test-utils.h"
#include "vitals/care-vitals-dialog.h"
#include "ward/care-bed-board-page.h"
#include "ward/care-bed-board-view.h"
#include "ward/care-ward-monitor-page.h"

#define TIMEOUT_MS 10000
#define MINUTE     (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

typedef struct {
  CareStore  *store;
  char       *beds[3];       /* A1-1, A1-2, A2-1 */
  char       *patient;
  char       *patient2;
  GtkWindow  *window;
  GtkWidget  *page;
} Fixture;

static char *
iso (gint64 usec)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GType (*page_type) (void) = data;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 7, 23, 50, 0);
  g_autoptr(CareRecord) nurse = NULL;
  g_autoptr(CareSession) session = NULL;
  g_autofree char *ward = NULL, *a1 = NULL, *a2 = NULL;

  care_clock_freeze (g_date_time_to_unix (now) * G_USEC_PER_SEC);
  f->store = care_test_store_new_with_clinic ();
  nurse = care_test_add_staff (f->store, "nwhite", "Nia White", CARE_ROLE_NURSE);
  care_store_set_actor (f->store, care_record_get_id (nurse));
  ward = care_test_add_record (f->store, "ward", "name", "Ward A", "kind", "general", NULL);
  a1 = care_test_add_record (f->store, "room", "ward_id", ward, "name", "A1", NULL);
  a2 = care_test_add_record (f->store, "room", "ward_id", ward, "name", "A2", NULL);
  f->beds[0] = care_test_add_record (f->store, "bed", "room_id", a1, "label", "A1-1", "status", "available", NULL);
  f->beds[1] = care_test_add_record (f->store, "bed", "room_id", a1, "label", "A1-2", "status", "available", NULL);
  f->beds[2] = care_test_add_record (f->store, "bed", "room_id", a2, "label", "A2-1", "status", "out_of_service", NULL);
  f->patient = care_test_add_record (f->store, "patient", "given_name", "Marta", "family_name", "Quintero", "date_of_birth", "1979-06-02",
                    "sex", "female", "status", "repeat", NULL);
  f->patient2 = care_test_add_record (f->store, "patient", "given_name", "Bo", "family_name", "Lindqvist", "date_of_birth", "1950-01-12",
                     "sex", "male", "status", "repeat", NULL);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1280, 800);
  session = care_session_new (f->store, nurse);
  f->page = GTK_WIDGET (care_page_new (page_type (), session));
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
  for (guint i = 0; i < G_N_ELEMENTS (f->beds); i++)
    g_free (f->beds[i]);
  g_free (f->patient);
  g_free (f->patient2);
  care_clock_reset ();
}

typedef struct {
  Fixture    *f;
  const char *bed_id;
  const char *status;
} BedIs;

static gboolean
bed_is (gpointer data)
{
  BedIs *b = data;
  g_autoptr(CareRecord) bed = care_store_get (b->f->store, care_schema_lookup ("bed"), b->bed_id, NULL);

  return g_strcmp0 (care_record_get (bed, "status"), b->status) == 0;
}

static void
wait_bed (Fixture    *f,
          guint       i,
          const char *status)
{
  BedIs b = { f, f->beds[i], status };

  g_assert_true (care_test_wait_for (bed_is, &b, TIMEOUT_MS));
  care_test_wait (50);  /* the board's idle rebuild */
}

/* The board's tile of the bed named "bed-<label>". */
static const CareBedTile *
tile_of (Fixture    *f,
         const char *name)
{
  CareBedBoardView *view = CARE_BED_BOARD_VIEW (care_test_must_find (f->page, "bed-board"));
  const CareBedTile *tile = care_bed_board_view_find_tile (view, name + strlen ("bed-"));

  if (tile == NULL)
    g_error ("No tile for %s", name);
  return tile;
}

static char *
tile_text (Fixture    *f,
           const char *name)
{
  CareBedBoardView *view = CARE_BED_BOARD_VIEW (care_test_must_find (f->page, "bed-board"));

  return care_bed_board_view_dup_tile_text (view, tile_of (f, name)->bed_id);
}

/* Clicks where the board draws the tile. */
static void
click_tile (Fixture    *f,
            const char *name)
{
  GtkWidget *view = care_test_must_find (f->page, "bed-board");
  double x, y;

  g_assert_true (care_bed_board_view_locate (CARE_BED_BOARD_VIEW (view), tile_of (f, name)->bed_id, &x, &y));
  care_test_press (view, x, y);
}

static char *
ward_figures (Fixture *f)
{
  return care_bed_board_view_dup_ward_figures (CARE_BED_BOARD_VIEW (care_test_must_find (f->page, "bed-board")), 0);
}

static void
assert_tile_says (Fixture    *f,
                  const char *name,
                  const char *text)
{
  g_autofree char *shown = tile_text (f, name);

  if (strstr (shown, text) == NULL)
    g_error ("Tile %s says “%s”, not “%s”", name, shown, text);
}

static void
test_admit_transfer_discharge (Fixture       *f,
                               gconstpointer  data)
{
  GtkWidget *results;
  GtkWidget *first;
  g_autofree char *figures = ward_figures (f);
  g_autoptr(CareRecord) admission = NULL;

  g_assert_nonnull (strstr (figures, "0 of 3 occupied"));
  assert_tile_says (f, "bed-A1-1", "Available");
  assert_tile_says (f, "bed-A2-1", "Out of service");

  /* Admit: choose the bed, find the patient, pick her. */
  click_tile (f, "bed-A1-1");
  care_test_type (care_test_must_find (f->page, "bed-admit-search"), "Quint");
  results = care_test_must_find (f->page, "bed-admit-results");
  first = gtk_widget_get_first_child (results);
  g_assert_nonnull (first);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "Marta Quintero");
  care_test_click (first);
  wait_bed (f, 0, "occupied");
  assert_tile_says (f, "bed-A1-1", "Occupied");
  assert_tile_says (f, "bed-A1-1", "Marta Quintero");
  care_test_keep_screenshot (f->page, "bed-board.png");
  g_free (figures);
  figures = ward_figures (f);
  g_assert_nonnull (strstr (figures, "1 of 3 occupied"));
  /* An occupied bed offers no admission. */
  g_assert_null (care_test_find (f->page, "bed-admit-search"));

  /* Transfer to the only free bed, A1-2. */
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (care_test_must_find (f->page, "bed-transfer-target"))), ==, 0);
  care_test_click (care_test_must_find (f->page, "bed-transfer"));
  wait_bed (f, 0, "cleaning");
  wait_bed (f, 1, "occupied");
  assert_tile_says (f, "bed-A1-1", "Being cleaned");
  assert_tile_says (f, "bed-A1-2", "Marta Quintero");
  admission = care_bed_board_find_admission (f->store, f->patient, NULL);
  g_assert_cmpstr (care_record_get (admission, "bed_id"), ==, f->beds[1]);

  /* Discharge from A1-2, then clean it. */
  click_tile (f, "bed-A1-2");
  care_test_click (care_test_must_find (f->page, "bed-discharge"));
  wait_bed (f, 1, "cleaning");
  g_assert_null (care_bed_board_find_admission (f->store, f->patient, NULL));
  care_test_click (care_test_must_find (f->page, "bed-set-available"));
  wait_bed (f, 1, "available");
  assert_tile_says (f, "bed-A1-2", "Available");

  /* Out of service and back; a bed out of service takes nobody. */
  click_tile (f, "bed-A2-1");
  g_assert_null (care_test_find (f->page, "bed-admit-search"));
  care_test_click (care_test_must_find (f->page, "bed-set-available"));
  wait_bed (f, 2, "available");
  care_test_click (care_test_must_find (f->page, "bed-set-reserved"));
  wait_bed (f, 2, "reserved");
  assert_tile_says (f, "bed-A2-1", "Reserved");

  /* By keyboard: Home is A1-1, Right A1-2, Down the next room's A2-1;
   * Enter selects it and the panel follows. */
  {
    GtkWidget *view = care_test_must_find (f->page, "bed-board");

    care_test_press_key (view, GDK_KEY_Home);
    care_test_press_key (view, GDK_KEY_Right);
    care_test_press_key (view, GDK_KEY_Return);
    g_assert_cmpstr (care_bed_board_view_get_selected (CARE_BED_BOARD_VIEW (view)), ==, f->beds[1]);
    g_assert_nonnull (care_test_must_find (f->page, "bed-admit-search"));
    care_test_press_key (view, GDK_KEY_Down);
    care_test_press_key (view, GDK_KEY_space);
    g_assert_cmpstr (care_bed_board_view_get_selected (CARE_BED_BOARD_VIEW (view)), ==, f->beds[2]);
  }
}

/* Two admissions to one bed, the second brought by sync: flagged, then
 * resolved by transferring one. */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = care_bed_board_admit (f->store, f->beds[0], f->patient, NULL, NULL, &error);
  g_autofree char *earlier = iso (care_clock_get_real_time () - 5 * MINUTE);
  g_autofree char *second = NULL;
  GtkWidget *banner = care_test_must_find (f->page, "bed-conflicts");

  g_assert_no_error (error);
  care_test_wait (50);
  g_assert_false (gtk_widget_get_visible (banner));
  second = care_test_add_record (f->store, "bed_allocation", "bed_id", f->beds[0], "patient_id", f->patient2,
                "admitted_at", earlier, "status", "active", NULL);
  care_test_wait (100);
  g_assert_true (gtk_widget_get_visible (banner));
  g_assert_true (care_bed_tile_is_conflict (tile_of (f, "bed-A1-1")));
  assert_tile_says (f, "bed-A1-1", "Two patients");
  assert_tile_says (f, "bed-A1-1", "Bo Lindqvist");

  click_tile (f, "bed-A1-1");
  care_test_click (care_test_must_find (f->page, "bed-transfer-2"));
  g_assert_false (gtk_widget_get_visible (care_test_must_find (f->page, "bed-error")));
  wait_bed (f, 1, "occupied");
  g_assert_false (gtk_widget_get_visible (care_test_must_find (f->page, "bed-conflicts")));
  g_assert_false (care_bed_tile_is_conflict (tile_of (f, "bed-A1-1")));
  /* Occupants come oldest first: Bo, admitted earlier elsewhere, stays. */
  assert_tile_says (f, "bed-A1-2", "Marta Quintero");
  assert_tile_says (f, "bed-A1-1", "Bo Lindqvist");
  {
    g_autoptr(CareRecord) bed = care_store_get (f->store, care_schema_lookup ("bed"), f->beds[0], NULL);
    g_assert_cmpstr (care_record_get (bed, "status"), ==, "occupied");
  }
}

static gboolean
row_not_overdue (gpointer data)
{
  Fixture *f = data;
  GtkWidget *row = care_test_find (f->page, "monitor-A1-1");

  return row && !gtk_widget_has_css_class (row, "ward-overdue");
}

static gboolean
row_shown (gpointer data)
{
  Fixture *f = data;

  return care_test_find (f->page, "monitor-record-A1-1") != NULL;
}

static void
add_vitals (Fixture *f,
            gint64   at,
            const char *rate)
{
  g_autofree char *when = iso (at);
  g_autofree char *id = care_test_add_record (f->store, "vitals", "patient_id", f->patient, "recorded_at", when,
                             "respiratory_rate", rate, "spo2", "97", "on_oxygen", "0", "systolic", "118",
                             "diastolic", "76", "pulse", "72", "consciousness", "alert", "temperature_c", "37.1", NULL);
}

static void
test_monitor (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  GtkWidget *row;

  /* Admitted at 10:00 with a score of 2 at 19:40: due at 23:40, so overdue. */
  a = care_bed_board_admit (f->store, f->beds[0], f->patient, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(CareRecord) rec = care_store_get (f->store, care_schema_lookup ("bed_allocation"), a, NULL);
    g_autofree char *admitted = iso (care_clock_get_real_time () - 830 * MINUTE);

    care_record_set (rec, "admitted_at", admitted);
    g_assert_true (care_store_update (f->store, rec, &error));
  }
  add_vitals (f, care_clock_get_real_time () - 250 * MINUTE, "21");
  care_test_wait (100);
  row = care_test_must_find (f->page, "monitor-A1-1");
  g_assert_true (gtk_widget_has_css_class (row, "ward-overdue"));
  g_assert_nonnull (care_test_find (f->page, "monitor-overdue-A1-1"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (f->page, "monitor-news2-A1-1"))), ==, "NEWS2 2 · Low");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (f->page, "monitor-ago-A1-1"))), ==, "4 h 10 min ago");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "RR 21"));

  /* A new set, as another workstation's arrives: the row shows it and is no
   * longer overdue. */
  add_vitals (f, care_clock_get_real_time (), "25");
  g_assert_true (care_test_wait_for (row_not_overdue, f, TIMEOUT_MS));
  row = care_test_must_find (f->page, "monitor-A1-1");
  g_assert_null (care_test_find (f->page, "monitor-overdue-A1-1"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "RR 25"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (f->page, "monitor-news2-A1-1"))), ==, "NEWS2 3 · Low-medium");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (f->page, "monitor-ago-A1-1"))), ==, "0 min ago");

  /* Past midnight, an hour later (3 in one parameter: hourly), overdue
   * again at the next minute's refresh. */
  care_clock_advance (61 * MINUTE);
  g_signal_emit_by_name (care_clock_get_default (), "minute-changed");
  care_test_wait (50);
  g_assert_true (gtk_widget_has_css_class (care_test_must_find (f->page, "monitor-A1-1"), "ward-overdue"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (f->page, "monitor-ago-A1-1"))), ==, "1 h 01 min ago");
}

static gboolean
dialog_closed (gpointer data)
{
  return care_test_find_window ("vitals-dialog") == NULL;
}

static gboolean
row_scored (gpointer data)
{
  Fixture *f = data;

  return care_test_find (f->page, "monitor-news2-A1-1") != NULL;
}

/* The row's Record Vitals opens the vitals dialog for that patient; the
 * set saved there turns the row from overdue to observed. */
static void
test_monitor_record (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  GtkWidget *button;
  GtkWidget *dialog;

  a = care_bed_board_admit (f->store, f->beds[0], f->patient, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (care_test_wait_for (row_shown, f, TIMEOUT_MS));
  care_test_keep_screenshot (f->page, "ward-monitor.png");
  button = care_test_must_find (f->page, "monitor-record-A1-1");
  g_assert_true (gtk_widget_get_focusable (button));

  care_test_click (button);
  g_assert_nonnull (care_test_wait_for_widget ("vitals-dialog", TIMEOUT_MS));
  dialog = care_test_find_window ("vitals-dialog");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == f->window);
  care_test_keep_screenshot (dialog, "ward-monitor-record.png");
  care_test_type (care_test_must_find (dialog, "field-systolic"), "118");
  care_test_type (care_test_must_find (dialog, "field-diastolic"), "76");
  care_test_type (care_test_must_find (dialog, "field-pulse"), "72");
  care_test_type (care_test_must_find (dialog, "field-respiratory_rate"), "16");
  care_test_type (care_test_must_find (dialog, "field-spo2"), "97");
  care_test_type (care_test_must_find (dialog, "field-temperature_c"), "37.1");
  care_record_form_set_text (care_vitals_dialog_get_form (CARE_VITALS_DIALOG (dialog)), "consciousness", "alert");
  care_test_click (care_test_must_find (dialog, "vitals-save"));
  g_assert_true (care_test_wait_for (dialog_closed, NULL, TIMEOUT_MS));

  sets = care_vitals_series (f->store, f->patient, NULL);
  g_assert_cmpuint (sets->len, ==, 1);
  g_assert_cmpstr (care_record_get (sets->pdata[0], "respiratory_rate"), ==, "16");
  g_assert_true (care_test_wait_for (row_scored, f, TIMEOUT_MS));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (f->page, "monitor-news2-A1-1"))), ==, "NEWS2 0 · Low");
  g_assert_false (gtk_widget_has_css_class (care_test_must_find (f->page, "monitor-A1-1"), "ward-overdue"));
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  g_test_add ("/ward/board/admit-transfer-discharge", Fixture, care_bed_board_page_get_type, fixture_set_up,
              test_admit_transfer_discharge, fixture_tear_down);
  g_test_add ("/ward/board/conflict", Fixture, care_bed_board_page_get_type, fixture_set_up,
              test_conflict, fixture_tear_down);
  g_test_add ("/ward/monitor/overdue", Fixture, care_ward_monitor_page_get_type, fixture_set_up,
              test_monitor, fixture_tear_down);
  g_test_add ("/ward/monitor/record-vitals", Fixture, care_ward_monitor_page_get_type, fixture_set_up,
              test_monitor_record, fixture_tear_down);

  return g_test_run ();
}
