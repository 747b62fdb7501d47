/* care-search.c: patient search as you type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-search"

#include "config.h"

#include "care-store-private.h"

/* Sorting by name must read every match's row, which for a one- or
 * two-letter prefix over a million patients is most of them. Up to this
 * many matches are sorted, within the 5 ms a keystroke may take. */
#define RANK_LIMIT 500

/* Letters the unicode61 tokenizer keeps as they are, though people type
 * them as plain Latin letters (a Danish "ø" typed as "o", a German "ß" as
 * "ss"), lower case only: the input is case-folded first. */
static const struct {
  gunichar    from;
  const char *to;
} transliterations[] = {
  { 0x00DF, "ss" }, /* ß */
  { 0x00E6, "ae" }, /* æ */
  { 0x0153, "oe" }, /* œ */
  { 0x00F8, "o" },  /* ø */
  { 0x0142, "l" },  /* ł */
  { 0x0111, "d" },  /* đ */
  { 0x00F0, "d" },  /* ð */
  { 0x00FE, "th" }, /* þ */
  { 0x0131, "i" },  /* dotless ı */
};

/* Marks people leave out when they type a name: O'Brien is typed "obrien",
 * Mary-Jane "maryjane". */
static gboolean
is_joining_mark (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == 0x02BC || c == '`' || c == 0x00B4 ||
         c == '-' || c == 0x2010 || c == 0x2011;
}

char *
care_search_fold (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *lower = NULL;
  GString *out;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  lower = g_utf8_casefold (valid, -1);
  out = g_string_sized_new (strlen (lower));
  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *to = NULL;

      if (is_joining_mark (c))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (transliterations); i++)
        if (transliterations[i].from == c)
          to = transliterations[i].to;
      if (to != NULL)
        g_string_append (out, to);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* care_search_name(given, family, preferred): what the index holds of a
 * name — the name as written, then, where folding changes it, the way it is
 * typed ("Søren O'Brien" also as "soren obrien"), so both find it. */
static void
search_name_fn (sqlite3_context *ctx,
                int              argc,
                sqlite3_value  **argv)
{
  GString *name = g_string_new (NULL);
  g_autofree char *folded = NULL;
  g_autofree char *lower = NULL;

  for (int i = 0; i < argc; i++)
    {
      const char *part = (const char *) sqlite3_value_text (argv[i]);

      if (part != NULL && *part != '\0')
        g_string_append_printf (name, "%s%s", name->len ? " " : "", part);
    }
  folded = care_search_fold (name->str);
  /* Lower case, not case-folded: folding already turns "ß" into "ss". */
  lower = g_utf8_strdown (name->str, -1);
  if (!g_str_equal (folded, lower))
    g_string_append_printf (name, " %s", folded);
  sqlite3_result_text (ctx, name->str, (int) name->len, SQLITE_TRANSIENT);
  g_string_free (name, TRUE);
}

/* care_search_phone(phone): the phone as typed, its digits, the digits after
 * an international prefix ("+34 600 111 222" is also "600111222") and the
 * last four, which is how a caller often gives it. */
static void
search_phone_fn (sqlite3_context *ctx,
                 int              argc,
                 sqlite3_value  **argv)
{
  const char *phone = (const char *) sqlite3_value_text (argv[0]);
  GString *digits, *national, *out;
  gboolean international, in_prefix;

  if (phone == NULL)
    {
      sqlite3_result_text (ctx, "", 0, SQLITE_STATIC);
      return;
    }
  digits = g_string_new (NULL);
  national = g_string_new (NULL);
  international = phone[0] == '+' || g_str_has_prefix (phone, "00");
  in_prefix = international;
  for (const char *p = phone; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (digits, *p);
          if (!in_prefix)
            g_string_append_c (national, *p);
        }
      else if (g_ascii_isspace (*p) && digits->len > 0)
        in_prefix = FALSE;
    }
  out = g_string_new (phone);
  if (digits->len > 0)
    g_string_append_printf (out, " %s", digits->str);
  if (international && national->len > 0 && national->len < digits->len)
    g_string_append_printf (out, " %s", national->str);
  if (digits->len > 4)
    g_string_append_printf (out, " %s", digits->str + digits->len - 4);
  sqlite3_result_text (ctx, out->str, (int) out->len, SQLITE_TRANSIENT);
  g_string_free (out, TRUE);
  g_string_free (national, TRUE);
  g_string_free (digits, TRUE);
}

void
care_search_register_functions (sqlite3 *db)
{
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

  sqlite3_create_function (db, "care_search_name", 3, flags, NULL, search_name_fn, NULL, NULL);
  sqlite3_create_function (db, "care_search_phone", 1, flags, NULL, search_phone_fn, NULL, NULL);
}

/* How build_query writes each word: the word itself; a prefix (which also
 * finds the word); either, as two phrases, so that bm25 ranks the exact
 * word above a longer one (the server's and billing's searches). */
typedef enum {
  QUERY_EXACT,
  QUERY_PREFIX,
  QUERY_EXACT_OR_PREFIX,
} QueryKind;

/* What build_query found among the words: a single letter (the start of
 * a name), a digit (of a phone or a record number). */
typedef enum {
  WORDS_INITIAL = 1 << 0,
  WORDS_DIGITS  = 1 << 1,
} WordFlags;

static char *build_query (const char *text,
                          QueryKind   kind,
                          gboolean    names_only,
                          WordFlags  *flags);

char *
care_search_build_query (const char *text)
{
  return build_query (text, QUERY_EXACT_OR_PREFIX, FALSE, NULL);
}

/* Words that are typed out in full: each a term, not a prefix, except a
 * single letter, which only ever starts a name. names_only: for
 * patient_name_search, whose one column is the name. */
static char *
build_query (const char *text,
             QueryKind   kind,
             gboolean    names_only,
             WordFlags  *flags)
{
  g_autofree char *folded = NULL;
  GString *query;
  const char *p;
  guint n = 0;

  if (flags != NULL)
    *flags = 0;
  if (text == NULL)
    return NULL;

  /* Split where the unicode61 tokenizer would: at anything that is not a
   * letter, a digit or a combining mark. Each word becomes a prefix (which
   * also finds the word itself); the exact query, run first, puts John
   * Smith above Maria Smithson for "smith". */
  folded = g_utf8_make_valid (text, -1);
  query = g_string_new (NULL);
  p = folded;
  while (*p)
    {
      const char *start;
      g_autofree char *raw = NULL;
      g_autofree char *word = NULL;
      gboolean initial;

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
      raw = g_strndup (start, p - start);
      /* Words are letters and digits only, so they never contain a quote.
       * Each is folded as the index's second spelling is ("weiß" finds
       * Weiss). A single letter is a prefix too: the index keeps one-letter
       * prefixes, so "tomas d" finds Tomás Dávila. */
      word = care_search_fold (raw);
      /* A single letter is the start of a name: every record number
       * starts with its workstation's code ("D7QF-000123"), which would
       * make "d" find every patient registered there. */
      initial = g_utf8_strlen (word, -1) == 1 && g_unichar_isalpha (g_utf8_get_char (word));
      if (flags != NULL)
        *flags |= (initial ? WORDS_INITIAL : 0) | (strpbrk (word, "0123456789") ? WORDS_DIGITS : 0);
      if (initial && !names_only)
        g_string_append_printf (query, "%sname : ", n ? " AND " : "");
      else if (n)
        g_string_append (query, " AND ");
      if (kind == QUERY_EXACT && !initial)
        g_string_append_printf (query, "\"%s\"", word);
      else if (kind == QUERY_EXACT_OR_PREFIX)
        g_string_append_printf (query, "(\"%s\" OR \"%s\"*)", word, word);
      else
        g_string_append_printf (query, "\"%s\"*", word);
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

/* The rowids of the matches of query in index (patient_search or
 * patient_name_search), newest first, up to limit, without reading a row. */
static GArray *
match_rowids (CareStore  *self,
              const char *index,
              const char *query,
              guint       limit,
              GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rowid FROM %s WHERE %s MATCH ?1 ORDER BY rowid DESC LIMIT ?2",
                                          index, index);
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
  GString *json = g_string_new ("[");

  for (guint i = 0; rowids != NULL && i < rowids->len; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (rowids, gint64, i));
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

/* Few enough matches to sort: the rows of all of them, in one statement,
 * the exact ones first, each group in name order. */
static GPtrArray *
read_ranked (CareStore  *self,
             GArray     *matches,
             GArray     *exact,
             guint       limit,
             GError    **error)
{
  const CareEntity *entity = care_schema_lookup ("patient");
  g_autofree char *all = rowids_json (matches);
  g_autofree char *first = rowids_json (exact);
  sqlite3_stmt *stmt = prepare_rows (self, "FROM json_each(?1) m CROSS JOIN patients p ON p.seq = m.value "
                                     "WHERE p.tenant_id IS ?3 "
                                     "ORDER BY p.seq IN (SELECT value FROM json_each(?4)) DESC, "
                                     "p.family_name COLLATE NOCASE, p.given_name COLLATE NOCASE LIMIT ?2", error);
  GPtrArray *results;
  int rc;

  if (stmt == NULL)
    return NULL;
  results = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  sqlite3_bind_text (stmt, 1, all, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_text (stmt, 3, care_store_get_tenant_id (self), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, first, -1, SQLITE_STATIC);
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

/* Too many matches to sort: the exact ones, then the others, each newest
 * first, a row at a time until limit. */
static GPtrArray *
read_newest (CareStore  *self,
             GArray     *matches,
             GArray     *exact,
             guint       limit,
             GError    **error)
{
  const CareEntity *entity = care_schema_lookup ("patient");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  sqlite3_stmt *stmt = prepare_rows (self, "FROM patients p WHERE p.seq = ?1 AND p.tenant_id IS ?2", error);
  GArray *lists[2] = { exact, matches };
  GPtrArray *results;

  if (stmt == NULL)
    return NULL;
  results = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] != NULL && i < lists[l]->len && results->len < limit; i++)
      {
        gint64 *rowid = &g_array_index (lists[l], gint64, i);
        int rc;

        if (!g_hash_table_add (seen, rowid))
          continue;
        sqlite3_reset (stmt);
        sqlite3_bind_int64 (stmt, 1, *rowid);
        sqlite3_bind_text (stmt, 2, care_store_get_tenant_id (self), -1, SQLITE_STATIC);
        rc = sqlite3_step (stmt);
        if (rc == SQLITE_ROW)
          g_ptr_array_add (results, care_store_record_from_row (entity, stmt, 0));
        else if (rc != SQLITE_DONE)
          {
            care_store_set_sqlite_error (self, error);
            sqlite3_reset (stmt);
            g_ptr_array_unref (results);
            return NULL;
          }
      }
  sqlite3_reset (stmt);
  return results;
}

/* Whether the store has patient_name_search (a store made by an earlier
 * build of version 6 has not). */
static gboolean
has_name_index (CareStore *self)
{
  sqlite3_stmt *stmt = care_store_prepare (self, "SELECT 1 FROM sqlite_master "
                                                 "WHERE type = 'table' AND name = 'patient_name_search'", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
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
  WordFlags flags;
  guint probe;

  g_return_val_if_fail (CARE_IS_STORE (self), NULL);

  query = build_query (text, QUERY_PREFIX, FALSE, &flags);
  if (query == NULL || limit == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  /* A single letter is the start of a name, and so are the words typed
   * with it ("tomas d"), unless one has a digit: those go to the names'
   * own index (care-store-migrations.c, version 6), where a letter's
   * prefix lists only names; a store made before it had the index keeps
   * the column filter. */
  names_only = flags == WORDS_INITIAL && has_name_index (self);
  if (names_only)
    {
      index = "patient_name_search";
      g_free (query);
      query = build_query (text, QUERY_PREFIX, TRUE, NULL);
    }

  /* The matches' rowids, newest first, from the index alone: up to one
   * more than are sorted (then: too many to sort), and enough to fill the
   * limit after the exact ones. */
  probe = MAX (RANK_LIMIT, 2 * limit) + 1;
  matches = match_rowids (self, index, query, probe, error);
  if (matches == NULL)
    return NULL;
  if (matches->len == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);

  /* The patients whose words are the typed words come first ("smith": the
   * Smiths before the Smithsons), then the rest of the matches: in name
   * order when there are few enough to sort, else newest first (FTS5 walks
   * its index backwards by rowid without looking at the rest). Not bm25:
   * it counts the rows of every typed word for its weights, a whole
   * clinic's for a single letter or a "555" every phone has. */
  exact = build_query (text, QUERY_EXACT, names_only, NULL);
  if (!g_str_equal (exact, query))
    {
      exact_matches = match_rowids (self, index, exact, matches->len <= RANK_LIMIT ? RANK_LIMIT : limit, error);
      if (exact_matches == NULL)
        return NULL;
    }
  if (matches->len <= RANK_LIMIT)
    return read_ranked (self, matches, exact_matches, limit, error);
  return read_newest (self, matches, exact_matches, limit, error);
}
