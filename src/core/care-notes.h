/* care-notes.h: clinical notes: structured, signed, corrected only by amendment
 *
 * A note is written as SOAP (subjective, objective, assessment, plan) with
 * a diagnosis and an optional ICD-10 code. It maps onto clinical_note as:
 * subjective, objective and assessment are the sections of `content`
 * (each under its own heading line, "Subjective:" …, which is stored data
 * and never translated), the plan is `treatment`, the diagnosis and its
 * code are `diagnosis` and `diagnosis_code`. Notes written before SOAP
 * (plain content) read back as their assessment.
 *
 * A saved note is signed by its author (the writer, never the body of a
 * request) and is append-only: a correction is a new note whose amends_id
 * names the version it corrects, which is kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-rules.h"
#include "care-store.h"

G_BEGIN_DECLS

typedef struct {
  char *subjective;
  char *objective;
  char *assessment;
  char *plan;
} CareNoteSoap;

void          care_note_soap_clear        (CareNoteSoap     *soap);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CareNoteSoap, care_note_soap_clear)

/* Writes soap into note's content and treatment (empty sections left out). */
void          care_notes_set_soap         (CareRecord       *note,
                                           const CareNoteSoap *soap);
/* Reads note's sections back (each "" when absent). */
void          care_notes_get_soap         (const CareRecord *note,
                                           CareNoteSoap     *soap);

/* ICD-10 as written: a letter, two digits, then optionally a dot and 1-4
 * letters or digits (E11.9, S72.001A, I10). */
gboolean      care_notes_looks_like_icd10 (const char       *code);

/* What a note needs before it is signed: something written (error on
 * "content"), a diagnosis that a code stands for (on "diagnosis"), a code
 * that looks like ICD-10, "E11.9" (on "diagnosis_code"). */
gboolean      care_notes_check            (const CareRecord *note,
                                           GError          **error);

/* A new, unsaved amendment of original: same patient, visit and contents,
 * amends_id set; its author will be whoever signs it. */
CareRecord   *care_notes_new_amendment    (const CareRecord *original);

/* Signs note as the store's actor: the rules below, then the insert. */
gboolean      care_notes_sign             (CareStore        *store,
                                           CareRecord       *note,
                                           GError          **error);

/* A note is never rewritten; a new one is signed by its writer, checked,
 * and an amendment corrects the latest version of a note of the same
 * patient. */
const CareEntityRules *care_notes_entity_rules (guint *n_rules);

G_END_DECLS
