/* test-chart-orders.c: from the chart a doctor prescribes past an allergy warning, prints, orders a test and imaging
 *
 * Runs under Xvfb against a real store, the chart in a real window, as a
 * doctor. The clock stands still on 7 December 2026 at 14:05 UTC.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-chart-orders"

#include "config.h"

#include <glib/gstdio.h>

#include "care-test-records.h"
#include "care-test-utils.h"
#include "chart/care-chart-page.h"
#include "chart/care-order-dialogs.h"
#include "chart/care-chart-timeline.h"

#define TIMEOUT_MS 10000

typedef struct {
  CareStore  *store;
  char       *patient;
  char       *doctor;
  GtkWindow  *window;
  GtkWidget  *page;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 7, 14, 5, 0);
  g_autoptr(CareSession) session = NULL;
  g_autoptr(CareRecord) doctor = NULL;
  g_autoptr(CareRecord) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *medicine = NULL;
  const char *allergies[] = { "penicillin", NULL };
  g_autoptr(CareRecord) patient = care_record_new (care_schema_lookup ("patient"));

  care_clock_freeze (g_date_time_to_unix (now) * G_USEC_PER_SEC);
  f->store = care_test_store_new_with_clinic ();
  care_record_set (patient, "given_name", "Marta");
  care_record_set (patient, "family_name", "Quintero");
  care_record_set (patient, "date_of_birth", "1951-06-02");
  care_record_set (patient, "sex", "female");
  care_record_set (patient, "status", "repeat");
  care_record_set_list (patient, "allergies", allergies);
  g_assert_true (care_store_insert (f->store, patient, &error));
  g_assert_no_error (error);
  f->patient = g_strdup (care_record_get_id (patient));

  doctor = care_test_add_staff (f->store, "ddoctor", "Dana Doctor", CARE_ROLE_DOCTOR);
  f->doctor = g_strdup (care_record_get_id (doctor));
  care_store_set_actor (f->store, f->doctor);
  medicine = care_test_add_record (f->store, "medicine", "name", "Penicillin V 250", "generic_name",
                                   "phenoxymethylpenicillin", "form", "tablet", "strength", "250 mg", NULL);
  g_free (care_test_add_record (f->store, "medicine", "name", "Paracetamol 500", "form", "tablet", "strength", "500 mg",
                                NULL));
  batch = care_record_new (care_schema_lookup ("stock_batch"));
  care_record_set (batch, "medicine_id", medicine);
  care_record_set (batch, "batch_number", "PV-1");
  care_record_set (batch, "expiry_date", "2027-01-01");
  care_record_set (batch, "quantity", "100");
  care_stock_receive (f->store, batch, &error);
  g_assert_no_error (error);

  session = care_session_new (f->store, doctor);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 800);
  f->page = care_chart_page_new (session);
  gtk_window_set_child (f->window, f->page);
  gtk_window_present (f->window);
  care_chart_page_show_patient (CARE_CHART_PAGE (f->page), f->patient);
  care_test_wait (100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const char *const names[] = { "rx-preview", "prescribe-dialog", "order-lab-dialog", "order-imaging-dialog",
                                "imaging-report-dialog" };
  GtkWidget *dialog;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    while ((dialog = care_test_find_window (names[i])))
      gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (f->window);
  care_test_wait (50);
  g_clear_object (&f->store);
  g_free (f->patient);
  g_free (f->doctor);
  care_clock_reset ();
}

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (care_test_must_find (root, name)));
}

static gboolean
visible (GtkWidget  *root,
         const char *name)
{
  return gtk_widget_get_visible (care_test_must_find (root, name));
}

static gint64
count (Fixture    *f,
       const char *entity)
{
  return care_store_count (f->store, care_schema_lookup (entity));
}

static gboolean
preview_shown (gpointer data)
{
  return care_test_find_window ("rx-preview") != NULL;
}

/* check: also what the dialog says of it (in English). */
static void
choose_penicillin (GtkWidget *dialog,
                   gboolean   check)
{
  GtkWidget *result;

  care_test_type (care_test_must_find (dialog, "rx-medicine-search"), "penic");
  result = care_test_wait_for_widget ("rx-medicine-result", TIMEOUT_MS);
  g_assert_nonnull (result);
  if (!check)
    {
      care_test_click (result);
      return;
    }
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (result)), "100 in stock"));
  care_test_click (result);
  g_assert_cmpstr (label_text (dialog, "rx-medicine-chosen"), ==, "Penicillin V 250 — Tablet · 250 mg");
  g_assert_cmpstr (label_text (dialog, "rx-stock"), ==,
                   "100 in stock · first batch expires 1 Jan 2027 (Expires in 25 days)");
  /* The dose starts as one unit's strength. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_test_must_find (dialog, "rx-dose"))), ==, "250 mg");
}

static void
test_prescribe_with_allergy (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) prescriptions = NULL;
  g_autoptr(GPtrArray) items = NULL;
  CareTestLoopWatch *watch;
  GtkWidget *dialog;
  guint ticks = 0, longest = 0;

  g_assert_true (gtk_widget_activate_action (f->page, "chart.prescribe", NULL));
  dialog = care_test_wait_window ("prescribe-dialog");
  g_assert_nonnull (strstr (label_text (dialog, "rx-allergies"), "penicillin"));

  /* Without a frequency the item is refused under the frequency. */
  choose_penicillin (dialog, TRUE);
  care_test_click (care_test_must_find (dialog, "rx-add-item"));
  g_assert_true (visible (dialog, "rx-frequency-error"));
  g_assert_false (visible (dialog, "rx-warnings"));

  care_test_type (care_test_must_find (dialog, "rx-frequency"), "every 6 hours");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (care_test_must_find (dialog, "rx-quantity")), 28);
  care_test_click (care_test_must_find (dialog, "rx-add-item"));
  g_assert_false (visible (dialog, "rx-frequency-error"));
  g_assert_true (visible (dialog, "rx-warnings"));
  g_assert_nonnull (strstr (label_text (dialog, "rx-warnings-text"), "The patient is allergic to penicillin."));

  /* Saving asks why; nothing is written. */
  care_test_click (care_test_must_find (dialog, "rx-save"));
  g_assert_true (visible (dialog, "rx-reason-error"));
  g_assert_nonnull (strstr (label_text (dialog, "rx-reason-error"), "Say why"));
  g_assert_cmpint (count (f, "prescription"), ==, 0);
  care_test_wait (100);
  care_test_keep_screenshot (dialog, "prescribe-dialog-warning.png");

  /* Going back: the medicine taken off, the warning goes. */
  care_test_click (care_test_must_find (dialog, "rx-item-remove"));
  g_assert_false (visible (dialog, "rx-warnings"));
  g_assert_null (care_test_find (dialog, "rx-item"));

  /* Prescribed after all, with the reason. */
  choose_penicillin (dialog, TRUE);
  care_test_type (care_test_must_find (dialog, "rx-frequency"), "every 6 hours");
  care_test_type (care_test_must_find (dialog, "rx-instructions"), "Take on an empty stomach");
  care_test_click (care_test_must_find (dialog, "rx-add-item"));
  care_test_type (care_test_must_find (dialog, "rx-reason"), "Rash only, tolerated penicillin V in 2024");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (care_test_must_find (dialog, "rx-refills")), 1);
  care_test_click (care_test_must_find (dialog, "rx-save"));
  g_assert_true (visible (dialog, "rx-saved"));

  prescriptions = care_store_list (f->store, care_schema_lookup ("prescription"), NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (prescriptions->len, ==, 1);
  g_assert_cmpstr (care_record_get (prescriptions->pdata[0], "prescriber_id"), ==, f->doctor);
  g_assert_cmpstr (care_record_get (prescriptions->pdata[0], "override_reason"), ==,
                   "Rash only, tolerated penicillin V in 2024");
  g_assert_cmpint (care_record_get_int (prescriptions->pdata[0], "refills_allowed", -1), ==, 1);
  items = care_store_list (f->store, care_schema_lookup ("prescription_item"), NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (care_record_get (items->pdata[0], "medicine_name"), ==, "Penicillin V 250");
  g_assert_cmpstr (care_record_get (items->pdata[0], "frequency"), ==, "every 6 hours");
  g_assert_cmpstr (care_record_get (items->pdata[0], "route"), ==, "oral");
  g_assert_cmpint (care_record_get_int (items->pdata[0], "quantity", 0), ==, 28);
  g_assert_cmpstr (care_record_get (items->pdata[0], "instructions"), ==, "Take on an empty stomach");

  /* The printout is drawn off the main loop, then previewed. */
  watch = care_test_loop_watch_start ();
  care_test_click (care_test_must_find (dialog, "rx-print"));
  g_assert_true (care_test_wait_for (preview_shown, NULL, TIMEOUT_MS));
  care_test_loop_watch_stop (watch, &ticks, &longest);
  g_assert_cmpuint (ticks, >, 0);
}

/* The dialog as the doctor fills it, for the screenshots. */
static void
test_prescribe_screenshot (Fixture       *f,
                           gconstpointer  data)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (f->page, "chart.prescribe", NULL));
  dialog = care_test_wait_window ("prescribe-dialog");
  care_test_type (care_test_must_find (dialog, "rx-medicine-search"), "para");
  care_test_click (care_test_wait_for_widget ("rx-medicine-result", TIMEOUT_MS));
  care_test_type (care_test_must_find (dialog, "rx-frequency"), "every 6 hours as needed");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (care_test_must_find (dialog, "rx-quantity")), 32);
  care_test_click (care_test_must_find (dialog, "rx-add-item"));
  choose_penicillin (dialog, FALSE);
  care_test_wait (200);
  care_test_keep_screenshot (dialog, "prescribe-dialog.png");
}

static gboolean
window_gone (gpointer name)
{
  return care_test_find_window (name) == NULL;
}

static void
test_order_lab (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) tests = NULL;
  guint n_panels;
  const CareLabPanel *panels = care_lab_catalogue_panels (&n_panels);
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (f->page, "chart.order-lab", NULL));
  dialog = care_test_wait_window ("order-lab-dialog");
  /* Another test without its name is refused under the name. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (dialog, "order-lab-test")), n_panels);
  g_assert_true (visible (dialog, "order-lab-name"));
  care_test_click (care_test_must_find (dialog, "order-save"));
  g_assert_true (visible (dialog, "order-lab-name-error"));
  g_assert_cmpint (count (f, "lab_test"), ==, 0);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (dialog, "order-lab-test")), 0);
  g_assert_false (visible (dialog, "order-lab-name"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (dialog, "order-lab-priority")), 1);
  care_test_type (care_test_must_find (dialog, "order-lab-notes"), "Fasting sample");
  care_test_click (care_test_must_find (dialog, "order-save"));
  g_assert_true (care_test_wait_for (window_gone, (gpointer) "order-lab-dialog", TIMEOUT_MS));

  tests = care_store_list (f->store, care_schema_lookup ("lab_test"), NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (tests->len, ==, 1);
  g_assert_cmpstr (care_record_get (tests->pdata[0], "test_name"), ==, panels[0].name);
  g_assert_cmpstr (care_record_get (tests->pdata[0], "test_code"), ==, panels[0].loinc);
  g_assert_cmpstr (care_record_get (tests->pdata[0], "priority"), ==, "urgent");
  g_assert_cmpstr (care_record_get (tests->pdata[0], "requested_by"), ==, f->doctor);
  g_assert_cmpstr (care_record_get (tests->pdata[0], "status"), ==, "requested");
  g_assert_cmpstr (care_record_get (tests->pdata[0], "notes"), ==, "Fasting sample");
}

static const CareChartEntry *
newest_entry (Fixture *f)
{
  GListModel *model = care_chart_page_get_timeline (CARE_CHART_PAGE (f->page));
  g_autoptr(CareChartItem) item = g_list_model_get_item (model, 0);

  return item ? care_chart_item_get_entry (item) : NULL;
}

/* The report dialog shows the file's name once it has been read. */
static gboolean
attached_is (gpointer data)
{
  GtkWidget *dialog = care_test_find_window ("imaging-report-dialog");

  return dialog != NULL &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (care_test_must_find (dialog, "imaging-attached"))), data) == 0;
}

static void
test_imaging (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) studies = NULL;
  GtkWidget *dialog, *report;

  g_assert_true (gtk_widget_activate_action (f->page, "chart.order-imaging", NULL));
  dialog = care_test_wait_window ("order-imaging-dialog");
  care_test_click (care_test_must_find (dialog, "order-save"));
  g_assert_true (visible (dialog, "order-imaging-part-error"));
  care_test_type (care_test_must_find (dialog, "order-imaging-part"), "Chest");
  care_test_click (care_test_must_find (dialog, "order-save"));
  g_assert_true (care_test_wait_for (window_gone, (gpointer) "order-imaging-dialog", TIMEOUT_MS));
  studies = care_store_list (f->store, care_schema_lookup ("imaging_study"), NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (studies->len, ==, 1);
  g_assert_cmpstr (care_record_get (studies->pdata[0], "modality"), ==, "xray");
  g_assert_cmpstr (care_record_get (studies->pdata[0], "status"), ==, "requested");

  /* The report, written from the study's row, shows in the timeline. */
  care_test_wait (100);
  report = care_test_find (f->page, "chart-imaging-report");
  g_assert_nonnull (report);
  g_assert_true (gtk_widget_get_visible (report));
  care_test_click (report);
  dialog = care_test_wait_window ("imaging-report-dialog");
  care_test_type (care_test_must_find (dialog, "imaging-findings"), "Right lower lobe opacity");
  care_test_type (care_test_must_find (dialog, "imaging-impression"), "Consolidation, likely pneumonia");

  /* A file that is no image nor PDF is refused next to its button, and
   * nothing is saved; an image is kept with the report. */
  {
    g_autofree char *dir = g_dir_make_tmp ("caredesk-imaging-XXXXXX", NULL);
    g_autofree char *bad_path = g_build_filename (dir, "notes.txt", NULL);
    g_autofree char *good_path = g_build_filename (dir, "chest-pa.png", NULL);
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR";
    g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
    g_autoptr(GFile) good = g_file_new_for_path (good_path);
    g_autoptr(CareRecord) study = NULL;

    g_assert_true (g_file_set_contents (bad_path, "just text", -1, NULL));
    g_assert_true (g_file_set_contents (good_path, png, sizeof png - 1, NULL));
    care_imaging_report_dialog_attach (dialog, bad);
    g_assert_true (care_test_wait_for (attached_is, (gpointer) "notes.txt", TIMEOUT_MS));
    care_test_click (care_test_must_find (dialog, "order-save"));
    g_assert_true (visible (dialog, "imaging-attach-error"));
    study = care_store_get (f->store, care_schema_lookup ("imaging_study"), care_record_get_id (studies->pdata[0]), NULL);
    g_assert_cmpstr (care_record_get (study, "status"), ==, "requested");

    care_imaging_report_dialog_attach (dialog, good);
    g_assert_true (care_test_wait_for (attached_is, (gpointer) "chest-pa.png", TIMEOUT_MS));
    care_test_wait (100);
    care_test_keep_screenshot (dialog, "imaging-report-attached.png");
    care_test_click (care_test_must_find (dialog, "order-save"));
    g_assert_true (care_test_wait_for (window_gone, (gpointer) "imaging-report-dialog", TIMEOUT_MS));
    g_clear_pointer (&study, care_record_unref);
    study = care_store_get (f->store, care_schema_lookup ("imaging_study"), care_record_get_id (studies->pdata[0]), NULL);
    g_assert_cmpstr (care_record_get (study, "attachment_name"), ==, "chest-pa.png");
    g_assert_cmpuint (g_bytes_get_size (care_record_get_blob (study, "attachment")), ==, sizeof png - 1);
    g_unlink (bad_path);
    g_unlink (good_path);
    g_rmdir (dir);
  }
  care_test_wait (100);
  g_assert_cmpint (newest_entry (f)->kind, ==, CARE_CHART_IMAGING);
  g_assert_nonnull (strstr (newest_entry (f)->summary, "Consolidation, likely pneumonia"));
  g_assert_nonnull (strstr (newest_entry (f)->summary, "chest-pa.png"));
  /* No row offers Report any more (rows make the button only when it is needed). */
  report = care_test_find (f->page, "chart-imaging-report");
  g_assert_true (report == NULL || !gtk_widget_get_visible (report));
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/chart-orders/prescribe-with-allergy", test_prescribe_with_allergy);
  ADD ("/chart-orders/prescribe-screenshot", test_prescribe_screenshot);
  ADD ("/chart-orders/lab-test", test_order_lab);
  ADD ("/chart-orders/imaging", test_imaging);
  return g_test_run ();
}
