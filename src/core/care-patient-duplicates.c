/* care-patient-duplicates.c: when two registrations are likely one person
 *
 * Two workstations registering one person while offline, or reception
 * registering someone already on file, leave two records; the rule is
 * "same names and date of birth", and the result is a flag for staff to
 * merge or dismiss, never an automatic merge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-patient-duplicates"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-patient-duplicates.h"
#include "care-schema.h"

char *
care_patient_duplicates_name_key (const char *name)
{
  g_autofree char *decomposed = g_utf8_normalize (name ? name : "", -1, G_NORMALIZE_NFD);
  g_autofree char *folded = g_utf8_casefold (decomposed ? decomposed : "", -1);
  GString *key = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (!g_unichar_isalnum (c))
        {
          space = key->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (key, ' ');
      space = FALSE;
      g_string_append_unichar (key, c);
    }
  return g_string_free (key, FALSE);
}

static gboolean
is_patient (CareRecord *record)
{
  return care_record_get_entity (record) == care_schema_lookup ("patient");
}

char *
care_patient_duplicates_search (CareRecord *record)
{
  g_autofree char *given = NULL;
  g_autofree char *family = NULL;

  g_return_val_if_fail (record != NULL, NULL);

  if (!is_patient (record) || care_schema_lookup ("patient_duplicate") == NULL ||
      care_record_get (record, "date_of_birth") == NULL)
    return NULL;
  given = care_patient_duplicates_name_key (care_record_get (record, "given_name"));
  family = care_patient_duplicates_name_key (care_record_get (record, "family_name"));
  if (given[0] == '\0' || family[0] == '\0')
    return NULL;
  return g_strdup_printf ("%s %s", given, family);
}

static gboolean
same_name (CareRecord *a,
           CareRecord *b,
           const char *field)
{
  g_autofree char *key_a = care_patient_duplicates_name_key (care_record_get (a, field));
  g_autofree char *key_b = care_patient_duplicates_name_key (care_record_get (b, field));

  return g_str_equal (key_a, key_b);
}

const char *
care_patient_duplicates_pick (CareRecord *patient,
                              GPtrArray  *candidates)
{
  CareRecord *best = NULL;

  g_return_val_if_fail (patient != NULL, NULL);

  for (guint i = 0; candidates && i < candidates->len; i++)
    {
      CareRecord *other = g_ptr_array_index (candidates, i);

      if (g_strcmp0 (care_record_get_id (other), care_record_get_id (patient)) == 0 ||
          g_strcmp0 (care_record_get (other, "date_of_birth"), care_record_get (patient, "date_of_birth")) != 0 ||
          !same_name (patient, other, "given_name") || !same_name (patient, other, "family_name"))
        continue;
      if (best == NULL || g_strcmp0 (care_record_get (other, CARE_COLUMN_CREATED_AT),
                                     care_record_get (best, CARE_COLUMN_CREATED_AT)) < 0)
        best = other;
    }
  return best ? care_record_get_id (best) : NULL;
}

CareRecord *
care_patient_duplicates_flag_new (CareRecord *patient,
                                  const char *duplicate_of)
{
  CareRecord *flag = care_record_new (care_schema_lookup ("patient_duplicate"));

  care_record_set (flag, "patient_id", care_record_get_id (patient));
  care_record_set (flag, "duplicate_of", duplicate_of);
  care_record_set (flag, "status", "open");
  care_record_set (flag, "reason", "Same name and date of birth as another patient of the clinic.");
  return flag;
}

/* --- merging and dismissing -------------------------------------------- */

static CareRecord *
open_flag (CareStore  *store,
           const char *flag_id,
           GError    **error)
{
  g_autoptr(CareRecord) flag = care_store_get (store, care_schema_lookup ("patient_duplicate"), flag_id, error);

  if (flag == NULL)
    return NULL;
  if (g_strcmp0 (care_record_get (flag, "status"), "open") != 0)
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_NOT_FOUND,
                           _("Someone has already dealt with this possible duplicate."));
      return NULL;
    }
  return g_steal_pointer (&flag);
}

/* Points every record that refers to patient from at patient to. */
static gboolean
repoint_refs (CareStore  *store,
              const char *from,
              const char *to,
              const char *flag_id,
              GError    **error)
{
  guint n_entities;
  const CareEntity *const *entities = care_schema_entities (&n_entities);

  for (guint e = 0; e < n_entities; e++)
    {
      const CareEntity *entity = entities[e];
      gboolean is_flag = entity == care_schema_lookup ("patient_duplicate");

      if (entity->flags & CARE_ENTITY_LOCAL)
        continue;
      for (guint f = 0; f < entity->n_fields; f++)
        {
          const CareField *field = &entity->fields[f];
          g_autoptr(GPtrArray) rows = NULL;

          if (field->type != CARE_FIELD_REF || g_strcmp0 (field->ref, "patient") != 0)
            continue;
          rows = care_store_list (store, entity, field->name, from, NULL, 0, error);
          if (rows == NULL)
            return FALSE;
          for (guint i = 0; i < rows->len; i++)
            {
              CareRecord *row = g_ptr_array_index (rows, i);

              /* The flag being merged keeps naming both patients. */
              if (is_flag && g_strcmp0 (care_record_get_id (row), flag_id) == 0)
                continue;
              care_record_set (row, field->name, to);
              /* Another open flag between the two is settled by the merge. */
              if (is_flag && g_strcmp0 (care_record_get (row, "patient_id"), care_record_get (row, "duplicate_of")) == 0)
                care_record_set (row, "status", "merged");
              if (!care_store_update (store, row, error))
                return FALSE;
            }
        }
    }
  return TRUE;
}

gboolean
care_patient_duplicates_merge (CareStore  *store,
                               const char *flag_id,
                               const char *keep_id,
                               GError    **error)
{
  g_autoptr(CareRecord) flag = NULL;
  guint n_entities;
  const CareEntity *const *entities = care_schema_entities (&n_entities);
  const char *a, *b, *other;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (flag_id != NULL && keep_id != NULL, FALSE);

  flag = open_flag (store, flag_id, error);
  if (flag == NULL)
    return FALSE;
  a = care_record_get (flag, "patient_id");
  b = care_record_get (flag, "duplicate_of");
  if (g_strcmp0 (keep_id, a) != 0 && g_strcmp0 (keep_id, b) != 0)
    {
      g_set_error_literal (error, CARE_STORE_ERROR, CARE_STORE_ERROR_FAILED,
                           _("Choose one of the two patients to keep."));
      return FALSE;
    }
  other = g_strcmp0 (keep_id, a) == 0 ? b : a;

  /* Clinical facts (notes, vitals, results, payments) are never edited:
   * the server refuses to move them to another patient, so a merge that
   * would have to is refused here, before anything changes. */
  for (guint e = 0; e < n_entities; e++)
    {
      const CareEntity *entity = entities[e];

      if (!(entity->flags & CARE_ENTITY_APPEND_ONLY))
        continue;
      for (guint f = 0; f < entity->n_fields; f++)
        if (entity->fields[f].type == CARE_FIELD_REF &&
            g_strcmp0 (entity->fields[f].ref, "patient") == 0 &&
            care_store_count_where (store, entity, entity->fields[f].name, other) > 0)
          {
            g_set_error (error, CARE_STORE_ERROR, CARE_STORE_ERROR_READ_ONLY,
                         /* Translators: %s is a kind of record, e.g. "Clinical notes" */
                         _("The patient who would be removed has records that cannot be moved once saved (%s). "
                           "Keep that patient instead."),
                         g_dgettext (GETTEXT_PACKAGE, entity->plural));
            return FALSE;
          }
    }

  if (!care_store_begin (store, error))
    return FALSE;
  care_record_set (flag, "status", "merged");
  if (!repoint_refs (store, other, keep_id, flag_id, error) ||
      !care_store_delete (store, care_schema_lookup ("patient"), other, error) ||
      !care_store_update (store, flag, error))
    {
      care_store_rollback (store);
      return FALSE;
    }
  return care_store_commit (store, error);
}

gboolean
care_patient_duplicates_dismiss (CareStore  *store,
                                 const char *flag_id,
                                 GError    **error)
{
  g_autoptr(CareRecord) flag = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (flag_id != NULL, FALSE);

  flag = open_flag (store, flag_id, error);
  if (flag == NULL)
    return FALSE;
  care_record_set (flag, "status", "dismissed");
  return care_store_update (store, flag, error);
}
