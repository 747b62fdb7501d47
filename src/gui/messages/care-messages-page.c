/* care-messages-page.c: conversations with patients and colleagues
 *
 * The signed-in person's conversations on the left, the latest activity
 * first and unread ones in bold with their count; the sidebar row shows
 * the total (count_unread(), which the window calls without the page). The chosen conversation on the right,
 * oldest message first, with a reply box under it; "New Message" turns the
 * same box into a new conversation with a colleague, and "Write to
 * Patient" on a patient's details into one with that patient (who reads
 * it at the kiosk or in the portal; patients start theirs there too).
 * Every rule is core's (care-messages.c): who may write to whom, replies
 * within a conversation, attachments (PDF, PNG, JPEG, 5 MB); refusals
 * show next to the field they name. The page follows the store, so a
 * message sync brings in appears at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-messages-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-file-dialog.h"
#include "care-list-util.h"
#include "care-message-attachment.h"
#include "care-messages.h"
#include "care-messages-page.h"

#define THREAD_KEY  "care-thread-id"

struct _CareMessagesPage
{
  CarePage      parent_instance;

  GHashTable   *names;        /* party id → name */
  char         *thread_id;    /* the conversation shown, or NULL */
  gboolean      composing;    /* a new conversation is being written */
  GBytes       *attachment;   /* the file to send with the next message */
  char         *attachment_name;
  GPtrArray    *recipients;   /* ids, in the order of to_dropdown's names */
  char         *to_patient;   /* the patient written to (recipients' first), or NULL */
  GCancellable *cancellable;
  guint         reload_idle;

  /* Template widgets */
  GtkListBox   *threads_list;
  GtkStack     *stack;
  GtkWidget    *thread_header;
  GtkLabel     *thread_title;
  GtkLabel     *thread_subtitle;
  GtkWidget    *new_header;
  GtkDropDown  *to_dropdown;
  GtkLabel     *to_error;
  GtkEntry     *subject_entry;
  GtkListBox   *message_list;
  GtkTextView  *body_view;
  GtkLabel     *body_error;
  GtkLabel     *attachment_label;
  GtkWidget    *remove_attachment_button;
  GtkSpinner   *spinner;
  GtkLabel     *attachment_error;
};

G_DEFINE_FINAL_TYPE (CareMessagesPage, care_messages_page, CARE_TYPE_PAGE)

GtkWidget *
care_messages_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_MESSAGES_PAGE, "session", session, NULL);
}

static CareStore *
store_of (CareMessagesPage *self)
{
  return care_page_get_store (CARE_PAGE (self));
}

static const char *
me (CareMessagesPage *self)
{
  return care_session_get_user_id (care_page_get_session (CARE_PAGE (self)));
}

static const char *
name_of (CareMessagesPage *self,
         const char       *id)
{
  char *name = g_hash_table_lookup (self->names, id ? id : "");

  if (name == NULL)
    {
      name = care_messages_party_name (store_of (self), id);
      if (name == NULL)
        /* Translators: a message's sender or recipient who is not (yet) in this workstation's records */
        name = g_strdup (_("Someone not on this workstation yet"));
      g_hash_table_insert (self->names, g_strdup (id ? id : ""), name);
    }
  return name;
}

/* --- the fields' errors ----------------------------------------------------- */

static void
show_error (GtkLabel   *label,
            const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
clear_errors (CareMessagesPage *self)
{
  show_error (self->to_error, NULL);
  show_error (self->body_error, NULL);
  show_error (self->attachment_error, NULL);
}

/* Next to the field core named; a toast when it named none. */
static void
report (CareMessagesPage *self,
        GError           *error)
{
  const char *field = care_rule_error_get_field (error);
  const char *text = care_rule_error_get_detail (error) ? care_rule_error_get_detail (error) : error->message;

  if (g_strcmp0 (field, "attachment") == 0)
    show_error (self->attachment_error, text);
  else if (g_strcmp0 (field, "recipient_id") == 0 && self->composing)
    show_error (self->to_error, text);
  else if (field != NULL)
    show_error (self->body_error, text);
  else
    care_page_add_toast (CARE_PAGE (self), adw_toast_new (error->message));
}

/* --- the attachment being written ---------------------------------------------- */

static void
set_attachment (CareMessagesPage *self,
                GBytes           *contents,
                const char       *name)
{
  g_clear_pointer (&self->attachment, g_bytes_unref);
  g_clear_pointer (&self->attachment_name, g_free);
  if (contents)
    {
      g_autofree char *size = g_format_size (g_bytes_get_size (contents));
      g_autofree char *shown = g_strdup_printf ("%s (%s)", name, size);

      self->attachment = g_bytes_ref (contents);
      self->attachment_name = g_strdup (name);
      gtk_label_set_text (self->attachment_label, shown);
    }
  else
    gtk_label_set_text (self->attachment_label, "");
  gtk_widget_set_visible (self->remove_attachment_button, contents != NULL);
}

static void
on_attachment_loaded_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      data)
{
  g_autoptr(CareMessagesPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = care_message_attachment_load_finish (result, &error);
  g_autofree char *name = g_file_get_basename (G_FILE (source));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  if (contents == NULL)
    {
      set_attachment (self, NULL, NULL);
      show_error (self->attachment_error, care_rule_error_get_detail (error) ? care_rule_error_get_detail (error)
                                                                             : error->message);
      return;
    }
  set_attachment (self, contents, name);
}

void
care_messages_page_attach_file (CareMessagesPage *self,
                                GFile            *file)
{
  g_return_if_fail (CARE_IS_MESSAGES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  show_error (self->attachment_error, NULL);
  gtk_spinner_start (self->spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  care_message_attachment_load_async (file, self->cancellable, on_attachment_loaded_cb, g_object_ref (self));
}

static void
on_chosen_cb (GFile    *file,
              gpointer  user_data)
{
  if (file)
    care_messages_page_attach_file (user_data, file);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  const CareFileFilter filters[] = {
    { _("PDF files and images"), "application/pdf;image/png;image/jpeg" },
    { NULL }
  };

  care_file_dialog_open (widget, _("Attach a File"), _("_Attach"), filters, NULL,
                         on_chosen_cb, g_object_ref (widget), g_object_unref);
}

static void
remove_attachment_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CareMessagesPage *self = CARE_MESSAGES_PAGE (widget);

  set_attachment (self, NULL, NULL);
  show_error (self->attachment_error, NULL);
}

/* --- opening an attachment received ----------------------------------------- */

static void
on_attachment_opened_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      data)
{
  g_autoptr(CareMessagesPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = care_message_attachment_open_finish (result, &error);

  if (path == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    care_page_add_toast (CARE_PAGE (self), adw_toast_new (error->message));
}

static void
open_attachment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CareMessagesPage *self = CARE_MESSAGES_PAGE (widget);
  g_autoptr(CareRecord) message = care_store_get (store_of (self), care_schema_lookup ("message"),
                                                  g_variant_get_string (parameter, NULL), NULL);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (message == NULL)
    return;
  care_message_attachment_open_async (message, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->cancellable,
                                      on_attachment_opened_cb, g_object_ref (self));
}

/* --- the conversation shown ------------------------------------------------ */

static GtkWidget *
make_message_row (CareMessagesPage *self,
                  CareRecord       *m)
{
  gboolean mine = g_strcmp0 (care_record_get (m, "sender_id"), me (self)) == 0;
  g_autofree char *when = care_list_format_when (care_record_get (m, CARE_COLUMN_CREATED_AT));
  g_autofree char *head = NULL;
  g_autofree char *row_name = g_strdup_printf ("message-%s", care_record_get_id (m));
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *who, *body;

  /* Translators: who wrote a message and when, e.g. "Dr Ana Ruiz · 09:40" */
  head = g_strdup_printf (_("%s · %s"), mine ? _("You") : name_of (self, care_record_get (m, "sender_id")), when);
  who = gtk_label_new (head);
  body = gtk_label_new (care_record_get (m, "body"));
  gtk_widget_set_name (row, row_name);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, mine ? 48 : 12);
  gtk_widget_set_margin_end (box, mine ? 12 : 48);
  gtk_label_set_xalign (GTK_LABEL (who), 0);
  gtk_widget_add_css_class (who, "caption-heading");
  gtk_widget_add_css_class (who, mine ? "dim-label" : "accent");
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_box_append (GTK_BOX (box), who);
  gtk_box_append (GTK_BOX (box), body);
  if (care_record_get (m, "attachment_name"))
    {
      /* Translators: a button that opens a message's attached file, e.g. "Open scan.pdf" */
      g_autofree char *label = g_strdup_printf (_("Open %s"), care_record_get (m, "attachment_name"));
      g_autofree char *button_name = g_strdup_printf ("message-attachment-%s", care_record_get_id (m));
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = adw_button_content_new ();

      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "mail-attachment-symbolic");
      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_widget_set_name (button, button_name);
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", care_record_get_id (m));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "messages.open-attachment");
      gtk_box_append (GTK_BOX (box), button);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
show_conversation (CareMessagesPage *self)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  CareRecord *first;
  const char *other;
  const char *subject;
  g_autofree char *with = NULL;

  care_list_box_remove_rows (self->message_list);
  gtk_widget_set_visible (self->new_header, self->composing);
  gtk_widget_set_visible (self->thread_header, !self->composing);
  gtk_widget_set_visible (GTK_WIDGET (self->message_list), !self->composing);
  if (self->composing)
    {
      gtk_stack_set_visible_child_name (self->stack, "conversation");
      return;
    }
  if (self->thread_id == NULL ||
      (messages = care_messages_thread (store_of (self), self->thread_id, &error)) == NULL || messages->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  first = messages->pdata[0];
  other = g_strcmp0 (care_record_get (first, "sender_id"), me (self)) == 0 ? care_record_get (first, "recipient_id")
                                                                           : care_record_get (first, "sender_id");
  subject = care_record_get (first, "subject");
  gtk_label_set_text (self->thread_title, subject ? subject : _("No subject"));
  /* Translators: who a conversation is with, e.g. "With Dr Ana Ruiz" */
  with = g_strdup_printf (_("With %s"), name_of (self, other));
  gtk_label_set_text (self->thread_subtitle, with);
  for (guint i = 0; i < messages->len; i++)
    gtk_list_box_append (self->message_list, make_message_row (self, messages->pdata[i]));
  gtk_stack_set_visible_child_name (self->stack, "conversation");
}

/* --- the list of conversations ---------------------------------------------- */

static GtkWidget *
make_thread_row (CareMessagesPage  *self,
                 CareMessageThread *t)
{
  g_autofree char *row_name = g_strdup_printf ("messages-thread-%s", t->thread_id);
  g_autofree char *when = care_list_format_when (t->last_at);
  g_autofree char *count = g_strdup_printf ("%u", t->unread);
  g_autofree char *line = g_strdup_printf ("%s · %s", when, t->last_body ? t->last_body : "");
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *who = gtk_label_new (name_of (self, t->other_id));
  GtkWidget *subject = gtk_label_new (t->subject ? t->subject : _("No subject"));
  GtkWidget *last = gtk_label_new (line);
  GtkWidget *badge = gtk_label_new (count);

  gtk_widget_set_name (row, row_name);
  /* Read as what it shows: who, the subject, the last message. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  who, subject, last, NULL, -1);
  g_object_set_data_full (G_OBJECT (row), THREAD_KEY, g_strdup (t->thread_id), g_free);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  gtk_widget_set_margin_top (grid, 6);
  gtk_widget_set_margin_bottom (grid, 6);
  for (GtkWidget *l = who; l; l = l == who ? subject : l == subject ? last : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_label_set_ellipsize (GTK_LABEL (l), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (l, TRUE);
    }
  gtk_label_set_single_line_mode (GTK_LABEL (last), TRUE);
  gtk_widget_add_css_class (last, "dim-label");
  gtk_widget_add_css_class (last, "caption");
  gtk_widget_add_css_class (badge, "sidebar-badge");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (badge, t->unread > 0);
  if (t->unread > 0)
    {
      g_autofree char *described = NULL;

      gtk_widget_add_css_class (who, "heading");
      gtk_widget_add_css_class (subject, "heading");
      /* Translators: a conversation in the list: who with, its subject, how many unread */
      described = g_strdup_printf (ngettext ("%s, %s, %u unread", "%s, %s, %u unread", t->unread),
                                   name_of (self, t->other_id), gtk_label_get_text (GTK_LABEL (subject)), t->unread);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, described, -1);
    }
  gtk_grid_attach (GTK_GRID (grid), who, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), badge, 1, 0, 1, 2);
  gtk_grid_attach (GTK_GRID (grid), subject, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), last, 0, 2, 2, 1);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), grid);
  return row;
}

static void
reload (CareMessagesPage *self)
{
  g_autoptr(GPtrArray) threads = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) read_error = NULL;

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  /* What arrives in the conversation in front of the reader is read. */
  if (self->thread_id && !self->composing && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      !care_messages_mark_thread_read (store_of (self), self->thread_id, me (self), &read_error))
    g_warning ("Could not mark the conversation read: %s", read_error->message);
  care_list_box_remove_rows (self->threads_list);
  threads = care_messages_threads (store_of (self), me (self), &error);
  if (threads == NULL)
    {
      g_warning ("Could not read the messages: %s", error->message);
      return;
    }
  for (guint i = 0; i < threads->len; i++)
    {
      CareMessageThread *t = threads->pdata[i];
      GtkWidget *row = make_thread_row (self, t);

      gtk_list_box_append (self->threads_list, row);
      if (!self->composing && g_strcmp0 (t->thread_id, self->thread_id) == 0)
        gtk_list_box_select_row (self->threads_list, GTK_LIST_BOX_ROW (row));
    }
  show_conversation (self);
}

static gboolean
reload_idle_cb (gpointer data)
{
  CareMessagesPage *self = data;

  self->reload_idle = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (CareStore        *store,
                     const char       *entity,
                     const char       *id,
                     CareMessagesPage *self)
{
  if (entity == NULL || g_str_equal (entity, "user") || g_str_equal (entity, "patient"))
    g_hash_table_remove_all (self->names);
  if ((entity == NULL || g_str_equal (entity, "message") || g_str_equal (entity, "user") ||
       g_str_equal (entity, "patient")) && self->reload_idle == 0)
    self->reload_idle = g_idle_add (reload_idle_cb, self);
}

static void
reset_compose (CareMessagesPage *self)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), "", -1);
  gtk_editable_set_text (GTK_EDITABLE (self->subject_entry), "");
  set_attachment (self, NULL, NULL);
  clear_errors (self);
}

gboolean
care_messages_page_open_thread (CareMessagesPage *self,
                                const char       *thread_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  gboolean mine = FALSE;

  g_return_val_if_fail (CARE_IS_MESSAGES_PAGE (self), FALSE);

  messages = thread_id ? care_messages_thread (store_of (self), thread_id, NULL) : NULL;
  for (guint i = 0; messages && i < messages->len; i++)
    mine |= g_strcmp0 (care_record_get (messages->pdata[i], "sender_id"), me (self)) == 0 ||
            g_strcmp0 (care_record_get (messages->pdata[i], "recipient_id"), me (self)) == 0;
  if (!mine)
    return FALSE;
  if (self->composing || g_strcmp0 (self->thread_id, thread_id) != 0)
    reset_compose (self);
  self->composing = FALSE;
  g_free (self->thread_id);
  self->thread_id = g_strdup (thread_id);
  if (!care_messages_mark_thread_read (store_of (self), thread_id, me (self), &error))
    g_warning ("Could not mark the conversation read: %s", error->message);
  reload (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
  return TRUE;
}

static void
on_thread_activated_cb (CareMessagesPage *self,
                        GtkListBoxRow    *row)
{
  care_messages_page_open_thread (self, g_object_get_data (G_OBJECT (row), THREAD_KEY));
}

/* --- writing ---------------------------------------------------------------------- */

/* The colleagues one may write to: every active staff member but me. */
static void
fill_recipients (CareMessagesPage *self)
{
  g_autoptr(GPtrArray) staff = care_store_list (store_of (self), care_schema_lookup ("user"), "active", "1",
                                                "full_name", 0, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->recipients, 0);
  for (guint i = 0; staff && i < staff->len; i++)
    {
      CareRecord *user = staff->pdata[i];
      const CareField *role = care_entity_field (care_record_get_entity (user), "role");
      g_autofree char *title = care_record_dup_title (user);
      g_autofree char *shown = NULL;

      if (g_strcmp0 (care_record_get_id (user), me (self)) == 0)
        continue;
      /* Translators: a colleague to write to: name and role, e.g. "Ana Ruiz (Doctor)" */
      shown = g_strdup_printf (_("%s (%s)"), title, role ? care_field_choice_label (role, care_record_get (user, "role")) : "");
      gtk_string_list_append (names, shown);
      g_ptr_array_add (self->recipients, g_strdup (care_record_get_id (user)));
    }
  gtk_drop_down_set_model (self->to_dropdown, G_LIST_MODEL (names));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CareMessagesPage *self = CARE_MESSAGES_PAGE (widget);

  g_clear_pointer (&self->thread_id, g_free);
  g_clear_pointer (&self->to_patient, g_free);
  self->composing = TRUE;
  reset_compose (self);
  fill_recipients (self);
  gtk_list_box_unselect_all (self->threads_list);
  show_conversation (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->to_dropdown));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CareMessagesPage *self = CARE_MESSAGES_PAGE (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) sent = NULL;
  g_autofree char *body = NULL;
  GtkTextIter start, end;

  clear_errors (self);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (self->composing)
    {
      guint chosen = gtk_drop_down_get_selected (self->to_dropdown);
      const char *to = chosen < self->recipients->len ? self->recipients->pdata[chosen] : NULL;

      const char *patient = self->to_patient && chosen == 0 ? self->to_patient : NULL;

      sent = care_messages_send (store_of (self), to, patient, gtk_editable_get_text (GTK_EDITABLE (self->subject_entry)),
                                 body, self->attachment_name, self->attachment, &error);
    }
  else if (self->thread_id)
    sent = care_messages_reply (store_of (self), self->thread_id, body, self->attachment_name, self->attachment,
                                &error);
  if (sent == NULL)
    {
      if (error)
        report (self, error);
      return;
    }
  reset_compose (self);
  care_messages_page_open_thread (self, care_messages_thread_of (sent));
  care_page_add_toast (CARE_PAGE (self), adw_toast_new (_("Message sent.")));
}

gboolean
care_messages_page_write_to_patient (CareMessagesPage *self,
                                     const char       *patient_id)
{
  g_autofree char *name = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (CARE_IS_MESSAGES_PAGE (self), FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);

  name = care_messages_party_name (store_of (self), patient_id);
  if (name == NULL)
    return FALSE;
  new_action (GTK_WIDGET (self), NULL, NULL);
  /* Translators: a patient to write to, e.g. "Maria López (patient)" */
  shown = g_strdup_printf (_("%s (patient)"), name);
  gtk_string_list_splice (GTK_STRING_LIST (gtk_drop_down_get_model (self->to_dropdown)), 0, 0,
                          (const char *const[]) { shown, NULL });
  g_ptr_array_insert (self->recipients, 0, g_strdup (patient_id));
  self->to_patient = g_strdup (patient_id);
  gtk_drop_down_set_selected (self->to_dropdown, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->subject_entry));
  return TRUE;
}

/* --- the page --------------------------------------------------------------------- */

static void
care_messages_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (care_messages_page_parent_class)->map (widget);
  /* Coming back to an open conversation reads what came meanwhile. */
  reload (CARE_MESSAGES_PAGE (widget));
}

static void
care_messages_page_constructed (GObject *object)
{
  CareMessagesPage *self = CARE_MESSAGES_PAGE (object);

  G_OBJECT_CLASS (care_messages_page_parent_class)->constructed (object);

  g_signal_connect_object (store_of (self), "changed", G_CALLBACK (on_store_changed_cb), self, 0);
  reload (self);
}

static void
care_messages_page_dispose (GObject *object)
{
  CareMessagesPage *self = CARE_MESSAGES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_MESSAGES_PAGE);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->recipients, g_ptr_array_unref);
  g_clear_pointer (&self->attachment, g_bytes_unref);
  g_clear_pointer (&self->attachment_name, g_free);
  g_clear_pointer (&self->thread_id, g_free);
  g_clear_pointer (&self->to_patient, g_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (care_messages_page_parent_class)->dispose (object);
}

/* The sidebar's count: kept by the window from the store, so that it
 * shows before this page is first made. */
static guint
count_unread (CareSession *session)
{
  return care_messages_count_unread (care_session_get_store (session), care_session_get_user_id (session));
}

static void
care_messages_page_class_init (CareMessagesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Every member of staff writes to colleagues and answers patients. */
  care_page_class_set_info (CARE_PAGE_CLASS (klass), "messages", N_("Messages"), "mail-unread-symbolic", NULL);
  care_page_class_set_badge (CARE_PAGE_CLASS (klass), count_unread, "message");

  object_class->constructed = care_messages_page_constructed;
  object_class->dispose = care_messages_page_dispose;
  widget_class->map = care_messages_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/caredesk/Caredesk/messages/care-messages-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, threads_list);
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, thread_header);
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, thread_title);
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, thread_subtitle);
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, new_header);
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, to_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, to_error);
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, subject_entry);
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, message_list);
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, body_view);
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, body_error);
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, attachment_label);
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, remove_attachment_button);
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CareMessagesPage, attachment_error);
  gtk_widget_class_bind_template_callback (widget_class, on_thread_activated_cb);

  gtk_widget_class_install_action (widget_class, "messages.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "messages.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "messages.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "messages.remove-attachment", NULL, remove_attachment_action);
  gtk_widget_class_install_action (widget_class, "messages.open-attachment", "s", open_attachment_action);
}

static void
care_messages_page_init (CareMessagesPage *self)
{
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->recipients = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_placeholder (self->threads_list, care_list_placeholder_new (
    _("No messages yet. Messages from patients and colleagues appear here.")));
  gtk_widget_set_visible (self->remove_attachment_button, FALSE);
}
