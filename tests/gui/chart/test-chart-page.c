/* test-chart-page.c: a doctor opens a chart, signs a note with a diagnosis, amends it
 *
 * Runs under Xvfb against a real store, the page in a real window, signed
 * in as a doctor. The clock stands still on 7 December 2026 at 14:05 UTC.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-chart-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-test-records.h"
#include "care-test-utils.h"
#include "chart/care-chart-page.h"
#include "chart/care-chart-timeline.h"
#include "care-billing.h"
#include "chart/care-code-import.h"

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
  g_autoptr(CareRecord) patient = NULL;
  g_autoptr(CareRecord) set = NULL;
  g_autoptr(CareRecord) doctor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mrn = NULL;
  const char *allergies[] = { "penicillin", NULL };

  care_clock_freeze (g_date_time_to_unix (now) * G_USEC_PER_SEC);
  f->store = care_test_store_new_with_clinic ();
  patient = care_record_new (care_schema_lookup ("patient"));
  mrn = care_store_next_number (f->store, "mrn", NULL);
  care_record_set (patient, "given_name", "Marta");
  care_record_set (patient, "family_name", "Quintero");
  care_record_set (patient, "date_of_birth", "1951-06-02");
  care_record_set (patient, "sex", "female");
  care_record_set (patient, "status", "repeat");
  care_record_set (patient, "mrn", mrn);
  care_record_set_list (patient, "allergies", allergies);
  g_assert_true (care_store_insert (f->store, patient, &error));
  g_assert_no_error (error);
  f->patient = g_strdup (care_record_get_id (patient));

  set = care_record_new (care_schema_lookup ("vitals"));
  care_record_set (set, "patient_id", f->patient);
  care_record_set (set, "recorded_at", "2026-12-07T10:00:00Z");
  care_record_set (set, "pulse", "96");
  care_record_set (set, "respiratory_rate", "22");
  care_record_set (set, "spo2", "95");
  g_assert_true (care_store_insert (f->store, set, &error));
  g_assert_no_error (error);

  doctor = care_test_add_staff (f->store, "ddoctor", "Dana Doctor", CARE_ROLE_DOCTOR);
  f->doctor = g_strdup (care_record_get_id (doctor));
  session = care_session_new (f->store, doctor);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 800);
  f->page = care_chart_page_new (session);
  gtk_window_set_child (f->window, f->page);
  gtk_window_present (f->window);
  care_test_wait (100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *dialog;

  while ((dialog = care_test_find_window ("note-dialog")))
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

static void
type_text (GtkWidget  *view,
           const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

static gboolean
dialog_closed (gpointer data)
{
  return care_test_find_window ("note-dialog") == NULL;
}

static GtkWidget *
wait_for_dialog (void)
{
  g_assert_nonnull (care_test_wait_for_widget ("note-dialog", TIMEOUT_MS));
  return care_test_find_window ("note-dialog");
}

static const CareChartEntry *
entry_at (Fixture *f,
          guint    i)
{
  GListModel *model = care_chart_page_get_timeline (CARE_CHART_PAGE (f->page));
  g_autoptr(CareChartItem) item = g_list_model_get_item (model, i);

  /* The model keeps its items: the entry outlives this reference. */
  return item ? care_chart_item_get_entry (item) : NULL;
}

/* The Amend button shown on the timeline row of the note. */
static GtkWidget *
find_amend_button (GtkWidget  *root,
                   const char *note_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_widget_get_visible (child) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (child), "note-id"), note_id) == 0)
        return child;
      if ((found = find_amend_button (child, note_id)))
        return found;
    }
  return NULL;
}

static void
test_note_and_amendment (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *dialog;
  GListModel *model;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *first_id = NULL;
  const CareChartEntry *newest, *older;
  GtkWidget *amend;

  /* Found with the patient search, as the doctor would. */
  care_test_type (care_test_must_find (f->page, "chart-patient-search"), "Quinte");
  g_assert_nonnull (care_test_wait_for_widget ("chart-patient-result", TIMEOUT_MS));
  care_test_click (care_test_must_find (f->page, "chart-patient-result"));
  g_assert_cmpstr (label_text (f->page, "chart-name"), ==, "Marta Quintero");
  g_assert_nonnull (strstr (label_text (f->page, "chart-facts"), "75 years"));
  g_assert_nonnull (strstr (label_text (f->page, "chart-facts"), "Female"));
  g_assert_nonnull (strstr (label_text (f->page, "chart-allergies"), "penicillin"));
  g_assert_true (gtk_widget_has_css_class (care_test_must_find (f->page, "chart-allergies"), "chart-alert-set"));
  g_assert_cmpstr (label_text (f->page, "chart-news2"), ==, "NEWS2 4");
  g_assert_cmpstr (label_text (f->page, "chart-count"), ==, "1 record");

  /* Signing without anything written is refused under the assessment;
   * a code that is not ICD-10 under the code. */
  care_test_click (care_test_must_find (f->page, "chart-new-note"));
  dialog = wait_for_dialog ();
  care_test_click (care_test_must_find (dialog, "note-sign"));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (dialog, "note-content-error")));
  type_text (care_test_must_find (dialog, "note-subjective"), "Cough for a week, worse at night.");
  type_text (care_test_must_find (dialog, "note-objective"), "Crackles at the left base.");
  type_text (care_test_must_find (dialog, "note-assessment"), "Chest infection.");
  type_text (care_test_must_find (dialog, "note-plan"), "Amoxicillin for 5 days; review in a week.");
  care_test_type (care_test_must_find (dialog, "note-diagnosis"), "Acute bronchitis");
  care_test_type (care_test_must_find (dialog, "note-code"), "bronchitis");
  care_test_click (care_test_must_find (dialog, "note-sign"));
  g_assert_false (gtk_widget_get_visible (care_test_must_find (dialog, "note-content-error")));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (dialog, "note-code-error")));
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("clinical_note")), ==, 0);
  care_test_wait (100);
  care_test_keep_screenshot (dialog, "chart-note-dialog.png");

  gtk_editable_set_text (GTK_EDITABLE (care_test_must_find (dialog, "note-code")), "");
  care_test_type (care_test_must_find (dialog, "note-code"), "J20.9");
  care_test_click (care_test_must_find (dialog, "note-sign"));
  g_assert_true (care_test_wait_for (dialog_closed, NULL, TIMEOUT_MS));

  notes = care_store_list (f->store, care_schema_lookup ("clinical_note"), NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (notes->len, ==, 1);
  first_id = g_strdup (care_record_get_id (notes->pdata[0]));
  g_assert_cmpstr (care_record_get (notes->pdata[0], "author_id"), ==, f->doctor);
  g_assert_cmpstr (care_record_get (notes->pdata[0], "diagnosis_code"), ==, "J20.9");
  g_assert_cmpstr (label_text (f->page, "chart-count"), ==, "2 records");
  newest = entry_at (f, 0);
  g_assert_cmpstr (newest->record_id, ==, first_id);
  g_assert_nonnull (strstr (newest->summary, "Acute bronchitis (J20.9)"));

  /* Amend from the note's row: the diagnosis corrected, the original kept. */
  care_test_wait (100);
  amend = find_amend_button (f->page, first_id);
  g_assert_nonnull (amend);
  care_test_click (amend);
  dialog = wait_for_dialog ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_test_must_find (dialog, "note-diagnosis"))), ==, "Acute bronchitis");
  gtk_editable_set_text (GTK_EDITABLE (care_test_must_find (dialog, "note-diagnosis")), "");
  care_test_type (care_test_must_find (dialog, "note-diagnosis"), "Community-acquired pneumonia");
  gtk_editable_set_text (GTK_EDITABLE (care_test_must_find (dialog, "note-code")), "");
  care_test_type (care_test_must_find (dialog, "note-code"), "J18.9");
  care_test_click (care_test_must_find (dialog, "note-sign"));
  g_assert_true (care_test_wait_for (dialog_closed, NULL, TIMEOUT_MS));

  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("clinical_note")), ==, 2);
  model = care_chart_page_get_timeline (CARE_CHART_PAGE (f->page));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  newest = entry_at (f, 0);
  older = entry_at (f, 1);
  g_assert_true (newest->amendment);
  g_assert_nonnull (strstr (newest->summary, "Community-acquired pneumonia (J18.9)"));
  g_assert_cmpstr (older->record_id, ==, first_id);
  g_assert_true (older->superseded);
  g_assert_cmpint (entry_at (f, 2)->kind, ==, CARE_CHART_VITALS);

  /* Only the latest version offers Amend; the screen says which is which. */
  care_test_wait (100);
  g_assert_null (find_amend_button (f->page, first_id));
  g_assert_nonnull (find_amend_button (f->page, newest->record_id));
  care_test_keep_screenshot (GTK_WIDGET (f->window), "chart-page.png");

  /* Keyboard: from a row of the timeline or its Amend button, one Tab
   * leaves the list, and so does one Shift+Tab. */
  {
    GtkWidget *timeline = care_test_must_find (f->page, "chart-timeline");
    GtkWidget *focus;

    g_assert_true (gtk_widget_grab_focus (timeline));
    focus = gtk_root_get_focus (GTK_ROOT (f->window));
    g_assert_true (focus && gtk_widget_is_ancestor (focus, timeline));
    care_test_press_key (timeline, GDK_KEY_Tab);
    focus = gtk_root_get_focus (GTK_ROOT (f->window));
    g_assert_nonnull (focus);
    g_assert_false (gtk_widget_is_ancestor (focus, timeline));
    g_assert_true (gtk_widget_grab_focus (find_amend_button (f->page, newest->record_id)));
    care_test_press_key (timeline, GDK_KEY_ISO_Left_Tab);
    focus = gtk_root_get_focus (GTK_ROOT (f->window));
    g_assert_nonnull (focus);
    g_assert_false (gtk_widget_is_ancestor (focus, timeline));
  }

  /* The filter shows one kind. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (f->page, "chart-kind-filter")), 2);
  g_assert_cmpstr (label_text (f->page, "chart-count"), ==, "1 record");
  g_assert_cmpint (entry_at (f, 0)->kind, ==, CARE_CHART_VITALS);
}

/* From the Patients page's details, the window opens the chart. */
static void
test_open_from_window (Fixture       *f,
                       gconstpointer  data)
{
  CareWindow *window = care_test_window_new (f->store);
  GtkWidget *page;

  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-chart", "s", f->patient));
  care_test_wait (50);
  page = care_test_find (GTK_WIDGET (window), "chart-name");
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_is_drawable (page));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (page)), ==, "Marta Quintero");
  care_test_window_destroy (window);
}

/* The doctor recommends admitting the patient to Ward A: not without a
 * reason (said under it as core says it), then the request waits for the
 * bed board; a second one is refused while it does. */
static void
test_recommend_admission (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *ward = care_test_add_record (f->store, "ward", "name", "Ward A", "kind", "general", NULL);
  g_autoptr(GPtrArray) requests = NULL;
  GtkWidget *dialog;
  CareRecord *request;

  care_test_type (care_test_must_find (f->page, "chart-patient-search"), "Quinte");
  g_assert_nonnull (care_test_wait_for_widget ("chart-patient-result", TIMEOUT_MS));
  care_test_click (care_test_must_find (f->page, "chart-patient-result"));

  care_test_click (care_test_must_find (f->page, "chart-recommend-admission"));
  dialog = care_test_wait_alert ("admission-dialog");
  g_assert_false (care_alert_get_response_enabled (dialog, "recommend"));
  care_test_type (care_test_must_find (dialog, "admission-reason"), "  ");
  g_assert_true (gtk_widget_get_visible (care_test_must_find (dialog, "admission-error")));
  g_assert_nonnull (strstr (label_text (dialog, "admission-error"), "Say why"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (dialog, "admission-ward")), 1);
  care_test_type (care_test_must_find (dialog, "admission-reason"), "Pneumonia, needs IV antibiotics");
  g_assert_true (care_alert_get_response_enabled (dialog, "recommend"));
  g_assert_false (gtk_widget_get_visible (care_test_must_find (dialog, "admission-error")));
  care_test_click (care_test_find_button (dialog, "_Recommend"));
  care_test_wait_alert_gone ("admission-dialog");

  requests = care_store_list (f->store, care_schema_lookup ("admission_request"), "patient_id", f->patient, NULL, 0, NULL);
  g_assert_cmpuint (requests->len, ==, 1);
  request = g_ptr_array_index (requests, 0);
  g_assert_cmpstr (care_record_get (request, "status"), ==, "pending");
  g_assert_cmpstr (care_record_get (request, "ward_id"), ==, ward);
  g_assert_cmpstr (care_record_get (request, "requested_by"), ==, f->doctor);
  g_assert_cmpstr (care_record_get (request, "reason"), ==, "Pneumonia, needs IV antibiotics");

  /* Once is enough: the dialog says it waits already. */
  care_test_click (care_test_must_find (f->page, "chart-recommend-admission"));
  dialog = care_test_wait_alert ("admission-dialog");
  care_test_type (care_test_must_find (dialog, "admission-reason"), "Again");
  g_assert_false (care_alert_get_response_enabled (dialog, "recommend"));
  g_assert_nonnull (strstr (label_text (dialog, "admission-error"), "already recommended"));
  care_test_click (care_test_find_button (dialog, "_Cancel"));
  care_test_wait_alert_gone ("admission-dialog");
}

/* Treatments given at the visit, with their cost, signed with the note:
 * a cost that is not an amount is refused under the list, an empty row is
 * left out, and Billing proposes the treatment at its cost. */
static void
test_note_treatments (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) treatments = NULL;
  g_autoptr(GPtrArray) offered = NULL;
  g_autoptr(CareRecord) clinic = care_store_get_clinic (f->store);
  GtkWidget *dialog, *given;
  gint64 cost = 0;
  guint billed = 0;

  care_chart_page_show_patient (CARE_CHART_PAGE (f->page), f->patient);
  care_test_click (care_test_must_find (f->page, "chart-new-note"));
  dialog = wait_for_dialog ();
  type_text (care_test_must_find (dialog, "note-assessment"), "Cut on the left hand, cleaned and dressed.");
  care_test_click (care_test_must_find (dialog, "note-add-treatment"));
  care_test_type (care_test_must_find (dialog, "note-treatment"), "Wound dressing");
  care_test_type (care_test_must_find (dialog, "note-treatment-cost"), "a lot");
  care_test_click (care_test_must_find (dialog, "note-add-treatment"));
  care_test_click (care_test_must_find (dialog, "note-sign"));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (dialog, "note-treatments-error")));
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("clinical_note")), ==, 0);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                         care_test_must_find (dialog, "note-treatment-cost")));

  gtk_editable_set_text (GTK_EDITABLE (care_test_must_find (dialog, "note-treatment-cost")), "");
  care_test_type (care_test_must_find (dialog, "note-treatment-cost"), "25.50");
  care_test_wait (100);
  care_test_keep_screenshot (dialog, "chart-note-treatments.png");
  care_test_click (care_test_must_find (dialog, "note-sign"));
  g_assert_true (care_test_wait_for (dialog_closed, NULL, TIMEOUT_MS));

  treatments = care_store_list (f->store, care_schema_lookup ("treatment"), NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (treatments->len, ==, 1);
  g_assert_cmpstr (care_record_get (treatments->pdata[0], "treatment_type"), ==, "Wound dressing");
  g_assert_nonnull (care_record_get (treatments->pdata[0], "note_id"));
  g_assert_true (care_billing_parse_money ("25.50", care_record_get (clinic, "currency"), &cost));
  offered = care_billing_billable_items (f->store, f->patient, NULL, NULL);
  for (guint i = 0; i < offered->len; i++)
    if (g_strcmp0 (care_record_get (offered->pdata[i], "source_entity"), "treatment") == 0)
      {
        billed++;
        g_assert_cmpint (care_record_get_int (offered->pdata[i], "unit_price", 0), ==, cost);
      }
  g_assert_cmpuint (billed, ==, 1);

  /* An amendment lists the treatment given with the original, and signing
   * it writes no second one. */
  care_test_wait (100);
  care_test_click (find_amend_button (f->page, care_record_get (treatments->pdata[0], "note_id")));
  dialog = wait_for_dialog ();
  given = care_test_must_find (dialog, "note-treatments-given");
  g_assert_true (gtk_widget_get_visible (given));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (given)), "Wound dressing"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (given)), "25.50"));
  {
    GtkWidget *scroller = gtk_widget_get_ancestor (given, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

    care_test_wait (100);
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    care_test_wait (100);
    care_test_keep_screenshot (dialog, "chart-note-amendment-treatments.png");
  }
  care_test_click (care_test_must_find (dialog, "note-sign"));
  g_assert_true (care_test_wait_for (dialog_closed, NULL, TIMEOUT_MS));
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("clinical_note")), ==, 2);
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("treatment")), ==, 1);
}

static gboolean
codes_imported (gpointer store)
{
  return care_store_count (store, care_schema_lookup ("diagnosis_code")) == 40;
}

/* The sample code list imported from the chart (in core's worker); the
 * note's diagnosis offers its codes as the doctor types, and picking one
 * fills the diagnosis and its code. The header's alerts band shows DNR. */
static void
test_diagnosis_codes_and_alerts (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "diagnosis-codes-sample.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CareRecord) patient = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog, *diagnosis, *alerts;
  GtkEntryCompletion *completion;
  GtkTreeModel *offers;
  GtkTreeIter first;
  g_autofree char *text = NULL;
  gboolean handled = FALSE;

  care_chart_page_show_patient (CARE_CHART_PAGE (f->page), f->patient);
  alerts = care_test_must_find (f->page, "chart-alerts");
  g_assert_false (gtk_widget_get_visible (alerts));
  care_code_import_file (CARE_PAGE (f->page), file);
  g_assert_true (care_test_wait_for (codes_imported, f->store, TIMEOUT_MS));

  care_test_click (care_test_must_find (f->page, "chart-new-note"));
  dialog = wait_for_dialog ();
  diagnosis = care_test_must_find (dialog, "note-diagnosis");
  g_assert_true (gtk_widget_grab_focus (diagnosis));
  care_test_type (diagnosis, "bronch");
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  completion = gtk_entry_get_completion (GTK_ENTRY (diagnosis));
  offers = gtk_entry_completion_get_model (completion);
  g_assert_true (gtk_tree_model_get_iter_first (offers, &first));
  gtk_tree_model_get (offers, &first, 2, &text, -1);
  g_assert_cmpstr (text, ==, "J20.9 — Acute bronchitis, unspecified");
  g_signal_emit_by_name (completion, "match-selected", offers, &first, &handled);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_assert_true (handled);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (diagnosis)), ==, "Acute bronchitis, unspecified");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_test_must_find (dialog, "note-code"))), ==, "J20.9");
  care_test_wait (100);
  care_test_keep_screenshot (dialog, "chart-note-code.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  patient = care_store_get (f->store, care_schema_lookup ("patient"), f->patient, &error);
  care_record_set (patient, "advance_directives", "Do not resuscitate (signed 2024)");
  g_assert_true (care_store_update (f->store, patient, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_get_visible (alerts));
  g_assert_nonnull (strstr (label_text (f->page, "chart-alerts"), _("DNR")));
  care_test_wait (100);
  care_test_keep_screenshot (GTK_WIDGET (f->window), "chart-alerts.png");
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);
  g_test_add ("/chart-page/note-and-amendment", Fixture, NULL, fixture_set_up, test_note_and_amendment, fixture_tear_down);
  g_test_add ("/chart-page/recommend-admission", Fixture, NULL, fixture_set_up, test_recommend_admission,
              fixture_tear_down);
  g_test_add ("/chart-page/note-treatments", Fixture, NULL, fixture_set_up, test_note_treatments, fixture_tear_down);
  g_test_add ("/chart-page/diagnosis-codes-and-alerts", Fixture, NULL, fixture_set_up, test_diagnosis_codes_and_alerts,
              fixture_tear_down);
  g_test_add ("/chart-page/open-from-window", Fixture, NULL, fixture_set_up, test_open_from_window, fixture_tear_down);
  return g_test_run ();
}
