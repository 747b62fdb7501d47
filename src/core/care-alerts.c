/* care-alerts.c: an emergency alert, raised, acknowledged and resolved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-alerts"

#include "config.h"

#include "care-alerts.h"
#include "care-uuid.h"

static const CareRuleStep steps[] = {
  { "active", (const char *const[]) { "acknowledged", "resolved", NULL } },
  { "acknowledged", (const char *const[]) { "resolved", NULL } },
};

static void
stamp_step (CareRecord *alert,
            const char *actor)
{
  const char *status = care_record_get (alert, "status");

  if (g_strcmp0 (status, "acknowledged") == 0 && actor)
    care_rules_set_default (alert, "acknowledged_by", actor);
  if (g_strcmp0 (status, "resolved") == 0 && care_record_get (alert, "resolved_at") == NULL)
    {
      g_autofree char *now = care_now_iso8601 ();
      care_record_set (alert, "resolved_at", now);
    }
}

gboolean
care_alerts_step (CareRecord  *alert,
                  const char  *to,
                  const char  *actor,
                  GError     **error)
{
  if (!care_rules_check_action (care_record_get_entity (alert), "status", steps, G_N_ELEMENTS (steps),
                                care_record_get (alert, "status"), to, error))
    return FALSE;
  care_record_set (alert, "status", to);
  if (g_strcmp0 (to, "acknowledged") == 0)
    care_record_set (alert, "acknowledged_by", actor);
  stamp_step (alert, actor);
  return TRUE;
}

static gboolean
prepare_alert (CareRuleContext *ctx,
               CareRecord      *before,
               CareRecord      *alert,
               GError         **error)
{
  if (!care_rules_check_status_change (before, alert, steps, G_N_ELEMENTS (steps), error))
    return FALSE;
  if (before && g_strcmp0 (care_record_get (before, "status"), care_record_get (alert, "status")) != 0)
    stamp_step (alert, ctx->actor);
  return TRUE;
}

const CareEntityRules *
care_alerts_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "emergency_alert", prepare_alert, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}
