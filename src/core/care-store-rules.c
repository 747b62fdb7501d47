/* care-store-rules.c: the app's local store as the context core's rules run over
 *
 * The server gives the rules a context over its storage
 * (care-server-resources.c); the app gives them this one, so that a rule
 * such as "a next follow-up becomes reception's task" is written in the
 * same transaction on a workstation, offline too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-store-rules"

#include "config.h"

#include "care-store-rules.h"

static CareRecord *
store_get (CareRuleContext  *ctx,
           const CareEntity *entity,
           const char       *id)
{
  return care_store_get (ctx->data, entity, id, NULL);
}

static GPtrArray *
store_list (CareRuleContext  *ctx,
            const CareEntity *entity,
            const char       *field,
            const char       *value,
            GError          **error)
{
  return care_store_list (ctx->data, entity, field, value, NULL, 0, error);
}

static gboolean
store_insert (CareRuleContext *ctx,
              CareRecord      *record,
              GError         **error)
{
  return care_store_insert (ctx->data, record, error);
}

static gboolean
store_update (CareRuleContext *ctx,
              CareRecord      *record,
              GError         **error)
{
  return care_store_update (ctx->data, record, error);
}

void
care_store_rule_context_init (CareRuleContext *ctx,
                              CareStore       *store)
{
  g_return_if_fail (ctx != NULL);
  g_return_if_fail (CARE_IS_STORE (store));

  *ctx = (CareRuleContext) {
    .actor = care_store_get_actor (store),
    .get = store_get,
    .list = store_list,
    .insert = store_insert,
    .update = store_update,
    .data = store,
  };
}

gboolean
care_store_write_ruled (CareRuleContext *ctx,
                        CareStore       *store,
                        CareRecord      *before,
                        CareRecord      *record,
                        GError         **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (before != NULL || record != NULL, FALSE);

  if (record == NULL)
    return care_rules_deleting (ctx, before, error) &&
           care_store_delete (store, care_record_get_entity (before), care_record_get_id (before), error) &&
           care_rules_deleted (ctx, before, error);
  return care_rules_prepare (ctx, before, record, error) &&
         (before ? care_store_update (store, record, error) : care_store_insert (store, record, error)) &&
         care_rules_written (ctx, record, before == NULL, error);
}
