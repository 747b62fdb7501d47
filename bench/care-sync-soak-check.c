/* care-sync-soak-check.c: what must hold once the soak's workstations have synced quietly
 *
 * 1. Exactly once: every change a workstation holds as applied (sync_sent)
 *    is applied on the server (sync_mutations), every change it holds as a
 *    conflict is a conflict there, no mutation id is held by two
 *    workstations, and the server holds no result of a change its
 *    workstation does not know (that change would have been sent again
 *    under another id).
 * 2. Nothing lost: each edit is on the server as a value its workstation's
 *    change set, or is "mine" in one of its workstation's conflicts, or
 *    was followed by its workstation's next edit of the field (folded into
 *    it before a push, care-store-outbox-net.c); the last edit of each
 *    field on each workstation can only be the first two, unless it undid
 *    the one before (A→B→A: nothing to send).
 * 3. No silent overwrite: the server's applied changes, replayed in their
 *    change sequence from the values at the start, each found the field at
 *    its base (or already at its value); the replay ends at the values the
 *    server holds. A same-field clash is therefore a conflict, and every
 *    conflict the server answered is listed on its workstation; each is a
 *    real clash (the server's value was neither the base nor the new one)
 *    and none is against the workstation's own earlier change.
 * 4. Converged: every workstation's care_store_checksum() of every entity
 *    equals the server's GET /sync/checksum for that workstation's user.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <sqlite3.h>

#include "care-store-sql.h"
#include "care-sync-soak.h"

typedef struct {
  char       *status;
  gint64      seq;
  JsonObject *result;
} ServerResult;

typedef struct {
  guint       station;
  gboolean    applied;     /* sync_sent; FALSE: sync_conflicts */
  gboolean    resolved;
  char       *record_id;
  JsonObject *payload;
  JsonObject *detail;      /* conflicts: the server's result */
} Known;

typedef struct {
  gint64      seq;
  Known      *known;
  JsonObject *result;
} Applied;

typedef struct {
  guint known_twice, acked_missing, status_differs, unknown_on_server;
  guint lost, superseded, undone, undo_folded, reached_applied, reached_conflict;
  guint silent_overwrites, replay_differs;
  guint server_conflicts, visible_conflicts, invisible, no_clash, own_echo, theirs_unknown;
  guint entities, mismatches, outbox_left;
} Figures;

static void
server_result_free (gpointer data)
{
  ServerResult *r = data;

  g_free (r->status);
  json_object_unref (r->result);
  g_free (r);
}

static void
known_free (gpointer data)
{
  Known *k = data;

  g_free (k->record_id);
  g_clear_pointer (&k->payload, json_object_unref);
  g_clear_pointer (&k->detail, json_object_unref);
  g_free (k);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return json_object_new ();
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A member's string; NULL for null or absent. */
static const char *
str (JsonObject *o,
     const char *name)
{
  JsonNode *node = o ? json_object_get_member (o, name) : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static JsonObject *
obj (JsonObject *o,
     const char *name)
{
  JsonNode *node = o ? json_object_get_member (o, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static GHashTable *
server_results (Soak *soak)
{
  GHashTable *results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, server_result_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_open_v2 (soak->db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT mutation_id, result FROM sync_mutations", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("the server's database: %s", sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ServerResult *r = g_new0 (ServerResult, 1);

      r->result = parse_object ((const char *) sqlite3_column_text (stmt, 1));
      r->status = g_strdup (str (r->result, "status"));
      r->seq = json_object_get_int_member_with_default (r->result, "seq", 0);
      g_hash_table_insert (results, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), r);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return results;
}

/* The server's current value of a soak field. */
static char *
server_value (Soak       *soak,
              const char *id,
              const char *field)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM patients WHERE id = ?1", field);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_open_v2 (soak->db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("the server's database: %s", sqlite3_errmsg (db));
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* What each workstation holds as applied or as a conflict, by mutation id. */
static GHashTable *
known_changes (Soak    *soak,
               Figures *fig)
{
  GHashTable *known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, known_free);
  const char *const queries[] = {
    "SELECT mutation_id, record_id, payload, NULL, NULL FROM sync_sent",
    "SELECT mutation_id, record_id, payload, detail, resolved_at FROM sync_conflicts",
  };

  for (guint i = 0; i < soak->stations->len; i++)
    {
      SoakStation *s = g_ptr_array_index (soak->stations, i);

      fig->outbox_left += care_store_outbox_count (s->store);
      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          g_autoptr(GError) error = NULL;
          sqlite3_stmt *stmt = care_store_prepare (s->store, queries[q], &error);

          if (stmt == NULL)
            g_error ("%s: %s", s->name, error->message);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            {
              const char *id = (const char *) sqlite3_column_text (stmt, 0);
              Known *k = g_new0 (Known, 1);

              k->station = s->index;
              k->applied = q == 0;
              k->record_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
              k->payload = parse_object ((const char *) sqlite3_column_text (stmt, 2));
              if (q == 1)
                {
                  k->detail = parse_object ((const char *) sqlite3_column_text (stmt, 3));
                  k->resolved = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
                }
              if (g_hash_table_contains (known, id))
                fig->known_twice++;
              g_hash_table_replace (known, g_strdup (id), k);
            }
          sqlite3_reset (stmt);
        }
    }
  return known;
}

static int
compare_applied (gconstpointer a,
                 gconstpointer b)
{
  const Applied *x = a, *y = b;

  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static gboolean
field_conflicted (JsonObject *result,
                  const char *field)
{
  JsonNode *node = json_object_get_member (result, "conflicts");
  JsonArray *list = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; list && i < json_array_get_length (list); i++)
    if (g_strcmp0 (str (json_array_get_object_element (list, i), "field"), field) == 0)
      return TRUE;
  return FALSE;
}

static char *
slot_key (const char *record_id,
          const char *field)
{
  return g_strconcat (record_id, "\t", field, NULL);
}

static char *
mark_key (guint       station,
          const char *record_id,
          const char *field,
          const char *value)
{
  return g_strdup_printf ("%u\t%s\t%s\t%s", station, record_id, field, value ? value : "");
}

/* 3: the server's applied changes, replayed. Fills applied_marks with
 * "station, record, field, value" of every value a workstation's change
 * set, and history with "record, field, value" of every value a field held. */
static void
replay (Soak       *soak,
        GHashTable *results,
        GHashTable *known,
        GHashTable *applied_marks,
        GHashTable *history,
        Figures    *fig)
{
  g_autoptr(GHashTable) current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (Applied));
  GHashTableIter iter;
  gpointer key, value;

  for (guint p = 0; p < soak->patients->len; p++)
    for (guint f = 0; f < SOAK_N_FIELDS; f++)
      {
        const char *initial = soak->initial[p * SOAK_N_FIELDS + f];

        g_hash_table_insert (current, slot_key (soak->patients->pdata[p], soak_fields[f]), g_strdup (initial));
        g_hash_table_add (history, mark_key (0, soak->patients->pdata[p], soak_fields[f], initial));
      }

  g_hash_table_iter_init (&iter, results);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      ServerResult *r = value;
      Known *k = g_hash_table_lookup (known, key);
      Applied a = { r->seq, k, r->result };

      if (k && r->seq > 0 && (g_strcmp0 (r->status, "applied") == 0 || g_strcmp0 (r->status, "conflict") == 0))
        g_array_append_val (order, a);
    }
  g_array_sort (order, compare_applied);

  for (guint i = 0; i < order->len; i++)
    {
      Applied *a = &g_array_index (order, Applied, i);
      JsonObject *fields = obj (a->known->payload, "fields");
      JsonObject *base = obj (a->known->payload, "base");

      for (guint f = 0; f < SOAK_N_FIELDS; f++)
        {
          const char *field = soak_fields[f];
          g_autofree char *slot = slot_key (a->known->record_id, field);
          const char *prev, *next;

          if (fields == NULL || !json_object_has_member (fields, field) || field_conflicted (a->result, field) ||
              !g_hash_table_contains (current, slot))
            continue;
          prev = g_hash_table_lookup (current, slot);
          next = str (fields, field);
          if (g_strcmp0 (prev, str (base, field)) != 0 && g_strcmp0 (prev, next) != 0)
            {
              if (fig->silent_overwrites++ < 5)
                g_printerr ("silent overwrite at seq %" G_GINT64_FORMAT ": %s of %s was %s, base %s, set to %s\n",
                            a->seq, field, a->known->record_id, prev, str (base, field), next);
            }
          g_hash_table_insert (current, g_steal_pointer (&slot), g_strdup (next));
          g_hash_table_add (applied_marks, mark_key (a->known->station, a->known->record_id, field, next));
          g_hash_table_add (history, mark_key (0, a->known->record_id, field, next));
        }
    }

  for (guint p = 0; p < soak->patients->len; p++)
    for (guint f = 0; f < SOAK_N_FIELDS; f++)
      {
        g_autofree char *slot = slot_key (soak->patients->pdata[p], soak_fields[f]);
        g_autofree char *held = server_value (soak, soak->patients->pdata[p], soak_fields[f]);
        const char *replayed = g_hash_table_lookup (current, slot);

        if (g_strcmp0 (held, replayed) != 0)
          {
            fig->replay_differs++;
            g_printerr ("%s: the server holds %s, its applied changes end at %s\n", slot, held, replayed);
          }
      }
}

/* 1 and the conflicts of 3. Fills mine_marks with the "mine" values of
 * every conflict. */
static void
check_results (Soak       *soak,
               GHashTable *results,
               GHashTable *known,
               GHashTable *history,
               GHashTable *own_values,
               GHashTable *mine_marks,
               Figures    *fig)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, known);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Known *k = value;
      ServerResult *r = g_hash_table_lookup (results, key);

      if (r == NULL)
        {
          fig->acked_missing++;
          g_printerr ("%s: ws%02u holds it as %s, the server has no result\n", (char *) key, k->station,
                      k->applied ? "applied" : "a conflict");
        }
      else if (g_strcmp0 (r->status, k->applied ? "applied" : "conflict") != 0)
        fig->status_differs++;
      if (!k->applied && !k->resolved)
        fig->visible_conflicts++;
    }

  g_hash_table_iter_init (&iter, results);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      ServerResult *r = value;
      Known *k = g_hash_table_lookup (known, key);
      JsonNode *node = json_object_get_member (r->result, "conflicts");
      JsonArray *list = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      if (k == NULL)
        {
          if (fig->unknown_on_server++ < 5)
            g_printerr ("%s: the server %s it, no workstation knows it\n", (char *) key, r->status);
          continue;
        }
      if (g_strcmp0 (r->status, "conflict") != 0)
        continue;
      fig->server_conflicts++;
      if (k->applied)
        fig->invisible++;
      for (guint i = 0; list && i < json_array_get_length (list); i++)
        {
          JsonObject *c = json_array_get_object_element (list, i);
          const char *field = str (c, "field"), *theirs = str (c, "theirs");
          g_autofree char *seen = mark_key (0, k->record_id, field, theirs);
          gpointer owner;

          g_hash_table_add (mine_marks, mark_key (k->station, k->record_id, field, str (c, "mine")));
          if (g_strcmp0 (theirs, str (c, "base")) == 0 || g_strcmp0 (theirs, str (c, "mine")) == 0)
            fig->no_clash++;
          if (!g_hash_table_contains (history, seen))
            fig->theirs_unknown++;
          if (theirs && g_hash_table_lookup_extended (own_values, theirs, NULL, &owner) &&
              GPOINTER_TO_UINT (owner) == k->station)
            {
              if (fig->own_echo++ < 5)
                g_printerr ("%s: ws%02u's %s of %s clashed with its own earlier %s\n", (char *) key,
                            k->station, field, k->record_id, theirs);
            }
        }
    }
}

/* 2: the edit log against what the server applied or kept as conflicts. */
static void
check_edits (Soak       *soak,
             GHashTable *applied_marks,
             GHashTable *mine_marks,
             Figures    *fig)
{
  g_autoptr(GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* The index of each workstation's last edit of each field. */
  for (guint i = 0; i < soak->edits->len; i++)
    {
      SoakEdit *e = &g_array_index (soak->edits, SoakEdit, i);

      g_hash_table_insert (last, g_strdup_printf ("%u\t%u\t%u", e->station, e->patient, e->field),
                           GUINT_TO_POINTER (i));
    }
  for (guint i = 0; i < soak->edits->len; i++)
    {
      SoakEdit *e = &g_array_index (soak->edits, SoakEdit, i);
      g_autofree char *which = g_strdup_printf ("%u\t%u\t%u", e->station, e->patient, e->field);
      g_autofree char *mark = mark_key (e->station, soak->patients->pdata[e->patient], soak_fields[e->field], e->value);

      fig->undone += e->undo;
      if (g_hash_table_contains (applied_marks, mark))
        fig->reached_applied++;
      else if (g_hash_table_contains (mine_marks, mark))
        fig->reached_conflict++;
      else if (GPOINTER_TO_UINT (g_hash_table_lookup (last, which)) != i)
        fig->superseded++;
      else if (e->undo)
        fig->undo_folded++;   /* with the edit it undid: nothing to send */
      else
        {
          if (fig->lost++ < 5)
            g_printerr ("lost: ws%02u set %s of %s to %s\n", e->station, soak_fields[e->field],
                        (char *) soak->patients->pdata[e->patient], e->value);
        }
    }
}

/* Where a workstation's soak patients differ from the server's. */
static void
explain_patients (Soak        *soak,
                  SoakStation *s)
{
  const char *const columns[] = { "phone", "email", CARE_COLUMN_UPDATED_AT, CARE_COLUMN_UPDATED_BY };

  for (guint p = 0; p < soak->patients->len; p++)
    {
      g_autoptr(CareRecord) local = care_store_get (s->store, care_schema_lookup ("patient"),
                                                    soak->patients->pdata[p], NULL);

      for (guint c = 0; local && c < G_N_ELEMENTS (columns); c++)
        {
          g_autofree char *held = server_value (soak, soak->patients->pdata[p], columns[c]);
          const char *here = care_record_get (local, columns[c]);

          if (g_strcmp0 (held, here) != 0)
            g_printerr ("%s: %s of %s is %s here, %s on the server\n", s->name, columns[c],
                        (char *) soak->patients->pdata[p], here, held);
        }
    }
}

/* 4 */
static void
check_checksums (Soak    *soak,
                 Figures *fig)
{
  for (guint i = 0; i < soak->stations->len; i++)
    {
      SoakStation *s = g_ptr_array_index (soak->stations, i);
      g_autofree char *token = care_sync_engine_dup_access_token (s->engine);
      g_autoptr(CareTestResponse) r = care_test_request (soak->server, "GET", "/sync/checksum", token, NULL);
      JsonObject *entities;
      g_autoptr(GList) names = NULL;

      if (r->status != 200)
        g_error ("%s: GET /sync/checksum: %u %s", s->name, r->status, r->body);
      entities = json_object_get_object_member (care_test_data_object (r), "entities");
      names = json_object_get_members (entities);
      for (GList *l = names; l; l = l->next)
        {
          JsonObject *server = json_object_get_object_member (entities, l->data);
          const CareEntity *entity = care_schema_lookup (l->data);
          g_autoptr(GError) error = NULL;
          g_autofree char *sum = NULL;
          gint64 rows = -1;

          fig->entities++;
          sum = entity ? care_store_checksum (s->store, entity, &rows, &error) : NULL;
          if (rows != json_object_get_int_member (server, "rows") ||
              g_strcmp0 (sum, json_object_get_string_member (server, "sha256")) != 0)
            {
              fig->mismatches++;
              g_printerr ("%s: %s differs: %" G_GINT64_FORMAT " rows here, %" G_GINT64_FORMAT " on the server\n",
                          s->name, (char *) l->data, rows, json_object_get_int_member (server, "rows"));
              if (g_str_equal (l->data, "patient"))
                explain_patients (soak, s);
            }
        }
    }
}

static guint
count_status (GHashTable *results,
              const char *status)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, results);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += g_strcmp0 (((ServerResult *) value)->status, status) == 0;
  return n;
}

gboolean
soak_check (Soak *soak)
{
  g_autoptr(GHashTable) results = server_results (soak);
  Figures fig = { 0 };
  g_autoptr(GHashTable) known = known_changes (soak, &fig);
  g_autoptr(GHashTable) applied_marks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) mine_marks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) own_values = g_hash_table_new (g_str_hash, g_str_equal);
  CareTestProxy *proxy = soak->proxy;
  guint duplicates;

  for (guint i = 0; i < soak->edits->len; i++)
    {
      SoakEdit *e = &g_array_index (soak->edits, SoakEdit, i);

      if (!e->undo)
        g_hash_table_insert (own_values, e->value, GUINT_TO_POINTER (e->station));
    }
  replay (soak, results, known, applied_marks, history, &fig);
  check_results (soak, results, known, history, own_values, mine_marks, &fig);
  check_edits (soak, applied_marks, mine_marks, &fig);
  check_checksums (soak, &fig);
  duplicates = fig.known_twice + fig.unknown_on_server;

  printf ("mutations on the server: %u applied, %u conflicts, %u rejected\n",
          count_status (results, "applied"), count_status (results, "conflict"), count_status (results, "rejected"));
  printf ("edits: %u made (%u of them undoing the edit before at once): %u applied on the server, "
          "%u kept as conflicts, %u folded into their workstation's next edit of the field before a push, "
          "%u undone with the edit they undid before a push, %u lost\n",
          soak->edits->len, fig.undone, fig.reached_applied, fig.reached_conflict, fig.superseded,
          fig.undo_folded, fig.lost);
  printf ("exactly once: lost %u (+ %u acknowledged without a server result, %u with another status), "
          "duplicates %u (%u ids held twice, %u applied but unknown to their workstation)\n",
          fig.lost, fig.acked_missing, fig.status_differs, duplicates, fig.known_twice, fig.unknown_on_server);
  printf ("clashes: %u conflicts answered by the server, %u visible on the workstations, %u listed as applied; "
          "%u silent overwrites, %u conflicts without a clash, %u against the workstation's own change, "
          "%u against a value the field never held; replay differs from the server in %u fields\n",
          fig.server_conflicts, fig.visible_conflicts, fig.invisible, fig.silent_overwrites, fig.no_clash,
          fig.own_echo, fig.theirs_unknown, fig.replay_differs);
  printf ("checksums: %u entity views compared, %u mismatches; %u outbox entries left; %u quiet syncs failed\n",
          fig.entities, fig.mismatches, fig.outbox_left, soak->quiet_failures);
  printf ("proxy: %u sync requests, %u requests dropped, %u answers dropped, %u duplicated at once, "
          "%u replayed after the answer\n",
          care_test_proxy_count (proxy, "/api/v1/sync/"), care_test_proxy_faulted (proxy, CARE_TEST_PROXY_CUT),
          care_test_proxy_faulted (proxy, CARE_TEST_PROXY_DROP_RESPONSE),
          care_test_proxy_faulted (proxy, CARE_TEST_PROXY_DUPLICATE),
          care_test_proxy_faulted (proxy, CARE_TEST_PROXY_DUPLICATE_LATE));

  return fig.lost == 0 && fig.acked_missing == 0 && fig.status_differs == 0 && duplicates == 0 &&
         fig.silent_overwrites == 0 && fig.replay_differs == 0 && fig.server_conflicts == fig.visible_conflicts &&
         fig.invisible == 0 && fig.no_clash == 0 && fig.own_echo == 0 && fig.theirs_unknown == 0 &&
         fig.mismatches == 0 && fig.outbox_left == 0 && count_status (results, "rejected") == 0;
}
