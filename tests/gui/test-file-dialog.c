/* test-file-dialog.c: care_file_dialog_open() and _save() as a person answers them
 *
 * The helper shows GTK's own chooser dialog under test (there is no portal
 * on the test's session bus), on GTK before 4.10 through
 * GtkFileChooserNative and after through GtkFileDialog. Each case answers
 * that dialog, or cancels it, or cancels the request, and checks what the
 * callback received: once, after the helper returned, with user_data freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-file-dialog"

#include "config.h"

#include <glib/gstdio.h>

#include "care-file-dialog.h"
#include "care-test-utils.h"

#define TIMEOUT_MS 10000

typedef struct
{
  guint  called;
  guint  freed;
  GFile *file;
} Answer;

static void
on_answer_cb (GFile    *file,
              gpointer  user_data)
{
  Answer *answer = user_data;

  g_assert_cmpuint (answer->freed, ==, 0);
  answer->called++;
  g_set_object (&answer->file, file);
}

static void
answer_free (gpointer user_data)
{
  ((Answer *) user_data)->freed++;
}

static gboolean
answered (gpointer user_data)
{
  return ((Answer *) user_data)->called > 0;
}

static gboolean
no_chooser (gpointer user_data)
{
  return care_test_wait_for_file_chooser (0) == NULL;
}

static const CareFileFilter filters[] = {
  { "Patient lists", "text/csv", "csv;txt" },
  { "All files", .patterns = "*" },
  { NULL }
};

/* The callback ran once with `expected` (NULL: no file), and its data was
 * freed once. */
static void
assert_answered_once (const Answer *answer,
                      GFile        *expected)
{
  g_assert_cmpuint (answer->called, ==, 1);
  g_assert_cmpuint (answer->freed, ==, 1);
  if (expected == NULL)
    g_assert_null (answer->file);
  else
    g_assert_true (answer->file != NULL && g_file_equal (answer->file, expected));
}

static GtkWindow *
parent_new (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 800, 600);
  gtk_window_present (window);
  return window;
}

/* The filters the chooser offers, by name, ";"-joined. */
static char *
filter_names (GtkWidget *chooser)
{
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GString) names = g_string_new (NULL);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  list = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
  G_GNUC_END_IGNORE_DEPRECATIONS
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (list, i);

      g_string_append_printf (names, "%s%s", i ? ";" : "", gtk_file_filter_get_name (filter));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_open (void)
{
  g_autofree char *dir = g_dir_make_tmp ("care-file-dialog-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "list.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *names = NULL;
  GtkWindow *parent = parent_new ();
  Answer answer = { 0 };
  GtkWidget *chooser;

  g_assert_true (g_file_set_contents (path, "name\n", -1, NULL));
  care_file_dialog_open (GTK_WIDGET (parent), "Choose a List", "_Open", filters, NULL,
                         on_answer_cb, &answer, answer_free);
  g_assert_cmpuint (answer.called, ==, 0);
  chooser = care_test_wait_for_file_chooser (TIMEOUT_MS);
  g_assert_nonnull (chooser);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, "Choose a List");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (chooser)) == parent);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (chooser)));
  names = filter_names (chooser);
  g_assert_cmpstr (names, ==, "Patient lists;All files");

  care_test_file_chooser_answer (chooser, file);
  g_assert_true (care_test_wait_for (answered, &answer, TIMEOUT_MS));
  assert_answered_once (&answer, file);
  g_assert_true (care_test_wait_for (no_chooser, NULL, TIMEOUT_MS));

  g_clear_object (&answer.file);
  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (parent);
}

static void
test_save (void)
{
  g_autofree char *dir = g_dir_make_tmp ("care-file-dialog-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "copy.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *offered = NULL;
  GtkWindow *parent = parent_new ();
  Answer answer = { 0 };
  GtkWidget *chooser;

  care_file_dialog_save (GTK_WIDGET (parent), "Export", "_Export", "report-2026.csv", filters, NULL,
                         on_answer_cb, &answer, answer_free);
  chooser = care_test_wait_for_file_chooser (TIMEOUT_MS);
  g_assert_nonnull (chooser);
  offered = care_test_file_chooser_name (chooser);
  g_assert_cmpstr (offered, ==, "report-2026.csv");

  care_test_file_chooser_answer (chooser, file);
  g_assert_true (care_test_wait_for (answered, &answer, TIMEOUT_MS));
  assert_answered_once (&answer, file);
  /* Choosing writes nothing: the caller does. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_clear_object (&answer.file);
  g_rmdir (dir);
  gtk_window_destroy (parent);
}

/* Cancel in the chooser: the callback receives NULL. */
static void
test_cancel_button (void)
{
  GtkWindow *parent = parent_new ();
  Answer answer = { 0 };
  GtkWidget *chooser;

  care_file_dialog_open (GTK_WIDGET (parent), "Choose", "_Open", NULL, NULL, on_answer_cb, &answer, answer_free);
  chooser = care_test_wait_for_file_chooser (TIMEOUT_MS);
  g_assert_nonnull (chooser);
  care_test_file_chooser_answer (chooser, NULL);
  g_assert_true (care_test_wait_for (answered, &answer, TIMEOUT_MS));
  assert_answered_once (&answer, NULL);
  g_assert_true (care_test_wait_for (no_chooser, NULL, TIMEOUT_MS));
  gtk_window_destroy (parent);
}

/* The owner goes away (a page disposed) and cancels: the chooser closes and
 * the callback receives NULL, once. */
static void
test_cancellable (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GtkWindow *parent = parent_new ();
  Answer answer = { 0 };

  care_file_dialog_save (GTK_WIDGET (parent), "Export", "_Export", "a.csv", filters, cancellable,
                         on_answer_cb, &answer, answer_free);
  g_assert_nonnull (care_test_wait_for_file_chooser (TIMEOUT_MS));
  g_cancellable_cancel (cancellable);
  g_assert_true (care_test_wait_for (answered, &answer, TIMEOUT_MS));
  g_assert_true (care_test_wait_for (no_chooser, NULL, TIMEOUT_MS));
  care_test_wait (100);
  assert_answered_once (&answer, NULL);
  gtk_window_destroy (parent);
}

/* Already cancelled: no chooser, and the answer comes from the main loop,
 * not from inside the call. */
static void
test_already_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GtkWindow *parent = parent_new ();
  Answer answer = { 0 };

  g_cancellable_cancel (cancellable);
  care_file_dialog_open (GTK_WIDGET (parent), "Choose", "_Open", filters, cancellable,
                         on_answer_cb, &answer, answer_free);
  g_assert_cmpuint (answer.called, ==, 0);
  g_assert_true (care_test_wait_for (answered, &answer, TIMEOUT_MS));
  assert_answered_once (&answer, NULL);
  g_assert_null (care_test_wait_for_file_chooser (0));
  gtk_window_destroy (parent);
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);

  g_test_add_func ("/file-dialog/open", test_open);
  g_test_add_func ("/file-dialog/save", test_save);
  g_test_add_func ("/file-dialog/cancel-button", test_cancel_button);
  g_test_add_func ("/file-dialog/cancellable", test_cancellable);
  g_test_add_func ("/file-dialog/already-cancelled", test_already_cancelled);

  return g_test_run ();
}
