/* test-patient-model.c: the lazy list of patients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

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

      g_autoptr(GBytes) a = care_collation_key (prev, NULL);
      g_autoptr(GBytes) b = care_collation_key (cur, NULL);

      /* By the family name's sort key (the given names break ties). */
      g_assert_cmpint (g_bytes_compare (a, b), <=, 0);
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

static char *
families (GListModel *model)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_string_append_printf (s, "%s%s", i ? "," : "", family_at (model, i));
  return g_string_free (s, FALSE);
}

static char *
order_in_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = care_store_open (path, &error);
  g_autoptr(CarePatientModel) model = NULL;
  g_autofree char *check = NULL;
  g_autofree char *built_for = NULL;

  g_assert_no_error (error);
  /* The index agrees with the keys of this locale. */
  check = care_store_query_text (store, "PRAGMA integrity_check", NULL, &error);
  g_assert_cmpstr (check, ==, "ok");
  built_for = care_store_get_meta (store, "collation_locale");
  g_assert_cmpstr (built_for, ==, care_collation_locale ());
  model = care_patient_model_new (store);
  care_patient_model_set_search (model, "zz");
  care_patient_model_set_search (model, NULL);
  return families (G_LIST_MODEL (model));
}

/* Names sort as the user's language sorts them, and a store opened in
 * another language rebuilds its order. */
static void
test_locale_order (void)
{
  static const char *const names[] = { "Lute", "Zimmer", "López", "Obama", "O'Brien", "Åberg",
                                       "Lopez", "abbott", "Munzo", "Muñoz" };
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "clinic.sqlite", NULL);
  g_autofree char *in_c = NULL, *in_spanish = NULL, *back_in_c = NULL;

  {
    g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autoptr(CareRecord) p = care_test_patient ("Ana", names[i]);
        g_autoptr(GError) error = NULL;

        g_assert_true (care_store_insert (store, p, &error));
      }
  }

  /* C: letters without accents or punctuation, then the bytes. */
  in_c = order_in_store (path);
  g_assert_cmpstr (in_c, ==, "abbott,Åberg,Lopez,López,Lute,Muñoz,Munzo,Obama,O'Brien,Zimmer");

  /* Spanish: "ñ" is a letter of its own, after "n". */
  g_assert_nonnull (setlocale (LC_COLLATE, "es_ES.UTF-8"));
  in_spanish = order_in_store (path);
  g_assert_cmpstr (in_spanish, ==, "abbott,Åberg,Lopez,López,Lute,Munzo,Muñoz,Obama,O'Brien,Zimmer");

  g_assert_nonnull (setlocale (LC_COLLATE, "C.UTF-8"));
  back_in_c = order_in_store (path);
  g_assert_cmpstr (back_in_c, ==, in_c);
  care_test_rmdir (dir);
}

/* In a C locale a key is the name's letters and digits in lower case,
 * then the name: ASCII names take a shorter path to it (care-collation.c)
 * that must give the same key as the folding does. */
static void
test_c_keys (void)
{
  static const struct { const char *name, *plain; } names[] = {
    { "O'Brien", "obrien" }, { "Smith-Jones", "smithjones" }, { "  van der Berg ", "vanderberg" },
    { "MCDONALD 3rd", "mcdonald3rd" }, { "", "" }, { "López", "lopez" }, { "ÅBERG-Ö", "abergo" },
  };

  g_assert_nonnull (setlocale (LC_COLLATE, "C.UTF-8"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GBytes) key = care_collation_key (names[i].name, "Ann");
      g_autofree char *expected = g_strdup_printf ("%s\001%s%c%s\001%s", names[i].plain, names[i].name, 0, "ann", "Ann");
      gsize size;
      const char *data = g_bytes_get_data (key, &size);

      g_assert_cmpmem (data, size, expected, strlen (names[i].plain) + 1 + strlen (names[i].name) + 1 + 3 + 1 + 3);
    }
}

static GPtrArray *
ids_in_order (GListModel *model)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CareRecordObject) item = g_list_model_get_item (model, i);

      g_ptr_array_add (ids, g_strdup (care_record_get_id (care_record_object_get_record (item))));
    }
  return ids;
}

static void
assert_same_ids (GPtrArray *a,
                 GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
}

/* A page read from the nearest anchor is the page OFFSET reads, in both
 * orders that have anchors, and a change drops the anchors. */
static void
test_jump_anchors (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePatientModel) model = NULL;
  const CarePatientSort sorts[] = { CARE_PATIENT_SORT_NAME, CARE_PATIENT_SORT_RECENT };

  g_assert_true (care_demo_add_patients (store, 3000, 11, &error));
  model = care_patient_model_new (store);
  for (guint k = 0; k < G_N_ELEMENTS (sorts); k++)
    {
      g_autoptr(GPtrArray) walked = NULL, jumped = NULL, after = NULL;
      g_autoptr(CareRecord) p = care_test_patient ("Zeno", k ? "Aaronson" : "Zzyzx");

      care_patient_model_set_sort (model, sorts[k]);
      walked = ids_in_order (G_LIST_MODEL (model));
      g_assert_true (care_patient_model_wait_for_anchors (model));
      care_patient_model_reload (model);   /* read every page again */
      jumped = ids_in_order (G_LIST_MODEL (model));
      assert_same_ids (walked, jumped);

      /* A registration moves every later row; the anchors go with it. */
      g_assert_true (care_store_insert (store, p, &error));
      after = ids_in_order (G_LIST_MODEL (model));
      g_assert_cmpuint (after->len, ==, walked->len + 1);
      g_assert_cmpstr (g_ptr_array_index (after, k ? 0 : after->len - 1), ==, care_record_get_id (p));
      g_assert_true (care_patient_model_wait_for_anchors (model));
      care_patient_model_reload (model);
      g_clear_pointer (&jumped, g_ptr_array_unref);
      jumped = ids_in_order (G_LIST_MODEL (model));
      assert_same_ids (after, jumped);
    }
  g_assert_false ((care_patient_model_set_sort (model, CARE_PATIENT_SORT_MRN),
                   care_patient_model_wait_for_anchors (model)));
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

/* The list's length is the count the store's triggers keep (not a
 * count(*) of a million rows): right after inserts, deletions, a bulk
 * import rolled back and one committed. */
static void
assert_kept_count (CareStore *store,
                   guint      expected)
{
  g_autoptr(CarePatientModel) model = care_patient_model_new (store);
  g_autofree char *kept = care_store_query_text (store, "SELECT n FROM patient_count", NULL, NULL);
  g_autofree char *counted = care_store_query_text (store, "SELECT count(*) FROM patients", NULL, NULL);

  g_assert_cmpstr (counted, ==, kept);
  g_assert_cmpuint (g_ascii_strtoull (kept, NULL, 10), ==, expected);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected);
}

static void
bulk_add (CareStore *store,
          guint      n,
          gboolean   commit)
{
  g_autoptr(GError) error = NULL;
  CareStoreBulk *bulk = care_store_bulk_begin (store, care_schema_lookup ("patient"), n, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *family = g_strdup_printf ("Bulk%u", i);
      g_autoptr(CareRecord) p = care_test_patient ("Ana", family);

      g_assert_true (care_store_insert (store, p, &error));
      g_assert_no_error (error);
    }
  if (commit)
    g_assert_true (care_store_bulk_finish (bulk, &error));
  else
    care_store_bulk_abort (bulk);
  g_assert_no_error (error);
}

static void
test_kept_count (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) doomed = care_test_patient ("Doomed", "Patient");
  guint n0;

  g_assert_true (care_demo_add_patients (store, 50, 3, &error));
  g_assert_no_error (error);
  n0 = care_store_count (store, care_schema_lookup ("patient"));
  g_assert_cmpuint (n0, >=, 50);
  assert_kept_count (store, n0);

  g_assert_true (care_store_insert (store, doomed, &error));
  assert_kept_count (store, n0 + 1);
  g_assert_true (care_store_delete (store, care_schema_lookup ("patient"), care_record_get_id (doomed), &error));
  g_assert_no_error (error);
  assert_kept_count (store, n0);

  /* An import cancelled or failed: all or nothing, the count too. */
  bulk_add (store, 2 * n0, FALSE);
  assert_kept_count (store, n0);
  /* A bulk import drops the insert triggers and catches up at the end. */
  bulk_add (store, 2 * n0, TRUE);
  assert_kept_count (store, 3 * n0);
}

static int
cache_used (sqlite3 *db)
{
  int used = 0, highest = 0;

  g_assert_cmpint (sqlite3_db_status (db, SQLITE_DBSTATUS_CACHE_USED, &used, &highest, FALSE), ==, SQLITE_OK);
  return used;
}

/* The model keeps the rows of a page; SQLite does not keep the table
 * pages it read for them as well (1.7 MiB on the app's first screen at a
 * million patients). */
static void
test_page_cache_released (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CarePatientModel) model = NULL;
  g_autoptr(CareRecordObject) item = NULL;
  sqlite3 *db = care_store_get_db (store);
  int kept;

  g_assert_true (care_demo_add_patients (store, 3000, 11, &error));
  g_assert_no_error (error);
  model = care_patient_model_new (store);

  /* The same rows read straight: what SQLite's cache would hold. */
  sqlite3_db_release_memory (db);
  g_assert_cmpint (sqlite3_exec (db, "SELECT * FROM patients ORDER BY sort_key, seq LIMIT 128",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  kept = cache_used (db);
  g_assert_cmpint (kept, >, 200 * 1024);

  sqlite3_db_release_memory (db);
  item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_nonnull (item);
  g_assert_cmpint (cache_used (db), <, kept / 4);

  /* The rows are the model's: reading them again reads no table page. */
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (model), 100);
  g_assert_nonnull (item);
  g_assert_cmpint (cache_used (db), <, kept / 4);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/patient-model/sorted-pages", test_sorted_pages);
  g_test_add_func ("/patient-model/search", test_search_mode);
  g_test_add_func ("/patient-model/locale-order", test_locale_order);
  g_test_add_func ("/patient-model/c-keys", test_c_keys);
  g_test_add_func ("/patient-model/jump-anchors", test_jump_anchors);
  g_test_add_func ("/patient-model/kept-count", test_kept_count);
  g_test_add_func ("/patient-model/page-cache-released", test_page_cache_released);

  return g_test_run ();
}
