/* care-appointments.c: the life of an appointment, from request to visit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-appointments"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-appointments.h"
#include "care-uuid.h"

static const struct {
  const char        *from;
  const char *const *to;
} steps[] = {
  { "requested", (const char *const[]) { "scheduled", "accepted", "rejected", "cancelled", NULL } },
  { "scheduled", (const char *const[]) { "accepted", "rejected", "checked_in", "cancelled", "no_show", NULL } },
  { "accepted", (const char *const[]) { "checked_in", "cancelled", "no_show", NULL } },
  { "checked_in", (const char *const[]) { "in_consultation", "completed", NULL } },
  { "in_consultation", (const char *const[]) { "completed", NULL } },
};

static const char *const none[] = { NULL };

const char *const *
care_appointments_next_statuses (const char *from)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_strcmp0 (steps[i].from, from) == 0)
      return steps[i].to;
  return none;
}

static const char *
label (const char *status)
{
  const CareEntity *entity = care_schema_lookup ("appointment");
  const CareField *field = care_entity_field (entity, "status");

  return status ? care_field_choice_label (field, status) : _("none");
}

gboolean
care_appointments_check_status (const char *from,
                                const char *to,
                                GError    **error)
{
  const CareEntity *entity = care_schema_lookup ("appointment");
  g_autofree char *message = NULL;

  if (g_strcmp0 (from, to) == 0 || g_strv_contains (care_appointments_next_statuses (from), to ? to : ""))
    return TRUE;
  if (g_strv_length ((char **) care_appointments_next_statuses (from)) == 0)
    /* Translators: %s is an appointment's status, e.g. "Completed" */
    message = g_strdup_printf (_("An appointment that is “%s” can no longer change."), label (from));
  else
    /* Translators: both are an appointment's statuses, e.g. "Completed" and "Cancelled" */
    message = g_strdup_printf (_("An appointment that is “%s” cannot become “%s”."), label (from), label (to));
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, entity, "status", message);
  return FALSE;
}

gboolean
care_appointments_check_step (const char *from,
                              const char *to,
                              GError    **error)
{
  g_autofree char *message = NULL;

  if (g_strcmp0 (from, to) != 0)
    return care_appointments_check_status (from, to, error);
  /* Translators: %s is an appointment's status, e.g. "Checked in" */
  message = g_strdup_printf (_("The appointment is “%s” already."), label (to));
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE,
                             care_schema_lookup ("appointment"), "status", message);
  return FALSE;
}

/* What entering a status brings with it. */
static void
entered (CareRecord *appointment,
         const char *from,
         const char *to)
{
  if (g_strcmp0 (to, "checked_in") == 0 && g_strcmp0 (from, to) != 0)
    {
      g_autofree char *now = care_now_iso8601 ();
      care_record_set (appointment, "checked_in_at", now);
    }
}

gboolean
care_appointments_step (CareRecord *appointment,
                        const char *to,
                        const char *reason,
                        GError    **error)
{
  g_autofree char *from = g_strdup (care_record_get (appointment, "status"));

  g_return_val_if_fail (appointment != NULL, FALSE);

  if (!care_appointments_check_step (from, to, error))
    return FALSE;
  care_record_set (appointment, "status", to);
  entered (appointment, from, to);
  if (reason && reason[0])
    care_record_set (appointment, "status_reason", reason);
  return TRUE;
}

static gboolean
prepare_appointment (CareRuleContext *ctx,
                     CareRecord      *before,
                     CareRecord      *appointment,
                     GError         **error)
{
  const char *to;

  if (before == NULL)
    {
      /* A patient asks; the clinic books. */
      if (ctx->patient_id)
        care_record_set (appointment, "status", "requested");
      else
        care_rules_set_default (appointment, "status", "scheduled");
      return TRUE;
    }
  to = care_record_get (appointment, "status");
  if (!care_appointments_check_status (care_record_get (before, "status"), to, error))
    return FALSE;
  entered (appointment, care_record_get (before, "status"), to);
  return TRUE;
}

const CareEntityRules *
care_appointments_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "appointment", prepare_appointment, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}
