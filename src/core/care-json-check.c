/* care-json-check.c: limits every JSON text meets before a parser sees it
 *
 * json-glib parses recursively: a body of 100,000 nested brackets (200 kB,
 * well under any size limit) overflows the stack.  This scanner keeps an
 * explicit stack instead, so it stops at the limit, and it keeps each open
 * object's keys to refuse one named twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-json-check.h"

G_DEFINE_QUARK (care-json-error-quark, care_json_error)

typedef struct {
  gboolean    is_object;
  gboolean    expect_key;  /* in an object: the next string is a key */
  GHashTable *keys;        /* objects only */
} Level;

static void
level_clear (Level *level)
{
  g_clear_pointer (&level->keys, g_hash_table_unref);
}

static int
hex (char c)
{
  return g_ascii_xdigit_value (c);
}

/* Reads the string at text[*i] (the opening quote), decoding escapes, and
 * leaves *i after the closing quote.  NULL if it does not end. */
static GString *
read_string (const char *text,
             gsize       length,
             gsize      *i)
{
  GString *s = g_string_new (NULL);

  for ((*i)++; *i < length; (*i)++)
    {
      char c = text[*i];

      if (c == '"')
        {
          (*i)++;
          return s;
        }
      if (c != '\\')
        {
          g_string_append_c (s, c);
          continue;
        }
      if (++(*i) >= length)
        break;
      switch (text[*i])
        {
        case 'u':
          {
            gunichar u = 0;

            if (*i + 4 >= length)
              goto unterminated;
            for (int k = 1; k <= 4; k++)
              {
                int v = hex (text[*i + k]);
                if (v < 0)
                  goto unterminated;
                u = u * 16 + (gunichar) v;
              }
            *i += 4;
            g_string_append_unichar (s, u);
          }
          break;
        case 'n': g_string_append_c (s, '\n'); break;
        case 't': g_string_append_c (s, '\t'); break;
        case 'r': g_string_append_c (s, '\r'); break;
        case 'b': g_string_append_c (s, '\b'); break;
        case 'f': g_string_append_c (s, '\f'); break;
        default: g_string_append_c (s, text[*i]); break;  /* \" \\ \/ */
        }
    }
unterminated:
  g_string_free (s, TRUE);
  return NULL;
}

gboolean
care_json_check (const char  *text,
                 gsize        length,
                 guint        max_depth,
                 char       **field,
                 GError     **error)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, TRUE, sizeof (Level));
  gsize i = 0;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  g_array_set_clear_func (stack, (GDestroyNotify) level_clear);
  while (i < length)
    {
      char c = text[i];
      Level *top = stack->len ? &g_array_index (stack, Level, stack->len - 1) : NULL;

      if (c == '{' || c == '[')
        {
          Level level = { c == '{', c == '{', NULL };

          if (stack->len >= max_depth)
            {
              g_set_error (error, CARE_JSON_ERROR, CARE_JSON_ERROR_TOO_DEEP,
                           _("The JSON is nested more than %u levels deep."), max_depth);
              return FALSE;
            }
          if (level.is_object)
            level.keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_array_append_val (stack, level);
          i++;
        }
      else if (c == '}' || c == ']')
        {
          if (stack->len == 0)
            goto malformed;
          g_array_set_size (stack, stack->len - 1);
          i++;
        }
      else if (c == ',')
        {
          if (top && top->is_object)
            top->expect_key = TRUE;
          i++;
        }
      else if (c == '"')
        {
          GString *s = read_string (text, length, &i);

          if (s == NULL)
            goto malformed;
          if (top && top->is_object && top->expect_key)
            {
              top->expect_key = FALSE;
              if (g_hash_table_contains (top->keys, s->str))
                {
                  g_set_error (error, CARE_JSON_ERROR, CARE_JSON_ERROR_DUPLICATE_KEY,
                               _("The member “%s” is given twice."), s->str);
                  if (field)
                    *field = g_string_free (s, FALSE);
                  else
                    g_string_free (s, TRUE);
                  return FALSE;
                }
              g_hash_table_add (top->keys, g_string_free (s, FALSE));
            }
          else
            g_string_free (s, TRUE);
        }
      else
        i++;  /* whitespace, colons, numbers, literals: the parser judges them */
    }
  return TRUE;

malformed:
  g_set_error_literal (error, CARE_JSON_ERROR, CARE_JSON_ERROR_MALFORMED, _("This is not valid JSON."));
  return FALSE;
}
