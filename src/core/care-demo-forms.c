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

/* A squiggle on a line, 120×40 grey: the demo's drawn signature. */
static const guchar tiny_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x78, 0x00, 0x00, 0x00, 0x28, 0x08, 0x00, 0x00, 0x00, 0x00, 0x10, 0x81, 0x61,
  0xf9, 0x00, 0x00, 0x00, 0xcc, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0xed, 0xd6, 0x4b, 0x0e, 0x84,
  0x20, 0x10, 0x04, 0xd0, 0x3a, 0x44, 0xdd, 0xff, 0x00, 0x73, 0x49, 0x67, 0x31, 0x1b, 0x43, 0x7f,
  0xe8, 0x42, 0x65, 0x12, 0xd3, 0xac, 0x14, 0x94, 0x07, 0x34, 0x3f, 0x1c, 0x7f, 0x4a, 0x68, 0xb8,
  0xe1, 0x86, 0xdf, 0x0e, 0xf3, 0x97, 0xb6, 0xc3, 0xe4, 0x63, 0x32, 0x4a, 0xee, 0x03, 0x32, 0x72,
  0xd7, 0x3c, 0xed, 0x80, 0xcf, 0x5a, 0x41, 0x16, 0x07, 0x07, 0x25, 0xb7, 0x20, 0xab, 0x61, 0xc9,
  0xe0, 0xec, 0x35, 0x66, 0x8b, 0x34, 0x8a, 0x6e, 0x2e, 0x73, 0x08, 0x0b, 0xd7, 0x61, 0xe7, 0xdf,
  0xb8, 0x3a, 0x9a, 0xb0, 0x70, 0x15, 0xa6, 0x00, 0x3b, 0x0e, 0xe3, 0x6f, 0xa7, 0x70, 0x35, 0xd3,
  0xef, 0x5f, 0xd0, 0x69, 0xce, 0xe0, 0xa0, 0xc1, 0x5e, 0x76, 0x4c, 0xe4, 0xcd, 0x81, 0xe0, 0x7a,
  0x23, 0xc8, 0xd5, 0x00, 0x48, 0xb0, 0x29, 0x48, 0xa7, 0x51, 0x3e, 0xe5, 0xa0, 0xb8, 0x63, 0xd1,
  0x64, 0xfa, 0xa6, 0x8b, 0x0c, 0x92, 0x3b, 0x14, 0xce, 0x96, 0x4d, 0xb6, 0xad, 0xe0, 0x28, 0x47,
  0xcd, 0x96, 0xce, 0x57, 0x6b, 0xbc, 0x9b, 0x41, 0x73, 0xe5, 0x83, 0x2a, 0xdc, 0x45, 0x21, 0xd7,
  0x7b, 0x3a, 0x2c, 0x6f, 0x39, 0x16, 0xeb, 0x1b, 0xfc, 0x3d, 0xb7, 0x03, 0x03, 0x5f, 0x19, 0xbe,
  0x2b, 0xb0, 0x12, 0xb8, 0xbe, 0x57, 0xaf, 0xc1, 0x9f, 0x4d, 0xa9, 0x87, 0xba, 0xe1, 0xf7, 0xc2,
  0x5f, 0x2e, 0xdf, 0x6d, 0x50, 0x59, 0xd4, 0xa1, 0x1a, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
  0x44, 0xae, 0x42, 0x60, 0x82 };

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
