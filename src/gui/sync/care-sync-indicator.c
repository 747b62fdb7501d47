/* care-sync-indicator.c: sync state in the header bar, details in a popover
 *
 * The button reads one short phrase: what most needs a person's attention
 * first (the server is out of reach, the sign-in to it ended, conflicts to
 * resolve, changes it refused), else what is going on (sending, waiting to
 * send, up to date). "Syncing…" only shows when a round takes a moment:
 * a round every few seconds must not make the header flicker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "care-sync-indicator.h"
#include "care-sync-text.h"

#define SYNCING_DELAY_MS  800
#define TICK_SECONDS      20

struct _CareSyncIndicator
{
  GtkWidget       parent_instance;

  CareSyncEngine *engine;
  gboolean        compact;
  gboolean        show_syncing;
  gboolean        heard;         /* the engine reported a state since set */
  guint           syncing_source;
  guint           tick_source;
  char           *text;

  /* Template widgets */
  GtkMenuButton  *button;
  GtkImage       *icon;
  GtkLabel       *label;
  GtkPopover     *popover;
  GtkImage       *state_icon;
  GtkLabel       *state_title;
  GtkLabel       *state_detail;
  GtkLabel       *pending_value;
  GtkLabel       *last_sync_value;
  GtkLabel       *conflicts_value;
  GtkLabel       *rejected_value;
  GtkLabel       *duplicates_value;
  GtkLabel       *error_label;
  GtkButton      *review_button;
  GtkButton      *sync_button;
};

G_DEFINE_FINAL_TYPE (CareSyncIndicator, care_sync_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64
engine_get_duplicates (CareSyncEngine *engine)
{
  gint64 duplicates = 0;

  /* A property without a getter in care-sync-engine.h. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (engine), "duplicates") != NULL)
    g_object_get (engine, "duplicates", &duplicates, NULL);

  return duplicates;
}

static void
set_warning (GtkWidget *widget,
             gboolean   warning)
{
  if (warning)
    gtk_widget_add_css_class (widget, "warning");
  else
    gtk_widget_remove_css_class (widget, "warning");
}

static char *
format_count (gint64 n)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, n);
}

static void
care_sync_indicator_update_popover (CareSyncIndicator *self)
{
  CareSyncState state;
  gint64 pending, conflicts, rejected, duplicates;
  const char *error;
  g_autofree char *last_sync = NULL;
  g_autofree char *pending_text = NULL;

  if (self->engine == NULL)
    return;

  state = care_sync_engine_get_state (self->engine);
  pending = care_sync_engine_get_pending (self->engine);
  conflicts = care_sync_engine_get_conflicts (self->engine);
  rejected = care_sync_engine_get_rejected (self->engine);
  duplicates = engine_get_duplicates (self->engine);
  error = care_sync_engine_get_last_error (self->engine);

  switch (state)
    {
    case CARE_SYNC_STATE_OFFLINE:
      gtk_image_set_from_icon_name (self->state_icon, "network-offline-symbolic");
      gtk_label_set_label (self->state_title, _("The clinic server cannot be reached"));
      gtk_label_set_label (self->state_detail,
                           _("Keep working: changes are kept on this workstation and sent when the server answers again. Caredesk keeps trying."));
      break;

    case CARE_SYNC_STATE_SIGNED_OUT:
      gtk_image_set_from_icon_name (self->state_icon, "dialog-password-symbolic");
      gtk_label_set_label (self->state_title, _("Sign in again to sync"));
      gtk_label_set_label (self->state_detail,
                           _("The sign-in to the clinic server has ended. Changes are kept here, and sent once you sign in again while the server can be reached."));
      break;

    case CARE_SYNC_STATE_SYNCING:
      gtk_image_set_from_icon_name (self->state_icon, "emblem-synchronizing-symbolic");
      gtk_label_set_label (self->state_title, _("Syncing with the clinic server"));
      gtk_label_set_label (self->state_detail,
                           _("Sending the changes made here and receiving those made on other workstations."));
      break;

    case CARE_SYNC_STATE_ONLINE:
    default:
      if (conflicts > 0 || rejected > 0)
        {
          /* In sync, but not "up to date" for the person: something waits
           * for them. */
          gtk_image_set_from_icon_name (self->state_icon, "dialog-warning-symbolic");
          gtk_label_set_label (self->state_title, _("Some changes need your decision"));
          gtk_label_set_label (self->state_detail,
                               _("Everything else is in sync. On the Sync page, choose what to keep where changes conflict, and read what the server refused."));
          break;
        }
      gtk_image_set_from_icon_name (self->state_icon, "emblem-ok-symbolic");
      gtk_label_set_label (self->state_title, pending > 0 ? _("Connected to the clinic server")
                                                          : _("Up to date"));
      gtk_label_set_label (self->state_detail,
                           pending > 0 ? _("Changes made here are sent in a moment.")
                                       : _("This workstation has every change the clinic server has, and the server has every change made here."));
      break;
    }

  if (pending == 0)
    pending_text = g_strdup (_("Nothing"));
  else
    pending_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d change", "%d changes",
                                                 (gulong) pending),
                                    (int) MIN (pending, G_MAXINT));
  gtk_label_set_label (self->pending_value, pending_text);

  last_sync = care_sync_format_when (care_sync_engine_get_last_sync (self->engine), FALSE);
  gtk_label_set_label (self->last_sync_value, last_sync);

  {
    g_autofree char *c = format_count (conflicts);
    g_autofree char *r = format_count (rejected);
    g_autofree char *d = format_count (duplicates);

    gtk_label_set_label (self->conflicts_value, c);
    gtk_label_set_label (self->rejected_value, r);
    gtk_label_set_label (self->duplicates_value, d);
    set_warning (GTK_WIDGET (self->conflicts_value), conflicts > 0);
    set_warning (GTK_WIDGET (self->rejected_value), rejected > 0);
  }

  if (error != NULL && *error != '\0' && state != CARE_SYNC_STATE_ONLINE)
    {
      /* Translators: %s says why the last attempt to sync failed */
      g_autofree char *text = g_strdup_printf (_("Last problem: %s"), error);

      gtk_label_set_label (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->review_button),
                          conflicts > 0 || rejected > 0 || duplicates > 0);

  /* Nothing to sync now until the person signs in again: offer that. */
  if (state == CARE_SYNC_STATE_SIGNED_OUT)
    {
      gtk_button_set_label (self->sync_button, _("_Sign In Again…"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->sync_button), "win.resume-sync");
    }
  else
    {
      gtk_button_set_label (self->sync_button, _("_Sync Now"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->sync_button), "win.sync-now");
    }
}

static void
care_sync_indicator_update (CareSyncIndicator *self)
{
  CareSyncState state;
  gint64 pending, conflicts, rejected;
  const char *icon_name;
  gboolean warning = FALSE;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), self->engine != NULL);
  if (self->engine == NULL)
    return;

  state = care_sync_engine_get_state (self->engine);
  pending = care_sync_engine_get_pending (self->engine);
  conflicts = care_sync_engine_get_conflicts (self->engine);
  rejected = care_sync_engine_get_rejected (self->engine);

  if (!self->heard && state == CARE_SYNC_STATE_OFFLINE)
    {
      /* A new engine starts out "offline" until its first round says
       * otherwise; right after signing in online that would be untrue. */
      icon_name = "emblem-synchronizing-symbolic";
      text = g_strdup (_("Connecting…"));
    }
  else if (state == CARE_SYNC_STATE_SIGNED_OUT)
    {
      icon_name = "dialog-password-symbolic";
      text = g_strdup (_("Sign in to sync"));
      warning = TRUE;
    }
  else if (state == CARE_SYNC_STATE_OFFLINE)
    {
      icon_name = "network-offline-symbolic";
      text = g_strdup (_("Offline"));
      warning = conflicts > 0;
    }
  else if (self->show_syncing)
    {
      icon_name = "emblem-synchronizing-symbolic";
      text = g_strdup (_("Syncing…"));
    }
  else if (conflicts > 0)
    {
      icon_name = "dialog-warning-symbolic";
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d conflict", "%d conflicts",
                                           (gulong) conflicts),
                              (int) MIN (conflicts, G_MAXINT));
      warning = TRUE;
    }
  else if (rejected > 0)
    {
      icon_name = "dialog-warning-symbolic";
      /* Translators: changes the clinic server refused, in the header bar */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d refused", "%d refused",
                                           (gulong) rejected),
                              (int) MIN (rejected, G_MAXINT));
      warning = TRUE;
    }
  else if (pending > 0)
    {
      icon_name = "network-transmit-symbolic";
      /* Translators: changes waiting to be sent, in the header bar */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d to send", "%d to send",
                                           (gulong) pending),
                              (int) MIN (pending, G_MAXINT));
    }
  else
    {
      icon_name = "emblem-ok-symbolic";
      text = g_strdup (_("Up to date"));
    }

  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_label_set_label (self->label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->label), !self->compact);
  set_warning (GTK_WIDGET (self->button), warning);

  /* Translators: the accessible name of the sync button, "Sync: Offline" */
  accessible = g_strdup_printf (_("Sync: %s"), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), accessible);

  g_free (self->text);
  self->text = g_steal_pointer (&text);

  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    care_sync_indicator_update_popover (self);
}

static gboolean
on_syncing_delay_cb (gpointer user_data)
{
  CareSyncIndicator *self = user_data;

  self->syncing_source = 0;
  self->show_syncing = self->engine != NULL &&
                       care_sync_engine_get_state (self->engine) == CARE_SYNC_STATE_SYNCING;
  care_sync_indicator_update (self);

  return G_SOURCE_REMOVE;
}

static void
on_engine_notify_cb (GObject           *engine,
                     GParamSpec        *pspec,
                     CareSyncIndicator *self)
{
  if (g_strcmp0 (pspec->name, "state") == 0)
    {
      self->heard = TRUE;

      if (care_sync_engine_get_state (self->engine) == CARE_SYNC_STATE_SYNCING)
        {
          if (!self->show_syncing && self->syncing_source == 0)
            {
              self->syncing_source = g_timeout_add (SYNCING_DELAY_MS, on_syncing_delay_cb, self);
              g_source_set_name_by_id (self->syncing_source, "[caredesk] syncing label delay");
            }
        }
      else
        {
          g_clear_handle_id (&self->syncing_source, g_source_remove);
          self->show_syncing = FALSE;
        }
    }

  care_sync_indicator_update (self);
}

static gboolean
on_tick_cb (gpointer user_data)
{
  care_sync_indicator_update_popover (user_data);

  return G_SOURCE_CONTINUE;
}

static void
on_popover_show_cb (GtkPopover        *popover,
                    CareSyncIndicator *self)
{
  care_sync_indicator_update_popover (self);

  /* "2 minutes ago" keeps true while the popover is open. */
  g_clear_handle_id (&self->tick_source, g_source_remove);
  self->tick_source = g_timeout_add_seconds (TICK_SECONDS, on_tick_cb, self);
  g_source_set_name_by_id (self->tick_source, "[caredesk] sync popover clock");
}

static void
on_popover_hide_cb (GtkPopover        *popover,
                    CareSyncIndicator *self)
{
  g_clear_handle_id (&self->tick_source, g_source_remove);
}

static void
on_popover_button_clicked_cb (GtkButton         *button,
                              CareSyncIndicator *self)
{
  gtk_popover_popdown (self->popover);
}

void
care_sync_indicator_set_engine (CareSyncIndicator *self,
                                CareSyncEngine    *engine)
{
  g_return_if_fail (CARE_IS_SYNC_INDICATOR (self));
  g_return_if_fail (engine == NULL || CARE_IS_SYNC_ENGINE (engine));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);

  g_clear_handle_id (&self->syncing_source, g_source_remove);
  self->show_syncing = FALSE;
  self->heard = FALSE;
  g_set_object (&self->engine, engine);

  if (engine != NULL)
    g_signal_connect_object (engine, "notify", G_CALLBACK (on_engine_notify_cb), self, 0);

  if (engine == NULL)
    gtk_popover_popdown (self->popover);

  care_sync_indicator_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

CareSyncEngine *
care_sync_indicator_get_engine (CareSyncIndicator *self)
{
  g_return_val_if_fail (CARE_IS_SYNC_INDICATOR (self), NULL);

  return self->engine;
}

void
care_sync_indicator_set_compact (CareSyncIndicator *self,
                                 gboolean           compact)
{
  g_return_if_fail (CARE_IS_SYNC_INDICATOR (self));

  compact = !!compact;
  if (self->compact == compact)
    return;

  self->compact = compact;
  care_sync_indicator_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

const char *
care_sync_indicator_get_text (CareSyncIndicator *self)
{
  g_return_val_if_fail (CARE_IS_SYNC_INDICATOR (self), NULL);

  return self->engine != NULL ? self->text : NULL;
}

static void
care_sync_indicator_dispose (GObject *object)
{
  CareSyncIndicator *self = CARE_SYNC_INDICATOR (object);
  GtkWidget *child;

  g_clear_handle_id (&self->syncing_source, g_source_remove);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_SYNC_INDICATOR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (care_sync_indicator_parent_class)->dispose (object);
}

static void
care_sync_indicator_finalize (GObject *object)
{
  CareSyncIndicator *self = CARE_SYNC_INDICATOR (object);

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (care_sync_indicator_parent_class)->finalize (object);
}

static void
care_sync_indicator_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CareSyncIndicator *self = CARE_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_sync_indicator_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CareSyncIndicator *self = CARE_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      care_sync_indicator_set_engine (self, g_value_get_object (value));
      break;

    case PROP_COMPACT:
      care_sync_indicator_set_compact (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
care_sync_indicator_class_init (CareSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_sync_indicator_dispose;
  object_class->finalize = care_sync_indicator_finalize;
  object_class->get_property = care_sync_indicator_get_property;
  object_class->set_property = care_sync_indicator_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         CARE_TYPE_SYNC_ENGINE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/sync/care-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, CareSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, CareSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, CareSyncIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, CareSyncIndicator, popover);
  gtk_widget_class_bind_template_child (widget_class, CareSyncIndicator, state_icon);
  gtk_widget_class_bind_template_child (widget_class, CareSyncIndicator, state_title);
  gtk_widget_class_bind_template_child (widget_class, CareSyncIndicator, state_detail);
  gtk_widget_class_bind_template_child (widget_class, CareSyncIndicator, pending_value);
  gtk_widget_class_bind_template_child (widget_class, CareSyncIndicator, last_sync_value);
  gtk_widget_class_bind_template_child (widget_class, CareSyncIndicator, conflicts_value);
  gtk_widget_class_bind_template_child (widget_class, CareSyncIndicator, rejected_value);
  gtk_widget_class_bind_template_child (widget_class, CareSyncIndicator, duplicates_value);
  gtk_widget_class_bind_template_child (widget_class, CareSyncIndicator, error_label);
  gtk_widget_class_bind_template_child (widget_class, CareSyncIndicator, review_button);
  gtk_widget_class_bind_template_child (widget_class, CareSyncIndicator, sync_button);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_hide_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_button_clicked_cb);

  gtk_widget_class_set_css_name (widget_class, "caresyncindicator");
}

static void
care_sync_indicator_init (CareSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
