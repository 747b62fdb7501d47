/* care-patient-import-dialog.h: importing a clinic's patient list from a CSV file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

#define CARE_TYPE_PATIENT_IMPORT_DIALOG (care_patient_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CarePatientImportDialog, care_patient_import_dialog, CARE, PATIENT_IMPORT_DIALOG, AdwWindow)

/* Imports into store's file, with a connection of its own in a worker
 * thread; store (the window's connection) then emits "changed". A store
 * in memory has no file to share: checking says so (care-store-worker.h). */
CarePatientImportDialog *care_patient_import_dialog_new       (CareStore               *store);
/* Reads file (in a worker) and shows its columns: what choosing it in the
 * file chooser does. Tests call it to bypass the chooser. */
void                     care_patient_import_dialog_load_file (CarePatientImportDialog *self,
                                                               GFile                   *file);
/* The import being prepared, once a file is read; NULL before. */
CarePatientImport       *care_patient_import_dialog_get_import (CarePatientImportDialog *self);

G_END_DECLS
