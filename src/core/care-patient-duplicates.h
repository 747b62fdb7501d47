/* care-patient-duplicates.h: when two registrations are likely one person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

/* The names as compared: letters and digits only, without accents,
 * case-folded, one space between words ("  López-García " and
 * "lopez garcia" are the same name). */
char       *care_patient_duplicates_name_key (const char *name);

/* The text to search the clinic's patients with for possible duplicates
 * of record, born on its date of birth; NULL when record is not a patient
 * or lacks a name or a date of birth (nothing to compare). */
char       *care_patient_duplicates_search   (CareRecord *record);

/* Of candidates, the registration patient most likely duplicates: the same
 * names once normalised and the same date of birth; the earliest
 * registration, as the one to keep. NULL when none. */
const char *care_patient_duplicates_pick     (CareRecord *patient,
                                              GPtrArray  *candidates);

/* A new, unsaved open flag saying patient may be duplicate_of. */
CareRecord *care_patient_duplicates_flag_new (CareRecord *patient,
                                              const char *duplicate_of);

/* Merges the possible duplicates of the open flag flag_id: keeps keep_id
 * (one of the two), points every record that refers to the other patient
 * at keep_id, deletes the other and marks the flag merged; refused when
 * the other patient has records that are never edited (notes, vitals,
 * results, payments). Dismissing marks the flag dismissed. Ordinary local
 * changes, each with its outbox entry. */
gboolean    care_patient_duplicates_merge    (CareStore  *store,
                                              const char *flag_id,
                                              const char *keep_id,
                                              GError    **error);
gboolean    care_patient_duplicates_dismiss  (CareStore  *store,
                                              const char *flag_id,
                                              GError    **error);

G_END_DECLS
