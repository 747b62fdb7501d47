/* test-lab-catalogue.c: the clinic's lab catalogue in the store: seeded from the built-in one, edited under the rules, read back for results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "care-test-core.h"
#include "care-lab-bands.h"
#include "care-lab-catalogue-store.h"
#include "care-uuid.h"

typedef struct {
  char      *dir;
  CareStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = care_test_tmpdir ();
  f->store = care_test_clinic_store (f->dir, 3);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  care_test_rmdir (f->dir);
  g_free (f->dir);
}

static CareRecord *
find_analyte (CareStore  *store,
              const char *name)
{
  g_autoptr(GPtrArray) rows = care_store_list (store, care_schema_lookup ("lab_analyte"), "name", name, NULL, 0, NULL);

  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 1);
  return care_record_ref (g_ptr_array_index (rows, 0));
}

static void
test_seeded (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareLabCatalogue) catalogue = care_lab_catalogue_load (f->store, &error);
  guint n, n_builtin;
  const CareLabPanel *panels, *builtin = care_lab_catalogue_panels (&n_builtin);
  const CareLabAnalyte *hb;
  gint64 n_bands = care_store_count (f->store, care_schema_lookup ("lab_band"));
  double low, high;

  g_assert_no_error (error);
  panels = care_lab_catalogue_get_panels (catalogue, &n);
  g_assert_cmpuint (n, ==, n_builtin);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (panels[i].code, ==, builtin[i].code);
      g_assert_cmpstr (panels[i].loinc, ==, builtin[i].loinc);
      g_assert_cmpuint (panels[i].n_analytes, ==, builtin[i].n_analytes);
    }
  /* The bands come from the store, and choose the range as before. */
  hb = care_lab_panel_find_analyte (care_lab_catalogue_lookup (catalogue, "CBC"), "Haemoglobin");
  g_assert_true (hb->own_bands);
  g_assert_cmpuint (hb->n_bands, ==, 4);
  care_lab_analyte_range (hb, "male", CARE_LAB_YEARS (6), &low, &high);
  g_assert_cmpfloat_with_epsilon (low, 11.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (high, 14.5, 1e-9);
  care_lab_analyte_range (hb, "female", CARE_LAB_YEARS (70), &low, &high);
  g_assert_cmpfloat_with_epsilon (low, 11.5, 1e-9);
  g_assert_true (isnan (hb->critical_low) == FALSE && hb->critical_low == 7.0);

  /* Seeding again writes nothing twice, and the ids are the clinic's:
   * the same on every copy. */
  g_assert_true (care_lab_catalogue_seed (f->store, care_store_get_tenant_id (f->store), &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("lab_band")), ==, n_bands);
  g_assert_cmpint (care_store_count (f->store, care_schema_lookup ("lab_panel")), ==, n_builtin);
  g_assert_cmpint (care_store_outbox_count (f->store), >=, 0);
  {
    g_autoptr(GPtrArray) cbc = care_store_list (f->store, care_schema_lookup ("lab_panel"), "code", "CBC", NULL, 0, NULL);
    g_autofree char *name = g_strconcat ("lab-panel:", care_store_get_tenant_id (f->store), ":CBC", NULL);
    g_autofree char *id = care_uuid_v8_from_name (name);

    g_assert_cmpstr (care_record_get_id (g_ptr_array_index (cbc, 0)), ==, id);
  }
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) hb = find_analyte (f->store, "Haemoglobin");
  g_autoptr(CareRecord) patient_result = care_record_new (care_schema_lookup ("lab_result"));
  g_autoptr(CareLabCatalogue) catalogue = NULL;
  const CareLabAnalyte *a;

  care_record_set (hb, "female_high", "15.5");
  g_assert_true (care_lab_catalogue_save (f->store, hb, &error));
  g_assert_no_error (error);
  catalogue = care_lab_catalogue_load (f->store, &error);
  g_assert_no_error (error);
  a = care_lab_panel_find_analyte (care_lab_catalogue_lookup (catalogue, "Complete blood count"), "Haemoglobin");
  g_assert_cmpfloat_with_epsilon (a->female_high, 15.5, 1e-9);
  /* A result filled for an adult woman carries the edited range. */
  care_lab_analyte_fill_result_at (a, "female", CARE_LAB_YEARS (40), patient_result);
  g_assert_cmpstr (care_record_get (patient_result, "reference_high"), ==, "15.5");

  /* A new panel with its analyte is part of the catalogue too. */
  {
    g_autoptr(CareRecord) panel = care_test_record ("lab_panel", "code", "VITD", "name", "Vitamin D", "specimen", "Serum",
                                                    "position", "10", NULL);
    g_autoptr(CareRecord) analyte = NULL;
    g_autoptr(CareLabCatalogue) after = NULL;

    g_assert_true (care_lab_catalogue_save (f->store, panel, &error));
    g_assert_no_error (error);
    analyte = care_test_record ("lab_analyte", "panel_id", care_record_get_id (panel), "name", "25-OH vitamin D",
                                "unit", "nmol/L", "female_low", "50", "female_high", "125", "male_low", "50",
                                "male_high", "125", NULL);
    g_assert_true (care_lab_catalogue_save (f->store, analyte, &error));
    g_assert_no_error (error);
    after = care_lab_catalogue_load (f->store, &error);
    g_assert_cmpuint (care_lab_catalogue_lookup (after, "VITD")->n_analytes, ==, 1);
  }
}

static void
test_rules (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) hb = find_analyte (f->store, "Haemoglobin");
  g_autoptr(CareRecord) band = NULL;

  care_record_set (hb, "female_high", "11");
  g_assert_false (care_lab_catalogue_save (f->store, hb, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "female_high");
  g_clear_error (&error);
  care_record_set (hb, "female_high", "16");
  care_record_set (hb, "critical_low", "12.5");
  g_assert_false (care_lab_catalogue_save (f->store, hb, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "critical_low");
  g_clear_error (&error);
  care_record_set (hb, "critical_low", "7");
  care_record_set (hb, "critical_high", "16");
  g_assert_false (care_lab_catalogue_save (f->store, hb, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "critical_high");
  g_clear_error (&error);

  /* Bands: an end after the start, limits in order, no overlap. */
  band = care_test_record ("lab_band", "analyte_id", care_record_get_id (hb), "min_days", "5000", "max_days", "4000",
                           "low", "11", "high", "15", NULL);
  g_assert_false (care_lab_catalogue_save (f->store, band, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "max_days");
  g_clear_error (&error);
  care_record_set (band, "max_days", "6000");
  care_record_set (band, "high", "10");
  g_assert_false (care_lab_catalogue_save (f->store, band, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "high");
  g_clear_error (&error);
  /* 13 years to 16 years: free for both sexes; from 12 years it meets
   * the children's band (to 13 years). */
  care_record_set (band, "high", "15");
  care_record_set (band, "min_days", "4000");
  g_assert_false (care_lab_catalogue_save (f->store, band, &error));
  care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "min_days");
  g_assert_nonnull (strstr (error->message, "13 years"));
  g_clear_error (&error);
  care_record_set (band, "min_days", "4748");
  g_assert_true (care_lab_catalogue_save (f->store, band, &error));
  g_assert_no_error (error);
  /* A band for men from 55 years meets the elderly men's band. */
  {
    g_autoptr(CareRecord) men = care_test_record ("lab_band", "analyte_id", care_record_get_id (hb), "sex", "male",
                                                  "min_days", "20000", "low", "12", "high", "17", NULL);

    g_assert_false (care_lab_catalogue_save (f->store, men, &error));
    care_test_assert_refused (error, CARE_RULE_ERROR_INVALID, "min_days");
    g_clear_error (&error);
  }

  /* Removing the analyte removes its bands. */
  g_assert_true (care_lab_catalogue_remove (f->store, hb, &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_store_count_where (f->store, care_schema_lookup ("lab_band"), "analyte_id",
                                           care_record_get_id (hb)), ==, 0);
}

static void
test_ages (void)
{
  g_autofree char *years = care_lab_format_age (CARE_LAB_YEARS (13));
  g_autofree char *days = care_lab_format_age (29);

  g_assert_cmpint (care_lab_parse_age ("28 days"), ==, 28);
  g_assert_cmpint (care_lab_parse_age ("28 d"), ==, 28);
  g_assert_cmpint (care_lab_parse_age ("13 years"), ==, CARE_LAB_YEARS (13));
  g_assert_cmpint (care_lab_parse_age ("65"), ==, CARE_LAB_YEARS (65));
  g_assert_cmpint (care_lab_parse_age ("13 años"), ==, CARE_LAB_YEARS (13));
  g_assert_cmpint (care_lab_parse_age ("soon"), ==, -1);
  g_assert_cmpint (care_lab_parse_age ("-3"), ==, -1);
  g_assert_cmpstr (years, ==, "13 years");
  g_assert_cmpstr (days, ==, "29 days");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/lab-catalogue/seeded", Fixture, NULL, fixture_set_up, test_seeded, fixture_tear_down);
  g_test_add ("/lab-catalogue/edit", Fixture, NULL, fixture_set_up, test_edit, fixture_tear_down);
  g_test_add ("/lab-catalogue/rules", Fixture, NULL, fixture_set_up, test_rules, fixture_tear_down);
  g_test_add_func ("/lab-catalogue/ages", test_ages);
  return g_test_run ();
}
