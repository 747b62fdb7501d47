/* care-forms.c: forms patients fill in, and the clinic's review of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-forms"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-forms.h"
#include "care-store-rules.h"
#include "care-uuid.h"

static const char *const outcomes[] = { "reviewed", "approved", "rejected", NULL };

static const CareRuleStep steps[] = {
  { "pending", outcomes },
  { "reviewed", (const char *const[]) { "approved", "rejected", NULL } },
};

static gboolean
is_blank (const char *text)
{
  for (; text && *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

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
                                 _("A review ends as reviewed, accepted or rejected."));
      return FALSE;
    }
  if (!care_rules_check_action (entity, "status", steps, G_N_ELEMENTS (steps),
                                care_record_get (form, "status"), outcome, error))
    return FALSE;
  if (g_str_equal (outcome, "rejected") && is_blank (notes))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, entity, "review_notes",
                                 _("Say why the form is rejected, so the patient can put it right."));
      return FALSE;
    }
  now = care_now_iso8601 ();
  care_record_set (form, "status", outcome);
  care_record_set (form, "reviewed_by", reviewer);
  care_record_set (form, "reviewed_at", now);
  if (!is_blank (notes))
    care_record_set (form, "review_notes", notes);
  return TRUE;
}

static gboolean
check_against (CareRecord  *tmpl,
               CareRecord  *form,
               GError     **error)
{
  g_autoptr(CareFormTemplate) questions = care_form_template_parse (care_record_get (tmpl, "fields"), error);

  return questions &&
         care_form_check_answers_text (questions, care_record_get (form, "answers"),
                                       care_record_get_blob (form, "signature"), error);
}

CareRecord *
care_forms_new_submission (CareRecord  *tmpl,
                           const char  *patient_id,
                           const char  *answers_json,
                           GBytes      *signature,
                           GError     **error)
{
  g_autoptr(CareRecord) form = NULL;

  g_return_val_if_fail (tmpl != NULL, NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  form = care_record_new (care_schema_lookup ("form_submission"));
  care_record_set (form, "patient_id", patient_id);
  care_record_set (form, "template_id", care_record_get_id (tmpl));
  care_record_set (form, "form_type", care_record_get (tmpl, "form_type"));
  care_record_set (form, "answers", answers_json);
  care_record_set (form, "status", "pending");
  care_record_set_blob (form, "signature", signature);
  if (!check_against (tmpl, form, error))
    return NULL;
  return g_steal_pointer (&form);
}

gboolean
care_forms_submit (CareStore   *store,
                   CareRecord  *submission,
                   GError     **error)
{
  CareRuleContext ctx;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (submission != NULL, FALSE);

  care_record_set (submission, "status", "pending");
  /* The rules of every write, here too: the answers checked against the
   * template, and whoever fills it in (a patient at the kiosk, staff with
   * the patient) signed as submitted_by. */
  care_store_rule_context_init (&ctx, store);
  if (!care_store_begin (store, error))
    return FALSE;
  if (care_store_write_ruled (&ctx, store, NULL, submission, error))
    return care_store_commit (store, error);
  care_store_rollback (store);
  return FALSE;
}

gboolean
care_forms_store_review (CareStore   *store,
                         const char  *submission_id,
                         const char  *outcome,
                         const char  *notes,
                         GError     **error)
{
  g_autoptr(CareRecord) form = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  form = care_store_get (store, care_schema_lookup ("form_submission"), submission_id, error);
  if (form == NULL)
    return FALSE;
  return care_forms_review (form, outcome, care_store_get_actor (store), notes, error) &&
         care_store_update (store, form, error);
}

static int
by_created (gconstpointer a,
            gconstpointer b)
{
  return g_strcmp0 (care_record_get (*(CareRecord **) a, CARE_COLUMN_CREATED_AT),
                    care_record_get (*(CareRecord **) b, CARE_COLUMN_CREATED_AT));
}

GPtrArray *
care_forms_list_for_review (CareStore  *store,
                            gboolean    all,
                            GError    **error)
{
  const CareEntity *entity = care_schema_lookup ("form_submission");
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GPtrArray) reviewed = NULL;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (all)
    return care_store_list (store, entity, NULL, NULL, CARE_COLUMN_CREATED_AT " DESC", 500, error);
  waiting = care_store_list (store, entity, "status", "pending", NULL, 0, error);
  if (waiting == NULL)
    return NULL;
  reviewed = care_store_list (store, entity, "status", "reviewed", NULL, 0, error);
  if (reviewed == NULL)
    return NULL;
  for (guint i = 0; i < reviewed->len; i++)
    g_ptr_array_add (waiting, care_record_ref (reviewed->pdata[i]));
  g_ptr_array_sort (waiting, by_created);
  return g_steal_pointer (&waiting);
}

GPtrArray *
care_forms_list_templates (CareStore  *store,
                           gboolean    active_only,
                           GError    **error)
{
  const CareEntity *entity = care_schema_lookup ("form_template");

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (active_only)
    return care_store_list (store, entity, "active", "1", "name", 0, error);
  return care_store_list (store, entity, NULL, NULL, "name", 0, error);
}

CareFormTemplate *
care_forms_template_of (CareStore  *store,
                        CareRecord *submission)
{
  const char *id = care_record_get (submission, "template_id");
  g_autoptr(CareRecord) tmpl = NULL;

  if (id == NULL)
    return NULL;
  tmpl = care_store_get (store, care_schema_lookup ("form_template"), id, NULL);
  return tmpl ? care_form_template_parse (care_record_get (tmpl, "fields"), NULL) : NULL;
}

static gboolean
prepare_form (CareRuleContext *ctx,
              CareRecord      *before,
              CareRecord      *form,
              GError         **error)
{
  const char *template_id = care_record_get (form, "template_id");

  if (before)
    return care_rules_check_status_change (before, form, steps, G_N_ELEMENTS (steps), error);
  if (ctx->patient_id)
    care_record_set (form, "status", "pending");
  /* A workstation's replayed submission was checked where it was made,
   * against the template it had then. */
  if (template_id && !ctx->replayed)
    {
      g_autoptr(CareRecord) tmpl = ctx->get (ctx, care_schema_lookup ("form_template"), template_id);

      if (tmpl && !check_against (tmpl, form, error))
        return FALSE;
    }
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
