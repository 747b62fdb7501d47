/* care-doctor-home.c: what waits for a doctor today: appointments, the checked-in queue, care-team patients, counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-doctor-home"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-clock.h"
#include "care-doctor-home.h"
#include "care-orders.h"
#include "care-prescribing.h"
#include "care-schedule.h"
#include "care-store-sql.h"

void
care_home_row_free (CareHomeRow *row)
{
  if (row == NULL)
    return;
  g_free (row->patient_id);
  g_free (row->patient_name);
  g_free (row->when);
  g_free (row->detail);
  g_free (row->record_id);
  g_free (row);
}

void
care_doctor_home_free (CareDoctorHome *home)
{
  if (home == NULL)
    return;
  g_clear_pointer (&home->appointments, g_ptr_array_unref);
  g_clear_pointer (&home->queue, g_ptr_array_unref);
  g_clear_pointer (&home->patients, g_ptr_array_unref);
  g_free (home);
}

static GPtrArray *
new_rows (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) care_home_row_free);
}

static const char *
choice_label (const char *entity,
              const char *field,
              const char *value)
{
  return care_field_choice_label (care_entity_field (care_schema_lookup (entity), field), value);
}

static CareHomeRow *
appointment_row (CareRecord *appointment,
                 GHashTable *names)
{
  CareHomeRow *row = g_new0 (CareHomeRow, 1);
  const char *reason = care_record_get (appointment, "reason");
  const char *status = choice_label ("appointment", "status", care_record_get (appointment, "status"));

  row->patient_id = g_strdup (care_record_get (appointment, "patient_id"));
  row->patient_name = g_strdup (g_hash_table_lookup (names, row->patient_id) ?: "—");
  row->when = g_strdup (care_record_get (appointment, "starts_at"));
  /* Translators: an appointment on the doctor's home: "Checked in · Cough for a week" */
  row->detail = reason && *reason ? g_strdup_printf (_("%s · %s"), status, reason) : g_strdup (status);
  row->record_id = g_strdup (care_record_get_id (appointment));
  return row;
}

static int
compare_arrival (gconstpointer a,
                 gconstpointer b)
{
  CareRecord *x = *(CareRecord *const *) a;
  CareRecord *y = *(CareRecord *const *) b;

  return g_strcmp0 (care_record_get (x, "checked_in_at") ?: care_record_get (x, "starts_at"),
                    care_record_get (y, "checked_in_at") ?: care_record_get (y, "starts_at"));
}

static gboolean
load_today (CareStore      *store,
            const char     *doctor_id,
            CareDoctorHome *home,
            GError        **error)
{
  static const char *const hidden[] = { "cancelled", "rejected", "requested", NULL };
  static const char *const waiting[] = { "checked_in", "in_consultation", NULL };
  g_autoptr(GDateTime) now = care_clock_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (now),
                                                   g_date_time_get_month (now), g_date_time_get_day_of_month (now),
                                                   0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);
  gint64 from = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
  gint64 until = g_date_time_to_unix (tomorrow) * G_USEC_PER_SEC;
  g_autoptr(GPtrArray) day = care_schedule_list_range (store, doctor_id, from, until, error);
  g_autoptr(GHashTable) names = day ? care_schedule_patient_names (store, doctor_id, from, until, error) : NULL;
  g_autoptr(GPtrArray) arrived = g_ptr_array_new ();

  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < day->len; i++)
    {
      CareRecord *appointment = g_ptr_array_index (day, i);
      const char *status = care_record_get (appointment, "status");

      if (status == NULL || g_strv_contains (hidden, status))
        continue;
      g_ptr_array_add (home->appointments, appointment_row (appointment, names));
      if (g_strv_contains (waiting, status))
        g_ptr_array_add (arrived, appointment);
    }
  g_ptr_array_sort (arrived, compare_arrival);
  for (guint i = 0; i < arrived->len; i++)
    g_ptr_array_add (home->queue, appointment_row (g_ptr_array_index (arrived, i), names));
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const CareHomeRow *x = *(CareHomeRow *const *) a;
  const CareHomeRow *y = *(CareHomeRow *const *) b;

  return g_utf8_collate (x->patient_name, y->patient_name);
}

static gboolean
load_care_teams (CareStore      *store,
                 const char     *doctor_id,
                 CareDoctorHome *home,
                 GError        **error)
{
  g_autoptr(GPtrArray) members = care_store_list (store, care_schema_lookup ("care_team_member"), "user_id", doctor_id,
                                                  NULL, 0, error);

  if (members == NULL)
    return FALSE;
  for (guint i = 0; i < members->len; i++)
    {
      CareRecord *member = g_ptr_array_index (members, i);
      g_autoptr(CareRecord) patient = care_store_get (store, care_schema_lookup ("patient"),
                                                      care_record_get (member, "patient_id"), NULL);
      CareHomeRow *row;

      if (patient == NULL)
        continue;
      row = g_new0 (CareHomeRow, 1);
      row->patient_id = g_strdup (care_record_get_id (patient));
      row->patient_name = care_record_dup_title (patient);
      row->detail = g_strdup (care_record_get (member, "team_role"));
      row->record_id = g_strdup (care_record_get_id (member));
      g_ptr_array_add (home->patients, row);
    }
  g_ptr_array_sort (home->patients, compare_names);
  return TRUE;
}

static gboolean
count_requests (CareStore   *store,
                const char  *doctor_id,
                guint       *count,
                GError     **error)
{
  sqlite3_stmt *stmt = care_store_prepare (store,
                                           "SELECT count(*) FROM appointments WHERE tenant_id IS ?1 "
                                           "AND provider_id = ?2 AND status = 'requested'", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, doctor_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *count = rc == SQLITE_ROW ? (guint) sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || care_store_set_sqlite_error (store, error);
}

CareDoctorHome *
care_doctor_home_load (CareStore   *store,
                       const char  *doctor_id,
                       GError     **error)
{
  g_autoptr(CareDoctorHome) home = g_new0 (CareDoctorHome, 1);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) refills = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store) && doctor_id != NULL, NULL);

  home->appointments = new_rows ();
  home->queue = new_rows ();
  home->patients = new_rows ();
  if (!load_today (store, doctor_id, home, error) || !load_care_teams (store, doctor_id, home, error) ||
      !count_requests (store, doctor_id, &home->requests, error))
    return NULL;
  results = care_orders_to_review (store, doctor_id, error);
  refills = results ? care_prescribing_pending_refills (store, doctor_id, error) : NULL;
  if (refills == NULL)
    return NULL;
  home->results = results->len;
  home->refills = refills->len;
  return g_steal_pointer (&home);
}
