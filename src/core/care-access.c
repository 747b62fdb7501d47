/* care-access.c: who may write which rows, and as whom
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-access"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-access.h"

GQuark
care_access_error_quark (void)
{
  static gsize quark;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, care_rule_domain_register ("care-access-error-quark"));
  return (GQuark) quark;
}

static gboolean
names (CareRecord        *record,
       const char *const *fields,
       const char        *who)
{
  for (guint i = 0; record && fields && fields[i]; i++)
    if (g_strcmp0 (care_record_get (record, fields[i]), who) == 0)
      return TRUE;
  return FALSE;
}

/* Whether one of the record's role fields names who's role. */
static gboolean
names_role (CareRecord        *record,
            const char *const *fields,
            const char        *role)
{
  return role != NULL && names (record, fields, role);
}

static gboolean
is_admin (const CareAccessor *who)
{
  return g_strcmp0 (who->role, CARE_ROLE_ADMIN) == 0;
}

const char *
care_access_write_permission (const CareEntity *entity,
                              gboolean          create)
{
  if (create && (entity->flags & CARE_ENTITY_STAFF_NEW))
    return NULL;
  return entity->write_permission;
}

const char *
care_access_delete_permission (const CareEntity *entity)
{
  return (entity->flags & CARE_ENTITY_STAFF_NEW) ? NULL : entity->write_permission;
}

/* Whom the administrator may name: the person a row is about or for. */
static gboolean
admin_may_name (const CareEntity *entity,
                const char       *field)
{
  return (entity->owner_fields && g_strv_contains (entity->owner_fields, field)) ||
         (entity->writer_fields && g_strv_contains (entity->writer_fields, field));
}

/* Whether an update of someone else's row changes only its answer_fields. */
static gboolean
only_answers (const CareEntity *entity,
              CareRecord       *before,
              CareRecord       *record)
{
  if (entity->answer_fields == NULL || record == NULL)
    return FALSE;
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const char *name = entity->fields[i].name;

      if (g_strcmp0 (care_record_get (before, name), care_record_get (record, name)) != 0 &&
          !g_strv_contains (entity->answer_fields, name))
        return FALSE;
    }
  return TRUE;
}

/* Withdrawing what one asked for: deleting a CARE_ENTITY_STAFF_NEW row
 * whose owner_fields name who while its status is still the first (a
 * pending role request). Deciding it stays write_permission's. */
static gboolean
withdraws_own (const CareEntity   *entity,
               const CareAccessor *who,
               CareRecord         *before,
               CareRecord         *record)
{
  const CareField *status = care_entity_field (entity, "status");

  return record == NULL && before && (entity->flags & CARE_ENTITY_STAFF_NEW) &&
         names (before, entity->owner_fields, who->user_id) &&
         status && status->choices && g_strcmp0 (care_record_get (before, "status"), status->choices[0]) == 0;
}

gboolean
care_access_check_write (const CareAccessor *who,
                         CareRecord         *before,
                         CareRecord         *record,
                         GError            **error)
{
  const CareEntity *entity = care_record_get_entity (record ? record : before);
  const char *permission = care_access_write_permission (entity, before == NULL);

  if (permission && !who->can (who->data, permission) && !withdraws_own (entity, who, before, record))
    {
      /* Translators: %s is the name of a permission, e.g. "billing" */
      g_set_error (error, CARE_ACCESS_ERROR, CARE_ACCESS_ERROR_DENIED,
                   _("Your role may not change these records (it needs the “%s” permission)."), permission);
      return FALSE;
    }
  if (before && entity->writer_fields && !is_admin (who) && !names (before, entity->writer_fields, who->user_id) &&
      !names_role (before, entity->writer_role_fields, who->role) && !only_answers (entity, before, record))
    {
      g_set_error_literal (error, CARE_ACCESS_ERROR, CARE_ACCESS_ERROR_DENIED,
                           _("Only the staff member this record belongs to or an administrator may change it."));
      return FALSE;
    }
  for (guint i = 0; record && i < entity->n_fields; i++)
    {
      const CareField *field = &entity->fields[i];
      const char *value = care_record_get (record, field->name);

      /* Left out, it becomes the writer; unchanged, it stays whoever wrote it. */
      if (!(field->flags & CARE_FIELD_ACTOR) || value == NULL || g_strcmp0 (value, who->user_id) == 0 ||
          (before && g_strcmp0 (value, care_record_get (before, field->name)) == 0) ||
          (is_admin (who) && admin_may_name (entity, field->name)))
        continue;
      care_rule_set_field_error (error, CARE_ACCESS_ERROR, CARE_ACCESS_ERROR_NOT_YOU, entity, field->name,
                                 _("This is always the signed-in account; leave it out."));
      return FALSE;
    }
  return TRUE;
}

gboolean
care_access_check_matrix (const char  *role,
                          const char  *permission,
                          gboolean     allowed,
                          GError     **error)
{
  if (allowed || g_strcmp0 (role, CARE_ROLE_ADMIN) != 0 ||
      !(g_strcmp0 (permission, CARE_PERM_ROLE_PERMISSIONS) == 0 ||
        g_strcmp0 (permission, CARE_PERM_STAFF_MANAGEMENT) == 0))
    return TRUE;
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_schema_lookup ("role_permission"),
                             "allowed", _("Administrators keep the right to manage staff and permissions."));
  return FALSE;
}

gboolean
care_access_set_permission (CareStore  *store,
                            const char *role,
                            const char *permission,
                            gboolean    allowed,
                            GError    **error)
{
  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);

  if (care_store_role_can (store, role, permission) == allowed)
    return TRUE;
  return care_access_check_matrix (role, permission, allowed, error) &&
         care_store_set_role_permission (store, role, permission, allowed, error);
}

/* --- the last administrator ------------------------------------------------ */

static gboolean
is_active_admin (CareRecord *user)
{
  return user && g_strcmp0 (care_record_get (user, "role"), CARE_ROLE_ADMIN) == 0 &&
         g_strcmp0 (care_record_get (user, "active"), "0") != 0;
}

/* Refuses when user is the clinic's only active administrator. */
static gboolean
keeps_an_admin (CareRuleContext *ctx,
                CareRecord      *user,
                const char      *field,
                GError         **error)
{
  g_autoptr(GPtrArray) admins = ctx->list (ctx, care_record_get_entity (user), "role", CARE_ROLE_ADMIN, error);

  if (admins == NULL)
    return FALSE;
  for (guint i = 0; i < admins->len; i++)
    {
      CareRecord *other = g_ptr_array_index (admins, i);

      if (is_active_admin (other) && g_strcmp0 (care_record_get_id (other), care_record_get_id (user)) != 0)
        return TRUE;
    }
  care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, care_record_get_entity (user), field,
                             _("This is the only active administrator; make someone else an administrator first."));
  return FALSE;
}

static gboolean
prepare_user (CareRuleContext *ctx,
              CareRecord      *before,
              CareRecord      *record,
              GError         **error)
{
  gboolean same_role = g_strcmp0 (care_record_get (before ? before : record, "role"),
                                  care_record_get (record, "role")) == 0;

  if (!is_active_admin (before) || is_active_admin (record))
    return TRUE;
  return keeps_an_admin (ctx, before, same_role ? "active" : "role", error);
}

static gboolean
deleting_user (CareRuleContext *ctx,
               CareRecord      *stored,
               GError         **error)
{
  return !is_active_admin (stored) || keeps_an_admin (ctx, stored, "role", error);
}

static gboolean
prepare_permission (CareRuleContext *ctx,
                    CareRecord      *before,
                    CareRecord      *record,
                    GError         **error)
{
  return care_access_check_matrix (care_record_get (record, "role"), care_record_get (record, "permission"),
                                   care_record_get_bool (record, "allowed"), error);
}

static gboolean
deleting_permission (CareRuleContext *ctx,
                     CareRecord      *stored,
                     GError         **error)
{
  return care_access_check_matrix (care_record_get (stored, "role"), care_record_get (stored, "permission"),
                                   FALSE, error);
}

const CareEntityRules *
care_access_entity_rules (guint *n_rules)
{
  static const CareEntityRules rules[] = {
    { "user", prepare_user, NULL, deleting_user, NULL },
    { "role_permission", prepare_permission, NULL, deleting_permission, NULL },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}
