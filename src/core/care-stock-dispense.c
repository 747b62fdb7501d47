/* care-stock-dispense.c: the pharmacy's queue of orders and dispensing them batch by batch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-stock-dispense"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-clock.h"
#include "care-pharmacy.h"
#include "care-stock-billing.h"
#include "care-stock-dispense.h"
#include "care-store-sql.h"

static const CareEntity *
entity (const char *name)
{
  return care_schema_lookup (name);
}

/* --- the queue ------------------------------------------------------------- */

void
care_order_entry_free (CareOrderEntry *entry)
{
  g_clear_pointer (&entry->order, care_record_unref);
  g_free (entry->patient_name);
  g_free (entry->prescriber_name);
  g_free (entry->items);
  g_free (entry);
}

GPtrArray *
care_stock_order_queue (CareStore   *store,
                        GError     **error)
{
  g_autoptr(GPtrArray) queue = g_ptr_array_new_with_free_func ((GDestroyNotify) care_order_entry_free);
  g_autofree char *columns = care_store_column_list (entity ("pharmacy_order"), "o.");
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  /* Translators: a medicine and the quantity prescribed, in the order queue */
  sql = g_strdup_printf ("SELECT pt.given_name || ' ' || pt.family_name, u.full_name, "
                         "(SELECT group_concat (medicine_name || ' × ' || quantity, ', ') FROM "
                         " (SELECT medicine_name, quantity FROM prescription_items i "
                         "  WHERE i.prescription_id = o.prescription_id ORDER BY i.medicine_name)), %s "
                         "FROM pharmacy_orders o LEFT JOIN patients pt ON pt.id = o.patient_id "
                         "LEFT JOIN prescriptions p ON p.id = o.prescription_id "
                         "LEFT JOIN users u ON u.id = p.prescriber_id "
                         "WHERE o.tenant_id IS ?1 AND o.status IN ('pending', 'in_progress', 'ready') "
                         "ORDER BY o.created_at, o.id",
                         columns);
  stmt = care_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CareOrderEntry *entry = g_new0 (CareOrderEntry, 1);

      entry->patient_name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      entry->prescriber_name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      entry->items = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->order = care_store_record_from_row (entity ("pharmacy_order"), stmt, 3);
      g_ptr_array_add (queue, entry);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      care_store_set_sqlite_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&queue);
}

/* --- the items of an order ------------------------------------------------- */

void
care_dispense_item_free (CareDispenseItem *item)
{
  g_clear_pointer (&item->item, care_record_unref);
  g_clear_pointer (&item->batches, g_ptr_array_unref);
  g_free (item);
}

gint64
care_dispense_item_remaining (const CareDispenseItem *item)
{
  return MAX (item->prescribed - item->dispensed, 0);
}

/* The units of item the order has dispensed so far (the movements are
 * negative). */
static gint64
dispensed_so_far (CareStore   *store,
                  CareRecord  *order,
                  const char  *item_id,
                  GError     **error)
{
  sqlite3_stmt *stmt = care_store_prepare (store,
                                           "SELECT coalesce (-sum (quantity), 0) FROM stock_movements "
                                           "WHERE tenant_id IS ?1 AND pharmacy_order_id = ?2 "
                                           "AND prescription_item_id = ?3 AND kind IN ('dispense', 'return')",
                                           error);
  gint64 total = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, care_record_get_id (order), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, item_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    total = sqlite3_column_int64 (stmt, 0);
  else
    care_store_set_sqlite_error (store, error);
  sqlite3_reset (stmt);
  return total;
}

static int
by_expiry (gconstpointer a,
           gconstpointer b)
{
  CareRecord *x = *(CareRecord **) a, *y = *(CareRecord **) b;
  int order = g_strcmp0 (care_record_get (x, "expiry_date"), care_record_get (y, "expiry_date"));

  return order ? order : g_strcmp0 (care_record_get (x, "batch_number"), care_record_get (y, "batch_number"));
}

/* A medicine's batches that hold stock, first to expire first. */
static GPtrArray *
stocked_batches (CareStore   *store,
                 const char  *medicine_id,
                 GError     **error)
{
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *held;

  if (medicine_id == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  all = care_store_list (store, entity ("stock_batch"), "medicine_id", medicine_id, "expiry_date", 0, error);
  if (all == NULL)
    return NULL;
  held = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  for (guint i = 0; i < all->len; i++)
    if (care_record_get_int (g_ptr_array_index (all, i), "quantity", 0) > 0)
      g_ptr_array_add (held, care_record_ref (g_ptr_array_index (all, i)));
  g_ptr_array_sort (held, by_expiry);
  return held;
}

GPtrArray *
care_stock_dispense_items (CareStore   *store,
                           CareRecord  *order,
                           GError     **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) care_dispense_item_free);
  g_autofree char *today = care_clock_today ();

  g_return_val_if_fail (CARE_IS_STORE (store) && order != NULL, NULL);

  items = care_store_list (store, entity ("prescription_item"), "prescription_id",
                           care_record_get (order, "prescription_id"), "medicine_name", 0, error);
  if (items == NULL)
    return NULL;
  for (guint i = 0; i < items->len; i++)
    {
      CareRecord *record = g_ptr_array_index (items, i);
      g_autoptr(CareDispenseItem) item = g_new0 (CareDispenseItem, 1);

      item->item = care_record_ref (record);
      item->prescribed = care_record_get_int (record, "quantity", 0);
      item->dispensed = dispensed_so_far (store, order, care_record_get_id (record), error);
      item->batches = stocked_batches (store, care_record_get (record, "medicine_id"), error);
      if (item->dispensed < 0 || item->batches == NULL)
        return NULL;
      item->suggested = care_stock_fefo (item->batches, today);
      g_ptr_array_add (result, g_steal_pointer (&item));
    }
  return g_steal_pointer (&result);
}

/* --- dispensing ------------------------------------------------------------ */

static CareDispenseItem *
find_item (GPtrArray  *items,
           const char *item_id)
{
  for (guint i = 0; i < items->len; i++)
    {
      CareDispenseItem *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (care_record_get_id (item->item), item_id) == 0)
        return item;
    }
  return NULL;
}

/* The movement of one line, checked against its item; NULL with error
 * when refused, NULL without error when the line takes nothing. */
static CareRecord *
line_movement (CareStore              *store,
               CareRecord             *order,
               CareDispenseItem       *item,
               const CareDispenseLine *line,
               CareRecord            **batch_out,
               GError                **error)
{
  g_autoptr(CareRecord) batch = NULL;
  g_autoptr(CareRecord) movement = NULL;
  g_autofree char *reason = g_strstrip (g_strdup (line->reason ? line->reason : ""));
  gint64 remaining = care_dispense_item_remaining (item);

  if (line->quantity == 0)
    return NULL;
  if (line->quantity > remaining)
    {
      g_autofree char *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "Only %d unit is still to dispense on this prescription.",
                                                              "Only %d units are still to dispense on this prescription.",
                                                              (gulong) remaining),
                                                 (int) remaining);
      care_stock_refuse (error, CARE_RULE_ERROR_INVALID, "quantity", detail);
      return NULL;
    }
  batch = line->batch_id ? care_store_get (store, entity ("stock_batch"), line->batch_id, NULL) : NULL;
  if (batch == NULL)
    {
      care_stock_refuse (error, CARE_RULE_ERROR_INVALID, "batch_id", _("Choose the batch you take the medicine from."));
      return NULL;
    }
  if ((item->suggested == NULL || g_strcmp0 (line->batch_id, care_record_get_id (item->suggested)) != 0) && *reason == '\0')
    {
      care_stock_refuse (error, CARE_RULE_ERROR_INVALID, "reason",
                   _("This is not the batch suggested (first to expire first out): say why you take it."));
      return NULL;
    }
  movement = care_stock_new_movement (batch, "dispense", line->quantity, reason, care_store_get_actor (store), error);
  if (movement == NULL)
    return NULL;
  care_record_set (movement, "pharmacy_order_id", care_record_get_id (order));
  care_record_set (movement, "prescription_item_id", line->item_id);
  *batch_out = g_steal_pointer (&batch);
  return g_steal_pointer (&movement);
}

static gboolean
write_lines (CareStore              *store,
             CareRecord             *order,
             GPtrArray              *items,
             const CareDispenseLine *lines,
             guint                   n_lines,
             guint                  *failed_line,
             GError                **error)
{
  gboolean any = FALSE, complete = TRUE;

  for (guint i = 0; i < n_lines; i++)
    {
      CareDispenseItem *item = find_item (items, lines[i].item_id);
      g_autoptr(CareRecord) batch = NULL;
      g_autoptr(CareRecord) movement = NULL;
      g_autofree char *billed = NULL;
      GError *refused = NULL;

      *failed_line = i;
      if (item == NULL)
        return care_stock_refuse (error, CARE_RULE_ERROR_INVALID, "prescription_item_id",
                            _("This medicine is not on the order's prescription."));
      movement = line_movement (store, order, item, &lines[i], &batch, &refused);
      if (refused)
        {
          g_propagate_error (error, refused);
          return FALSE;
        }
      if (movement == NULL)
        continue;
      if (!care_stock_apply (store, batch, movement, error))
        return FALSE;
      billed = care_stock_bill_dispense (store, order, movement, error);
      if (billed == NULL)
        return FALSE;
      item->dispensed += lines[i].quantity;
      any = TRUE;
    }
  *failed_line = G_MAXUINT;
  if (!any)
    {
      g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID,
                           _("Enter a quantity to dispense for at least one medicine."));
      return FALSE;
    }
  for (guint i = 0; i < items->len; i++)
    if (care_dispense_item_remaining (g_ptr_array_index (items, i)) > 0)
      complete = FALSE;
  if (complete)
    return care_pharmacy_dispense (order, care_store_get_actor (store), error) && care_store_update (store, order, error);
  if (g_strcmp0 (care_record_get (order, "status"), "pending") == 0)
    {
      care_record_set (order, "status", "in_progress");
      return care_store_update (store, order, error);
    }
  return TRUE;
}

gboolean
care_stock_dispense (CareStore              *store,
                     CareRecord             *order,
                     const CareDispenseLine *lines,
                     guint                   n_lines,
                     guint                  *failed_line,
                     GError                **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(CareRecord) stored = NULL;
  guint failed = G_MAXUINT;

  g_return_val_if_fail (CARE_IS_STORE (store) && order != NULL, FALSE);

  stored = care_store_get (store, entity ("pharmacy_order"), care_record_get_id (order), error);
  if (stored == NULL)
    return FALSE;
  if (care_pharmacy_check_open (stored, error) && (items = care_stock_dispense_items (store, stored, error)) != NULL)
    {
      if (!care_store_begin (store, error))
        return FALSE;
      if (write_lines (store, stored, items, lines, n_lines, &failed, error))
        {
          if (!care_store_commit (store, error))
            return FALSE;
          care_record_set (order, "status", care_record_get (stored, "status"));
          care_record_set (order, "dispensed_by", care_record_get (stored, "dispensed_by"));
          care_record_set (order, "dispensed_at", care_record_get (stored, "dispensed_at"));
          return TRUE;
        }
      care_store_rollback (store);
    }
  if (failed_line)
    *failed_line = failed;
  return FALSE;
}
