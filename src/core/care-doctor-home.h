/* care-doctor-home.h: what waits for a doctor today: appointments, the checked-in queue, care-team patients, counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-store.h"

G_BEGIN_DECLS

/* One row of the doctor's home: a patient and why they are listed. */
typedef struct {
  char *patient_id;
  char *patient_name;
  char *when;      /* ISO 8601 UTC of the appointment, or NULL */
  char *detail;    /* the appointment's status and reason, or the role in the care team */
  char *record_id; /* the appointment or care team member */
} CareHomeRow;

void         care_home_row_free            (CareHomeRow *row);

typedef struct {
  GPtrArray *appointments;   /* today's, in time order, but cancelled, rejected or requested */
  GPtrArray *queue;          /* today's checked in or in consultation, earliest arrival first */
  GPtrArray *patients;       /* of the doctor's care teams, by name */
  guint      results;        /* verified results of the doctor's tests to review */
  guint      refills;        /* pending refill requests of the doctor's prescriptions */
  guint      requests;       /* appointments requested of the doctor, waiting */
} CareDoctorHome;

void         care_doctor_home_free         (CareDoctorHome *home);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareDoctorHome, care_doctor_home_free)

/* Today (the clinic's local day, care_clock_now_local()) for doctor_id. */
CareDoctorHome *care_doctor_home_load      (CareStore   *store,
                                            const char  *doctor_id,
                                            GError     **error);

G_END_DECLS
