/* care-lab-band-list.c: one analyte's age bands in the catalogue editor: listed, added, changed and removed
 *
 * A band replaces the analyte's adult range for patients of its ages
 * (and sex, where it names one). Staff write ages as they say them,
 * "28 days" or "13 years"; what a band must hold (an end after its start,
 * a limit, no overlap with another band) is core's
 * (care-lab-catalogue-rules.c), and a refusal shows under the field it
 * names. Saving or removing changes the store, and the editor draws the
 * panel again from it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-lab-band-list"

#include "config.h"

#include <glib/gi18n.h>

#include "care-dialog-fields.h"
#include "care-lab-band-list.h"
#include "care-alert.h"

struct _CareLabBandList
{
  GtkBox       parent_instance;

  CareStore   *store;
  CareRecord  *analyte;
  CareRecord  *editing;   /* the band in the form; NULL: a new one */

  GtkWidget   *revealer;
  GtkWidget   *form_title;
  GtkWidget   *min_entry, *max_entry, *low_entry, *high_entry;
  GtkWidget   *sex_dropdown;
  GtkWidget   *min_error, *max_error, *low_error, *high_error, *error;
};

G_DEFINE_FINAL_TYPE (CareLabBandList, care_lab_band_list, GTK_TYPE_BOX)

#define E(name) care_schema_lookup (name)

/* The dropdown's positions; NULL: both sexes. */
static const char *const sexes[] = { NULL, "female", "male" };

static const char *
text_or_dash (CareRecord *band,
              const char *field)
{
  return care_record_get (band, field) ? care_record_get (band, field) : "—";
}

/* "29 days to 13 years, Both sexes: 11 – 14.5" */
static char *
band_text (CareRecord *band)
{
  const CareField *sex = care_entity_field (E ("lab_band"), "sex");
  g_autofree char *from = care_lab_format_age (atoi (text_or_dash (band, "min_days")));
  g_autofree char *to = care_record_get (band, "max_days") ? care_lab_format_age (atoi (care_record_get (band, "max_days")))
                                                            : g_strdup (_("any age"));
  const char *who = care_record_get (band, "sex") ? care_field_choice_label (sex, care_record_get (band, "sex")) : _("Both sexes");

  /* Translators: an age band: from age, to age, sex, low and high limits */
  return g_strdup_printf (_("%s to %s, %s: %s – %s"), from, to, who, text_or_dash (band, "low"), text_or_dash (band, "high"));
}

static void
clear_errors (CareLabBandList *self)
{
  GtkWidget *labels[] = { self->min_error, self->max_error, self->low_error, self->high_error, self->error };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    care_dialog_show_error (labels[i], NULL);
}

static void
set_entry (GtkWidget  *entry,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
}

/* Opens the form on band (NULL: a new band). */
static void
open_form (CareLabBandList *self,
           CareRecord      *band)
{
  g_autofree char *from = NULL, *to = NULL;
  guint sex = 0;

  g_clear_pointer (&self->editing, care_record_unref);
  if (band)
    {
      self->editing = care_record_ref (band);
      from = care_lab_format_age (atoi (text_or_dash (band, "min_days")));
      if (care_record_get (band, "max_days"))
        to = care_lab_format_age (atoi (care_record_get (band, "max_days")));
      for (guint i = 1; i < G_N_ELEMENTS (sexes); i++)
        if (g_strcmp0 (care_record_get (band, "sex"), sexes[i]) == 0)
          sex = i;
    }
  gtk_label_set_label (GTK_LABEL (self->form_title), band ? _("Change Age Band") : _("New Age Band"));
  set_entry (self->min_entry, from);
  set_entry (self->max_entry, to);
  set_entry (self->low_entry, band ? care_record_get (band, "low") : NULL);
  set_entry (self->high_entry, band ? care_record_get (band, "high") : NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->sex_dropdown), sex);
  clear_errors (self);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), TRUE);
  gtk_widget_grab_focus (self->min_entry);
}

static char *
entry_text (GtkWidget *entry)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  g_strstrip (text);
  return *text ? g_steal_pointer (&text) : NULL;
}

/* An age typed in entry into record's field, in days; FALSE (with the
 * reason under the field) when it is not an age. */
static gboolean
read_age (GtkWidget  *entry,
          GtkWidget  *error_label,
          CareRecord *record,
          const char *field,
          gboolean    required)
{
  g_autofree char *text = entry_text (entry);
  g_autofree char *days = NULL;
  int age;

  if (text == NULL && !required)
    {
      care_record_set (record, field, NULL);
      return TRUE;
    }
  age = care_lab_parse_age (text);
  if (age < 0)
    {
      care_dialog_show_error (error_label, _("Enter an age, such as 28 days or 13 years."));
      gtk_widget_grab_focus (entry);
      return FALSE;
    }
  days = g_strdup_printf ("%d", age);
  care_record_set (record, field, days);
  return TRUE;
}

static void
on_save_clicked_cb (CareLabBandList *self)
{
  g_autoptr(CareLabBandList) keep = g_object_ref (self);
  g_autoptr(CareRecord) band = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *low = entry_text (self->low_entry);
  g_autofree char *high = entry_text (self->high_entry);
  struct { const char *field; GtkWidget *label, *entry; } fields[] = {
    { "min_days", self->min_error, self->min_entry },
    { "max_days", self->max_error, self->max_entry },
    { "low", self->low_error, self->low_entry },
    { "high", self->high_error, self->high_entry },
  };
  const char *field;

  clear_errors (self);
  if (self->editing)
    band = care_record_copy (self->editing);
  else
    {
      band = care_record_new (E ("lab_band"));
      care_record_set (band, "analyte_id", care_record_get_id (self->analyte));
    }
  if (!read_age (self->min_entry, self->min_error, band, "min_days", TRUE) ||
      !read_age (self->max_entry, self->max_error, band, "max_days", FALSE))
    return;
  care_record_set (band, "sex", sexes[gtk_drop_down_get_selected (GTK_DROP_DOWN (self->sex_dropdown))]);
  care_record_set (band, "low", low);
  care_record_set (band, "high", high);

  /* Saved: the store's change draws the panel again, this form closed. */
  if (care_lab_catalogue_save (self->store, band, &error))
    return;
  field = care_rule_error_get_field (error);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (field, fields[i].field) == 0)
      {
        care_dialog_show_error (fields[i].label, care_rule_error_get_detail (error));
        gtk_widget_grab_focus (fields[i].entry);
        return;
      }
  care_dialog_show_error (self->error, error->message);
}

static void
on_cancel_clicked_cb (CareLabBandList *self)
{
  g_clear_pointer (&self->editing, care_record_unref);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), FALSE);
}

static void
on_add_clicked_cb (CareLabBandList *self)
{
  open_form (self, NULL);
}

static void
on_edit_clicked_cb (GtkButton       *button,
                    CareLabBandList *self)
{
  open_form (self, g_object_get_data (G_OBJECT (button), "band"));
}

static void
on_remove_response_cb (GtkWidget        *dialog,
                       const char       *response,
                       CareLabBandList  *self)
{
  CareRecord *band = g_object_get_data (G_OBJECT (dialog), "band");
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "remove") && !care_lab_catalogue_remove (self->store, band, &error))
    care_dialog_refused (GTK_WIDGET (self), error);
}

static void
on_remove_clicked_cb (GtkButton       *button,
                      CareLabBandList *self)
{
  CareRecord *band = g_object_get_data (G_OBJECT (button), "band");
  g_autofree char *text = band_text (band);
  GtkWidget *dialog = care_alert_new (_("Remove This Age Band?"), text);

  gtk_widget_set_name (dialog, "band-remove-dialog");
  care_alert_add_response (dialog, "cancel", _("_Cancel"), CARE_ALERT_DEFAULT);
  care_alert_add_response (dialog, "remove", _("_Remove"), CARE_ALERT_DESTRUCTIVE);
  care_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "band", care_record_ref (band), (GDestroyNotify) care_record_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  care_alert_present (dialog, GTK_WIDGET (self));
}

/* A flat icon button named name for band, with accessible name label. */
static GtkWidget *
band_button (CareLabBandList *self,
             CareRecord      *band,
             const char      *icon,
             const char      *name,
             const char      *label,
             GCallback        callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, label);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "band", care_record_ref (band), (GDestroyNotify) care_record_unref);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void
add_band_row (CareLabBandList *self,
              CareRecord      *band,
              guint            index)
{
  g_autofree char *name = g_strdup_printf ("band-%u", index);
  g_autofree char *text = band_text (band);
  /* Translators: %s describes an age band, e.g. "29 days to 13 years, Both sexes: 11 – 14.5" */
  g_autofree char *edit = g_strdup_printf (_("Change age band %s"), text);
  /* Translators: %s describes an age band, as above */
  g_autofree char *remove = g_strdup_printf (_("Remove age band %s"), text);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_name (row, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), band_button (self, band, "document-edit-symbolic", "band-edit", edit,
                                              G_CALLBACK (on_edit_clicked_cb)));
  gtk_box_append (GTK_BOX (row), band_button (self, band, "user-trash-symbolic", "band-remove", remove,
                                              G_CALLBACK (on_remove_clicked_cb)));
  gtk_box_append (GTK_BOX (self), row);
}

/* A caption and entry in grid's column, with the error line under it. */
static GtkWidget *
form_entry (GtkGrid     *grid,
            int          column,
            const char  *caption,
            const char  *name,
            const char  *placeholder,
            GtkWidget  **error_label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  g_autofree char *error_name = g_strdup_printf ("%s-error", name);
  GtkWidget *entry = care_dialog_entry (box, caption, name, placeholder);

  gtk_entry_set_activates_default (GTK_ENTRY (entry), FALSE);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
  *error_label = care_dialog_error_new (error_name);
  gtk_box_append (GTK_BOX (box), *error_label);
  gtk_widget_set_valign (box, GTK_ALIGN_START);
  gtk_grid_attach (grid, box, column, 0, 1, 1);
  return entry;
}

static GtkWidget *
build_form (CareLabBandList *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *sex_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *sex_caption = gtk_label_new_with_mnemonic (_("_Sex"));
  const char *sex_labels[] = { _("Both sexes"), _("Female"), _("Male"), NULL };
  GtkWidget *save = gtk_button_new_with_mnemonic (_("Save _Band"));
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  gtk_widget_add_css_class (box, "card");
  gtk_widget_set_margin_top (box, 6);
  self->form_title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->form_title), 0);
  gtk_widget_add_css_class (self->form_title, "heading");
  gtk_widget_set_margin_top (self->form_title, 12);
  gtk_widget_set_margin_start (self->form_title, 12);
  gtk_box_append (GTK_BOX (box), self->form_title);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  self->min_entry = form_entry (GTK_GRID (grid), 0, _("_From age"), "band-min", _("e.g. 29 days"), &self->min_error);
  self->max_entry = form_entry (GTK_GRID (grid), 1, _("_Up to age"), "band-max", _("any age"), &self->max_error);
  self->low_entry = form_entry (GTK_GRID (grid), 3, _("_Low"), "band-low", NULL, &self->low_error);
  self->high_entry = form_entry (GTK_GRID (grid), 4, _("_High"), "band-high", NULL, &self->high_error);

  self->sex_dropdown = gtk_drop_down_new_from_strings (sex_labels);
  gtk_widget_set_name (self->sex_dropdown, "band-sex");
  gtk_label_set_xalign (GTK_LABEL (sex_caption), 0);
  gtk_widget_add_css_class (sex_caption, "heading");
  gtk_label_set_mnemonic_widget (GTK_LABEL (sex_caption), self->sex_dropdown);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->sex_dropdown), GTK_ACCESSIBLE_RELATION_LABELLED_BY, sex_caption, NULL, -1);
  gtk_box_append (GTK_BOX (sex_box), sex_caption);
  gtk_box_append (GTK_BOX (sex_box), self->sex_dropdown);
  gtk_widget_set_valign (sex_box, GTK_ALIGN_START);
  gtk_grid_attach (GTK_GRID (grid), sex_box, 2, 0, 1, 1);
  gtk_box_append (GTK_BOX (box), grid);

  self->error = care_dialog_error_new ("band-error");
  gtk_widget_set_margin_start (self->error, 12);
  gtk_box_append (GTK_BOX (box), self->error);

  gtk_widget_set_name (save, "band-save");
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_widget_set_name (cancel, "band-cancel");
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (on_save_clicked_cb), self);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (on_cancel_clicked_cb), self);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_end (buttons, 12);
  gtk_widget_set_margin_bottom (buttons, 12);
  gtk_box_append (GTK_BOX (buttons), cancel);
  gtk_box_append (GTK_BOX (buttons), save);
  gtk_box_append (GTK_BOX (box), buttons);
  return box;
}

GtkWidget *
care_lab_band_list_new (CareStore  *store,
                        CareRecord *analyte)
{
  CareLabBandList *self;
  g_autoptr(GPtrArray) bands = NULL;
  GtkWidget *heading, *add;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);
  g_return_val_if_fail (care_record_get_id (analyte) != NULL, NULL);

  self = g_object_new (CARE_TYPE_LAB_BAND_LIST, "orientation", GTK_ORIENTATION_VERTICAL, "spacing", 3, NULL);
  self->store = g_object_ref (store);
  self->analyte = care_record_ref (analyte);

  bands = care_store_list (store, E ("lab_band"), "analyte_id", care_record_get_id (analyte), "min_days", 0, NULL);
  heading = gtk_label_new (bands && bands->len > 0 ? _("Age bands (they replace the adult range at these ages):")
                                                   : _("No age bands: the adult range applies at every age."));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_box_append (GTK_BOX (self), heading);
  for (guint i = 0; bands && i < bands->len; i++)
    add_band_row (self, g_ptr_array_index (bands, i), i);

  add = gtk_button_new_with_mnemonic (_("Add Age _Band"));
  gtk_widget_set_name (add, "band-add");
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (on_add_clicked_cb), self);
  gtk_box_append (GTK_BOX (self), add);

  self->revealer = gtk_revealer_new ();
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), build_form (self));
  gtk_box_append (GTK_BOX (self), self->revealer);
  return GTK_WIDGET (self);
}

static void
care_lab_band_list_dispose (GObject *object)
{
  CareLabBandList *self = CARE_LAB_BAND_LIST (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->analyte, care_record_unref);
  g_clear_pointer (&self->editing, care_record_unref);
  G_OBJECT_CLASS (care_lab_band_list_parent_class)->dispose (object);
}

static void
care_lab_band_list_class_init (CareLabBandListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = care_lab_band_list_dispose;
}

static void
care_lab_band_list_init (CareLabBandList *self)
{
}
