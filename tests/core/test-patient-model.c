/* test-patient-model.c: the lazy list of patients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "care-test-core.h"

static const char *
family_at (GListModel *model,
           guint       i)
{
  g_autoptr(CareRecordObject) item = g_list_model_get_item (model, i);
  static char buf[256];

  g_assert_nonnull (item);
  g_strlcpy (buf, care_record_get (care_record_object_get_record (item), "family_name"), sizeof buf);
  return buf;
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *count)
{
  (*count)++;
}

static void
test_sorted_pages (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePatientModel) model = NULL;
  guint n, changes = 0;
  g_autofree char *prev = NULL;

  g_assert_true (care_demo_add_patients (store, 1000, 7, &error));
  g_assert_no_error (error);
  model = care_patient_model_new (store);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 1000);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == CARE_TYPE_RECORD_OBJECT);

  /* Across page boundaries the order is the SQL order, case-insensitive. */
  prev = g_strdup (family_at (G_LIST_MODEL (model), 0));
  for (guint i = 1; i < n; i += 7)
    {
      g_autofree char *cur = g_strdup (family_at (G_LIST_MODEL (model), i));

      /* SQLite's NOCASE folds ASCII only, like g_ascii_strcasecmp. */
      g_assert_cmpint (g_ascii_strcasecmp (prev, cur), <=, 0);
      g_free (prev);
      prev = g_steal_pointer (&cur);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));

  /* A new registration reloads the list and can be found in it. */
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &changes);
  {
    g_autoptr(CareRecord) p = care_test_patient ("Aaron", "Aardvark");
    int pos;

    g_assert_true (care_store_insert (store, p, &error));
    g_assert_cmpuint (changes, ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1001);
    g_assert_cmpstr (family_at (G_LIST_MODEL (model), 0), ==, "Aardvark");
    pos = care_patient_model_find (model, care_record_get_id (p));
    g_assert_cmpint (pos, ==, 0);

    care_patient_model_set_sort (model, CARE_PATIENT_SORT_RECENT);
    g_assert_cmpstr (family_at (G_LIST_MODEL (model), 0), ==, "Aardvark");
    /* Found by SQL even when its page is not loaded. */
    care_patient_model_set_sort (model, CARE_PATIENT_SORT_NAME);
    g_assert_cmpint (care_patient_model_find (model, care_record_get_id (p)), ==, 0);
  }
  g_clear_object (&model);
  g_clear_object (&store);
  care_test_rmdir (dir);
}

static void
test_search_mode (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePatientModel) model = NULL;
  g_autoptr(CareRecord) p = care_test_patient ("Ingrid", "Quillfeather");

  g_assert_true (care_demo_add_patients (store, 500, 3, &error));
  g_assert_true (care_store_insert (store, p, &error));
  model = care_patient_model_new (store);
  care_patient_model_set_search (model, "quillf");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpstr (family_at (G_LIST_MODEL (model), 0), ==, "Quillfeather");
  g_assert_cmpint (care_patient_model_find (model, care_record_get_id (p)), ==, 0);

  care_patient_model_set_search (model, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 501);
  g_assert_null (care_patient_model_get_search (model));
  g_clear_object (&model);
  g_clear_object (&store);
  care_test_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/patient-model/sorted-pages", test_sorted_pages);
  g_test_add_func ("/patient-model/search", test_search_mode);

  return g_test_run ();
}
