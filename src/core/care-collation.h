/* care-collation.h: names in the order the user's language sorts them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The sort key of a name: compared byte by byte (memcmp), keys order names
 * as LC_COLLATE does, the family name first. Never NULL. */
GBytes     *care_collation_key              (const char *family_name,
                                             const char *given_name);

/* The LC_COLLATE the keys are made for ("C" when none is set). */
const char *care_collation_locale           (void);
/* Whether keys made in locale a are those of locale b: C, POSIX and
 * C.UTF-8 all compare bytes; "en_US.UTF-8" is "en_US.utf8". */
gboolean    care_collation_same             (const char *a,
                                             const char *b);
/* That locale as its own speakers name it, "Español (España)"; NULL for
 * C and for a locale that does not say. */
char       *care_collation_locale_name      (void);

G_END_DECLS
