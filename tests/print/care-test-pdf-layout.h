/* care-test-pdf-layout.h: where poppler finds text on a page
 *
 * poppler_page_get_text_layout() gives a rectangle for every character of
 * poppler_page_get_text(), in points from the page's top left corner, the
 * same coordinates as poppler_page_get_text_for_area().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>

#include <pango/pangocairo.h>

#include "care-poppler.h"

/* The box around the first occurrence of needle on the page; FALSE when
 * the page does not have it. */
static inline gboolean
care_test_page_find_box (PopplerPage      *page,
                         const char       *needle,
                         PopplerRectangle *box)
{
  g_autofree char *text = poppler_page_get_text (page);
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  const char *at = strstr (text, needle);
  glong first, last;

  if (at == NULL || !poppler_page_get_text_layout (page, &rects, &n_rects))
    {
      g_free (rects);
      return FALSE;
    }
  first = g_utf8_pointer_to_offset (text, at);
  last = first + g_utf8_strlen (needle, -1) - 1;
  g_assert_cmpint (last, <, (glong) n_rects);
  *box = rects[first];
  for (glong i = first + 1; i <= last; i++)
    {
      box->x1 = MIN (box->x1, rects[i].x1);
      box->y1 = MIN (box->y1, rects[i].y1);
      box->x2 = MAX (box->x2, rects[i].x2);
      box->y2 = MAX (box->y2, rects[i].y2);
    }
  g_free (rects);
  return TRUE;
}

/* The lines of text whose characters lie inside a box of the page (their
 * centres), top to bottom, trimmed, the empty ones left out. (Poppler's
 * poppler_page_get_text_for_area() returns whole lines.) */
static inline void
care_test_page_lines_in (PopplerPage *page,
                         double       x1,
                         double       y1,
                         double       x2,
                         double       y2,
                         GPtrArray   *into)
{
  g_autofree char *text = poppler_page_get_text (page);
  g_autoptr(GString) line = g_string_new (NULL);
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  const char *p = text;
  double line_y = -1;

  g_assert_true (poppler_page_get_text_layout (page, &rects, &n_rects));
  for (guint i = 0; i <= n_rects; i++, p = i < n_rects ? g_utf8_next_char (p) : p)
    {
      double cx = i < n_rects ? (rects[i].x1 + rects[i].x2) / 2 : 0;
      double cy = i < n_rects ? (rects[i].y1 + rects[i].y2) / 2 : 0;
      gboolean inside = i < n_rects && cx >= x1 && cx <= x2 && cy >= y1 && cy <= y2;
      gunichar c = i < n_rects ? g_utf8_get_char (p) : '\n';

      if (inside && c != '\n' && line->len && fabs (cy - line_y) < 2)
        {
          g_string_append_unichar (line, c);
          continue;
        }
      if (!inside && c != '\n' && i < n_rects)
        continue;
      /* A new line (or the end): the one collected so far is done. */
      g_strstrip (line->str);
      if (line->str[0] != '\0')
        g_ptr_array_add (into, g_strdup (line->str));
      g_string_truncate (line, 0);
      if (inside && c != '\n')
        {
          g_string_append_unichar (line, c);
          line_y = cy;
        }
    }
  g_free (rects);
}

/* The names of the fonts embedded in the PDF ("ABCDEF+NotoNaskhArabic"),
 * joined with commas. */
static inline char *
care_test_pdf_font_names (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  PopplerFontInfo *info;
  PopplerFontsIter *iter = NULL;
  GString *names = g_string_new (NULL);

  g_assert_no_error (error);
  info = poppler_font_info_new (doc);
  while (poppler_font_info_scan (info, poppler_document_get_n_pages (doc), &iter))
    {
      if (iter == NULL)
        continue;
      do
        g_string_append_printf (names, "%s%s", names->len ? "," : "", poppler_fonts_iter_get_name (iter));
      while (poppler_fonts_iter_next (iter));
      poppler_fonts_iter_free (iter);
      iter = NULL;
    }
  poppler_font_info_free (info);
  return g_string_free (names, FALSE);
}

/* Whether fontconfig has a font family (as pango sees it). */
static inline gboolean
care_test_font_installed (const char *family)
{
  PangoFontFamily **families = NULL;
  int n = 0;
  gboolean found = FALSE;

  pango_font_map_list_families (pango_cairo_font_map_get_default (), &families, &n);
  for (int i = 0; i < n && !found; i++)
    found = g_ascii_strcasecmp (pango_font_family_get_name (families[i]), family) == 0;
  g_free (families);
  return found;
}
