/* care-accounts.c: staff accounts, passwords and signing in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-accounts"

#include "config.h"

#include "care-clock.h"

#include <sodium.h>
#include <glib/gi18n-lib.h>

#include "care-accounts.h"
#include "care-lab-catalogue-store.h"
#include "care-store-private.h"
#include "care-uuid.h"

G_DEFINE_QUARK (care-accounts-error-quark, care_accounts_error)

/* Failures allowed before waiting starts, and the longest wait. */
#define FREE_ATTEMPTS     3
#define MAX_WAIT_SECONDS  (15 * 60)

static const CareEntity *
user_entity (void)
{
  return care_schema_lookup ("user");
}

/* --- passwords ---------------------------------------------------------- */

const char *
care_password_check (const char *password)
{
  G_STATIC_ASSERT (CARE_PASSWORD_MIN_LENGTH == 8);

  if (password == NULL || g_utf8_strlen (password, -1) < CARE_PASSWORD_MIN_LENGTH)
    return _("Use at least 8 characters for the password.");
  if (strlen (password) > 1024)
    return _("This password is too long.");
  return NULL;
}

char *
care_password_hash (const char *password,
                    GError    **error)
{
  char hash[crypto_pwhash_STRBYTES];
  const char *problem = care_password_check (password);

  if (problem)
    {
      g_set_error_literal (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_WEAK_PASSWORD, problem);
      return NULL;
    }
  if (sodium_init () < 0 ||
      crypto_pwhash_str_alg (hash, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_WEAK_PASSWORD,
                           _("There was not enough memory to protect the password."));
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
care_password_verify (const char *hash,
                      const char *password)
{
  if (hash == NULL || password == NULL || sodium_init () < 0)
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

static void
hash_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  char *hash = care_password_hash (task_data, &error);

  if (hash)
    g_task_return_pointer (task, hash, g_free);
  else
    g_task_return_error (task, error);
}

void
care_password_hash_async (const char         *password,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, care_password_hash_async);
  g_task_set_task_data (task, g_strdup (password), (GDestroyNotify) g_free);
  g_task_run_in_thread (task, hash_thread);
}

char *
care_password_hash_finish (GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- accounts ----------------------------------------------------------- */

CareRecord *
care_accounts_find_login (CareStore  *store,
                          const char *login)
{
  const CareEntity *entity = user_entity ();
  g_autofree char *columns = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *trimmed = NULL;
  sqlite3_stmt *stmt;
  CareRecord *user = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (login == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (login));
  if (trimmed[0] == '\0')
    return NULL;

  columns = care_store_column_list (entity, NULL);
  sql = g_strdup_printf ("SELECT %s FROM users WHERE tenant_id IS ?2 AND "
                         "(username = ?1 COLLATE NOCASE OR email = ?1 COLLATE NOCASE) LIMIT 1",
                         columns);
  stmt = care_store_prepare (store, sql, NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, care_store_get_tenant_id (store), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    user = care_store_record_from_row (entity, stmt, 0);
  sqlite3_reset (stmt);
  return user;
}

/* Everything about a new account that can be refused before the hash is
 * spent on it: the record, then the password. */
static gboolean
check_new_user (CareStore  *store,
                CareRecord *user,
                const char *password,
                GError    **error)
{
  g_autoptr(CareValidation) v = NULL;
  const char *problem;

  care_record_set (user, "active", "1");
  care_record_set (user, "failed_logins", "0");

  v = care_store_validate (store, user);
  if (!care_validation_is_valid (v))
    {
      care_validation_set_error (v, user_entity (), error);
      return FALSE;
    }
  if (password != NULL && (problem = care_password_check (password)) != NULL)
    {
      g_set_error_literal (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_WEAK_PASSWORD, problem);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_user (CareStore  *store,
             CareRecord *user,
             const char *hash,
             GError    **error)
{
  if (!check_new_user (store, user, NULL, error))
    return FALSE;
  care_record_set (user, "password_hash", hash);
  return care_store_insert (store, user, error);
}

gboolean
care_accounts_check_clinic (CareStore  *store,
                            CareRecord *clinic,
                            CareRecord *admin,
                            const char *password,
                            GError    **error)
{
  g_autoptr(CareValidation) v = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (clinic != NULL && admin != NULL, FALSE);

  v = care_store_validate (store, clinic);
  if (!care_validation_is_valid (v))
    {
      care_validation_set_error (v, care_record_get_entity (clinic), error);
      return FALSE;
    }
  care_record_set (admin, "role", CARE_ROLE_ADMIN);
  return check_new_user (store, admin, password, error);
}

GPtrArray *
care_accounts_default_matrix (void)
{
  const char *const *roles = care_schema_roles ();
  const char *const *permissions = care_schema_permissions ();
  const CareEntity *entity = care_schema_lookup ("role_permission");
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);

  for (guint r = 0; roles[r]; r++)
    for (guint p = 0; permissions[p]; p++)
      {
        CareRecord *row = care_record_new (entity);

        care_record_set (row, "role", roles[r]);
        care_record_set (row, "permission", permissions[p]);
        care_record_set (row, "allowed", care_default_permission (roles[r], permissions[p]) ? "1" : "0");
        g_ptr_array_add (rows, row);
      }
  return rows;
}

gboolean
care_accounts_create_clinic_with_hash (CareStore  *store,
                                       CareRecord *clinic,
                                       CareRecord *admin,
                                       const char *hash,
                                       GError    **error)
{
  g_autoptr(GPtrArray) matrix = care_accounts_default_matrix ();

  g_return_val_if_fail (hash != NULL, FALSE);

  if (!care_accounts_check_clinic (store, clinic, admin, NULL, error))
    return FALSE;

  if (!care_store_begin (store, error))
    return FALSE;

  if (!care_store_insert (store, clinic, error) ||
      !care_store_set_meta (store, "tenant_id", care_record_get_id (clinic), error))
    goto failed;
  care_store_set_tenant_id (store, care_record_get_id (clinic));

  for (guint i = 0; i < matrix->len; i++)
    if (!care_store_insert (store, g_ptr_array_index (matrix, i), error))
      goto failed;

  if (!insert_user (store, admin, hash, error) ||
      !care_lab_catalogue_seed (store, care_record_get_id (clinic), error))
    goto failed;

  return care_store_commit (store, error);

failed:
  care_store_rollback (store);
  return FALSE;
}

gboolean
care_accounts_create_clinic (CareStore  *store,
                             CareRecord *clinic,
                             CareRecord *admin,
                             const char *password,
                             GError    **error)
{
  g_autofree char *hash = NULL;

  /* Check the forms before spending time on the hash. */
  if (!care_accounts_check_clinic (store, clinic, admin, password ? password : "", error))
    return FALSE;
  hash = care_password_hash (password, error);
  return hash != NULL && care_accounts_create_clinic_with_hash (store, clinic, admin, hash, error);
}

gboolean
care_accounts_check_user (CareStore  *store,
                          CareRecord *user,
                          const char *password,
                          GError    **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);

  return check_new_user (store, user, password, error);
}

gboolean
care_accounts_create_user_with_hash (CareStore  *store,
                                     CareRecord *user,
                                     const char *hash,
                                     GError    **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (user != NULL && hash != NULL, FALSE);

  return insert_user (store, user, hash, error);
}

gboolean
care_accounts_create_user (CareStore  *store,
                           CareRecord *user,
                           const char *password,
                           GError    **error)
{
  g_autofree char *hash = NULL;

  if (!care_accounts_check_user (store, user, password ? password : "", error))
    return FALSE;
  hash = care_password_hash (password, error);
  return hash != NULL && care_accounts_create_user_with_hash (store, user, hash, error);
}

gboolean
care_accounts_set_password_hash (CareStore  *store,
                                 const char *user_id,
                                 const char *hash,
                                 GError    **error)
{
  g_autoptr(CareRecord) user = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (hash != NULL, FALSE);

  user = care_store_get (store, user_entity (), user_id, error);
  if (user == NULL)
    return FALSE;
  care_record_set (user, "password_hash", hash);
  care_record_set (user, "failed_logins", "0");
  care_record_set (user, "last_failed_login", NULL);
  return care_store_update (store, user, error);
}

gboolean
care_accounts_set_password (CareStore  *store,
                            const char *user_id,
                            const char *password,
                            GError    **error)
{
  g_autoptr(CareRecord) user = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  /* An unknown account is refused before the hash. */
  user = care_store_get (store, user_entity (), user_id, error);
  if (user == NULL)
    return FALSE;
  hash = care_password_hash (password, error);
  return hash != NULL && care_accounts_set_password_hash (store, user_id, hash, error);
}

static gint64
count_active_admins (CareStore *store)
{
  sqlite3_stmt *stmt = care_store_prepare (store,
                                           "SELECT count(*) FROM users WHERE tenant_id IS ? "
                                           "AND role = 'admin' AND active = 1", NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

gboolean
care_accounts_set_active (CareStore  *store,
                          const char *user_id,
                          gboolean    active,
                          GError    **error)
{
  g_autoptr(CareRecord) user = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  user = care_store_get (store, user_entity (), user_id, error);
  if (user == NULL)
    return FALSE;

  if (!active && care_record_get_bool (user, "active") &&
      g_strcmp0 (care_record_get (user, "role"), CARE_ROLE_ADMIN) == 0 &&
      count_active_admins (store) <= 1)
    {
      g_set_error_literal (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_LAST_ADMIN,
                           _("This is the only active administrator. Make someone else an "
                             "administrator before deactivating this account."));
      return FALSE;
    }

  care_record_set (user, "active", active ? "1" : "0");
  if (active)
    care_record_set (user, "failed_logins", "0");
  return care_store_update (store, user, error);
}

/* --- signing in --------------------------------------------------------- */

static guint
wait_after (gint64 failures)
{
  if (failures < FREE_ATTEMPTS)
    return 0;
  if (failures - FREE_ATTEMPTS >= 10)
    return MAX_WAIT_SECONDS;
  return MIN (MAX_WAIT_SECONDS, 2u << (failures - FREE_ATTEMPTS));
}

static guint
retry_seconds_for (const CareRecord *user)
{
  gint64 failures = care_record_get_int (user, "failed_logins", 0);
  const char *last = care_record_get (user, "last_failed_login");
  g_autoptr(GDateTime) last_time = NULL;
  g_autoptr(GDateTime) now = NULL;
  gint64 elapsed;
  guint wait = wait_after (failures);

  if (wait == 0 || last == NULL)
    return 0;
  last_time = g_date_time_new_from_iso8601 (last, NULL);
  if (last_time == NULL)
    return 0;
  now = care_clock_now_utc ();
  elapsed = g_date_time_difference (now, last_time);
  if (elapsed < 0)   /* the clock went back: count from now */
    elapsed = 0;
  if (elapsed >= (gint64) wait * G_TIME_SPAN_SECOND)
    return 0;
  /* Round up: "1 second" until the wait is really over. */
  return (guint) ((wait * G_TIME_SPAN_SECOND - elapsed + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND);
}

guint
care_accounts_get_retry_seconds (CareStore  *store,
                                 const char *login)
{
  g_autoptr(CareRecord) user = care_accounts_find_login (store, login);

  return user ? retry_seconds_for (user) : 0;
}

static void
set_throttled_error (guint    seconds,
                     GError **error)
{
  g_set_error (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_THROTTLED,
               g_dngettext (GETTEXT_PACKAGE,
                            "Too many wrong passwords. Try again in %u second.",
                            "Too many wrong passwords. Try again in %u seconds.",
                            seconds),
               seconds);
}

/* Everything before the hash: find the account, refuse early. */
static CareRecord *
sign_in_prepare (CareStore  *store,
                 const char *login,
                 GError    **error)
{
  g_autoptr(CareRecord) user = care_accounts_find_login (store, login);
  guint wait;

  if (user == NULL)
    return NULL;
  wait = retry_seconds_for (user);
  if (wait > 0)
    {
      set_throttled_error (wait, error);
      return NULL;
    }
  return g_steal_pointer (&user);
}

/* Everything after the hash: record the outcome. */
static CareRecord *
sign_in_complete (CareStore  *store,
                  CareRecord *user,
                  gboolean    password_ok,
                  GError    **error)
{
  g_autofree char *now = care_now_iso8601 ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *saved_actor = g_strdup (care_store_get_actor (store));

  if (user == NULL)
    {
      g_set_error_literal (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_BAD_CREDENTIALS,
                           _("That username or password is not right."));
      return NULL;
    }

  /* Bookkeeping on the account is done by the account itself. */
  care_store_set_actor (store, care_record_get_id (user));

  if (!password_ok)
    {
      gint64 failures = care_record_get_int (user, "failed_logins", 0) + 1;
      guint wait = wait_after (failures);

      care_record_set_int (user, "failed_logins", failures);
      care_record_set (user, "last_failed_login", now);
      if (!care_store_update (store, user, &local_error))
        g_warning ("Could not record a failed sign-in: %s", local_error->message);
      care_store_set_actor (store, saved_actor);
      if (wait > 0)
        set_throttled_error (wait, error);
      else
        g_set_error_literal (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_BAD_CREDENTIALS,
                             _("That username or password is not right."));
      return NULL;
    }

  if (!care_record_get_bool (user, "active"))
    {
      care_store_set_actor (store, saved_actor);
      g_set_error_literal (error, CARE_ACCOUNTS_ERROR, CARE_ACCOUNTS_ERROR_INACTIVE,
                           _("This account has been deactivated. Ask an administrator to reactivate it."));
      return NULL;
    }

  care_record_set (user, "failed_logins", "0");
  care_record_set (user, "last_failed_login", NULL);
  /* A workstation connected to a clinic server leaves the time of the last
   * sign-in to the server: written here it would be an edit of the account
   * to sync, refused for most roles. The two above are secret and local. */
  {
    g_autofree char *server = care_store_get_meta (store, "server_url");

    if (server == NULL)
      care_record_set (user, "last_login", now);
  }
  if (!care_store_update (store, user, &local_error))
    g_warning ("Could not record the sign-in: %s", local_error->message);
  care_store_set_actor (store, saved_actor);
  return care_record_ref (user);
}

/* A fixed hash of a random password, so that an unknown login costs the
 * same time as a wrong password and does not reveal which accounts exist. */
static const char *
dummy_hash (void)
{
  static gsize initialized;
  static char *hash;

  if (g_once_init_enter (&initialized))
    {
      char password[33];

      randombytes_buf (password, 32);
      for (guint i = 0; i < 32; i++)
        password[i] = 'a' + ((guchar) password[i] % 26);
      password[32] = '\0';
      hash = care_password_hash (password, NULL);
      g_once_init_leave (&initialized, 1);
    }
  return hash;
}

CareRecord *
care_accounts_sign_in (CareStore  *store,
                       const char *login,
                       const char *password,
                       GError    **error)
{
  g_autoptr(CareRecord) user = NULL;
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  user = sign_in_prepare (store, login, &local_error);
  if (local_error)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  ok = care_password_verify (user ? care_record_get (user, "password_hash") : dummy_hash (),
                             password ? password : "");
  return sign_in_complete (store, user, user != NULL && ok, error);
}

typedef struct {
  CareRecord *user;
  char       *hash;
  char       *password;
} SignIn;

static void
sign_in_free (SignIn *s)
{
  g_clear_pointer (&s->user, care_record_unref);
  g_free (s->hash);
  if (s->password)
    sodium_memzero (s->password, strlen (s->password));
  g_free (s->password);
  g_free (s);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SignIn *s = task_data;

  g_task_return_boolean (task, care_password_verify (s->hash ? s->hash : dummy_hash (), s->password));
}

void
care_accounts_sign_in_async (CareStore          *store,
                             const char         *login,
                             const char         *password,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SignIn *s;

  g_return_if_fail (CARE_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, care_accounts_sign_in_async);

  s = g_new0 (SignIn, 1);
  s->user = sign_in_prepare (store, login, &error);
  if (error)
    {
      sign_in_free (s);
      g_task_return_error (task, error);
      return;
    }
  s->hash = s->user ? g_strdup (care_record_get (s->user, "password_hash")) : NULL;
  s->password = g_strdup (password ? password : "");
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);
  /* Only the hash runs in the thread; the store stays on this one. */
  g_task_run_in_thread (task, verify_thread);
}

CareRecord *
care_accounts_sign_in_finish (CareStore    *store,
                              GAsyncResult *result,
                              GError      **error)
{
  GTask *task = G_TASK (result);
  SignIn *s;
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  ok = g_task_propagate_boolean (task, &local_error);
  if (local_error)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  s = g_task_get_task_data (task);
  return sign_in_complete (store, s->user, s->user != NULL && ok, error);
}
