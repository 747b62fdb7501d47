/* care-chart-summary.c: the chart's lists: problems, medications, allergies, history, care team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-chart-summary"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-chart-summary.h"
#include "care-clock.h"
#include "care-notes.h"
#include "care-rules.h"
#include "care-store-rules.h"

#define E(name) care_schema_lookup (name)

static char *
dup_or_null (const char *text)
{
  return text && *text ? g_strdup (text) : NULL;
}

static int
compare_text (const char *a,
              const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a ? a : "", -1);
  g_autofree char *fb = g_utf8_casefold (b ? b : "", -1);

  return g_utf8_collate (fa, fb);
}

gboolean
care_chart_summary_same_name (const char *a,
                              const char *b)
{
  return a && b && *a && *b && compare_text (a, b) == 0;
}

#define same_text care_chart_summary_same_name

/* YYYY-MM-DD of an ISO 8601 instant or date; NULL for nothing. */
static char *
date_of (const char *when)
{
  return when && strlen (when) >= 10 ? g_strndup (when, 10) : NULL;
}

/* --- problems ---------------------------------------------------------------- */

void
care_chart_problem_free (CareChartProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->name);
  g_free (problem->code);
  g_free (problem->since);
  g_free (problem->resolved_on);
  g_free (problem->problem_id);
  g_free (problem);
}

CareChartProblem *
care_chart_problem_copy (const CareChartProblem *problem)
{
  CareChartProblem *copy;

  g_return_val_if_fail (problem != NULL, NULL);
  copy = g_memdup2 (problem, sizeof *problem);
  copy->name = g_strdup (problem->name);
  copy->code = g_strdup (problem->code);
  copy->since = g_strdup (problem->since);
  copy->resolved_on = g_strdup (problem->resolved_on);
  copy->problem_id = g_strdup (problem->problem_id);
  return copy;
}

static CareChartProblem *
listed_problem (GPtrArray  *list,
                const char *name,
                const char *code)
{
  for (guint i = 0; i < list->len; i++)
    {
      CareChartProblem *p = list->pdata[i];

      if (same_text (p->name, name) || same_text (p->code, code))
        return p;
    }
  return NULL;
}

/* Adds the problem, or says where else the one listed comes from. */
static CareChartProblem *
add_problem (GPtrArray  *list,
             const char *name,
             const char *code,
             gboolean    resolved,
             const char *since,
             const char *resolved_on,
             const char *problem_id)
{
  CareChartProblem *p;

  if (name == NULL || *name == '\0')
    return NULL;
  if ((p = listed_problem (list, name, code)))
    return p;
  p = g_new0 (CareChartProblem, 1);
  p->name = g_strstrip (g_strdup (name));
  p->code = dup_or_null (code);
  p->resolved = resolved;
  p->since = date_of (since);
  p->resolved_on = date_of (resolved_on);
  p->problem_id = g_strdup (problem_id);
  g_ptr_array_add (list, p);
  return p;
}

static int
problem_order (gconstpointer a,
               gconstpointer b)
{
  const CareChartProblem *pa = *(CareChartProblem **) a, *pb = *(CareChartProblem **) b;

  if (pa->resolved != pb->resolved)
    return pa->resolved ? 1 : -1;
  return compare_text (pa->name, pb->name);
}

/* Whether a later note amends this one. */
static gboolean
amended (GPtrArray        *notes,
         const CareRecord *note)
{
  const char *id = care_record_get_id (note);

  for (guint i = 0; id && i < notes->len; i++)
    if (g_strcmp0 (care_record_get (notes->pdata[i], "amends_id"), id) == 0)
      return TRUE;
  return FALSE;
}

GPtrArray *
care_chart_summary_problems (const char *const *conditions,
                             GPtrArray         *notes,
                             GPtrArray         *problems)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) care_chart_problem_free);

  /* Newest record first: a problem that came back after it was resolved
   * is active again. */
  for (guint i = 0; problems && i < problems->len; i++)
    {
      CareRecord *r = problems->pdata[i];

      add_problem (list, care_record_get (r, "name"), care_record_get (r, "code"),
                   g_strcmp0 (care_record_get (r, "status"), "resolved") == 0,
                   care_record_get (r, "onset_on"), care_record_get (r, "resolved_on"), care_record_get_id (r));
    }
  /* Oldest note first: a diagnosis dates from the first note that made it. */
  for (guint i = 0; notes && i < notes->len; i++)
    {
      CareRecord *note = notes->pdata[i];

      CareChartProblem *p = NULL;

      if (!amended (notes, note))
        p = add_problem (list, care_record_get (note, "diagnosis"), care_record_get (note, "diagnosis_code"), FALSE,
                         care_record_get (note, CARE_COLUMN_CREATED_AT), NULL, NULL);
      if (p)
        p->in_notes = TRUE;
    }
  for (guint i = 0; conditions && conditions[i]; i++)
    {
      CareChartProblem *p = add_problem (list, conditions[i], NULL, FALSE, NULL, NULL, NULL);

      if (p)
        p->registered = TRUE;
    }
  g_ptr_array_sort (list, problem_order);
  return list;
}

gboolean
care_chart_summary_add (CareStore   *store,
                        CareRecord  *record,
                        GError     **error)
{
  CareRuleContext ctx;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  care_store_rule_context_init (&ctx, store);
  return care_rules_prepare (&ctx, NULL, record, error) && care_store_insert (store, record, error);
}

gboolean
care_chart_summary_resolve (CareStore              *store,
                            const char             *patient_id,
                            const CareChartProblem *problem,
                            GError                **error)
{
  g_autoptr(CareRecord) record = NULL;
  g_autofree char *today = care_clock_today ();

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (patient_id != NULL && problem != NULL, FALSE);

  if (problem->problem_id)
    {
      record = care_store_get (store, E ("problem"), problem->problem_id, error);
      if (record == NULL)
        return FALSE;
    }
  if (problem->resolved || (record && g_strcmp0 (care_record_get (record, "status"), "resolved") == 0))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, E ("problem"), "status",
                                 _("This problem is resolved already."));
      return FALSE;
    }
  if (record)
    {
      g_autoptr(CareRecord) resolved = care_record_copy (record);
      CareRuleContext ctx;

      care_record_set (resolved, "status", "resolved");
      care_record_set (resolved, "resolved_on", today);
      care_store_rule_context_init (&ctx, store);
      return care_rules_prepare (&ctx, record, resolved, error) && care_store_update (store, resolved, error);
    }
  record = care_record_new (E ("problem"));
  care_record_set (record, "patient_id", patient_id);
  care_record_set (record, "name", problem->name);
  care_record_set (record, "code", problem->code);
  care_record_set (record, "onset_on", problem->since);
  care_record_set (record, "status", "resolved");
  care_record_set (record, "resolved_on", today);
  return care_chart_summary_add (store, record, error);
}

static gboolean
prepare_problem (CareRuleContext *ctx,
                 CareRecord      *before,
                 CareRecord      *problem,
                 GError         **error)
{
  const char *code = care_record_get (problem, "code");
  const char *onset = care_record_get (problem, "onset_on");
  const char *resolved = care_record_get (problem, "resolved_on");

  if (code && *code && !care_notes_looks_like_icd10 (code))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, E ("problem"), "code",
                                 _("Enter an ICD-10 code such as E11.9, or leave it empty."));
      return FALSE;
    }
  if (g_strcmp0 (care_record_get (problem, "status"), "resolved") != 0)
    {
      care_record_set (problem, "resolved_on", NULL);
      return TRUE;
    }
  if (resolved == NULL || *resolved == '\0')
    {
      g_autofree char *today = care_clock_today ();

      care_record_set (problem, "resolved_on", today);
      resolved = care_record_get (problem, "resolved_on");
    }
  if (onset && *onset && g_strcmp0 (resolved, onset) < 0)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, E ("problem"), "resolved_on",
                                 _("A problem cannot be resolved before it began."));
      return FALSE;
    }
  return TRUE;
}

const CareEntityRules *
care_chart_summary_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "problem", prepare_problem, NULL, NULL, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

/* --- medications --------------------------------------------------------------- */

void
care_chart_medication_free (CareChartMedication *medication)
{
  if (medication == NULL)
    return;
  g_free (medication->name);
  g_free (medication->detail);
  g_free (medication->since);
  g_free (medication);
}

const char *
care_chart_med_status_label (CareChartMedStatus status)
{
  switch (status)
    {
    case CARE_CHART_MED_ACTIVE: return _("Active");
    case CARE_CHART_MED_DISCONTINUED: return _("Discontinued");
    case CARE_CHART_MED_HISTORICAL: return _("Historical");
    default: g_return_val_if_reached (NULL);
    }
}

/* "500 mg · every 8 hours · 7 days": what is recorded of it. */
static char *
medication_detail (const CareRecord *record)
{
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  const char *days = care_entity_field (care_record_get_entity (record), "duration_days")
                     ? care_record_get (record, "duration_days") : NULL;
  g_autofree char *days_text = NULL;

  if (care_record_get (record, "dose") && *care_record_get (record, "dose"))
    g_strv_builder_add (parts, care_record_get (record, "dose"));
  if (care_record_get (record, "frequency") && *care_record_get (record, "frequency"))
    g_strv_builder_add (parts, care_record_get (record, "frequency"));
  if (days && *days)
    {
      gint64 n = g_ascii_strtoll (days, NULL, 10);

      days_text = g_strdup_printf (ngettext ("%d day", "%d days", n), (int) n);
      g_strv_builder_add (parts, days_text);
    }
  strv = g_strv_builder_end (parts);
  return strv[0] ? g_strjoinv (" · ", strv) : NULL;
}

static void
add_medication (GPtrArray          *list,
                CareChartMedStatus  status,
                const CareRecord   *record,
                const char         *name_field,
                const char         *since)
{
  CareChartMedication *m = g_new0 (CareChartMedication, 1);

  m->status = status;
  m->name = g_strdup (care_record_get (record, name_field));
  m->detail = medication_detail (record);
  m->since = date_of (since);
  g_ptr_array_add (list, m);
}

/* Whether days counted from issued (YYYY-MM-DD) have run out by today. */
static gboolean
run_out (const char *issued,
         const char *days,
         const char *today)
{
  g_autoptr(GDate) end = g_date_new ();
  g_autoptr(GDate) now = g_date_new ();
  gint64 n = days ? g_ascii_strtoll (days, NULL, 10) : 0;

  if (n <= 0 || issued == NULL || today == NULL)
    return FALSE;
  g_date_set_parse (end, issued);
  g_date_set_parse (now, today);
  if (!g_date_valid (end) || !g_date_valid (now))
    return FALSE;
  g_date_add_days (end, (guint) n);
  return g_date_compare (end, now) <= 0;
}

static int
medication_order (gconstpointer a,
                  gconstpointer b)
{
  const CareChartMedication *ma = *(CareChartMedication **) a, *mb = *(CareChartMedication **) b;
  int by_date = g_strcmp0 (mb->since, ma->since);

  if (ma->status != mb->status)
    return (int) ma->status - (int) mb->status;
  return by_date ? by_date : compare_text (ma->name, mb->name);
}

static const CareRecord *
find_by_id (GPtrArray  *records,
            const char *id)
{
  for (guint i = 0; records && i < records->len; i++)
    if (g_strcmp0 (care_record_get_id (records->pdata[i]), id) == 0)
      return records->pdata[i];
  return NULL;
}

GPtrArray *
care_chart_summary_medications (GPtrArray  *medications,
                                GPtrArray  *prescriptions,
                                GPtrArray  *items,
                                const char *today)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) care_chart_medication_free);
  static const char *const statuses[] = { "active", "discontinued", "historical" };

  for (guint i = 0; medications && i < medications->len; i++)
    {
      CareRecord *r = medications->pdata[i];

      for (guint s = 0; s < G_N_ELEMENTS (statuses); s++)
        if (g_strcmp0 (care_record_get (r, "status"), statuses[s]) == 0)
          add_medication (list, s, r, "name", care_record_get (r, "started_on"));
    }
  for (guint i = 0; items && i < items->len; i++)
    {
      CareRecord *item = items->pdata[i];
      const CareRecord *rx = find_by_id (prescriptions, care_record_get (item, "prescription_id"));
      const char *status = rx ? care_record_get (rx, "status") : NULL;
      const char *issued = rx ? care_record_get (rx, "issued_on") : NULL;

      if (g_strcmp0 (status, "active") == 0)
        add_medication (list, run_out (issued, care_record_get (item, "duration_days"), today)
                              ? CARE_CHART_MED_HISTORICAL : CARE_CHART_MED_ACTIVE, item, "medicine_name", issued);
      else if (g_strcmp0 (status, "completed") == 0)
        add_medication (list, CARE_CHART_MED_HISTORICAL, item, "medicine_name", issued);
      else if (g_strcmp0 (status, "cancelled") == 0)
        add_medication (list, CARE_CHART_MED_DISCONTINUED, item, "medicine_name", issued);
    }
  g_ptr_array_sort (list, medication_order);
  return list;
}

/* --- allergies ------------------------------------------------------------------ */

void
care_chart_allergy_free (CareChartAllergy *allergy)
{
  if (allergy == NULL)
    return;
  g_free (allergy->substance);
  g_free (allergy->reaction);
  g_free (allergy->severity);
  g_free (allergy->allergy_id);
  g_free (allergy);
}

CareChartAllergy *
care_chart_allergy_copy (const CareChartAllergy *allergy)
{
  CareChartAllergy *copy;

  g_return_val_if_fail (allergy != NULL, NULL);
  copy = g_memdup2 (allergy, sizeof *allergy);
  copy->substance = g_strdup (allergy->substance);
  copy->reaction = g_strdup (allergy->reaction);
  copy->severity = g_strdup (allergy->severity);
  copy->allergy_id = g_strdup (allergy->allergy_id);
  return copy;
}

static int
severity_rank (const char *severity)
{
  static const char *const worst_first[] = { "life_threatening", "severe", "moderate", "mild" };

  for (guint i = 0; i < G_N_ELEMENTS (worst_first); i++)
    if (g_strcmp0 (severity, worst_first[i]) == 0)
      return i;
  return G_N_ELEMENTS (worst_first);
}

static int
allergy_order (gconstpointer a,
               gconstpointer b)
{
  const CareChartAllergy *aa = *(CareChartAllergy **) a, *ab = *(CareChartAllergy **) b;
  int by_severity = severity_rank (aa->severity) - severity_rank (ab->severity);

  return by_severity ? by_severity : compare_text (aa->substance, ab->substance);
}

GPtrArray *
care_chart_summary_allergies (const char *const *listed,
                              GPtrArray         *allergies)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) care_chart_allergy_free);
  guint n_recorded;

  for (guint i = 0; allergies && i < allergies->len; i++)
    {
      CareChartAllergy *a = g_new0 (CareChartAllergy, 1);

      a->substance = g_strdup (care_record_get (allergies->pdata[i], "substance"));
      a->reaction = dup_or_null (care_record_get (allergies->pdata[i], "reaction"));
      a->severity = dup_or_null (care_record_get (allergies->pdata[i], "severity"));
      a->allergy_id = g_strdup (care_record_get_id (allergies->pdata[i]));
      g_ptr_array_add (list, a);
    }
  g_ptr_array_sort (list, allergy_order);
  /* Registration's own after them, in its order. */
  n_recorded = list->len;
  for (guint i = 0; listed && listed[i]; i++)
    {
      CareChartAllergy *recorded = NULL;

      for (guint j = 0; j < n_recorded && !recorded; j++)
        if (same_text (((CareChartAllergy *) list->pdata[j])->substance, listed[i]))
          recorded = list->pdata[j];
      if (recorded)
        recorded->listed = TRUE;
      else if (*listed[i])
        {
          CareChartAllergy *a = g_new0 (CareChartAllergy, 1);

          a->substance = g_strdup (listed[i]);
          a->listed = TRUE;
          g_ptr_array_add (list, a);
        }
    }
  return list;
}

char **
care_chart_summary_allergy_names (CareStore         *store,
                                  const CareRecord  *patient,
                                  GError           **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) merged = NULL;
  g_auto(GStrv) listed = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (patient != NULL, NULL);

  records = care_store_list (store, E ("allergy"), "patient_id", care_record_get_id (patient), NULL, 0, error);
  if (records == NULL)
    return NULL;
  listed = care_record_get_list (patient, "allergies");
  merged = care_chart_summary_allergies ((const char *const *) listed, records);
  for (guint i = 0; i < merged->len; i++)
    g_strv_builder_add (names, ((CareChartAllergy *) merged->pdata[i])->substance);
  return g_strv_builder_end (names);
}

/* --- the whole summary ------------------------------------------------------------ */

void
care_chart_summary_free (CareChartSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->problems, g_ptr_array_unref);
  g_clear_pointer (&summary->medications, g_ptr_array_unref);
  g_clear_pointer (&summary->allergies, g_ptr_array_unref);
  g_clear_pointer (&summary->care_team, g_ptr_array_unref);
  g_strfreev (summary->immunizations);
  g_strfreev (summary->family_history);
  g_free (summary->lifestyle);
  g_free (summary->social_notes);
  g_free (summary->advance_directives);
  g_free (summary);
}
