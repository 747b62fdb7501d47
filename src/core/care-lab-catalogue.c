/* care-lab-catalogue.c: the laboratory's panels and analytes, their units, reference ranges and critical limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-catalogue"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "care-lab-bands.h"
#include "care-lab-catalogue.h"

#define NONE NAN
/* The same range for both sexes. */
#define BOTH(lo, hi) lo, hi, lo, hi

static const CareLabAnalyte cbc[] = {
  { N_("Haemoglobin"), "g/dL", 12.0, 16.0, 13.5, 17.5, 7.0, 20.0, NULL, 20 },
  { N_("White cell count"), "10^9/L", BOTH (4.0, 11.0), 2.0, 30.0, NULL, 50 },
  { N_("Platelets"), "10^9/L", BOTH (150, 400), 50, 1000, NULL, 50 },
  { N_("Haematocrit"), "%", 36, 46, 41, 53, 20, 60, NULL, 20 },
  { N_("Red cell count"), "10^12/L", 4.0, 5.2, 4.5, 5.9, NONE, NONE, NULL, 20 },
  { N_("MCV"), "fL", BOTH (80, 100), NONE, NONE, NULL, 10 },
};

static const CareLabAnalyte bmp[] = {
  { N_("Sodium"), "mmol/L", BOTH (135, 145), 120, 160, NULL, 5 },
  { N_("Potassium"), "mmol/L", BOTH (3.5, 5.1), 2.5, 6.5, NULL, 20 },
  { N_("Chloride"), "mmol/L", BOTH (98, 107), 80, 120, NULL, 10 },
  { N_("Bicarbonate"), "mmol/L", BOTH (22, 29), 10, 40, NULL, 25 },
  { N_("Urea"), "mmol/L", BOTH (2.5, 7.8), NONE, 35, NULL, 50 },
  { N_("Creatinine"), "µmol/L", 45, 90, 60, 110, NONE, 500, NULL, 50 },
  { N_("Glucose"), "mmol/L", BOTH (3.9, 5.6), 2.5, 25, NULL, 50 },
  { N_("Calcium"), "mmol/L", BOTH (2.15, 2.60), 1.65, 3.25, NULL, 15 },
};

static const CareLabAnalyte lipids[] = {
  { N_("Total cholesterol"), "mmol/L", BOTH (NONE, 5.2), NONE, NONE, NULL, 0 },
  { N_("LDL cholesterol"), "mmol/L", BOTH (NONE, 3.0), NONE, NONE, NULL, 0 },
  { N_("HDL cholesterol"), "mmol/L", 1.2, NONE, 1.0, NONE, NONE, NONE, NULL, 0 },
  { N_("Triglycerides"), "mmol/L", BOTH (NONE, 1.7), NONE, 11.3, NULL, 0 },
};

static const CareLabAnalyte hba1c[] = {
  { N_("HbA1c"), "%", BOTH (4.0, 5.6), NONE, 15, NULL, 0 },
};

static const CareLabAnalyte tsh[] = {
  { N_("TSH"), "mIU/L", BOTH (0.4, 4.0), NONE, 50, NULL, 0 },
};

static const CareLabAnalyte urine[] = {
  { N_("pH"), "", BOTH (5.0, 8.0), NONE, NONE, NULL, 0 },
  { N_("Specific gravity"), "", BOTH (1.005, 1.030), NONE, NONE, NULL, 0 },
  { N_("Protein"), "", BOTH (NONE, NONE), NONE, NONE, "Negative", 0 },
  { N_("Glucose (urine)"), "", BOTH (NONE, NONE), NONE, NONE, "Negative", 0 },
  { N_("Ketones"), "", BOTH (NONE, NONE), NONE, NONE, "Negative", 0 },
  { N_("Blood (urine)"), "", BOTH (NONE, NONE), NONE, NONE, "Negative", 0 },
  { N_("Leukocytes"), "", BOTH (NONE, NONE), NONE, NONE, "Negative", 0 },
  { N_("Nitrite"), "", BOTH (NONE, NONE), NONE, NONE, "Negative", 0 },
};

#define PANEL(code, name, loinc, specimen, method, a) \
  { code, name, loinc, specimen, method, a, G_N_ELEMENTS (a) }

static const CareLabPanel panels[] = {
  PANEL ("CBC", N_("Complete blood count"), "58410-2", N_("Venous blood (EDTA)"), "Automated haematology analyser", cbc),
  PANEL ("BMP", N_("Basic metabolic panel"), "51990-0", N_("Serum"), "Ion-selective electrode and photometry", bmp),
  PANEL ("LIPID", N_("Lipid panel"), "57698-3", N_("Serum"), "Enzymatic colorimetric", lipids),
  PANEL ("HBA1C", N_("HbA1c"), "4548-4", N_("Venous blood (EDTA)"), "HPLC", hba1c),
  PANEL ("TSH", N_("TSH"), "3016-3", N_("Serum"), "Chemiluminescent immunoassay", tsh),
  PANEL ("UA", N_("Urinalysis"), "24356-8", N_("Urine, midstream"), "Reagent strip", urine),
};

const CareLabPanel *
care_lab_catalogue_panels (guint *n_panels)
{
  *n_panels = G_N_ELEMENTS (panels);
  return panels;
}

const CareLabPanel *
care_lab_panels_find (const CareLabPanel *list,
                      guint               n_panels,
                      const char         *text)
{
  if (text == NULL)
    return NULL;
  if (g_str_has_prefix (text, "LOINC "))
    text += strlen ("LOINC ");
  for (guint i = 0; i < n_panels; i++)
    if (g_ascii_strcasecmp (text, list[i].code) == 0 || g_strcmp0 (text, list[i].loinc) == 0 ||
        g_ascii_strcasecmp (text, list[i].name) == 0 || g_strcmp0 (text, _(list[i].name)) == 0)
      return &list[i];
  return NULL;
}

const CareLabPanel *
care_lab_catalogue_find_panel (const char *text)
{
  return care_lab_panels_find (panels, G_N_ELEMENTS (panels), text);
}

const CareLabPanel *
care_lab_catalogue_panel_of (CareRecord *test)
{
  const CareLabPanel *panel = care_lab_catalogue_find_panel (care_record_get (test, "test_code"));

  return panel ? panel : care_lab_catalogue_find_panel (care_record_get (test, "test_name"));
}

const CareLabAnalyte *
care_lab_panel_find_analyte (const CareLabPanel *panel,
                             const char         *name)
{
  for (guint i = 0; panel && name && i < panel->n_analytes; i++)
    if (g_ascii_strcasecmp (name, panel->analytes[i].name) == 0)
      return &panel->analytes[i];
  return NULL;
}

static void
set_number (CareRecord *record,
            const char *field,
            double      value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  care_record_set (record, field, isnan (value) ? NULL : g_ascii_formatd (text, sizeof text, "%g", value));
}

void
care_lab_analyte_fill_result (const CareLabAnalyte *analyte,
                              const char           *sex,
                              CareRecord           *result)
{
  care_lab_analyte_fill_result_at (analyte, sex, -1, result);
}

void
care_lab_analyte_fill_result_at (const CareLabAnalyte *analyte,
                                 const char           *sex,
                                 int                   age_days,
                                 CareRecord           *result)
{
  double low, high;

  g_return_if_fail (analyte != NULL);

  care_lab_analyte_range (analyte, sex, age_days, &low, &high);
  care_record_set (result, "analyte", analyte->name);
  care_record_set (result, "unit", *analyte->unit ? analyte->unit : NULL);
  set_number (result, "reference_low", low);
  set_number (result, "reference_high", high);
  set_number (result, "critical_low", analyte->critical_low);
  set_number (result, "critical_high", analyte->critical_high);
  care_record_set (result, "reference_text", analyte->reference_text);
}

char *
care_lab_analyte_format_range (const CareLabAnalyte *analyte,
                               const char           *sex)
{
  return care_lab_analyte_format_range_at (analyte, sex, -1);
}

char *
care_lab_analyte_format_range_at (const CareLabAnalyte *analyte,
                                  const char           *sex,
                                  int                   age_days)
{
  double low, high;

  care_lab_analyte_range (analyte, sex, age_days, &low, &high);
  if (!isnan (low) && !isnan (high))
    return g_strdup_printf ("%g – %g", low, high);
  if (!isnan (high))
    return g_strdup_printf ("≤ %g", high);
  if (!isnan (low))
    return g_strdup_printf ("≥ %g", low);
  return g_strdup (analyte->reference_text ? _(analyte->reference_text) : "");
}
