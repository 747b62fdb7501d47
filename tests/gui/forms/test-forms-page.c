/* test-forms-page.c: reviewing the forms patients sent
 *
 * Reception opens the Forms page: the demo's intake, consent (with its
 * signature shown) and feedback forms wait; a rejection without a note
 * is refused under the note; with one it is rejected; another is accepted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-forms-page"

#include "config.h"

#include "care-test-records.h"
#include "care-test-utils.h"

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
  for (guint i = 0; i < 3; i++)
    {
      static const char *const names[] = { "Amara", "Bruno", "Chen" };
      g_autofree char *id = care_test_add_record (store, "patient", "given_name", names[i], "family_name", "Okafor",
                                                  "date_of_birth", "1984-03-27", "sex", "female", "status", "new", NULL);

      g_ptr_array_add (patients, care_store_get (store, care_schema_lookup ("patient"), id, NULL));
    }
  g_assert_true (care_demo_add_forms (store, patients, &error));
  g_assert_no_error (error);
  consent = form_of_type (store, "consent");
  feedback = form_of_type (store, "feedback");

  window = care_test_window_new (store);
  g_assert_true (care_test_sign_in (window, "rita", CARE_TEST_PASSWORD));
  page = care_test_must_find (GTK_WIDGET (window), "page-forms");
  gtk_stack_set_visible_child (GTK_STACK (gtk_widget_get_parent (page)), page);

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

static void
set_text_view (GtkWidget  *view,
               const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

/* The administrator writes a template; wrong questions are refused under
 * them and the editor stays; right ones are saved and listed. */
static void
test_template_editor (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(GPtrArray) saved = NULL;
  CareWindow *window;
  GtkWidget *page, *editor, *error;

  window = care_test_window_new (store);
  g_assert_true (care_test_sign_in (window, CARE_TEST_ADMIN_USERNAME, CARE_TEST_PASSWORD));
  page = care_test_must_find (GTK_WIDGET (window), "page-forms");
  g_assert_true (gtk_widget_get_visible (care_test_must_find (page, "form-template-new")));
  care_test_click (care_test_must_find (page, "form-template-new"));
  editor = care_test_wait_window ("form-template-editor");
  care_test_type (care_test_must_find (editor, "form-template-name"), "Travel vaccines");
  set_text_view (care_test_must_find (editor, "form-template-questions"),
                 "[{\"name\": \"where\", \"label\": \"Where are you going?\", \"type\": \"colour\"}]");
  care_test_click (care_test_must_find (editor, "form-template-save"));
  error = care_test_must_find (editor, "form-template-error");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error)), "Question 1"));
  care_test_keep_screenshot (editor, "form-template-editor.png");
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("form_template")), ==, 0);

  set_text_view (care_test_must_find (editor, "form-template-questions"),
                 "[{\"name\": \"where\", \"label\": \"Where are you going?\", \"type\": \"text\", \"required\": true}]");
  care_test_click (care_test_must_find (editor, "form-template-save"));
  care_test_wait_window_gone ("form-template-editor");
  saved = care_forms_list_templates (store, TRUE, NULL);
  g_assert_cmpuint (saved->len, ==, 1);
  g_assert_cmpstr (care_record_get (saved->pdata[0], "name"), ==, "Travel vaccines");
  g_assert_cmpstr (care_record_get (saved->pdata[0], "form_type"), ==, "intake");
  care_test_wait (100);
  g_assert_nonnull (care_test_find (page, "form-template-edit"));

  care_test_window_destroy (window);
}

int
main (int argc, char **argv)
{
  care_test_init (&argc, &argv);
  g_test_add_func ("/forms/review", test_review);
  g_test_add_func ("/forms/template-editor", test_template_editor);
  return g_test_run ();
}
