/* care-alerts-page.c: the clinic's emergency alerts, answered and resolved
 *
 * The banner across the window tells everyone of an alert and lets them
 * acknowledge it; this page is where an alert ends. Open alerts (active or
 * acknowledged) come first, each with who raised and who answered it;
 * Resolve… asks how it ended, which core requires (care_alerts_resolve())
 * and which stays with the alert. Below, the alerts resolved in the last
 * seven days, with their outcome. Every role sees the page: every member
 * of staff may raise and answer an alert. It follows the store, so an
 * alert answered on another workstation moves when sync brings it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-alerts-page"

#include "config.h"

#include <glib/gi18n.h>

#include "care-alerts.h"
#include "care-alerts-page.h"
#include "care-alert.h"

#define ALERT_ID_KEY "care-alert-id"
#define RESOLVED_DAYS 7

struct _CareAlertsPage
{
  CarePage    parent_instance;

  GHashTable *names;   /* user id → full name, for the page's rows */

  /* Template widgets */
  GtkLabel   *summary_label;
  GtkListBox *open_list;
  GtkListBox *resolved_list;
  GtkWidget  *resolved_group;
};

G_DEFINE_FINAL_TYPE (CareAlertsPage, care_alerts_page, CARE_TYPE_PAGE)

GtkWidget *
care_alerts_page_new (CareSession *session)
{
  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  return g_object_new (CARE_TYPE_ALERTS_PAGE, "session", session, NULL);
}

static const CareEntity *
alerts (void)
{
  return care_schema_lookup ("emergency_alert");
}

static const char *
name_of (CareAlertsPage *self,
         const char     *user_id)
{
  const char *name;

  if (user_id == NULL)
    return _("someone");
  if ((name = g_hash_table_lookup (self->names, user_id)) == NULL)
    {
      g_autoptr(CareRecord) user = care_store_get (care_page_get_store (CARE_PAGE (self)),
                                                   care_schema_lookup ("user"), user_id, NULL);

      name = user ? care_record_dup_title (user) : g_strdup (_("someone"));
      g_hash_table_insert (self->names, g_strdup (user_id), (char *) name);
    }
  return name;
}

/* "14:05" today, "3 Dec, 14:05" on another day. */
static char *
format_when (const char *iso8601)
{
  gint64 usec;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *today = care_clock_today ();
  g_autofree char *day = NULL;

  if (iso8601 == NULL || !care_clock_parse_instant (iso8601, &usec))
    return g_strdup ("—");
  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  day = g_date_time_format (local, "%Y-%m-%d");
  if (g_str_equal (day, today))
    return care_clock_format_time (usec);
  /* Translators: a day and a time, see strftime(3) */
  return g_date_time_format (local, _("%-d %b, %H:%M"));
}

static char *
describe (CareAlertsPage *self,
          CareRecord     *alert)
{
  GString *text = g_string_new (NULL);
  g_autofree char *raised = format_when (care_record_get (alert, CARE_COLUMN_CREATED_AT));
  const char *status = care_record_get (alert, "status");

  /* Translators: when, and who raised the alert */
  g_string_append_printf (text, _("Raised %s by %s"), raised, name_of (self, care_record_get (alert, "raised_by")));
  if (care_record_get (alert, "message"))
    g_string_append_printf (text, " · %s", care_record_get (alert, "message"));
  if (care_record_get (alert, "acknowledged_by"))
    {
      g_autofree char *at = format_when (care_record_get (alert, "acknowledged_at"));

      /* Translators: when, and who answered the alert */
      g_string_append_printf (text, " · ");
      g_string_append_printf (text, _("answered %s by %s"), at, name_of (self, care_record_get (alert, "acknowledged_by")));
    }
  if (g_strcmp0 (status, "resolved") == 0)
    {
      g_autofree char *at = format_when (care_record_get (alert, "resolved_at"));

      g_string_append (text, "\n");
      /* Translators: when, who resolved the alert, and how it ended */
      g_string_append_printf (text, _("Resolved %s by %s: %s"), at, name_of (self, care_record_get (alert, "resolved_by")),
                              care_record_get (alert, "outcome") ? care_record_get (alert, "outcome") : _("no outcome recorded"));
    }
  return g_string_free (text, FALSE);
}

static GtkWidget *
action_button (const char *label,
               const char *name,
               const char *action,
               const char *alert_id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (alert_id));
  return button;
}

static GtkWidget *
alert_row (CareAlertsPage *self,
           CareRecord     *alert,
           guint           index)
{
  const CareField *kind = care_entity_field (alerts (), "kind");
  const char *status = care_record_get (alert, "status");
  g_autofree char *title = g_strdup_printf (_("%s at %s"), care_field_choice_label (kind, care_record_get (alert, "kind")),
                                            care_record_get (alert, "location"));
  g_autofree char *subtitle = describe (self, alert);
  g_autofree char *name = g_strdup_printf ("alert-row-%u", index);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *state = gtk_label_new (care_field_choice_label (care_entity_field (alerts (), "status"), status));

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
#if ADW_CHECK_VERSION (1, 3, 0)
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
#endif
  gtk_widget_set_name (state, "alert-state");
  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  if (care_alerts_is_active (alert))
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "error");
      gtk_widget_add_css_class (state, "error");
      gtk_widget_add_css_class (state, "heading");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
  if (care_alerts_is_active (alert))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               action_button (_("_Acknowledge"), "alert-acknowledge", "alerts.acknowledge",
                                              care_record_get_id (alert)));
  if (g_strcmp0 (status, "resolved") != 0)
    {
      GtkWidget *resolve = action_button (_("_Resolve…"), "alert-resolve", "alerts.resolve", care_record_get_id (alert));

      gtk_widget_add_css_class (resolve, "suggested-action");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), resolve);
    }
  return row;
}

static void
clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
care_alerts_page_reload (CareAlertsPage *self)
{
  CareStore *store = care_page_get_store (CARE_PAGE (self));
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = care_clock_now_utc ();
  g_autoptr(GDateTime) since_time = g_date_time_add_days (now, -RESOLVED_DAYS);
  g_autofree char *since = care_iso8601_format (since_time);
  g_autofree char *summary = NULL;
  guint n_open = 0, n_active = 0, n_resolved = 0;

  if (store == NULL)
    return;
  clear (self->open_list);
  clear (self->resolved_list);
  all = care_store_list (store, alerts (), NULL, NULL, CARE_COLUMN_CREATED_AT " DESC", 500, &error);
  if (all == NULL)
    {
      g_warning ("Could not read the alerts: %s", error->message);
      return;
    }
  for (guint i = 0; i < all->len; i++)
    {
      CareRecord *alert = g_ptr_array_index (all, i);
      gboolean resolved = g_strcmp0 (care_record_get (alert, "status"), "resolved") == 0;

      if (!resolved)
        {
          gtk_list_box_append (self->open_list, alert_row (self, alert, i));
          n_open++;
          n_active += care_alerts_is_active (alert);
        }
      else if (g_strcmp0 (care_record_get (alert, "resolved_at"), since) >= 0)
        {
          gtk_list_box_append (self->resolved_list, alert_row (self, alert, i));
          n_resolved++;
        }
    }
  if (n_open == 0)
    summary = g_strdup (_("No open alerts."));
  else
    /* Translators: open alerts, then how many of them nobody has answered */
    summary = g_strdup_printf (ngettext ("%u open alert, %u not answered yet", "%u open alerts, %u not answered yet",
                                         n_open), n_open, n_active);
  gtk_label_set_label (self->summary_label, summary);
  /* The summary says when there is none. */
  gtk_widget_set_visible (GTK_WIDGET (self->open_list), n_open > 0);
  gtk_widget_set_visible (self->resolved_group, n_resolved > 0);
}

/* --- answering ----------------------------------------------------------- */

static CareRecord *
stored_alert (CareAlertsPage *self,
              const char     *id,
              GError        **error)
{
  /* The stored row: another workstation may have answered meanwhile. */
  return care_store_get (care_page_get_store (CARE_PAGE (self)), alerts (), id, error);
}

static void
report (CareAlertsPage *self,
        GError         *error)
{
  care_page_add_toast (CARE_PAGE (self), adw_toast_new (error->message));
  care_alerts_page_reload (self);
}

static void
acknowledge_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CareAlertsPage *self = CARE_ALERTS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) alert = stored_alert (self, g_variant_get_string (parameter, NULL), &error);

  if (alert == NULL ||
      !care_alerts_step (alert, "acknowledged", care_session_get_user_id (care_page_get_session (CARE_PAGE (self))), &error) ||
      !care_store_update (care_page_get_store (CARE_PAGE (self)), alert, &error))
    report (self, error);
}

/* What core says of the outcome typed so far, under the field. */
static void
on_outcome_changed_cb (GtkEditable      *entry,
                       GtkWidget        *dialog)
{
  CareRecord *alert = g_object_get_data (G_OBJECT (dialog), "alert");
  GtkLabel *error_label = g_object_get_data (G_OBJECT (dialog), "error");
  g_autoptr(CareRecord) trial = care_record_copy (alert);
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (entry);
  gboolean ok = care_alerts_resolve (trial, text, care_record_get (alert, "raised_by"), &error);

  care_alert_set_response_enabled (dialog, "resolve", ok);
  gtk_label_set_label (error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (error_label), error != NULL && *text != '\0');
}

static void
on_resolve_response_cb (GtkWidget        *dialog,
                        const char       *response,
                        CareAlertsPage   *self)
{
  CareRecord *shown = g_object_get_data (G_OBJECT (dialog), "alert");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) alert = NULL;

  if (!g_str_equal (response, "resolve"))
    return;
  alert = stored_alert (self, care_record_get_id (shown), &error);
  if (alert == NULL ||
      !care_alerts_resolve (alert, gtk_editable_get_text (entry),
                            care_session_get_user_id (care_page_get_session (CARE_PAGE (self))), &error) ||
      !care_store_update (care_page_get_store (CARE_PAGE (self)), alert, &error))
    {
      report (self, error);
      return;
    }
  care_page_add_toast (CARE_PAGE (self), adw_toast_new (_("Alert resolved.")));
}

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CareAlertsPage *self = CARE_ALERTS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) alert = stored_alert (self, g_variant_get_string (parameter, NULL), &error);
  const CareField *kind = care_entity_field (alerts (), "kind");
  const CareField *outcome = care_entity_field (alerts (), "outcome");
  g_autofree char *body = NULL;
  GtkWidget *dialog, *box, *entry, *error_label;

  if (alert == NULL)
    {
      report (self, error);
      return;
    }
  /* Translators: the kind of alert and where, “Code blue at Ward A”; then a request */
  body = g_strdup_printf (_("%s at %s. Say how it ended."), care_field_choice_label (kind, care_record_get (alert, "kind")),
                          care_record_get (alert, "location"));
  dialog = care_alert_new (_("Resolve Alert"), body);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = gtk_entry_new ();
  error_label = gtk_label_new (NULL);
  gtk_widget_set_name (dialog, "alert-resolve-dialog");
  gtk_widget_set_name (entry, "alert-outcome");
  gtk_widget_set_name (error_label, "alert-outcome-error");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), g_dgettext (GETTEXT_PACKAGE, outcome->hint));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  g_dgettext (GETTEXT_PACKAGE, outcome->label), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error_label);
  care_alert_set_extra_child (dialog, box);
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "resolve", _("_Resolve"), CARE_ALERT_SUGGESTED);
  care_alert_set_response_enabled (dialog, "resolve", FALSE);
  care_alert_set_default_response (dialog, "resolve");
  care_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "alert", g_steal_pointer (&alert), (GDestroyNotify) care_record_unref);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "error", error_label);
  g_signal_connect (entry, "changed", G_CALLBACK (on_outcome_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_resolve_response_cb), self, 0);
  care_alert_present (dialog, widget);
  gtk_widget_grab_focus (entry);
}

/* --- following the store ------------------------------------------------- */

static void
on_store_changed_cb (CareStore      *store,
                     const char     *entity,
                     const char     *id,
                     CareAlertsPage *self)
{
  if (entity == NULL || g_str_equal (entity, "emergency_alert") || g_str_equal (entity, "user"))
    {
      g_hash_table_remove_all (self->names);
      care_alerts_page_reload (self);
    }
}

static void
care_alerts_page_constructed (GObject *object)
{
  CareAlertsPage *self = CARE_ALERTS_PAGE (object);

  G_OBJECT_CLASS (care_alerts_page_parent_class)->constructed (object);

  g_signal_connect_object (care_page_get_store (CARE_PAGE (self)), "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
  care_alerts_page_reload (self);
}

static void
care_alerts_page_dispose (GObject *object)
{
  CareAlertsPage *self = CARE_ALERTS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_ALERTS_PAGE);
  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (care_alerts_page_parent_class)->dispose (object);
}

static void
care_alerts_page_class_init (CareAlertsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Every member of staff may raise and answer an alert (care_alerts_may_raise()). */
  care_page_class_set_info (CARE_PAGE_CLASS (klass), "alerts", N_("Emergency Alerts"),
                            "dialog-warning-symbolic", NULL);

  object_class->constructed = care_alerts_page_constructed;
  object_class->dispose = care_alerts_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/alerts/care-alerts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CareAlertsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CareAlertsPage, open_list);
  gtk_widget_class_bind_template_child (widget_class, CareAlertsPage, resolved_list);
  gtk_widget_class_bind_template_child (widget_class, CareAlertsPage, resolved_group);

  gtk_widget_class_install_action (widget_class, "alerts.acknowledge", "s", acknowledge_action);
  gtk_widget_class_install_action (widget_class, "alerts.resolve", "s", resolve_action);
}

static void
care_alerts_page_init (CareAlertsPage *self)
{
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}
