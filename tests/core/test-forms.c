/* test-forms.c: form templates, answers against them, the review's steps, and the kiosk's rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-core.h"
#include "care-store-rules.h"
#include <string.h>

static const char questions[] =
  "[{\"name\": \"reason\", \"label\": \"Reason\", \"type\": \"text\", \"required\": true},"
  " {\"name\": \"weight\", \"label\": \"Weight\", \"type\": \"number\"},"
  " {\"name\": \"born\", \"label\": \"Born\", \"type\": \"date\"},"
  " {\"name\": \"visit\", \"label\": \"Visit\", \"type\": \"choice\", \"choices\": [\"First\", \"Again\"]},"
  " {\"name\": \"smoker\", \"label\": \"Smoker\", \"type\": \"yes_no\", \"required\": true},"
  " {\"name\": \"sign\", \"label\": \"Signature\", \"type\": \"signature\", \"required\": true}]";

static const guchar png_magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0 };

static void
assert_template_refused (const char *fields,
                         const char *part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareFormTemplate) tmpl = care_form_template_parse (fields, &error);

  g_assert_null (tmpl);
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "fields");
  g_assert_nonnull (strstr (error->message, part));
}

static void
test_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareFormTemplate) tmpl = care_form_template_parse (questions, &error);
  const CareFormField *visit;

  g_assert_no_error (error);
  g_assert_cmpuint (tmpl->fields->len, ==, 6);
  visit = care_form_template_find (tmpl, "visit");
  g_assert_cmpint (visit->kind, ==, CARE_FORM_FIELD_CHOICE);
  g_assert_cmpstr (visit->choices[1], ==, "Again");
  g_assert_false (visit->required);
  g_assert_true (care_form_template_wants_signature (tmpl));

  assert_template_refused ("not json", "could not be read");
  assert_template_refused ("[]", "between 1 and 100");
  assert_template_refused ("[{\"name\": \"a b\", \"label\": \"A\", \"type\": \"text\"}]", "Question 1");
  assert_template_refused ("[{\"name\": \"a\", \"label\": \"A\", \"type\": \"text\"},"
                           " {\"name\": \"a\", \"label\": \"B\", \"type\": \"text\"}]", "Question 2");
  assert_template_refused ("[{\"name\": \"a\", \"label\": \" \", \"type\": \"text\"}]", "Question 1");
  assert_template_refused ("[{\"name\": \"a\", \"label\": \"A\", \"type\": \"colour\"}]", "Question 1");
  assert_template_refused ("[{\"name\": \"a\", \"label\": \"A\", \"type\": \"choice\", \"choices\": [\"only\"]}]",
                           "Question 1");
}

static void
assert_answers_refused (CareFormTemplate *tmpl,
                        const char       *answers,
                        GBytes           *signature,
                        const char       *field)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (care_form_check_answers_text (tmpl, answers, signature, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, field);
}

static void
test_answers (void)
{
  g_autoptr(CareFormTemplate) tmpl = care_form_template_parse (questions, NULL);
  g_autoptr(GBytes) png = g_bytes_new_static (png_magic, sizeof png_magic);
  g_autoptr(GBytes) jpeg = g_bytes_new_static ("\xff\xd8\xff\xe0 not a png", 16);
  g_autofree guchar *huge_data = g_malloc0 (CARE_FORMS_SIGNATURE_MAX + 1);
  g_autoptr(GBytes) huge = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  memcpy (huge_data, png_magic, sizeof png_magic);
  huge = g_bytes_new_take (g_steal_pointer (&huge_data), CARE_FORMS_SIGNATURE_MAX + 1);

  g_assert_true (care_form_check_answers_text (tmpl, "{\"reason\": \"Cough\", \"smoker\": false, \"weight\": 71.5,"
                                                     " \"born\": \"1980-02-29\", \"visit\": \"First\"}", png, &error));
  g_assert_no_error (error);
  /* Only what is required must be there. */
  g_assert_true (care_form_check_answers_text (tmpl, "{\"reason\": \"Cough\", \"smoker\": true}", png, &error));

  /* Each refusal names its question, and says the question's words. */
  g_assert_false (care_form_check_answers_text (tmpl, "{\"reason\": \"  \", \"smoker\": true}", png, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "reason");
  g_assert_true (g_str_has_prefix (error->message, "Reason: "));
  g_clear_error (&error);
  assert_answers_refused (tmpl, "{\"reason\": \"Cough\"}", png, "smoker");
  assert_answers_refused (tmpl, "{\"reason\": \"Cough\", \"smoker\": \"yes\"}", png, "smoker");
  assert_answers_refused (tmpl, "{\"reason\": \"Cough\", \"smoker\": true, \"weight\": \"heavy\"}", png, "weight");
  assert_answers_refused (tmpl, "{\"reason\": \"Cough\", \"smoker\": true, \"born\": \"1981-02-29\"}", png, "born");
  assert_answers_refused (tmpl, "{\"reason\": \"Cough\", \"smoker\": true, \"born\": \"29/02/1980\"}", png, "born");
  assert_answers_refused (tmpl, "{\"reason\": \"Cough\", \"smoker\": true, \"visit\": \"Third\"}", png, "visit");
  assert_answers_refused (tmpl, "{\"reason\": \"Cough\", \"smoker\": true}", NULL, "sign");
  assert_answers_refused (tmpl, "{\"reason\": \"Cough\", \"smoker\": true}", jpeg, "sign");
  assert_answers_refused (tmpl, "{\"reason\": \"Cough\", \"smoker\": true}", huge, "sign");
  assert_answers_refused (tmpl, "{\"reason\": \"Cough\", \"smoker\": true, \"extra\": 1}", png, "answers");
  assert_answers_refused (tmpl, "[1, 2]", png, "answers");

  summary = care_form_answers_summary (tmpl, "{\"reason\": \"Cough\", \"smoker\": false, \"weight\": 70}");
  g_assert_cmpstr (summary, ==, "Reason: Cough\nWeight: 70\nSmoker: No");
}

static void
test_review (void)
{
  g_autoptr(CareRecord) form = care_test_record ("form_submission", "status", "pending", NULL);
  g_autoptr(CareRecord) other = care_test_record ("form_submission", "status", "pending", NULL);
  g_autoptr(GError) error = NULL;

  /* submitted → reviewed → rejected, with a note. */
  g_assert_true (care_forms_review (form, "reviewed", "reception-1", NULL, &error));
  g_assert_cmpstr (care_record_get (form, "status"), ==, "reviewed");
  g_assert_nonnull (care_record_get (form, "reviewed_at"));
  g_assert_false (care_forms_review (form, "reviewed", "reception-1", NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);
  g_assert_false (care_forms_review (form, "rejected", "reception-1", "  ", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "review_notes");
  g_clear_error (&error);
  g_assert_cmpstr (care_record_get (form, "status"), ==, "reviewed");
  g_assert_true (care_forms_review (form, "rejected", "reception-1", "The date of birth is missing.", &error));
  g_assert_cmpstr (care_record_get (form, "review_notes"), ==, "The date of birth is missing.");
  /* Rejected is final. */
  g_assert_false (care_forms_review (form, "approved", "reception-1", NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);

  /* submitted → accepted at once; an unknown outcome names status. */
  g_assert_false (care_forms_review (other, "lost", "reception-1", NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "status");
  g_clear_error (&error);
  g_assert_true (care_forms_review (other, "approved", "reception-1", NULL, &error));
  g_assert_false (care_forms_review (other, "reviewed", "reception-1", NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
}

static void
test_store (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 3);
  g_autoptr(GPtrArray) patients = care_store_list (store, care_schema_lookup ("patient"), NULL, NULL, NULL, 0, NULL);
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(CareRecord) tmpl = NULL;
  g_autoptr(CareRecord) form = NULL;
  g_autoptr(CareRecord) stored = NULL;
  g_autoptr(CareFormTemplate) questions_of = NULL;
  g_autoptr(GError) error = NULL;
  gint64 outbox;

  g_assert_true (care_demo_add_forms (store, patients, &error));
  g_assert_no_error (error);
  templates = care_forms_list_templates (store, TRUE, &error);
  g_assert_cmpuint (templates->len, ==, 3);
  waiting = care_forms_list_for_review (store, FALSE, &error);
  g_assert_cmpuint (waiting->len, ==, 3);

  /* A template whose questions do not parse is refused by its rule. */
  tmpl = care_test_record ("form_template", "name", "Broken", "form_type", "other", "fields", "[]", NULL);
  {
    CareRuleContext ctx;

    care_store_rule_context_init (&ctx, store);
    g_assert_false (care_rules_prepare (&ctx, NULL, tmpl, &error));
    care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "fields");
    g_clear_error (&error);
  }
  g_clear_pointer (&tmpl, care_record_unref);

  /* The feedback form: a wrong choice is refused; a right one is written
   * with its outbox entry, waits, and is accepted. */
  for (guint i = 0; i < templates->len; i++)
    if (g_str_equal (care_record_get (templates->pdata[i], "form_type"), "feedback"))
      tmpl = care_record_ref (templates->pdata[i]);
  g_assert_nonnull (tmpl);
  form = care_forms_new_submission (tmpl, care_record_get_id (patients->pdata[0]), "{\"rating\": \"Great\"}", NULL, &error);
  g_assert_null (form);
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "rating");
  g_clear_error (&error);
  form = care_forms_new_submission (tmpl, care_record_get_id (patients->pdata[0]), "{\"rating\": \"Poor\"}", NULL, &error);
  g_assert_no_error (error);
  outbox = care_store_outbox_count (store);
  g_assert_true (care_forms_submit (store, form, &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_store_outbox_count (store), ==, outbox + 1);
  g_clear_pointer (&waiting, g_ptr_array_unref);
  waiting = care_forms_list_for_review (store, FALSE, &error);
  g_assert_cmpuint (waiting->len, ==, 4);
  g_assert_false (care_forms_store_review (store, care_record_get_id (form), "rejected", NULL, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "review_notes");
  g_clear_error (&error);
  g_assert_true (care_forms_store_review (store, care_record_get_id (form), "approved", NULL, &error));
  stored = care_store_get (store, care_schema_lookup ("form_submission"), care_record_get_id (form), &error);
  g_assert_cmpstr (care_record_get (stored, "status"), ==, "approved");
  g_assert_cmpstr (care_record_get (stored, "reviewed_by"), ==, care_store_get_actor (store));
  questions_of = care_forms_template_of (store, stored);
  g_assert_nonnull (care_form_template_find (questions_of, "rating"));

  g_clear_object (&store);
  care_test_rmdir (dir);
}

static void
test_kiosk_idle (void)
{
  guint left = 0;

  g_assert_cmpint (care_kiosk_idle_state (1000, 1000, &left), ==, CARE_KIOSK_IDLE_ACTIVE);
  g_assert_cmpuint (left, ==, CARE_KIOSK_IDLE_SECONDS);
  g_assert_cmpint (care_kiosk_idle_state (1000, 1000 + CARE_KIOSK_IDLE_SECONDS - CARE_KIOSK_WARNING_SECONDS - 1, &left),
                   ==, CARE_KIOSK_IDLE_ACTIVE);
  g_assert_cmpint (care_kiosk_idle_state (1000, 1000 + CARE_KIOSK_IDLE_SECONDS - CARE_KIOSK_WARNING_SECONDS, &left),
                   ==, CARE_KIOSK_IDLE_WARNING);
  g_assert_cmpuint (left, ==, CARE_KIOSK_WARNING_SECONDS);
  g_assert_cmpint (care_kiosk_idle_state (1000, 1000 + CARE_KIOSK_IDLE_SECONDS - 1, &left), ==, CARE_KIOSK_IDLE_WARNING);
  g_assert_cmpuint (left, ==, 1);
  g_assert_cmpint (care_kiosk_idle_state (1000, 1000 + CARE_KIOSK_IDLE_SECONDS, &left), ==, CARE_KIOSK_IDLE_EXPIRED);
  g_assert_cmpint (care_kiosk_idle_state (1000, 99999, NULL), ==, CARE_KIOSK_IDLE_EXPIRED);
}

static void
test_kiosk_wipe (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = care_kiosk_store_path_new (&error);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *secret = g_strdup ("access-token");
  g_autoptr(CareStore) store = NULL;
  g_autoptr(CareRecord) patient = care_test_patient ("Ada", "Lovelace");
  g_autoptr(CareRecord) appointment = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  store = care_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (care_demo_populate (store, 1, &error));
  g_assert_true (care_store_insert (store, patient, &error));
  g_assert_no_error (error);
  /* A request not yet sent: offline, signing out is refused. */
  g_assert_false (care_kiosk_check_sign_out (store, FALSE, &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (care_kiosk_check_sign_out (store, TRUE, &error));
  g_clear_object (&store);

  g_assert_true (care_kiosk_wipe (path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  care_kiosk_clear_secret (&secret);
  g_assert_null (secret);

  /* What a patient may cancel themselves. */
  appointment = care_test_record ("appointment", "status", "requested", "starts_at", "2999-01-01T09:00:00Z", NULL);
  g_assert_true (care_kiosk_check_cancel (appointment, &error));
  care_record_set (appointment, "status", "checked_in");
  g_assert_false (care_kiosk_check_cancel (appointment, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);
  care_record_set (appointment, "status", "scheduled");
  care_record_set (appointment, "starts_at", "2000-01-01T09:00:00Z");
  g_assert_false (care_kiosk_check_cancel (appointment, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "status");
}

/* The builder's names come from labels, never twice; the questions
 * written out read back the same. */
static void
test_question_names (void)
{
  const char *const taken[] = { "smoker", "how_long", "how_long_2", NULL };
  g_autofree char *plain = care_form_question_name ("Do you smoke?", NULL);
  g_autofree char *accents = care_form_question_name ("¿Cuántos días? (aprox.)", NULL);
  g_autofree char *again = care_form_question_name ("How long?", taken);
  g_autofree char *empty = care_form_question_name ("¿?", NULL);
  g_autofree char *json = NULL;
  g_autoptr(CareFormTemplate) tmpl = care_form_template_parse (questions, NULL);
  g_autoptr(CareFormTemplate) back = NULL;
  g_autofree char *long_name = care_form_question_name ("An extremely long question that goes on and on and on", NULL);

  g_assert_cmpstr (plain, ==, "do_you_smoke");
  g_assert_cmpstr (accents, ==, "cuantos_dias_aprox");
  g_assert_cmpstr (again, ==, "how_long_3");
  g_assert_cmpstr (empty, ==, "question");
  g_assert_cmpuint (strlen (long_name), <=, 40);

  json = care_form_template_to_json (tmpl);
  back = care_form_template_parse (json, NULL);
  g_assert_nonnull (back);
  g_assert_cmpuint (back->fields->len, ==, tmpl->fields->len);
  for (guint i = 0; i < tmpl->fields->len; i++)
    {
      const CareFormField *a = g_ptr_array_index (tmpl->fields, i), *b = g_ptr_array_index (back->fields, i);

      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->label, ==, b->label);
      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpint (a->required, ==, b->required);
      g_assert_true ((a->choices == NULL && b->choices == NULL) ||
                     g_strv_equal ((const char *const *) a->choices, (const char *const *) b->choices));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/forms/templates", test_templates);
  g_test_add_func ("/forms/question-names", test_question_names);
  g_test_add_func ("/forms/answers", test_answers);
  g_test_add_func ("/forms/review", test_review);
  g_test_add_func ("/forms/store", test_store);
  g_test_add_func ("/kiosk/idle", test_kiosk_idle);
  g_test_add_func ("/kiosk/wipe", test_kiosk_wipe);
  return g_test_run ();
}
