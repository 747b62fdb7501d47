/* test-store.c: the local store — migrations, writes, outbox, refusal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "care-test-core.h"

static void
test_fresh_store_has_every_entity (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "s.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = care_store_open (path, &error);
  guint n;
  const CareEntity *const *entities = care_schema_entities (&n);

  g_assert_no_error (error);
  g_assert_cmpuint (care_store_get_schema_version (store), ==, care_schema_version ());
  g_assert_cmpint (care_test_scalar (store, "PRAGMA user_version"), ==, care_schema_version ());
  g_assert_cmpint (care_test_scalar (store, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);
  /* A new store's pages are 16 KiB (care-store.c). */
  g_assert_cmpint (care_test_scalar (store, "PRAGMA page_size"), ==, 16384);
  g_assert_cmpuint (n, >=, 35);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info('%s')", entities[i]->table);
      /* seq + id + tenant + 4 stamps + the entity's own fields (and the
       * patients' sort key, which is the store's, not the model's) */
      g_assert_cmpint (care_test_scalar (store, sql), ==,
                       entities[i]->n_fields + 7 + (g_str_equal (entities[i]->name, "patient") ? 1 : 0));
    }
  /* Every reference and every declared index exists, but the four of
   * patients that no query uses (version 6 drops them: test-store-plans)
   * and (mrn, id), which is (mrn) here. */
  g_assert_cmpint (care_test_scalar (store, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'patients_mrn'"), ==, 1);
  g_assert_cmpint (care_test_scalar (store, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                                            "('patients_index_0', 'patients_index_1', 'patients_country', "
                                            "'patients_facility_id', 'patients_updated')"), ==, 0);
  g_assert_cmpint (care_test_scalar (store, "SELECT count(*) FROM sqlite_schema WHERE name = 'appointments_updated'"), ==, 1);
  g_assert_cmpint (care_test_scalar (store, "SELECT count(*) FROM sqlite_schema WHERE name = 'appointments_patient_id'"), ==, 1);
  g_assert_cmpint (care_test_scalar (store, "SELECT count(*) FROM sqlite_schema WHERE name = 'users_username_unique'"), ==, 1);
  g_assert_cmpint (care_test_scalar (store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), ==, 1);

  g_clear_object (&store);
  care_test_rmdir (dir);
}

static void
test_upgrade_from_version_1 (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) old = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(CareRecord) patient = NULL;

  /* A store as version 1 of Caredesk wrote it, in SQLite's 4 KiB pages,
   * with a patient in it. */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA page_size = 4096; CREATE TABLE t (x); DROP TABLE t", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  old = care_store_open_at_version (path, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (care_test_scalar (old, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (care_test_scalar (old, "SELECT count(*) FROM sqlite_schema WHERE name = 'patient_search'"), ==, 0);
  g_assert_cmpint (care_test_scalar (old, "SELECT count(*) FROM pragma_table_info('patients') WHERE name = 'preferred_name'"), ==, 0);
  care_store_set_tenant_id (old, "0192f5e4-1c2a-7b3d-9e4f-0123456789ab");
  g_assert_true (care_store_exec (old,
                                  "INSERT INTO patients (id, tenant_id, mrn, given_name, family_name, date_of_birth, sex, status, created_at, updated_at) "
                                  "VALUES ('0192f5e4-1c2a-7b3d-9e4f-0123456789ac', '0192f5e4-1c2a-7b3d-9e4f-0123456789ab', 'AB12-000001', "
                                  "'Zoë', 'Ngozi-Öberg', '1990-01-02', 'female', 'new', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
                                  &error));
  g_assert_no_error (error);
  g_clear_object (&old);

  /* This version opens it, upgrades it and keeps the data. */
  store = care_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (care_store_get_schema_version (store), ==, care_schema_version ());
  g_assert_cmpint (care_test_scalar (store, "PRAGMA user_version"), ==, care_schema_version ());
  g_assert_cmpint (care_test_scalar (store, "SELECT count(*) FROM pragma_table_info('patients') WHERE name = 'preferred_name'"), ==, 1);
  /* It keeps its pages: only a new store takes 16 KiB ones. */
  g_assert_cmpint (care_test_scalar (store, "PRAGMA page_size"), ==, 4096);
  patient = care_store_get (store, care_schema_lookup ("patient"), "0192f5e4-1c2a-7b3d-9e4f-0123456789ac", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (patient, "family_name"), ==, "Ngozi-Öberg");
  g_assert_null (care_record_get (patient, "preferred_name"));

  /* The old patient is in the new search index, accents folded. */
  care_store_set_tenant_id (store, "0192f5e4-1c2a-7b3d-9e4f-0123456789ab");
  found = care_store_search_patients (store, "oberg", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (care_test_scalar (store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), ==, 1);

  g_clear_object (&store);
  care_test_rmdir (dir);
}

static void
test_newer_store_is_refused_untouched (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "newer.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize len;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 999;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &before, &len, NULL));

  store = care_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer version of Caredesk"));
  g_assert_nonnull (strstr (error->message, "999"));

  g_assert_true (g_file_get_contents (path, &after, &len, NULL));
  g_assert_cmpmem (before, len, after, len);
  g_assert_false (g_file_test (g_build_filename (dir, "newer.sqlite-wal", NULL), G_FILE_TEST_EXISTS));
  care_test_rmdir (dir);
}

static void
test_not_a_database (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "junk.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) store = NULL;

  g_assert_true (g_file_set_contents (path, "this is a shopping list, not a clinic\n", -1, NULL));
  store = care_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED);
  care_test_rmdir (dir);
}

static void
on_changed_cb (CareStore  *store,
               const char *entity,
               const char *id,
               GPtrArray  *log)
{
  g_ptr_array_add (log, g_strdup_printf ("%s:%s", entity, id ? id : "*"));
}

static void
test_insert_update_delete_with_outbox (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(CareRecord) p = care_test_patient ("Ana", "Silva");
  g_autoptr(CareRecord) loaded = NULL;
  g_autoptr(CareRecord) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  gint64 outbox_before = care_store_outbox_count (store);
  g_autofree char *expected = NULL;

  g_signal_connect (store, "changed", G_CALLBACK (on_changed_cb), log);

  g_assert_true (care_store_insert (store, p, &error));
  g_assert_no_error (error);
  g_assert_true (care_uuid_is_valid (care_record_get_id (p)));
  g_assert_cmpint (care_record_get_id (p)[14], ==, '7');   /* UUIDv7 */
  g_assert_cmpstr (care_record_get (p, CARE_COLUMN_TENANT), ==, care_store_get_tenant_id (store));
  g_assert_cmpstr (care_record_get (p, CARE_COLUMN_CREATED_BY), ==, care_store_get_actor (store));
  g_assert_nonnull (care_record_get (p, CARE_COLUMN_CREATED_AT));
  g_assert_cmpint (care_store_outbox_count (store), ==, outbox_before + 1);
  expected = g_strdup_printf ("patient:%s", care_record_get_id (p));
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (log, 0), ==, expected);

  /* The insert's payload is written as text: the same bytes as the tree
   * {"fields": record} serialised, less the fields without a value. */
  {
    g_autoptr(JsonObject) tree = json_object_new ();
    g_autoptr(JsonObject) fields = care_record_to_json (p);
    g_autoptr(GList) members = json_object_get_members (fields);
    g_autofree char *written = care_store_query_text (store, "SELECT payload FROM outbox WHERE op = 'insert' "
                                                             "ORDER BY seq DESC LIMIT 1", NULL, NULL);
    g_autofree char *serialised = NULL;

    for (GList *l = members; l; l = l->next)
      if (json_object_get_null_member (fields, l->data))
        json_object_remove_member (fields, l->data);
    g_assert_true (json_object_has_member (fields, "given_name"));
    g_assert_false (json_object_has_member (fields, "blood_type"));
    json_object_set_object_member (tree, "fields", g_steal_pointer (&fields));
    serialised = care_json_object_to_string (tree, NULL);
    g_assert_cmpstr (written, ==, serialised);
  }

  loaded = care_store_get (store, care_schema_lookup ("patient"), care_record_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (loaded, "given_name"), ==, "Ana");

  /* An update sends only what changed. */
  edited = care_record_copy (loaded);
  care_record_set (edited, "phone", "+34 600 123 456");
  g_assert_true (care_store_update (store, edited, &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_store_outbox_count (store), ==, outbox_before + 2);
  g_assert_cmpint (care_test_scalar (store, "SELECT count(*) FROM outbox WHERE op = 'update' AND payload LIKE '%\"phone\":\"+34 600 123 456\"%' AND payload NOT LIKE '%given_name%'"), ==, 1);
  g_assert_cmpstr (care_record_get (edited, CARE_COLUMN_CREATED_AT), ==, care_record_get (loaded, CARE_COLUMN_CREATED_AT));

  /* An update that changes nothing writes nothing. */
  g_assert_true (care_store_update (store, edited, &error));
  g_assert_cmpint (care_store_outbox_count (store), ==, outbox_before + 2);

  g_assert_true (care_store_delete (store, care_schema_lookup ("patient"), care_record_get_id (p), &error));
  g_assert_no_error (error);
  g_assert_null (care_store_get (store, care_schema_lookup ("patient"), care_record_get_id (p), &error));
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (care_store_outbox_count (store), ==, outbox_before + 3);
  g_assert_cmpint (care_test_scalar (store, "SELECT count(*) FROM outbox WHERE op = 'delete'"), ==, 1);

  g_clear_object (&store);
  care_test_rmdir (dir);
}

static void
test_invalid_record_writes_nothing (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(CareRecord) p = care_test_patient ("Ana", "Silva");
  g_autoptr(GError) error = NULL;
  gint64 outbox = care_store_outbox_count (store);

  care_record_set (p, "date_of_birth", "1984-02-30");
  g_assert_false (care_store_insert (store, p, &error));
  g_assert_error (error, CARE_VALIDATION_ERROR, CARE_VALIDATION_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Date of birth"));
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("patient")), ==, 0);
  g_assert_cmpint (care_store_outbox_count (store), ==, outbox);
  g_clear_object (&store);
  care_test_rmdir (dir);
}

static void
test_append_only (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(CareRecord) p = care_test_patient ("Ana", "Silva");
  g_autoptr(CareRecord) v = care_record_new (care_schema_lookup ("vitals"));
  g_autoptr(GError) error = NULL;

  g_assert_true (care_store_insert (store, p, &error));
  care_record_set (v, "patient_id", care_record_get_id (p));
  care_record_set (v, "recorded_at", "2026-01-02T10:00:00Z");
  care_record_set (v, "pulse", "72");
  g_assert_true (care_store_insert (store, v, &error));
  g_assert_no_error (error);

  care_record_set (v, "pulse", "80");
  g_assert_false (care_store_update (store, v, &error));
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (care_store_delete (store, care_schema_lookup ("vitals"), care_record_get_id (v), &error));
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_READ_ONLY);
  g_clear_object (&store);
  care_test_rmdir (dir);
}

static void
test_rollback_discards_everything (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(CareRecord) a = care_test_patient ("Ana", "Silva");
  g_autoptr(CareRecord) b = care_test_patient ("Bea", "Costa");
  g_autoptr(GError) error = NULL;
  gint64 outbox = care_store_outbox_count (store);

  g_assert_true (care_store_begin (store, &error));
  g_assert_true (care_store_insert (store, a, &error));
  g_assert_true (care_store_insert (store, b, &error));
  care_store_rollback (store);
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("patient")), ==, 0);
  g_assert_cmpint (care_store_outbox_count (store), ==, outbox);
  g_clear_object (&store);
  care_test_rmdir (dir);
}

static void
test_numbers_carry_the_device_code (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *path_a = g_build_filename (dir, "a.sqlite", NULL);
  g_autofree char *path_b = g_build_filename (dir, "b.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareStore) a = care_store_open (path_a, &error);
  g_autoptr(CareStore) b = care_store_open (path_b, &error);
  g_autofree char *a1 = care_store_next_number (a, "mrn", &error);
  g_autofree char *a2 = care_store_next_number (a, "mrn", &error);
  g_autofree char *b1 = care_store_next_number (b, "mrn", &error);
  g_autofree char *prefix = g_strdup_printf ("%s-", care_store_get_device_code (a));

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (care_store_get_device_code (a)), ==, 4);
  g_assert_true (g_str_has_prefix (a1, prefix));
  g_assert_true (g_str_has_suffix (a1, "-000001"));
  g_assert_true (g_str_has_suffix (a2, "-000002"));
  /* Two workstations' first numbers differ unless their codes collide (1 in 2^20). */
  if (g_strcmp0 (care_store_get_device_code (a), care_store_get_device_code (b)) != 0)
    g_assert_cmpstr (a1, !=, b1);

  /* The code and counter survive reopening. */
  {
    g_autofree char *code = g_strdup (care_store_get_device_code (a));
    g_autofree char *a3 = NULL;

    g_clear_object (&a);
    a = care_store_open (path_a, &error);
    g_assert_cmpstr (care_store_get_device_code (a), ==, code);
    a3 = care_store_next_number (a, "mrn", &error);
    g_assert_true (g_str_has_suffix (a3, "-000003"));
  }
  g_clear_object (&a);
  g_clear_object (&b);
  care_test_rmdir (dir);
}

static void
test_uuid_v7_sorts_by_time (void)
{
  g_autofree char *prev = care_uuid_v7 ();

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *next = care_uuid_v7 ();

      g_assert_true (care_uuid_is_valid (next));
      g_assert_cmpint (next[14], ==, '7');
      g_assert_true (strchr ("89ab", next[19]) != NULL);
      {
        g_autofree char *lower = g_ascii_strdown (next, -1);

        g_assert_cmpstr (next, ==, lower);
      }
      g_assert_cmpstr (prev, <, next);
      g_free (prev);
      prev = g_steal_pointer (&next);
    }
  g_assert_false (care_uuid_is_valid ("not-a-uuid"));
  g_assert_false (care_uuid_is_valid ("0192f5e4-1c2a-7b3d-9e4f-0123456789a'"));
}

/* The ids' random bits come from a pool (care-uuid.c): a forked child
 * must not take the bits its parent takes next. */
static void
test_uuid_v7_fork (void)
{
  g_autofree char *first = care_uuid_v7 ();
  g_autofree char *parent = NULL;
  char child[37] = { 0 };
  int fds[2];
  pid_t pid;
  int status;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autofree char *id = care_uuid_v7 ();

      _exit (write (fds[1], id, 36) == 36 ? 0 : 1);
    }
  parent = care_uuid_v7 ();
  g_assert_cmpint (read (fds[0], child, 36), ==, 36);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  close (fds[0]);
  close (fds[1]);
  g_assert_true (care_uuid_is_valid (child));
  /* rand_b, the last 62 bits: the same pool bytes would make them equal. */
  g_assert_cmpstr (child + 20, !=, parent + 20);
  g_assert_cmpstr (first + 20, !=, parent + 20);
}

/* Timestamps are written digit by digit: the same text as GLib's format,
 * the years it does not cover included. */
static void
test_iso8601_format (void)
{
  static const gint64 instants[] = {
    0, 999, 1000, 59999999, 1796601600123456, 1796687999999999, 253402300700000000,
    -62135596700000000, -30610224000000000, -30636384833000000, 951782400500000, -1,
  };

  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Madrid");
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);

  for (guint i = 0; i < G_N_ELEMENTS (instants); i++)
    {
      g_autoptr(GDateTime) t = g_date_time_add (epoch, instants[i]);
      /* The same instant in another zone (but for the first and last years). */
      int year = g_date_time_get_year (t);
      g_autoptr(GDateTime) madrid = g_date_time_to_timezone (t, year > 1 && year < 9999 ? zone : g_date_time_get_timezone (t));
      g_autofree char *seconds = g_date_time_format (t, "%Y-%m-%dT%H:%M:%S");
      g_autofree char *expected = g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (t) / 1000);
      g_autofree char *text = care_iso8601_format (t);
      g_autofree char *from_madrid = care_iso8601_format (madrid);

      g_assert_cmpstr (text, ==, expected);
      g_assert_cmpstr (from_madrid, ==, expected);
    }
}

static void
test_json_round_trip (void)
{
  g_autoptr(CareRecord) p = care_test_patient ("María", "López");
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(CareRecord) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) diff = NULL;
  const char *allergies[] = { "penicillin", "latex", NULL };
  g_auto(GStrv) list = NULL;

  care_record_set (p, "risk_score", "42");
  care_record_set (p, "portal_active", "1");
  care_record_set (p, "portal_invite_token", "secret-token");
  care_record_set_list (p, "allergies", allergies);
  json = care_record_to_json (p);
  g_assert_cmpint (json_object_get_int_member (json, "risk_score"), ==, 42);
  g_assert_true (json_object_get_boolean_member (json, "portal_active"));
  g_assert_false (json_object_has_member (json, "portal_invite_token"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json, "allergies")), ==, 2);

  back = care_record_new_from_json (care_schema_lookup ("patient"), json, &error);
  g_assert_no_error (error);
  care_record_set (p, "portal_invite_token", NULL);
  diff = care_record_diff (p, back);
  g_assert_cmpuint (diff->len, ==, 0);
  list = care_record_get_list (back, "allergies");
  g_assert_cmpstrv (list, allergies);

  /* Wrong types and unknown fields are refused, naming the field. */
  json_object_set_string_member (json, "risk_score", "high");
  g_clear_pointer (&back, care_record_unref);
  back = care_record_new_from_json (care_schema_lookup ("patient"), json, &error);
  g_assert_null (back);
  g_assert_nonnull (strstr (error->message, "risk_score"));
  g_clear_error (&error);
  json_object_set_int_member (json, "risk_score", 3);
  json_object_set_string_member (json, "shoe_size", "42");
  back = care_record_new_from_json (care_schema_lookup ("patient"), json, &error);
  g_assert_null (back);
  g_assert_nonnull (strstr (error->message, "shoe_size"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/fresh", test_fresh_store_has_every_entity);
  g_test_add_func ("/store/upgrade-from-v1", test_upgrade_from_version_1);
  g_test_add_func ("/store/newer-refused", test_newer_store_is_refused_untouched);
  g_test_add_func ("/store/not-a-database", test_not_a_database);
  g_test_add_func ("/store/crud-outbox", test_insert_update_delete_with_outbox);
  g_test_add_func ("/store/invalid-writes-nothing", test_invalid_record_writes_nothing);
  g_test_add_func ("/store/append-only", test_append_only);
  g_test_add_func ("/store/rollback", test_rollback_discards_everything);
  g_test_add_func ("/store/numbers", test_numbers_carry_the_device_code);
  g_test_add_func ("/store/uuid-v7", test_uuid_v7_sorts_by_time);
  g_test_add_func ("/store/uuid-v7-fork", test_uuid_v7_fork);
  g_test_add_func ("/store/iso8601-format", test_iso8601_format);
  g_test_add_func ("/store/json", test_json_round_trip);

  return g_test_run ();
}
