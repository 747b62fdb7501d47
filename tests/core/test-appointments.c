/* test-appointments.c: every change of an appointment's status, allowed or refused
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-core.h"
#include "care-appointments.h"

/* The whole machine, written out: from → the statuses it may become. */
static const struct {
  const char *from;
  const char *const to[6];
} allowed[] = {
  { "requested", { "scheduled", "accepted", "rejected", "cancelled", NULL } },
  { "scheduled", { "accepted", "rejected", "checked_in", "cancelled", "no_show", NULL } },
  { "accepted", { "checked_in", "cancelled", "no_show", NULL } },
  { "rejected", { NULL } },
  { "checked_in", { "in_consultation", "completed", NULL } },
  { "in_consultation", { "completed", NULL } },
  { "completed", { NULL } },
  { "cancelled", { NULL } },
  { "no_show", { NULL } },
};

static void
test_every_change (void)
{
  const CareField *status = care_entity_field (care_schema_lookup ("appointment"), "status");
  guint n_allowed = 0, n_refused = 0;

  /* The table covers every status of the schema, in_consultation included. */
  g_assert_cmpuint (g_strv_length ((char **) status->choices), ==, G_N_ELEMENTS (allowed));
  g_assert_true (g_strv_contains (status->choices, "in_consultation"));

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    for (guint k = 0; status->choices[k]; k++)
      {
        const char *from = allowed[i].from;
        const char *to = status->choices[k];
        g_autoptr(GError) error = NULL;
        gboolean ok = care_appointments_check_status (from, to, &error);

        g_assert_true (g_strv_contains (status->choices, from));
        if (g_str_equal (from, to))
          {
            /* No change is no change; asked for as a step, it is refused. */
            g_assert_true (ok);
            g_assert_no_error (error);
            g_assert_false (care_appointments_check_step (from, to, &error));
            g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
            g_assert_cmpstr (care_rule_error_get_field (error), ==, "status");
            continue;
          }
        if (g_strv_contains (allowed[i].to, to))
          {
            g_assert_true (ok);
            g_assert_no_error (error);
            g_assert_true (care_appointments_check_step (from, to, NULL));
            g_assert_true (g_strv_contains (care_appointments_next_statuses (from), to));
            n_allowed++;
          }
        else
          {
            g_assert_false (ok);
            g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
            g_assert_cmpstr (care_rule_error_get_field (error), ==, "status");
            g_assert_true (g_str_has_prefix (error->message, "Status: "));
            g_assert_cmpstr (error->message + strlen ("Status: "), ==, care_rule_error_get_detail (error));
            g_assert_false (g_strv_contains (care_appointments_next_statuses (from), to));
            n_refused++;
          }
      }
  g_assert_cmpuint (n_allowed, ==, 4 + 5 + 3 + 2 + 1);
  g_assert_cmpuint (n_refused, ==, 9 * 8 - n_allowed);
}

static void
test_messages (void)
{
  g_autoptr(GError) ended = NULL;
  g_autoptr(GError) wrong = NULL;
  g_autoptr(GError) unknown = NULL;

  g_assert_false (care_appointments_check_status ("completed", "cancelled", &ended));
  g_assert_cmpstr (ended->message, ==, "Status: An appointment that is “Completed” can no longer change.");
  g_assert_false (care_appointments_check_status ("requested", "checked_in", &wrong));
  g_assert_cmpstr (wrong->message, ==, "Status: An appointment that is “Requested” cannot become “Checked in”.");
  g_assert_false (care_appointments_check_status ("scheduled", "teleported", &unknown));
  g_assert_cmpstr (care_rule_error_get_field (unknown), ==, "status");
}

/* The rules of writing an appointment, over a store of the test's own. */
typedef struct {
  CareRuleContext parent;
} NoStore;

static void
test_write_rules (void)
{
  NoStore staff = { .parent = { .actor = "0190a000-0000-7000-8000-000000000001" } };
  NoStore portal = { .parent = { .patient_id = "0190a000-0000-7000-8000-000000000002" } };
  g_autoptr(CareRecord) booked = care_record_new (care_schema_lookup ("appointment"));
  g_autoptr(CareRecord) asked = care_record_new (care_schema_lookup ("appointment"));
  g_autoptr(CareRecord) before = NULL;
  g_autoptr(CareRecord) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (care_rules_prepare (&staff.parent, NULL, booked, NULL));
  g_assert_cmpstr (care_record_get (booked, "status"), ==, "scheduled");
  care_record_set (asked, "status", "scheduled");
  g_assert_true (care_rules_prepare (&portal.parent, NULL, asked, NULL));
  g_assert_cmpstr (care_record_get (asked, "status"), ==, "requested");

  /* Checking in stamps the time, once. */
  before = care_record_copy (booked);
  after = care_record_copy (booked);
  care_record_set (after, "status", "checked_in");
  g_assert_true (care_rules_prepare (&staff.parent, before, after, NULL));
  g_assert_nonnull (care_record_get (after, "checked_in_at"));

  care_record_set (before, "status", "completed");
  care_record_set (after, "status", "scheduled");
  g_assert_false (care_rules_prepare (&staff.parent, before, after, &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
}

/* A step asked for: the reason is kept apart, checking in is stamped, a
 * refused step leaves the record as it was. */
static void
test_step (void)
{
  g_autoptr(CareRecord) a = care_record_new (care_schema_lookup ("appointment"));
  g_autoptr(CareRecord) b = care_record_new (care_schema_lookup ("appointment"));
  g_autoptr(GError) error = NULL;

  care_record_set (a, "status", "scheduled");
  g_assert_true (care_appointments_step (a, "cancelled", "The patient is abroad", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (a, "status"), ==, "cancelled");
  g_assert_cmpstr (care_record_get (a, "status_reason"), ==, "The patient is abroad");
  g_assert_null (care_record_get (a, "notes"));

  g_assert_false (care_appointments_step (a, "scheduled", NULL, &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "status");
  g_assert_cmpstr (care_record_get (a, "status"), ==, "cancelled");
  g_clear_error (&error);

  care_record_set (b, "status", "accepted");
  g_assert_true (care_appointments_step (b, "checked_in", "", &error));
  g_assert_nonnull (care_record_get (b, "checked_in_at"));
  g_assert_null (care_record_get (b, "status_reason"));
  /* Checking in twice is refused. */
  g_assert_false (care_appointments_step (b, "checked_in", NULL, &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
}

/* A store made before version 4 opens, upgraded, and takes the new status. */
static void
test_store_takes_new_status (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "v3.sqlite", NULL);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(CareStore) old = care_store_open_at_version (path, 3, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (care_store_get_schema_version (old), ==, 3);
  }
  {
    g_autoptr(CareStore) store = care_store_open (path, &error);
    g_autoptr(CareRecord) a = care_record_new (care_schema_lookup ("appointment"));
    g_autoptr(CareValidation) v = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (care_store_get_schema_version (store), ==, care_schema_version ());
    care_record_set (a, "status", "in_consultation");
    v = care_validate_record (a);
    g_assert_null (care_validation_get_message (v, "status"));
  }
  care_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/appointments/every-change", test_every_change);
  g_test_add_func ("/core/appointments/messages", test_messages);
  g_test_add_func ("/core/appointments/write-rules", test_write_rules);
  g_test_add_func ("/core/appointments/step", test_step);
  g_test_add_func ("/core/appointments/store-takes-new-status", test_store_takes_new_status);
  return g_test_run ();
}
