/* care-chart-bench.c: opening the chart of a patient with 50,000 records
 *
 * One patient with twenty years of history: 20,000 sets of vitals, 10,000
 * notes, 8,000 lab tests, 6,000 prescriptions, 2,000 visits and 4,000
 * medications in a store file. The first screen is what CareChartPage
 * reads when it opens: the header (care_chart_header), the count and the
 * first page of 60 timeline entries. Also a page deep in the history
 * (keyset after entry 45,000) and the filtered first page. Medians of 101
 * runs. Target ≤ 50 ms for the first screen.
 *
 * Then the page itself in a real 1280 × 800 window (needs a display:
 * xvfb-run), 21 opens: from care_chart_page_show_patient() to the end of
 * the window's first frame after it (the frame clock's "after-paint"; the
 * summary panels read in their worker meanwhile), and the time until the
 * panels are shown; then the timeline scrolled a page a frame with its
 * adjustment for 400 frames, each timed by the frame clock from
 * "before-paint" to "after-paint". Target ≤ 16 ms a frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-chart-bench"

#include "config.h"

#include "care-bench-stats.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <time.h>

#include "caredesk-core.h"
#include "care-store-sql.h"
#include "care-session.h"
#include "chart/care-chart-page.h"

#define RUNS 101
#define PAGE 60
#define OPENS 21
#define FRAMES 400

static void
add (CareStore  *store,
     gint64      at,
     const char *entity,
     ...)
{
  g_autoptr(CareRecord) record = care_record_new (care_schema_lookup (entity));
  g_autoptr(GError) error = NULL;
  const char *key;
  va_list args;

  va_start (args, entity);
  while ((key = va_arg (args, const char *)))
    care_record_set (record, key, va_arg (args, const char *));
  va_end (args);
  care_clock_freeze (at);
  if (!care_store_insert_full (store, record, FALSE, &error))
    g_error ("%s", error->message);
}

static double
median (double *ms)
{
  return care_bench_median (ms, RUNS);
}

/* --- the page in a window -------------------------------------------------------- */

#define WIDTH  1280
#define HEIGHT 800

/* The window's real frames: each one timed by its frame clock's signals,
 * from "before-paint" to "after-paint" (layout, snapshot and GSK's
 * rendering to the X server), wall and this thread's CPU time. */
typedef struct
{
  guint  painted;     /* frames ended so far */
  gint64 started;     /* monotonic µs at "before-paint" */
  double started_cpu;
  double last_ms;     /* the last frame's wall time */
  double last_cpu;    /* and its CPU time */
  gint64 ended;       /* monotonic µs at its "after-paint" */
  double ended_cpu;
} Frames;

/* The widget named name (the kind filter's drop-down holds a list view
 * of its own, before the timeline's). */
static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found)
        return found;
    }
  return NULL;
}

static double
percentile (const double *ms,
            guint         n,
            double        p)
{
  g_autofree double *sorted = g_memdup2 (ms, n * sizeof *ms);

  qsort (sorted, n, sizeof *sorted, care_bench_compare);
  return sorted[MIN (n - 1, (guint) (p * n))];
}

/* CPU time of this thread: on a shared machine, what the work itself costs. */
static double
thread_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Frames        *f)
{
  f->started = g_get_monotonic_time ();
  f->started_cpu = thread_ms ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *f)
{
  f->ended = g_get_monotonic_time ();
  f->ended_cpu = thread_ms ();
  f->last_ms = (f->ended - f->started) / 1000.0;
  f->last_cpu = f->ended_cpu - f->started_cpu;
  f->painted++;
}

/* Until the window has painted a frame that began after now. */
static void
wait_frame (GtkWidget *window,
            Frames    *f)
{
  guint before = f->painted;

  gtk_widget_queue_draw (window);
  while (f->painted == before)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_panels (GtkWidget *page)
{
  while (care_chart_page_is_loading (CARE_CHART_PAGE (page)))
    g_main_context_iteration (NULL, TRUE);
}

static void
bench_page (CareStore  *store,
            CareRecord *doctor,
            const char *pid,
            const char *other)
{
  g_autoptr(CareSession) session = care_session_new (store, doctor);
  double first[OPENS], blocked[OPENS], blocked_cpu[OPENS], panels[OPENS], first_cpu[OPENS];
  double paint[OPENS], paint_cpu[OPENS], next[OPENS], next_cpu[OPENS], panels_cpu[OPENS], frames[FRAMES], frames_cpu[FRAMES];
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = care_chart_page_new (session);
  GtkAdjustment *scroll;
  GdkFrameClock *clock;
  Frames f = { 0 };

  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (page))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &f);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &f);

  for (guint r = 0; r < OPENS; r++)
    {
      gint64 t;
      double cpu;

      /* From another patient's chart, as a doctor goes from one to the next. */
      care_chart_page_show_patient (CARE_CHART_PAGE (page), other);
      wait_panels (page);
      wait_frame (window, &f);

      t = g_get_monotonic_time ();
      cpu = thread_ms ();
      care_chart_page_show_patient (CARE_CHART_PAGE (page), pid);
      blocked[r] = (g_get_monotonic_time () - t) / 1000.0;
      blocked_cpu[r] = thread_ms () - cpu;
      wait_frame (window, &f);
      first[r] = (f.ended - t) / 1000.0;
      first_cpu[r] = f.ended_cpu - cpu;
      paint[r] = f.last_ms;
      paint_cpu[r] = f.last_cpu;
      /* The frames after: the page makes the timeline's other rows then;
       * the slowest of the next 6, but for the one that lays out the
       * summary panels if their worker ends meanwhile (timed apart). */
      next[r] = next_cpu[r] = 0;
      panels_cpu[r] = -1;
      for (guint i = 0; i < 6; i++)
        {
          gboolean loading = care_chart_page_is_loading (CARE_CHART_PAGE (page));

          wait_frame (window, &f);
          if (loading && !care_chart_page_is_loading (CARE_CHART_PAGE (page)))
            {
              panels_cpu[r] = f.last_cpu;
              continue;
            }
          next[r] = MAX (next[r], f.last_ms);
          next_cpu[r] = MAX (next_cpu[r], f.last_cpu);
        }
      wait_panels (page);
      panels[r] = (g_get_monotonic_time () - t) / 1000.0;
      wait_frame (window, &f);
    }
  g_print ("page in a %d x %d window, %d opens:\n", WIDTH, HEIGHT, OPENS);
  g_print ("  show_patient() on the main thread:  wall %.2f ms median, p95 %.2f; CPU %.2f, p95 %.2f\n",
           care_bench_median (blocked, OPENS), percentile (blocked, OPENS, 0.95),
           care_bench_median (blocked_cpu, OPENS), percentile (blocked_cpu, OPENS, 0.95));
  g_print ("  its first frame (layout, draw, render): wall %.2f ms median, p95 %.2f; CPU %.2f, p95 %.2f\n",
           care_bench_median (paint, OPENS), percentile (paint, OPENS, 0.95),
           care_bench_median (paint_cpu, OPENS), percentile (paint_cpu, OPENS, 0.95));
  g_print ("  first screen painted, from show_patient(): wall %.2f ms median, p95 %.2f\n",
           care_bench_median (first, OPENS), percentile (first, OPENS, 0.95));
  g_print ("  first screen, main thread CPU time:     %.2f ms median, p95 %.2f\n",
           care_bench_median (first_cpu, OPENS), percentile (first_cpu, OPENS, 0.95));
  g_print ("  slowest of the 6 frames after (other rows made): wall %.2f ms median, p95 %.2f; CPU %.2f, p95 %.2f\n",
           care_bench_median (next, OPENS), percentile (next, OPENS, 0.95),
           care_bench_median (next_cpu, OPENS), percentile (next_cpu, OPENS, 0.95));
  {
    double shown[OPENS];
    guint n_shown = 0;

    for (guint r = 0; r < OPENS; r++)
      if (panels_cpu[r] >= 0)
        shown[n_shown++] = panels_cpu[r];
    if (n_shown)
      g_print ("  the frame that lays out the summary panels (%u of %d opens): CPU %.2f ms median, max %.2f\n",
               n_shown, OPENS, care_bench_median (shown, n_shown), percentile (shown, n_shown, 1.0));
  }
  g_print ("  summary panels shown (worker):          %.2f ms median\n", care_bench_median (panels, OPENS));

  scroll = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_parent (find_named (page, "chart-timeline"))));
  g_print ("timeline: %.0f px of %.0f shown\n", gtk_adjustment_get_page_size (scroll), gtk_adjustment_get_upper (scroll));
  g_assert_cmpfloat (gtk_adjustment_get_page_size (scroll), >, 0);
  for (guint i = 0; i < FRAMES; i++)
    {
      gtk_adjustment_set_value (scroll, gtk_adjustment_get_value (scroll) + gtk_adjustment_get_page_size (scroll));
      wait_frame (window, &f);
      frames[i] = f.last_ms;
      frames_cpu[i] = f.last_cpu;
    }
  g_print ("timeline scrolled a page a frame, %d frames (%.0f px down):\n", FRAMES, gtk_adjustment_get_value (scroll));
  g_print ("  frame wall time: %.2f ms median, p95 %.2f, max %.2f\n", percentile (frames, FRAMES, 0.5),
           percentile (frames, FRAMES, 0.95), percentile (frames, FRAMES, 1.0));
  g_print ("  frame main thread CPU time: %.2f ms median, p95 %.2f\n",
           percentile (frames_cpu, FRAMES, 0.5), percentile (frames_cpu, FRAMES, 0.95));
  g_signal_handlers_disconnect_by_data (clock, &f);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("caredesk-chart-bench-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "clinic.sqlite", NULL);
  g_autoptr(CareStore) store = care_store_open (path, &error);
  g_autoptr(CareRecord) patient = NULL;
  g_autoptr(CareRecord) doctor = NULL;
  g_autoptr(GPtrArray) deep = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2006, 12, 1, 8, 0, 0);
  gint64 t0 = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  /* 50,000 records over 20 years: one every 3 h 30 min. */
  gint64 step = G_GINT64_CONSTANT (20) * 365 * 24 * G_TIME_SPAN_HOUR / 50000;
  const char *pid, *did;
  double first[RUNS], filtered[RUNS], deeper[RUNS], summary[RUNS];
  gint64 n = 0;
  g_autofree char *other = NULL;

  gtk_init ();
  adw_init ();
  g_assert_no_error (error);
  care_demo_populate (store, 0, &error);
  g_assert_no_error (error);
  doctor = care_accounts_find_login (store, "doctor");
  did = care_record_get_id (doctor);
  care_store_set_actor (store, did);
  patient = care_record_new (care_schema_lookup ("patient"));
  care_record_set (patient, "given_name", "Long");
  care_record_set (patient, "family_name", "History");
  care_record_set (patient, "date_of_birth", "1950-01-01");
  care_record_set (patient, "sex", "male");
  care_record_set (patient, "status", "repeat");
  g_assert_true (care_store_insert (store, patient, &error));
  pid = care_record_get_id (patient);

  g_assert_true (care_store_begin (store, &error));
  for (guint i = 0; i < 50000; i++)
    {
      gint64 at = t0 + i * step;
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
      g_autofree char *iso = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
      guint k = i % 25;

      if (k < 10)
        add (store, at, "vitals", "patient_id", pid, "recorded_at", iso, "pulse", "72", "respiratory_rate", "16",
             "spo2", "97", "systolic", "128", "diastolic", "82", NULL);
      else if (k < 15)
        add (store, at, "clinical_note", "patient_id", pid, "author_id", did, "note_type", "progress",
             "title", "Review", "content", "Assessment:\nStable", "diagnosis", "Essential hypertension",
             "diagnosis_code", "I10", NULL);
      else if (k < 19)
        add (store, at, "lab_test", "patient_id", pid, "requested_by", did, "test_name", "Full blood count",
             "priority", "routine", "status", "requested", NULL);
      else if (k < 22)
        add (store, at, "prescription", "patient_id", pid, "prescriber_id", did, "issued_on", "2020-01-01",
             "status", "completed", NULL);
      else if (k < 23)
        add (store, at, "appointment", "patient_id", pid, "provider_id", did, "starts_at", iso,
             "duration_minutes", "20", "type", "follow_up", "status", "completed", NULL);
      else
        add (store, at, "medication", "patient_id", pid, "name", "Lisinopril", "dose", "10 mg",
             "status", "historical", NULL);
    }
  g_assert_true (care_store_commit (store, &error));
  care_clock_reset ();
  n = care_chart_count (store, pid, CARE_CHART_ALL_KINDS, &error);
  g_print ("patient with %" G_GINT64_FORMAT " records\n", n);

  /* The position 45,000 deep, read once by keyset, to start a page from. */
  deep = care_chart_timeline (store, pid, CARE_CHART_ALL_KINDS, NULL, 45000, &error);
  g_assert_no_error (error);

  for (guint r = 0; r < RUNS; r++)
    {
      gint64 t = g_get_monotonic_time ();
      g_autoptr(CareChartHeader) header = care_chart_header (store, pid, &error);
      gint64 count = care_chart_count (store, pid, CARE_CHART_ALL_KINDS, &error);
      g_autoptr(GPtrArray) page = care_chart_timeline (store, pid, CARE_CHART_ALL_KINDS, NULL, PAGE, &error);
      g_autoptr(GPtrArray) notes = NULL;
      g_autoptr(GPtrArray) later = NULL;

      g_assert_true (header && count == n && page->len == PAGE);
      first[r] = (g_get_monotonic_time () - t) / 1000.0;

      t = g_get_monotonic_time ();
      count = care_chart_count (store, pid, CARE_CHART_NOTE, &error);
      notes = care_chart_timeline (store, pid, CARE_CHART_NOTE, NULL, PAGE, &error);
      g_assert_true (count == 10000 && notes->len == PAGE);
      filtered[r] = (g_get_monotonic_time () - t) / 1000.0;

      t = g_get_monotonic_time ();
      later = care_chart_timeline (store, pid, CARE_CHART_ALL_KINDS, deep->pdata[deep->len - 1], PAGE, &error);
      g_assert_true (later->len == PAGE);
      deeper[r] = (g_get_monotonic_time () - t) / 1000.0;

      t = g_get_monotonic_time ();
      {
        g_autoptr(CareChartSummary) lists = care_chart_summary_load (store, pid, &error);

        g_assert_true (lists && lists->problems->len == 1);
      }
      summary[r] = (g_get_monotonic_time () - t) / 1000.0;
    }

  g_print ("first screen (header + count + %d entries): %.2f ms median\n", PAGE, median (first));
  g_print ("notes only (count + %d entries):            %.2f ms median\n", PAGE, median (filtered));
  g_print ("a page 45,000 entries deep (keyset):         %.2f ms median\n", median (deeper));
  g_print ("summary panels (problems, medications, ...):  %.2f ms median\n", median (summary));

  {
    g_autoptr(CareRecord) short_history = care_record_new (care_schema_lookup ("patient"));

    care_record_set (short_history, "given_name", "Short");
    care_record_set (short_history, "family_name", "History");
    care_record_set (short_history, "date_of_birth", "1990-01-01");
    care_record_set (short_history, "sex", "female");
    care_record_set (short_history, "status", "new");
    g_assert_true (care_store_insert (store, short_history, &error));
    other = g_strdup (care_record_get_id (short_history));
  }
  bench_page (store, doctor, pid, other);

  g_clear_object (&store);
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
