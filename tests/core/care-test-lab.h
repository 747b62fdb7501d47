/* care-test-lab.h: a clinic store with a patient, lab requests, values and steps, for the laboratory's core tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-test-core.h"
#include "care-accounts.h"
#include "care-lab.h"
#include "care-lab-catalogue.h"
#include "care-lab-queue.h"
#include "care-lab-results.h"

typedef struct {
  char      *dir;
  CareStore *store;
  char      *patient_id;
  char      *lab_id;
  char      *admin_id;
  char      *doctor_id;
} Fixture;

G_GNUC_UNUSED static char *
login_id (CareStore  *store,
          const char *login)
{
  g_autoptr(CareRecord) user = care_accounts_find_login (store, login);

  g_assert_nonnull (user);
  return g_strdup (care_record_get_id (user));
}

G_GNUC_UNUSED static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = care_test_patient ("Ines", "Varga");

  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 4);
  care_record_set (patient, "sex", "male");
  g_assert_true (care_store_insert (f->store, patient, &error));
  g_assert_no_error (error);
  f->patient_id = g_strdup (care_record_get_id (patient));
  f->lab_id = login_id (f->store, "lab");
  f->admin_id = login_id (f->store, "admin");
  f->doctor_id = login_id (f->store, "doctor");
  care_store_set_actor (f->store, f->lab_id);
}

G_GNUC_UNUSED static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  care_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->patient_id);
  g_free (f->lab_id);
  g_free (f->admin_id);
  g_free (f->doctor_id);
}

G_GNUC_UNUSED static char *
request (Fixture    *f,
         const char *panel_code,
         const char *priority)
{
  const CareLabPanel *panel = care_lab_catalogue_find_panel (panel_code);
  g_autoptr(CareRecord) test = care_test_record ("lab_test", "patient_id", f->patient_id, "requested_by", f->doctor_id,
                                     "test_name", panel->name, "test_code", panel->loinc, "specimen", panel->specimen,
                                     "priority", priority, "status", "requested", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (care_store_insert (f->store, test, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (test));
}

G_GNUC_UNUSED static GPtrArray *
values (const char *panel_code,
        const char *sex,
        ...)
{
  const CareLabPanel *panel = care_lab_catalogue_find_panel (panel_code);
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  va_list args;
  const char *analyte;

  va_start (args, sex);
  while ((analyte = va_arg (args, const char *)))
    {
      CareRecord *r = care_record_new (care_schema_lookup ("lab_result"));

      care_lab_analyte_fill_result (care_lab_panel_find_analyte (panel, analyte), sex, r);
      care_record_set (r, "value", va_arg (args, const char *));
      g_ptr_array_add (results, r);
    }
  va_end (args);
  return results;
}

G_GNUC_UNUSED static CareRecord *
step (Fixture    *f,
      const char *test_id,
      const char *to)
{
  g_autoptr(GError) error = NULL;
  CareRecord *test = care_lab_queue_step (f->store, test_id, to, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (test);
  return test;
}

