/* care-forms.c: forms patients fill in, and the clinic's review of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-forms"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-forms.h"
#include "care-uuid.h"

static const char *const outcomes[] = { "reviewed", "approved", "rejected", NULL };

static const CareRuleStep steps[] = {
  { "pending", outcomes },
  { "reviewed", (const char *const[]) { "approved", "rejected", NULL } },
};

gboolean
care_forms_review (CareRecord  *form,
                   const char  *outcome,
                   const char  *reviewer,
                   const char  *notes,
                   GError     **error)
{
  const CareEntity *entity = care_record_get_entity (form);
  g_autofree char *now = NULL;

  if (outcome == NULL || !g_strv_contains (outcomes, outcome))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, entity, "status",
                                 _("A review ends as reviewed, approved or rejected."));
      return FALSE;
    }
  if (!care_rules_check_action (entity, "status", steps, G_N_ELEMENTS (steps),
                                care_record_get (form, "status"), outcome, error))
    return FALSE;
  now = care_now_iso8601 ();
  care_record_set (form, "status", outcome);
  care_record_set (form, "reviewed_by", reviewer);
  care_record_set (form, "reviewed_at", now);
  if (notes)
    care_record_set (form, "review_notes", notes);
  return TRUE;
}

static gboolean
prepare_form (CareRuleContext *ctx,
              CareRecord      *before,
              CareRecord      *form,
              GError         **error)
{
  if (before)
    return care_rules_check_status_change (before, form, steps, G_N_ELEMENTS (steps), error);
  if (ctx->patient_id)
    care_record_set (form, "status", "pending");
  return TRUE;
}

const CareEntityRules *
care_forms_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "form_submission", prepare_form, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}
