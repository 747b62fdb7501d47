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

/* The demo clinic a server starts with: care_demo_populate() with
 * CARE_DEMO_CLINIC_PATIENTS patients, then care_demo_add_clinic_records(). */
#define CARE_DEMO_CLINIC_PATIENTS 120
#define CARE_DEMO_SEED 424242

gboolean    care_demo_populate_clinic    (CareStore  *store,
                                          guint32     seed,
                                          GError    **error);

/* Three months of a clinic's records around core's clock's now, drawn from
 * seed: appointments in every status, vitals, notes, lab tests, invoices and
 * payments, wards and beds with admissions, stock, prescriptions and one or
 * two of every other kind.  Needs the demo accounts; does nothing if the
 * store has appointments already.  Valid at any instant. */
gboolean    care_demo_add_clinic_records (CareStore  *store,
                                          guint32     seed,
                                          GError    **error);

/* The laboratory's queue of today (part of care_demo_add_clinic_records(),
 * in its transaction): requests of the 21st and later patients in every
 * state, requested by doctor, worked by lab, verified by verifier. */
gboolean    care_demo_add_lab_queue      (CareStore  *store,
                                          GPtrArray  *patients,
                                          const char *doctor,
                                          const char *lab,
                                          const char *verifier,
                                          guint32     seed,
                                          GError    **error);

/* The forms of the demo clinic (part of care_demo_add_clinic_records()):
 * an intake, a consent (with a drawn signature) and a feedback template,
 * and answers of the second and third patients waiting for review. */
gboolean    care_demo_add_forms          (CareStore  *store,
                                          GPtrArray  *patients,
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
