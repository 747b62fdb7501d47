/* care-pharmacy.c: dispensing a pharmacy order from stock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-pharmacy"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-clock.h"
#include "care-pharmacy.h"
#include "care-stock.h"
#include "care-uuid.h"

static const CareRuleStep steps[] = {
  { "pending", (const char *const[]) { "in_progress", "ready", "dispensed", "cancelled", NULL } },
  { "in_progress", (const char *const[]) { "ready", "dispensed", "cancelled", NULL } },
  { "ready", (const char *const[]) { "dispensed", "cancelled", NULL } },
};

#define usable care_stock_batch_usable

gboolean
care_pharmacy_take_stock (CareRecord  *item,
                          GPtrArray   *batches,
                          const char  *actor,
                          const char  *order_id,
                          GPtrArray   *changed,
                          GPtrArray   *movements,
                          GError     **error)
{
  g_autofree char *today = care_clock_today ();
  gint64 wanted = care_record_get_int (item, "quantity", 0);
  gint64 available = 0;

  if (care_record_get (item, "medicine_id") == NULL || wanted <= 0)
    return TRUE;
  for (guint i = 0; i < batches->len; i++)
    if (usable (g_ptr_array_index (batches, i), today))
      available += care_record_get_int (g_ptr_array_index (batches, i), "quantity", 0);
  if (available < wanted)
    {
      g_autofree char *need = g_strdup_printf ("%" G_GINT64_FORMAT, wanted);
      g_autofree char *have = g_strdup_printf ("%" G_GINT64_FORMAT, available);

      g_set_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_SHORTAGE,
                   /* Translators: a medicine's name, then two quantities */
                   _("Not enough unexpired stock of %s: %s needed, %s in stock."),
                   care_record_get (item, "medicine_name"), need, have);
      return FALSE;
    }
  for (guint i = 0; wanted > 0 && i < batches->len; i++)
    {
      CareRecord *batch = g_ptr_array_index (batches, i);
      gint64 have = care_record_get_int (batch, "quantity", 0);
      gint64 take = MIN (have, wanted);

      CareRecord *movement;

      if (take == 0 || !usable (batch, today))
        continue;
      movement = care_stock_new_movement (batch, "dispense", take, NULL, actor, error);
      if (movement == NULL)
        return FALSE;
      care_record_set (movement, "pharmacy_order_id", order_id);
      care_record_set (movement, "prescription_item_id", care_record_get_id (item));
      g_ptr_array_add (movements, movement);
      care_record_set_int (batch, "quantity", have - take);
      wanted -= take;
      g_ptr_array_add (changed, care_record_ref (batch));
    }
  return TRUE;
}

gboolean
care_pharmacy_check_open (CareRecord  *order,
                          GError     **error)
{
  return care_rules_check_action (care_record_get_entity (order), "status", steps, G_N_ELEMENTS (steps),
                                  care_record_get (order, "status"), "dispensed", error);
}

gboolean
care_pharmacy_dispense (CareRecord  *order,
                        const char  *actor,
                        GError     **error)
{
  g_autofree char *now = NULL;

  if (!care_pharmacy_check_open (order, error))
    return FALSE;
  now = care_now_iso8601 ();
  care_record_set (order, "status", "dispensed");
  care_record_set (order, "dispensed_by", actor);
  care_record_set (order, "dispensed_at", now);
  return TRUE;
}

static gboolean
prepare_order (CareRuleContext *ctx,
               CareRecord      *before,
               CareRecord      *order,
               GError         **error)
{
  return care_rules_check_status_change (before, order, steps, G_N_ELEMENTS (steps), error);
}

/* A batch's quantity is its ledger's sum (care_stock_movement_written()). */
static const char *const ledger_fields[] = { "quantity", NULL };

const CareEntityRules *
care_pharmacy_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "pharmacy_order", prepare_order, NULL, NULL, NULL, NULL },
    /* A batch's quantity follows its ledger, whoever writes a movement. */
    { "stock_movement", NULL, care_stock_movement_written, NULL, NULL, NULL },
    { "stock_batch", NULL, NULL, NULL, NULL, ledger_fields },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}
