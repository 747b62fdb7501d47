/* care-orders.c: what a doctor orders from the chart (lab tests, imaging) and the review of its results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-orders"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "care-attachments.h"
#include "care-lab.h"
#include "care-lab-catalogue-store.h"
#include "care-lab-results.h"
#include "care-orders.h"
#include "care-rules.h"
#include "care-uuid.h"

static const CareEntity *
E (const char *name)
{
  return care_schema_lookup (name);
}

static char *
trimmed (const char *text)
{
  return g_strstrip (g_strdup (text ? text : ""));
}

/* Whether value is one of field's choices; else a refusal naming it. */
static gboolean
check_choice (const CareEntity *entity,
              const char       *field,
              const char       *value,
              const char       *message,
              GError          **error)
{
  const CareField *f = care_entity_field (entity, field);

  for (guint i = 0; value && f->choices && f->choices[i]; i++)
    if (g_str_equal (f->choices[i], value))
      return TRUE;
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, entity, field, message);
  return FALSE;
}

static CareRecord *
save_new (CareStore   *store,
          CareRecord  *record,
          GError     **error)
{
  if (!care_store_insert (store, record, error))
    {
      care_record_unref (record);
      return NULL;
    }
  return record;
}

/* --- lab tests ---------------------------------------------------------------------- */

CareRecord *
care_orders_lab_test (CareStore   *store,
                      const char  *patient_id,
                      const char  *test,
                      const char  *priority,
                      const char  *notes,
                      GError     **error)
{
  g_autofree char *name = trimmed (test);
  g_autoptr(CareLabCatalogue) catalogue = NULL;
  const CareLabPanel *panel;
  CareRecord *order;

  g_return_val_if_fail (CARE_IS_STORE (store) && patient_id != NULL, NULL);

  if (*name == '\0')
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, E ("lab_test"), "test_name",
                                 _("Choose a test from the laboratory’s list, or type its name."));
      return NULL;
    }
  if (!check_choice (E ("lab_test"), "priority", priority, _("Choose a priority: routine, urgent or STAT."), error))
    return NULL;
  if ((catalogue = care_lab_catalogue_load (store, error)) == NULL)
    return NULL;
  panel = care_lab_catalogue_lookup (catalogue, name);
  order = care_record_new (E ("lab_test"));
  care_record_set (order, "patient_id", patient_id);
  care_record_set (order, "requested_by", care_store_get_actor (store));
  care_record_set (order, "test_name", panel ? panel->name : name);
  if (panel)
    {
      care_record_set (order, "test_code", panel->loinc);
      care_record_set (order, "specimen", panel->specimen);
    }
  care_record_set (order, "priority", priority);
  care_record_set (order, "status", "requested");
  if (notes && *notes)
    care_record_set (order, "notes", notes);
  return save_new (store, order, error);
}

/* --- imaging -------------------------------------------------------------------------- */

CareRecord *
care_orders_imaging (CareStore   *store,
                     const char  *patient_id,
                     const char  *modality,
                     const char  *body_part,
                     GError     **error)
{
  g_autofree char *part = trimmed (body_part);
  CareRecord *study;

  g_return_val_if_fail (CARE_IS_STORE (store) && patient_id != NULL, NULL);

  if (!check_choice (E ("imaging_study"), "modality", modality, _("Choose how the image is taken."), error))
    return NULL;
  if (*part == '\0')
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, E ("imaging_study"), "body_part",
                                 _("Say which part of the body to image, e.g. Chest."));
      return NULL;
    }
  study = care_record_new (E ("imaging_study"));
  care_record_set (study, "patient_id", patient_id);
  care_record_set (study, "requested_by", care_store_get_actor (store));
  care_record_set (study, "modality", modality);
  care_record_set (study, "body_part", part);
  care_record_set (study, "status", "requested");
  return save_new (store, study, error);
}

gboolean
care_orders_check_report (CareRecord  *study,
                          const char  *findings,
                          const char  *impression,
                          GError     **error)
{
  g_autofree char *seen = trimmed (findings);
  g_autofree char *meaning = trimmed (impression);

  g_return_val_if_fail (study != NULL, FALSE);

  if (g_strcmp0 (care_record_get (study, "status"), "reported") == 0)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, E ("imaging_study"), "status",
                                 _("This study is already reported."));
      return FALSE;
    }
  if (*seen == '\0' && *meaning == '\0')
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, E ("imaging_study"), "findings",
                                 _("Write the findings or the impression of the study."));
      return FALSE;
    }
  return TRUE;
}

gboolean
care_orders_report_imaging (CareStore   *store,
                            const char  *study_id,
                            const char  *findings,
                            const char  *impression,
                            GError     **error)
{
  g_autoptr(CareRecord) study = NULL;
  g_autofree char *seen = trimmed (findings);
  g_autofree char *meaning = trimmed (impression);

  g_return_val_if_fail (CARE_IS_STORE (store) && study_id != NULL, FALSE);

  study = care_store_get (store, E ("imaging_study"), study_id, error);
  if (study == NULL || !care_orders_check_report (study, findings, impression, error))
    return FALSE;
  if (care_record_get (study, "performed_at") == NULL)
    {
      g_autofree char *now = care_now_iso8601 ();

      care_record_set (study, "performed_at", now);
    }
  care_record_set (study, "findings", *seen ? seen : NULL);
  care_record_set (study, "impression", *meaning ? meaning : NULL);
  care_record_set (study, "status", "reported");
  return care_store_update (store, study, error);
}

gboolean
care_orders_attach_imaging (CareStore   *store,
                            const char  *study_id,
                            const char  *file_name,
                            GBytes      *contents,
                            GError     **error)
{
  const CareEntity *entity = E ("imaging_study");
  g_autoptr(CareRecord) study = NULL;
  g_autofree char *base = NULL;
  gsize size = contents ? g_bytes_get_size (contents) : 0;

  g_return_val_if_fail (CARE_IS_STORE (store) && study_id != NULL, FALSE);

  if (size == 0)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, entity, "attachment",
                                 _("The file is empty; choose the images or the report to attach."));
      return FALSE;
    }
  if (size > CARE_ORDERS_ATTACHMENT_MAX)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, entity, "attachment",
                                 _("The file is larger than 5 MB; attach a smaller export of the images, or the report."));
      return FALSE;
    }
  if (care_attachment_kind (contents) == NULL)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, entity, "attachment",
                                 _("Attach a PDF, a PNG or JPEG image, or a DICOM file."));
      return FALSE;
    }
  study = care_store_get (store, entity, study_id, error);
  if (study == NULL)
    return FALSE;
  base = care_attachment_clip_name (file_name, 200, _("Attachment"));
  care_record_set_blob (study, "attachment", contents);
  care_record_set (study, "attachment_name", base);
  return care_store_update (store, study, error);
}

/* --- results to review ------------------------------------------------------------------- */

void
care_review_item_free (CareReviewItem *item)
{
  if (item == NULL)
    return;
  g_clear_pointer (&item->test, care_record_unref);
  g_free (item->patient_name);
  care_chart_entry_free (item->entry);
  g_free (item);
}

static int
compare_review (gconstpointer a,
                gconstpointer b)
{
  const CareReviewItem *x = *(CareReviewItem *const *) a;
  const CareReviewItem *y = *(CareReviewItem *const *) b;

  if (x->entry->flag != y->entry->flag)
    return (int) y->entry->flag - (int) x->entry->flag;
  return g_strcmp0 (x->entry->when, y->entry->when);
}

GPtrArray *
care_orders_to_review (CareStore   *store,
                       const char  *doctor_id,
                       GError     **error)
{
  g_autoptr(GPtrArray) tests = NULL;
  GPtrArray *items;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  tests = care_store_list (store, E ("lab_test"), "status", "verified", NULL, 0, error);
  if (tests == NULL)
    return NULL;
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) care_review_item_free);
  for (guint i = 0; i < tests->len; i++)
    {
      CareRecord *test = g_ptr_array_index (tests, i);
      g_autoptr(CareRecord) patient = NULL;
      CareReviewItem *item;

      if (doctor_id && g_strcmp0 (care_record_get (test, "requested_by"), doctor_id) != 0)
        continue;
      patient = care_store_get (store, E ("patient"), care_record_get (test, "patient_id"), NULL);
      item = g_new0 (CareReviewItem, 1);
      item->test = care_record_ref (test);
      item->patient_name = patient ? care_record_dup_title (patient) : g_strdup ("—");
      item->entry = care_chart_describe_lab (store, test);
      item->amended = care_lab_results_was_amended (store, care_record_get_id (test));
      g_ptr_array_add (items, item);
    }
  g_ptr_array_sort (items, compare_review);
  return items;
}

gboolean
care_orders_mark_reviewed (CareStore   *store,
                           const char  *test_id,
                           GError     **error)
{
  g_autoptr(CareRecord) test = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store) && test_id != NULL, FALSE);

  test = care_store_get (store, E ("lab_test"), test_id, error);
  return test != NULL && care_lab_review (test, care_store_get_actor (store), error) &&
         care_store_update (store, test, error);
}
