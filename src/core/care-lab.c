/* care-lab.c: a lab test from request to review, and its results' flags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-lab.h"
#include "care-uuid.h"

static const CareRuleStep steps[] = {
  { "requested", (const char *const[]) { "assigned", "collected", "completed", "cancelled", NULL } },
  { "assigned", (const char *const[]) { "collected", "in_progress", "completed", "cancelled", NULL } },
  { "collected", (const char *const[]) { "in_progress", "completed", "cancelled", NULL } },
  { "in_progress", (const char *const[]) { "completed", "cancelled", NULL } },
  { "completed", (const char *const[]) { "reviewed", NULL } },
};

static const CareEntity *
lab_test (void)
{
  return care_schema_lookup ("lab_test");
}

static void
stamp (CareRecord *test,
       const char *field)
{
  g_autofree char *now = care_now_iso8601 ();
  care_record_set (test, field, now);
}

gboolean
care_lab_set_status (CareRecord  *test,
                     const char  *to,
                     const char  *technician,
                     const char  *actor,
                     GError     **error)
{
  const char *from = care_record_get (test, "status");
  const CareField *status = care_entity_field (lab_test (), "status");

  if (to == NULL || g_str_equal (to, "reviewed") || g_str_equal (to, "requested") ||
      !g_strv_contains (status->choices, to))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, lab_test (), "status",
                                 _("Choose assigned, collected, in progress, completed or cancelled; a doctor reviews the results."));
      return FALSE;
    }
  if (!care_rules_check_action (lab_test (), "status", steps, G_N_ELEMENTS (steps), from, to, error))
    return FALSE;
  care_record_set (test, "status", to);
  if (g_str_equal (to, "assigned") || care_record_get (test, "technician_id") == NULL)
    care_record_set (test, "technician_id", technician ? technician : actor);
  if (g_str_equal (to, "collected"))
    stamp (test, "collected_at");
  if (g_str_equal (to, "completed"))
    stamp (test, "completed_at");
  return TRUE;
}

gboolean
care_lab_review (CareRecord  *test,
                 const char  *reviewer,
                 GError     **error)
{
  if (!care_rules_check_action (lab_test (), "status", steps, G_N_ELEMENTS (steps),
                                care_record_get (test, "status"), "reviewed", error))
    return FALSE;
  care_record_set (test, "status", "reviewed");
  care_record_set (test, "reviewed_by", reviewer);
  stamp (test, "reviewed_at");
  return TRUE;
}

gboolean
care_lab_check_results (CareRecord  *test,
                        GError     **error)
{
  const char *status = care_record_get (test, "status");

  if (g_strcmp0 (status, "reviewed") != 0 && g_strcmp0 (status, "cancelled") != 0)
    return TRUE;
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, lab_test (), "status",
                             _("A reviewed or cancelled test takes no more results."));
  return FALSE;
}

char *
care_lab_compute_flag (CareRecord *result)
{
  const char *value = care_record_get (result, "value");
  const char *low = care_record_get (result, "reference_low");
  const char *high = care_record_get (result, "reference_high");
  char *end = NULL;
  double x;

  if (value == NULL)
    return NULL;
  x = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0')
    {
      const char *text = care_record_get (result, "reference_text");
      if (text == NULL)
        return NULL;
      return g_strdup (g_ascii_strcasecmp (text, value) == 0 ? "normal" : "abnormal");
    }
  if (low && x < g_ascii_strtod (low, NULL))
    return g_strdup (x < g_ascii_strtod (low, NULL) * 0.7 ? "critical_low" : "low");
  if (high && x > g_ascii_strtod (high, NULL))
    return g_strdup (x > g_ascii_strtod (high, NULL) * 1.3 ? "critical_high" : "high");
  if (low || high)
    return g_strdup ("normal");
  return NULL;
}

static gboolean
prepare_test (CareRuleContext *ctx,
              CareRecord      *before,
              CareRecord      *test,
              GError         **error)
{
  const char *from = before ? care_record_get (before, "status") : NULL;
  const char *to = care_record_get (test, "status");

  if (before == NULL || g_strcmp0 (from, to) == 0)
    return TRUE;
  if (!care_rules_check_step (lab_test (), "status", steps, G_N_ELEMENTS (steps), from, to, error))
    return FALSE;
  if (g_strcmp0 (to, "completed") == 0 && care_record_get (test, "completed_at") == NULL)
    stamp (test, "completed_at");
  return TRUE;
}

static gboolean
prepare_result (CareRuleContext *ctx,
                CareRecord      *before,
                CareRecord      *result,
                GError         **error)
{
  g_autofree char *flag = care_lab_compute_flag (result);

  /* Whether the test still takes results is care_lab_check_results()'s
   * to say where results are entered: a workstation's upload may bring
   * the test's later status before its results. */
  care_record_set (result, "flag", flag);
  return TRUE;
}

const CareEntityRules *
care_lab_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "lab_test", prepare_test, NULL, NULL, NULL },
    { "lab_result", prepare_result, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}
