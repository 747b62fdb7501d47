/* care-treatments.c: treatments given at a visit, with their cost, written with its note and billed for it
 *
 * The doctor lists what was done at the visit (a dressing, an injection,
 * a minor procedure) with its cost in the note; each is a treatment
 * record tied to the note and its visit, so that reception's "Add Visit
 * Items" proposes it (care-billing.c) and it is billed once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-treatments"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-billing.h"
#include "care-clock.h"
#include "care-notes.h"
#include "care-treatments.h"

#define E(name) care_schema_lookup (name)

CareRecord *
care_treatments_new (CareStore   *store,
                     const char  *name,
                     const char  *cost,
                     GError     **error)
{
  g_autoptr(CareRecord) clinic = NULL;
  g_autoptr(CareRecord) treatment = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *typed = g_strstrip (g_strdup (cost ? cost : ""));
  gint64 amount;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (*trimmed == '\0')
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, E ("treatment"), "treatment_type",
                                 _("Name the treatment given, or remove its line."));
      return NULL;
    }
  clinic = care_store_get_clinic (store);
  if (*typed == '\0')
    amount = care_billing_get_price (store, "procedure");
  else if (!care_billing_parse_money (typed, clinic ? care_record_get (clinic, "currency") : NULL, &amount) ||
           amount < 0)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, E ("treatment"), "cost",
                                 _("Enter the cost as an amount, such as 25.00."));
      return NULL;
    }
  treatment = care_record_new (E ("treatment"));
  care_record_set (treatment, "treatment_type", trimmed);
  care_record_set_int (treatment, "cost", amount);
  return g_steal_pointer (&treatment);
}

gboolean
care_treatments_sign_note (CareStore   *store,
                           CareRecord  *note,
                           GPtrArray   *treatments,
                           GError     **error)
{
  g_autofree char *today = care_clock_today ();

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (note != NULL, FALSE);

  if (!care_store_begin (store, error))
    return FALSE;
  if (!care_notes_sign (store, note, error))
    goto failed;
  for (guint i = 0; treatments && i < treatments->len; i++)
    {
      CareRecord *t = g_ptr_array_index (treatments, i);

      care_record_set (t, "patient_id", care_record_get (note, "patient_id"));
      care_record_set (t, "note_id", care_record_get_id (note));
      care_record_set (t, "appointment_id", care_record_get (note, "appointment_id"));
      care_record_set (t, "status", "completed");
      care_record_set (t, "started_on", today);
      care_record_set (t, "completed_on", today);
      if (!care_store_insert (store, t, error))
        goto failed;
    }
  return care_store_commit (store, error);

failed:
  care_store_rollback (store);
  return FALSE;
}

GPtrArray *
care_treatments_of_note (CareStore   *store,
                         const char  *note_id,
                         GError     **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (note_id != NULL, NULL);

  return care_store_list (store, E ("treatment"), "note_id", note_id, "created_at", 0, error);
}

GPtrArray *
care_treatments_of_note_versions (CareStore        *store,
                                  const CareRecord *note,
                                  GError          **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  g_autoptr(CareRecord) version = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (note != NULL, NULL);

  version = care_record_ref ((CareRecord *) note);
  /* Newest version first, each one's treatments put before the later ones'.
   * The chain is short (a handful of amendments) and never loops: an
   * amendment refers to a note that existed before it. */
  while (version != NULL)
    {
      g_autoptr(GPtrArray) given = care_treatments_of_note (store, care_record_get_id (version), error);
      g_autofree char *amends = g_strdup (care_record_get (version, "amends_id"));

      if (given == NULL)
        return NULL;
      for (guint i = given->len; i > 0; i--)
        g_ptr_array_insert (all, 0, care_record_ref (given->pdata[i - 1]));
      g_clear_pointer (&version, care_record_unref);
      if (amends != NULL)
        version = care_store_get (store, E ("clinical_note"), amends, NULL);
    }
  return g_steal_pointer (&all);
}
