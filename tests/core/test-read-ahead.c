/* test-read-ahead.c: records made in order by a thread of their own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-read-ahead.h"
#include "care-test-core.h"

typedef struct {
  gint made; /* atomic: how many records the thread made */
} Made;

/* Row n's record has n as its given name; every seventh row is left out. */
static CareRecord *
make_row (gpointer data,
          guint    row)
{
  Made *made = data;
  CareRecord *record;
  g_autofree char *name = NULL;

  if (row % 7 == 3)
    return NULL;
  record = care_record_new (care_schema_lookup ("patient"));
  name = g_strdup_printf ("%u", row);
  care_record_set (record, "given_name", name);
  g_atomic_int_inc (&made->made);
  return record;
}

/* Many batches' worth: every row's record, in order, NULL where left out. */
static void
test_in_order (void)
{
  Made made = { 0 };
  g_autoptr(CareReadAhead) rows = care_read_ahead_new (10000, make_row, &made);

  for (guint row = 0; row < 10000; row++)
    {
      g_autoptr(CareRecord) record = care_read_ahead_next (rows);
      g_autofree char *name = g_strdup_printf ("%u", row);

      if (row % 7 == 3)
        g_assert_null (record);
      else
        g_assert_cmpstr (care_record_get (record, "given_name"), ==, name);
    }
  g_assert_cmpint (g_atomic_int_get (&made.made), ==, 10000 - 10000 / 7 - (10000 % 7 > 3));
}

/* Stopped early (an import cancelled or refused): the thread, waiting for
 * room, ends without making the rest, and what it made is freed. */
static void
test_stopped_early (void)
{
  Made made = { 0 };
  CareReadAhead *rows = care_read_ahead_new (1000000, make_row, &made);

  for (guint row = 0; row < 300; row++)
    {
      g_autoptr(CareRecord) record = care_read_ahead_next (rows);
    }
  care_read_ahead_free (rows);
  g_assert_cmpint (g_atomic_int_get (&made.made), <, 100000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/read-ahead/in-order", test_in_order);
  g_test_add_func ("/read-ahead/stopped-early", test_stopped_early);
  return g_test_run ();
}
