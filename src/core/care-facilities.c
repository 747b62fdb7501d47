/* care-facilities.c: the clinic's facilities and departments, kept while records name them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-facilities"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-facilities.h"
#include "care-store-rules.h"

/* Every entity's references to a facility come from the model, so a field
 * added later is checked without a change here. A removal is rare and
 * reads the naming rows once; none of these fields needs an index. */
static gboolean
deleting_facility (CareRuleContext *ctx,
                   CareRecord      *stored,
                   GError         **error)
{
  const char *id = care_record_get_id (stored);
  g_autoptr(GString) named = g_string_new (NULL);
  guint n_entities;
  const CareEntity *const *entities = care_schema_entities (&n_entities);

  for (guint e = 0; e < n_entities; e++)
    for (guint i = 0; i < entities[e]->n_fields; i++)
      {
        const CareField *field = &entities[e]->fields[i];
        g_autoptr(GPtrArray) rows = NULL;

        if (field->type != CARE_FIELD_REF || g_strcmp0 (field->ref, "facility") != 0)
          continue;
        if ((rows = ctx->list (ctx, entities[e], field->name, id, error)) == NULL)
          return FALSE;
        if (rows->len == 0)
          continue;
        if (named->len > 0)
          g_string_append (named, ", ");
        /* Translators: one kind of record that names a facility and how
         * many, e.g. "Wards: 2" */
        g_string_append_printf (named, _("%s: %u"), _(entities[e]->plural), rows->len);
      }
  if (named->len == 0)
    return TRUE;
  /* Translators: %s lists what names the facility, e.g. "Wards: 2, Staff: 1" */
  g_set_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE,
               _("Records still name this facility (%s). Move them to another facility before removing it."),
               named->str);
  return FALSE;
}

const CareEntityRules *
care_facilities_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "facility", NULL, NULL, deleting_facility, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

gboolean
care_facilities_save (CareStore   *store,
                      CareRecord  *before,
                      CareRecord  *facility,
                      GError     **error)
{
  CareRuleContext ctx;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (before != NULL || facility != NULL, FALSE);

  care_store_rule_context_init (&ctx, store);
  if (!care_store_begin (store, error))
    return FALSE;
  if (care_store_write_ruled (&ctx, store, before, facility, error))
    return care_store_commit (store, error);
  care_store_rollback (store);
  return FALSE;
}
