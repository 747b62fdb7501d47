/* test-ward.c: the bed board and the admitted-patients monitor over a real store
 *
 * Every bed status change allowed or refused, admitting, transferring and
 * discharging through the store, a bed two workstations filled offline
 * kept and listed, each ward's figures, and when observations fall due at
 * the edges of the NEWS2 bands, across midnight on a frozen clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include "care-test-records.h"

#include "care-test-core.h"
#include "care-beds.h"
#include "care-bed-board.h"
#include "care-ward.h"

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR   (60 * MINUTE)

typedef struct {
  char      *dir;
  CareStore *store;
  char      *ward;
  char      *beds[4];       /* A1-1, A1-2, A2-1 in ward A; B1-1 in ward B */
  char      *patients[3];
} Ward;

static gint64
utc (int day, int hour, int minute)
{
  g_autoptr(GDateTime) t = g_date_time_new_utc (2026, 12, day, hour, minute, 0);

  return g_date_time_to_unix (t) * G_USEC_PER_SEC;
}

static char *
iso (gint64 usec)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
}

static void
ward_set_up (Ward          *w,
             gconstpointer  data)
{
  static const char *const names[][2] = { { "María", "López" }, { "Ana", "Ruiz" }, { "Chidi", "Okafor" } };
  g_autofree char *ward_b = NULL;
  g_autofree char *a1 = NULL, *a2 = NULL, *b1 = NULL;

  care_clock_freeze (utc (7, 23, 30));
  w->dir = care_test_tmpdir ();
  w->store = care_test_clinic_store (w->dir, 0);
  w->ward = care_test_add_record (w->store, "ward", "name", "Ward A", "kind", "general", NULL);
  ward_b = care_test_add_record (w->store, "ward", "name", "Ward B", "kind", "surgical", NULL);
  a1 = care_test_add_record (w->store, "room", "ward_id", w->ward, "name", "A1", NULL);
  a2 = care_test_add_record (w->store, "room", "ward_id", w->ward, "name", "A2", NULL);
  b1 = care_test_add_record (w->store, "room", "ward_id", ward_b, "name", "B1", NULL);
  w->beds[0] = care_test_add_record (w->store, "bed", "room_id", a1, "label", "A1-1", "status", "available", NULL);
  w->beds[1] = care_test_add_record (w->store, "bed", "room_id", a1, "label", "A1-2", "status", "available", NULL);
  w->beds[2] = care_test_add_record (w->store, "bed", "room_id", a2, "label", "A2-1", "status", "available", NULL);
  w->beds[3] = care_test_add_record (w->store, "bed", "room_id", b1, "label", "B1-1", "status", "out_of_service", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (w->patients); i++)
    {
      g_autoptr(CareRecord) p = care_test_patient (names[i][0], names[i][1]);
      g_autoptr(GError) error = NULL;

      g_assert_true (care_store_insert (w->store, p, &error));
      g_assert_no_error (error);
      w->patients[i] = g_strdup (care_record_get_id (p));
    }
}

static void
ward_tear_down (Ward          *w,
                gconstpointer  data)
{
  g_clear_object (&w->store);
  care_test_rmdir (w->dir);
  g_free (w->dir);
  g_free (w->ward);
  for (guint i = 0; i < G_N_ELEMENTS (w->beds); i++)
    g_free (w->beds[i]);
  for (guint i = 0; i < G_N_ELEMENTS (w->patients); i++)
    g_free (w->patients[i]);
  care_clock_reset ();
}

static char *
bed_status (Ward       *w,
            const char *bed_id)
{
  g_autoptr(CareRecord) bed = care_store_get (w->store, care_schema_lookup ("bed"), bed_id, NULL);

  return g_strdup (care_record_get (bed, "status"));
}

static CareRecord *
get_allocation (Ward       *w,
                const char *id)
{
  return care_store_get (w->store, care_schema_lookup ("bed_allocation"), id, NULL);
}

/* --- every status change ---------------------------------------------------- */

static void
test_status_changes (void)
{
  static const char *const statuses[] = { "available", "reserved", "occupied", "cleaning", "out_of_service" };
  /* Rows: from; columns: to, in the order of statuses[]. Whoever writes. */
  static const gboolean written[5][5] = {
    { TRUE,  TRUE,  TRUE,  TRUE,  TRUE  },
    { TRUE,  TRUE,  TRUE,  FALSE, TRUE  },
    { FALSE, FALSE, TRUE,  TRUE,  FALSE },
    { TRUE,  FALSE, FALSE, TRUE,  TRUE  },
    { TRUE,  FALSE, FALSE, TRUE,  TRUE  },
  };
  /* By hand (care_beds_set_status): never to or from occupied, never to itself. */
  static const gboolean by_hand[5][5] = {
    { FALSE, TRUE,  FALSE, TRUE,  TRUE  },
    { TRUE,  FALSE, FALSE, FALSE, TRUE  },
    { FALSE, FALSE, FALSE, FALSE, FALSE },
    { TRUE,  FALSE, FALSE, FALSE, TRUE  },
    { TRUE,  FALSE, FALSE, TRUE,  FALSE },
  };
  CareRuleContext ctx = { .actor = "nurse-1" };

  for (guint f = 0; f < G_N_ELEMENTS (statuses); f++)
    for (guint t = 0; t < G_N_ELEMENTS (statuses); t++)
      {
        g_autoptr(CareRecord) before = care_record_new (care_schema_lookup ("bed"));
        g_autoptr(CareRecord) bed = care_record_new (care_schema_lookup ("bed"));
        g_autoptr(GError) error = NULL;
        gboolean ok;

        care_record_set (before, "label", "A1-1");
        care_record_set (before, "status", statuses[f]);
        care_record_set (bed, "label", "A1-1");
        care_record_set (bed, "status", statuses[t]);
        g_test_message ("%s → %s", statuses[f], statuses[t]);
        ok = care_rules_prepare (&ctx, before, bed, &error);
        g_assert_cmpint (ok, ==, written[f][t]);
        if (!ok)
          {
            g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
            g_assert_cmpstr (care_rule_error_get_field (error), ==, "status");
          }
        g_clear_error (&error);

        care_record_set (bed, "status", statuses[f]);
        ok = care_beds_set_status (bed, statuses[t], &error);
        g_assert_cmpint (ok, ==, by_hand[f][t]);
        g_assert_cmpint (care_beds_can_set_status (statuses[f], statuses[t]), ==, by_hand[f][t]);
        g_assert_cmpstr (care_record_get (bed, "status"), ==, ok ? statuses[t] : statuses[f]);
        if (!ok)
          g_assert_cmpstr (care_rule_error_get_field (error), ==, "status");
      }
}

/* --- admit, transfer, discharge, clean --------------------------------------- */

static void
test_admit_transfer_discharge (Ward          *w,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *refused = NULL;
  g_autoptr(CareRecord) old = NULL;
  g_autoptr(CareRecord) admission = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autofree char *s0 = NULL, *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL;

  /* A reservation holds the bed for the one admitted to it. */
  g_assert_true (care_bed_board_set_status (w->store, w->beds[0], "reserved", &error));
  g_assert_no_error (error);
  first = care_bed_board_admit (w->store, w->beds[0], w->patients[0], "Pneumonia", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  s0 = bed_status (w, w->beds[0]);
  g_assert_cmpstr (s0, ==, "occupied");

  /* Nobody else goes into that bed; the patient goes into no other. */
  refused = care_bed_board_admit (w->store, w->beds[0], w->patients[1], NULL, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "bed_id");
  g_assert_nonnull (strstr (error->message, "A1-1"));
  g_clear_error (&error);
  g_assert_null (care_bed_board_admit (w->store, w->beds[1], w->patients[0], NULL, NULL, &error));
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "patient_id");
  g_clear_error (&error);
  /* An out-of-service bed takes nobody. */
  g_assert_null (care_bed_board_admit (w->store, w->beds[3], w->patients[1], NULL, NULL, &error));
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "status");
  g_clear_error (&error);
  g_assert_cmpint (care_store_count (w->store, care_schema_lookup ("bed_allocation")), ==, 1);

  /* Transfer: the old bed to be cleaned, the new one occupied. */
  g_assert_true (care_bed_board_transfer (w->store, first, w->beds[2], &error));
  g_assert_no_error (error);
  old = get_allocation (w, first);
  g_assert_cmpstr (care_record_get (old, "status"), ==, "transferred");
  s1 = bed_status (w, w->beds[0]);
  g_assert_cmpstr (s1, ==, "cleaning");
  admission = care_bed_board_find_admission (w->store, w->patients[0], &error);
  g_assert_nonnull (admission);
  g_assert_cmpstr (care_record_get (admission, "bed_id"), ==, w->beds[2]);
  g_assert_cmpstr (care_record_get (admission, "transferred_from_id"), ==, first);
  g_assert_cmpstr (care_record_get (admission, "reason"), ==, "Pneumonia");

  /* A bed being cleaned is not a transfer's target. */
  g_assert_false (care_bed_board_transfer (w->store, care_record_get_id (admission), w->beds[0], &error));
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "status");
  g_clear_error (&error);

  /* Discharge, then clean: available again. */
  g_assert_true (care_bed_board_discharge (w->store, care_record_get_id (admission), &error));
  g_assert_no_error (error);
  s2 = bed_status (w, w->beds[2]);
  g_assert_cmpstr (s2, ==, "cleaning");
  g_assert_false (care_bed_board_discharge (w->store, care_record_get_id (admission), &error));
  g_assert_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (care_bed_board_set_status (w->store, w->beds[2], "available", &error));
  s3 = bed_status (w, w->beds[2]);
  g_assert_cmpstr (s3, ==, "available");
  /* Occupied only by admitting. */
  g_assert_false (care_bed_board_set_status (w->store, w->beds[2], "occupied", &error));
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "status");
  g_clear_error (&error);
  s4 = bed_status (w, w->beds[2]);
  g_assert_cmpstr (s4, ==, "available");
  active = care_ward_monitor (w->store, care_clock_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (active->len, ==, 0);
}

/* A doctor's recommendation, answered by the admission. */
static void
test_admission_request (Ward          *w,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *request = care_test_add_record (w->store, "admission_request", "patient_id", w->patients[1],
                                  "ward_id", w->ward, "reason", "Observation after fall", "status", "pending", NULL);
  g_autofree char *id = care_bed_board_admit (w->store, w->beds[1], w->patients[1], NULL, request, &error);
  g_autoptr(CareRecord) r = NULL;
  g_autoptr(CareRecord) a = NULL;

  g_assert_no_error (error);
  r = care_store_get (w->store, care_schema_lookup ("admission_request"), request, &error);
  g_assert_cmpstr (care_record_get (r, "status"), ==, "admitted");
  g_assert_cmpstr (care_record_get (r, "bed_allocation_id"), ==, id);
  a = get_allocation (w, id);
  g_assert_cmpstr (care_record_get (a, "reason"), ==, "Observation after fall");
}

/* --- two workstations, one bed ---------------------------------------------- */

/* The admission as the server sends it, written as sync writes it. */
static void
arrive (CareStore  *store,
        CareRecord *record)
{
  g_autoptr(JsonObject) json = care_record_to_json (record);
  g_autoptr(GHashTable) changed = care_sync_changed_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (care_store_sync_upsert (store, care_record_get_entity (record), json, changed, &error));
  g_assert_no_error (error);
}

static void
test_double_allocation (Ward          *w,
                        gconstpointer  data)
{
  g_autofree char *path_b = g_build_filename (w->dir, "second.sqlite", NULL);
  g_autofree char *copy = NULL;
  g_autoptr(CareStore) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mine = NULL, *theirs = NULL;
  g_autoptr(CareRecord) from_b = NULL;
  g_autoptr(GPtrArray) doubles = NULL;
  g_autoptr(GPtrArray) tiles = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) monitor = NULL;
  const CareBedTile *tile;

  /* Workstation B starts as a copy of A: the same beds, offline. */
  copy = g_strdup_printf ("VACUUM INTO '%s'", path_b);
  g_assert_true (care_store_exec (w->store, copy, &error));
  b = care_store_open (path_b, &error);
  g_assert_no_error (error);
  care_store_set_actor (b, care_store_get_actor (w->store));

  mine = care_bed_board_admit (w->store, w->beds[1], w->patients[0], NULL, NULL, &error);
  g_assert_no_error (error);
  theirs = care_bed_board_admit (b, w->beds[1], w->patients[1], NULL, NULL, &error);
  g_assert_no_error (error);

  /* Locally, the second is refused; after sync both are kept. */
  g_assert_null (care_bed_board_admit (w->store, w->beds[1], w->patients[1], NULL, NULL, &error));
  g_assert_cmpstr (care_rule_error_get_field (error), ==, "bed_id");
  g_clear_error (&error);
  from_b = care_store_get (b, care_schema_lookup ("bed_allocation"), theirs, &error);
  arrive (w->store, from_b);

  doubles = care_bed_board_double_allocations (w->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (doubles->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (doubles, mine, g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (doubles, theirs, g_str_equal, NULL));
  tiles = care_bed_board_list (w->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tiles->len, ==, 4);
  tile = g_ptr_array_index (tiles, 1);
  g_assert_cmpstr (tile->label, ==, "A1-2");
  g_assert_true (care_bed_tile_is_conflict (tile));
  g_assert_cmpuint (tile->occupants->len, ==, 2);
  g_assert_false (care_bed_tile_is_conflict (g_ptr_array_index (tiles, 0)));
  monitor = care_ward_monitor (w->store, care_clock_get_real_time (), &error);
  g_assert_cmpuint (monitor->len, ==, 2);

  /* Resolved by moving one: the bed stays occupied by the other. */
  g_assert_true (care_bed_board_transfer (w->store, theirs, w->beds[0], &error));
  g_assert_no_error (error);
  {
    g_autofree char *s = bed_status (w, w->beds[1]);
    g_assert_cmpstr (s, ==, "occupied");
  }
  after = care_bed_board_double_allocations (w->store, &error);
  g_assert_cmpuint (after->len, ==, 0);
}

/* --- occupancy -------------------------------------------------------------- */

static void
test_occupancy (Ward          *w,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = care_bed_board_admit (w->store, w->beds[0], w->patients[0], NULL, NULL, &error);
  g_autoptr(GPtrArray) tiles = NULL;
  g_autoptr(GPtrArray) wards = NULL;
  const CareWardOccupancy *ward_a, *ward_b;
  const CareBedTile *tile;

  g_assert_true (care_bed_board_set_status (w->store, w->beds[1], "reserved", &error));
  g_assert_true (care_bed_board_set_status (w->store, w->beds[2], "cleaning", &error));
  g_assert_no_error (error);
  tiles = care_bed_board_list (w->store, &error);
  g_assert_no_error (error);
  tile = g_ptr_array_index (tiles, 0);
  g_assert_cmpstr (tile->ward_name, ==, "Ward A");
  g_assert_cmpstr (tile->room_name, ==, "A1");
  g_assert_cmpstr (tile->status, ==, "occupied");
  g_assert_cmpuint (tile->occupants->len, ==, 1);
  g_assert_cmpstr (((CareBedOccupant *) g_ptr_array_index (tile->occupants, 0))->patient_name, ==, "María López");

  wards = care_bed_board_occupancy (tiles);
  g_assert_cmpuint (wards->len, ==, 2);
  ward_a = g_ptr_array_index (wards, 0);
  ward_b = g_ptr_array_index (wards, 1);
  g_assert_cmpstr (ward_a->ward_name, ==, "Ward A");
  g_assert_cmpuint (ward_a->beds, ==, 3);
  g_assert_cmpuint (ward_a->occupied, ==, 1);
  g_assert_cmpuint (ward_a->reserved, ==, 1);
  g_assert_cmpuint (ward_a->cleaning, ==, 1);
  g_assert_cmpuint (ward_a->available, ==, 0);
  g_assert_cmpuint (ward_b->beds, ==, 1);
  g_assert_cmpuint (ward_b->out_of_service, ==, 1);
  g_assert_cmpuint (ward_b->occupied, ==, 0);
}

/* --- observations ------------------------------------------------------------ */

static void
test_intervals (void)
{
  static const struct { int total; gboolean three; GTimeSpan every; } edges[] = {
    { 0, FALSE, 12 * HOUR }, { 1, FALSE, 4 * HOUR }, { 4, FALSE, 4 * HOUR },
    { 3, TRUE, HOUR }, { 4, TRUE, HOUR }, { 5, FALSE, HOUR }, { 6, FALSE, HOUR },
    { 6, TRUE, HOUR }, { 7, FALSE, 15 * MINUTE }, { 7, TRUE, 15 * MINUTE }, { 20, FALSE, 15 * MINUTE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    {
      CareNews2 n = { .total = edges[i].total };

      n.risk = n.total >= 7 ? CARE_NEWS2_RISK_HIGH : n.total >= 5 ? CARE_NEWS2_RISK_MEDIUM
               : edges[i].three ? CARE_NEWS2_RISK_LOW_MEDIUM : CARE_NEWS2_RISK_LOW;
      g_test_message ("total %d, three %d", edges[i].total, edges[i].three);
      g_assert_cmpint (care_ward_observation_interval (&n), ==, edges[i].every);
    }

  /* Nothing since admission: due at admission. */
  {
    CareNews2 n = { 0 };
    g_assert_cmpint (care_ward_observation_due (utc (7, 10, 0), 0, NULL), ==, utc (7, 10, 0));
    g_assert_cmpint (care_ward_observation_due (utc (7, 10, 0), utc (6, 10, 0), &n), ==, utc (7, 10, 0));
    g_assert_cmpint (care_ward_observation_due (utc (7, 10, 0), utc (7, 11, 0), &n), ==, utc (7, 23, 0));
  }
}

static void
add_vitals (Ward       *w,
            const char *patient,
            gint64      at,
            const char *respiratory_rate,
            const char *pulse)
{
  g_autofree char *when = iso (at);
  g_autofree char *id = care_test_add_record (w->store, "vitals", "patient_id", patient, "recorded_at", when,
                             "respiratory_rate", respiratory_rate, "spo2", "97", "on_oxygen", "0",
                             "systolic", "120", "diastolic", "75", "pulse", pulse, "consciousness", "alert",
                             "temperature_c", "37.0", NULL);
}

static CareWardPatient *
monitor_row (GPtrArray  *rows,
             const char *patient)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (((CareWardPatient *) g_ptr_array_index (rows, i))->patient_id, patient))
      return g_ptr_array_index (rows, i);
  g_assert_not_reached ();
}

/* Each band's interval, one minute before and at its edge, across midnight. */
static void
test_overdue_across_midnight (Ward          *w,
                              gconstpointer  data)
{
  /* Rates give: 16 → 0; 21 → 2 (4 h); 25 → 3 in one parameter (hourly). */
  static const struct { const char *rate; const char *pulse; GTimeSpan every; } sets[] = {
    { "16", "70", 12 * HOUR }, { "21", "70", 4 * HOUR }, { "25", "70", HOUR },
  };
  g_autoptr(GError) error = NULL;

  /* Admitted yesterday; observed at 23:30, the clock frozen there. */
  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      g_autofree char *admitted = iso (utc (7, 8, 0));
      g_autofree char *a = care_bed_board_admit (w->store, w->beds[i], w->patients[i], NULL, NULL, &error);
      g_autoptr(CareRecord) rec = get_allocation (w, a);

      g_assert_no_error (error);
      care_record_set (rec, "admitted_at", admitted);
      g_assert_true (care_store_update (w->store, rec, &error));
      add_vitals (w, w->patients[i], care_clock_get_real_time (), sets[i].rate, sets[i].pulse);
    }

  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      gint64 observed = utc (7, 23, 30);
      g_autoptr(GPtrArray) rows = NULL;
      CareWardPatient *row;

      care_clock_freeze (observed + sets[i].every - MINUTE);
      rows = care_ward_monitor (w->store, care_clock_get_real_time (), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (rows->len, ==, 3);
      row = monitor_row (rows, w->patients[i]);
      g_assert_true (row->scored);
      g_assert_cmpint (row->last_observation, ==, observed);
      g_assert_cmpint (row->due, ==, observed + sets[i].every);
      g_assert_false (row->overdue);
      g_clear_pointer (&rows, g_ptr_array_unref);

      care_clock_advance (2 * MINUTE);
      rows = care_ward_monitor (w->store, care_clock_get_real_time (), &error);
      row = monitor_row (rows, w->patients[i]);
      g_assert_true (row->overdue);
    }

  /* A new set clears it: the hourly one observed again after midnight. */
  care_clock_freeze (utc (8, 0, 45));
  {
    g_autoptr(GPtrArray) rows = care_ward_monitor (w->store, care_clock_get_real_time (), &error);
    g_assert_true (monitor_row (rows, w->patients[2])->overdue);
  }
  add_vitals (w, w->patients[2], utc (8, 0, 40), "16", "70");
  {
    g_autoptr(GPtrArray) rows = care_ward_monitor (w->store, care_clock_get_real_time (), &error);
    CareWardPatient *row = monitor_row (rows, w->patients[2]);

    g_assert_false (row->overdue);
    g_assert_cmpint (row->news2.total, ==, 0);
    g_assert_cmpint (row->due, ==, utc (8, 12, 40));
    g_assert_cmpstr (row->bed_label, ==, "A2-1");
    g_assert_cmpstr (row->ward_name, ==, "Ward A");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ward/status-changes", test_status_changes);
  g_test_add_func ("/ward/intervals", test_intervals);
  g_test_add ("/ward/admit-transfer-discharge", Ward, NULL, ward_set_up, test_admit_transfer_discharge, ward_tear_down);
  g_test_add ("/ward/admission-request", Ward, NULL, ward_set_up, test_admission_request, ward_tear_down);
  g_test_add ("/ward/double-allocation", Ward, NULL, ward_set_up, test_double_allocation, ward_tear_down);
  g_test_add ("/ward/occupancy", Ward, NULL, ward_set_up, test_occupancy, ward_tear_down);
  g_test_add ("/ward/overdue-across-midnight", Ward, NULL, ward_set_up, test_overdue_across_midnight, ward_tear_down);
  return g_test_run ();
}
