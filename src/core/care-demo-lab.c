/* care-demo-lab.c: the demo laboratory's queue of today's requests
 *
 * Requests in every state the laboratory sees (requested, collected, in
 * progress, resulted with a critical value, verified, cancelled), STAT,
 * urgent and routine, all in the minutes before now: valid at any hour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-demo-lab"

#include "config.h"

#include <math.h>

#include "care-clock.h"
#include "care-demo.h"
#include "care-lab.h"
#include "care-lab-bands.h"
#include "care-lab-catalogue.h"
#include "care-lab-results.h"
#include "care-uuid.h"

static char *
minutes_ago (GDateTime *now,
             int        minutes)
{
  g_autoptr(GDateTime) t = g_date_time_add_minutes (now, -minutes);

  return g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
}

/* A plausible value inside the analyte's range, or its reference text. */
static char *
typical_value (const CareLabAnalyte *a,
               const char           *sex,
               int                   age_days,
               GRand                *rand)
{
  g_autoptr(CareRecord) r = care_record_new (care_schema_lookup ("lab_result"));
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  double low, high, x;
  gboolean has_low, has_high;

  care_lab_analyte_fill_result_at (a, sex, age_days, r);
  has_low = care_lab_parse_number (care_record_get (r, "reference_low"), &low);
  has_high = care_lab_parse_number (care_record_get (r, "reference_high"), &high);
  if (has_low && has_high)
    x = low + (high - low) * g_rand_double_range (rand, 0.15, 0.85);
  else if (has_high)
    x = high * g_rand_double_range (rand, 0.5, 0.9);
  else if (has_low)
    x = low * g_rand_double_range (rand, 1.1, 1.5);
  else
    return g_strdup (a->reference_text);
  return g_strdup (g_ascii_formatd (text, sizeof text, "%.4g", x));
}

static gboolean
enter_results (CareStore          *store,
               const char         *test_id,
               const CareLabPanel *panel,
               const char         *sex,
               int                 age_days,
               guint               n,
               const char         *critical_analyte,
               const char         *critical_value,
               GRand              *rand,
               GError            **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);

  for (guint i = 0; i < MIN (n, panel->n_analytes); i++)
    {
      const CareLabAnalyte *a = &panel->analytes[i];
      CareRecord *r = care_record_new (care_schema_lookup ("lab_result"));
      g_autofree char *value = typical_value (a, sex, age_days, rand);

      care_lab_analyte_fill_result_at (a, sex, age_days, r);
      care_record_set (r, "value", g_strcmp0 (a->name, critical_analyte) == 0 ? critical_value : value);
      g_ptr_array_add (results, r);
    }
  return care_lab_results_enter (store, test_id, results, FALSE, NULL, error);
}

gboolean
care_demo_add_lab_queue (CareStore  *store,
                         GPtrArray  *patients,
                         const char *doctor,
                         const char *lab,
                         const char *verifier,
                         guint32     seed,
                         GError    **error)
{
  static const struct {
    const char *panel, *priority, *status;
    int         minutes;          /* requested this long before now */
    const char *critical_analyte, *critical_value;
  } queue[] = {
    { "CBC", "stat", "requested", 5, NULL, NULL },
    { "BMP", "urgent", "requested", 25, NULL, NULL },
    { "TSH", "routine", "requested", 50, NULL, NULL },
    { "CBC", "routine", "collected", 70, NULL, NULL },
    { "LIPID", "routine", "in_progress", 95, NULL, NULL },
    { "BMP", "stat", "completed", 40, "Potassium", "6.8" },
    { "CBC", "urgent", "completed", 110, NULL, NULL },
    { "HBA1C", "routine", "verified", 180, NULL, NULL },
    { "UA", "routine", "cancelled", 200, NULL, NULL },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed ^ 0x1ab);
  g_autoptr(GDateTime) clock_now = care_clock_now_utc ();
  g_autoptr(GDateTime) now = g_date_time_add (clock_now, -(g_date_time_get_microsecond (clock_now)));
  /* A copy: setting another actor frees the store's own string. */
  g_autofree char *actor = g_strdup (care_store_get_actor (store));

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (patients->len > G_N_ELEMENTS (queue) + 20, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (queue); i++)
    {
      const CareLabPanel *panel = care_lab_catalogue_find_panel (queue[i].panel);
      CareRecord *patient = g_ptr_array_index (patients, 20 + i);
      const char *sex = care_record_get (patient, "sex");
      const char *status = queue[i].status;
      g_autoptr(CareRecord) test = care_record_new (care_schema_lookup ("lab_test"));
      g_autofree char *loinc = g_strdup_printf ("LOINC %s", panel->loinc);
      g_autofree char *collected = minutes_ago (now, MAX (queue[i].minutes - 15, 1));
      g_autofree char *resulted = minutes_ago (now, MAX (queue[i].minutes - 35, 0));
      gboolean has_specimen = !g_str_equal (status, "requested") && !g_str_equal (status, "cancelled");
      gboolean has_results = g_str_equal (status, "in_progress") || g_str_equal (status, "completed") ||
                             g_str_equal (status, "verified");

      care_store_set_actor (store, doctor);
      care_record_set (test, "patient_id", care_record_get_id (patient));
      care_record_set (test, "requested_by", doctor);
      care_record_set (test, "test_name", panel->name);
      care_record_set (test, "test_code", loinc);
      care_record_set (test, "specimen", panel->specimen);
      care_record_set (test, "method", panel->method);
      care_record_set (test, "priority", queue[i].priority);
      care_record_set (test, "status", has_results ? "collected" : has_specimen ? status : "requested");
      care_record_set (test, "technician_id", has_specimen ? lab : NULL);
      care_record_set (test, "collected_at", has_specimen ? collected : NULL);
      if (g_str_equal (status, "cancelled") && !care_lab_cancel (test, "Specimen leaked in transit; new sample requested", error))
        goto failed;
      if (!care_store_insert (store, test, error))
        goto failed;
      if (!has_results)
        continue;

      care_store_set_actor (store, lab);
      if (!enter_results (store, care_record_get_id (test), panel, sex, care_lab_patient_age_days (patient, test),
                          g_str_equal (status, "in_progress") ? 2 : panel->n_analytes,
                          queue[i].critical_analyte, queue[i].critical_value, rand, error))
        goto failed;
      care_record_set (test, "status", g_str_equal (status, "in_progress") ? "in_progress" : "completed");
      care_record_set (test, "completed_at", g_str_equal (status, "in_progress") ? NULL : resulted);
      if (g_str_equal (status, "verified"))
        {
          care_record_set (test, "status", "verified");
          care_record_set (test, "verified_by", verifier);
          care_record_set (test, "verified_at", resulted);
        }
      if (!care_store_update (store, test, error))
        goto failed;
    }
  care_store_set_actor (store, actor);
  return TRUE;

failed:
  care_store_set_actor (store, actor);
  return FALSE;
}
