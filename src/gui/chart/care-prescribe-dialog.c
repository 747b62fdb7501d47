/* care-prescribe-dialog.c: write a prescription from the chart, with stock, warnings and a printout
 *
 * The doctor finds a medicine of the pharmacy's formulary (its form,
 * strength, stock on hand and nearest expiry shown as it is chosen) or
 * types one the pharmacy does not keep, fills dose, route, frequency,
 * duration and quantity, and adds it. Core's warnings (an allergy, a
 * medicine already taken, one prescribed twice) show as soon as an item
 * is added; saving with a warning needs the doctor's reason, or the item
 * is removed. Saving writes the prescription and its items in one
 * transaction (care_prescribing_save()); the printout is drawn in a
 * worker thread and opened in the PDF preview.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-prescribe-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "care-pdf-preview.h"
#include "care-prescribe-dialog.h"
#include "care-prescription-document.h"

#define N_RESULTS 8

struct _CarePrescribeDialog
{
  AdwWindow       parent_instance;

  CareSession    *session;
  char           *patient_id;
  char           *prescription_id;
  CareRecord     *medicine;      /* the formulary's, once chosen */
  GPtrArray      *items;         /* unsaved prescription_item records */
  GCancellable   *cancellable;

  GtkStack       *stack;
  GtkButton      *save_button;
  GtkButton      *cancel_button;
  GtkSpinner     *spinner;
  GtkLabel       *patient_label;
  GtkLabel       *allergy_label;
  GtkSearchEntry *medicine_search;
  GtkListBox     *medicine_results;
  GtkLabel       *medicine_label;
  GtkLabel       *stock_label;
  GtkLabel       *medicine_error;
  GtkEntry       *dose_entry;
  GtkLabel       *dose_error;
  GtkDropDown    *route_drop;
  GtkEntry       *frequency_entry;
  GtkLabel       *frequency_error;
  GtkSpinButton  *days_spin;
  GtkSpinButton  *quantity_spin;
  GtkLabel       *quantity_error;
  GtkEntry       *instructions_entry;
  GtkListBox     *items_list;
  GtkWidget      *warnings_box;
  GtkLabel       *warnings_label;
  GtkEntry       *reason_entry;
  GtkLabel       *reason_error;
  GtkSpinButton  *refills_spin;
  GtkEntry       *notes_entry;
  GtkLabel       *save_error;
  GtkButton      *print_button;
};

G_DEFINE_FINAL_TYPE (CarePrescribeDialog, care_prescribe_dialog, ADW_TYPE_WINDOW)

static CareStore *
store_of (CarePrescribeDialog *self)
{
  return care_session_get_store (self->session);
}

static const CareField *
item_field (const char *name)
{
  return care_entity_field (care_schema_lookup ("prescription_item"), name);
}

static char *
entry_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

/* --- errors under their fields ----------------------------------------------------- */

static GtkLabel *
error_label_for (CarePrescribeDialog *self,
                 const char          *field)
{
  if (g_strcmp0 (field, "medicine_name") == 0 || g_strcmp0 (field, "medicine_id") == 0)
    return self->medicine_error;
  if (g_strcmp0 (field, "dose") == 0)
    return self->dose_error;
  if (g_strcmp0 (field, "frequency") == 0)
    return self->frequency_error;
  if (g_strcmp0 (field, "quantity") == 0)
    return self->quantity_error;
  if (g_strcmp0 (field, "override_reason") == 0)
    return self->reason_error;
  return self->save_error;
}

static void
clear_errors (CarePrescribeDialog *self)
{
  GtkLabel *labels[] = { self->medicine_error, self->dose_error, self->frequency_error, self->quantity_error,
                         self->reason_error, self->save_error };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_widget_set_visible (GTK_WIDGET (labels[i]), FALSE);
}

static void
show_field_error (CarePrescribeDialog *self,
                  const char          *field,
                  const char          *message)
{
  GtkLabel *label = error_label_for (self, field);

  gtk_label_set_text (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  if (label == self->reason_error)
    gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
  else if (label == self->medicine_error)
    gtk_widget_grab_focus (GTK_WIDGET (self->medicine_search));
  else if (label == self->dose_error)
    gtk_widget_grab_focus (GTK_WIDGET (self->dose_entry));
  else if (label == self->frequency_error)
    gtk_widget_grab_focus (GTK_WIDGET (self->frequency_entry));
}

static void
show_error (CarePrescribeDialog *self,
            const GError        *error)
{
  const char *field = care_rule_error_get_field (error);
  const char *detail = care_rule_error_get_detail (error);

  show_field_error (self, field, field && detail ? detail : error->message);
}

/* --- choosing a medicine -------------------------------------------------------------- */

static char *
stock_line (CarePrescribeDialog *self,
            CareRecord          *medicine)
{
  CareMedicineStock stock = { 0 };
  g_autofree char *today = care_clock_today ();
  char *line;

  if (!care_prescribing_stock (store_of (self), care_record_get_id (medicine), &stock, NULL))
    return g_strdup ("");
  line = care_prescribing_stock_text (&stock, today);
  care_medicine_stock_clear (&stock);
  return line;
}

static void
show_medicine (CarePrescribeDialog *self)
{
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->medicine_search))));

  if (self->medicine)
    {
      g_autofree char *line = care_prescribing_medicine_line (self->medicine);
      g_autofree char *stock = stock_line (self, self->medicine);
      /* Translators: the medicine chosen: "Amoxicillin 500 — Capsule · 500 mg" */
      g_autofree char *chosen = g_strdup_printf (_("%s — %s"), care_record_get (self->medicine, "name"), line);

      gtk_label_set_text (self->medicine_label, chosen);
      gtk_label_set_text (self->stock_label, stock);
    }
  else
    {
      gtk_label_set_text (self->medicine_label, *typed ? typed : _("No medicine chosen yet"));
      gtk_label_set_text (self->stock_label, *typed ? _("Not kept by the pharmacy: the patient buys it elsewhere.") : "");
    }
}

static void
medicine_search_changed_cb (CarePrescribeDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->medicine_search));
  g_autoptr(GPtrArray) found = NULL;
  GtkWidget *child;

  g_clear_pointer (&self->medicine, care_record_unref);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->medicine_results))))
    gtk_list_box_remove (self->medicine_results, child);
  found = *text ? care_prescribing_find_medicines (store_of (self), text, N_RESULTS, NULL) : NULL;
  for (guint i = 0; found && i < found->len; i++)
    {
      CareRecord *medicine = g_ptr_array_index (found, i);
      g_autofree char *line = care_prescribing_medicine_line (medicine);
      g_autofree char *stock = stock_line (self, medicine);
      /* Translators: a medicine found: "Capsule · 500 mg — 120 in stock · first batch expires 3 Mar 2027" */
      g_autofree char *subtitle = g_strdup_printf (_("%s — %s"), line, stock);
      g_autofree char *title = g_markup_escape_text (care_record_get (medicine, "name"), -1);
      g_autofree char *escaped = g_markup_escape_text (subtitle, -1);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_name (row, "rx-medicine-result");
      g_object_set_data_full (G_OBJECT (row), "medicine", care_record_ref (medicine), (GDestroyNotify) care_record_unref);
      gtk_list_box_append (self->medicine_results, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->medicine_results), found && found->len > 0);
  show_medicine (self);
}

static void
medicine_activated_cb (CarePrescribeDialog *self,
                       GtkListBoxRow       *row)
{
  CareRecord *medicine = g_object_get_data (G_OBJECT (row), "medicine");
  const char *strength = care_record_get (medicine, "strength");

  g_clear_pointer (&self->medicine, care_record_unref);
  self->medicine = care_record_ref (medicine);
  gtk_widget_set_visible (GTK_WIDGET (self->medicine_results), FALSE);
  /* The dose most often is the strength of one unit. */
  if (strength && *gtk_editable_get_text (GTK_EDITABLE (self->dose_entry)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->dose_entry), strength);
  show_medicine (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->dose_entry));
}

/* --- the items ------------------------------------------------------------------------- */

static void refresh_items (CarePrescribeDialog *self);

static void
remove_clicked_cb (GtkButton           *button,
                   CarePrescribeDialog *self)
{
  CareRecord *item = g_object_get_data (G_OBJECT (button), "item");

  g_ptr_array_remove (self->items, item);
  refresh_items (self);
}

static char *
item_summary (CareRecord *item)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  const char *route = care_record_get (item, "route");
  gint64 days = care_record_get_int (item, "duration_days", 0);
  gint64 quantity = care_record_get_int (item, "quantity", 0);
  char *text;

  g_ptr_array_add (parts, g_strdup (care_record_get (item, "dose")));
  if (route)
    g_ptr_array_add (parts, g_strdup (care_field_choice_label (item_field ("route"), route)));
  g_ptr_array_add (parts, g_strdup (care_record_get (item, "frequency")));
  if (days > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("for %d day", "for %d days", days), (int) days));
  g_ptr_array_add (parts, g_strdup_printf (ngettext ("%d to dispense", "%d to dispense", quantity), (int) quantity));
  g_ptr_array_add (parts, NULL);
  text = g_strjoinv (" · ", (char **) parts->pdata);
  g_ptr_array_unref (parts);
  return text;
}

static void
show_warnings (CarePrescribeDialog *self)
{
  g_autoptr(GPtrArray) warnings = care_prescribing_warnings (store_of (self), self->patient_id, self->items, NULL);
  g_autoptr(GString) text = g_string_new (_("Check before saving:"));

  gtk_widget_set_visible (self->warnings_box, warnings && warnings->len > 0);
  for (guint i = 0; warnings && i < warnings->len; i++)
    g_string_append_printf (text, "\n• %s", (const char *) g_ptr_array_index (warnings, i));
  gtk_label_set_text (self->warnings_label, text->str);
}

static void
refresh_items (CarePrescribeDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->items_list))))
    gtk_list_box_remove (self->items_list, child);
  for (guint i = 0; i < self->items->len; i++)
    {
      CareRecord *item = g_ptr_array_index (self->items, i);
      g_autofree char *summary = item_summary (item);
      g_autofree char *title = g_markup_escape_text (care_record_get (item, "medicine_name"), -1);
      g_autofree char *subtitle = g_markup_escape_text (summary, -1);
      /* Translators: accessible name of the button that takes a medicine off the prescription */
      g_autofree char *remove_name = g_strdup_printf (_("Remove %s"), care_record_get (item, "medicine_name"));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_name (row, "rx-item");
      gtk_widget_set_name (remove, "rx-item-remove");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (remove, remove_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
      gtk_widget_add_css_class (remove, "flat");
      g_object_set_data (G_OBJECT (remove), "item", item);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->items_list, row);
    }
  show_warnings (self);
}

static const char *
chosen_route (CarePrescribeDialog *self)
{
  const CareField *route = item_field ("route");
  guint i = gtk_drop_down_get_selected (self->route_drop);

  return i != GTK_INVALID_LIST_POSITION && route->choices[i] ? route->choices[i] : NULL;
}

/* The item as filled in, or NULL with its first problem shown under its field. */
static CareRecord *
take_item (CarePrescribeDialog *self)
{
  g_autoptr(CareRecord) item = care_record_new (care_schema_lookup ("prescription_item"));
  g_autoptr(CareValidation) validation = NULL;
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->medicine_search))));
  g_autofree char *dose = entry_text (self->dose_entry);
  g_autofree char *frequency = entry_text (self->frequency_entry);
  g_autofree char *instructions = entry_text (self->instructions_entry);
  gboolean shown = FALSE;

  care_record_set (item, "medicine_id", self->medicine ? care_record_get_id (self->medicine) : NULL);
  care_record_set (item, "medicine_name", self->medicine ? care_record_get (self->medicine, "name") : typed);
  care_record_set (item, "dose", dose);
  care_record_set (item, "route", chosen_route (self));
  care_record_set (item, "frequency", frequency);
  care_record_set_int (item, "duration_days", gtk_spin_button_get_value_as_int (self->days_spin));
  care_record_set_int (item, "quantity", gtk_spin_button_get_value_as_int (self->quantity_spin));
  care_record_set (item, "instructions", *instructions ? instructions : NULL);
  if (care_record_get (item, "medicine_name") == NULL || *care_record_get (item, "medicine_name") == '\0')
    {
      show_field_error (self, "medicine_name", _("Choose a medicine from the list, or type its name."));
      return NULL;
    }
  validation = care_validate_record (item);
  for (guint i = 0; i < care_validation_get_n_errors (validation); i++)
    {
      const char *field = care_validation_get_field (validation, i);

      /* The prescription is made on saving. */
      if (g_str_equal (field, "prescription_id"))
        continue;
      if (!shown)
        show_field_error (self, field, care_validation_get_message (validation, field));
      shown = TRUE;
    }
  return shown ? NULL : g_steal_pointer (&item);
}

static gboolean
add_item (CarePrescribeDialog *self)
{
  CareRecord *item;

  clear_errors (self);
  item = take_item (self);
  if (item == NULL)
    return FALSE;
  g_ptr_array_add (self->items, item);
  g_clear_pointer (&self->medicine, care_record_unref);
  gtk_editable_set_text (GTK_EDITABLE (self->medicine_search), "");
  gtk_editable_set_text (GTK_EDITABLE (self->dose_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->frequency_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->instructions_entry), "");
  refresh_items (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->medicine_search));
  return TRUE;
}

static void
add_clicked_cb (CarePrescribeDialog *self)
{
  add_item (self);
}

/* --- saving and printing ------------------------------------------------------------- */

static void
save_clicked_cb (CarePrescribeDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CareRecord) rx = NULL;
  g_autofree char *notes = entry_text (self->notes_entry);
  g_autofree char *reason = entry_text (self->reason_entry);
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->medicine_search))));

  clear_errors (self);
  /* A medicine filled in but not added yet is what the doctor means. */
  if ((self->medicine || *typed) && !add_item (self))
    return;
  rx = care_prescribing_save (store_of (self), self->patient_id, self->items,
                              gtk_spin_button_get_value_as_int (self->refills_spin), notes, reason, &error);
  if (rx == NULL)
    {
      show_error (self, error);
      return;
    }
  self->prescription_id = g_strdup (care_record_get_id (rx));
  gtk_stack_set_visible_child_name (self->stack, "saved");
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->print_button));
}

static void
set_busy (CarePrescribeDialog *self,
          gboolean             busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), !busy);
}

static void
printed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(CarePrescribeDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = care_prescription_document_render_finish (result, &error);
  CarePdfPreview *preview;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (pdf == NULL)
    {
      adw_status_page_set_description (ADW_STATUS_PAGE (gtk_stack_get_visible_child (self->stack)), error->message);
      return;
    }
  preview = care_pdf_preview_new (GTK_WINDOW (self), pdf, _("Prescription"), "prescription.pdf");
  gtk_widget_set_name (GTK_WIDGET (preview), "rx-preview");
  gtk_window_present (GTK_WINDOW (preview));
}

static void
print_clicked_cb (CarePrescribeDialog *self)
{
  if (self->prescription_id == NULL)
    return;
  set_busy (self, TRUE);
  care_prescription_document_render_async (store_of (self), self->prescription_id, self->cancellable,
                                           printed_cb, g_object_ref (self));
}

/* --- the object ------------------------------------------------------------------------- */

const char *
care_prescribe_dialog_get_prescription (CarePrescribeDialog *self)
{
  g_return_val_if_fail (CARE_IS_PRESCRIBE_DIALOG (self), NULL);
  return self->prescription_id;
}

static void
show_patient (CarePrescribeDialog *self)
{
  g_autoptr(CareRecord) patient = care_store_get (store_of (self), care_schema_lookup ("patient"), self->patient_id, NULL);
  g_autofree char *name = patient ? care_record_dup_title (patient) : g_strdup ("—");
  g_auto(GStrv) allergies = patient ? care_record_get_list (patient, "allergies") : NULL;
  /* Translators: the prescription's patient */
  g_autofree char *title = g_strdup_printf (_("For %s"), name);

  gtk_label_set_text (self->patient_label, title);
  if (allergies && allergies[0])
    {
      g_autofree char *list = g_strjoinv (", ", allergies);
      g_autofree char *text = g_strdup_printf (_("Allergies: %s"), list);

      gtk_label_set_text (self->allergy_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->allergy_label), "chart-alert-set");
    }
  else
    gtk_label_set_text (self->allergy_label, _("No known allergies recorded"));
}

CarePrescribeDialog *
care_prescribe_dialog_new (CareSession *session,
                           const char  *patient_id)
{
  CarePrescribeDialog *self;

  g_return_val_if_fail (CARE_IS_SESSION (session) && patient_id != NULL, NULL);

  self = g_object_new (CARE_TYPE_PRESCRIBE_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->patient_id = g_strdup (patient_id);
  show_patient (self);
  refresh_items (self);
  show_medicine (self);
  return self;
}

static void
care_prescribe_dialog_dispose (GObject *object)
{
  CarePrescribeDialog *self = CARE_PRESCRIBE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CARE_TYPE_PRESCRIBE_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->medicine, care_record_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  G_OBJECT_CLASS (care_prescribe_dialog_parent_class)->dispose (object);
}

static void
care_prescribe_dialog_finalize (GObject *object)
{
  CarePrescribeDialog *self = CARE_PRESCRIBE_DIALOG (object);

  g_free (self->patient_id);
  g_free (self->prescription_id);
  G_OBJECT_CLASS (care_prescribe_dialog_parent_class)->finalize (object);
}

static void
care_prescribe_dialog_class_init (CarePrescribeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = care_prescribe_dialog_dispose;
  object_class->finalize = care_prescribe_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/caredesk/Caredesk/chart/care-prescribe-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CarePrescribeDialog, name)
  BIND (stack);
  BIND (save_button);
  BIND (cancel_button);
  BIND (spinner);
  BIND (patient_label);
  BIND (allergy_label);
  BIND (medicine_search);
  BIND (medicine_results);
  BIND (medicine_label);
  BIND (stock_label);
  BIND (medicine_error);
  BIND (dose_entry);
  BIND (dose_error);
  BIND (route_drop);
  BIND (frequency_entry);
  BIND (frequency_error);
  BIND (days_spin);
  BIND (quantity_spin);
  BIND (quantity_error);
  BIND (instructions_entry);
  BIND (items_list);
  BIND (warnings_box);
  BIND (warnings_label);
  BIND (reason_entry);
  BIND (reason_error);
  BIND (refills_spin);
  BIND (notes_entry);
  BIND (save_error);
  BIND (print_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, medicine_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, medicine_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, print_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, gtk_window_destroy);
}

static void
care_prescribe_dialog_init (CarePrescribeDialog *self)
{
  g_autoptr(GtkStringList) routes = gtk_string_list_new (NULL);
  const CareField *route = item_field ("route");

  GtkWidget *empty;

  gtk_widget_init_template (GTK_WIDGET (self));
  empty = gtk_label_new (_("No medicines yet: choose one above and add it."));
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_margin_top (empty, 12);
  gtk_widget_set_margin_bottom (empty, 12);
  gtk_list_box_set_placeholder (self->items_list, empty);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; route->choices[i]; i++)
    gtk_string_list_append (routes, care_field_choice_label (route, route->choices[i]));
  gtk_drop_down_set_model (self->route_drop, G_LIST_MODEL (routes));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->route_drop), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Route"), -1);
}
