/* care-store.h: the local SQLite store every screen works against
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "care-record.h"
#include "care-validation.h"

G_BEGIN_DECLS

#define CARE_STORE_ERROR (care_store_error_quark ())
GQuark care_store_error_quark (void);

typedef enum {
  CARE_STORE_ERROR_FAILED,
  CARE_STORE_ERROR_NEWER_SCHEMA, /* written by a newer Caredesk: refused, left untouched */
  CARE_STORE_ERROR_NOT_FOUND,
  CARE_STORE_ERROR_NO_CLINIC,    /* first run: the clinic is not set up yet */
  CARE_STORE_ERROR_READ_ONLY,    /* append-only records cannot be edited or deleted */
} CareStoreError;

#define CARE_TYPE_STORE (care_store_get_type ())
G_DECLARE_FINAL_TYPE (CareStore, care_store, CARE, STORE, GObject)

/* Opens (creating if needed) and upgrades the store at path; ":memory:" works. */
CareStore   *care_store_open              (const char   *path,
                                           GError      **error);

/* Long work an opening may have to do first (care-store-opening.c): an
 * upgrade of the schema, and the patients' sort keys made again when
 * LC_COLLATE is not the one they were made for. */
typedef enum {
  CARE_STORE_WORK_NONE    = 0,
  CARE_STORE_WORK_UPGRADE = 1 << 0, /* an older schema version */
  CARE_STORE_WORK_SORT    = 1 << 1, /* sort keys of another LC_COLLATE */
} CareStoreWorkFlags;

typedef struct {
  CareStoreWorkFlags flags;
  guint              schema_version; /* the file's (0: new or empty) */
  gint64             n_patients;     /* with _SORT: the keys to make; -1 when the
                                        file keeps no count (before version 6) */
} CareStoreWork;

/* What opening path would do first, read without writing anything (a
 * file that is not there, or new, has nothing to do). FALSE with error
 * when the file cannot be read as a store. */
gboolean     care_store_open_pending_work (const char   *path,
                                           CareStoreWork *what,
                                           GError      **error);
/* care_store_open(), unless it would first have long work to do: then
 * NULL without an error, nothing written, and the work in *pending. */
CareStore   *care_store_open_if_quick     (const char   *path,
                                           CareStoreWork *pending,
                                           GError      **error);
/* step: what is being done; fraction: of that step, 0 to 1, rising, or
 * -1 when it cannot be told (an upgrade). */
typedef void (*CareStoreProgressFunc)     (CareStoreWorkFlags step,
                                           double        fraction,
                                           gpointer      user_data);
/* care_store_open(), telling progress (on this thread) as it goes. */
CareStore   *care_store_open_with_progress (const char  *path,
                                           CareStoreProgressFunc progress,
                                           gpointer      progress_data,
                                           GError      **error);
/* The same in a worker thread (care-store-open-async.c): progress is
 * called on the caller's thread-default main context, never after
 * callback; progress_data is not referenced and must live until then.
 * The store is the worker's connection, handed over whole: from the
 * callback on it belongs to the calling thread. Once begun, the work
 * stands (each step is one transaction) even if cancellable is
 * cancelled: the result then is G_IO_ERROR_CANCELLED. */
void         care_store_open_async        (const char   *path,
                                           CareStoreProgressFunc progress,
                                           gpointer      progress_data,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer      user_data);
CareStore   *care_store_open_finish       (GAsyncResult *result,
                                           GError      **error);
const char  *care_store_get_path          (CareStore    *self);
guint        care_store_get_schema_version(CareStore    *self);
/* This workstation's short code ("K7QF"), used in numbers people read. */
const char  *care_store_get_device_code   (CareStore    *self);

/* Who is acting: stamped into created_by/updated_by. NULL before sign-in. */
void         care_store_set_actor         (CareStore    *self,
                                           const char   *user_id);
const char  *care_store_get_actor         (CareStore    *self);
/* The clinic this store belongs to; NULL until the first-run setup. */
const char  *care_store_get_tenant_id     (CareStore    *self);
CareRecord  *care_store_get_clinic        (CareStore    *self);

/* Key/value settings kept in the store (device code, counters). */
char        *care_store_get_meta          (CareStore    *self,
                                           const char   *key);
gboolean     care_store_set_meta          (CareStore    *self,
                                           const char   *key,
                                           const char   *value,
                                           GError      **error);

/* Transactions nest: only the outermost commits. "changed" is emitted
 * after the outermost commit, once per changed record. */
gboolean     care_store_begin             (CareStore    *self,
                                           GError      **error);
gboolean     care_store_commit            (CareStore    *self,
                                           GError      **error);
void         care_store_rollback          (CareStore    *self);

/* Full validation: the record's own rules plus uniqueness in the store. */
CareValidation *care_store_validate       (CareStore    *self,
                                           CareRecord   *record);

/* Insert assigns the id (if unset), tenant and created/updated stamps,
 * validates, writes the row and its outbox entry in one transaction.
 * On a validation failure nothing is written and error is
 * CARE_VALIDATION_ERROR_INVALID with a readable message. */
gboolean     care_store_insert            (CareStore    *self,
                                           CareRecord   *record,
                                           GError      **error);
/* Writes the fields that differ from the stored row. */
gboolean     care_store_update            (CareStore    *self,
                                           CareRecord   *record,
                                           GError      **error);
gboolean     care_store_delete            (CareStore    *self,
                                           const CareEntity *entity,
                                           const char   *id,
                                           GError      **error);

CareRecord  *care_store_get               (CareStore    *self,
                                           const CareEntity *entity,
                                           const char   *id,
                                           GError      **error);
/* Records whose field equals value (NULL field: all), ordered by order_by
 * (a column name, optionally followed by " DESC"; NULL: created_at), at most
 * limit (0: no limit). Returns an array of CareRecord. */
GPtrArray   *care_store_list              (CareStore    *self,
                                           const CareEntity *entity,
                                           const char   *field,
                                           const char   *value,
                                           const char   *order_by,
                                           guint         limit,
                                           GError      **error);
gint64       care_store_count             (CareStore    *self,
                                           const CareEntity *entity);
/* Records of the store's clinic whose field equals value (NULL field: all). */
gint64       care_store_count_where       (CareStore    *self,
                                           const CareEntity *entity,
                                           const char   *field,
                                           const char   *value);

/* Local changes not yet sent to the server. */
gint64       care_store_outbox_count      (CareStore    *self);

/* Next medical record number for this workstation: "K7QF-000042". */
char        *care_store_next_number       (CareStore    *self,
                                           const char   *counter,
                                           GError      **error);
/* Takes n numbers of counter at once, in the caller's transaction if one
 * is open: returns the first, n - 1 more follow it (format each with
 * care_numbers_format() and care_store_get_device_code()); 0 on error. */
gint64       care_store_reserve_numbers   (CareStore    *self,
                                           const char   *counter,
                                           gint64        n,
                                           GError      **error);

/* Patient search: prefix-as-you-type over names, phone, email and MRN,
 * accent-insensitive, best matches first. Returns CareRecord of entity patient. */
GPtrArray   *care_store_search_patients   (CareStore    *self,
                                           const char   *text,
                                           guint         limit,
                                           GError      **error);
/* Builds the FTS5 query for text ("mar lóp" -> "mar"* "lop"*); NULL if empty. */
char        *care_search_build_query      (const char   *text);
/* The same for this store's patient_search: a single character is the
 * two-character prefixes its index has (the index keeps none of one). */
char        *care_store_search_query      (CareStore    *self,
                                           const char   *text);
/* A name the way it is typed: case-folded, O'Brien as "obrien", "ß" as "ss". */
char        *care_search_fold             (const char   *text);

/* Role→permission matrix as stored (editable); seeded from the default. */
gboolean     care_store_role_can          (CareStore    *self,
                                           const char   *role,
                                           const char   *permission);
gboolean     care_store_set_role_permission (CareStore  *self,
                                           const char   *role,
                                           const char   *permission,
                                           gboolean      allowed,
                                           GError      **error);

/* Rows another connection to the same file wrote (the sync engine's):
 * emits "changed" for them as if this connection had (id NULL: several). */
void         care_store_note_external     (CareStore    *self,
                                           const CareEntity *entity,
                                           const char   *id);

G_END_DECLS
