/* care-test-appointments.h: what the front desk's widget tests share
 *
 * The clock of these tests stands still in December 2026, local time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-test-utils.h"

/* µs of hour:minute local time on day of December 2026. */
static inline gint64
local (int day,
       int hour,
       int minute)
{
  g_autoptr(GDateTime) t = g_date_time_new_local (2026, 12, day, hour, minute, 0);

  return g_date_time_to_unix (t) * G_USEC_PER_SEC;
}

/* "2026-12-07T09:00:00Z" */
static inline char *
iso (gint64 usec)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
}

/* A registered patient; returns the id. */
static inline char *
add_patient (CareStore  *store,
             const char *given,
             const char *family)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = care_record_new (care_schema_lookup ("patient"));
  g_autofree char *mrn = care_store_next_number (store, "mrn", NULL);

  care_record_set (patient, "given_name", given);
  care_record_set (patient, "family_name", family);
  care_record_set (patient, "date_of_birth", "1979-06-02");
  care_record_set (patient, "sex", "female");
  care_record_set (patient, "status", "repeat");
  care_record_set (patient, "mrn", mrn);
  g_assert_true (care_store_insert (store, patient, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (patient));
}
