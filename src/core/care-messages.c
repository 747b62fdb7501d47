/* care-messages.c: messages between staff and patients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-messages"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-messages.h"
#include "care-uuid.h"

void
care_messages_mark_read (CareRecord *message)
{
  if (care_record_get (message, "read_at") == NULL)
    {
      g_autofree char *now = care_now_iso8601 ();
      care_record_set (message, "read_at", now);
    }
}

static gboolean
prepare_message (CareRuleContext *ctx,
                 CareRecord      *before,
                 CareRecord      *message,
                 GError         **error)
{
  const char *to = care_record_get (message, "recipient_id");
  g_autoptr(CareRecord) user = NULL;
  g_autoptr(CareRecord) patient = NULL;

  if (to == NULL || (before && g_strcmp0 (care_record_get (before, "recipient_id"), to) == 0))
    return TRUE;
  user = ctx->get (ctx, care_schema_lookup ("user"), to);
  patient = user ? NULL : ctx->get (ctx, care_schema_lookup ("patient"), to);
  if (user == NULL && patient == NULL)
    care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_record_get_entity (message),
                               "recipient_id", _("No staff member or patient with this id exists in this clinic."));
  else if (ctx->patient_id && user == NULL)
    care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_record_get_entity (message),
                               "recipient_id", _("Patients can write to the clinic's staff only."));
  else
    return TRUE;
  return FALSE;
}

const CareEntityRules *
care_messages_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "message", prepare_message, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}
