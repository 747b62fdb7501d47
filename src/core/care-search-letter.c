/* care-search-letter.c: a word of one character, from the index's
 * two-character prefixes
 *
 * The search indexes keep prefixes of two and three characters, not of
 * one: a one-character prefix is an entry for nearly every token of every
 * row (31% of a million-row import's index catch-up, BENCHMARKS.md). A
 * letter typed alone or after a name ("b", "tomas d") is the word itself
 * or one of the two-character prefixes that start with it, and the index's
 * own vocabulary (an fts5vocab table, a seek for each second character)
 * says which of those exist: "d" is ("d" OR "da"* OR "dá"* …), each a
 * single entry of the prefix index. Without that, FTS5 would gather the
 * doclist of every term that starts with the letter (25-90 ms at a
 * million patients).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-search"

#include "config.h"

#include "care-search-private.h"
#include "care-store-private.h"

/* More second characters than this (a script whose words are one or two
 * characters long): FTS5's own gathering of the terms, as slow as it is. */
#define MAX_SECONDS 64

/* The first term of fts in [from, to], prepared once per store and
 * index: the vocabulary table is made the first time (a temporary table,
 * the connection's own). */
static sqlite3_stmt *
prepare_first_term (CareStore  *store,
                    const char *fts)
{
  g_autofree char *sql = g_strdup_printf ("SELECT term FROM temp.%s_terms WHERE term >= ?1 AND term <= ?2 "
                                          "ORDER BY term LIMIT 1", fts);
  g_autofree char *create = NULL;
  sqlite3_stmt *stmt = care_store_prepare (store, sql, NULL);

  if (stmt != NULL)
    return stmt;
  create = g_strdup_printf ("CREATE VIRTUAL TABLE IF NOT EXISTS temp.%s_terms "
                            "USING fts5vocab(main, %s, instance)", fts, fts);
  if (!care_store_exec (store, create, NULL))
    return NULL;
  return care_store_prepare (store, sql, NULL);
}

static char *
walk_terms (CareStore  *store,
            const char *fts,
            const char *letter)
{
  sqlite3_stmt *stmt;
  g_autoptr(GString) from = g_string_new (letter);
  g_autofree char *to = g_strconcat (letter, "\xff", NULL);
  GString *terms = g_string_new (NULL);
  gsize n = strlen (letter);
  guint seconds = 0;
  int rc = SQLITE_ROW;

  g_return_val_if_fail (*letter != '\0' && !strchr (letter, '"'), NULL);

  stmt = prepare_first_term (store, fts);
  if (stmt == NULL)
    goto fallback;
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  g_string_append_printf (terms, "\"%s\"", letter);
  while (seconds <= MAX_SECONDS)
    {
      const char *term, *second;
      gsize len;

      sqlite3_bind_text (stmt, 1, from->str, (int) from->len, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        break;
      term = (const char *) sqlite3_column_text (stmt, 0);
      /* The letter itself: the next term is longer. */
      if (term == NULL || strlen (term) <= n)
        {
          g_string_truncate (from, n);
          g_string_append_c (from, '\x01');
          sqlite3_reset (stmt);
          continue;
        }
      second = term + n;
      len = g_utf8_next_char (second) - second;
      g_string_append_printf (terms, " OR \"%s%.*s\"*", letter, (int) len, second);
      seconds++;
      /* Past every term with this second character: the same bytes with
       * the last one greater (UTF-8 has no 0xff to overflow). */
      g_string_truncate (from, n);
      g_string_append_len (from, second, len);
      from->str[from->len - 1]++;
      sqlite3_reset (stmt);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return g_string_free (terms, FALSE);

fallback:
  g_string_free (terms, TRUE);
  return g_strdup_printf ("\"%s\"*", letter);
}

/* What a walk found, kept while the index stays as it was: nothing
 * written through this connection (sqlite3_total_changes64, which counts
 * the triggers' rows) nor committed by another (PRAGMA data_version). A
 * search as you type asks for the same letter at each keystroke. */
typedef struct {
  sqlite3_int64  changes;
  gint64         version;
  char          *terms;
} Walked;

static void
walked_free (Walked *walked)
{
  g_free (walked->terms);
  g_free (walked);
}

char *
care_search_letter_terms (CareStore  *store,
                          const char *fts,
                          const char *letter)
{
  GHashTable *cache = g_object_get_data (G_OBJECT (store), "care-search-letter-terms");
  g_autofree char *key = g_strconcat (fts, " ", letter, NULL);
  g_autofree char *version_text = care_store_query_text (store, "PRAGMA data_version", NULL, NULL);
  sqlite3_int64 changes = sqlite3_total_changes64 (care_store_get_db (store));
  gint64 version = version_text ? g_ascii_strtoll (version_text, NULL, 10) : -1;
  Walked *walked;

  if (cache == NULL)
    {
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) walked_free);
      g_object_set_data_full (G_OBJECT (store), "care-search-letter-terms", cache,
                              (GDestroyNotify) g_hash_table_unref);
    }
  walked = g_hash_table_lookup (cache, key);
  if (walked != NULL && walked->changes == changes && walked->version == version && version >= 0)
    return g_strdup (walked->terms);
  walked = g_new0 (Walked, 1);
  walked->changes = changes;
  walked->version = version;
  walked->terms = walk_terms (store, fts, letter);
  g_hash_table_replace (cache, g_steal_pointer (&key), walked);
  return g_strdup (walked->terms);
}
