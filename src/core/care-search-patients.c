/* care-search-patients.c: the patients that match what is typed, ranked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-search"

#include "config.h"

#include "care-search-private.h"
#include "care-store-private.h"

/* Sorting by name must read every match's row, which for a one- or
 * two-letter prefix over a million patients is most of them. Up to this
 * many matches are sorted, within the 5 ms a keystroke may take. */
#define RANK_LIMIT 500

/* The rowids of the matches of query in index (patient_search or
 * patient_name_search), up to limit, without reading a row: oldest first
 * (FTS5's own order, a third faster than backwards), or newest first. */
static GArray *
match_rowids (CareStore  *self,
              const char *index,
              const char *query,
              guint       limit,
              gboolean    newest_first,
              GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rowid FROM %s WHERE %s MATCH ?1 ORDER BY rowid %s LIMIT ?2",
                                          index, index, newest_first ? "DESC" : "ASC");
  sqlite3_stmt *stmt = care_store_prepare (self, sql, error);
  GArray *rowids;
  int rc;

  if (stmt == NULL)
    return NULL;
  rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (self, error);
      g_array_unref (rowids);
      return NULL;
    }
  return rowids;
}

/* rowids as a JSON array, for json_each(). */
static char *
rowids_json (GArray *rowids)
{
  GString *json = g_string_sized_new (rowids ? 8 * rowids->len + 2 : 2);

  g_string_append_c (json, '[');
  /* Digits by hand: printf's formatting was a fifth of a 3-letter search. */
  for (guint i = 0; rowids != NULL && i < rowids->len; i++)
    {
      guint64 n = (guint64) g_array_index (rowids, gint64, i);
      char digits[24];
      guint k = sizeof digits;

      do
        digits[--k] = '0' + n % 10;
      while ((n /= 10) > 0);
      if (i > 0)
        g_string_append_c (json, ',');
      g_string_append_len (json, digits + k, sizeof digits - k);
    }
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

/* "SELECT" the patient's columns (of p) "FROM …", prepared once. */
static sqlite3_stmt *
prepare_rows (CareStore  *self,
              const char *from,
              GError    **error)
{
  g_autofree char *columns = care_store_column_list (care_schema_lookup ("patient"), "p.");
  g_autofree char *sql = g_strdup_printf ("SELECT %s %s", columns, from);

  return care_store_prepare (self, sql, error);
}

/* The patients stmt's rows are, then resets it; NULL and error if it fails. */
static GPtrArray *
collect_rows (CareStore    *self,
              sqlite3_stmt *stmt,
              GError      **error)
{
  const CareEntity *entity = care_schema_lookup ("patient");
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (results, care_store_record_from_row (entity, stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (self, error);
      g_clear_pointer (&results, g_ptr_array_unref);
    }
  return results;
}

/* Few enough matches to sort: the rows of all of them, in one statement,
 * the exact ones first (the rowids exact, or, without them, the names
 * whose words are typed's), each group in name order. */
static GPtrArray *
read_ranked (CareStore  *self,
             GArray     *matches,
             GArray     *exact,
             const char *typed,
             guint       limit,
             GError    **error)
{
  g_autofree char *all = rowids_json (matches);
  g_autofree char *first = exact ? rowids_json (exact) : g_strdup (typed);
  /* Sorted on the names alone (the first columns of a row: the rest of a
   * wide row is not decoded), then the whole rows of the first limit. */
#define RANKED(exactness) \
  "FROM (SELECT p.seq AS seq, " exactness " AS exact " \
  "      FROM json_each(?1) m CROSS JOIN patients p ON p.seq = m.value WHERE p.tenant_id IS ?3 " \
  "      ORDER BY exact DESC, p.family_name COLLATE NOCASE, p.given_name COLLATE NOCASE LIMIT ?2) r " \
  "CROSS JOIN patients p ON p.seq = r.seq " \
  "ORDER BY r.exact DESC, p.family_name COLLATE NOCASE, p.given_name COLLATE NOCASE"
  sqlite3_stmt *stmt = prepare_rows (self, exact ?
                                     RANKED ("p.seq IN (SELECT value FROM json_each(?4))") :
                                     RANKED ("care_search_exact(?4, p.given_name, p.family_name, p.preferred_name)"),
                                     error);
#undef RANKED

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, all, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_text (stmt, 3, care_store_get_tenant_id (self), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, first, -1, SQLITE_STATIC);
  return collect_rows (self, stmt, error);
}

/* Too many matches to sort: the exact ones, then the others, each newest
 * first, in one statement (json_each gives them in that order, and the
 * CROSS JOIN keeps it). */
static GPtrArray *
read_newest (CareStore  *self,
             GArray     *matches,
             GArray     *exact,
             guint       limit,
             GError    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *json = NULL;
  GArray *lists[2] = { exact, matches };
  sqlite3_stmt *stmt;

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      if (g_hash_table_add (seen, &g_array_index (lists[l], gint64, i)))
        g_array_append_val (order, g_array_index (lists[l], gint64, i));
  json = rowids_json (order);
  stmt = prepare_rows (self, "FROM json_each(?1) m CROSS JOIN patients p ON p.seq = m.value "
                             "WHERE p.tenant_id IS ?2 LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, care_store_get_tenant_id (self), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit);
  return collect_rows (self, stmt, error);
}

/* Whether the store has patient_name_search (a store made by an earlier
 * build of version 6 has not), asked once per store: the schema's table
 * is read whole to answer. */
static gboolean
has_name_index (CareStore *self)
{
  gpointer known = g_object_get_data (G_OBJECT (self), "care-search-name-index");
  g_autofree char *found = NULL;

  if (known != NULL)
    return GPOINTER_TO_INT (known) == 2;
  found = care_store_query_text (self, "SELECT 1 FROM sqlite_master "
                                       "WHERE type = 'table' AND name = 'patient_name_search'", NULL, NULL);
  g_object_set_data (G_OBJECT (self), "care-search-name-index", GINT_TO_POINTER (found ? 2 : 1));
  return found != NULL;
}

GPtrArray *
care_store_search_patients (CareStore  *self,
                            const char *text,
                            guint       limit,
                            GError    **error)
{
  g_autofree char *query = NULL;
  g_autofree char *exact = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GArray) exact_matches = NULL;
  const char *index = "patient_search";
  gboolean names_only;
  CareSearchWords flags;
  guint probe;

  g_return_val_if_fail (CARE_IS_STORE (self), NULL);

  /* What the words are, first: they choose the index. */
  query = care_search_query (NULL, text, CARE_SEARCH_PREFIX, FALSE, &flags);
  if (query == NULL || limit == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  /* A single letter is the start of a name, and so are the words typed
   * with it ("tomas d"), unless one has a digit: those go to the names'
   * own index (care-store-migrations.c, version 6), where a letter's
   * prefix lists only names; a store made before it had the index keeps
   * the column filter. */
  names_only = (flags & (CARE_SEARCH_WORDS_INITIAL | CARE_SEARCH_WORDS_DIGITS)) == CARE_SEARCH_WORDS_INITIAL && has_name_index (self);
  if (names_only)
    index = "patient_name_search";
  g_free (query);
  query = care_search_query (self, text, CARE_SEARCH_PREFIX, names_only, NULL);

  /* The patients whose words are the typed words come first ("smith": the
   * Smiths before the Smithsons), then the rest of the matches: in name
   * order when there are few enough to sort, else newest first (FTS5 walks
   * its index backwards by rowid without looking at the rest). Not bm25:
   * it counts the rows of every typed word for its weights, a whole
   * clinic's for a single letter or a "555" every phone has. The exact
   * words are looked for first: when they fill the page (a phone's last
   * four: ~100 at a million patients), the prefixes' matches, which FTS5
   * gathers from every term that starts with them, are not. A name's rows
   * are read to sort them anyway: their words tell which are exact
   * (care_search_exact) without a pass over the index. */
  probe = MAX (RANK_LIMIT, 2 * limit) + 1;
  /* (A name's exact query only when there are too many names to read:
   * each letter in it is a walk of the index's vocabulary.) */
  exact = names_only ? NULL : care_search_query (self, text, CARE_SEARCH_EXACT, FALSE, NULL);
  if (names_only || g_str_equal (exact, query))
    exact_matches = g_array_new (FALSE, FALSE, sizeof (gint64));
  else
    {
      exact_matches = match_rowids (self, index, exact, probe, TRUE, error);
      if (exact_matches == NULL)
        return NULL;
      if (exact_matches->len >= limit)
        return exact_matches->len <= RANK_LIMIT ?
               read_ranked (self, exact_matches, exact_matches, NULL, limit, error) :
               read_newest (self, exact_matches, exact_matches, limit, error);
    }

  /* The matches' rowids from the index alone: up to one more than are
   * sorted (then: too many to sort), and enough to fill the limit after
   * the exact ones. Several words (an AND) are read oldest first (FTS5's
   * own order, a third cheaper) and seldom have too many matches; one
   * word often has: newest first at once. */
  matches = match_rowids (self, index, query, probe, !(flags & CARE_SEARCH_WORDS_SEVERAL), error);
  if (matches != NULL && matches->len > RANK_LIMIT && (flags & CARE_SEARCH_WORDS_SEVERAL))
    {
      g_array_unref (matches);
      matches = match_rowids (self, index, query, probe, TRUE, error);
    }
  if (matches == NULL)
    return NULL;
  if (matches->len == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  if (matches->len > RANK_LIMIT && names_only)
    exact = care_search_query (self, text, CARE_SEARCH_EXACT, TRUE, NULL);
  if (matches->len > RANK_LIMIT && names_only && !g_str_equal (exact, query))
    {
      /* Too many names to read: the exact ones from the index after all. */
      g_array_unref (exact_matches);
      exact_matches = match_rowids (self, index, exact, limit, TRUE, error);
      if (exact_matches == NULL)
        return NULL;
    }
  if (matches->len > RANK_LIMIT)
    return read_newest (self, matches, exact_matches, limit, error);
  return read_ranked (self, matches, names_only ? NULL : exact_matches, text, limit, error);
}
