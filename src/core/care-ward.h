/* care-ward.h: the admitted-patients monitor: each patient's bed, latest vitals, NEWS2 and when the next observation is due
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-news2.h"
#include "care-store.h"

G_BEGIN_DECLS

typedef struct {
  char       *allocation_id;
  char       *patient_id;
  char       *patient_name;     /* "Given Family" */
  char       *ward_name;
  char       *room_name;
  char       *bed_id;
  char       *bed_label;
  gint64      admitted_at;      /* µs since the epoch */
  CareRecord *vitals;           /* the latest set, NULL before the first */
  gboolean    scored;           /* news2 holds the latest set's score */
  CareNews2   news2;
  gint64      last_observation; /* µs; 0 before the first */
  gint64      due;              /* µs: the next observation */
  gboolean    overdue;          /* due has passed */
} CareWardPatient;

/* How often to observe a patient with this score, by the RCP's NEWS2
 * chart: 0 every 12 h; 1-4 every 4 h; 3 in one parameter or 5-6 every
 * hour; 7 or more continuously (every 15 minutes here). */
GTimeSpan    care_ward_observation_interval (const CareNews2 *news2);

/* When the next observation of a patient admitted at admitted_at is due,
 * whose latest observation (0: none) scored news2 (NULL: none): at
 * admission when nothing was observed since. */
gint64       care_ward_observation_due      (gint64           admitted_at,
                                             gint64           last_observation,
                                             const CareNews2 *news2);

/* Every patient with an active admission, by ward, room and bed, as at
 * now (µs since the epoch, from care_clock): CareWardPatient. */
GPtrArray   *care_ward_monitor              (CareStore       *store,
                                             gint64           now,
                                             GError         **error);

void         care_ward_patient_free         (CareWardPatient *patient);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareWardPatient, care_ward_patient_free)

G_END_DECLS
