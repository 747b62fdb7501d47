/* test-lab-bands.c: reference ranges by age band and sex at collection, and the Code 128 encoder against known encodings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "care-test-core.h"
#include "care-code128.h"
#include "care-lab-bands.h"

/* --- age --------------------------------------------------------------------- */

static void
test_age (void)
{
  g_assert_cmpint (care_lab_age_days ("2026-03-01", "2026-03-01"), ==, 0);
  g_assert_cmpint (care_lab_age_days ("2026-03-01", "2026-03-29"), ==, 28);
  g_assert_cmpint (care_lab_age_days ("2024-02-29", "2025-02-28"), ==, 365);
  g_assert_cmpint (care_lab_age_days ("1960-01-01", "2026-01-01"), ==, 24107);
  /* A UTC time at noon is the same local day in UTC. */
  g_assert_cmpint (care_lab_age_days ("2026-03-01", "2026-03-02T12:00:00Z"), ==, 1);
  g_assert_cmpint (care_lab_age_days (NULL, "2026-03-01"), ==, -1);
  g_assert_cmpint (care_lab_age_days ("2026-03-02", "2026-03-01"), ==, -1);
  g_assert_cmpint (care_lab_age_days ("not a date", "2026-03-01"), ==, -1);
  /* Without a time: today, from the clinic's clock. */
  {
    g_autofree char *today = care_clock_today ();

    g_assert_cmpint (care_lab_age_days (today, NULL), ==, 0);
  }
}

/* --- bands --------------------------------------------------------------------- */

static void
assert_range (const char *panel_code,
              const char *analyte,
              const char *sex,
              int         age_days,
              double      low,
              double      high)
{
  const CareLabAnalyte *a = care_lab_panel_find_analyte (care_lab_catalogue_find_panel (panel_code), analyte);
  double l, h;

  g_test_message ("%s, %s, %d days", analyte, sex, age_days);
  g_assert_nonnull (a);
  care_lab_analyte_range (a, sex, age_days, &l, &h);
  g_assert_cmpfloat_with_epsilon (l, low, 1e-9);
  g_assert_cmpfloat_with_epsilon (h, high, 1e-9);
}

static void
test_bands (void)
{
  const int adult = CARE_LAB_YEARS (40);
  const int elderly = CARE_LAB_YEARS (70);

  /* Newborn, the first 28 days, whatever the sex. */
  assert_range ("CBC", "Haemoglobin", "female", 0, 14.0, 24.0);
  assert_range ("CBC", "Haemoglobin", "male", 28, 14.0, 24.0);
  /* Child, from day 29 to 13 years. */
  assert_range ("CBC", "Haemoglobin", "male", 29, 11.0, 14.5);
  assert_range ("CBC", "Haemoglobin", "female", CARE_LAB_YEARS (6), 11.0, 14.5);
  assert_range ("CBC", "White cell count", "female", CARE_LAB_YEARS (6), 5.0, 15.0);
  assert_range ("BMP", "Creatinine", "male", CARE_LAB_YEARS (12), 20, 60);
  /* Adult: by sex. */
  assert_range ("CBC", "Haemoglobin", "female", CARE_LAB_YEARS (13), 12.0, 16.0);
  assert_range ("CBC", "Haemoglobin", "female", adult, 12.0, 16.0);
  assert_range ("CBC", "Haemoglobin", "male", adult, 13.5, 17.5);
  assert_range ("BMP", "Creatinine", "female", adult, 45, 90);
  assert_range ("BMP", "Creatinine", "male", adult, 60, 110);
  /* Elderly: by sex where the band says so. */
  assert_range ("CBC", "Haemoglobin", "female", elderly, 11.5, 15.5);
  assert_range ("CBC", "Haemoglobin", "male", elderly, 12.5, 17.0);
  assert_range ("BMP", "Creatinine", "male", elderly, 60, 125);
  /* An elderly band for one sex only: another sex gets the wider adult
   * range; an analyte without bands keeps its adult range at any age. */
  assert_range ("CBC", "Haemoglobin", "unknown", elderly, 12.0, 17.5);
  assert_range ("CBC", "White cell count", "male", elderly, 4.0, 11.0);
  assert_range ("CBC", "Platelets", "female", 3, 150, 400);
  /* Age unknown: adult. */
  assert_range ("CBC", "Haemoglobin", "male", -1, 13.5, 17.5);
  g_assert_null (care_lab_analyte_band (care_lab_panel_find_analyte (care_lab_catalogue_find_panel ("CBC"), "Haemoglobin"),
                                        "male", -1));
}

static void
test_band_fill (void)
{
  const CareLabAnalyte *hb = care_lab_panel_find_analyte (care_lab_catalogue_find_panel ("CBC"), "Haemoglobin");
  g_autoptr(CareRecord) patient = care_test_patient ("Mia", "Lund");
  g_autoptr(CareRecord) test = care_test_record ("lab_test", "collected_at", "2026-03-10T09:00:00Z", NULL);
  g_autoptr(CareRecord) result = care_record_new (care_schema_lookup ("lab_result"));
  g_autofree char *range = NULL;
  g_autofree char *flag = NULL;

  /* Born ten days before the specimen: a newborn's range, and a value
   * normal for an adult is low for her. */
  care_record_set (patient, "date_of_birth", "2026-02-28");
  g_assert_cmpint (care_lab_patient_age_days (patient, test), ==, 10);
  care_lab_analyte_fill_result_at (hb, "female", care_lab_patient_age_days (patient, test), result);
  g_assert_cmpstr (care_record_get (result, "reference_low"), ==, "14");
  g_assert_cmpstr (care_record_get (result, "reference_high"), ==, "24");
  g_assert_cmpstr (care_record_get (result, "critical_low"), ==, "7");
  care_record_set (result, "value", "13");
  flag = care_lab_compute_flag (result);
  g_assert_cmpstr (flag, ==, "low");
  range = care_lab_analyte_format_range_at (hb, "female", 10);
  g_assert_cmpstr (range, ==, "14 – 24");
}

/* --- Code 128 ------------------------------------------------------------------ */

static void
test_code128_table (void)
{
  /* Every symbol is 11 modules in 3 bars and 3 spaces; the stop 13 in 7. */
  for (guint v = 0; v <= CARE_CODE128_STOP; v++)
    {
      const char *p = care_code128_pattern (v);
      guint sum = 0;

      for (const char *w = p; *w; w++)
        sum += (guint) (*w - '0');
      g_assert_cmpuint (strlen (p), ==, v == CARE_CODE128_STOP ? 7 : 6);
      g_assert_cmpuint (sum, ==, v == CARE_CODE128_STOP ? 13 : 11);
    }
  /* Spot checks against ISO/IEC 15417's table. */
  g_assert_cmpstr (care_code128_pattern (0), ==, "212222");
  g_assert_cmpstr (care_code128_pattern (33), ==, "111323");   /* "A" in set B */
  g_assert_cmpstr (care_code128_pattern (64), ==, "111422");   /* "`" in set B */
  g_assert_cmpstr (care_code128_pattern (CARE_CODE128_START_B), ==, "211214");
  g_assert_cmpstr (care_code128_pattern (CARE_CODE128_START_C), ==, "211232");
  g_assert_cmpstr (care_code128_pattern (CARE_CODE128_STOP), ==, "2331112");
}

static void
assert_symbols (const char  *text,
                const guint *expected,
                guint        n)
{
  g_autoptr(GArray) symbols = care_code128_symbols (text);

  g_assert_nonnull (symbols);
  g_assert_cmpuint (symbols->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (g_array_index (symbols, guint, i), ==, expected[i]);
}

static void
test_code128_known (void)
{
  /* "Wikipedia" in code set B: the check symbol is 88 (the worked example
   * of the Code 128 article). */
  static const guint wikipedia[] = { 104, 55, 73, 75, 73, 80, 69, 68, 73, 65, 88, 106 };
  /* "PJJ123C" in set B: check (104 + 48 + 42·2 + 42·3 + 17·4 + 18·5 + 19·6 + 35·7) mod 103 = 879 mod 103 = 55. */
  static const guint pjj[] = { 104, 48, 42, 42, 17, 18, 19, 35, 55, 106 };
  /* Digits in pairs, set C: "1234" → 12, 34; check (105 + 12 + 34·2) mod 103 = 82. */
  static const guint digits[] = { 105, 12, 34, 82, 106 };
  static const guint8 digit_widths[] = {
    2, 1, 1, 2, 3, 2,          /* start C */
    1, 1, 2, 2, 3, 2,          /* 12 */
    1, 3, 1, 1, 2, 3,          /* 34 */
    1, 2, 1, 2, 4, 1,          /* 82 */
    2, 3, 3, 1, 1, 1, 2,       /* stop */
  };
  g_autoptr(GByteArray) widths = care_code128_widths ("1234");

  assert_symbols ("Wikipedia", wikipedia, G_N_ELEMENTS (wikipedia));
  assert_symbols ("PJJ123C", pjj, G_N_ELEMENTS (pjj));
  assert_symbols ("1234", digits, G_N_ELEMENTS (digits));
  g_assert_cmpmem (widths->data, widths->len, digit_widths, sizeof digit_widths);
  g_assert_cmpuint (care_code128_modules (widths), ==, 4 * 11 + 13);

  /* An odd number of digits goes in set B. */
  {
    g_autoptr(GArray) odd = care_code128_symbols ("123");
    g_assert_cmpuint (g_array_index (odd, guint, 0), ==, CARE_CODE128_START_B);
  }
  g_assert_null (care_code128_symbols (""));
  g_assert_null (care_code128_symbols (NULL));
  g_assert_null (care_code128_symbols ("tab\there"));
  g_assert_null (care_code128_symbols ("café"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab-bands/age", test_age);
  g_test_add_func ("/lab-bands/bands", test_bands);
  g_test_add_func ("/lab-bands/fill", test_band_fill);
  g_test_add_func ("/code128/table", test_code128_table);
  g_test_add_func ("/code128/known", test_code128_known);
  return g_test_run ();
}
