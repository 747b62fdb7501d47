/* care-chart-summary.h: the chart's lists: problems, medications, allergies, history, care team
 *
 * What the panels beside the timeline show, picked and grouped here so
 * that the app, the server and the tests agree. Each list is made by a
 * pure function on records (tested without a store); care_chart_summary_load()
 * reads the records of one patient and calls them, reading only what the
 * lists show of a long history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

/* Whether two names of a list are the same (case aside, neither empty). */
gboolean   care_chart_summary_same_name (const char *a,
                                         const char *b);

/* --- problems ---------------------------------------------------------------- */

typedef struct {
  char     *name;         /* "Type 2 diabetes" */
  char     *code;         /* "E11.9", or NULL */
  gboolean  resolved;
  char     *since;        /* YYYY-MM-DD, or NULL */
  char     *resolved_on;  /* YYYY-MM-DD, or NULL */
  char     *problem_id;   /* the problem record; NULL for a registration condition or a note's diagnosis */
  gboolean  in_notes;     /* a note (as last amended) gives it as its diagnosis */
  gboolean  registered;   /* the patient's registration lists it among the conditions */
} CareChartProblem;

void       care_chart_problem_free      (CareChartProblem *problem);
CareChartProblem *care_chart_problem_copy (const CareChartProblem *problem);

/* The problem list: the problem records, then the diagnoses of the notes
 * as last amended, then the registration's conditions, each only once
 * (the same name, case aside, or the same code, is the same problem, and
 * a problem record says its state). Active first, then resolved; by name. */
GPtrArray *care_chart_summary_problems  (const char *const *conditions,
                                         GPtrArray         *notes,
                                         GPtrArray         *problems);

/* Marks a problem resolved on today: a problem record is updated, a
 * condition or a diagnosis gets its own record. Refused (CARE_RULE_ERROR_STATE
 * on "status") when it is resolved already. */
gboolean   care_chart_summary_resolve   (CareStore              *store,
                                         const char             *patient_id,
                                         const CareChartProblem *problem,
                                         GError                **error);

/* A problem's code looks like ICD-10 (on "code"); a resolved problem has
 * its date (today when none is given), not before it began (on
 * "resolved_on"); an active one has none. */
const CareEntityRules *care_chart_summary_entity_rules (guint *n_rules);

/* Writes a new allergy or problem record as the app does: its rules
 * (care_chart_summary_entity_rules()), then the insert. */
gboolean   care_chart_summary_add       (CareStore   *store,
                                         CareRecord  *record,
                                         GError     **error);

/* --- medications --------------------------------------------------------------- */

typedef enum {
  CARE_CHART_MED_ACTIVE,
  CARE_CHART_MED_DISCONTINUED,
  CARE_CHART_MED_HISTORICAL,
} CareChartMedStatus;

#define CARE_CHART_N_MED_STATUSES 3

typedef struct {
  CareChartMedStatus  status;
  char               *name;    /* "Amoxicillin" */
  char               *detail;  /* "500 mg · every 8 hours · 7 days", or NULL */
  char               *since;   /* YYYY-MM-DD, or NULL */
} CareChartMedication;

void       care_chart_medication_free   (CareChartMedication *medication);
/* "Active", "Discontinued", "Historical" (translated). */
const char *care_chart_med_status_label (CareChartMedStatus status);

/* The medication list: medication records by their status, and the
 * medicines of prescriptions (items, with their prescriptions): an active
 * prescription's are active until their days have run out by today, then
 * historical; a completed one's historical, a cancelled one's discontinued;
 * drafts are left out. By status, then newest first. */
GPtrArray *care_chart_summary_medications (GPtrArray  *medications,
                                           GPtrArray  *prescriptions,
                                           GPtrArray  *items,
                                           const char *today);

/* --- allergies ------------------------------------------------------------------ */

typedef struct {
  char *substance;
  char *reaction;   /* NULL when not recorded */
  char *severity;   /* a choice of allergy.severity, or NULL */
  char *allergy_id; /* the allergy record; NULL for one only listed at registration */
  gboolean listed;  /* the patient's registration lists it among the allergies */
} CareChartAllergy;

void       care_chart_allergy_free      (CareChartAllergy *allergy);
CareChartAllergy *care_chart_allergy_copy (const CareChartAllergy *allergy);

/* The allergy records, the most severe first, then the registration's
 * allergies that have no record (no reaction or severity known), in the
 * registration's order. */
GPtrArray *care_chart_summary_allergies (const char *const *listed,
                                         GPtrArray         *allergies);
/* Every allergy of the patient by name, in that order: what the chart's
 * banner and the prescribing warnings read. Never NULL but on error. */
char     **care_chart_summary_allergy_names (CareStore         *store,
                                             const CareRecord  *patient,
                                             GError           **error);

/* --- corrections (care-chart-corrections.c) ------------------------------------------ */

/* The record a change starts from: the stored one, or a new one for the
 * patient filled from what the list shows (a registration's allergy or
 * condition, a note's diagnosis). */
CareRecord *care_chart_summary_allergy_record (CareStore               *store,
                                               const char              *patient_id,
                                               const CareChartAllergy  *shown,
                                               GError                 **error);
CareRecord *care_chart_summary_problem_record (CareStore               *store,
                                               const char              *patient_id,
                                               const CareChartProblem  *shown,
                                               GError                 **error);

/* Saves a changed allergy or problem (from the *_record() above) through
 * its rules. One only listed at registration becomes a record of its own
 * and leaves the registration's list, so it shows once. A note's
 * diagnosis keeps its name: renaming it is refused on "name" (the note is
 * amended instead). */
gboolean   care_chart_summary_change_allergy (CareStore               *store,
                                              const CareChartAllergy  *shown,
                                              CareRecord              *changed,
                                              GError                 **error);
gboolean   care_chart_summary_change_problem (CareStore               *store,
                                              const CareChartProblem  *shown,
                                              CareRecord              *changed,
                                              GError                 **error);

/* Removes an allergy or problem entered in error: its record is deleted
 * and its name leaves the registration's list. A note's diagnosis is
 * refused (CARE_RULE_ERROR_STATE on "name"): the note is amended instead. */
gboolean   care_chart_summary_remove_allergy (CareStore               *store,
                                              const char              *patient_id,
                                              const CareChartAllergy  *shown,
                                              GError                 **error);
gboolean   care_chart_summary_remove_problem (CareStore               *store,
                                              const char              *patient_id,
                                              const CareChartProblem  *shown,
                                              GError                 **error);

/* --- the whole summary ------------------------------------------------------------ */

typedef struct {
  char *name;       /* "Dana Doctor" */
  char *team_role;  /* "Primary physician" */
  char *since;      /* YYYY-MM-DD, or NULL */
} CareChartTeamMember;

/* How many of each group of the medication list are read at most (an
 * active prescription's medicines are all read). */
#define CARE_CHART_SUMMARY_SHOWN 20

typedef struct {
  GPtrArray  *problems;          /* of CareChartProblem */
  GPtrArray  *medications;       /* of CareChartMedication */
  guint       more_medications[CARE_CHART_N_MED_STATUSES]; /* of each group, not read */
  GPtrArray  *allergies;         /* of CareChartAllergy */
  char      **immunizations;     /* never NULL */
  char      **family_history;    /* never NULL */
  char       *lifestyle;         /* NULL when not recorded */
  char       *social_notes;      /* NULL when not recorded */
  char       *advance_directives;/* NULL when not recorded */
  GPtrArray  *care_team;         /* of CareChartTeamMember */
} CareChartSummary;

void       care_chart_summary_free      (CareChartSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareChartSummary, care_chart_summary_free)

/* NULL with error for a patient the store does not hold
 * (care-chart-summary-load.c). */
CareChartSummary *care_chart_summary_load (CareStore  *store,
                                           const char *patient_id,
                                           GError    **error);
/* The same, read in a worker thread on a store connection of its own
 * (care-chart-summary-async.c); the callback runs on the calling thread. */
void       care_chart_summary_load_async  (CareStore           *store,
                                           const char          *patient_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
CareChartSummary *care_chart_summary_load_finish (CareStore     *store,
                                                  GAsyncResult  *result,
                                                  GError       **error);

G_END_DECLS
