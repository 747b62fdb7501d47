/* care-store-migrations.c: numbered schema upgrades derived from the model
 *
 * The store's PRAGMA user_version is its schema version. Step N creates the
 * entities whose .since is N, adds the columns whose .since is N to older
 * tables, and runs the hand-written SQL of step N below. Each step commits
 * in its own transaction, so an interrupted upgrade resumes where it stopped.
 * A store whose version is newer than this build is refused before anything
 * is written to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-lab-catalogue-store.h"
#include "care-store-private.h"
#include "care-uuid.h"

/* The patient search index: contentless FTS5 (the text lives in patients),
 * accent-insensitive, with prefix indexes for as-you-type search. The phone
 * is indexed both as typed (groups of digits) and as digits only; the MRN
 * both whole and as its number without leading zeros. */
#define PATIENT_SEARCH_VALUES(r) \
  r ".given_name || ' ' || " r ".family_name || coalesce(' ' || " r ".preferred_name, ''), " \
  "coalesce(" r ".phone || ' ' || replace(replace(replace(replace(replace(replace(replace(" r ".phone, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', ''), '/', ''), ''), " \
  "coalesce(" r ".email, ''), " \
  "coalesce(" r ".mrn || ' ' || ltrim(substr(" r ".mrn, instr(" r ".mrn, '-') + 1), '0'), '')"

static const char migration_2_sql[] =
  "CREATE VIRTUAL TABLE patient_search USING fts5("
  "  name, phone, email, mrn,"
  "  content='', prefix='2 3', tokenize='unicode61 remove_diacritics 2');"
  "CREATE TRIGGER patients_search_insert AFTER INSERT ON patients BEGIN"
  "  INSERT INTO patient_search (rowid, name, phone, email, mrn) VALUES (new.seq, " PATIENT_SEARCH_VALUES ("new") ");"
  "END;"
  "CREATE TRIGGER patients_search_delete AFTER DELETE ON patients BEGIN"
  "  INSERT INTO patient_search (patient_search, rowid, name, phone, email, mrn) VALUES ('delete', old.seq, " PATIENT_SEARCH_VALUES ("old") ");"
  "END;"
  "CREATE TRIGGER patients_search_update AFTER UPDATE OF given_name, family_name, preferred_name, phone, email, mrn ON patients BEGIN"
  "  INSERT INTO patient_search (patient_search, rowid, name, phone, email, mrn) VALUES ('delete', old.seq, " PATIENT_SEARCH_VALUES ("old") ");"
  "  INSERT INTO patient_search (rowid, name, phone, email, mrn) VALUES (new.seq, " PATIENT_SEARCH_VALUES ("new") ");"
  "END;"
  /* Patients registered before the index existed become searchable. */
  "INSERT INTO patient_search (rowid, name, phone, email, mrn) SELECT seq, " PATIENT_SEARCH_VALUES ("patients") " FROM patients;";

/* Version 5: the search index as people type (issue: "search that never
 * misses"). One-letter prefixes are indexed, so "b" and "tomas d" find
 * what they should (version 6 answers them from the two-letter ones
 * instead); a name is indexed as written and, where it differs,
 * the way it is typed (care_search_name: "O'Brien" also as "obrien", "Weiß"
 * as "weiss"); a phone also by its national digits and last four
 * (care_search_phone). The functions are care-search.c's, registered on
 * every connection the store opens (CARE_PATIENT_SEARCH_VALUES,
 * care-store-private.h, which care-store-bulk.c shares). The table as
 * version 5 made it, with the given prefix indexes: */
#define PATIENT_SEARCH_SQL(prefixes) \
  "CREATE VIRTUAL TABLE patient_search USING fts5(" \
  "  name, phone, email, mrn," \
  "  content='', prefix='" prefixes "', tokenize='unicode61 remove_diacritics 2');" \
  "CREATE TRIGGER patients_search_insert AFTER INSERT ON patients BEGIN" \
  "  INSERT INTO patient_search (rowid, name, phone, email, mrn) VALUES (new.seq, " CARE_PATIENT_SEARCH_VALUES ("new") ");" \
  "END;" \
  "CREATE TRIGGER patients_search_delete AFTER DELETE ON patients BEGIN" \
  "  INSERT INTO patient_search (patient_search, rowid, name, phone, email, mrn) VALUES ('delete', old.seq, " CARE_PATIENT_SEARCH_VALUES ("old") ");" \
  "END;" \
  "CREATE TRIGGER patients_search_update AFTER UPDATE OF given_name, family_name, preferred_name, phone, email, mrn ON patients BEGIN" \
  "  INSERT INTO patient_search (patient_search, rowid, name, phone, email, mrn) VALUES ('delete', old.seq, " CARE_PATIENT_SEARCH_VALUES ("old") ");" \
  "  INSERT INTO patient_search (rowid, name, phone, email, mrn) VALUES (new.seq, " CARE_PATIENT_SEARCH_VALUES ("new") ");" \
  "END;" \
  "INSERT INTO patient_search (rowid, name, phone, email, mrn) SELECT seq, " CARE_PATIENT_SEARCH_VALUES ("patients") " FROM patients;"

#define DROP_PATIENT_SEARCH \
  "DROP TRIGGER patients_search_insert;" \
  "DROP TRIGGER patients_search_delete;" \
  "DROP TRIGGER patients_search_update;" \
  "DROP TABLE patient_search;"

static const char migration_5_sql[] =
  DROP_PATIENT_SEARCH
  PATIENT_SEARCH_SQL ("1 2 3")
  /* The list's order by name in the user's language (care-collation.c).
   * A stored column kept by triggers, not a generated one: VACUUM and
   * integrity checks by other tools then need none of core's functions. */
  "ALTER TABLE patients ADD COLUMN sort_key BLOB;"
  "UPDATE patients SET sort_key = care_sort_key(family_name, given_name);"
  "CREATE INDEX patients_sort_key ON patients (sort_key, id);"
  "CREATE TRIGGER patients_sort_key_insert AFTER INSERT ON patients BEGIN"
  "  UPDATE patients SET sort_key = care_sort_key(new.family_name, new.given_name) WHERE seq = new.seq;"
  "END;"
  "CREATE TRIGGER patients_sort_key_update AFTER UPDATE OF family_name, given_name ON patients BEGIN"
  "  UPDATE patients SET sort_key = care_sort_key(new.family_name, new.given_name) WHERE seq = new.seq;"
  "END;"
  /* A medicine's unexpired stock, summed from the index alone for the
   * stock list and its alerts (care-stock-list.c). */
  "CREATE INDEX stock_batches_medicine_expiry ON stock_batches (medicine_id, expiry_date, quantity);"
  /* Changes the server applied, kept for a while (sync_keep_sent): what a
   * workstation sends back to a server restored from an older backup
   * (docs/sync.md, "A restored server"). */
  "CREATE TABLE sync_sent ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  mutation_id TEXT NOT NULL UNIQUE,"
  "  entity TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  op TEXT NOT NULL,"
  "  payload TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  actor TEXT,"
  "  acked_at INTEGER NOT NULL);"
  "CREATE INDEX sync_sent_acked ON sync_sent (acked_at);";

/* Version 3: what the workstation's sync engine keeps (docs/sync.md). */
static const char migration_3_sql[] =
  /* Changes the server kept as conflicts, until someone resolves them. */
  "CREATE TABLE sync_conflicts ("
  "  id TEXT PRIMARY KEY,"
  "  mutation_id TEXT NOT NULL,"
  "  entity TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('field', 'deleted', 'edited')),"
  "  detail TEXT NOT NULL,"
  "  payload TEXT NOT NULL,"
  "  actor TEXT,"
  "  created_at TEXT NOT NULL,"
  "  resolved_at TEXT,"
  "  resolved_by TEXT);"
  "CREATE INDEX sync_conflicts_open ON sync_conflicts (resolved_at, created_at);"
  "CREATE INDEX sync_conflicts_record ON sync_conflicts (entity, record_id);"
  /* Ids seen by a full resync in progress. */
  "CREATE TABLE sync_resync_seen (entity TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (entity, id)) WITHOUT ROWID;"
  /* Why the server refused an entry: the field messages (JSON array of
   * {field, message}) beside last_error's readable reason. */
  "ALTER TABLE outbox ADD COLUMN errors TEXT;"
  /* The record as it was when a pull deleted it under a pending local
   * change (JSON): what re-creating it from the local values starts from. */
  "ALTER TABLE outbox ADD COLUMN snapshot TEXT;";

/* Version 6: a bulk's insert entry refers to its row (payload NULL,
 * care-store-outbox-ref.c). SQLite cannot drop a NOT NULL: the table is
 * made again, as it was but for that. The new CHECK has no IN list, so
 * a one-row INSERT builds no temporary b-tree for it (docs/sync.md). */
#define MIGRATION_6_OUTBOX \
  "CREATE TABLE outbox_6 (" \
  "  seq INTEGER PRIMARY KEY," \
  "  mutation_id TEXT NOT NULL UNIQUE," \
  "  entity TEXT NOT NULL," \
  "  record_id TEXT NOT NULL," \
  "  op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete'))," \
  "  payload TEXT CHECK (payload IS NOT NULL OR op = 'insert')," \
  "  created_at TEXT NOT NULL," \
  "  actor TEXT," \
  "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected'))," \
  "  attempts INTEGER NOT NULL DEFAULT 0," \
  "  last_error TEXT," \
  "  errors TEXT," \
  "  snapshot TEXT);" \
  "INSERT INTO outbox_6 SELECT seq, mutation_id, entity, record_id, op, payload, created_at, actor, " \
  "  state, attempts, last_error, errors, snapshot FROM outbox;" \
  "DROP TABLE outbox;" \
  "ALTER TABLE outbox_6 RENAME TO outbox;" \
  "CREATE INDEX outbox_state ON outbox (state, seq);" \
  "CREATE INDEX outbox_record ON outbox (entity, record_id);"

static const char *const migration_sql[] = {
  [1] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    /* Local changes waiting for the server; written in the same transaction
     * as the change itself. */
    "CREATE TABLE outbox ("
    "  seq INTEGER PRIMARY KEY,"
    "  mutation_id TEXT NOT NULL UNIQUE,"
    "  entity TEXT NOT NULL,"
    "  record_id TEXT NOT NULL,"
    "  op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),"
    "  payload TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  actor TEXT,"
    "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT);"
    "CREATE INDEX outbox_state ON outbox (state, seq);"
    "CREATE INDEX outbox_record ON outbox (entity, record_id);",
  [2] = migration_2_sql,
  [3] = migration_3_sql,
  /* Version 4: an appointment status (in consultation), consulting hours'
   * slots and breaks, doctors' leave, NEWS2 inputs on vitals come from the
   * model.  A doctor's and a patient's appointments by time: the calendar's
   * range and the next free slot read a few rows of a year's 200,000
   * (BENCHMARKS.md: 0.12 ms instead of 4-8 ms). */
  [4] = "CREATE INDEX appointments_provider_starts ON appointments (provider_id, starts_at);"
        "CREATE INDEX appointments_patient_starts ON appointments (patient_id, starts_at);"
        /* The laboratory's queue, a priority at a time, oldest first:
         * a few hundred rows of a year's 100,000 (care-lab-queue.c). */
        "CREATE INDEX lab_tests_queue ON lab_tests (priority, status, created_at, id);"
        "CREATE INDEX lab_tests_priority ON lab_tests (priority, created_at, id);"
        /* A patient's chart reads each kind of record newest first, a
         * page at a time (care-chart.c; BENCHMARKS.md). */
        "CREATE INDEX clinical_notes_patient_created ON clinical_notes (patient_id, created_at);"
        "CREATE INDEX vitals_patient_recorded ON vitals (patient_id, recorded_at);"
        "CREATE INDEX lab_tests_patient_created ON lab_tests (patient_id, created_at);"
        "CREATE INDEX prescriptions_patient_created ON prescriptions (patient_id, created_at);"
        "CREATE INDEX medications_patient_created ON medications (patient_id, created_at);"
        "CREATE INDEX imaging_studies_patient_created ON imaging_studies (patient_id, created_at);"
        "CREATE INDEX bed_allocations_patient_admitted ON bed_allocations (patient_id, admitted_at);"
        "CREATE INDEX treatments_patient_created ON treatments (patient_id, created_at);",
  [5] = migration_5_sql,
  /* Version 6: fields and entities with .since = 6; SQL here only where
   * deriving them from the schema is not enough. */
  /* The reports (care-report-queries.c): each figure is a range of a
   * covering index (a status's or a doctor's appointments in the period),
   * or rows grouped in an index's order, never the period's rows sorted
   * (BENCHMARKS.md, 1,000,000 patients and five years of invoices). */
  [6] = MIGRATION_6_OUTBOX
        "CREATE INDEX appointments_status_reports ON appointments (tenant_id, status, starts_at);"
        "CREATE INDEX appointments_provider_reports ON appointments (tenant_id, provider_id, starts_at, status);"
        "CREATE INDEX invoices_reports ON invoices (tenant_id, issued_on, status, total);"
        "CREATE INDEX payments_reports ON payments (tenant_id, substr (received_at, 1, 10), amount, received_at);"
        "CREATE INDEX clinical_notes_reports ON clinical_notes (tenant_id, author_id, created_at);"
        "CREATE INDEX prescriptions_reports ON prescriptions (tenant_id, prescriber_id, issued_on);"
        "CREATE INDEX patients_country_reports ON patients (tenant_id, country, created_at);"
        "CREATE INDEX patients_birth_reports ON patients (tenant_id, date_of_birth, created_at);"
        "CREATE INDEX patients_conditions_reports ON patients (tenant_id, conditions, created_at);"
    /* The chart's timeline reads a patient's forms by time (care-chart.c). */
    "CREATE INDEX form_submissions_patient_created ON form_submissions (patient_id, created_at);"
    /* ... and the messages about the patient. */
    "CREATE INDEX messages_patient_created ON messages (patient_id, created_at);"
    /* The patient list's length, kept by triggers: count(*) reads the
     * whole smallest index, 323 ms cold at a million patients
     * (care-patient-model.c; a bulk insert catches up in care-store-bulk.c). */
    "CREATE TABLE patient_count (one INTEGER PRIMARY KEY CHECK (one = 1), n INTEGER NOT NULL);"
    "INSERT INTO patient_count VALUES (1, (SELECT count(*) FROM patients));"
    "CREATE TRIGGER patients_count_insert AFTER INSERT ON patients BEGIN"
    "  UPDATE patient_count SET n = n + 1;"
    "END;"
    "CREATE TRIGGER patients_count_delete AFTER DELETE ON patients BEGIN"
    "  UPDATE patient_count SET n = n - 1;"
    "END;"
    /* The names alone, for a search with an initial ("tomas d"): in
     * patient_search a letter's prefix also lists every patient whose
     * email or record number has a word starting with it (all of them for
     * the "e" of "example.org" or a workstation code's letter), which
     * "name :" then skips one by one (care-search.c). Rowids only
     * (detail=none): 11 MB at a million patients, built in 3.4 s of CPU
     * (BENCHMARKS.md, "Local store at clinic scale"). */
    "CREATE VIRTUAL TABLE patient_name_search USING fts5("
    "  name, content='', prefix='2', detail=none, columnsize=0,"
    "  tokenize='unicode61 remove_diacritics 2');"
    "CREATE TRIGGER patients_name_search_insert AFTER INSERT ON patients BEGIN"
    "  INSERT INTO patient_name_search (rowid, name) VALUES (new.seq, " CARE_PATIENT_SEARCH_NAME ("new") ");"
    "END;"
    "CREATE TRIGGER patients_name_search_delete AFTER DELETE ON patients BEGIN"
    "  INSERT INTO patient_name_search (patient_name_search, rowid, name) VALUES ('delete', old.seq, " CARE_PATIENT_SEARCH_NAME ("old") ");"
    "END;"
    "CREATE TRIGGER patients_name_search_update AFTER UPDATE OF given_name, family_name, preferred_name ON patients BEGIN"
    "  INSERT INTO patient_name_search (patient_name_search, rowid, name) VALUES ('delete', old.seq, " CARE_PATIENT_SEARCH_NAME ("old") ");"
    "  INSERT INTO patient_name_search (rowid, name) VALUES (new.seq, " CARE_PATIENT_SEARCH_NAME ("new") ");"
    "END;"
    "INSERT INTO patient_name_search (rowid, name) SELECT seq, " CARE_PATIENT_SEARCH_NAME ("patients") " FROM patients;"
    /* No index of one-character prefixes (version 5 had them): a word of
     * one character is its two-character prefixes the index has
     * (care-search-letter.c). They were an entry for nearly every token:
     * 31% of a million-row import's catch-up (BENCHMARKS.md, "Importing a
     * patient list"). */
    DROP_PATIENT_SEARCH
    PATIENT_SEARCH_SQL ("2 3")
    /* Indexes of patients that no query's plan uses, though every patient
     * written pays for them (test-store-plans): (family_name NOCASE,
     * given_name NOCASE, id), since the list sorts by sort_key and the
     * search its few matches in memory; (country), since the reports read
     * patients_country_reports and a filter by country is planned on the
     * clinic's (tenant_id) index. The model keeps them for the PostgreSQL
     * schema (care-schema.c). IF EXISTS: a store is made from the model
     * of its day's build. */
    "DROP INDEX IF EXISTS patients_index_0;"
    "DROP INDEX IF EXISTS patients_country;"
    /* The same for the model's (facility_id) and (updated_at): a list or
     * count by facility is planned on the clinic's index too, and nothing
     * of the local store reads patients by when they changed (the sync
     * reads the outbox). Both were written by every patient's insert and
     * update, and a million-row import made them again: 1.0 s and 42 MB
     * (BENCHMARKS.md, "Importing a patient list"). (status) stays: a
     * count by status uses it. */
    "DROP INDEX IF EXISTS patients_facility_id;"
    "DROP INDEX IF EXISTS patients_updated;"
    /* The list's two orders of its own, by name and by record number, end
     * with the rowid (seq) each index entry holds anyway, not with the id
     * (care-patient-model.c): a tie of two equal names or two missing
     * record numbers only needs an order that stays put. Without the
     * 36-byte id each entry is about half as long, and a million-row
     * import sorts and writes that much less (BENCHMARKS.md, "Importing a
     * patient list"). The model's (mrn, id) stays for the PostgreSQL
     * schema. */
    "DROP INDEX IF EXISTS patients_index_1;"
    "CREATE INDEX patients_mrn ON patients (mrn);"
    "DROP INDEX patients_sort_key;"
    "CREATE INDEX patients_sort_key ON patients (sort_key);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migration_sql) == 7);

/* The opening receipt's id for a batch: the same on every copy of the
 * clinic's data that migrates (the server's and each workstation's), so
 * the receipts never count twice when they meet. */
static char *
opening_receipt_id (const char *batch_id)
{
  g_autofree char *seed = g_strconcat ("opening-receipt:", batch_id, NULL);

  return care_uuid_v8_from_name (seed);
}

/* Version 3 kept batches' quantities without a ledger: each batch holding
 * stock gets one receipt of its quantity, so that the quantity is the sum
 * of its movements (care_stock_check_ledger()). */
static gboolean
write_opening_receipts (CareStore  *self,
                        GError    **error)
{
  sqlite3 *db = care_store_get_db (self);
  sqlite3_stmt *batches = NULL;
  sqlite3_stmt *insert = NULL;
  gboolean ok = TRUE;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT id, tenant_id, medicine_id, quantity, "
                              "coalesce (received_on || 'T00:00:00Z', created_at), created_at, "
                              "coalesce (created_by, updated_by, '') FROM stock_batches b "
                              "WHERE quantity <> 0 AND NOT EXISTS "
                              "(SELECT 1 FROM stock_movements m WHERE m.batch_id = b.id)",
                          -1, &batches, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO stock_movements (id, tenant_id, batch_id, medicine_id, kind, "
                              "quantity, reason, actor_id, at, created_at, created_by, updated_at, updated_by) "
                              "VALUES (?1, ?2, ?3, ?4, 'receipt', ?5, ?6, ?7, ?8, ?9, ?7, ?9, ?7)",
                          -1, &insert, NULL) != SQLITE_OK)
    {
      ok = care_store_set_sqlite_error (self, error);
      goto out;
    }
  while (ok && (rc = sqlite3_step (batches)) == SQLITE_ROW)
    {
      g_autofree char *id = opening_receipt_id ((const char *) sqlite3_column_text (batches, 0));

      sqlite3_bind_text (insert, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 3, (const char *) sqlite3_column_text (batches, 0), -1, SQLITE_TRANSIENT);
      sqlite3_bind_value (insert, 2, sqlite3_column_value (batches, 1));
      sqlite3_bind_value (insert, 4, sqlite3_column_value (batches, 2));
      sqlite3_bind_int64 (insert, 5, sqlite3_column_int64 (batches, 3));
      sqlite3_bind_text (insert, 6, _("Opening stock, counted before the ledger began"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_value (insert, 7, sqlite3_column_value (batches, 6));
      sqlite3_bind_value (insert, 8, sqlite3_column_value (batches, 4));
      sqlite3_bind_value (insert, 9, sqlite3_column_value (batches, 5));
      if (sqlite3_step (insert) != SQLITE_DONE)
        ok = care_store_set_sqlite_error (self, error);
      sqlite3_reset (insert);
    }
  if (ok && rc != SQLITE_DONE)
    ok = care_store_set_sqlite_error (self, error);

out:
  sqlite3_finalize (batches);
  sqlite3_finalize (insert);
  return ok;
}

/* Version 6 keeps the laboratory's catalogue as clinic data: each clinic
 * already here starts from the built-in one (the same rows on the server
 * and on each workstation: care-lab-catalogue-store.h). */
static gboolean
seed_lab_catalogues (CareStore  *self,
                     GError    **error)
{
  sqlite3_stmt *tenants = NULL;
  gboolean ok = TRUE;
  int rc;

  if (sqlite3_prepare_v2 (care_store_get_db (self), "SELECT id FROM tenants", -1, &tenants, NULL) != SQLITE_OK)
    return care_store_set_sqlite_error (self, error);
  while (ok && (rc = sqlite3_step (tenants)) == SQLITE_ROW)
    {
      ok = care_lab_catalogue_seed (self, (const char *) sqlite3_column_text (tenants, 0), error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = care_store_set_sqlite_error (self, error);
  sqlite3_finalize (tenants);
  return ok;
}

/* Steps that need more than SQL, run after migration_sql[N]. */
static gboolean (*const migration_code[]) (CareStore *, GError **) = {
  [4] = write_opening_receipts,
  [5] = NULL,
  [6] = seed_lab_catalogues,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migration_code) == G_N_ELEMENTS (migration_sql));

static const char *
sql_type (const CareField *field)
{
  switch (field->type)
    {
    case CARE_FIELD_INT:
    case CARE_FIELD_MONEY:
    case CARE_FIELD_BOOL:
      return "INTEGER";
    case CARE_FIELD_DECIMAL:
      return "REAL";
    case CARE_FIELD_BLOB:
      return "BLOB";
    default:
      return "TEXT";
    }
}

static void
append_column (GString         *sql,
               const CareField *field,
               gboolean         in_create)
{
  g_string_append_printf (sql, "%s %s", field->name, sql_type (field));
  /* NOT NULL only where the column is born with its table: ALTER TABLE
   * cannot add a NOT NULL column without a default. */
  if (in_create && (field->flags & CARE_FIELD_REQUIRED))
    g_string_append (sql, " NOT NULL");
}

static guint
since (guint v)
{
  return v ? v : 1;
}

static void
append_indexes (GString          *sql,
                const CareEntity *entity,
                guint             version)
{
  gboolean global = (entity->flags & CARE_ENTITY_GLOBAL) != 0;
  gboolean new_entity = since (entity->since) == version;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const CareField *field = &entity->fields[i];
      gboolean nocase = field->type == CARE_FIELD_TEXT || field->type == CARE_FIELD_EMAIL;

      if (since (field->since) != version && !(new_entity && since (field->since) <= version))
        continue;

      if (field->flags & CARE_FIELD_UNIQUE)
        g_string_append_printf (sql, "CREATE UNIQUE INDEX %s_%s_unique ON %s (%s%s%s);",
                                entity->table, field->name, entity->table,
                                global ? "" : "tenant_id, ", field->name,
                                nocase ? " COLLATE NOCASE" : "");
      else if ((field->flags & CARE_FIELD_INDEXED) || field->type == CARE_FIELD_REF)
        g_string_append_printf (sql, "CREATE INDEX %s_%s ON %s (%s);",
                                entity->table, field->name, entity->table, field->name);
    }

  if (!new_entity)
    return;

  for (guint k = 0; entity->unique && entity->unique[k]; k++)
    g_string_append_printf (sql, "CREATE UNIQUE INDEX %s_unique_%u ON %s (tenant_id, %s);",
                            entity->table, k, entity->table, entity->unique[k]);
  for (guint k = 0; entity->indexes && entity->indexes[k]; k++)
    g_string_append_printf (sql, "CREATE INDEX %s_index_%u ON %s (%s);",
                            entity->table, k, entity->table, entity->indexes[k]);
  g_string_append_printf (sql, "CREATE INDEX %s_updated ON %s (updated_at);",
                          entity->table, entity->table);
}

/* The DDL of one step, derived from the model. */
static char *
migration_ddl (guint version)
{
  guint n_entities;
  const CareEntity *const *entities = care_schema_entities (&n_entities);
  GString *sql = g_string_new (NULL);

  for (guint e = 0; e < n_entities; e++)
    {
      const CareEntity *entity = entities[e];

      if (since (entity->since) == version)
        {
          /* seq: a stable local row number (the search index refers to it);
           * id: the UUIDv7 every workstation and the server know. */
          g_string_append_printf (sql,
                                  "CREATE TABLE %s (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, tenant_id TEXT",
                                  entity->table);
          for (guint i = 0; i < entity->n_fields; i++)
            if (since (entity->fields[i].since) <= version)
              {
                g_string_append (sql, ", ");
                append_column (sql, &entity->fields[i], TRUE);
              }
          g_string_append (sql, ", created_at TEXT NOT NULL, created_by TEXT,"
                                " updated_at TEXT NOT NULL, updated_by TEXT);");
        }
      else if (since (entity->since) < version)
        {
          for (guint i = 0; i < entity->n_fields; i++)
            if (since (entity->fields[i].since) == version)
              {
                g_string_append_printf (sql, "ALTER TABLE %s ADD COLUMN ", entity->table);
                append_column (sql, &entity->fields[i], FALSE);
                g_string_append (sql, ";");
              }
        }
      else
        continue;

      append_indexes (sql, entity, version);
    }

  return g_string_free (sql, FALSE);
}

static guint
read_user_version (CareStore *self)
{
  sqlite3_stmt *stmt = NULL;
  guint version = 0;

  if (sqlite3_prepare_v2 (care_store_get_db (self), "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

gboolean
care_store_migrate (CareStore *self,
                    guint      target,
                    GError   **error)
{
  guint current;

  g_return_val_if_fail (target <= care_schema_version (), FALSE);

  /* Reading the version also tells whether this is a database at all. */
  if (!care_store_exec (self, "SELECT count(*) FROM sqlite_schema", error))
    return FALSE;
  current = read_user_version (self);

  if (current > care_schema_version ())
    {
      g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NEWER_SCHEMA,
                   _("This clinic database was written by a newer version of Caredesk "
                     "(database version %u; this version understands up to %u). "
                     "Update Caredesk on this workstation to open it. "
                     "The database has not been changed."),
                   current, care_schema_version ());
      return FALSE;
    }

  for (guint version = current + 1; version <= target; version++)
    {
      g_autofree char *ddl = migration_ddl (version);
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u;", version);

      g_debug ("Upgrading %s to schema version %u", care_store_get_path (self), version);
      if (!care_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!care_store_exec (self, ddl, error) ||
          (migration_sql[version] && !care_store_exec (self, migration_sql[version], error)) ||
          (migration_code[version] && !migration_code[version] (self, error)) ||
          !care_store_exec (self, bump, error) ||
          !care_store_exec (self, "COMMIT", error))
        {
          care_store_exec (self, "ROLLBACK", NULL);
          g_prefix_error (error, _("Could not upgrade the clinic database to version %u: "), version);
          return FALSE;
        }
    }

  care_store_set_schema_version (self, MAX (current, target));
  return TRUE;
}
