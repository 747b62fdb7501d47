/* test-demo.c: the demo generators make valid records at any instant
 *
 * Runs the demo clinic (accounts, patients and three months of records, as
 * `caredesk-server init --demo`, the app's --demo and the benchmarks make
 * them) at every hour of a day, just after midnight and just before it, on
 * 29 February, on 31 December and on both sides of the clock changes of
 * Europe/London and America/New_York, each time with another seed.  meson
 * runs this file under TZ=UTC, Europe/London and America/New_York, with a
 * different first seed each, so the suite covers over a hundred seeds.
 *
 * Every record must pass the schema's validation at that instant, and more
 * strictly: nothing that happened is later than now, nothing booked is in
 * the past unless its status says it is over, and what follows an event
 * (a discharge, a result) comes after it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "care-test-core.h"

static const char *const instants[] = {
  /* each hour of one day */
  "2026-12-05T00:00:00Z", "2026-12-05T01:00:00Z", "2026-12-05T02:00:00Z", "2026-12-05T03:00:00Z",
  "2026-12-05T04:00:00Z", "2026-12-05T05:00:00Z", "2026-12-05T06:00:00Z", "2026-12-05T07:00:00Z",
  "2026-12-05T08:00:00Z", "2026-12-05T09:00:00Z", "2026-12-05T10:00:00Z", "2026-12-05T11:00:00Z",
  "2026-12-05T12:00:00Z", "2026-12-05T13:00:00Z", "2026-12-05T14:00:00Z", "2026-12-05T15:00:00Z",
  "2026-12-05T16:00:00Z", "2026-12-05T17:00:00Z", "2026-12-05T18:00:00Z", "2026-12-05T19:00:00Z",
  "2026-12-05T20:00:00Z", "2026-12-05T21:00:00Z", "2026-12-05T22:00:00Z", "2026-12-05T23:00:00Z",
  /* the edges of a day, a leap day, the year's end */
  "2026-12-05T00:00:30Z", "2026-12-05T23:59:50Z", "2028-02-29T00:00:30Z", "2028-02-29T23:59:50Z",
  "2026-12-31T23:59:50Z", "2027-01-01T00:00:30Z",
  /* Europe/London: 01:00 UTC on 29 March and 25 October 2026 */
  "2026-03-29T00:59:50Z", "2026-03-29T01:00:30Z", "2026-10-25T00:59:50Z", "2026-10-25T01:00:30Z",
  /* America/New_York: 07:00 UTC on 8 March, 06:00 UTC on 1 November 2026 */
  "2026-03-08T06:59:50Z", "2026-03-08T07:00:30Z", "2026-11-01T05:59:50Z", "2026-11-01T06:00:30Z",
};

static char *template_dir;
static char *template_path;

static gint64
instant (const char *text)
{
  gint64 usec = 0;

  g_assert_true (care_clock_parse_instant (text, &usec));
  return usec;
}

static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (text, NULL);
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);

  g_assert_nonnull (t);
  return g_date_time_difference (t, epoch);
}

static char *
utc_date (gint64 usec)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (t, "%Y-%m-%d");
}

/* created_at, updated_at and every PAST field at or before now. */
static void
assert_not_after_now (const CareRecord *record,
                      gint64            now,
                      const char       *when)
{
  const CareEntity *entity = care_record_get_entity (record);
  g_autofree char *today = utc_date (now);

  for (guint f = 0; f < entity->n_fields; f++)
    {
      const CareField *field = &entity->fields[f];
      const char *value = care_record_get (record, field->name);

      if (value == NULL || !(field->flags & CARE_FIELD_PAST))
        continue;
      if (field->type == CARE_FIELD_DATETIME && parse_time (value) > now)
        g_error ("%s: %s.%s = %s is after now", when, entity->name, field->name, value);
      if (field->type == CARE_FIELD_DATE && strcmp (value, today) > 0)
        g_error ("%s: %s.%s = %s is after today (%s)", when, entity->name, field->name, value, today);
    }
}

static void
assert_in_order (const CareRecord *record,
                 const char       *first,
                 const char       *then,
                 const char       *when)
{
  const CareEntity *entity = care_record_get_entity (record);
  const char *a, *b;

  if (care_entity_field_index (entity, first) < 0 || care_entity_field_index (entity, then) < 0)
    return;
  a = care_record_get (record, first);
  b = care_record_get (record, then);
  if (a && b && parse_time (a) > parse_time (b))
    g_error ("%s: %s %s: %s = %s comes after %s = %s", when, care_record_get_entity (record)->name,
             care_record_get_id (record), first, a, then, b);
}

static void
check_appointment (const CareRecord *appointment,
                   gint64            now,
                   const char       *when)
{
  const char *status = care_record_get (appointment, "status");
  gint64 starts = parse_time (care_record_get (appointment, "starts_at"));
  gint64 ends = starts + care_record_get_int (appointment, "duration_minutes", 0) * 60 * G_USEC_PER_SEC;

  if (g_strv_contains ((const char *const[]) { "requested", "scheduled", "accepted", NULL }, status))
    {
      if (starts <= now)
        g_error ("%s: a %s appointment starts at %s, in the past", when, status, care_record_get (appointment, "starts_at"));
    }
  else if (g_str_equal (status, "checked_in"))
    {
      if (starts > now)
        g_error ("%s: checked in for an appointment at %s, in the future", when, care_record_get (appointment, "starts_at"));
    }
  else if (ends > now)
    g_error ("%s: a %s appointment ends at after now (starts %s)", when, status, care_record_get (appointment, "starts_at"));
}

static guint
check_store (CareStore  *store,
             gint64      now,
             const char *when)
{
  guint n_entities, n_records = 0;
  const CareEntity *const *entities = care_schema_entities (&n_entities);

  for (guint e = 0; e < n_entities; e++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = care_store_list (store, entities[e], NULL, NULL, NULL, 0, &error);

      g_assert_no_error (error);
      for (guint r = 0; r < records->len; r++)
        {
          CareRecord *record = records->pdata[r];
          g_autoptr(CareValidation) validation = care_validate_record (record);

          if (!care_validation_is_valid (validation))
            {
              g_autofree char *text = care_validation_to_string (validation, entities[e]);
              g_error ("%s: %s %s is not valid: %s", when, entities[e]->name, care_record_get_id (record), text);
            }
          assert_not_after_now (record, now, when);
          if (g_str_equal (entities[e]->name, "appointment"))
            check_appointment (record, now, when);
          assert_in_order (record, "admitted_at", "released_at", when);
          assert_in_order (record, "collected_at", "completed_at", when);
          assert_in_order (record, "check_in", "check_out", when);
          n_records++;
        }
    }
  return n_records;
}

static void
test_demo_any_instant (gconstpointer data)
{
  const char *when = data;
  guint index = 0;
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "clinic.sqlite", NULL);
  g_autoptr(GFile) from = g_file_new_for_path (template_path);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  const char *first_seed = g_getenv ("CARE_TEST_FIRST_SEED");
  guint32 seed;
  gint64 now = instant (when);

  while (instants[index] != when)
    index++;
  seed = (first_seed ? (guint32) g_ascii_strtoull (first_seed, NULL, 10) : 1) + index;
  g_test_message ("%s, seed %u, TZ=%s", when, seed, g_getenv ("TZ"));

  care_clock_freeze (now);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  store = care_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (care_demo_add_patients (store, CARE_DEMO_CLINIC_PATIENTS, seed, &error));
  g_assert_no_error (error);
  g_assert_true (care_demo_add_clinic_records (store, seed, &error));
  g_assert_no_error (error);

  /* A clinic's worth, not an empty store that passes by having nothing. */
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("appointment")), ==, 80);
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("patient")), ==, CARE_DEMO_CLINIC_PATIENTS);
  g_assert_cmpuint (check_store (store, now, when), >, 500);
  /* The pharmacy: every batch's stock is its ledger's sum; something to
   * dispense; an expired batch on the shelf. */
  g_assert_true (care_stock_check_ledger (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_store_count_where (store, care_schema_lookup ("pharmacy_order"), "status", "pending"), >=, 3);
  {
    g_autoptr(GPtrArray) expired = care_stock_rows (store, NULL, CARE_STOCK_FILTER_EXPIRED, 0, &error);
    g_autoptr(GPtrArray) low = care_stock_rows (store, NULL, CARE_STOCK_FILTER_LOW, 0, &error);
    g_autoptr(GPtrArray) expiring = care_stock_rows (store, NULL, CARE_STOCK_FILTER_EXPIRING, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (expired->len, ==, 1);
    g_assert_cmpuint (low->len, >=, 1);
    g_assert_cmpuint (expiring->len, >=, 1);
  }
  /* The ward's round has doses around now, and the last day's recorded. */
  {
    g_autoptr(GPtrArray) round = care_medication_rounds_schedule (store, now - 4 * G_TIME_SPAN_HOUR,
                                                                  now + 4 * G_TIME_SPAN_HOUR, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (round->len, >, 0);
    g_assert_cmpint (care_store_count (store, care_schema_lookup ("medication_administration")), >, 4);
  }

  /* The laboratory has a queue: requests in several states, STAT ones
   * first, a critical value waiting to be verified. */
  {
    g_autoptr(GPtrArray) queue = care_lab_queue_list (store, CARE_LAB_QUEUE_OPEN, NULL, 0, &error);
    g_autoptr(GHashTable) statuses = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) critical = NULL;

    g_assert_no_error (error);
    for (guint i = 0; i < queue->len; i++)
      g_hash_table_add (statuses, ((CareLabQueueItem *) g_ptr_array_index (queue, i))->status);
    g_assert_cmpuint (g_hash_table_size (statuses), >=, 4);
    g_assert_cmpstr (((CareLabQueueItem *) g_ptr_array_index (queue, 0))->priority, ==, "stat");
    critical = care_store_list (store, care_schema_lookup ("lab_result"), "flag", "critical_high", NULL, 0, &error);
    g_assert_cmpuint (critical->len, >=, 1);
  }

  /* A doctor's patient opens on a chart with a signed note, vitals and
   * results, each written at its visit and none after now. */
  {
    g_autoptr(GPtrArray) notes = care_store_list (store, care_schema_lookup ("clinical_note"), NULL, NULL,
                                                  "created_at DESC", 0, &error);
    const char *pid;
    g_autoptr(GPtrArray) timeline = NULL;
    guint kinds = 0;

    g_assert_no_error (error);
    g_assert_cmpuint (notes->len, >, 5);
    g_assert_cmpint (care_store_count (store, care_schema_lookup ("lab_result")), >, 0);
    for (guint i = 0; i < notes->len; i++)
      {
        gint64 written = instant (care_record_get (notes->pdata[i], CARE_COLUMN_CREATED_AT));

        g_assert_cmpint (written, <=, now);
        g_assert_true (care_notes_check (notes->pdata[i], NULL));
      }
    /* Written at their visits, not all at once now. */
    g_assert_cmpstr (care_record_get (notes->pdata[0], CARE_COLUMN_CREATED_AT), !=,
                     care_record_get (notes->pdata[notes->len - 1], CARE_COLUMN_CREATED_AT));
    pid = care_record_get (notes->pdata[0], "patient_id");
    timeline = care_chart_timeline (store, pid, CARE_CHART_ALL_KINDS, NULL, 100, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < timeline->len; i++)
      kinds |= ((CareChartEntry *) timeline->pdata[i])->kind;
    g_assert_true (kinds & CARE_CHART_NOTE);
    g_assert_true (kinds & CARE_CHART_VITALS);
    g_assert_true (kinds & CARE_CHART_APPOINTMENT);
  }

  g_clear_object (&store);
  care_test_rmdir (dir);
  care_clock_reset ();
}

/* A record in the future is caught: the check is not one that cannot fail. */
static void
test_demo_check_catches_future (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(CareRecord) patient = care_test_patient ("Ada", "Later");
  g_autoptr(GError) error = NULL;
  gint64 now = instant ("2026-12-05T07:00:00Z");

  care_clock_freeze (now);
  g_assert_true (care_store_insert (store, patient, &error));
  g_assert_no_error (error);
  if (g_test_subprocess ())
    {
      g_autoptr(CareRecord) vitals = care_record_new (care_schema_lookup ("vitals"));

      care_record_set (vitals, "patient_id", care_record_get_id (patient));
      care_record_set (vitals, "recorded_at", "2026-12-05T07:05:00Z");  /* within validation's 10 minutes */
      care_record_set (vitals, "pulse", "70");
      g_assert_true (care_store_insert (store, vitals, &error));
      g_assert_no_error (error);
      check_store (store, now, "07:00");
      return;
    }
  g_clear_object (&store);
  care_test_rmdir (dir);
  care_clock_reset ();
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*vitals.recorded_at = 2026-12-05T07:05:00Z is after now*");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* The accounts (Argon2id hashes, the slow part) once; each instant then
   * starts from a copy. */
  template_dir = care_test_tmpdir ();
  {
    g_autoptr(CareStore) store = care_test_clinic_store (template_dir, 0);
    template_path = g_strdup (care_store_get_path (store));
  }

  for (guint i = 0; i < G_N_ELEMENTS (instants); i++)
    {
      g_autofree char *name = g_strdup_printf ("/demo/any-instant/%s", instants[i]);
      g_test_add_data_func (name, instants[i], test_demo_any_instant);
    }
  g_test_add_func ("/demo/check-catches-future", test_demo_check_catches_future);

  status = g_test_run ();
  care_test_rmdir (template_dir);
  return status;
}
