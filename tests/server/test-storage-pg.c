/* test-storage-pg.c: the server's PostgreSQL storage on a real private cluster
 *
 * Run by tests/server/pg-cluster.sh, which starts the cluster and gives its
 * conninfo in CAREDESK_TEST_POSTGRESQL. Each test has a database of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>

#include "care-server-fixture.h"
#include "care-server-migrate.h"
#include "care-server-storage.h"

static CareServerStorage *
open_storage (const char *conninfo)
{
  g_autoptr(GError) error = NULL;
  CareServerStorage *storage = care_server_storage_open (conninfo, &error);

  g_assert_no_error (error);
  g_assert_nonnull (storage);
  return storage;
}

static CareRecord *
new_ward (const char *name)
{
  CareRecord *ward = care_record_new (care_schema_lookup ("ward"));

  care_record_set (ward, "name", name);
  care_record_set (ward, "kind", "general");
  return ward;
}

static char *
insert_ward (CareServerStorage *storage,
             const char        *tenant,
             const char        *name)
{
  g_autoptr(CareRecord) ward = new_ward (name);
  g_autoptr(GError) error = NULL;

  g_assert_true (storage->v->insert (storage, tenant, "user-1", ward, &error));
  g_assert_no_error (error);
  return g_strdup (care_record_get_id (ward));
}

/* A page of the clinic's wards after cursor: the ids in order, and the cursor after it. */
static char *
pull (CareServerStorage *storage,
      const char        *tenant,
      gint64             cursor,
      gint64            *last_seq)
{
  CareServerSyncEntity entities[] = { { care_schema_lookup ("ward") } };
  CareServerSyncPage page = { entities, 1, "user-1", cursor, 100 };
  g_autoptr(GString) out = g_string_new ("[");
  g_autoptr(GError) error = NULL;

  g_assert_true (storage->v->changes (storage, tenant, &page, out, &error));
  g_assert_no_error (error);
  g_string_append_c (out, ']');
  *last_seq = page.last_seq;
  return g_strdup (out->str);
}

/* The tables come from the schema; opening again (another server process
 * on the same database) changes nothing; every field type comes back in
 * its canonical text form. */
static void
test_schema_and_types (void)
{
  g_autofree char *conninfo = care_test_postgresql_database ();
  g_autoptr(CareServerStorage) first = open_storage (conninfo);
  g_autoptr(CareServerStorage) second = open_storage (conninfo);
  g_autoptr(CareRecord) clinic = care_record_new (care_schema_lookup ("tenant"));
  g_autoptr(CareRecord) back = NULL;
  g_autoptr(GBytes) logo = g_bytes_new_static ("\x89PNG\0\x01\xff", 7);
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  GBytes *stored;

  version = first->v->get_meta (first, "store_schema_version");
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, care_schema_version ());
  /* Patient search uses trigram indexes (pg_trgm), one per search field. */
  {
    PGconn *conn = PQconnectdb (conninfo);
    PGresult *result = PQexec (conn, "SELECT count(*) FROM pg_indexes WHERE tablename = 'patients' "
                                     "AND indexdef LIKE '%gin_trgm_ops%'");

    g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
    g_assert_cmpint (g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10), >=, 4);
    PQclear (result);
    PQfinish (conn);
  }

  care_record_set (clinic, "id", "tenant-a");
  care_record_set (clinic, "name", "Riverside Clinic");
  care_record_set (clinic, "currency", "EUR");
  care_record_set (clinic, "tax_rate", "7.5");
  care_record_set (clinic, "lab_second_verifier", "1");
  care_record_set_blob (clinic, "logo", logo);
  g_assert_true (first->v->insert (first, "tenant-a", NULL, clinic, &error));
  g_assert_no_error (error);

  back = second->v->get (second, "tenant-a", care_schema_lookup ("tenant"), "tenant-a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (care_record_get (back, "name"), ==, "Riverside Clinic");
  g_assert_cmpstr (care_record_get (back, "tax_rate"), ==, "7.5");
  g_assert_cmpstr (care_record_get (back, "lab_second_verifier"), ==, "1");
  g_assert_cmpstr (care_record_get (back, "created_at"), ==, care_record_get (clinic, "created_at"));
  stored = care_record_get_blob (back, "logo");
  g_assert_nonnull (stored);
  g_assert_true (g_bytes_equal (stored, logo));

  /* Another clinic's id is told like an id that does not exist. */
  g_clear_pointer (&back, care_record_unref);
  back = second->v->get (second, "tenant-b", care_schema_lookup ("tenant"), "tenant-a", &error);
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND);
  g_assert_null (back);
}

/* Writes, lists, validation and the change log of one clinic. */
static void
test_records (void)
{
  g_autofree char *conninfo = care_test_postgresql_database ();
  g_autoptr(CareServerStorage) storage = open_storage (conninfo);
  const CareEntity *ward_entity = care_schema_lookup ("ward");
  g_autofree char *east = insert_ward (storage, "t1", "East");
  g_autofree char *west = insert_ward (storage, "t1", "West");
  g_autofree char *other = insert_ward (storage, "t2", "East");  /* unique within a clinic only */
  g_autoptr(CareRecord) duplicate = new_ward ("EAST");
  g_autoptr(CareRecord) renamed = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  CareServerFilter filter = { "name", "west" };
  CareServerQuery query = { .entity = ward_entity, .filters = &filter, .n_filters = 1, .limit = 10 };
  CareServerQuery search = { .entity = ward_entity, .search = "as", .limit = 10 };
  g_autofree char *page = NULL;
  gint64 total = 0, seq_before, last;

  /* Unique case-insensitively, named by its field. */
  g_assert_false (storage->v->insert (storage, "t1", "user-1", duplicate, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "already in use"));
  g_clear_error (&error);

  found = storage->v->list (storage, "t1", &query, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 1);
  g_assert_cmpstr (care_record_get_id (g_ptr_array_index (found, 0)), ==, west);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = storage->v->list (storage, "t1", &search, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 1);
  g_assert_cmpstr (care_record_get_id (g_ptr_array_index (found, 0)), ==, east);
  g_assert_cmpint (storage->v->count_where (storage, "t2", ward_entity, NULL, NULL), ==, 1);

  seq_before = storage->v->change_seq (storage, "t1", ward_entity, east);
  g_assert_cmpint (seq_before, >, 0);
  renamed = storage->v->get (storage, "t1", ward_entity, east, &error);
  g_assert_no_error (error);
  care_record_set (renamed, "name", "East wing");
  g_assert_true (storage->v->update (storage, "t1", "user-2", renamed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (storage->v->change_seq (storage, "t1", ward_entity, east), >, seq_before);
  g_assert_true (storage->v->delete (storage, "t1", "user-2", ward_entity, west, &error));
  g_assert_no_error (error);
  g_assert_false (storage->v->delete (storage, "t2", "user-2", ward_entity, east, &error));
  g_assert_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* One change per record, in the order of the last writes. */
  page = pull (storage, "t1", 0, &last);
  g_assert_nonnull (strstr (page, "\"op\":\"upsert\",\"record\":{"));
  g_assert_nonnull (strstr (page, "East wing"));
  g_assert_true (strstr (page, east) < strstr (page, west));
  g_assert_nonnull (strstr (page, "\"op\":\"delete\"}"));
  g_assert_null (strstr (page, other));
  g_assert_cmpint (last, ==, storage->v->sync_head (storage, "t1"));
}

/* A transaction that wrote first but commits last gets a number after
 * everything committed before it. Within a clinic transactions wait for
 * one another (the clinic lock, test-server-pg-hosts), so the one that
 * overtakes it writes another clinic: the heads a live check reads
 * (sync_heads_since) never skip the slow one, nor does its clinic's pull. */
static void
test_slow_transaction (void)
{
  g_autofree char *conninfo = care_test_postgresql_database ();
  g_autoptr(CareServerStorage) slow = open_storage (conninfo);
  g_autoptr(CareServerStorage) fast = open_storage (conninfo);
  const CareEntity *ward_entity = care_schema_lookup ("ward");
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) heads = NULL;
  g_autofree char *slow_id = NULL;
  g_autofree char *fast_id = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gint64 cursor, after, seen = 0;

  g_assert_true (slow->v->begin (slow, &error));
  slow_id = insert_ward (slow, "t1", "Slow");     /* its change is logged now… */
  fast_id = insert_ward (fast, "t2", "Fast");     /* …this one commits first */

  heads = fast->v->sync_heads_since (fast, 0, &seen);
  g_assert_cmpuint (g_hash_table_size (heads), ==, 1);
  g_assert_true (g_hash_table_contains (heads, "t2"));
  g_assert_cmpint (seen, ==, fast->v->change_seq (fast, "t2", ward_entity, fast_id));
  first = pull (fast, "t1", 0, &cursor);
  g_assert_null (strstr (first, slow_id));

  g_assert_true (slow->v->commit (slow, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fast->v->change_seq (fast, "t1", ward_entity, slow_id), >, seen);
  g_clear_pointer (&heads, g_hash_table_unref);
  heads = fast->v->sync_heads_since (fast, seen, &after);
  g_assert_true (g_hash_table_contains (heads, "t1"));
  g_assert_cmpint (after, >, seen);

  second = pull (fast, "t1", cursor, &after);
  g_assert_nonnull (strstr (second, slow_id));
  g_assert_null (strstr (second, fast_id));
  g_assert_cmpint (after, >, cursor);
}

/* A savepoint's failed part is undone alone; the rest of the transaction commits. */
static void
test_savepoint (void)
{
  g_autofree char *conninfo = care_test_postgresql_database ();
  g_autoptr(CareServerStorage) storage = open_storage (conninfo);
  g_autoptr(CareRecord) bad = new_ward ("Kept");
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *undone = NULL;
  CareServerQuery query = { .entity = care_schema_lookup ("ward"), .limit = 10 };
  gint64 total = 0;

  g_assert_true (storage->v->begin (storage, &error));
  kept = insert_ward (storage, "t1", "Kept");
  g_assert_true (storage->v->savepoint (storage, &error));
  undone = insert_ward (storage, "t1", "Undone");
  care_record_set (bad, "kind", NULL);  /* refused: a required field */
  g_assert_false (storage->v->insert (storage, "t1", "user-1", bad, &error));
  g_clear_error (&error);
  storage->v->savepoint_rollback (storage);
  g_assert_true (storage->v->savepoint_release (storage, &error));
  g_assert_no_error (error);
  g_assert_true (storage->v->commit (storage, &error));
  g_assert_no_error (error);

  found = storage->v->list (storage, "t1", &query, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 1);
  g_assert_cmpstr (care_record_get_id (g_ptr_array_index (found, 0)), ==, kept);
  g_assert_cmpint (storage->v->change_seq (storage, "t1", query.entity, undone), ==, 0);
}

/* Sign-in's tables: staff logins, permissions, single-use and refresh
 * tokens (a reused refresh token ends its family), throttling, stored
 * push results. */
static void
test_accounts_and_tokens (void)
{
  g_autofree char *conninfo = care_test_postgresql_database ();
  g_autoptr(CareServerStorage) storage = open_storage (conninfo);
  g_autoptr(CareRecord) user = care_record_new (care_schema_lookup ("user"));
  g_autoptr(CareRecord) found = NULL;
  g_autoptr(GError) error = NULL;
  CareServerRefresh info = { "family-1", "user-1", "t1", FALSE };
  CareServerRefresh used = { 0 };
  g_autofree char *tenant = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *stored = NULL;
  gboolean elsewhere;
  gint64 failures, last;
  guint n;

  care_record_set (user, "username", "mgarcia");
  care_record_set (user, "email", "m.garcia@example.org");
  care_record_set (user, "full_name", "María García");
  care_record_set (user, "role", "nurse");
  care_record_set (user, "password_hash", "x");
  if (!storage->v->insert (storage, "t1", NULL, user, &error))
    g_error ("%s", error->message);
  found = storage->v->find_login (storage, NULL, "MGarcia", &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (care_record_get_id (found), ==, care_record_get_id (user));
  g_clear_pointer (&found, care_record_unref);
  found = storage->v->find_login (storage, "t2", "M.GARCIA@example.org", &n);
  g_assert_cmpuint (n, ==, 0);

  g_assert_true (storage->v->role_can (storage, "t1", "admin", "billing"));
  g_assert_true (storage->v->set_role_permission (storage, "t1", "user-1", "nurse", "billing", TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (storage->v->role_can (storage, "t1", "nurse", "billing"));
  g_assert_true (storage->v->set_role_permission (storage, "t1", "user-1", "nurse", "billing", FALSE, &error));
  g_assert_false (storage->v->role_can (storage, "t1", "nurse", "billing"));

  g_assert_true (storage->v->token_put (storage, "reset", "hash-1", "t1", "user-1", 2000, &error));
  g_assert_no_error (error);
  g_assert_false (storage->v->token_take (storage, "reset", "hash-1", 2000, &tenant, &subject));  /* expired */
  g_assert_true (storage->v->token_take (storage, "reset", "hash-1", 1000, &tenant, &subject));
  g_assert_cmpstr (subject, ==, "user-1");
  g_assert_false (storage->v->token_take (storage, "reset", "hash-1", 1000, &tenant, &subject));  /* used */

  g_assert_true (storage->v->refresh_put (storage, "refresh-1", &info, TRUE, 5000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (storage->v->refresh_use (storage, "refresh-1", 1000, &used), ==, CARE_SERVER_REFRESH_OK);
  g_assert_cmpstr (used.subject_id, ==, "user-1");
  care_server_refresh_clear (&used);
  g_assert_cmpint (storage->v->refresh_use (storage, "refresh-1", 1000, &used), ==, CARE_SERVER_REFRESH_REUSED);
  care_server_refresh_clear (&used);
  g_assert_true (storage->v->refresh_put (storage, "refresh-2", &info, FALSE, 5000, &error));
  g_assert_cmpint (storage->v->refresh_use (storage, "refresh-2", 1000, &used), ==, CARE_SERVER_REFRESH_REVOKED);
  care_server_refresh_clear (&used);
  g_assert_cmpint (storage->v->refresh_use (storage, "nothing", 1000, &used), ==, CARE_SERVER_REFRESH_UNKNOWN);

  storage->v->throttle_fail (storage, "acct:user-1", 10);
  storage->v->throttle_fail (storage, "acct:user-1", 20);
  storage->v->throttle_get (storage, "acct:user-1", &failures, &last);
  g_assert_cmpint (failures, ==, 2);
  g_assert_cmpint (last, ==, 20);
  storage->v->throttle_clear (storage, "acct:user-1");
  storage->v->throttle_get (storage, "acct:user-1", &failures, &last);
  g_assert_cmpint (failures, ==, 0);

  g_assert_true (storage->v->mutation_put (storage, "t1", "m-1", "ws-1", "user-1", "{\"ok\":true}", &error));
  g_assert_no_error (error);
  stored = storage->v->mutation_get (storage, "t1", "m-1", &elsewhere);
  g_assert_cmpstr (stored, ==, "{\"ok\":true}");
  g_assert_null (storage->v->mutation_get (storage, "t2", "m-1", &elsewhere));
  g_assert_true (elsewhere);
}

/* A new clinic with its matrix and administrator; pruning raises the
 * floor; checksums cover the clinic's rows. */
static void
test_clinic_prune_checksum (void)
{
  g_autofree char *conninfo = care_test_postgresql_database ();
  g_autoptr(CareServerStorage) storage = open_storage (conninfo);
  g_autoptr(CareRecord) clinic = care_record_new (care_schema_lookup ("tenant"));
  g_autoptr(CareRecord) admin = care_record_new (care_schema_lookup ("user"));
  g_autoptr(CareRecord) found = NULL;
  g_autoptr(GError) error = NULL;
  const CareEntity *ward_entity = care_schema_lookup ("ward");
  g_autofree char *tenant = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *sum_again = NULL;
  gint64 n_rows = 0, tombstone;
  guint n;

  care_record_set (clinic, "name", "Hillside Clinic");
  care_record_set (clinic, "currency", "EUR");
  care_record_set (admin, "full_name", "Ana Admin");
  care_record_set (admin, "username", "ana");
  g_assert_false (storage->v->create_clinic (storage, clinic, admin, "short", &error));
  g_assert_error (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_WEAK_PASSWORD);
  g_clear_error (&error);
  g_assert_true (storage->v->create_clinic (storage, clinic, admin, "a long enough passphrase", &error));
  g_assert_no_error (error);
  tenant = g_strdup (care_record_get_id (clinic));
  found = storage->v->find_login (storage, tenant, "ana", &n);
  g_assert_nonnull (found);
  g_assert_cmpstr (care_record_get (found, "role"), ==, "admin");
  g_assert_true (storage->v->role_can (storage, tenant, "receptionist", "patient_registration"));
  g_assert_false (storage->v->role_can (storage, tenant, "receptionist", "audit_log"));

  gone = insert_ward (storage, tenant, "Old wing");
  kept = insert_ward (storage, tenant, "New wing");
  sum = storage->v->checksum (storage, tenant, ward_entity, &n_rows, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n_rows, ==, 2);
  g_assert_true (storage->v->delete (storage, tenant, "user-1", ward_entity, gone, &error));
  tombstone = storage->v->change_seq (storage, tenant, ward_entity, gone);
  sum_again = storage->v->checksum (storage, tenant, ward_entity, &n_rows, &error);
  g_assert_cmpint (n_rows, ==, 1);
  g_assert_cmpstr (sum, !=, sum_again);

  g_assert_cmpint (storage->v->prune_tombstones (storage, 0, &error), ==, 0);  /* nothing that old */
  g_assert_cmpint (storage->v->prune_tombstones (storage, G_MAXINT64 / 2, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (storage->v->sync_floor (storage, tenant), ==, tombstone);
  g_assert_cmpint (storage->v->change_seq (storage, tenant, ward_entity, gone), ==, 0);
  g_assert_cmpint (storage->v->change_seq (storage, tenant, ward_entity, kept), >, 0);
}

#define AUDIT_WRITERS 4
#define AUDIT_BATCHES 20

static gpointer
audit_writer (gpointer data)
{
  g_autoptr(CareServerStorage) storage = open_storage (data);

  for (guint i = 0; i < AUDIT_BATCHES; i++)
    {
      CareServerAuditEntry a = { "t1", "user-1", "doctor", "read", "patient", "p1", "ws-1", "2026-12-06T05:00:00Z" };
      CareServerAuditEntry b = { "t1", "user-2", "nurse", "update", "vitals", "v1", "ws-2", "2026-12-06T05:00:01Z" };
      CareServerAuditEntry *entries[] = { &a, &b };
      g_autoptr(GError) error = NULL;

      g_assert_true (storage->v->audit_append (storage, entries, 2, &error));
      g_assert_no_error (error);
    }
  return NULL;
}

/* Server processes appending at once still make one chain. */
static void
test_audit_concurrent (void)
{
  g_autofree char *conninfo = care_test_postgresql_database ();
  g_autoptr(CareServerStorage) storage = open_storage (conninfo);
  GThread *threads[AUDIT_WRITERS];
  g_autofree char *bad_id = NULL;
  g_autofree char *reason = NULL;
  gint64 n = 0;

  for (guint i = 0; i < AUDIT_WRITERS; i++)
    threads[i] = g_thread_new ("audit-writer", audit_writer, conninfo);
  for (guint i = 0; i < AUDIT_WRITERS; i++)
    g_thread_join (threads[i]);
  if (!storage->v->audit_verify (storage, NULL, &n, &bad_id, &reason))
    g_error ("The audit chain is broken at %s: %s", bad_id, reason);
  g_assert_cmpint (n, ==, AUDIT_WRITERS * AUDIT_BATCHES * 2);
}

/* A demo clinic's SQLite database copied into PostgreSQL: verified, the
 * change log's numbers kept, sign-in data there; a second copy into the
 * same database is refused. */
static void
test_migrate (void)
{
  g_autofree char *conninfo = care_test_postgresql_database ();
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *sqlite_path = care_test_demo_database (dir);
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareServerStorage) source = care_server_storage_open (sqlite_path, &error);
  g_autoptr(CareServerStorage) target = NULL;
  g_autoptr(GPtrArray) admins = NULL;
  const char *tenant;

  g_assert_no_error (error);
  g_assert_true (care_server_migrate_to_postgresql (sqlite_path, conninfo, report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report->str, "Verified: row counts, every clinic's checksums"));

  target = open_storage (conninfo);
  admins = target->v->find_logins (target, "admin");
  g_assert_cmpuint (admins->len, ==, 1);
  tenant = care_record_get (g_ptr_array_index (admins, 0), "tenant_id");
  g_assert_cmpint (target->v->sync_head (target, tenant), ==, source->v->sync_head (source, tenant));
  g_assert_true (target->v->role_can (target, tenant, "admin", "audit_log"));

  g_string_truncate (report, 0);
  g_assert_false (care_server_migrate_to_postgresql (sqlite_path, conninfo, report, &error));
  g_assert_nonnull (error);
  care_test_rmtree (dir);
}

typedef struct {
  CareServerStorage *storage;
  GError            *error;
  gboolean           ok;
} RacingInsert;

static gpointer
racing_insert (gpointer data)
{
  RacingInsert *race = data;
  g_autoptr(CareRecord) ward = new_ward ("twin");

  race->ok = race->storage->v->insert (race->storage, "t1", "user-2", ward, &race->error);
  return NULL;
}

/* Two writers validate the same new name while neither has committed: the
 * unique index refuses the second, and its error names the field like
 * validation. */
static void
test_unique_race (void)
{
  g_autofree char *conninfo = care_test_postgresql_database ();
  g_autoptr(CareServerStorage) first = open_storage (conninfo);
  g_autoptr(CareServerStorage) second = open_storage (conninfo);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  RacingInsert race = { second };
  PGconn *watch = PQconnectdb (conninfo);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GThread *thread;

  g_assert_true (first->v->begin (first, &error));
  id = insert_ward (first, "t1", "Twin");
  thread = g_thread_new ("racing-insert", racing_insert, &race);
  /* Until the second insert waits on the first one's index entry. */
  for (;;)
    {
      PGresult *result = PQexec (watch, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                        "AND wait_event_type = 'Lock'");
      gboolean waiting = g_str_equal (PQgetvalue (result, 0, 0), "1");

      PQclear (result);
      if (waiting)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);  /* another process's state: look again shortly */
    }
  PQfinish (watch);
  g_assert_true (first->v->commit (first, &error));
  g_assert_no_error (error);
  g_thread_join (thread);
  g_assert_false (race.ok);
  g_assert_nonnull (race.error);
  g_assert_nonnull (strstr (race.error->message, "already in use"));
  g_clear_error (&race.error);
}

/* The database ends the server's connection (a restart, a failover): the
 * next statement connects again. */
static void
test_reconnect (void)
{
  g_autofree char *conninfo = care_test_postgresql_database ();
  g_autoptr(CareServerStorage) storage = open_storage (conninfo);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  PGconn *admin = PQconnectdb (conninfo);
  PGresult *result;

  g_assert_true (storage->v->set_meta (storage, "greeting", "hello", &error));
  g_assert_cmpint (PQstatus (admin), ==, CONNECTION_OK);
  result = PQexec (admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (result), ==, 1);
  PQclear (result);
  PQfinish (admin);
  value = storage->v->get_meta (storage, "greeting");
  g_assert_cmpstr (value, ==, "hello");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("CAREDESK_TEST_POSTGRESQL") == NULL)
    {
      g_printerr ("Run under tests/server/pg-cluster.sh: CAREDESK_TEST_POSTGRESQL is not set\n");
      return 1;
    }
  g_test_add_func ("/storage-pg/schema-and-types", test_schema_and_types);
  g_test_add_func ("/storage-pg/records", test_records);
  g_test_add_func ("/storage-pg/slow-transaction", test_slow_transaction);
  g_test_add_func ("/storage-pg/savepoint", test_savepoint);
  g_test_add_func ("/storage-pg/accounts-and-tokens", test_accounts_and_tokens);
  g_test_add_func ("/storage-pg/clinic-prune-checksum", test_clinic_prune_checksum);
  g_test_add_func ("/storage-pg/audit-concurrent", test_audit_concurrent);
  g_test_add_func ("/storage-pg/migrate", test_migrate);
  g_test_add_func ("/storage-pg/reconnect", test_reconnect);
  g_test_add_func ("/storage-pg/unique-race", test_unique_race);
  return g_test_run ();
}
