/* care-search.c: patient search as you type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-search"

#include "config.h"

#include "care-search-private.h"
#include "care-store-private.h"

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
static GString *
search_name (int             argc,
             sqlite3_value **argv)
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
  return name;
}

/* The same for a name of plain ASCII (most names, and every row of a
 * million-row import's catch-up), written into buf without GLib's Unicode
 * tables or an allocation: folding ASCII is lower case without the joining
 * marks, so the name differs from its folding only where it has one.
 * Returns the length, or -1 (nothing to rely on in buf) for a part that is
 * not ASCII or a name that does not fit. */
static gssize
search_name_ascii (int             argc,
                   sqlite3_value **argv,
                   char           *buf,
                   gsize           size)
{
  gsize n = 0, written;
  gboolean marks = FALSE;

  for (int i = 0; i < argc; i++)
    {
      const unsigned char *part = sqlite3_value_text (argv[i]);

      if (part == NULL || *part == '\0')
        continue;
      if (n > 0)
        buf[n++] = ' ';
      for (; *part; part++)
        {
          if (*part >= 0x80 || n + 2 >= size)
            return -1;
          marks |= is_joining_mark (*part);
          buf[n++] = (char) *part;
        }
    }
  if (!marks)
    return n;
  if (2 * n + 1 >= size)
    return -1;
  written = n;
  buf[n++] = ' ';
  for (gsize k = 0; k < written; k++)
    if (!is_joining_mark ((guchar) buf[k]))
      buf[n++] = g_ascii_tolower (buf[k]);
  return n;
}

static void
search_name_fn (sqlite3_context *ctx,
                int              argc,
                sqlite3_value  **argv)
{
  char buf[1024];
  gssize len = search_name_ascii (argc, argv, buf, sizeof buf);
  GString *name;

  if (len >= 0)
    {
      sqlite3_result_text (ctx, buf, (int) len, SQLITE_TRANSIENT);
      return;
    }
  name = search_name (argc, argv);
  sqlite3_result_text (ctx, name->str, (int) name->len, SQLITE_TRANSIENT);
  g_string_free (name, TRUE);
}

/* care_search_phone(phone): the phone as typed, its digits, the digits after
 * an international prefix ("+34 600 111 222" is also "600111222") and the
 * last four, which is how a caller often gives it. The national digits
 * are the digits' end, so all is written in one pass into one buffer that
 * SQLite takes as it is. */
static void
search_phone_fn (sqlite3_context *ctx,
                 int              argc,
                 sqlite3_value  **argv)
{
  const char *phone = (const char *) sqlite3_value_text (argv[0]);
  gsize len, n, n_digits = 0, n_prefix = 0;
  gboolean international, in_prefix;
  char *out, *digits;

  if (phone == NULL)
    {
      sqlite3_result_text (ctx, "", 0, SQLITE_STATIC);
      return;
    }
  len = strlen (phone);
  /* The phone, then its digits, national digits and last four, each
   * after a space: at most 3 × len + 7 bytes. */
  out = sqlite3_malloc64 (3 * len + 8);
  if (out == NULL)
    {
      sqlite3_result_error_nomem (ctx);
      return;
    }
  memcpy (out, phone, len);
  digits = out + len + 1;
  international = phone[0] == '+' || g_str_has_prefix (phone, "00");
  in_prefix = international;
  for (const char *p = phone; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          digits[n_digits++] = *p;
          if (in_prefix)
            n_prefix++;
        }
      else if (g_ascii_isspace (*p) && n_digits > 0)
        in_prefix = FALSE;
    }
  n = len;
  if (n_digits > 0)
    {
      out[n] = ' ';
      n += 1 + n_digits;
    }
  if (international && n_prefix > 0 && n_prefix < n_digits)
    {
      out[n++] = ' ';
      memmove (out + n, digits + n_prefix, n_digits - n_prefix);
      n += n_digits - n_prefix;
    }
  if (n_digits > 4)
    {
      out[n++] = ' ';
      memmove (out + n, digits + n_digits - 4, 4);
      n += 4;
    }
  sqlite3_result_text64 (ctx, out, n, sqlite3_free, SQLITE_UTF8);
}

static void search_exact_fn (sqlite3_context *ctx,
                             int              argc,
                             sqlite3_value  **argv);

void
care_search_register_functions (sqlite3 *db)
{
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

  sqlite3_create_function (db, "care_search_name", 3, flags, NULL, search_name_fn, NULL, NULL);
  sqlite3_create_function (db, "care_search_phone", 1, flags, NULL, search_phone_fn, NULL, NULL);
  sqlite3_create_function (db, "care_search_exact", 4, flags, NULL, search_exact_fn, NULL, NULL);
}

char *
care_search_build_query (const char *text)
{
  return care_search_query (NULL, text, CARE_SEARCH_EXACT_OR_PREFIX, FALSE, NULL);
}

char *
care_store_search_query (CareStore  *self,
                         const char *text)
{
  g_return_val_if_fail (CARE_IS_STORE (self), NULL);

  return care_search_query (self, text, CARE_SEARCH_EXACT_OR_PREFIX, FALSE, NULL);
}

/* The words of text, split where the unicode61 tokenizer would: at
 * anything that is not a letter, a digit or a combining mark; each folded
 * as the index's second spelling is ("weiß" finds Weiss) when fold is set,
 * else lower case. At most max. */
static GPtrArray *
split_words (const char *text,
             gboolean    fold,
             guint       max)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *p = valid;

  while (*p && words->len < max)
    {
      const char *start;
      g_autofree char *raw = NULL;

      while (*p && !g_unichar_isalnum (g_utf8_get_char (p)) && !g_unichar_ismark (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;
      start = p;
      while (*p && (g_unichar_isalnum (g_utf8_get_char (p)) || g_unichar_ismark (g_utf8_get_char (p))))
        p = g_utf8_next_char (p);
      raw = g_strndup (start, p - start);
      g_ptr_array_add (words, fold ? care_search_fold (raw) : g_utf8_strdown (raw, -1));
    }
  return words;
}

/* A single letter is the start of a name: every record number starts with
 * its workstation's code ("D7QF-000123"), which would make "d" find every
 * patient registered there. */
static gboolean
is_initial (const char *word)
{
  return g_utf8_strlen (word, -1) == 1 && g_unichar_isalpha (g_utf8_get_char (word));
}

/* Words that are typed out in full: each a term, not a prefix, except a
 * single letter, which only ever starts a name. */
char *
care_search_query (CareStore       *store,
                   const char      *text,
                   CareSearchKind   kind,
                   gboolean         names_only,
                   CareSearchWords *flags)
{
  g_autoptr(GPtrArray) words = NULL;
  GString *query;

  if (flags != NULL)
    *flags = 0;
  if (text == NULL)
    return NULL;

  /* Each word becomes a prefix (which also finds the word itself); the
   * exact query, run first, puts John Smith above Maria Smithson for
   * "smith". Words are letters and digits only, so they never contain a
   * quote. A single letter is a prefix too: the index keeps one-letter
   * prefixes, so "tomas d" finds Tomás Dávila. */
  words = split_words (text, TRUE, 8);
  query = g_string_new (NULL);
  for (guint i = 0; i < words->len; i++)
    {
      const char *word = words->pdata[i];
      gboolean initial = is_initial (word);

      if (flags != NULL)
        *flags |= (initial ? CARE_SEARCH_WORDS_INITIAL : 0) | (strpbrk (word, "0123456789") ? CARE_SEARCH_WORDS_DIGITS : 0) |
                  (i > 0 ? CARE_SEARCH_WORDS_SEVERAL : 0);
      if (initial && !names_only)
        g_string_append_printf (query, "%sname : ", i ? " AND " : "");
      else if (i)
        g_string_append (query, " AND ");
      if (kind == CARE_SEARCH_EXACT && !initial)
        g_string_append_printf (query, "\"%s\"", word);
      else if (store != NULL && g_utf8_strlen (word, -1) == 1)
        {
          g_autofree char *terms = care_search_letter_terms (store, names_only ? "patient_name_search" : "patient_search", word);

          g_string_append_printf (query, "(%s)", terms);
        }
      else if (kind == CARE_SEARCH_EXACT_OR_PREFIX)
        g_string_append_printf (query, "(\"%s\" OR \"%s\"*)", word, word);
      else
        g_string_append_printf (query, "\"%s\"*", word);
    }
  if (words->len == 0)
    {
      g_string_free (query, TRUE);
      return NULL;
    }
  return g_string_free (query, FALSE);
}

/* word without its accents, as unicode61's remove_diacritics compares. */
static char *
strip_marks (const char *word)
{
  g_autofree char *nfd = g_utf8_normalize (word, -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);

  for (const char *p = nfd; p && *p; p = g_utf8_next_char (p))
    if (!g_unichar_ismark (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

/* The typed words but initials, without accents. */
static GPtrArray *
exact_words (const char *text,
             gboolean    fold)
{
  g_autoptr(GPtrArray) words = split_words (text, fold, fold ? 8 : G_MAXUINT);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < words->len; i++)
    if (!fold || !is_initial (words->pdata[i]))
      g_ptr_array_add (out, strip_marks (words->pdata[i]));
  return out;
}

/* care_search_exact(typed, given, family, preferred): whether each typed
 * word but an initial is a whole word of the name as patient_name_search
 * holds it (care_search_name), accents aside: the exact query of the
 * names' index, for rows already read. */
static void
search_exact_fn (sqlite3_context *ctx,
                 int              argc,
                 sqlite3_value  **argv)
{
  GPtrArray *typed = sqlite3_get_auxdata (ctx, 0);
  GString *name = search_name (argc - 1, argv + 1);
  g_autoptr(GPtrArray) words = exact_words (name->str, FALSE);
  gboolean exact = TRUE;

  if (typed == NULL)
    typed = exact_words (sqlite3_value_text (argv[0]) ? (const char *) sqlite3_value_text (argv[0]) : "", TRUE);
  for (guint i = 0; exact && i < typed->len; i++)
    exact = g_ptr_array_find_with_equal_func (words, typed->pdata[i], g_str_equal, NULL);
  sqlite3_result_int (ctx, exact);
  g_string_free (name, TRUE);
  /* Kept for the statement's next rows; SQLite may free it at once. */
  if (typed != sqlite3_get_auxdata (ctx, 0))
    sqlite3_set_auxdata (ctx, 0, typed, (void (*) (void *)) g_ptr_array_unref);
}
