/* care-week-view-bench.c: the calendar of 30 doctors with a year of appointments
 *
 * Times (median of many runs) the week view's data load and snapshot of one
 * week, the day view of all 30 doctors, and care_schedule_next_free_slot()
 * for one doctor, on a store of ≈200,000 appointments.  Needs a display
 * (xvfb-run).  Targets: week view ≤ 50 ms, next free slot ≤ 5 ms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-week-view-bench"

#include "config.h"

#include "care-bench-stats.h"

#include <gtk/gtk.h>
#include <glib/gstdio.h>

#include "caredesk-core.h"
#include "care-schedule.h"
#include "care-store-sql.h"
#include "appointments/care-week-view.h"

#define N_DOCTORS  30
#define N_PATIENTS 3000
#define RUNS       41

static char *
insert (CareStore  *store,
        const char *entity,
        ...)
{
  g_autoptr(CareRecord) r = care_record_new (care_schema_lookup (entity));
  g_autoptr(GError) error = NULL;
  const char *name;
  va_list args;

  va_start (args, entity);
  while ((name = va_arg (args, const char *)))
    care_record_set (r, name, va_arg (args, const char *));
  va_end (args);
  if (!care_store_insert_full (store, r, FALSE, &error))
    g_error ("%s", error->message);
  return g_strdup (care_record_get_id (r));
}

static double
time_view (CareWeekView *view,
           gboolean      week,
           GDate        *day,
           GStrv         ids,
           GStrv         names,
           guint        *n_blocks)
{
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GPtrArray) blocks = NULL;

  if (week)
    care_week_view_show_week (view, day, ids[0]);
  else
    care_week_view_show_day (view, day, (const char *const *) ids, (const char *const *) names);
  GTK_WIDGET_GET_CLASS (view)->snapshot (GTK_WIDGET (view), snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  blocks = care_week_view_list_blocks (view);
  *n_blocks = blocks->len;
  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* From the Monday of a different week each run, a different doctor. */
static void
time_next_free_slot (CareStore *store,
                     GStrv      ids,
                     GDateTime *first,
                     GTimeZone *tz,
                     double    *ms)
{
  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GDateTime) from = g_date_time_add_days (first, 7 * (int) (1 + r % 50));
      g_autoptr(GError) error = NULL;
      gint64 t = g_get_monotonic_time ();
      gint64 slot = care_schedule_next_free_slot (store, ids[r % N_DOCTORS], g_date_time_to_unix (from) * G_USEC_PER_SEC,
                                                  20, 60, tz, &error);

      ms[r] = (g_get_monotonic_time () - t) / 1000.0;
      g_assert_no_error (error);
      g_assert_cmpint (slot, >, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("caredesk-week-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  GStrv ids = g_new0 (char *, N_DOCTORS + 1);
  GStrv names = g_new0 (char *, N_DOCTORS + 1);
  static const char *const days[] = { "mon", "tue", "wed", "thu", "fri" };
  g_autoptr(GDateTime) first = g_date_time_new_local (2026, 1, 5, 0, 0, 0);  /* a Monday */
  GtkWidget *window, *view;
  double week_ms[RUNS], day_ms[RUNS], slot_ms[RUNS];
  guint n_week = 0, n_day = 0;
  gint64 n = 0, t0;
  GDate monday;

  gtk_init ();
  care_clock_freeze (g_date_time_to_unix (first) * G_USEC_PER_SEC);
  store = care_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (care_demo_populate (store, N_PATIENTS, &error));
  patients = care_store_list (store, care_schema_lookup ("patient"), NULL, NULL, NULL, 0, &error);

  t0 = g_get_monotonic_time ();
  care_store_begin (store, NULL);
  for (guint d = 0; d < N_DOCTORS; d++)
    {
      g_autofree char *username = g_strdup_printf ("bench.doctor%02u", d);
      g_autofree char *email = g_strdup_printf ("doctor%02u@bench.example", d);

      names[d] = g_strdup_printf ("Doctor %02u", d);
      ids[d] = insert (store, "user", "username", username, "full_name", names[d], "email", email,
                       "role", CARE_ROLE_DOCTOR, "active", "1", NULL);
      for (guint w = 0; w < G_N_ELEMENTS (days); w++)
        g_free (insert (store, "doctor_schedule", "doctor_id", ids[d], "weekday", days[w], "start_time", "08:00",
                        "end_time", "18:00", "break_start", "13:00", "break_end", "14:00", "slot_minutes", "20",
                        NULL));
    }
  /* A year of weekdays, each doctor nearly full: 26 slots of 20 minutes. */
  for (int day = 0; day < 364; day++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (first, day);

      if (g_date_time_get_day_of_week (date) > 5)
        continue;
      for (guint d = 0; d < N_DOCTORS; d++)
        for (int slot = 0; slot < 27; slot++)
          {
            g_autoptr(GDateTime) start = g_date_time_add_minutes (date, 8 * 60 + slot * 20 + (slot >= 15 ? 60 : 0));
            g_autoptr(GDateTime) utc = g_date_time_to_utc (start);
            g_autofree char *starts = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
            CareRecord *p = patients->pdata[g_rand_int_range (rand, 0, patients->len)];

            if (slot == 26 || (slot == 7 && day % 9 == 0))
              continue;  /* the free slots: one near the end of the day, some mornings */
            g_free (insert (store, "appointment", "patient_id", care_record_get_id (p), "provider_id", ids[d],
                            "starts_at", starts, "duration_minutes", "20", "type", "consultation",
                            "status", day < 30 ? "completed" : "scheduled", NULL));
            n++;
          }
    }
  care_store_commit (store, NULL);
  g_print ("store: %d doctors, %" G_GINT64_FORMAT " appointments, written in %.1f s\n", N_DOCTORS, n,
           (g_get_monotonic_time () - t0) / 1e6);

  window = gtk_window_new ();
  view = care_week_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE));
  care_week_view_set_store (CARE_WEEK_VIEW (view), store);

  g_date_clear (&monday, 1);
  for (guint r = 0; r < RUNS; r++)
    {
      /* A different week each run, through the year: no warm cache of one. */
      g_date_set_dmy (&monday, 5, 1, 2026);
      g_date_add_days (&monday, 7 * (int) (1 + r % 50));
      week_ms[r] = time_view (CARE_WEEK_VIEW (view), TRUE, &monday, ids + (r % N_DOCTORS), names, &n_week);
      day_ms[r] = time_view (CARE_WEEK_VIEW (view), FALSE, &monday, ids, names, &n_day);
    }
  time_next_free_slot (store, ids, first, tz, slot_ms);
  g_print ("week view, one doctor (%u blocks): load + snapshot median %.2f ms (target 50)\n", n_week,
           care_bench_median (week_ms, RUNS));
  g_print ("day view, %d doctors (%u blocks): load + snapshot median %.2f ms\n", N_DOCTORS, n_day,
           care_bench_median (day_ms, RUNS));
  g_print ("next free slot, one doctor: median %.2f ms (target 5)\n", care_bench_median (slot_ms, RUNS));

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  g_strfreev (ids);
  g_strfreev (names);
  care_clock_reset ();
  return 0;
}
