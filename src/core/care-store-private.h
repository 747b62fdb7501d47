/* care-store-private.h: for the core's own files and its tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>
#include <json-glib/json-glib.h>

#include "care-store.h"

G_BEGIN_DECLS

/* Opens without upgrading past version (tests of migrations). */
CareStore    *care_store_open_at_version   (const char       *path,
                                            guint             version,
                                            GError          **error);
gboolean      care_store_migrate           (CareStore        *self,
                                            guint             target,
                                            GError          **error);
void          care_store_set_schema_version(CareStore        *self,
                                            guint             version);
void          care_store_set_tenant_id     (CareStore        *self,
                                            const char       *tenant_id);

sqlite3      *care_store_get_db            (CareStore        *self);
gboolean      care_store_exec              (CareStore        *self,
                                            const char       *sql,
                                            GError          **error);
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
void          care_store_bind_value        (sqlite3_stmt     *stmt,
                                            int               column,
                                            const CareField  *field,
                                            const char       *value,
                                            GBytes           *blob);
void          care_store_read_value        (sqlite3_stmt     *stmt,
                                            int               column,
                                            CareRecord       *record,
                                            guint             i);
char         *care_store_column_list       (const CareEntity *entity,
                                            const char       *prefix);
CareRecord   *care_store_record_from_row   (const CareEntity *entity,
                                            sqlite3_stmt     *stmt,
                                            int               first_column);
void          care_store_note_change       (CareStore        *self,
                                            const CareEntity *entity,
                                            const char       *id);
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
/* Shifts the timestamps this store writes (tests of a skewed clock). */
void          care_store_set_clock_offset  (CareStore        *self,
                                            gint64            seconds);
/* SHA-256 (hex) over every row of entity in the store's tenant, in id
 * order: ids and all non-secret values. The same on a workstation and on
 * the server when both hold the same data. */
char         *care_store_checksum          (CareStore        *self,
                                            const CareEntity *entity,
                                            gint64           *n_rows,
                                            GError          **error);

/* --- sync (care-store-sync.c; docs/sync.md) ----------------------------- */

/* Which records a sync step changed, for the UI: entity name (static) ->
 * GPtrArray of ids, or NULL when too many changed to list them. */
GHashTable   *care_sync_changed_new        (void);
void          care_sync_changed_add        (GHashTable       *changed,
                                            const CareEntity *entity,
                                            const char       *id);

/* One outbox entry, as the engine sends it. */
typedef struct {
  gint64            seq;
  char             *mutation_id;
  char             *entity_name;
  const CareEntity *entity;      /* NULL: not an entity of this build */
  char             *record_id;
  char             *op;          /* "insert", "update", "delete" */
  char             *payload;     /* JSON: {"fields": …, "base": …} */
  char             *created_at;
  char             *actor;
} CareOutboxEntry;

void          care_outbox_entry_free       (CareOutboxEntry  *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareOutboxEntry, care_outbox_entry_free)

/* Pending entries in seq order, at most limit (0: all). */
GPtrArray    *care_store_outbox_list_pending (CareStore      *self,
                                            guint             limit,
                                            GError          **error);
/* The server applied it (or it needs no sending). */
gboolean      care_store_outbox_remove     (CareStore        *self,
                                            const char       *mutation_id,
                                            GError          **error);
/* The server refused it: kept with state "rejected", the readable reason
 * and the field messages (JSON array text, may be NULL). */
gboolean      care_store_outbox_reject     (CareStore        *self,
                                            const char       *mutation_id,
                                            const char       *reason,
                                            const char       *errors_json,
                                            GError          **error);
/* The server kept it as a conflict: moves it into sync_conflicts (kind
 * "field", "deleted" or "edited"; detail: the server's result) and makes
 * the local row show the server's values again, in one transaction. */
gboolean      care_store_outbox_to_conflict(CareStore        *self,
                                            const char       *mutation_id,
                                            const char       *kind,
                                            JsonObject       *detail,
                                            GHashTable       *changed,
                                            GError          **error);
/* Drops a refused entry and undoes it locally where nothing later builds
 * on it (the row goes back to what the server has). */
gboolean      care_store_outbox_discard    (CareStore        *self,
                                            const char       *mutation_id,
                                            GError          **error);

typedef struct {
  gint64 pending;     /* outbox entries waiting */
  gint64 rejected;    /* outbox entries the server refused */
  gint64 conflicts;   /* open sync_conflicts */
  gint64 duplicates;  /* open patient_duplicate flags */
} CareSyncCounts;

void          care_store_sync_counts       (CareStore        *self,
                                            CareSyncCounts   *counts);

/* The last change sequence applied (meta "sync_cursor"; 0: none). */
gint64        care_store_sync_get_cursor   (CareStore        *self);
/* Applies one page of GET /sync/pull in one transaction: upserts (the
 * server's values, local secret columns kept, no outbox) and deletions,
 * the pending outbox entries of the touched records again on top, the
 * cursor; on the last page of a full resync also the removal of rows the
 * resync did not see. crash_after > 0: _exit (3) after that many changes,
 * inside the transaction (crash tests). */
gboolean      care_store_sync_apply_page   (CareStore        *self,
                                            JsonArray        *changes,
                                            gint64            cursor,
                                            gboolean          last_page,
                                            guint             crash_after,
                                            GHashTable       *changed,
                                            GError          **error);
/* A page of GET /sync/pull read by a scanner made for it (much cheaper
 * than a JsonNode tree): the body is copied. NULL: not a page. */
typedef struct _CareSyncPage CareSyncPage;

CareSyncPage *care_sync_page_parse         (const char       *text,
                                            gsize             length,
                                            GError          **error);
void          care_sync_page_free          (CareSyncPage     *page);
gint64        care_sync_page_get_cursor    (CareSyncPage     *page);
gboolean      care_sync_page_get_more      (CareSyncPage     *page);
const char   *care_sync_page_get_scope     (CareSyncPage     *page);
/* NULL when the page does not list them. */
const char *const *care_sync_page_get_entities (CareSyncPage *page);
guint         care_sync_page_get_n_changes (CareSyncPage     *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareSyncPage, care_sync_page_free)
/* care_store_sync_apply_page() for a scanned page (its cursor). */
gboolean      care_store_sync_apply_parsed (CareStore        *self,
                                            CareSyncPage     *page,
                                            gboolean          last_page,
                                            guint             crash_after,
                                            GHashTable       *changed,
                                            GError          **error);
/* Starts a full resync: remembers scope and entities (either may be NULL:
 * keep the stored ones), removes rows of entities that left the scope
 * (the outbox is kept), and sets the cursor back to 0. */
gboolean      care_store_sync_begin_resync (CareStore        *self,
                                            const char       *scope,
                                            const char *const *entities,
                                            GHashTable       *changed,
                                            GError          **error);
gboolean      care_store_sync_in_resync    (CareStore        *self);
/* Writes one record as the server sent it (no outbox, secrets kept). */
gboolean      care_store_sync_upsert       (CareStore        *self,
                                            const CareEntity *entity,
                                            JsonObject       *record,
                                            GHashTable       *changed,
                                            GError          **error);
/* Removes a row without an outbox entry (sync's own bookkeeping). */
gboolean      care_store_sync_delete       (CareStore        *self,
                                            const CareEntity *entity,
                                            const char       *id,
                                            GHashTable       *changed,
                                            GError          **error);
/* Sets a secret column of a row (local verifier), no outbox. */
gboolean      care_store_sync_set_secret   (CareStore        *self,
                                            const CareEntity *entity,
                                            const char       *id,
                                            const char       *field,
                                            const char       *value,
                                            GError          **error);

/* Open conflicts, newest first (see care_sync_list_conflicts()). */
GPtrArray    *care_store_sync_list_conflicts (CareStore      *self,
                                            GError          **error);
/* One conflict, open or not; NULL with CARE_STORE_ERROR_NOT_FOUND. */
JsonObject   *care_store_sync_get_conflict (CareStore        *self,
                                            const char       *conflict_id,
                                            GError          **error);
gboolean      care_store_sync_mark_resolved(CareStore        *self,
                                            const char       *conflict_id,
                                            GError          **error);
/* Refused outbox entries, newest first (see care_sync_list_rejected()). */
GPtrArray    *care_store_sync_list_rejected (CareStore       *self,
                                            GError          **error);

G_END_DECLS
