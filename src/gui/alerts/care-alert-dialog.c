/* care-alert-dialog.c: raising an emergency alert in two clicks
 *
 * Where (prefilled with this workstation's place, which the dialog
 * remembers), then one large button per kind of emergency: the click on
 * the kind raises the alert at once. Nothing to confirm: a false alarm is
 * resolved, a missed one costs more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-alert-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "care-alert-dialog.h"
#include "care-alerts.h"

struct _CareAlertDialog
{
  AdwWindow    parent_instance;

  CareSession *session;
  GSettings   *settings;
  AdwEntryRow *location;
  GtkLabel    *error;
};

G_DEFINE_FINAL_TYPE (CareAlertDialog, care_alert_dialog, ADW_TYPE_WINDOW)

/* The kinds in the order people look for them. */
static const char *const kinds[] = { "code_blue", "fall", "security", "fire", "rapid_response", "other" };

static void
show_error (CareAlertDialog *self,
            const char      *text)
{
  gtk_label_set_label (self->error, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error), TRUE);
}

static void
on_kind_clicked_cb (GtkButton       *button,
                    CareAlertDialog *self)
{
  const char *kind = g_object_get_data (G_OBJECT (button), "kind");
  const char *location = gtk_editable_get_text (GTK_EDITABLE (self->location));
  CareStore *store = care_session_get_store (self->session);
  g_autoptr(CareRecord) alert = NULL;
  g_autoptr(GError) error = NULL;

  alert = care_alerts_raise (kind, location, care_session_get_user_id (self->session), &error);
  if (alert == NULL || !care_store_insert (store, alert, &error))
    {
      const char *detail = care_rule_error_get_detail (error);

      show_error (self, detail ? detail : error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->location));
      return;
    }
  if (self->settings)
    g_settings_set_string (self->settings, "workstation-location", care_record_get (alert, "location"));
  gtk_window_destroy (GTK_WINDOW (self));
}

static GtkWidget *
kind_button (CareAlertDialog *self,
             const char      *kind)
{
  const CareField *field = care_entity_field (care_schema_lookup ("emergency_alert"), "kind");
  GtkWidget *button = gtk_button_new_with_label (care_field_choice_label (field, kind));
  g_autofree char *name = g_strconcat ("alert-kind-", kind, NULL);

  gtk_widget_set_name (button, name);
  gtk_widget_set_size_request (button, 200, 72);
  gtk_widget_add_css_class (button, "alert-kind");
  if (g_strcmp0 (kind, "other") != 0)
    gtk_widget_add_css_class (button, "destructive-action");
  g_object_set_data_full (G_OBJECT (button), "kind", g_strdup (kind), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_kind_clicked_cb), self);
  return button;
}

static void
care_alert_dialog_build (CareAlertDialog *self)
{
  GtkWidget *view = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *prompt = gtk_label_new (_("What is happening?"));
  GtkWidget *grid = gtk_grid_new ();
  g_autofree char *place = self->settings ? g_settings_get_string (self->settings, "workstation-location") : NULL;

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Emergency Alert"), NULL));
  gtk_box_append (GTK_BOX (view), header);

  gtk_widget_set_margin_top (body, 18);
  gtk_widget_set_margin_bottom (body, 24);
  gtk_widget_set_margin_start (body, 24);
  gtk_widget_set_margin_end (body, 24);
  gtk_box_append (GTK_BOX (view), body);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  self->location = ADW_ENTRY_ROW (adw_entry_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->location), "alert-location");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->location), _("Where"));
  gtk_editable_set_text (GTK_EDITABLE (self->location), place ? place : "");
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->location));
  gtk_box_append (GTK_BOX (body), list);

  self->error = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->error), "alert-error");
  gtk_label_set_xalign (self->error, 0);
  gtk_label_set_wrap (self->error, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error), "field-error");
  gtk_widget_set_visible (GTK_WIDGET (self->error), FALSE);
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->error));

  gtk_label_set_xalign (GTK_LABEL (prompt), 0);
  gtk_widget_add_css_class (prompt, "heading");
  gtk_box_append (GTK_BOX (body), prompt);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_grid_attach (GTK_GRID (grid), kind_button (self, kinds[i]), i % 2, i / 2, 1, 1);
  gtk_box_append (GTK_BOX (body), grid);

  adw_window_set_content (ADW_WINDOW (self), view);
}

CareAlertDialog *
care_alert_dialog_new (GtkWindow   *parent,
                       CareSession *session,
                       GSettings   *settings)
{
  CareAlertDialog *self;

  g_return_val_if_fail (CARE_IS_SESSION (session), NULL);

  self = g_object_new (CARE_TYPE_ALERT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "title", _("Emergency Alert"),
                       "default-width", 480,
                       NULL);
  gtk_widget_set_name (GTK_WIDGET (self), "alert-dialog");
  self->session = g_object_ref (session);
  self->settings = settings ? g_object_ref (settings) : NULL;
  care_alert_dialog_build (self);
  /* Where first when nothing is known, else straight to the kinds. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->location)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->location));
  return self;
}

static void
care_alert_dialog_dispose (GObject *object)
{
  CareAlertDialog *self = CARE_ALERT_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (care_alert_dialog_parent_class)->dispose (object);
}

static void
care_alert_dialog_class_init (CareAlertDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_alert_dialog_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
care_alert_dialog_init (CareAlertDialog *self)
{
}
