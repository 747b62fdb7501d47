/* test-facilities.c: facilities added, changed and removed; one that records still name is kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "care-test-core.h"
#include "care-store-rules.h"

typedef CareTestStoreFixture Fixture;

static CareRecord *
add_facility (Fixture    *f,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  CareRecord *facility = care_test_record ("facility", "name", name, "kind", "department", NULL);

  g_assert_true (care_facilities_save (f->store, NULL, facility, &error));
  g_assert_no_error (error);
  return facility;
}

static CareRecord *
stored (Fixture    *f,
        const char *entity,
        const char *id)
{
  return care_store_get (f->store, care_schema_lookup (entity), id, NULL);
}

static void
test_add_change_remove (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CareRecord) facility = add_facility (f, "Radiology");
  g_autoptr(CareRecord) changed = care_record_copy (facility);
  g_autoptr(CareRecord) kept = NULL;
  g_autoptr(CareRecord) gone = NULL;
  g_autoptr(GError) error = NULL;

  care_record_set (changed, "name", "Radiology and Imaging");
  g_assert_true (care_facilities_save (f->store, facility, changed, &error));
  g_assert_no_error (error);
  kept = stored (f, "facility", care_record_get_id (facility));
  g_assert_cmpstr (care_record_get (kept, "name"), ==, "Radiology and Imaging");

  /* Nothing names it: it goes. */
  g_assert_true (care_facilities_save (f->store, kept, NULL, &error));
  g_assert_no_error (error);
  gone = stored (f, "facility", care_record_get_id (facility));
  g_assert_null (gone);
}

static void
test_named_is_kept (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CareRecord) east = add_facility (f, "East Wing");
  g_autoptr(CareRecord) west = add_facility (f, "West Wing");
  g_autoptr(CareRecord) ward = care_test_record ("ward", "name", "Maple", "kind", "general",
                                                 "facility_id", care_record_get_id (east), NULL);
  g_autoptr(CareRecord) nurse = care_accounts_find_login (f->store, "nurse");
  g_autoptr(CareRecord) moved_nurse = care_record_copy (nurse);
  g_autoptr(CareRecord) moved_ward = NULL;
  g_autoptr(CareRecord) still = NULL;
  g_autoptr(CareRecord) gone = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (care_store_insert (f->store, ward, &error));
  care_record_set (moved_nurse, "facility_id", care_record_get_id (east));
  g_assert_true (care_store_update (f->store, moved_nurse, &error));
  g_assert_no_error (error);

  /* A ward and a nurse name it: refused, saying which, and kept. */
  g_assert_false (care_facilities_save (f->store, east, NULL, &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
  g_assert_true (care_rule_error_is_refusal (error));
  g_assert_nonnull (strstr (error->message, "Wards: 1"));
  g_assert_nonnull (strstr (error->message, "Staff: 1"));
  g_assert_null (strstr (error->message, "Patients"));
  still = stored (f, "facility", care_record_get_id (east));
  g_assert_nonnull (still);
  g_clear_error (&error);

  /* The same rule for every writer (the server's routes and sync push
   * run the entity's rules as this context does). */
  {
    CareRuleContext ctx;

    care_store_rule_context_init (&ctx, f->store);
    g_assert_false (care_rules_deleting (&ctx, east, &error));
    g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
    g_clear_error (&error);
    g_assert_true (care_rules_deleting (&ctx, west, &error));
    g_assert_no_error (error);
  }

  /* Both moved to the west wing: the east wing can go. */
  moved_ward = care_record_copy (ward);
  care_record_set (moved_ward, "facility_id", care_record_get_id (west));
  g_assert_true (care_store_update (f->store, moved_ward, &error));
  care_record_set (moved_nurse, "facility_id", care_record_get_id (west));
  g_assert_true (care_store_update (f->store, moved_nurse, &error));
  g_assert_no_error (error);
  g_assert_true (care_facilities_save (f->store, still, NULL, &error));
  g_assert_no_error (error);
  gone = stored (f, "facility", care_record_get_id (east));
  g_assert_null (gone);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/facilities/" path, Fixture, NULL, care_test_store_set_up, fn, care_test_store_tear_down)
  ADD ("add-change-remove", test_add_change_remove);
  ADD ("named-is-kept", test_named_is_kept);
#undef ADD

  return g_test_run ();
}
