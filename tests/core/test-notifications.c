/* test-notifications.c: a new prescription, a refill decided and a form reviewed tell the patient, in core's rules
 *
 * The rules run over the app's store as the server runs them over its
 * storage (care-store-rules.h), so what a server write makes is made here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-core.h"
#include "care-notifications.h"
#include "care-store-rules.h"

/* The patient's notifications (user_id and patient_id both name them). */
static GPtrArray *
told (CareStore  *store,
      const char *patient_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *all = care_store_list (store, care_schema_lookup ("notification"), "patient_id", patient_id, "id", 0,
                                    &error);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    g_assert_cmpstr (care_record_get (all->pdata[i], "user_id"), ==, patient_id);
  return all;
}

static void
write_through (CareRuleContext *ctx,
       CareStore       *store,
       CareRecord      *before,
       CareRecord      *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (care_rules_prepare (ctx, before, record, &error));
  g_assert_no_error (error);
  g_assert_true (before ? care_store_update (store, record, &error) : care_store_insert (store, record, &error));
  g_assert_no_error (error);
  g_assert_true (care_rules_written (ctx, record, before == NULL, &error));
  g_assert_no_error (error);
}

static void
test_patient_told (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 5);
  g_autoptr(CareRecord) doctor = care_accounts_find_login (store, "doctor");
  g_autoptr(CareRecord) patient = care_test_patient ("Rosa", "Told");
  g_autoptr(CareRecord) rx = NULL;
  g_autoptr(CareRecord) refill = NULL;
  g_autoptr(CareRecord) decided = NULL;
  g_autoptr(CareRecord) second = NULL;
  g_autoptr(CareRecord) refused = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *doctor_name = care_record_dup_title (doctor);
  g_autofree char *expected = g_strdup_printf ("New prescription from %s", doctor_name);
  const char *pid;
  CareRuleContext ctx;

  care_store_set_actor (store, care_record_get_id (doctor));
  care_store_rule_context_init (&ctx, store);
  g_assert_true (care_store_insert (store, patient, &error));
  g_assert_no_error (error);
  pid = care_record_get_id (patient);

  rx = care_test_record ("prescription", "patient_id", pid, "prescriber_id", care_record_get_id (doctor),
                         "issued_on", "2026-01-05", "status", "active", "refills_allowed", "2", NULL);
  write_through (&ctx, store, NULL, rx);
  notes = told (store, pid);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (care_record_get (notes->pdata[0], "message"), ==, expected);
  g_assert_cmpstr (care_record_get (notes->pdata[0], "kind"), ==, "prescription");
  g_assert_cmpstr (care_record_get (notes->pdata[0], "link_entity"), ==, "prescription");
  g_assert_cmpstr (care_record_get (notes->pdata[0], "link_id"), ==, care_record_get_id (rx));
  g_clear_pointer (&notes, g_ptr_array_unref);

  /* Asked for (the prescriber is told, not the patient), then approved. */
  refill = care_test_record ("refill_request", "prescription_id", care_record_get_id (rx), "patient_id", pid,
                             "status", "pending", NULL);
  write_through (&ctx, store, NULL, refill);
  g_assert_cmpuint ((notes = told (store, pid))->len, ==, 1);
  g_clear_pointer (&notes, g_ptr_array_unref);
  decided = care_record_copy (refill);
  care_record_set (decided, "status", "approved");
  write_through (&ctx, store, refill, decided);
  notes = told (store, pid);
  g_assert_cmpuint (notes->len, ==, 2);
  g_assert_cmpstr (care_record_get (notes->pdata[1], "message"), ==, "Your refill request was approved");
  g_assert_cmpstr (care_record_get (notes->pdata[1], "link_id"), ==, care_record_get_id (refill));
  g_clear_pointer (&notes, g_ptr_array_unref);

  /* Refused, with the prescriber's reason. */
  second = care_test_record ("refill_request", "prescription_id", care_record_get_id (rx), "patient_id", pid,
                             "status", "pending", NULL);
  write_through (&ctx, store, NULL, second);
  refused = care_record_copy (second);
  care_record_set (refused, "status", "rejected");
  care_record_set (refused, "decision_reason", "Needs a review appointment first");
  write_through (&ctx, store, second, refused);
  notes = told (store, pid);
  g_assert_cmpuint (notes->len, ==, 3);
  g_assert_cmpstr (care_record_get (notes->pdata[2], "message"), ==,
                   "Your refill request was not approved: Needs a review appointment first");

  /* A form marked reviewed tells nothing; rejected, it tells why. */
  {
    g_autoptr(CareRecord) form = care_test_record ("form_submission", "patient_id", pid, "form_type", "intake",
                                                   "answers", "{}", "status", "pending", NULL);
    g_autoptr(CareRecord) reviewed = NULL;
    g_autoptr(CareRecord) rejected = NULL;
    g_autoptr(GPtrArray) after = NULL;

    write_through (&ctx, store, NULL, form);
    reviewed = care_record_copy (form);
    care_record_set (reviewed, "status", "reviewed");
    write_through (&ctx, store, form, reviewed);
    g_clear_pointer (&notes, g_ptr_array_unref);
    notes = told (store, pid);
    g_assert_cmpuint (notes->len, ==, 3);
    rejected = care_record_copy (reviewed);
    care_record_set (rejected, "status", "rejected");
    care_record_set (rejected, "review_notes", "Please add your date of birth");
    write_through (&ctx, store, reviewed, rejected);
    after = told (store, pid);
    g_assert_cmpuint (after->len, ==, 4);
    g_assert_cmpstr (care_record_get (after->pdata[3], "message"), ==,
                     "Your form “Intake” was not accepted: Please add your date of birth");
    g_assert_cmpstr (care_record_get (after->pdata[3], "link_entity"), ==, "form_submission");
  }

  g_clear_object (&store);
  care_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/notifications/patient-told", test_patient_told);
  return g_test_run ();
}
