/* test-medication-rounds.c: frequencies, the round's schedule, overdue doses, double doses, append-only records
 *
 * Runs with TZ=Europe/London (tests/core/meson.build), so the round's
 * local times cross the clock changes of the last Sundays of March and
 * October; the frequency tests name their zone themselves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include "care-test-records.h"

#include "care-test-core.h"
#include "care-dose-frequency.h"
#include "care-medication-rounds.h"

#define HOUR ((gint64) 3600 * G_USEC_PER_SEC)
#define MINUTE ((gint64) 60 * G_USEC_PER_SEC)

static gint64
utc (int y, int m, int d, int h, int min)
{
  g_autoptr(GDateTime) t = g_date_time_new_utc (y, m, d, h, min, 0);
  return g_date_time_to_unix (t) * G_USEC_PER_SEC;
}

static gint64
london (int y, int m, int d, int h, int min)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(GDateTime) t = g_date_time_new (zone, y, m, d, h, min, 0);
  return g_date_time_to_unix (t) * G_USEC_PER_SEC;
}

/* --- frequencies ------------------------------------------------------------ */

static void
assert_times (const char *text,
              guint       interval,
              const char *times)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) got = g_string_new (NULL);
  CareDoseFrequency f;

  g_assert_true (care_dose_frequency_parse (text, &f, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < f.n_times; i++)
    g_string_append_printf (got, "%s%02u:%02u", i ? " " : "", f.times[i] / 60, f.times[i] % 60);
  g_assert_cmpstr (got->str, ==, times);
  g_assert_cmpuint (f.interval_minutes, ==, interval);
  g_assert_cmpuint (f.every_minutes, ==, 0);
  g_assert_false (f.as_needed);
}

static void
test_frequency_parse (void)
{
  CareDoseFrequency f;
  static const char *const unknown[] = { "", "sometimes", "every 0 hours", "q200h", "thrice", "25 times a day", NULL };

  assert_times ("once a day", 24 * 60, "08:00");
  assert_times ("OD", 24 * 60, "08:00");
  assert_times ("Daily.", 24 * 60, "08:00");
  assert_times ("in the morning", 24 * 60, "08:00");
  assert_times ("twice a day", 12 * 60, "08:00 20:00");
  assert_times ("BD", 12 * 60, "08:00 20:00");
  assert_times ("every 12 hours", 12 * 60, "08:00 20:00");
  assert_times ("three times daily", 8 * 60, "06:00 14:00 22:00");
  assert_times ("TDS", 8 * 60, "06:00 14:00 22:00");
  assert_times ("tid", 8 * 60, "06:00 14:00 22:00");
  assert_times ("every 8 hours", 8 * 60, "06:00 14:00 22:00");
  assert_times ("four times a day", 6 * 60, "00:00 06:00 12:00 18:00");
  assert_times ("QDS", 6 * 60, "00:00 06:00 12:00 18:00");
  assert_times ("4 times a day", 6 * 60, "00:00 06:00 12:00 18:00");
  assert_times ("q4h", 4 * 60, "02:00 06:00 10:00 14:00 18:00 22:00");
  assert_times ("Q 4 H", 4 * 60, "02:00 06:00 10:00 14:00 18:00 22:00");
  assert_times ("4-hourly", 4 * 60, "02:00 06:00 10:00 14:00 18:00 22:00");
  assert_times ("every 4h", 4 * 60, "02:00 06:00 10:00 14:00 18:00 22:00");
  assert_times ("every 24 hours", 24 * 60, "08:00");
  assert_times ("at night", 24 * 60, "22:00");
  assert_times ("nocte", 24 * 60, "22:00");
  assert_times ("ON", 24 * 60, "22:00");
  assert_times ("at bedtime", 24 * 60, "22:00");

  /* A steady interval that does not divide the day. */
  g_assert_true (care_dose_frequency_parse ("every 5 hours", &f, NULL));
  g_assert_cmpuint (f.n_times, ==, 0);
  g_assert_cmpuint (f.every_minutes, ==, 5 * 60);
  g_assert_cmpuint (f.interval_minutes, ==, 5 * 60);
  g_assert_true (care_dose_frequency_parse ("every 36 hours", &f, NULL));
  g_assert_cmpuint (f.every_minutes, ==, 36 * 60);

  /* As needed: never scheduled, with or without an interval. */
  g_assert_true (care_dose_frequency_parse ("PRN", &f, NULL));
  g_assert_true (f.as_needed);
  g_assert_cmpuint (f.n_times, ==, 0);
  g_assert_cmpuint (f.interval_minutes, ==, 0);
  g_assert_true (care_dose_frequency_parse ("as needed", &f, NULL));
  g_assert_true (f.as_needed);
  g_assert_true (care_dose_frequency_parse ("every 4 hours as needed", &f, NULL));
  g_assert_true (f.as_needed);
  g_assert_cmpuint (f.n_times, ==, 0);
  g_assert_cmpuint (f.every_minutes, ==, 0);
  g_assert_cmpuint (f.interval_minutes, ==, 4 * 60);
  g_assert_true (care_dose_frequency_parse ("q6h PRN", &f, NULL));
  g_assert_true (f.as_needed);
  g_assert_cmpuint (f.interval_minutes, ==, 6 * 60);

  for (guint i = 0; unknown[i]; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (care_dose_frequency_parse (unknown[i], &f, &error));
      g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID);
      g_assert_cmpstr (care_rule_error_get_field (error), ==, "frequency");
    }
  g_assert_false (care_dose_frequency_parse (NULL, &f, NULL));
}

static GArray *
instants (const char *text,
          gint64      start,
          gint64      from,
          gint64      to)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/London");
  CareDoseFrequency f;

  g_assert_true (care_dose_frequency_parse (text, &f, NULL));
  return care_dose_frequency_instants (&f, zone, start, from, to);
}

#define AT(a, i) g_array_index (a, gint64, i)

static void
test_frequency_midnight (void)
{
  /* 20:00 on 10 June to 04:00 on the 11th (BST): q4h is 22:00 and 02:00. */
  g_autoptr(GArray) a = instants ("q4h", 0, london (2026, 6, 10, 20, 0), london (2026, 6, 11, 4, 0));
  g_autoptr(GArray) b = NULL;
  g_autoptr(GArray) c = NULL;

  g_assert_cmpuint (a->len, ==, 2);
  g_assert_cmpint (AT (a, 0), ==, utc (2026, 6, 10, 21, 0));
  g_assert_cmpint (AT (a, 1), ==, utc (2026, 6, 11, 1, 0));

  /* The window's end is not included; its start is. */
  b = instants ("QDS", 0, london (2026, 6, 10, 18, 0), london (2026, 6, 11, 6, 0));
  g_assert_cmpuint (b->len, ==, 2);
  g_assert_cmpint (AT (b, 0), ==, london (2026, 6, 10, 18, 0));
  g_assert_cmpint (AT (b, 1), ==, london (2026, 6, 11, 0, 0));

  /* Nothing before the course starts. */
  c = instants ("BD", london (2026, 6, 10, 12, 0), london (2026, 6, 10, 0, 0), london (2026, 6, 12, 0, 0));
  g_assert_cmpuint (c->len, ==, 3);
  g_assert_cmpint (AT (c, 0), ==, london (2026, 6, 10, 20, 0));
}

static void
test_frequency_clock_changes (void)
{
  /* Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST. */
  g_autoptr(GArray) hourly = instants ("hourly", 0, utc (2026, 3, 29, 0, 0), utc (2026, 3, 29, 23, 0));
  g_autoptr(GArray) q4h = instants ("q4h", 0, utc (2026, 3, 29, 0, 0), utc (2026, 3, 29, 23, 0));
  g_autoptr(GArray) tds = instants ("TDS", 0, utc (2026, 3, 28, 0, 0), utc (2026, 3, 30, 0, 0));
  g_autoptr(GArray) back = instants ("hourly", 0, utc (2026, 10, 24, 23, 0), utc (2026, 10, 26, 0, 0));
  g_autoptr(GArray) steady = instants ("every 5 hours", utc (2026, 3, 28, 20, 0), utc (2026, 3, 28, 20, 0), utc (2026, 3, 29, 12, 0));

  /* The day has 23 hours; 01:00 does not exist and is given at 02:00. */
  g_assert_cmpuint (hourly->len, ==, 23);
  g_assert_cmpint (AT (hourly, 0), ==, utc (2026, 3, 29, 0, 0));   /* 00:00 GMT */
  g_assert_cmpint (AT (hourly, 1), ==, utc (2026, 3, 29, 1, 0));   /* 02:00 BST */
  g_assert_cmpint (AT (hourly, 2), ==, utc (2026, 3, 29, 2, 0));   /* 03:00 BST */
  g_assert_cmpuint (q4h->len, ==, 6);
  g_assert_cmpint (AT (q4h, 0), ==, utc (2026, 3, 29, 1, 0));      /* 02:00 BST */
  g_assert_cmpint (AT (q4h, 1), ==, utc (2026, 3, 29, 5, 0));      /* 06:00 BST */
  g_assert_cmpint (AT (q4h, 5), ==, utc (2026, 3, 29, 21, 0));     /* 22:00 BST */

  /* The same clock times on both sides of the change. */
  g_assert_cmpuint (tds->len, ==, 6);
  g_assert_cmpint (AT (tds, 0), ==, utc (2026, 3, 28, 6, 0));
  g_assert_cmpint (AT (tds, 2), ==, utc (2026, 3, 28, 22, 0));
  g_assert_cmpint (AT (tds, 3), ==, utc (2026, 3, 29, 5, 0));
  g_assert_cmpint (AT (tds, 5), ==, utc (2026, 3, 29, 21, 0));

  /* Sunday 25 October 2026: 02:00 BST becomes 01:00 GMT; 01:00 happens
   * twice and is given once, the first time: 24 doses in 25 hours.
   * 00:00 BST is 23:00 UTC. */
  g_assert_cmpuint (back->len, ==, 24);
  g_assert_cmpint (AT (back, 1), ==, utc (2026, 10, 25, 0, 0));  /* 01:00 BST */
  g_assert_cmpint (AT (back, 2), ==, utc (2026, 10, 25, 2, 0));  /* 02:00 GMT */
  g_assert_cmpint (AT (back, 0), ==, utc (2026, 10, 24, 23, 0));  /* 00:00 BST */
  g_assert_cmpint (AT (back, 23), ==, utc (2026, 10, 26, 0, 0) - HOUR); /* 23:00 GMT */

  /* A steady interval counts real hours across the change. */
  g_assert_cmpuint (steady->len, ==, 4);
  for (guint i = 1; i < steady->len; i++)
    g_assert_cmpint (AT (steady, i) - AT (steady, i - 1), ==, 5 * HOUR);
}

/* --- the round over a store --------------------------------------------------- */

typedef struct {
  char      *dir;
  CareStore *store;
  char      *nurse;
  char      *patient;
  char      *bed;
  char      *rx;
} Ward;

/* A patient admitted at `admitted` (UTC text), a prescription issued on
 * `issued`; the nurse acting. */
static void
ward_setup (Ward       *w,
            const char *admitted,
            const char *issued)
{
  g_autoptr(CareRecord) nurse = NULL;
  g_autoptr(CareRecord) patient = care_test_patient ("Maria", "López");
  g_autoptr(GError) error = NULL;
  g_autofree char *ward = NULL, *room = NULL, *alloc = NULL;

  w->dir = care_test_tmpdir ();
  w->store = care_test_clinic_store (w->dir, 0);
  care_store_insert (w->store, patient, &error);
  g_assert_no_error (error);
  w->patient = g_strdup (care_record_get_id (patient));
  ward = care_test_add_record (w->store, "ward", "name", "Ward A", "kind", "general", NULL);
  room = care_test_add_record (w->store, "room", "ward_id", ward, "name", "A1", NULL);
  w->bed = care_test_add_record (w->store, "bed", "room_id", room, "label", "A1-1", "status", "occupied", NULL);
  alloc = care_test_add_record (w->store, "bed_allocation", "bed_id", w->bed, "patient_id", w->patient, "admitted_at", admitted,
               "status", "active", NULL);
  w->rx = care_test_add_record (w->store, "prescription", "patient_id", w->patient, "prescriber_id", care_store_get_actor (w->store),
               "issued_on", issued, "status", "active", NULL);
  nurse = care_accounts_find_login (w->store, "nurse");
  g_assert_nonnull (nurse);
  w->nurse = g_strdup (care_record_get_id (nurse));
  care_store_set_actor (w->store, w->nurse);
}

static char *
ward_prescribe (Ward       *w,
                const char *medicine,
                const char *frequency,
                const char *days)
{
  return care_test_add_record (w->store, "prescription_item", "prescription_id", w->rx, "medicine_name", medicine, "dose", "500 mg",
              "route", "oral", "frequency", frequency, "quantity", "20", "duration_days", days, NULL);
}

static void
ward_teardown (Ward *w)
{
  g_clear_object (&w->store);
  care_test_rmdir (w->dir);
  g_free (w->dir);
  g_free (w->nurse);
  g_free (w->patient);
  g_free (w->bed);
  g_free (w->rx);
  care_clock_reset ();
}

static GPtrArray *
schedule (Ward   *w,
          gint64  from,
          gint64  to)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *doses = care_medication_rounds_schedule (w->store, from, to, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doses);
  return doses;
}

#define DOSE(a, i) CARE_DOSE (g_ptr_array_index (a, i))

/* At now, a patient admitted on 8 June with one medicine; its round of
 * [from, to). */
static GPtrArray *
ward_one_medicine (Ward       *w,
                   gint64      now,
                   const char *medicine,
                   const char *frequency,
                   char      **item,
                   gint64      from,
                   gint64      to)
{
  care_clock_freeze (now);
  ward_setup (w, "2026-06-08T10:15:00Z", "2026-06-08");
  *item = ward_prescribe (w, medicine, frequency, NULL);
  return schedule (w, from, to);
}

static void
test_schedule (void)
{
  Ward w = { 0 };
  g_autoptr(GPtrArray) doses = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autofree char *amox = NULL, *para = NULL, *prn = NULL, *odd = NULL;

  care_clock_freeze (utc (2026, 6, 10, 12, 0));
  ward_setup (&w, "2026-06-08T10:15:00Z", "2026-06-08");
  amox = ward_prescribe (&w, "Amoxicillin", "TDS", "3");
  para = ward_prescribe (&w, "Paracetamol", "every 6 hours", NULL);
  prn = ward_prescribe (&w, "Morphine", "as needed", NULL);
  odd = ward_prescribe (&w, "Herbal tea", "with every cup of tea", NULL);

  /* 10 June, 08:00 to 16:00 BST: amoxicillin at 14:00, paracetamol at 12:00. */
  doses = schedule (&w, london (2026, 6, 10, 8, 0), london (2026, 6, 10, 16, 0));
  g_assert_cmpuint (doses->len, ==, 2);
  g_assert_cmpstr (care_dose_get_medicine_name (DOSE (doses, 0)), ==, "Paracetamol");
  g_assert_cmpint (care_dose_get_scheduled_at (DOSE (doses, 0)), ==, london (2026, 6, 10, 12, 0));
  g_assert_cmpstr (care_dose_get_medicine_name (DOSE (doses, 1)), ==, "Amoxicillin");
  g_assert_cmpint (care_dose_get_scheduled_at (DOSE (doses, 1)), ==, london (2026, 6, 10, 14, 0));
  g_assert_cmpstr (care_dose_get_bed_label (DOSE (doses, 1)), ==, "A1-1");
  g_assert_cmpstr (care_dose_get_patient_name (DOSE (doses, 1)), ==, "Maria López");
  g_assert_cmpstr (care_dose_get_dose (DOSE (doses, 1)), ==, "500 mg");
  g_assert_cmpstr (care_dose_get_route (DOSE (doses, 1)), ==, "oral");
  g_assert_cmpuint (care_dose_get_interval_minutes (DOSE (doses, 1)), ==, 8 * 60);
  g_assert_null (care_dose_get_administration (DOSE (doses, 1)));

  /* The course of three days ends with the 10th; nothing before the
   * admission at 11:15 BST on the 8th. */
  later = schedule (&w, london (2026, 6, 8, 0, 0), london (2026, 6, 12, 0, 0));
  {
    guint n_amox = 0, n_para = 0;
    for (guint i = 0; i < later->len; i++)
      {
        gint64 at = care_dose_get_scheduled_at (DOSE (later, i));

        g_assert_cmpint (at, >=, utc (2026, 6, 8, 10, 15));
        if (g_str_equal (care_dose_get_medicine_name (DOSE (later, i)), "Amoxicillin"))
          {
            n_amox++;
            g_assert_cmpint (at, <, london (2026, 6, 11, 0, 0));
          }
        else
          n_para++;
        if (i > 0)
          g_assert_cmpint (at, >=, care_dose_get_scheduled_at (DOSE (later, i - 1)));
      }
    /* Amoxicillin: 14:00 and 22:00 on the 8th, three on the 9th and 10th. */
    g_assert_cmpuint (n_amox, ==, 2 + 3 + 3);
    /* Paracetamol: 12:00 and 18:00 on the 8th, four a day after. */
    g_assert_cmpuint (n_para, ==, 2 + 4 + 4 + 4);
  }

  /* A discharged patient, or a prescription no longer active, has no round. */
  {
    g_autoptr(CareRecord) rx = care_store_get (w.store, care_schema_lookup ("prescription"), w.rx, NULL);
    g_autoptr(GPtrArray) none = NULL;
    g_autoptr(GError) error = NULL;

    care_record_set (rx, "status", "completed");
    care_store_update (w.store, rx, &error);
    g_assert_no_error (error);
    none = schedule (&w, london (2026, 6, 10, 0, 0), london (2026, 6, 11, 0, 0));
    g_assert_cmpuint (none->len, ==, 0);
  }
  ward_teardown (&w);
}

static void
test_schedule_clock_change (void)
{
  Ward w = { 0 };
  g_autoptr(GPtrArray) spring = NULL;
  g_autoptr(GPtrArray) autumn = NULL;
  g_autofree char *item = NULL;

  g_assert_cmpstr (g_getenv ("TZ"), ==, "Europe/London");
  care_clock_freeze (utc (2026, 10, 26, 12, 0));
  ward_setup (&w, "2026-03-27T09:00:00Z", "2026-03-27");
  item = ward_prescribe (&w, "Ceftriaxone", "q4h", NULL);

  /* The local day of 29 March has 23 hours and six doses at the clock
   * times; the round from 20:00 on the 28th to 08:00 crosses midnight
   * and the change. */
  spring = schedule (&w, london (2026, 3, 28, 20, 0), london (2026, 3, 29, 8, 0));
  g_assert_cmpuint (spring->len, ==, 3);
  g_assert_cmpint (care_dose_get_scheduled_at (DOSE (spring, 0)), ==, utc (2026, 3, 28, 22, 0)); /* 22:00 GMT */
  g_assert_cmpint (care_dose_get_scheduled_at (DOSE (spring, 1)), ==, utc (2026, 3, 29, 1, 0));  /* 02:00 BST */
  g_assert_cmpint (care_dose_get_scheduled_at (DOSE (spring, 2)), ==, utc (2026, 3, 29, 5, 0));  /* 06:00 BST */

  /* 25 October: 22:00 BST on the 24th, then 02:00 and 06:00 GMT. */
  autumn = schedule (&w, london (2026, 10, 24, 20, 0), london (2026, 10, 25, 8, 0));
  g_assert_cmpuint (autumn->len, ==, 3);
  g_assert_cmpint (care_dose_get_scheduled_at (DOSE (autumn, 0)), ==, utc (2026, 10, 24, 21, 0));
  g_assert_cmpint (care_dose_get_scheduled_at (DOSE (autumn, 1)), ==, utc (2026, 10, 25, 2, 0));
  g_assert_cmpint (care_dose_get_scheduled_at (DOSE (autumn, 2)), ==, utc (2026, 10, 25, 6, 0));
  ward_teardown (&w);
}

static void
test_overdue (void)
{
  Ward w = { 0 };
  g_autoptr(GPtrArray) doses = NULL;
  g_autofree char *item = NULL;
  CareDose *dose;
  gint64 at;

  doses = ward_one_medicine (&w, utc (2026, 6, 10, 12, 0), "Amoxicillin", "TDS", &item,
                             london (2026, 6, 10, 14, 0), london (2026, 6, 10, 15, 0));
  g_assert_cmpuint (doses->len, ==, 1);
  dose = DOSE (doses, 0);
  at = care_dose_get_scheduled_at (dose);

  g_assert_cmpint (care_dose_get_state (dose, at - HOUR), ==, CARE_DOSE_DUE);
  g_assert_cmpint (care_dose_get_state (dose, at), ==, CARE_DOSE_DUE);
  g_assert_cmpint (care_dose_get_state (dose, at + CARE_DOSE_GRACE_MINUTES * MINUTE), ==, CARE_DOSE_DUE);
  g_assert_cmpint (care_dose_get_state (dose, at + CARE_DOSE_GRACE_MINUTES * MINUTE + 1), ==, CARE_DOSE_OVERDUE);
  g_assert_cmpint (care_dose_get_state (dose, at + 10 * HOUR), ==, CARE_DOSE_OVERDUE);
  ward_teardown (&w);
}

static void
test_record_and_double_dose (void)
{
  Ward w = { 0 };
  g_autoptr(GPtrArray) doses = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(CareRecord) given = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *item = NULL;
  g_autofree char *warning = NULL;
  gint64 now;

  /* 13:50 BST on 10 June: every 2 hours has doses at 12:00, 14:00, 16:00. */
  now = london (2026, 6, 10, 13, 50);
  doses = ward_one_medicine (&w, now, "Paracetamol", "every 2 hours", &item,
                             london (2026, 6, 10, 12, 0), london (2026, 6, 10, 17, 0));
  g_assert_cmpuint (doses->len, ==, 3);
  g_assert_cmpint (care_dose_get_state (DOSE (doses, 0), now), ==, CARE_DOSE_OVERDUE);

  /* Nothing given yet: no warning. */
  g_assert_true (care_medication_rounds_check_double_dose (w.store, DOSE (doses, 1), now, &warning, &error));
  g_assert_no_error (error);
  g_assert_null (warning);

  /* The 14:00 dose is given by the signed-in nurse, now. */
  given = care_medication_rounds_record (w.store, DOSE (doses, 1), "given", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (given);
  g_assert_cmpstr (care_record_get (given, "administered_by"), ==, w.nurse);
  g_assert_cmpstr (care_record_get (given, "status"), ==, "given");
  g_assert_cmpstr (care_record_get (given, "prescription_item_id"), ==, item);
  g_assert_cmpstr (care_record_get (given, "patient_id"), ==, w.patient);
  g_assert_cmpstr (care_record_get (given, "medicine_name"), ==, "Paracetamol");
  {
    gint64 t = 0;
    g_assert_true (care_clock_parse_instant (care_record_get (given, "administered_at"), &t));
    g_assert_cmpint (t, ==, now);
    g_assert_true (care_clock_parse_instant (care_record_get (given, "scheduled_at"), &t));
    g_assert_cmpint (t, ==, london (2026, 6, 10, 14, 0));
  }

  after = schedule (&w, london (2026, 6, 10, 12, 0), london (2026, 6, 10, 17, 0));
  g_assert_cmpint (care_dose_get_state (DOSE (after, 1), now), ==, CARE_DOSE_GIVEN);
  g_assert_cmpint (care_dose_get_state (DOSE (after, 2), now), ==, CARE_DOSE_DUE);

  /* The 16:00 dose given 30 minutes later is within two hours: warned,
   * naming who gave the last one and when. */
  g_assert_true (care_medication_rounds_check_double_dose (w.store, DOSE (after, 2), now + 30 * MINUTE, &warning, &error));
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, "13:50"));
  g_assert_nonnull (strstr (warning, "30 min"));
  g_clear_pointer (&warning, g_free);
  /* The same dose given again is warned about too. */
  g_assert_true (care_medication_rounds_check_double_dose (w.store, DOSE (after, 1), now, &warning, &error));
  g_assert_nonnull (warning);
  g_clear_pointer (&warning, g_free);
  /* Two hours later it is no double dose. */
  g_assert_true (care_medication_rounds_check_double_dose (w.store, DOSE (after, 2), now + 2 * HOUR, &warning, &error));
  g_assert_null (warning);

  /* Refused and held need a note; nothing is recorded without one. */
  {
    g_autoptr(CareRecord) refused = care_medication_rounds_record (w.store, DOSE (after, 2), "refused", "  ", &error);
    g_assert_null (refused);
    g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID);
    g_assert_cmpstr (care_rule_error_get_field (error), ==, "notes");
    g_clear_error (&error);
    g_assert_cmpint (care_store_count (w.store, care_schema_lookup ("medication_administration")), ==, 1);
  }
  /* Nobody signed in: nothing recorded. */
  care_store_set_actor (w.store, NULL);
  g_assert_null (care_medication_rounds_record (w.store, DOSE (after, 2), "given", NULL, &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
  g_clear_error (&error);
  ward_teardown (&w);
}

static void
test_append_only (void)
{
  Ward w = { 0 };
  g_autoptr(GPtrArray) doses = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GHashTable) amended = NULL;
  g_autoptr(CareRecord) given = NULL;
  g_autoptr(CareRecord) held = NULL;
  g_autoptr(CareRecord) again = NULL;
  g_autoptr(CareRecord) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *item = NULL;
  g_autofree char *warning = NULL;
  gint64 now = london (2026, 6, 10, 14, 5);

  doses = ward_one_medicine (&w, now, "Amoxicillin", "TDS", &item,
                             london (2026, 6, 10, 14, 0), london (2026, 6, 10, 15, 0));
  given = care_medication_rounds_record (w.store, DOSE (doses, 0), "given", NULL, &error);
  g_assert_no_error (error);

  /* The record cannot be edited or deleted. */
  copy = care_record_copy (given);
  care_record_set (copy, "status", "held");
  g_assert_false (care_store_update (w.store, copy, &error));
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (care_store_delete (w.store, care_schema_lookup ("medication_administration"),
                                     care_record_get_id (given), &error));
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* It was a mistake: the dose was held. A new record amends it. */
  care_clock_advance (5 * MINUTE);
  held = care_medication_rounds_amend (w.store, given, "held", "Nil by mouth before theatre", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (held, "amends_id"), ==, care_record_get_id (given));
  g_assert_cmpstr (care_record_get (held, "scheduled_at"), ==, care_record_get (given, "scheduled_at"));
  g_assert_cmpstr (care_record_get (held, "administered_by"), ==, w.nurse);
  after = schedule (&w, london (2026, 6, 10, 14, 0), london (2026, 6, 10, 15, 0));
  g_assert_cmpint (care_dose_get_state (DOSE (after, 0), now), ==, CARE_DOSE_HELD);
  g_assert_cmpstr (care_record_get_id (care_dose_get_administration (DOSE (after, 0))), ==, care_record_get_id (held));
  /* The amended "given" no longer counts towards a double dose. */
  g_assert_true (care_medication_rounds_check_double_dose (w.store, DOSE (after, 0), now, &warning, &error));
  g_assert_null (warning);

  /* The old record is kept; correcting it twice is refused. */
  g_assert_null (care_medication_rounds_amend (w.store, given, "given", NULL, &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
  g_clear_error (&error);
  /* Recording the dose again amends the standing record. */
  again = care_medication_rounds_record (w.store, DOSE (after, 0), "given", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (again, "amends_id"), ==, care_record_get_id (held));

  history = care_medication_rounds_history (w.store, w.patient, &amended, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_cmpstr (care_record_get_id (g_ptr_array_index (history, 0)), ==, care_record_get_id (again));
  g_assert_true (g_hash_table_contains (amended, care_record_get_id (given)));
  g_assert_true (g_hash_table_contains (amended, care_record_get_id (held)));
  g_assert_false (g_hash_table_contains (amended, care_record_get_id (again)));
  ward_teardown (&w);
}

/* The rules the server runs on a pushed or posted administration. */
static void
test_entity_rules (void)
{
  CareRuleContext ctx = { .actor = "nurse-id" };
  g_autoptr(CareRecord) given = care_record_new (care_schema_lookup ("medication_administration"));
  g_autoptr(CareRecord) refused = care_record_new (care_schema_lookup ("medication_administration"));
  g_autoptr(CareRecord) scheduled = care_record_new (care_schema_lookup ("medication_administration"));
  g_autoptr(GError) error = NULL;

  care_clock_freeze (utc (2026, 6, 10, 12, 0));
  care_record_set (given, "status", "given");
  g_assert_true (care_rules_prepare (&ctx, NULL, given, &error));
  g_assert_no_error (error);
  g_assert_nonnull (care_record_get (given, "administered_at"));
  g_assert_cmpstr (care_record_get (given, "administered_by"), ==, "nurse-id");

  care_record_set (refused, "status", "refused");
  g_assert_false (care_rules_prepare (&ctx, NULL, refused, &error));
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "notes");
  g_clear_error (&error);

  g_assert_true (care_rules_prepare (&ctx, NULL, scheduled, &error));
  g_assert_cmpstr (care_record_get (scheduled, "status"), ==, "scheduled");
  g_assert_null (care_record_get (scheduled, "administered_at"));
  care_clock_reset ();
}

/* A PRN medicine is listed as needed, never due; giving it needs the
 * reason, records now, never amends the last dose, and a second one
 * within its interval is warned about. */
static void
test_as_needed (void)
{
  Ward w = { 0 };
  g_autoptr(GPtrArray) needed = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) round = NULL;
  g_autoptr(CareRecord) first = NULL;
  g_autoptr(CareRecord) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prn = NULL, *tds = NULL, *warning = NULL;
  gint64 now = utc (2026, 6, 10, 12, 0);
  CareDose *dose;

  care_clock_freeze (now);
  ward_setup (&w, "2026-06-08T10:15:00Z", "2026-06-08");
  prn = ward_prescribe (&w, "Morphine", "every 4 hours as needed", NULL);
  tds = ward_prescribe (&w, "Amoxicillin", "TDS", NULL);

  /* The round has no dose of it; the as-needed list has it alone. */
  round = schedule (&w, now - 12 * HOUR, now + 12 * HOUR);
  for (guint i = 0; i < round->len; i++)
    g_assert_cmpstr (care_dose_get_item_id (DOSE (round, i)), ==, tds);
  needed = care_medication_rounds_as_needed (w.store, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (needed->len, ==, 1);
  dose = DOSE (needed, 0);
  g_assert_true (care_dose_is_as_needed (dose));
  g_assert_cmpstr (care_dose_get_item_id (dose), ==, prn);
  g_assert_cmpint (care_dose_get_state (dose, now + 10 * HOUR), ==, CARE_DOSE_AS_NEEDED);
  g_assert_null (care_dose_get_administration (dose));

  /* Given without a reason: refused, nothing saved. */
  g_assert_null (care_medication_rounds_record (w.store, dose, "given", "  ", &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID);
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "notes");
  g_clear_error (&error);
  g_assert_null (care_medication_rounds_record (w.store, dose, "held", "Asleep", &error));
  g_clear_error (&error);

  first = care_medication_rounds_record (w.store, dose, "given", "Pain 7/10", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (first, "scheduled_at"), ==, "2026-06-10T12:00:00.000Z");
  g_assert_null (care_record_get (first, "amends_id"));

  /* Three hours later it is needed again: the list shows the last dose,
   * and giving it now is within its 4 hours. */
  care_clock_freeze (now + 3 * HOUR);
  again = care_medication_rounds_as_needed (w.store, now + 3 * HOUR, &error);
  g_assert_no_error (error);
  dose = DOSE (again, 0);
  g_assert_cmpstr (care_record_get_id (care_dose_get_administration (dose)), ==, care_record_get_id (first));
  g_assert_true (care_medication_rounds_check_double_dose (w.store, dose, now + 3 * HOUR, &warning, &error));
  g_assert_nonnull (warning);
  second = care_medication_rounds_record (w.store, dose, "given", "Pain 6/10 again", &error);
  g_assert_no_error (error);
  /* A second dose, not a correction of the first. */
  g_assert_null (care_record_get (second, "amends_id"));
  g_assert_cmpstr (care_record_get (second, "scheduled_at"), ==, "2026-06-10T15:00:00.000Z");
  ward_teardown (&w);
}

/* Doses before the round's window that nobody recorded stay in sight
 * until they are given late or recorded as missed, with why. */
static void
test_unrecorded_and_missed (void)
{
  Ward w = { 0 };
  g_autoptr(GPtrArray) earlier = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(CareRecord) given = NULL;
  g_autoptr(CareRecord) missed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *item = NULL;
  g_autoptr(GPtrArray) unused = NULL;
  gint64 now = utc (2026, 6, 10, 23, 0);

  /* TDS in London: 06:00, 14:00, 22:00 local (05, 13, 21 UTC). */
  unused = ward_one_medicine (&w, now, "Amoxicillin", "TDS", &item, now - HOUR, now + HOUR);
  earlier = care_medication_rounds_unrecorded (w.store, now - 24 * HOUR, now - 2 * HOUR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (earlier->len, ==, 2);

  given = care_medication_rounds_record (w.store, DOSE (earlier, 0), "given", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (care_medication_rounds_record (w.store, DOSE (earlier, 1), "missed", "", &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID);
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "notes");
  g_clear_error (&error);
  missed = care_medication_rounds_record (w.store, DOSE (earlier, 1), "missed", "Patient in theatre", &error);
  g_assert_no_error (error);

  after = care_medication_rounds_unrecorded (w.store, now - 24 * HOUR, now - 2 * HOUR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 0);
  ward_teardown (&w);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/medication-rounds/frequency/parse", test_frequency_parse);
  g_test_add_func ("/medication-rounds/frequency/midnight", test_frequency_midnight);
  g_test_add_func ("/medication-rounds/frequency/clock-changes", test_frequency_clock_changes);
  g_test_add_func ("/medication-rounds/schedule", test_schedule);
  g_test_add_func ("/medication-rounds/schedule/clock-changes", test_schedule_clock_change);
  g_test_add_func ("/medication-rounds/overdue", test_overdue);
  g_test_add_func ("/medication-rounds/double-dose", test_record_and_double_dose);
  g_test_add_func ("/medication-rounds/append-only", test_append_only);
  g_test_add_func ("/medication-rounds/entity-rules", test_entity_rules);
  g_test_add_func ("/medication-rounds/as-needed", test_as_needed);
  g_test_add_func ("/medication-rounds/unrecorded-and-missed", test_unrecorded_and_missed);

  return g_test_run ();
}
