/* care-numbers.c: the numbers people read on records, invoices and receipts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-numbers"

#include "config.h"

#include <string.h>

#include "care-numbers.h"

/* The kind letters come first: a number starting with a digit or a
 * device code is a patient record (or a number given before these). */
static const struct {
  const char *counter;
  const char *prefix;
} prefixes[] = {
  { "invoice", "INV-" },
  { "receipt", "RCP-" },
};

const char *
care_numbers_prefix (const char *counter)
{
  for (guint i = 0; counter && i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_equal (counter, prefixes[i].counter))
      return prefixes[i].prefix;
  return "";
}

char *
care_numbers_format (const char *counter,
                     const char *device_code,
                     gint64      n)
{
  g_return_val_if_fail (device_code != NULL, NULL);

  /* The device code keeps numbers made offline on two workstations apart. */
  return g_strdup_printf ("%s%s-%06" G_GINT64_FORMAT, care_numbers_prefix (counter), device_code, n);
}

char *
care_numbers_pending (const char *counter,
                      const char *device_code)
{
  g_return_val_if_fail (device_code != NULL, NULL);

  return g_strdup_printf ("%s%s-\u2026", care_numbers_prefix (counter), device_code);
}

char *
care_numbers_draft_label (const char *record_id)
{
  char tail[7] = "";
  guint n = 0;

  /* The end of the id: a UUIDv7 begins with the time, the same for every
   * draft made within hours of another, and ends with random bits. */
  for (const char *p = record_id ? record_id + strlen (record_id) : NULL; p && p > record_id && n < 6; )
    {
      p--;
      if (g_ascii_isalnum (*p))
        tail[5 - n++] = g_ascii_toupper (*p);
    }
  return g_strdup_printf ("D-%s", tail + 6 - n);
}

const char *
care_numbers_search_prefix (const char *counter,
                            const char *text)
{
  const char *prefix = care_numbers_prefix (counter);

  if (prefix[0] == '\0' || text == NULL)
    return NULL;
  while (*text == ' ' || *text == '\t')
    text++;
  if (g_ascii_strncasecmp (text, prefix, strlen (prefix)) == 0)
    return NULL;
  return prefix;
}
