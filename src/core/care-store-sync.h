/* care-store-sync.h: what the sync engine may do to a store (docs/sync.md)
 *
 * The outbox on the way out, the server's pages on the way in, the cursor,
 * conflicts and refused changes: the narrow door src/sync/ goes through
 * (care-store-sync.c), without SQL of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "care-store.h"

G_BEGIN_DECLS

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
/* Before a push: the pending edits of each record that follow one another
 * become one net change against the first one's base (fields back at
 * their base left out); *n_merged: entries folded into another
 * (care-store-outbox-net.c). */
gboolean      care_store_outbox_net        (CareStore        *self,
                                            guint            *n_merged,
                                            GError          **error);
/* A push is about to carry these entries: from now on each is sent again
 * as it is, never folded into a later edit (it may be on the server). */
gboolean      care_store_outbox_mark_sent  (CareStore        *self,
                                            const char *const *mutation_ids,
                                            guint             n,
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

/* Whether a change of the record waits in the outbox (not sent yet). */
gboolean      care_store_outbox_has_pending (CareStore     *self,
                                            const char       *entity,
                                            const char       *record_id);

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

/* A restored server (care-store-restore.c) ------------------------------ */

/* The server applied it: kept in sync_sent for sync_keep_sent seconds
 * (30 days unless set), then removed from the outbox. In the caller's
 * transaction. */
gboolean      care_store_outbox_acknowledge (CareStore       *self,
                                            const char       *mutation_id,
                                            GError          **error);
gboolean      care_store_sync_set_keep_sent (CareStore       *self,
                                            gint64            seconds,
                                            GError          **error);
/* The server's history has a new generation (it was restored): the kept
 * changes go back into the outbox ahead of the pending ones (*n_resent of
 * them), a full resync begins that sends back rows the server lacks rather
 * than deleting them, and the generation is remembered. */
gboolean      care_store_sync_begin_restore (CareStore       *self,
                                            const char       *generation,
                                            GHashTable       *changed,
                                            guint            *n_resent,
                                            GError          **error);
gboolean      care_store_sync_in_restore   (CareStore        *self);
/* During a restore's resync: the row the server did not send goes back to
 * it as an insert (an outbox entry of the whole record). */
gboolean      care_store_sync_resend_row   (CareStore        *self,
                                            const CareEntity *entity,
                                            const char       *id,
                                            GError          **error);
/* When this workstation last met a restored server (seconds since the
 * epoch), and how many changes and rows it sent back; FALSE: never. */
gboolean      care_store_sync_restore_info (CareStore        *self,
                                            gint64           *restored_at,
                                            gint64           *resent);
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

/* Makes tenant_id the store's clinic; a standalone store's rows move into
 * it (its own clinic record and permission matrix go: the server's come
 * with the pull). Call inside a transaction. */
gboolean      care_store_sync_join_clinic  (CareStore        *self,
                                            const char       *tenant_id,
                                            GError          **error);
/* Off while a first sync writes pages (the engine checkpoints meanwhile). */
gboolean      care_store_sync_set_autocheckpoint (CareStore  *self,
                                            gboolean          enabled);

G_END_DECLS
