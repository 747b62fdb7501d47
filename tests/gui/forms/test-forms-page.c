/* test-forms-page.c: reviewing the forms patients sent
 *
 * Reception opens the Forms page: the demo's intake, consent (with its
 * signature shown) and feedback forms wait; a rejection without a note
 * is refused under the note; with one it is rejected; another is accepted.
 * From a patient's details, reception fills a feedback form in with the
 * patient (a wrong answer shown under its question first), and writes to
 * the patient, who reads it at the kiosk; the Forms page's "Fill In with a
 * Patient…" finds the patient and opens the same window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-forms-page"

#include "config.h"

#include "care-test-records.h"
#include "care-test-utils.h"

#include "care-form-filler.h"
#include "care-patients-page.h"

#include <string.h>

static CareRecord *
form_of_type (CareStore  *store,
              const char *type)
{
  g_autoptr(GPtrArray) forms = care_store_list (store, care_schema_lookup ("form_submission"), "form_type", type,
                                                NULL, 0, NULL);

  g_assert_cmpuint (forms->len, ==, 1);
  return care_record_ref (forms->pdata[0]);
}

/* Three patients, and the demo's templates and forms. */
static void
add_patients_and_forms (CareStore *store,
                        GPtrArray *patients)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    {
      static const char *const names[] = { "Amara", "Bruno", "Chen" };
      g_autofree char *id = care_test_add_record (store, "patient", "given_name", names[i], "family_name", "Okafor",
                                                  "date_of_birth", "1984-03-27", "sex", "female", "status", "new", NULL);

      g_ptr_array_add (patients, care_store_get (store, care_schema_lookup ("patient"), id, NULL));
    }
  g_assert_true (care_demo_add_forms (store, patients, &error));
  g_assert_no_error (error);
}

static void
test_review (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(GPtrArray) patients = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(CareRecord) consent = NULL;
  g_autoptr(CareRecord) feedback = NULL;
  g_autoptr(CareRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *consent_row = NULL;
  g_autofree char *feedback_row = NULL;
  CareWindow *window;
  GtkWidget *page, *row;

  care_test_add_staff (store, "rita", "Rita Reception", CARE_ROLE_RECEPTIONIST);
  add_patients_and_forms (store, patients);
  consent = form_of_type (store, "consent");
  feedback = form_of_type (store, "feedback");

  window = care_test_window_new (store);
  g_assert_true (care_test_sign_in (window, "rita", CARE_TEST_PASSWORD));
  g_assert_true (care_window_show_page (window, "forms"));
  page = care_test_must_find (GTK_WIDGET (window), "page-forms");

  /* The consent shows its answers and the signature. */
  consent_row = g_strdup_printf ("form-%s", care_record_get_id (consent));
  row = care_test_must_find (page, consent_row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  care_test_wait (100);
  g_assert_nonnull (care_test_find (row, "form-signature"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (care_test_must_find (row, "form-answers"))),
                            "Treatment you consent to: Blood test"));
  care_test_keep_screenshot (GTK_WIDGET (window), "forms-review.png");

  /* A rejection needs a note for the patient. */
  care_test_click (care_test_must_find (row, "form-reject"));
  stored = care_store_get (store, care_schema_lookup ("form_submission"), care_record_get_id (consent), NULL);
  g_assert_cmpstr (care_record_get (stored, "status"), ==, "pending");
  g_assert_true (gtk_widget_has_css_class (care_test_must_find (row, "review-notes"), "error"));
  care_test_type (care_test_must_find (row, "review-notes"), "Please tick which treatment again");
  care_test_click (care_test_must_find (row, "form-reject"));
  g_clear_pointer (&stored, care_record_unref);
  stored = care_store_get (store, care_schema_lookup ("form_submission"), care_record_get_id (consent), NULL);
  g_assert_cmpstr (care_record_get (stored, "status"), ==, "rejected");
  g_assert_cmpstr (care_record_get (stored, "review_notes"), ==, "Please tick which treatment again");

  /* Reviewed, then accepted; it leaves the list. */
  care_test_wait (100);
  g_assert_null (care_test_find (page, consent_row));
  feedback_row = g_strdup_printf ("form-%s", care_record_get_id (feedback));
  row = care_test_must_find (page, feedback_row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  care_test_click (care_test_must_find (row, "form-reviewed"));
  care_test_wait (100);
  row = care_test_must_find (page, feedback_row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  g_assert_null (care_test_find (row, "form-reviewed"));
  care_test_click (care_test_must_find (row, "form-accept"));
  care_test_wait (100);
  g_clear_pointer (&stored, care_record_unref);
  stored = care_store_get (store, care_schema_lookup ("form_submission"), care_record_get_id (feedback), NULL);
  g_assert_cmpstr (care_record_get (stored, "status"), ==, "approved");
  g_assert_null (care_test_find (page, feedback_row));

  care_test_window_destroy (window);
}

/* The widget named name in the n-th question of the editor's builder. */
static GtkWidget *
question (GtkWidget  *editor,
          int         n,
          const char *name)
{
  GtkListBox *list = GTK_LIST_BOX (care_test_must_find (editor, "form-questions"));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, n);

  g_assert_nonnull (row);
  return care_test_must_find (GTK_WIDGET (row), name);
}

/* The administrator writes a template question by question; wrong
 * questions are refused under them and the editor stays; right ones are
 * saved, in the order shown, named from their labels, and a name stays
 * when its label is changed later. */
static void
test_template_editor (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(CareFormTemplate) tmpl = NULL;
  const CareFormField *field;
  CareWindow *window;
  GtkWidget *page, *editor, *error;

  window = care_test_window_new (store);
  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  /* Pages are made when first shown. */
  g_assert_true (care_window_show_page (window, "forms"));
  page = care_test_must_find (GTK_WIDGET (window), "page-forms");
  g_assert_true (gtk_widget_get_visible (care_test_must_find (page, "form-template-new")));
  care_test_click (care_test_must_find (page, "form-template-new"));
  editor = care_test_wait_window ("form-template-editor");
  care_test_type (care_test_must_find (editor, "form-template-name"), "Travel vaccines");
  care_test_type (question (editor, 0, "form-question-label"), "Where are you going?");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (question (editor, 0, "form-question-required")), TRUE);
  care_test_click (care_test_must_find (editor, "form-question-add"));
  care_test_type (question (editor, 1, "form-question-label"), "How long?");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (question (editor, 1, "form-question-kind")), CARE_FORM_FIELD_CHOICE);
  g_assert_true (gtk_widget_get_visible (question (editor, 1, "form-question-choices")));
  g_assert_false (gtk_widget_get_visible (question (editor, 0, "form-question-choices")));

  /* A choice without choices: refused, naming the question. */
  care_test_click (care_test_must_find (editor, "form-template-save"));
  error = care_test_must_find (editor, "form-template-error");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error)), "Question 2"));
  care_test_type (question (editor, 1, "form-question-choices"), "A week, a month , , Longer");
  care_test_wait (50);
  care_test_keep_screenshot (editor, "form-template-editor.png");
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("form_template")), ==, 0);

  /* Moved first, then saved. */
  care_test_click (question (editor, 1, "form-question-up"));
  care_test_click (care_test_must_find (editor, "form-template-save"));
  care_test_wait_window_gone ("form-template-editor");
  saved = care_forms_list_templates (store, TRUE, NULL);
  g_assert_cmpuint (saved->len, ==, 1);
  g_assert_cmpstr (care_record_get (saved->pdata[0], "name"), ==, "Travel vaccines");
  g_assert_cmpstr (care_record_get (saved->pdata[0], "form_type"), ==, "intake");
  tmpl = care_form_template_parse (care_record_get (saved->pdata[0], "fields"), NULL);
  g_assert_nonnull (tmpl);
  g_assert_cmpuint (tmpl->fields->len, ==, 2);
  field = g_ptr_array_index (tmpl->fields, 0);
  g_assert_cmpstr (field->name, ==, "how_long");
  g_assert_cmpint (field->kind, ==, CARE_FORM_FIELD_CHOICE);
  g_assert_false (field->required);
  g_assert_cmpuint (g_strv_length (field->choices), ==, 3);
  g_assert_cmpstr (field->choices[1], ==, "a month");
  field = g_ptr_array_index (tmpl->fields, 1);
  g_assert_cmpstr (field->name, ==, "where_are_you_going");
  g_assert_true (field->required);
  care_test_wait (100);

  /* Edited later, a question keeps its name: earlier answers use it. */
  care_test_click (care_test_must_find (page, "form-template-edit"));
  editor = care_test_wait_window ("form-template-editor");
  gtk_editable_set_text (GTK_EDITABLE (question (editor, 0, "form-question-label")), "How long will you stay?");
  care_test_click (question (editor, 1, "form-question-remove"));
  care_test_click (care_test_must_find (editor, "form-template-save"));
  care_test_wait_window_gone ("form-template-editor");
  g_clear_pointer (&saved, g_ptr_array_unref);
  g_clear_pointer (&tmpl, care_form_template_free);
  saved = care_forms_list_templates (store, TRUE, NULL);
  tmpl = care_form_template_parse (care_record_get (saved->pdata[0], "fields"), NULL);
  g_assert_cmpuint (tmpl->fields->len, ==, 1);
  field = g_ptr_array_index (tmpl->fields, 0);
  g_assert_cmpstr (field->name, ==, "how_long");
  g_assert_cmpstr (field->label, ==, "How long will you stay?");

  care_test_window_destroy (window);
}

static guint
count_forms (CareStore  *store,
             const char *patient_id)
{
  g_autoptr(GPtrArray) forms = care_store_list (store, care_schema_lookup ("form_submission"), "patient_id", patient_id,
                                                NULL, 0, NULL);

  return forms->len;
}

static void
test_fill_with_patient (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(GPtrArray) patients = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) rita = NULL;
  g_autofree char *patient_id = NULL;
  CareWindow *window;
  CareFormFiller *filler;
  GtkWidget *page, *fill, *messages;
  GtkSelectionModel *selection;
  guint feedback = G_MAXUINT, before;

  rita = care_test_add_staff (store, "rita", "Rita Reception", CARE_ROLE_RECEPTIONIST);
  add_patients_and_forms (store, patients);
  templates = care_forms_list_templates (store, TRUE, NULL);
  for (guint i = 0; i < templates->len; i++)
    if (g_strcmp0 (care_record_get (templates->pdata[i], "form_type"), "feedback") == 0)
      feedback = i;
  g_assert_cmpuint (feedback, <, templates->len);

  window = care_test_window_new (store);
  g_assert_true (care_test_sign_in (window, "rita", CARE_TEST_PASSWORD));
  g_assert_true (care_window_show_page (window, "patients"));
  page = care_test_must_find (GTK_WIDGET (window), "page-patients");
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (care_test_must_find (page, "patients-list")));
  gtk_selection_model_select_item (selection, 0, TRUE);
  care_test_wait (100);
  patient_id = g_strdup (care_patients_page_get_selected_id (CARE_PATIENTS_PAGE (page)));
  g_assert_nonnull (patient_id);
  care_test_keep_screenshot (GTK_WIDGET (window), "patient-details-buttons.png");
  before = count_forms (store, patient_id);

  /* The form, chosen among the clinic's, answered with the patient. */
  care_test_click (care_test_must_find (page, "patient-form-button"));
  fill = care_test_wait_window ("form-fill-window");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (fill, "form-fill-template")), feedback);
  filler = CARE_FORM_FILLER (care_test_must_find (fill, "form-fill-filler"));
  g_assert_cmpstr (care_record_get (care_form_filler_get_template (filler), "form_type"), ==, "feedback");
  care_test_click (care_test_must_find (fill, "form-fill-save"));
  g_assert_nonnull (care_form_filler_get_error (filler, "rating"));
  g_assert_cmpuint (count_forms (store, patient_id), ==, before);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_form_filler_get_input (filler, "rating")), 1);
  care_test_wait (50);
  care_test_keep_screenshot (fill, "forms-fill-with-patient.png");
  care_test_click (care_test_must_find (fill, "form-fill-save"));
  care_test_wait_window_gone ("form-fill-window");
  sent = care_store_list (store, care_schema_lookup ("form_submission"), "patient_id", patient_id,
                          CARE_COLUMN_CREATED_AT " DESC", 0, NULL);
  g_assert_cmpuint (sent->len, ==, before + 1);
  g_assert_cmpstr (care_record_get (sent->pdata[0], "form_type"), ==, "feedback");
  g_assert_cmpstr (care_record_get (sent->pdata[0], "status"), ==, "pending");
  g_assert_cmpstr (care_record_get (sent->pdata[0], "submitted_by"), ==, care_record_get_id (rita));

  /* A message to the patient, from the same details. */
  care_test_click (care_test_must_find (page, "patient-message-button"));
  care_test_wait (100);
  g_assert_cmpstr (care_window_get_page_name (window), ==, "messages");
  messages = care_test_must_find (GTK_WIDGET (window), "page-messages");
  care_test_type (care_test_must_find (messages, "messages-subject"), "Your form");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (care_test_must_find (messages, "messages-body"))),
                            "Thank you for filling it in.", -1);
  care_test_wait (50);
  care_test_keep_screenshot (GTK_WIDGET (window), "messages-to-patient.png");
  care_test_click (care_test_must_find (messages, "messages-send-button"));
  {
    g_autoptr(GPtrArray) to_patient = care_store_list (store, care_schema_lookup ("message"), "recipient_id", patient_id,
                                                       NULL, 0, NULL);

    g_assert_cmpuint (to_patient->len, ==, 1);
    g_assert_cmpstr (care_record_get (to_patient->pdata[0], "patient_id"), ==, patient_id);
    g_assert_cmpstr (care_record_get (to_patient->pdata[0], "sender_id"), ==, care_record_get_id (rita));
    g_assert_cmpstr (care_record_get (to_patient->pdata[0], "subject"), ==, "Your form");
  }

  care_test_window_destroy (window);
}

/* The Forms page's own way in: reception finds the patient, then fills
 * the form in the same window as from the details. */
static void
test_fill_from_forms_page (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(GPtrArray) patients = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(CareRecord) rita = NULL;
  const char *chen_id;
  CareWindow *window;
  CareFormFiller *filler;
  GtkWidget *page, *chooser, *fill;
  guint before;

  rita = care_test_add_staff (store, "rita", "Rita Reception", CARE_ROLE_RECEPTIONIST);
  add_patients_and_forms (store, patients);
  chen_id = care_record_get_id (patients->pdata[2]);
  before = count_forms (store, chen_id);

  window = care_test_window_new (store);
  g_assert_true (care_test_sign_in (window, "rita", CARE_TEST_PASSWORD));
  g_assert_true (care_window_show_page (window, "forms"));
  page = care_test_must_find (GTK_WIDGET (window), "page-forms");
  care_test_click (care_test_must_find (page, "forms-fill"));
  chooser = care_test_wait_window ("form-patient-chooser");
  care_test_type (care_test_must_find (chooser, "form-patient-search"), "Chen");
  g_assert_nonnull (care_test_wait_for_widget ("form-patient-result", 5000));
  care_test_keep_screenshot (chooser, "forms-choose-patient.png");
  care_test_click (care_test_must_find (chooser, "form-patient-result"));
  care_test_wait_window_gone ("form-patient-chooser");

  fill = care_test_wait_window ("form-fill-window");
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (fill)), "Chen"));
  templates = care_forms_list_templates (store, TRUE, NULL);
  for (guint i = 0; i < templates->len; i++)
    if (g_strcmp0 (care_record_get (templates->pdata[i], "form_type"), "feedback") == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (care_test_must_find (fill, "form-fill-template")), i);
  filler = CARE_FORM_FILLER (care_test_must_find (fill, "form-fill-filler"));
  g_assert_cmpstr (care_record_get (care_form_filler_get_template (filler), "form_type"), ==, "feedback");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (care_form_filler_get_input (filler, "rating")), 1);
  care_test_click (care_test_must_find (fill, "form-fill-save"));
  care_test_wait_window_gone ("form-fill-window");
  sent = care_store_list (store, care_schema_lookup ("form_submission"), "patient_id", chen_id,
                          CARE_COLUMN_CREATED_AT " DESC", 0, NULL);
  g_assert_cmpuint (sent->len, ==, before + 1);
  g_assert_cmpstr (care_record_get (sent->pdata[0], "form_type"), ==, "feedback");
  g_assert_cmpstr (care_record_get (sent->pdata[0], "submitted_by"), ==, care_record_get_id (rita));

  care_test_window_destroy (window);
}

int
main (int argc, char **argv)
{
  care_test_init (&argc, &argv);
  g_test_add_func ("/forms/review", test_review);
  g_test_add_func ("/forms/template-editor", test_template_editor);
  g_test_add_func ("/forms/fill-with-patient", test_fill_with_patient);
  g_test_add_func ("/forms/fill-from-forms-page", test_fill_from_forms_page);
  return g_test_run ();
}
