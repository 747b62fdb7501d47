/* care-schedule.h: doctors' consulting hours, free slots and booking clashes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

#define CARE_SCHEDULE_ERROR (care_schedule_error_quark ())
GQuark care_schedule_error_quark (void);

typedef enum {
  CARE_SCHEDULE_ERROR_DOCTOR_BUSY,    /* the doctor has another appointment then */
  CARE_SCHEDULE_ERROR_PATIENT_BUSY,   /* the patient has another appointment then */
  CARE_SCHEDULE_ERROR_OUTSIDE_HOURS,  /* not within the doctor's consulting hours */
  CARE_SCHEDULE_ERROR_ON_LEAVE,       /* the doctor is on leave that day */
} CareScheduleError;

/* One span of time: [start, end) in µs since the epoch. */
typedef struct {
  gint64 start;
  gint64 end;
  int    slot_minutes;  /* of the hours it comes from */
} CareSpan;

/* A doctor's consulting hours on one weekday, in the clinic's local time.
 * end <= start means the hours run past midnight into the next day. */
typedef struct {
  GDateWeekday weekday;
  int          start;         /* minutes after midnight */
  int          end;
  int          break_start;   /* -1: no break */
  int          break_end;
  int          slot_minutes;  /* length of a bookable slot */
  char        *location;
} CareWorkHours;

/* The doctor's working spans (breaks left out) that begin on the local date
 * of `day` in tz, in absolute time: a day on which the clocks change has
 * its hours on the wall clock, one hour shorter or longer. */
GArray     *care_schedule_work_spans   (const CareWorkHours *hours,
                                        guint                n_hours,
                                        GDate               *day,
                                        GTimeZone           *tz);

/* Loads the doctor's consulting hours (entity doctor_schedule). */
GArray     *care_schedule_load_hours   (CareStore           *store,
                                        const char          *doctor_id,
                                        GError             **error);

/* Starts (µs) of the free slots of `minutes` for the doctor in
 * [from, until): within consulting hours, not in a break, not on leave,
 * not overlapping an appointment that still holds its time, and not in the
 * past (core's clock).  Slots start on the grid of the hours' slot length. */
GArray     *care_schedule_free_slots   (CareStore           *store,
                                        const char          *doctor_id,
                                        gint64               from,
                                        gint64               until,
                                        guint                minutes,
                                        GTimeZone           *tz,
                                        GError             **error);

/* The first free slot at or after `from`, looking up to `days` days ahead;
 * 0 if none. */
gint64      care_schedule_next_free_slot (CareStore         *store,
                                          const char        *doctor_id,
                                          gint64             from,
                                          guint              minutes,
                                          guint              days,
                                          GTimeZone         *tz,
                                          GError           **error);

/* Whether the appointment (entity appointment, with provider_id,
 * patient_id, starts_at, duration_minutes) may take its time: refused with
 * CARE_SCHEDULE_ERROR naming the field starts_at (care_rule_error_get_field())
 * and the clash.  An appointment being moved does not clash with itself. */
gboolean    care_schedule_check_booking (CareStore          *store,
                                         const CareRecord   *appointment,
                                         GTimeZone          *tz,
                                         GError            **error);

/* Books it: checks, then inserts (status "scheduled" unless given). */
gboolean    care_schedule_book          (CareStore          *store,
                                         CareRecord         *appointment,
                                         GTimeZone          *tz,
                                         GError            **error);

/* Moves it to a new time, with the same checks. */
gboolean    care_schedule_reschedule    (CareStore          *store,
                                         const char         *appointment_id,
                                         const char         *starts_at,
                                         GTimeZone          *tz,
                                         GError            **error);

/* Appointments that overlap another of the same doctor, both holding their
 * time: what two offline workstations booked into the same slot.  Ids,
 * each overlapping pair's ids next to each other, ordered by time. */
GPtrArray  *care_schedule_double_bookings (CareStore        *store,
                                           gint64            from,
                                           gint64            until,
                                           GError          **error);

/* Appointments (CareRecord of entity appointment, every status) that
 * overlap [from, until), of one doctor or (doctor_id NULL) of all, ordered
 * by starts_at: what a calendar shows, read through the starts_at index. */
GPtrArray  *care_schedule_list_range    (CareStore          *store,
                                         const char         *doctor_id,
                                         gint64              from,
                                         gint64              until,
                                         GError            **error);

/* Patient id -> "Given Family" for the patients of the appointments that
 * care_schedule_list_range() returns for the same arguments: one query. */
GHashTable *care_schedule_patient_names (CareStore          *store,
                                         const char         *doctor_id,
                                         gint64              from,
                                         gint64              until,
                                         GError            **error);

/* Whether an appointment in this status holds its time in the calendar. */
gboolean    care_schedule_status_holds_time (const char     *status);

/* The same check on every write of an appointment that takes a new time,
 * whoever writes it (care-rules.h); a sync push's replay of an offline
 * booking (ctx->replayed) is kept even when it clashes. */
const CareEntityRules *care_schedule_entity_rules (guint *n_rules);

void        care_work_hours_clear       (CareWorkHours      *hours);

G_END_DECLS
