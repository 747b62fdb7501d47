/* care-bench-stats.h: what the benchmark programs share: the median of timings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdlib.h>
#include <glib.h>

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
