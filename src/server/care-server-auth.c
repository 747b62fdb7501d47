/* care-server-auth.c: sign-in, tokens, passwords and the patient portal
 *
 * Access tokens: "cd1.<payload>.<mac>", the payload (user, tenant, role,
 * expiry, token id, refresh family) base64url-encoded and signed with
 * HMAC-SHA256 under a 32-byte secret kept in the database. They are checked
 * without touching the database; logout puts the token id on a revocation
 * list that every worker keeps in memory.
 *
 * Refresh tokens: 32 random bytes, stored as their SHA-256, in families.
 * Each refresh spends the token and issues the next one of the family; a
 * spent token presented again revokes the whole family.
 *
 * Argon2id runs in a worker thread (the message is paused meanwhile), so the
 * main loop keeps serving other requests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-auth"

#include "config.h"

#include "care-clock.h"

#include <string.h>
#include <sodium.h>

#include "care-server-private.h"

#define ACCOUNT_FREE_FAILURES 5
#define ADDRESS_FREE_FAILURES 30
#define MAX_WAIT_SECONDS      (15 * 60)
#define RESET_TOKEN_SECONDS   (30 * 60)
#define INVITE_TOKEN_SECONDS  (7 * 24 * 3600)

static gint64
now_seconds (void)
{
  return care_clock_get_real_time () / G_USEC_PER_SEC;
}

/* --- encoding ----------------------------------------------------------- */

static char *
b64url_encode (const guchar *data,
               gsize         length)
{
  char *out = g_malloc (sodium_base64_ENCODED_LEN (length, sodium_base64_VARIANT_URLSAFE_NO_PADDING));

  sodium_bin2base64 (out, sodium_base64_ENCODED_LEN (length, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                     data, length, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

static guchar *
b64url_decode (const char *text,
               gsize       text_length,
               gsize      *length)
{
  gsize max = text_length * 3 / 4 + 3;
  guchar *out = g_malloc (max + 1);

  if (sodium_base642bin (out, max, text, text_length, NULL, length, NULL,
                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    {
      g_free (out);
      return NULL;
    }
  out[*length] = '\0';
  return out;
}

char *
care_server_random_token (void)
{
  guchar bytes[32];

  randombytes_buf (bytes, sizeof bytes);
  return b64url_encode (bytes, sizeof bytes);
}

char *
care_server_token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

gboolean
care_server_load_secret (CareServer *server,
                         GError    **error)
{
  CareServerStorage *st = server->storage;
  g_autofree char *hex = st->v->get_meta (st, "token_secret");
  gsize length = 0;

  if (hex == NULL)
    {
      guchar bytes[32];
      char buf[65];

      randombytes_buf (bytes, sizeof bytes);
      sodium_bin2hex (buf, sizeof buf, bytes, sizeof bytes);
      if (!st->v->set_meta (st, "token_secret", buf, error))
        return FALSE;
      /* Two workers may race on a new database: read back what won. */
      hex = st->v->get_meta (st, "token_secret");
    }
  if (hex == NULL || sodium_hex2bin (server->secret, sizeof server->secret, hex, strlen (hex),
                                     NULL, &length, NULL) != 0 || length != sizeof server->secret)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The token secret in the database is damaged");
      return FALSE;
    }
  return TRUE;
}

/* --- access tokens ------------------------------------------------------ */

void
care_claims_clear (CareClaims *claims)
{
  g_clear_pointer (&claims->user_id, g_free);
  g_clear_pointer (&claims->tenant_id, g_free);
  g_clear_pointer (&claims->role, g_free);
  g_clear_pointer (&claims->jti, g_free);
}

static void
sign (CareServer *server,
      const char *text,
      gsize       length,
      guchar      mac[crypto_auth_hmacsha256_BYTES])
{
  crypto_auth_hmacsha256 (mac, (const guchar *) text, length, server->secret);
}

/* claims->jti carries "<jti>/<family>" while issuing. */
char *
care_server_token_issue (CareServer       *server,
                         const CareClaims *claims)
{
  g_autofree char *payload = g_strdup_printf ("%s\n%s\n%s\n%" G_GINT64_FORMAT "\n%s\n%c\n%" G_GINT64_FORMAT,
                                              claims->user_id, claims->tenant_id, claims->role,
                                              claims->expires_at, claims->jti,
                                              claims->is_patient ? 'P' : 'S',
                                              care_clock_get_real_time () / 1000);
  g_autofree char *encoded = b64url_encode ((const guchar *) payload, strlen (payload));
  g_autofree char *signed_part = g_strconcat ("cd1.", encoded, NULL);
  guchar mac[crypto_auth_hmacsha256_BYTES];
  g_autofree char *mac_text = NULL;

  sign (server, signed_part, strlen (signed_part), mac);
  mac_text = b64url_encode (mac, sizeof mac);
  return g_strconcat (signed_part, ".", mac_text, NULL);
}

gboolean
care_server_token_verify (CareServer *server,
                          const char *token,
                          CareClaims *claims)
{
  const char *dot;
  gsize signed_length, mac_length = 0, payload_length = 0;
  guchar mac[crypto_auth_hmacsha256_BYTES];
  g_autofree guchar *given = NULL;
  g_autofree guchar *payload = NULL;
  g_auto(GStrv) parts = NULL;
  gint64 expires;

  if (!g_str_has_prefix (token, "cd1.") || strlen (token) > 1024)
    return FALSE;
  dot = strchr (token + 4, '.');
  if (dot == NULL)
    return FALSE;
  signed_length = dot - token;
  given = b64url_decode (dot + 1, strlen (dot + 1), &mac_length);
  if (given == NULL || mac_length != sizeof mac)
    return FALSE;
  sign (server, token, signed_length, mac);
  if (sodium_memcmp (mac, given, sizeof mac) != 0)
    return FALSE;

  payload = b64url_decode (token + 4, signed_length - 4, &payload_length);
  if (payload == NULL)
    return FALSE;
  parts = g_strsplit ((const char *) payload, "\n", 8);
  if (g_strv_length (parts) != 7)
    return FALSE;
  expires = g_ascii_strtoll (parts[3], NULL, 10);
  if (expires <= now_seconds ())
    return FALSE;

  care_claims_clear (claims);
  claims->user_id = g_strdup (parts[0]);
  claims->tenant_id = g_strdup (parts[1]);
  claims->role = g_strdup (parts[2]);
  claims->expires_at = expires;
  claims->jti = g_strdup (parts[4]);
  claims->is_patient = parts[5][0] == 'P';
  claims->issued_at_ms = g_ascii_strtoll (parts[6], NULL, 10);
  return TRUE;
}

/* The refresh family is the part of the token id after the slash. */
static const char *
claims_family (const CareClaims *claims)
{
  const char *slash = claims->jti ? strchr (claims->jti, '/') : NULL;
  return slash ? slash + 1 : NULL;
}

/* Issues an access token and a refresh token (new family when family is NULL). */
static JsonObject *
issue_session (CareRequest *req,
               const char  *subject,
               const char  *tenant,
               const char  *role,
               gboolean     is_patient,
               const char  *family,
               GError     **error)
{
  CareServer *server = req->server;
  CareServerConfig *config = server->config;
  g_autofree char *new_family = family ? NULL : care_uuid_v7 ();
  g_autofree char *jti_base = care_uuid_v7 ();
  g_autofree char *refresh = care_server_random_token ();
  g_autofree char *refresh_hash = care_server_token_hash (refresh);
  g_autofree char *access = NULL;
  CareServerRefresh info = {
    .family_id = (char *) (family ? family : new_family),
    .subject_id = (char *) subject,
    .tenant_id = (char *) tenant,
    .is_patient = is_patient,
  };
  CareClaims claims = { 0 };
  JsonObject *out;

  if (!server->storage->v->refresh_put (server->storage, refresh_hash, &info, family == NULL,
                                        now_seconds () + (gint64) config->refresh_token_days * 24 * 3600, error))
    return NULL;

  claims.user_id = (char *) subject;
  claims.tenant_id = (char *) tenant;
  claims.role = (char *) role;
  claims.is_patient = is_patient;
  claims.expires_at = now_seconds () + config->access_token_seconds;
  claims.jti = g_strconcat (jti_base, "/", info.family_id, NULL);
  access = care_server_token_issue (server, &claims);
  g_free (claims.jti);

  out = json_object_new ();
  json_object_set_string_member (out, "access_token", access);
  json_object_set_string_member (out, "token_type", "Bearer");
  json_object_set_int_member (out, "expires_in", config->access_token_seconds);
  json_object_set_string_member (out, "refresh_token", refresh);
  json_object_set_int_member (out, "refresh_expires_in", (gint64) config->refresh_token_days * 24 * 3600);
  json_object_set_string_member (out, "tenant_id", tenant);
  json_object_set_string_member (out, "role", role);
  return out;
}

/* --- throttling --------------------------------------------------------- */

static guint
wait_seconds (gint64 failures,
              gint64 last,
              gint64 free_failures)
{
  gint64 wait, elapsed;

  if (failures < free_failures)
    return 0;
  wait = failures - free_failures >= 10 ? MAX_WAIT_SECONDS : MIN (MAX_WAIT_SECONDS, (gint64) 1 << (failures - free_failures + 1));
  elapsed = MAX (0, now_seconds () - last);
  return elapsed >= wait ? 0 : (guint) (wait - elapsed);
}

static guint
throttled (CareServer *server,
           const char *key,
           gint64      free_failures)
{
  gint64 failures, last;

  server->storage->v->throttle_get (server->storage, key, &failures, &last);
  return wait_seconds (failures, last, free_failures);
}

static void
too_many (CareRequest *req,
          guint        seconds)
{
  g_autofree char *retry = g_strdup_printf ("%u", seconds);
  g_autofree char *message = g_strdup_printf ("Too many failed sign-ins. Try again in %u seconds.", seconds);

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Retry-After", retry);
  care_request_error (req, 429, message);
}

static char *
address_key (CareRequest *req)
{
  return g_strconcat ("addr:", care_request_remote (req), NULL);
}

/* --- password work in a thread ------------------------------------------ */

typedef struct _Job Job;
typedef void (*JobDone) (Job *job);

struct _Job {
  CareRequest *req;
  char        *hash;          /* to verify against (NULL: the dummy) */
  GStrv        hashes;        /* or any of these: a login of several clinics */
  char        *password;      /* to verify */
  char        *new_password;  /* to hash */
  gboolean     ok;
  char        *new_hash;
  char        *problem;
  JobDone      done;
  CareRecord  *user;
  char        *subject;
  char        *tenant;
  char        *login;
  char        *account_key;
};

static void
job_free (Job *job)
{
  care_request_unref (job->req);
  g_free (job->hash);
  g_strfreev (job->hashes);
  if (job->password)
    sodium_memzero (job->password, strlen (job->password));
  g_free (job->password);
  if (job->new_password)
    sodium_memzero (job->new_password, strlen (job->new_password));
  g_free (job->new_password);
  g_free (job->new_hash);
  g_free (job->problem);
  g_clear_pointer (&job->user, care_record_unref);
  g_free (job->subject);
  g_free (job->tenant);
  g_free (job->login);
  g_free (job->account_key);
  g_free (job);
}

/* Unknown logins cost the same time as wrong passwords. */
static const char *
dummy_hash (void)
{
  static gsize once;
  static char *hash;

  if (g_once_init_enter (&once))
    {
      g_autofree char *password = care_server_random_token ();
      hash = care_password_hash (password, NULL);
      g_once_init_leave (&once, 1);
    }
  return hash;
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  Job *job = data;

  if (job->hashes)
    for (guint i = 0; job->hashes[i]; i++)
      job->ok |= care_password_verify (job->hashes[i], job->password);
  else if (job->password)
    job->ok = care_password_verify (job->hash ? job->hash : dummy_hash (), job->password) && job->hash != NULL;
  else
    job->ok = TRUE;
  if (job->ok && job->new_password)
    {
      g_autoptr(GError) error = NULL;

      job->new_hash = care_password_hash (job->new_password, &error);
      if (job->new_hash == NULL)
        job->problem = g_strdup (error->message);
    }
  g_task_return_boolean (task, TRUE);
}

static void
job_finished (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Job *job = data;
  SoupServerMessage *msg = g_object_ref (job->req->msg);

  job->done (job);
  care_server_flush_generation (job->req->server);
  if (!job->req->responded)
    care_request_error (job->req, 500, "The server could not complete the request.");
  job_free (job);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
}

static void
job_run (Job *job)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, job_finished, job);

  soup_server_message_pause (job->req->msg);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, job_thread);
}

static Job *
job_new (CareRequest *req,
         JobDone      done)
{
  Job *job = g_new0 (Job, 1);

  job->req = care_request_ref (req);
  job->done = done;
  return job;
}

/* --- staff sign-in ------------------------------------------------------ */

static JsonObject *
user_summary (CareRecord *user)
{
  JsonObject *object = care_record_to_json (user);
  return object;
}

static void
ask_which_clinic (CareRequest *req)
{
  care_request_field_error (req, 422, "Several clinics have an account with this login; say which one.",
                            "tenant_id", "Give the clinic's id.");
}

static void
login_done (Job *job)
{
  CareRequest *req = job->req;
  CareServer *server = req->server;
  CareServerStorage *st = server->storage;
  g_autofree char *addr = address_key (req);
  g_autoptr(GError) error = NULL;
  JsonObject *session;
  JsonNode *node;

  /* The right password of an account in several clinics: which one? */
  if (job->ok && job->hashes)
    {
      ask_which_clinic (req);
      return;
    }
  if (!job->ok || job->user == NULL)
    {
      guint wait;

      st->v->throttle_fail (st, addr, now_seconds ());
      if (job->account_key)
        st->v->throttle_fail (st, job->account_key, now_seconds ());
      wait = job->account_key ? throttled (server, job->account_key, ACCOUNT_FREE_FAILURES) : 0;
      if (wait)
        too_many (req, wait);
      else
        care_request_error (req, 401, "That username or password is not right.");
      return;
    }
  if (!care_record_get_bool (job->user, "active"))
    {
      care_request_error (req, 403, "This account has been deactivated. Ask an administrator to reactivate it.");
      return;
    }

  st->v->throttle_clear (st, job->account_key);
  st->v->throttle_clear (st, addr);
  {
    g_autofree char *now = care_now_iso8601 ();

    care_record_set (job->user, "last_login", now);
    if (!st->v->update (st, job->tenant, care_record_get_id (job->user), job->user, &error))
      {
        g_warning ("Could not record the sign-in: %s", error->message);
        g_clear_error (&error);
      }
  }

  session = issue_session (req, care_record_get_id (job->user), job->tenant,
                           care_record_get (job->user, "role"), FALSE, NULL, &error);
  if (session == NULL)
    {
      care_request_gerror (req, error, NULL);
      return;
    }
  json_object_set_object_member (session, "user", user_summary (job->user));
  care_claims_clear (&req->claims);
  req->claims.user_id = g_strdup (care_record_get_id (job->user));
  req->claims.tenant_id = g_strdup (job->tenant);
  req->claims.role = g_strdup (care_record_get (job->user, "role"));
  care_server_audit (req, "sign_in", "user", care_record_get_id (job->user));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, session);
  care_request_respond (req, 200, node, NULL);
}

static const char *
login_member (CareRequest *req,
              JsonObject  *body,
              gboolean    *failed)
{
  const char *names[] = { "login", "username", "email" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (json_object_has_member (body, names[i]))
      return care_request_string_member (req, body, names[i], TRUE, failed);
  care_request_field_error (req, 422, "Give a username or email address.", "login", "This is required.");
  *failed = TRUE;
  return NULL;
}

static gboolean
check_login_body (CareRequest *req,
                  JsonObject  *body,
                  const char *const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (body);

  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        care_request_field_error (req, 422, "The request has a field this route does not take.", l->data, "Unknown field.");
        return FALSE;
      }
  return TRUE;
}

static void patient_login_done (Job *job);

static void
start_login (CareRequest *req,
             gboolean     patient)
{
  static const char *const allowed[] = { "login", "username", "email", "password", "tenant_id", NULL };
  CareServer *server = req->server;
  CareServerStorage *st = server->storage;
  JsonObject *body = care_request_body_object (req);
  g_autofree char *addr = NULL;
  gboolean failed = FALSE;
  const char *login, *password, *tenant;
  guint wait, n = 0;
  Job *job;

  if (body == NULL || !check_login_body (req, body, allowed))
    return;
  login = login_member (req, body, &failed);
  password = care_request_string_member (req, body, "password", TRUE, &failed);
  tenant = care_request_string_member (req, body, "tenant_id", FALSE, &failed);
  if (failed)
    return;

  addr = address_key (req);
  wait = throttled (server, addr, ADDRESS_FREE_FAILURES);
  if (wait)
    {
      too_many (req, wait);
      return;
    }

  job = job_new (req, patient ? patient_login_done : login_done);
  job->password = g_strdup (password);
  job->login = g_utf8_strdown (login, -1);

  if (patient)
    {
      g_autofree char *patient_tenant = NULL;
      g_autofree char *hash = NULL;
      g_autofree char *patient_id = st->v->patient_account_find (st, tenant, login, &patient_tenant, &hash, &n);

      job->subject = g_steal_pointer (&patient_id);
      job->tenant = g_steal_pointer (&patient_tenant);
      job->hash = g_steal_pointer (&hash);
    }
  else
    {
      job->user = st->v->find_login (st, tenant, login, &n);
      if (job->user)
        {
          job->hash = g_strdup (care_record_get (job->user, "password_hash"));
          job->tenant = g_strdup (care_record_get (job->user, CARE_COLUMN_TENANT));
          job->subject = g_strdup (care_record_get_id (job->user));
        }
    }
  /* Which clinic is asked only of whoever knows a password: a wrong one
   * is told like any wrong password (no oracle of other clinics' logins),
   * for staff and patients alike. */
  if (n > 1 && !patient)
    {
      g_autoptr(GPtrArray) users = st->v->find_logins (st, login);
      GStrvBuilder *hashes = g_strv_builder_new ();

      for (guint i = 0; i < users->len; i++)
        if (care_record_get (g_ptr_array_index (users, i), "password_hash"))
          g_strv_builder_add (hashes, care_record_get (g_ptr_array_index (users, i), "password_hash"));
      job->hashes = g_strv_builder_end (hashes);
      g_strv_builder_unref (hashes);
    }
  else if (n > 1)
    job->hashes = st->v->patient_account_hashes (st, login);
  job->account_key = g_strdup_printf ("acct:%s:%s", job->tenant ? job->tenant : (tenant ? tenant : "-"), job->login);
  wait = throttled (server, job->account_key, ACCOUNT_FREE_FAILURES);
  if (wait)
    {
      too_many (req, wait);
      job_free (job);
      return;
    }
  job_run (job);
}

static void
patient_login_done (Job *job)
{
  CareRequest *req = job->req;
  CareServerStorage *st = req->server->storage;
  g_autofree char *addr = address_key (req);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = NULL;
  JsonObject *session;
  JsonNode *node;

  /* As for staff: which clinic is asked only of whoever knows a password. */
  if (job->ok && job->hashes)
    {
      ask_which_clinic (req);
      return;
    }
  if (!job->ok || job->subject == NULL)
    {
      guint wait;

      st->v->throttle_fail (st, addr, now_seconds ());
      st->v->throttle_fail (st, job->account_key, now_seconds ());
      wait = throttled (req->server, job->account_key, ACCOUNT_FREE_FAILURES);
      if (wait)
        too_many (req, wait);
      else
        care_request_error (req, 401, "That email or password is not right.");
      return;
    }
  patient = st->v->get (st, job->tenant, care_schema_lookup ("patient"), job->subject, NULL);
  if (patient == NULL || !care_record_get_bool (patient, "portal_active"))
    {
      care_request_error (req, 403, "This portal account is not active. Ask the clinic for a new invitation.");
      return;
    }
  st->v->throttle_clear (st, job->account_key);
  st->v->throttle_clear (st, addr);
  session = issue_session (req, job->subject, job->tenant, CARE_ROLE_PATIENT, TRUE, NULL, &error);
  if (session == NULL)
    {
      care_request_gerror (req, error, NULL);
      return;
    }
  json_object_set_object_member (session, "patient", care_record_to_json (patient));
  care_claims_clear (&req->claims);
  req->claims.user_id = g_strdup (job->subject);
  req->claims.tenant_id = g_strdup (job->tenant);
  req->claims.role = g_strdup (CARE_ROLE_PATIENT);
  care_server_audit (req, "sign_in", "patient", job->subject);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, session);
  care_request_respond (req, 200, node, NULL);
}

static void
route_login (CareRequest *req)
{
  start_login (req, FALSE);
}

static void
route_login_patient (CareRequest *req)
{
  start_login (req, TRUE);
}

/* --- refresh, logout, me ------------------------------------------------ */

static void
route_refresh (CareRequest *req)
{
  static const char *const allowed[] = { "refresh_token", NULL };
  CareServerStorage *st = req->server->storage;
  JsonObject *body = care_request_body_object (req);
  gboolean failed = FALSE;
  const char *token;
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  CareServerRefresh info = { 0 };
  const char *role = CARE_ROLE_PATIENT;
  g_autoptr(CareRecord) user = NULL;
  JsonObject *session;
  JsonNode *node;

  if (body == NULL || !check_login_body (req, body, allowed))
    return;
  token = care_request_string_member (req, body, "refresh_token", TRUE, &failed);
  if (failed)
    return;
  hash = care_server_token_hash (token);
  switch (st->v->refresh_use (st, hash, now_seconds (), &info))
    {
    case CARE_SERVER_REFRESH_OK:
      break;
    case CARE_SERVER_REFRESH_REUSED:
      g_info ("Refresh token reuse detected; family %s revoked", info.family_id);
      care_request_error (req, 401, "This refresh token was already used. For safety every session of this "
                                    "sign-in has been ended; sign in again.");
      care_server_refresh_clear (&info);
      return;
    case CARE_SERVER_REFRESH_EXPIRED:
      care_request_error (req, 401, "The refresh token has expired; sign in again.");
      care_server_refresh_clear (&info);
      return;
    case CARE_SERVER_REFRESH_REVOKED:
      care_request_error (req, 401, "This session has been signed out; sign in again.");
      care_server_refresh_clear (&info);
      return;
    case CARE_SERVER_REFRESH_UNKNOWN:
    default:
      care_request_error (req, 401, "The refresh token is not valid; sign in again.");
      care_server_refresh_clear (&info);
      return;
    }

  if (info.is_patient)
    {
      g_autoptr(CareRecord) patient = st->v->get (st, info.tenant_id, care_schema_lookup ("patient"), info.subject_id, NULL);

      if (patient == NULL || !care_record_get_bool (patient, "portal_active"))
        {
          st->v->family_revoke (st, info.family_id, "inactive");
          care_request_error (req, 401, "This portal account is no longer active.");
          care_server_refresh_clear (&info);
          return;
        }
    }
  else
    {
      user = st->v->get (st, info.tenant_id, care_schema_lookup ("user"), info.subject_id, NULL);
      if (user == NULL || !care_record_get_bool (user, "active"))
        {
          st->v->family_revoke (st, info.family_id, "inactive");
          care_request_error (req, 401, "This account is no longer active.");
          care_server_refresh_clear (&info);
          return;
        }
      role = care_record_get (user, "role");
    }
  session = issue_session (req, info.subject_id, info.tenant_id, role, info.is_patient, info.family_id, &error);
  care_server_refresh_clear (&info);
  if (session == NULL)
    {
      care_request_gerror (req, error, NULL);
      return;
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, session);
  care_request_respond (req, 200, node, NULL);
}

static void
route_logout (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  const char *family = claims_family (&req->claims);

  if (family)
    st->v->family_revoke (st, family, "logout");
  st->v->access_revoke (st, req->claims.jti, req->claims.expires_at);
  care_server_audit (req, "sign_out", req->claims.is_patient ? "patient" : "user", req->claims.user_id);
  care_server_bump_generation (req->server);
  care_request_no_content (req);
}

static void
route_me (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  const CareEntity *entity = care_schema_lookup (req->claims.is_patient ? "patient" : "user");
  g_autoptr(CareRecord) record = st->v->get (st, req->claims.tenant_id, entity, req->claims.user_id, NULL);
  JsonObject *out;
  JsonArray *permissions = json_array_new ();
  JsonNode *node;

  if (record == NULL)
    {
      json_array_unref (permissions);
      care_request_error (req, 401, "This account no longer exists.");
      return;
    }
  for (const char *const *p = care_schema_permissions (); *p; p++)
    if (care_request_can (req, *p))
      json_array_add_string_element (permissions, *p);
  out = json_object_new ();
  json_object_set_string_member (out, "id", req->claims.user_id);
  json_object_set_string_member (out, "tenant_id", req->claims.tenant_id);
  json_object_set_string_member (out, "role", req->claims.role);
  json_object_set_array_member (out, "permissions", permissions);
  json_object_set_int_member (out, "token_expires_at", req->claims.expires_at);
  json_object_set_object_member (out, req->claims.is_patient ? "patient" : "user", care_record_to_json (record));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, out);
  care_request_respond (req, 200, node, NULL);
}

/* --- passwords ---------------------------------------------------------- */

static gboolean
check_new_password (CareRequest *req,
                    const char  *field,
                    const char  *password)
{
  const char *problem = care_password_check (password);

  if (problem == NULL)
    return TRUE;
  care_request_field_error (req, 422, problem, field, problem);
  return FALSE;
}

static void
store_new_password (Job *job)
{
  CareRequest *req = job->req;
  CareServerStorage *st = req->server->storage;
  g_autoptr(GError) error = NULL;

  if (job->new_hash == NULL)
    {
      care_request_field_error (req, 422, job->problem ? job->problem : "The password could not be set.",
                                "new_password", job->problem ? job->problem : "Not accepted.");
      return;
    }
  if (job->user)
    {
      care_record_set (job->user, "password_hash", job->new_hash);
      care_record_set (job->user, "failed_logins", "0");
      care_record_set (job->user, "last_failed_login", NULL);
      if (!st->v->update (st, job->tenant, job->subject, job->user, &error))
        {
          care_request_gerror (req, error, NULL);
          return;
        }
    }
  else if (!st->v->patient_account_set_password (st, job->subject, job->new_hash, &error))
    {
      care_request_gerror (req, error, NULL);
      return;
    }
  /* Every session of this account ends, this one too: sign in again. */
  st->v->subject_revoke (st, job->subject, "password");
  care_server_bump_generation (req->server);
  st->v->throttle_clear (st, job->account_key);
  care_request_no_content (req);
}

static void
change_password_done (Job *job)
{
  if (!job->ok)
    {
      care_request_field_error (job->req, 422, "The current password is not right.", "current_password", "Not right.");
      return;
    }
  store_new_password (job);
}

static void
route_change_password (CareRequest *req)
{
  static const char *const allowed[] = { "current_password", "new_password", NULL };
  CareServerStorage *st = req->server->storage;
  JsonObject *body = care_request_body_object (req);
  gboolean failed = FALSE;
  const char *current, *next;
  Job *job;

  if (body == NULL || !check_login_body (req, body, allowed))
    return;
  current = care_request_string_member (req, body, "current_password", TRUE, &failed);
  next = care_request_string_member (req, body, "new_password", TRUE, &failed);
  if (failed || !check_new_password (req, "new_password", next))
    return;

  job = job_new (req, change_password_done);
  job->password = g_strdup (current);
  job->new_password = g_strdup (next);
  job->subject = g_strdup (req->claims.user_id);
  job->tenant = g_strdup (req->claims.tenant_id);
  if (req->claims.is_patient)
    {
      job->hash = st->v->patient_account_hash (st, req->claims.user_id);
    }
  else
    {
      job->user = st->v->get (st, req->claims.tenant_id, care_schema_lookup ("user"), req->claims.user_id, NULL);
      if (job->user)
        job->hash = g_strdup (care_record_get (job->user, "password_hash"));
    }
  job_run (job);
}

static void
route_forgot_password (CareRequest *req)
{
  static const char *const allowed[] = { "login", "username", "email", "tenant_id", NULL };
  CareServer *server = req->server;
  CareServerStorage *st = server->storage;
  JsonObject *body = care_request_body_object (req);
  gboolean failed = FALSE;
  const char *login, *tenant;
  g_autoptr(CareRecord) user = NULL;
  g_autofree char *addr = NULL;
  JsonObject *out;
  JsonNode *node;
  guint n = 0, wait;

  if (body == NULL || !check_login_body (req, body, allowed))
    return;
  login = login_member (req, body, &failed);
  tenant = care_request_string_member (req, body, "tenant_id", FALSE, &failed);
  if (failed)
    return;
  addr = address_key (req);
  wait = throttled (server, addr, ADDRESS_FREE_FAILURES);
  if (wait)
    {
      too_many (req, wait);
      return;
    }
  /* Each request counts against the address, so nobody can flood mailboxes. */
  st->v->throttle_fail (st, addr, now_seconds ());

  user = st->v->find_login (st, tenant, login, &n);
  if (user && care_record_get_bool (user, "active"))
    {
      g_autofree char *token = care_server_random_token ();
      g_autofree char *hash = care_server_token_hash (token);
      g_autoptr(GError) error = NULL;

      if (!st->v->token_put (st, "reset", hash, care_record_get (user, CARE_COLUMN_TENANT),
                             care_record_get_id (user), now_seconds () + RESET_TOKEN_SECONDS, &error))
        {
          care_request_gerror (req, error, NULL);
          return;
        }
      if (server->config->smtp_host && care_record_get (user, "email"))
        {
          g_autofree char *text = g_strdup_printf ("Hello %s,\n\n"
                                                   "someone (hopefully you) asked to reset your Caredesk password.\n"
                                                   "Your reset code, valid for 30 minutes and usable once:\n\n"
                                                   "    %s\n\n"
                                                   "If you did not ask for this, ignore this message; your password stays as it is.\n",
                                                   care_record_get (user, "full_name"), token);
          care_server_send_mail (server->config, care_record_get (user, "email"), "Your Caredesk password reset code", text);
        }
      else if (!server->config->development)
        g_warning ("A password reset was asked for user %s (%s) but cannot be delivered: %s",
                   care_record_get_id (user), care_record_get (user, "username"),
                   server->config->smtp_host ? "the account has no email address" : "no smtp-host is configured");
      /* Development mode: the token is in the log too. */
      if (server->config->development)
        g_info ("Password reset token for user %s (%s): %s (valid 30 minutes)",
                care_record_get_id (user), care_record_get (user, "username"), token);
    }
  out = json_object_new ();
  json_object_set_string_member (out, "message",
                                 "If an account with this login exists, a password reset token has been sent to its owner.");
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, out);
  care_request_respond (req, 202, node, NULL);
}

static void
route_reset_password (CareRequest *req)
{
  static const char *const allowed[] = { "token", "new_password", NULL };
  CareServerStorage *st = req->server->storage;
  JsonObject *body = care_request_body_object (req);
  gboolean failed = FALSE;
  const char *token, *next;
  g_autofree char *hash = NULL;
  g_autofree char *tenant = NULL;
  g_autofree char *subject = NULL;
  Job *job;

  if (body == NULL || !check_login_body (req, body, allowed))
    return;
  token = care_request_string_member (req, body, "token", TRUE, &failed);
  next = care_request_string_member (req, body, "new_password", TRUE, &failed);
  if (failed || !check_new_password (req, "new_password", next))
    return;
  hash = care_server_token_hash (token);
  if (!st->v->token_take (st, "reset", hash, now_seconds (), &tenant, &subject))
    {
      care_request_field_error (req, 422, "This reset token is not valid: it is unknown, was already used or has expired.",
                                "token", "Not valid.");
      return;
    }
  job = job_new (req, store_new_password);
  job->new_password = g_strdup (next);
  job->subject = g_steal_pointer (&subject);
  job->tenant = g_steal_pointer (&tenant);
  job->user = st->v->get (st, job->tenant, care_schema_lookup ("user"), job->subject, NULL);
  job->account_key = job->user ? g_strdup_printf ("acct:%s:%s", job->tenant, care_record_get (job->user, "username")) : NULL;
  job_run (job);
}

/* --- patient portal ----------------------------------------------------- */

static void
route_invite (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  g_autoptr(CareRecord) patient = care_request_get_record (req, care_schema_lookup ("patient"), req->params[0]);
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *expires_text = NULL;
  JsonObject *out;
  JsonNode *node;

  if (patient == NULL)
    return;
  token = care_server_invite_code_new ();
  hash = care_server_token_hash (token);
  if (!st->v->token_put (st, "invite", hash, req->claims.tenant_id, care_record_get_id (patient),
                         now_seconds () + INVITE_TOKEN_SECONDS, &error))
    {
      care_request_gerror (req, error, NULL);
      return;
    }
  expires = g_date_time_new_from_unix_utc (now_seconds () + INVITE_TOKEN_SECONDS);
  expires_text = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%SZ");
  care_record_set (patient, "portal_invite_token", hash);
  care_record_set (patient, "portal_invite_expires", expires_text);
  if (!st->v->update (st, req->claims.tenant_id, req->claims.user_id, patient, &error))
    {
      care_request_gerror (req, error, NULL);
      return;
    }
  care_server_audit (req, "update", "patient", care_record_get_id (patient));
  out = json_object_new ();
  json_object_set_string_member (out, "patient_id", care_record_get_id (patient));
  json_object_set_string_member (out, "invite_token", token);
  json_object_set_string_member (out, "expires_at", expires_text);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, out);
  care_request_respond (req, 201, node, NULL);
}

static void
register_patient_done (Job *job)
{
  CareRequest *req = job->req;
  CareServerStorage *st = req->server->storage;
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) patient = NULL;
  JsonObject *out;
  JsonNode *node;

  if (job->new_hash == NULL)
    {
      care_request_field_error (req, 422, job->problem ? job->problem : "The password was not accepted.",
                                "password", job->problem ? job->problem : "Not accepted.");
      return;
    }
  patient = st->v->get (st, job->tenant, care_schema_lookup ("patient"), job->subject, &error);
  if (patient == NULL)
    {
      care_request_gerror (req, error, NULL);
      return;
    }
  if (!st->v->begin (st, &error))
    {
      care_request_gerror (req, error, NULL);
      return;
    }
  care_record_set (patient, "portal_active", "1");
  care_record_set (patient, "portal_invite_token", NULL);
  if (!st->v->patient_account_create (st, job->tenant, job->subject, job->login, job->new_hash, &error) ||
      !st->v->update (st, job->tenant, NULL, patient, &error))
    {
      st->v->rollback (st);
      if (error && strstr (error->message, "UNIQUE"))
        care_request_field_error (req, 409, "Another portal account already uses this login.", "login", "Already in use.");
      else
        care_request_gerror (req, error, NULL);
      return;
    }
  if (!st->v->commit (st, &error))
    {
      care_request_gerror (req, error, NULL);
      return;
    }
  out = json_object_new ();
  json_object_set_string_member (out, "patient_id", job->subject);
  json_object_set_string_member (out, "tenant_id", job->tenant);
  json_object_set_string_member (out, "login", job->login);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, out);
  care_request_respond (req, 201, node, NULL);
}

static void
route_register_patient (CareRequest *req)
{
  static const char *const allowed[] = { "token", "password", "login", "email", NULL };
  CareServerStorage *st = req->server->storage;
  JsonObject *body = care_request_body_object (req);
  gboolean failed = FALSE;
  const char *token, *password, *login;
  g_autofree char *addr = NULL;
  g_autofree char *code = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *tenant = NULL;
  guint wait;
  g_autofree char *subject = NULL;
  g_autoptr(CareRecord) patient = NULL;
  Job *job;

  if (body == NULL || !check_login_body (req, body, allowed))
    return;
  token = care_request_string_member (req, body, "token", TRUE, &failed);
  password = care_request_string_member (req, body, "password", TRUE, &failed);
  login = care_request_string_member (req, body, json_object_has_member (body, "email") ? "email" : "login", FALSE, &failed);
  if (failed || !check_new_password (req, "password", password))
    return;
  /* A short code can be guessed at: wrong ones count like failed sign-ins. */
  addr = address_key (req);
  wait = throttled (req->server, addr, ADDRESS_FREE_FAILURES);
  if (wait)
    {
      too_many (req, wait);
      return;
    }
  code = care_server_invite_code_normalize (token);
  hash = care_server_token_hash (code);
  if (!st->v->token_take (st, "invite", hash, now_seconds (), &tenant, &subject))
    {
      st->v->throttle_fail (st, addr, now_seconds ());
      care_request_field_error (req, 422, "This invitation is not valid: it is unknown, was already used or has expired.",
                                "token", "Not valid.");
      return;
    }
  patient = st->v->get (st, tenant, care_schema_lookup ("patient"), subject, NULL);
  if (patient == NULL)
    {
      care_request_field_error (req, 422, "The invited patient no longer exists.", "token", "Not valid.");
      return;
    }
  if (login == NULL)
    login = care_record_get (patient, "email");
  if (login == NULL || strlen (login) < 3 || strlen (login) > 254)
    {
      care_request_field_error (req, 422, "Choose a login (usually your email address).", "login", "This is required.");
      return;
    }
  job = job_new (req, register_patient_done);
  job->new_password = g_strdup (password);
  job->subject = g_steal_pointer (&subject);
  job->tenant = g_steal_pointer (&tenant);
  job->login = g_strdup (login);
  job_run (job);
}

/* The answers' shapes, for the OpenAPI document. */
static const char *const session_example =
  "{\"access_token\": \"…\", \"token_type\": \"Bearer\", \"expires_in\": 900, \"refresh_token\": \"…\", "
  "\"refresh_expires_in\": 2592000, \"tenant_id\": \"0190c1e2-7a3b-7cde-8f00-123456789abc\", \"role\": \"nurse\", "
  "\"user?\": {\"id\": \"0190c1e2-7a3b-7cde-8f00-123456789abd\", \"full_name\": \"Grace Hopper\"}, "
  "\"patient?\": {\"id\": \"0190c1e2-7a3b-7cde-8f00-123456789abe\"}}";

void
care_server_auth_register (CareServer *server)
{
  CareRoute *r;

  r = care_server_add_route (server, "POST", "/auth/login", NULL, CARE_ROUTE_PUBLIC, route_login, "auth",
                             "Staff sign-in with username or email and password");
  r->body = CARE_BODY_OBJECT;
  r->body_example = "{\"login\": \"admin\", \"password\": \"…\", \"tenant_id\": \"(optional)\"}";
  r->success = 200;
  r->response_example = session_example;
  r = care_server_add_route (server, "POST", "/auth/login/staff", NULL, CARE_ROUTE_PUBLIC, route_login, "auth",
                             "Staff sign-in (seed 003's name for /auth/login)");
  r->body = CARE_BODY_OBJECT;
  r->body_example = "{\"login\": \"admin\", \"password\": \"…\"}";
  r->success = 200;
  r->response_example = session_example;
  r = care_server_add_route (server, "POST", "/auth/login/patient", NULL, CARE_ROUTE_PUBLIC, route_login_patient, "auth",
                             "Patient portal sign-in");
  r->body = CARE_BODY_OBJECT;
  r->body_example = "{\"login\": \"maria@example.org\", \"password\": \"…\"}";
  r->success = 200;
  r->response_example = session_example;
  r = care_server_add_route (server, "POST", "/auth/refresh", NULL, CARE_ROUTE_PUBLIC, route_refresh, "auth",
                             "Exchange a refresh token for a new access and refresh token");
  r->body = CARE_BODY_OBJECT;
  r->body_example = "{\"refresh_token\": \"…\"}";
  r->success = 200;
  r->response_example = session_example;
  r = care_server_add_route (server, "POST", "/auth/logout", NULL, CARE_ROUTE_PATIENT | CARE_ROUTE_ANY_ROLE, route_logout, "auth",
                             "End this session (its refresh family and access token)");
  r->success = 204;
  r->response = CARE_RESPONSE_EMPTY;
  r = care_server_add_route (server, "GET", "/auth/me", NULL, CARE_ROUTE_PATIENT | CARE_ROUTE_ANY_ROLE, route_me, "auth",
                             "Who is signed in, with their permissions");
  r->response_example = "{\"id\": \"0190c1e2-7a3b-7cde-8f00-123456789abd\", \"tenant_id\": \"0190c1e2-7a3b-7cde-8f00-123456789abc\", "
                        "\"role\": \"nurse\", \"permissions\": [\"vitals_entry\"], \"token_expires_at\": 1796596362, "
                        "\"user?\": {\"id\": \"0190c1e2-7a3b-7cde-8f00-123456789abd\"}, "
                        "\"patient?\": {\"id\": \"0190c1e2-7a3b-7cde-8f00-123456789abd\"}}";
  r = care_server_add_route (server, "POST", "/auth/change-password", NULL, CARE_ROUTE_PATIENT | CARE_ROUTE_ANY_ROLE,
                             route_change_password, "auth", "Change one's own password");
  r->body = CARE_BODY_OBJECT;
  r->body_example = "{\"current_password\": \"…\", \"new_password\": \"…\"}";
  r->success = 204;
  r->response = CARE_RESPONSE_EMPTY;
  r = care_server_add_route (server, "POST", "/auth/forgot-password", NULL, CARE_ROUTE_PUBLIC, route_forgot_password, "auth",
                             "Ask for a single-use password reset token");
  r->body = CARE_BODY_OBJECT;
  r->body_example = "{\"login\": \"nurse\"}";
  r->response_example = "{\"message\": \"If an account with this login exists, a password reset token has been sent to its owner.\"}";
  r->success = 202;
  r = care_server_add_route (server, "POST", "/auth/reset-password", NULL, CARE_ROUTE_PUBLIC, route_reset_password, "auth",
                             "Set a new password with a reset token");
  r->body = CARE_BODY_OBJECT;
  r->body_example = "{\"token\": \"…\", \"new_password\": \"…\"}";
  r->success = 204;
  r->response = CARE_RESPONSE_EMPTY;
  r = care_server_add_route (server, "POST", "/auth/register-patient", NULL, CARE_ROUTE_PUBLIC, route_register_patient, "auth",
                             "Complete portal registration with an invitation token");
  r->body = CARE_BODY_OBJECT;
  r->body_example = "{\"token\": \"…\", \"password\": \"…\", \"login\": \"(optional; default: the patient's email)\"}";
  r->response_example = "{\"patient_id\": \"0190c1e2-7a3b-7cde-8f00-123456789abe\", "
                        "\"tenant_id\": \"0190c1e2-7a3b-7cde-8f00-123456789abc\", \"login\": \"maria@example.org\"}";
  r = care_server_add_route (server, "POST", "/patients/{id}/invite", CARE_PERM_PATIENT_REGISTRATION, 0, route_invite, "patients",
                             "Invite a patient to the portal: returns a single-use invitation code, valid for a week");
  r->response_example = "{\"patient_id\": \"0190c1e2-7a3b-7cde-8f00-123456789abe\", \"invite_token\": \"K7QF2-XM9PA\", "
                        "\"expires_at\": \"2026-12-13T22:17:48Z\"}";
}
