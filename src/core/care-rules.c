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
#include "care-appointments.h"
#include "care-billing.h"

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

/* Each feature module declares the rules of its entities. */
static const RulesTable tables[] = {
  care_appointments_entity_rules,
  care_billing_entity_rules,
};

static const CareEntityRules *
lookup (const CareEntity *entity)
{
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      guint n = 0;
      const CareEntityRules *rules = tables[t] (&n);

      for (guint i = 0; i < n; i++)
        if (g_str_equal (rules[i].entity, entity->name))
          return &rules[i];
    }
  return NULL;
}

gboolean
care_rules_prepare (CareRuleContext *ctx,
                    CareRecord      *before,
                    CareRecord      *record,
                    GError         **error)
{
  const CareEntityRules *rules = lookup (care_record_get_entity (record));

  return rules == NULL || rules->prepare == NULL || rules->prepare (ctx, before, record, error);
}

gboolean
care_rules_written (CareRuleContext *ctx,
                    CareRecord      *record,
                    gboolean         created,
                    GError         **error)
{
  const CareEntityRules *rules = lookup (care_record_get_entity (record));

  return rules == NULL || rules->written == NULL || rules->written (ctx, record, created, error);
}

gboolean
care_rules_deleting (CareRuleContext *ctx,
                     CareRecord      *stored,
                     GError         **error)
{
  const CareEntityRules *rules = lookup (care_record_get_entity (stored));

  return rules == NULL || rules->deleting == NULL || rules->deleting (ctx, stored, error);
}

gboolean
care_rules_deleted (CareRuleContext *ctx,
                    CareRecord      *stored,
                    GError         **error)
{
  const CareEntityRules *rules = lookup (care_record_get_entity (stored));

  return rules == NULL || rules->deleted == NULL || rules->deleted (ctx, stored, error);
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
