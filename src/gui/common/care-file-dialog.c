/* care-file-dialog.c: the one way the app asks for a file to open or save
 *
 * A Request carries the caller's callback from the chooser to finish(),
 * the one place an answer arrives: from GtkFileDialog's finish on GTK 4.10
 * and later, from GtkFileChooserNative's "response" before, or from the
 * cancellable. Tests answer GTK's own chooser dialog, which both branches
 * show when there is no portal, so they go through finish() too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-file-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "care-file-dialog.h"

typedef struct
{
  CareFileDialogCallback  callback;
  gpointer                user_data;
  GDestroyNotify          destroy;
  GCancellable           *cancellable;
  gulong                  cancelled_id;
  GObject                *chooser;      /* GtkFileChooserNative before 4.10 */
} Request;

static void
finish (Request *request,
        GFile   *file)
{
  if (request->cancelled_id)
    g_signal_handler_disconnect (request->cancellable, request->cancelled_id);
  request->callback (file, request->user_data);
  if (request->destroy)
    request->destroy (request->user_data);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->chooser);
  g_free (request);
}

static GListStore *
make_filters (const CareFileFilter *filters)
{
  GListStore *store = g_list_store_new (GTK_TYPE_FILE_FILTER);

  for (const CareFileFilter *f = filters; f && f->name; f++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
      g_auto(GStrv) mime_types = g_strsplit (f->mime_types ? f->mime_types : "", ";", -1);
      g_auto(GStrv) suffixes = g_strsplit (f->suffixes ? f->suffixes : "", ";", -1);
      g_auto(GStrv) patterns = g_strsplit (f->patterns ? f->patterns : "", ";", -1);

      gtk_file_filter_set_name (filter, f->name);
      for (guint i = 0; mime_types[i]; i++)
        if (*mime_types[i])
          gtk_file_filter_add_mime_type (filter, mime_types[i]);
      for (guint i = 0; suffixes[i]; i++)
        if (*suffixes[i])
          gtk_file_filter_add_suffix (filter, suffixes[i]);
      for (guint i = 0; patterns[i]; i++)
        if (*patterns[i])
          gtk_file_filter_add_pattern (filter, patterns[i]);
      if (f->pixbuf_formats)
        gtk_file_filter_add_pixbuf_formats (filter);
      g_list_store_append (store, filter);
    }
  return store;
}

static GtkWindow *
parent_of (GtkWidget *owner)
{
  GtkRoot *root = owner ? gtk_widget_get_root (owner) : NULL;

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

#if GTK_CHECK_VERSION (4, 10, 0)

static void
on_chosen_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Request *request = user_data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (source);
  g_autoptr(GFile) file = NULL;

  if (g_object_get_data (source, "care-save"))
    file = gtk_file_dialog_save_finish (dialog, result, NULL);
  else
    file = gtk_file_dialog_open_finish (dialog, result, NULL);
  finish (request, file);
}

static void
ask (GtkWidget            *owner,
     gboolean              save,
     const char           *title,
     const char           *accept_label,
     const char           *initial_name,
     const CareFileFilter *filters,
     Request              *request)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) store = make_filters (filters);

  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_accept_label (dialog, accept_label);
  gtk_file_dialog_set_modal (dialog, TRUE);
  if (g_list_model_get_n_items (G_LIST_MODEL (store)) > 0)
    {
      g_autoptr(GtkFileFilter) first = g_list_model_get_item (G_LIST_MODEL (store), 0);

      gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (store));
      gtk_file_dialog_set_default_filter (dialog, first);
    }
  if (save)
    {
      g_object_set_data (G_OBJECT (dialog), "care-save", GINT_TO_POINTER (TRUE));
      gtk_file_dialog_set_initial_name (dialog, initial_name);
      gtk_file_dialog_save (dialog, parent_of (owner), request->cancellable, on_chosen_cb, request);
    }
  else
    gtk_file_dialog_open (dialog, parent_of (owner), request->cancellable, on_chosen_cb, request);
}

#else

static void
on_response_cb (GtkNativeDialog *chooser,
                int              response,
                Request         *request)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_signal_handlers_disconnect_by_data (chooser, request);
  finish (request, file);
}

/* GtkFileChooserNative takes no cancellable: hide it and answer NULL. */
static void
on_cancelled_cb (Request *request)
{
  g_signal_handler_disconnect (request->cancellable, request->cancelled_id);
  request->cancelled_id = 0;
  g_signal_handlers_disconnect_by_data (request->chooser, request);
  gtk_native_dialog_hide (GTK_NATIVE_DIALOG (request->chooser));
  finish (request, NULL);
}

static void
ask (GtkWidget            *owner,
     gboolean              save,
     const char           *title,
     const char           *accept_label,
     const char           *initial_name,
     const CareFileFilter *filters,
     Request              *request)
{
  g_autoptr(GListStore) store = make_filters (filters);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, parent_of (owner),
                                         save ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         accept_label, _("_Cancel"));
  request->chooser = G_OBJECT (chooser);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (G_LIST_MODEL (store), i);

      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  if (save && initial_name)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), initial_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_response_cb), request);
  if (request->cancellable)
    request->cancelled_id = g_signal_connect_swapped (request->cancellable, "cancelled",
                                                      G_CALLBACK (on_cancelled_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

#endif

static gboolean
answer_cancelled_cb (gpointer data)
{
  finish (data, NULL);
  return G_SOURCE_REMOVE;
}

static void
start (GtkWidget              *owner,
       gboolean                save,
       const char             *title,
       const char             *accept_label,
       const char             *initial_name,
       const CareFileFilter   *filters,
       GCancellable           *cancellable,
       CareFileDialogCallback  callback,
       gpointer                user_data,
       GDestroyNotify          destroy)
{
  Request *request;

  g_return_if_fail (owner == NULL || GTK_IS_WIDGET (owner));
  g_return_if_fail (title != NULL && accept_label != NULL);
  g_return_if_fail (callback != NULL);

  request = g_new0 (Request, 1);
  request->callback = callback;
  request->user_data = user_data;
  request->destroy = destroy;
  request->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  if (g_cancellable_is_cancelled (cancellable))
    g_idle_add (answer_cancelled_cb, request);
  else
    ask (owner, save, title, accept_label, initial_name, filters, request);
}

void
care_file_dialog_open (GtkWidget              *owner,
                       const char             *title,
                       const char             *accept_label,
                       const CareFileFilter   *filters,
                       GCancellable           *cancellable,
                       CareFileDialogCallback  callback,
                       gpointer                user_data,
                       GDestroyNotify          destroy)
{
  start (owner, FALSE, title, accept_label, NULL, filters, cancellable, callback, user_data, destroy);
}

void
care_file_dialog_save (GtkWidget              *owner,
                       const char             *title,
                       const char             *accept_label,
                       const char             *initial_name,
                       const CareFileFilter   *filters,
                       GCancellable           *cancellable,
                       CareFileDialogCallback  callback,
                       gpointer                user_data,
                       GDestroyNotify          destroy)
{
  start (owner, TRUE, title, accept_label, initial_name, filters, cancellable, callback, user_data, destroy);
}
