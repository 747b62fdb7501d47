/* test-store-bulk-search.c: a bulk's search indexes, built beside it
 *
 * A bulk that doubles the patients has its two full-text indexes built by
 * a thread of their own and put in place at the end
 * (care-store-bulk-search.c). Each test compares the index the store ends
 * with, entry by entry (fts5vocab), with one made here from the rows as
 * they are, the way the migration makes it; and tells by the shadow
 * table's root page whether the index was put in place (a new table) or
 * caught up in the store (the same one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "care-store-private.h"
#include "care-test-core.h"

/* Names people write: accents, apostrophes, hyphens, preferred names,
 * phones as typed, emails, and some without. */
static const char *const names[][4] = {
  { "José", "López", NULL, "+34 600 123 456" },
  { "Siobhán", "O'Brien", "Shiv", "(01) 555-0199" },
  { "Anna-Lena", "Weiß", NULL, NULL },
  { "Åsa", "Åberg", NULL, "+46 8 123 45 67" },
  { "Thanh", "Nguyễn", "Tom", "090 123 4567" },
  { "Zoë", "Brontë-Smith", NULL, "+44 20 7946 0958" },
};

static void
add_patients (CareStore *store,
              guint      from,
              guint      n)
{
  g_autoptr(GError) error = NULL;

  for (guint i = from; i < from + n; i++)
    {
      const char *const *name = names[i % G_N_ELEMENTS (names)];
      g_autofree char *family = g_strdup_printf ("%s%04u", name[1], i);
      g_autofree char *mrn = g_strdup_printf ("TST-%06u", i);
      g_autofree char *email = g_strdup_printf ("p%u@example.org", i);
      g_autoptr(CareRecord) p = care_test_patient (name[0], family);

      care_record_set (p, "preferred_name", name[2]);
      care_record_set (p, "phone", name[3]);
      care_record_set (p, "mrn", mrn);
      care_record_set (p, "email", i % 3 ? email : NULL);
      g_assert_true (care_store_insert (store, p, &error));
      g_assert_no_error (error);
    }
}

/* Every entry of an FTS5 table (term, row, column, offset), in order. */
static char *
entries (CareStore  *store,
         const char *db,
         const char *fts)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vocab = g_strdup_printf ("DROP TABLE IF EXISTS temp.v; "
                                            "CREATE VIRTUAL TABLE temp.v USING fts5vocab(%s, %s, instance)",
                                            db, fts);
  char *all;

  g_assert_true (care_store_exec (store, vocab, &error));
  g_assert_no_error (error);
  all = care_store_query_text (store, "SELECT count(*) || char(10) || group_concat(e, char(10)) FROM "
                                      "(SELECT term || ' ' || doc || ' ' || coalesce(col, '-') || ' ' || "
                                      "coalesce(offset, '-') AS e FROM temp.v ORDER BY term, doc, col, offset)",
                               NULL, &error);
  g_assert_no_error (error);
  g_assert_true (care_store_exec (store, "DROP TABLE temp.v", &error));
  return all;
}

/* The first line where two dumps differ, rather than both whole. */
static void
assert_same_lines (const char *held,
                   const char *made)
{
  g_auto(GStrv) a = g_strsplit (held, "\n", -1);
  g_auto(GStrv) b = g_strsplit (made, "\n", -1);
  guint i;

  for (i = 0; a[i] && b[i]; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
  g_assert_cmpstr (a[i], ==, b[i]);
}

/* The index the store holds is the one its rows make, and FTS5 finds
 * nothing wrong with it. */
static void
assert_index_is_rows (CareStore  *store,
                      const char *fts,
                      const char *columns,
                      const char *values)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *create = care_store_query_text (store, "SELECT sql FROM sqlite_master WHERE name = ?1", fts, &error);
  g_autofree char *prefix = g_strdup_printf ("CREATE VIRTUAL TABLE %s ", fts);
  g_autofree char *reference = NULL;
  g_autofree char *fill = NULL;
  g_autofree char *check = g_strdup_printf ("INSERT INTO %s (%s, rank) VALUES ('integrity-check', 1)", fts, fts);
  g_autofree char *held = NULL;
  g_autofree char *made = NULL;

  g_assert_nonnull (create);
  g_assert_true (g_str_has_prefix (create, prefix));
  reference = g_strconcat ("CREATE VIRTUAL TABLE temp.reference ", create + strlen (prefix), NULL);
  fill = g_strdup_printf ("INSERT INTO temp.reference (rowid, %s) SELECT seq, %s FROM patients", columns, values);
  g_assert_true (care_store_exec (store, reference, &error) && care_store_exec (store, fill, &error));
  g_assert_no_error (error);
  held = entries (store, "main", fts);
  made = entries (store, "temp", "reference");
  assert_same_lines (held, made);
  g_assert_cmpuint (strlen (held), >, 1000);
  g_assert_true (care_store_exec (store, "DROP TABLE temp.reference", &error));
  g_assert_true (care_store_exec (store, check, &error));
  g_assert_no_error (error);
}

static void
assert_indexes_are_rows (CareStore *store)
{
  assert_index_is_rows (store, "patient_search", "name, phone, email, mrn",
                        CARE_PATIENT_SEARCH_VALUES ("patients"));
  assert_index_is_rows (store, "patient_name_search", "name",
                        CARE_PATIENT_SEARCH_NAME ("patients"));
}

static char *
data_root (CareStore *store)
{
  return care_store_query_text (store, "SELECT rootpage FROM sqlite_master WHERE name = 'patient_search_data'",
                                NULL, NULL);
}

/* The thread's databases in the temporary directory (this test's own:
 * main() sets TMPDIR). */
static guint
n_scratch_files (void)
{
  g_autoptr(GDir) dir = g_dir_open (g_get_tmp_dir (), 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    n += g_str_has_prefix (name, "caredesk-bulk-search-");
  return n;
}

/* n patients in one bulk; its thread's database is there while the bulk
 * runs, and gone after. */
static void
bulk_add_patients (CareStore *store,
                   guint      from,
                   guint      n)
{
  g_autoptr(GError) error = NULL;
  CareStoreBulk *bulk = care_store_bulk_begin (store, care_schema_lookup ("patient"), n, &error);

  g_assert_no_error (error);
  add_patients (store, from, n);
  g_assert_cmpuint (n_scratch_files (), ==, 1);
  g_assert_true (care_store_bulk_finish (bulk, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_scratch_files (), ==, 0);
}

static void
assert_found (CareStore  *store,
              const char *query,
              guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = care_store_search_patients (store, query, 50, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, n);
}

/* A bulk that doubles the list: the indexes are built beside and put in
 * place, hold exactly what the rows make, and work as before: found by
 * the search, and kept by the triggers afterwards. */
static void
test_built_beside (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autofree char *root = NULL;
  g_autofree char *root_after = NULL;
  g_autofree char *segments = NULL;

  add_patients (store, 0, 40);
  root = data_root (store);
  bulk_add_patients (store, 40, 200);

  root_after = data_root (store);
  g_assert_cmpstr (root_after, !=, root);
  assert_indexes_are_rows (store);
  segments = care_store_query_text (store, "SELECT count(DISTINCT segid) FROM patient_search_idx", NULL, NULL);
  g_assert_cmpstr (segments, ==, "1");
  /* Rows from before the bulk and from it; a name as typed, an initial. */
  assert_found (store, "obrien0001", 1);
  assert_found (store, "jose lopez0006", 1);
  assert_found (store, "asa a", 40);
  assert_found (store, "tst-000007", 1);
  assert_found (store, "weiss0200", 1);
  add_patients (store, 240, 6);
  assert_found (store, "jose lopez0240", 1);
  assert_indexes_are_rows (store);
  care_test_rmdir (dir);
}

/* A row changed while the bulk runs: what was built beside would miss
 * the change, so the indexes are caught up in the store instead. */
static void
test_row_changed (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) early = care_test_patient ("Early", "Bird");
  g_autofree char *root = NULL;
  g_autofree char *root_after = NULL;
  CareStoreBulk *bulk;

  g_assert_true (care_store_insert (store, early, &error));
  add_patients (store, 0, 30);
  root = data_root (store);
  bulk = care_store_bulk_begin (store, care_schema_lookup ("patient"), 100, &error);
  g_assert_no_error (error);
  add_patients (store, 30, 50);
  care_record_set (early, "family_name", "Owl");
  g_assert_true (care_store_update (store, early, &error));
  g_assert_no_error (error);
  add_patients (store, 80, 50);
  g_assert_true (care_store_bulk_finish (bulk, &error));
  g_assert_no_error (error);

  root_after = data_root (store);
  g_assert_cmpstr (root_after, ==, root);
  assert_indexes_are_rows (store);
  assert_found (store, "early owl", 1);
  assert_found (store, "early bird", 0);
  care_test_rmdir (dir);
}

/* A bulk given up: the store is as it was, nothing of the thread's is
 * left on the connection, and the triggers index new rows again. */
static void
test_abort (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *root = NULL;
  g_autofree char *root_after = NULL;
  CareStoreBulk *bulk;

  add_patients (store, 0, 20);
  before = entries (store, "main", "patient_search");
  root = data_root (store);
  bulk = care_store_bulk_begin (store, care_schema_lookup ("patient"), 100, &error);
  g_assert_no_error (error);
  add_patients (store, 20, 100);
  g_assert_cmpuint (n_scratch_files (), ==, 1);
  care_store_bulk_abort (bulk);

  g_assert_cmpuint (n_scratch_files (), ==, 0);
  after = entries (store, "main", "patient_search");
  g_assert_cmpstr (after, ==, before);
  add_patients (store, 504, 1);
  assert_found (store, "lopez0504", 1);
  assert_indexes_are_rows (store);

  /* The next bulk starts afresh and is built beside. */
  bulk_add_patients (store, 600, 100);
  root_after = data_root (store);
  g_assert_cmpstr (root_after, !=, root);
  assert_indexes_are_rows (store);
  care_test_rmdir (dir);
}

/* Two connections busy in two threads must not wait on SQLite's memory
 * statistics' mutex: the store turns the statistics off before SQLite
 * starts, so SQLite counts nothing (this test runs first, before any
 * other connection of the process). */
static void
test_no_memory_statistics (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = NULL;

  g_assert_null (g_getenv ("CAREDESK_SQLITE_MEMORY_STATS"));
  store = care_test_clinic_store (dir, 0);
  add_patients (store, 0, 20);
  g_assert_cmpint (sqlite3_memory_used (), ==, 0);
  care_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  const char *parent = g_getenv ("TMPDIR");
  g_autofree char *tmp = g_build_filename (parent && *parent ? parent : "/tmp",
                                           "caredesk-bulk-search-test-XXXXXX", NULL);
  int status;

  /* The thread's databases go here, where no other test's do (before
   * anything asks GLib for the temporary directory, which it keeps). */
  g_assert_nonnull (g_mkdtemp (tmp));
  g_setenv ("TMPDIR", tmp, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store-bulk-search/no-memory-statistics", test_no_memory_statistics);
  g_test_add_func ("/store-bulk-search/built-beside", test_built_beside);
  g_test_add_func ("/store-bulk-search/row-changed", test_row_changed);
  g_test_add_func ("/store-bulk-search/abort", test_abort);
  status = g_test_run ();
  g_rmdir (tmp);
  return status;
}
