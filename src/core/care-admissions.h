/* care-admissions.h: a doctor recommends that a patient be admitted
 *
 * The recommendation is an admission_request, pending until a nurse admits
 * the patient from the bed board (care_bed_board_admit() with its id) or
 * it is cancelled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

/* Whether a recommendation to admit patient_id (to ward_id, or NULL: any
 * ward) for reason may be made now: refused, naming the field, without a
 * reason, for an unknown ward, for a patient already admitted or one with
 * a recommendation still pending. */
gboolean    care_admissions_check_recommendation (CareStore   *store,
                                                  const char  *patient_id,
                                                  const char  *ward_id,
                                                  const char  *reason,
                                                  GError     **error);
/* Checks as above, then saves the pending request by the store's actor;
 * returns it. */
CareRecord *care_admissions_recommend            (CareStore   *store,
                                                  const char  *patient_id,
                                                  const char  *ward_id,
                                                  const char  *reason,
                                                  GError     **error);

G_END_DECLS
