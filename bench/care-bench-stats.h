/* care-bench-stats.h: what the benchmark programs share: the median of timings, scratch directories
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdlib.h>
#include <glib.h>
#include <glib/gstdio.h>

static inline int
care_bench_compare (gconstpointer a,
                    gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The median of n timings (sorts them). */
static inline double
care_bench_median (double *values,
                   guint   n)
{
  qsort (values, n, sizeof (double), care_bench_compare);
  return values[n / 2];
}

/* Removes a scratch directory made with g_dir_make_tmp() and its files. */
static inline void
care_bench_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}
