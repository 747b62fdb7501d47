/* care-server-storage.h: everything the server keeps, behind one interface
 *
 * The routes never see SQL: they call the operations of this vtable. The
 * SQLite implementation (care-server-storage-sqlite.c) is the default; a
 * PostgreSQL backend implements the same table of functions.
 *
 * Every record operation takes the tenant explicitly; an id that belongs to
 * another tenant behaves exactly like an id that does not exist.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

typedef struct _CareServerStorage       CareServerStorage;
typedef struct _CareServerStorageVTable CareServerStorageVTable;

/* Searches count at most this many matches; list() then returns one more. */
#define SEARCH_COUNT_LIMIT 1000

/* One filter: field = value (value already canonical). */
typedef struct {
  const char *field;
  const char *value;
} CareServerFilter;

typedef struct {
  const CareEntity *entity;
  const char       *search;        /* ?q=: FTS for patients, substring for others */
  CareServerFilter *filters;
  guint             n_filters;
  const char       *scope_field;   /* row visibility: scope_field = scope_value */
  const char       *scope_value;
  const char       *scope_field2;  /* or scope_field2 = scope_value (messages) */
  const char       *scope_via;     /* "<ref field>:<table>.patient_id" for child rows */
  const char       *range_field;   /* range_from <= range_field < range_to (text order) */
  const char       *range_from;
  const char       *range_to;
  const char       *sort;          /* a column name */
  gboolean          descending;
  guint             limit;
  guint             offset;
} CareServerQuery;

typedef struct {
  char    *family_id;
  char    *subject_id;
  char    *tenant_id;
  gboolean is_patient;
} CareServerRefresh;

typedef enum {
  CARE_SERVER_REFRESH_OK,
  CARE_SERVER_REFRESH_UNKNOWN,
  CARE_SERVER_REFRESH_EXPIRED,
  CARE_SERVER_REFRESH_REVOKED,
  CARE_SERVER_REFRESH_REUSED,  /* the family has now been revoked */
} CareServerRefreshResult;

/* One audit entry before it is chained. */
typedef struct {
  char *tenant_id;
  char *actor_id;
  char *actor_role;
  char *action;
  char *entity;
  char *record_id;
  char *workstation;
  char *at;
  /* The patient the entry concerns (NULL: none); covered by the hash from
   * hash_version 2 on. 0 or 1: an entry written before the column. */
  char *patient_id;
  int   hash_version;
} CareServerAuditEntry;

/* What the hash of the entries written now covers (care_server_audit_hash). */
#define CARE_SERVER_AUDIT_HASH_VERSION 2
/* The column as the hash reads it: NULL is 0 (version 1), any stored value
 * other than a version Caredesk writes is -1 (unknown: altered). */
#define CARE_SERVER_AUDIT_HASH_VERSION_SQL \
  "CASE WHEN hash_version IS NULL THEN 0 WHEN hash_version = 2 THEN 2 ELSE -1 END"

/* Sync (docs/sync.md): an entity a pull may send, and which of its rows. */
typedef struct {
  const CareEntity *entity;
  /* NULL: every row of the clinic. Otherwise only rows whose owner_field
   * (or owner_field2) is the page's owner: staff see only their own
   * notifications and messages. */
  const char       *owner_field;
  const char       *owner_field2;
} CareServerSyncEntity;

/* One page of a clinic's change log. */
typedef struct {
  const CareServerSyncEntity *entities;
  guint             n_entities;
  const char       *owner;        /* the caller's user id */
  gint64            cursor;       /* changes after this sequence */
  guint             limit;
  /* Set by changes(): */
  gint64            last_seq;     /* the cursor after this page */
  gboolean          more;         /* the log goes on after last_seq */
  guint             n_changes;    /* changes written */
} CareServerSyncPage;

/* Called after a transaction that may have logged changes has committed. */
typedef void (*CareServerCommitFunc) (gpointer data);

/* Signals between server processes on any host (listen() below). */
#define CARE_SERVER_SIGNAL_CHANGES "care_changes"  /* a clinic's change log grew */
#define CARE_SERVER_SIGNAL_ACCESS  "care_access"   /* revocations or permissions changed */
/* channel NULL: the listening connection was lost and is back; signals
 * may have been missed meanwhile. */
typedef void (*CareServerSignalFunc) (const char *channel, gpointer data);

struct _CareServerStorageVTable
{
  void        (*close)            (CareServerStorage *self);

  /* Transactions nest. */
  gboolean    (*begin)            (CareServerStorage *self, GError **error);
  gboolean    (*commit)           (CareServerStorage *self, GError **error);
  void        (*rollback)         (CareServerStorage *self);

  /* Server settings (the token secret, the audit head). */
  char       *(*get_meta)         (CareServerStorage *self, const char *key);
  gboolean    (*set_meta)         (CareServerStorage *self, const char *key, const char *value, GError **error);

  /* Records: the tenant scopes every call. */
  CareRecord *(*get)              (CareServerStorage *self, const char *tenant, const CareEntity *entity,
                                   const char *id, GError **error);
  GPtrArray  *(*list)             (CareServerStorage *self, const char *tenant, const CareServerQuery *query,
                                   gint64 *total, GError **error);
  gint64      (*count_where)      (CareServerStorage *self, const char *tenant, const CareEntity *entity,
                                   const char *field, const char *value);
  CareValidation *(*validate)     (CareServerStorage *self, const char *tenant, CareRecord *record);
  gboolean    (*insert)           (CareServerStorage *self, const char *tenant, const char *actor,
                                   CareRecord *record, GError **error);
  gboolean    (*update)           (CareServerStorage *self, const char *tenant, const char *actor,
                                   CareRecord *record, GError **error);
  gboolean    (*delete)           (CareServerStorage *self, const char *tenant, const char *actor,
                                   const CareEntity *entity, const char *id, GError **error);
  char       *(*next_number)      (CareServerStorage *self, const char *tenant, const char *counter, GError **error);

  /* Tenants and accounts. */
  gboolean    (*create_clinic)    (CareServerStorage *self, CareRecord *clinic, CareRecord *admin,
                                   const char *password, GError **error);
  /* Staff by username or email; tenant NULL: across clinics (ambiguous → *n_matches > 1). */
  CareRecord *(*find_login)       (CareServerStorage *self, const char *tenant, const char *login, guint *n_matches);
  /* Every clinic's staff account with this login (at most 16): a wrong
   * password for an ambiguous login is told like any wrong password. */
  GPtrArray  *(*find_logins)      (CareServerStorage *self, const char *login);
  gboolean    (*role_can)         (CareServerStorage *self, const char *tenant, const char *role, const char *permission);
  gboolean    (*set_role_permission) (CareServerStorage *self, const char *tenant, const char *actor,
                                   const char *role, const char *permission, gboolean allowed, GError **error);

  /* Patient portal accounts. */
  gboolean    (*patient_account_create) (CareServerStorage *self, const char *tenant, const char *patient_id,
                                   const char *login, const char *password_hash, GError **error);
  /* The password hashes of every clinic's portal account with login. */
  GStrv        (*patient_account_hashes) (CareServerStorage *self, const char *login);
  /* Returns the patient id; *hash the stored password hash. */
  char       *(*patient_account_find)   (CareServerStorage *self, const char *tenant, const char *login,
                                   char **tenant_out, char **hash, guint *n_matches);
  char       *(*patient_account_hash)   (CareServerStorage *self, const char *patient_id);
  gboolean    (*patient_account_set_password) (CareServerStorage *self, const char *patient_id,
                                   const char *password_hash, GError **error);

  /* Single-use tokens (password reset, portal invitation), stored hashed. */
  gboolean    (*token_put)        (CareServerStorage *self, const char *kind, const char *token_hash,
                                   const char *tenant, const char *subject, gint64 expires_at, GError **error);
  /* Consumes the token: returns the subject and tenant if it was valid. */
  gboolean    (*token_take)       (CareServerStorage *self, const char *kind, const char *token_hash,
                                   gint64 now, char **tenant, char **subject);

  /* Refresh-token families. */
  gboolean    (*refresh_put)      (CareServerStorage *self, const char *token_hash, const CareServerRefresh *info,
                                   gboolean new_family, gint64 expires_at, GError **error);
  CareServerRefreshResult (*refresh_use) (CareServerStorage *self, const char *token_hash, gint64 now,
                                   CareServerRefresh *info);
  gboolean    (*family_revoke)    (CareServerStorage *self, const char *family_id, const char *reason);
  gboolean    (*subject_revoke)   (CareServerStorage *self, const char *subject_id, const char *reason);
  /* Voids the account's access tokens issued until now but keeps its
   * sessions: the next refresh carries the account's current role. */
  gboolean    (*subject_access_revoke) (CareServerStorage *self, const char *subject_id);
  gboolean    (*access_revoke)    (CareServerStorage *self, const char *jti, gint64 expires_at);
  /* Revoked access-token ids that have not expired yet, and "sub:<id>"
   * keys whose value (gint64 *) is the time in ms before which that
   * account's access tokens are void. */
  GHashTable *(*access_revoked)   (CareServerStorage *self, gint64 now);

  /* Throttling: failures recorded per key ("acct:…", "addr:…"). */
  void        (*throttle_get)     (CareServerStorage *self, const char *key, gint64 *failures, gint64 *last);
  void        (*throttle_fail)    (CareServerStorage *self, const char *key, gint64 now);
  void        (*throttle_clear)   (CareServerStorage *self, const char *key);

  /* Audit: appends entries to the hash chain in one transaction. */
  gboolean    (*audit_append)     (CareServerStorage *self, CareServerAuditEntry *const *entries, guint n, GError **error);
  /* Verifies the whole chain, and that it reaches anchored_head ("SEQ:HASH",
   * kept outside the database; may be NULL) with the same hash; on failure
   * *bad_id names the first broken entry. */
  gboolean    (*audit_verify)     (CareServerStorage *self, const char *anchored_head, gint64 *n_checked,
                                   char **bad_id, char **reason);

  /* Named aggregate reports (see care-server-reports in docs/server.md). */
  JsonNode   *(*report)           (CareServerStorage *self, const char *tenant, const char *name,
                                   GHashTable *params, GError **error);

  /* The local store of the SQLite backend (demo data, core helpers); NULL elsewhere. */
  CareStore  *(*get_store)        (CareServerStorage *self);

  /* --- sync (docs/sync.md) ---
   * The backend logs every write of a synced record in the clinic's change
   * log (one row per record: its latest sequence number and whether it is a
   * tombstone), in the transaction of the write, whichever code path wrote
   * it. Sequence numbers follow commit order: every write transaction holds
   * the database's write lock from its start. */

  /* A savepoint inside the current transaction. Within it, rollback() of an
   * inner transaction undoes nothing by itself: savepoint_rollback() undoes
   * everything since the savepoint (which stays open), savepoint_release()
   * ends it (and fails, having undone it, if an inner rollback was not
   * followed by savepoint_rollback()). */
  gboolean    (*savepoint)        (CareServerStorage *self, GError **error);
  void        (*savepoint_rollback) (CareServerStorage *self);
  gboolean    (*savepoint_release) (CareServerStorage *self, GError **error);
  /* Whether any clinic has a record of entity with this id. */
  gboolean    (*id_in_use)        (CareServerStorage *self, const CareEntity *entity, const char *id);
  /* The sequence number of the record's latest change (0: none). */
  gint64      (*change_seq)       (CareServerStorage *self, const char *tenant, const CareEntity *entity,
                                   const char *id);
  /* The clinic's latest sequence number, and its floor: the highest one of
   * a pruned tombstone (0: none). */
  gint64      (*sync_head)        (CareServerStorage *self, const char *tenant);
  gint64      (*sync_floor)       (CareServerStorage *self, const char *tenant);
  /* tenant -> its latest sequence (gint64 *) for the clinics with changes
   * after `after`; *max_seq the latest of all (after < 0: only that). */
  GHashTable *(*sync_heads_since) (CareServerStorage *self, gint64 after, gint64 *max_seq);
  /* The highest sequence number ever handed out, a pruned tombstone's too
   * (0: none); it never goes back, except when a database is restored from
   * a backup (care-server-history.c). */
  gint64      (*sync_seq_end)     (CareServerStorage *self);
  /* Appends the page's changes to out as JSON array elements
   * ({"seq", "entity", "id", "op", "record"?}, comma-separated), records
   * serialised like care_record_append_json(); reads one snapshot. */
  gboolean    (*changes)          (CareServerStorage *self, const char *tenant, CareServerSyncPage *page,
                                   GString *out, GError **error);
  /* Removes tombstones and stored mutation results older than `before`
   * (seconds since the epoch), raising the floors of the clinics concerned.
   * Cheap when there is nothing to remove. Returns the tombstones removed, -1 on error. */
  gint64      (*prune_tombstones) (CareServerStorage *self, gint64 before, GError **error);
  /* The stored result (JSON) of a pushed mutation of this clinic; NULL if
   * none. *elsewhere: the id is taken by another clinic. */
  char       *(*mutation_get)     (CareServerStorage *self, const char *tenant, const char *mutation_id,
                                   gboolean *elsewhere);
  gboolean    (*mutation_put)     (CareServerStorage *self, const char *tenant, const char *mutation_id,
                                   const char *device, const char *actor, const char *result, GError **error);
  /* care_store_checksum() of the clinic's rows of entity. */
  char       *(*checksum)         (CareServerStorage *self, const char *tenant, const CareEntity *entity,
                                   gint64 *n_rows, GError **error);
  /* func runs after each outermost commit() (live notifications). */
  void        (*set_commit_func)  (CareServerStorage *self, CareServerCommitFunc func, gpointer data);

  /* Signals between server processes, on this host or another (PostgreSQL's
   * LISTEN/NOTIFY); NULL on SQLite, whose processes share one host. From
   * listen() on, func runs on the main loop for every signal any process
   * sends, this one's included; the backend itself sends
   * CARE_SERVER_SIGNAL_CHANGES with each commit that logged changes. */
  gboolean    (*listen)           (CareServerStorage *self, CareServerSignalFunc func, gpointer data,
                                   GError **error);
  /* Sends channel when the current transaction commits (at once outside one). */
  void        (*signal)           (CareServerStorage *self, const char *channel);
};

struct _CareServerStorage
{
  const CareServerStorageVTable *v;
};

/* Opens "sqlite:PATH" or a plain path, or a PostgreSQL database given as
 * a "postgresql://…" URI or a libpq "key=value" conninfo with dbname=. */
CareServerStorage *care_server_storage_open   (const char         *database,
                                               GError            **error);
void               care_server_storage_close  (CareServerStorage  *self);

CareServerStorage *care_server_storage_sqlite_open (const char    *path,
                                                    GError       **error);

/* Whether database names a PostgreSQL database rather than a SQLite file. */
gboolean           care_server_storage_is_postgresql (const char *database);
CareServerStorage *care_server_storage_pg_open (const char    *conninfo,
                                                GError       **error);

void               care_server_audit_entry_free (CareServerAuditEntry *entry);
void               care_server_refresh_clear    (CareServerRefresh    *info);

/* The canonical text an audit entry's hash covers (shared by every backend),
 * as of the entry's hash_version; NULL for a version no Caredesk wrote. */
char              *care_server_audit_hash        (const char *prev_hash,
                                                  const char *id,
                                                  const CareServerAuditEntry *entry);
/* Checks one stored entry against its stored hash: NULL when it verifies,
 * else why not. */
char              *care_server_audit_check_entry (const char *prev_hash,
                                                  const char *id,
                                                  const CareServerAuditEntry *entry,
                                                  const char *stored_hash);

/* Checks the stored chain head ("SEQ:HASH") against the last entry verified. */
gboolean           care_server_audit_check_head  (const char *head,
                                                  gint64      n_checked,
                                                  gint64      last_seq,
                                                  const char *last_hash,
                                                  char      **bad_id,
                                                  char      **reason);
/* Whether the record is the clinic's (a global record: the clinic itself). */
gboolean           care_server_record_belongs_to (const CareRecord *record,
                                                  const char       *tenant);
/* Appends one change of a sync page up to its record ("…,\"record\":"),
 * or a whole tombstone; counts it in page->n_changes. */
void               care_server_append_change_head (GString            *out,
                                                   CareServerSyncPage *page,
                                                   gint64              seq,
                                                   const CareEntity   *entity,
                                                   const char         *id,
                                                   gboolean            tombstone);
/* "%text%" for LIKE … ESCAPE '\\', text's own wildcards escaped. */
char              *care_server_like_pattern      (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareServerStorage, care_server_storage_close)

G_END_DECLS
