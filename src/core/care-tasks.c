/* care-tasks.c: tasks given to a staff member or to everyone of a role
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-tasks"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "care-clock.h"
#include "care-store-rules.h"
#include "care-tasks.h"
#include "care-uuid.h"

static const CareEntity *
tasks (void)
{
  return care_schema_lookup ("task");
}

/* The text without surrounding blanks, or NULL when nothing is left. */
static char *
trimmed (const char *text)
{
  char *copy = g_strstrip (g_strdup (text ? text : ""));

  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

CareRecord *
care_tasks_new (const char  *title,
                const char  *user_id,
                const char  *role,
                const char  *due_at,
                GError     **error)
{
  g_autofree char *text = trimmed (title);
  CareRecord *task;

  if (text == NULL)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, tasks (), "title",
                                 _("Say what is to be done."));
      return NULL;
    }
  if ((user_id == NULL) == (role == NULL))
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, tasks (), "assigned_to",
                                 _("Choose one staff member or one role."));
      return NULL;
    }
  task = care_record_new (tasks ());
  care_record_set (task, "title", text);
  care_record_set (task, "assigned_to", user_id);
  care_record_set (task, "assigned_role", role);
  care_record_set (task, "due_at", due_at);
  care_record_set (task, "priority", "normal");
  care_record_set (task, "status", "open");
  return task;
}

gboolean
care_tasks_complete (CareRecord  *task,
                     const char  *user_id,
                     const char  *note,
                     GError     **error)
{
  g_autofree char *text = trimmed (note);
  g_autofree char *now = NULL;
  const char *status = care_record_get (task, "status");

  g_return_val_if_fail (task != NULL, FALSE);

  if (g_strcmp0 (status, "done") == 0 || g_strcmp0 (status, "cancelled") == 0)
    {
      g_set_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, _("This task is “%s” already."),
                   care_field_choice_label (care_entity_field (tasks (), "status"), status));
      return FALSE;
    }
  if (text == NULL)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, tasks (), "completion_note",
                                 _("Write what was done."));
      return FALSE;
    }
  now = care_now_iso8601 ();
  care_record_set (task, "status", "done");
  care_record_set (task, "completion_note", text);
  care_record_set (task, "completed_at", now);
  care_record_set (task, "completed_by", user_id);
  return TRUE;
}

gboolean
care_tasks_is_overdue (CareRecord *task,
                       gint64      now_usec)
{
  const char *status = care_record_get (task, "status");
  gint64 due;

  return (g_strcmp0 (status, "open") == 0 || g_strcmp0 (status, "in_progress") == 0) &&
         care_clock_parse_instant (care_record_get (task, "due_at"), &due) && due < now_usec;
}

static int
by_due (gconstpointer a,
        gconstpointer b)
{
  const char *da = care_record_get (*(CareRecord **) a, "due_at");
  const char *db = care_record_get (*(CareRecord **) b, "due_at");

  if ((da == NULL) != (db == NULL))
    return da == NULL ? 1 : -1;
  return g_strcmp0 (da, db);
}

static gboolean
is_open (CareRecord *task)
{
  const char *status = care_record_get (task, "status");

  return g_strcmp0 (status, "open") == 0 || g_strcmp0 (status, "in_progress") == 0;
}

/* The open tasks whose field is value; for assigned_to, only those
 * given to the person rather than to a role. */
static gboolean
add_open (CareStore  *store,
          GPtrArray  *into,
          const char *field,
          const char *value,
          GError    **error)
{
  g_autoptr(GPtrArray) found = care_store_list (store, tasks (), field, value, NULL, 0, error);

  if (found == NULL)
    return FALSE;
  for (guint i = 0; i < found->len; i++)
    {
      CareRecord *task = found->pdata[i];

      if (is_open (task) && (g_strcmp0 (field, "assigned_to") != 0 || care_record_get (task, "assigned_role") == NULL))
        g_ptr_array_add (into, care_record_ref (task));
    }
  return TRUE;
}

GPtrArray *
care_tasks_for_user (CareStore   *store,
                     const char  *user_id,
                     const char  *role,
                     GError     **error)
{
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (!add_open (store, mine, "assigned_to", user_id, error) ||
      (role && !add_open (store, mine, "assigned_role", role, error)))
    return NULL;
  g_ptr_array_sort (mine, by_due);
  return g_steal_pointer (&mine);
}

GPtrArray *
care_tasks_assigned_by (CareStore   *store,
                        const char  *user_id,
                        GError     **error)
{
  g_autoptr(GPtrArray) found = care_store_list (store, tasks (), "assigned_by", user_id, NULL, 0, error);
  GPtrArray *given;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  if (found == NULL)
    return NULL;
  given = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  for (guint i = 0; i < found->len; i++)
    {
      CareRecord *task = found->pdata[i];

      /* Someone else's, or everyone's of a role: not one's own to-do. */
      if (is_open (task) && (care_record_get (task, "assigned_role") ||
                             g_strcmp0 (care_record_get (task, "assigned_to"), user_id) != 0))
        g_ptr_array_add (given, care_record_ref (task));
    }
  g_ptr_array_sort (given, by_due);
  return given;
}

/* --- who writes ------------------------------------------------------------ */

typedef struct {
  CareStore *store;
  char      *role;
} StoreWho;

static gboolean
store_can (gpointer    data,
           const char *permission)
{
  StoreWho *sw = data;

  return sw->role && care_store_role_can (sw->store, sw->role, permission);
}

gboolean
care_tasks_save (CareStore   *store,
                 CareRecord  *before,
                 CareRecord  *task,
                 GError     **error)
{
  const char *actor = care_store_get_actor (store);
  g_autoptr(CareRecord) user = NULL;
  StoreWho sw = { store, NULL };
  CareAccessor who = { actor, NULL, store_can, &sw };
  CareRuleContext ctx;

  g_return_val_if_fail (CARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (before != NULL || task != NULL, FALSE);

  if (actor)
    user = care_store_get (store, care_schema_lookup ("user"), actor, NULL);
  who.role = sw.role = user ? (char *) care_record_get (user, "role") : NULL;
  if (user == NULL)
    {
      g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_STATE, _("Sign in to change tasks."));
      return FALSE;
    }
  if (!care_access_check_write (&who, before, task, error))
    return FALSE;
  care_store_rule_context_init (&ctx, store);
  if (!care_store_begin (store, error))
    return FALSE;
  if (care_store_write_ruled (&ctx, store, before, task, error))
    return care_store_commit (store, error);
  care_store_rollback (store);
  return FALSE;
}

/* --- the rules, whoever writes --------------------------------------------- */

static const CareRuleStep steps[] = {
  { "open", (const char *const[]) { "in_progress", "done", "cancelled", NULL } },
  { "in_progress", (const char *const[]) { "open", "done", "cancelled", NULL } },
  { "done", (const char *const[]) { "open", NULL } },
  { "cancelled", (const char *const[]) { "open", NULL } },
};

static gboolean
prepare_task (CareRuleContext *ctx,
              CareRecord      *before,
              CareRecord      *task,
              GError         **error)
{
  g_autofree char *note = trimmed (care_record_get (task, "completion_note"));

  /* A task for a role is held by whoever assigned it until one of the
   * role does it. */
  if (before == NULL && care_record_get (task, "assigned_role"))
    care_rules_set_default (task, "assigned_to", care_record_get (task, "assigned_by") ?
                            care_record_get (task, "assigned_by") : ctx->actor);
  if (!care_rules_check_status_change (before, task, steps, G_N_ELEMENTS (steps), error))
    return FALSE;
  if (g_strcmp0 (care_record_get (task, "status"), "done") != 0)
    return TRUE;
  if (note == NULL)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, tasks (), "completion_note",
                                 _("Write what was done."));
      return FALSE;
    }
  if (care_record_get (task, "completed_at") == NULL)
    {
      g_autofree char *now = care_now_iso8601 ();

      care_record_set (task, "completed_at", now);
    }
  care_rules_set_default (task, "completed_by", ctx->actor);
  return TRUE;
}

const CareEntityRules *
care_tasks_entity_rules (guint *n_rules)
{
  /* A task for everyone of a role needs no assignee: prepare makes the
   * one who assigned it hold it until one of the role takes it. */
  static const char *const alternatives[] = { "assigned_to", "assigned_role", NULL };
  static const CareEntityRules rules[] = {
    { "task", prepare_task, .alternatives = alternatives },
  };

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}
