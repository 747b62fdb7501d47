/* test-chart-panels.c: the chart's summary panels show a seeded patient's lists; a problem resolved
 *
 * Runs under Xvfb against a real store, the chart page in a real window,
 * signed in as a doctor; the clock stands still on 7 December 2026 at
 * 14:05 UTC. Words on screen are compared through gettext, so the same
 * test runs (and keeps its screenshot) with LANGUAGE=es.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-chart-panels"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "care-test-records.h"
#include "care-test-utils.h"
#include "chart/care-chart-page.h"
#include "chart/care-chart-record-dialog.h"

typedef struct {
  CareStore  *store;
  char       *patient;
  GtkWindow  *window;
  GtkWidget  *page;
} Fixture;

static gboolean
panels_loaded (gpointer page)
{
  return !care_chart_page_is_loading (page);
}

/* The panels are read in a worker: wait until they are shown. */
static void
wait_loaded (Fixture *f)
{
  g_assert_true (care_test_wait_for (panels_loaded, f->page, 10000));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 7, 14, 5, 0);
  g_autoptr(CareSession) session = NULL;
  g_autoptr(CareRecord) patient = NULL;
  g_autoptr(CareRecord) doctor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *active_rx = NULL, *cancelled_rx = NULL;
  const char *allergies[] = { "penicillin", "latex", NULL };
  const char *conditions[] = { "Asthma", "Gout", NULL };
  const char *immunizations[] = { "Tetanus 2021", "Influenza 2026", NULL };
  const char *family[] = { "Father: type 2 diabetes", NULL };
  const char *doctor_id;

  care_clock_freeze (g_date_time_to_unix (now) * G_USEC_PER_SEC);
  f->store = care_test_store_new_with_clinic ();
  doctor = care_test_add_staff (f->store, "ddoctor", "Dana Doctor", CARE_ROLE_DOCTOR);
  doctor_id = care_record_get_id (doctor);

  patient = care_record_new (care_schema_lookup ("patient"));
  care_record_set (patient, "given_name", "Marta");
  care_record_set (patient, "family_name", "Quintero");
  care_record_set (patient, "date_of_birth", "1951-06-02");
  care_record_set (patient, "sex", "female");
  care_record_set (patient, "status", "repeat");
  care_record_set_list (patient, "allergies", allergies);
  care_record_set_list (patient, "conditions", conditions);
  care_record_set_list (patient, "immunizations", immunizations);
  care_record_set_list (patient, "family_history", family);
  care_record_set (patient, "lifestyle", "Non-smoker; walks daily");
  care_record_set (patient, "advance_directives", "Do not resuscitate (signed 2024)");
  g_assert_true (care_store_insert (f->store, patient, &error));
  g_assert_no_error (error);
  f->patient = g_strdup (care_record_get_id (patient));

  g_free (care_test_add_record (f->store, "allergy", "patient_id", f->patient, "substance", "Penicillin",
                                "reaction", "Anaphylaxis", "severity", "life_threatening", NULL));
  g_free (care_test_add_record (f->store, "problem", "patient_id", f->patient, "name", "Gout",
                                "status", "resolved", "resolved_on", "2026-05-02", NULL));
  active_rx = care_test_add_record (f->store, "prescription", "patient_id", f->patient, "prescriber_id", doctor_id,
                                    "issued_on", "2026-12-05", "status", "active", NULL);
  g_free (care_test_add_record (f->store, "prescription_item", "prescription_id", active_rx,
                                "medicine_name", "Salbutamol inhaler", "dose", "2 puffs", "frequency", "as needed",
                                "quantity", "1", NULL));
  cancelled_rx = care_test_add_record (f->store, "prescription", "patient_id", f->patient, "prescriber_id", doctor_id,
                                       "issued_on", "2026-11-20", "status", "cancelled", NULL);
  g_free (care_test_add_record (f->store, "prescription_item", "prescription_id", cancelled_rx,
                                "medicine_name", "Ibuprofen", "dose", "400 mg", "frequency", "every 8 hours",
                                "quantity", "30", NULL));
  g_free (care_test_add_record (f->store, "care_team_member", "patient_id", f->patient, "user_id", doctor_id,
                                "team_role", "Primary physician", "since", "2024-01-15", NULL));

  session = care_session_new (f->store, doctor);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 900);
  f->page = care_chart_page_new (session);
  gtk_window_set_child (f->window, f->page);
  gtk_window_present (f->window);
  care_chart_page_show_patient (CARE_CHART_PAGE (f->page), f->patient);
  wait_loaded (f);
  care_test_wait (100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *dialog;

  while ((dialog = care_test_find_window ("chart-record-dialog")))
    gtk_window_destroy (GTK_WINDOW (dialog));
  while ((dialog = care_test_find_alert ("chart-remove-confirm")))
    care_alert_close (dialog);
  gtk_window_destroy (f->window);
  care_test_wait (50);
  g_clear_object (&f->store);
  g_free (f->patient);
  care_clock_reset ();
}

/* "title | subtitle" of each row of the list named name, in order. */
static char *
rows_of (Fixture    *f,
         const char *name)
{
  GtkListBox *list = GTK_LIST_BOX (care_test_must_find (f->page, name));
  g_autoptr(GString) text = g_string_new (NULL);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)); i++)
    g_string_append_printf (text, "%s%s | %s", i ? "\n" : "",
                            adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                            adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) ?: "");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

#define assert_rows(f, name, expected) \
  G_STMT_START { g_autofree char *_rows = rows_of (f, name); g_assert_cmpstr (_rows, ==, expected); } G_STMT_END
#define assert_rows_have(f, name, part) \
  G_STMT_START { g_autofree char *_rows = rows_of (f, name); g_assert_nonnull (strstr (_rows, part)); } G_STMT_END
#define assert_rows_start(f, name, part) \
  G_STMT_START { g_autofree char *_rows = rows_of (f, name); g_assert_true (g_str_has_prefix (_rows, part)); } G_STMT_END

/* The placeholder a list shows when empty, visible and saying so. */
static void
assert_empty (Fixture    *f,
              const char *name,
              const char *words)
{
  GtkListBox *list = GTK_LIST_BOX (care_test_must_find (f->page, name));
  GtkWidget *placeholder = NULL;

  g_assert_null (gtk_list_box_get_row_at_index (list, 0));
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (list)); c; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LABEL (c))
      placeholder = c;
  g_assert_nonnull (placeholder);
  g_assert_true (gtk_widget_get_mapped (placeholder));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (placeholder)), ==, words);
}

static gboolean
tall_window (gpointer window)
{
  return gtk_widget_get_height (window) >= 1500;
}

static const char *
severity (const char *value)
{
  return care_field_choice_label (care_entity_field (care_schema_lookup ("allergy"), "severity"), value);
}

static void
test_panels (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *allergies = g_strdup_printf ("Penicillin | Anaphylaxis · %s\nlatex | %s · %s",
                                                severity ("life_threatening"), _("Reaction not recorded"),
                                                _("Severity not recorded"));
  GtkWidget *resolve = care_test_must_find (f->page, "chart-resolve-problem");
  GtkListBox *active = GTK_LIST_BOX (care_test_must_find (f->page, "chart-problems-active"));

  /* Each list as core groups it: the resolved problem under resolved, the
   * cancelled prescription's medicine under discontinued, the recorded
   * allergy with its reaction and severity before the one only listed. */
  assert_rows (f, "chart-allergy-list", allergies);
  assert_rows (f, "chart-problems-active", "Asthma | ");
  assert_rows_have (f, "chart-problems-resolved", "Gout | ");
  assert_rows_have (f, "chart-problems-resolved", "2026");
  assert_rows_start (f, "chart-medications-active", "Salbutamol inhaler | 2 puffs · as needed · ");
  assert_rows_start (f, "chart-medications-discontinued", "Ibuprofen | 400 mg · every 8 hours");
  assert_empty (f, "chart-medications-historical", _("No historical medications"));
  assert_rows (f, "chart-immunizations", "Tetanus 2021 | \nInfluenza 2026 | ");
  assert_rows (f, "chart-family-history", "Father: type 2 diabetes | ");
  assert_rows_have (f, "chart-social-history", "Non-smoker; walks daily");
  assert_rows (f, "chart-advance-directives", "Do not resuscitate (signed 2024) | ");
  assert_rows_start (f, "chart-care-team", "Dana Doctor | Primary physician · ");
  care_test_keep_screenshot (GTK_WIDGET (f->window), "chart-panels.png");
  /* Every panel, in a window tall enough for them all. */
  gtk_window_set_default_size (f->window, 1200, 1500);
  care_test_wait_for (tall_window, f->window, 2000);
  care_test_wait (100);
  care_test_keep_screenshot (GTK_WIDGET (f->window), "chart-panels-all.png");

  /* Marking the active problem resolved: only with one chosen. */
  g_assert_true (gtk_widget_get_visible (resolve));
  g_assert_false (gtk_widget_get_sensitive (resolve));
  gtk_list_box_select_row (active, gtk_list_box_get_row_at_index (active, 0));
  g_assert_true (gtk_widget_get_sensitive (resolve));
  care_test_click (resolve);
  wait_loaded (f);
  assert_empty (f, "chart-problems-active", _("No active problems recorded"));
  assert_rows_have (f, "chart-problems-resolved", "Asthma | ");
  g_assert_cmpint (care_store_count_where (f->store, care_schema_lookup ("problem"), "status", "resolved"), ==, 2);
}

/* A patient with nothing recorded: every list says what is empty. */
static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *id = care_test_add_record (f->store, "patient", "given_name", "Nadia", "family_name", "Empty",
                                              "date_of_birth", "1990-01-01", "sex", "female", "status", "new", NULL);

  care_chart_page_show_patient (CARE_CHART_PAGE (f->page), id);
  /* The header at once; the lists from their worker, after it. */
  g_assert_true (care_chart_page_is_loading (CARE_CHART_PAGE (f->page)));
  g_assert_true (gtk_widget_get_visible (care_test_must_find (f->page, "chart-panels-loading")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (f->page, "chart-name"))), ==, "Nadia Empty");
  wait_loaded (f);
  g_assert_false (gtk_widget_get_visible (care_test_must_find (f->page, "chart-panels-loading")));
  assert_empty (f, "chart-allergy-list", _("No known allergies recorded"));
  assert_empty (f, "chart-problems-active", _("No active problems recorded"));
  assert_empty (f, "chart-problems-resolved", _("No resolved problems recorded"));
  assert_empty (f, "chart-medications-active", _("No active medications"));
  assert_empty (f, "chart-medications-discontinued", _("No discontinued medications"));
  assert_empty (f, "chart-immunizations", _("No immunizations recorded"));
  assert_empty (f, "chart-family-history", _("No family history recorded"));
  assert_empty (f, "chart-social-history", _("No social history recorded"));
  assert_empty (f, "chart-advance-directives", _("No advance directives recorded"));
  assert_empty (f, "chart-care-team", _("No care team recorded"));
}

/* Arrows move within a list; one Tab from any row leaves it, and one
 * Shift+Tab goes back before it. */
static void
test_tab_leaves_lists (Fixture       *f,
                       gconstpointer  data)
{
  const char *lists[] = { "chart-allergy-list", "chart-immunizations" };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      GtkWidget *list = care_test_must_find (f->page, lists[i]);
      GtkWidget *first = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
      GtkWidget *focus;

      g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
      g_assert_true (gtk_widget_grab_focus (first));
      care_test_press_key (list, GDK_KEY_Tab);
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
      g_assert_nonnull (focus);
      g_assert_false (focus == list || gtk_widget_is_ancestor (focus, list));

      g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1))));
      care_test_press_key (list, GDK_KEY_ISO_Left_Tab);
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
      g_assert_nonnull (focus);
      g_assert_false (focus == list || gtk_widget_is_ancestor (focus, list));
    }
}

/* The doctor records an allergy with its reaction and severity, and a
 * problem; a problem without its name, or with a code that is not
 * ICD-10, is refused under that field. */
static void
test_record (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *expected = NULL;
  GtkWidget *dialog;
  CareRecordForm *form;

  care_test_click (care_test_must_find (f->page, "chart-record-allergy"));
  dialog = care_test_wait_window ("chart-record-dialog");
  form = care_chart_record_dialog_get_form (dialog);
  care_record_form_set_text (form, "substance", "Peanuts");
  care_record_form_set_text (form, "reaction", "Hives");
  care_record_form_set_text (form, "severity", "severe");
  care_test_wait (100);
  care_test_keep_screenshot (dialog, "chart-record-allergy.png");
  care_test_click (care_test_must_find (dialog, "chart-record-save"));
  care_test_wait_window_gone ("chart-record-dialog");
  wait_loaded (f);
  expected = g_strdup_printf ("Peanuts | Hives · %s", severity ("severe"));
  assert_rows_have (f, "chart-allergy-list", expected);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (f->page, "chart-allergies"))), "Peanuts"));

  care_test_click (care_test_must_find (f->page, "chart-add-problem"));
  dialog = care_test_wait_window ("chart-record-dialog");
  form = care_chart_record_dialog_get_form (dialog);
  care_test_click (care_test_must_find (dialog, "chart-record-save"));
  g_assert_nonnull (care_record_form_get_error (form, "name"));
  care_record_form_set_text (form, "name", "Osteoarthritis of the knee");
  care_record_form_set_text (form, "code", "knee");
  care_test_click (care_test_must_find (dialog, "chart-record-save"));
  g_assert_nonnull (care_record_form_get_error (form, "code"));
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("problem")), ==, 1);
  care_record_form_set_text (form, "code", "M17.9");
  care_test_click (care_test_must_find (dialog, "chart-record-save"));
  care_test_wait_window_gone ("chart-record-dialog");
  wait_loaded (f);
  assert_rows_have (f, "chart-problems-active", "Osteoarthritis of the knee | M17.9");
}

static void
select_row (Fixture    *f,
            const char *list,
            int         index)
{
  GtkListBox *box = GTK_LIST_BOX (care_test_must_find (f->page, list));

  gtk_list_box_select_row (box, gtk_list_box_get_row_at_index (box, index));
}

/* Confirms the removal the panels ask about, with its screenshot. */
static void
confirm_removal (Fixture    *f,
                 const char *screenshot)
{
  GtkWidget *confirm = care_test_wait_alert ("chart-remove-confirm");

  care_test_wait (50);
  if (screenshot)
    care_test_keep_screenshot (confirm, screenshot);
  care_test_click (care_test_find_button (confirm, _("_Remove")));
  care_test_wait_alert_gone ("chart-remove-confirm");
  wait_loaded (f);
}

/* The chosen allergy or problem changed, or removed as entered in error
 * after a confirmation; a note's diagnosis is refused under the list. */
static void
test_change_and_remove (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *change_allergy = care_test_must_find (f->page, "chart-change-allergy");
  GtkWidget *remove_problem = care_test_must_find (f->page, "chart-remove-problem");
  GtkWidget *dialog, *error_label;
  g_autofree char *latex = g_strdup_printf ("latex | Hives · %s", severity ("severe"));
  g_autoptr(CareRecord) doctor = care_accounts_find_login (f->store, "ddoctor");
  g_autofree char *rows = NULL;
  g_autofree char *note = care_test_add_record (f->store, "clinical_note", "patient_id", f->patient,
                                                "author_id", care_record_get_id (doctor),
                                                "note_type", "consultation", "title", "Visit", "content", "Seen",
                                                "diagnosis", "Bronchitis", NULL);
  CareRecordForm *form;

  wait_loaded (f);
  /* Nothing chosen, nothing to change. */
  g_assert_true (gtk_widget_get_visible (change_allergy));
  g_assert_false (gtk_widget_get_sensitive (change_allergy));
  g_assert_false (gtk_widget_get_sensitive (remove_problem));

  /* latex was only listed at registration: changed, it has its own record. */
  select_row (f, "chart-allergy-list", 1);
  g_assert_true (gtk_widget_get_sensitive (change_allergy));
  care_test_click (change_allergy);
  dialog = care_test_wait_window ("chart-record-dialog");
  form = care_chart_record_dialog_get_form (dialog);
  care_record_form_set_text (form, "reaction", "Hives");
  care_record_form_set_text (form, "severity", "severe");
  care_test_wait (100);
  care_test_keep_screenshot (dialog, "chart-change-allergy.png");
  care_test_click (care_test_must_find (dialog, "chart-record-save"));
  care_test_wait_window_gone ("chart-record-dialog");
  wait_loaded (f);
  assert_rows_have (f, "chart-allergy-list", latex);
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("allergy")), ==, 2);

  /* Penicillin entered in error: gone from the list and the banner. */
  select_row (f, "chart-allergy-list", 0);
  care_test_click (care_test_must_find (f->page, "chart-remove-allergy"));
  confirm_removal (f, "chart-remove-confirm.png");
  assert_rows (f, "chart-allergy-list", latex);
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (f->page, "chart-allergies"))),
                         "enicillin"));

  /* The resolved Gout made active again, then Asthma removed. */
  select_row (f, "chart-problems-resolved", 0);
  care_test_click (care_test_must_find (f->page, "chart-change-problem"));
  dialog = care_test_wait_window ("chart-record-dialog");
  care_record_form_set_text (care_chart_record_dialog_get_form (dialog), "status", "active");
  care_test_click (care_test_must_find (dialog, "chart-record-save"));
  care_test_wait_window_gone ("chart-record-dialog");
  wait_loaded (f);
  assert_rows_have (f, "chart-problems-active", "Gout | ");
  assert_rows_have (f, "chart-problems-active", "Asthma | ");

  select_row (f, "chart-problems-active", 0);
  care_test_click (remove_problem);
  confirm_removal (f, NULL);
  assert_rows_start (f, "chart-problems-active", "Bronchitis | ");
  assert_rows_have (f, "chart-problems-active", "Gout | ");
  g_free (rows);
  rows = rows_of (f, "chart-problems-active");
  g_assert_null (strstr (rows, "Asthma"));

  /* A note's diagnosis: the note is amended instead. */
  select_row (f, "chart-problems-active", 0);
  care_test_click (remove_problem);
  confirm_removal (f, NULL);
  error_label = care_test_must_find (f->page, "chart-resolve-error");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)),
                           _("A signed note gives this diagnosis: amend the note to correct it.")));
  assert_rows_start (f, "chart-problems-active", "Bronchitis | ");
  care_test_keep_screenshot (GTK_WIDGET (f->window), "chart-panels-corrected.png");
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);
  g_test_add ("/chart-panels/lists", Fixture, NULL, fixture_set_up, test_panels, fixture_tear_down);
  g_test_add ("/chart-panels/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/chart-panels/tab-leaves-lists", Fixture, NULL, fixture_set_up, test_tab_leaves_lists,
              fixture_tear_down);
  g_test_add ("/chart-panels/record", Fixture, NULL, fixture_set_up, test_record, fixture_tear_down);
  g_test_add ("/chart-panels/change-and-remove", Fixture, NULL, fixture_set_up, test_change_and_remove,
              fixture_tear_down);
  return g_test_run ();
}
