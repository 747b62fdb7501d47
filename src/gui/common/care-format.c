/* care-format.c: numbers written in the app's sentences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-format"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "care-format.h"

char *
care_format_count (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (n));
  const char *separator = localeconv ()->thousands_sep;
  GString *out = g_string_new (n < 0 ? "-" : NULL);
  gsize len = strlen (digits);

  if (separator == NULL || separator[0] == '\0')
    separator = ",";
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}
