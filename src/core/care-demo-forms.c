/* care-demo-forms.c: the demo clinic's intake, consent and feedback forms, and answers to them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-demo"

#include "config.h"

#include "care-demo.h"
#include "care-forms.h"

static const char intake_fields[] =
  "[{\"name\": \"reason\", \"label\": \"What brings you to the clinic?\", \"type\": \"text\", \"required\": true},"
  " {\"name\": \"smoker\", \"label\": \"Do you smoke?\", \"type\": \"yes_no\", \"required\": true},"
  " {\"name\": \"alcohol_units\", \"label\": \"Units of alcohol a week\", \"type\": \"number\"},"
  " {\"name\": \"last_checkup\", \"label\": \"Date of your last check-up\", \"type\": \"date\"},"
  " {\"name\": \"allergies\", \"label\": \"Allergies to medicines\", \"type\": \"text\"}]";
static const char consent_fields[] =
  "[{\"name\": \"procedure\", \"label\": \"Treatment you consent to\", \"type\": \"choice\", \"required\": true,"
  "  \"choices\": [\"Blood test\", \"Vaccination\", \"Minor surgery\"]},"
  " {\"name\": \"understood\", \"label\": \"The risks have been explained to me\", \"type\": \"yes_no\", \"required\": true},"
  " {\"name\": \"signature\", \"label\": \"Your signature\", \"type\": \"signature\", \"required\": true}]";
static const char feedback_fields[] =
  "[{\"name\": \"rating\", \"label\": \"How was your visit?\", \"type\": \"choice\", \"required\": true,"
  "  \"choices\": [\"Very good\", \"Good\", \"Fair\", \"Poor\"]},"
  " {\"name\": \"comments\", \"label\": \"Anything we could do better?\", \"type\": \"text\"}]";

/* A 1×1 PNG: the demo's signature, which only needs to be a picture. */
static const guchar tiny_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
  0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x60, 0x60, 0xf8,
  0x0f, 0x00, 0x01, 0x04, 0x01, 0x00, 0x5f, 0xe5, 0xc3, 0x4b, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
  0x4e, 0x44, 0xae, 0x42, 0x60, 0x82 };

static CareRecord *
add_template (CareStore  *store,
              const char *name,
              const char *type,
              const char *description,
              const char *fields,
              GError    **error)
{
  g_autoptr(CareRecord) tmpl = care_record_new (care_schema_lookup ("form_template"));

  care_record_set (tmpl, "name", name);
  care_record_set (tmpl, "form_type", type);
  care_record_set (tmpl, "description", description);
  care_record_set (tmpl, "fields", fields);
  care_record_set (tmpl, "active", "1");
  if (!care_store_insert (store, tmpl, error))
    return NULL;
  return g_steal_pointer (&tmpl);
}

static gboolean
add_answers (CareStore  *store,
             CareRecord *tmpl,
             const char *patient_id,
             const char *answers,
             GBytes     *signature,
             GError    **error)
{
  g_autoptr(CareRecord) form = care_forms_new_submission (tmpl, patient_id, answers, signature, error);

  return form && care_forms_submit (store, form, error);
}

gboolean
care_demo_add_forms (CareStore  *store,
                     GPtrArray  *patients,
                     GError    **error)
{
  g_autoptr(CareRecord) intake = NULL;
  g_autoptr(CareRecord) consent = NULL;
  g_autoptr(CareRecord) feedback = NULL;
  g_autoptr(GBytes) signature = g_bytes_new_static (tiny_png, sizeof tiny_png);

  g_return_val_if_fail (patients != NULL && patients->len >= 3, FALSE);

  if (!(intake = add_template (store, "New patient questionnaire", "intake",
                               "Please tell us a little about your health before your first visit.", intake_fields, error)) ||
      !(consent = add_template (store, "Consent to treatment", "consent",
                                "Read the information sheet first; sign only when your questions are answered.",
                                consent_fields, error)) ||
      !(feedback = add_template (store, "Your visit", "feedback", "Two questions about your visit today.",
                                 feedback_fields, error)))
    return FALSE;
  return add_answers (store, intake, care_record_get_id (patients->pdata[1]),
                      "{\"reason\": \"Knee pain when climbing stairs\", \"smoker\": false, \"alcohol_units\": 4,"
                      " \"allergies\": \"Penicillin\"}", NULL, error) &&
         add_answers (store, consent, care_record_get_id (patients->pdata[2]),
                      "{\"procedure\": \"Blood test\", \"understood\": true}", signature, error) &&
         add_answers (store, feedback, care_record_get_id (patients->pdata[1]),
                      "{\"rating\": \"Good\", \"comments\": \"Shorter wait next time, please.\"}", NULL, error);
}
