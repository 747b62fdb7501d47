/* test-lab-catalogue-editor.c: the lab edits its catalogue from the Laboratory page; a wrong range is refused under its field
 *
 * Runs under Xvfb against a real store and a real window, signed in as a
 * lab technician.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-lab-catalogue-editor"

#include "config.h"

#include "care-test-utils.h"
#include "care-lab-bands.h"
#include "care-record-form.h"
#include "lab/care-lab-catalogue-editor.h"

/* The Save button, last of the actions under the form. */
static void
save (GtkWidget *form)
{
  care_test_click (gtk_widget_get_last_child (gtk_widget_get_next_sibling (form)));
}

static CareWindow *
open_editor (CareStore  *store,
             GtkWidget **editor)
{
  CareWindow *window = care_test_window_new (store);
  GtkWidget *page;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  g_assert_true (care_test_sign_in (window, "lena", CARE_TEST_PASSWORD));
  g_assert_true (care_window_show_page (window, "lab"));
  page = care_test_must_find (GTK_WIDGET (window), "page-lab");
  care_test_click (care_test_must_find (page, "lab-catalogue-button"));
  *editor = care_test_wait_window ("lab-catalogue-editor");
  g_assert_true (care_lab_catalogue_editor_select_panel (CARE_LAB_CATALOGUE_EDITOR (*editor), "CBC"));
  care_test_wait (100);
  return window;
}

/* Haemoglobin's range for a woman age_days old, as results get it. */
static void
haemoglobin_range (CareStore *store,
                   int        age_days,
                   double    *low,
                   double    *high)
{
  g_autoptr(CareLabCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  catalogue = care_lab_catalogue_load (store, &error);
  g_assert_no_error (error);
  care_lab_analyte_range (care_lab_panel_find_analyte (care_lab_catalogue_lookup (catalogue, "CBC"), "Haemoglobin"),
                          "female", age_days, low, high);
}

static guint
count_bands (CareStore  *store,
             CareRecord *analyte)
{
  g_autoptr(GPtrArray) bands = care_store_list (store, care_schema_lookup ("lab_band"), "analyte_id",
                                                care_record_get_id (analyte), NULL, 0, NULL);

  g_assert_nonnull (bands);
  return bands->len;
}

/* How many of analyte's bands start before age days: the position of a
 * band starting at days in the editor's list, which is by age. */
static guint
bands_before (CareStore  *store,
              CareRecord *analyte,
              int         days)
{
  g_autoptr(GPtrArray) bands = care_store_list (store, care_schema_lookup ("lab_band"), "analyte_id",
                                                care_record_get_id (analyte), NULL, 0, NULL);
  guint n = 0;

  for (guint i = 0; i < bands->len; i++)
    n += atoi (care_record_get (g_ptr_array_index (bands, i), "min_days")) < days;
  return n;
}

/* The first analyte of CBC named name, from the store. */
static CareRecord *
stored_analyte (CareStore  *store,
                const char *name)
{
  g_autoptr(GPtrArray) analytes = care_store_list (store, care_schema_lookup ("lab_analyte"), "name", name, NULL, 0, NULL);

  g_assert_nonnull (analytes);
  return analytes->len ? care_record_ref (g_ptr_array_index (analytes, 0)) : NULL;
}

static void
fill_band (GtkWidget  *bands,
           const char *min,
           const char *max,
           const char *low,
           const char *high)
{
  care_test_type (care_test_must_find (bands, "band-min"), min);
  care_test_type (care_test_must_find (bands, "band-max"), max);
  care_test_type (care_test_must_find (bands, "band-low"), low);
  care_test_type (care_test_must_find (bands, "band-high"), high);
}

static gboolean
error_shown (GtkWidget  *bands,
             const char *name)
{
  GtkWidget *label = care_test_must_find (bands, name);

  return gtk_widget_get_visible (label) && *gtk_label_get_label (GTK_LABEL (label));
}

/* The Haemoglobin bands of the editor as it draws them now. */
static GtkWidget *
haemoglobin_bands (GtkWidget *editor)
{
  return care_test_must_find (editor, "catalogue-analyte-0-bands");
}

/* Adds, refuses, changes and removes an age band, and removes an analyte. */
static void
test_bands (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(CareRecord) tech = care_test_add_staff (store, "lena", "Lena Lindqvist", CARE_ROLE_LAB);
  g_autoptr(CareRecord) hb = NULL;
  g_autoptr(CareRecord) removed = NULL;
  CareWindow *window;
  GtkWidget *editor, *bands, *dialog;
  double low, high, adult_low, adult_high;
  guint before, teen;

  window = open_editor (store, &editor);
  hb = stored_analyte (store, "Haemoglobin");
  g_assert_nonnull (hb);
  before = count_bands (store, hb);
  g_assert_cmpuint (before, >, 0);
  haemoglobin_range (store, CARE_LAB_YEARS (15), &adult_low, &adult_high);

  /* A band that ends before it starts is refused under "Up to age". */
  bands = haemoglobin_bands (editor);
  care_test_click (care_test_must_find (bands, "band-add"));
  fill_band (bands, "80 years", "70 years", "11", "15");
  care_test_click (care_test_must_find (bands, "band-save"));
  g_assert_true (error_shown (bands, "band-max-error"));
  g_assert_cmpuint (count_bands (store, hb), ==, before);

  /* Something that is not an age, under "From age". */
  fill_band (bands, "old", "", "11", "15");
  care_test_click (care_test_must_find (bands, "band-save"));
  g_assert_true (error_shown (bands, "band-min-error"));
  g_assert_cmpuint (count_bands (store, hb), ==, before);

  /* Overlapping a band the catalogue has (newborns) is refused. */
  fill_band (bands, "3 days", "10 days", "11", "15");
  care_test_click (care_test_must_find (bands, "band-save"));
  g_assert_true (error_shown (bands, "band-min-error"));
  g_assert_cmpuint (count_bands (store, hb), ==, before);
  gtk_widget_grab_focus (care_test_must_find (bands, "band-min"));
  care_test_wait (100);
  care_test_keep_screenshot (editor, "lab-catalogue-band-refused.png");

  /* A teenagers' band for both sexes, after the children's: saved, and a
   * 15-year-old girl's results use it; a 40-year-old's still the adult
   * range. */
  fill_band (bands, "13 years", "18", "11.5", "15.0");
  care_test_click (care_test_must_find (bands, "band-save"));
  g_assert_cmpuint (count_bands (store, hb), ==, before + 1);
  teen = bands_before (store, hb, CARE_LAB_YEARS (13));
  haemoglobin_range (store, CARE_LAB_YEARS (15), &low, &high);
  g_assert_cmpfloat_with_epsilon (low, 11.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (high, 15.0, 1e-9);
  haemoglobin_range (store, CARE_LAB_YEARS (40), &low, &high);
  g_assert_cmpfloat_with_epsilon (low, adult_low, 1e-9);
  g_assert_cmpfloat_with_epsilon (high, adult_high, 1e-9);

  /* Changed: the form opens on the band (listed by age, after the
   * children's), and the new high limit is kept. */
  care_test_wait (50);
  bands = haemoglobin_bands (editor);
  {
    g_autofree char *last = g_strdup_printf ("band-%u", teen);
    GtkWidget *row = care_test_must_find (bands, last);

    g_autofree char *thirteen = care_lab_format_age (CARE_LAB_YEARS (13));

    care_test_click (care_test_must_find (row, "band-edit"));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (care_test_must_find (bands, "band-min"))), ==, thirteen);
    care_test_type (care_test_must_find (bands, "band-high"), "14.5");
    care_test_click (care_test_must_find (bands, "band-save"));
  }
  g_assert_cmpuint (count_bands (store, hb), ==, before + 1);
  haemoglobin_range (store, CARE_LAB_YEARS (15), &low, &high);
  g_assert_cmpfloat_with_epsilon (high, 14.5, 1e-9);
  /* The list in view for the screenshot, as a keyboard user reaches it. */
  gtk_widget_grab_focus (care_test_must_find (haemoglobin_bands (editor), "band-add"));
  care_test_wait (100);
  care_test_keep_screenshot (editor, "lab-catalogue-bands.png");

  /* Removed, after asking. */
  bands = haemoglobin_bands (editor);
  {
    g_autofree char *last = g_strdup_printf ("band-%u", teen);

    care_test_click (care_test_must_find (care_test_must_find (bands, last), "band-remove"));
  }
  dialog = care_test_wait_alert ("band-remove-dialog");
  care_test_alert_respond (dialog, "remove");
  g_assert_cmpuint (count_bands (store, hb), ==, before);
  haemoglobin_range (store, CARE_LAB_YEARS (15), &low, &high);
  g_assert_cmpfloat_with_epsilon (low, adult_low, 1e-9);

  /* An analyte removed with its bands: the catalogue no longer has it. */
  care_test_wait (50);
  removed = stored_analyte (store, "Haemoglobin");
  care_test_click (care_test_must_find (care_test_must_find (editor, "catalogue-analyte-0-actions"), "analyte-remove"));
  dialog = care_test_wait_alert ("analyte-remove-dialog");
  care_test_alert_respond (dialog, "remove");
  g_assert_null (care_store_get (store, care_schema_lookup ("lab_analyte"), care_record_get_id (removed), NULL));
  g_assert_cmpuint (count_bands (store, removed), ==, 0);
  {
    g_autoptr(CareLabCatalogue) catalogue = care_lab_catalogue_load (store, NULL);

    g_assert_null (care_lab_panel_find_analyte (care_lab_catalogue_lookup (catalogue, "CBC"), "Haemoglobin"));
  }

  gtk_window_destroy (GTK_WINDOW (editor));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_edit_range (void)
{
  g_autoptr(CareStore) store = care_test_store_new_with_clinic ();
  g_autoptr(CareRecord) tech = care_test_add_staff (store, "lena", "Lena Lindqvist", CARE_ROLE_LAB);
  g_autoptr(CareLabCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  CareWindow *window;
  GtkWidget *page, *editor, *form;
  const CareLabAnalyte *hb;

  window = care_test_window_new (store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  g_assert_true (care_test_sign_in (window, "lena", CARE_TEST_PASSWORD));
  g_assert_true (care_window_show_page (window, "lab"));
  page = care_test_must_find (GTK_WIDGET (window), "page-lab");
  care_test_click (care_test_must_find (page, "lab-catalogue-button"));
  editor = care_test_wait_window ("lab-catalogue-editor");
  g_assert_true (care_lab_catalogue_editor_select_panel (CARE_LAB_CATALOGUE_EDITOR (editor), "CBC"));
  care_test_wait (100);

  /* Haemoglobin, the first analyte: a high limit below the low one is
   * refused under the field, and nothing is saved. */
  form = care_test_must_find (editor, "catalogue-analyte-0");
  care_test_type (care_test_must_find (form, "field-female_high"), "11");
  save (form);
  g_assert_nonnull (care_record_form_get_error (CARE_RECORD_FORM (form), "female_high"));
  care_test_keep_screenshot (editor, "lab-catalogue-refused.png");
  catalogue = care_lab_catalogue_load (store, &error);
  g_assert_no_error (error);
  hb = care_lab_panel_find_analyte (care_lab_catalogue_lookup (catalogue, "CBC"), "Haemoglobin");
  g_assert_cmpfloat_with_epsilon (hb->female_high, 16.0, 1e-9);
  g_clear_pointer (&catalogue, care_lab_catalogue_unref);

  /* Corrected: saved, and new results use it. */
  form = care_test_must_find (editor, "catalogue-analyte-0");
  care_test_type (care_test_must_find (form, "field-female_high"), "15.5");
  save (form);
  /* The editor shows the saved catalogue again. */
  form = care_test_must_find (editor, "catalogue-analyte-0");
  g_assert_null (care_record_form_get_error (CARE_RECORD_FORM (form), "female_high"));
  catalogue = care_lab_catalogue_load (store, &error);
  hb = care_lab_panel_find_analyte (care_lab_catalogue_lookup (catalogue, "CBC"), "Haemoglobin");
  g_assert_cmpfloat_with_epsilon (hb->female_high, 15.5, 1e-9);
  care_test_wait (100);
  care_test_keep_screenshot (editor, "lab-catalogue.png");

  gtk_window_destroy (GTK_WINDOW (editor));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  care_test_init (&argc, &argv);
  g_test_add_func ("/lab-catalogue-editor/edit-range", test_edit_range);
  g_test_add_func ("/lab-catalogue-editor/bands", test_bands);
  return g_test_run ();
}
