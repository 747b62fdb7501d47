/* test-server-audit.c: reads and writes of patient data are logged, hash-chained,
 * and verify-audit notices tampering
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "care-server-fixture.h"
#include "care-server-storage.h"
#include "care-store-private.h"

static void
exec_sql (const char *db,
          const char *sql)
{
  sqlite3 *handle = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  if (sqlite3_exec (handle, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_changes (handle), >, 0);
  sqlite3_close (handle);
}

static int
verify (const char *db,
        char      **out)
{
  const char *args[] = { "verify-audit", "--database", db, NULL };
  return care_test_run_server_command (args, out);
}

static char *
copy_db (const char *from,
         const char *dir,
         const char *name)
{
  g_autofree char *to = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) a = g_file_new_for_path (from);
  g_autoptr(GFile) b = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (a, b, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&to);
}

static void
test_audit_chain (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *keep = care_test_tmpdir ();
  g_autofree char *db = care_test_demo_database (dir);
  CareTestServer *server = care_test_server_start (dir, db, NULL);
  g_autofree char *admin = care_test_login (server, "admin", CARE_TEST_PASSWORD, NULL);
  g_autofree char *nurse = care_test_login (server, "nurse", CARE_TEST_PASSWORD, NULL);
  g_autofree char *patient = care_test_first_id (server, admin, "/patients?per_page=1");
  g_autofree char *path = g_strdup_printf ("/patients/%s", patient);
  g_autofree char *audit_path = g_strdup_printf ("/audit?record_id=%s&per_page=100", patient);
  g_autofree char *out = NULL;
  g_autoptr(CareTestResponse) entries = NULL;
  gboolean saw_read = FALSE, saw_update = FALSE, saw_workstation = FALSE;
  JsonArray *rows;

  /* A nurse reads the record from workstation "WARD-3". */
  {
    g_autofree char *url = g_strconcat (server->base, path, NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autofree char *auth = g_strdup_printf ("Bearer %s", nurse);
    g_autoptr(GBytes) body = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Caredesk-Workstation", "WARD-3");
    body = soup_session_send_and_read (server->session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }
  {
    g_autoptr(CareTestResponse) update = care_test_request (server, "PATCH", path, admin, "{\"preferred_language\": \"Welsh\"}");
    g_autoptr(CareTestResponse) list = care_test_request (server, "GET", "/vitals", nurse, NULL);
    g_assert_cmpuint (update->status, ==, 200);
    g_assert_cmpuint (list->status, ==, 200);
  }

  entries = care_test_request (server, "GET", audit_path, admin, NULL);
  g_assert_cmpuint (entries->status, ==, 200);
  rows = care_test_data_array (entries);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *e = json_array_get_object_element (rows, i);
      const char *action = json_object_get_string_member (e, "action");

      g_assert_cmpstr (json_object_get_string_member (e, "entity"), ==, "patient");
      g_assert_nonnull (json_object_get_string_member (e, "hash"));
      g_assert_nonnull (json_object_get_string_member (e, "at"));
      if (g_str_equal (action, "read") && g_strcmp0 (json_object_get_string_member (e, "actor_role"), "nurse") == 0)
        {
          saw_read = TRUE;
          saw_workstation |= g_strcmp0 (json_object_get_string_member (e, "workstation"), "WARD-3") == 0;
        }
      if (g_str_equal (action, "update") && g_strcmp0 (json_object_get_string_member (e, "actor_role"), "admin") == 0)
        saw_update = TRUE;
    }
  g_assert_true (saw_read);
  g_assert_true (saw_workstation);
  g_assert_true (saw_update);
  {
    g_autoptr(CareTestResponse) lists = care_test_request (server, "GET", "/audit?entity=vitals&action=read", admin, NULL);
    g_autoptr(CareTestResponse) denied = care_test_request (server, "GET", "/audit", nurse, NULL);
    g_autoptr(CareTestResponse) no_write = care_test_request (server, "POST", "/audit_log", admin, "{}");

    g_assert_cmpuint (json_array_get_length (care_test_data_array (lists)), >=, 1);
    care_test_assert_error (denied, 403);
    care_test_assert_error (no_write, 405);
  }

  /* Denied and refused attempts are in the chain too, with who tried. */
  {
    g_autoptr(CareTestResponse) forbidden = care_test_request (server, "DELETE", path, nurse, NULL);
    g_autoptr(CareTestResponse) bad = care_test_request (server, "PATCH", path, admin, "{\"date_of_birth\": \"yesterday\"}");
    g_autoptr(CareTestResponse) good = care_test_request (server, "PATCH", path, admin, "{\"preferred_language\": \"Welsh\"}");
    g_autofree char *denied_path = g_strdup_printf ("/audit?action=denied&record_id=%s", patient);
    g_autofree char *refused_path = g_strdup_printf ("/audit?action=refused&record_id=%s", patient);
    g_autoptr(CareTestResponse) denied = NULL;
    g_autoptr(CareTestResponse) refused = NULL;
    JsonObject *e;

    care_test_assert_error (forbidden, 403);
    care_test_assert_error (bad, 422);
    g_assert_cmpuint (good->status, ==, 200);   /* a write: the queue is flushed with it */
    denied = care_test_request (server, "GET", denied_path, admin, NULL);
    refused = care_test_request (server, "GET", refused_path, admin, NULL);
    g_assert_cmpuint (json_array_get_length (care_test_data_array (denied)), ==, 1);
    e = json_array_get_object_element (care_test_data_array (denied), 0);
    g_assert_cmpstr (json_object_get_string_member (e, "actor_role"), ==, "nurse");
    g_assert_cmpstr (json_object_get_string_member (e, "entity"), ==, "patient");
    g_assert_cmpuint (json_array_get_length (care_test_data_array (refused)), ==, 1);
    e = json_array_get_object_element (care_test_data_array (refused), 0);
    g_assert_cmpstr (json_object_get_string_member (e, "actor_role"), ==, "admin");
  }

  g_assert_cmpint (care_test_server_stop (server), ==, 0);

  /* Intact after a clean stop (which flushes the pending reads), and the
   * head anchored outside the database file is reached. */
  g_assert_cmpint (verify (db, &out), ==, 0);
  g_assert_true (g_str_has_prefix (out, "OK"));
  g_assert_nonnull (strstr (out, "reaches the head anchored in"));
  g_clear_pointer (&out, g_free);

  /* Altering an entry's content. */
  {
    g_autofree char *altered = copy_db (db, keep, "altered.sqlite");
    g_autofree char *broken = NULL;

    exec_sql (altered, "UPDATE audit_log SET actor_id = 'someone-else' WHERE seq = (SELECT min(seq) + 1 FROM audit_log)");
    g_assert_cmpint (verify (altered, &broken), ==, 1);
    g_assert_true (g_str_has_prefix (broken, "BROKEN"));
    g_assert_nonnull (strstr (broken, "altered"));
  }
  /* Changing when an entry was made, in the row's own columns. */
  {
    g_autofree char *backdated = copy_db (db, keep, "backdated.sqlite");
    g_autofree char *broken = NULL;

    exec_sql (backdated, "UPDATE audit_log SET created_at = '2001-01-01T00:00:00.000Z' "
                         "WHERE seq = (SELECT min(seq) + 1 FROM audit_log)");
    g_assert_cmpint (verify (backdated, &broken), ==, 1);
    g_assert_nonnull (strstr (broken, "created_at"));
  }
  /* Removing an entry in the middle. */
  {
    g_autofree char *removed = copy_db (db, keep, "removed.sqlite");
    g_autofree char *broken = NULL;

    exec_sql (removed, "DELETE FROM audit_log WHERE seq = (SELECT min(seq) + 2 FROM audit_log)");
    g_assert_cmpint (verify (removed, &broken), ==, 1);
  }
  /* Cutting off the newest entries. */
  {
    g_autofree char *cut = copy_db (db, keep, "cut.sqlite");
    g_autofree char *broken = NULL;

    exec_sql (cut, "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)");
    g_assert_cmpint (verify (cut, &broken), ==, 1);
    g_assert_nonnull (strstr (broken, "end of log"));
  }
  /* Rewriting one entry with a recomputed hash still breaks the next link. */
  {
    g_autofree char *rewritten = copy_db (db, keep, "rewritten.sqlite");
    g_autofree char *broken = NULL;

    exec_sql (rewritten, "UPDATE audit_log SET hash = 'ffff' WHERE seq = (SELECT min(seq) FROM audit_log)");
    g_assert_cmpint (verify (rewritten, &broken), ==, 1);
  }
  /* Someone who can write the database cuts the tail and writes the head
   * that fits it: consistent inside the file, so only the anchor tells. */
  {
    g_autofree char *forged = copy_db (db, keep, "forged.sqlite");
    g_autofree char *anchor = g_strconcat (db, ".audit-anchor", NULL);
    g_autofree char *forged_anchor = g_strconcat (forged, ".audit-anchor", NULL);
    g_autofree char *alone = NULL;
    g_autofree char *broken = NULL;

    exec_sql (forged, "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log);"
                      "UPDATE server_meta SET value = (SELECT seq || ':' || hash FROM audit_log "
                      "  ORDER BY seq DESC LIMIT 1) WHERE key = 'audit_head'");
    g_assert_cmpint (verify (forged, &alone), ==, 0);
    g_assert_nonnull (strstr (alone, "WARNING: no head anchored outside the database"));

    g_assert_true (g_file_test (anchor, G_FILE_TEST_IS_REGULAR));
    g_free (copy_db (anchor, keep, "forged.sqlite.audit-anchor"));
    g_assert_true (g_file_test (forged_anchor, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpint (verify (forged, &broken), ==, 1);
    g_assert_true (g_str_has_prefix (broken, "BROKEN"));
    g_assert_nonnull (strstr (broken, "anchored outside the database"));
  }
  care_test_server_free (server);
  care_test_rmtree (keep);
}

/* The hash of an entry written before audit entries named a patient
 * (hash version 1), spelled out here as those servers computed it:
 * ten length-prefixed parts, NULL as "-;". */
static char *
legacy_hash (const char *const parts[10])
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *part = parts[i] ? g_strdup_printf ("%zu:%s;", strlen (parts[i]), parts[i]) : g_strdup ("-;");

      g_checksum_update (sum, (const guchar *) part, -1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

static void
assert_broken (const char *db,
               const char *dir,
               const char *name,
               const char *sql,
               const char *why)
{
  g_autofree char *copy = copy_db (db, dir, name);
  g_autofree char *out = NULL;

  exec_sql (copy, sql);
  g_assert_cmpint (verify (copy, &out), ==, 1);
  g_assert_true (g_str_has_prefix (out, "BROKEN"));
  g_assert_nonnull (strstr (out, why));
}

/* A log written by a version-5 server, before the patient column: after the
 * migration it still verifies, entries chained after it name their patient,
 * and the new column is covered on both sides of the change. */
static void
test_audit_before_patient_column (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "v5.sqlite", NULL);
  g_autofree char *prev = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *handle = NULL;

  {
    g_autoptr(CareStore) old = care_store_open_at_version (db, 5, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (care_store_get_schema_version (old), ==, 5);
  }
  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("0190c1e2-7a3b-7cde-8f00-00000000000%u", i);
      g_autofree char *at = g_strdup_printf ("2026-01-0%uT10:00:00.000Z", i + 1);
      const char *parts[10] = { prev, id, "t1", "u1", "nurse", i == 1 ? "create" : "read",
                                "vitals", i == 0 ? NULL : "0190c1e2-7a3b-7cde-8f00-0000000000aa", "WARD-3", at };
      g_autofree char *hash = legacy_hash (parts);
      char *sql =
        sqlite3_mprintf ("INSERT INTO audit_log (id, tenant_id, actor_id, actor_role, action, entity, record_id, "
                         "workstation, at, prev_hash, hash, created_at, created_by, updated_at, updated_by) "
                         "VALUES (%Q, 't1', 'u1', 'nurse', %Q, 'vitals', %Q, 'WARD-3', %Q, %Q, %Q, %Q, 'u1', %Q, 'u1')",
                         id, parts[5], parts[7], at, prev, hash, at, at);

      g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_free (sql);
      g_free (prev);
      prev = g_steal_pointer (&hash);
    }
  {
    char *sql = sqlite3_mprintf ("CREATE TABLE server_meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
                                 "INSERT INTO server_meta VALUES ('audit_head', '3:' || %Q)", prev);

    g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_free (sql);
  }
  sqlite3_close (handle);

  /* verify-audit opens it, so migrates it first: the old hashes hold. */
  g_assert_cmpint (verify (db, &out), ==, 0);
  g_assert_true (g_str_has_prefix (out, "OK: 3 audit entries"));
  g_clear_pointer (&out, g_free);

  /* A server of this version chains an entry about patient p1 after them. */
  {
    g_autoptr(CareStore) store = care_store_open (db, &error);
    CareServerStorage *storage;
    CareServerAuditEntry e = { .tenant_id = "t1", .actor_id = "u2", .actor_role = "doctor", .action = "read",
                               .entity = "clinical_note", .record_id = "0190c1e2-7a3b-7cde-8f00-0000000000bb",
                               .workstation = "ROOM-1", .at = "2026-01-04T10:00:00.000Z",
                               .patient_id = "0190c1e2-7a3b-7cde-8f00-0000000000cc",
                               .hash_version = CARE_SERVER_AUDIT_HASH_VERSION };
    CareServerAuditEntry *entries[] = { &e };

    g_assert_no_error (error);
    g_assert_cmpuint (care_store_get_schema_version (store), ==, care_schema_version ());
    g_clear_object (&store);
    storage = care_server_storage_open (db, &error);
    g_assert_no_error (error);
    g_assert_true (storage->v->audit_append (storage, entries, 1, &error));
    g_assert_no_error (error);
    care_server_storage_close (storage);
  }
  g_assert_cmpint (verify (db, &out), ==, 0);
  g_assert_true (g_str_has_prefix (out, "OK: 4 audit entries"));

  /* The new columns are covered: on a new entry, and on an old one, which
   * must keep none. */
  assert_broken (db, dir, "moved.sqlite", "UPDATE audit_log SET patient_id = 'someone-else' WHERE seq = 4", "altered");
  assert_broken (db, dir, "unnamed.sqlite", "UPDATE audit_log SET patient_id = NULL WHERE seq = 4", "altered");
  assert_broken (db, dir, "downgraded.sqlite", "UPDATE audit_log SET hash_version = NULL WHERE seq = 4", "altered");
  assert_broken (db, dir, "named.sqlite", "UPDATE audit_log SET patient_id = '0190c1e2-7a3b-7cde-8f00-0000000000cc' "
                                          "WHERE seq = 2", "names a patient");
  assert_broken (db, dir, "versioned.sqlite", "UPDATE audit_log SET hash_version = 1 WHERE seq = 2", "version");
  care_test_rmtree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/audit/chain-and-tampering", test_audit_chain);
  g_test_add_func ("/server/audit/before-the-patient-column", test_audit_before_patient_column);
  return g_test_run ();
}
