/* care-tasks.h: tasks given to a staff member or to everyone of a role
 *
 * A task is assigned to one person (assigned_to) or to a role
 * (assigned_role: every nurse sees it on "My tasks"; assigned_to then
 * holds whoever assigned it). Only the assignee, anyone of the assigned
 * role, the author or an administrator changes, completes or deletes it
 * (the schema's writer_fields, checked by care-access.c for the server
 * and by care_tasks_save() for the app). Completing it needs a note of
 * what was done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-access.h"
#include "care-store.h"

G_BEGIN_DECLS

/* A new, unsaved open task for a person (user_id) or a role (role): one of
 * them, not both; due_at may be NULL. Refuses a missing title or assignee,
 * naming the field. */
CareRecord  *care_tasks_new               (const char  *title,
                                           const char  *user_id,
                                           const char  *role,
                                           const char  *due_at,
                                           GError     **error);

/* Marks task done by user_id now with note (required: what was done). */
gboolean     care_tasks_complete          (CareRecord  *task,
                                           const char  *user_id,
                                           const char  *note,
                                           GError     **error);

/* Whether task is still to do and its due time has passed at now_usec. */
gboolean     care_tasks_is_overdue        (CareRecord  *task,
                                           gint64       now_usec);

/* The open tasks (open, in progress) of user_id, whose role is role:
 * assigned to them, or to their role; the earliest due first, tasks
 * without a due time last. */
GPtrArray   *care_tasks_for_user          (CareStore   *store,
                                           const char  *user_id,
                                           const char  *role,
                                           GError     **error);
/* The open tasks user_id gave to others. */
GPtrArray   *care_tasks_assigned_by       (CareStore   *store,
                                           const char  *user_id,
                                           GError     **error);

/* Writes task (before: what is stored, NULL for a new one) as the store's
 * actor, after the ownership rule and the task's rules; deleting is
 * task NULL. */
gboolean     care_tasks_save              (CareStore   *store,
                                           CareRecord  *before,
                                           CareRecord  *task,
                                           GError     **error);

/* Statuses, completion needing a note, one assignee. */
const CareEntityRules *care_tasks_entity_rules (guint *n_rules);

G_END_DECLS
