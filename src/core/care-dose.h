/* care-dose.h: one scheduled dose of a medication round and what became of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "care-record.h"

G_BEGIN_DECLS

typedef enum {
  CARE_DOSE_DUE,       /* not recorded, and not later than its time and the grace */
  CARE_DOSE_OVERDUE,   /* not recorded, and later than its time and the grace */
  CARE_DOSE_GIVEN,
  CARE_DOSE_REFUSED,
  CARE_DOSE_HELD,
  CARE_DOSE_MISSED,
  CARE_DOSE_AS_NEEDED, /* a PRN medicine: given when needed, never due */
} CareDoseState;

/* How long after its time a dose not yet recorded becomes overdue. */
#define CARE_DOSE_GRACE_MINUTES 60

#define CARE_TYPE_DOSE (care_dose_get_type ())
G_DECLARE_FINAL_TYPE (CareDose, care_dose, CARE, DOSE, GObject)

/* A dose of item (a prescription_item) for patient at scheduled_at (µs
 * since the epoch); doses of a medicine are interval_minutes apart at
 * the least (0: not known). */
CareDose      *care_dose_new                (CareRecord *patient,
                                             const char *bed_label,
                                             CareRecord *item,
                                             gint64      scheduled_at,
                                             guint       interval_minutes);

/* A medicine given as needed (PRN) for patient: never due; given at the
 * moment it is recorded. last_given (may be NULL) is its latest
 * administration, shown beside it and never amended by the next one. */
CareDose      *care_dose_new_as_needed      (CareRecord *patient,
                                             const char *bed_label,
                                             CareRecord *item,
                                             guint       interval_minutes,
                                             CareRecord *last_given);
gboolean       care_dose_is_as_needed       (CareDose   *self);

const char    *care_dose_get_patient_id     (CareDose   *self);
const char    *care_dose_get_patient_name   (CareDose   *self);
const char    *care_dose_get_bed_label      (CareDose   *self);
CareRecord    *care_dose_get_item           (CareDose   *self);
const char    *care_dose_get_item_id        (CareDose   *self);
const char    *care_dose_get_medicine_name  (CareDose   *self);
const char    *care_dose_get_dose           (CareDose   *self);
const char    *care_dose_get_route          (CareDose   *self);
gint64         care_dose_get_scheduled_at   (CareDose   *self);
guint          care_dose_get_interval_minutes (CareDose *self);

/* The administration that stands for the dose (the newest of its records
 * that no other amends), or NULL while nothing is recorded. */
CareRecord    *care_dose_get_administration (CareDose   *self);
void           care_dose_set_administration (CareDose   *self,
                                             CareRecord *administration);

/* What became of the dose, or whether it is due or overdue at now (µs). */
CareDoseState  care_dose_get_state          (CareDose   *self,
                                             gint64      now);
/* The state of a medication_administration's status. */
CareDoseState  care_dose_state_from_status  (const char *status);

G_END_DECLS
