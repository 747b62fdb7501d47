/* care-lab.c: a lab test from request to verification and review, and its results' flags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "care-lab.h"
#include "care-uuid.h"

static const CareRuleStep steps[] = {
  { "requested", (const char *const[]) { "assigned", "collected", "sent_out", "cancelled", NULL } },
  { "assigned", (const char *const[]) { "collected", "sent_out", "cancelled", NULL } },
  { "collected", (const char *const[]) { "in_progress", "completed", "sent_out", "cancelled", NULL } },
  { "sent_out", (const char *const[]) { "completed", "cancelled", NULL } },
  { "in_progress", (const char *const[]) { "completed", "cancelled", NULL } },
  { "completed", (const char *const[]) { "verified", "reviewed", NULL } },
  { "verified", (const char *const[]) { "reviewed", NULL } },
  /* An amended result puts a reviewed test back for review. */
  { "reviewed", (const char *const[]) { "verified", NULL } },
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

static gboolean
step (CareRecord  *test,
      const char  *to,
      GError     **error)
{
  if (!care_rules_check_action (lab_test (), "status", steps, G_N_ELEMENTS (steps),
                                care_record_get (test, "status"), to, error))
    return FALSE;
  care_record_set (test, "status", to);
  return TRUE;
}

gboolean
care_lab_set_status (CareRecord  *test,
                     const char  *to,
                     const char  *technician,
                     const char  *actor,
                     GError     **error)
{
  static const char *const own[] = { "assigned", "collected", "in_progress", "completed", "sent_out", NULL };

  g_return_val_if_fail (test != NULL, FALSE);

  if (to == NULL || !g_strv_contains (own, to))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, lab_test (), "status",
                                 _("Choose assigned, collected, sent out, in progress or resulted; cancelling needs a reason, "
                                   "verifying is the lab’s last step and a doctor reviews the results."));
      return FALSE;
    }
  if (!step (test, to, error))
    return FALSE;
  if (g_str_equal (to, "assigned") || care_record_get (test, "technician_id") == NULL)
    care_record_set (test, "technician_id", technician ? technician : actor);
  if (g_str_equal (to, "collected"))
    stamp (test, "collected_at");
  if (g_str_equal (to, "completed"))
    stamp (test, "completed_at");
  return TRUE;
}

gboolean
care_lab_cancel (CareRecord  *test,
                 const char  *reason,
                 GError     **error)
{
  g_autofree char *why = g_strstrip (g_strdup (reason ? reason : ""));

  g_return_val_if_fail (test != NULL, FALSE);

  if (*why == '\0')
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, lab_test (), "cancel_reason",
                                 _("Say why the test is cancelled, for the doctor who asked for it."));
      return FALSE;
    }
  if (!step (test, "cancelled", error))
    return FALSE;
  care_record_set (test, "cancel_reason", why);
  return TRUE;
}

gboolean
care_lab_requires_second_verifier (CareRecord *clinic)
{
  return clinic != NULL && care_record_get_bool (clinic, "lab_second_verifier");
}

gboolean
care_lab_verify (CareRecord  *test,
                 const char  *verifier,
                 gboolean     second_person,
                 GError     **error)
{
  g_return_val_if_fail (test != NULL, FALSE);

  if (second_person && verifier && g_strcmp0 (verifier, care_record_get (test, "technician_id")) == 0)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, lab_test (), "verified_by",
                                 _("The clinic asks for a second person: someone other than the technician "
                                   "who entered the results verifies them."));
      return FALSE;
    }
  if (!step (test, "verified", error))
    return FALSE;
  care_record_set (test, "verified_by", verifier);
  stamp (test, "verified_at");
  return TRUE;
}

gboolean
care_lab_review (CareRecord  *test,
                 const char  *reviewer,
                 GError     **error)
{
  if (!step (test, "reviewed", error))
    return FALSE;
  care_record_set (test, "reviewed_by", reviewer);
  stamp (test, "reviewed_at");
  return TRUE;
}

gboolean
care_lab_check_results (CareRecord  *test,
                        GError     **error)
{
  static const char *const open[] = { "collected", "in_progress", "completed", "sent_out", NULL };
  const char *status = care_record_get (test, "status");

  if (status && g_strv_contains (open, status))
    return TRUE;
  if (g_strcmp0 (status, "requested") == 0 || g_strcmp0 (status, "assigned") == 0)
    care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, lab_test (), "status",
                               _("Collect the specimen before entering results."));
  else if (g_strcmp0 (status, "verified") == 0)
    care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, lab_test (), "status",
                               _("The results are verified; correct a value with an amendment."));
  else
    care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, lab_test (), "status",
                               _("A reviewed or cancelled test takes no more results."));
  return FALSE;
}

void
care_lab_reopen_review (CareRecord *test)
{
  g_return_if_fail (test != NULL);

  if (g_strcmp0 (care_record_get (test, "status"), "reviewed") != 0)
    return;
  care_record_set (test, "status", "verified");
  care_record_set (test, "reviewed_by", NULL);
  care_record_set (test, "reviewed_at", NULL);
}

gboolean
care_lab_check_amendment (CareRecord  *test,
                          GError     **error)
{
  const char *status = care_record_get (test, "status");

  if (g_strcmp0 (status, "verified") == 0 || g_strcmp0 (status, "reviewed") == 0)
    return TRUE;
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, lab_test (), "status",
                             _("Only verified results are amended; until then, enter the value again."));
  return FALSE;
}

gboolean
care_lab_parse_number (const char *text,
                       double     *out)
{
  char *end = NULL;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return FALSE;
  /* A decimal comma, as staff type it in many languages: "6,5". */
  if (strchr (text, ',') && !strchr (text, '.') && strchr (text, ',') == strrchr (text, ','))
    {
      g_autofree char *dotted = g_strdelimit (g_strdup (text), ",", '.');
      return care_lab_parse_number (dotted, out);
    }
  *out = g_ascii_strtod (text, &end);
  while (end && g_ascii_isspace (*end))
    end++;
  return end && *end == '\0' && isfinite (*out);
}

char *
care_lab_compute_flag (CareRecord *result)
{
  const char *value = care_record_get (result, "value");
  double x, low = 0, high = 0, critical;
  gboolean has_low, has_high, has_critical_low, has_critical_high;
  double critical_low = 0, critical_high = 0;

  if (value == NULL)
    return NULL;
  if (!care_lab_parse_number (value, &x))
    {
      const char *text = care_record_get (result, "reference_text");
      g_autofree char *stripped = g_strstrip (g_strdup (value));

      if (text == NULL)
        return NULL;
      return g_strdup (g_ascii_strcasecmp (text, stripped) == 0 ? "normal" : "abnormal");
    }
  has_low = care_lab_parse_number (care_record_get (result, "reference_low"), &low);
  has_high = care_lab_parse_number (care_record_get (result, "reference_high"), &high);
  has_critical_low = care_lab_parse_number (care_record_get (result, "critical_low"), &critical_low);
  has_critical_high = care_lab_parse_number (care_record_get (result, "critical_high"), &critical_high);

  if (has_critical_low || has_critical_high)
    {
      if (has_critical_low && x < critical_low)
        return g_strdup ("critical_low");
      if (has_critical_high && x > critical_high)
        return g_strdup ("critical_high");
    }
  if (has_low && x < low)
    {
      critical = low * 0.7;
      return g_strdup (!has_critical_low && !has_critical_high && x < critical ? "critical_low" : "low");
    }
  if (has_high && x > high)
    {
      critical = high * 1.3;
      return g_strdup (!has_critical_low && !has_critical_high && x > critical ? "critical_high" : "high");
    }
  if (has_low || has_high || has_critical_low || has_critical_high)
    return g_strdup ("normal");
  return NULL;
}

const char *
care_lab_flag_letter (const char *flag)
{
  static const struct { const char *flag, *letter; } letters[] = {
    { "low", "L" }, { "high", "H" }, { "critical_low", "LL" }, { "critical_high", "HH" }, { "abnormal", "A" },
  };

  for (guint i = 0; flag && i < G_N_ELEMENTS (letters); i++)
    if (g_str_equal (flag, letters[i].flag))
      return letters[i].letter;
  return NULL;
}

gboolean
care_lab_flag_is_critical (const char *flag)
{
  return g_strcmp0 (flag, "critical_low") == 0 || g_strcmp0 (flag, "critical_high") == 0;
}

gboolean
care_lab_delta_check (const char   *value,
                      const char   *previous,
                      double        max_percent,
                      CareLabDelta *delta)
{
  double now, before;

  g_return_val_if_fail (delta != NULL, FALSE);

  *delta = (CareLabDelta) { 0 };
  if (!care_lab_parse_number (value, &now) || !care_lab_parse_number (previous, &before))
    return FALSE;
  delta->previous = before;
  if (before == 0)
    delta->change = now == 0 ? 0 : 100;
  else
    delta->change = (now - before) / fabs (before) * 100;
  delta->exceeded = max_percent > 0 && fabs (delta->change) > max_percent;
  return TRUE;
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
