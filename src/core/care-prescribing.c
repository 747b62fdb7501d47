/* care-prescribing.c: a doctor writes a prescription and decides refills, on the app's store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-prescribing"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-clock.h"
#include "care-prescribing.h"
#include "care-prescriptions.h"
#include "care-rules.h"
#include "care-stock.h"

static const CareEntity *
E (const char *name)
{
  return care_schema_lookup (name);
}

/* --- the pharmacy's stock ---------------------------------------------------------- */

void
care_medicine_stock_clear (CareMedicineStock *stock)
{
  g_clear_pointer (&stock->nearest_expiry, g_free);
  stock->on_hand = 0;
}

gboolean
care_prescribing_stock (CareStore         *store,
                        const char        *medicine_id,
                        CareMedicineStock *stock,
                        GError           **error)
{
  g_autoptr(GPtrArray) batches = NULL;
  g_autofree char *today = care_clock_today ();
  CareRecord *first;

  g_return_val_if_fail (CARE_IS_STORE (store) && medicine_id != NULL && stock != NULL, FALSE);

  care_medicine_stock_clear (stock);
  batches = care_store_list (store, E ("stock_batch"), "medicine_id", medicine_id, NULL, 0, error);
  if (batches == NULL)
    return FALSE;
  for (guint i = 0; i < batches->len; i++)
    {
      CareRecord *batch = g_ptr_array_index (batches, i);
      gint64 quantity = care_record_get_int (batch, "quantity", 0);

      if (quantity > 0 && care_stock_batch_usable (batch, today))
        stock->on_hand += quantity;
    }
  first = care_stock_fefo (batches, today);
  stock->nearest_expiry = first ? g_strdup (care_record_get (first, "expiry_date")) : NULL;
  return TRUE;
}

char *
care_prescribing_stock_text (const CareMedicineStock *stock,
                             const char              *today)
{
  g_autofree char *expiry = NULL;
  g_autofree char *soon = NULL;
  g_autoptr(GDateTime) day = NULL;

  if (stock->on_hand <= 0)
    return g_strdup (_("Out of stock at the pharmacy"));
  if (stock->nearest_expiry)
    {
      g_autofree char *midnight = g_strconcat (stock->nearest_expiry, "T00:00:00Z", NULL);

      day = g_date_time_new_from_iso8601 (midnight, NULL);
    }
  /* Translators: a date in the stock line; see g_date_time_format() */
  expiry = day ? g_date_time_format (day, _("%-e %b %Y")) : g_strdup (stock->nearest_expiry ? stock->nearest_expiry : "—");
  soon = stock->nearest_expiry ? care_stock_expiry_text (stock->nearest_expiry, today) : NULL;
  if (soon)
    /* Translators: "120 in stock · first batch expires 3 Mar 2027 (Expires in 12 days)" */
    return g_strdup_printf (ngettext ("%d in stock · first batch expires %s (%s)",
                                      "%d in stock · first batch expires %s (%s)", stock->on_hand),
                            (int) stock->on_hand, expiry, soon);
  /* Translators: "120 in stock · first batch expires 3 Mar 2027" */
  return g_strdup_printf (ngettext ("%d in stock · first batch expires %s",
                                    "%d in stock · first batch expires %s", stock->on_hand),
                          (int) stock->on_hand, expiry);
}

GPtrArray *
care_prescribing_find_medicines (CareStore   *store,
                                 const char  *text,
                                 guint        limit,
                                 GError     **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *wanted = g_utf8_casefold (text ? g_strstrip (g_strdup (text)) : "", -1);
  GPtrArray *found;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  all = care_store_list (store, E ("medicine"), NULL, NULL, "name", 0, error);
  if (all == NULL)
    return NULL;
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  for (guint i = 0; i < all->len && (limit == 0 || found->len < limit); i++)
    {
      CareRecord *medicine = g_ptr_array_index (all, i);
      g_autofree char *name = g_utf8_casefold (care_record_get (medicine, "name") ?: "", -1);
      g_autofree char *generic = g_utf8_casefold (care_record_get (medicine, "generic_name") ?: "", -1);

      if (strstr (name, wanted) || strstr (generic, wanted))
        g_ptr_array_add (found, care_record_ref (medicine));
    }
  return found;
}

char *
care_prescribing_medicine_line (CareRecord *medicine)
{
  const char *form = care_field_choice_label (care_entity_field (E ("medicine"), "form"),
                                              care_record_get (medicine, "form"));
  const char *strength = care_record_get (medicine, "strength");

  /* Translators: a medicine's form and strength: "Capsule · 500 mg" */
  return strength && *strength ? g_strdup_printf (_("%s · %s"), form, strength) : g_strdup (form);
}

/* --- writing a prescription ---------------------------------------------------------- */

GPtrArray *
care_prescribing_warnings (CareStore   *store,
                           const char  *patient_id,
                           GPtrArray   *items,
                           GError     **error)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (CARE_IS_STORE (store) && patient_id != NULL && items != NULL, NULL);

  for (guint i = 0; i < items->len; i++)
    {
      const char *name = care_record_get (g_ptr_array_index (items, i), "medicine_name");
      g_autoptr(GPtrArray) found = NULL;
      g_autofree char *key = NULL;

      if (name == NULL || *name == '\0')
        continue;
      found = care_prescriptions_check_medicine (store, patient_id, name, error);
      if (found == NULL)
        return NULL;
      for (guint j = 0; j < found->len; j++)
        g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (found, j)));
      key = g_utf8_casefold (name, -1);
      if (!g_hash_table_add (seen, g_steal_pointer (&key)))
        g_ptr_array_add (warnings, g_strdup_printf (_("%s is prescribed twice in this prescription."), name));
    }
  return g_steal_pointer (&warnings);
}

static CareRecord *
medication_of (CareRecord *item,
               const char *patient_id,
               const char *prescriber,
               const char *today)
{
  CareRecord *medication = care_record_new (E ("medication"));

  care_record_set (medication, "patient_id", patient_id);
  care_record_set (medication, "name", care_record_get (item, "medicine_name"));
  care_record_set (medication, "dose", care_record_get (item, "dose"));
  care_record_set (medication, "route", care_record_get (item, "route"));
  care_record_set (medication, "frequency", care_record_get (item, "frequency"));
  care_record_set (medication, "instructions", care_record_get (item, "instructions"));
  care_record_set (medication, "status", "active");
  care_record_set (medication, "started_on", today);
  care_record_set (medication, "prescribed_by", prescriber);
  return medication;
}

static gboolean
check_prescription (CareStore   *store,
                    const char  *patient_id,
                    GPtrArray   *items,
                    const char  *override_reason,
                    GError     **error)
{
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *why = g_strstrip (g_strdup (override_reason ? override_reason : ""));

  if (items->len == 0)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, E ("prescription_item"),
                                 "medicine_name", _("Add at least one medicine to the prescription."));
      return FALSE;
    }
  warnings = care_prescribing_warnings (store, patient_id, items, error);
  if (warnings == NULL)
    return FALSE;
  if (warnings->len > 0 && *why == '\0')
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, E ("prescription"),
                                 "override_reason", _("Say why you prescribe despite the warning, or change the prescription."));
      return FALSE;
    }
  return TRUE;
}

CareRecord *
care_prescribing_save (CareStore   *store,
                       const char  *patient_id,
                       GPtrArray   *items,
                       gint64       refills_allowed,
                       const char  *notes,
                       const char  *override_reason,
                       GError     **error)
{
  g_autoptr(CareRecord) rx = NULL;
  g_autofree char *today = care_clock_today ();
  const char *actor;

  g_return_val_if_fail (CARE_IS_STORE (store) && patient_id != NULL && items != NULL, NULL);

  actor = care_store_get_actor (store);
  if (!check_prescription (store, patient_id, items, override_reason, error))
    return NULL;
  rx = care_record_new (E ("prescription"));
  care_record_set (rx, "patient_id", patient_id);
  care_record_set (rx, "prescriber_id", actor);
  care_record_set (rx, "issued_on", today);
  care_record_set (rx, "status", "active");
  care_record_set_int (rx, "refills_allowed", refills_allowed);
  care_record_set_int (rx, "refills_used", 0);
  if (notes && *notes)
    care_record_set (rx, "notes", notes);
  if (override_reason && *override_reason)
    care_record_set (rx, "override_reason", override_reason);
  if (!care_store_begin (store, error))
    return NULL;
  if (!care_store_insert (store, rx, error))
    goto fail;
  for (guint i = 0; i < items->len; i++)
    {
      CareRecord *item = g_ptr_array_index (items, i);
      g_autoptr(CareRecord) medication = NULL;

      care_record_set (item, "prescription_id", care_record_get_id (rx));
      if (!care_store_insert (store, item, error))
        goto fail;
      medication = medication_of (item, patient_id, actor, today);
      if (!care_store_insert (store, medication, error))
        goto fail;
    }
  if (!care_store_commit (store, error))
    goto fail;
  return g_steal_pointer (&rx);

fail:
  care_store_rollback (store);
  return NULL;
}

/* --- refills ------------------------------------------------------------------------- */

GPtrArray *
care_prescribing_pending_refills (CareStore   *store,
                                  const char  *prescriber_id,
                                  GError     **error)
{
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  requests = care_store_list (store, E ("refill_request"), "status", "pending", "created_at", 0, error);
  if (requests == NULL)
    return NULL;
  for (guint i = 0; i < requests->len; i++)
    {
      CareRecord *request = g_ptr_array_index (requests, i);
      g_autoptr(CareRecord) rx = NULL;

      if (prescriber_id)
        {
          rx = care_store_get (store, E ("prescription"), care_record_get (request, "prescription_id"), NULL);
          if (rx == NULL || g_strcmp0 (care_record_get (rx, "prescriber_id"), prescriber_id) != 0)
            continue;
        }
      g_ptr_array_add (mine, care_record_ref (request));
    }
  return g_steal_pointer (&mine);
}

char *
care_prescribing_refill_summary (CareStore  *store,
                                 CareRecord *refill)
{
  const char *rx_id = care_record_get (refill, "prescription_id");
  g_autoptr(CareRecord) rx = care_store_get (store, E ("prescription"), rx_id, NULL);
  g_autoptr(GPtrArray) items = care_store_list (store, E ("prescription_item"), "prescription_id", rx_id, "id", 0, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 used, allowed;

  g_return_val_if_fail (CARE_IS_STORE (store) && refill != NULL, NULL);

  for (guint i = 0; items && i < items->len; i++)
    {
      CareRecord *item = g_ptr_array_index (items, i);

      if (text->len)
        g_string_append (text, "; ");
      /* Translators: a medicine of a refill request: "Amoxicillin 500 500 mg every 8 hours" */
      g_string_append_printf (text, _("%s %s %s"), care_record_get (item, "medicine_name"),
                              care_record_get (item, "dose"), care_record_get (item, "frequency"));
    }
  if (rx == NULL)
    return g_strdup (_("The prescription of this request no longer exists."));
  used = care_record_get_int (rx, "refills_used", 0);
  allowed = care_record_get_int (rx, "refills_allowed", 0);
  if (text->len)
    g_string_append (text, " · ");
  /* Translators: how many of a prescription's refills are used: "1 of 3 refills used" */
  g_string_append_printf (text, ngettext ("%d of %d refill used",
                                          "%d of %d refills used", allowed),
                          (int) used, (int) allowed);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
care_prescribing_decide_refill (CareStore   *store,
                                const char  *refill_id,
                                gboolean     approve,
                                const char  *reason,
                                GError     **error)
{
  g_autoptr(CareRecord) refill = NULL;
  g_autoptr(CareRecord) rx = NULL;
  g_autoptr(CareRecord) order = NULL;
  const char *actor;

  g_return_val_if_fail (CARE_IS_STORE (store) && refill_id != NULL, FALSE);

  actor = care_store_get_actor (store);
  refill = care_store_get (store, E ("refill_request"), refill_id, error);
  if (refill == NULL)
    return FALSE;
  if (!approve)
    return care_prescriptions_refuse_refill (refill, reason, actor, error) &&
           care_store_update (store, refill, error);
  rx = care_store_get (store, E ("prescription"), care_record_get (refill, "prescription_id"), NULL);
  order = care_prescriptions_decide_refill (refill, rx, TRUE, actor, error);
  if (order == NULL)
    return FALSE;
  if (!care_store_begin (store, error))
    return FALSE;
  if (care_store_update (store, rx, error) && care_store_insert (store, order, error) &&
      care_store_update (store, refill, error) && care_store_commit (store, error))
    return TRUE;
  care_store_rollback (store);
  return FALSE;
}
