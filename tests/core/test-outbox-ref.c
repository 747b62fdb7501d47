/* test-outbox-ref.c: a bulk's insert entries refer to their rows
 *
 * The payload made from the row is the copy the one-row path writes, byte
 * for byte, and it is written into the entry before anything changes the
 * row (care-store-outbox-ref.c, docs/sync.md "The outbox").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "care-test-core.h"

/* The entry's payload column as stored (NULL: it refers to its row). */
static char *
stored_payload (CareStore  *store,
                const char *id)
{
  return care_store_query_text (store, "SELECT payload FROM outbox WHERE record_id = ?1 AND op = 'insert'", id, NULL);
}

/* The payload as every reader gets it (the push's list). */
static char *
read_payload (CareStore  *store,
              const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = care_store_outbox_list_pending (store, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      CareOutboxEntry *e = g_ptr_array_index (entries, i);

      if (g_str_equal (e->record_id, id) && g_str_equal (e->op, "insert"))
        return g_strdup (e->payload);
    }
  return NULL;
}

static CareRecord *
full_patient (const char *given)
{
  CareRecord *p = care_test_patient (given, "Núñez \"Ñ\" O'Brien");

  care_record_set (p, "phone", "+34 600 000 001");
  care_record_set (p, "email", "ana@example.org");
  care_record_set (p, "blood_type", "a_pos");
  care_record_set (p, "allergies", "[\"penicillin\",\"latex\"]");
  care_record_set (p, "risk_score", "42");
  care_record_set (p, "insurance_valid_until", "2027-01-31");
  care_record_set (p, "notes", "Línea uno\nlínea dos\t€");
  return p;
}

/* Rows inserted as a bulk does: entries kept and written many to a
 * statement, with no payload. */
static GPtrArray *
insert_as_bulk (CareStore *store,
                guint      n)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (care_store_begin (store, &error));
  care_store_outbox_batch_begin (store);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *given = g_strdup_printf ("Bulk%u", i);
      g_autoptr(CareRecord) p = full_patient (given);

      g_assert_true (care_store_insert_full (store, p, TRUE, &error));
      g_assert_no_error (error);
      g_ptr_array_add (ids, g_strdup (care_record_get_id (p)));
    }
  g_assert_true (care_store_outbox_batch_end (store, TRUE, &error));
  g_assert_true (care_store_commit (store, &error));
  g_assert_no_error (error);
  return ids;
}

/* The same record inserted alone (a copy) and by a bulk (a reference):
 * the same payload but for the id. */
static void
test_same_bytes (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(CareRecord) alone = full_patient ("Bulk0");
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL, *stored = NULL, *made = NULL;
  g_auto(GStrv) parts = NULL;

  care_clock_freeze (G_GINT64_CONSTANT (1796652300) * G_USEC_PER_SEC); /* 2026-12-07 14:05 UTC */
  g_assert_true (care_store_insert (store, alone, &error));
  g_assert_no_error (error);
  ids = insert_as_bulk (store, 1);
  care_clock_reset ();

  copy = stored_payload (store, care_record_get_id (alone));
  g_assert_nonnull (copy);
  stored = stored_payload (store, ids->pdata[0]);
  g_assert_null (stored);
  made = read_payload (store, ids->pdata[0]);
  g_assert_nonnull (made);
  parts = g_strsplit (made, ids->pdata[0], -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  g_free (made);
  made = g_strjoinv (care_record_get_id (alone), parts);
  g_assert_cmpstr (made, ==, copy);
  g_clear_object (&store);
  care_test_rmdir (dir);
}

/* Each way of changing the row writes the copy first, in its own
 * transaction; a rolled back one leaves the reference. */
static void
test_materialised_before_writes (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  const CareEntity *patient = care_schema_lookup ("patient");
  g_autoptr(GPtrArray) ids = insert_as_bulk (store, 7);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *stored = stored_payload (store, ids->pdata[i]);

      g_assert_null (stored);
      g_ptr_array_add (before, read_payload (store, ids->pdata[i]));
      g_assert_nonnull (before->pdata[i]);
    }

  /* 0: a local edit. */
  {
    g_autoptr(CareRecord) p = care_store_get (store, patient, ids->pdata[0], &error);
    g_autofree char *stored = NULL;

    care_record_set (p, "phone", "+34 600 999 999");
    g_assert_true (care_store_update (store, p, &error));
    g_assert_no_error (error);
    stored = stored_payload (store, ids->pdata[0]);
    g_assert_cmpstr (stored, ==, before->pdata[0]);
  }
  /* 1: a local deletion. */
  {
    g_autofree char *stored = NULL;

    g_assert_true (care_store_delete (store, patient, ids->pdata[1], &error));
    g_assert_no_error (error);
    stored = stored_payload (store, ids->pdata[1]);
    g_assert_cmpstr (stored, ==, before->pdata[1]);
  }
  /* 2: carried by a push, then the server's row comes with a pull. */
  {
    const char *mutation = NULL;
    g_autofree char *m = care_store_query_text (store, "SELECT mutation_id FROM outbox WHERE record_id = ?1",
                                                ids->pdata[2], NULL);
    g_autoptr(CareRecord) p = care_store_get (store, patient, ids->pdata[2], &error);
    g_autoptr(JsonObject) server_row = NULL;
    g_autofree char *stored = NULL, *read = NULL;

    mutation = m;
    g_assert_true (care_store_outbox_mark_sent (store, &mutation, 1, &error));
    stored = stored_payload (store, ids->pdata[2]);
    g_assert_cmpstr (stored, ==, before->pdata[2]);
    care_record_set (p, "city", "Pulledville");
    server_row = care_record_to_json (p);
    g_assert_true (care_store_sync_upsert (store, patient, server_row, NULL, &error));
    g_assert_no_error (error);
    read = read_payload (store, ids->pdata[2]);
    g_assert_cmpstr (read, ==, before->pdata[2]);
  }
  /* 3: a pull writes the row of an entry not sent yet; 4: deletes it. */
  {
    g_autoptr(CareRecord) p = care_store_get (store, patient, ids->pdata[3], &error);
    g_autoptr(JsonObject) server_row = NULL;
    g_autofree char *stored3 = NULL, *stored4 = NULL;

    care_record_set (p, "city", "Pulledtown");
    server_row = care_record_to_json (p);
    g_assert_true (care_store_sync_upsert (store, patient, server_row, NULL, &error));
    g_assert_true (care_store_sync_delete (store, patient, ids->pdata[4], NULL, &error));
    g_assert_no_error (error);
    stored3 = stored_payload (store, ids->pdata[3]);
    stored4 = stored_payload (store, ids->pdata[4]);
    g_assert_cmpstr (stored3, ==, before->pdata[3]);
    g_assert_cmpstr (stored4, ==, before->pdata[4]);
  }
  /* 5: an edit rolled back takes its copy with it. */
  {
    g_autoptr(CareRecord) p = care_store_get (store, patient, ids->pdata[5], &error);
    g_autofree char *stored = NULL, *read = NULL;

    g_assert_true (care_store_begin (store, &error));
    care_record_set (p, "city", "Nowhere");
    g_assert_true (care_store_update (store, p, &error));
    care_store_rollback (store);
    stored = stored_payload (store, ids->pdata[5]);
    g_assert_null (stored);
    read = read_payload (store, ids->pdata[5]);
    g_assert_cmpstr (read, ==, before->pdata[5]);
  }
  /* 6: a page of the pull writes the row, in a batch of upserts. */
  {
    g_autoptr(CareRecord) p = care_store_get (store, patient, ids->pdata[6], &error);
    g_autoptr(JsonArray) changes = json_array_new ();
    g_autoptr(GHashTable) changed = care_sync_changed_new ();
    JsonObject *change = json_object_new ();
    g_autofree char *stored = NULL, *city = NULL;

    care_record_set (p, "city", "Pagetown");
    json_object_set_int_member (change, "seq", 1);
    json_object_set_string_member (change, "entity", "patient");
    json_object_set_string_member (change, "id", ids->pdata[6]);
    json_object_set_string_member (change, "op", "upsert");
    json_object_set_object_member (change, "record", care_record_to_json (p));
    json_array_add_object_element (changes, change);
    g_assert_true (care_store_sync_apply_page (store, changes, 1, FALSE, 0, changed, &error));
    g_assert_no_error (error);
    city = care_store_query_text (store, "SELECT city FROM patients WHERE id = ?1", ids->pdata[6], NULL);
    g_assert_cmpstr (city, ==, "Pagetown");
    stored = stored_payload (store, ids->pdata[6]);
    g_assert_cmpstr (stored, ==, before->pdata[6]);
  }
  /* Only an insert may refer to its row. */
  g_assert_cmpint (sqlite3_exec (care_store_get_db (store), "UPDATE outbox SET payload = NULL WHERE op = 'update'",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_CHECK);
  g_clear_object (&store);
  care_test_rmdir (dir);
}

/* Whole sets of rows: patients leaving the scope (removed, their entries
 * kept), and a standalone store's rows moving into the server's clinic
 * (the entries keep the rows as recorded, in their first clinic). */
static void
test_scope_and_clinic (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GPtrArray) ids = insert_as_bulk (store, 2);
  g_autoptr(GPtrArray) moved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before0 = read_payload (store, ids->pdata[0]);
  g_autofree char *before1 = read_payload (store, ids->pdata[1]);
  g_autofree char *stored0 = NULL, *stored1 = NULL, *tenant = g_strdup (care_store_get_tenant_id (store));
  g_autofree char *clinic = care_uuid_v7 ();
  const char *const with[] = { "patient", "appointment", NULL };
  const char *const without[] = { "appointment", NULL };

  g_assert_true (care_store_sync_begin_resync (store, "one", with, NULL, &error));
  g_assert_true (care_store_sync_begin_resync (store, "two", without, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (care_store_count (store, care_schema_lookup ("patient")), ==, 0);
  stored0 = stored_payload (store, ids->pdata[0]);
  stored1 = stored_payload (store, ids->pdata[1]);
  g_assert_cmpstr (stored0, ==, before0);
  g_assert_cmpstr (stored1, ==, before1);

  moved = insert_as_bulk (store, 1);
  g_clear_pointer (&before0, g_free);
  g_clear_pointer (&stored0, g_free);
  before0 = read_payload (store, moved->pdata[0]);
  g_assert_nonnull (strstr (before0, tenant));
  g_assert_true (care_store_begin (store, &error));
  g_assert_true (care_store_sync_join_clinic (store, clinic, &error));
  g_assert_true (care_store_commit (store, &error));
  g_assert_no_error (error);
  stored0 = stored_payload (store, moved->pdata[0]);
  g_assert_cmpstr (stored0, ==, before0);
  g_clear_object (&store);
  care_test_rmdir (dir);
}

/* A store made at version 6 before its outbox allowed a reference keeps
 * writing copies. */
static void
test_older_outbox (void)
{
  g_autofree char *dir = care_test_tmpdir ();
  g_autoptr(CareStore) store = care_test_clinic_store (dir, 0);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL, *read = NULL;

  g_assert_true (care_store_exec (store, "CREATE TABLE outbox_old AS SELECT * FROM outbox; DROP TABLE outbox; "
                                         "CREATE TABLE outbox (seq INTEGER PRIMARY KEY, mutation_id TEXT NOT NULL UNIQUE, "
                                         "entity TEXT NOT NULL, record_id TEXT NOT NULL, op TEXT NOT NULL, "
                                         "payload TEXT NOT NULL, created_at TEXT NOT NULL, actor TEXT, "
                                         "state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, "
                                         "last_error TEXT, errors TEXT, snapshot TEXT); "
                                         "INSERT INTO outbox SELECT * FROM outbox_old; DROP TABLE outbox_old; "
                                         "CREATE INDEX outbox_record ON outbox (entity, record_id);", &error));
  g_assert_no_error (error);
  ids = insert_as_bulk (store, 1);
  stored = stored_payload (store, ids->pdata[0]);
  read = read_payload (store, ids->pdata[0]);
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored, ==, read);
  g_clear_object (&store);
  care_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox-ref/same-bytes", test_same_bytes);
  g_test_add_func ("/outbox-ref/materialised-before-writes", test_materialised_before_writes);
  g_test_add_func ("/outbox-ref/scope-and-clinic", test_scope_and_clinic);
  g_test_add_func ("/outbox-ref/older-outbox", test_older_outbox);
  return g_test_run ();
}
