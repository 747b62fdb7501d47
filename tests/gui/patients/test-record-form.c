/* test-record-form.c: forms generated from the schema, and their errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-record-form"

#include "config.h"

#include "care-record-form.h"
#include "care-test-utils.h"

typedef struct
{
  CareStore      *store;
  GtkWindow      *window;
  CareRecordForm *form;
} Fixture;

static CareStore *
make_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) admin = NULL;
  CareStore *store = care_test_store_new ();

  g_assert_true (care_demo_populate (store, 0, &error));
  g_assert_no_error (error);
  admin = care_accounts_find_login (store, "admin");
  g_assert_nonnull (admin);
  care_store_set_actor (store, care_record_get_id (admin));
  return store;
}

/* A form in a shown window, so that focus can be checked. */
static CareRecordForm *
show_form (Fixture          *fixture,
           const CareEntity *entity,
           const char *const *fields)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  fixture->form = care_record_form_new (entity, fields);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 640, 760);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (fixture->form));
  gtk_window_set_child (fixture->window, scroller);
  gtk_window_present (fixture->window);
  care_test_wait_for ((CareTestCondition) gtk_widget_get_mapped, fixture->window, 5000);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));
  return fixture->form;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->store = make_store ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window)
    {
      gtk_window_destroy (fixture->window);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_clear_object (&fixture->store);
}

static gboolean
row_has_focus (CareRecordForm *form,
               const char     *field)
{
  GtkWidget *row = care_record_form_get_row (form, field);
  GtkRoot *root = gtk_widget_get_root (row);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == row || gtk_widget_is_ancestor (focus, row));
}

static void
fill_valid_patient (CareRecordForm *form)
{
  care_record_form_set_text (form, "given_name", "  María ");
  care_record_form_set_text (form, "family_name", "López García");
  care_record_form_set_text (form, "date_of_birth", "1984-03-27");
  care_record_form_set_text (form, "sex", "female");
  care_record_form_set_text (form, "status", "new");
}

static void
test_rows_from_schema (Fixture       *fixture,
                       gconstpointer  data)
{
  const CareEntity *entity = care_schema_lookup ("patient");
  CareRecordForm *form = show_form (fixture, entity, NULL);
  GtkWidget *row;

  /* Every field meant for forms has its row, named after the field;
   * system fields (the MRN) have none. */
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const CareField *field = &entity->fields[i];
      gboolean in_form = field->group && !(field->flags & (CARE_FIELD_SYSTEM | CARE_FIELD_SECRET)) &&
                         field->type != CARE_FIELD_REF && field->type != CARE_FIELD_BLOB;
      g_autofree char *name = g_strdup_printf ("field-%s", field->name);

      row = care_record_form_get_row (form, field->name);
      if (in_form)
        {
          g_assert_nonnull (row);
          g_assert_cmpstr (gtk_widget_get_name (row), ==, name);
          g_assert_true (care_test_find (GTK_WIDGET (form), name) == row);
        }
      else
        g_assert_null (row);
    }

  g_assert_true (ADW_IS_ENTRY_ROW (care_record_form_get_row (form, "given_name")));
  g_assert_true (ADW_IS_COMBO_ROW (care_record_form_get_row (form, "sex")));
  g_assert_cmpint (adw_entry_row_get_input_purpose (ADW_ENTRY_ROW (care_record_form_get_row (form, "phone"))),
                   ==, GTK_INPUT_PURPOSE_PHONE);
  g_assert_cmpint (adw_entry_row_get_input_purpose (ADW_ENTRY_ROW (care_record_form_get_row (form, "email"))),
                   ==, GTK_INPUT_PURPOSE_EMAIL);

  /* Required fields are marked; optional ones are not. */
  g_assert_true (g_str_has_suffix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (care_record_form_get_row (form, "given_name"))), "*"));
  g_assert_false (g_str_has_suffix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (care_record_form_get_row (form, "city"))), "*"));

  /* An optional choice starts as "Not set"; a required one as nothing. */
  {
    g_autofree char *blood = care_record_form_dup_text (form, "blood_type");
    g_autofree char *sex = care_record_form_dup_text (form, "sex");

    g_assert_null (blood);
    g_assert_null (sex);
    g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (care_record_form_get_row (form, "blood_type")))),
                      ==, 9);
  }
}

static void
test_required (Fixture       *fixture,
               gconstpointer  data)
{
  CareRecordForm *form = show_form (fixture, care_schema_lookup ("patient"), NULL);
  g_autoptr(CareRecord) record = care_record_new (care_schema_lookup ("patient"));
  GtkWidget *row = care_record_form_get_row (form, "given_name");

  care_record_form_set_record (form, record);
  g_assert_false (care_record_form_apply (form, fixture->store, record));

  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (care_record_form_get_error (form, "given_name"), ==, "This is required.");
  g_assert_nonnull (care_record_form_get_error (form, "family_name"));
  g_assert_nonnull (care_record_form_get_error (form, "date_of_birth"));
  g_assert_nonnull (care_record_form_get_error (form, "sex"));
  g_assert_null (care_record_form_get_error (form, "city"));
  g_assert_false (gtk_widget_has_css_class (care_record_form_get_row (form, "city"), "error"));

  /* The message is shown: a visible label right under the row. */
  {
    GtkWidget *next = gtk_widget_get_next_sibling (row);
    GtkWidget *label = next ? gtk_widget_get_first_child (next) : NULL;

    g_assert_true (gtk_widget_get_visible (next));
    g_assert_true (GTK_IS_LABEL (label));
    g_assert_true (gtk_widget_has_css_class (label, "field-error"));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "This is required.");
  }

  /* The first problem has the focus; nothing was changed or written. */
  g_assert_true (row_has_focus (form, "given_name"));
  g_assert_null (care_record_get (record, "given_name"));
  g_assert_cmpint (care_store_count (fixture->store, care_schema_lookup ("patient")), ==, 0);

  /* Typing in a row clears its error, and only its error. */
  care_test_type (row, "Ana");
  g_assert_null (care_record_form_get_error (form, "given_name"));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_next_sibling (row)));
  g_assert_nonnull (care_record_form_get_error (form, "family_name"));
  care_record_form_set_text (form, "sex", "male");
  g_assert_null (care_record_form_get_error (form, "sex"));
}

static void
test_invalid_date (Fixture       *fixture,
                   gconstpointer  data)
{
  CareRecordForm *form = show_form (fixture, care_schema_lookup ("patient"), NULL);
  g_autoptr(CareRecord) record = care_record_new (care_schema_lookup ("patient"));

  care_record_form_set_record (form, record);
  fill_valid_patient (form);
  care_record_form_set_text (form, "date_of_birth", "1984-13-40");

  g_assert_false (care_record_form_apply (form, fixture->store, record));
  g_assert_nonnull (care_record_form_get_error (form, "date_of_birth"));
  g_assert_true (strstr (care_record_form_get_error (form, "date_of_birth"), "does not exist") != NULL);
  g_assert_true (gtk_widget_has_css_class (care_record_form_get_row (form, "date_of_birth"), "error"));
  g_assert_null (care_record_form_get_error (form, "given_name"));
  g_assert_true (row_has_focus (form, "date_of_birth"));
  g_assert_null (care_record_get (record, "given_name"));

  /* Not a date at all. */
  care_record_form_set_text (form, "date_of_birth", "27/03/1984");
  g_assert_false (care_record_form_apply (form, fixture->store, record));
  g_assert_true (strstr (care_record_form_get_error (form, "date_of_birth"), "YYYY-MM-DD") != NULL);
}

static void
test_future_date (Fixture       *fixture,
                  gconstpointer  data)
{
  CareRecordForm *form = show_form (fixture, care_schema_lookup ("patient"), NULL);
  g_autoptr(CareRecord) record = care_record_new (care_schema_lookup ("patient"));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
  g_autofree char *future = g_date_time_format (later, "%Y-%m-%d");

  care_record_form_set_record (form, record);
  fill_valid_patient (form);
  care_record_form_set_text (form, "date_of_birth", future);

  g_assert_false (care_record_form_apply (form, fixture->store, record));
  g_assert_cmpstr (care_record_form_get_error (form, "date_of_birth"), ==, "This date is in the future.");
  g_assert_cmpint (care_store_count (fixture->store, care_schema_lookup ("patient")), ==, 0);
}

static void
test_cross_field (Fixture       *fixture,
                  gconstpointer  data)
{
  CareRecordForm *form = show_form (fixture, care_schema_lookup ("patient"), NULL);
  g_autoptr(CareRecord) record = care_record_new (care_schema_lookup ("patient"));

  care_record_form_set_record (form, record);
  fill_valid_patient (form);
  care_record_form_set_text (form, "emergency_contact_name", "Lucía López");
  care_record_form_set_text (form, "phone", "12");

  /* A rule across fields lands at the field to fix, next to a type error. */
  g_assert_false (care_record_form_apply (form, fixture->store, record));
  g_assert_nonnull (care_record_form_get_error (form, "emergency_contact_phone"));
  g_assert_nonnull (care_record_form_get_error (form, "phone"));
  g_assert_null (care_record_form_get_error (form, "emergency_contact_name"));
  /* phone comes first in the form */
  g_assert_true (row_has_focus (form, "phone"));
}

static void
test_valid (Fixture       *fixture,
            gconstpointer  data)
{
  CareRecordForm *form = show_form (fixture, care_schema_lookup ("patient"), NULL);
  g_autoptr(CareRecord) record = care_record_new (care_schema_lookup ("patient"));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) allergies = NULL;

  care_record_form_set_record (form, record);
  fill_valid_patient (form);
  care_record_form_set_text (form, "allergies", "penicillin, latex");
  care_record_form_set_text (form, "email", "Maria@Example.org");
  care_record_form_set_text (form, "risk_score", " 42 ");
  care_record_form_set_text (form, "lifestyle", "Walks daily.\nNon-smoker.");

  g_assert_true (care_record_form_apply (form, fixture->store, record));
  g_assert_null (care_record_form_get_error (form, "given_name"));

  g_assert_cmpstr (care_record_get (record, "given_name"), ==, "María");
  g_assert_cmpstr (care_record_get (record, "family_name"), ==, "López García");
  g_assert_cmpstr (care_record_get (record, "date_of_birth"), ==, "1984-03-27");
  g_assert_cmpstr (care_record_get (record, "sex"), ==, "female");
  g_assert_cmpstr (care_record_get (record, "email"), ==, "maria@example.org");
  g_assert_cmpstr (care_record_get (record, "risk_score"), ==, "42");
  g_assert_cmpstr (care_record_get (record, "lifestyle"), ==, "Walks daily.\nNon-smoker.");
  g_assert_null (care_record_get (record, "city"));
  g_assert_null (care_record_get (record, "blood_type"));
  allergies = care_record_get_list (record, "allergies");
  g_assert_cmpuint (g_strv_length (allergies), ==, 2);
  g_assert_cmpstr (allergies[0], ==, "penicillin");
  g_assert_cmpstr (allergies[1], ==, "latex");

  g_assert_true (care_store_insert (fixture->store, record, &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_store_count (fixture->store, care_schema_lookup ("patient")), ==, 1);

  /* Shown again, the stored values read as typed. */
  care_record_form_set_record (form, record);
  {
    g_autofree char *list = care_record_form_dup_text (form, "allergies");
    g_autofree char *sex = care_record_form_dup_text (form, "sex");

    g_assert_cmpstr (list, ==, "penicillin, latex");
    g_assert_cmpstr (sex, ==, "female");
  }
  g_assert_false (care_record_form_get_modified (form));
  care_record_form_set_text (form, "city", "Sevilla");
  g_assert_true (care_record_form_get_modified (form));
}

static void
test_unique_username (Fixture       *fixture,
                      gconstpointer  data)
{
  CareRecordForm *form = show_form (fixture, care_schema_lookup ("user"), NULL);
  g_autoptr(CareRecord) record = care_record_new (care_schema_lookup ("user"));
  const char *message;

  care_record_form_set_record (form, record);
  care_record_form_set_text (form, "full_name", "Another Admin");
  care_record_form_set_text (form, "username", "admin");
  care_record_form_set_text (form, "role", "admin");

  g_assert_false (care_record_form_apply (form, fixture->store, record));
  message = care_record_form_get_error (form, "username");
  g_assert_nonnull (message);
  g_assert_true (strstr (message, "already in use") != NULL);
  g_assert_true (gtk_widget_has_css_class (care_record_form_get_row (form, "username"), "error"));
  g_assert_null (care_record_form_get_error (form, "full_name"));
  g_assert_true (row_has_focus (form, "username"));
  g_assert_null (care_record_get (record, "username"));

  care_record_form_set_text (form, "username", "admin2");
  g_assert_true (care_record_form_apply (form, fixture->store, record));
  g_assert_cmpstr (care_record_get (record, "username"), ==, "admin2");
}

static void
test_money_and_time (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char *const item_fields[] = { "description", "unit_price", "discount", NULL };
  static const char *const visit_fields[] = { "starts_at", "referral_required", NULL };
  g_autoptr(CareRecord) item = care_record_new (care_schema_lookup ("invoice_item"));
  g_autoptr(CareRecord) visit = care_record_new (care_schema_lookup ("appointment"));
  g_autofree char *invoice_id = care_uuid_v7 ();
  g_autofree char *patient_id = care_uuid_v7 ();
  g_autofree char *provider_id = care_uuid_v7 ();
  CareRecordForm *form;
  char *text;

  /* Money is typed and shown in major units, stored in minor units. */
  form = g_object_ref_sink (care_record_form_new (care_schema_lookup ("invoice_item"), item_fields));
  care_record_set (item, "invoice_id", invoice_id);
  care_record_set (item, "kind", "consultation");
  care_record_set (item, "description", "Consultation");
  care_record_set (item, "quantity", "1");
  care_record_set (item, "unit_price", "1250");
  care_record_form_set_record (form, item);
  text = care_record_form_dup_text (form, "unit_price");
  g_assert_cmpstr (text, ==, "12.50");
  g_free (text);
  g_assert_true (ADW_IS_ENTRY_ROW (care_record_form_get_row (form, "unit_price")));
  g_assert_cmpint (adw_entry_row_get_input_purpose (ADW_ENTRY_ROW (care_record_form_get_row (form, "unit_price"))),
                   ==, GTK_INPUT_PURPOSE_NUMBER);

  care_record_form_set_text (form, "unit_price", "7.5");
  care_record_form_set_text (form, "discount", "abc");
  g_assert_false (care_record_form_apply (form, NULL, item));
  g_assert_nonnull (care_record_form_get_error (form, "discount"));
  g_assert_cmpstr (care_record_get (item, "unit_price"), ==, "1250");
  care_record_form_set_text (form, "discount", "");
  g_assert_true (care_record_form_apply (form, NULL, item));
  g_assert_cmpstr (care_record_get (item, "unit_price"), ==, "750");
  g_assert_null (care_record_get (item, "discount"));
  g_object_unref (form);

  /* Times are shown in local time; an untouched one keeps its seconds. */
  form = g_object_ref_sink (care_record_form_new (care_schema_lookup ("appointment"), visit_fields));
  care_record_set (visit, "patient_id", patient_id);
  care_record_set (visit, "provider_id", provider_id);
  care_record_set (visit, "starts_at", "2026-11-21T16:35:08Z");
  care_record_set (visit, "duration_minutes", "20");
  care_record_set (visit, "type", "consultation");
  care_record_set (visit, "status", "scheduled");
  care_record_form_set_record (form, visit);
  text = care_record_form_dup_text (form, "starts_at");
  g_assert_cmpstr (text, ==, "2026-11-21 17:35");   /* TZ=Europe/Madrid */
  g_free (text);
  text = care_record_form_dup_text (form, "referral_required");
  g_assert_cmpstr (text, ==, "0");
  g_free (text);
  g_assert_true (care_record_form_apply (form, NULL, visit));
  g_assert_cmpstr (care_record_get (visit, "starts_at"), ==, "2026-11-21T16:35:08Z");
  g_assert_null (care_record_get (visit, "referral_required"));

  care_record_form_set_text (form, "starts_at", "2026-11-21 18:00");
  care_record_form_set_text (form, "referral_required", "yes");
  g_assert_true (care_record_form_apply (form, NULL, visit));
  g_assert_cmpstr (care_record_get (visit, "starts_at"), ==, "2026-11-21T17:00:00Z");
  g_assert_cmpstr (care_record_get (visit, "referral_required"), ==, "1");
  g_assert_finalize_object (form);
}

int
main (int   argc,
      char *argv[])
{
  /* Before anything asks GLib for the local time zone. */
  g_setenv ("TZ", "Europe/Madrid", TRUE);

  care_test_init (&argc, &argv);

  g_test_add ("/record-form/rows-from-schema", Fixture, NULL, fixture_set_up, test_rows_from_schema, fixture_tear_down);
  g_test_add ("/record-form/required", Fixture, NULL, fixture_set_up, test_required, fixture_tear_down);
  g_test_add ("/record-form/invalid-date", Fixture, NULL, fixture_set_up, test_invalid_date, fixture_tear_down);
  g_test_add ("/record-form/future-date", Fixture, NULL, fixture_set_up, test_future_date, fixture_tear_down);
  g_test_add ("/record-form/cross-field", Fixture, NULL, fixture_set_up, test_cross_field, fixture_tear_down);
  g_test_add ("/record-form/valid", Fixture, NULL, fixture_set_up, test_valid, fixture_tear_down);
  g_test_add ("/record-form/unique-username", Fixture, NULL, fixture_set_up, test_unique_username, fixture_tear_down);
  g_test_add ("/record-form/money-and-time", Fixture, NULL, fixture_set_up, test_money_and_time, fixture_tear_down);

  return g_test_run ();
}
