/* care-lab-catalogue-editor.c: the lab's catalogue editor: panels, analytes, ranges and critical limits
 *
 * The forms come from the data model (CareRecordForm); what a range must
 * hold is core's (care-lab-catalogue-rules.c), and a refusal shows under
 * the field it names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-catalogue-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "care-dialog-fields.h"
#include "care-lab-band-list.h"
#include "care-lab-catalogue-editor.h"
#include "care-record-form.h"
#include "care-alert.h"

struct _CareLabCatalogueEditor
{
  AdwWindow        parent_instance;

  CareStore       *store;
  char            *panel_id;

  AdwToastOverlay *toasts;
  GtkListBox      *panel_list;
  GtkBox          *detail_box;
};

G_DEFINE_FINAL_TYPE (CareLabCatalogueEditor, care_lab_catalogue_editor, ADW_TYPE_WINDOW)

static const char *const panel_fields[] = { "name", "code", "loinc", "specimen", "method", NULL };
static const char *const analyte_fields[] = { "name", "unit", "female_low", "female_high", "male_low", "male_high",
                                              "critical_low", "critical_high", "reference_text", "delta_percent", NULL };

static void show_panel (CareLabCatalogueEditor *self);

/* Saves what form holds into its record; a refusal under its field. */
static void
on_save_clicked_cb (GtkButton              *button,
                    CareLabCatalogueEditor *self)
{
  CareRecordForm *form = g_object_get_data (G_OBJECT (button), "form");
  CareRecord *stored = g_object_get_data (G_OBJECT (button), "record");
  g_autoptr(CareRecord) record = care_record_copy (stored);
  g_autoptr(GError) error = NULL;
  const char *field;

  if (!care_record_form_apply (form, self->store, record))
    return;
  if (care_lab_catalogue_save (self->store, record, &error))
    {
      g_free (self->panel_id);
      self->panel_id = g_strdup (care_record_get_entity (record) == care_schema_lookup ("lab_panel")
                                 ? care_record_get_id (record) : care_record_get (record, "panel_id"));
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Saved: new results use it from now on.")));
      return;
    }
  field = care_rule_error_get_field (error);
  if (field && care_record_form_get_row (form, field))
    {
      g_autoptr(CareValidation) invalid = care_validation_new ();

      care_validation_add (invalid, field, care_rule_error_get_detail (error));
      care_record_form_show_errors (form, invalid);
      gtk_widget_grab_focus (care_record_form_get_row (form, field));
    }
  else
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
}

static void
on_remove_response_cb (GtkWidget              *dialog,
                       const char             *response,
                       CareLabCatalogueEditor *self)
{
  CareRecord *analyte = g_object_get_data (G_OBJECT (dialog), "analyte");
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "remove") && !care_lab_catalogue_remove (self->store, analyte, &error))
    care_dialog_refused (GTK_WIDGET (self), error);
}

static void
on_remove_clicked_cb (GtkButton              *button,
                      CareLabCatalogueEditor *self)
{
  CareRecord *analyte = g_object_get_data (G_OBJECT (button), "analyte");
  /* Translators: %s is an analyte, e.g. Haemoglobin */
  g_autofree char *heading = g_strdup_printf (_("Remove %s?"), _(care_record_get (analyte, "name")));
  GtkWidget *dialog = care_alert_new (heading,
                                      _("New requests for this panel will not list it. Results already "
                                        "recorded keep it, with the range they were given."));

  gtk_widget_set_name (dialog, "analyte-remove-dialog");
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "remove", _("_Remove"), CARE_ALERT_DESTRUCTIVE);
  care_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "analyte", care_record_ref (analyte), (GDestroyNotify) care_record_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  care_alert_present (dialog, GTK_WIDGET (self));
}

/* "Remove Analyte…" for a stored analyte, named for it. */
static GtkWidget *
remove_button (CareLabCatalogueEditor *self,
               CareRecord             *analyte,
               const char             *heading)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Remove Analyte…"));
  /* Translators: %s is an analyte, e.g. Haemoglobin */
  g_autofree char *accessible = g_strdup_printf (_("Remove %s"), heading);

  gtk_widget_set_name (button, "analyte-remove");
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "analyte", care_record_ref (analyte), (GDestroyNotify) care_record_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
  return button;
}

/* A form of record with its Save button, appended to the detail. */
static void
add_form (CareLabCatalogueEditor *self,
          CareRecord             *record,
          const char *const      *fields,
          const char             *heading,
          const char             *name)
{
  CareRecordForm *form = care_record_form_new (care_record_get_entity (record), fields);
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *accessible = g_strdup_printf (_("Save %s"), heading);
  g_autofree char *actions_name = g_strdup_printf ("%s-actions", name);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-4");
  gtk_widget_set_name (GTK_WIDGET (form), name);
  gtk_widget_set_name (actions, actions_name);
  care_record_form_set_record (form, record);
  gtk_widget_set_halign (actions, GTK_ALIGN_END);
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_accessible_update_property (GTK_ACCESSIBLE (save), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (save), "form", form);
  g_object_set_data_full (G_OBJECT (save), "record", care_record_ref (record), (GDestroyNotify) care_record_unref);
  g_signal_connect (save, "clicked", G_CALLBACK (on_save_clicked_cb), self);
  gtk_box_append (self->detail_box, title);
  gtk_box_append (self->detail_box, GTK_WIDGET (form));
  if (care_record_get_entity (record) == care_schema_lookup ("lab_analyte") && care_record_get_id (record))
    gtk_box_append (GTK_BOX (actions), remove_button (self, record, heading));
  gtk_box_append (GTK_BOX (actions), save);
  gtk_box_append (self->detail_box, actions);
}

static void
show_panel (CareLabCatalogueEditor *self)
{
  g_autoptr(CareRecord) panel = NULL;
  g_autoptr(GPtrArray) analytes = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->detail_box))))
    gtk_box_remove (self->detail_box, child);
  if (self->panel_id)
    panel = care_store_get (self->store, care_schema_lookup ("lab_panel"), self->panel_id, NULL);
  if (panel == NULL)
    panel = care_record_new (care_schema_lookup ("lab_panel"));
  add_form (self, panel, panel_fields, _("Panel"), "catalogue-panel-form");
  if (care_record_get_id (panel) == NULL)
    return;

  analytes = care_store_list (self->store, care_schema_lookup ("lab_analyte"), "panel_id", care_record_get_id (panel),
                              "position", 0, NULL);
  for (guint i = 0; analytes && i < analytes->len; i++)
    {
      CareRecord *analyte = g_ptr_array_index (analytes, i);
      g_autofree char *name = g_strdup_printf ("catalogue-analyte-%u", i);

      g_autofree char *bands_name = g_strdup_printf ("%s-bands", name);
      GtkWidget *bands = care_lab_band_list_new (self->store, analyte);

      add_form (self, analyte, analyte_fields, _(care_record_get (analyte, "name")), name);
      gtk_widget_set_name (bands, bands_name);
      gtk_box_append (self->detail_box, bands);
    }
  {
    g_autoptr(CareRecord) analyte = care_record_new (care_schema_lookup ("lab_analyte"));

    care_record_set (analyte, "panel_id", care_record_get_id (panel));
    add_form (self, analyte, analyte_fields, _("New analyte"), "catalogue-new-analyte");
  }
}

static void
reload_panels (CareLabCatalogueEditor *self)
{
  g_autoptr(GPtrArray) panels = NULL;
  GtkWidget *child;

  care_lab_catalogue_ensure (self->store, NULL);
  panels = care_store_list (self->store, care_schema_lookup ("lab_panel"), NULL, NULL, "position", 0, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->panel_list))))
    gtk_list_box_remove (self->panel_list, child);
  for (guint i = 0; panels && i < panels->len; i++)
    {
      CareRecord *panel = g_ptr_array_index (panels, i);
      g_autofree char *text = g_strdup_printf ("%s (%s)", _(care_record_get (panel, "name")), care_record_get (panel, "code"));
      GtkWidget *label = gtk_label_new (text);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "id", g_strdup (care_record_get_id (panel)), g_free);
      gtk_list_box_append (self->panel_list, row);
    }
}

static void
on_panel_selected_cb (CareLabCatalogueEditor *self,
                      GtkListBoxRow          *row)
{
  if (row == NULL)
    return;
  g_free (self->panel_id);
  self->panel_id = g_strdup (g_object_get_data (G_OBJECT (row), "id"));
  show_panel (self);
}

static void
on_new_panel_clicked_cb (CareLabCatalogueEditor *self)
{
  gtk_list_box_unselect_all (self->panel_list);
  g_clear_pointer (&self->panel_id, g_free);
  show_panel (self);
}

static void
on_store_changed_cb (CareStore              *store,
                     const char             *entity,
                     const char             *id,
                     CareLabCatalogueEditor *self)
{
  if (g_str_equal (entity, "lab_panel"))
    reload_panels (self);
  if (g_str_equal (entity, "lab_panel") || g_str_equal (entity, "lab_analyte") || g_str_equal (entity, "lab_band"))
    show_panel (self);
}

gboolean
care_lab_catalogue_editor_select_panel (CareLabCatalogueEditor *self,
                                        const char             *code)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (CARE_IS_LAB_CATALOGUE_EDITOR (self), FALSE);

  found = care_store_list (self->store, care_schema_lookup ("lab_panel"), "code", code, NULL, 1, NULL);
  if (found == NULL || found->len == 0)
    return FALSE;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->panel_list)); row; row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "id"), care_record_get_id (g_ptr_array_index (found, 0))) == 0)
      {
        gtk_list_box_select_row (self->panel_list, GTK_LIST_BOX_ROW (row));
        return TRUE;
      }
  return FALSE;
}

CareLabCatalogueEditor *
care_lab_catalogue_editor_new (CareStore *store)
{
  CareLabCatalogueEditor *self;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  self = g_object_new (CARE_TYPE_LAB_CATALOGUE_EDITOR, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, 0);
  reload_panels (self);
  gtk_list_box_select_row (self->panel_list, gtk_list_box_get_row_at_index (self->panel_list, 0));
  return self;
}

static void
care_lab_catalogue_editor_dispose (GObject *object)
{
  CareLabCatalogueEditor *self = CARE_LAB_CATALOGUE_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_LAB_CATALOGUE_EDITOR);
  g_clear_object (&self->store);
  g_clear_pointer (&self->panel_id, g_free);
  G_OBJECT_CLASS (care_lab_catalogue_editor_parent_class)->dispose (object);
}

static void
care_lab_catalogue_editor_class_init (CareLabCatalogueEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_lab_catalogue_editor_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/caredesk/Caredesk/lab/care-lab-catalogue-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CareLabCatalogueEditor, toasts);
  gtk_widget_class_bind_template_child (widget_class, CareLabCatalogueEditor, panel_list);
  gtk_widget_class_bind_template_child (widget_class, CareLabCatalogueEditor, detail_box);
  gtk_widget_class_bind_template_callback (widget_class, on_panel_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_new_panel_clicked_cb);
}

static void
care_lab_catalogue_editor_init (CareLabCatalogueEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self), "lab-catalogue-editor");
}
