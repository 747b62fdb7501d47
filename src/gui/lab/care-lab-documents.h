/* care-lab-documents.h: the specimen label's preview, and attaching an outside laboratory's PDF report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "caredesk-core.h"
#include "care-lab-reports.h"

G_BEGIN_DECLS

/* "Print Label": draws the specimen label of a collected test and opens
 * the preview with Print and Export; FALSE and error when refused
 * (care_lab_check_label()). */
gboolean   care_lab_label_open              (GtkWindow           *parent,
                                             CareStore           *store,
                                             const char          *lab_test_id,
                                             GError             **error);

/* Reads file in GIO's worker thread, then attaches it as the outside laboratory's report of the test
 * (care_lab_reports_attach_outside()) on this thread. */
void       care_lab_outside_attach_async    (CareStore           *store,
                                             const char          *lab_test_id,
                                             const char          *outside_lab,
                                             GFile               *file,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
CareRecord *care_lab_outside_attach_finish  (CareStore           *store,
                                             GAsyncResult        *result,
                                             GError             **error);

/* An alert (care-alert.h) named name asking for one line of text: an entry
 * named entry_name (also the dialog's data "entry") with placeholder and
 * accessible_label, activating the default response. The caller adds
 * the responses and presents it. */
GtkWidget  *care_lab_entry_dialog_new       (const char          *heading,
                                             const char          *body,
                                             const char          *name,
                                             const char          *entry_name,
                                             const char          *placeholder,
                                             const char          *accessible_label,
                                             GtkWidget          **entry_out);

/* "Attach Outside Report": asks for the outside laboratory's name, then
 * for its PDF; chosen is called with both unless the dialogs are
 * cancelled or owner (passed to chosen) is gone meanwhile. */
typedef void (*CareLabOutsideChosen) (const char *outside_lab,
                                      GFile      *file,
                                      gpointer    owner);

void        care_lab_outside_ask            (GtkWindow           *parent,
                                             CareLabOutsideChosen chosen,
                                             GObject             *owner);

G_END_DECLS
