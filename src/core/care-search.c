/* care-search.c: patient search as you type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-search"

#include "config.h"

#include "care-store-private.h"

/* Ranking (bm25) must look at every match, which for a one- or two-letter
 * prefix over a million patients is most of them. Up to this many matches
 * are ranked; beyond it the query is too unspecific for ranking to mean
 * much, and the newest registrations come first instead (FTS5 walks its
 * index backwards by rowid without looking at the rest). */
#define RANK_LIMIT 4000

char *
care_search_build_query (const char *text)
{
  g_autofree char *folded = NULL;
  GString *query;
  const char *p;
  guint n = 0;

  if (text == NULL)
    return NULL;

  /* Split where the unicode61 tokenizer would: at anything that is not a
   * letter, a digit or a combining mark. Each word becomes an exact term OR
   * a prefix, so "smith" ranks John Smith above Maria Smithson. */
  folded = g_utf8_make_valid (text, -1);
  query = g_string_new (NULL);
  p = folded;
  while (*p)
    {
      const char *start;
      g_autofree char *word = NULL;

      while (*p)
        {
          gunichar c = g_utf8_get_char (p);
          if (g_unichar_isalnum (c) || g_unichar_ismark (c))
            break;
          p = g_utf8_next_char (p);
        }
      if (*p == '\0')
        break;
      start = p;
      while (*p)
        {
          gunichar c = g_utf8_get_char (p);
          if (!g_unichar_isalnum (c) && !g_unichar_ismark (c))
            break;
          p = g_utf8_next_char (p);
        }
      word = g_strndup (start, p - start);
      /* Words are letters and digits only, so they never contain a quote.
       * One character is too little to expand as a prefix over a large
       * clinic (no index covers it); it must match a whole word. */
      if (g_utf8_strlen (word, -1) < 2)
        g_string_append_printf (query, "%s\"%s\"", n ? " AND " : "", word);
      else
        g_string_append_printf (query, "%s(\"%s\" OR \"%s\"*)", n ? " AND " : "", word, word);
      if (++n == 8)
        break;
    }

  if (n == 0)
    {
      g_string_free (query, TRUE);
      return NULL;
    }
  return g_string_free (query, FALSE);
}

static gint64
count_matches (CareStore  *self,
               const char *query,
               gint64      limit,
               GError    **error)
{
  sqlite3_stmt *stmt = care_store_prepare (self,
                                           "SELECT count(*) FROM (SELECT rowid FROM patient_search "
                                           "WHERE patient_search MATCH ?1 LIMIT ?2)", error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    care_store_set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  return n;
}

GPtrArray *
care_store_search_patients (CareStore  *self,
                            const char *text,
                            guint       limit,
                            GError    **error)
{
  const CareEntity *entity = care_schema_lookup ("patient");
  g_autofree char *query = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) results = NULL;
  sqlite3_stmt *stmt;
  gint64 matches;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (self), NULL);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  query = care_search_build_query (text);
  if (query == NULL || limit == 0)
    return g_steal_pointer (&results);

  matches = count_matches (self, query, RANK_LIMIT + 1, error);
  if (matches < 0)
    return NULL;
  if (matches == 0)
    return g_steal_pointer (&results);

  columns = care_store_column_list (entity, "p.");
  if (matches <= RANK_LIMIT)
    /* Name matches weigh most, then the record number, then contacts. */
    sql = g_strdup_printf ("SELECT %s FROM patient_search s JOIN patients p ON p.seq = s.rowid "
                           "WHERE patient_search MATCH ?1 AND p.tenant_id IS ?3 "
                           "ORDER BY bm25(patient_search, 10.0, 2.0, 2.0, 5.0), "
                           "p.family_name COLLATE NOCASE, p.given_name COLLATE NOCASE LIMIT ?2",
                           columns);
  else
    sql = g_strdup_printf ("SELECT %s FROM patient_search s JOIN patients p ON p.seq = s.rowid "
                           "WHERE patient_search MATCH ?1 AND p.tenant_id IS ?3 "
                           "ORDER BY s.rowid DESC LIMIT ?2",
                           columns);

  stmt = care_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_text (stmt, 3, care_store_get_tenant_id (self), -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (results, care_store_record_from_row (entity, stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&results);
}
