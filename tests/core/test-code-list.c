/* test-code-list.c: the clinic's diagnosis codes imported from a CSV and searched from the note
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "care-test-core.h"
#include "care-code-list.h"

#define CODE(i, list) care_record_get (g_ptr_array_index (list, i), "code")

static gint64
n_codes (CareStore *store)
{
  return care_store_count (store, care_schema_lookup ("diagnosis_code"));
}

/* The list the app ships imports whole; searching finds codes by their
 * beginning first, then titles by any word. */
static void
test_sample (CareTestStoreFixture *f,
             gconstpointer         data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "diagnosis-codes-sample.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_true (care_code_list_import (f->store, contents, length, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 40);
  g_assert_cmpint (n_codes (f->store), ==, 40);

  found = care_code_list_search (f->store, "j4", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (CODE (0, found), ==, "J44.9");
  g_assert_cmpstr (CODE (1, found), ==, "J45.909");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* "gout" is in one title; "i1" begins I10 and is inside no title. */
  found = care_code_list_search (f->store, "GOUT", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (CODE (0, found), ==, "M10.9");
  g_assert_cmpstr (care_record_get (found->pdata[0], "title"), ==, "Gout, unspecified");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A code's beginning comes before titles that contain the text. */
  found = care_code_list_search (f->store, "r", 3, &error);
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_cmpstr (CODE (0, found), ==, "R05.9");
  g_clear_pointer (&found, g_ptr_array_unref);

  found = care_code_list_search (f->store, "  ", 10, &error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = care_code_list_search (f->store, "100%_", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
}

/* Without a header, with semicolons; a code listed again gets its new
 * title; a bad row refuses the whole file with its line. */
static void
test_rules (CareTestStoreFixture *f,
            gconstpointer         data)
{
  const char *plain = "X01;Clinic's own: home visit\nI10;Hypertension\n\n";
  const char *again = "code,title\nI10,Essential (primary) hypertension\nK35.80,Acute appendicitis\n";
  const char *bad = "code,title\nA01.0,Typhoid fever\nB02.9,\nC50.9,Breast cancer\n";
  const char *long_code = "code,title\nABCDEFGHIJK,Too long\n";
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (care_code_list_import (f->store, plain, strlen (plain), &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (care_code_list_import (f->store, again, strlen (again), &n, &error));
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (n_codes (f->store), ==, 3);
  found = care_code_list_search (f->store, "I10", 5, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (care_record_get (found->pdata[0], "title"), ==, "Essential (primary) hypertension");

  g_assert_false (care_code_list_import (f->store, bad, strlen (bad), &n, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "title");
  g_assert_nonnull (strstr (error->message, "3"));
  g_clear_error (&error);
  g_assert_false (care_code_list_import (f->store, long_code, strlen (long_code), &n, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "code");
  g_assert_cmpint (n_codes (f->store), ==, 3);
}

static void
on_imported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (care_code_list_import_file_finish (CARE_STORE (source), result, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 40);
  *done = TRUE;
}

/* From a file, in a worker with its own connection; this connection says
 * "changed" for the list when it is done. */
static void
test_file_async (CareTestStoreFixture *f,
                 gconstpointer         data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "diagnosis-codes-sample.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gboolean done = FALSE;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  care_code_list_import_file_async (f->store, file, NULL, on_imported_cb, &done);
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (done);
  g_assert_cmpint (n_codes (f->store), ==, 40);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/code-list/sample", CareTestStoreFixture, NULL, care_test_store_set_up, test_sample,
              care_test_store_tear_down);
  g_test_add ("/code-list/rules", CareTestStoreFixture, NULL, care_test_store_set_up, test_rules,
              care_test_store_tear_down);
  g_test_add ("/code-list/file-async", CareTestStoreFixture, NULL, care_test_store_set_up, test_file_async,
              care_test_store_tear_down);
  return g_test_run ();
}
