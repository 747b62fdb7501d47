/* care-alerts.c: an emergency alert, raised, acknowledged and resolved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-alerts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-alerts.h"
#include "care-schema.h"
#include "care-uuid.h"

static const CareRuleStep steps[] = {
  { "active", (const char *const[]) { "acknowledged", "resolved", NULL } },
  { "acknowledged", (const char *const[]) { "resolved", NULL } },
};

gboolean
care_alerts_may_raise (const char *role)
{
  const CareField *field = care_entity_field (care_schema_lookup ("user"), "role");

  /* Every staff role of the schema; a patient has none of them. */
  return role != NULL && field != NULL && field->choices != NULL &&
         g_strv_contains ((const char *const *) field->choices, role);
}

CareRecord *
care_alerts_raise (const char  *kind,
                   const char  *location,
                   const char  *actor,
                   GError     **error)
{
  const CareEntity *entity = care_schema_lookup ("emergency_alert");
  const CareField *kinds = care_entity_field (entity, "kind");
  g_autofree char *where = g_strstrip (g_strdup (location ? location : ""));
  CareRecord *alert;

  if (kind == NULL || !g_strv_contains ((const char *const *) kinds->choices, kind))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, entity, "kind",
                                 _("Choose what is happening."));
      return NULL;
    }
  if (*where == '\0')
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, entity, "location",
                                 _("Say where help is needed."));
      return NULL;
    }

  alert = care_record_new (entity);
  care_record_set (alert, "kind", kind);
  care_record_set (alert, "location", where);
  care_record_set (alert, "raised_by", actor);
  care_record_set (alert, "status", "active");
  return alert;
}

gboolean
care_alerts_is_active (CareRecord *alert)
{
  return g_strcmp0 (care_record_get (alert, "status"), "active") == 0;
}

static void
stamp_step (CareRecord *alert,
            const char *actor)
{
  const char *status = care_record_get (alert, "status");
  g_autofree char *now = care_now_iso8601 ();

  if (g_strcmp0 (status, "acknowledged") == 0)
    {
      if (actor)
        care_rules_set_default (alert, "acknowledged_by", actor);
      care_rules_set_default (alert, "acknowledged_at", now);
    }
  if (g_strcmp0 (status, "resolved") == 0)
    {
      if (actor)
        care_rules_set_default (alert, "resolved_by", actor);
      care_rules_set_default (alert, "resolved_at", now);
    }
}

static gboolean
check_outcome (CareRecord  *alert,
               GError     **error)
{
  g_autofree char *outcome = g_strstrip (g_strdup (care_record_get (alert, "outcome") ? care_record_get (alert, "outcome") : ""));

  if (g_strcmp0 (care_record_get (alert, "status"), "resolved") != 0 || *outcome != '\0')
    return TRUE;
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_record_get_entity (alert), "outcome",
                             _("Say how it ended, e.g. Patient stabilised, moved to intensive care."));
  return FALSE;
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
    {
      care_record_set (alert, "acknowledged_by", actor);
      care_record_set (alert, "acknowledged_at", NULL);
    }
  stamp_step (alert, actor);
  return TRUE;
}

gboolean
care_alerts_resolve (CareRecord  *alert,
                     const char  *outcome,
                     const char  *actor,
                     GError     **error)
{
  g_autoptr(CareRecord) resolved = NULL;
  g_autofree char *text = g_strstrip (g_strdup (outcome ? outcome : ""));

  g_return_val_if_fail (alert != NULL, FALSE);

  /* Checked on a copy: a refusal leaves the alert as it was. */
  resolved = care_record_copy (alert);
  care_record_set (resolved, "outcome", *text ? text : NULL);
  if (!care_alerts_step (resolved, "resolved", actor, error))
    return FALSE;
  care_record_set (resolved, "resolved_by", actor);
  if (!check_outcome (resolved, error))
    return FALSE;
  care_record_set (alert, "status", "resolved");
  care_record_set (alert, "outcome", text);
  care_record_set (alert, "resolved_by", actor);
  care_record_set (alert, "resolved_at", care_record_get (resolved, "resolved_at"));
  return TRUE;
}

static gboolean
prepare_alert (CareRuleContext *ctx,
               CareRecord      *before,
               CareRecord      *alert,
               GError         **error)
{
  if (before == NULL)
    {
      /* Raised by staff, and waiting for an answer. */
      if (ctx->actor == NULL)
        {
          g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE,
                               _("Only members of staff can raise an emergency alert."));
          return FALSE;
        }
      return TRUE;
    }
  if (!care_rules_check_status_change (before, alert, steps, G_N_ELEMENTS (steps), error))
    return FALSE;
  if (g_strcmp0 (care_record_get (before, "status"), care_record_get (alert, "status")) == 0)
    return TRUE;
  /* Who answered is whoever writes the answer, not what a workstation
   * says; when is kept (an answer given offline has its own time). */
  if (ctx->actor && g_strcmp0 (care_record_get (alert, "status"), "acknowledged") == 0)
    care_record_set (alert, "acknowledged_by", ctx->actor);
  if (ctx->actor && g_strcmp0 (care_record_get (alert, "status"), "resolved") == 0)
    care_record_set (alert, "resolved_by", ctx->actor);
  if (!check_outcome (alert, error))
    return FALSE;
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
