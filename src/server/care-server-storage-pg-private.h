/* care-server-storage-pg-private.h: what the PostgreSQL backend's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libpq-fe.h>

#include "care-server-storage.h"

G_BEGIN_DECLS

typedef struct {
  CareServerStorage    parent;
  PGconn              *conn;
  guint                depth;        /* begin() nesting */
  gboolean             failed;       /* an inner transaction rolled back */
  gboolean             wrote_changes;/* this transaction logged sync changes */
  GArray              *savepoints;   /* PgSavepoint, innermost last */
  CareServerCommitFunc commit_func;
  gpointer             commit_data;
  char                *violated;     /* the unique index the last failed statement broke */
  char                *clinic;       /* the clinic this transaction last locked */
  char                *conninfo;     /* for the listening connection */
  struct _PgListener  *listener;     /* care-server-storage-pg-notify.c; NULL: not listening */
} PgStorage;

typedef struct {
  guint    depth;
  gboolean broken;
} PgSavepoint;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

#define PG(self) ((PgStorage *) (self))

/* Advisory lock keys (the first half: "Care"). */
#define CARE_PG_LOCK_SPACE   0x43617265
#define CARE_PG_LOCK_CHANGES 1   /* numbering the sync change log at commit */
#define CARE_PG_LOCK_AUDIT   2   /* appending to the audit chain */
#define CARE_PG_LOCK_MIGRATE 3   /* upgrading the schema */
/* A clinic's write transactions, one at a time: (CLINIC, hashtext(tenant)). */
#define CARE_PG_LOCK_CLINIC  0x436c696e

/* Inside a transaction, waits until no other transaction of the clinic
 * runs, then holds it to the end of this one (care_pg_lock_clinic()). */
gboolean    care_pg_lock_clinic (PgStorage         *self,
                                 const char        *tenant,
                                 GError           **error);

/* Runs sql with text parameters (NULL: SQL NULL). Returns the result, or
 * NULL with error set; a failed statement dooms the transaction. */
PGresult   *care_pg_query      (PgStorage          *self,
                                const char         *sql,
                                int                 n_params,
                                const char *const  *values,
                                GError            **error);
/* The same with per-parameter lengths and formats (bytea in binary). */
PGresult   *care_pg_query_full (PgStorage          *self,
                                const char         *sql,
                                int                 n_params,
                                const char *const  *values,
                                const int          *lengths,
                                const int          *formats,
                                GError            **error);
/* Statements without parameters (several may be given). */
gboolean    care_pg_exec       (PgStorage          *self,
                                const char         *sql,
                                GError            **error);
/* The first column of the first row as text (NULL: none or SQL NULL). */
char       *care_pg_query_text (PgStorage          *self,
                                const char         *sql,
                                int                 n_params,
                                const char *const  *values);
gint64      care_pg_query_int  (PgStorage          *self,
                                const char         *sql,
                                int                 n_params,
                                const char *const  *values);

gboolean    care_pg_begin      (CareServerStorage  *self,
                                GError            **error);
gboolean    care_pg_commit     (CareServerStorage  *self,
                                GError            **error);
void        care_pg_rollback   (CareServerStorage  *self);

/* Brings the database to the current schema (care-server-storage-pg-schema.c). */
gboolean    care_pg_migrate    (PgStorage          *self,
                                GError            **error);
/* The column type of a field. */
const char *care_pg_column_type(const CareField    *field);

/* Records (care-server-storage-pg-records.c). */
CareRecord *care_pg_record_from_row (const CareEntity *entity,
                                     PGresult         *result,
                                     int               row,
                                     int               first_column);
char       *care_pg_column_list     (const CareEntity *entity);
/* Logs a write in the change log; its sequence number is given at commit. */
gboolean    care_pg_log_change      (PgStorage        *self,
                                     const char       *tenant,
                                     const CareEntity *entity,
                                     const char       *id,
                                     const char       *op,
                                     GError          **error);
gboolean    care_pg_is_synced       (const CareEntity *entity);

CareRecord *care_pg_get           (CareServerStorage *self, const char *tenant, const CareEntity *entity,
                                   const char *id, GError **error);
GPtrArray  *care_pg_list          (CareServerStorage *self, const char *tenant, const CareServerQuery *query,
                                   gint64 *total, GError **error);
gint64      care_pg_count_where   (CareServerStorage *self, const char *tenant, const CareEntity *entity,
                                   const char *field, const char *value);
CareValidation *care_pg_validate  (CareServerStorage *self, const char *tenant, CareRecord *record);
/* Validates; on failure sets error naming the first field refused. */
gboolean    care_pg_check_record  (CareServerStorage *self, const char *tenant, CareRecord *record,
                                   GError **error);
gboolean    care_pg_insert        (CareServerStorage *self, const char *tenant, const char *actor,
                                   CareRecord *record, GError **error);
gboolean    care_pg_update        (CareServerStorage *self, const char *tenant, const char *actor,
                                   CareRecord *record, GError **error);
gboolean    care_pg_delete        (CareServerStorage *self, const char *tenant, const char *actor,
                                   const CareEntity *entity, const char *id, GError **error);
char       *care_pg_next_number   (CareServerStorage *self, const char *tenant, const char *counter,
                                   GError **error);

/* Accounts, tokens, throttling, stored push results (care-server-storage-pg-accounts.c). */
void        care_pg_accounts_init_vtable (CareServerStorageVTable *vtable);

/* Tombstone pruning, checksums (care-server-storage-pg-sync.c). */
void        care_pg_sync_init_vtable     (CareServerStorageVTable *vtable);

/* LISTEN/NOTIFY across processes and hosts (care-server-storage-pg-notify.c). */
void        care_pg_notify_init_vtable   (CareServerStorageVTable *vtable);
void        care_pg_notify_close         (PgStorage        *self);

/* The named reports (care-server-storage-pg-reports.c). */
void        care_pg_reports_init_vtable  (CareServerStorageVTable *vtable);

G_END_DECLS
