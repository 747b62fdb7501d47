/* care-stock-billing.c: what the pharmacy dispenses becomes lines of the patient's draft invoice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-stock-billing"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "care-billing.h"
#include "care-stock-billing.h"
#include "care-store-sql.h"

/* The first row's first column of sql (?1 tenant, ?2 arg) as text; NULL
 * without error when there is no row. */
static char *
query_text (CareStore   *store,
            const char  *sql,
            const char  *arg,
            GError     **error)
{
  sqlite3_stmt *stmt = care_store_prepare (store, sql, error);
  char *text = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, care_store_get_tenant_id (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, arg, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    care_store_set_sqlite_error (store, error);
  sqlite3_reset (stmt);
  return text;
}

CareRecord *
care_stock_find_draft (CareStore   *store,
                       const char  *patient_id,
                       GError     **error)
{
  g_autofree char *id = NULL;
  GError *local = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store) && patient_id != NULL, NULL);

  id = query_text (store, "SELECT id FROM invoices WHERE tenant_id IS ?1 AND patient_id = ?2 "
                          "AND status = 'draft' ORDER BY created_at DESC, id DESC LIMIT 1",
                   patient_id, &local);
  if (local)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  return id ? care_store_get (store, care_schema_lookup ("invoice"), id, error) : NULL;
}

/* "Amoxicillin 500 mg (lot L-204)", at most 200 characters. */
static char *
describe (CareRecord *medicine,
          CareRecord *batch)
{
  const char *strength = medicine ? care_record_get (medicine, "strength") : NULL;
  g_autofree char *name = medicine ? g_strdup (care_record_get (medicine, "name")) : g_strdup (_("Medicine"));
  g_autofree char *text = NULL;

  if (strength && !strstr (name, strength))
    {
      char *with = g_strdup_printf ("%s %s", name, strength);
      g_free (name);
      name = with;
    }
  /* Translators: an invoice line: a medicine, then the batch (lot) it came from */
  text = batch ? g_strdup_printf (_("%s (lot %s)"), name, care_record_get (batch, "batch_number")) : g_steal_pointer (&name);
  if (g_utf8_strlen (text, -1) > 200)
    return g_utf8_substring (text, 0, 200);
  return g_steal_pointer (&text);
}

/* Whether the account dispensing may write invoices. A pharmacist may not
 * (seed 001): reception bills what was dispensed through "Add Visit
 * Items" instead, and the pharmacy's workstation never pushes an invoice
 * the server would refuse. Unsigned work (demo data, tests) bills. */
static gboolean
actor_bills (CareStore *store)
{
  const char *actor = care_store_get_actor (store);
  g_autoptr(CareRecord) user = NULL;

  if (actor == NULL)
    return TRUE;
  user = care_store_get (store, care_schema_lookup ("user"), actor, NULL);
  if (user == NULL)
    return TRUE;
  return care_store_role_can (store, care_record_get (user, "role"), CARE_PERM_BILLING);
}

char *
care_stock_bill_dispense (CareStore   *store,
                          CareRecord  *order,
                          CareRecord  *movement,
                          GError     **error)
{
  g_autoptr(CareRecord) invoice = NULL;
  g_autoptr(CareRecord) medicine = NULL;
  g_autoptr(CareRecord) batch = NULL;
  g_autoptr(CareRecord) item = NULL;
  g_autofree char *billed = NULL;
  g_autofree char *text = NULL;
  const char *patient_id;
  GError *local = NULL;
  gint64 units;

  g_return_val_if_fail (CARE_IS_STORE (store) && order != NULL && movement != NULL, NULL);

  billed = query_text (store, "SELECT it.id FROM invoice_items it JOIN invoices i ON i.id = it.invoice_id "
                              "WHERE it.tenant_id IS ?1 AND it.source_entity = 'stock_movement' "
                              "AND it.source_id = ?2 AND i.status != 'void'",
                       care_record_get_id (movement), &local);
  if (local)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (billed)
    return g_steal_pointer (&billed);
  if (!actor_bills (store))
    return g_strdup ("");

  patient_id = care_record_get (order, "patient_id");
  invoice = care_stock_find_draft (store, patient_id, &local);
  if (local)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (invoice == NULL && (invoice = care_billing_create_invoice (store, patient_id, NULL, error)) == NULL)
    return NULL;

  medicine = care_store_get (store, care_schema_lookup ("medicine"), care_record_get (movement, "medicine_id"), NULL);
  batch = care_store_get (store, care_schema_lookup ("stock_batch"), care_record_get (movement, "batch_id"), NULL);
  units = -care_record_get_int (movement, "quantity", 0);
  text = describe (medicine, batch);
  item = care_billing_item_new ("medicine", text, MAX (units, 1),
                                medicine ? care_record_get_int (medicine, "unit_price", 0) : 0, 0, NULL);
  care_record_set (item, "source_entity", "stock_movement");
  care_record_set (item, "source_id", care_record_get_id (movement));
  if (!care_billing_add_item (store, care_record_get_id (invoice), item, error))
    return NULL;
  return g_strdup (care_record_get_id (item));
}
