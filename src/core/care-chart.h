/* care-chart.h: a patient's chart: the header a doctor reads first, and the timeline of everything recorded
 *
 * The timeline lists a patient's records of every kind as uniform entries,
 * newest first (ties: by kind, then newest written), read a page at a
 * time by keyset from indexes on (patient_id, time): a patient with
 * 50,000 records opens as fast as one with ten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-news2.h"
#include "care-store.h"

G_BEGIN_DECLS

typedef enum {
  CARE_CHART_NOTE         = 1 << 0,
  CARE_CHART_VITALS       = 1 << 1,
  CARE_CHART_LAB          = 1 << 2,
  CARE_CHART_PRESCRIPTION = 1 << 3,
  CARE_CHART_MEDICATION   = 1 << 4,
  CARE_CHART_IMAGING      = 1 << 5,
  CARE_CHART_ADMISSION    = 1 << 6,
  CARE_CHART_APPOINTMENT  = 1 << 7,
  CARE_CHART_TREATMENT    = 1 << 8,
  CARE_CHART_FORM         = 1 << 9,
  CARE_CHART_MESSAGE      = 1 << 10,
} CareChartKind;

#define CARE_CHART_ALL_KINDS 0x7ffu
#define CARE_CHART_N_KINDS   11

typedef enum {
  CARE_CHART_FLAG_NONE,
  CARE_CHART_FLAG_ABNORMAL,   /* a result out of range, NEWS2 5-6 */
  CARE_CHART_FLAG_CRITICAL,   /* a critical result, NEWS2 7 or more */
} CareChartFlag;

typedef struct {
  CareChartKind  kind;
  const char    *entity;      /* "clinical_note" (static) */
  char          *record_id;
  char          *when;        /* ISO 8601 UTC, what the timeline sorts by */
  gint64         seq;         /* the row's local number: the tie-break */
  char          *title;       /* "Consultation", "Full blood count" */
  char          *summary;     /* one line: "Essential hypertension (I10)" */
  CareChartFlag  flag;
  char          *flag_text;   /* "2 results out of range", NULL without a flag */
  gboolean       amendment;   /* corrects an earlier record */
  gboolean       superseded;  /* corrected by a later one */
} CareChartEntry;

void         care_chart_entry_free   (CareChartEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareChartEntry, care_chart_entry_free)

/* The kinds in the order the timeline breaks ties and the filter lists
 * them; their labels ("Notes", translated). */
const char  *care_chart_kind_label   (CareChartKind   kind);
CareChartKind care_chart_kind_nth    (guint           i);

/* Up to limit entries of the given kinds (a mask) that come after `after`
 * (NULL: from the newest). An array of CareChartEntry. */
GPtrArray   *care_chart_timeline     (CareStore             *store,
                                      const char            *patient_id,
                                      guint                  kinds,
                                      const CareChartEntry  *after,
                                      guint                  limit,
                                      GError               **error);
/* How many entries the timeline holds for those kinds. */
gint64       care_chart_count        (CareStore             *store,
                                      const char            *patient_id,
                                      guint                  kinds,
                                      GError               **error);

/* --- the header ----------------------------------------------------------- */

typedef struct {
  CareRecord *patient;
  char       *name;           /* "María López" */
  int         age_years;      /* on care_clock_today(); -1 without a date of birth */
  int         age_months;     /* the same in whole months */
  char      **allergies;      /* never NULL: care_chart_summary_allergy_names() */
  char      **conditions;     /* never NULL */
  CareRecord *vitals;         /* the latest set as last corrected, or NULL */
  gboolean    scored;         /* news2 holds a score of vitals */
  CareNews2   news2;
} CareChartHeader;

void         care_chart_header_free  (CareChartHeader *header);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CareChartHeader, care_chart_header_free)

/* NULL (CARE_STORE_ERROR_NOT_FOUND) for a patient of no clinic of store. */
CareChartHeader *care_chart_header   (CareStore  *store,
                                      const char *patient_id,
                                      GError    **error);

/* One line of a set's readings: "BP 120/80 · Pulse 72 · SpO₂ 97 % · NEWS2 1". */
char        *care_chart_vitals_line  (const CareRecord *vitals);
/* A lab test as the timeline describes it: its name, its results (as
 * last corrected) and their worst flag; when is the time it was
 * verified, or else completed. */
CareChartEntry *care_chart_describe_lab (CareStore  *store,
                                         CareRecord *test);

/* Whole years and months from date_of_birth (YYYY-MM-DD) to today
 * (YYYY-MM-DD); FALSE when either is not a date or birth is later. */
gboolean     care_chart_age          (const char *date_of_birth,
                                      const char *today,
                                      int        *years,
                                      int        *months);

G_END_DECLS
