/* care-admissions.c: a doctor recommends that a patient be admitted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-admissions"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-admissions.h"
#include "care-bed-board.h"
#include "care-rules.h"

static const CareEntity *
requests (void)
{
  return care_schema_lookup ("admission_request");
}

gboolean
care_admissions_check_recommendation (CareStore   *store,
                                      const char  *patient_id,
                                      const char  *ward_id,
                                      const char  *reason,
                                      GError     **error)
{
  g_autofree char *why = g_strstrip (g_strdup (reason ? reason : ""));
  g_autoptr(CareRecord) admitted = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store) && patient_id != NULL, FALSE);

  if (*why == '\0')
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, requests (), "reason",
                                 _("Say why the patient needs admitting, for the ward to read."));
      return FALSE;
    }
  if (ward_id)
    {
      g_autoptr(CareRecord) ward = care_store_get (store, care_schema_lookup ("ward"), ward_id, NULL);

      if (ward == NULL)
        {
          care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, requests (), "ward_id",
                                     _("Choose one of the clinic's wards, or any ward."));
          return FALSE;
        }
    }
  admitted = care_bed_board_find_admission (store, patient_id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (admitted)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, requests (), "patient_id",
                                 _("The patient is already admitted: the bed board shows where."));
      return FALSE;
    }
  pending = care_store_list (store, requests (), "patient_id", patient_id, NULL, 0, error);
  if (pending == NULL)
    return FALSE;
  for (guint i = 0; i < pending->len; i++)
    if (g_strcmp0 (care_record_get (g_ptr_array_index (pending, i), "status"), "pending") == 0)
      {
        care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, requests (), "patient_id",
                                   _("An admission is already recommended for this patient and waits on the bed board."));
        return FALSE;
      }
  return TRUE;
}

CareRecord *
care_admissions_recommend (CareStore   *store,
                           const char  *patient_id,
                           const char  *ward_id,
                           const char  *reason,
                           GError     **error)
{
  g_autoptr(CareRecord) request = NULL;
  g_autofree char *why = g_strstrip (g_strdup (reason ? reason : ""));

  if (!care_admissions_check_recommendation (store, patient_id, ward_id, reason, error))
    return NULL;
  request = care_record_new (requests ());
  care_record_set (request, "patient_id", patient_id);
  care_record_set (request, "requested_by", care_store_get_actor (store));
  care_record_set (request, "ward_id", ward_id);
  care_record_set (request, "reason", why);
  care_record_set (request, "status", "pending");
  if (!care_store_insert (store, request, error))
    return NULL;
  return g_steal_pointer (&request);
}
