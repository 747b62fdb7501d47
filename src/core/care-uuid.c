/* care-uuid.c: UUIDv7 identifiers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-uuid"

#include "config.h"

#include "care-clock.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "care-uuid.h"

/* The ids' random bits are taken from a pool the system's generator
 * fills 4 KiB at a time: a getrandom() call for each id cost 0.58 µs,
 * and an import makes two ids a row on its writing thread (1.2 s of a
 * million-row import). The pool is used under the ids' lock, each part
 * wiped once taken, and emptied in a forked child so that two
 * processes never hand out the same bits (test-store). */
#define POOL_SIZE 4096

static guint8 pool[POOL_SIZE];
static gsize pool_used = POOL_SIZE;

static void
pool_forget (void)
{
  pool_used = POOL_SIZE;
}

/* With the ids' lock held. */
static void
pool_take (guint8 *out,
           gsize   n)
{
  static gsize at_fork_set;

  if (g_once_init_enter (&at_fork_set))
    g_once_init_leave (&at_fork_set, pthread_atfork (NULL, NULL, pool_forget) == 0 ? 1 : 2);
  if (pool_used + n > POOL_SIZE)
    {
      randombytes_buf (pool, POOL_SIZE);
      pool_used = 0;
    }
  memcpy (out, pool + pool_used, n);
  sodium_memzero (pool + pool_used, n);
  pool_used += n;
}

char *
care_uuid_v7 (void)
{
  static GMutex lock;
  static gint64 last_ms;
  static guint counter;
  guint8 b[16];
  gint64 ms;
  guint seq;

  /* Keep ids from this process strictly increasing, even when the clock
   * steps back or several ids are made within one millisecond (RFC 9562
   * method 1: a counter in rand_a). */
  g_mutex_lock (&lock);
  pool_take (b, sizeof b);
  ms = care_clock_get_real_time () / 1000;
  if (ms <= last_ms)
    {
      ms = last_ms;
      counter++;
      if (counter > 0xfff)
        {
          ms = ++last_ms;
          counter = 0;
        }
    }
  else
    counter = ((guint) b[6] << 4 | b[7] >> 4) & 0x7ff; /* random start, room to grow */
  last_ms = ms;
  seq = counter;
  g_mutex_unlock (&lock);

  b[0] = (ms >> 40) & 0xff;
  b[1] = (ms >> 32) & 0xff;
  b[2] = (ms >> 24) & 0xff;
  b[3] = (ms >> 16) & 0xff;
  b[4] = (ms >> 8) & 0xff;
  b[5] = ms & 0xff;
  b[6] = 0x70 | ((seq >> 8) & 0x0f);
  b[7] = seq & 0xff;
  b[8] = 0x80 | (b[8] & 0x3f);

  /* By hand, not printf: an import makes two ids a row (6,600
   * instructions each through g_strdup_printf, 300 this way). */
  {
    static const char hex[] = "0123456789abcdef";
    char *text = g_malloc (37), *p = text;

    for (guint i = 0; i < 16; i++)
      {
        if (i == 4 || i == 6 || i == 8 || i == 10)
          *p++ = '-';
        *p++ = hex[b[i] >> 4];
        *p++ = hex[b[i] & 0xf];
      }
    *p = '\0';
    return text;
  }
}

char *
care_uuid_v8_from_name (const char *name)
{
  g_autofree char *hex = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  hex = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
  hex[12] = '8';
  hex[16] = "89ab"[g_ascii_xdigit_value (hex[16]) & 3];
  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

gboolean
care_uuid_is_valid (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

char *
care_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = care_clock_now_utc ();

  return care_iso8601_format (now);
}

char *
care_iso8601_format (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *seconds = NULL;
  int y, m, d;

  /* Digits by hand for the usual years (every row an import writes has
   * two of these: 7,000 instructions through g_date_time_format). */
  g_date_time_get_ymd (utc, &y, &m, &d);
  if (y >= 1000 && y <= 9999)
    {
      const int parts[] = { y / 100, y % 100, m, d, g_date_time_get_hour (utc), g_date_time_get_minute (utc),
                            g_date_time_get_second (utc), g_date_time_get_microsecond (utc) / 1000 };
      char *text = g_malloc (25), *p = text;

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        {
          if (i == 7)
            *p++ = '0' + parts[i] / 100;
          *p++ = '0' + parts[i] / 10 % 10;
          *p++ = '0' + parts[i] % 10;
          if (i >= 1 && i <= 6)
            *p++ = "--T::."[i - 1];
        }
      *p++ = 'Z';
      *p = '\0';
      return text;
    }
  seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}
