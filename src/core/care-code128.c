/* care-code128.c: Code 128 barcodes: the symbols of a text and their bar and space widths
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-code128"

#include "config.h"

#include <string.h>

#include "care-code128.h"

/* ISO/IEC 15417's table: bar, space, bar, space, bar, space widths. */
static const char *const patterns[] = {
  "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
  "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
  "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
  "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
  "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
  "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
  "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
  "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
  "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
  "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
  "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
};

const char *
care_code128_pattern (guint value)
{
  g_return_val_if_fail (value < G_N_ELEMENTS (patterns), NULL);

  return patterns[value];
}

static gboolean
all_digits_even (const char *text)
{
  gsize n = strlen (text);

  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return n % 2 == 0;
}

GArray *
care_code128_symbols (const char *text)
{
  g_autoptr(GArray) symbols = NULL;
  guint value, check;

  if (text == NULL || *text == '\0')
    return NULL;
  symbols = g_array_new (FALSE, FALSE, sizeof (guint));
  if (all_digits_even (text))
    {
      value = CARE_CODE128_START_C;
      g_array_append_val (symbols, value);
      for (const char *p = text; *p; p += 2)
        {
          value = (guint) (p[0] - '0') * 10 + (guint) (p[1] - '0');
          g_array_append_val (symbols, value);
        }
    }
  else
    {
      value = CARE_CODE128_START_B;
      g_array_append_val (symbols, value);
      for (const char *p = text; *p; p++)
        {
          if ((guchar) *p < 32 || (guchar) *p > 126)
            return NULL;
          value = (guint) (guchar) *p - 32;
          g_array_append_val (symbols, value);
        }
    }
  check = g_array_index (symbols, guint, 0);
  for (guint i = 1; i < symbols->len; i++)
    check += g_array_index (symbols, guint, i) * i;
  check %= 103;
  g_array_append_val (symbols, check);
  value = CARE_CODE128_STOP;
  g_array_append_val (symbols, value);
  return g_steal_pointer (&symbols);
}

GByteArray *
care_code128_widths (const char *text)
{
  g_autoptr(GArray) symbols = care_code128_symbols (text);
  GByteArray *widths;

  if (symbols == NULL)
    return NULL;
  widths = g_byte_array_new ();
  for (guint i = 0; i < symbols->len; i++)
    for (const char *w = patterns[g_array_index (symbols, guint, i)]; *w; w++)
      {
        guint8 width = (guint8) (*w - '0');
        g_byte_array_append (widths, &width, 1);
      }
  return widths;
}

guint
care_code128_modules (GByteArray *widths)
{
  guint total = 0;

  for (guint i = 0; widths && i < widths->len; i++)
    total += widths->data[i];
  return total;
}
