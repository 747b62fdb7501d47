/* care-demo.h: a demo clinic and synthetic patients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

#define CARE_DEMO_PASSWORD "caredesk-demo"

/* If the store has no clinic: creates "Riverside Family Clinic", one account
 * per role (usernames admin, reception, nurse, doctor, lab, pharmacy, all with
 * CARE_DEMO_PASSWORD) and n_patients synthetic patients. */
gboolean    care_demo_populate       (CareStore  *store,
                                      guint       n_patients,
                                      GError    **error);

/* Fills record (entity patient) with plausible synthetic demographics for
 * patient number i, deterministically from rand. */
void        care_demo_fill_patient   (CareRecord *record,
                                      GRand      *rand,
                                      guint       i);

/* Inserts n synthetic patients in transactions of batch rows. */
gboolean    care_demo_add_patients   (CareStore  *store,
                                      guint       n,
                                      guint32     seed,
                                      GError    **error);

G_END_DECLS
