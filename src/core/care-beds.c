/* care-beds.c: admitting a patient to a bed, transferring, discharging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-beds"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-beds.h"
#include "care-uuid.h"

static const CareRuleStep bed_steps[] = {
  { "available", (const char *const[]) { "occupied", "cleaning", "reserved", "out_of_service", NULL } },
  { "reserved", (const char *const[]) { "occupied", "available", "out_of_service", NULL } },
  { "occupied", (const char *const[]) { "cleaning", NULL } },
  { "cleaning", (const char *const[]) { "available", "out_of_service", NULL } },
  { "out_of_service", (const char *const[]) { "available", "cleaning", NULL } },
};

/* What a nurse may set by hand: a bed becomes occupied only by an
 * admission and is left only by a discharge or a transfer. */
static const CareRuleStep manual_steps[] = {
  { "available", (const char *const[]) { "cleaning", "reserved", "out_of_service", NULL } },
  { "reserved", (const char *const[]) { "available", "out_of_service", NULL } },
  { "cleaning", (const char *const[]) { "available", "out_of_service", NULL } },
  { "out_of_service", (const char *const[]) { "available", "cleaning", NULL } },
};

static const CareRuleStep admission_steps[] = {
  { "active", (const char *const[]) { "transferred", "discharged", NULL } },
};

static gboolean
check_available (CareRecord  *bed,
                 GError     **error)
{
  g_autofree char *detail = NULL;
  const CareEntity *entity;

  /* A reservation holds the bed for the patient who is admitted to it. */
  if (g_strcmp0 (care_record_get (bed, "status"), "available") == 0 ||
      g_strcmp0 (care_record_get (bed, "status"), "reserved") == 0)
    return TRUE;
  entity = care_record_get_entity (bed);
  /* Translators: a bed's label, then its status, e.g. "A1-2" and "Occupied" */
  detail = g_strdup_printf (_("Bed %s is “%s”; only an available bed takes a patient."),
                            care_record_get (bed, "label"),
                            care_field_choice_label (care_entity_field (entity, "status"), care_record_get (bed, "status")));
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, entity, "status", detail);
  return FALSE;
}

static gboolean
check_admitted (CareRecord  *admission,
                GError     **error)
{
  if (admission && g_strcmp0 (care_record_get (admission, "status"), "active") == 0)
    return TRUE;
  g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, _("Nobody is admitted to this bed."));
  return FALSE;
}

static CareRecord *
admission_new (CareRecord *bed,
               const char *patient_id,
               const char *reason,
               const char *actor)
{
  CareRecord *admission = care_record_new (care_schema_lookup ("bed_allocation"));
  g_autofree char *now = care_now_iso8601 ();

  care_record_set (admission, "bed_id", care_record_get_id (bed));
  care_record_set (admission, "patient_id", patient_id);
  care_record_set (admission, "admitted_at", now);
  care_record_set (admission, "admitted_by", actor);
  care_record_set (admission, "reason", reason);
  care_record_set (admission, "status", "active");
  care_record_set (bed, "status", "occupied");
  return admission;
}

static void
end_admission (CareRecord *bed,
               CareRecord *admission,
               const char *how)
{
  g_autofree char *now = care_now_iso8601 ();

  care_record_set (admission, "status", how);
  care_record_set (admission, "released_at", now);
  care_record_set (bed, "status", "cleaning");
}

CareRecord *
care_beds_admit (CareRecord  *bed,
                 const char  *patient_id,
                 const char  *reason,
                 const char  *actor,
                 GError     **error)
{
  if (!check_available (bed, error))
    return NULL;
  return admission_new (bed, patient_id, reason, actor);
}

gboolean
care_beds_discharge (CareRecord  *bed,
                     CareRecord  *admission,
                     GError     **error)
{
  if (!check_admitted (admission, error))
    return FALSE;
  end_admission (bed, admission, "discharged");
  return TRUE;
}

CareRecord *
care_beds_transfer (CareRecord  *bed,
                    CareRecord  *admission,
                    CareRecord  *target,
                    const char  *reason,
                    const char  *actor,
                    GError     **error)
{
  CareRecord *next;

  if (!check_available (target, error) || !check_admitted (admission, error))
    return NULL;
  next = admission_new (target, care_record_get (admission, "patient_id"),
                        reason ? reason : care_record_get (admission, "reason"), actor);
  care_record_set (next, "transferred_from_id", care_record_get_id (admission));
  end_admission (bed, admission, "transferred");
  return next;
}

gboolean
care_beds_set_status (CareRecord  *bed,
                      const char  *status,
                      GError     **error)
{
  if (!care_rules_check_action (care_record_get_entity (bed), "status", manual_steps, G_N_ELEMENTS (manual_steps),
                                care_record_get (bed, "status"), status, error))
    return FALSE;
  care_record_set (bed, "status", status);
  return TRUE;
}

gboolean
care_beds_can_set_status (const char *from,
                          const char *to)
{
  return care_rules_check_action (care_schema_lookup ("bed"), "status", manual_steps, G_N_ELEMENTS (manual_steps),
                                  from, to, NULL);
}

static gboolean
prepare_bed (CareRuleContext *ctx,
             CareRecord      *before,
             CareRecord      *bed,
             GError         **error)
{
  return care_rules_check_status_change (before, bed, bed_steps, G_N_ELEMENTS (bed_steps), error);
}

static gboolean
prepare_admission (CareRuleContext *ctx,
                   CareRecord      *before,
                   CareRecord      *admission,
                   GError         **error)
{
  const char *to = care_record_get (admission, "status");

  if (before)
    {
      if (!care_rules_check_status_change (before, admission, admission_steps, G_N_ELEMENTS (admission_steps), error))
        return FALSE;
      if (g_strcmp0 (to, "active") != 0 && care_record_get (admission, "released_at") == NULL)
        {
          g_autofree char *now = care_now_iso8601 ();
          care_record_set (admission, "released_at", now);
        }
      return TRUE;
    }
  if (care_record_get (admission, "admitted_at") == NULL)
    {
      g_autofree char *now = care_now_iso8601 ();
      care_record_set (admission, "admitted_at", now);
    }
  /* Whether the bed was free is care_beds_admit()'s to say: a
   * workstation's upload may bring the bed already occupied. */
  care_rules_set_default (admission, "status", "active");
  return TRUE;
}

const CareEntityRules *
care_beds_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "bed", prepare_bed, NULL, NULL, NULL },
    { "bed_allocation", prepare_admission, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}
