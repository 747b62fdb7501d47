/* care-csv.h: comma-separated text as other programs write it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CARE_CSV_ERROR (care_csv_error_quark ())
GQuark care_csv_error_quark (void);

typedef enum {
  CARE_CSV_ERROR_ENCODING,   /* neither UTF-8 nor UTF-16 */
  CARE_CSV_ERROR_QUOTE,      /* a quoted cell never ends */
  CARE_CSV_ERROR_EMPTY,      /* no header row */
  CARE_CSV_ERROR_TOO_LARGE,  /* more rows or columns than a clinic's list has */
} CareCsvError;

typedef struct _CareCsv CareCsv;

/* Reads RFC 4180 text: the separator is whichever of , ; and tab the
 * header row uses most (spreadsheets in many locales write ;); quoted
 * cells may hold separators, "" and line breaks; CRLF or LF; a UTF-8 byte
 * order mark is dropped; UTF-16 (as Excel's "Unicode text") and Windows-1252
 * are converted. Cells are trimmed; wholly empty rows are skipped. The
 * first row is the header. */
CareCsv    *care_csv_parse        (const char  *data,
                                   gsize        length,
                                   GError     **error);
void        care_csv_free         (CareCsv     *csv);

guint       care_csv_get_n_columns (const CareCsv *csv);
guint       care_csv_get_n_rows    (const CareCsv *csv);   /* without the header */
const char *care_csv_get_header    (const CareCsv *csv,
                                    guint          column);
/* "" for a cell the row does not have. */
const char *care_csv_get_cell      (const CareCsv *csv,
                                    guint          row,
                                    guint          column);
/* The line of the file a row starts on (1 is the header), as the user's
 * spreadsheet numbers it. */
guint       care_csv_get_line      (const CareCsv *csv,
                                    guint          row);
char        care_csv_get_separator (const CareCsv *csv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareCsv, care_csv_free)

G_END_DECLS
