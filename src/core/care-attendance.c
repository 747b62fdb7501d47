/* care-attendance.c: staff checking in and out of their day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-attendance"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-attendance.h"
#include "care-uuid.h"

CareRecord *
care_attendance_check_in (CareRecord  *open,
                          const char  *user_id,
                          GError     **error)
{
  g_autofree char *now = NULL;
  g_autofree char *day = NULL;
  CareRecord *attendance;

  if (open)
    {
      g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, _("You are already checked in; check out first."));
      return NULL;
    }
  now = care_now_iso8601 ();
  day = g_strndup (now, 10);
  attendance = care_record_new (care_schema_lookup ("attendance"));
  care_record_set (attendance, "user_id", user_id);
  care_record_set (attendance, "day", day);
  care_record_set (attendance, "check_in", now);
  return attendance;
}

gboolean
care_attendance_check_out (CareRecord  *open,
                           GError     **error)
{
  g_autofree char *now = NULL;

  if (open == NULL || care_record_get (open, "check_out"))
    {
      g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, _("You are not checked in."));
      return FALSE;
    }
  now = care_now_iso8601 ();
  care_record_set (open, "check_out", now);
  return TRUE;
}

static gboolean
prepare_attendance (CareRuleContext *ctx,
                    CareRecord      *before,
                    CareRecord      *attendance,
                    GError         **error)
{
  const char *in = care_record_get (attendance, "check_in");
  const char *out = care_record_get (attendance, "check_out");

  if (in == NULL || out == NULL || g_strcmp0 (out, in) >= 0)
    return TRUE;
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_record_get_entity (attendance),
                             "check_out", _("The check-out must come after the check-in."));
  return FALSE;
}

const CareEntityRules *
care_attendance_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "attendance", prepare_attendance, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}
