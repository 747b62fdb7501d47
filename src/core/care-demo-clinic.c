/* care-demo-clinic.c: a demo clinic with a few hundred realistic rows
 *
 * care_demo_populate() makes the clinic, one account per role and the
 * patients; this adds what three months at the clinic leave behind:
 * appointments in every status, vitals, lab tests with results, invoices
 * with lines and payments, wards, rooms and beds with admissions, medicines
 * with stock batches, prescriptions and pharmacy orders.
 *
 * Valid at any instant and with any seed: every time is drawn relative to
 * core's clock, an appointment's status follows from whether it has begun
 * or ended, and whatever follows a past event (a sample, a payment, a
 * discharge) is never later than now.  tests/core/test-demo.c runs this at
 * many instants, in several time zones, with many seeds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-demo"

#include "config.h"

#include <stdarg.h>

#include "care-accounts.h"
#include "care-billing.h"
#include "care-clock.h"
#include "care-demo.h"
#include "care-lab.h"
#include "care-medication-rounds.h"
#include "care-store-private.h"
#include "care-uuid.h"
#include "care-vitals.h"

static CareRecord *
make_va (const char *entity,
         va_list     args)
{
  CareRecord *record = care_record_new (care_schema_lookup (entity));
  const char *key;

  while ((key = va_arg (args, const char *)))
    care_record_set (record, key, va_arg (args, const char *));
  return record;
}

/* An unsaved record, for core's rules to complete before it is added. */
static CareRecord *
make (const char *entity,
      ...)
{
  CareRecord *record;
  va_list args;

  va_start (args, entity);
  record = make_va (entity, args);
  va_end (args);
  return record;
}

static char *
insert (CareStore  *store,
        CareRecord *record,
        GError    **error)
{
  if (!care_store_insert (store, record, error))
    {
      g_prefix_error (error, "demo %s: ", care_record_get_entity (record)->name);
      return NULL;
    }
  return g_strdup (care_record_get_id (record));
}

static char *
add (CareStore  *store,
     GError    **error,
     const char *entity,
     ...)
{
  g_autoptr(CareRecord) record = NULL;
  va_list args;

  va_start (args, entity);
  record = make_va (entity, args);
  va_end (args);
  return insert (store, record, error);
}

/* hour:minute UTC, days after now's date. */
static GDateTime *
at (GDateTime *now,
    int        days,
    int        hour,
    int        minute)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_new_utc (g_date_time_get_year (day), g_date_time_get_month (day),
                              g_date_time_get_day_of_month (day), hour, minute, 0);
}

static char *
format (GDateTime *t)
{
  return g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
stamp (GDateTime *now,
       int        days,
       int        hour,
       int        minute)
{
  g_autoptr(GDateTime) t = at (now, days, hour, minute);

  return format (t);
}

/* minutes after t, but never later than now: what follows a past event. */
static char *
after (GDateTime *t,
       int        minutes,
       GDateTime *now)
{
  g_autoptr(GDateTime) later = g_date_time_add_minutes (t, minutes);

  return format (g_date_time_compare (later, now) > 0 ? now : later);
}

static char *
date (GDateTime *base,
      int        days)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (base, days);
  return g_date_time_format (day, "%Y-%m-%d");
}

static char *
user_id (CareStore  *store,
         const char *username)
{
  g_autoptr(CareRecord) user = care_accounts_find_login (store, username);
  return user ? g_strdup (care_record_get_id (user)) : NULL;
}

#define CHECK(x) G_STMT_START { if ((x) == NULL) goto failed; } G_STMT_END
#define NUM(buf, v) (g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, (gint64) (v)), buf)

gboolean
care_demo_add_clinic_records (CareStore  *store,
                              guint32     seed,
                              GError    **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GDateTime) clock_now = care_clock_now_utc ();
  g_autoptr(GDateTime) now = g_date_time_add (clock_now, -(g_date_time_get_microsecond (clock_now)));
  g_autoptr(GPtrArray) patients = NULL;
  g_autofree char *admin = NULL, *doctor = NULL, *nurse = NULL, *lab = NULL, *pharmacy = NULL, *reception = NULL;
  g_autofree char *doctor2 = NULL;
  g_autoptr(GPtrArray) beds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) medicines = g_ptr_array_new_with_free_func (g_free);
  static const char *const upcoming[] = { "requested", "scheduled", "accepted" };
  static const char *const ended[] = { "completed", "completed", "completed", "completed", "cancelled", "no_show", "rejected" };
  static const char *const types[] = { "consultation", "follow_up", "procedure", "lab", "vaccination", "telehealth" };
  static const struct { const char *name; const char *form; const char *strength; gint64 price; } meds[] = {
    { "Amoxicillin", "capsule", "500 mg", 45 }, { "Metformin", "tablet", "850 mg", 20 },
    { "Lisinopril", "tablet", "10 mg", 30 }, { "Salbutamol", "inhaler", "100 mcg", 650 },
    { "Paracetamol", "tablet", "500 mg", 5 }, { "Atorvastatin", "tablet", "20 mg", 35 },
    { "Omeprazole", "capsule", "20 mg", 25 }, { "Levothyroxine", "tablet", "50 mcg", 15 },
  };
  static const struct { const char *analyte; const char *unit; const char *low; const char *high; double mean; double spread; } analytes[] = {
    { "Haemoglobin", "g/dL", "12", "16", 13.5, 2.5 }, { "White cell count", "10^9/L", "4", "11", 7, 3.5 },
    { "Platelets", "10^9/L", "150", "400", 260, 90 }, { "Glucose (fasting)", "mmol/L", "3.9", "5.6", 5.4, 1.6 },
    { "Creatinine", "µmol/L", "60", "110", 88, 30 },
  };
  char a[32], b[32], c[32];

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  if (care_store_count (store, care_schema_lookup ("appointment")) > 0)
    return TRUE;

  admin = user_id (store, "admin");
  doctor = user_id (store, "doctor");
  if (doctor == NULL)
    return TRUE;  /* the newest clinic of this database is not the demo one */
  nurse = user_id (store, "nurse");
  lab = user_id (store, "lab");
  pharmacy = user_id (store, "pharmacy");
  reception = user_id (store, "reception");
  care_store_set_actor (store, admin);
  patients = care_store_list (store, care_schema_lookup ("patient"), NULL, NULL, NULL, 0, error);
  if (patients == NULL)
    return FALSE;

  if (!care_store_begin (store, error))
    return FALSE;

  {
    g_autoptr(CareRecord) second = care_record_new (care_schema_lookup ("user"));

    care_record_set (second, "username", "drokafor");
    care_record_set (second, "full_name", "Chidi Okafor");
    care_record_set (second, "role", CARE_ROLE_DOCTOR);
    care_record_set (second, "email", "c.okafor@riverside-clinic.example");
    care_record_set (second, "specialty", "Cardiology");
    if (!care_accounts_create_user (store, second, CARE_DEMO_PASSWORD, error))
      goto failed;
    doctor2 = g_strdup (care_record_get_id (second));
  }

  /* Consulting hours. */
  for (guint d = 0; d < 5; d++)
    {
      static const char *const days[] = { "mon", "tue", "wed", "thu", "fri" };
      g_autofree char *x = add (store, error, "doctor_schedule", "doctor_id", doctor, "weekday", days[d],
                                "start_time", "09:00", "end_time", "17:00", "slot_minutes", "30",
                                "location", "Room 2", NULL);
      CHECK (x);
    }

  /* Wards, rooms and beds. */
  {
    static const struct { const char *name; const char *kind; } wards[] = {
      { "Ward A — General", "general" }, { "Ward B — Surgical", "surgical" }, { "ICU", "icu" } };

    for (guint w = 0; w < G_N_ELEMENTS (wards); w++)
      {
        g_autofree char *ward = add (store, error, "ward", "name", wards[w].name, "kind", wards[w].kind, NULL);
        CHECK (ward);
        for (guint r = 1; r <= 3; r++)
          {
            g_autofree char *rname = g_strdup_printf ("%c%u", 'A' + w, r);
            g_autofree char *room = add (store, error, "room", "ward_id", ward, "name", rname, NULL);
            CHECK (room);
            for (guint k = 1; k <= 2; k++)
              {
                g_autofree char *label = g_strdup_printf ("%s-%u", rname, k);
                char *bed = add (store, error, "bed", "room_id", room, "label", label, "status", "available", NULL);
                CHECK (bed);
                g_ptr_array_add (beds, bed);
              }
          }
      }
  }
  /* Six admissions, two already discharged. */
  for (guint i = 0; i < 6; i++)
    {
      CareRecord *p = g_ptr_array_index (patients, i);
      g_autoptr(GDateTime) admission = at (now, -(int) (i + 1), 10, 15);
      g_autofree char *admitted = format (admission);
      g_autofree char *released = i < 2 ? after (admission, 24 * 60 + 45, now) : NULL;
      g_autofree char *alloc = add (store, error, "bed_allocation", "bed_id", g_ptr_array_index (beds, i),
                                    "patient_id", care_record_get_id (p), "admitted_at", admitted,
                                    "admitted_by", nurse, "reason", i % 2 ? "Observation after fall" : "Community-acquired pneumonia",
                                    "released_at", released, "status", i < 2 ? "discharged" : "active", NULL);
      g_autoptr(CareRecord) bed = NULL;

      CHECK (alloc);
      bed = care_store_get (store, care_schema_lookup ("bed"), g_ptr_array_index (beds, i), error);
      CHECK (bed);
      care_record_set (bed, "status", i < 2 ? "cleaning" : "occupied");
      if (!care_store_update (store, bed, error))
        goto failed;
    }

  /* The latest observation of three admitted patients, minutes to hours
   * ago, so that the ward monitor shows every state at any hour. */
  static const struct { int ago; const char *rr; const char *spo2; const char *pulse; const char *temp; } latest_obs[] = {
    { 30, "16", "97", "72", "36.8" }, { 200, "21", "95", "88", "37.4" }, { 50, "25", "96", "95", "38.2" },
  };
  /* The admitted patients' earlier observations, every four hours from
   * admission up to the latest set below (for the charts); the fourth
   * patient is getting worse. One early set was corrected by an amendment.
   * The sixth patient has had none since admission (overdue). */
  for (guint i = 2; i < 5; i++)
    {
      const char *pid = care_record_get_id (g_ptr_array_index (patients, i));
      g_autoptr(GDateTime) admission = at (now, -(int) (i + 1), 10, 15);
      gboolean worse = i == 3;
      g_autofree char *first_set = NULL;
      g_autoptr(GDateTime) until = g_date_time_add_minutes (now, -(latest_obs[i - 2].ago + 30));

      for (guint k = 0;; k++)
        {
          g_autoptr(GDateTime) taken = g_date_time_add_minutes (admission, 30 + 240 * (int) k);
          g_autofree char *when = format (taken);
          g_autofree char *temp = g_strdup_printf ("%.1f", (worse ? 37.6 + 0.1 * (k % 10) : 36.5 + 0.1 * g_rand_int_range (rand, 0, 8)));
          char d[32], e[32], h[32];
          char *x;

          if (g_date_time_compare (taken, until) > 0)
            break;
          x = add (store, error, "vitals", "patient_id", pid, "recorded_at", when, "recorded_by", nurse,
                   "systolic", NUM (a, (worse ? 104 : 118) + g_rand_int_range (rand, 0, 16)),
                   "diastolic", NUM (b, 68 + g_rand_int_range (rand, 0, 14)),
                   "pulse", NUM (c, (worse ? 96 : 64) + g_rand_int_range (rand, 0, 20)),
                   "respiratory_rate", NUM (d, (worse ? 20 : 14) + g_rand_int_range (rand, 0, 4)),
                   "spo2", NUM (e, (worse ? 93 : 96) + g_rand_int_range (rand, 0, 3)),
                   "on_oxygen", worse && k % 3 == 2 ? "1" : "0", "consciousness", "alert",
                   "temperature_c", temp, "pain_score", NUM (h, g_rand_int_range (rand, 0, 4)), NULL);
          CHECK (x);
          if (k == 0)
            first_set = x;
          else
            g_free (x);
        }
      if (i == 2 && first_set)
        {
          g_autoptr(CareRecord) original = care_store_get (store, care_schema_lookup ("vitals"), first_set, error);
          g_autoptr(CareRecord) amendment = NULL;
          char *x;

          CHECK (original);
          amendment = care_vitals_new_amendment (original);
          care_record_set (amendment, "pulse", "72");
          care_record_set (amendment, "notes", "Pulse re-counted over a full minute.");
          x = insert (store, amendment, error);
          CHECK (x);
          g_free (x);
        }
    }
  /* The ward's observations, taken minutes to hours ago so that the
   * monitor shows every state at any hour: NEWS2 0 just seen, 3 due
   * within the hour, 5 with a 3 in one parameter (hourly), and the last
   * patient not observed since admission (overdue). */
  {
    const __typeof__ (latest_obs[0]) *obs = latest_obs;

    for (guint i = 0; i < G_N_ELEMENTS (latest_obs); i++)
      {
        CareRecord *p = g_ptr_array_index (patients, i + 2);
        g_autoptr(GDateTime) taken_at = g_date_time_add_minutes (now, -obs[i].ago);
        g_autofree char *taken = format (taken_at);
        g_autofree char *x = add (store, error, "vitals", "patient_id", care_record_get_id (p), "recorded_at", taken,
                                  "recorded_by", nurse, "respiratory_rate", obs[i].rr, "spo2", obs[i].spo2,
                                  "on_oxygen", "0", "systolic", "124", "diastolic", "78", "pulse", obs[i].pulse,
                                  "consciousness", "alert", "temperature_c", obs[i].temp, NULL);
        CHECK (x);
      }
  }
  /* A bed held for a patient, one out of service, and a doctor's
   * recommendation waiting for a bed. */
  for (guint i = 6; i < 8; i++)
    {
      g_autoptr(CareRecord) bed = care_store_get (store, care_schema_lookup ("bed"), g_ptr_array_index (beds, i), error);

      CHECK (bed);
      care_record_set (bed, "status", i == 6 ? "reserved" : "out_of_service");
      if (!care_store_update (store, bed, error))
        goto failed;
    }
  {
    g_autofree char *x = add (store, error, "admission_request", "patient_id", care_record_get_id (g_ptr_array_index (patients, 6)),
                              "requested_by", doctor, "reason", "Chest pain under observation", "status", "pending", NULL);
    CHECK (x);
  }

  /* Medicines and stock. */
  for (guint m = 0; m < G_N_ELEMENTS (meds); m++)
    {
      char *id = add (store, error, "medicine", "name", meds[m].name, "form", meds[m].form, "strength", meds[m].strength,
                      "reorder_level", NUM (a, 50 + 25 * (m % 3)), "unit_price", NUM (b, meds[m].price), NULL);
      CHECK (id);
      g_ptr_array_add (medicines, id);
      /* Two batches each; Salbutamol's first expires within 30 days,
       * Atorvastatin is under its reorder level, and a third batch of
       * Metformin expired ten days ago and is still on the shelf. */
      for (guint k = 0; k < (m == 1 ? 3u : 2u); k++)
        {
          g_autofree char *batch = g_strdup_printf ("B%02u-%u", m, 2400 + k);
          g_autofree char *expiry = date (now, k == 2 ? -10 : k == 0 && m == 3 ? 20 : 200 + 120 * (int) k);
          g_autofree char *received = date (now, -60 - 30 * (int) k);
          gint64 quantity = k == 2 ? 15 : m == 5 ? 10 : 80 + 40 * k;
          g_autofree char *x = add (store, error, "stock_batch", "medicine_id", id, "batch_number", batch,
                                    "expiry_date", expiry, "quantity", NUM (a, quantity),
                                    "received_on", received, "supplier", "Northwind Pharma",
                                    "cost", NUM (b, meds[m].price * 60), NULL);
          g_autofree char *at_time = g_strdup_printf ("%sT09:00:00Z", received);
          g_autofree char *receipt = NULL;

          CHECK (x);
          /* The batch's stock is its ledger's sum (care-stock.h). */
          receipt = add (store, error, "stock_movement", "batch_id", x, "medicine_id", id, "kind", "receipt",
                         "quantity", NUM (a, quantity), "actor_id", pharmacy, "at", at_time, NULL);
          CHECK (receipt);
        }
    }

  /* The pharmacy's queue: prescriptions of today waiting to be dispensed. */
  for (guint i = 0; i < 3; i++)
    {
      CareRecord *p = g_ptr_array_index (patients, (7 + i) % patients->len);
      g_autofree char *issued = date (now, 0);
      g_autofree char *rx = add (store, error, "prescription", "patient_id", care_record_get_id (p), "prescriber_id",
                                 i == 1 ? doctor2 : doctor, "issued_on", issued, "status", "active",
                                 "refills_allowed", "1", "refills_used", "0", NULL);
      g_autofree char *order = NULL;

      CHECK (rx);
      for (guint k = 0; k <= i % 2; k++)
        {
          guint m = (i + 3 * k) % G_N_ELEMENTS (meds);
          g_autofree char *item = add (store, error, "prescription_item", "prescription_id", rx,
                                       "medicine_id", g_ptr_array_index (medicines, m), "medicine_name", meds[m].name,
                                       "dose", meds[m].strength, "route", "oral", "frequency", "twice a day",
                                       "duration_days", "7", "quantity", NUM (a, 14 + 7 * k), NULL);
          CHECK (item);
        }
      order = add (store, error, "pharmacy_order", "prescription_id", rx, "patient_id", care_record_get_id (p),
                   "status", "pending", NULL);
      CHECK (order);
    }

  /* The ward's medication round: the four patients still admitted have
   * active prescriptions from their admission day, and the doses of the
   * last day are recorded up to two hours ago, so that the round has
   * doses given, one refused, and some due or overdue at any hour. */
  {
    static const struct { guint med; const char *frequency; } orders[] = {
      { 0, "TDS" }, { 4, "every 6 hours" }, { 2, "once a day" }, { 4, "as needed" },
    };
    g_autoptr(GPtrArray) doses = NULL;

    for (guint i = 2; i < 6; i++)
      {
        CareRecord *p = g_ptr_array_index (patients, i);
        g_autofree char *issued = date (now, -(int) (i + 1));
        g_autofree char *rx = add (store, error, "prescription", "patient_id", care_record_get_id (p), "prescriber_id", doctor,
                                   "issued_on", issued, "status", "active", "notes", "Inpatient medication chart", NULL);

        CHECK (rx);
        for (guint k = 0; k < 2; k++)
          {
            guint o = (i + k) % G_N_ELEMENTS (orders);
            g_autofree char *item = add (store, error, "prescription_item", "prescription_id", rx,
                                         "medicine_id", g_ptr_array_index (medicines, orders[o].med),
                                         "medicine_name", meds[orders[o].med].name, "dose", meds[orders[o].med].strength,
                                         "route", "oral", "frequency", orders[o].frequency, "quantity", "28", NULL);
            CHECK (item);
          }
      }
    doses = care_medication_rounds_schedule (store, care_clock_get_real_time () - 24 * G_TIME_SPAN_HOUR,
                                             care_clock_get_real_time () - 2 * G_TIME_SPAN_HOUR, error);
    CHECK (doses);
    for (guint d = 0; d < doses->len; d++)
      {
        CareDose *dose = g_ptr_array_index (doses, d);
        g_autoptr(GDateTime) due = g_date_time_new_from_unix_utc (care_dose_get_scheduled_at (dose) / G_USEC_PER_SEC);
        g_autofree char *given_at = after (due, 10, now);
        gboolean refused = d == doses->len / 2;
        g_autoptr(CareRecord) record = care_medication_rounds_new_administration (dose, refused ? "refused" : "given",
                                                                                   refused ? "Felt sick, declined" : NULL,
                                                                                   nurse, error);
        g_autofree char *r = NULL;

        CHECK (record);
        care_record_set (record, "administered_at", given_at);
        CHECK ((r = insert (store, record, error)));
      }
  }

  /* Appointments, vitals, notes, lab tests, prescriptions and invoices. */
  for (guint i = 0; i < 80; i++)
    {
      CareRecord *p = g_ptr_array_index (patients, i % patients->len);
      const char *pid = care_record_get_id (p);
      int day = (int) g_rand_int_range (rand, -90, 14);
      int minutes = i % 5 ? 20 : 40;
      g_autoptr(GDateTime) start = at (now, day, 9 + (int) (i % 8), (i % 2) * 30);
      g_autoptr(GDateTime) end = g_date_time_add_minutes (start, minutes);
      /* The status follows the hour: booked ahead, in the room now, or over. */
      const char *status = g_date_time_compare (start, now) > 0 ? upcoming[g_rand_int_range (rand, 0, G_N_ELEMENTS (upcoming))]
                           : g_date_time_compare (end, now) > 0 ? "checked_in"
                           : ended[g_rand_int_range (rand, 0, G_N_ELEMENTS (ended))];
      g_autofree char *starts = format (start);
      g_autofree char *checked = g_str_equal (status, "checked_in") || g_str_equal (status, "completed") ? g_strdup (starts) : NULL;
      g_autofree char *appt = add (store, error, "appointment", "patient_id", pid, "provider_id", i % 4 == 3 ? doctor2 : doctor,
                                   "starts_at", starts, "duration_minutes", NUM (a, minutes),
                                   "type", types[i % G_N_ELEMENTS (types)], "consultation_type", i % 4 == 3 ? "specialty" : "general",
                                   "reason", i % 2 ? "Follow-up of blood pressure" : "Cough and fever for three days",
                                   "location", "Room 2", "status", status, "checked_in_at", checked, NULL);
      CHECK (appt);
      if (!g_str_equal (status, "completed"))
        continue;

      /* What the visit produced is stamped as written during it, so that
       * a chart's timeline reads as the clinic's history. */
      {
        g_autoptr(GDateTime) written = g_date_time_add_minutes (start, 20);
        GTimeSpan behind = g_date_time_difference (written, now) / G_USEC_PER_SEC;

        care_store_set_clock_offset (store, MIN (behind, 0));
      }
      {
        g_autofree char *bmi = care_vitals_bmi ("72.5", "171");
        g_autofree char *taken = after (start, 5, now);
        g_autofree char *x = add (store, error, "vitals", "patient_id", pid, "recorded_at", taken, "recorded_by", nurse,
                                  "systolic", NUM (a, 110 + g_rand_int_range (rand, 0, 50)),
                                  "diastolic", NUM (b, 65 + g_rand_int_range (rand, 0, 25)),
                                  "pulse", NUM (c, 58 + g_rand_int_range (rand, 0, 40)),
                                  "temperature_c", i % 3 ? "36.8" : "38.1", "spo2", "97",
                                  "weight_kg", "72.5", "height_cm", "171", "bmi", bmi, NULL);
        CHECK (x);
      }
      {
        g_autofree char *x = add (store, error, "clinical_note", "patient_id", pid, "appointment_id", appt, "author_id", doctor,
                                  "note_type", "consultation", "title", "Consultation",
                                  "content", "History taken, examined. Plan discussed with the patient.",
                                  "diagnosis", i % 2 ? "Essential hypertension" : "Acute bronchitis",
                                  "diagnosis_code", i % 2 ? "I10" : "J20.9",
                                  "treatment", i % 2 ? "Continue lisinopril; recheck in 4 weeks" : "Rest, fluids, paracetamol", NULL);
        CHECK (x);
      }
      if (i % 2 == 0)
        {
          g_autofree char *collected = after (start, 30, now);
          g_autofree char *resulted = after (start, 150, now);
          gboolean done = i % 4 == 0;
          g_autofree char *test = add (store, error, "lab_test", "patient_id", pid, "requested_by", doctor, "appointment_id", appt,
                                       "test_name", "Full blood count", "test_code", "LOINC 58410-2", "specimen", "Venous blood",
                                       "priority", "routine", "status", done ? "completed" : "collected",
                                       "technician_id", lab, "collected_at", collected, "completed_at", done ? resulted : NULL, NULL);
          CHECK (test);
          for (guint k = 0; done && k < G_N_ELEMENTS (analytes); k++)
            {
              char v[G_ASCII_DTOSTR_BUF_SIZE];
              double x = analytes[k].mean + (g_rand_double (rand) - 0.5) * 2 * analytes[k].spread;
              g_autoptr(CareRecord) result = make ("lab_result", "lab_test_id", test, "analyte", analytes[k].analyte,
                                                   "value", g_ascii_formatd (v, sizeof v, "%.1f", x), "unit", analytes[k].unit,
                                                   "reference_low", analytes[k].low, "reference_high", analytes[k].high, NULL);
              g_autofree char *flag = care_lab_compute_flag (result);
              g_autofree char *r = NULL;

              care_record_set (result, "flag", flag);
              CHECK ((r = insert (store, result, error)));
            }
        }
      if (i % 2 == 1)
        {
          guint m = i % G_N_ELEMENTS (meds);
          g_autofree char *issued = date (now, day);
          g_autofree char *dispensed = after (start, 240, now);
          g_autofree char *rx = add (store, error, "prescription", "patient_id", pid, "prescriber_id", doctor, "appointment_id", appt,
                                     "issued_on", issued, "status", "active", "refills_allowed", "2", "refills_used", "0", NULL);
          g_autofree char *item = NULL;
          g_autofree char *order = NULL;

          CHECK (rx);
          item = add (store, error, "prescription_item", "prescription_id", rx, "medicine_id", g_ptr_array_index (medicines, m),
                      "medicine_name", meds[m].name, "dose", meds[m].strength, "route", "oral", "frequency", "twice a day",
                      "duration_days", "7", "quantity", "14", NULL);
          CHECK (item);
          order = add (store, error, "pharmacy_order", "prescription_id", rx, "patient_id", pid,
                       "status", i % 4 == 1 ? "dispensed" : "pending", "dispensed_by", i % 4 == 1 ? pharmacy : NULL,
                       "dispensed_at", i % 4 == 1 ? dispensed : NULL, NULL);
          CHECK (order);
        }
      care_store_set_clock_offset (store, 0);
      {
        g_autofree char *number = care_store_next_number (store, "invoice", error);
        g_autofree char *issued = date (now, day);
        gint64 consult = 6000 + 1500 * (i % 3), labfee = i % 2 == 0 ? 2500 : 0;
        gboolean paid = i % 3 != 1;
        g_autoptr(CareRecord) invoice = NULL;
        g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
        g_autofree char *inv = NULL;

        CHECK (number);
        /* Totals and the paid status are billing's arithmetic, as for
         * an invoice made at the desk. */
        invoice = make ("invoice", "patient_id", pid, "status", "draft", "currency", "GBP", "appointment_id", appt, NULL);
        g_ptr_array_add (lines, make ("invoice_item", "kind", "consultation", "description", "Consultation",
                                      "quantity", "1", "unit_price", NUM (a, consult), "position", "0", NULL));
        if (labfee)
          g_ptr_array_add (lines, make ("invoice_item", "kind", "lab_test", "description", "Full blood count",
                                        "quantity", "1", "unit_price", NUM (a, labfee), "position", "1", NULL));
        care_billing_mark_issued (invoice, lines, number, issued);
        if (paid)
          care_billing_settle (invoice, care_record_get_int (invoice, "total", 0));
        CHECK ((inv = insert (store, invoice, error)));
        for (guint k = 0; k < lines->len; k++)
          {
            g_autofree char *line = NULL;

            care_record_set (g_ptr_array_index (lines, k), "invoice_id", inv);
            CHECK ((line = insert (store, g_ptr_array_index (lines, k), error)));
          }
        if (paid)
          {
            g_autofree char *received = after (start, 180, now);
            g_autofree char *receipt = care_store_next_number (store, "receipt", error);
            g_autofree char *pay = NULL;

            CHECK (receipt);
            pay = add (store, error, "payment", "invoice_id", inv, "amount", NUM (a, care_record_get_int (invoice, "total", 0)),
                       "method", i % 2 ? "card" : "cash", "received_at", received, "received_by", reception,
                       "receipt_number", receipt, NULL);
            CHECK (pay);
          }
      }
    }

  /* One or two of everything else, so every list has something. */
  {
    CareRecord *p0 = g_ptr_array_index (patients, 0);
    CareRecord *p1 = g_ptr_array_index (patients, 1);
    const char *pid = care_record_get_id (p0);
    g_autofree char *yesterday = stamp (now, -1, 8, 0);
    g_autofree char *tomorrow = date (now, 1);
    g_autofree char *next_week = date (now, 7);
    g_autofree char *last_year = date (now, -300);
    g_autofree char *shift_start = stamp (now, 1, 7, 0);
    g_autofree char *shift_end = stamp (now, 1, 19, 0);
    g_autofree char *facility = add (store, error, "facility", "name", "Riverside Main Site", "kind", "clinic",
                                     "address", "12 Mill Lane, Riverside", NULL);
    g_autofree char *x1 = NULL, *x2 = NULL, *x3 = NULL, *x4 = NULL, *x5 = NULL, *x6 = NULL, *x7 = NULL;
    g_autofree char *x8 = NULL, *x9 = NULL, *x10 = NULL, *x11 = NULL, *x12 = NULL, *rx = NULL;

    CHECK (facility);
    CHECK ((x1 = add (store, error, "asset", "name", "ECG machine", "category", "equipment", "serial_number", "ECG-2231",
                      "location", "Room 2", "status", "in_service", "purchased_on", last_year, "cost", "420000",
                      "next_service_on", next_week, NULL)));
    CHECK ((x2 = add (store, error, "shift", "user_id", nurse, "starts_at", shift_start, "ends_at", shift_end, NULL)));
    CHECK ((x3 = add (store, error, "follow_up", "patient_id", pid, "assigned_to", nurse, "kind", "call",
                      "due_on", tomorrow, "status", "open", "notes", "Ask about the new medication", NULL)));
    CHECK ((x4 = add (store, error, "medication", "patient_id", pid, "name", "Lisinopril", "dose", "10 mg", "route", "oral",
                      "frequency", "once a day", "status", "active", "started_on", last_year, "prescribed_by", doctor, NULL)));
    CHECK ((x5 = add (store, error, "medication_administration", "patient_id", pid, "medication_id", x4,
                      "medicine_name", "Lisinopril", "dose", "10 mg", "route", "oral", "scheduled_at", yesterday,
                      "administered_at", yesterday, "administered_by", nurse, "status", "given", NULL)));
    CHECK ((x6 = add (store, error, "imaging_study", "patient_id", pid, "requested_by", doctor, "modality", "xray",
                      "body_part", "Chest", "status", "reported", "performed_at", yesterday,
                      "findings", "No consolidation.", "impression", "Normal chest X-ray.", NULL)));
    CHECK ((x7 = add (store, error, "treatment", "patient_id", pid, "treatment_type", "Physiotherapy course",
                      "disease", "osteoarthritis", "facility_id", facility, "status", "in_progress",
                      "cost", "48000", "earnings", "12000", "started_on", last_year, NULL)));
    CHECK ((x8 = add (store, error, "care_team_member", "patient_id", pid, "user_id", doctor, "team_role", "Primary physician",
                      "since", last_year, NULL)));
    {
      /* The chart's panels: an allergy with its reaction, a problem resolved. */
      g_autofree char *resolved = date (now, -200);
      g_autofree char *allergy = add (store, error, "allergy", "patient_id", pid, "substance", "Latex",
                                      "reaction", "Contact dermatitis", "severity", "moderate", "noted_on", last_year, NULL);
      g_autofree char *problem = allergy ? add (store, error, "problem", "patient_id", pid, "name", "Acute bronchitis",
                                                "code", "J20.9", "status", "resolved", "onset_on", last_year,
                                                "resolved_on", resolved, NULL) : NULL;
      CHECK (problem);
    }
    CHECK ((x9 = add (store, error, "message", "sender_id", doctor, "recipient_id", care_record_get_id (p1), "patient_id",
                      care_record_get_id (p1), "subject", "Your results", "body", "Your blood count is normal.", NULL)));
    CHECK ((x10 = add (store, error, "form_submission", "patient_id", pid, "form_type", "intake", "submitted_by", pid,
                       "answers", "{\"smoker\": false, \"allergies\": \"none\"}", "status", "pending", NULL)));
    {
      g_autofree char *issued = date (now, -10);
      CHECK ((rx = add (store, error, "prescription", "patient_id", pid, "prescriber_id", doctor, "issued_on", issued,
                        "status", "active", "refills_allowed", "3", "refills_used", "0", NULL)));
    }
    CHECK ((x11 = add (store, error, "refill_request", "prescription_id", rx, "patient_id", pid, "status", "pending",
                       "reason", "Running out next week", NULL)));
    CHECK ((x12 = add (store, error, "emergency_alert", "patient_id", pid, "raised_by", nurse, "kind", "rapid_response",
                       "location", "Ward A, bed A1-1", "message", "Drop in SpO2", "status", "resolved",
                       "acknowledged_by", doctor, "resolved_at", yesterday, "resolved_by", doctor,
                       "outcome", "Oxygen raised to 2 L/min; SpO2 back to 95 %, reviewed by the doctor", NULL)));
    {
      g_autofree char *day = date (now, -1);
      g_autofree char *in = stamp (now, -1, 8, 0);
      g_autofree char *out = stamp (now, -1, 16, 30);
      g_autofree char *att = add (store, error, "attendance", "user_id", nurse, "day", day, "check_in", in, "check_out", out, NULL);
      g_autofree char *req = add (store, error, "role_upgrade_request", "user_id", reception, "requested_role", "nurse",
                                  "reason", "Completed nursing degree", "status", "pending", NULL);
      CHECK (att);
      CHECK (req);
    }
  }
  if (!care_demo_add_lab_queue (store, patients, doctor, lab, admin, seed, error))
    goto failed;
  if (!care_demo_add_forms (store, patients, error))
    goto failed;
  {
    g_autofree char *due = stamp (now, 1, 12, 0);
    g_autofree char *x = add (store, error, "task", "assigned_to", nurse, "assigned_by", doctor, "title", "Recheck blood pressure in bay 3",
                              "priority", "high", "status", "open", "due_at", due, NULL);
    g_autofree char *y = NULL;
    CHECK (x);
    y = add (store, error, "notification", "user_id", doctor, "kind", "system", "message", "Welcome to Caredesk", "read", "0", NULL);
    CHECK (y);
  }

  if (!care_store_commit (store, error))
    return FALSE;
  care_store_set_actor (store, NULL);
  return TRUE;

failed:
  care_store_set_clock_offset (store, 0);
  care_store_rollback (store);
  return FALSE;
}

gboolean
care_demo_populate_clinic (CareStore  *store,
                           guint32     seed,
                           GError    **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  return care_demo_populate (store, CARE_DEMO_CLINIC_PATIENTS, error) &&
         care_demo_add_clinic_records (store, seed, error);
}
