/* care-vitals-chart-bench.c: a year of hourly pulse readings drawn by CareVitalsChart
 *
 * 8,760 readings in the "All" span, an 800 × 200 chart: the median of many
 * snapshot + render passes (the cairo node rasterised by GSK's cairo
 * renderer into a texture). Needs a display (xvfb-run). Target ≤ 8 ms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-vitals-chart-bench"

#include "config.h"

#include <gtk/gtk.h>

#include "caredesk-core.h"
#include "vitals/care-vitals-chart.h"

#define N_READINGS (365 * 24)
#define RUNS       101

static int
compare (gconstpointer a,
         gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  g_autoptr(GError) error = NULL;
  g_autoptr(GskRenderer) renderer = NULL;
  g_autofree gint64 *times = g_new (gint64, N_READINGS);
  g_autofree double *values = g_new (double, N_READINGS);
  gint64 t0 = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  double ms[RUNS], snap_ms[RUNS];
  GtkWidget *window, *chart;

  gtk_init ();
  care_clock_freeze (t0 + (gint64) N_READINGS * G_TIME_SPAN_HOUR);
  for (guint i = 0; i < N_READINGS; i++)
    {
      times[i] = t0 + (gint64) i * G_TIME_SPAN_HOUR;
      values[i] = 75 + 12 * sin (i / 24.0 * 2 * G_PI) + g_rand_double_range (rand, -10, 10) + (i % 97 == 0 ? 50 : 0);
    }

  window = gtk_window_new ();
  chart = care_vitals_chart_new ("pulse");
  gtk_widget_set_size_request (chart, 800, 200);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  care_vitals_chart_set_readings (CARE_VITALS_CHART (chart), times, values, N_READINGS);
  care_vitals_chart_set_span (CARE_VITALS_CHART (chart), CARE_VITALS_SPAN_ALL);
  while (gtk_widget_get_width (chart) < 800)
    g_main_context_iteration (NULL, TRUE);

  renderer = gsk_cairo_renderer_new ();
  if (!gsk_renderer_realize (renderer, NULL, &error))
    g_error ("%s", error->message);

  for (guint r = 0; r < RUNS; r++)
    {
      gint64 t = g_get_monotonic_time ();
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;

      GTK_WIDGET_GET_CLASS (chart)->snapshot (chart, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      snap_ms[r] = (g_get_monotonic_time () - t) / 1000.0;
      texture = gsk_renderer_render_texture (renderer, node,
                                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (chart),
                                                                  gtk_widget_get_height (chart)));
      ms[r] = (g_get_monotonic_time () - t) / 1000.0;
    }
  qsort (ms, RUNS, sizeof (double), compare);
  qsort (snap_ms, RUNS, sizeof (double), compare);
  g_print ("snapshot alone: median %.2f ms\n", snap_ms[RUNS / 2]);
  g_print ("vitals chart, %u readings (%u in the span, %u abnormal), %d×%d: snapshot + render median %.2f ms, "
           "p95 %.2f ms (target 8)\n", N_READINGS, care_vitals_chart_get_n_points (CARE_VITALS_CHART (chart)),
           care_vitals_chart_get_n_abnormal (CARE_VITALS_CHART (chart)),
           gtk_widget_get_width (chart), gtk_widget_get_height (chart), ms[RUNS / 2], ms[RUNS * 95 / 100]);
  gsk_renderer_unrealize (renderer);
  gtk_window_destroy (GTK_WINDOW (window));
  care_clock_reset ();
  return 0;
}
