/* care-fhir.c: gathering a patient's records and writing them as a FHIR R4 Bundle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-fhir"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "care-clock.h"
#include "care-fhir-private.h"
#include "care-json.h"
#include "care-uuid.h"

/* What is read for a patient: their own rows, then the rows under them. */
static const char *const patient_entities[] = {
  "appointment", "bed_allocation", "clinical_note", "vitals", "medication",
  "prescription", "lab_test", "allergy", "problem", NULL };
static const struct { const char *entity; const char *parent; const char *field; } child_entities[] = {
  { "prescription_item", "prescription", "prescription_id" },
  { "lab_result", "lab_test", "lab_test_id" },
};
#define USERS "user"

/* --- gathering ------------------------------------------------------------ */

void
care_fhir_records_free (CareFhirRecords *records)
{
  if (records == NULL)
    return;
  g_clear_pointer (&records->patient, care_record_unref);
  g_clear_pointer (&records->lists, g_hash_table_unref);
  g_free (records->exported_at);
  g_free (records);
}

CareRecord *
care_fhir_records_get_patient (const CareFhirRecords *records)
{
  g_return_val_if_fail (records != NULL, NULL);
  return records->patient;
}

GPtrArray *
care_fhir_records_list (const CareFhirRecords *records,
                        const char            *entity)
{
  GPtrArray *list = g_hash_table_lookup (records->lists, entity);

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
      g_hash_table_insert (records->lists, g_strdup (entity), list);
    }
  return list;
}

static gboolean
read_into (CareFhirRecords  *records,
           const char       *entity_name,
           const char       *field,
           const char       *value,
           CareFhirListFunc  list,
           gpointer          user_data,
           GError          **error)
{
  const CareEntity *entity = care_schema_lookup (entity_name);
  g_autoptr(GPtrArray) rows = list (entity, field, value, user_data, error);
  GPtrArray *into;

  if (rows == NULL)
    return FALSE;
  into = care_fhir_records_list (records, entity_name);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (into, care_record_ref (g_ptr_array_index (rows, i)));
  return TRUE;
}

/* The staff members the records name (authors, prescribers…). */
static void
add_user_ids (GHashTable *ids,
              GPtrArray  *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      CareRecord *r = g_ptr_array_index (rows, i);
      const CareEntity *entity = care_record_get_entity (r);

      for (guint f = 0; f < entity->n_fields; f++)
        if (entity->fields[f].type == CARE_FIELD_REF && g_str_equal (entity->fields[f].ref, USERS) &&
            care_record_get (r, entity->fields[f].name))
          g_hash_table_add (ids, g_strdup (care_record_get (r, entity->fields[f].name)));
    }
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

CareFhirRecords *
care_fhir_records_collect (CareRecord       *patient,
                           CareFhirListFunc  list,
                           gpointer          user_data,
                           GError          **error)
{
  g_autoptr(CareFhirRecords) records = g_new0 (CareFhirRecords, 1);
  g_autoptr(GHashTable) user_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree const char **sorted = NULL;
  guint n_users;

  g_return_val_if_fail (patient != NULL, NULL);
  g_return_val_if_fail (list != NULL, NULL);

  records->patient = care_record_ref (patient);
  records->lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  records->exported_at = care_now_iso8601 ();

  for (guint i = 0; patient_entities[i]; i++)
    if (!read_into (records, patient_entities[i], "patient_id", care_record_get_id (patient), list, user_data, error))
      return NULL;
  for (guint c = 0; c < G_N_ELEMENTS (child_entities); c++)
    {
      GPtrArray *parents = care_fhir_records_list (records, child_entities[c].parent);

      for (guint i = 0; i < parents->len; i++)
        if (!read_into (records, child_entities[c].entity, child_entities[c].field,
                        care_record_get_id (g_ptr_array_index (parents, i)), list, user_data, error))
          return NULL;
    }

  {
    GHashTableIter iter;
    gpointer rows;

    g_hash_table_iter_init (&iter, records->lists);
    while (g_hash_table_iter_next (&iter, NULL, &rows))
      add_user_ids (user_ids, rows);
  }
  /* In a fixed order, so that the same records give the same bundle. */
  sorted = (const char **) g_hash_table_get_keys_as_array (user_ids, &n_users);
  qsort (sorted, n_users, sizeof (char *), compare_strings);
  for (guint i = 0; i < n_users; i++)
    if (!read_into (records, USERS, CARE_COLUMN_ID, sorted[i], list, user_data, error))
      return NULL;
  return g_steal_pointer (&records);
}

static GPtrArray *
list_from_store (const CareEntity *entity,
                 const char       *field,
                 const char       *value,
                 gpointer          user_data,
                 GError          **error)
{
  return care_store_list (user_data, entity, field, value, NULL, 0, error);
}

CareFhirRecords *
care_fhir_records_from_store (CareStore  *store,
                              const char *patient_id,
                              GError    **error)
{
  g_autoptr(CareRecord) patient = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  patient = care_store_get (store, care_schema_lookup ("patient"), patient_id, error);
  if (patient == NULL)
    return NULL;
  return care_fhir_records_collect (patient, list_from_store, store, error);
}

/* --- the writer's helpers --------------------------------------------------- */

char *
care_fhir_derived_id (const char *id,
                      const char *name)
{
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize length = sizeof digest;

  g_checksum_update (sha1, (const guchar *) id, -1);
  g_checksum_update (sha1, (const guchar *) "/", 1);
  g_checksum_update (sha1, (const guchar *) name, -1);
  g_checksum_get_digest (sha1, digest, &length);
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
                          digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]);
}

JsonObject *
care_fhir_ref (const char *id)
{
  JsonObject *o = json_object_new ();
  g_autofree char *urn = g_strconcat ("urn:uuid:", id, NULL);

  json_object_set_string_member (o, "reference", urn);
  return o;
}

void
care_fhir_set_ref (CareFhirWriter *w,
                   JsonObject     *o,
                   const char     *member,
                   const char     *id)
{
  if (id && g_hash_table_contains (w->present, id))
    json_object_set_object_member (o, member, care_fhir_ref (id));
}

void
care_fhir_set_refs (CareFhirWriter *w,
                    JsonObject     *o,
                    const char     *member,
                    const char     *id)
{
  if (id && g_hash_table_contains (w->present, id))
    {
      JsonArray *array = json_array_new ();

      json_array_add_object_element (array, care_fhir_ref (id));
      json_object_set_array_member (o, member, array);
    }
}

const char *
care_fhir_value (const CareRecord *record,
                 const char       *name)
{
  const char *value;

  /* Some entities lack the field (a medication has no duration). */
  if (care_entity_field_index (care_record_get_entity (record), name) < 0)
    return NULL;
  value = care_record_get (record, name);

  return value && *value ? value : NULL;
}

void
care_fhir_set_text (JsonObject *o,
                    const char *member,
                    const char *text)
{
  if (text && *text)
    json_object_set_string_member (o, member, text);
}

void
care_fhir_set_time (JsonObject *o,
                    const char *member,
                    const char *text,
                    gint        add_minutes)
{
  g_autoptr(GDateTime) when = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
  g_autoptr(GDateTime) moved = when ? g_date_time_add_minutes (when, add_minutes) : NULL;
  g_autofree char *iso = moved ? care_iso8601_format (moved) : NULL;

  /* Parsed and written again: FHIR's instant needs seconds and a zone. */
  care_fhir_set_text (o, member, iso);
}

JsonObject *
care_fhir_concept (const char *system,
                   const char *code,
                   const char *display,
                   const char *text)
{
  JsonObject *o = json_object_new ();

  if (code)
    {
      JsonArray *codings = json_array_new ();
      JsonObject *coding = json_object_new ();

      care_fhir_set_text (coding, "system", system);
      json_object_set_string_member (coding, "code", code);
      care_fhir_set_text (coding, "display", display);
      json_array_add_object_element (codings, coding);
      json_object_set_array_member (o, "coding", codings);
    }
  care_fhir_set_text (o, "text", text);
  return o;
}

JsonObject *
care_fhir_quantity (double      value,
                    const char *unit,
                    const char *ucum)
{
  JsonObject *o = json_object_new ();

  json_object_set_double_member (o, "value", value);
  care_fhir_set_text (o, "unit", unit);
  if (ucum)
    {
      json_object_set_string_member (o, "system", CARE_FHIR_UCUM);
      json_object_set_string_member (o, "code", ucum);
    }
  return o;
}

gboolean
care_fhir_number (const char *text,
                  double     *value)
{
  char *end = NULL;

  if (text == NULL || !g_regex_match_simple ("^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$", text, 0, 0))
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != text;
}

const char *
care_fhir_choice_text (const CareRecord *record,
                       const char       *name)
{
  const CareField *field = care_entity_field (care_record_get_entity (record), name);
  const char *value = care_record_get (record, name);

  for (guint i = 0; value && field && field->choices && field->choices[i]; i++)
    if (g_str_equal (field->choices[i], value))
      return field->choice_labels[i];
  return value;
}

gboolean
care_fhir_is_current (CareFhirWriter   *w,
                      const CareRecord *record)
{
  return !g_hash_table_contains (w->superseded, care_record_get_id (record));
}

JsonObject *
care_fhir_add (CareFhirWriter   *w,
               const char       *type,
               const char       *id,
               const CareRecord *source)
{
  JsonObject *entry = json_object_new ();
  JsonObject *resource = json_object_new ();
  g_autofree char *urn = g_strconcat ("urn:uuid:", id, NULL);
  const char *updated = source ? care_record_get (source, CARE_COLUMN_UPDATED_AT) : NULL;

  json_object_set_string_member (resource, "resourceType", type);
  json_object_set_string_member (resource, "id", id);
  if (updated)
    {
      JsonObject *meta = json_object_new ();

      json_object_set_string_member (meta, "lastUpdated", updated);
      json_object_set_object_member (resource, "meta", meta);
    }
  json_object_set_string_member (entry, "fullUrl", urn);
  json_object_set_object_member (entry, "resource", resource);
  json_array_add_object_element (w->entries, entry);
  return resource;
}

/* --- the bundle --------------------------------------------------------------- */

static void
note_present (CareFhirWriter *w,
              const char     *entity)
{
  GPtrArray *rows = care_fhir_records_list (w->records, entity);

  for (guint i = 0; i < rows->len; i++)
    if (care_fhir_is_current (w, g_ptr_array_index (rows, i)))
      g_hash_table_add (w->present, (gpointer) care_record_get_id (g_ptr_array_index (rows, i)));
}

static void
note_superseded (CareFhirWriter *w)
{
  GHashTableIter iter;
  gpointer rows;

  g_hash_table_iter_init (&iter, w->records->lists);
  while (g_hash_table_iter_next (&iter, NULL, &rows))
    for (guint i = 0; i < ((GPtrArray *) rows)->len; i++)
      {
        const char *amends = care_fhir_value (g_ptr_array_index ((GPtrArray *) rows, i), "amends_id");

        if (amends)
          g_hash_table_add (w->superseded, (gpointer) amends);
      }
}

JsonNode *
care_fhir_bundle (const CareFhirRecords *records)
{
  CareFhirWriter w = { .records = records };
  JsonObject *bundle = json_object_new ();
  JsonObject *meta = json_object_new ();
  g_autofree char *id = care_uuid_v7 ();
  JsonNode *root;

  g_return_val_if_fail (records != NULL, NULL);

  w.entries = json_array_new ();
  w.present = g_hash_table_new (g_str_hash, g_str_equal);
  w.superseded = g_hash_table_new (g_str_hash, g_str_equal);
  note_superseded (&w);
  g_hash_table_add (w.present, (gpointer) care_record_get_id (records->patient));
  note_present (&w, USERS);
  note_present (&w, "appointment");
  note_present (&w, "bed_allocation");
  note_present (&w, "lab_result");

  json_object_set_string_member (bundle, "resourceType", "Bundle");
  json_object_set_string_member (bundle, "id", id);
  json_object_set_string_member (meta, "lastUpdated", records->exported_at);
  json_object_set_object_member (bundle, "meta", meta);
  json_object_set_string_member (bundle, "type", "collection");
  json_object_set_string_member (bundle, "timestamp", records->exported_at);

  care_fhir_write_patient (&w);
  care_fhir_write_practitioners (&w);
  care_fhir_write_encounters (&w);
  care_fhir_write_problems (&w);
  care_fhir_write_medications (&w);
  care_fhir_write_vitals (&w);
  care_fhir_write_lab (&w);

  json_object_set_array_member (bundle, "entry", w.entries);
  g_hash_table_unref (w.present);
  g_hash_table_unref (w.superseded);
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, bundle);
  return root;
}

char *
care_fhir_bundle_text (const CareFhirRecords *records,
                       gsize                 *length)
{
  g_autoptr(JsonNode) bundle = care_fhir_bundle (records);

  return care_json_to_string (bundle, length);
}

char *
care_fhir_file_name (const CareRecord *patient)
{
  g_autofree char *name = NULL;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (patient != NULL, NULL);

  name = g_strjoin ("-", care_record_get (patient, "family_name") ?: "",
                    care_record_get (patient, "given_name") ?: "",
                    care_record_get (patient, "mrn") ?: "", NULL);
  /* Letters, digits and dashes travel safely on every file system. */
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) || c == '-')
        g_string_append_unichar (out, c);
      else if (c == ' ' && out->len && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }
  while (out->len && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);
  g_string_append (out, ".fhir.json");
  return g_string_free (out, FALSE);
}
