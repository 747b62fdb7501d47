/* test-admissions.c: a doctor's recommendation to admit, and what refuses it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-core.h"
#include "care-test-records.h"

static void
test_recommend (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(CareRecord) patient = care_test_patient ("Marta", "Quintero");
  g_autoptr(CareRecord) other = care_test_patient ("Bo", "Lindqvist");
  g_autoptr(CareRecord) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ward = NULL, *room = NULL, *bed = NULL, *admission = NULL;

  g_assert_true (care_store_insert (store, patient, &error));
  g_assert_true (care_store_insert (store, other, &error));
  ward = care_test_add_record (store, "ward", "name", "Ward A", "kind", "general", NULL);
  room = care_test_add_record (store, "room", "ward_id", ward, "name", "A1", NULL);
  bed = care_test_add_record (store, "bed", "room_id", room, "label", "A1-1", "status", "available", NULL);

  /* A reason, a real ward. */
  g_assert_null (care_admissions_recommend (store, care_record_get_id (patient), ward, " ", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "reason");
  g_clear_error (&error);
  g_assert_null (care_admissions_recommend (store, care_record_get_id (patient), "no-such-ward", "Pneumonia", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "ward_id");
  g_clear_error (&error);

  request = care_admissions_recommend (store, care_record_get_id (patient), ward, " Pneumonia ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (request, "status"), ==, "pending");
  g_assert_cmpstr (care_record_get (request, "reason"), ==, "Pneumonia");
  g_assert_cmpstr (care_record_get (request, "requested_by"), ==, care_store_get_actor (store));

  /* Pending already: once is enough. */
  g_assert_false (care_admissions_check_recommendation (store, care_record_get_id (patient), NULL, "Again", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "patient_id");
  g_clear_error (&error);

  /* Admitted from the request: nothing more to recommend. */
  admission = care_bed_board_admit (store, bed, care_record_get_id (other), "Fall", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (care_admissions_check_recommendation (store, care_record_get_id (other), NULL, "Fall", &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_STATE, "patient_id");
  g_clear_error (&error);

  g_clear_object (&store);
  care_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/admissions/recommend", test_recommend);
  return g_test_run ();
}
