/* care-dialog-fields.h: small question dialogs whose fields show core's refusals beneath them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "care-alert.h"

G_BEGIN_DECLS

/* A red caption line under a field (widget name name), hidden while empty. */
GtkWidget   *care_dialog_error_new    (const char   *name);
/* Shows message under the field, or hides the line (NULL). */
void         care_dialog_show_error   (GtkWidget    *error_label,
                                       const char   *message);
/* Appends a heading label (with mnemonic) and an entry named name to box;
 * the label is the entry's accessible name. Returns the entry. */
GtkWidget   *care_dialog_entry        (GtkWidget    *box,
                                       const char   *label,
                                       const char   *name,
                                       const char   *placeholder);
/* An alert (care-alert.h) named name with content as its extra child, "Cancel"
 * and response (suggested, the default, disabled until the caller enables
 * it once the fields are right). */
GtkWidget   *care_dialog_new          (const char   *name,
                                       const char   *heading,
                                       const char   *body,
                                       const char   *response,
                                       const char   *response_label,
                                       GtkWidget    *content);
/* A refusal at the last moment (another workstation's change), told in a
 * dialog of its own ("refused-dialog") since the asking one has closed. */
void         care_dialog_refused      (GtkWidget    *parent,
                                       const GError *error);

G_END_DECLS
