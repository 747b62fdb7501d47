/* care-message-attachment.h: reading a file to attach, and opening one received
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "caredesk-core.h"

G_BEGIN_DECLS

/* Reads file if it is small enough (core's limit, checked on its size
 * before reading) and of a kind a message may carry; the result is its
 * contents, or a refusal naming "attachment". */
void         care_message_attachment_load_async  (GFile               *file,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GBytes      *care_message_attachment_load_finish (GAsyncResult        *result,
                                                  GError             **error);

/* Writes message's attachment to a private temporary file and opens it
 * with the desktop's viewer for its type; the result says why not. */
void         care_message_attachment_open_async  (CareRecord          *message,
                                                  GtkWindow           *parent,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* The file written (a path), or NULL and error. */
char        *care_message_attachment_open_finish (GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
