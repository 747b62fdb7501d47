/* care-store-sql.h: SQL on a store, for the server's SQLite storage and the benchmarks
 *
 * The store's connection and the helpers that read and write its rows in
 * the canonical forms (care-record.h, care-json.h). The app, the sync
 * engine and core's other callers use care-store.h and care-store-sync.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "care-store.h"

G_BEGIN_DECLS

sqlite3      *care_store_get_db            (CareStore        *self);
/* The SQL functions a store's triggers use (the patient search index's and
 * the list's sort key): another connection to a store file needs them
 * before it writes a patient. */
void          care_store_add_sql_functions (sqlite3          *db);
gboolean      care_store_exec              (CareStore        *self,
                                            const char       *sql,
                                            GError          **error);
/* Prepared once and kept by the store; reset before it is handed out. */
sqlite3_stmt *care_store_prepare           (CareStore        *self,
                                            const char       *sql,
                                            GError          **error);
/* The first column of the first row of sql, with ?1 bound to key (may be
 * NULL when sql has no parameter); NULL when there is no row. */
char         *care_store_query_text        (CareStore        *self,
                                            const char       *sql,
                                            const char       *key,
                                            GError          **error);
gboolean      care_store_set_sqlite_error  (CareStore        *self,
                                            GError          **error);

/* Rows and records: a canonical text value bound as the column's type,
 * and read back. */
void          care_store_bind_value        (sqlite3_stmt     *stmt,
                                            int               column,
                                            const CareField  *field,
                                            const char       *value,
                                            GBytes           *blob);
void          care_store_read_value        (sqlite3_stmt     *stmt,
                                            int               column,
                                            CareRecord       *record,
                                            guint             i);
/* "id, tenant_id, …" in record index order, as a SELECT lists them. */
char         *care_store_column_list       (const CareEntity *entity,
                                            const char       *prefix);
CareRecord   *care_store_record_from_row   (const CareEntity *entity,
                                            sqlite3_stmt     *stmt,
                                            int               first_column);
/* The row (columns in care_store_column_list() order from first_column) as
 * JSON: the same bytes care_record_append_json() writes for the record
 * care_store_record_from_row() reads, without making the record. */
void          care_store_append_row_json   (GString          *out,
                                            const CareEntity *entity,
                                            sqlite3_stmt     *stmt,
                                            int               first_column);

void          care_store_set_tenant_id     (CareStore        *self,
                                            const char       *tenant_id);
/* Insert without validation: for generated data already known to be valid
 * (the demo and the benchmark). */
gboolean      care_store_insert_full       (CareStore        *self,
                                            CareRecord       *record,
                                            gboolean          validate,
                                            GError          **error);
/* The server's store records each change in its change log instead of an
 * outbox: table sync_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT,
 * tenant_id, entity, record_id, op 'upsert'|'delete', changed_at unix
 * seconds, UNIQUE (tenant_id, entity, record_id)), created by the server's
 * migrations; INSERT OR REPLACE gives a rewritten record a new seq. */
void          care_store_set_outbox_enabled(CareStore        *self,
                                            gboolean          enabled);
/* SHA-256 (hex) over every row of entity in the store's tenant, in id
 * order: ids and all non-secret values. The same on a workstation and on
 * the server when both hold the same data. */
char         *care_store_checksum          (CareStore        *self,
                                            const CareEntity *entity,
                                            gint64           *n_rows,
                                            GError          **error);

G_END_DECLS
