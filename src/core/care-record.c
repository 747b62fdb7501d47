/* care-record.c: one row of any entity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-record"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "care-json.h"
#include "care-person-names.h"
#include "care-record.h"

struct _CareRecord
{
  gatomicrefcount   ref_count;
  const CareEntity *entity;
  guint             n_values;
  char            **values;   /* n_fields + CARE_N_SYSTEM_COLUMNS */
  GBytes          **blobs;    /* lazily allocated, same indexes */
};

G_DEFINE_BOXED_TYPE (CareRecord, care_record, care_record_ref, care_record_unref)

CareRecord *
care_record_new (const CareEntity *entity)
{
  CareRecord *self;

  g_return_val_if_fail (entity != NULL, NULL);

  self = g_new0 (CareRecord, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->entity = entity;
  self->n_values = entity->n_fields + CARE_N_SYSTEM_COLUMNS;
  self->values = g_new0 (char *, self->n_values);
  return self;
}

CareRecord *
care_record_ref (CareRecord *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
care_record_unref (CareRecord *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < self->n_values; i++)
    {
      g_free (self->values[i]);
      if (self->blobs)
        g_clear_pointer (&self->blobs[i], g_bytes_unref);
    }
  g_free (self->values);
  g_free (self->blobs);
  g_free (self);
}

CareRecord *
care_record_copy (const CareRecord *self)
{
  CareRecord *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = care_record_new (self->entity);
  for (guint i = 0; i < self->n_values; i++)
    {
      copy->values[i] = g_strdup (self->values[i]);
      if (self->blobs && self->blobs[i])
        care_record_set_blob (copy, self->entity->fields[i].name, self->blobs[i]);
    }
  return copy;
}

const CareEntity *
care_record_get_entity (const CareRecord *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->entity;
}

const char *
care_record_get_id (const CareRecord *self)
{
  return care_record_get (self, CARE_COLUMN_ID);
}

static int
index_of (const CareRecord *self,
          const char       *name)
{
  int i = care_entity_field_index (self->entity, name);

  if (i < 0)
    g_critical ("Entity %s has no field %s", self->entity->name, name);
  return i;
}

const char *
care_record_get_nth (const CareRecord *self,
                     guint             i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->n_values, NULL);
  return self->values[i];
}

void
care_record_set_nth (CareRecord *self,
                     guint       i,
                     const char *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (i < self->n_values);

  if (value != NULL && value[0] == '\0')
    value = NULL;
  if (value == self->values[i])
    return;
  g_free (self->values[i]);
  self->values[i] = g_strdup (value);
}

const char *
care_record_get (const CareRecord *self,
                 const char       *name)
{
  int i;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  i = index_of (self, name);
  return i < 0 ? NULL : self->values[i];
}

void
care_record_set (CareRecord *self,
                 const char *name,
                 const char *value)
{
  int i;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  i = index_of (self, name);
  if (i >= 0)
    care_record_set_nth (self, i, value);
}

gint64
care_record_get_int (const CareRecord *self,
                     const char       *name,
                     gint64            fallback)
{
  const char *value = care_record_get (self, name);
  gint64 n;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &n, NULL))
    return fallback;
  return n;
}

void
care_record_set_int (CareRecord *self,
                     const char *name,
                     gint64      value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  care_record_set (self, name, buf);
}

gboolean
care_record_get_bool (const CareRecord *self,
                      const char       *name)
{
  return g_strcmp0 (care_record_get (self, name), "1") == 0;
}

GBytes *
care_record_get_blob (const CareRecord *self,
                      const char       *name)
{
  int i;

  g_return_val_if_fail (self != NULL, NULL);

  i = index_of (self, name);
  if (i < 0 || self->blobs == NULL)
    return NULL;
  return self->blobs[i];
}

void
care_record_set_blob (CareRecord *self,
                      const char *name,
                      GBytes     *bytes)
{
  int i;

  g_return_if_fail (self != NULL);

  i = index_of (self, name);
  if (i < 0)
    return;
  if (self->blobs == NULL)
    self->blobs = g_new0 (GBytes *, self->n_values);
  g_clear_pointer (&self->blobs[i], g_bytes_unref);
  if (bytes != NULL && g_bytes_get_size (bytes) > 0)
    {
      char size[32];

      self->blobs[i] = g_bytes_ref (bytes);
      /* The text value of a blob is its size, so diff and "required" work. */
      g_snprintf (size, sizeof size, "%" G_GSIZE_FORMAT, g_bytes_get_size (bytes));
      care_record_set_nth (self, i, size);
    }
  else
    care_record_set_nth (self, i, NULL);
}

char **
care_record_get_list (const CareRecord *self,
                      const char       *name)
{
  const char *value = care_record_get (self, name);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  JsonNode *root;

  if (value == NULL)
    return g_new0 (char *, 1);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, value, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY ((root = json_parser_get_root (parser))))
    return g_new0 (char *, 1);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (root), i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_ptr_array_add (items, g_strdup (json_node_get_string (node)));
    }
  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_steal (items, NULL);
}

void
care_record_set_list (CareRecord        *self,
                      const char        *name,
                      const char *const *items)
{
  g_autofree char *json = care_json_list_text (items);

  care_record_set (self, name, json);
}

GPtrArray *
care_record_diff (const CareRecord *a,
                  const CareRecord *b)
{
  GPtrArray *names = g_ptr_array_new ();

  g_return_val_if_fail (a != NULL && b != NULL, names);
  g_return_val_if_fail (a->entity == b->entity, names);

  for (guint i = 0; i < a->entity->n_fields; i++)
    {
      gboolean differs = g_strcmp0 (a->values[i], b->values[i]) != 0;

      if (!differs && a->entity->fields[i].type == CARE_FIELD_BLOB)
        {
          GBytes *x = a->blobs ? a->blobs[i] : NULL;
          GBytes *y = b->blobs ? b->blobs[i] : NULL;

          differs = (x == NULL) != (y == NULL) || (x && !g_bytes_equal (x, y));
        }
      if (differs)
        g_ptr_array_add (names, (gpointer) a->entity->fields[i].name);
    }
  return names;
}

char *
care_record_dup_title (const CareRecord *self)
{
  const CareEntity *entity;

  g_return_val_if_fail (self != NULL, NULL);

  entity = self->entity;
  if (care_entity_field (entity, "given_name") && care_entity_field (entity, "family_name"))
    /* In the order its script writes it: "María López", "王小明". */
    return care_person_name_display (care_record_get (self, "given_name"),
                                     care_record_get (self, "family_name"));
  if (care_entity_field (entity, "full_name"))
    return g_strdup (care_record_get (self, "full_name"));

  /* The first summary text field that has a value. */
  for (guint i = 0; i < entity->n_fields; i++)
    if ((entity->fields[i].flags & CARE_FIELD_SUMMARY) && self->values[i] &&
        (entity->fields[i].type == CARE_FIELD_TEXT || entity->fields[i].type == CARE_FIELD_ENUM))
      return g_strdup (care_field_choice_label (&entity->fields[i], self->values[i]));

  return g_strdup (g_dgettext (GETTEXT_PACKAGE, entity->label));
}

static void
checksum_value (GChecksum  *sum,
                const char *value,
                GBytes     *blob)
{
  if (blob)
    g_checksum_update (sum, g_bytes_get_data (blob, NULL), g_bytes_get_size (blob));
  else if (value)
    g_checksum_update (sum, (const guchar *) value, strlen (value));
  else
    g_checksum_update (sum, (const guchar *) "\0", 1);  /* NULL differs from "" */
  g_checksum_update (sum, (const guchar *) "\x1f", 1);
}

void
care_record_checksum_update (const CareRecord *record,
                             GChecksum        *sum)
{
  const CareEntity *entity = care_record_get_entity (record);

  for (guint i = 0; i < entity->n_fields + CARE_N_SYSTEM_COLUMNS; i++)
    {
      const CareField *field = i < entity->n_fields ? &entity->fields[i] : NULL;

      /* Secrets never travel, so they cannot be compared. */
      if (field && (field->flags & CARE_FIELD_SECRET))
        continue;
      checksum_value (sum, care_record_get_nth (record, i),
                      field && field->type == CARE_FIELD_BLOB ? care_record_get_blob (record, field->name) : NULL);
    }
  g_checksum_update (sum, (const guchar *) "\x1e", 1);
}
