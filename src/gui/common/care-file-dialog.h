/* care-file-dialog.h: the one way the app asks for a file to open or save
 *
 * GtkFileDialog on GTK 4.10 and later, GtkFileChooserNative before (it is
 * deprecated from 4.10). Either way the chooser is the desktop's portal
 * where there is one and GTK's own GtkFileChooserDialog otherwise (as under
 * test), and the answer reaches the caller through the same function.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One filter the chooser offers; an array of them ends with name NULL.
 * mime_types, suffixes (without the dot, matched in any case) and
 * patterns ("*") are ";"-separated lists, any of them NULL. */
typedef struct
{
  const char *name;
  const char *mime_types;
  const char *suffixes;
  const char *patterns;
  gboolean    pixbuf_formats;   /* every image format GdkPixbuf reads */
} CareFileFilter;

/* Receives the chosen file, or NULL when the user cancelled, the
 * cancellable was cancelled or no chooser could be shown. Called once,
 * on the main loop, never before care_file_dialog_*() has returned. */
typedef void (*CareFileDialogCallback) (GFile    *file,
                                        gpointer  user_data);

/* Asks for a file to read. owner is the widget asking (its window is the
 * chooser's parent; may be NULL); filters may be NULL; destroy frees
 * user_data after callback. */
void care_file_dialog_open (GtkWidget              *owner,
                            const char             *title,
                            const char             *accept_label,
                            const CareFileFilter   *filters,
                            GCancellable           *cancellable,
                            CareFileDialogCallback  callback,
                            gpointer                user_data,
                            GDestroyNotify          destroy);

/* Asks for a file to write, offering initial_name (may be NULL). */
void care_file_dialog_save (GtkWidget              *owner,
                            const char             *title,
                            const char             *accept_label,
                            const char             *initial_name,
                            const CareFileFilter   *filters,
                            GCancellable           *cancellable,
                            CareFileDialogCallback  callback,
                            gpointer                user_data,
                            GDestroyNotify          destroy);

G_END_DECLS
