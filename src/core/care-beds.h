/* care-beds.h: admitting a patient to a bed, transferring, discharging
 *
 *   bed:        available → occupied | cleaning | reserved | out_of_service
 *               reserved → occupied | available | out_of_service
 *               occupied → cleaning;  cleaning → available | out_of_service
 *               out_of_service → available | cleaning
 *   admission:  active → transferred | discharged (where it ends)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"

G_BEGIN_DECLS

/* Admits patient_id to bed (which must be available or reserved) now: returns the new,
 * unsaved bed_allocation and marks the bed occupied. */
CareRecord  *care_beds_admit               (CareRecord  *bed,
                                            const char  *patient_id,
                                            const char  *reason,
                                            const char  *actor,
                                            GError     **error);
/* Discharges the bed's active admission (NULL: nobody is admitted, a
 * refusal): the admission ends now and the bed is to be cleaned. */
gboolean     care_beds_discharge           (CareRecord  *bed,
                                            CareRecord  *admission,
                                            GError     **error);
/* Moves the bed's active admission to target (available): the old one
 * ends as transferred, the bed is to be cleaned; returns the new, unsaved
 * admission to target (reason NULL: the old one's). */
CareRecord  *care_beds_transfer            (CareRecord  *bed,
                                            CareRecord  *admission,
                                            CareRecord  *target,
                                            const char  *reason,
                                            const char  *actor,
                                            GError     **error);

/* A change a nurse makes by hand: reserve, release, mark cleaned, take
 * out of or put back into service. Occupied comes and goes only with an
 * admission (refused here, naming the field status). */
gboolean     care_beds_set_status          (CareRecord  *bed,
                                            const char  *status,
                                            GError     **error);
/* Whether care_beds_set_status() would allow from → to. */
gboolean     care_beds_can_set_status      (const char  *from,
                                            const char  *to);

/* Beds and admissions change only as above, whoever writes them; an
 * admission that ends gets its time. */
const CareEntityRules *care_beds_entity_rules (guint *n_rules);

G_END_DECLS
