/* care-schedule.c: doctors' consulting hours, free slots and booking clashes
 *
 * Consulting hours are wall-clock times in the clinic's time zone ("Monday
 * 09:00 to 17:00, break 12:30 to 13:30, 20-minute slots"); appointments are
 * instants in UTC.  Every computation turns the hours of one local date into
 * absolute spans first, so a day on which the clocks change keeps its hours
 * on the wall clock, and hours that run past midnight end on the next day.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-schedule"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "care-appointments.h"
#include "care-clock.h"
#include "care-schedule.h"
#include "care-store-private.h"

GQuark
care_schedule_error_quark (void)
{
  static gsize quark;

  /* A rule domain: refusals carry the field (starts_at). */
  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, care_rule_domain_register ("care-schedule-error-quark"));
  return (GQuark) quark;
}

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
/* The longest appointment the schema allows: how far back to look for one
 * that is still running at the start of a span. */
#define LONGEST (480 * MINUTE)

static const char *const weekday_names[] = { NULL, "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

gboolean
care_schedule_status_holds_time (const char *status)
{
  /* A cancelled, refused or missed appointment frees its slot. */
  return status != NULL &&
         !g_str_equal (status, "cancelled") &&
         !g_str_equal (status, "rejected") &&
         !g_str_equal (status, "no_show");
}

void
care_work_hours_clear (CareWorkHours *hours)
{
  g_clear_pointer (&hours->location, g_free);
}

/* --- time helpers ------------------------------------------------------- */

static gint64
to_usec (GDateTime *t)
{
  return g_date_time_to_unix (t) * G_USEC_PER_SEC + g_date_time_get_microsecond (t);
}

static gint64
local_instant (GDate     *day,
               int        days_after,
               int        minutes,
               GTimeZone *tz)
{
  GDate d = *day;
  g_autoptr(GDateTime) t = NULL;

  if (days_after)
    g_date_add_days (&d, days_after);
  /* Where the wall-clock time does not exist (the hour the clocks skip),
   * GLib moves it forward, as a clinic would. */
  t = g_date_time_new (tz, g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d),
                       minutes / 60, minutes % 60, 0);
  return to_usec (t);
}

static gboolean
parse_instant (const char *text,
               gint64     *usec)
{
  return text && care_clock_parse_instant (text, usec);
}

static char *
format_instant (gint64 usec)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
local_clock_time (gint64     usec,
                  GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) t = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (t, "%H:%M");
}

static int
parse_minutes (const char *text)
{
  int h, m;

  if (text == NULL || sscanf (text, "%d:%d", &h, &m) != 2)
    return -1;
  return h * 60 + m;
}

static void
local_date (gint64     usec,
            GTimeZone *tz,
            GDate     *out)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) t = g_date_time_to_timezone (utc, tz);

  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (t), g_date_time_get_month (t), g_date_time_get_year (t));
}

/* A store read as a rule context, so that the app's bookings are checked by
 * the very code the server's writes are. */
typedef struct {
  CareRuleContext parent;
  CareStore      *store;
} StoreReader;

#define STORE_READER(s) ((StoreReader) { .parent = { .get = store_get, .list = store_list }, .store = (s) })

static CareRecord *
store_get (CareRuleContext  *ctx,
           const CareEntity *entity,
           const char       *id)
{
  return id ? care_store_get (((StoreReader *) ctx)->store, entity, id, NULL) : NULL;
}

static GPtrArray *
store_list (CareRuleContext  *ctx,
            const CareEntity *entity,
            const char       *field,
            const char       *value,
            GError          **error)
{
  return care_store_list (((StoreReader *) ctx)->store, entity, field, value, NULL, 0, error);
}

/* A doctor's hours or leave (entity), through a rule context. */
static GArray *
list_rows (CareRuleContext *ctx,
           const char      *entity,
           const char      *doctor_id,
           GArray        *(*from_rows) (GPtrArray *rows),
           GError         **error)
{
  g_autoptr(GPtrArray) rows = ctx->list (ctx, care_schema_lookup (entity), "doctor_id", doctor_id, error);

  return rows ? from_rows (rows) : NULL;
}

/* --- consulting hours --------------------------------------------------- */

GArray *
care_schedule_work_spans (const CareWorkHours *hours,
                          guint                n_hours,
                          GDate               *day,
                          GTimeZone           *tz)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (CareSpan));
  GDateWeekday weekday = g_date_get_weekday (day);

  for (guint i = 0; i < n_hours; i++)
    {
      const CareWorkHours *h = &hours[i];
      gint64 start, end;

      if (h->weekday != weekday || h->start < 0 || h->end < 0)
        continue;
      start = local_instant (day, 0, h->start, tz);
      end = local_instant (day, h->end <= h->start ? 1 : 0, h->end, tz);
      if (h->break_start >= 0 && h->break_end > h->break_start)
        {
          /* A break after midnight belongs to the next day of a night's hours. */
          int next = h->end <= h->start && h->break_start < h->start ? 1 : 0;
          gint64 bs = local_instant (day, next, h->break_start, tz);
          gint64 be = local_instant (day, next, h->break_end, tz);

          /* A break in the hour the clocks skip is no break at all. */
          if (bs > start && be < end && bs < be)
            {
              CareSpan before = { start, bs, h->slot_minutes };
              g_array_append_val (spans, before);
              start = be;
            }
        }
      if (end > start)
        {
          CareSpan span = { start, end, h->slot_minutes };
          g_array_append_val (spans, span);
        }
    }
  return spans;
}

/* Consulting hours from doctor_schedule records. */
static GArray *
hours_from_rows (GPtrArray *rows)
{
  GArray *hours = g_array_new (FALSE, TRUE, sizeof (CareWorkHours));

  g_array_set_clear_func (hours, (GDestroyNotify) care_work_hours_clear);
  for (guint i = 0; i < rows->len; i++)
    {
      CareRecord *row = rows->pdata[i];
      CareWorkHours h = { 0 };
      const char *day = care_record_get (row, "weekday");

      for (guint d = 1; d < G_N_ELEMENTS (weekday_names); d++)
        if (g_strcmp0 (day, weekday_names[d]) == 0)
          h.weekday = d;
      h.start = parse_minutes (care_record_get (row, "start_time"));
      h.end = parse_minutes (care_record_get (row, "end_time"));
      h.break_start = parse_minutes (care_record_get (row, "break_start"));
      h.break_end = parse_minutes (care_record_get (row, "break_end"));
      h.slot_minutes = (int) care_record_get_int (row, "slot_minutes", 15);
      if (h.slot_minutes <= 0)
        h.slot_minutes = 15;
      h.location = g_strdup (care_record_get (row, "location"));
      if (h.weekday != G_DATE_BAD_WEEKDAY)
        g_array_append_val (hours, h);
    }
  return hours;
}

GArray *
care_schedule_load_hours (CareStore   *store,
                          const char  *doctor_id,
                          GError     **error)
{
  StoreReader reader = STORE_READER (store);

  return list_rows (&reader.parent, "doctor_schedule", doctor_id, hours_from_rows, error);
}

/* Leave as [first, last] local dates, Julian day numbers, from
 * doctor_leave records. */
static GArray *
leave_from_rows (GPtrArray *rows)
{
  GArray *leave = g_array_new (FALSE, FALSE, sizeof (guint32) * 2);

  for (guint i = 0; i < rows->len; i++)
    {
      GDate first, last;
      guint32 pair[2];

      g_date_clear (&first, 1);
      g_date_clear (&last, 1);
      g_date_set_parse (&first, care_record_get (rows->pdata[i], "starts_on"));
      g_date_set_parse (&last, care_record_get (rows->pdata[i], "ends_on"));
      if (!g_date_valid (&first))
        continue;
      pair[0] = g_date_get_julian (&first);
      pair[1] = g_date_valid (&last) ? g_date_get_julian (&last) : pair[0];
      g_array_append_val (leave, pair);
    }
  return leave;
}

static GArray *
load_leave (CareStore   *store,
            const char  *doctor_id,
            GError     **error)
{
  StoreReader reader = STORE_READER (store);

  return list_rows (&reader.parent, "doctor_leave", doctor_id, leave_from_rows, error);
}

static gboolean
on_leave (GArray *leave,
          GDate  *day)
{
  guint32 j = g_date_get_julian (day);

  for (guint i = 0; i < leave->len; i++)
    {
      const guint32 *pair = (const guint32 *) (leave->data + i * g_array_get_element_size (leave));

      if (j >= pair[0] && j <= pair[1])
        return TRUE;
    }
  return FALSE;
}

/* --- booked time -------------------------------------------------------- */

typedef struct {
  gint64 start;
  gint64 end;
  char  *id;
} Booked;

static void
booked_clear (Booked *b)
{
  g_free (b->id);
}

static GArray *
booked_new (void)
{
  GArray *booked = g_array_new (FALSE, TRUE, sizeof (Booked));

  g_array_set_clear_func (booked, (GDestroyNotify) booked_clear);
  return booked;
}

/* Adds an appointment if it holds its time and overlaps [from, until). */
static void
booked_add (GArray     *booked,
            const char *id,
            const char *starts_at,
            gint64      minutes,
            const char *status,
            gint64      from,
            gint64      until)
{
  Booked b = { 0 };

  if (!care_schedule_status_holds_time (status) || !parse_instant (starts_at, &b.start))
    return;
  b.end = b.start + minutes * MINUTE;
  if (b.end <= from || b.start >= until)
    return;
  b.id = g_strdup (id);
  g_array_append_val (booked, b);
}

/* Appointments of one doctor (column provider_id) or one patient
 * (patient_id) that hold their time and overlap [from, until), by start. */
static GArray *
load_booked (CareStore   *store,
             const char  *column,
             const char  *value,
             gint64       from,
             gint64       until,
             GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id, starts_at, duration_minutes, status FROM appointments "
                                          "WHERE %s = ?1 AND tenant_id IS ?2 AND starts_at >= ?3 AND starts_at < ?4 "
                                          "ORDER BY starts_at", column);
  g_autofree char *lo = format_instant (from - LONGEST);
  g_autofree char *hi = format_instant (until);
  sqlite3_stmt *stmt = care_store_prepare (store, sql, error);
  GArray *booked;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, lo, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, hi, -1, SQLITE_TRANSIENT);
  booked = booked_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    booked_add (booked, (const char *) sqlite3_column_text (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
                sqlite3_column_int64 (stmt, 2), (const char *) sqlite3_column_text (stmt, 3), from, until);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (store, error);
      g_array_unref (booked);
      return NULL;
    }
  return booked;
}

static const Booked *
first_overlap (GArray     *booked,
               gint64      start,
               gint64      end,
               const char *except_id)
{
  for (guint i = 0; i < booked->len; i++)
    {
      const Booked *b = &g_array_index (booked, Booked, i);

      if (b->start < end && start < b->end && g_strcmp0 (b->id, except_id) != 0)
        return b;
    }
  return NULL;
}

/* --- free slots --------------------------------------------------------- */

GArray *
care_schedule_free_slots (CareStore   *store,
                          const char  *doctor_id,
                          gint64       from,
                          gint64       until,
                          guint        minutes,
                          GTimeZone   *tz,
                          GError     **error)
{
  g_autoptr(GArray) hours = NULL;
  g_autoptr(GArray) leave = NULL;
  g_autoptr(GArray) booked = NULL;
  GArray *slots;
  gint64 now = care_clock_get_real_time ();
  gint64 length = (gint64) MAX (minutes, 1) * MINUTE;
  GDate day, last;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (doctor_id != NULL, NULL);
  g_return_val_if_fail (tz != NULL, NULL);

  if ((hours = care_schedule_load_hours (store, doctor_id, error)) == NULL ||
      (leave = load_leave (store, doctor_id, error)) == NULL ||
      (booked = load_booked (store, "provider_id", doctor_id, from, until, error)) == NULL)
    return NULL;

  slots = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* From the day before: its hours may run past midnight into `from`. */
  local_date (from, tz, &day);
  g_date_subtract_days (&day, 1);
  local_date (until, tz, &last);
  for (; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    {
      g_autoptr(GArray) spans = NULL;

      if (on_leave (leave, &day))
        continue;
      spans = care_schedule_work_spans ((CareWorkHours *) hours->data, hours->len, &day, tz);
      for (guint s = 0; s < spans->len; s++)
        {
          const CareSpan *span = &g_array_index (spans, CareSpan, s);
          gint64 step = (gint64) MAX (span->slot_minutes, 5) * MINUTE;

          for (gint64 t = span->start; t + length <= span->end; t += step)
            if (t >= from && t + length <= until && t >= now && !first_overlap (booked, t, t + length, NULL))
              g_array_append_val (slots, t);
        }
    }
  return slots;
}

gint64
care_schedule_next_free_slot (CareStore   *store,
                              const char  *doctor_id,
                              gint64       from,
                              guint        minutes,
                              guint        days,
                              GTimeZone   *tz,
                              GError     **error)
{
  /* A week at a time: most searches end in the first. */
  for (guint done = 0; done < days; done += 7)
    {
      gint64 start = from + (gint64) done * G_TIME_SPAN_DAY;
      gint64 end = from + (gint64) MIN (done + 7, days) * G_TIME_SPAN_DAY;
      g_autoptr(GArray) slots = care_schedule_free_slots (store, doctor_id, start, end, minutes, tz, error);

      if (slots == NULL)
        return 0;
      if (slots->len > 0)
        return g_array_index (slots, gint64, 0);
    }
  return 0;
}

/* --- booking ------------------------------------------------------------ */

/* Everything a booking is checked against, read from a store or through a
 * rule context. */
typedef struct {
  GArray *doctor;    /* Booked */
  GArray *patient;   /* Booked */
  GArray *hours;     /* CareWorkHours */
  GArray *leave;
  char   *doctor_name;
} Facts;

static void
facts_clear (Facts *facts)
{
  g_clear_pointer (&facts->doctor, g_array_unref);
  g_clear_pointer (&facts->patient, g_array_unref);
  g_clear_pointer (&facts->hours, g_array_unref);
  g_clear_pointer (&facts->leave, g_array_unref);
  g_clear_pointer (&facts->doctor_name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Facts, facts_clear)

static char *
name_of (CareRecord *doctor)
{
  const char *name = doctor ? care_record_get (doctor, "full_name") : NULL;

  return g_strdup (name ? name : _("The doctor"));
}

/* The span the appointment would take; FALSE when it takes none (it does
 * not hold its time) or when validation has something to say first. */
static gboolean
booking_span (const CareRecord *appointment,
              gint64           *start,
              gint64           *end)
{
  gint64 minutes = care_record_get_int (appointment, "duration_minutes", 0);

  if (!parse_instant (care_record_get (appointment, "starts_at"), start) || minutes <= 0 ||
      care_record_get (appointment, "provider_id") == NULL || care_record_get (appointment, "patient_id") == NULL ||
      !care_schedule_status_holds_time (care_record_get (appointment, "status")))
    return FALSE;
  *end = *start + minutes * MINUTE;
  return TRUE;
}

/* Refusals name the time: that is what the receptionist changes. */
static gboolean
refuse (GError            **error,
        CareScheduleError   code,
        const char         *detail)
{
  care_rule_set_field_error (error, CARE_SCHEDULE_ERROR, code, care_schema_lookup ("appointment"), "starts_at", detail);
  return FALSE;
}

/* The booking rules, once, whoever read the facts. */
static gboolean
check_facts (const CareRecord *appointment,
             gint64            start,
             gint64            end,
             const Facts      *facts,
             GTimeZone        *tz,
             GError          **error)
{
  const char *id = care_record_get_id (appointment);
  g_autofree char *detail = NULL;
  const Booked *clash;
  GDate day;

  if ((clash = first_overlap (facts->doctor, start, end, id)))
    {
      g_autofree char *a = local_clock_time (clash->start, tz);
      g_autofree char *b = local_clock_time (clash->end, tz);

      /* Translators: a doctor's name, then two times of day */
      detail = g_strdup_printf (_("%s already has an appointment from %s to %s. Choose another time."),
                                facts->doctor_name, a, b);
      return refuse (error, CARE_SCHEDULE_ERROR_DOCTOR_BUSY, detail);
    }
  if ((clash = first_overlap (facts->patient, start, end, id)))
    {
      g_autofree char *a = local_clock_time (clash->start, tz);
      g_autofree char *b = local_clock_time (clash->end, tz);

      detail = g_strdup_printf (_("The patient already has an appointment from %s to %s. Choose another time."), a, b);
      return refuse (error, CARE_SCHEDULE_ERROR_PATIENT_BUSY, detail);
    }
  local_date (start, tz, &day);
  if (on_leave (facts->leave, &day))
    {
      detail = g_strdup_printf (_("%s is on leave that day. Choose another day or another doctor."), facts->doctor_name);
      return refuse (error, CARE_SCHEDULE_ERROR_ON_LEAVE, detail);
    }
  /* A doctor without consulting hours takes appointments at any time. */
  if (facts->hours->len == 0)
    return TRUE;
  g_date_subtract_days (&day, 1);
  for (int d = 0; d < 2; d++, g_date_add_days (&day, 1))
    {
      g_autoptr(GArray) spans = care_schedule_work_spans ((CareWorkHours *) facts->hours->data, facts->hours->len,
                                                          &day, tz);

      for (guint s = 0; s < spans->len; s++)
        if (g_array_index (spans, CareSpan, s).start <= start && end <= g_array_index (spans, CareSpan, s).end)
          return TRUE;
    }
  detail = g_strdup_printf (_("This is outside %s’s consulting hours. Choose a free slot."), facts->doctor_name);
  return refuse (error, CARE_SCHEDULE_ERROR_OUTSIDE_HOURS, detail);
}

/* The appointments of one doctor or patient, through a rule context. */
static GArray *
list_booked (CareRuleContext *ctx,
             const char      *field,
             const char      *value,
             gint64           from,
             gint64           until,
             GError         **error)
{
  g_autoptr(GPtrArray) rows = ctx->list (ctx, care_schema_lookup ("appointment"), field, value, error);
  GArray *booked;

  if (rows == NULL)
    return NULL;
  booked = booked_new ();
  for (guint i = 0; i < rows->len; i++)
    booked_add (booked, care_record_get_id (rows->pdata[i]), care_record_get (rows->pdata[i], "starts_at"),
                care_record_get_int (rows->pdata[i], "duration_minutes", 0),
                care_record_get (rows->pdata[i], "status"), from, until);
  return booked;
}

/* The booking check over what a rule context reads. */
static gboolean
check_booking_in (CareRuleContext  *ctx,
                  const CareRecord *appointment,
                  GTimeZone        *tz,
                  GError          **error)
{
  const char *doctor_id = care_record_get (appointment, "provider_id");
  g_auto(Facts) facts = { 0 };
  g_autoptr(CareRecord) doctor = NULL;
  gint64 start, end;

  if (!booking_span (appointment, &start, &end))
    return TRUE;
  if ((facts.doctor = list_booked (ctx, "provider_id", doctor_id, start, end, error)) == NULL ||
      (facts.patient = list_booked (ctx, "patient_id", care_record_get (appointment, "patient_id"),
                                    start, end, error)) == NULL ||
      (facts.hours = list_rows (ctx, "doctor_schedule", doctor_id, hours_from_rows, error)) == NULL ||
      (facts.leave = list_rows (ctx, "doctor_leave", doctor_id, leave_from_rows, error)) == NULL)
    return FALSE;
  doctor = ctx->get (ctx, care_schema_lookup ("user"), doctor_id);
  facts.doctor_name = name_of (doctor);
  return check_facts (appointment, start, end, &facts, tz, error);
}

gboolean
care_schedule_check_booking (CareStore         *store,
                             const CareRecord  *appointment,
                             GTimeZone         *tz,
                             GError           **error)
{
  StoreReader reader = STORE_READER (store);

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (appointment != NULL, FALSE);
  g_return_val_if_fail (tz != NULL, FALSE);

  return check_booking_in (&reader.parent, appointment, tz, error);
}

/* Whether the write makes the appointment take a time it did not hold. */
static gboolean
takes_new_time (CareRecord *before,
                CareRecord *appointment)
{
  static const char *const fields[] = { "provider_id", "patient_id", "starts_at", "duration_minutes" };

  if (before == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (care_record_get (before, fields[i]), care_record_get (appointment, fields[i])) != 0)
      return TRUE;
  return !care_schedule_status_holds_time (care_record_get (before, "status"));
}

static gboolean
prepare_booking (CareRuleContext *ctx,
                 CareRecord      *before,
                 CareRecord      *appointment,
                 GError         **error)
{
  g_autoptr(GTimeZone) tz = NULL;

  /* What a workstation booked offline stands: two that took the same slot
   * both keep it, and care_schedule_double_bookings() shows the pair to
   * move one.  Refusing it here would silently lose a patient's booking. */
  if (ctx->replayed || !takes_new_time (before, appointment))
    return TRUE;
  /* Consulting hours are on the clinic's wall clock, which is the
   * server's own. */
  tz = g_time_zone_new_local ();
  return check_booking_in (ctx, appointment, tz, error);
}

const CareEntityRules *
care_schedule_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "appointment", prepare_booking, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

gboolean
care_schedule_book (CareStore   *store,
                    CareRecord  *appointment,
                    GTimeZone   *tz,
                    GError     **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  if (care_record_get (appointment, "status") == NULL)
    care_record_set (appointment, "status", "scheduled");
  return care_schedule_check_booking (store, appointment, tz, error) &&
         care_appointments_save (store, NULL, appointment, error);
}

gboolean
care_schedule_reschedule (CareStore   *store,
                          const char  *appointment_id,
                          const char  *starts_at,
                          GTimeZone   *tz,
                          GError     **error)
{
  g_autoptr(CareRecord) appointment = care_store_get (store, care_schema_lookup ("appointment"), appointment_id, error);

  if (appointment == NULL)
    return FALSE;
  care_record_set (appointment, "starts_at", starts_at);
  return care_schedule_check_booking (store, appointment, tz, error) &&
         care_store_update (store, appointment, error);
}

/* The WHERE clause both range queries share: ?1 tenant, ?2 and ?3 the
 * widened range, ?4 the doctor or NULL for all. */
#define RANGE_WHERE "a.tenant_id IS ?1 AND a.starts_at >= ?2 AND a.starts_at < ?3 AND (?4 IS NULL OR a.provider_id = ?4)"

static sqlite3_stmt *
prepare_range (CareStore   *store,
               const char  *sql,
               const char  *doctor_id,
               gint64       from,
               gint64       until,
               GError     **error)
{
  g_autofree char *lo = format_instant (from - LONGEST);
  g_autofree char *hi = format_instant (until);
  sqlite3_stmt *stmt = care_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, lo, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, hi, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, doctor_id, -1, SQLITE_TRANSIENT);
  return stmt;
}

static gboolean
finish_range (CareStore  *store,
              sqlite3_stmt *stmt,
              int         rc,
              GError    **error)
{
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  return care_store_set_sqlite_error (store, error);
}

GPtrArray *
care_schedule_list_range (CareStore   *store,
                          const char  *doctor_id,
                          gint64       from,
                          gint64       until,
                          GError     **error)
{
  const CareEntity *entity = care_schema_lookup ("appointment");
  g_autofree char *columns = care_store_column_list (entity, "a.");
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM appointments a WHERE " RANGE_WHERE " ORDER BY a.starts_at, a.id",
                                          columns);
  sqlite3_stmt *stmt = prepare_range (store, sql, doctor_id, from, until, error);
  g_autoptr(GPtrArray) records = NULL;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (stmt == NULL)
    return NULL;
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CareRecord) a = care_store_record_from_row (entity, stmt, 0);
      gint64 start;

      /* Widened by the longest appointment: keep those still running at from. */
      if (parse_instant (care_record_get (a, "starts_at"), &start) &&
          start + care_record_get_int (a, "duration_minutes", 0) * MINUTE > from)
        g_ptr_array_add (records, g_steal_pointer (&a));
    }
  if (!finish_range (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&records);
}

GHashTable *
care_schedule_patient_names (CareStore   *store,
                             const char  *doctor_id,
                             gint64       from,
                             gint64       until,
                             GError     **error)
{
  sqlite3_stmt *stmt = prepare_range (store,
                                      "SELECT p.id, p.given_name || ' ' || p.family_name FROM patients p "
                                      "WHERE p.id IN (SELECT a.patient_id FROM appointments a WHERE " RANGE_WHERE
                                      " AND CAST (strftime ('%s', a.starts_at) AS INTEGER) + 60 * a.duration_minutes > ?5)",
                                      doctor_id, from, until, error);
  g_autoptr(GHashTable) names = NULL;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 5, from / G_USEC_PER_SEC);
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  if (!finish_range (store, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&names);
}

GPtrArray *
care_schedule_double_bookings (CareStore   *store,
                               gint64       from,
                               gint64       until,
                               GError     **error)
{
  sqlite3_stmt *stmt = prepare_range (store,
                                      "SELECT a.id, a.provider_id, a.starts_at, a.duration_minutes, a.status "
                                      "FROM appointments a WHERE " RANGE_WHERE " ORDER BY a.provider_id, a.starts_at",
                                      NULL, from, until, error);
  GPtrArray *pairs;
  g_autofree char *doctor = NULL;
  g_autofree char *last_id = NULL;
  gint64 last_end = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  pairs = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *provider = (const char *) sqlite3_column_text (stmt, 1);
      gint64 start, end;

      if (!care_schedule_status_holds_time ((const char *) sqlite3_column_text (stmt, 4)) ||
          !parse_instant ((const char *) sqlite3_column_text (stmt, 2), &start))
        continue;
      end = start + sqlite3_column_int64 (stmt, 3) * MINUTE;
      if (g_strcmp0 (provider, doctor) == 0 && start < last_end && end > from)
        {
          g_ptr_array_add (pairs, g_strdup (last_id));
          g_ptr_array_add (pairs, g_strdup (id));
        }
      if (g_strcmp0 (provider, doctor) != 0 || end > last_end)
        {
          g_free (doctor);
          doctor = g_strdup (provider);
          g_free (last_id);
          last_id = g_strdup (id);
          last_end = end;
        }
    }
  if (!finish_range (store, stmt, rc, error))
    {
      g_ptr_array_unref (pairs);
      return NULL;
    }
  return pairs;
}
