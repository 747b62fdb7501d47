/* test-person-names.c: a name is written in the order of its script
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-core.h"

static void
assert_display (const char *given,
                const char *family,
                const char *expected)
{
  g_autofree char *got = care_person_name_display (given, family);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_order_by_script (void)
{
  /* Chinese, Japanese (kanji and kana) and Korean: family name first, no space. */
  assert_display ("小明", "王", "王小明");
  assert_display ("太郎", "山田", "山田太郎");
  assert_display ("さくら", "佐藤", "佐藤さくら");
  assert_display ("민준", "김", "김민준");
  /* Everything else: given name first. */
  assert_display ("María", "López García", "María López García");
  assert_display ("مريم", "الحسن", "مريم الحسن");
  assert_display ("Дмитрий", "Иванов", "Дмитрий Иванов");
  assert_display ("अनीता", "शर्मा", "अनीता शर्मा");
  /* Mixed scripts keep the Western order. */
  assert_display ("Wei", "王", "Wei 王");
  assert_display ("小明", "Wang", "小明 Wang");
  /* A missing part leaves no stray space. */
  assert_display (NULL, "王", "王");
  assert_display ("María", "", "María");
  assert_display (NULL, NULL, "");
}

/* The title of a patient record, what documents print, follows the rule. */
static void
test_record_title (void)
{
  g_autoptr(CareRecord) chinese = care_test_patient ("小明", "王");
  g_autoptr(CareRecord) spanish = care_test_patient ("María", "López");
  g_autofree char *chinese_title = care_record_dup_title (chinese);
  g_autofree char *spanish_title = care_record_dup_title (spanish);

  g_assert_cmpstr (chinese_title, ==, "王小明");
  g_assert_cmpstr (spanish_title, ==, "María López");
  g_assert_true (care_person_name_family_first ("小明", "王"));
  g_assert_false (care_person_name_family_first ("María", "López"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/person-names/order-by-script", test_order_by_script);
  g_test_add_func ("/person-names/record-title", test_record_title);

  return g_test_run ();
}
