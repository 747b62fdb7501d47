/* care-test-pdf-tags.h: a printout's metadata and structure tree, read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-poppler.h"

/* Asserts the metadata: the title starts with title, the author is the
 * clinic, the creator Caredesk, a creation date is set, and no field (nor
 * the XMP packet) holds any of the personal strings (names, MRN). */
static inline void
care_test_assert_pdf_metadata (GBytes            *pdf,
                               const char        *title,
                               const char        *clinic,
                               const char *const *personal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_autofree char *doc_title = NULL;
  g_autofree char *author = NULL;
  g_autofree char *creator = NULL;
  char *fields[7] = { NULL };

  g_assert_no_error (error);
  doc_title = poppler_document_get_title (doc);
  author = poppler_document_get_author (doc);
  creator = poppler_document_get_creator (doc);
  g_assert_nonnull (doc_title);
  g_assert_true (g_str_has_prefix (doc_title, title));
  g_assert_cmpstr (author, ==, clinic);
  g_assert_cmpstr (creator, ==, "Caredesk");
  g_assert_cmpint (poppler_document_get_creation_date (doc), >, 0);

  fields[0] = g_strdup (doc_title);
  fields[1] = g_strdup (author);
  fields[2] = g_strdup (creator);
  fields[3] = poppler_document_get_subject (doc);
  fields[4] = poppler_document_get_keywords (doc);
  fields[5] = poppler_document_get_producer (doc);
  fields[6] = poppler_document_get_metadata (doc);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      for (guint j = 0; fields[i] && personal[j]; j++)
        if (strstr (fields[i], personal[j]) != NULL)
          g_error ("The PDF's metadata \"%s\" holds \"%s\"", fields[i], personal[j]);
      g_free (fields[i]);
    }
}

static void
care_test_collect_elements (PopplerStructureElementIter *iter,
                            GPtrArray                   *into,
                            GEnumClass                  *kinds)
{
  do
    {
      PopplerStructureElement *element = poppler_structure_element_iter_get_element (iter);
      PopplerStructureElementIter *child = poppler_structure_element_iter_get_child (iter);
      GEnumValue *kind = g_enum_get_value (kinds, poppler_structure_element_get_kind (element));
      g_autofree char *text = poppler_structure_element_get_text (element, POPPLER_STRUCTURE_GET_TEXT_RECURSIVE);

      g_ptr_array_add (into, g_strdup_printf ("%s:%s", kind ? kind->value_nick : "?", text ? g_strstrip (text) : ""));
      if (child)
        {
          care_test_collect_elements (child, into, kinds);
          poppler_structure_element_iter_free (child);
        }
      g_object_unref (element);
    }
  while (poppler_structure_element_iter_next (iter));
}

/* Every element of the structure tree, in document order, as
 * "kind:text" ("heading-1:Invoice", "table-heading:Description"); an
 * empty array for an untagged PDF. */
static inline GPtrArray *
care_test_pdf_elements (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  PopplerStructureElementIter *iter;
  GPtrArray *elements = g_ptr_array_new_with_free_func (g_free);
  GEnumClass *kinds = g_type_class_ref (POPPLER_TYPE_STRUCTURE_ELEMENT_KIND);

  g_assert_no_error (error);
  iter = poppler_structure_element_iter_new (doc);
  if (iter)
    {
      care_test_collect_elements (iter, elements, kinds);
      poppler_structure_element_iter_free (iter);
    }
  g_type_class_unref (kinds);
  return elements;
}

/* Whether some element of kind has text that starts with prefix, or with
 * exact, is text exactly (drawn once, not twice). Poppler 22.12 returns an
 * element's non-ASCII text mis-decoded: compare ASCII. */
static inline gboolean
care_test_pdf_has_element (GPtrArray  *elements,
                           const char *kind,
                           const char *prefix,
                           gboolean    exact)
{
  g_autofree char *wanted = g_strdup_printf ("%s:%s", kind, prefix);

  for (guint i = 0; i < elements->len; i++)
    if (exact ? g_str_equal (g_ptr_array_index (elements, i), wanted)
              : g_str_has_prefix (g_ptr_array_index (elements, i), wanted))
      return TRUE;
  return FALSE;
}

/* Text long enough to wrap (ASCII: see above) is drawn over more than one
 * line, and one element of kind holds all of it, every line and the
 * spaces between them: cairo 1.16 and poppler 22 used to keep only a
 * wrapped element's first line in the structure tree. */
static inline void
care_test_assert_wrapped_element (GBytes     *pdf,
                                  const char *kind,
                                  const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePopplerDocument) doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_autoptr(GPtrArray) elements = care_test_pdf_elements (pdf);
  g_autoptr(GString) pages = g_string_new (NULL);

  g_assert_no_error (error);
  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autoptr(CarePopplerPage) page = poppler_document_get_page (doc, i);
      g_autofree char *page_text = poppler_page_get_text (page);

      g_string_append (pages, page_text);
    }
  /* Wrapped: the page's text breaks it into lines. */
  g_assert_null (strstr (pages->str, text));
  if (!care_test_pdf_has_element (elements, kind, text, TRUE))
    {
      for (guint i = 0; i < elements->len; i++)
        g_test_message ("%s", (char *) g_ptr_array_index (elements, i));
      g_error ("No %s element holds \"%s\" whole", kind, text);
    }
}

/* Headings, tables with header and data cells, and paragraphs: what every
 * printout drawn with care-document.c has. */
static inline void
care_test_assert_tagged (GBytes     *pdf,
                         const char *title)
{
  g_autoptr(GPtrArray) elements = care_test_pdf_elements (pdf);

  for (guint i = 0; i < elements->len && g_test_verbose (); i++)
    g_test_message ("%s", (char *) g_ptr_array_index (elements, i));
  g_assert_cmpuint (elements->len, >, 0);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (elements, 0), "document:"));
  g_assert_true (care_test_pdf_has_element (elements, "heading-1", title, FALSE));
  g_assert_true (care_test_pdf_has_element (elements, "table", "", FALSE));
  g_assert_true (care_test_pdf_has_element (elements, "table-row", "", FALSE));
  g_assert_true (care_test_pdf_has_element (elements, "table-heading", "", FALSE));
  g_assert_true (care_test_pdf_has_element (elements, "table-data", "", FALSE));
  g_assert_true (care_test_pdf_has_element (elements, "paragraph", "", FALSE));
}
