/* care-role-requests.c: asking for another role, and an administrator's decision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-role-requests"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-clock.h"
#include "care-role-requests.h"
#include "care-store-rules.h"

#define ENTITY (care_schema_lookup ("role_upgrade_request"))

static gboolean
refuse (GError    **error,
        const char *field,
        const char *detail)
{
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, ENTITY, field, detail);
  return FALSE;
}

static gboolean
check_pending (CareRecord *request,
               GError    **error)
{
  if (g_strcmp0 (care_record_get (request, "status"), "pending") == 0)
    return TRUE;
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, ENTITY, "status",
                             _("This request was already decided."));
  return FALSE;
}

static gboolean
blank (const char *text)
{
  for (; text && *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

gboolean
care_role_requests_check_decision (CareRecord  *request,
                                   const char  *decider_id,
                                   gboolean     approve,
                                   const char  *reason,
                                   GError     **error)
{
  g_return_val_if_fail (request != NULL, FALSE);

  if (!check_pending (request, error))
    return FALSE;
  if (decider_id == NULL || g_strcmp0 (decider_id, care_record_get (request, "user_id")) == 0)
    return refuse (error, "status", _("Nobody decides their own request; another administrator must."));
  if (!approve && blank (reason))
    return refuse (error, "decision_reason", _("Say why the request is refused; the staff member will read it."));
  return TRUE;
}

static gboolean
prepare_request (CareRuleContext *ctx,
                 CareRecord      *before,
                 CareRecord      *record,
                 GError         **error)
{
  const char *was = before ? care_record_get (before, "status") : NULL;
  const char *now = care_record_get (record, "status");
  g_autofree char *at = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (before == NULL || g_strcmp0 (was, now) == 0)
    return TRUE;
  if (!care_role_requests_check_decision (before, ctx->actor, g_strcmp0 (now, "approved") == 0,
                                          care_record_get (record, "decision_reason"), error))
    return FALSE;
  utc = care_clock_now_utc ();
  at = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  care_record_set (record, "decided_by", ctx->actor);
  care_record_set (record, "decided_at", at);
  return TRUE;
}

const CareEntityRules *
care_role_requests_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "role_upgrade_request", prepare_request, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

CareRecord *
care_role_requests_ask (CareStore  *store,
                        const char *role,
                        const char *reason,
                        GError    **error)
{
  const char *me;
  g_autoptr(CareRecord) user = NULL;
  g_autoptr(CareRecord) request = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  CareRuleContext ctx;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  me = care_store_get_actor (store);
  user = me ? care_store_get (store, care_schema_lookup ("user"), me, NULL) : NULL;
  if (user == NULL)
    {
      g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, _("Sign in to ask for another role."));
      return NULL;
    }
  if (role == NULL || g_strcmp0 (role, care_record_get (user, "role")) == 0)
    {
      refuse (error, "requested_role", _("Choose a role other than the one you have."));
      return NULL;
    }
  mine = care_store_list (store, ENTITY, "user_id", me, NULL, 0, error);
  if (mine == NULL)
    return NULL;
  for (guint i = 0; i < mine->len; i++)
    if (g_strcmp0 (care_record_get (g_ptr_array_index (mine, i), "status"), "pending") == 0 &&
        g_strcmp0 (care_record_get (g_ptr_array_index (mine, i), "requested_role"), role) == 0)
      {
        refuse (error, "requested_role", _("You already asked for this role; an administrator will answer."));
        return NULL;
      }

  request = care_record_new (ENTITY);
  care_record_set (request, "requested_role", role);
  care_record_set (request, "reason", reason && *reason ? reason : NULL);
  care_store_rule_context_init (&ctx, store);
  if (!care_rules_prepare (&ctx, NULL, request, error) || !care_store_insert (store, request, error))
    return NULL;
  return g_steal_pointer (&request);
}

gboolean
care_role_requests_decide (CareStore  *store,
                           CareRecord *request,
                           gboolean    approve,
                           const char *reason,
                           GError    **error)
{
  g_autoptr(CareRecord) before = NULL;
  g_autoptr(CareRecord) changed = NULL;
  g_autoptr(CareRecord) user = NULL;
  g_autoptr(CareRecord) user_before = NULL;
  CareRuleContext ctx;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);

  before = care_store_get (store, ENTITY, care_record_get_id (request), error);
  if (before == NULL)
    return FALSE;
  care_store_rule_context_init (&ctx, store);
  changed = care_record_copy (before);
  care_record_set (changed, "status", approve ? "approved" : "rejected");
  care_record_set (changed, "decision_reason", reason && *reason ? reason : NULL);
  if (!care_rules_prepare (&ctx, before, changed, error))
    return FALSE;
  if (!care_store_begin (store, error))
    return FALSE;
  if (approve)
    {
      user_before = care_store_get (store, care_schema_lookup ("user"), care_record_get (before, "user_id"), error);
      if (user_before == NULL)
        goto failed;
      user = care_record_copy (user_before);
      care_record_set (user, "role", care_record_get (before, "requested_role"));
      if (!care_rules_prepare (&ctx, user_before, user, error) || !care_store_update (store, user, error))
        goto failed;
    }
  if (!care_store_update (store, changed, error) || !care_store_commit (store, error))
    goto failed;
  care_record_set (request, "status", care_record_get (changed, "status"));
  care_record_set (request, "decided_by", care_record_get (changed, "decided_by"));
  care_record_set (request, "decided_at", care_record_get (changed, "decided_at"));
  care_record_set (request, "decision_reason", care_record_get (changed, "decision_reason"));
  return TRUE;

failed:
  care_store_rollback (store);
  return FALSE;
}

gboolean
care_role_requests_withdraw (CareStore  *store,
                             CareRecord *request,
                             GError    **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);

  if (g_strcmp0 (care_record_get (request, "user_id"), care_store_get_actor (store)) != 0)
    return refuse (error, "user_id", _("Only the staff member who asked may withdraw a request."));
  if (!check_pending (request, error))
    return FALSE;
  return care_store_delete (store, ENTITY, care_record_get_id (request), error);
}

GPtrArray *
care_role_requests_pending (CareStore *store,
                            GError   **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  return care_store_list (store, ENTITY, "status", "pending", "created_at", 0, error);
}
