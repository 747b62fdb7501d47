/* care-server-invite-code.c: the short code a patient types at the kiosk the first time
 *
 * Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L, U),
 * shown in two groups of five: about 49 bits, single-use, valid for a week,
 * and POST /auth/register-patient counts wrong codes against the caller's
 * address like failed sign-ins, so guessing one is out of reach.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "care-server-private.h"

#define ALPHABET "23456789ABCDEFGHJKMNPQRSTVWXYZ"
#define CODE_LENGTH 10
#define GROUP       5

char *
care_server_invite_code_new (void)
{
  GString *code = g_string_sized_new (CODE_LENGTH + 1);

  for (guint i = 0; i < CODE_LENGTH; i++)
    {
      if (i > 0 && i % GROUP == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, ALPHABET[randombytes_uniform (sizeof ALPHABET - 1)]);
    }
  return g_string_free (code, FALSE);
}

char *
care_server_invite_code_normalize (const char *typed)
{
  g_autoptr(GString) code = g_string_new (NULL);

  g_return_val_if_fail (typed != NULL, NULL);

  /* Spaces and dashes however typed; either case. */
  for (const char *p = typed; *p; p++)
    {
      if (*p == ' ' || *p == '-')
        continue;
      if (!g_ascii_isalnum (*p) || code->len >= CODE_LENGTH)
        return g_strdup (typed);
      g_string_append_c (code, g_ascii_toupper (*p));
    }
  if (code->len != CODE_LENGTH || strspn (code->str, ALPHABET) != CODE_LENGTH)
    return g_strdup (typed);
  g_string_insert_c (code, GROUP, '-');
  return g_string_free (g_steal_pointer (&code), FALSE);
}
