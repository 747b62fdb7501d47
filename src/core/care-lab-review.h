/* care-lab-review.h: the doctor's side of the laboratory: verified tests waiting for the doctor's review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-lab-queue.h"

G_BEGIN_DECLS

/* The tests doctor_id asked for that the laboratory has verified and no
 * doctor has reviewed yet (care_lab_review() ends that), STAT first,
 * then urgent, then routine, the longest waiting first within each.
 * CareLabQueueItem. */
GPtrArray *care_lab_queue_for_review (CareStore   *store,
                                      const char  *doctor_id,
                                      GError     **error);

G_END_DECLS
