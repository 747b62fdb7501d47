/* care-person-names.h: the order a person's name is written in
 *
 * Chinese, Japanese and Korean names are written family name first with
 * no space between ("王小明", "山田太郎", "김민준"); names in other scripts
 * given name first ("María López", "مريم الحسن"). The script decides,
 * not the locale: a Chinese patient's name reads the same on a Spanish
 * workstation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether the name is written family name first: every letter of both
 * parts (those given) is Han, Hiragana, Katakana or Hangul. */
gboolean     care_person_name_family_first (const char *given,
                                            const char *family);
/* The name as it is displayed and printed; NULL parts are left out. */
char        *care_person_name_display      (const char *given,
                                            const char *family);

G_END_DECLS
