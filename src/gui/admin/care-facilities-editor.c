/* care-facilities-editor.c: the clinic's facilities and departments, added, changed and removed
 *
 * Every write goes through core (care_facilities_save()), which refuses
 * to remove a facility that records still name; the refusal is shown
 * under the list in core's words. Removing asks first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-facilities-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "care-facilities-editor.h"
#include "care-record-form.h"
#include "care-alert.h"

struct _CareFacilitiesEditor
{
  GtkBox            parent_instance;

  CareStore        *store;
  CareRecord       *editing;      /* the facility the form changes; NULL: adding */
  GtkListBox       *list;
  GtkLabel         *error_label;
  CareRecordForm   *form;
  GtkWidget        *cancel_button;
  AdwButtonContent *save_content;
};

G_DEFINE_FINAL_TYPE (CareFacilitiesEditor, care_facilities_editor, GTK_TYPE_BOX)

static const char *const facility_fields[] = { "name", "kind", "address", "phone", NULL };

static const CareEntity *
facilities (void)
{
  return care_schema_lookup ("facility");
}

static void
show_error (CareFacilitiesEditor *self,
            const char           *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_editing (CareFacilitiesEditor *self,
             CareRecord           *facility)
{
  g_clear_pointer (&self->editing, care_record_unref);
  self->editing = facility ? care_record_ref (facility) : NULL;
  care_record_form_set_record (self->form, facility);
  adw_button_content_set_label (self->save_content, facility ? _("_Save Facility") : _("_Add Facility"));
  adw_button_content_set_icon_name (self->save_content, facility ? "document-save-symbolic" : "list-add-symbolic");
  gtk_widget_set_visible (self->cancel_button, facility != NULL);
}

/* --- the list ------------------------------------------------------------ */

static void
on_edit_clicked_cb (GtkButton            *button,
                    CareFacilitiesEditor *self)
{
  show_error (self, NULL);
  set_editing (self, g_object_get_data (G_OBJECT (button), "facility"));
  gtk_widget_grab_focus (care_record_form_get_row (self->form, "name"));
}

static void
on_remove_response_cb (GtkWidget            *dialog,
                       const char           *response,
                       CareFacilitiesEditor *self)
{
  CareRecord *facility = g_object_get_data (G_OBJECT (dialog), "facility");
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "remove"))
    return;
  if (!care_facilities_save (self->store, facility, NULL, &error))
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  if (self->editing && g_str_equal (care_record_get_id (self->editing), care_record_get_id (facility)))
    set_editing (self, NULL);
}

static void
on_remove_clicked_cb (GtkButton            *button,
                      CareFacilitiesEditor *self)
{
  CareRecord *facility = g_object_get_data (G_OBJECT (button), "facility");
  /* Translators: %s is a facility's name, e.g. "East Wing" */
  g_autofree char *title = g_strdup_printf (_("Remove “%s”?"), care_record_get (facility, "name"));
  GtkWidget *dialog = care_alert_new (title,
                                      _("A facility that staff, patients, wards or other records still name is kept."));

  gtk_widget_set_name (dialog, "clinic-facility-remove-dialog");
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "remove", _("_Remove"), CARE_ALERT_DESTRUCTIVE);
  care_alert_set_default_response (dialog, "cancel");
  care_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "facility", care_record_ref (facility), (GDestroyNotify) care_record_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  care_alert_present (dialog, GTK_WIDGET (self));
}

static GtkWidget *
row_button (CareFacilitiesEditor *self,
            CareRecord           *facility,
            const char           *icon,
            const char           *action,
            const char           *label,
            GCallback             callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);
  g_autofree char *name = g_strdup_printf ("clinic-facility-%s-%s", action, care_record_get_id (facility));

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "facility", care_record_ref (facility), (GDestroyNotify) care_record_unref);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void
reload (CareFacilitiesEditor *self)
{
  g_autoptr(GPtrArray) rows = care_store_list (self->store, facilities (), NULL, NULL, "name", 0, NULL);
  const CareField *kind_field = care_entity_field (facilities (), "kind");
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; rows && i < rows->len; i++)
    {
      CareRecord *facility = g_ptr_array_index (rows, i);
      GtkWidget *row = adw_action_row_new ();
      const char *kind = care_field_choice_label (kind_field, care_record_get (facility, "kind"));
      const char *address = care_record_get (facility, "address");
      g_autofree char *subtitle = address ? g_strdup_printf ("%s · %s", kind, address) : g_strdup (kind);
      /* Translators: a button's name when read out; %s is a facility's name */
      g_autofree char *change = g_strdup_printf (_("Change “%s”"), care_record_get (facility, "name"));
      /* Translators: a button's name when read out; %s is a facility's name */
      g_autofree char *remove = g_strdup_printf (_("Remove “%s”"), care_record_get (facility, "name"));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), care_record_get (facility, "name"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (self, facility, "document-edit-symbolic", "edit",
                                                                   change, G_CALLBACK (on_edit_clicked_cb)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (self, facility, "user-trash-symbolic", "remove",
                                                                   remove, G_CALLBACK (on_remove_clicked_cb)));
      gtk_list_box_append (self->list, row);
    }
  if (rows == NULL || rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No facilities or departments yet."));
      gtk_list_box_append (self->list, row);
    }
}

/* --- the form ------------------------------------------------------------ */

static void
on_save_clicked_cb (GtkButton            *button,
                    CareFacilitiesEditor *self)
{
  g_autoptr(CareRecord) facility = self->editing ? care_record_copy (self->editing) : care_record_new (facilities ());
  g_autoptr(GError) error = NULL;

  if (!care_record_form_apply (self->form, self->store, facility))
    return;
  if (!care_facilities_save (self->store, self->editing, facility, &error))
    {
      if (!care_record_form_show_refusal (self->form, error))
        show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  set_editing (self, NULL);
}

static void
on_cancel_clicked_cb (GtkButton            *button,
                      CareFacilitiesEditor *self)
{
  set_editing (self, NULL);
}

/* Changed elsewhere too (another workstation, through sync). */
static void
on_store_changed_cb (CareStore            *store,
                     const char           *entity,
                     const char           *id,
                     CareFacilitiesEditor *self)
{
  if (entity != NULL && !g_str_equal (entity, "facility"))
    return;
  reload (self);
  if (self->editing)
    {
      g_autoptr(CareRecord) still = care_store_get (store, facilities (), care_record_get_id (self->editing), NULL);

      if (still == NULL)
        set_editing (self, NULL);
    }
}

static GtkWidget *
buttons_new (CareFacilitiesEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *save = gtk_button_new ();

  self->cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_name (self->cancel_button, "clinic-facility-cancel");
  gtk_widget_set_visible (self->cancel_button, FALSE);
  g_signal_connect (self->cancel_button, "clicked", G_CALLBACK (on_cancel_clicked_cb), self);

  self->save_content = ADW_BUTTON_CONTENT (adw_button_content_new ());
  adw_button_content_set_use_underline (self->save_content, TRUE);
  gtk_button_set_child (GTK_BUTTON (save), GTK_WIDGET (self->save_content));
  gtk_widget_set_name (save, "clinic-facility-add");
  g_signal_connect (save, "clicked", G_CALLBACK (on_save_clicked_cb), self);

  gtk_widget_set_halign (box, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), self->cancel_button);
  gtk_box_append (GTK_BOX (box), save);
  return box;
}

static void
care_facilities_editor_dispose (GObject *object)
{
  CareFacilitiesEditor *self = CARE_FACILITIES_EDITOR (object);

  g_clear_pointer (&self->editing, care_record_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (care_facilities_editor_parent_class)->dispose (object);
}

static void
care_facilities_editor_class_init (CareFacilitiesEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = care_facilities_editor_dispose;
}

static void
care_facilities_editor_init (CareFacilitiesEditor *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);
  gtk_widget_set_name (GTK_WIDGET (self), "clinic-facilities");

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->list), "clinic-facilities-list");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Facilities and departments"), -1);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->error_label), "clinic-facility-error");
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  self->form = care_record_form_new (facilities (), facility_fields);

  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->error_label));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->form));
  gtk_box_append (GTK_BOX (self), buttons_new (self));
  set_editing (self, NULL);
}

GtkWidget *
care_facilities_editor_new (CareStore *store)
{
  CareFacilitiesEditor *self;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  self = g_object_new (CARE_TYPE_FACILITIES_EDITOR, NULL);
  self->store = g_object_ref (store);
  reload (self);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, 0);
  return GTK_WIDGET (self);
}
