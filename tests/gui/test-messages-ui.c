/* test-messages-ui.c: two colleagues exchange messages through a real server
 *
 * A nurse and a doctor sign in at two workstations of one clinic. The
 * nurse writes to the doctor with an image attached (a file over 5 MB is
 * refused next to the attachment first); the doctor's sidebar counts it
 * at once, the desktop is told while the doctor's window is not in front,
 * and that notification opens the conversation, which reads it. The
 * doctor's answer arrives in the nurse's open conversation the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-messages-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "care-test-clinic.h"

#include "care-messages.h"
#include "care-messages-page.h"
#include "care-notifications.h"
#include "care-secret.h"

static const guchar png_head[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };

static void
show_messages (CareWindow *window)
{
  care_test_click (find (GTK_WIDGET (window), "sidebar-messages"));
  g_assert_cmpstr (care_window_get_page_name (window), ==, "messages");
}

static CareMessagesPage *
page_of (CareWindow *window)
{
  return CARE_MESSAGES_PAGE (care_window_get_page (window, "messages"));
}

static const char *
text_of (CareWindow *window,
         const char *name)
{
  return gtk_label_get_text (GTK_LABEL (find (GTK_WIDGET (window), name)));
}

typedef struct {
  CareWindow *window;
  const char *name;
  const char *text;
} Shown;

static gboolean
label_shows (gpointer data)
{
  Shown *s = data;
  GtkWidget *label = care_test_find (GTK_WIDGET (s->window), s->name);

  return label && gtk_widget_get_visible (label) && gtk_widget_get_mapped (label) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), s->text) == 0;
}

static void
wait_for_label (CareWindow *window,
                const char *name,
                const char *text)
{
  Shown s = { window, name, text };

  if (!care_test_wait_for (label_shows, &s, TIMEOUT_MS))
    g_error ("%s did not show “%s” (it shows “%s”)", name, text, text_of (window, name));
}

static GFile *
write_file (const char *dir,
            const char *name,
            gsize       size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree guchar *data = g_malloc0 (size);
  g_autoptr(GError) error = NULL;

  memcpy (data, g_str_has_suffix (name, ".pdf") ? (const guchar *) "%PDF-1.4" : png_head,
          g_str_has_suffix (name, ".pdf") ? 8 : sizeof png_head);
  g_file_set_contents (path, (const char *) data, size, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
choose_recipient (CareWindow *window,
                  const char *full_name)
{
  GtkDropDown *to = GTK_DROP_DOWN (find (GTK_WIDGET (window), "messages-to"));
  GListModel *names = gtk_drop_down_get_model (to);

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (names), i), full_name))
      {
        gtk_drop_down_set_selected (to, i);
        return;
      }
  g_error ("%s is not offered as a recipient", full_name);
}

static void
write_body (CareWindow *window,
            const char *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (find (GTK_WIDGET (window), "messages-body"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static gboolean
has_message_rows (gpointer data)
{
  Shown *s = data;
  GtkListBox *list = GTK_LIST_BOX (find (GTK_WIDGET (s->window), "messages-thread"));
  guint n = GPOINTER_TO_UINT (s->text);

  return gtk_list_box_get_row_at_index (list, n - 1) != NULL;
}

static gboolean
notified_with (gpointer data)
{
  GPtrArray *bodies = care_test_notification_bodies ();

  for (guint i = 0; i < bodies->len; i++)
    if (g_strcmp0 (bodies->pdata[i], data) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
not_active (gpointer window)
{
  return !gtk_window_is_active (window);
}

static void
test_two_colleagues (void)
{
  g_autoptr(Clinic) clinic = clinic_new ();
  g_autoptr(CareStore) store_a = care_test_store_new ();
  g_autoptr(CareStore) store_b = care_test_store_new ();
  CareWindow *a = connect_and_sign_in (clinic, store_a, "nurse");
  CareWindow *b = connect_and_sign_in (clinic, store_b, "doctor");
  g_autoptr(CareRecord) doctor = care_accounts_find_login (store_a, "doctor");
  g_autoptr(CareRecord) nurse = care_accounts_find_login (store_a, "nurse");
  g_autofree char *doctor_name = care_record_dup_title (doctor);
  g_autofree char *nurse_name = care_record_dup_title (nurse);
  g_autofree char *dir = g_dir_make_tmp ("caredesk-messages-XXXXXX", NULL);
  g_autoptr(GFile) big = write_file (dir, "ward-scan.pdf", CARE_MESSAGES_ATTACHMENT_MAX + 1);
  g_autoptr(GFile) photo = write_file (dir, "wound.png", 2048);
  g_autoptr(GPtrArray) threads = NULL;
  g_autoptr(GPtrArray) told = NULL;
  g_autofree char *told_body = NULL;
  CareMessageThread *t;
  Shown rows;

  wait_for_indicator (a, g_dgettext (GETTEXT_PACKAGE, "Up to date"), TIMEOUT_MS);
  wait_for_indicator (b, g_dgettext (GETTEXT_PACKAGE, "Up to date"), TIMEOUT_MS);
  g_assert_false (gtk_widget_get_visible (find (GTK_WIDGET (b), "sidebar-badge-messages")));
  /* The nurse's window in front: the doctor's is not. */
  gtk_window_present (GTK_WINDOW (a));
  g_assert_true (care_test_wait_for (not_active, b, TIMEOUT_MS));

  /* The nurse writes; a file over 5 MB is refused beside the attachment. */
  show_messages (a);
  care_test_click (find (GTK_WIDGET (a), "messages-new-button"));
  choose_recipient (a, doctor_name);
  care_test_type (find (GTK_WIDGET (a), "messages-subject"), "Bed 4 dressing");
  write_body (a, "The wound looks red again, see the photo.");
  care_messages_page_attach_file (page_of (a), big);
  wait_for_label (a, "messages-attachment-error",
                  g_dgettext (GETTEXT_PACKAGE, "The file is larger than 5 MB; attach a smaller file, or a PDF of fewer pages."));
  g_assert_cmpstr (text_of (a, "messages-attachment"), ==, "");
  care_test_keep_screenshot (GTK_WIDGET (a), "messages-attachment-too-large.png");
  care_messages_page_attach_file (page_of (a), photo);
  {
    g_autofree char *size = g_format_size (2048);
    g_autofree char *shown = g_strdup_printf ("wound.png (%s)", size);

    wait_for_label (a, "messages-attachment", shown);
  }
  g_assert_false (gtk_widget_get_visible (find (GTK_WIDGET (a), "messages-attachment-error")));
  care_test_click (find (GTK_WIDGET (a), "messages-send-button"));
  wait_for_label (a, "messages-thread-title", "Bed 4 dressing");
  threads = care_messages_threads (store_a, care_record_get_id (nurse), NULL);
  g_assert_cmpuint (threads->len, ==, 1);
  t = threads->pdata[0];

  /* The doctor's sidebar counts it as soon as sync brings it. */
  wait_for_label (b, "sidebar-badge-messages", "1");
  g_assert_cmpuint (care_messages_count_unread (store_b, care_record_get_id (doctor)), ==, 1);

  /* The desktop was told, with who wrote and about what, while the
   * doctor's window was not in front. */
  told_body = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "%s: %s"), nurse_name, "Bed 4 dressing");
  if (!care_test_wait_for (notified_with, told_body, TIMEOUT_MS))
    {
      g_autoptr(GPtrArray) bell = care_notifications_list (store_b, care_record_get_id (doctor), 0, NULL);

      for (guint i = 0; i < bell->len; i++)
        g_printerr ("bell: %s\n", care_record_get (bell->pdata[i], "message"));
      for (guint i = 0; i < care_test_notification_bodies ()->len; i++)
        g_printerr ("desktop: %s\n", (char *) care_test_notification_bodies ()->pdata[i]);
      g_error ("The desktop was not told “%s” (window active: %d)", told_body, gtk_window_is_active (GTK_WINDOW (b)));
    }
  g_assert_false (gtk_window_is_active (GTK_WINDOW (b)));
  {
    GPtrArray *bodies = care_test_notification_bodies ();

    for (guint i = 0; i < bodies->len; i++)
      if (g_strcmp0 (bodies->pdata[i], told_body) == 0)
        {
          g_autofree char *title = g_strdup_printf ("%s|1", g_dgettext (GETTEXT_PACKAGE, "Message"));

          g_assert_cmpstr (care_test_notifications ()->pdata[i], ==, title);
        }
  }

  /* Its action opens the conversation, which reads it. */
  told = care_notifications_list (store_b, care_record_get_id (doctor), 0, NULL);
  for (guint i = 0; i < told->len; i++)
    if (g_strcmp0 (care_record_get (told->pdata[i], "message"), told_body) == 0)
      g_action_group_activate_action (G_ACTION_GROUP (care_test_get_application ()), "open-notification",
                                      g_variant_new_string (care_record_get_id (told->pdata[i])));
  g_assert_cmpstr (care_window_get_page_name (b), ==, "messages");
  wait_for_label (b, "messages-thread-title", "Bed 4 dressing");
  rows = (Shown) { b, NULL, GUINT_TO_POINTER (1) };
  g_assert_true (care_test_wait_for (has_message_rows, &rows, TIMEOUT_MS));
  {
    g_autoptr(GPtrArray) on_b = care_messages_thread (store_b, t->thread_id, NULL);
    g_autofree char *button = g_strdup_printf ("message-attachment-%s", care_record_get_id (on_b->pdata[0]));

    g_assert_cmpuint (on_b->len, ==, 1);
    g_assert_cmpstr (care_record_get (on_b->pdata[0], "attachment_name"), ==, "wound.png");
    g_assert_true (gtk_widget_get_mapped (find (GTK_WIDGET (b), button)));
  }
  g_assert_cmpuint (care_messages_count_unread (store_b, care_record_get_id (doctor)), ==, 0);
  g_assert_false (gtk_widget_get_visible (find (GTK_WIDGET (b), "sidebar-badge-messages")));
  care_test_keep_screenshot (GTK_WIDGET (b), "messages-conversation.png");

  /* The answer arrives in the nurse's open conversation. */
  write_body (b, "I will see the patient at 11.");
  care_test_click (find (GTK_WIDGET (b), "messages-send-button"));
  rows = (Shown) { a, NULL, GUINT_TO_POINTER (2) };
  g_assert_true (care_test_wait_for (has_message_rows, &rows, TIMEOUT_MS));
  {
    g_autoptr(GPtrArray) on_a = care_messages_thread (store_a, t->thread_id, NULL);

    g_assert_cmpuint (on_a->len, ==, 2);
    g_assert_cmpstr (care_record_get (on_a->pdata[1], "sender_id"), ==, care_record_get_id (doctor));
    g_assert_cmpstr (care_record_get (on_a->pdata[1], "body"), ==, "I will see the patient at 11.");
  }

  care_test_window_destroy (b);
  care_test_window_destroy (a);
  care_test_rmtree (dir);
}

int
main (int   argc,
      char *argv[])
{
  care_test_init (&argc, &argv);
  care_test_serve_notifications ();

  /* The test's session bus has no unlocked keyring: fail fast. */
  care_secret_set_timeout (2000);

  g_test_add_func ("/messages/two-colleagues", test_two_colleagues);

  return g_test_run ();
}
