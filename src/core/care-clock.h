/* care-clock.h: the one clock every part of Caredesk asks for the time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Wall-clock time.  Nothing in src/ reads the system clock any other way
 * (tests/core/check-clock.sh fails the build's tests if it does), so that a
 * test can put the whole program at any instant.  Monotonic time, for
 * timeouts and durations, stays g_get_monotonic_time(). */
gint64      care_clock_get_real_time (void);   /* µs since the epoch, as g_get_real_time() */
gint64      care_clock_get_seconds   (void);   /* s since the epoch */
GDateTime  *care_clock_now_utc       (void);
GDateTime  *care_clock_now_local     (void);
char       *care_clock_today         (void);   /* the local date, YYYY-MM-DD */
/* An instant (µs since the epoch) as the local time of day, "14:05". */
char       *care_clock_format_time   (gint64 usec);

/* For tests and for `caredesk-server --test-clock`: run from another
 * instant, stop, or jump.  Thread-safe; every thread sees the change at
 * once. */
void        care_clock_travel_to     (gint64    usec);  /* time runs on from usec */
void        care_clock_freeze        (gint64    usec);  /* time stands still at usec */
void        care_clock_advance       (GTimeSpan span);
void        care_clock_reset         (void);            /* the system clock again */
gboolean    care_clock_is_moved      (void);

/* Parses "2026-03-29T00:59:50Z" (any ISO 8601 with a zone) into µs since
 * the epoch; FALSE if it is not a time. */
gboolean    care_clock_parse_instant (const char *text,
                                      gint64     *usec);

/* The clock as an object, for screens that show the time: "minute-changed"
 * at each new minute and "day-changed" when the local date turns (after a
 * suspend or a clock change too).  The timer runs on the thread-default
 * main context of the first caller of care_clock_get_default(). */
#define CARE_TYPE_CLOCK (care_clock_get_type ())
G_DECLARE_FINAL_TYPE (CareClock, care_clock, CARE, CLOCK, GObject)

CareClock  *care_clock_get_default   (void);

G_END_DECLS
