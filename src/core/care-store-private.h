/* care-store-private.h: for the core's own files and its tests
 *
 * Everything else goes through care-store.h, care-store-sync.h (the sync
 * engine) or care-store-sql.h (the server's SQLite storage, benchmarks);
 * tests/core/check-private-header.sh keeps it so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store-sql.h"
#include "care-store-sync.h"

G_BEGIN_DECLS

/* What the patient search index holds of a row r (store version 5): the
 * name as written and as typed, the phone's forms, the email, the MRN. */
#define CARE_PATIENT_SEARCH_NAME(r) \
  "care_search_name(" r ".given_name, " r ".family_name, " r ".preferred_name)"
#define CARE_PATIENT_SEARCH_VALUES(r) \
  CARE_PATIENT_SEARCH_NAME (r) ", " \
  "care_search_phone(" r ".phone), " \
  "coalesce(" r ".email, ''), " \
  "coalesce(" r ".mrn || ' ' || ltrim(substr(" r ".mrn, instr(" r ".mrn, '-') + 1), '0'), '')"

/* The columns of a patient those read (care-store-bulk-search.c hands them
 * to a thread that builds the index). */
#define CARE_PATIENT_SEARCH_COLUMNS "given_name, family_name, preferred_name, phone, email, mrn"

/* Many new rows of one table in one transaction (care-store-bulk.c): the
 * insert triggers' work and, for a table that at least doubles, its
 * indexes are done once at the end. Between begin and finish, insert the
 * rows as usual (care_store_insert_full…); abort rolls everything back. */
typedef struct _CareStoreBulk CareStoreBulk;
CareStoreBulk *care_store_bulk_begin       (CareStore        *store,
                                            const CareEntity *entity,
                                            guint             n_rows,
                                            GError          **error);
gboolean      care_store_bulk_finish       (CareStoreBulk    *bulk,
                                            GError          **error);
/* The steps finish takes (catch-ups, indexes made again, the commit),
 * each of which adds per_step to *counter (atomically) as it ends. */
guint         care_store_bulk_get_n_steps  (CareStoreBulk    *bulk);
void          care_store_bulk_set_progress (CareStoreBulk    *bulk,
                                            gint             *counter,
                                            gint              per_step);
void          care_store_bulk_abort        (CareStoreBulk    *bulk);
/* Until called again with column NULL, the entity's rows are inserted
 * with column = value as well (an SQL expression of the row's columns by
 * name): a bulk's catch-up done in the insert. */
gboolean      care_store_set_insert_column (CareStore        *self,
                                            const CareEntity *entity,
                                            const char       *column,
                                            const char       *value,
                                            GError          **error);

/* Inside a transaction, until _end(): outbox entries are kept and written
 * many to a statement (a bulk's); _end() writes the rest, or drops them
 * when write is FALSE (the transaction is rolled back). */
void          care_store_outbox_batch_begin (CareStore       *self);
gboolean      care_store_outbox_batch_end  (CareStore        *self,
                                            gboolean          write,
                                            GError          **error);

/* SQLite's process-wide settings, once, before its first connection. */
void          care_store_configure_sqlite  (void);
/* Opens without upgrading past version (tests of migrations). */
CareStore    *care_store_open_at_version   (const char       *path,
                                            guint             version,
                                            GError          **error);
/* A worker thread's own connection to the file of a store at version
 * (care-store-worker.c): the store's open flags, busy timeout, pragmas and
 * SQL functions; read-only unless writable; never creates the file. */
CareStore    *care_store_open_worker       (const char       *path,
                                            guint             version,
                                            gboolean          writable,
                                            GError          **error);
gboolean      care_store_migrate           (CareStore        *self,
                                            guint             target,
                                            GError          **error);
/* What opening a store at target would do first, read on db (any
 * connection to its file; nothing is written): care-store-opening.c. */
gboolean      care_store_read_pending_work (sqlite3          *db,
                                            guint             target,
                                            CareStoreWork    *what,
                                            GError          **error);
/* The patients' sort keys made again if LC_COLLATE is not the one they
 * were made for, in one transaction, telling progress as it goes. */
gboolean      care_store_check_collation   (CareStore        *self,
                                            CareStoreProgressFunc progress,
                                            gpointer          progress_data,
                                            GError          **error);
/* Tests only: while held, care_store_open_async()'s worker waits before
 * it begins, so that a test sees what shows during the work. Releasing
 * lets every waiting worker go. */
void          care_store_open_hold_for_test (gboolean         hold);
/* The SQL functions the patient search index is built with (care-search.c);
 * every connection to a store needs them before it writes a patient. */
void          care_search_register_functions (sqlite3        *db);
/* care_sort_key(family, given): the patients' generated sort_key. */
void          care_collation_register      (sqlite3          *db);
void          care_store_set_schema_version(CareStore        *self,
                                            guint             version);
void          care_store_note_change       (CareStore        *self,
                                            const CareEntity *entity,
                                            const char       *id);
/* Adds an outbox entry {op, payload} of the record (payload is taken). */
gboolean      care_store_outbox_add        (CareStore        *self,
                                            const CareEntity *entity,
                                            const char       *record_id,
                                            const char       *op,
                                            JsonObject       *payload,
                                            GError          **error);
/* An insert's payload, {"fields": the record's values}: the one builder
 * of every insert entry, copied or made from its row. */
void          care_store_outbox_insert_payload (GString          *out,
                                            const CareRecord *record);
/* A bulk's insert entry has payload NULL and refers to its row, which is
 * as it was inserted until the entry is materialised (its copy written
 * in): care-store-outbox-ref.c, docs/sync.md "The outbox". The payload of
 * such an entry, made from its row (NULL and a critical if it is gone). */
char         *care_store_outbox_ref_payload (CareStore        *self,
                                            const CareEntity *entity,
                                            const char       *record_id,
                                            GError          **error);
/* Before anything writes or deletes the row, in its transaction. */
gboolean      care_store_outbox_materialise (CareStore        *self,
                                            const CareEntity *entity,
                                            const char       *record_id,
                                            GError          **error);
/* The entry of that mutation id, if it refers to its row. */
gboolean      care_store_outbox_materialise_entry (CareStore  *self,
                                            const char       *mutation_id,
                                            GError          **error);
/* Every entry of entity (NULL: of any) that refers to its row. */
gboolean      care_store_outbox_materialise_all (CareStore    *self,
                                            const CareEntity *entity,
                                            GError          **error);
/* {updated_at, updated_by} of a record's JSON: kept in an update's outbox
 * payload as "stamp" (care-store-outbox-net.c). */
JsonObject   *care_store_outbox_stamp      (JsonObject       *record);
/* A pull wrote the server's row under a pending update: the stamp that
 * update gives back when undone is now the row's (the server's). */
gboolean      care_store_outbox_restamp    (CareStore        *self,
                                            const CareEntity *entity,
                                            const char       *record_id,
                                            const char       *mutation_id,
                                            JsonObject       *payload,
                                            GError          **error);
/* The row's updated_at and updated_by go back to the payload's stamp (an
 * edit that sends nothing: undone, or discarded after a refusal). */
gboolean      care_store_outbox_restore_stamp (CareStore     *self,
                                            const CareEntity *entity,
                                            const char       *id,
                                            JsonObject       *payload,
                                            GError          **error);
/* Shifts the timestamps this store writes (tests of a skewed clock). */
void          care_store_set_clock_offset  (CareStore        *self,
                                            gint64            seconds);
gint64        care_store_get_clock_offset  (CareStore        *self);

G_END_DECLS
