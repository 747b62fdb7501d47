/* test-chart.c: a patient's timeline in order, in pages and by kind; the header; notes signed and amended
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "care-test-core.h"
#include "care-chart.h"
#include "care-notes.h"
#include "care-prescriptions.h"

typedef struct {
  char      *dir;
  CareStore *store;
  char      *patient_id;
  char      *doctor_id;
} Fixture;

static gint64
instant (const char *text)
{
  gint64 usec = 0;

  g_assert_true (care_clock_parse_instant (text, &usec));
  return usec;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = care_test_patient ("Ana", "Ruiz");
  g_autoptr(CareRecord) doctor = NULL;
  const char *allergies[] = { "penicillin", "latex", NULL };

  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 0);
  care_record_set_list (patient, "allergies", allergies);
  g_assert_true (care_store_insert (f->store, patient, &error));
  g_assert_no_error (error);
  f->patient_id = g_strdup (care_record_get_id (patient));
  doctor = care_accounts_find_login (f->store, "doctor");
  g_assert_nonnull (doctor);
  f->doctor_id = g_strdup (care_record_get_id (doctor));
  care_store_set_actor (f->store, f->doctor_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  care_clock_reset ();
  g_clear_object (&f->store);
  g_free (f->patient_id);
  g_free (f->doctor_id);
  care_test_rmdir (f->dir);
  g_free (f->dir);
}

/* A note signed at `at` (the store stamps created_at from the clock). */
static CareRecord *
sign_note (Fixture    *f,
           const char *at,
           const char *title,
           const char *assessment)
{
  g_autoptr(GError) error = NULL;
  CareRecord *note = care_record_new (care_schema_lookup ("clinical_note"));
  CareNoteSoap soap = { .assessment = (char *) assessment, .plan = (char *) "Review in a week" };

  care_clock_freeze (instant (at));
  care_record_set (note, "patient_id", f->patient_id);
  care_record_set (note, "note_type", "consultation");
  care_record_set (note, "title", title);
  care_record_set (note, "diagnosis", "Acute bronchitis");
  care_record_set (note, "diagnosis_code", "J20.9");
  care_notes_set_soap (note, &soap);
  g_assert_true (care_notes_sign (f->store, note, &error));
  g_assert_no_error (error);
  return note;
}

static void
add_vitals (Fixture    *f,
            const char *at,
            const char *pulse)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) set = care_record_new (care_schema_lookup ("vitals"));

  care_record_set (set, "patient_id", f->patient_id);
  care_record_set (set, "recorded_at", at);
  care_record_set (set, "pulse", pulse);
  care_record_set (set, "respiratory_rate", "26");
  g_assert_true (care_store_insert (f->store, set, &error));
  g_assert_no_error (error);
}

static void
add_lab (Fixture    *f,
         const char *at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) test = care_record_new (care_schema_lookup ("lab_test"));
  const char *values[] = { "13.5", "12.5" };

  care_clock_freeze (instant (at));
  care_record_set (test, "patient_id", f->patient_id);
  care_record_set (test, "requested_by", f->doctor_id);
  care_record_set (test, "test_name", "Full blood count");
  care_record_set (test, "priority", "routine");
  care_record_set (test, "status", "completed");
  g_assert_true (care_store_insert (f->store, test, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(CareRecord) result = care_record_new (care_schema_lookup ("lab_result"));
      g_autofree char *flag = NULL;

      care_record_set (result, "lab_test_id", care_record_get_id (test));
      care_record_set (result, "analyte", i ? "White cells" : "Haemoglobin");
      care_record_set (result, "value", values[i]);
      care_record_set (result, "reference_low", i ? "4" : "12");
      care_record_set (result, "reference_high", i ? "11" : "16");
      flag = care_lab_compute_flag (result);
      care_record_set (result, "flag", flag);
      g_assert_true (care_store_insert (f->store, result, &error));
      g_assert_no_error (error);
    }
}

/* Five notes, eight vitals (two at one instant) and a lab test. */
static void
add_history (Fixture *f)
{
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *at = g_strdup_printf ("2026-0%u-10T09:00:00Z", i + 1);
      g_autoptr(CareRecord) note = sign_note (f, at, "Consultation", "Cough");
    }
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *at = g_strdup_printf ("2026-0%u-10T09:00:00Z", i / 2 + 1);
      add_vitals (f, at, i % 2 ? "80" : "72");
    }
  add_lab (f, "2026-03-10T09:00:00Z");
}

static GPtrArray *
timeline (Fixture              *f,
          guint                 kinds,
          const CareChartEntry *after,
          guint                 limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *page = care_chart_timeline (f->store, f->patient_id, kinds, after, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (page);
  return page;
}

/* Newest first, ties by kind then newest written; pages of any size join
 * up to the whole timeline without a gap or a repeat. */
static void
test_order_and_pages (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  add_history (f);
  all = timeline (f, CARE_CHART_ALL_KINDS, NULL, 100);
  g_assert_cmpuint (all->len, ==, 14);
  g_assert_cmpint (care_chart_count (f->store, f->patient_id, CARE_CHART_ALL_KINDS, &error), ==, 14);
  g_assert_no_error (error);

  for (guint i = 1; i < all->len; i++)
    {
      CareChartEntry *a = all->pdata[i - 1], *b = all->pdata[i];

      g_assert_cmpstr (a->when, >=, b->when);
      if (g_str_equal (a->when, b->when) && a->kind == b->kind)
        g_assert_cmpint (a->seq, >, b->seq);
      else if (g_str_equal (a->when, b->when))
        g_assert_cmpint (a->kind, <, b->kind);
    }
  g_assert_cmpint (((CareChartEntry *) all->pdata[0])->kind, ==, CARE_CHART_NOTE);
  g_assert_true (g_str_has_prefix (((CareChartEntry *) all->pdata[0])->when, "2026-05-10T09:00:00"));

  for (guint size = 1; size <= 5; size++)
    {
      g_autoptr(GPtrArray) joined = g_ptr_array_new_with_free_func ((GDestroyNotify) care_chart_entry_free);
      const CareChartEntry *last = NULL;

      for (;;)
        {
          g_autoptr(GPtrArray) page = timeline (f, CARE_CHART_ALL_KINDS, last, size);

          g_assert_cmpuint (page->len, <=, size);
          if (page->len == 0)
            break;
          for (guint i = 0; i < page->len; i++)
            g_ptr_array_add (joined, g_steal_pointer (&page->pdata[i]));
          g_ptr_array_set_free_func (page, NULL);
          last = joined->pdata[joined->len - 1];
        }
      g_assert_cmpuint (joined->len, ==, all->len);
      for (guint i = 0; i < all->len; i++)
        g_assert_cmpstr (((CareChartEntry *) joined->pdata[i])->record_id, ==,
                         ((CareChartEntry *) all->pdata[i])->record_id);
    }
}

/* A filter keeps its kinds only; each entry says what it is. */
static void
test_filter_and_summaries (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) vitals = NULL;
  g_autoptr(GPtrArray) labs = NULL;
  g_autoptr(GError) error = NULL;
  CareChartEntry *lab;

  add_history (f);
  vitals = timeline (f, CARE_CHART_VITALS, NULL, 100);
  g_assert_cmpuint (vitals->len, ==, 8);
  g_assert_cmpint (care_chart_count (f->store, f->patient_id, CARE_CHART_VITALS | CARE_CHART_LAB, &error), ==, 9);
  for (guint i = 0; i < vitals->len; i++)
    {
      CareChartEntry *e = vitals->pdata[i];

      g_assert_cmpint (e->kind, ==, CARE_CHART_VITALS);
      g_assert_nonnull (strstr (e->summary, "NEWS2"));
      /* A respiratory rate of 26 scores 3 on its own. */
      g_assert_cmpint (e->flag, ==, CARE_CHART_FLAG_ABNORMAL);
    }

  labs = timeline (f, CARE_CHART_LAB, NULL, 100);
  g_assert_cmpuint (labs->len, ==, 1);
  lab = labs->pdata[0];
  g_assert_cmpstr (lab->title, ==, "Full blood count");
  g_assert_nonnull (strstr (lab->summary, "White cells 12.5"));
  g_assert_cmpint (lab->flag, ==, CARE_CHART_FLAG_ABNORMAL);
  g_assert_cmpstr (lab->flag_text, ==, "1 result out of range");
}

static void
test_unknown_patient (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = care_chart_timeline (f->store, "0190c1e2-7a3b-7cde-8f00-123456789abc",
                                                   CARE_CHART_ALL_KINDS, NULL, 10, &error);

  g_assert_null (page);
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND);
}

/* Name, age on the clock's today, allergies, the latest set as corrected. */
static void
test_header (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CareChartHeader) header = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) latest = NULL;
  g_autoptr(CareRecord) fix = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  int years, months;

  add_vitals (f, "2026-01-10T09:00:00Z", "72");
  add_vitals (f, "2026-02-10T09:00:00Z", "75");
  sets = care_store_list (f->store, care_schema_lookup ("vitals"), "patient_id", f->patient_id, "recorded_at DESC", 1, &error);
  g_assert_no_error (error);
  latest = care_record_ref (sets->pdata[0]);
  fix = care_vitals_new_amendment (latest);
  care_record_set (fix, "pulse", "101");
  g_assert_true (care_store_insert (f->store, fix, &error));
  g_assert_no_error (error);

  care_clock_freeze (instant ("2026-03-26T12:00:00Z"));
  header = care_chart_header (f->store, f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (header->name, ==, "Ana Ruiz");
  g_assert_cmpint (header->age_years, ==, 41);   /* born 1984-03-27: a day short of 42 */
  g_assert_cmpstr (header->allergies[0], ==, "penicillin");
  g_assert_cmpuint (g_strv_length (header->allergies), ==, 2);
  g_assert_cmpuint (g_strv_length (header->conditions), ==, 0);
  g_assert_cmpstr (care_record_get_id (header->vitals), ==, care_record_get_id (fix));
  g_assert_true (header->scored);
  g_assert_cmpint (header->news2.total, ==, 3 + 1);   /* RR 26: 3, pulse 101: 1 */

  g_assert_true (care_chart_age ("2024-02-29", "2026-02-28", &years, &months));
  g_assert_cmpint (months, ==, 23);
  g_assert_false (care_chart_age ("2027-01-01", "2026-02-28", &years, &months));
}

/* SOAP in and out; a plain note reads back as its assessment. */
static void
test_soap (void)
{
  g_autoptr(CareRecord) note = care_record_new (care_schema_lookup ("clinical_note"));
  CareNoteSoap in = { "Cough for 3 days", "Wheeze left base", "Bronchitis", "Salbutamol" };
  g_auto(CareNoteSoap) out = { 0 };
  CareNoteSoap plain = { 0 };

  care_notes_set_soap (note, &in);
  care_notes_get_soap (note, &out);
  g_assert_cmpstr (out.subjective, ==, in.subjective);
  g_assert_cmpstr (out.objective, ==, in.objective);
  g_assert_cmpstr (out.assessment, ==, in.assessment);
  g_assert_cmpstr (care_record_get (note, "treatment"), ==, "Salbutamol");

  care_record_set (note, "content", "History taken, examined.");
  care_record_set (note, "treatment", NULL);
  care_notes_get_soap (note, &plain);
  g_assert_cmpstr (plain.assessment, ==, "History taken, examined.");
  g_assert_cmpstr (plain.subjective, ==, "");
  g_assert_cmpstr (plain.plan, ==, "");
  care_note_soap_clear (&plain);
}

static void
test_check (void)
{
  const struct { const char *content, *diagnosis, *code, *field; } cases[] = {
    { "Assessment:\nfine", "Hypertension", "I10", NULL },
    { "Assessment:\nfine", "Fracture", "S72.001A", NULL },
    { "Assessment:\nfine", NULL, NULL, NULL },
    { "  ", "Hypertension", NULL, "content" },
    { "Assessment:\nfine", "Hypertension", "hypertension", "diagnosis_code" },
    { "Assessment:\nfine", "Hypertension", "I10.", "diagnosis_code" },
    { "Assessment:\nfine", NULL, "E11.9", "diagnosis" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CareRecord) note = care_record_new (care_schema_lookup ("clinical_note"));
      g_autoptr(GError) error = NULL;

      care_record_set (note, "content", cases[i].content);
      care_record_set (note, "diagnosis", cases[i].diagnosis);
      care_record_set (note, "diagnosis_code", cases[i].code);
      g_assert_cmpint (care_notes_check (note, &error), ==, cases[i].field == NULL);
      g_assert_cmpstr (care_rule_error_get_field (error), ==, cases[i].field);
    }
}

/* Signed by the writer; never rewritten; an amendment keeps the original,
 * is marked, and corrects only the latest version of the same patient's note. */
static void
test_sign_and_amend (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CareRecord) original = NULL;
  g_autoptr(CareRecord) fix = NULL;
  g_autoptr(CareRecord) again = NULL;
  g_autoptr(CareRecord) other = care_test_patient ("Luis", "Mora");
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  CareChartEntry *newest, *oldest;

  original = care_record_new (care_schema_lookup ("clinical_note"));
  care_record_set (original, "patient_id", f->patient_id);
  care_record_set (original, "author_id", "someone-else");
  care_record_set (original, "note_type", "progress");
  care_record_set (original, "title", "Ward round");
  care_record_set (original, "content", "Assessment:\nImproving");
  care_record_set (original, "diagnosis", "Pneumonia");
  care_clock_freeze (instant ("2026-04-01T08:00:00Z"));
  g_assert_true (care_notes_sign (f->store, original, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (original, "author_id"), ==, f->doctor_id);

  care_record_set (original, "content", "Assessment:\nWorse");
  g_assert_false (care_store_update (f->store, original, &error));
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  care_clock_freeze (instant ("2026-04-01T09:00:00Z"));
  fix = care_notes_new_amendment (original);
  care_record_set (fix, "diagnosis", "Community-acquired pneumonia");
  g_assert_true (care_notes_sign (f->store, fix, &error));
  g_assert_no_error (error);

  /* The original once more: its latest version is the amendment. */
  again = care_notes_new_amendment (original);
  g_assert_false (care_notes_sign (f->store, again, &error));
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "amends_id");
  g_clear_error (&error);

  g_assert_true (care_store_insert (f->store, other, &error));
  g_clear_pointer (&again, care_record_unref);
  again = care_notes_new_amendment (fix);
  care_record_set (again, "patient_id", care_record_get_id (other));
  g_assert_false (care_notes_sign (f->store, again, &error));
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "amends_id");
  g_clear_error (&error);

  notes = timeline (f, CARE_CHART_NOTE, NULL, 10);
  g_assert_cmpuint (notes->len, ==, 2);
  newest = notes->pdata[0];
  oldest = notes->pdata[1];
  g_assert_cmpstr (newest->record_id, ==, care_record_get_id (fix));
  g_assert_true (newest->amendment);
  g_assert_false (newest->superseded);
  g_assert_nonnull (strstr (newest->summary, "Community-acquired pneumonia"));
  g_assert_cmpstr (oldest->record_id, ==, care_record_get_id (original));
  g_assert_false (oldest->amendment);
  g_assert_true (oldest->superseded);
}

/* Prescribing warns of an allergy (by name or generic name) and of an
 * active medication of the same name; nothing for a safe medicine. */
static void
test_prescribe_warnings (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CareRecord) med = care_record_new (care_schema_lookup ("medication"));
  g_autoptr(CareRecord) stopped = care_record_new (care_schema_lookup ("medication"));
  g_autoptr(CareRecord) medicine = care_record_new (care_schema_lookup ("medicine"));
  g_autoptr(GPtrArray) w = NULL;
  g_autoptr(GError) error = NULL;

  care_record_set (med, "patient_id", f->patient_id);
  care_record_set (med, "name", "Lisinopril 10 mg");
  care_record_set (med, "status", "active");
  g_assert_true (care_store_insert (f->store, med, &error));
  care_record_set (stopped, "patient_id", f->patient_id);
  care_record_set (stopped, "name", "Ibuprofen");
  care_record_set (stopped, "status", "discontinued");
  g_assert_true (care_store_insert (f->store, stopped, &error));
  care_record_set (medicine, "name", "Pen-Vee K");
  care_record_set (medicine, "generic_name", "Phenoxymethylpenicillin");
  care_record_set (medicine, "form", care_entity_field (care_schema_lookup ("medicine"), "form")->choices[0]);
  g_assert_true (care_store_insert (f->store, medicine, &error));
  g_assert_no_error (error);

  w = care_prescriptions_check_medicine (f->store, f->patient_id, "Pen-Vee K", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (w->len, ==, 1);
  g_assert_cmpstr (w->pdata[0], ==, "The patient is allergic to penicillin.");
  g_clear_pointer (&w, g_ptr_array_unref);

  w = care_prescriptions_check_medicine (f->store, f->patient_id, "lisinopril", &error);
  g_assert_cmpuint (w->len, ==, 1);
  g_assert_cmpstr (w->pdata[0], ==, "The patient already takes Lisinopril 10 mg.");
  g_clear_pointer (&w, g_ptr_array_unref);

  w = care_prescriptions_check_medicine (f->store, f->patient_id, "Ibuprofen", &error);
  g_assert_cmpuint (w->len, ==, 0);
}

/* Messages about the patient and forms with their review status are in
 * the timeline, each kind on its own. */
static void
test_messages_and_forms (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CareRecord) message = care_test_record ("message", "sender_id", f->doctor_id, "recipient_id", f->patient_id,
                                                    "patient_id", f->patient_id, "subject", "Your results",
                                                    "body", "All normal.\nSee you in May.", NULL);
  g_autoptr(CareRecord) form = care_test_record ("form_submission", "patient_id", f->patient_id,
                                                 "form_type", "feedback", "answers", "{}",
                                                 "status", "pending", NULL);
  g_autoptr(GPtrArray) messages = NULL, forms = NULL;
  g_autoptr(GError) error = NULL;
  const CareChartEntry *entry;

  care_clock_freeze (instant ("2026-12-07T14:05:00Z"));
  g_assert_true (care_store_insert (f->store, message, &error));
  g_assert_no_error (error);
  g_assert_true (care_store_insert (f->store, form, &error));
  g_assert_no_error (error);

  g_assert_cmpint (care_chart_count (f->store, f->patient_id, CARE_CHART_MESSAGE, &error), ==, 1);
  g_assert_cmpint (care_chart_count (f->store, f->patient_id, CARE_CHART_ALL_KINDS, &error), ==, 2);
  messages = care_chart_timeline (f->store, f->patient_id, CARE_CHART_MESSAGE, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  entry = messages->pdata[0];
  g_assert_cmpint (entry->kind, ==, CARE_CHART_MESSAGE);
  g_assert_cmpstr (entry->title, ==, "Your results");
  g_assert_nonnull (strstr (entry->summary, "Not read yet"));
  g_assert_nonnull (strstr (entry->summary, "All normal."));
  g_assert_null (strstr (entry->summary, "May"));
  g_assert_cmpstr (care_chart_kind_label (CARE_CHART_MESSAGE), ==, "Messages");

  forms = care_chart_timeline (f->store, f->patient_id, CARE_CHART_FORM, NULL, 10, &error);
  g_assert_cmpuint (forms->len, ==, 1);
  g_assert_true (g_str_has_prefix (((CareChartEntry *) forms->pdata[0])->summary, "Submitted"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/chart/order-and-pages", Fixture, NULL, fixture_set_up, test_order_and_pages, fixture_tear_down);
  g_test_add ("/chart/filter-and-summaries", Fixture, NULL, fixture_set_up, test_filter_and_summaries, fixture_tear_down);
  g_test_add ("/chart/unknown-patient", Fixture, NULL, fixture_set_up, test_unknown_patient, fixture_tear_down);
  g_test_add ("/chart/messages-and-forms", Fixture, NULL, fixture_set_up, test_messages_and_forms, fixture_tear_down);
  g_test_add ("/chart/header", Fixture, NULL, fixture_set_up, test_header, fixture_tear_down);
  g_test_add_func ("/notes/soap", test_soap);
  g_test_add_func ("/notes/check", test_check);
  g_test_add ("/notes/sign-and-amend", Fixture, NULL, fixture_set_up, test_sign_and_amend, fixture_tear_down);
  g_test_add ("/prescriptions/warnings", Fixture, NULL, fixture_set_up, test_prescribe_warnings, fixture_tear_down);
  return g_test_run ();
}
