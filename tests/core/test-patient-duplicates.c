/* test-patient-duplicates.c: core's rule for two registrations of one person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-core.h"

static void
test_name_key (void)
{
  const char *same[][2] = {
    { "  López-García ", "lopez garcia" },
    { "MARÍA", "maria" },
    { "O'Neil", "o neil" },
    { "Zoë  Ann", "zoe ann" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *key = care_patient_duplicates_name_key (same[i][0]);

      g_assert_cmpstr (key, ==, same[i][1]);
    }
}

static CareRecord *
registration (const char *id,
              const char *given,
              const char *family,
              const char *born,
              const char *created)
{
  CareRecord *p = care_test_patient (given, family);

  care_record_set (p, CARE_COLUMN_ID, id);
  care_record_set (p, "date_of_birth", born);
  care_record_set (p, CARE_COLUMN_CREATED_AT, created);
  return p;
}

static void
test_pick (void)
{
  g_autoptr(CareRecord) patient = registration ("p", "María", "López García", "1984-03-27", "2026-12-05T10:00:00Z");
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autofree char *search = care_patient_duplicates_search (patient);
  g_autoptr(CareRecord) flag = NULL;

  g_assert_cmpstr (search, ==, "maria lopez garcia");
  g_assert_null (care_patient_duplicates_pick (patient, candidates));

  /* Itself, another birthday, another name: none is a duplicate. */
  g_ptr_array_add (candidates, care_record_ref (patient));
  g_ptr_array_add (candidates, registration ("a", "Maria", "Lopez Garcia", "1984-03-28", "2026-01-01T00:00:00Z"));
  g_ptr_array_add (candidates, registration ("b", "Mario", "Lopez Garcia", "1984-03-27", "2026-01-01T00:00:00Z"));
  g_assert_null (care_patient_duplicates_pick (patient, candidates));

  /* Two matches: the earlier registration is the one to keep. */
  g_ptr_array_add (candidates, registration ("late", "MARIA", "lopez-garcia", "1984-03-27", "2026-11-01T00:00:00Z"));
  g_ptr_array_add (candidates, registration ("early", "maría", "López  García", "1984-03-27", "2025-02-01T00:00:00Z"));
  g_assert_cmpstr (care_patient_duplicates_pick (patient, candidates), ==, "early");

  flag = care_patient_duplicates_flag_new (patient, "early");
  g_assert_cmpstr (care_record_get (flag, "patient_id"), ==, "p");
  g_assert_cmpstr (care_record_get (flag, "duplicate_of"), ==, "early");
  g_assert_cmpstr (care_record_get (flag, "status"), ==, "open");
}

static void
test_nothing_to_compare (void)
{
  g_autoptr(CareRecord) nameless = registration ("p", "  ", "López", "1984-03-27", "2026-12-05T10:00:00Z");
  g_autoptr(CareRecord) note = care_record_new (care_schema_lookup ("clinical_note"));
  g_autofree char *a = care_patient_duplicates_search (nameless);
  g_autofree char *b = care_patient_duplicates_search (note);

  g_assert_null (a);
  g_assert_null (b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/patient-duplicates/name-key", test_name_key);
  g_test_add_func ("/patient-duplicates/pick", test_pick);
  g_test_add_func ("/patient-duplicates/nothing-to-compare", test_nothing_to_compare);
  return g_test_run ();
}
