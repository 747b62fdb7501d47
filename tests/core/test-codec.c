/* test-codec.c: every entity through every JSON path, byte for byte
 *
 * For each entity of the schema, records with every field filled (awkward
 * decimals, negative money, unicode and escapes, lists, blobs, secrets)
 * are written as JSON by each path Caredesk has — the record writer the
 * server answers with, the json-glib tree, the outbox entry, the row
 * writer that makes sync pages, a page applied on a workstation (by the
 * scanner and by json-glib) and read back — and every path must give the
 * same text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "care-test-core.h"

static const double awkward[] = { 36.6, 0.1, 1e-7, -2.5, 123456.789, 0.30000000000000004, 37, 1e22 };
#define N_VARIANTS G_N_ELEMENTS (awkward)

static char *
field_value (const CareField *field,
             guint            variant)
{
  char buf[CARE_JSON_DOUBLE_BUF_SIZE];

  switch (field->type)
    {
    case CARE_FIELD_INT:
      return g_strdup (variant % 2 ? "-7" : "42");
    case CARE_FIELD_MONEY:
      return g_strdup (variant % 2 ? "-1250" : "9999999999");
    case CARE_FIELD_DECIMAL:
      return g_strdup (care_json_format_double (buf, sizeof buf, awkward[variant]));
    case CARE_FIELD_BOOL:
      return g_strdup (variant % 2 ? "0" : "1");
    case CARE_FIELD_DATE:
      return g_strdup ("1984-02-29");
    case CARE_FIELD_DATETIME:
      return g_strdup ("2026-11-21T10:00:00.123Z");
    case CARE_FIELD_TIME:
      return g_strdup ("08:30");
    case CARE_FIELD_ENUM:
      return g_strdup (field->choices ? field->choices[variant % g_strv_length ((char **) field->choices)] : "x");
    case CARE_FIELD_REF:
      return g_strdup_printf ("0192f5e4-0000-7000-8000-0000000abc%02u", variant);
    case CARE_FIELD_EMAIL:
      return g_strdup_printf ("maría.núñez+%u@example.org", variant);   /* unique ones too */
    case CARE_FIELD_PHONE:
      return g_strdup_printf ("+34 600 123 45%u", variant);
    case CARE_FIELD_LIST:
      {
        const char *items[] = { "asma", "penicilina «β»", "say \"no\"", "back\\slash", "ctl\x01", NULL };
        return care_json_list_text (items);
      }
    case CARE_FIELD_LONG_TEXT:
      return g_strdup ("Línea 1\nLínea 2\ttab — “comillas” \"y\" \\ ✓ 𝄞");
    case CARE_FIELD_BLOB:
      return NULL;
    case CARE_FIELD_TEXT:
    default:
      return g_strdup_printf ("Zoë «%s» \"%u\" \\ 東京", field->name, variant);
    }
}

static CareRecord *
filled_record (const CareEntity *entity,
               guint             variant)
{
  CareRecord *record = care_record_new (entity);
  g_autofree char *id = care_uuid_v7 ();

  care_record_set (record, CARE_COLUMN_ID, id);
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const CareField *field = &entity->fields[i];

      if (field->type == CARE_FIELD_BLOB)
        {
          static const guint8 bytes[] = { 0, 1, 2, 0x7f, 0x80, 0xff, '"', '\\' };
          g_autoptr(GBytes) blob = g_bytes_new_static (bytes, sizeof bytes - variant % 3);

          care_record_set_blob (record, field->name, blob);
        }
      else if (field->flags & CARE_FIELD_SECRET)
        care_record_set (record, field->name, field->type == CARE_FIELD_INT ? "3" : "secret-must-not-travel");
      else
        {
          g_autofree char *value = field_value (field, variant);
          care_record_set (record, field->name, value);
        }
    }
  return record;
}

/* The shortest exact form, and nothing json-glib's %.17g would write. */
static void
test_numbers (void)
{
  static const struct { double x; const char *text; } cases[] = {
    { 36.6, "36.6" }, { 0.1, "0.1" }, { 1e-7, "1e-07" }, { -2.5, "-2.5" }, { 37, "37" },
    { 0.30000000000000004, "0.30000000000000004" }, { 1.0 / 3, "0.3333333333333333" },
    { -0.0, "0" }, { 1e22, "1e+22" }, { 123456.789, "123456.789" },
  };
  char buf[CARE_JSON_DOUBLE_BUF_SIZE];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (care_json_format_double (buf, sizeof buf, cases[i].x), ==, cases[i].text);
      g_assert_cmpfloat (g_ascii_strtod (buf, NULL), ==, cases[i].x);
    }
  g_assert_null (care_json_format_double (buf, sizeof buf, INFINITY));
  g_assert_null (care_json_format_double (buf, sizeof buf, NAN));

  /* A tree with a double is written the same way. */
  {
    g_autoptr(JsonNode) node = json_from_string ("{\"t\":36.6,\"n\":[0.1,1e-7,-3],\"s\":\"a\\u0001\\\"\"}", NULL);
    g_autofree char *text = care_json_to_string (node, NULL);

    g_assert_cmpstr (text, ==, "{\"t\":36.6,\"n\":[0.1,1e-07,-3],\"s\":\"a\\u0001\\\"\"}");
  }
}

typedef struct {
  char      *dir;
  CareStore *origin;   /* where records are made: the outbox's side */
  CareStore *scanned;  /* a workstation the scanner's pages go into */
  CareStore *parsed;   /* one json-glib's reading of the pages goes into */
  gint64     seq;
} Fixture;

static CareStore *
open_store (Fixture    *f,
            const char *name,
            const char *tenant)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  CareStore *store = care_store_open (path, &error);

  g_assert_no_error (error);
  if (tenant)
    {
      care_store_set_meta (store, "tenant_id", tenant, &error);
      g_assert_no_error (error);
      care_store_set_tenant_id (store, tenant);
    }
  care_store_set_actor (store, "0192f5e4-0000-7000-8000-0000000000ad");
  return store;
}

/* The outbox entry of the record's insert: {"fields": …}. */
static char *
outbox_fields (CareStore  *store,
               const char *record_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = care_store_outbox_list_pending (store, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < pending->len; i++)
    {
      CareOutboxEntry *entry = g_ptr_array_index (pending, i);

      if (g_str_equal (entry->record_id, record_id) && g_str_equal (entry->op, "insert"))
        return g_strdup (entry->payload);
    }
  return NULL;
}

/* The row writer's text of the stored row. */
static char *
row_json (CareStore        *store,
          const CareEntity *entity,
          const char       *id)
{
  g_autofree char *columns = care_store_column_list (entity, NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?1", columns, entity->table);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = care_store_prepare (store, sql, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  care_store_append_row_json (out, entity, stmt, 0);
  sqlite3_reset (stmt);
  return g_string_free (out, FALSE);
}

static char *
stored_json (CareStore        *store,
             const CareEntity *entity,
             const char       *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) record = care_store_get (store, entity, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return care_record_to_json_text (record);
}

static void
test_every_path (void)
{
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };
  guint n;
  const CareEntity *const *all = care_schema_entities (&n);
  g_autoptr(GString) changes = g_string_new (NULL);
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  guint n_synced = 0;

  f.dir = care_test_tmpdir ();
  f.origin = open_store (&f, "origin.sqlite", "0192f5e4-0000-7000-8000-00000000c11c");
  f.scanned = open_store (&f, "scanned.sqlite", care_store_get_tenant_id (f.origin));
  f.parsed = open_store (&f, "parsed.sqlite", care_store_get_tenant_id (f.origin));

  for (guint e = 0; e < n; e++)
    for (guint variant = 0; variant < N_VARIANTS; variant++)
      {
        const CareEntity *entity = all[e];
        g_autoptr(CareRecord) record = filled_record (entity, variant);
        g_autoptr(CareRecord) back = NULL;
        g_autoptr(JsonObject) tree = NULL;
        g_autoptr(JsonNode) parsed = NULL;
        g_autofree char *text = NULL, *tree_text = NULL, *back_text = NULL;
        g_autofree char *stored = NULL, *row = NULL, *outbox = NULL, *expected_outbox = NULL;

        /* The writer the server answers with, and json-glib's tree. */
        text = care_record_to_json_text (record);
        tree = care_record_to_json (record);
        tree_text = care_json_object_to_string (tree, NULL);
        g_assert_cmpstr (tree_text, ==, text);
        g_assert_null (strstr (text, "secret-must-not-travel"));
        g_assert_null (strstr (text, "36.600000000000001"));

        /* JSON back into a record, and out again. */
        parsed = json_from_string (text, &error);
        g_assert_no_error (error);
        back = care_record_new_from_json (entity, json_node_get_object (parsed), &error);
        g_assert_no_error (error);
        back_text = care_record_to_json_text (back);
        g_assert_cmpstr (back_text, ==, text);

        /* Into a store and out: the record, the row writer, the outbox. */
        care_store_insert_full (f.origin, record, FALSE, &error);
        g_assert_no_error (error);
        g_clear_pointer (&text, g_free);
        text = care_record_to_json_text (record);   /* now with its stamps */
        stored = stored_json (f.origin, entity, care_record_get_id (record));
        g_assert_cmpstr (stored, ==, text);
        row = row_json (f.origin, entity, care_record_get_id (record));
        g_assert_cmpstr (row, ==, text);
        outbox = outbox_fields (f.origin, care_record_get_id (record));
        if (entity->flags & CARE_ENTITY_LOCAL)
          {
            g_assert_null (outbox);
            continue;
          }
        expected_outbox = g_strdup_printf ("{\"fields\":%s}", text);
        g_assert_cmpstr (outbox, ==, expected_outbox);

        /* A change of a sync page, as the server writes it. */
        if (n_synced++)
          g_string_append_c (changes, ',');
        g_string_append_printf (changes, "{\"seq\":%" G_GINT64_FORMAT ",\"entity\":", ++f.seq);
        care_json_append_string (changes, entity->name);
        g_string_append (changes, ",\"id\":");
        care_json_append_string (changes, care_record_get_id (record));
        g_string_append (changes, ",\"op\":\"upsert\",\"record\":");
        g_string_append (changes, row);
        g_string_append_c (changes, '}');
        g_ptr_array_add (made, g_steal_pointer (&record));
        g_ptr_array_add (texts, g_steal_pointer (&text));
      }

  /* The page applied by the scanner and by json-glib, read back. */
  {
    g_autofree char *page = g_strdup_printf ("{\"data\":{\"changes\":[%s],\"cursor\":%" G_GINT64_FORMAT ",\"more\":false}}",
                                             changes->str, f.seq);
    g_autoptr(CareSyncPage) scanned = care_sync_page_parse (page, strlen (page), &error);
    g_autoptr(JsonNode) root = NULL;
    JsonObject *data;

    g_assert_no_error (error);
    g_assert_cmpuint (care_sync_page_get_n_changes (scanned), ==, made->len);
    care_store_sync_apply_parsed (f.scanned, scanned, FALSE, 0, NULL, &error);
    g_assert_no_error (error);

    root = json_from_string (page, &error);
    g_assert_no_error (error);
    data = json_object_get_object_member (json_node_get_object (root), "data");
    care_store_sync_apply_page (f.parsed, json_object_get_array_member (data, "changes"), f.seq,
                                FALSE, 0, NULL, &error);
    g_assert_no_error (error);
  }
  for (guint i = 0; i < made->len; i++)
    {
      CareRecord *record = g_ptr_array_index (made, i);
      const CareEntity *entity = care_record_get_entity (record);
      const char *text = g_ptr_array_index (texts, i);
      g_autofree char *a = stored_json (f.scanned, entity, care_record_get_id (record));
      g_autofree char *b = stored_json (f.parsed, entity, care_record_get_id (record));
      g_autofree char *c = row_json (f.scanned, entity, care_record_get_id (record));

      g_assert_cmpstr (a, ==, text);
      g_assert_cmpstr (b, ==, text);
      g_assert_cmpstr (c, ==, text);
    }
  g_assert_cmpuint (made->len, >, 0);

  g_clear_object (&f.origin);
  g_clear_object (&f.scanned);
  g_clear_object (&f.parsed);
  care_test_rmdir (f.dir);
  g_free (f.dir);
}

/* Lists stored another way (spaces, other escapes) are written as the
 * codec writes them, whichever path reads them. */
static void
test_foreign_lists (void)
{
  const CareEntity *patient = care_schema_lookup ("patient");
  const CareField *list = NULL;
  static const struct { const char *stored; const char *json; } cases[] = {
    { "[\"a\", \"b\"]", "[\"a\",\"b\"]" },
    { "[\"\\u00e9\\/\"]", "[\"é/\"]" },
    { "[\"\\b\"]", "[\"\\u0008\"]" },
    { "[\"A\\u0001\"]", "[\"A\\u0001\"]" },
    { "[\"\\u000A\"]", "[\"\\n\"]" },
    { "[]", "[]" },
    { "[1, \"x\"]", "[null,\"x\"]" },
    { "not json", "null" },
  };

  for (guint i = 0; i < patient->n_fields && list == NULL; i++)
    if (patient->fields[i].type == CARE_FIELD_LIST)
      list = &patient->fields[i];
  g_assert_nonnull (list);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(JsonNode) node = care_json_value_node (list, cases[i].stored, NULL);
      g_autofree char *node_text = care_json_to_string (node, NULL);

      care_json_append_value (out, list, cases[i].stored, -1, NULL);
      g_assert_cmpstr (out->str, ==, cases[i].json);
      g_assert_cmpstr (node_text, ==, cases[i].json);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/codec/numbers", test_numbers);
  g_test_add_func ("/codec/every-entity-every-path", test_every_path);
  g_test_add_func ("/codec/foreign-lists", test_foreign_lists);

  return g_test_run ();
}
