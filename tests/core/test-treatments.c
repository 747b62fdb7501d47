/* test-treatments.c: treatments with their cost written in a note and proposed to Billing for the visit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "care-test-core.h"
#include "care-billing.h"
#include "care-notes.h"
#include "care-treatments.h"

typedef struct {
  CareTestStoreFixture base;
  char                *pid;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CareRecord) patient = care_test_patient ("Ana", "Ruiz");
  g_autoptr(CareRecord) doctor = NULL;
  g_autoptr(GError) error = NULL;

  care_clock_freeze (G_GINT64_CONSTANT (1796652300) * G_USEC_PER_SEC); /* 2026-12-07 14:05 UTC */
  care_test_store_set_up (&f->base, data);
  g_assert_true (care_store_insert (f->base.store, patient, &error));
  g_assert_no_error (error);
  f->pid = g_strdup (care_record_get_id (patient));
  doctor = care_accounts_find_login (f->base.store, "doctor");
  care_store_set_actor (f->base.store, care_record_get_id (doctor));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  care_test_store_tear_down (&f->base, data);
  g_free (f->pid);
  care_clock_reset ();
}

static CareRecord *
new_note (Fixture    *f,
          const char *content)
{
  return care_test_record ("clinical_note", "patient_id", f->pid, "author_id", care_store_get_actor (f->base.store),
                           "note_type", "consultation", "title", "Visit", "content", content, NULL);
}

static gint64
money (CareStore  *store,
       const char *text)
{
  g_autoptr(CareRecord) clinic = care_store_get_clinic (store);
  gint64 amount = -1;

  g_assert_true (care_billing_parse_money (text, care_record_get (clinic, "currency"), &amount));
  return amount;
}

/* A treatment needs its name and a cost that is an amount; no cost is the
 * clinic's price for a procedure. */
static void
test_new (Fixture       *f,
          gconstpointer  data)
{
  CareStore *store = f->base.store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) priced = NULL, unpriced = NULL;

  g_assert_null (care_treatments_new (store, "  ", "10", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "treatment_type");
  g_clear_error (&error);
  g_assert_null (care_treatments_new (store, "Wound dressing", "ten", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "cost");
  g_clear_error (&error);
  g_assert_null (care_treatments_new (store, "Wound dressing", "-5", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "cost");
  g_clear_error (&error);

  priced = care_treatments_new (store, " Wound dressing ", "25.50", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (priced, "treatment_type"), ==, "Wound dressing");
  g_assert_cmpint (care_record_get_int (priced, "cost", -1), ==, money (store, "25.50"));

  g_assert_true (care_billing_set_price (store, "procedure", money (store, "40"), &error));
  unpriced = care_treatments_new (store, "Ear syringing", "", &error);
  g_assert_no_error (error);
  g_assert_cmpint (care_record_get_int (unpriced, "cost", -1), ==, money (store, "40"));
}

/* Signed with the note: tied to it, proposed to Billing once, at its cost. */
static void
test_sign_and_bill (Fixture       *f,
                    gconstpointer  data)
{
  CareStore *store = f->base.store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) note = new_note (f, "Cut on the left hand, cleaned and dressed.");
  g_autoptr(CareRecord) refused = new_note (f, "");
  g_autoptr(GPtrArray) treatments = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GPtrArray) written = NULL, offered = NULL, after = NULL;
  g_autoptr(CareRecord) invoice = NULL;
  guint found = 0;

  /* A refused note writes no treatment either. */
  g_ptr_array_add (more, care_treatments_new (store, "Injection", "12", &error));
  g_assert_false (care_treatments_sign_note (store, refused, more, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("treatment")), ==, 0);
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("clinical_note")), ==, 0);

  g_ptr_array_add (treatments, care_treatments_new (store, "Wound dressing", "25.50", &error));
  g_ptr_array_add (treatments, care_treatments_new (store, "Tetanus injection", "12", &error));
  g_assert_no_error (error);
  g_assert_true (care_treatments_sign_note (store, note, treatments, &error));
  g_assert_no_error (error);

  written = care_treatments_of_note (store, care_record_get_id (note), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (written->len, ==, 2);
  g_assert_cmpstr (care_record_get (written->pdata[0], "patient_id"), ==, f->pid);
  g_assert_cmpstr (care_record_get (written->pdata[0], "status"), ==, "completed");
  g_assert_cmpstr (care_record_get (written->pdata[0], "completed_on"), ==, "2026-12-07");

  offered = care_billing_billable_items (store, f->pid, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < offered->len; i++)
    {
      CareRecord *item = offered->pdata[i];

      if (g_strcmp0 (care_record_get (item, "source_entity"), "treatment") != 0)
        continue;
      found++;
      g_assert_cmpstr (care_record_get (item, "kind"), ==, "procedure");
      if (g_str_equal (care_record_get (item, "source_id"), care_record_get_id (written->pdata[0])))
        g_assert_cmpint (care_record_get_int (item, "unit_price", -1), ==, money (store, "25.50"));
    }
  g_assert_cmpuint (found, ==, 2);

  /* On an invoice, they are not proposed again. */
  invoice = care_billing_create_invoice (store, f->pid, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < offered->len; i++)
    if (g_strcmp0 (care_record_get (offered->pdata[i], "source_entity"), "treatment") == 0)
      {
        g_assert_true (care_billing_add_item (store, care_record_get_id (invoice), offered->pdata[i], &error));
        g_assert_no_error (error);
      }
  after = care_billing_billable_items (store, f->pid, NULL, &error);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpstr (care_record_get (after->pdata[i], "source_entity"), !=, "treatment");
}

/* An amendment shows what was given with every earlier version of its
 * note, oldest first, and what it adds itself; nothing is written twice. */
static void
test_versions (Fixture       *f,
               gconstpointer  data)
{
  CareStore *store = f->base.store;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) note = new_note (f, "Cut on the left hand, cleaned and dressed.");
  g_autoptr(CareRecord) amendment = NULL;
  g_autoptr(CareRecord) second = NULL;
  g_autoptr(GPtrArray) first_given = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GPtrArray) none = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GPtrArray) of_first = NULL, of_amendment = NULL, of_second = NULL;

  g_ptr_array_add (first_given, care_treatments_new (store, "Wound dressing", "25.50", &error));
  g_assert_true (care_treatments_sign_note (store, note, first_given, &error));
  g_assert_no_error (error);

  amendment = care_notes_new_amendment (note);
  g_ptr_array_add (added, care_treatments_new (store, "Tetanus injection", "12", &error));
  g_assert_true (care_treatments_sign_note (store, amendment, added, &error));
  g_assert_no_error (error);
  second = care_notes_new_amendment (amendment);
  g_assert_true (care_treatments_sign_note (store, second, none, &error));
  g_assert_no_error (error);

  of_first = care_treatments_of_note_versions (store, note, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_first->len, ==, 1);
  of_amendment = care_treatments_of_note_versions (store, amendment, &error);
  g_assert_cmpuint (of_amendment->len, ==, 2);
  g_assert_cmpstr (care_record_get (of_amendment->pdata[0], "treatment_type"), ==, "Wound dressing");
  g_assert_cmpstr (care_record_get (of_amendment->pdata[1], "treatment_type"), ==, "Tetanus injection");
  of_second = care_treatments_of_note_versions (store, second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_second->len, ==, 2);
  g_assert_cmpstr (care_record_get (of_second->pdata[0], "treatment_type"), ==, "Wound dressing");
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("treatment")), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/treatments/new", Fixture, NULL, fixture_set_up, test_new, fixture_tear_down);
  g_test_add ("/treatments/sign-and-bill", Fixture, NULL, fixture_set_up, test_sign_and_bill, fixture_tear_down);
  g_test_add ("/treatments/versions", Fixture, NULL, fixture_set_up, test_versions, fixture_tear_down);
  return g_test_run ();
}
