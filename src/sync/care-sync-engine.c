/* care-sync-engine.c: the workstation's side of sync (docs/sync.md)
 *
 * Threads. The engine object belongs to the thread that created it (the
 * UI's): its properties are only read and written there. The work happens
 * in a worker thread with its own GMainContext, HTTP session and CareStore
 * connection; the worker reports back by invoking closures in the
 * creator's main context. Those closures hold an EngineLink, not the
 * engine: the worker never takes a reference on the engine, so the engine
 * can be disposed (which stops and joins the worker) whenever its owner
 * lets go of it, and a report that arrives afterwards finds no engine and
 * does nothing. What both threads touch (tokens, tuning) is under a lock.
 *
 * Rounds run synchronously inside the worker's main loop (sync HTTP from
 * the thread that owns the session); the WebSocket and the timers are
 * sources of that loop and are looked at between rounds. While a round
 * pulls, a fetcher thread gets and scans the next pages (and checkpoints
 * the WAL) as the round's thread writes the last one to the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-sync"

#include "config.h"

#include "care-clock.h"

#include <sodium.h>
#include <glib/gi18n-lib.h>

#include "care-json.h"
#include "care-sync-client.h"
#include "care-store-sync.h"

#include <sqlite3.h>

#define DEFAULT_BATCH      500
#define MAX_BATCH          500           /* the server's limit per push */
#define DEFAULT_BATCH_BYTES (7800 * 1000)   /* under the server's 8 MiB body, with room for the envelope */
#define DEFAULT_PAGE       5000          /* fewer, larger transactions: faster first sync */
#define MAX_PAGE           10000         /* the server's limit per pull */
#define DEFAULT_POLL       30            /* seconds, while the socket is down */
#define LIVE_POLL_FACTOR   10            /* a safety pull while it is up */
#define KICK_DELAY_MS      50            /* local edits coalesce this long */
#define BACKOFF_MIN_MS     1000
#define URGENT_RETRY_MS    500           /* an urgent change tries this often, without backoff */
#define BACKOFF_MAX_MS     (5 * 60 * 1000)
#define MAX_RESYNCS        2             /* per round: the server keeps asking */

G_DEFINE_ENUM_TYPE (CareSyncState, care_sync_state,
                    G_DEFINE_ENUM_VALUE (CARE_SYNC_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (CARE_SYNC_STATE_ONLINE, "online"),
                    G_DEFINE_ENUM_VALUE (CARE_SYNC_STATE_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (CARE_SYNC_STATE_SIGNED_OUT, "signed-out"))

/* --- the link the worker reports through -------------------------------- */

typedef struct {
  gatomicrefcount  ref_count;
  GMutex           lock;
  CareSyncEngine  *engine;   /* NULL once the engine is disposed */
} EngineLink;

static EngineLink *
link_new (CareSyncEngine *engine)
{
  EngineLink *link = g_new0 (EngineLink, 1);

  g_atomic_ref_count_init (&link->ref_count);
  g_mutex_init (&link->lock);
  link->engine = engine;
  return link;
}

static EngineLink *
link_ref (EngineLink *link)
{
  g_atomic_ref_count_inc (&link->ref_count);
  return link;
}

static void
link_unref (EngineLink *link)
{
  if (!g_atomic_ref_count_dec (&link->ref_count))
    return;
  g_mutex_clear (&link->lock);
  g_free (link);
}

static CareSyncEngine *
link_dup_engine (EngineLink *link)
{
  CareSyncEngine *engine;

  g_mutex_lock (&link->lock);
  engine = link->engine ? g_object_ref (link->engine) : NULL;
  g_mutex_unlock (&link->lock);
  return engine;
}

/* --- the object --------------------------------------------------------- */

typedef struct _Worker Worker;

struct _CareSyncEngine
{
  GObject       parent_instance;

  /* Set once, read by both threads. */
  GMainContext *main_context;
  GThread      *owner;         /* the thread that created the engine */
  char         *store_path;
  char         *base_url;
  EngineLink   *link;

  /* Both threads: under lock. */
  GMutex        lock;
  char         *access_token;
  char         *refresh_token;
  guint         timeout;
  guint         batch_size;
  guint         batch_bytes;
  guint         page_size;
  guint         poll_interval;
  guint         crash_after;
  Worker       *worker;        /* NULL unless started */

  /* The owner's thread only. */
  GThread      *thread;
  gulong        network_handler;
  CareSyncState state;
  gint64        pending;
  gint64        conflicts;
  gint64        rejected;
  gint64        duplicates;
  gint64        last_sync;
  char         *last_error;
};

G_DEFINE_FINAL_TYPE (CareSyncEngine, care_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PENDING,
  PROP_CONFLICTS,
  PROP_REJECTED,
  PROP_DUPLICATES,
  PROP_LAST_SYNC,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RECORDS_CHANGED,
  TOKENS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- reports to the owner's main context -------------------------------- */

typedef enum {
  REPORT_STATE      = 1 << 0,
  REPORT_COUNTS     = 1 << 1,
  REPORT_LAST_SYNC  = 1 << 2,
  REPORT_LAST_ERROR = 1 << 3,
  REPORT_RECORDS    = 1 << 4,
  REPORT_TOKENS     = 1 << 5,
} ReportFlags;

typedef struct {
  EngineLink     *link;
  ReportFlags     flags;
  CareSyncState   state;
  CareSyncCounts  counts;
  gint64          last_sync;
  char           *last_error;
  GHashTable     *changed;
} Report;

static void
report_free (gpointer data)
{
  Report *report = data;

  link_unref (report->link);
  g_free (report->last_error);
  g_clear_pointer (&report->changed, g_hash_table_unref);
  g_free (report);
}

static void
set_int64 (CareSyncEngine *self,
           gint64         *field,
           gint64          value,
           guint           prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static gboolean
report_apply (gpointer data)
{
  Report *report = data;
  g_autoptr(CareSyncEngine) self = link_dup_engine (report->link);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  /* Records first: a UI that refreshes on "state" then sees them. */
  if (report->flags & REPORT_RECORDS)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, report->changed);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          GPtrArray *ids = value;
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) strv = NULL;

          for (guint i = 0; ids && i < ids->len; i++)
            g_strv_builder_add (builder, g_ptr_array_index (ids, i));
          strv = g_strv_builder_end (builder);
          g_signal_emit (self, signals[RECORDS_CHANGED], 0, (const char *) key, strv);
        }
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (report->flags & REPORT_COUNTS)
    {
      set_int64 (self, &self->pending, report->counts.pending, PROP_PENDING);
      set_int64 (self, &self->conflicts, report->counts.conflicts, PROP_CONFLICTS);
      set_int64 (self, &self->rejected, report->counts.rejected, PROP_REJECTED);
      set_int64 (self, &self->duplicates, report->counts.duplicates, PROP_DUPLICATES);
    }
  if (report->flags & REPORT_LAST_SYNC)
    set_int64 (self, &self->last_sync, report->last_sync, PROP_LAST_SYNC);
  if ((report->flags & REPORT_LAST_ERROR) && g_strcmp0 (self->last_error, report->last_error) != 0)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (report->last_error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
    }
  if ((report->flags & REPORT_STATE) && self->state != report->state)
    {
      self->state = report->state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  if (report->flags & REPORT_TOKENS)
    g_signal_emit (self, signals[TOKENS_CHANGED], 0);

  return G_SOURCE_REMOVE;
}

static Report *
report_new (CareSyncEngine *self,
            ReportFlags     flags)
{
  Report *report = g_new0 (Report, 1);

  report->link = link_ref (self->link);
  report->flags = flags;
  return report;
}

/* Takes report. In the owner's thread (sync_once called there) it takes
 * effect at once; from any other thread it waits for the owner's main
 * context, never running where the owner is not. */
static void
report_send (CareSyncEngine *self,
             Report         *report)
{
  GSource *source;

  if (self->owner == g_thread_self () && g_main_context_acquire (self->main_context))
    {
      report_apply (report);
      g_main_context_release (self->main_context);
      report_free (report);
      return;
    }
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, report_apply, report, report_free);
  g_source_attach (source, self->main_context);
  g_source_unref (source);
}

/* Hands what *changed lists over to the owner, and starts a new list. */
static void
report_changed (CareSyncEngine *self,
                GHashTable    **changed)
{
  Report *report;

  if (g_hash_table_size (*changed) == 0)
    return;
  report = report_new (self, REPORT_RECORDS);
  report->changed = g_steal_pointer (changed);
  *changed = care_sync_changed_new ();
  report_send (self, report);
}

static void
report_counts (CareSyncEngine *self,
               CareStore      *store)
{
  Report *report = report_new (self, REPORT_COUNTS);

  care_store_sync_counts (store, &report->counts);
  report_send (self, report);
}

/* --- one round ---------------------------------------------------------- */

typedef struct {
  CareSyncEngine  *self;
  CareStore       *store;
  CareHttpSession *session;
  GCancellable    *cancellable;
  guint            retry_after;   /* seconds: a 429 said so */
  GHashTable      *changed;       /* owned: what the next report lists */
  char            *generation;    /* the server history this store follows */
  gboolean         again;         /* a restore began: push and pull once more */
} Round;

static char *
dup_access_token (CareSyncEngine *self)
{
  char *token;

  g_mutex_lock (&self->lock);
  token = g_strdup (self->access_token);
  g_mutex_unlock (&self->lock);
  return token;
}

char *
care_sync_engine_dup_access_token (CareSyncEngine *self)
{
  g_return_val_if_fail (CARE_IS_SYNC_ENGINE (self), NULL);

  return dup_access_token (self);
}

static gboolean
store_error (GError **error,
             GError  *cause)
{
  if (cause == NULL)
    g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_STORE,
                         _("The local database reported an error."));
  else if (cause->domain == CARE_SYNC_ERROR || g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, cause);
  else
    {
      g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_STORE, cause->message);
      g_error_free (cause);
    }
  return FALSE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* POST /auth/refresh: a new access token and a new refresh token (they
 * rotate; the owner stores the new one on "tokens-changed"). */
static gboolean
refresh_session (Round   *r,
                 GError **error)
{
  CareSyncEngine *self = r->self;
  g_autofree char *refresh = NULL;
  g_autofree char *url = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(CareSyncResponse) response = NULL;
  JsonObject *data;
  const char *access, *next;

  g_mutex_lock (&self->lock);
  refresh = g_strdup (self->refresh_token);
  g_mutex_unlock (&self->lock);
  if (refresh == NULL)
    {
      g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_AUTH,
                           _("Your session with the clinic server has ended. Sign in again to sync."));
      return FALSE;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, refresh);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = care_sync_json_bytes (root);
  url = care_sync_api_url (self->base_url, "/auth/refresh");
  response = care_sync_request (r->session, "POST", url, NULL, body, r->cancellable, error);
  if (response == NULL)
    return FALSE;

  if (response->status != SOUP_STATUS_OK)
    {
      if (SOUP_STATUS_IS_CLIENT_ERROR (response->status) && response->status != CARE_HTTP_TOO_MANY_REQUESTS)
        {
          /* Expired, revoked, reused, or the account was deactivated:
           * only an online sign-in gives a new session. */
          g_mutex_lock (&self->lock);
          if (g_strcmp0 (self->refresh_token, refresh) == 0)
            {
              g_clear_pointer (&self->access_token, g_free);
              g_clear_pointer (&self->refresh_token, g_free);
            }
          g_mutex_unlock (&self->lock);
          g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_AUTH,
                               _("Your session with the clinic server has ended. Sign in again to sync."));
          return FALSE;
        }
      if (response->status == CARE_HTTP_TOO_MANY_REQUESTS)
        r->retry_after = MAX (response->retry_after, 1);
      care_sync_set_status_error (error, response);
      return FALSE;
    }

  data = care_sync_response_data (response);
  access = member_string (data, "access_token");
  next = member_string (data, "refresh_token");
  if (access == NULL)
    {
      g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_SERVER,
                           _("The clinic server’s answer is not one this workstation understands."));
      return FALSE;
    }
  g_mutex_lock (&self->lock);
  /* Unless someone signed in again meanwhile: their tokens win. */
  if (g_strcmp0 (self->refresh_token, refresh) == 0)
    {
      g_free (self->access_token);
      self->access_token = g_strdup (access);
      if (next)
        {
          g_free (self->refresh_token);
          self->refresh_token = g_strdup (next);
        }
    }
  g_mutex_unlock (&self->lock);
  g_debug ("Sync: the session was refreshed");
  report_send (self, report_new (self, REPORT_TOKENS));
  return TRUE;
}

/* A request with the access token; a 401 refreshes the session once and
 * sends the request again. NULL: no answer (or the refresh failed). */
static CareSyncResponse *
send_request (Round      *r,
              const char *method,
              const char *path,
              GBytes     *body,
              GError    **error)
{
  g_autofree char *url = care_sync_api_url (r->self->base_url, path);
  g_autofree char *token = dup_access_token (r->self);
  CareSyncResponse *response;

  response = care_sync_request_in (r->session, method, url, token, r->generation, body, r->cancellable, error);
  if (response == NULL || response->status != SOUP_STATUS_UNAUTHORIZED)
    return response;

  care_sync_response_free (response);
  if (!refresh_session (r, error))
    return NULL;
  g_free (token);
  token = dup_access_token (r->self);
  return care_sync_request_in (r->session, method, url, token, r->generation, body, r->cancellable, error);
}

/* A sync answer names the server's history. The first one is remembered;
 * another one means the server's database was restored (or replaced):
 * what this workstation had sent goes back, and everything is compared
 * again (care-store-restore.c). TRUE: a restore began. */
static gboolean
meets_new_history (Round      *r,
                   const char *generation,
                   GError    **error)
{
  GError *local_error = NULL;
  guint n_resent = 0;

  if (generation == NULL || g_strcmp0 (generation, r->generation) == 0)
    return FALSE;
  if (r->generation == NULL)
    {
      r->generation = g_strdup (generation);
      if (!care_store_set_meta (r->store, "sync_generation", generation, &local_error))
        store_error (error, local_error);
      return FALSE;
    }
  g_debug ("Sync: the server's history changed from %s to %s", r->generation, generation);
  if (!care_store_sync_begin_restore (r->store, generation, r->changed, &n_resent, &local_error))
    return store_error (error, local_error);
  g_free (r->generation);
  r->generation = g_strdup (generation);
  r->again = TRUE;
  report_changed (r->self, &r->changed);
  return TRUE;
}

/* The answer was not a success: which error, and when to try again. */
static gboolean
status_failure (Round            *r,
                CareSyncResponse *response,
                GError          **error)
{
  if (response->status == CARE_HTTP_TOO_MANY_REQUESTS)
    r->retry_after = MAX (response->retry_after, 1);
  care_sync_set_status_error (error, response);
  return FALSE;
}

static gboolean
not_protocol (GError **error)
{
  g_set_error_literal (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_SERVER,
                       _("The clinic server’s answer is not one this workstation understands."));
  return FALSE;
}

/* --- push --------------------------------------------------------------- */

/* The readable reason of a refusal, by its code; the server's own words
 * are English only. */
static const char *
rejection_reason (gint64      code,
                  const char *server_reason)
{
  switch (code)
    {
    case 400:
      return _("The clinic server could not read this change.");
    case 403:
      return _("Your role may not make this change.");
    case 404:
      return _("This record no longer exists on the clinic server.");
    case 409:
      return _("Records of this kind cannot be changed once saved; add an amendment instead.");
    case 413:
      return _("This change is too large for the clinic server to accept, so it was not sent. "
               "Make it smaller (for example, attach a smaller file), then discard this one.");
    case 422:
      return _("The clinic server did not accept some values; each is listed below with the reason.");
    default:
      return server_reason ? server_reason : _("The clinic server refused this change.");
    }
}

/* Applies the server's answer for one batch in one transaction; *n_done:
 * how many entries it settled. */
static gboolean
apply_results (Round      *r,
               JsonArray  *results,
               GHashTable *sent,
               guint      *n_done,
               GError    **error)
{
  GError *local_error = NULL;

  *n_done = 0;
  if (!care_store_begin (r->store, &local_error))
    return store_error (error, local_error);

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *result = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = member_string (result, "id");
      const char *status = member_string (result, "status");
      gboolean ok = TRUE;

      if (id == NULL || status == NULL || !g_hash_table_contains (sent, id))
        continue;

      if (g_str_equal (status, "applied"))
        ok = care_store_outbox_acknowledge (r->store, id, &local_error);
      else if (g_str_equal (status, "conflict"))
        ok = care_store_outbox_to_conflict (r->store, id, member_string (result, "kind") ?: "field",
                                            result, r->changed, &local_error);
      else if (g_str_equal (status, "rejected"))
        {
          JsonNode *errors = json_object_get_member (result, "errors");
          g_autofree char *errors_text = NULL;
          gint64 code = json_object_get_int_member_with_default (result, "code", 0);

          if (errors && JSON_NODE_HOLDS_ARRAY (errors) && json_array_get_length (json_node_get_array (errors)) > 0)
            {
              errors_text = care_json_to_string (errors, NULL);
            }
          g_debug ("Sync: %s refused (%" G_GINT64_FORMAT "): %s", id, code, member_string (result, "reason"));
          ok = care_store_outbox_reject (r->store, id, rejection_reason (code, member_string (result, "reason")),
                                         errors_text, &local_error);
        }
      else
        continue;   /* a status of a newer server: the entry stays */

      if (!ok)
        {
          care_store_rollback (r->store);
          return store_error (error, local_error);
        }
      (*n_done)++;
    }
  if (!care_store_commit (r->store, &local_error))
    return store_error (error, local_error);
  return TRUE;
}

static gboolean
refuse_locally (Round      *r,
                const char *mutation_id,
                guint       status,
                GError    **error)
{
  GError *local_error = NULL;

  if (!care_store_outbox_reject (r->store, mutation_id, rejection_reason (status, NULL), NULL, &local_error))
    return store_error (error, local_error);
  return TRUE;
}

static void
copy_member (JsonObject *to,
             JsonObject *from,
             const char *name)
{
  JsonNode *node = from ? json_object_get_member (from, name) : NULL;

  if (node)
    json_object_set_member (to, name, json_node_copy (node));
}

static guint
config_get (CareSyncEngine *self,
            guint          *field)
{
  guint value;

  g_mutex_lock (&self->lock);
  value = *field;
  g_mutex_unlock (&self->lock);
  return value;
}

/* Every pending entry in outbox order, batch by batch. A mutation made
 * while a batch is in flight is a new entry with its own id: it waits for
 * the next batch. */
static gboolean
push_all (Round   *r,
          GError **error)
{
  guint batch = CLAMP (config_get (r->self, &r->self->batch_size), 1, MAX_BATCH);
  gsize max_bytes = MAX (config_get (r->self, &r->self->batch_bytes), 1024);
  guint limit = batch;
  const char *device = care_store_get_device_code (r->store);
  GError *net_error = NULL;
  guint n_merged = 0;

  /* An edit and its undoing send nothing (care-store-outbox-net.c). */
  if (!care_store_outbox_net (r->store, &n_merged, &net_error))
    return store_error (error, net_error);
  if (n_merged > 0)
    g_debug ("Sync: %u edit(s) folded into the net change of their record", n_merged);

  for (;;)
    {
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(GHashTable) sent = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GPtrArray) nothing_to_send = g_ptr_array_new ();
      g_autoptr(JsonObject) request = json_object_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(CareSyncResponse) response = NULL;
      JsonArray *mutations = json_array_new ();
      g_autoptr(GPtrArray) too_large = g_ptr_array_new ();
      gsize bytes = 0;
      GError *local_error = NULL;
      JsonObject *data;
      JsonNode *results;
      guint n_done;

      json_object_set_string_member (request, "device", device);
      json_object_set_array_member (request, "mutations", mutations);

      entries = care_store_outbox_list_pending (r->store, limit, &local_error);
      if (entries == NULL)
        return store_error (error, local_error);
      if (entries->len == 0)
        return TRUE;

      for (guint i = 0; i < entries->len; i++)
        {
          CareOutboxEntry *entry = g_ptr_array_index (entries, i);
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonObject *payload = NULL, *fields;
          JsonObject *mutation;

          if (json_parser_load_from_data (parser, entry->payload ? entry->payload : "{}", -1, NULL) &&
              JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
            payload = json_node_get_object (json_parser_get_root (parser));
          fields = payload && json_object_has_member (payload, "fields") &&
                   JSON_NODE_HOLDS_OBJECT (json_object_get_member (payload, "fields"))
                   ? json_object_get_object_member (payload, "fields") : NULL;

          /* A change of secret columns only (a local verifier, a failed
           * sign-in count) has nothing that travels. */
          if (g_strcmp0 (entry->op, "update") == 0 && (fields == NULL || json_object_get_size (fields) == 0))
            {
              g_ptr_array_add (nothing_to_send, entry->mutation_id);
              continue;
            }

          mutation = json_object_new ();
          json_object_set_string_member (mutation, "id", entry->mutation_id);
          json_object_set_string_member (mutation, "entity", entry->entity_name);
          json_object_set_string_member (mutation, "record_id", entry->record_id);
          json_object_set_string_member (mutation, "op", entry->op);
          copy_member (mutation, payload, "fields");
          copy_member (mutation, payload, "base");
          if (entry->created_at)
            json_object_set_string_member (mutation, "created_at", entry->created_at);

          /* Bounded by bytes as well as by count: a change larger than a
           * push may be is refused here, once, and listed on the Sync
           * page; one that does not fit waits for the next push. */
          {
            g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), mutation);
            g_autoptr(GBytes) one = care_sync_json_bytes (node);
            gsize size = g_bytes_get_size (one) + 1;

            if (size > max_bytes)
              {
                g_ptr_array_add (too_large, entry->mutation_id);
                json_object_unref (mutation);
                continue;
              }
            if (bytes + size > max_bytes)
              {
                json_object_unref (mutation);
                break;
              }
            bytes += size;
          }
          json_array_add_object_element (mutations, mutation);
          g_hash_table_add (sent, entry->mutation_id);
        }

      for (guint i = 0; i < too_large->len; i++)
        {
          g_debug ("Sync: %s is larger than a push may be (%zu bytes)", (char *) too_large->pdata[i], max_bytes);
          if (!refuse_locally (r, g_ptr_array_index (too_large, i), SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, error))
            return FALSE;
        }

      if (nothing_to_send->len > 0)
        {
          if (!care_store_begin (r->store, &local_error))
            return store_error (error, local_error);
          for (guint i = 0; i < nothing_to_send->len; i++)
            if (!care_store_outbox_remove (r->store, g_ptr_array_index (nothing_to_send, i), &local_error))
              {
                care_store_rollback (r->store);
                return store_error (error, local_error);
              }
          if (!care_store_commit (r->store, &local_error))
            return store_error (error, local_error);
        }
      if (json_array_get_length (mutations) == 0)
        {
          if (nothing_to_send->len == 0 && too_large->len == 0)
            return not_protocol (error);   /* nothing settled: it would loop */
          continue;
        }

      /* From here on they may reach the server: never folded again. */
      {
        g_autofree const char **ids = (const char **) g_hash_table_get_keys_as_array (sent, NULL);

        if (!care_store_outbox_mark_sent (r->store, ids, g_hash_table_size (sent), &local_error))
          return store_error (error, local_error);
      }
      root = json_node_init_object (json_node_alloc (), request);
      body = care_sync_json_bytes (root);
      g_debug ("Sync: pushing %u changes", json_array_get_length (mutations));
      response = send_request (r, "POST", "/sync/push", body, error);
      if (response == NULL)
        return FALSE;
      if (meets_new_history (r, response->generation, error))
        continue;   /* the kept changes first; this batch is among them */
      if (error && *error)
        return FALSE;

      if (response->status == SOUP_STATUS_BAD_REQUEST || response->status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
        {
          /* Smaller batches until the one change the server cannot take
           * is alone; that one is refused here so that it does not hold
           * up every change after it. */
          if (json_array_get_length (mutations) > 1)
            {
              limit = MAX (1, json_array_get_length (mutations) / 2);
              continue;
            }
          if (!refuse_locally (r, json_object_get_string_member (json_array_get_object_element (mutations, 0), "id"),
                               response->status, error))
            return FALSE;
          continue;
        }
      if (response->status != SOUP_STATUS_OK)
        return status_failure (r, response, error);

      data = care_sync_response_data (response);
      results = data ? json_object_get_member (data, "results") : NULL;
      if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results))
        return not_protocol (error);
      if (!apply_results (r, json_node_get_array (results), sent, &n_done, error))
        return FALSE;
      report_changed (r->self, &r->changed);
      if (n_done == 0)
        return not_protocol (error);   /* the same batch again would loop */
      limit = batch;
    }
}

/* --- pull --------------------------------------------------------------- */

static gboolean
begin_resync (Round             *r,
              const char        *scope,
              const char *const *entities,
              GError           **error)
{
  GError *local_error = NULL;

  g_debug ("Sync: full resync%s", scope ? " (new scope)" : "");
  if (!care_store_sync_begin_resync (r->store, scope, entities, r->changed, &local_error))
    return store_error (error, local_error);
  report_changed (r->self, &r->changed);
  return TRUE;
}

/* Pages are fetched (and scanned) by a thread of their own one or two
 * pages ahead, while this one writes the last page to the store: the
 * server prepares the next page while the store takes this one. */

typedef struct {
  gint64            cursor;     /* asked for */
  CareSyncPage     *page;       /* a page of changes… */
  CareSyncResponse *response;   /* …or another answer… */
  GError           *error;      /* …or none */
  guint             retry_after;
  char             *generation; /* the history the server answered from */
} Fetched;

static void
fetched_free (Fetched *f)
{
  g_clear_pointer (&f->page, care_sync_page_free);
  g_clear_pointer (&f->response, care_sync_response_free);
  g_clear_error (&f->error);
  g_free (f->generation);
  g_free (f);
}

#define PREFETCH_PAGES 2

typedef struct {
  Round        *r;
  GThread      *thread;
  sqlite3      *checkpoint_db;  /* the fetcher's own connection to the store */
  gint          commits;        /* atomic: pages the applier committed */
  GCancellable *cancellable;    /* stops this fetcher, and follows the round's */
  gulong        cancelled_id;
  gint64        cursor;
  guint         limit;
  GMutex        lock;
  GCond         cond;
  GQueue        fetched;
  gboolean      stop;
  gboolean      finished;
} Fetcher;

static void
fetcher_push (Fetcher *f,
              Fetched *item)
{
  g_mutex_lock (&f->lock);
  while (g_queue_get_length (&f->fetched) >= PREFETCH_PAGES && !f->stop)
    g_cond_wait (&f->cond, &f->lock);
  if (f->stop)
    fetched_free (item);
  else
    g_queue_push_tail (&f->fetched, item);
  g_cond_broadcast (&f->cond);
  g_mutex_unlock (&f->lock);
}

static gpointer
fetcher_thread (gpointer data)
{
  Fetcher *f = data;
  Round fetch_round = *f->r;
  gint64 cursor = f->cursor;
  gint checkpointed = 0;

  /* Only the session and the tokens are shared: sending from another
   * thread is what libsoup ≥ 3.2 allows. */
  fetch_round.cancellable = f->cancellable;
  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/sync/pull?cursor=%" G_GINT64_FORMAT "&limit=%u", cursor, f->limit);
      Fetched *item = g_new0 (Fetched, 1);
      gboolean go_on = FALSE;

      item->cursor = cursor;
      fetch_round.retry_after = 0;
      item->response = send_request (&fetch_round, "GET", path, NULL, &item->error);
      item->retry_after = fetch_round.retry_after;
      if (item->response)
        item->generation = g_strdup (item->response->generation);
      if (item->response && item->response->status == SOUP_STATUS_OK)
        {
          gsize length;
          const char *text = g_bytes_get_data (item->response->body, &length);

          item->page = care_sync_page_parse (text, length, NULL);
          g_clear_pointer (&item->response, care_sync_response_free);
          if (item->page == NULL)
            not_protocol (&item->error);
          else if (care_sync_page_get_more (item->page))
            {
              gint64 next = care_sync_page_get_cursor (item->page);

              /* No progress: it would never end. */
              if (next <= cursor)
                {
                  g_clear_pointer (&item->page, care_sync_page_free);
                  not_protocol (&item->error);
                }
              else
                {
                  cursor = next;
                  go_on = TRUE;
                }
            }
        }
      /* The pages the applier committed meanwhile go from the WAL into
       * the database here, on this thread, rather than in the applier's
       * commits (a passive checkpoint never holds up a writer). */
      if (f->checkpoint_db && g_atomic_int_get (&f->commits) != checkpointed)
        {
          checkpointed = g_atomic_int_get (&f->commits);
          sqlite3_wal_checkpoint_v2 (f->checkpoint_db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        }
      fetcher_push (f, item);
      if (!go_on || g_cancellable_is_cancelled (f->cancellable))
        break;
    }
  g_mutex_lock (&f->lock);
  f->finished = TRUE;
  g_cond_broadcast (&f->cond);
  g_mutex_unlock (&f->lock);
  return NULL;
}

static void
on_round_cancelled (GCancellable *cancellable,
                    gpointer      data)
{
  g_cancellable_cancel (data);
}

static Fetcher *
fetcher_start (Round *r,
               gint64 cursor,
               guint  limit)
{
  Fetcher *f = g_new0 (Fetcher, 1);

  f->r = r;
  f->cursor = cursor;
  f->limit = limit;
  f->cancellable = g_cancellable_new ();
  g_mutex_init (&f->lock);
  g_cond_init (&f->cond);
  g_queue_init (&f->fetched);
  if (sqlite3_open_v2 (care_store_get_path (r->store), &f->checkpoint_db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    g_clear_pointer (&f->checkpoint_db, sqlite3_close);
  if (r->cancellable)
    f->cancelled_id = g_cancellable_connect (r->cancellable, G_CALLBACK (on_round_cancelled),
                                             g_object_ref (f->cancellable), g_object_unref);
  f->thread = g_thread_new ("care-sync-fetch", fetcher_thread, f);
  return f;
}

/* The next answer, in order; NULL once the fetcher is done. */
static Fetched *
fetcher_pop (Fetcher *f)
{
  Fetched *item;

  g_mutex_lock (&f->lock);
  while (g_queue_is_empty (&f->fetched) && !f->finished)
    g_cond_wait (&f->cond, &f->lock);
  item = g_queue_pop_head (&f->fetched);
  g_cond_broadcast (&f->cond);
  g_mutex_unlock (&f->lock);
  return item;
}

static void
fetcher_stop (Fetcher *f)
{
  g_mutex_lock (&f->lock);
  f->stop = TRUE;
  g_cond_broadcast (&f->cond);
  g_mutex_unlock (&f->lock);
  g_cancellable_cancel (f->cancellable);
  g_thread_join (f->thread);
  if (f->cancelled_id)
    g_cancellable_disconnect (f->r->cancellable, f->cancelled_id);
  g_queue_clear_full (&f->fetched, (GDestroyNotify) fetched_free);
  g_clear_pointer (&f->checkpoint_db, sqlite3_close);
  g_object_unref (f->cancellable);
  g_mutex_clear (&f->lock);
  g_cond_clear (&f->cond);
  g_free (f);
}

/* Pages until the server says there is no more. */
static gboolean
pull_all (Round   *r,
          GError **error)
{
  guint limit = CLAMP (config_get (r->self, &r->self->page_size), 1, MAX_PAGE);
  guint crash_after = config_get (r->self, &r->self->crash_after);
  Fetcher *fetcher = fetcher_start (r, care_store_sync_get_cursor (r->store), limit);
  guint resyncs = 0;
  gboolean ok = FALSE;

  /* Checkpoints are the fetcher's while pages come (see fetcher_thread()). */
  care_store_sync_set_autocheckpoint (r->store, FALSE);

  for (;;)
    {
      Fetched *item = fetcher_pop (fetcher);
      g_autofree char *stored_scope = NULL;
      const char *scope;
      GError *local_error = NULL;
      gboolean more, restart = FALSE;

      if (item == NULL)
        {
          ok = not_protocol (error);   /* the fetcher ended without a last page */
          break;
        }
      if (item->error)
        {
          r->retry_after = item->retry_after;
          g_propagate_error (error, g_steal_pointer (&item->error));
          fetched_free (item);
          break;
        }
      if (meets_new_history (r, item->generation, error) || (error && *error))
        {
          /* The pages of another history are no use: push what the
           * server lost, then pull from the start (run_round). */
          fetched_free (item);
          ok = !(error && *error);
          break;
        }
      if (item->response && item->response->status == SOUP_STATUS_GONE)
        {
          /* The tombstones this workstation missed were pruned. */
          fetched_free (item);
          if (++resyncs > MAX_RESYNCS || !begin_resync (r, NULL, NULL, error))
            {
              if (resyncs > MAX_RESYNCS)
                not_protocol (error);
              break;
            }
          fetcher_stop (fetcher);
          fetcher = fetcher_start (r, 0, limit);
          continue;
        }
      if (item->response)
        {
          status_failure (r, item->response, error);
          fetched_free (item);
          break;
        }

      scope = care_sync_page_get_scope (item->page);
      stored_scope = care_store_get_meta (r->store, "sync_scope");
      if (scope && g_strcmp0 (scope, stored_scope) != 0)
        {
          /* A new role or a new entity list (or the first sync): what
           * left the scope goes, and everything is pulled again. */
          if (++resyncs > MAX_RESYNCS)
            {
              not_protocol (error);
              fetched_free (item);
              break;
            }
          if (!begin_resync (r, scope, care_sync_page_get_entities (item->page), error))
            {
              fetched_free (item);
              break;
            }
          restart = item->cursor != 0;
        }
      if (restart)
        {
          fetched_free (item);
          fetcher_stop (fetcher);
          fetcher = fetcher_start (r, 0, limit);
          continue;
        }

      more = care_sync_page_get_more (item->page);
      if (!care_store_sync_apply_parsed (r->store, item->page, !more, crash_after, r->changed, &local_error))
        {
          store_error (error, local_error);
          fetched_free (item);
          break;
        }
      g_atomic_int_inc (&fetcher->commits);
      report_changed (r->self, &r->changed);
      g_debug ("Sync: pulled %u changes up to %" G_GINT64_FORMAT,
               care_sync_page_get_n_changes (item->page), care_sync_page_get_cursor (item->page));
      fetched_free (item);
      if (!more)
        {
          ok = TRUE;
          break;
        }
    }
  fetcher_stop (fetcher);
  care_store_sync_set_autocheckpoint (r->store, TRUE);
  return ok;
}

/* --- the round ---------------------------------------------------------- */

static CareSyncState
state_for_error (const GError *error)
{
  if (g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_AUTH))
    return CARE_SYNC_STATE_SIGNED_OUT;
  return CARE_SYNC_STATE_OFFLINE;
}

static gboolean
run_round (Round   *r,
           GError **error)
{
  CareSyncEngine *self = r->self;
  GError *local_error = NULL;
  Report *report;
  gboolean ok;

  r->retry_after = 0;
  report = report_new (self, REPORT_STATE);
  report->state = CARE_SYNC_STATE_SYNCING;
  report_send (self, report);

  g_free (r->generation);
  r->generation = care_store_get_meta (r->store, "sync_generation");
  ok = push_all (r, &local_error) && pull_all (r, &local_error);
  /* A restore began: the kept changes go, everything is pulled again and
   * compared, and the rows the server lacked go back to it. */
  for (guint i = 0; ok && r->again && i < MAX_RESYNCS; i++)
    {
      r->again = FALSE;
      ok = push_all (r, &local_error) && pull_all (r, &local_error) && push_all (r, &local_error);
    }

  report = report_new (self, REPORT_STATE | REPORT_COUNTS | REPORT_LAST_ERROR);
  care_store_sync_counts (r->store, &report->counts);
  if (ok)
    {
      char buf[32];

      report->state = CARE_SYNC_STATE_ONLINE;
      report->flags |= REPORT_LAST_SYNC;
      report->last_sync = care_clock_get_real_time () / G_USEC_PER_SEC;
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, report->last_sync);
      care_store_set_meta (r->store, "sync_last", buf, NULL);
    }
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    report->flags = REPORT_COUNTS;   /* stopped: nothing to say about the server */
  else
    {
      report->state = state_for_error (local_error);
      report->last_error = g_strdup (local_error->message);
      g_debug ("Sync round failed: %s", local_error->message);
    }
  report_send (self, report);

  if (!ok)
    g_propagate_error (error, local_error);
  return ok;
}

gboolean
care_sync_engine_sync_once (CareSyncEngine *self,
                            GCancellable   *cancellable,
                            GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autoptr(CareHttpSession) session = NULL;
  g_autoptr(GHashTable) changed = care_sync_changed_new ();
  Round round = { 0 };
  gboolean ok;

  g_return_val_if_fail (CARE_IS_SYNC_ENGINE (self), FALSE);

  store = care_store_open (self->store_path, &local_error);
  if (store == NULL)
    return store_error (error, g_steal_pointer (&local_error));
  session = care_sync_session_new (config_get (self, &self->timeout));

  round.self = self;
  round.store = store;
  round.session = session;
  round.cancellable = cancellable;
  round.changed = g_steal_pointer (&changed);
  ok = run_round (&round, error);
  g_hash_table_unref (round.changed);
  g_free (round.generation);
  return ok;
}

/* --- the worker thread -------------------------------------------------- */

struct _Worker
{
  CareSyncEngine          *self;
  GMainContext            *context;
  GMainLoop               *loop;
  GCancellable            *cancellable;
  Round                    round;

  GSource                 *round_source;   /* a round soon: an edit, a message, a poll */
  gint64                   round_due;      /* monotonic µs */
  GSource                 *retry_source;   /* the next try after a failure */
  GSource                 *poll_source;
  GSource                 *live_retry_source;
  GObject                 *live;           /* the live socket (care-http.h) */
  gboolean                 live_connecting; /* its handshake in flight */
  guint                    backoff_ms;
  guint                    live_backoff_ms;
  gboolean                 failing;        /* the retry timer owns the next round */
  gboolean                 signed_out;     /* until new tokens come */
  gboolean                 urgent;         /* an urgent change waits to go */
};

static void worker_connect_live (Worker *w);
static void worker_arm_poll (Worker *w);

static void
clear_source (GSource **source)
{
  if (*source)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static GSource *
add_timeout (Worker     *w,
             guint       ms,
             GSourceFunc func)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, w, NULL);
  g_source_attach (source, w->context);
  return source;
}

/* Backoff: doubling from 1 s to 5 min, ±20 % so that workstations that
 * lost the server together do not come back together. */
static guint
next_backoff (guint *backoff_ms)
{
  guint base = *backoff_ms ? *backoff_ms : BACKOFF_MIN_MS;

  *backoff_ms = MIN (base * 2, BACKOFF_MAX_MS);
  return (guint) (base * g_random_double_range (0.8, 1.2));
}

static gboolean on_round_due (gpointer data);
static gboolean on_retry_due (gpointer data);

static void
worker_run_round (Worker *w)
{
  g_autoptr(GError) error = NULL;

  clear_source (&w->round_source);
  if (run_round (&w->round, &error))
    {
      w->failing = FALSE;
      w->urgent = FALSE;
      w->backoff_ms = 0;
      clear_source (&w->retry_source);
      worker_connect_live (w);
      worker_arm_poll (w);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, CARE_SYNC_ERROR, CARE_SYNC_ERROR_AUTH))
    {
      /* Nothing to retry until someone signs in online again. */
      w->signed_out = TRUE;
      w->failing = FALSE;
      clear_source (&w->retry_source);
      clear_source (&w->poll_source);
      if (w->live)
        care_http_websocket_close (w->live, SOUP_WEBSOCKET_CLOSE_NORMAL);
      return;
    }

  w->failing = TRUE;
  clear_source (&w->retry_source);
  clear_source (&w->poll_source);
  if (w->round.retry_after > 0)
    w->retry_source = add_timeout (w, w->round.retry_after * 1000, on_retry_due);
  else if (w->urgent)
    w->retry_source = add_timeout (w, URGENT_RETRY_MS, on_retry_due);
  else
    w->retry_source = add_timeout (w, next_backoff (&w->backoff_ms), on_retry_due);
}

static gboolean
on_round_due (gpointer data)
{
  Worker *w = data;

  g_clear_pointer (&w->round_source, g_source_unref);
  worker_run_round (w);
  return G_SOURCE_REMOVE;
}

static gboolean
on_retry_due (gpointer data)
{
  Worker *w = data;

  g_clear_pointer (&w->retry_source, g_source_unref);
  worker_run_round (w);
  return G_SOURCE_REMOVE;
}

/* A round within delay_ms; an earlier one already due stays. While the
 * last round failed, the retry timer decides when the next one is. */
static void
worker_schedule_round (Worker *w,
                       guint   delay_ms)
{
  gint64 due = g_get_monotonic_time () + (gint64) delay_ms * 1000;

  if (w->signed_out || w->failing)
    return;
  if (w->round_source && w->round_due <= due)
    return;
  clear_source (&w->round_source);
  w->round_due = due;
  w->round_source = add_timeout (w, delay_ms, on_round_due);
}

static gboolean
on_poll_due (gpointer data)
{
  Worker *w = data;

  g_clear_pointer (&w->poll_source, g_source_unref);
  worker_schedule_round (w, 0);
  worker_arm_poll (w);
  return G_SOURCE_REMOVE;
}

/* Without the socket nothing says "pull now": poll. With it, a slower
 * pull still catches a notification that was lost. */
static void
worker_arm_poll (Worker *w)
{
  guint interval = MAX (config_get (w->self, &w->self->poll_interval), 1);

  clear_source (&w->poll_source);
  if (w->signed_out || w->failing)
    return;
  if (w->live)
    interval *= LIVE_POLL_FACTOR;
  w->poll_source = add_timeout (w, interval * 1000, on_poll_due);
}

static gboolean
on_live_retry_due (gpointer data)
{
  Worker *w = data;

  g_clear_pointer (&w->live_retry_source, g_source_unref);
  worker_connect_live (w);
  return G_SOURCE_REMOVE;
}

static void
worker_live_lost (Worker *w)
{
  g_clear_object (&w->live);
  if (w->signed_out || g_cancellable_is_cancelled (w->cancellable))
    return;
  clear_source (&w->live_retry_source);
  w->live_retry_source = add_timeout (w, next_backoff (&w->live_backoff_ms), on_live_retry_due);
  worker_arm_poll (w);
}

static void
on_live_message (GObject  *connection,
                 gint      type,
                 GBytes   *message,
                 gpointer  data)
{
  Worker *w = data;

  /* {"cursor": N} only says "pull now"; repeats coalesce into one round. */
  worker_schedule_round (w, 0);
}

static void
on_live_closed (GObject  *connection,
                gpointer  data)
{
  Worker *w = data;
  gushort code = care_http_websocket_get_close_code (connection);

  if (connection != w->live)
    return;
  g_debug ("Sync: the live socket closed (%u)", code);
  g_signal_handlers_disconnect_by_data (connection, w);
  worker_live_lost (w);
  /* The server closes a socket when its access token expires (or the
   * session was signed out): a round refreshes the token, or finds out. */
  if (code == SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION)
    worker_schedule_round (w, 0);
}

static void
on_live_connected (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  Worker *w = data;
  g_autoptr(GError) error = NULL;
  GObject *connection;
  guint status;

  w->live_connecting = FALSE;
  connection = care_http_websocket_connect_finish (w->round.session, result, &status, &error);
  if (g_cancellable_is_cancelled (w->cancellable))
    {
      /* Stopping (the worker runs its last iterations). */
      g_clear_object (&connection);
      return;
    }
  if (connection == NULL)
    {
      g_debug ("Sync: the live socket did not open: %s", error->message);
      worker_live_lost (w);
      /* An expired access token: a round refreshes it before the next try. */
      if (status == SOUP_STATUS_UNAUTHORIZED)
        worker_schedule_round (w, 0);
      return;
    }
  w->live = connection;
  w->live_backoff_ms = 0;
  care_http_websocket_set_keepalive (connection, 30);
  g_signal_connect (connection, "message", G_CALLBACK (on_live_message), w);
  g_signal_connect (connection, "closed", G_CALLBACK (on_live_closed), w);
  worker_arm_poll (w);
  /* What changed while it was down. */
  worker_schedule_round (w, 0);
}

static void
worker_connect_live (Worker *w)
{
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *bearer = NULL;
  const char *headers[] = { "Authorization", NULL, NULL };

  if (w->live || w->live_connecting || w->live_retry_source || w->signed_out)
    return;
  url = care_sync_api_url (w->self->base_url, "/sync/live");
  token = dup_access_token (w->self);
  if (token)
    headers[1] = bearer = g_strconcat ("Bearer ", token, NULL);
  w->live_connecting = TRUE;
  care_http_websocket_connect_async (w->round.session, url, headers, w->cancellable, on_live_connected, w);
}

static gboolean
worker_kick (gpointer data)
{
  Worker *w = data;

  /* The count of waiting changes moves at once; sending waits for the
   * debounce, or for the retry timer when the server is away. */
  report_counts (w->self, w->round.store);
  worker_schedule_round (w, KICK_DELAY_MS);
  return G_SOURCE_REMOVE;
}

/* Tries now when the last round failed (the retry timer would wait). */
static void
worker_try_now (Worker *w)
{
  if (w->failing)
    {
      w->failing = FALSE;
      w->backoff_ms = 0;
      clear_source (&w->retry_source);
    }
  worker_schedule_round (w, 0);
}

static gboolean
worker_kick_now (gpointer data)
{
  Worker *w = data;

  /* An emergency alert waits for nothing: no coalescing, no backoff. */
  report_counts (w->self, w->round.store);
  w->urgent = TRUE;
  worker_try_now (w);
  return G_SOURCE_REMOVE;
}

static gboolean
worker_network_back (gpointer data)
{
  Worker *w = data;

  /* The socket too: it would wait for its own backoff. */
  if (w->live == NULL && w->live_retry_source != NULL)
    {
      clear_source (&w->live_retry_source);
      w->live_backoff_ms = 0;
    }
  worker_try_now (w);
  return G_SOURCE_REMOVE;
}

static gboolean
worker_resume (gpointer data)
{
  Worker *w = data;

  /* New tokens: a signed-out engine syncs again, a failing one tries now. */
  w->signed_out = FALSE;
  w->failing = FALSE;
  w->backoff_ms = 0;
  clear_source (&w->retry_source);
  worker_schedule_round (w, 0);
  return G_SOURCE_REMOVE;
}

static gboolean
worker_quit (gpointer data)
{
  Worker *w = data;

  g_main_loop_quit (w->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (w->context);

  w->round.self = w->self;
  w->round.cancellable = w->cancellable;
  w->round.changed = care_sync_changed_new ();
  w->round.session = care_sync_session_new (config_get (w->self, &w->self->timeout));
  w->round.store = care_store_open (w->self->store_path, &error);
  if (w->round.store == NULL)
    {
      Report *report = report_new (w->self, REPORT_STATE | REPORT_LAST_ERROR);

      g_warning ("Sync: could not open the store: %s", error->message);
      report->state = CARE_SYNC_STATE_OFFLINE;
      report->last_error = g_strdup (error->message);
      report_send (w->self, report);
    }
  else
    {
      w->round_source = add_timeout (w, 0, on_round_due);
      g_main_loop_run (w->loop);
    }

  if (w->live)
    {
      g_signal_handlers_disconnect_by_data (w->live, w);
      care_http_websocket_close (w->live, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
      g_clear_object (&w->live);
    }
  clear_source (&w->round_source);
  clear_source (&w->retry_source);
  clear_source (&w->poll_source);
  clear_source (&w->live_retry_source);
  care_http_session_abort (w->round.session);
  /* Whatever is still queued (a cancelled handshake) finishes now, while
   * the session and w are still there. */
  while (g_main_context_iteration (w->context, FALSE))
    ;
  g_clear_pointer (&w->round.session, care_http_session_free);
  g_clear_object (&w->round.store);
  g_clear_pointer (&w->round.changed, g_hash_table_unref);
  g_clear_pointer (&w->round.generation, g_free);
  g_main_context_pop_thread_default (w->context);
  return NULL;
}

static void
worker_free (Worker *w)
{
  g_main_loop_unref (w->loop);
  g_main_context_unref (w->context);
  g_object_unref (w->cancellable);
  g_free (w);
}

static void invoke_worker (CareSyncEngine *self,
                           GSourceFunc     func);

static void
on_network_changed (CareSyncEngine *self,
                    gboolean        available)
{
  /* The network came back: the server may be there again. */
  if (available)
    invoke_worker (self, worker_network_back);
}

void
care_sync_engine_start (CareSyncEngine *self)
{
  Worker *w;

  g_return_if_fail (CARE_IS_SYNC_ENGINE (self));

  if (self->thread)
    return;
  w = g_new0 (Worker, 1);
  w->self = self;
  w->context = g_main_context_new ();
  w->loop = g_main_loop_new (w->context, FALSE);
  w->cancellable = g_cancellable_new ();

  g_mutex_lock (&self->lock);
  self->worker = w;
  g_mutex_unlock (&self->lock);
  self->thread = g_thread_new ("care-sync", worker_main, w);

  self->network_handler = g_signal_connect_swapped (g_network_monitor_get_default (), "network-changed",
                                                    G_CALLBACK (on_network_changed), self);
}

void
care_sync_engine_stop (CareSyncEngine *self)
{
  Worker *w;

  g_return_if_fail (CARE_IS_SYNC_ENGINE (self));

  if (self->thread == NULL)
    return;
  g_clear_signal_handler (&self->network_handler, g_network_monitor_get_default ());
  g_mutex_lock (&self->lock);
  w = g_steal_pointer (&self->worker);
  g_mutex_unlock (&self->lock);

  g_cancellable_cancel (w->cancellable);
  g_main_context_invoke (w->context, worker_quit, w);
  g_thread_join (g_steal_pointer (&self->thread));
  worker_free (w);
}

/* Runs func in the worker, if there is one. Any thread. */
static void
invoke_worker (CareSyncEngine *self,
               GSourceFunc     func)
{
  g_mutex_lock (&self->lock);
  if (self->worker)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, func, self->worker, NULL);
      g_source_attach (source, self->worker->context);
      g_source_unref (source);
    }
  g_mutex_unlock (&self->lock);
}

void
care_sync_engine_kick (CareSyncEngine *self)
{
  g_return_if_fail (CARE_IS_SYNC_ENGINE (self));

  invoke_worker (self, worker_kick);
}

static gboolean
worker_sync_now (gpointer data)
{
  Worker *w = data;

  /* The person asked: the backoff timer of past failures does not wait. */
  report_counts (w->self, w->round.store);
  worker_try_now (w);
  return G_SOURCE_REMOVE;
}

typedef struct {
  char *base_url;
  char *token;
} SignOut;

static void
sign_out_free (SignOut *job)
{
  g_free (job->base_url);
  if (job->token)
    sodium_memzero (job->token, strlen (job->token));
  g_free (job->token);
  g_free (job);
}

static void
sign_out_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  SignOut *job = data;
  GError *error = NULL;

  if (!care_sync_sign_out (job->base_url, job->token, cancellable, &error))
    {
      g_debug ("The server session was not ended (it runs out by itself): %s", error->message);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

gboolean
care_sync_engine_sign_out_finish (GAsyncResult *result,
                                  GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
care_sync_engine_sign_out (CareSyncEngine     *self,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  SignOut *job;

  g_return_if_fail (CARE_IS_SYNC_ENGINE (self));

  job = g_new0 (SignOut, 1);
  job->base_url = g_strdup (self->base_url);
  job->token = dup_access_token (self);
  task = g_task_new (NULL, NULL, callback, user_data);
  if (job->base_url == NULL || job->token == NULL)
    {
      sign_out_free (job);
      g_task_return_boolean (task, TRUE);   /* no session: nothing to end */
      return;
    }
  g_task_set_source_tag (task, care_sync_engine_sign_out);
  g_task_set_task_data (task, job, (GDestroyNotify) sign_out_free);
  g_task_run_in_thread (task, sign_out_thread);
}

void
care_sync_engine_sync_now (CareSyncEngine *self)
{
  g_return_if_fail (CARE_IS_SYNC_ENGINE (self));

  invoke_worker (self, worker_sync_now);
}

void
care_sync_engine_kick_now (CareSyncEngine *self)
{
  g_return_if_fail (CARE_IS_SYNC_ENGINE (self));

  invoke_worker (self, worker_kick_now);
}

/* --- construction and properties ---------------------------------------- */

static void
care_sync_engine_dispose (GObject *object)
{
  CareSyncEngine *self = (CareSyncEngine *) object;

  care_sync_engine_stop (self);
  if (self->link)
    {
      g_mutex_lock (&self->link->lock);
      self->link->engine = NULL;
      g_mutex_unlock (&self->link->lock);
    }

  G_OBJECT_CLASS (care_sync_engine_parent_class)->dispose (object);
}

static void
care_sync_engine_finalize (GObject *object)
{
  CareSyncEngine *self = (CareSyncEngine *) object;

  g_clear_pointer (&self->link, link_unref);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_free (self->store_path);
  g_free (self->base_url);
  if (self->access_token)
    sodium_memzero (self->access_token, strlen (self->access_token));
  if (self->refresh_token)
    sodium_memzero (self->refresh_token, strlen (self->refresh_token));
  g_free (self->access_token);
  g_free (self->refresh_token);
  g_free (self->last_error);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (care_sync_engine_parent_class)->finalize (object);
}

static void
care_sync_engine_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CareSyncEngine *self = CARE_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PENDING:
      g_value_set_int64 (value, self->pending);
      break;
    case PROP_CONFLICTS:
      g_value_set_int64 (value, self->conflicts);
      break;
    case PROP_REJECTED:
      g_value_set_int64 (value, self->rejected);
      break;
    case PROP_DUPLICATES:
      g_value_set_int64 (value, self->duplicates);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_sync_engine_class_init (CareSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = care_sync_engine_dispose;
  object_class->finalize = care_sync_engine_finalize;
  object_class->get_property = care_sync_engine_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CARE_TYPE_SYNC_STATE, CARE_SYNC_STATE_OFFLINE, flags);
  properties[PROP_PENDING] =
    g_param_spec_int64 ("pending", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONFLICTS] =
    g_param_spec_int64 ("conflicts", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_REJECTED] =
    g_param_spec_int64 ("rejected", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_DUPLICATES] =
    g_param_spec_int64 ("duplicates", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CareSyncEngine::records-changed:
   * @entity: the entity name ("patient")
   * @ids: the ids of the rows a pull changed; empty when too many changed
   *   to list (reload every row of @entity)
   */
  signals[RECORDS_CHANGED] =
    g_signal_new ("records-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRV);
  /**
   * CareSyncEngine::tokens-changed:
   *
   * The refresh token rotated (or the session ended and it is gone):
   * store care_sync_engine_dup_refresh_token() again.
   */
  signals[TOKENS_CHANGED] =
    g_signal_new ("tokens-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
care_sync_engine_init (CareSyncEngine *self)
{
  g_mutex_init (&self->lock);
  self->timeout = CARE_SYNC_DEFAULT_TIMEOUT;
  self->batch_size = DEFAULT_BATCH;
  self->batch_bytes = DEFAULT_BATCH_BYTES;
  self->page_size = DEFAULT_PAGE;
  self->poll_interval = DEFAULT_POLL;
  self->state = CARE_SYNC_STATE_OFFLINE;
  self->link = link_new (self);
}

CareSyncEngine *
care_sync_engine_new (const char *store_path,
                      const char *base_url,
                      GError    **error)
{
  g_autoptr(CareSyncEngine) self = NULL;
  g_autoptr(CareStore) store = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *last = NULL;
  CareSyncCounts counts;

  g_return_val_if_fail (store_path != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  /* The store must open here, so that a broken path fails now and the
   * counts are right before the first round. */
  store = care_store_open (store_path, &local_error);
  if (store == NULL)
    {
      store_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self = g_object_new (CARE_TYPE_SYNC_ENGINE, NULL);
  self->main_context = g_main_context_ref_thread_default ();
  self->owner = g_thread_self ();
  self->store_path = g_strdup (store_path);
  self->base_url = g_strdup (base_url);

  care_store_sync_counts (store, &counts);
  self->pending = counts.pending;
  self->conflicts = counts.conflicts;
  self->rejected = counts.rejected;
  self->duplicates = counts.duplicates;
  last = care_store_get_meta (store, "sync_last");
  self->last_sync = last ? g_ascii_strtoll (last, NULL, 10) : 0;
  return g_steal_pointer (&self);
}

const char *
care_sync_engine_get_base_url (CareSyncEngine *self)
{
  g_return_val_if_fail (CARE_IS_SYNC_ENGINE (self), NULL);
  return self->base_url;
}

void
care_sync_engine_set_tokens (CareSyncEngine *self,
                             const char     *access_token,
                             const char     *refresh_token)
{
  g_return_if_fail (CARE_IS_SYNC_ENGINE (self));

  g_mutex_lock (&self->lock);
  g_free (self->access_token);
  self->access_token = g_strdup (access_token);
  g_free (self->refresh_token);
  self->refresh_token = g_strdup (refresh_token);
  g_mutex_unlock (&self->lock);

  if (access_token)
    invoke_worker (self, worker_resume);
}

char *
care_sync_engine_dup_refresh_token (CareSyncEngine *self)
{
  char *token;

  g_return_val_if_fail (CARE_IS_SYNC_ENGINE (self), NULL);

  g_mutex_lock (&self->lock);
  token = g_strdup (self->refresh_token);
  g_mutex_unlock (&self->lock);
  return token;
}

CareSyncState
care_sync_engine_get_state (CareSyncEngine *self)
{
  g_return_val_if_fail (CARE_IS_SYNC_ENGINE (self), CARE_SYNC_STATE_OFFLINE);
  return self->state;
}

gint64
care_sync_engine_get_pending (CareSyncEngine *self)
{
  g_return_val_if_fail (CARE_IS_SYNC_ENGINE (self), 0);
  return self->pending;
}

gint64
care_sync_engine_get_conflicts (CareSyncEngine *self)
{
  g_return_val_if_fail (CARE_IS_SYNC_ENGINE (self), 0);
  return self->conflicts;
}

gint64
care_sync_engine_get_rejected (CareSyncEngine *self)
{
  g_return_val_if_fail (CARE_IS_SYNC_ENGINE (self), 0);
  return self->rejected;
}

gint64
care_sync_engine_get_duplicates (CareSyncEngine *self)
{
  g_return_val_if_fail (CARE_IS_SYNC_ENGINE (self), 0);
  return self->duplicates;
}

gint64
care_sync_engine_get_last_sync (CareSyncEngine *self)
{
  g_return_val_if_fail (CARE_IS_SYNC_ENGINE (self), 0);
  return self->last_sync;
}

const char *
care_sync_engine_get_last_error (CareSyncEngine *self)
{
  g_return_val_if_fail (CARE_IS_SYNC_ENGINE (self), NULL);
  return self->last_error;
}

static void
set_config (CareSyncEngine *self,
            guint          *field,
            guint           value)
{
  g_mutex_lock (&self->lock);
  *field = value;
  g_mutex_unlock (&self->lock);
}

void
care_sync_engine_set_timeout (CareSyncEngine *self,
                              guint           seconds)
{
  g_return_if_fail (CARE_IS_SYNC_ENGINE (self));
  set_config (self, &self->timeout, seconds ? seconds : CARE_SYNC_DEFAULT_TIMEOUT);
}

void
care_sync_engine_set_batch_size (CareSyncEngine *self,
                                 guint           mutations)
{
  g_return_if_fail (CARE_IS_SYNC_ENGINE (self));
  set_config (self, &self->batch_size, mutations ? MIN (mutations, MAX_BATCH) : DEFAULT_BATCH);
}

void
care_sync_engine_set_batch_bytes (CareSyncEngine *self,
                                  guint           bytes)
{
  g_return_if_fail (CARE_IS_SYNC_ENGINE (self));
  set_config (self, &self->batch_bytes, bytes ? bytes : DEFAULT_BATCH_BYTES);
}

void
care_sync_engine_set_page_size (CareSyncEngine *self,
                                guint           changes)
{
  g_return_if_fail (CARE_IS_SYNC_ENGINE (self));
  set_config (self, &self->page_size, changes ? MIN (changes, MAX_PAGE) : DEFAULT_PAGE);
}

void
care_sync_engine_set_poll_interval (CareSyncEngine *self,
                                    guint           seconds)
{
  g_return_if_fail (CARE_IS_SYNC_ENGINE (self));
  set_config (self, &self->poll_interval, seconds ? seconds : DEFAULT_POLL);
}

void
care_sync_engine_set_crash_after (CareSyncEngine *self,
                                  guint           n_changes)
{
  g_return_if_fail (CARE_IS_SYNC_ENGINE (self));
  set_config (self, &self->crash_after, n_changes);
}
