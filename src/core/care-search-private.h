/* care-search-private.h: the search's query builder, for care-search*.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "care-store.h"

G_BEGIN_DECLS

/* How care_search_query() writes each word: the word itself; a prefix
 * (which also finds the word); either, as two phrases, so that bm25 ranks
 * the exact word above a longer one (the server's and billing's searches). */
typedef enum {
  CARE_SEARCH_EXACT,
  CARE_SEARCH_PREFIX,
  CARE_SEARCH_EXACT_OR_PREFIX,
} CareSearchKind;

/* What care_search_query() found among the words: a single letter (the
 * start of a name), a digit (of a phone or a record number), more than
 * one word. */
typedef enum {
  CARE_SEARCH_WORDS_INITIAL = 1 << 0,
  CARE_SEARCH_WORDS_DIGITS  = 1 << 1,
  CARE_SEARCH_WORDS_SEVERAL = 1 << 2,
} CareSearchWords;

/* The FTS5 query of what is typed (NULL when it has no word): for
 * patient_search, or, names_only, for patient_name_search, whose one
 * column is the name. words (may be NULL) tells what the words were.
 * With a store, a word of one character written as a prefix is the
 * two-character prefixes of it that the index has
 * (care_search_letter_terms()); without, "x"*. */
char *care_search_query        (CareStore       *store,
                                const char      *text,
                                CareSearchKind   kind,
                                gboolean         names_only,
                                CareSearchWords *words);

/* A word of one character (no quote) as the FTS5 expression of the terms
 * of fts that start with it: the word, or a two-character prefix
 * ("\"d\" OR \"da\"* OR …"); "\"d\"*" if the index has too many.
 * Kept on the store until anything is written to it. */
char *care_search_letter_terms (CareStore       *store,
                                const char      *fts,
                                const char      *letter);

G_END_DECLS
