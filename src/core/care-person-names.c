/* care-person-names.c: the order a person's name is written in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-person-names.h"

static gboolean
is_east_asian (GUnicodeScript script)
{
  return script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HIRAGANA ||
         script == G_UNICODE_SCRIPT_KATAKANA || script == G_UNICODE_SCRIPT_HANGUL;
}

/* 1: every letter East Asian; 0: some letter of another script; -1: no letter. */
static int
all_east_asian (const char *text)
{
  int result = -1;

  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    {
      GUnicodeScript script = g_unichar_get_script (g_utf8_get_char (p));

      /* Spaces, dots, marks ("ー", "・"): neither way. */
      if (script == G_UNICODE_SCRIPT_COMMON || script == G_UNICODE_SCRIPT_INHERITED)
        continue;
      if (!is_east_asian (script))
        return 0;
      result = 1;
    }
  return result;
}

gboolean
care_person_name_family_first (const char *given,
                               const char *family)
{
  int g = all_east_asian (given);
  int f = all_east_asian (family);

  return (g == 1 || f == 1) && g != 0 && f != 0;
}

char *
care_person_name_display (const char *given,
                          const char *family)
{
  gboolean has_given = given && *given;
  gboolean has_family = family && *family;

  if (!has_given || !has_family)
    return g_strdup (has_given ? given : has_family ? family : "");
  if (care_person_name_family_first (given, family))
    return g_strconcat (family, given, NULL);
  return g_strjoin (" ", given, family, NULL);
}
