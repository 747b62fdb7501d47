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
#include "care-record-form.h"
#include "lab/care-lab-catalogue-editor.h"

static void
save (GtkWidget *form)
{
  care_test_click (gtk_widget_get_next_sibling (form));
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
  return g_test_run ();
}
