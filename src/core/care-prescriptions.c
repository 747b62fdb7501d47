/* care-prescriptions.c: prescriptions and their refills
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-prescriptions"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-chart-summary.h"
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

gboolean
care_prescriptions_refuse_refill (CareRecord  *refill,
                                  const char  *reason,
                                  const char  *actor,
                                  GError     **error)
{
  g_autofree char *why = g_strstrip (g_strdup (reason ? reason : ""));
  g_autoptr(CareRecord) refused = NULL;

  g_return_val_if_fail (refill != NULL, FALSE);

  if (*why == '\0')
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_record_get_entity (refill),
                                 "decision_reason", _("Say why the refill is refused: the patient reads it."));
      return FALSE;
    }
  refused = care_prescriptions_decide_refill (refill, NULL, FALSE, actor, error);
  if (refused == NULL)
    return FALSE;
  care_record_set (refill, "decision_reason", why);
  return TRUE;
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
  gboolean deciding;

  if (before && !care_rules_check_status_change (before, refill, refill_steps, G_N_ELEMENTS (refill_steps), error))
    return FALSE;
  /* A patient asks; the clinic decides. */
  if (before == NULL && ctx->patient_id)
    care_record_set (refill, "status", "pending");
  /* A new request without a status is a request, not a decision. */
  if (before == NULL)
    care_rules_set_default (refill, "status", "pending");
  /* Deciding is a prescriber's, whatever the route: the pharmacy writes
   * refill requests (prescription_orders) but approves none. */
  deciding = before ? g_strcmp0 (care_record_get (before, "status"), care_record_get (refill, "status")) != 0 ||
                      g_strcmp0 (care_record_get (before, "decided_by"), care_record_get (refill, "decided_by")) != 0
                    : g_strcmp0 (care_record_get (refill, "status"), "pending") != 0 ||
                      care_record_get (refill, "decided_by") != NULL;
  if (deciding && ctx->can && !ctx->can (ctx, CARE_PERM_PRESCRIBING))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, care_record_get_entity (refill), "status",
                                 _("Only a prescriber approves or refuses a refill."));
      return FALSE;
    }
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

/* --- before prescribing ------------------------------------------------------ */

static gboolean
names_match (const char *a,
             const char *b)
{
  g_autofree char *x = a ? g_utf8_casefold (a, -1) : NULL;
  g_autofree char *y = b ? g_utf8_casefold (b, -1) : NULL;

  if (x == NULL || y == NULL || *g_strstrip (x) == '\0' || *g_strstrip (y) == '\0')
    return FALSE;
  return strstr (x, y) != NULL || strstr (y, x) != NULL;
}

GPtrArray *
care_prescriptions_warnings (const char        *name,
                             const char        *generic,
                             const char *const *allergies,
                             GPtrArray         *active_medications)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (name != NULL, warnings);

  for (guint i = 0; allergies && allergies[i]; i++)
    if (names_match (name, allergies[i]) || names_match (generic, allergies[i]))
      g_ptr_array_add (warnings, g_strdup_printf (_("The patient is allergic to %s."), allergies[i]));
  for (guint i = 0; active_medications && i < active_medications->len; i++)
    {
      const char *taking = care_record_get (active_medications->pdata[i], "name");

      if (names_match (name, taking) || names_match (generic, taking))
        g_ptr_array_add (warnings, g_strdup_printf (_("The patient already takes %s."), taking));
    }
  return warnings;
}

GPtrArray *
care_prescriptions_check_medicine (CareStore   *store,
                                   const char  *patient_id,
                                   const char  *name,
                                   GError     **error)
{
  g_autoptr(CareRecord) patient = NULL;
  g_autoptr(GPtrArray) medications = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) formulary = NULL;
  g_auto(GStrv) allergies = NULL;
  const char *generic = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL && name != NULL, NULL);

  patient = care_store_get (store, care_schema_lookup ("patient"), patient_id, error);
  if (patient == NULL)
    return NULL;
  medications = care_store_list (store, care_schema_lookup ("medication"), "patient_id", patient_id, NULL, 0, error);
  formulary = medications ? care_store_list (store, care_schema_lookup ("medicine"), "name", name, NULL, 1, error) : NULL;
  if (formulary == NULL)
    return NULL;
  if (formulary->len > 0)
    generic = care_record_get (formulary->pdata[0], "generic_name");
  active = g_ptr_array_new ();
  for (guint i = 0; i < medications->len; i++)
    if (g_strcmp0 (care_record_get (medications->pdata[i], "status"), "active") == 0)
      g_ptr_array_add (active, medications->pdata[i]);
  allergies = care_chart_summary_allergy_names (store, patient, error);
  if (allergies == NULL)
    return NULL;
  return care_prescriptions_warnings (name, generic, (const char *const *) allergies, active);
}
