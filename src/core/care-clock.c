/* care-clock.c: the one clock every part of Caredesk asks for the time
 *
 * The clock is the system's, moved by an offset or stopped at an instant
 * when a test (or the server's --test-clock) says so.  As gnome-calendar's
 * GcalClock, it also tells screens when the minute and the day turn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-clock"

#include "config.h"

#include "care-clock.h"

static GMutex lock;
static gboolean frozen;
static gint64 frozen_at;  /* µs, when frozen */
static gint64 offset;     /* µs added to the system clock otherwise */

static GWeakRef default_clock;
static void care_clock_check (CareClock *self);

gint64
care_clock_get_real_time (void)
{
  gint64 now;

  g_mutex_lock (&lock);
  now = frozen ? frozen_at : g_get_real_time () + offset;
  g_mutex_unlock (&lock);
  return now;
}

gint64
care_clock_get_seconds (void)
{
  return care_clock_get_real_time () / G_USEC_PER_SEC;
}

GDateTime *
care_clock_now_utc (void)
{
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);

  return g_date_time_add (epoch, care_clock_get_real_time ());
}

GDateTime *
care_clock_now_local (void)
{
  g_autoptr(GDateTime) utc = care_clock_now_utc ();

  return g_date_time_to_local (utc);
}

char *
care_clock_format_time (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%H:%M");
}

char *
care_clock_today (void)
{
  g_autoptr(GDateTime) now = care_clock_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static gboolean
check_in_idle (gpointer data)
{
  care_clock_check (data);
  return G_SOURCE_REMOVE;
}

/* Tell the screens at once, from their own thread. */
static void
moved (void)
{
  g_autoptr(CareClock) clock = g_weak_ref_get (&default_clock);

  if (clock)
    g_main_context_invoke_full (g_object_get_data (G_OBJECT (clock), "care-clock-context"), G_PRIORITY_DEFAULT,
                                check_in_idle, g_object_ref (clock), g_object_unref);
}

void
care_clock_travel_to (gint64 usec)
{
  g_mutex_lock (&lock);
  frozen = FALSE;
  offset = usec - g_get_real_time ();
  g_mutex_unlock (&lock);
  moved ();
}

void
care_clock_freeze (gint64 usec)
{
  g_mutex_lock (&lock);
  frozen = TRUE;
  frozen_at = usec;
  g_mutex_unlock (&lock);
  moved ();
}

void
care_clock_advance (GTimeSpan span)
{
  g_mutex_lock (&lock);
  if (frozen)
    frozen_at += span;
  else
    offset += span;
  g_mutex_unlock (&lock);
  moved ();
}

void
care_clock_reset (void)
{
  g_mutex_lock (&lock);
  frozen = FALSE;
  offset = 0;
  g_mutex_unlock (&lock);
  moved ();
}

gboolean
care_clock_is_moved (void)
{
  gboolean is_moved;

  g_mutex_lock (&lock);
  is_moved = frozen || offset != 0;
  g_mutex_unlock (&lock);
  return is_moved;
}

gboolean
care_clock_parse_instant (const char *text,
                          gint64     *usec)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);

  g_return_val_if_fail (usec != NULL, FALSE);

  if (text == NULL || (when = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    return FALSE;
  *usec = g_date_time_difference (when, epoch);
  return TRUE;
}

/* --- the clock as an object ------------------------------------------- */

struct _CareClock
{
  GObject parent_instance;

  guint timeout_id;
  gint64 minute;  /* the minute last announced, in minutes since the epoch */
  char *today;    /* the local date last announced */
};

G_DEFINE_FINAL_TYPE (CareClock, care_clock, G_TYPE_OBJECT)

enum { MINUTE_CHANGED, DAY_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean on_timeout_cb (gpointer data);

static void
schedule (CareClock *self)
{
  gint64 now = care_clock_get_real_time ();
  guint ms = (guint) ((60 * G_USEC_PER_SEC - now % (60 * G_USEC_PER_SEC)) / 1000) + 1;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, ms, on_timeout_cb, self, NULL);
}

static void
care_clock_check (CareClock *self)
{
  gint64 minute = care_clock_get_seconds () / 60;
  g_autofree char *today = care_clock_today ();

  if (minute != self->minute)
    {
      self->minute = minute;
      g_signal_emit (self, signals[MINUTE_CHANGED], 0);
    }
  if (g_strcmp0 (today, self->today) != 0)
    {
      g_free (self->today);
      self->today = g_steal_pointer (&today);
      g_signal_emit (self, signals[DAY_CHANGED], 0);
    }
  schedule (self);
}

static gboolean
on_timeout_cb (gpointer data)
{
  CareClock *self = data;

  self->timeout_id = 0;
  care_clock_check (self);
  return G_SOURCE_REMOVE;
}

static void
care_clock_finalize (GObject *object)
{
  CareClock *self = CARE_CLOCK (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_free (self->today);

  G_OBJECT_CLASS (care_clock_parent_class)->finalize (object);
}

static void
care_clock_class_init (CareClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = care_clock_finalize;

  signals[MINUTE_CHANGED] = g_signal_new ("minute-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[DAY_CHANGED] = g_signal_new ("day-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
care_clock_init (CareClock *self)
{
  self->minute = care_clock_get_seconds () / 60;
  self->today = care_clock_today ();
  g_object_set_data_full (G_OBJECT (self), "care-clock-context",
                          g_main_context_ref_thread_default (), (GDestroyNotify) g_main_context_unref);
  schedule (self);
}

/**
 * care_clock_get_default:
 *
 * Returns: (transfer full): the clock object, made on first use.
 */
CareClock *
care_clock_get_default (void)
{
  static GMutex made;
  CareClock *clock;

  g_mutex_lock (&made);
  clock = g_weak_ref_get (&default_clock);
  if (clock == NULL)
    {
      clock = g_object_new (CARE_TYPE_CLOCK, NULL);
      g_weak_ref_set (&default_clock, clock);
    }
  g_mutex_unlock (&made);
  return clock;
}
