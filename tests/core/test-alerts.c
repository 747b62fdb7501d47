/* test-alerts.c: who may raise and answer an emergency alert, and its states
 *
 * The rules as the app calls them (care_alerts_raise/step) and as the
 * server runs them (care_rules_prepare), and an alert's way through a real
 * store file and its outbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-core.h"
#include "care-alerts.h"
#include "care-clock.h"
#include "care-store-sync.h"

static void
assert_refused (GError     *error,
                gint        code,
                const char *field)
{
  g_assert_error (error, CARE_RULE_ERROR, code);
  g_assert_cmpstr (care_rule_error_get_field (error), ==, field);
}

static void
test_who (void)
{
  g_assert_true (care_alerts_may_raise (CARE_ROLE_NURSE));
  g_assert_true (care_alerts_may_raise (CARE_ROLE_RECEPTIONIST));
  g_assert_true (care_alerts_may_raise (CARE_ROLE_LAB));
  g_assert_true (care_alerts_may_raise (CARE_ROLE_ADMIN));
  g_assert_false (care_alerts_may_raise ("patient"));
  g_assert_false (care_alerts_may_raise (NULL));
}

static void
test_raise (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) alert = NULL;

  g_assert_null (care_alerts_raise ("picnic", "Ward A", "nurse-1", &error));
  assert_refused (error, CARE_RULE_ERROR_INVALID, "kind");
  g_clear_error (&error);
  g_assert_null (care_alerts_raise ("fall", "   ", "nurse-1", &error));
  assert_refused (error, CARE_RULE_ERROR_INVALID, "location");
  g_clear_error (&error);

  alert = care_alerts_raise ("fall", "  Ward A, bed 3 ", "nurse-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (alert, "kind"), ==, "fall");
  g_assert_cmpstr (care_record_get (alert, "location"), ==, "Ward A, bed 3");
  g_assert_cmpstr (care_record_get (alert, "raised_by"), ==, "nurse-1");
  g_assert_true (care_alerts_is_active (alert));
}

static void
test_steps (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) alert = care_alerts_raise ("code_blue", "Ward A", "nurse-1", &error);

  g_autoptr(GDateTime) ten = g_date_time_new_utc (2030, 3, 1, 10, 0, 0);

  care_clock_freeze (g_date_time_to_unix (ten) * G_USEC_PER_SEC);
  g_assert_true (care_alerts_step (alert, "acknowledged", "doctor-1", &error));
  g_assert_no_error (error);
  g_assert_false (care_alerts_is_active (alert));
  g_assert_cmpstr (care_record_get (alert, "acknowledged_by"), ==, "doctor-1");
  g_assert_true (g_str_has_prefix (care_record_get (alert, "acknowledged_at"), "2030-03-01T10:00:00"));

  /* Answered once; over is over. */
  g_assert_false (care_alerts_step (alert, "acknowledged", "nurse-2", &error));
  assert_refused (error, CARE_RULE_ERROR_STATE, "status");
  g_clear_error (&error);
  g_assert_cmpstr (care_record_get (alert, "acknowledged_by"), ==, "doctor-1");
  care_clock_advance (600 * G_TIME_SPAN_SECOND);
  /* Over only with how it ended; a refusal changes nothing. */
  g_assert_false (care_alerts_resolve (alert, "  ", "doctor-1", &error));
  assert_refused (error, CARE_RULE_ERROR_INVALID, "outcome");
  g_clear_error (&error);
  g_assert_cmpstr (care_record_get (alert, "status"), ==, "acknowledged");
  g_assert_true (care_alerts_resolve (alert, "Stabilised, moved to ICU", "doctor-1", &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (care_record_get (alert, "resolved_at"), "2030-03-01T10:10:00"));
  g_assert_cmpstr (care_record_get (alert, "resolved_by"), ==, "doctor-1");
  g_assert_cmpstr (care_record_get (alert, "outcome"), ==, "Stabilised, moved to ICU");
  g_assert_false (care_alerts_step (alert, "active", "doctor-1", &error));
  g_clear_error (&error);
  care_clock_reset ();
}

static void
test_as_the_server_writes (void)
{
  CareRuleContext staff = { .actor = "doctor-9" };
  CareRuleContext patient = { .actor = NULL, .patient_id = "patient-1" };
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) alert = care_alerts_raise ("fire", "Lobby", "nurse-1", &error);
  g_autoptr(CareRecord) before = care_record_copy (alert);

  /* A patient never raises one. */
  g_assert_false (care_rules_prepare (&patient, NULL, alert, &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
  g_clear_error (&error);

  /* The answer is the writer's, whatever the workstation put; its time
   * (given offline) is kept. */
  care_record_set (alert, "status", "acknowledged");
  care_record_set (alert, "acknowledged_by", "someone-else");
  care_record_set (alert, "acknowledged_at", "2030-03-01T09:59:00.000Z");
  g_assert_true (care_rules_prepare (&staff, before, alert, &error));
  g_assert_cmpstr (care_record_get (alert, "acknowledged_by"), ==, "doctor-9");
  g_assert_cmpstr (care_record_get (alert, "acknowledged_at"), ==, "2030-03-01T09:59:00.000Z");

  /* Back to active: refused. */
  care_record_unref (before);
  before = care_record_copy (alert);
  care_record_set (alert, "status", "active");
  g_assert_false (care_rules_prepare (&staff, before, alert, &error));
  assert_refused (error, CARE_RULE_ERROR_STATE, "status");
}

static void
test_store_and_outbox (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) alert = care_alerts_raise ("security", "Reception", care_store_get_actor (store), &error);
  g_autoptr(CareRecord) stored = NULL;
  g_autoptr(GPtrArray) pending = NULL;

  g_assert_true (care_store_insert (store, alert, &error));
  g_assert_no_error (error);
  g_assert_true (care_store_outbox_has_pending (store, "emergency_alert", care_record_get_id (alert)));
  g_assert_false (care_store_outbox_has_pending (store, "emergency_alert", "0000"));

  /* Sent: nothing waits for it any more. */
  pending = care_store_outbox_list_pending (store, 0, &error);
  for (guint i = 0; i < pending->len; i++)
    {
      CareOutboxEntry *entry = g_ptr_array_index (pending, i);

      g_assert_true (care_store_outbox_remove (store, entry->mutation_id, &error));
    }
  g_assert_false (care_store_outbox_has_pending (store, "emergency_alert", care_record_get_id (alert)));

  stored = care_store_get (store, care_schema_lookup ("emergency_alert"), care_record_get_id (alert), &error);
  g_assert_true (care_alerts_step (stored, "acknowledged", care_store_get_actor (store), &error));
  g_assert_true (care_store_update (store, stored, &error));
  g_assert_no_error (error);
  g_assert_true (care_store_outbox_has_pending (store, "emergency_alert", care_record_get_id (alert)));
  care_record_unref (stored);
  stored = care_store_get (store, care_schema_lookup ("emergency_alert"), care_record_get_id (alert), &error);
  g_assert_nonnull (care_record_get (stored, "acknowledged_at"));

  g_clear_object (&store);
  care_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/alerts/who", test_who);
  g_test_add_func ("/alerts/raise", test_raise);
  g_test_add_func ("/alerts/steps", test_steps);
  g_test_add_func ("/alerts/as-the-server-writes", test_as_the_server_writes);
  g_test_add_func ("/alerts/store-and-outbox", test_store_and_outbox);
  return g_test_run ();
}
