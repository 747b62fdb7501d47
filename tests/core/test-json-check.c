/* test-json-check.c: depth and duplicate keys are caught before any parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "care-test-core.h"

static gboolean
check (const char  *text,
       char       **field,
       GError     **error)
{
  return care_json_check (text, strlen (text), 4, field, error);
}

static void
test_depth (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (check ("{\"a\": [1, {\"b\": [2]}]}", NULL, &error));  /* four levels */
  g_assert_no_error (error);
  g_assert_false (check ("{\"a\": [1, {\"b\": [[2]]}]}", NULL, &error));
  g_assert_error (error, CARE_JSON_ERROR, CARE_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);
  /* Brackets inside strings are text. */
  g_assert_true (check ("{\"a\": \"[[[[[[[[\"}", NULL, &error));
  g_assert_no_error (error);
  {
    gsize depth = 1000000;
    g_autofree char *deep = g_strnfill (depth, '[');

    g_assert_false (care_json_check (deep, depth, CARE_JSON_MAX_DEPTH, NULL, &error));
    g_assert_error (error, CARE_JSON_ERROR, CARE_JSON_ERROR_TOO_DEEP);
  }
}

static void
test_duplicate_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;

  /* The same key in different objects, or as a value, is fine. */
  g_assert_true (check ("{\"a\": {\"a\": \"a\"}, \"b\": [{\"a\": 1}, {\"a\": 2}]}", &field, &error));
  g_assert_no_error (error);
  g_assert_false (check ("{\"a\": 1, \"b\": {\"x\": 1}, \"a\": 2}", &field, &error));
  g_assert_error (error, CARE_JSON_ERROR, CARE_JSON_ERROR_DUPLICATE_KEY);
  g_assert_cmpstr (field, ==, "a");
  g_clear_error (&error);
  g_clear_pointer (&field, g_free);
  /* Escapes are decoded before comparing. */
  g_assert_false (check ("{\"name\": 1, \"n\\u0061me\": 2}", &field, &error));
  g_assert_cmpstr (field, ==, "name");
  g_clear_error (&error);
  g_assert_false (check ("{\"a\": \"unterminated", NULL, &error));
  g_assert_error (error, CARE_JSON_ERROR, CARE_JSON_ERROR_MALFORMED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-check/depth", test_depth);
  g_test_add_func ("/json-check/duplicate-keys", test_duplicate_keys);
  return g_test_run ();
}
