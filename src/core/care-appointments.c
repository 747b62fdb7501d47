/* care-appointments.c: the life of an appointment, from request to visit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-appointments"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-appointments.h"
#include "care-clock.h"
#include "care-follow-ups.h"
#include "care-schedule.h"
#include "care-store-rules.h"
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

static gboolean
is_blank (const char *text)
{
  for (; text && *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/* A rejected request tells the patient why. */
static gboolean
check_reason (const char *from,
              const char *to,
              const char *reason,
              GError    **error)
{
  if (g_strcmp0 (to, "rejected") != 0 || g_strcmp0 (from, to) == 0 || !is_blank (reason))
    return TRUE;
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_schema_lookup ("appointment"),
                             "status_reason", _("Say why the request is rejected; the patient is told."));
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

  if (!care_appointments_check_step (from, to, error) || !check_reason (from, to, reason, error))
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
  /* A replayed offline rejection is kept as it was written. */
  if (!ctx->replayed &&
      !check_reason (care_record_get (before, "status"), to, care_record_get (appointment, "status_reason"), error))
    return FALSE;
  entered (appointment, care_record_get (before, "status"), to);
  return TRUE;
}

gboolean
care_appointments_save (CareStore  *store,
                        CareRecord *before,
                        CareRecord *appointment,
                        GError    **error)
{
  CareRuleContext ctx;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (appointment != NULL, FALSE);

  /* Only the rules whose records a workstation may write itself: who is
   * told of the appointment (care-notifications.c) is the server's to
   * write when the appointment reaches it. */
  care_store_rule_context_init (&ctx, store);
  if (!care_store_begin (store, error))
    return FALSE;
  if (care_follow_ups_on_appointment (&ctx, before, appointment, error) &&
      (before ? care_store_update (store, appointment, error) : care_store_insert (store, appointment, error)))
    return care_store_commit (store, error);
  care_store_rollback (store);
  return FALSE;
}

static int
by_start (gconstpointer a,
          gconstpointer b)
{
  return g_strcmp0 (care_record_get (*(CareRecord **) a, "starts_at"),
                    care_record_get (*(CareRecord **) b, "starts_at"));
}

GPtrArray *
care_appointments_list_requests (CareStore  *store,
                                 const char *doctor_id,
                                 GError    **error)
{
  g_autoptr(GPtrArray) requested = NULL;
  GPtrArray *mine;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  requested = care_store_list (store, care_schema_lookup ("appointment"), "status", "requested", "starts_at", 0, error);
  if (requested == NULL)
    return NULL;
  mine = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  for (guint i = 0; i < requested->len; i++)
    if (doctor_id == NULL || g_strcmp0 (care_record_get (requested->pdata[i], "provider_id"), doctor_id) == 0)
      g_ptr_array_add (mine, care_record_ref (requested->pdata[i]));
  g_ptr_array_sort (mine, by_start);
  return mine;
}

const char *
care_appointments_inbox_doctor (const char *role,
                                const char *user_id)
{
  return g_strcmp0 (role, CARE_ROLE_DOCTOR) == 0 ? user_id : NULL;
}

gboolean
care_appointments_answer_request (CareStore   *store,
                                  const char  *appointment_id,
                                  gboolean     accept,
                                  const char  *reason,
                                  GTimeZone   *tz,
                                  CareRecord **previous,
                                  GError     **error)
{
  g_autoptr(CareRecord) before = NULL;
  g_autoptr(CareRecord) appointment = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  before = care_store_get (store, care_schema_lookup ("appointment"), appointment_id, error);
  if (before == NULL)
    return FALSE;
  appointment = care_record_copy (before);
  if (!care_appointments_step (appointment, accept ? "scheduled" : "rejected", accept ? NULL : reason, error))
    return FALSE;
  /* A yes books the time: it must still be free. */
  if (accept && !care_schedule_check_booking (store, appointment, tz, error))
    return FALSE;
  if (!care_appointments_save (store, before, appointment, error))
    return FALSE;
  if (previous)
    *previous = g_steal_pointer (&before);
  return TRUE;
}

gboolean
care_appointments_due_reminder (const CareRecord *appointment,
                                gint64            now,
                                gint64            lead)
{
  const char *status = care_record_get (appointment, "status");
  gint64 starts = 0;

  if (g_strcmp0 (status, "scheduled") != 0 && g_strcmp0 (status, "accepted") != 0)
    return FALSE;
  if (!care_clock_parse_instant (care_record_get (appointment, "starts_at"), &starts))
    return FALSE;
  return starts > now && starts - now <= lead;
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
