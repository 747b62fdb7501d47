/* care-rules.c: refusals that name the field they concern
 *
 * GLib's extended errors keep private data in front of each GError of a
 * registered domain; every rule domain shares the same private struct, so
 * one getter reads the field of any of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-rules"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-rules.h"
#include "care-access.h"
#include "care-alerts.h"
#include "care-appointments.h"
#include "care-attendance.h"
#include "care-beds.h"
#include "care-billing.h"
#include "care-chart-summary.h"
#include "care-forms.h"
#include "care-form-templates.h"
#include "care-lab.h"
#include "care-lab-catalogue-store.h"
#include "care-medication-rounds.h"
#include "care-messages.h"
#include "care-notes.h"
#include "care-role-requests.h"
#include "care-clinic-settings.h"
#include "care-facilities.h"
#include "care-follow-ups.h"
#include "care-notifications.h"
#include "care-patients.h"
#include "care-pharmacy.h"
#include "care-roster.h"
#include "care-tasks.h"
#include "care-prescriptions.h"
#include "care-schedule.h"
#include "care-vitals.h"

typedef struct {
  char *field;
  char *detail;
} RulePrivate;

#define MAX_DOMAINS 8

static GQuark domains[MAX_DOMAINS];
static guint n_domains;
G_LOCK_DEFINE_STATIC (domains);

/* As G_DEFINE_EXTENDED_ERROR lays it out (gerror.h). */
static RulePrivate *
rule_private (const GError *error)
{
  const gsize sa = 2 * sizeof (gsize);
  const gsize as = (sizeof (RulePrivate) + (sa - 1)) & -sa;

  return (RulePrivate *) (((guint8 *) error) - as);
}

static gboolean
is_rule_domain (GQuark domain)
{
  gboolean found = FALSE;

  G_LOCK (domains);
  for (guint i = 0; i < n_domains && !found; i++)
    found = domains[i] == domain;
  G_UNLOCK (domains);
  return found;
}

static void
rule_private_init (GError *error)
{
  RulePrivate *priv = rule_private (error);

  priv->field = NULL;
  priv->detail = NULL;
}

static void
rule_private_copy (const GError *src,
                   GError       *dest)
{
  RulePrivate *from = rule_private (src);
  RulePrivate *to = rule_private (dest);

  to->field = g_strdup (from->field);
  to->detail = g_strdup (from->detail);
}

static void
rule_private_clear (GError *error)
{
  RulePrivate *priv = rule_private (error);

  g_clear_pointer (&priv->field, g_free);
  g_clear_pointer (&priv->detail, g_free);
}

GQuark
care_rule_domain_register (const char *name)
{
  GQuark domain = g_error_domain_register_static (name, sizeof (RulePrivate),
                                                  rule_private_init, rule_private_copy,
                                                  rule_private_clear);

  G_LOCK (domains);
  g_assert (n_domains < MAX_DOMAINS);
  domains[n_domains++] = domain;
  G_UNLOCK (domains);
  return domain;
}

GQuark
care_rule_error_quark (void)
{
  static gsize quark;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, care_rule_domain_register ("care-rule-error-quark"));
  return (GQuark) quark;
}

void
care_rule_set_field_error (GError          **error,
                           GQuark            domain,
                           gint              code,
                           const CareEntity *entity,
                           const char       *field,
                           const char       *detail)
{
  const CareField *f = entity ? care_entity_field (entity, field) : NULL;
  GError *made;

  g_return_if_fail (is_rule_domain (domain));

  if (error == NULL)
    return;
  made = g_error_new (domain, code,
                      /* Translators: a form field's label, then what is wrong with it */
                      _("%s: %s"),
                      f ? g_dgettext (GETTEXT_PACKAGE, f->label) : field, detail);
  rule_private (made)->field = g_strdup (field);
  rule_private (made)->detail = g_strdup (detail);
  g_propagate_error (error, made);
}

void
care_rule_set_labelled_error (GError    **error,
                              GQuark      domain,
                              gint        code,
                              const char *field,
                              const char *label,
                              const char *detail)
{
  GError *made;

  g_return_if_fail (is_rule_domain (domain));

  if (error == NULL)
    return;
  made = g_error_new (domain, code, _("%s: %s"), label, detail);
  rule_private (made)->field = g_strdup (field);
  rule_private (made)->detail = g_strdup (detail);
  g_propagate_error (error, made);
}

const char *
care_rule_error_get_field (const GError *error)
{
  if (error == NULL || !is_rule_domain (error->domain))
    return NULL;
  return rule_private (error)->field;
}

gboolean
care_rule_error_is_refusal (const GError *error)
{
  return error != NULL && is_rule_domain (error->domain);
}

const char *
care_rule_error_get_detail (const GError *error)
{
  if (error == NULL || !is_rule_domain (error->domain))
    return NULL;
  return rule_private (error)->detail;
}

/* --- the rules of each entity ---------------------------------------------- */

typedef const CareEntityRules *(*RulesTable) (guint *n);

/* Each feature module declares the rules of its entities; several may
 * declare rules for one entity (its own, and who is told of it). */
static const RulesTable tables[] = {
  care_access_entity_rules,
  care_patients_entity_rules,
  care_appointments_entity_rules,
  care_follow_ups_entity_rules,
  care_schedule_entity_rules,
  care_billing_entity_rules,
  care_vitals_entity_rules,
  care_lab_entity_rules,
  care_lab_catalogue_entity_rules,
  care_beds_entity_rules,
  care_prescriptions_entity_rules,
  care_medication_rounds_entity_rules,
  care_pharmacy_entity_rules,
  care_alerts_entity_rules,
  care_forms_entity_rules,
  care_form_templates_entity_rules,
  care_attendance_entity_rules,
  care_roster_entity_rules,
  care_tasks_entity_rules,
  care_messages_entity_rules,
  care_notifications_entity_rules,
  care_notes_entity_rules,
  care_chart_summary_entity_rules,
  care_role_requests_entity_rules,
  care_clinic_settings_entity_rules,
  care_facilities_entity_rules,
};

typedef enum { PREPARE, WRITTEN, DELETING, DELETED } Hook;

static gboolean
run (Hook             hook,
     CareRuleContext *ctx,
     CareRecord      *before,
     CareRecord      *record,
     gboolean         created,
     GError         **error)
{
  const char *name = care_record_get_entity (record)->name;

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      guint n = 0;
      const CareEntityRules *rules = tables[t] (&n);

      for (guint i = 0; i < n; i++)
        {
          const CareEntityRules *r = &rules[i];
          gboolean ok = TRUE;

          if (!g_str_equal (r->entity, name))
            continue;
          if (hook == PREPARE && r->prepare)
            ok = r->prepare (ctx, before, record, error);
          else if (hook == WRITTEN && r->written)
            ok = r->written (ctx, record, created, error);
          else if (hook == DELETING && r->deleting)
            ok = r->deleting (ctx, record, error);
          else if (hook == DELETED && r->deleted)
            ok = r->deleted (ctx, record, error);
          if (!ok)
            return FALSE;
        }
    }
  return TRUE;
}

/* Whether some rules of entity list field in their derived (or defaults). */
static gboolean
rules_declare (const CareEntity *entity,
               const char       *field,
               gboolean          defaults)
{
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      guint n = 0;
      const CareEntityRules *rules = tables[t] (&n);

      for (guint i = 0; i < n; i++)
        {
          const char *const *list = defaults ? rules[i].defaults : rules[i].derived;

          if (g_str_equal (rules[i].entity, entity->name) && list && g_strv_contains (list, field))
            return TRUE;
        }
    }
  return FALSE;
}

const char *
care_rules_alternative (const CareEntity *entity,
                        const char       *field)
{
  g_return_val_if_fail (entity != NULL && field != NULL, NULL);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      guint n = 0;
      const CareEntityRules *rules = tables[t] (&n);

      for (guint i = 0; i < n; i++)
        {
          const char *const *pairs = rules[i].alternatives;

          if (!g_str_equal (rules[i].entity, entity->name) || pairs == NULL)
            continue;
          for (guint k = 0; pairs[k] && pairs[k + 1]; k += 2)
            if (g_str_equal (pairs[k], field))
              return pairs[k + 1];
        }
    }
  return NULL;
}

gboolean
care_rules_is_derived (const CareEntity *entity,
                       const char       *field)
{
  g_return_val_if_fail (entity != NULL && field != NULL, FALSE);

  return rules_declare (entity, field, FALSE);
}

gboolean
care_rules_fills_in (const CareEntity *entity,
                     const char       *field)
{
  const CareField *f;

  g_return_val_if_fail (entity != NULL && field != NULL, FALSE);

  f = care_entity_field (entity, field);
  if (f == NULL)
    return FALSE;
  return (f->flags & (CARE_FIELD_ACTOR | CARE_FIELD_SIGNED)) ||
         (g_str_equal (field, "status") && f->type == CARE_FIELD_ENUM) ||
         rules_declare (entity, field, TRUE);
}

static void
sign_new_record (CareRuleContext *ctx,
                 CareRecord      *record)
{
  const CareEntity *entity = care_record_get_entity (record);
  const char *writer = ctx->actor ? ctx->actor : ctx->patient_id;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const CareField *field = &entity->fields[i];

      if ((field->flags & CARE_FIELD_ACTOR) && ctx->actor)
        care_rules_set_default (record, field->name, ctx->actor);
      else if ((field->flags & CARE_FIELD_SIGNED) && writer)
        care_record_set (record, field->name, writer);
    }
}

gboolean
care_rules_prepare (CareRuleContext *ctx,
                    CareRecord      *before,
                    CareRecord      *record,
                    GError         **error)
{
  const CareField *status = care_entity_field (care_record_get_entity (record), "status");

  if (before == NULL)
    sign_new_record (ctx, record);
  if (!run (PREPARE, ctx, before, record, FALSE, error))
    return FALSE;
  if (before == NULL && status && status->type == CARE_FIELD_ENUM)
    care_rules_set_default (record, "status", status->choices[0]);
  return TRUE;
}

gboolean
care_rules_written (CareRuleContext *ctx,
                    CareRecord      *record,
                    gboolean         created,
                    GError         **error)
{
  return run (WRITTEN, ctx, NULL, record, created, error);
}

gboolean
care_rules_deleting (CareRuleContext *ctx,
                     CareRecord      *stored,
                     GError         **error)
{
  return run (DELETING, ctx, NULL, stored, FALSE, error);
}

gboolean
care_rules_deleted (CareRuleContext *ctx,
                    CareRecord      *stored,
                    GError         **error)
{
  return run (DELETED, ctx, NULL, stored, FALSE, error);
}

static const char *
step_label (const CareField *field,
            const char      *value)
{
  return value ? care_field_choice_label (field, value) : _("none");
}

gboolean
care_rules_check_step (const CareEntity   *entity,
                       const char         *field,
                       const CareRuleStep *steps,
                       guint               n_steps,
                       const char         *from,
                       const char         *to,
                       GError            **error)
{
  const CareField *f = care_entity_field (entity, field);
  const char *const *next = NULL;
  g_autofree char *detail = NULL;

  if (g_strcmp0 (from, to) == 0)
    return TRUE;
  for (guint i = 0; i < n_steps; i++)
    if (g_strcmp0 (steps[i].from, from) == 0)
      next = steps[i].to;
  if (next && to && g_strv_contains (next, to))
    return TRUE;
  if (next == NULL)
    /* Translators: %s is a status, e.g. "Resolved" */
    detail = g_strdup_printf (_("It is “%s” and can no longer change."), step_label (f, from));
  else
    /* Translators: both are statuses, e.g. "Completed" and "Cancelled" */
    detail = g_strdup_printf (_("It is “%s” and cannot become “%s”."), step_label (f, from), step_label (f, to));
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, entity, field, detail);
  return FALSE;
}

gboolean
care_rules_check_action (const CareEntity   *entity,
                         const char         *field,
                         const CareRuleStep *steps,
                         guint               n_steps,
                         const char         *from,
                         const char         *to,
                         GError            **error)
{
  g_autofree char *detail = NULL;

  if (g_strcmp0 (from, to) != 0)
    return care_rules_check_step (entity, field, steps, n_steps, from, to, error);
  /* Translators: %s is a status, e.g. "Dispensed" */
  detail = g_strdup_printf (_("It is “%s” already."), step_label (care_entity_field (entity, field), to));
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, entity, field, detail);
  return FALSE;
}

gboolean
care_rules_check_status_change (CareRecord         *before,
                                CareRecord         *record,
                                const CareRuleStep *steps,
                                guint               n_steps,
                                GError            **error)
{
  return before == NULL ||
         care_rules_check_step (care_record_get_entity (record), "status", steps, n_steps,
                                care_record_get (before, "status"), care_record_get (record, "status"), error);
}

gint64
care_rules_sum (GPtrArray  *records,
                const char *field)
{
  gint64 sum = 0;

  for (guint i = 0; records && i < records->len; i++)
    sum += care_record_get_int (g_ptr_array_index (records, i), field, 0);
  return sum;
}

void
care_rules_set_default (CareRecord *record,
                        const char *field,
                        const char *value)
{
  if (care_entity_field (care_record_get_entity (record), field) && care_record_get (record, field) == NULL)
    care_record_set (record, field, value);
}

CareRecord *
care_rules_new_amendment (const CareRecord *original,
                          const char       *signer_field)
{
  const CareEntity *entity;
  CareRecord *amendment;

  g_return_val_if_fail (original != NULL, NULL);

  entity = care_record_get_entity (original);
  amendment = care_record_new (entity);
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const char *name = entity->fields[i].name;

      if (!g_str_equal (name, signer_field) && !g_str_equal (name, "amends_id"))
        care_record_set (amendment, name, care_record_get (original, name));
    }
  care_record_set (amendment, "amends_id", care_record_get_id (original));
  return amendment;
}
