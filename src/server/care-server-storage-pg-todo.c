/* care-server-storage-pg-todo.c: the storage entries PostgreSQL does not have yet
 *
 * Every entry answers as a refusal (an error, or "nothing found"), never
 * with made-up data, and logs once which entry was asked for:
 * caredesk-server on PostgreSQL cannot yet sign people in, keep tokens,
 * create clinics, run reports or prune tombstones. Entries move from here
 * to the other care-server-storage-pg*.c files as they are written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-storage"

#include "config.h"

#include "care-server-storage-pg-private.h"

static gboolean
missing (const char *entry,
         GError    **error)
{
  g_warning_once ("The PostgreSQL storage has no %s yet", entry);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "The PostgreSQL storage has no %s yet", entry);
  return FALSE;
}

#define MISSING(entry) missing (entry, NULL)

static gboolean
todo_create_clinic (CareServerStorage *self, CareRecord *clinic, CareRecord *admin, const char *password,
                    GError **error)
{
  return missing ("create_clinic", error);
}

static CareRecord *
todo_find_login (CareServerStorage *self, const char *tenant, const char *login, guint *n_matches)
{
  *n_matches = 0;
  MISSING ("find_login");
  return NULL;
}

static GPtrArray *
todo_find_logins (CareServerStorage *self, const char *login)
{
  MISSING ("find_logins");
  return g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
}

static gboolean
todo_role_can (CareServerStorage *self, const char *tenant, const char *role, const char *permission)
{
  return MISSING ("role_can");
}

static gboolean
todo_set_role_permission (CareServerStorage *self, const char *tenant, const char *actor, const char *role,
                          const char *permission, gboolean allowed, GError **error)
{
  return missing ("set_role_permission", error);
}

static gboolean
todo_patient_account_create (CareServerStorage *self, const char *tenant, const char *patient_id,
                             const char *login, const char *password_hash, GError **error)
{
  return missing ("patient_account_create", error);
}

static GStrv
todo_patient_account_hashes (CareServerStorage *self, const char *login)
{
  MISSING ("patient_account_hashes");
  return g_new0 (char *, 1);
}

static char *
todo_patient_account_find (CareServerStorage *self, const char *tenant, const char *login, char **tenant_out,
                           char **hash, guint *n_matches)
{
  *n_matches = 0;
  MISSING ("patient_account_find");
  return NULL;
}

static char *
todo_patient_account_hash (CareServerStorage *self, const char *patient_id)
{
  MISSING ("patient_account_hash");
  return NULL;
}

static gboolean
todo_patient_account_set_password (CareServerStorage *self, const char *patient_id, const char *password_hash,
                                   GError **error)
{
  return missing ("patient_account_set_password", error);
}

static gboolean
todo_token_put (CareServerStorage *self, const char *kind, const char *token_hash, const char *tenant,
                const char *subject, gint64 expires_at, GError **error)
{
  return missing ("token_put", error);
}

static gboolean
todo_token_take (CareServerStorage *self, const char *kind, const char *token_hash, gint64 now, char **tenant,
                 char **subject)
{
  return MISSING ("token_take");
}

static gboolean
todo_refresh_put (CareServerStorage *self, const char *token_hash, const CareServerRefresh *info,
                  gboolean new_family, gint64 expires_at, GError **error)
{
  return missing ("refresh_put", error);
}

static CareServerRefreshResult
todo_refresh_use (CareServerStorage *self, const char *token_hash, gint64 now, CareServerRefresh *info)
{
  MISSING ("refresh_use");
  return CARE_SERVER_REFRESH_UNKNOWN;
}

static gboolean
todo_family_revoke (CareServerStorage *self, const char *family_id, const char *reason)
{
  return MISSING ("family_revoke");
}

static gboolean
todo_subject_revoke (CareServerStorage *self, const char *subject_id, const char *reason)
{
  return MISSING ("subject_revoke");
}

static gboolean
todo_subject_access_revoke (CareServerStorage *self, const char *subject_id)
{
  return MISSING ("subject_access_revoke");
}

static gboolean
todo_access_revoke (CareServerStorage *self, const char *jti, gint64 expires_at)
{
  return MISSING ("access_revoke");
}

static GHashTable *
todo_access_revoked (CareServerStorage *self, gint64 now)
{
  MISSING ("access_revoked");
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
todo_throttle_get (CareServerStorage *self, const char *key, gint64 *failures, gint64 *last)
{
  *failures = 0;
  *last = 0;
  MISSING ("throttle_get");
}

static void
todo_throttle_fail (CareServerStorage *self, const char *key, gint64 now)
{
  MISSING ("throttle_fail");
}

static void
todo_throttle_clear (CareServerStorage *self, const char *key)
{
  MISSING ("throttle_clear");
}

static JsonNode *
todo_report (CareServerStorage *self, const char *tenant, const char *name, GHashTable *params, GError **error)
{
  missing ("report", error);
  return NULL;
}

static gint64
todo_prune_tombstones (CareServerStorage *self, gint64 before, GError **error)
{
  missing ("prune_tombstones", error);
  return -1;
}

static char *
todo_mutation_get (CareServerStorage *self, const char *tenant, const char *mutation_id, gboolean *elsewhere)
{
  *elsewhere = FALSE;
  MISSING ("mutation_get");
  return NULL;
}

static gboolean
todo_mutation_put (CareServerStorage *self, const char *tenant, const char *mutation_id, const char *device,
                   const char *actor, const char *result, GError **error)
{
  return missing ("mutation_put", error);
}

static char *
todo_checksum (CareServerStorage *self, const char *tenant, const CareEntity *entity, gint64 *n_rows,
               GError **error)
{
  missing ("checksum", error);
  return NULL;
}

const CareServerStorageVTable care_pg_vtable_rest = {
  .create_clinic = todo_create_clinic,
  .find_login = todo_find_login,
  .find_logins = todo_find_logins,
  .role_can = todo_role_can,
  .set_role_permission = todo_set_role_permission,
  .patient_account_create = todo_patient_account_create,
  .patient_account_hashes = todo_patient_account_hashes,
  .patient_account_find = todo_patient_account_find,
  .patient_account_hash = todo_patient_account_hash,
  .patient_account_set_password = todo_patient_account_set_password,
  .token_put = todo_token_put,
  .token_take = todo_token_take,
  .refresh_put = todo_refresh_put,
  .refresh_use = todo_refresh_use,
  .family_revoke = todo_family_revoke,
  .subject_revoke = todo_subject_revoke,
  .subject_access_revoke = todo_subject_access_revoke,
  .access_revoke = todo_access_revoke,
  .access_revoked = todo_access_revoked,
  .throttle_get = todo_throttle_get,
  .throttle_fail = todo_throttle_fail,
  .throttle_clear = todo_throttle_clear,
  .report = todo_report,
  .prune_tombstones = todo_prune_tombstones,
  .mutation_get = todo_mutation_get,
  .mutation_put = todo_mutation_put,
  .checksum = todo_checksum,
};
