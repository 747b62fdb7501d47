/* care-patients.c: what registering a patient gives them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-patients"

#include "config.h"

#include "care-patients.h"
#include "care-store-sql.h"

static gboolean
prepare_patient (CareRuleContext *ctx,
                 CareRecord      *before,
                 CareRecord      *patient,
                 GError         **error)
{
  g_autofree char *mrn = NULL;

  if (before || care_record_get (patient, "mrn"))
    return TRUE;
  mrn = ctx->next_number (ctx, "mrn", error);
  if (mrn == NULL)
    return FALSE;
  care_record_set (patient, "mrn", mrn);
  return TRUE;
}

const CareEntityRules *
care_patients_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "patient", prepare_patient, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

gboolean
care_patients_register (CareStore   *store,
                        CareRecord  *patient,
                        gboolean     validate,
                        GError     **error)
{
  g_autofree char *mrn = NULL;

  if (!care_store_begin (store, error))
    return FALSE;
  if (!(mrn = care_store_next_number (store, "mrn", error)))
    goto failed;
  care_record_set (patient, "mrn", mrn);
  if (!care_store_insert_full (store, patient, validate, error) || !care_store_commit (store, error))
    goto failed;
  return TRUE;

failed:
  care_store_rollback (store);
  care_record_set (patient, "mrn", NULL);
  return FALSE;
}
