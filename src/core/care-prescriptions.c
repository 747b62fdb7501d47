/* care-prescriptions.c: prescriptions and their refills
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-prescriptions"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-prescriptions.h"
#include "care-uuid.h"

static const CareRuleStep refill_steps[] = {
  { "pending", (const char *const[]) { "approved", "rejected", NULL } },
};

CareRecord *
care_prescriptions_decide_refill (CareRecord  *refill,
                                  CareRecord  *rx,
                                  gboolean     approve,
                                  const char  *actor,
                                  GError     **error)
{
  const char *to = approve ? "approved" : "rejected";
  g_autofree char *now = NULL;
  CareRecord *order;

  if (!care_rules_check_action (care_record_get_entity (refill), "status", refill_steps, G_N_ELEMENTS (refill_steps),
                                care_record_get (refill, "status"), to, error))
    return NULL;
  now = care_now_iso8601 ();
  care_record_set (refill, "status", to);
  care_record_set (refill, "decided_by", actor);
  care_record_set (refill, "decided_at", now);
  if (!approve)
    return care_record_ref (refill);
  if (rx == NULL)
    {
      g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE,
                           _("The prescription of this request no longer exists."));
      return NULL;
    }
  if (care_record_get_int (rx, "refills_used", 0) >= care_record_get_int (rx, "refills_allowed", 0))
    {
      g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_SHORTAGE, _("This prescription has no refills left."));
      return NULL;
    }
  care_record_set_int (rx, "refills_used", care_record_get_int (rx, "refills_used", 0) + 1);
  order = care_record_new (care_schema_lookup ("pharmacy_order"));
  care_record_set (order, "prescription_id", care_record_get_id (rx));
  care_record_set (order, "patient_id", care_record_get (rx, "patient_id"));
  care_record_set (order, "status", "pending");
  care_record_set (order, "notes", _("Refill"));
  return order;
}

static gboolean
prepare_prescription (CareRuleContext *ctx,
                      CareRecord      *before,
                      CareRecord      *rx,
                      GError         **error)
{
  if (before == NULL)
    care_rules_set_default (rx, "status", "active");
  return TRUE;
}

static gboolean
prepare_refill (CareRuleContext *ctx,
                CareRecord      *before,
                CareRecord      *refill,
                GError         **error)
{
  if (before)
    return care_rules_check_status_change (before, refill, refill_steps, G_N_ELEMENTS (refill_steps), error);
  /* A patient asks; the clinic decides. */
  if (ctx->patient_id)
    care_record_set (refill, "status", "pending");
  return TRUE;
}

const CareEntityRules *
care_prescriptions_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "prescription", prepare_prescription, NULL, NULL, NULL },
    { "refill_request", prepare_refill, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}
