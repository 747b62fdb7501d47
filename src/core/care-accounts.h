/* care-accounts.h: staff accounts, passwords and signing in
 *
 * Passwords are hashed with Argon2id (libsodium). Hashing is slow on
 * purpose, so everything that hashes has an _async variant that runs the
 * hash in a worker thread; the store itself is only touched from the
 * thread that owns it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

#define CARE_ACCOUNTS_ERROR (care_accounts_error_quark ())
GQuark care_accounts_error_quark (void);

typedef enum {
  CARE_ACCOUNTS_ERROR_BAD_CREDENTIALS, /* unknown login or wrong password (never says which) */
  CARE_ACCOUNTS_ERROR_THROTTLED,       /* too many failures: wait, see care_accounts_get_retry_seconds() */
  CARE_ACCOUNTS_ERROR_INACTIVE,        /* the account was deactivated */
  CARE_ACCOUNTS_ERROR_WEAK_PASSWORD,
  CARE_ACCOUNTS_ERROR_LAST_ADMIN,      /* would leave the clinic without an active admin */
} CareAccountsError;

#define CARE_PASSWORD_MIN_LENGTH 8

/* NULL if acceptable, else a translated reason. */
const char  *care_password_check          (const char   *password);
char        *care_password_hash           (const char   *password,
                                           GError      **error);
gboolean     care_password_verify         (const char   *hash,
                                           const char   *password);
void         care_password_hash_async     (const char   *password,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer      user_data);
char        *care_password_hash_finish    (GAsyncResult *result,
                                           GError      **error);

/* First run: creates the clinic (entity "tenant"), seeds the permission
 * matrix and creates the first admin, in one transaction. */
gboolean     care_accounts_create_clinic  (CareStore    *store,
                                           CareRecord   *clinic,
                                           CareRecord   *admin,
                                           const char   *password,
                                           GError      **error);

/* Each write that hashes a password comes in three forms: blocking (for
 * the server and the demo), _async (hashes in a worker thread, checks the
 * records and the password at once and writes the store on the calling
 * thread: for the app), and _with_hash for a hash computed beforehand
 * with care_password_hash_async(). The _check_ functions refuse, before
 * any hash, what the write would refuse; a NULL password is not checked. */
/* A new clinic's permission matrix: one role_permission record per role
 * and permission, allowed as care_default_permission() says. */
GPtrArray   *care_accounts_default_matrix (void);
gboolean     care_accounts_check_clinic   (CareStore    *store,
                                           CareRecord   *clinic,
                                           CareRecord   *admin,
                                           const char   *password,
                                           GError      **error);
gboolean     care_accounts_create_clinic_with_hash (CareStore *store,
                                           CareRecord   *clinic,
                                           CareRecord   *admin,
                                           const char   *hash,
                                           GError      **error);
void         care_accounts_create_clinic_async (CareStore *store,
                                           CareRecord   *clinic,
                                           CareRecord   *admin,
                                           const char   *password,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer      user_data);
gboolean     care_accounts_create_clinic_finish (CareStore *store,
                                           GAsyncResult *result,
                                           GError      **error);

/* Username or email, case-insensitive. */
CareRecord  *care_accounts_find_login     (CareStore    *store,
                                           const char   *login);

/* Creates a staff account (entity "user") with the given password. */
gboolean     care_accounts_create_user    (CareStore    *store,
                                           CareRecord   *user,
                                           const char   *password,
                                           GError      **error);
gboolean     care_accounts_check_user     (CareStore    *store,
                                           CareRecord   *user,
                                           const char   *password,
                                           GError      **error);
gboolean     care_accounts_create_user_with_hash (CareStore *store,
                                           CareRecord   *user,
                                           const char   *hash,
                                           GError      **error);
void         care_accounts_create_user_async (CareStore   *store,
                                           CareRecord   *user,
                                           const char   *password,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer      user_data);
gboolean     care_accounts_create_user_finish (CareStore  *store,
                                           GAsyncResult *result,
                                           GError      **error);
gboolean     care_accounts_set_password   (CareStore    *store,
                                           const char   *user_id,
                                           const char   *password,
                                           GError      **error);
gboolean     care_accounts_set_password_hash (CareStore *store,
                                           const char   *user_id,
                                           const char   *hash,
                                           GError      **error);
void         care_accounts_set_password_async (CareStore  *store,
                                           const char   *user_id,
                                           const char   *password,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer      user_data);
gboolean     care_accounts_set_password_finish (CareStore *store,
                                           GAsyncResult *result,
                                           GError      **error);
gboolean     care_accounts_set_active     (CareStore    *store,
                                           const char   *user_id,
                                           gboolean      active,
                                           GError      **error);

/* Seconds before this login may try again (0: now). The wait doubles with
 * each failure after the third: 2, 4, 8 … up to 15 minutes. */
guint        care_accounts_get_retry_seconds (CareStore *store,
                                           const char   *login);

/* Blocking sign-in; prefer the async one in a UI. */
CareRecord  *care_accounts_sign_in        (CareStore    *store,
                                           const char   *login,
                                           const char   *password,
                                           GError      **error);
void         care_accounts_sign_in_async  (CareStore    *store,
                                           const char   *login,
                                           const char   *password,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer      user_data);
CareRecord  *care_accounts_sign_in_finish (CareStore    *store,
                                           GAsyncResult *result,
                                           GError      **error);

G_END_DECLS
