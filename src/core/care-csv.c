/* care-csv.c: comma-separated text as other programs write it
 *
 * One pass over the bytes (separators and quotes are ASCII, so UTF-8 needs
 * no decoding): cells go into one buffer, each ended by a NUL, and rows
 * are offsets into it, so a million-row list costs little more than its
 * own size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-csv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "care-csv.h"

#define MAX_COLUMNS 256
#define MAX_BYTES   ((gsize) 2 << 30)

G_DEFINE_QUARK (care-csv-error-quark, care_csv_error)

typedef struct {
  guint first;   /* index of its first cell in cells */
  guint n;       /* cells the row has */
  guint line;
} Row;

struct _CareCsv {
  GString *text;      /* the cells, each ended by a NUL */
  GArray  *cells;     /* guint32 offsets into text */
  GArray  *rows;      /* Row; rows[0] is the header */
  char     separator;
};

void
care_csv_free (CareCsv *csv)
{
  if (csv == NULL)
    return;
  g_string_free (csv->text, TRUE);
  g_array_unref (csv->cells);
  g_array_unref (csv->rows);
  g_free (csv);
}

/* The text as UTF-8, or NULL with an error. */
static char *
to_utf8 (const char *data,
         gsize       length,
         gsize      *out_length,
         GError    **error)
{
  const guchar *b = (const guchar *) data;
  const char *from = NULL;
  char *out;

  if (length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
    {
      data += 3;
      length -= 3;
    }
  else if (length >= 2 && b[0] == 0xFF && b[1] == 0xFE)
    from = "UTF-16LE", data += 2, length -= 2;
  else if (length >= 2 && b[0] == 0xFE && b[1] == 0xFF)
    from = "UTF-16BE", data += 2, length -= 2;
  else if (!g_utf8_validate_len (data, length, NULL) || memchr (data, '\0', length))
    from = "WINDOWS-1252";

  if (from == NULL)
    {
      *out_length = length;
      return g_strndup (data, length);
    }
  out = g_convert (data, length, "UTF-8", from, NULL, out_length, NULL);
  if (out == NULL || memchr (out, '\0', *out_length))
    {
      g_free (out);
      g_set_error_literal (error, CARE_CSV_ERROR, CARE_CSV_ERROR_ENCODING,
                           _("The file is not text Caredesk can read. Save it from your spreadsheet "
                             "as “CSV UTF-8 (comma delimited)” and try again."));
      return NULL;
    }
  return out;
}

/* The separator the header row uses most, outside quotes. */
static char
guess_separator (const char *p,
                 const char *end)
{
  guint counts[3] = { 0, 0, 0 };
  static const char candidates[3] = { ',', ';', '\t' };
  gboolean quoted = FALSE;
  guint best = 0;

  for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted)
        for (guint i = 0; i < 3; i++)
          if (*p == candidates[i])
            counts[i]++;
    }
  for (guint i = 1; i < 3; i++)
    if (counts[i] > counts[best])
      best = i;
  return candidates[best];
}

static void
end_cell (CareCsv *csv,
          Row     *row,
          gsize    start)
{
  guint32 offset;
  char *cell = csv->text->str + start;
  gsize length = csv->text->len - start;
  gsize lead = 0;

  /* Trim spaces around the value (quoted or not, as spreadsheets do). */
  while (length > 0 && g_ascii_isspace (cell[length - 1]))
    length--;
  while (lead < length && g_ascii_isspace (cell[lead]))
    lead++;
  memmove (cell, cell + lead, length - lead);
  g_string_truncate (csv->text, start + length - lead);
  g_string_append_c (csv->text, '\0');
  offset = (guint32) start;
  g_array_append_val (csv->cells, offset);
  row->n++;
}

static gboolean
row_is_empty (CareCsv   *csv,
              const Row *row)
{
  for (guint i = 0; i < row->n; i++)
    if (csv->text->str[g_array_index (csv->cells, guint32, row->first + i)] != '\0')
      return FALSE;
  return TRUE;
}

static void
end_row (CareCsv *csv,
         Row     *row,
         guint    next_line)
{
  if (row->n > 0 && !row_is_empty (csv, row))
    g_array_append_val (csv->rows, *row);
  else
    g_array_set_size (csv->cells, row->first);
  row->first = csv->cells->len;
  row->n = 0;
  row->line = next_line;
}

CareCsv *
care_csv_parse (const char *data,
                gsize       length,
                GError    **error)
{
  g_autoptr(CareCsv) csv = g_new0 (CareCsv, 1);
  g_autofree char *text = NULL;
  gsize text_length = 0;
  const char *p, *end;
  Row row = { 0, 0, 1 };
  guint line = 1, quote_line = 0;
  gboolean quoted = FALSE, in_cell = FALSE;
  gsize start = 0;

  if (length > MAX_BYTES)
    {
      g_set_error_literal (error, CARE_CSV_ERROR, CARE_CSV_ERROR_TOO_LARGE,
                           _("The file is larger than 2 GB. Split it and import the parts one after the other."));
      return NULL;
    }
  if (!(text = to_utf8 (data, length, &text_length, error)))
    return NULL;
  p = text;
  end = text + text_length;
  csv->separator = guess_separator (p, end);
  csv->text = g_string_sized_new (text_length + text_length / 8 + 16);
  csv->cells = g_array_new (FALSE, FALSE, sizeof (guint32));
  csv->rows = g_array_new (FALSE, FALSE, sizeof (Row));

  for (; p < end; p++)
    {
      char c = *p;

      if (!in_cell)
        {
          in_cell = TRUE;
          start = csv->text->len;
        }
      if (quoted)
        {
          if (c == '"' && p + 1 < end && p[1] == '"')
            g_string_append_c (csv->text, '"'), p++;
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n')
                line++;
              if (c != '\r')
                g_string_append_c (csv->text, c);
            }
        }
      else if (c == '"')
        quoted = TRUE, quote_line = line;
      else if (c == csv->separator)
        {
          end_cell (csv, &row, start);
          in_cell = FALSE;
          if (row.n >= MAX_COLUMNS)
            {
              g_set_error (error, CARE_CSV_ERROR, CARE_CSV_ERROR_TOO_LARGE,
                           _("Line %u has more than %u columns."), line, MAX_COLUMNS);
              return NULL;
            }
        }
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          end_cell (csv, &row, start);
          in_cell = FALSE;
          end_row (csv, &row, ++line);
        }
      else
        g_string_append_c (csv->text, c);

      if (csv->text->len >= G_MAXUINT32)
        {
          g_set_error_literal (error, CARE_CSV_ERROR, CARE_CSV_ERROR_TOO_LARGE,
                               _("The file is larger than 2 GB. Split it and import the parts one after the other."));
          return NULL;
        }
    }
  if (quoted)
    {
      g_set_error (error, CARE_CSV_ERROR, CARE_CSV_ERROR_QUOTE,
                   _("A quoted value that begins on line %u never ends: a closing quotation mark (\") is missing."),
                   quote_line);
      return NULL;
    }
  if (in_cell)
    end_cell (csv, &row, start);
  end_row (csv, &row, line);

  if (csv->rows->len == 0)
    {
      g_set_error_literal (error, CARE_CSV_ERROR, CARE_CSV_ERROR_EMPTY,
                           _("The file is empty: it needs a first row naming the columns."));
      return NULL;
    }
  return g_steal_pointer (&csv);
}

static const Row *
row_at (const CareCsv *csv,
        guint          index)
{
  return &g_array_index (csv->rows, Row, index);
}

guint
care_csv_get_n_columns (const CareCsv *csv)
{
  return row_at (csv, 0)->n;
}

guint
care_csv_get_n_rows (const CareCsv *csv)
{
  return csv->rows->len - 1;
}

static const char *
cell (const CareCsv *csv,
      guint          index,
      guint          column)
{
  const Row *r = row_at (csv, index);

  if (column >= r->n)
    return "";
  return csv->text->str + g_array_index (csv->cells, guint32, r->first + column);
}

const char *
care_csv_get_header (const CareCsv *csv,
                     guint          column)
{
  return cell (csv, 0, column);
}

const char *
care_csv_get_cell (const CareCsv *csv,
                   guint          row,
                   guint          column)
{
  g_return_val_if_fail (row + 1 < csv->rows->len, "");
  return cell (csv, row + 1, column);
}

guint
care_csv_get_line (const CareCsv *csv,
                   guint          row)
{
  g_return_val_if_fail (row + 1 < csv->rows->len, 0);
  return row_at (csv, row + 1)->line;
}

char
care_csv_get_separator (const CareCsv *csv)
{
  return csv->separator;
}
