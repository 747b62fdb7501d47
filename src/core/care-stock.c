/* care-stock.c: the pharmacy's stock ledger, expiry bands and first-expiry-first-out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-stock"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "care-clock.h"
#include "care-stock.h"
#include "care-store-sql.h"
#include "care-uuid.h"

static const CareEntity *
movements (void)
{
  return care_schema_lookup ("stock_movement");
}

static const CareEntity *
batches (void)
{
  return care_schema_lookup ("stock_batch");
}

/* --- expiry ---------------------------------------------------------------- */

static gboolean
parse_day (const char *text,
           GDate      *date)
{
  guint y, m, d;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

int
care_stock_days_left (const char *expiry_date,
                      const char *today)
{
  GDate expiry, day;

  if (!parse_day (expiry_date, &expiry) || !parse_day (today, &day))
    return G_MININT;
  return g_date_days_between (&day, &expiry);
}

CareExpiryBand
care_stock_expiry_band (const char *expiry_date,
                        const char *today)
{
  int days = care_stock_days_left (expiry_date, today);

  if (days == G_MININT)
    return CARE_EXPIRY_FINE;
  if (days < 0)
    return CARE_EXPIRY_EXPIRED;
  if (days <= 30)
    return CARE_EXPIRY_30;
  if (days <= 60)
    return CARE_EXPIRY_60;
  if (days <= 90)
    return CARE_EXPIRY_90;
  if (days <= 180)
    return CARE_EXPIRY_180;
  return CARE_EXPIRY_FINE;
}

char *
care_stock_expiry_text (const char *expiry_date,
                        const char *today)
{
  int days = care_stock_days_left (expiry_date, today);

  switch (care_stock_expiry_band (expiry_date, today))
    {
    case CARE_EXPIRY_FINE:
      return NULL;
    case CARE_EXPIRY_EXPIRED:
      return g_strdup (_("Expired"));
    default:
      if (days == 0)
        return g_strdup (_("Expires today"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Expires in %d day", "Expires in %d days", days), days);
    }
}

gboolean
care_stock_batch_usable (CareRecord *batch,
                         const char *today)
{
  return care_stock_expiry_band (care_record_get (batch, "expiry_date"), today) != CARE_EXPIRY_EXPIRED;
}

gboolean
care_stock_is_low (gint64 on_hand,
                   gint64 reorder_level)
{
  return reorder_level > 0 && on_hand < reorder_level;
}

CareRecord *
care_stock_fefo (GPtrArray  *list,
                 const char *today)
{
  CareRecord *best = NULL;

  g_return_val_if_fail (list != NULL, NULL);

  for (guint i = 0; i < list->len; i++)
    {
      CareRecord *batch = g_ptr_array_index (list, i);
      int order;

      if (care_record_get_int (batch, "quantity", 0) <= 0 || !care_stock_batch_usable (batch, today))
        continue;
      if (best == NULL)
        {
          best = batch;
          continue;
        }
      order = g_strcmp0 (care_record_get (batch, "expiry_date"), care_record_get (best, "expiry_date"));
      if (order < 0 || (order == 0 && g_strcmp0 (care_record_get (batch, "batch_number"),
                                                 care_record_get (best, "batch_number")) < 0))
        best = batch;
    }
  return best;
}

/* --- movements ------------------------------------------------------------- */

gboolean
care_stock_refuse (GError    **error,
                   gint        code,
                   const char *field,
                   const char *detail)
{
  care_rule_set_field_error (error, CARE_RULE_ERROR, code, movements (), field, detail);
  return FALSE;
}

/* The signed change a movement of kind makes, or refused. */
static gboolean
signed_change (const char  *kind,
               gint64       quantity,
               gint64      *change,
               GError     **error)
{
  if (g_strcmp0 (kind, "adjustment") == 0)
    {
      if (quantity == 0)
        return care_stock_refuse (error, CARE_RULE_ERROR_INVALID, "quantity",
                       _("An adjustment of zero changes nothing. Enter the units found (e.g. 3) or missing (e.g. -3)."));
      *change = quantity;
      return TRUE;
    }
  if (quantity <= 0)
    return care_stock_refuse (error, CARE_RULE_ERROR_INVALID, "quantity", _("Enter a quantity of at least 1."));
  if (g_strcmp0 (kind, "receipt") == 0 || g_strcmp0 (kind, "return") == 0)
    *change = quantity;
  else if (g_strcmp0 (kind, "dispense") == 0 || g_strcmp0 (kind, "write_off") == 0)
    *change = -quantity;
  else
    return care_stock_refuse (error, CARE_RULE_ERROR_INVALID, "kind", _("Choose what kind of movement this is."));
  return TRUE;
}

CareRecord *
care_stock_new_movement (CareRecord  *batch,
                         const char  *kind,
                         gint64       quantity,
                         const char  *reason,
                         const char  *actor,
                         GError     **error)
{
  g_autoptr(CareRecord) movement = NULL;
  g_autofree char *today = care_clock_today ();
  g_autofree char *now = NULL;
  g_autofree char *reason_text = g_strstrip (g_strdup (reason ? reason : ""));
  gint64 on_hand, change = 0;

  g_return_val_if_fail (batch != NULL, NULL);

  if (actor == NULL)
    {
      g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE,
                           _("Sign in to change the stock: every movement is recorded under your name."));
      return NULL;
    }
  if (!signed_change (kind, quantity, &change, error))
    return NULL;
  if ((g_str_equal (kind, "adjustment") || g_str_equal (kind, "write_off")) && *reason_text == '\0')
    {
      care_stock_refuse (error, CARE_RULE_ERROR_INVALID, "reason", _("Say why the stock changes: the reason stays in the ledger."));
      return NULL;
    }
  if (g_str_equal (kind, "dispense") && !care_stock_batch_usable (batch, today))
    {
      g_autofree char *detail = g_strdup_printf (_("Batch %s expired on %s and cannot be dispensed. Choose another batch."),
                                                 care_record_get (batch, "batch_number"),
                                                 care_record_get (batch, "expiry_date"));
      care_stock_refuse (error, CARE_RULE_ERROR_STATE, "batch_id", detail);
      return NULL;
    }
  on_hand = care_record_get_int (batch, "quantity", 0);
  if (change < 0 && on_hand + change < 0)
    {
      g_autofree char *detail = NULL;

      /* Translators: a number of units, then a batch (lot) number */
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Only %d unit is left in batch %s.",
                                             "Only %d units are left in batch %s.", (gulong) MAX (on_hand, 0)),
                                (int) on_hand, care_record_get (batch, "batch_number"));
      care_stock_refuse (error, CARE_RULE_ERROR_SHORTAGE, "quantity", detail);
      return NULL;
    }

  now = care_now_iso8601 ();
  movement = care_record_new (movements ());
  care_record_set (movement, "batch_id", care_record_get_id (batch));
  care_record_set (movement, "medicine_id", care_record_get (batch, "medicine_id"));
  care_record_set (movement, "kind", kind);
  care_record_set_int (movement, "quantity", change);
  care_record_set (movement, "reason", *reason_text ? reason_text : NULL);
  care_record_set (movement, "actor_id", actor);
  care_record_set (movement, "at", now);
  return g_steal_pointer (&movement);
}

gboolean
care_stock_apply (CareStore   *store,
                  CareRecord  *batch,
                  CareRecord  *movement,
                  GError     **error)
{
  gint64 before;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (batch != NULL && movement != NULL, FALSE);

  if (!care_store_begin (store, error))
    return FALSE;
  before = care_record_get_int (batch, "quantity", 0);
  care_record_set_int (batch, "quantity", before + care_record_get_int (movement, "quantity", 0));
  if (!care_store_insert (store, movement, error) || !care_store_update (store, batch, error))
    {
      care_store_rollback (store);
      care_record_set_int (batch, "quantity", before);
      return FALSE;
    }
  return care_store_commit (store, error);
}

CareRecord *
care_stock_record_movement (CareStore   *store,
                            CareRecord  *batch,
                            const char  *kind,
                            gint64       quantity,
                            const char  *reason,
                            GError     **error)
{
  g_autoptr(CareRecord) movement = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  movement = care_stock_new_movement (batch, kind, quantity, reason, care_store_get_actor (store), error);
  if (movement == NULL || !care_stock_apply (store, batch, movement, error))
    return NULL;
  return g_steal_pointer (&movement);
}

CareRecord *
care_stock_count (CareStore   *store,
                  CareRecord  *batch,
                  gint64       counted,
                  const char  *reason,
                  GError     **error)
{
  gint64 difference;

  g_return_val_if_fail (CARE_IS_STORE (store) && batch != NULL, NULL);

  if (counted < 0)
    {
      care_stock_refuse (error, CARE_RULE_ERROR_INVALID, "quantity", _("Enter the units counted on the shelf, 0 or more."));
      return NULL;
    }
  difference = counted - care_record_get_int (batch, "quantity", 0);
  if (difference == 0)
    return NULL;
  return care_stock_record_movement (store, batch, "adjustment", difference,
                                     reason && *reason ? reason : _("Stock take"), error);
}

gboolean
care_stock_receive (CareStore   *store,
                    CareRecord  *batch,
                    GError     **error)
{
  gint64 amount;
  g_autoptr(CareRecord) movement = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store) && batch != NULL, FALSE);

  amount = care_record_get_int (batch, "quantity", 0);
  if (amount <= 0)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, batches (), "quantity",
                                 _("Enter the number of units received, at least 1."));
      return FALSE;
    }
  /* The batch starts empty; its receipt brings the stock. */
  care_record_set_int (batch, "quantity", 0);
  if (care_record_get_id (batch) == NULL)
    {
      g_autofree char *id = care_uuid_v7 ();
      care_record_set (batch, "id", id);
    }
  movement = care_stock_new_movement (batch, "receipt", amount, NULL, care_store_get_actor (store), error);
  if (movement == NULL || !care_store_begin (store, error))
    goto failed;
  if (!care_store_insert (store, batch, error))
    {
      care_store_rollback (store);
      goto failed;
    }
  if (!care_stock_apply (store, batch, movement, error))
    {
      care_store_rollback (store);
      goto failed;
    }
  return care_store_commit (store, error);

failed:
  care_record_set_int (batch, "quantity", amount);
  return FALSE;
}

GPtrArray *
care_stock_movements (CareStore   *store,
                      const char  *batch_id,
                      GError     **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store) && batch_id != NULL, NULL);

  return care_store_list (store, movements (), "batch_id", batch_id, "id DESC", 0, error);
}

gboolean
care_stock_check_ledger (CareStore   *store,
                         GPtrArray   *mismatched,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean agree = TRUE;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  stmt = care_store_prepare (store,
                             "SELECT b.id FROM stock_batches b LEFT JOIN "
                             "(SELECT batch_id, sum (quantity) AS total FROM stock_movements "
                             " WHERE tenant_id IS ?1 GROUP BY batch_id) m ON m.batch_id = b.id "
                             "WHERE b.tenant_id IS ?1 AND b.quantity IS NOT coalesce (m.total, 0) "
                             "UNION SELECT m.batch_id FROM stock_movements m WHERE m.tenant_id IS ?1 "
                             "AND NOT EXISTS (SELECT 1 FROM stock_batches b WHERE b.id = m.batch_id) "
                             "ORDER BY 1",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      agree = FALSE;
      if (mismatched)
        g_ptr_array_add (mismatched, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return care_store_set_sqlite_error (store, error);
  if (!agree)
    g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE,
                         _("Some batches' quantities differ from the sum of their stock movements."));
  return agree;
}

GPtrArray *
care_stock_query_records (CareStore        *store,
                          const CareEntity *entity,
                          const char       *from,
                          const char       *arg,
                          GError          **error)
{
  g_autofree char *columns = care_store_column_list (entity, "");
  g_autofree char *full = g_strconcat ("SELECT ", columns, " ", from, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = care_store_prepare (store, full, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  if (arg)
    sqlite3_bind_text (stmt, 2, arg, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (found, care_store_record_from_row (entity, stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&found);
}

GPtrArray *
care_stock_discrepancies (CareStore   *store,
                          GError     **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  return care_stock_query_records (store, batches (),
                                   "FROM stock_batches WHERE tenant_id IS ?1 AND quantity < 0 "
                                   "ORDER BY expiry_date, batch_number", NULL, error);
}

gboolean
care_stock_movement_written (CareRuleContext *ctx,
                             CareRecord      *movement,
                             gboolean         created,
                             GError         **error)
{
  g_autoptr(CareRecord) batch = NULL;
  g_autoptr(GPtrArray) ledger = NULL;
  const char *batch_id = care_record_get (movement, "batch_id");
  gint64 total = 0;

  if (!created || batch_id == NULL || (batch = ctx->get (ctx, batches (), batch_id)) == NULL)
    return TRUE;
  ledger = ctx->list (ctx, movements (), "batch_id", batch_id, error);
  if (ledger == NULL)
    return FALSE;
  for (guint i = 0; i < ledger->len; i++)
    total += care_record_get_int (g_ptr_array_index (ledger, i), "quantity", 0);
  if (care_record_get_int (batch, "quantity", 0) == total)
    return TRUE;
  care_record_set_int (batch, "quantity", total);
  return ctx->update (ctx, batch, error);
}
