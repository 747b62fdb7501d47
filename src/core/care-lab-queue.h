/* care-lab-queue.h: the laboratory's queue of requests, and each request's next step, through a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

typedef struct {
  char *test_id;
  char *patient_id;
  char *patient_name;   /* "Given Family" */
  char *patient_sex;
  char *test_name;
  char *priority;       /* "routine", "urgent", "stat" */
  char *status;
  char *requested_at;   /* the request's created_at, ISO 8601 UTC */
  gboolean amended;     /* care_lab_queue_for_review(): a result was corrected */
} CareLabQueueItem;

void     care_lab_queue_item_free (CareLabQueueItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareLabQueueItem, care_lab_queue_item_free)

/* The "status" of care_lab_queue_list() for every request still with
 * the laboratory: requested, assigned, collected, in progress, resulted. */
#define CARE_LAB_QUEUE_OPEN "open"

/* The requests with status (CARE_LAB_QUEUE_OPEN, a status, or NULL for
 * all) and priority (NULL for all): STAT first, then urgent, then
 * routine, oldest first within each; at most limit (0: no limit).
 * CareLabQueueItem. */
GPtrArray *care_lab_queue_list     (CareStore   *store,
                                    const char  *status,
                                    const char  *priority,
                                    guint        limit,
                                    GError     **error);

/* The steps the laboratory may take next from a status, in the order a
 * screen offers them: "collected", "in_progress", "completed" (enter
 * results), "verified", "cancelled". NULL-terminated, static. */
const char *const *care_lab_queue_next_steps (const char *status);

/* Takes a step on the stored test as the store's actor, in one
 * transaction: "assigned", "collected", "in_progress" or "completed"
 * (care_lab_set_status()), "cancelled" with reason (care_lab_cancel()),
 * "verified" (care_lab_verify(), asking for a second person when the
 * clinic does). Returns the test as written. */
CareRecord *care_lab_queue_step    (CareStore   *store,
                                    const char  *test_id,
                                    const char  *to,
                                    const char  *reason,
                                    GError     **error);

G_END_DECLS
