/* care-collation.c: names in the order the user's language sorts them
 *
 * The patient list sorts by a stored, indexed key (patients.sort_key,
 * kept by triggers, store version 5), made here with the C library's
 * collation for LC_COLLATE: with es_ES or en_US "López" sorts with
 * "Lopez", before "Lute", and "Åberg" with the A's; with sv_SE "Åberg"
 * comes after "Z", where a Swede looks for it. The store remembers the
 * locale its keys were made for and makes them again when the user's
 * changes (care-store.c).
 *
 * In the C locale the C library compares bytes, which puts every accented
 * name after Z; there the key is the name's letters without accents,
 * case-folded, then the name itself to keep the order total.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-collation"

#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <string.h>

#include "care-collation.h"
#include "care-store-private.h"

const char *
care_collation_locale (void)
{
  const char *locale = setlocale (LC_COLLATE, NULL);

  return locale != NULL ? locale : "C";
}

char *
care_collation_locale_name (void)
{
#if defined (__GLIBC__) && defined (LC_ADDRESS_MASK)
  locale_t locale = newlocale (LC_ADDRESS_MASK, care_collation_locale (), (locale_t) 0);
  const char *language, *country;
  g_autofree char *name = NULL;
  g_autofree char *capital = NULL;

  if (locale == (locale_t) 0)
    return NULL;
  /* glibc's LC_ADDRESS names the language and country in the language:
   * "español", "España". */
  language = nl_langinfo_l (_NL_ADDRESS_LANG_NAME, locale);
  country = nl_langinfo_l (_NL_ADDRESS_COUNTRY_NAME, locale);
  if (language != NULL && *language != '\0' && g_utf8_validate (language, -1, NULL))
    {
      if (country != NULL && *country != '\0' && g_utf8_validate (country, -1, NULL))
        name = g_strdup_printf ("%s (%s)", language, country);
      else
        name = g_strdup (language);
    }
  freelocale (locale);
  if (name == NULL)
    return NULL;
  /* A language's name begins a line here: "Español", as a menu of
   * languages writes it. */
  capital = g_utf8_strup (name, g_utf8_next_char (name) - name);
  return g_strconcat (capital, g_utf8_next_char (name), NULL);
#else
  return NULL;
#endif
}

static gboolean
is_bytes_locale (const char *locale)
{
  return g_str_equal (locale, "C") || g_str_equal (locale, "POSIX") ||
         g_str_has_prefix (locale, "C.");
}

static gboolean
collates_bytes (void)
{
  return is_bytes_locale (care_collation_locale ());
}

/* "en_US.UTF-8" as "en_US.utf8": the codeset's spellings are one. */
static char *
normalize_locale (const char *locale)
{
  const char *dot = strchr (locale, '.');
  GString *out = g_string_new_len (locale, dot ? dot - locale : (gssize) strlen (locale));

  for (const char *p = dot; p && *p; p++)
    if (*p != '-')
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

gboolean
care_collation_same (const char *a,
                     const char *b)
{
  g_autofree char *na = NULL;
  g_autofree char *nb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  if (is_bytes_locale (a) || is_bytes_locale (b))
    return is_bytes_locale (a) && is_bytes_locale (b);
  na = normalize_locale (a);
  nb = normalize_locale (b);
  return g_str_equal (na, nb);
}

/* Case-folded, decomposed, letters and digits only: "López" -> "lopez",
 * "O'Brien" -> "obrien", as the C library's locales compare first. */
static char *
plain (const char *text)
{
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;
  const char *p;

  /* ASCII, as most names a clinic imports are: its letters in lower case
   * and its digits are what the folding below keeps of it, without the
   * two copies (9,000 of the 10,500 instructions of a row's key at an
   * import: BENCHMARKS.md, "Importing a patient list"). */
  for (p = text; *p && !(*p & 0x80); p++)
    ;
  if (*p == '\0')
    {
      char *ascii = g_malloc (p - text + 1), *o = ascii;

      for (p = text; *p; p++)
        if (g_ascii_isalnum (*p))
          *o++ = g_ascii_tolower (*p);
      *o = '\0';
      return ascii;
    }
  folded = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  out = g_string_new (NULL);
  for (p = decomposed ? decomposed : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
append_key (GByteArray *key,
            const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name ? name : "", -1);
  g_autofree char *part = NULL;

  if (collates_bytes ())
    {
      g_autofree char *base = plain (valid);

      part = g_strconcat (base, "\001", valid, NULL);
    }
  else
    part = g_utf8_collate_key (valid, -1);
  g_byte_array_append (key, (const guint8 *) part, strlen (part));
}

GBytes *
care_collation_key (const char *family_name,
                    const char *given_name)
{
  GByteArray *key = g_byte_array_new ();
  static const guint8 separator = 0;

  /* Keys hold no NUL byte: a NUL after the family name sorts "Lee, Zoe"
   * before "Leeds, Ann" whatever the given names. */
  append_key (key, family_name);
  g_byte_array_append (key, &separator, 1);
  append_key (key, given_name);
  return g_byte_array_free_to_bytes (key);
}

static void
sort_key_fn (sqlite3_context *ctx,
             int              argc,
             sqlite3_value  **argv)
{
  g_autoptr(GBytes) key = care_collation_key ((const char *) sqlite3_value_text (argv[0]),
                                              (const char *) sqlite3_value_text (argv[1]));
  gsize size;
  gconstpointer data = g_bytes_get_data (key, &size);

  sqlite3_result_blob (ctx, data, (int) size, SQLITE_TRANSIENT);
}

void
care_collation_register (sqlite3 *db)
{
  /* Deterministic for one locale: the store makes the keys again when the
   * locale changes. */
  sqlite3_create_function (db, "care_sort_key", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, sort_key_fn, NULL, NULL);
}
