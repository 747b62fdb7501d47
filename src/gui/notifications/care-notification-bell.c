/* care-notification-bell.c: the header's bell: unread count and the list of notifications
 *
 * The signed-in staff member's `notification` records (core's
 * care-notifications.c writes them where the change is made, usually on
 * the server; sync brings them here), newest first. Clicking one marks it
 * read and opens what it is about; "Mark All Read" clears the count. A new
 * one that arrives while the window is not in front (a sync pull, a local
 * write: the store's "changed") also goes to the desktop as a
 * GNotification whose default action, app.open-notification, opens it.
 * Emergency alerts go to the desktop from the alert banner instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-notification-bell"

#include "config.h"

#include <glib/gi18n.h>

#include "care-list-util.h"
#include "care-notification-bell.h"
#include "care-notification-link.h"
#include "care-notifications.h"

#define ID_KEY     "care-notification-id"
#define BELL_KEY   "care-notification-bell"
#define SHOWN_MAX  100

struct _CareNotificationBell
{
  GtkWidget       parent_instance;

  CareSession    *session;
  CareStore      *store;
  gulong          changed_id;
  guint           refresh_idle;
  guint           unread;
  GHashTable     *known;   /* ids seen already: only newer ones go to the desktop */

  GtkMenuButton  *button;
  GtkPopover     *popover;
  GtkButton      *mark_all_button;
  GtkListBox     *list;
  GtkLabel       *badge;
};

G_DEFINE_FINAL_TYPE (CareNotificationBell, care_notification_bell, GTK_TYPE_WIDGET)

static const char *
user_id (CareNotificationBell *self)
{
  return self->session ? care_session_get_user_id (self->session) : NULL;
}

static GtkWidget *
make_row (CareRecord *n)
{
  const CareField *kind = care_entity_field (care_record_get_entity (n), "kind");
  gboolean unread = g_strcmp0 (care_record_get (n, "read"), "1") != 0;
  g_autofree char *when = care_list_format_when (care_record_get (n, CARE_COLUMN_CREATED_AT));
  g_autofree char *detail = NULL;
  g_autofree char *name = g_strdup_printf ("notification-%s", care_record_get_id (n));
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *message = gtk_label_new (care_record_get (n, "message"));
  GtkWidget *sub;

  if (unread)
    /* Translators: an unread notification's kind and when it came, e.g. "Appointment · 09:40 · new" */
    detail = g_strdup_printf (_("%s · %s · new"), care_field_choice_label (kind, care_record_get (n, "kind")), when);
  else
    detail = g_strdup_printf ("%s · %s", care_field_choice_label (kind, care_record_get (n, "kind")), when);
  sub = gtk_label_new (detail);
  gtk_widget_set_name (row, name);
  g_object_set_data_full (G_OBJECT (row), ID_KEY, g_strdup (care_record_get_id (n)), g_free);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  /* Measured at about the popover's width, so that the list asks for the
   * height its wrapped lines take. */
  gtk_label_set_max_width_chars (GTK_LABEL (message), 38);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_widget_add_css_class (sub, "caption");
  gtk_widget_add_css_class (sub, "dim-label");
  if (unread)
    gtk_widget_add_css_class (message, "heading");
  gtk_box_append (GTK_BOX (box), message);
  gtk_box_append (GTK_BOX (box), sub);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
show_count (CareNotificationBell *self)
{
  g_autofree char *count = g_strdup_printf ("%u", self->unread);
  g_autofree char *described = NULL;

  gtk_label_set_text (self->badge, self->unread > 99 ? "99+" : count);
  gtk_widget_set_visible (GTK_WIDGET (self->badge), self->unread > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mark_all_button), self->unread > 0);
  if (self->unread == 0)
    described = g_strdup (_("Notifications, none unread"));
  else
    described = g_strdup_printf (ngettext ("Notifications, %u unread", "Notifications, %u unread", self->unread),
                                 self->unread);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, described, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), described);
}

/* --- the desktop -------------------------------------------------------- */

static void
tell_desktop (CareNotificationBell *self,
              CareRecord           *n)
{
  GApplication *app = g_application_get_default ();
  const CareField *kind = care_entity_field (care_record_get_entity (n), "kind");
  g_autoptr(GNotification) notification = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* In front of the user already, or the alert banner's to announce. */
  if (app == NULL || (GTK_IS_WINDOW (root) && gtk_widget_get_visible (GTK_WIDGET (root)) &&
                      gtk_window_is_active (GTK_WINDOW (root))) ||
      g_strcmp0 (care_record_get (n, "kind"), "emergency") == 0)
    return;
  notification = g_notification_new (care_field_choice_label (kind, care_record_get (n, "kind")));
  g_notification_set_body (notification, care_record_get (n, "message"));
  g_notification_set_default_action_and_target (notification, "app.open-notification", "s",
                                                care_record_get_id (n));
  g_application_send_notification (app, care_record_get_id (n), notification);
}

/* app.open-notification: in the window whose bell is signed in as the
 * notification's addressee. */
static void
on_open_notification_cb (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       data)
{
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  const char *id = g_variant_get_string (parameter, NULL);

  for (GList *l = gtk_application_get_windows (app); l; l = l->next)
    {
      CareNotificationBell *bell = g_object_get_data (l->data, BELL_KEY);
      g_autoptr(CareRecord) n = NULL;

      if (bell == NULL || bell->store == NULL)
        continue;
      n = care_store_get (bell->store, care_schema_lookup ("notification"), id, NULL);
      if (n == NULL || g_strcmp0 (care_record_get (n, "user_id"), user_id (bell)) != 0)
        continue;
      gtk_window_present (GTK_WINDOW (l->data));
      care_notification_bell_open (bell, id);
      return;
    }
}

static void
install_app_action (void)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(GSimpleAction) action = NULL;

  if (!GTK_IS_APPLICATION (app) || g_action_map_lookup_action (G_ACTION_MAP (app), "open-notification"))
    return;
  action = g_simple_action_new ("open-notification", G_VARIANT_TYPE_STRING);
  g_signal_connect (action, "activate", G_CALLBACK (on_open_notification_cb), NULL);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (action));
}

/* --- the list ----------------------------------------------------------- */

static void
refresh (CareNotificationBell *self,
         gboolean              announce)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  care_list_box_remove_rows (self->list);
  self->unread = 0;
  if (self->store == NULL)
    {
      show_count (self);
      return;
    }
  all = care_notifications_list (self->store, user_id (self), 0, &error);
  if (all == NULL)
    {
      g_warning ("Could not read the notifications: %s", error->message);
      return;
    }
  for (guint i = 0; i < all->len; i++)
    {
      CareRecord *n = all->pdata[i];
      gboolean unread = g_strcmp0 (care_record_get (n, "read"), "1") != 0;

      self->unread += unread;
      if (i < SHOWN_MAX)
        gtk_list_box_append (self->list, make_row (n));
      if (g_hash_table_add (self->known, g_strdup (care_record_get_id (n))) && announce && unread)
        tell_desktop (self, n);
    }
  show_count (self);
}

static gboolean
refresh_idle_cb (gpointer data)
{
  CareNotificationBell *self = data;

  self->refresh_idle = 0;
  refresh (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CareStore            *store,
                  const char           *entity,
                  const char           *id,
                  CareNotificationBell *self)
{
  if ((entity == NULL || g_str_equal (entity, "notification")) && self->refresh_idle == 0)
    self->refresh_idle = g_idle_add (refresh_idle_cb, self);
}

void
care_notification_bell_open (CareNotificationBell *self,
                             const char           *id)
{
  g_autoptr(CareRecord) n = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GApplication *app = g_application_get_default ();

  g_return_if_fail (CARE_IS_NOTIFICATION_BELL (self));

  if (self->store == NULL)
    return;
  n = care_store_get (self->store, care_schema_lookup ("notification"), id, NULL);
  if (n == NULL)
    return;
  if (!care_notifications_mark_read (self->store, id, &error))
    g_warning ("Could not mark a notification read: %s", error->message);
  if (app)
    g_application_withdraw_notification (app, id);
  gtk_popover_popdown (self->popover);
  refresh (self, FALSE);
  if (CARE_IS_WINDOW (root))
    care_notification_link_open (CARE_WINDOW (root), care_record_get (n, "link_entity"),
                                 care_record_get (n, "link_id"));
}

static void
on_row_activated_cb (CareNotificationBell *self,
                     GtkListBoxRow        *row)
{
  care_notification_bell_open (self, g_object_get_data (G_OBJECT (row), ID_KEY));
}

static void
on_mark_all_clicked_cb (CareNotificationBell *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store && !care_notifications_mark_all_read (self->store, user_id (self), &error))
    g_warning ("Could not mark the notifications read: %s", error->message);
  refresh (self, FALSE);
}

void
care_notification_bell_set_session (CareNotificationBell *self,
                                    CareSession          *session)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_return_if_fail (CARE_IS_NOTIFICATION_BELL (self));

  if (self->store)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_set_object (&self->session, session);
  g_hash_table_remove_all (self->known);
  if (session)
    {
      self->store = g_object_ref (care_session_get_store (session));
      self->changed_id = g_signal_connect (self->store, "changed", G_CALLBACK (store_changed_cb), self);
      install_app_action ();
      if (root)
        g_object_set_data (G_OBJECT (root), BELL_KEY, self);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), session != NULL);
  /* What was there before signing in is listed, not announced. */
  refresh (self, FALSE);
}

guint
care_notification_bell_get_unread (CareNotificationBell *self)
{
  g_return_val_if_fail (CARE_IS_NOTIFICATION_BELL (self), 0);

  return self->unread;
}

static void
care_notification_bell_dispose (GObject *object)
{
  CareNotificationBell *self = CARE_NOTIFICATION_BELL (object);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (root && g_object_get_data (G_OBJECT (root), BELL_KEY) == self)
    g_object_set_data (G_OBJECT (root), BELL_KEY, NULL);
  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  if (self->store)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_NOTIFICATION_BELL);
  G_OBJECT_CLASS (care_notification_bell_parent_class)->dispose (object);
}

static void
care_notification_bell_finalize (GObject *object)
{
  CareNotificationBell *self = CARE_NOTIFICATION_BELL (object);

  g_hash_table_unref (self->known);
  G_OBJECT_CLASS (care_notification_bell_parent_class)->finalize (object);
}

static void
care_notification_bell_class_init (CareNotificationBellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_notification_bell_dispose;
  object_class->finalize = care_notification_bell_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/caredesk/Caredesk/notifications/care-notification-bell.ui");
  gtk_widget_class_bind_template_child (widget_class, CareNotificationBell, button);
  gtk_widget_class_bind_template_child (widget_class, CareNotificationBell, popover);
  gtk_widget_class_bind_template_child (widget_class, CareNotificationBell, mark_all_button);
  gtk_widget_class_bind_template_child (widget_class, CareNotificationBell, list);
  gtk_widget_class_bind_template_child (widget_class, CareNotificationBell, badge);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_mark_all_clicked_cb);
}

static void
care_notification_bell_init (CareNotificationBell *self)
{
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_placeholder (self->list, care_list_placeholder_new (
    _("Nothing new. Appointments booked for you, results and messages appear here.")));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  show_count (self);
}
