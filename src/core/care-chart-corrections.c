/* care-chart-corrections.c: an allergy or a problem of the chart changed, or removed as entered in error
 *
 * The chart's lists merge three sources (care-chart-summary.c): records
 * of their own, the names listed at registration, and the diagnoses of
 * signed notes. A change or a removal must leave the list as the doctor
 * meant it, so each source is corrected where it lives: a record is
 * updated or deleted, a registration's name leaves its list (a changed
 * one becomes a record), and a note's diagnosis, append-only, is refused
 * here and corrected by amending its note.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-chart-summary"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-chart-summary.h"
#include "care-rules.h"
#include "care-store-rules.h"

#define E(name) care_schema_lookup (name)

/* The patient's list field without name: the registration no longer says it. */
static gboolean
drop_listed (CareStore   *store,
             const char  *patient_id,
             const char  *field,
             const char  *name,
             GError     **error)
{
  g_autoptr(CareRecord) patient = care_store_get (store, E ("patient"), patient_id, error);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) listed = NULL;
  g_auto(GStrv) rest = NULL;

  if (patient == NULL)
    return FALSE;
  listed = care_record_get_list (patient, field);
  for (guint i = 0; listed && listed[i]; i++)
    if (!care_chart_summary_same_name (listed[i], name))
      g_strv_builder_add (kept, listed[i]);
  rest = g_strv_builder_end (kept);
  care_record_set_list (patient, field, (const char *const *) rest);
  return care_store_update (store, patient, error);
}

/* Inserts or updates record through its entity's rules. */
static gboolean
save (CareStore   *store,
      CareRecord  *record,
      GError     **error)
{
  g_autoptr(CareRecord) before = NULL;
  CareRuleContext ctx;
  const char *id = care_record_get_id (record);

  if (id && *id && !(before = care_store_get (store, care_record_get_entity (record), id, error)))
    return FALSE;
  if (before == NULL)
    return care_chart_summary_add (store, record, error);
  care_store_rule_context_init (&ctx, store);
  return care_rules_prepare (&ctx, before, record, error) && care_store_update (store, record, error);
}

/* Runs the writes of one correction as one transaction. */
static gboolean
finish (CareStore  *store,
        gboolean    ok,
        GError    **error)
{
  if (ok)
    return care_store_commit (store, error);
  care_store_rollback (store);
  return FALSE;
}

static gboolean
refuse_diagnosis (GError **error)
{
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, E ("problem"), "name",
                             _("A signed note gives this diagnosis: amend the note to correct it."));
  return FALSE;
}

/* --- the record a change starts from ------------------------------------------------ */

CareRecord *
care_chart_summary_allergy_record (CareStore               *store,
                                   const char              *patient_id,
                                   const CareChartAllergy  *shown,
                                   GError                 **error)
{
  CareRecord *record;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL && shown != NULL, NULL);

  if (shown->allergy_id)
    return care_store_get (store, E ("allergy"), shown->allergy_id, error);
  record = care_record_new (E ("allergy"));
  care_record_set (record, "patient_id", patient_id);
  care_record_set (record, "substance", shown->substance);
  return record;
}

CareRecord *
care_chart_summary_problem_record (CareStore               *store,
                                   const char              *patient_id,
                                   const CareChartProblem  *shown,
                                   GError                 **error)
{
  CareRecord *record;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL && shown != NULL, NULL);

  if (shown->problem_id)
    return care_store_get (store, E ("problem"), shown->problem_id, error);
  record = care_record_new (E ("problem"));
  care_record_set (record, "patient_id", patient_id);
  care_record_set (record, "name", shown->name);
  care_record_set (record, "code", shown->code);
  care_record_set (record, "onset_on", shown->since);
  care_record_set (record, "status", shown->resolved ? "resolved" : "active");
  care_record_set (record, "resolved_on", shown->resolved_on);
  return record;
}

/* --- changes ------------------------------------------------------------------------- */

gboolean
care_chart_summary_change_allergy (CareStore               *store,
                                   const CareChartAllergy  *shown,
                                   CareRecord              *changed,
                                   GError                 **error)
{
  const char *patient_id;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (shown != NULL && changed != NULL, FALSE);

  patient_id = care_record_get (changed, "patient_id");
  if (!care_store_begin (store, error))
    return FALSE;
  return finish (store,
                 save (store, changed, error) &&
                 (!shown->listed || drop_listed (store, patient_id, "allergies", shown->substance, error)),
                 error);
}

gboolean
care_chart_summary_change_problem (CareStore               *store,
                                   const CareChartProblem  *shown,
                                   CareRecord              *changed,
                                   GError                 **error)
{
  const char *patient_id;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (shown != NULL && changed != NULL, FALSE);

  /* Under another name the note's diagnosis would show again beside it. */
  if (shown->in_notes && !care_chart_summary_same_name (care_record_get (changed, "name"), shown->name))
    return refuse_diagnosis (error);
  patient_id = care_record_get (changed, "patient_id");
  if (!care_store_begin (store, error))
    return FALSE;
  return finish (store,
                 save (store, changed, error) &&
                 (!shown->registered || drop_listed (store, patient_id, "conditions", shown->name, error)),
                 error);
}

/* --- removals ------------------------------------------------------------------------ */

gboolean
care_chart_summary_remove_allergy (CareStore               *store,
                                   const char              *patient_id,
                                   const CareChartAllergy  *shown,
                                   GError                 **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (patient_id != NULL && shown != NULL, FALSE);

  if (!care_store_begin (store, error))
    return FALSE;
  return finish (store,
                 (!shown->allergy_id || care_store_delete (store, E ("allergy"), shown->allergy_id, error)) &&
                 (!shown->listed || drop_listed (store, patient_id, "allergies", shown->substance, error)),
                 error);
}

gboolean
care_chart_summary_remove_problem (CareStore               *store,
                                   const char              *patient_id,
                                   const CareChartProblem  *shown,
                                   GError                 **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (patient_id != NULL && shown != NULL, FALSE);

  if (shown->in_notes)
    return refuse_diagnosis (error);
  if (!care_store_begin (store, error))
    return FALSE;
  return finish (store,
                 (!shown->problem_id || care_store_delete (store, E ("problem"), shown->problem_id, error)) &&
                 (!shown->registered || drop_listed (store, patient_id, "conditions", shown->name, error)),
                 error);
}
