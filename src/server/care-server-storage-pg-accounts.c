/* care-server-storage-pg-accounts.c: accounts, tokens and throttling on PostgreSQL
 *
 * The same statements as the SQLite backend's, on the same tables; a
 * refresh token is read FOR UPDATE, so that two server processes handed
 * the same token at once cannot both exchange it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-storage"

#include "config.h"

#include "care-clock.h"
#include "care-server-storage-pg-private.h"

#define INT_PARAM(name, value) \
  char name[24]; \
  g_snprintf (name, sizeof name, "%" G_GINT64_FORMAT, (gint64) (value))

static gint64
now_seconds (void)
{
  return care_clock_get_real_time () / G_USEC_PER_SEC;
}

/* Runs a statement whose result is not needed. */
static gboolean
run (PgStorage          *self,
     const char         *sql,
     int                 n,
     const char *const  *params,
     GError            **error)
{
  g_autoptr(PGresult) result = care_pg_query (self, sql, n, params, error);

  return result != NULL;
}

static GPtrArray *
find_logins (CareServerStorage *self,
             const char        *tenant,
             const char        *login,
             guint              limit)
{
  const CareEntity *entity = care_schema_lookup ("user");
  g_autofree char *columns = care_pg_column_list (entity);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM users t WHERE ($2::text IS NULL OR t.tenant_id = $2) AND "
                                          "(lower(t.username) = lower($1) OR lower(t.email) = lower($1)) LIMIT $3",
                                          columns);
  GPtrArray *users = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(PGresult) result = NULL;
  INT_PARAM (n, limit);
  const char *params[] = { login, tenant, n };

  if (login == NULL)
    return users;
  result = care_pg_query (PG (self), sql, 3, params, NULL);
  for (int r = 0; result && r < PQntuples (result); r++)
    g_ptr_array_add (users, care_pg_record_from_row (entity, result, r, 0));
  return users;
}

static CareRecord *
pg_find_login (CareServerStorage *self,
               const char        *tenant,
               const char        *login,
               guint             *n_matches)
{
  g_autoptr(GPtrArray) users = find_logins (self, tenant, login, 2);

  if (n_matches)
    *n_matches = users->len;
  return users->len == 1 ? care_record_ref (g_ptr_array_index (users, 0)) : NULL;
}

static GPtrArray *
pg_find_logins (CareServerStorage *self,
                const char        *login)
{
  return find_logins (self, NULL, login, 16);
}

static gboolean
pg_role_can (CareServerStorage *self,
             const char        *tenant,
             const char        *role,
             const char        *permission)
{
  const char *params[] = { tenant, role, permission };
  g_autoptr(PGresult) result = NULL;

  if (role == NULL || permission == NULL)
    return FALSE;
  result = care_pg_query (PG (self), "SELECT allowed FROM role_permissions WHERE tenant_id IS NOT DISTINCT FROM $1 "
                                     "AND role = $2 AND permission = $3", 3, params, NULL);
  if (result && PQntuples (result) > 0)
    return !g_str_equal (PQgetvalue (result, 0, 0), "0");
  return care_default_permission (role, permission);
}

static gboolean
pg_set_role_permission (CareServerStorage *self,
                        const char        *tenant,
                        const char        *actor,
                        const char        *role,
                        const char        *permission,
                        gboolean           allowed,
                        GError           **error)
{
  const CareEntity *entity = care_schema_lookup ("role_permission");
  CareServerFilter filters[] = { { "role", role }, { "permission", permission } };
  CareServerQuery query = { .entity = entity, .filters = filters, .n_filters = 2, .limit = 1 };
  g_autoptr(GPtrArray) rows = care_pg_list (self, tenant, &query, NULL, error);
  g_autoptr(CareRecord) row = NULL;

  if (rows == NULL)
    return FALSE;
  if (rows->len > 0)
    {
      row = care_record_ref (g_ptr_array_index (rows, 0));
      care_record_set (row, "allowed", allowed ? "1" : "0");
      return care_pg_update (self, tenant, actor, row, error);
    }
  row = care_record_new (entity);
  care_record_set (row, "role", role);
  care_record_set (row, "permission", permission);
  care_record_set (row, "allowed", allowed ? "1" : "0");
  return care_pg_insert (self, tenant, actor, row, error);
}

/* A new clinic: the tenant, its permission matrix from the defaults, its
 * administrator; as care_accounts_create_clinic() does in a store. */
static gboolean
insert_clinic (CareServerStorage *self,
               const char        *tenant,
               CareRecord        *clinic,
               CareRecord        *admin,
               GError           **error)
{
  g_autoptr(GPtrArray) matrix = care_accounts_default_matrix ();

  if (!care_pg_insert (self, tenant, NULL, clinic, error))
    return FALSE;
  for (guint i = 0; i < matrix->len; i++)
    if (!care_pg_insert (self, tenant, NULL, g_ptr_array_index (matrix, i), error))
      return FALSE;
  return care_pg_insert (self, tenant, NULL, admin, error);
}

static gboolean
pg_create_clinic (CareServerStorage *self,
                  CareRecord        *clinic,
                  CareRecord        *admin,
                  const char        *password,
                  GError           **error)
{
  g_autofree char *hash = NULL;
  const char *tenant, *problem;

  if (care_record_get_id (clinic) == NULL)
    {
      g_autofree char *id = care_uuid_v7 ();
      care_record_set (clinic, CARE_COLUMN_ID, id);
    }
  tenant = care_record_get_id (clinic);
  care_record_set (admin, "role", CARE_ROLE_ADMIN);
  care_record_set (admin, "active", "1");
  care_record_set (admin, "failed_logins", "0");
  if (!care_pg_check_record (self, tenant, clinic, error) || !care_pg_check_record (self, tenant, admin, error))
    return FALSE;
  if ((problem = care_password_check (password ? password : "")) != NULL)
    {
      g_set_error_literal (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_WEAK_PASSWORD, problem);
      return FALSE;
    }
  hash = care_password_hash (password, error);
  if (hash == NULL)
    return FALSE;
  care_record_set (admin, "password_hash", hash);
  if (!care_pg_begin (self, error))
    return FALSE;
  if (!insert_clinic (self, tenant, clinic, admin, error))
    {
      care_pg_rollback (self);
      return FALSE;
    }
  return care_pg_commit (self, error);
}

/* --- portal accounts ---------------------------------------------------- */

static gboolean
pg_patient_account_create (CareServerStorage *self,
                           const char        *tenant,
                           const char        *patient_id,
                           const char        *login,
                           const char        *password_hash,
                           GError           **error)
{
  INT_PARAM (now, now_seconds ());
  const char *params[] = { patient_id, tenant, login, password_hash, now };

  return run (PG (self), "INSERT INTO server_patient_accounts (patient_id, tenant_id, login, password_hash, created_at) "
                         "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (patient_id) DO UPDATE SET "
                         "login = excluded.login, password_hash = excluded.password_hash", 5, params, error);
}

static char *
pg_patient_account_find (CareServerStorage *self,
                         const char        *tenant,
                         const char        *login,
                         char             **tenant_out,
                         char             **hash,
                         guint             *n_matches)
{
  const char *params[] = { login, tenant };
  g_autoptr(PGresult) result =
    care_pg_query (PG (self), "SELECT patient_id, tenant_id, password_hash FROM server_patient_accounts "
                              "WHERE ($2::text IS NULL OR tenant_id = $2) AND lower(login) = lower($1) LIMIT 2",
                   2, params, NULL);

  *n_matches = result ? PQntuples (result) : 0;
  if (*n_matches != 1)
    return NULL;
  *tenant_out = g_strdup (PQgetvalue (result, 0, 1));
  *hash = g_strdup (PQgetvalue (result, 0, 2));
  return g_strdup (PQgetvalue (result, 0, 0));
}

static GStrv
pg_patient_account_hashes (CareServerStorage *self,
                           const char        *login)
{
  const char *params[] = { login };
  g_autoptr(PGresult) result = care_pg_query (PG (self), "SELECT password_hash FROM server_patient_accounts "
                                                         "WHERE lower(login) = lower($1)", 1, params, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (int r = 0; result && r < PQntuples (result); r++)
    g_strv_builder_add (builder, PQgetvalue (result, r, 0));
  return g_strv_builder_end (builder);
}

static char *
pg_patient_account_hash (CareServerStorage *self,
                         const char        *patient_id)
{
  const char *params[] = { patient_id };

  return care_pg_query_text (PG (self), "SELECT password_hash FROM server_patient_accounts WHERE patient_id = $1",
                             1, params);
}

static gboolean
pg_patient_account_set_password (CareServerStorage *self,
                                 const char        *patient_id,
                                 const char        *password_hash,
                                 GError           **error)
{
  const char *params[] = { patient_id, password_hash };

  return run (PG (self), "UPDATE server_patient_accounts SET password_hash = $2 WHERE patient_id = $1", 2, params,
              error);
}

/* --- single-use tokens -------------------------------------------------- */

static gboolean
pg_token_put (CareServerStorage *self,
              const char        *kind,
              const char        *token_hash,
              const char        *tenant,
              const char        *subject,
              gint64             expires_at,
              GError           **error)
{
  INT_PARAM (expires, expires_at);
  const char *params[] = { token_hash, kind, tenant, subject, expires };
  const char *earlier[] = { kind, subject };

  /* A new token replaces the subject's earlier unused ones of that kind. */
  return run (PG (self), "DELETE FROM server_tokens WHERE kind = $1 AND subject_id = $2", 2, earlier, error) &&
         run (PG (self), "INSERT INTO server_tokens (token_hash, kind, tenant_id, subject_id, expires_at) "
                         "VALUES ($1, $2, $3, $4, $5)", 5, params, error);
}

static gboolean
pg_token_take (CareServerStorage *self,
               const char        *kind,
               const char        *token_hash,
               gint64             now,
               char             **tenant,
               char             **subject)
{
  INT_PARAM (at, now);
  const char *params[] = { token_hash, kind, at };
  g_autoptr(PGresult) result =
    care_pg_query (PG (self), "UPDATE server_tokens SET used_at = $3 WHERE token_hash = $1 AND kind = $2 "
                              "AND used_at IS NULL AND expires_at > $3 RETURNING tenant_id, subject_id",
                   3, params, NULL);

  if (result == NULL || PQntuples (result) == 0)
    return FALSE;
  *tenant = g_strdup (PQgetvalue (result, 0, 0));
  *subject = g_strdup (PQgetvalue (result, 0, 1));
  return TRUE;
}

/* --- refresh tokens ----------------------------------------------------- */

static gboolean
pg_refresh_put (CareServerStorage       *self,
                const char              *token_hash,
                const CareServerRefresh *info,
                gboolean                 new_family,
                gint64                   expires_at,
                GError                 **error)
{
  INT_PARAM (now, now_seconds ());
  INT_PARAM (expires, expires_at);
  const char *family[] = { info->family_id, info->tenant_id, info->subject_id, info->is_patient ? "1" : "0", now };
  const char *token[] = { token_hash, info->family_id, now, expires };

  if (new_family &&
      !run (PG (self), "INSERT INTO server_token_families (id, tenant_id, subject_id, is_patient, created_at) "
                       "VALUES ($1, $2, $3, $4, $5)", 5, family, error))
    return FALSE;
  return run (PG (self), "INSERT INTO server_refresh_tokens (token_hash, family_id, created_at, expires_at) "
                         "VALUES ($1, $2, $3, $4)", 4, token, error);
}

static gboolean
pg_family_revoke (CareServerStorage *self,
                  const char        *family_id,
                  const char        *reason)
{
  INT_PARAM (now, now_seconds ());
  const char *params[] = { family_id, now, reason };

  return run (PG (self), "UPDATE server_token_families SET revoked_at = $2, revoked_reason = $3 "
                         "WHERE id = $1 AND revoked_at IS NULL", 3, params, NULL);
}

static gboolean
pg_subject_access_revoke (CareServerStorage *self,
                          const char        *subject_id)
{
  g_autofree char *key = g_strconcat ("sub:", subject_id, NULL);
  gint64 now_ms = care_clock_get_real_time () / 1000;
  /* Access tokens live at most 7 days (the configuration's bound). */
  INT_PARAM (expires, now_ms / 1000 + 7 * 24 * 3600);
  INT_PARAM (at, now_ms);
  const char *params[] = { key, expires, at };

  return run (PG (self), "INSERT INTO server_revoked_access (jti, expires_at, revoked_at_ms) VALUES ($1, $2, $3) "
                         "ON CONFLICT (jti) DO UPDATE SET expires_at = excluded.expires_at, "
                         "revoked_at_ms = excluded.revoked_at_ms", 3, params, NULL);
}

static gboolean
pg_subject_revoke (CareServerStorage *self,
                   const char        *subject_id,
                   const char        *reason)
{
  INT_PARAM (now, now_seconds ());
  const char *params[] = { subject_id, now, reason };

  return run (PG (self), "UPDATE server_token_families SET revoked_at = $2, revoked_reason = $3 "
                         "WHERE subject_id = $1 AND revoked_at IS NULL", 3, params, NULL) &&
         pg_subject_access_revoke (self, subject_id);
}

static CareServerRefreshResult
refresh_use (CareServerStorage *self,
             const char        *token_hash,
             gint64             now,
             CareServerRefresh *info)
{
  const char *params[] = { token_hash };
  g_autoptr(PGresult) row =
    care_pg_query (PG (self), "SELECT r.family_id, r.expires_at, r.used_at IS NOT NULL, f.tenant_id, f.subject_id, "
                              "f.is_patient, f.revoked_at IS NOT NULL "
                              "FROM server_refresh_tokens r JOIN server_token_families f ON f.id = r.family_id "
                              "WHERE r.token_hash = $1 FOR UPDATE OF r", 1, params, NULL);
  INT_PARAM (at, now);
  const char *use[] = { token_hash, at };

  if (row == NULL || PQntuples (row) == 0)
    return CARE_SERVER_REFRESH_UNKNOWN;
  info->family_id = g_strdup (PQgetvalue (row, 0, 0));
  info->tenant_id = g_strdup (PQgetvalue (row, 0, 3));
  info->subject_id = g_strdup (PQgetvalue (row, 0, 4));
  info->is_patient = !g_str_equal (PQgetvalue (row, 0, 5), "0");
  if (g_str_equal (PQgetvalue (row, 0, 6), "t"))
    return CARE_SERVER_REFRESH_REVOKED;
  if (g_str_equal (PQgetvalue (row, 0, 2), "t"))
    {
      /* A token already exchanged: the client or a thief holds a stale
       * copy, and nobody in the family can be trusted any more. */
      pg_family_revoke (self, info->family_id, "reuse");
      return CARE_SERVER_REFRESH_REUSED;
    }
  if (g_ascii_strtoll (PQgetvalue (row, 0, 1), NULL, 10) <= now)
    return CARE_SERVER_REFRESH_EXPIRED;
  run (PG (self), "UPDATE server_refresh_tokens SET used_at = $2 WHERE token_hash = $1", 2, use, NULL);
  return CARE_SERVER_REFRESH_OK;
}

static CareServerRefreshResult
pg_refresh_use (CareServerStorage *self,
                const char        *token_hash,
                gint64             now,
                CareServerRefresh *info)
{
  CareServerRefreshResult result;

  if (!care_pg_begin (self, NULL))
    return CARE_SERVER_REFRESH_UNKNOWN;
  result = refresh_use (self, token_hash, now, info);
  if (!care_pg_commit (self, NULL))
    return CARE_SERVER_REFRESH_UNKNOWN;
  return result;
}

static gboolean
pg_access_revoke (CareServerStorage *self,
                  const char        *jti,
                  gint64             expires_at)
{
  INT_PARAM (expires, expires_at);
  const char *params[] = { jti, expires };

  return run (PG (self), "INSERT INTO server_revoked_access (jti, expires_at) VALUES ($1, $2) "
                         "ON CONFLICT (jti) DO NOTHING", 2, params, NULL);
}

static GHashTable *
pg_access_revoked (CareServerStorage *self,
                   gint64             now)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  INT_PARAM (at, now);
  const char *params[] = { at };
  g_autoptr(PGresult) result = NULL;

  run (PG (self), "DELETE FROM server_revoked_access WHERE expires_at < $1", 1, params, NULL);
  result = care_pg_query (PG (self), "SELECT jti, coalesce(revoked_at_ms, 0) FROM server_revoked_access", 0, NULL, NULL);
  for (int r = 0; result && r < PQntuples (result); r++)
    {
      gint64 ms = g_ascii_strtoll (PQgetvalue (result, r, 1), NULL, 10);

      g_hash_table_insert (set, g_strdup (PQgetvalue (result, r, 0)), g_memdup2 (&ms, sizeof ms));
    }
  return set;
}

/* --- throttling --------------------------------------------------------- */

static void
pg_throttle_get (CareServerStorage *self,
                 const char        *key,
                 gint64            *failures,
                 gint64            *last)
{
  const char *params[] = { key };
  g_autoptr(PGresult) result = care_pg_query (PG (self), "SELECT failures, last_failure FROM server_throttle "
                                                         "WHERE key = $1", 1, params, NULL);

  *failures = 0;
  *last = 0;
  if (result == NULL || PQntuples (result) == 0)
    return;
  *failures = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  *last = g_ascii_strtoll (PQgetvalue (result, 0, 1), NULL, 10);
}

static void
pg_throttle_fail (CareServerStorage *self,
                  const char        *key,
                  gint64             now)
{
  INT_PARAM (at, now);
  const char *params[] = { key, at };

  run (PG (self), "INSERT INTO server_throttle (key, failures, last_failure) VALUES ($1, 1, $2) "
                  "ON CONFLICT (key) DO UPDATE SET failures = server_throttle.failures + 1, last_failure = $2",
       2, params, NULL);
}

static void
pg_throttle_clear (CareServerStorage *self,
                   const char        *key)
{
  const char *params[] = { key };

  run (PG (self), "DELETE FROM server_throttle WHERE key = $1", 1, params, NULL);
}

/* --- stored push results ------------------------------------------------ */

static char *
pg_mutation_get (CareServerStorage *self,
                 const char        *tenant,
                 const char        *mutation_id,
                 gboolean          *elsewhere)
{
  const char *params[] = { mutation_id };
  g_autoptr(PGresult) result = care_pg_query (PG (self), "SELECT tenant_id, result FROM sync_mutations "
                                                         "WHERE mutation_id = $1", 1, params, NULL);

  *elsewhere = FALSE;
  if (result == NULL || PQntuples (result) == 0)
    return NULL;
  if (g_strcmp0 (PQgetvalue (result, 0, 0), tenant) != 0)
    {
      *elsewhere = TRUE;
      return NULL;
    }
  return g_strdup (PQgetvalue (result, 0, 1));
}

static gboolean
pg_mutation_put (CareServerStorage *self,
                 const char        *tenant,
                 const char        *mutation_id,
                 const char        *device,
                 const char        *actor,
                 const char        *result,
                 GError           **error)
{
  INT_PARAM (now, now_seconds ());
  const char *params[] = { mutation_id, tenant, device, actor, result, now };

  return run (PG (self), "INSERT INTO sync_mutations (mutation_id, tenant_id, device, actor, result, at) "
                         "VALUES ($1, $2, $3, $4, $5, $6)", 6, params, error);
}

void
care_pg_accounts_init_vtable (CareServerStorageVTable *v)
{
  v->create_clinic = pg_create_clinic;
  v->find_login = pg_find_login;
  v->find_logins = pg_find_logins;
  v->role_can = pg_role_can;
  v->set_role_permission = pg_set_role_permission;
  v->patient_account_create = pg_patient_account_create;
  v->patient_account_find = pg_patient_account_find;
  v->patient_account_hashes = pg_patient_account_hashes;
  v->patient_account_hash = pg_patient_account_hash;
  v->patient_account_set_password = pg_patient_account_set_password;
  v->token_put = pg_token_put;
  v->token_take = pg_token_take;
  v->refresh_put = pg_refresh_put;
  v->refresh_use = pg_refresh_use;
  v->family_revoke = pg_family_revoke;
  v->subject_revoke = pg_subject_revoke;
  v->subject_access_revoke = pg_subject_access_revoke;
  v->access_revoke = pg_access_revoke;
  v->access_revoked = pg_access_revoked;
  v->throttle_get = pg_throttle_get;
  v->throttle_fail = pg_throttle_fail;
  v->throttle_clear = pg_throttle_clear;
  v->mutation_get = pg_mutation_get;
  v->mutation_put = pg_mutation_put;
}
