/* care-message-attachment.c: reading a file to attach, and opening one received
 *
 * Both run on GIO's async file API, never blocking the window: a file to
 * attach is measured before it is read (a 2 GB video is refused without
 * reading it), and an attachment received is written to a temporary
 * folder of its own, readable by this user only, then handed to the
 * desktop's viewer for its type.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-message-attachment"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "care-attachments.h"
#include "care-message-attachment.h"
#include "care-messages.h"

/* --- attaching ------------------------------------------------------------ */

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);

  if (contents == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!care_messages_check_attachment (contents, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&contents), (GDestroyNotify) g_bytes_unref);
}

static void
on_measured_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);
  GCancellable *cancellable;

  if (info == NULL || !care_messages_check_attachment_size (g_file_info_get_size (info), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  cancellable = g_task_get_cancellable (task);
  g_file_load_bytes_async (G_FILE (source), cancellable, on_loaded_cb, g_steal_pointer (&task));
}

void
care_message_attachment_load_async (GFile               *file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, care_message_attachment_load_async);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           cancellable, on_measured_cb, task);
}

GBytes *
care_message_attachment_load_finish (GAsyncResult *result,
                                     GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- opening ---------------------------------------------------------------- */

typedef struct {
  GFile             *file;
  GAppLaunchContext *context;
} Opening;

static void
opening_free (Opening *o)
{
  g_clear_object (&o->file);
  g_clear_object (&o->context);
  g_free (o);
}

/* The name it was sent with, without any folder, ending as its kind
 * does so that the viewer's type is the file's. */
static char *
file_name_for (CareRecord *message,
               GBytes     *contents)
{
  const char *kind = care_attachment_kind (contents);
  g_autofree char *name = care_attachment_clip_name (care_record_get (message, "attachment_name"), 200, "attachment");
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autofree char *suffix = g_strconcat (".", kind ? kind : "bin", NULL);

  if (g_str_equal (name, ".") || g_str_equal (name, "..") || strchr (name, G_DIR_SEPARATOR))
    {
      g_free (name);
      name = g_strdup ("attachment");
    }
  if (g_str_has_suffix (lower, suffix) || (kind && g_str_equal (kind, "jpeg") && g_str_has_suffix (lower, ".jpg")))
    return g_steal_pointer (&name);
  return g_strconcat (name, suffix, NULL);
}

static void
on_launched_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  Opening *o = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             /* Translators: %s says why, from the system */
                             _("No application could open the attachment: %s"), error->message);
  else
    g_task_return_pointer (task, g_file_get_path (o->file), g_free);
}

static void
on_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GTask) task = data;
  Opening *o = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  GCancellable *cancellable;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  uri = g_file_get_uri (o->file);
  cancellable = g_task_get_cancellable (task);
  g_app_info_launch_default_for_uri_async (uri, o->context, cancellable, on_launched_cb, g_steal_pointer (&task));
}

void
care_message_attachment_open_async (CareRecord          *message,
                                    GtkWindow           *parent,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GBytes *contents = care_record_get_blob (message, "attachment");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  Opening *o;

  g_task_set_source_tag (task, care_message_attachment_open_async);
  if (contents == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This message has no attachment."));
      return;
    }
  /* A folder of its own (mode 0700): no other user reads a patient's file. */
  dir = g_dir_make_tmp ("caredesk-attachment-XXXXXX", &error);
  if (dir == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  name = file_name_for (message, contents);
  path = g_build_filename (dir, name, NULL);
  o = g_new0 (Opening, 1);
  o->file = g_file_new_for_path (path);
  o->context = parent ? G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (
                          gtk_widget_get_display (GTK_WIDGET (parent)))) : NULL;
  g_task_set_task_data (task, o, (GDestroyNotify) opening_free);
  g_file_replace_contents_bytes_async (o->file, contents, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable,
                                       on_written_cb, g_steal_pointer (&task));
}

char *
care_message_attachment_open_finish (GAsyncResult *result,
                                     GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
