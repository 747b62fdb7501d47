/* care-code128.h: Code 128 barcodes: the symbols of a text and their bar and space widths
 *
 * A specimen label's barcode. Digits only, in an even number, are
 * encoded in code set C (two digits a symbol); anything else printable
 * in ASCII (32–126) in code set B. The encoding is start symbol, data
 * symbols, check symbol (modulo 103), stop; each symbol is 11 modules
 * wide in three bars and three spaces, the stop 13 in four bars and
 * three spaces. Drawing (and the quiet zones of 10 modules either side)
 * is the printout's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CARE_CODE128_START_B 104
#define CARE_CODE128_START_C 105
#define CARE_CODE128_STOP    106

/* The symbol values of text (start, data, check, stop), or NULL when
 * text is empty or has a character code set B cannot encode. */
GArray     *care_code128_symbols  (const char *text);
/* The widths in modules of the bars and spaces of text, bar first, bars
 * and spaces alternating, ending with a bar; NULL as above. guint8. */
GByteArray *care_code128_widths   (const char *text);
/* The bar and space widths of one symbol value (0–106) as a string of
 * digits, e.g. "212222" for 0 ("2331112" for the stop). */
const char *care_code128_pattern  (guint       value);
/* The total width of the widths, in modules. */
guint       care_code128_modules  (GByteArray *widths);

G_END_DECLS
