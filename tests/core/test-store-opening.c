/* test-store-opening.c: the long work an opening does first, told before and while it runs
 *
 * A store whose sort keys were made in C, opened in Spanish; a store of an
 * older schema version; a new, a current and a newer one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "care-test-core.h"

#define SPANISH "es_ES.UTF-8"

/* The file's bytes: a probe must leave them as they were. */
static GBytes *
file_bytes (const char *path)
{
  char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_bytes_new_take (contents, len);
}

static void
assert_probe_leaves_file (const char    *path,
                          CareStoreWork *what)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GBytes) before = file_bytes (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (care_store_open_pending_work (path, what, &error));
  g_assert_no_error (error);
  after = file_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  /* A read-only connection to a WAL store leaves the log there, empty. */
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GBytes) log = file_bytes (wal);

      g_assert_cmpuint (g_bytes_get_size (log), ==, 0);
    }
}

/* Every patient's key is care_sort_key() of the names in this locale. */
static void
assert_keys_of_this_locale (CareStore *store)
{
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (care_store_get_db (store),
                                       "SELECT family_name, given_name, sort_key FROM patients",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GBytes) want = care_collation_key ((const char *) sqlite3_column_text (stmt, 0),
                                                   (const char *) sqlite3_column_text (stmt, 1));
      gsize size;
      gconstpointer data = g_bytes_get_data (want, &size);

      g_assert_cmpmem (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2), data, size);
      n++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n, >, 0);
}

typedef struct {
  GArray   *steps;      /* CareStoreWorkFlags */
  GArray   *fractions;  /* double */
  gboolean  done;
  CareStore *store;
  GError   *error;
} Progress;

static void
on_progress_cb (CareStoreWorkFlags step,
                double             fraction,
                gpointer           user_data)
{
  Progress *p = user_data;

  g_assert_false (p->done);
  g_array_append_val (p->steps, step);
  g_array_append_val (p->fractions, fraction);
}

static void
progress_init (Progress *p)
{
  *p = (Progress) { g_array_new (FALSE, FALSE, sizeof (CareStoreWorkFlags)),
                    g_array_new (FALSE, FALSE, sizeof (double)), FALSE, NULL, NULL };
}

static void
progress_clear (Progress *p)
{
  g_array_unref (p->steps);
  g_array_unref (p->fractions);
  g_clear_object (&p->store);
  g_clear_error (&p->error);
}

/* The sort step's fractions, from first: 0, rising, 1 at the end. */
static void
assert_sort_progress (Progress *p,
                      guint     first,
                      guint     at_least)
{
  g_assert_cmpuint (p->fractions->len, >=, first + at_least);
  g_assert_cmpfloat (g_array_index (p->fractions, double, first), ==, 0.0);
  for (guint i = first; i < p->fractions->len; i++)
    {
      g_assert_cmpint (g_array_index (p->steps, CareStoreWorkFlags, i), ==, CARE_STORE_WORK_SORT);
      if (i > first)
        g_assert_cmpfloat (g_array_index (p->fractions, double, i), >=,
                           g_array_index (p->fractions, double, i - 1));
    }
  g_assert_cmpfloat (g_array_index (p->fractions, double, p->fractions->len - 1), ==, 1.0);
}

static void
on_opened_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Progress *p = user_data;

  p->store = care_store_open_finish (result, &p->error);
  p->done = TRUE;
}

/* Keys made in C, opened in Spanish: the probe tells it and the count
 * without writing; the open (in a worker) makes every key again, telling
 * its progress on this thread, and nothing goes to the outbox. */
static void
test_sort_again (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "clinic.sqlite", NULL);
  g_autofree char *stamps = NULL;
  g_autofree char *locale = NULL;
  gint64 n_patients, outbox;
  CareStoreWork what;
  Progress p;

  g_assert_nonnull (setlocale (LC_COLLATE, "C.UTF-8"));
  {
    g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
    g_autoptr(GError) error = NULL;
    const char *const names[] = { "Muñoz", "Munzo", "Lopez", "López" };

    g_assert_true (care_demo_add_patients (store, 3000, 5, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autoptr(CareRecord) patient = care_test_patient ("Ana", names[i]);

        g_assert_true (care_store_insert (store, patient, &error));
        g_assert_no_error (error);
      }
    n_patients = care_test_scalar (store, "SELECT count(*) FROM patients");
    outbox = care_store_outbox_count (store);
    stamps = care_store_query_text (store, "SELECT group_concat (id || updated_at) FROM patients", NULL, &error);
    g_assert_no_error (error);
  }

  /* In the locale the keys were made in, there is nothing to do. */
  assert_probe_leaves_file (path, &what);
  g_assert_cmpint (what.flags, ==, CARE_STORE_WORK_NONE);
  g_assert_cmpuint (what.schema_version, ==, care_schema_version ());
  /* Nor in another name for the same order: C compares bytes as C.UTF-8. */
  g_assert_nonnull (setlocale (LC_COLLATE, "C"));
  assert_probe_leaves_file (path, &what);
  g_assert_cmpint (what.flags, ==, CARE_STORE_WORK_NONE);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CareStore) quick = care_store_open_if_quick (path, &what, &error);
    g_autofree char *made_for = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (quick);
    made_for = care_store_get_meta (quick, "collation_locale");
    g_assert_cmpstr (made_for, ==, "C.UTF-8");
  }

  g_assert_nonnull (setlocale (LC_COLLATE, SPANISH));
  assert_probe_leaves_file (path, &what);
  g_assert_cmpint (what.flags, ==, CARE_STORE_WORK_SORT);
  g_assert_cmpint (what.n_patients, ==, n_patients);

  {
    g_autoptr(CareStore) quick = NULL;
    g_autoptr(GError) error = NULL;

    /* The quick open leaves it as it is. */
    quick = care_store_open_if_quick (path, &what, &error);
    g_assert_no_error (error);
    g_assert_null (quick);
    g_assert_cmpint (what.flags, ==, CARE_STORE_WORK_SORT);
    assert_probe_leaves_file (path, &what);
    g_assert_cmpint (what.flags, ==, CARE_STORE_WORK_SORT);
  }

  progress_init (&p);
  care_store_open_async (path, on_progress_cb, &p, NULL, on_opened_cb, &p);
  while (!p.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (p.error);
  g_assert_nonnull (p.store);
  /* 3,004 patients: batches of 256, a step each, then the commit's 1. */
  assert_sort_progress (&p, 0, 12);

  assert_keys_of_this_locale (p.store);
  locale = care_store_get_meta (p.store, "collation_locale");
  g_assert_cmpstr (locale, ==, SPANISH);
  g_assert_cmpint (care_store_outbox_count (p.store), ==, outbox);
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *after = care_store_query_text (p.store, "SELECT group_concat (id || updated_at) FROM patients", NULL, &error);

    g_assert_cmpstr (after, ==, stamps);
  }
  g_assert_cmpint (care_test_scalar (p.store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), ==, 1);
  progress_clear (&p);

  /* Done once: the next opening has nothing to do. */
  assert_probe_leaves_file (path, &what);
  g_assert_cmpint (what.flags, ==, CARE_STORE_WORK_NONE);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CareStore) quick = care_store_open_if_quick (path, &what, &error);

    g_assert_no_error (error);
    g_assert_nonnull (quick);
    g_assert_cmpint (what.flags, ==, CARE_STORE_WORK_NONE);
  }

  g_assert_nonnull (setlocale (LC_COLLATE, ""));
  care_test_rmdir (dir);
}

/* A store of version 5, its keys made in C: an upgrade and the keys are
 * pending (no kept count before version 6), the upgrade told first, as
 * a step whose fraction is not known. */
static void
test_upgrade_pending (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  CareStoreWork what;
  Progress p;

  {
    g_autoptr(CareStore) old = care_store_open_at_version (path, 5, &error);

    g_assert_no_error (error);
    g_assert_true (care_store_exec (old,
                                    "INSERT INTO patients (id, tenant_id, mrn, given_name, family_name, date_of_birth, sex, status, created_at, updated_at) "
                                    "VALUES ('0192f5e4-1c2a-7b3d-9e4f-0123456789ac', '0192f5e4-1c2a-7b3d-9e4f-0123456789ab', 'AB12-000001', "
                                    "'Ana', 'Muñoz', '1990-01-02', 'female', 'new', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
                                    &error));
    g_assert_no_error (error);
  }

  assert_probe_leaves_file (path, &what);
  g_assert_cmpint (what.flags, ==, CARE_STORE_WORK_UPGRADE);
  g_assert_cmpuint (what.schema_version, ==, 5);

  g_assert_nonnull (setlocale (LC_COLLATE, SPANISH));
  assert_probe_leaves_file (path, &what);
  g_assert_cmpint (what.flags, ==, CARE_STORE_WORK_UPGRADE | CARE_STORE_WORK_SORT);
  g_assert_cmpint (what.n_patients, ==, -1);

  progress_init (&p);
  store = care_store_open_with_progress (path, on_progress_cb, &p, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (care_store_get_schema_version (store), ==, care_schema_version ());
  g_assert_cmpint (g_array_index (p.steps, CareStoreWorkFlags, 0), ==, CARE_STORE_WORK_UPGRADE);
  g_assert_cmpfloat (g_array_index (p.fractions, double, 0), ==, -1.0);
  assert_sort_progress (&p, 1, 2);
  assert_keys_of_this_locale (store);
  progress_clear (&p);
  g_clear_object (&store);

  assert_probe_leaves_file (path, &what);
  g_assert_cmpint (what.flags, ==, CARE_STORE_WORK_NONE);

  g_assert_nonnull (setlocale (LC_COLLATE, ""));
  care_test_rmdir (dir);
}

/* Nothing to do for a file not there (which the probe does not make), a
 * current store, or a newer one (refused at once, as before). */
static void
test_nothing_pending (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "s.sqlite", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  CareStoreWork what;
  sqlite3 *db;

  g_assert_true (care_store_open_pending_work (path, &what, &error));
  g_assert_no_error (error);
  g_assert_cmpint (what.flags, ==, CARE_STORE_WORK_NONE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* A new store opens at once. */
  store = care_store_open_if_quick (path, &what, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (what.flags, ==, CARE_STORE_WORK_NONE);
  g_assert_cmpuint (what.schema_version, ==, 0);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 999;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_probe_leaves_file (newer, &what);
  g_assert_cmpint (what.flags, ==, CARE_STORE_WORK_NONE);
  g_assert_cmpuint (what.schema_version, ==, 999);
  store = care_store_open_if_quick (newer, &what, &error);
  g_assert_null (store);
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NEWER_SCHEMA);

  care_test_rmdir (dir);
}

static void
test_same_collation (void)
{
  g_assert_true (care_collation_same ("C", "C.UTF-8"));
  g_assert_true (care_collation_same ("POSIX", "C.utf8"));
  g_assert_true (care_collation_same ("es_ES.UTF-8", "es_ES.utf8"));
  g_assert_true (care_collation_same ("sr_RS.UTF-8@latin", "sr_RS.utf8@latin"));
  g_assert_false (care_collation_same ("sr_RS.UTF-8@latin", "sr_RS.UTF-8"));
  g_assert_false (care_collation_same ("es_ES.UTF-8", "en_US.UTF-8"));
  g_assert_false (care_collation_same ("C.UTF-8", "es_ES.UTF-8"));
  g_assert_false (care_collation_same (NULL, "C"));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store-opening/sort-again", test_sort_again);
  g_test_add_func ("/store-opening/same-collation", test_same_collation);
  g_test_add_func ("/store-opening/upgrade-pending", test_upgrade_pending);
  g_test_add_func ("/store-opening/nothing-pending", test_nothing_pending);
  return g_test_run ();
}
