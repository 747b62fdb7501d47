/* care-note-dialog.h: write and sign a clinical note (SOAP, diagnosis, code), or amend one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "care-session.h"

G_BEGIN_DECLS

#define CARE_TYPE_NOTE_DIALOG (care_note_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CareNoteDialog, care_note_dialog, CARE, NOTE_DIALOG, AdwWindow)

/* A new note for the patient; "saved" (the note's id) once signed. */
CareNoteDialog *care_note_dialog_new           (CareSession *session,
                                                const char  *patient_id);
/* An amendment of the note (its latest version), its text to correct. */
CareNoteDialog *care_note_dialog_new_amendment (CareSession *session,
                                                const char  *note_id);

G_END_DECLS
