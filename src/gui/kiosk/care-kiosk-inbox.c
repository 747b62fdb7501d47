/* care-kiosk-inbox.c: the patient's messages and news from the clinic at the kiosk
 *
 * The Messages section lists what the clinic told the patient (their
 * notifications: a refill decided, a new prescription, …), each showing
 * the section it is about, and their conversations with the staff; its
 * title counts what is unread. A conversation opens as a task: its
 * messages, oldest first, and a box to answer. "Write to the Clinic"
 * starts one with a doctor the patient has seen. Reading marks the
 * messages read; marks and messages go to the clinic at once, like every
 * request (care_kiosk_window_push()). Attachments are named, not opened:
 * a kiosk writes no file the wipe would not find.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-kiosk-inbox"

#include "config.h"

#include <glib/gi18n.h>

#include "care-appointment-util.h"
#include "care-kiosk-window-private.h"
#include "care-messages.h"
#include "care-notifications.h"

#define ID_KEY CARE_APPOINTMENT_ID_KEY

/* --- the section --------------------------------------------------------- */

/* The section that shows a notification's subject. */
static const struct {
  const char *entity;
  const char *section;
} subjects[] = {
  { "appointment", "appointments" },
  { "prescription", "prescriptions" },
  { "refill_request", "prescriptions" },
  { "lab_test", "results" },
  { "lab_result", "results" },
  { "invoice", "bills" },
  { "payment", "bills" },
  { "form_submission", "forms" },
};

static void
on_pushed (CareKioskWindow *self,
           gboolean         sent,
           const GError    *error)
{
  care_kiosk_sections_build (self);
}

/* Sends what was marked read, and counts again; while something else is
 * being sent, the marks wait for the next sending (signing out sends
 * what is left). */
static void
send_marks (CareKioskWindow *self)
{
  if (care_kiosk_window_is_busy (self))
    care_kiosk_sections_build (self);
  else
    care_kiosk_window_push (self, on_pushed);
}

static void
on_notification_clicked_cb (GtkButton       *button,
                            CareKioskWindow *self)
{
  g_autoptr(CareRecord) n = care_store_get (self->store, care_schema_lookup ("notification"),
                                            g_object_get_data (G_OBJECT (button), ID_KEY), NULL);
  g_autoptr(GError) error = NULL;
  const char *entity, *id;

  if (n == NULL)
    return;
  entity = care_record_get (n, "link_entity");
  id = care_record_get (n, "link_id");
  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    if (g_strcmp0 (entity, subjects[i].entity) == 0)
      gtk_stack_set_visible_child_name (self->sections, subjects[i].section);
  if (!care_record_get_bool (n, "read"))
    {
      care_notifications_mark (n, TRUE);
      if (care_store_update (self->store, n, &error))
        send_marks (self);
      else
        g_warning ("Could not mark the notification read: %s", error->message);
    }
  if (g_strcmp0 (entity, "message") == 0 && id)
    {
      g_autoptr(CareRecord) m = care_store_get (self->store, care_schema_lookup ("message"), id, NULL);

      if (m)
        care_kiosk_task_open (self, KIOSK_TASK_THREAD, care_messages_thread_of (m));
    }
}

static void
on_thread_clicked_cb (GtkButton       *button,
                      CareKioskWindow *self)
{
  care_kiosk_task_open (self, KIOSK_TASK_THREAD, g_object_get_data (G_OBJECT (button), ID_KEY));
}

static void
on_attachment_clicked_cb (CareKioskWindow *self,
                          GtkButton       *button)
{
  care_kiosk_task_open (self, KIOSK_TASK_ATTACHMENT, g_object_get_data (G_OBJECT (button), ID_KEY));
}

static void
on_write_clicked_cb (CareKioskWindow *self)
{
  care_kiosk_task_open (self, KIOSK_TASK_MESSAGE, NULL);
}

static guint
build_news (CareKioskWindow *self,
            GtkWidget       *box)
{
  GtkWidget *list = care_kiosk_section_list (self, box, _("From the Clinic"), _("Nothing new from the clinic."),
                                             "kiosk-notifications");
  g_autoptr(GPtrArray) all = care_kiosk_records (self, "notification", "patient_id", self->patient_id,
                                                 CARE_COLUMN_CREATED_AT " DESC");
  guint unread = 0;

  for (guint i = 0; i < all->len; i++)
    unread += !care_record_get_bool (all->pdata[i], "read");
  /* The latest twenty: a kiosk visit is short. */
  for (guint i = 0; i < all->len && i < 20; i++)
    {
      CareRecord *n = all->pdata[i];
      gboolean is_new = !care_record_get_bool (n, "read");
      /* Translators: when a notification came (strftime) */
      g_autofree char *when = care_kiosk_local_time (care_record_get (n, CARE_COLUMN_CREATED_AT), _("%-d %B %Y, %H:%M"));
      /* Translators: a notification not read yet: "New", then when it came */
      g_autofree char *subtitle = is_new ? g_strdup_printf (_("New · %s"), when) : g_strdup (when);
      GtkWidget *row = care_kiosk_row_new (care_record_get (n, "message"), subtitle);

      if (care_record_get (n, "link_entity"))
        care_kiosk_row_button (self, row, _("_Show"), "kiosk-notification-open", care_record_get_id (n),
                               G_CALLBACK (on_notification_clicked_cb));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  return unread;
}

static guint
build_threads (CareKioskWindow *self,
               GtkWidget       *box)
{
  GtkWidget *list = care_kiosk_section_list (self, box, _("Your Conversations with the Clinic"),
                                             _("No messages yet."), "kiosk-threads");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) threads = care_messages_threads (self->store, self->patient_id, &error);
  guint unread = 0;

  if (threads == NULL)
    {
      g_warning ("Could not read the messages: %s", error->message);
      return 0;
    }
  for (guint i = 0; i < threads->len; i++)
    {
      CareMessageThread *t = threads->pdata[i];
      g_autofree char *subtitle = t->unread
        /* Translators: a conversation's unread count, then its latest message */
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new · %s", "%u new · %s", t->unread), t->unread, t->last_body)
        : g_strdup (t->last_body);
      GtkWidget *row = care_kiosk_row_new (t->subject ? t->subject : _("(no subject)"), subtitle);

      unread += t->unread;
      care_kiosk_row_button (self, row, _("_Read"), "kiosk-thread-open", t->thread_id, G_CALLBACK (on_thread_clicked_cb));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  return unread;
}

void
care_kiosk_inbox_build (CareKioskWindow *self)
{
  GtkWidget *box = care_kiosk_section (self, "messages", _("Messages"));
  GtkWidget *write = gtk_button_new_with_mnemonic (_("_Write to the Clinic"));
  GtkStackPage *page = gtk_stack_get_page (self->sections, gtk_stack_get_child_by_name (self->sections, "messages"));
  guint unread;

  gtk_widget_set_name (write, "kiosk-write");
  gtk_widget_add_css_class (write, "suggested-action");
  gtk_widget_set_halign (write, GTK_ALIGN_START);
  g_signal_connect_swapped (write, "clicked", G_CALLBACK (on_write_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), write);
  unread = build_threads (self, box) + build_news (self, box);
  if (unread > 0)
    {
      /* Translators: the kiosk's Messages section with a count of what is unread */
      g_autofree char *title = g_strdup_printf (_("Messages (%u)"), unread);

      gtk_stack_page_set_title (page, title);
      gtk_stack_page_set_needs_attention (page, TRUE);
    }
}

/* --- a conversation ------------------------------------------------------ */

static GtkWidget *
label_new (const char *text,
           const char *css)
{
  GtkWidget *label = care_kiosk_heading (text, css);

  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  return label;
}

static GtkWidget *
message_card (CareKioskWindow *self,
              CareRecord      *m)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gboolean mine = g_strcmp0 (care_record_get (m, "sender_id"), self->patient_id) == 0;
  /* Translators: when a message was sent (strftime) */
  g_autofree char *when = care_kiosk_local_time (care_record_get (m, CARE_COLUMN_CREATED_AT), _("%-d %B %Y, %H:%M"));
  /* Translators: who wrote a message ("You" or "The clinic"), then when */
  g_autofree char *from = g_strdup_printf (_("%s · %s"), mine ? _("You") : _("The clinic"), when);
  GtkWidget *body = label_new (care_record_get (m, "body"), "body");

  /* The patient's own on the right, the clinic's on the left. */
  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_start (card, mine ? 48 : 0);
  gtk_widget_set_margin_end (card, mine ? 0 : 48);
  gtk_box_append (GTK_BOX (card), label_new (from, "heading"));
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_box_append (GTK_BOX (card), body);
  if (care_record_get (m, "attachment_name"))
    {
      /* Translators: a button under a message at the kiosk; %s is the attached file's name */
      g_autofree char *text = g_strdup_printf (_("Open the Attachment: %s"), care_record_get (m, "attachment_name"));
      GtkWidget *open = gtk_button_new_with_label (text);

      gtk_widget_set_name (open, "kiosk-attachment-open");
      gtk_widget_set_halign (open, GTK_ALIGN_START);
      gtk_widget_set_margin_bottom (open, 12);
      g_object_set_data_full (G_OBJECT (open), ID_KEY, g_strdup (care_record_get_id (m)), g_free);
      g_signal_connect_swapped (open, "clicked", G_CALLBACK (on_attachment_clicked_cb), self);
      gtk_box_append (GTK_BOX (card), open);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (card); child; child = gtk_widget_get_next_sibling (child))
    {
      gtk_widget_set_margin_start (child, 12);
      gtk_widget_set_margin_end (child, 12);
    }
  gtk_widget_set_margin_top (gtk_widget_get_first_child (card), 12);
  gtk_widget_set_margin_bottom (gtk_widget_get_last_child (card), 12);
  return card;
}

static GtkWidget *
text_box (GtkWidget  *box,
          const char *title,
          const char *name)
{
  GtkWidget *label = label_new (title, "heading");
  GtkWidget *view = gtk_text_view_new ();

  gtk_widget_set_name (view, name);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_widget_set_size_request (view, -1, 140);
  gtk_widget_add_css_class (view, "card");
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), view);
  return view;
}

GtkWidget *
care_kiosk_inbox_thread_page (CareKioskWindow *self,
                              const char      *thread_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = care_messages_thread (self->store, thread_id, &error);
  GtkWidget *box;
  guint unread = 0;

  if (messages == NULL || messages->len == 0)
    {
      if (error)
        g_warning ("Could not read the conversation: %s", error->message);
      return NULL;
    }
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_name (box, "kiosk-thread");
  g_object_set_data_full (G_OBJECT (box), "thread", g_strdup (thread_id), g_free);
  gtk_box_append (GTK_BOX (box), label_new (care_record_get (messages->pdata[0], "subject")
                                              ? care_record_get (messages->pdata[0], "subject") : _("Message"),
                                            "title-1"));
  for (guint i = 0; i < messages->len; i++)
    {
      unread += g_strcmp0 (care_record_get (messages->pdata[i], "recipient_id"), self->patient_id) == 0 &&
                care_record_get (messages->pdata[i], "read_at") == NULL;
      gtk_box_append (GTK_BOX (box), message_card (self, messages->pdata[i]));
    }
  g_object_set_data (G_OBJECT (box), "body", text_box (box, _("Your answer"), "kiosk-message-body"));
  care_kiosk_error_label (box);
  /* Read now: the clinic sees it was, and the count goes. */
  if (unread > 0)
    {
      if (care_messages_mark_thread_read (self->store, thread_id, self->patient_id, &error))
        send_marks (self);
      else
        g_warning ("Could not mark the conversation read: %s", error->message);
    }
  return box;
}

GtkWidget *
care_kiosk_inbox_compose_page (CareKioskWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkStringList) names = care_kiosk_known_doctors (self, ids);
  GtkWidget *title, *doctor, *subject;

  gtk_widget_set_name (box, "kiosk-compose");
  g_object_set_data_full (G_OBJECT (box), "doctors", ids, (GDestroyNotify) g_ptr_array_unref);
  gtk_box_append (GTK_BOX (box), label_new (_("Write to the Clinic"), "title-1"));
  if (g_list_model_get_n_items (G_LIST_MODEL (names)) == 0)
    {
      gtk_box_append (GTK_BOX (box), label_new (_("To write to the clinic for the first time, please ask at the "
                                                  "reception desk."), "heading"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->task_send), FALSE);
      return box;
    }
  gtk_box_append (GTK_BOX (box), label_new (_("Your doctor or the clinic’s staff will answer here and at your next "
                                              "visit. In an emergency, call for help instead."), "body"));
  title = label_new (_("To"), "heading");
  doctor = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_widget_set_name (doctor, "kiosk-message-to");
  gtk_widget_set_halign (doctor, GTK_ALIGN_START);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (doctor), GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), doctor);
  title = label_new (_("Subject"), "heading");
  subject = gtk_entry_new ();
  gtk_widget_set_name (subject, "kiosk-message-subject");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (subject), GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subject);
  g_object_set_data (G_OBJECT (box), "doctor", doctor);
  g_object_set_data (G_OBJECT (box), "subject", subject);
  g_object_set_data (G_OBJECT (box), "body", text_box (box, _("Your message"), "kiosk-message-body"));
  care_kiosk_error_label (box);
  return box;
}

gboolean
care_kiosk_inbox_send (CareKioskWindow *self,
                       GtkWidget       *page,
                       GError         **error)
{
  GtkWidget *view = g_object_get_data (G_OBJECT (page), "body");
  const char *thread = g_object_get_data (G_OBJECT (page), "thread");
  g_autoptr(CareRecord) sent = NULL;
  g_autofree char *body = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  /* No doctor to write to: the page says to ask at the desk. */
  if (view == NULL)
    {
      g_set_error_literal (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID,
                           _("To write to the clinic for the first time, please ask at the reception desk."));
      return FALSE;
    }
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (thread)
    sent = care_messages_reply (self->store, thread, body, NULL, NULL, error);
  else
    {
      GPtrArray *ids = g_object_get_data (G_OBJECT (page), "doctors");
      guint chosen = gtk_drop_down_get_selected (g_object_get_data (G_OBJECT (page), "doctor"));

      sent = care_messages_send (self->store, chosen < ids->len ? ids->pdata[chosen] : NULL, self->patient_id,
                                 gtk_editable_get_text (g_object_get_data (G_OBJECT (page), "subject")), body,
                                 NULL, NULL, error);
    }
  return sent != NULL;
}
