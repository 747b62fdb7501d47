/* test-validation.c: every validation rule, and what it tells the user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-core.h"

static const CareField *
field (const char *entity,
       const char *name)
{
  const CareField *f = care_entity_field (care_schema_lookup (entity), name);

  g_assert_nonnull (f);
  return f;
}

/* Typed input → canonical value, or the message a person sees. */
static void
assert_normalizes (const char *entity,
                   const char *name,
                   const char *input,
                   const char *expected)
{
  g_autofree char *canonical = NULL;
  g_autofree char *message = NULL;

  if (!care_field_normalize (field (entity, name), input, &canonical, &message))
    g_error ("%s.%s: “%s” refused: %s", entity, name, input, message);
  g_assert_cmpstr (canonical, ==, expected);
  g_assert_null (message);
}

static void
assert_refused (const char *entity,
                const char *name,
                const char *input,
                const char *message_part)
{
  g_autofree char *canonical = NULL;
  g_autofree char *message = NULL;

  if (care_field_normalize (field (entity, name), input, &canonical, &message))
    g_error ("%s.%s: “%s” accepted as “%s”", entity, name, input, canonical);
  g_assert_null (canonical);
  g_assert_nonnull (message);
  if (strstr (message, message_part) == NULL)
    g_error ("%s.%s: “%s”: message “%s” lacks “%s”", entity, name, input, message, message_part);
}

static void
test_required (void)
{
  assert_refused ("patient", "given_name", "", "required");
  assert_refused ("patient", "given_name", "   ", "required");
  assert_normalizes ("patient", "preferred_name", "", NULL);
}

static void
test_text (void)
{
  g_autofree char *long_name = g_strnfill (101, 'a');

  assert_normalizes ("patient", "given_name", "  María   José ", "María José");
  assert_refused ("patient", "given_name", long_name, "at most 100 characters");
  assert_refused ("tenant", "name", "A", "at least 2 characters");
  assert_refused ("patient", "given_name", "Ana\x01", "control characters");
  assert_refused ("patient", "given_name", "Ana\xff", "not valid");
  /* Any script is a name. */
  assert_normalizes ("patient", "family_name", "王小明", "王小明");
  assert_normalizes ("patient", "family_name", "الحسن", "الحسن");
}

static void
test_numbers (void)
{
  assert_normalizes ("patient", "risk_score", " 42 ", "42");
  assert_refused ("patient", "risk_score", "forty", "whole number");
  assert_refused ("patient", "risk_score", "101", "from 0 to 100");
  assert_refused ("patient", "risk_score", "-1", "from 0 to 100");
  assert_refused ("patient", "risk_score", "4.5", "whole number");
  assert_normalizes ("vitals", "temperature_c", "36,6", "36.6");
  assert_refused ("vitals", "temperature_c", "36.6.1", "a number");
  assert_refused ("vitals", "temperature_c", "50", "from 30 to 45");
  assert_refused ("vitals", "temperature_c", "nan", "a number");
}

static void
test_money (void)
{
  assert_normalizes ("invoice_item", "unit_price", "12.50", "1250");
  assert_normalizes ("invoice_item", "unit_price", "12", "1200");
  assert_normalizes ("invoice_item", "unit_price", "0.5", "50");
  assert_normalizes ("invoice_item", "unit_price", "12,5", "1250");
  assert_refused ("invoice_item", "unit_price", "12.505", "amount");
  assert_refused ("invoice_item", "unit_price", "-3", "cannot be negative");
  assert_refused ("payment", "amount", "0", "more than zero");
  assert_refused ("invoice_item", "unit_price", "1e5", "amount");
}

static void
test_dates (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autofree char *future = g_date_time_format (later, "%Y-%m-%d");

  assert_normalizes ("patient", "date_of_birth", "1984-03-27", "1984-03-27");
  assert_refused ("patient", "date_of_birth", "27/03/1984", "YYYY-MM-DD");
  assert_refused ("patient", "date_of_birth", "1984-13-40", "does not exist");
  assert_refused ("patient", "date_of_birth", "2023-02-29", "does not exist");
  assert_normalizes ("patient", "date_of_birth", "2024-02-29", "2024-02-29");
  assert_refused ("patient", "date_of_birth", future, "future");
  assert_refused ("patient", "date_of_birth", "1850-01-01", "after 1900");
  /* Not every date is in the past: insurance runs into the future. */
  assert_normalizes ("patient", "insurance_valid_until", future, future);
}

static void
test_datetimes_and_times (void)
{
  g_autofree char *canonical = NULL;
  g_autofree char *message = NULL;

  assert_normalizes ("appointment", "starts_at", "2026-11-21T14:30:00Z", "2026-11-21T14:30:00Z");
  /* Local wall-clock time is stored in UTC (the test runs with TZ unset = UTC). */
  g_assert_true (care_field_normalize (field ("appointment", "starts_at"), "2026-11-21 14:30", &canonical, &message));
  g_assert_true (g_str_has_prefix (canonical, "2026-11-2"));
  g_assert_true (g_str_has_suffix (canonical, "Z"));
  assert_refused ("appointment", "starts_at", "tomorrow at 3", "YYYY-MM-DD HH:MM");
  assert_refused ("vitals", "recorded_at", "2199-01-01T00:00:00Z", "future");
  assert_normalizes ("doctor_schedule", "start_time", "9:30", "09:30");
  assert_refused ("doctor_schedule", "start_time", "25:00", "HH:MM");
}

static void
test_choices_refs_contacts (void)
{
  assert_normalizes ("patient", "sex", "female", "female");
  assert_refused ("patient", "sex", "woman", "Choose one of the options");
  assert_refused ("appointment", "patient_id", "'; DROP TABLE patients; --", "Choose a record");
  assert_normalizes ("patient", "email", " Maria@Example.ORG ", "maria@example.org");
  assert_refused ("patient", "email", "maria@", "name@example.org");
  assert_refused ("patient", "email", "maria example.org", "name@example.org");
  assert_refused ("patient", "email", "a@b@c.org", "name@example.org");
  assert_normalizes ("patient", "phone", "+44  20 7946 0958", "+44 20 7946 0958");
  assert_refused ("patient", "phone", "12345", "7 to 15 digits");
  assert_refused ("patient", "phone", "call me", "7 to 15 digits");
  assert_refused ("patient", "phone", "44+20 7946 0958", "7 to 15 digits");
  assert_normalizes ("appointment", "referral_required", "yes", "1");
  assert_refused ("appointment", "referral_required", "maybe", "yes or no");
}

static void
test_lists (void)
{
  assert_normalizes ("patient", "allergies", "penicillin, latex ,, ", "[\"penicillin\",\"latex\"]");
  assert_normalizes ("patient", "allergies", " , ", NULL);
}

static void
test_cross_field_rules (void)
{
  g_autoptr(CareRecord) p = care_test_patient ("Ana", "Silva");
  g_autoptr(CareRecord) v = care_record_new (care_schema_lookup ("vitals"));
  g_autoptr(CareRecord) item = care_record_new (care_schema_lookup ("invoice_item"));
  g_autoptr(CareRecord) user = care_record_new (care_schema_lookup ("user"));
  g_autoptr(CareRecord) clinic = care_record_new (care_schema_lookup ("tenant"));
  g_autoptr(CareValidation) pv = NULL;
  g_autoptr(CareValidation) vv = NULL;
  g_autoptr(CareValidation) iv = NULL;
  g_autoptr(CareValidation) uv = NULL;
  g_autoptr(CareValidation) cv = NULL;
  g_autofree char *summary = NULL;

  care_record_set (p, "emergency_contact_name", "Rui Silva");
  care_record_set (p, "insurance_provider", "Mutua");
  pv = care_validate_record (p);
  g_assert_cmpuint (care_validation_get_n_errors (pv), ==, 2);
  g_assert_nonnull (care_validation_get_message (pv, "emergency_contact_phone"));
  g_assert_nonnull (care_validation_get_message (pv, "insurance_policy_number"));
  summary = care_validation_to_string (pv, care_schema_lookup ("patient"));
  g_assert_nonnull (strstr (summary, "Policy number: Add the policy number"));

  care_record_set (v, "patient_id", "0192f5e4-1c2a-7b3d-9e4f-0123456789ab");
  care_record_set (v, "recorded_at", "2026-01-01T10:00:00Z");
  care_record_set (v, "systolic", "80");
  care_record_set (v, "diastolic", "120");
  vv = care_validate_record (v);
  g_assert_nonnull (care_validation_get_message (vv, "diastolic"));

  care_record_set (item, "invoice_id", "0192f5e4-1c2a-7b3d-9e4f-0123456789ab");
  care_record_set (item, "kind", "consultation");
  care_record_set (item, "description", "Consultation");
  care_record_set (item, "quantity", "2");
  care_record_set (item, "unit_price", "1000");
  care_record_set (item, "discount", "2001");
  iv = care_validate_record (item);
  g_assert_cmpstr (care_validation_get_message (iv, "discount"), ==, "The discount cannot be more than the line amount.");

  care_record_set (user, "full_name", "Ana Silva");
  care_record_set (user, "username", "Ana Silva");
  care_record_set (user, "role", "nurse");
  uv = care_validate_record (user);
  g_assert_nonnull (strstr (care_validation_get_message (uv, "username"), "lowercase"));

  care_record_set (clinic, "name", "Clinic");
  care_record_set (clinic, "currency", "eur");
  cv = care_validate_record (clinic);
  g_assert_nonnull (strstr (care_validation_get_message (cv, "currency"), "EUR"));
}

static void
test_every_field_has_words (void)
{
  guint n;
  const CareEntity *const *entities = care_schema_entities (&n);

  /* Labels and choices exist for everything a person could be shown. */
  for (guint e = 0; e < n; e++)
    {
      g_assert_nonnull (entities[e]->label);
      g_assert_nonnull (entities[e]->plural);
      for (guint i = 0; i < entities[e]->n_fields; i++)
        {
          const CareField *f = &entities[e]->fields[i];

          g_assert_nonnull (f->label);
          if (f->type == CARE_FIELD_ENUM)
            {
              g_assert_nonnull (f->choices);
              g_assert_cmpuint (g_strv_length ((char **) f->choices), ==, g_strv_length ((char **) f->choice_labels));
            }
          if (f->type == CARE_FIELD_REF)
            g_assert_nonnull (care_schema_lookup (f->ref));
        }
    }
}

int
main (int argc, char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validation/required", test_required);
  g_test_add_func ("/validation/text", test_text);
  g_test_add_func ("/validation/numbers", test_numbers);
  g_test_add_func ("/validation/money", test_money);
  g_test_add_func ("/validation/dates", test_dates);
  g_test_add_func ("/validation/datetimes", test_datetimes_and_times);
  g_test_add_func ("/validation/choices-refs-contacts", test_choices_refs_contacts);
  g_test_add_func ("/validation/lists", test_lists);
  g_test_add_func ("/validation/cross-field", test_cross_field_rules);
  g_test_add_func ("/validation/every-field-has-words", test_every_field_has_words);

  return g_test_run ();
}
