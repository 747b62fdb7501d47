/* care-alert-banner.c: active emergency alerts, across the top of the window
 *
 * The newest active alert of the store, who raised it and when, and a
 * button to acknowledge it, until someone (here or on another workstation)
 * does. An alert raised here that is still in the outbox says plainly that
 * nobody has been told yet; the engine's "pending" count going down is
 * when that changes. Alerts raised elsewhere also go to the desktop as an
 * urgent notification. libadwaita 1.2 has no AdwBanner: a revealer and a
 * styled box.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-alert-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "care-alert-banner.h"
#include "care-alerts.h"
#include "care-store-sync.h"

struct _CareAlertBanner
{
  GtkWidget       parent_instance;

  CareSession    *session;
  CareSyncEngine *engine;
  CareRecord     *alert;        /* the one shown */
  gboolean        unsent;
  GHashTable     *notified;     /* ids of alerts sent to the desktop */

  GtkRevealer    *revealer;
  GtkWidget      *box;
  GtkLabel       *title;
  GtkLabel       *detail;
  GtkWidget      *acknowledge;
};

G_DEFINE_FINAL_TYPE (CareAlertBanner, care_alert_banner, GTK_TYPE_WIDGET)

static CareStore *
banner_store (CareAlertBanner *self)
{
  return self->session ? care_session_get_store (self->session) : NULL;
}

static char *
alert_title (CareRecord *alert)
{
  const CareField *kind = care_entity_field (care_record_get_entity (alert), "kind");

  /* Translators: an emergency alert's kind, then where it is, e.g. "Code blue at Ward A, bed 3" */
  return g_strdup_printf (_("%s at %s"), care_field_choice_label (kind, care_record_get (alert, "kind")),
                          care_record_get (alert, "location"));
}

static char *
alert_raiser (CareAlertBanner *self,
              CareRecord      *alert)
{
  g_autoptr(CareRecord) user = care_store_get (banner_store (self), care_schema_lookup ("user"),
                                               care_record_get (alert, "raised_by"), NULL);

  return g_strdup (user ? care_record_get (user, "full_name") : _("someone"));
}

static char *
alert_time (CareRecord *alert)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (care_record_get (alert, CARE_COLUMN_CREATED_AT), NULL);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%H:%M") : g_strdup ("");
}

static void
notify_desktop (CareAlertBanner *self,
                CareRecord      *alert)
{
  GApplication *app = g_application_get_default ();
  const char *id = care_record_get_id (alert);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *who = NULL;
  g_autoptr(GNotification) notification = NULL;

  if (g_hash_table_contains (self->notified, id) ||
      g_strcmp0 (care_record_get (alert, "raised_by"), care_session_get_user_id (self->session)) == 0)
    return;
  g_hash_table_add (self->notified, g_strdup (id));
  if (app == NULL)
    return;

  title = alert_title (alert);
  who = alert_raiser (self, alert);
  /* Translators: the body of an emergency alert's desktop notification */
  body = g_strdup_printf (_("Raised by %s. Open Caredesk to acknowledge it."), who);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
  g_notification_set_default_action (notification, "app.activate");
  g_application_send_notification (app, id, notification);
}

/* Alerts no longer active leave the desktop too. */
static void
withdraw_answered (CareAlertBanner *self,
                   GPtrArray       *active)
{
  GApplication *app = g_application_get_default ();
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, self->notified);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      gboolean still = FALSE;

      for (guint i = 0; active && i < active->len && !still; i++)
        still = g_strcmp0 (care_record_get_id (g_ptr_array_index (active, i)), id) == 0;
      if (still)
        continue;
      if (app)
        g_application_withdraw_notification (app, id);
      g_hash_table_iter_remove (&iter);
    }
}

static void on_acknowledge_clicked_cb (CareAlertBanner *self);

/* The banner's content, made when the first alert is shown. */
static void
ensure_children (CareAlertBanner *self)
{
  GtkWidget *text, *icon;

  if (self->box != NULL)
    return;

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->box, "emergency-banner");
  gtk_revealer_set_child (self->revealer, self->box);

  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_image_set_icon_size (GTK_IMAGE (icon), GTK_ICON_SIZE_LARGE);
  gtk_box_append (GTK_BOX (self->box), icon);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->title), "alert-banner-title");
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_wrap (self->title, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title-3");
  self->detail = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->detail), "alert-banner-detail");
  gtk_label_set_xalign (self->detail, 0);
  gtk_label_set_wrap (self->detail, TRUE);
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->detail));
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), text);

  self->acknowledge = gtk_button_new_with_mnemonic (_("_Acknowledge"));
  gtk_widget_set_name (self->acknowledge, "alert-banner-acknowledge");
  gtk_widget_set_valign (self->acknowledge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->acknowledge, "pill");
  gtk_widget_set_tooltip_text (self->acknowledge, _("Say that you are answering this alert; it clears on every workstation"));
  g_signal_connect_swapped (self->acknowledge, "clicked", G_CALLBACK (on_acknowledge_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), self->acknowledge);
}

static void
show_alert (CareAlertBanner *self,
            CareRecord      *alert,
            guint            n_active)
{
  g_autofree char *title = alert_title (alert);
  g_autofree char *who = alert_raiser (self, alert);
  g_autofree char *when = alert_time (alert);
  g_autofree char *detail = NULL;

  self->unsent = care_store_outbox_has_pending (banner_store (self), "emergency_alert", care_record_get_id (alert)) &&
                 g_strcmp0 (care_record_get (alert, CARE_COLUMN_CREATED_BY), care_session_get_user_id (self->session)) == 0;
  if (self->unsent)
    detail = g_strdup (_("NOT SENT: this alert has not reached anyone yet. It goes out as soon as the clinic server can be reached — call for help another way."));
  else if (n_active > 1)
    /* Translators: who raised the alert shown, when, and how many other alerts wait */
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Raised by %s at %s. %u more alert is active.",
                                           "Raised by %s at %s. %u more alerts are active.", n_active - 1),
                              who, when, n_active - 1);
  else
    /* Translators: who raised the alert and when, e.g. "Raised by Amira Haddad at 10:42." */
    detail = g_strdup_printf (_("Raised by %s at %s."), who, when);

  ensure_children (self);
  gtk_label_set_label (self->title, title);
  gtk_label_set_label (self->detail, detail);
  if (self->unsent)
    gtk_widget_add_css_class (self->box, "unsent");
  else
    gtk_widget_remove_css_class (self->box, "unsent");
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

static void
care_alert_banner_refresh (CareAlertBanner *self)
{
  CareStore *store = banner_store (self);
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->alert, care_record_unref);
  self->unsent = FALSE;
  if (store != NULL)
    {
      active = care_store_list (store, care_schema_lookup ("emergency_alert"), "status", "active",
                                CARE_COLUMN_CREATED_AT " DESC", 0, &error);
      if (active == NULL)
        g_warning ("Could not read the emergency alerts: %s", error->message);
    }

  withdraw_answered (self, active);
  if (active == NULL || active->len == 0)
    {
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }
  for (guint i = 0; i < active->len; i++)
    notify_desktop (self, g_ptr_array_index (active, i));
  self->alert = care_record_ref (g_ptr_array_index (active, 0));
  show_alert (self, self->alert, active->len);
}

static void
on_store_changed_cb (CareStore       *store,
                     const char      *entity,
                     const char      *id,
                     CareAlertBanner *self)
{
  if (entity == NULL || g_strcmp0 (entity, "emergency_alert") == 0 || g_strcmp0 (entity, "user") == 0)
    care_alert_banner_refresh (self);
}

static void
on_engine_pending_cb (CareAlertBanner *self)
{
  /* The outbox went (or grew): an unsent alert may have left. */
  if (self->alert != NULL)
    care_alert_banner_refresh (self);
}

static void
set_engine (CareAlertBanner *self,
            CareSyncEngine  *engine)
{
  if (self->engine == engine)
    return;
  if (self->engine)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine)
    g_signal_connect_object (engine, "notify::pending", G_CALLBACK (on_engine_pending_cb), self,
                             G_CONNECT_SWAPPED);
}

static void
on_session_engine_cb (CareAlertBanner *self)
{
  set_engine (self, self->session ? care_session_get_sync_engine (self->session) : NULL);
  care_alert_banner_refresh (self);
}

void
care_alert_banner_set_session (CareAlertBanner *self,
                               CareSession     *session)
{
  g_return_if_fail (CARE_IS_ALERT_BANNER (self));

  if (self->session == session)
    return;
  if (self->session)
    {
      g_signal_handlers_disconnect_by_data (care_session_get_store (self->session), self);
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  set_engine (self, NULL);
  g_set_object (&self->session, session);
  if (session)
    {
      g_signal_connect_object (care_session_get_store (session), "changed", G_CALLBACK (on_store_changed_cb),
                               self, 0);
      g_signal_connect_object (session, "notify::sync-engine", G_CALLBACK (on_session_engine_cb), self,
                               G_CONNECT_SWAPPED);
      set_engine (self, care_session_get_sync_engine (session));
    }
  else
    {
      /* Signed out: the next person's desktop gets the alerts anew. */
      withdraw_answered (self, NULL);
    }
  care_alert_banner_refresh (self);
}

const char *
care_alert_banner_get_alert_id (CareAlertBanner *self)
{
  g_return_val_if_fail (CARE_IS_ALERT_BANNER (self), NULL);

  return self->alert ? care_record_get_id (self->alert) : NULL;
}

gboolean
care_alert_banner_get_unsent (CareAlertBanner *self)
{
  g_return_val_if_fail (CARE_IS_ALERT_BANNER (self), FALSE);

  return self->unsent;
}

static void
on_acknowledge_clicked_cb (CareAlertBanner *self)
{
  CareStore *store = banner_store (self);
  g_autoptr(CareRecord) alert = NULL;
  g_autoptr(GError) error = NULL;

  if (store == NULL || self->alert == NULL)
    return;
  /* The stored row: another workstation may have answered meanwhile. */
  alert = care_store_get (store, care_schema_lookup ("emergency_alert"), care_record_get_id (self->alert), &error);
  if (alert == NULL || !care_alerts_step (alert, "acknowledged", care_session_get_user_id (self->session), &error) ||
      !care_store_update (store, alert, &error))
    {
      g_message ("Could not acknowledge the alert: %s", error ? error->message : "gone");
      care_alert_banner_refresh (self);
    }
}

static void
care_alert_banner_dispose (GObject *object)
{
  CareAlertBanner *self = CARE_ALERT_BANNER (object);

  care_alert_banner_set_session (self, NULL);
  if (self->revealer != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->revealer));
      self->revealer = NULL;
    }

  G_OBJECT_CLASS (care_alert_banner_parent_class)->dispose (object);
}

static void
care_alert_banner_finalize (GObject *object)
{
  CareAlertBanner *self = CARE_ALERT_BANNER (object);

  g_clear_pointer (&self->alert, care_record_unref);
  g_hash_table_unref (self->notified);

  G_OBJECT_CLASS (care_alert_banner_parent_class)->finalize (object);
}

static void
care_alert_banner_class_init (CareAlertBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_alert_banner_dispose;
  object_class->finalize = care_alert_banner_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
care_alert_banner_init (CareAlertBanner *self)
{
  self->notified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Only the revealer until the first alert: its children (a 15 pt title
   * among them, a font pango would look up) are made by ensure_children(),
   * so a window that never shows an alert does not build them before its
   * first frame (BENCHMARKS.md, "The app window"). */
  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self->revealer), "alert-banner");
}
