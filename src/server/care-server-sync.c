/* care-server-sync.c: the server's side of sync (docs/sync.md)
 *
 * POST /sync/push applies a workstation's outbox: each mutation in its own
 * savepoint of one transaction, its result stored with it (a replay of the
 * same mutation id answers the stored result), merged against the base the
 * workstation saw rather than against any clock. GET /sync/pull pages the
 * clinic's change log (kept by the storage, see care-server-storage.h) in
 * sequence order; GET /sync/checksum lets a workstation prove it holds the
 * server's view; GET /sync/live is a WebSocket that says "pull now".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-server-sync"

#include "config.h"

#include "care-clock.h"

#include <math.h>
#include <string.h>

#include "care-server-private.h"

#define MAX_MUTATIONS    500
#define DEFAULT_LIMIT    2000
#define MAX_LIMIT        10000
#define LIVE_POLL_MS     250
#define MAX_PRUNE_PERIOD 3600

typedef struct _CareServerSync CareServerSync;

typedef struct {
  CareServerSync          *sync;
  SoupWebsocketConnection *conn;
  CareClaims               claims;
  guint                    expiry_id;
} LiveSocket;

struct _CareServerSync {
  CareServer *server;
  GHashTable *live;       /* tenant -> GPtrArray of LiveSocket (borrowed) */
  guint       n_live;
  gint64      seen;       /* the latest sequence announced (or known) here */
  gboolean    listening;  /* the storage signals changes: no polling */
  guint       poll_id;
  guint       prune_id;
};

static const char *const push_example =
  "{\"device\": \"K7QF\", \"mutations\": [{\"id\": \"0193c1e2-7a3b-7cde-8f00-123456789abc\", \"entity\": \"patient\", "
  "\"record_id\": \"0193c1e2-7a3b-7cde-8f00-123456789abd\", \"op\": \"update\", "
  "\"fields\": {\"phone\": \"+34 600 1\"}, \"base\": {\"phone\": \"+34 600 0\"}}]}";

/* --- scope -------------------------------------------------------------- */

static gboolean
is_synced (const CareEntity *entity)
{
  return !(entity->flags & CARE_ENTITY_LOCAL) && !g_str_equal (entity->name, "audit_entry");
}

static int
compare_entity_names (gconstpointer a,
                      gconstpointer b)
{
  return strcmp (((const CareServerSyncEntity *) a)->entity->name, ((const CareServerSyncEntity *) b)->entity->name);
}

/* What the caller's role may read, by name; *digest names role, list and,
 * when some rows are the caller's own only, the caller. */
static GArray *
scope_entities (CareRequest *req,
                char       **digest)
{
  GArray *scope = g_array_new (FALSE, TRUE, sizeof (CareServerSyncEntity));
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gboolean own_rows = FALSE;
  guint n;
  const CareEntity *const *entities = care_schema_entities (&n);

  for (guint i = 0; i < n; i++)
    {
      CareServerSyncEntity se = { entities[i], NULL, NULL };

      if (!is_synced (entities[i]) || !care_request_can (req, entities[i]->read_permission))
        continue;
      se.owner_field = care_server_staff_owner (req, entities[i], &se.owner_field2);
      own_rows |= se.owner_field != NULL;
      g_array_append_val (scope, se);
    }
  g_array_sort (scope, compare_entity_names);

  g_checksum_update (sum, (const guchar *) req->claims.role, -1);
  for (guint i = 0; i < scope->len; i++)
    {
      g_checksum_update (sum, (const guchar *) "\n", 1);
      g_checksum_update (sum, (const guchar *) g_array_index (scope, CareServerSyncEntity, i).entity->name, -1);
    }
  /* Two nurses see the same entities but not each other's messages: a
   * workstation where another user signs in must resync those. */
  if (own_rows)
    {
      g_checksum_update (sum, (const guchar *) "\nuser:", -1);
      g_checksum_update (sum, (const guchar *) req->claims.user_id, -1);
    }
  *digest = g_strdup (g_checksum_get_string (sum));
  return scope;
}

/* --- tombstones --------------------------------------------------------- */

static void
prune (CareServer *server)
{
  CareServerStorage *st = server->storage;
  g_autoptr(GError) error = NULL;
  gint64 before = care_clock_get_real_time () / G_USEC_PER_SEC - (gint64) server->config->tombstone_retention;
  gint64 n = st->v->prune_tombstones (st, before, &error);

  if (n < 0)
    g_warning ("Could not prune old tombstones: %s", error->message);
  else if (n > 0)
    g_info ("Pruned %" G_GINT64_FORMAT " tombstone(s) older than %" G_GUINT64_FORMAT " s",
            n, server->config->tombstone_retention);
}

static gboolean
prune_timeout (gpointer data)
{
  CareServerSync *sync = data;

  prune (sync->server);
  return G_SOURCE_CONTINUE;
}

/* --- the caller's role --------------------------------------------------- */

/* An access token names the role its user had when it was made. When an
 * administrator has changed the role since, the sync routes answer 401: the
 * workstation refreshes the token (a refresh takes the account's role as it
 * is now), and its next pull sees the new scope, so that rows the user may
 * no longer read leave the workstation at once rather than when the token
 * expires. */
static gboolean
role_is_current (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  g_autoptr(CareRecord) user = st->v->get (st, req->claims.tenant_id, care_schema_lookup ("user"),
                                           req->claims.user_id, NULL);

  if (user && g_strcmp0 (care_record_get (user, "role"), req->claims.role) == 0)
    return TRUE;
  care_request_error (req, 401, "Your role has changed: refresh the session to sync again.");
  return FALSE;
}

/* --- pull --------------------------------------------------------------- */

static void
handle_pull (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  const char *tenant = req->claims.tenant_id;
  g_autoptr(GArray) scope = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  CareServerSyncPage page = { 0 };
  GString *out;
  gint64 cursor, limit, floor, head;

  if (!role_is_current (req))
    return;
  care_server_history_stamp (req);
  if (!care_request_query_int (req, "cursor", 0, 0, G_MAXINT64, &cursor) ||
      !care_request_query_int (req, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, &limit))
    return;

  /* Tombstones past their retention go before the floor is read, so that
   * a workstation that has been away longer learns it at once. */
  prune (req->server);
  floor = st->v->sync_floor (st, tenant);
  head = st->v->sync_head (st, tenant);
  if (cursor > 0 && cursor < floor)
    {
      care_request_field_error (req, 410, "Changes since this cursor are no longer kept: sync again from the start.",
                                "cursor", "Older than the oldest change the server keeps.");
      return;
    }
  /* A cursor the server never gave (its database was restored from a
   * backup): what the workstation holds cannot be trusted either. */
  if (cursor > MAX (head, floor))
    {
      care_server_history_cursor_ahead (req, cursor, MAX (head, floor));
      care_request_field_error (req, 410, "This cursor is ahead of the server: sync again from the start.",
                                "cursor", "The server has no changes this recent.");
      return;
    }

  scope = scope_entities (req, &digest);
  page.entities = (const CareServerSyncEntity *) scope->data;
  page.n_entities = scope->len;
  page.owner = req->claims.user_id;
  page.cursor = cursor;
  page.limit = limit;

  out = g_string_sized_new (4096 + limit * 1024);
  g_string_append (out, "{\"data\":{\"changes\":[");
  if (!st->v->changes (st, tenant, &page, out, &error))
    {
      g_string_free (out, TRUE);
      care_request_gerror (req, error, NULL);
      return;
    }
  g_string_append_printf (out, "],\"cursor\":%" G_GINT64_FORMAT ",\"more\":%s,\"role\":",
                          page.last_seq, page.more ? "true" : "false");
  care_json_append_string (out, req->claims.role);
  g_string_append (out, ",\"scope\":");
  care_json_append_string (out, digest);
  g_string_append (out, ",\"entities\":[");
  for (guint i = 0; i < scope->len; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      care_json_append_string (out, g_array_index (scope, CareServerSyncEntity, i).entity->name);
    }
  g_string_append (out, "]}}");
  care_server_history_publish (req->server, page.last_seq);
  /* One entry per page: a first sync reads the whole clinic. */
  if (page.n_changes > 0)
    care_server_audit (req, "export", "sync", NULL);
  care_request_respond_text (req, 200, out);
}

/* --- checksum ----------------------------------------------------------- */

static void
handle_checksum (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  g_autofree char *digest = NULL;
  g_autoptr(GArray) scope = NULL;
  JsonObject *entities, *data;
  JsonNode *node;

  if (!role_is_current (req))
    return;
  care_server_history_stamp (req);
  scope = scope_entities (req, &digest);
  entities = json_object_new ();
  data = json_object_new ();

  for (guint i = 0; i < scope->len; i++)
    {
      const CareServerSyncEntity *se = &g_array_index (scope, CareServerSyncEntity, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *sha = NULL;
      JsonObject *one;
      gint64 rows = 0;

      /* Left out: rows the caller sees only in part (others' messages and
       * notifications), which the checksum of the clinic's rows cannot
       * describe, and the clinic record, whose checksum would cover every
       * clinic of this server. */
      if (se->owner_field || (se->entity->flags & CARE_ENTITY_GLOBAL))
        continue;
      sha = st->v->checksum (st, req->claims.tenant_id, se->entity, &rows, &error);
      if (sha == NULL)
        {
          json_object_unref (entities);
          json_object_unref (data);
          care_request_gerror (req, error, se->entity);
          return;
        }
      one = json_object_new ();
      json_object_set_int_member (one, "rows", rows);
      json_object_set_string_member (one, "sha256", sha);
      json_object_set_object_member (entities, se->entity->name, one);
    }
  json_object_set_object_member (data, "entities", entities);
  json_object_set_string_member (data, "scope", digest);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, data);
  care_request_respond (req, 200, node, NULL);
}

/* --- push: comparing values --------------------------------------------- */

static gboolean
same_list (const char *a,
           const char *b)
{
  g_autoptr(JsonParser) pa = json_parser_new ();
  g_autoptr(JsonParser) pb = json_parser_new ();

  if (!json_parser_load_from_data (pa, a, -1, NULL) || !json_parser_load_from_data (pb, b, -1, NULL))
    return FALSE;
  return json_node_equal (json_parser_get_root (pa), json_parser_get_root (pb));
}

/* Two canonical texts of field's type hold the same value. */
static gboolean
same_value (const CareField *field,
            const char      *a,
            const char      *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (g_str_equal (a, b))
    return TRUE;
  switch (field->type)
    {
    case CARE_FIELD_INT:
    case CARE_FIELD_MONEY:
    case CARE_FIELD_BOOL:
      return g_ascii_strtoll (a, NULL, 10) == g_ascii_strtoll (b, NULL, 10);
    case CARE_FIELD_DECIMAL:
      {
        double x = g_ascii_strtod (a, NULL), y = g_ascii_strtod (b, NULL);
        return fabs (x - y) <= 1e-9 * MAX (1.0, MAX (fabs (x), fabs (y)));
      }
    case CARE_FIELD_LIST:
      return same_list (a, b);
    case CARE_FIELD_DATETIME:
      {
        g_autoptr(GDateTime) x = g_date_time_new_from_iso8601 (a, NULL);
        g_autoptr(GDateTime) y = g_date_time_new_from_iso8601 (b, NULL);
        return x && y && g_date_time_equal (x, y);
      }
    default:
      return FALSE;
    }
}

/* A blob's value as it travels: base64 text. */
static char *
blob_text (CareRecord      *record,
           const CareField *field)
{
  GBytes *blob = care_record_get_blob (record, field->name);

  return blob ? g_base64_encode (g_bytes_get_data (blob, NULL), g_bytes_get_size (blob)) : NULL;
}

/* The canonical text of a JSON value (absent: NULL); FALSE with *problem
 * when it does not fit the field. Blobs stay base64, re-encoded. */
static gboolean
value_text (const CareField *field,
            JsonNode        *node,
            char           **text,
            char           **problem)
{
  *text = NULL;
  *problem = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (field->type == CARE_FIELD_BLOB)
    {
      const char *s;
      gsize length = 0;
      g_autofree guchar *data = NULL;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          *problem = g_strdup ("Expected base64 text.");
          return FALSE;
        }
      s = json_node_get_string (node);
      for (const char *p = s; *p; p++)
        if (!g_ascii_isalnum (*p) && !strchr ("+/=\n\r", *p))
          {
            *problem = g_strdup ("Expected base64 text.");
            return FALSE;
          }
      data = g_base64_decode (s, &length);
      *text = length ? g_base64_encode (data, length) : NULL;
      return TRUE;
    }
  *text = care_server_json_to_text (field, node, problem);
  return *problem == NULL;
}

static const char *
stored_text (CareRecord      *record,
             const CareField *field,
             char           **owned)
{
  if (field->type == CARE_FIELD_BLOB)
    return *owned = blob_text (record, field);
  return care_record_get (record, field->name);
}

static void
set_value (CareRecord      *record,
           const CareField *field,
           const char      *text)
{
  if (field->type == CARE_FIELD_BLOB)
    {
      g_autoptr(GBytes) bytes = NULL;

      if (text)
        {
          gsize length = 0;
          guchar *data = g_base64_decode (text, &length);
          bytes = g_bytes_new_take (data, length);
        }
      care_record_set_blob (record, field->name, bytes);
      return;
    }
  care_record_set (record, field->name, text);
}

static gboolean
is_system_column (const char *name)
{
  for (guint i = 0; i < CARE_N_SYSTEM_COLUMNS; i++)
    if (g_str_equal (care_system_column_name (i), name))
      return TRUE;
  return FALSE;
}

/* --- push: results ------------------------------------------------------ */

static JsonObject *
result_new (const char *status)
{
  JsonObject *result = json_object_new ();

  json_object_set_string_member (result, "status", status);
  return result;
}

static JsonObject *
rejected (guint       code,
          const char *reason,
          JsonArray  *errors)
{
  JsonObject *result = result_new ("rejected");

  json_object_set_int_member (result, "code", code);
  json_object_set_string_member (result, "reason", reason);
  json_object_set_array_member (result, "errors", errors ? errors : json_array_new ());
  return result;
}

static JsonObject *
rejected_field (guint       code,
                const char *reason,
                const char *field,
                const char *message)
{
  JsonArray *errors = json_array_new ();
  JsonObject *e = json_object_new ();

  json_object_set_string_member (e, "field", field);
  json_object_set_string_member (e, "message", message);
  json_array_add_object_element (errors, e);
  return rejected (code, reason, errors);
}

static JsonObject *
malformed_record_id (void)
{
  return rejected_field (400, "The mutation is malformed.", "record_id", "Give the record's UUID.");
}

static JsonObject *
rejected_invalid (CareValidation   *v,
                  const CareEntity *entity)
{
  JsonArray *errors = care_validation_errors_json (v);
  g_autofree char *summary = care_validation_to_string (v, entity);

  return rejected (422, summary && summary[0] ? summary : "Some values were not accepted; see errors.", errors);
}

/* A failed write as a result; NULL when the failure is the server's own
 * (the whole push then fails and is sent again). */
static JsonObject *
rejected_error (const GError *error)
{
  if (g_error_matches (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND))
    return rejected (404, "This record does not exist.", NULL);
  if (g_error_matches (error, CARE_STORE_ERROR, CARE_STORE_ERROR_READ_ONLY) ||
      g_error_matches (error, CARE_SERVER_ERROR, CARE_SERVER_ERROR_CONFLICT))
    return rejected (409, error->message, NULL);
  if (g_error_matches (error, CARE_SERVER_ERROR, CARE_SERVER_ERROR_FORBIDDEN))
    return rejected (403, error->message, NULL);
  if (error->domain == CARE_VALIDATION_ERROR)
    return rejected (422, error->message, NULL);
  if (error->domain == CARE_STORE_ERROR && error->message && strstr (error->message, "UNIQUE constraint failed"))
    return rejected (409, "A record with these values already exists.", NULL);
  return NULL;
}

/* What care_server_check_access() refused, as a result. */
static JsonObject *
refused (CareValidation   *invalid,
         const GError     *error,
         const CareEntity *entity)
{
  JsonObject *result = invalid ? rejected_invalid (invalid, entity) : rejected_error (error);

  return result ? result : rejected (403, error->message, NULL);
}

static JsonObject *
applied (gint64 seq)
{
  JsonObject *result = result_new ("applied");

  if (seq > 0)
    json_object_set_int_member (result, "seq", seq);
  return result;
}

static JsonObject *
conflict (const char *kind,
          JsonArray  *conflicts,
          gint64      seq)
{
  JsonObject *result = result_new ("conflict");

  json_object_set_string_member (result, "kind", kind);
  if (conflicts)
    json_object_set_array_member (result, "conflicts", conflicts);
  if (seq > 0)
    json_object_set_int_member (result, "seq", seq);
  return result;
}

/* One field in conflict: what the workstation started from, what it
 * wants, and what the server holds, by whom and since when. */
static JsonObject *
conflict_entry (const char *field,
                JsonNode   *base,
                JsonNode   *mine,
                JsonObject *theirs,
                CareRecord *stored)
{
  JsonObject *c = json_object_new ();
  JsonNode *their_value = json_object_get_member (theirs, field);

  json_object_set_string_member (c, "field", field);
  json_object_set_member (c, "base", base ? json_node_copy (base) : json_node_new (JSON_NODE_NULL));
  json_object_set_member (c, "mine", mine ? json_node_copy (mine) : json_node_new (JSON_NODE_NULL));
  json_object_set_member (c, "theirs", their_value ? json_node_copy (their_value) : json_node_new (JSON_NODE_NULL));
  if (care_record_get (stored, CARE_COLUMN_UPDATED_BY))
    json_object_set_string_member (c, "theirs_by", care_record_get (stored, CARE_COLUMN_UPDATED_BY));
  else
    json_object_set_null_member (c, "theirs_by");
  json_object_set_string_member (c, "theirs_at", care_record_get (stored, CARE_COLUMN_UPDATED_AT));
  return c;
}

/* --- push: duplicate patients ------------------------------------------- */

/* Another patient of the clinic that core's rule says may be the same
 * person: the full-text index (accent-insensitive) finds the candidates
 * born that day, core picks among them. */
static char *
find_duplicate (CareRequest *req,
                CareRecord  *record)
{
  CareServerStorage *st = req->server->storage;
  g_autofree char *search = care_patient_duplicates_search (record);
  CareServerFilter born = { "date_of_birth", NULL };
  CareServerQuery q = { .entity = care_record_get_entity (record), .search = search,
                        .filters = &born, .n_filters = 1, .limit = 50 };
  g_autoptr(GPtrArray) candidates = NULL;

  if (search == NULL)
    return NULL;
  born.value = care_record_get (record, "date_of_birth");
  candidates = st->v->list (st, req->claims.tenant_id, &q, NULL, NULL);
  return g_strdup (care_patient_duplicates_pick (record, candidates));
}

/* --- push: one mutation ------------------------------------------------- */

typedef struct {
  const char       *id;
  const char       *record_id;
  const char       *op;
  const CareEntity *entity;
  JsonObject       *fields;
  JsonObject       *base;   /* NULL: none sent */
} Mutation;

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
object_member (JsonObject *object,
               const char *name,
               gboolean   *wrong)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *wrong = TRUE;
      return NULL;
    }
  return json_node_get_object (node);
}

/* Reads a mutation; a result (400) when it is malformed. */
static JsonObject *
parse_mutation (JsonObject *object,
                Mutation   *m)
{
  const char *entity;
  gboolean wrong = FALSE;

  m->record_id = string_member (object, "record_id");
  m->op = string_member (object, "op");
  entity = string_member (object, "entity");
  m->fields = object_member (object, "fields", &wrong);
  if (wrong)
    return rejected_field (400, "The mutation is malformed.", "fields", "Expected an object of field values.");
  m->base = object_member (object, "base", &wrong);
  if (wrong)
    return rejected_field (400, "The mutation is malformed.", "base", "Expected an object of field values.");
  if (entity == NULL)
    return rejected_field (400, "The mutation is malformed.", "entity", "Name the entity (\"patient\", …).");
  m->entity = care_schema_lookup (entity);
  if (m->entity == NULL)
    return rejected_field (400, "There is no such entity.", "entity", "Not an entity of this server's data model.");
  if (!is_synced (m->entity))
    return rejected_field (400, "These records are not synced.", "entity", "The server keeps these records itself.");
  if (m->op == NULL || !(g_str_equal (m->op, "insert") || g_str_equal (m->op, "update") || g_str_equal (m->op, "delete")))
    return rejected_field (400, "The mutation is malformed.", "op", "Give insert, update or delete.");
  if (m->record_id == NULL || !care_uuid_is_valid (m->record_id))
    return malformed_record_id ();
  if (m->fields == NULL && !g_str_equal (m->op, "delete"))
    return rejected_field (400, "The mutation is malformed.", "fields", "An insert or update needs its fields.");
  return NULL;
}

/* The fields of an insert onto a new record. Everything a workstation's
 * core wrote travels, its own numbers (MRN, invoice and receipt numbers,
 * prefixed with its code) included; the server's rules recompute what
 * they compute. The server stamps the system columns; secrets never
 * travel. */
static void
apply_fields (CareRecord     *record,
              JsonObject     *fields,
              CareValidation *v)
{
  const CareEntity *entity = care_record_get_entity (record);
  g_autoptr(GList) members = json_object_get_members (fields);

  for (GList *l = members; l; l = l->next)
    {
      const char *name = l->data;
      const CareField *field = care_entity_field (entity, name);
      g_autofree char *text = NULL;
      g_autofree char *problem = NULL;

      if (is_system_column (name) || (field && (field->flags & CARE_FIELD_SECRET)))
        continue;
      if (field == NULL)
        {
          care_validation_add (v, name, "Unknown field.");
          continue;
        }
      if (!value_text (field, json_object_get_member (fields, name), &text, &problem))
        {
          care_validation_add (v, name, problem);
          continue;
        }
      set_value (record, field, text);
    }
}

static JsonObject *
push_update (CareRequest *req,
             Mutation    *m,
             CareRecord  *stored,
             JsonObject  *base,
             GError     **error);

static JsonObject *
push_insert (CareRequest *req,
             Mutation    *m,
             GError     **error)
{
  CareServerStorage *st = req->server->storage;
  g_autoptr(CareRecord) existing = care_server_find_record (req, m->entity, m->record_id);
  g_autoptr(CareRecord) record = NULL;
  g_autoptr(CareValidation) v = care_validation_new ();
  g_autoptr(CareValidation) invalid = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *duplicate = NULL;
  JsonObject *result;

  /* Sent again after its answer was lost, or made twice: it is an update
   * of what the workstation sent. */
  if (existing)
    return push_update (req, m, existing, m->fields, error);
  /* Another clinic's id (or one the caller may not see) is answered as a
   * malformed one: nothing tells them apart. */
  if (st->v->id_in_use (st, m->entity, m->record_id))
    return malformed_record_id ();

  record = care_record_new (m->entity);
  care_record_set (record, CARE_COLUMN_ID, m->record_id);
  apply_fields (record, m->fields, v);
  if (!care_validation_is_valid (v))
    {
      /* Every field's problem at once, as the REST routes answer. */
      g_autoptr(CareValidation) more = care_validate_record (record);

      for (guint i = 0; i < care_validation_get_n_errors (more); i++)
        {
          const char *field = care_validation_get_field (more, i);

          if (care_validation_get_message (v, field) == NULL && care_record_get (record, field) != NULL)
            care_validation_add (v, field, care_validation_get_message (more, field));
        }
      return rejected_invalid (v, m->entity);
    }
  if (!care_server_check_access (req, NULL, record, &invalid, &local_error))
    return refused (invalid, local_error, m->entity);
  if (g_str_equal (m->entity->name, "user"))
    {
      /* Made offline without a password: the account signs in after a
       * password reset. */
      if (care_record_get (record, "active") == NULL)
        care_record_set (record, "active", "1");
      care_record_set (record, "failed_logins", "0");
    }
  if (!care_server_save_record (req, record, TRUE, &invalid, &local_error))
    {
      if (invalid)
        return rejected_invalid (invalid, m->entity);
      result = rejected_error (local_error);
      if (result == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return result;
    }

  if ((duplicate = find_duplicate (req, record)))
    {
      g_autoptr(CareRecord) flag = care_patient_duplicates_flag_new (record, duplicate);
      g_autoptr(CareValidation) flag_invalid = NULL;

      if (!care_server_save_record (req, flag, TRUE, &flag_invalid, &local_error))
        {
          if (local_error == NULL)
            g_set_error_literal (&local_error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                                 "The possible duplicate could not be recorded.");
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  result = applied (st->v->change_seq (st, req->claims.tenant_id, m->entity, m->record_id));
  if (duplicate)
    json_object_set_string_member (result, "duplicate_of", duplicate);
  return result;
}

/* For each field: the server's value equal to the base, or already equal
 * to the new value, takes it; otherwise the field is in conflict and the
 * server's value stays. The others merge. */
static JsonObject *
push_update (CareRequest *req,
             Mutation    *m,
             CareRecord  *stored,
             JsonObject  *base,
             GError     **error)
{
  CareServerStorage *st = req->server->storage;
  g_autoptr(CareRecord) record = care_record_copy (stored);
  g_autoptr(CareValidation) v = care_validation_new ();
  g_autoptr(CareValidation) invalid = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) theirs = NULL;
  g_autoptr(GList) members = json_object_get_members (m->fields);
  JsonArray *conflicts = json_array_new ();
  guint taken = 0;
  gint64 seq;

  for (GList *l = members; l; l = l->next)
    {
      const char *name = l->data;
      const CareField *field = care_entity_field (m->entity, name);
      JsonNode *mine = json_object_get_member (m->fields, name);
      JsonNode *was = base ? json_object_get_member (base, name) : NULL;
      g_autofree char *text = NULL;
      g_autofree char *problem = NULL;
      g_autofree char *base_text = NULL;
      g_autofree char *base_problem = NULL;
      g_autofree char *owned = NULL;
      const char *current;

      if (is_system_column (name) || (field && (field->flags & CARE_FIELD_SECRET)))
        continue;
      if (field == NULL)
        {
          care_validation_add (v, name, "Unknown field.");
          continue;
        }
      if (!value_text (field, mine, &text, &problem))
        {
          care_validation_add (v, name, problem);
          continue;
        }
      current = stored_text (stored, field, &owned);
      if (same_value (field, current, text))
        continue;
      /* A base member left out: the field was empty (a workstation's JSON
       * omits empty fields). A base that does not parse matches nothing. */
      if (value_text (field, was, &base_text, &base_problem) && same_value (field, current, base_text))
        {
          set_value (record, field, text);
          taken++;
          continue;
        }
      /* Fields the code sets (a last sign-in, an MRN, a batch's quantity
       * from its ledger) are not something a person could decide
       * between: a later time wins, anything else keeps the server's
       * value. */
      if ((field->flags & CARE_FIELD_SYSTEM) || care_rules_is_derived (m->entity, name))
        {
          if (field->type == CARE_FIELD_DATETIME && (current == NULL || g_strcmp0 (text, current) > 0))
            {
              set_value (record, field, text);
              taken++;
            }
          continue;
        }
      if (theirs == NULL)
        theirs = care_record_to_json (stored);
      json_array_add_object_element (conflicts, conflict_entry (name, was, mine, theirs, stored));
    }
  if (!care_validation_is_valid (v))
    {
      json_array_unref (conflicts);
      return rejected_invalid (v, m->entity);
    }
  if (!care_server_check_access (req, stored, record, &invalid, &local_error))
    {
      json_array_unref (conflicts);
      return refused (invalid, local_error, m->entity);
    }
  if (taken > 0 && !care_server_save_record (req, record, FALSE, &invalid, &local_error))
    {
      JsonObject *result;

      json_array_unref (conflicts);
      if (invalid)
        return rejected_invalid (invalid, m->entity);
      result = rejected_error (local_error);
      if (result == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return result;
    }
  seq = st->v->change_seq (st, req->claims.tenant_id, m->entity, m->record_id);
  if (json_array_get_length (conflicts) > 0)
    return conflict ("field", conflicts, taken > 0 ? seq : 0);
  json_array_unref (conflicts);
  return applied (seq);
}

/* A record edited since the workstation last saw it is not deleted. */
static JsonObject *
push_delete (CareRequest *req,
             Mutation    *m,
             CareRecord  *stored,
             GError     **error)
{
  CareServerStorage *st = req->server->storage;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CareValidation) invalid = NULL;
  g_autoptr(JsonObject) theirs = NULL;
  JsonObject *result;

  if (m->base)
    {
      JsonArray *conflicts = json_array_new ();

      /* The fields people edit; what the server computes (totals, the last
       * sign-in) moves without anyone editing the record. */
      for (guint i = 0; i < m->entity->n_fields; i++)
        {
          const CareField *field = &m->entity->fields[i];
          JsonNode *was = json_object_get_member (m->base, field->name);
          g_autofree char *base_text = NULL;
          g_autofree char *problem = NULL;
          g_autofree char *owned = NULL;

          if (field->flags & (CARE_FIELD_SECRET | CARE_FIELD_SYSTEM))
            continue;
          if (value_text (field, was, &base_text, &problem) &&
              same_value (field, stored_text (stored, field, &owned), base_text))
            continue;
          if (theirs == NULL)
            theirs = care_record_to_json (stored);
          json_array_add_object_element (conflicts, conflict_entry (field->name, was, NULL, theirs, stored));
        }
      if (json_array_get_length (conflicts) > 0)
        return conflict ("edited", conflicts, 0);
      json_array_unref (conflicts);
    }
  if (!care_server_check_access (req, stored, NULL, &invalid, &local_error))
    return refused (invalid, local_error, m->entity);
  if (!care_server_delete_record (req, stored, &local_error))
    {
      result = rejected_error (local_error);
      if (result == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return result;
    }
  return applied (st->v->change_seq (st, req->claims.tenant_id, m->entity, m->record_id));
}

static JsonObject *
push_apply (CareRequest *req,
            Mutation    *m,
            GError     **error)
{
  CareServerStorage *st = req->server->storage;
  const CareEntity *entity = m->entity;
  gboolean global = (entity->flags & CARE_ENTITY_GLOBAL) != 0;
  g_autoptr(CareRecord) stored = NULL;

  if (!care_request_can (req, g_str_equal (m->op, "delete") ? care_access_delete_permission (entity)
                                  : care_access_write_permission (entity, g_str_equal (m->op, "insert"))))
    {
      g_autofree char *reason = g_strdup_printf ("Your role may not change these records (it needs the “%s” permission).",
                                                 entity->write_permission);
      return rejected (403, reason, NULL);
    }
  /* Clinics are made with `caredesk-server init`; one's own clinic's
   * settings may change (with the permission above), no other's. */
  if (global && !g_str_equal (m->op, "update"))
    return rejected (403, "Clinics are added and removed on the server only.", NULL);
  if ((entity->flags & CARE_ENTITY_APPEND_ONLY) && !g_str_equal (m->op, "insert"))
    {
      g_autofree char *reason = g_strdup_printf ("%s cannot be changed or deleted once recorded; add an amendment instead.",
                                                 entity->plural);
      return rejected (409, reason, NULL);
    }

  if (g_str_equal (m->op, "insert"))
    return push_insert (req, m, error);

  /* Another clinic's record (or another person's message) is one that
   * does not exist. */
  stored = care_server_find_record (req, entity, m->record_id);
  if (g_str_equal (m->op, "update"))
    return stored ? push_update (req, m, stored, m->base, error) : conflict ("deleted", NULL, 0);
  if (stored == NULL)
    return applied (st->v->change_seq (st, req->claims.tenant_id, entity, m->record_id));
  return push_delete (req, m, stored, error);
}

static char *
to_json (JsonObject *object)
{
  return care_json_object_to_string (object, NULL);
}

/* {"id": id, …result}: the id first, as people read it. Takes result. */
static JsonObject *
with_id (const char *id,
         JsonObject *result)
{
  JsonObject *out = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (result);

  if (id)
    json_object_set_string_member (out, "id", id);
  else
    json_object_set_null_member (out, "id");
  for (GList *l = members; l; l = l->next)
    json_object_set_member (out, l->data, json_node_copy (json_object_get_member (result, l->data)));
  json_object_unref (result);
  return out;
}

/* One mutation: a known id answers its stored result; otherwise it is
 * applied in a savepoint and its result stored inside it. NULL (error
 * set) when the server failed: the whole push is then undone. */
static JsonObject *
push_one (CareRequest *req,
          const char  *device,
          JsonNode    *node)
{
  CareServerStorage *st = req->server->storage;
  g_autoptr(GError) error = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *text = NULL;
  const char *status;
  gboolean elsewhere = FALSE;
  Mutation m = { 0 };
  JsonObject *result;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return with_id (NULL, rejected_field (400, "The mutation is malformed.", "mutation", "Expected an object."));
  m.id = string_member (json_node_get_object (node), "id");
  if (m.id == NULL || !care_uuid_is_valid (m.id))
    return with_id (m.id, rejected_field (400, "The mutation is malformed.", "id", "Give the mutation's UUID."));

  previous = st->v->mutation_get (st, req->claims.tenant_id, m.id, &elsewhere);
  if (previous)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, previous, -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
      g_warning ("The stored result of mutation %s does not parse", m.id);
    }
  if (elsewhere)
    return with_id (m.id, rejected_field (409, "This mutation id is already in use.", "id", "Make a new UUID for this change."));

  if (!st->v->savepoint (st, &error))
    goto failed;
  result = parse_mutation (json_node_get_object (node), &m);
  if (result == NULL)
    result = push_apply (req, &m, &error);
  if (result == NULL)
    {
      st->v->savepoint_rollback (st);
      st->v->savepoint_release (st, NULL);
      goto failed;
    }
  /* A rejected mutation leaves nothing behind; a conflict keeps what merged. */
  status = json_object_get_string_member (result, "status");
  if (g_str_equal (status, "rejected"))
    st->v->savepoint_rollback (st);
  result = with_id (m.id, result);
  text = to_json (result);
  if (!st->v->mutation_put (st, req->claims.tenant_id, m.id, device, req->claims.user_id, text, &error) ||
      !st->v->savepoint_release (st, &error))
    {
      json_object_unref (result);
      goto failed;
    }
  return result;

failed:
  g_warning ("Sync push of mutation %s failed: %s", m.id, error ? error->message : "?");
  return NULL;
}

static void
handle_push (CareRequest *req)
{
  CareServerStorage *st = req->server->storage;
  g_autoptr(GError) error = NULL;
  JsonObject *body = NULL;
  JsonNode *list;
  JsonArray *mutations, *results;
  JsonObject *data;
  JsonNode *node;
  const char *device = NULL;
  guint n;

  if (!role_is_current (req))
    return;
  care_server_history_stamp (req);
  body = care_request_body_object (req);
  if (body == NULL)
    return;
  if (json_object_has_member (body, "device") && !JSON_NODE_HOLDS_NULL (json_object_get_member (body, "device")))
    {
      device = string_member (body, "device");
      if (device == NULL || g_utf8_strlen (device, -1) > 40)
        {
          care_request_field_error (req, 400, "The device code is not valid.", "device", "Give the workstation's code as text.");
          return;
        }
    }
  list = json_object_get_member (body, "mutations");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      care_request_field_error (req, 400, "The push needs its mutations.", "mutations", "Expected an array of mutations.");
      return;
    }
  mutations = json_node_get_array (list);
  n = json_array_get_length (mutations);
  if (n > MAX_MUTATIONS)
    {
      g_autofree char *message = g_strdup_printf ("At most %u mutations per push.", MAX_MUTATIONS);
      care_request_field_error (req, 413, message, "mutations", message);
      return;
    }

  /* The workstation made these writes already, maybe offline; core's
   * rules keep what it could not see (care-rules.h, replayed). */
  req->replaying = TRUE;
  /* One transaction: the write lock is held once for the batch, and its
   * changes take consecutive sequence numbers. */
  if (!st->v->begin (st, &error))
    {
      care_request_gerror (req, error, NULL);
      return;
    }
  results = json_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *result = push_one (req, device, json_array_get_element (mutations, i));

      if (result == NULL)
        {
          json_array_unref (results);
          st->v->rollback (st);
          care_request_error (req, 500, "The server could not apply the changes; send them again later.");
          return;
        }
      json_array_add_object_element (results, result);
    }
  if (!st->v->commit (st, &error))
    {
      json_array_unref (results);
      care_request_gerror (req, error, NULL);
      return;
    }

  data = json_object_new ();
  json_object_set_array_member (data, "results", results);
  json_object_set_int_member (data, "cursor", st->v->sync_head (st, req->claims.tenant_id));
  care_server_history_publish (req->server, json_object_get_int_member (data, "cursor"));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, data);
  care_request_respond (req, 200, node, NULL);
}

/* --- live --------------------------------------------------------------- */

static void
live_socket_free (LiveSocket *s)
{
  if (s->expiry_id)
    g_source_remove (s->expiry_id);
  g_signal_handlers_disconnect_by_data (s->conn, s);
  g_object_unref (s->conn);
  care_claims_clear (&s->claims);
  g_free (s);
}

static gboolean
live_poll (gpointer data);

static void
live_remove (LiveSocket *s)
{
  CareServerSync *sync = s->sync;
  GPtrArray *sockets = g_hash_table_lookup (sync->live, s->claims.tenant_id);

  if (sockets && g_ptr_array_remove (sockets, s))
    {
      if (sockets->len == 0)
        g_hash_table_remove (sync->live, s->claims.tenant_id);
      if (--sync->n_live == 0 && sync->poll_id)
        {
          g_source_remove (sync->poll_id);
          sync->poll_id = 0;
        }
    }
  live_socket_free (s);
}

static void
on_live_closed (SoupWebsocketConnection *conn,
                LiveSocket              *s)
{
  live_remove (s);
}

static gboolean
on_live_expired (gpointer data)
{
  LiveSocket *s = data;

  s->expiry_id = 0;
  /* The socket lives no longer than the token it was opened with. */
  soup_websocket_connection_close (s->conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                   "The access token expired; connect again with a new one.");
  return G_SOURCE_REMOVE;
}

static gboolean
live_revoked (CareServer *server,
              LiveSocket *s)
{
  g_autofree char *subject = NULL;
  const gint64 *since;

  if (server->revoked == NULL || g_hash_table_size (server->revoked) == 0)
    return FALSE;
  subject = g_strconcat ("sub:", s->claims.user_id, NULL);
  since = g_hash_table_lookup (server->revoked, subject);
  return g_hash_table_contains (server->revoked, s->claims.jti) || (since && s->claims.issued_at_ms <= *since);
}

/* Tells each clinic's sockets about the changes committed since the last
 * look, by this worker or another. */
static void
live_check (CareServerSync *sync)
{
  CareServerStorage *st = sync->server->storage;
  g_autoptr(GHashTable) heads = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (sync->n_live == 0)
    return;
  heads = st->v->sync_heads_since (st, sync->seen, &sync->seen);
  g_hash_table_iter_init (&iter, heads);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *sockets = g_hash_table_lookup (sync->live, key);
      g_autofree char *text = NULL;

      if (sockets == NULL)
        continue;
      text = g_strdup_printf ("{\"cursor\":%" G_GINT64_FORMAT "}", *(gint64 *) value);
      for (guint i = 0; i < sockets->len; i++)
        {
          LiveSocket *s = g_ptr_array_index (sockets, i);

          if (soup_websocket_connection_get_state (s->conn) != SOUP_WEBSOCKET_STATE_OPEN)
            continue;
          if (live_revoked (sync->server, s))
            soup_websocket_connection_close (s->conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                             "This session has been signed out.");
          else
            soup_websocket_connection_send_text (s->conn, text);
        }
    }
}

static gboolean
live_poll (gpointer data)
{
  live_check (data);
  return G_SOURCE_CONTINUE;
}

static void
on_commit (gpointer data)
{
  live_check (data);
}

/* Closes the sockets of sessions signed out since they opened. */
static void
live_close_revoked (CareServerSync *sync)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, sync->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *sockets = value;

      for (guint i = 0; i < sockets->len; i++)
        {
          LiveSocket *s = g_ptr_array_index (sockets, i);

          if (soup_websocket_connection_get_state (s->conn) == SOUP_WEBSOCKET_STATE_OPEN &&
              live_revoked (sync->server, s))
            soup_websocket_connection_close (s->conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                             "This session has been signed out.");
        }
    }
}

/* A signal from any server process of the database, on any host
 * (PostgreSQL): changes to announce, or revocations and permissions to
 * reload; NULL: signals may have been missed, so both. */
static void
on_signal (const char *channel,
           gpointer    data)
{
  CareServerSync *sync = data;

  if (channel == NULL || g_str_equal (channel, CARE_SERVER_SIGNAL_ACCESS))
    {
      care_server_reload_caches (sync->server);
      live_close_revoked (sync);
    }
  if (channel == NULL || g_str_equal (channel, CARE_SERVER_SIGNAL_CHANGES))
    live_check (sync);
}

static void
on_live_socket (SoupServer              *soup,
                SoupServerMessage       *msg,
                const char              *path,
                SoupWebsocketConnection *conn,
                gpointer                 data)
{
  CareServerSync *sync = data;
  CareServer *server = sync->server;
  CareClaims *claims = g_object_get_data (G_OBJECT (msg), "care-live-claims");
  LiveSocket *s;
  GPtrArray *sockets;
  gint64 now = care_clock_get_real_time () / G_USEC_PER_SEC;

  care_server_message_done (server, msg);
  /* Only handle_live() lets a handshake through, with the claims. */
  if (claims == NULL || server->draining || claims->expires_at <= now)
    {
      soup_websocket_connection_close (conn, server->draining ? SOUP_WEBSOCKET_CLOSE_GOING_AWAY
                                                              : SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
      return;
    }
  s = g_new0 (LiveSocket, 1);
  s->sync = sync;
  s->conn = g_object_ref (conn);
  s->claims.user_id = g_strdup (claims->user_id);
  s->claims.tenant_id = g_strdup (claims->tenant_id);
  s->claims.role = g_strdup (claims->role);
  s->claims.jti = g_strdup (claims->jti);
  s->claims.expires_at = claims->expires_at;
  s->claims.issued_at_ms = claims->issued_at_ms;
  /* Pings find connections that died without a word (a laptop closed). */
  soup_websocket_connection_set_keepalive_interval (conn, 30);
  g_signal_connect (conn, "closed", G_CALLBACK (on_live_closed), s);
  s->expiry_id = g_timeout_add_seconds (MIN (claims->expires_at - now, G_MAXINT / 1000), on_live_expired, s);

  sockets = g_hash_table_lookup (sync->live, s->claims.tenant_id);
  if (sockets == NULL)
    {
      sockets = g_ptr_array_new ();
      g_hash_table_insert (sync->live, g_strdup (s->claims.tenant_id), sockets);
    }
  g_ptr_array_add (sockets, s);
  if (sync->n_live++ == 0)
    {
      /* From now on: the workstation pulls when it connects. */
      g_autoptr(GHashTable) none = server->storage->v->sync_heads_since (server->storage, -1, &sync->seen);
      if (!sync->listening)
        sync->poll_id = g_timeout_add (LIVE_POLL_MS, live_poll, sync);
    }
}

static void
free_claims (gpointer data)
{
  care_claims_clear (data);
  g_free (data);
}

/* The handshake goes through the dispatcher like any request (token,
 * patient accounts refused); a plain GET is answered 426. */
static void
handle_live (CareRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  CareClaims *claims;

  if (!soup_message_headers_header_contains (headers, "Upgrade", "websocket") ||
      !soup_message_headers_header_contains (headers, "Connection", "upgrade"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Upgrade", "websocket");
      care_request_error (req, 426, "This is a WebSocket: open it with Upgrade: websocket.");
      return;
    }
  claims = g_new0 (CareClaims, 1);
  claims->user_id = g_strdup (req->claims.user_id);
  claims->tenant_id = g_strdup (req->claims.tenant_id);
  claims->role = g_strdup (req->claims.role);
  claims->jti = g_strdup (req->claims.jti);
  claims->expires_at = req->claims.expires_at;
  claims->issued_at_ms = req->claims.issued_at_ms;
  g_object_set_data_full (G_OBJECT (req->msg), "care-live-claims", claims, free_claims);
  /* No status: soup completes the handshake after this handler and hands
   * the connection to on_live_socket(). */
  req->responded = TRUE;
}

void
care_server_sync_drain (CareServer *server)
{
  CareServerSync *sync = server->sync;
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  if (sync == NULL)
    return;
  g_hash_table_iter_init (&iter, sync->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_extend (all, value, NULL, NULL);
  for (guint i = 0; i < all->len; i++)
    {
      LiveSocket *s = g_ptr_array_index (all, i);

      if (soup_websocket_connection_get_state (s->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (s->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "The server is shutting down.");
    }
}

void
care_server_sync_free (CareServer *server)
{
  CareServerSync *sync = server->sync;
  GHashTableIter iter;
  gpointer value;

  if (sync == NULL)
    return;
  server->storage->v->set_commit_func (server->storage, NULL, NULL);
  if (sync->poll_id)
    g_source_remove (sync->poll_id);
  if (sync->prune_id)
    g_source_remove (sync->prune_id);
  g_hash_table_iter_init (&iter, sync->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *sockets = value;

      for (guint i = 0; i < sockets->len; i++)
        live_socket_free (g_ptr_array_index (sockets, i));
    }
  g_hash_table_unref (sync->live);
  g_free (sync);
  server->sync = NULL;
}

/* --- the table ---------------------------------------------------------- */

void
care_server_sync_register (CareServer *server)
{
  CareServerSync *sync = g_new0 (CareServerSync, 1);
  CareRoute *r;

  sync->server = server;
  care_server_history_open (server);
  sync->live = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  server->sync = sync;

  r = care_server_add_route (server, "POST", "/sync/push", NULL, CARE_ROUTE_ANY_ROLE, handle_push, "sync",
                             "Apply a workstation's changes: at most 500 mutations, each applied once, merged, "
                             "kept as a conflict or rejected; one result each");
  r->body = CARE_BODY_OBJECT;
  r->body_example = push_example;
  r->response_example = "{\"results\": [{\"id\": \"0193c1e2-7a3b-7cde-8f00-123456789abc\", \"status\": \"applied\", "
                        "\"kind?\": \"field\", \"conflicts?\": [{\"field\": \"phone\"}], "
                        "\"errors?\": [{\"field\": \"phone\", \"message\": \"…\"}]}], \"cursor\": 934}";
  r->success = 200;
  r = care_server_add_route (server, "GET", "/sync/pull", NULL, CARE_ROUTE_ANY_ROLE, handle_pull, "sync",
                             "The clinic's changes after ?cursor= (0: everything), ?limit= at most (2000, up to 10000), "
                             "in sequence order; 410 when the cursor is older than the kept tombstones");
  r->response_example = "{\"changes\": [{\"seq\": 1, \"entity\": \"patient\", \"id\": \"0193c1e2-7a3b-7cde-8f00-123456789abd\", "
                        "\"op\": \"upsert\", \"record?\": {\"id\": \"0193c1e2-7a3b-7cde-8f00-123456789abd\"}}], "
                        "\"cursor\": 1, \"more\": false, \"role\": \"nurse\", \"scope\": \"…\", \"entities?\": [\"patient\"]}";
  r->statuses = "410";
  r = care_server_add_route (server, "GET", "/sync/checksum", NULL, CARE_ROUTE_ANY_ROLE, handle_checksum, "sync",
                             "Row count and SHA-256 of each entity in the caller's scope");
  r->response_example = "{\"entities\": {\"patient\": {\"rows\": 120, \"sha256\": \"…\"}}}";
  r = care_server_add_route (server, "GET", "/sync/live", NULL, CARE_ROUTE_ANY_ROLE, handle_live, "sync",
                             "WebSocket (Upgrade: websocket): {\"cursor\": N} after changes of the clinic; "
                             "a plain GET answers 426");
  r->success = 101;
  r->response = CARE_RESPONSE_EMPTY;
  r->statuses = "426";

  /* The route table answers the handshake (token, role); soup then hands
   * the upgraded connection over. */
  care_server_handle_path (server, CARE_API_PREFIX "/sync/live");
  soup_server_add_websocket_handler (server->soup, CARE_API_PREFIX "/sync/live", NULL, NULL,
                                     on_live_socket, sync, NULL);
  server->storage->v->set_commit_func (server->storage, on_commit, sync);
}

void
care_server_sync_start (CareServer *server)
{
  CareServerSync *sync = server->sync;

  /* Not in care_server_sync_register(): a timer there would make the
   * default main context before the workers fork, and they would share
   * its wake-up descriptor. */
  if (sync->prune_id)
    return;
  /* Other processes' commits and sign-outs arrive as signals where the
   * storage sends them (PostgreSQL); otherwise live sockets poll. */
  if (server->storage->v->listen)
    {
      g_autoptr(GError) error = NULL;

      sync->listening = server->storage->v->listen (server->storage, on_signal, sync, &error);
      if (sync->listening)
        g_info ("Live notices and sign-outs reach this process by LISTEN/NOTIFY");
      else
        g_warning ("%s; live notices poll the database instead", error->message);
    }
  prune (server);
  sync->prune_id = g_timeout_add_seconds (MIN (server->config->tombstone_retention, MAX_PRUNE_PERIOD),
                                          prune_timeout, sync);
}
