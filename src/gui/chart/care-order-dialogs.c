/* care-order-dialogs.c: a doctor orders a lab test or an imaging study from the chart, and reports a study
 *
 * Each is a small dialog with a few fields; saving calls core
 * (care-orders.h), and a refusal is shown under the field it names while
 * the dialog stays open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-order-dialogs"

#include "config.h"

#include <glib/gi18n.h>

#include "care-file-dialog.h"
#include "care-order-dialogs.h"

typedef struct _Order Order;
/* Saves what the dialog holds; FALSE with error to keep it open. */
typedef gboolean (*OrderSubmit) (Order *o, CareStore *store, GError **error);

struct _Order {
  CarePage    *page;          /* weak */
  char        *id;            /* the patient, or the study reported */
  OrderSubmit  submit;
  const char  *done;          /* the toast, translated */
  GHashTable  *errors;        /* field name → its GtkLabel */
  GtkDropDown *choice;        /* the test, or the modality */
  GtkDropDown *priority;
  GtkEditable *text;          /* another test's name, or the body part, or the findings */
  GtkEditable *more;          /* the notes, or the impression */
  GtkLabel    *attached;      /* the report's file: its name, or "none" */
  GBytes      *attachment;
  char        *attachment_name;
  gboolean     loading;
  CareLabCatalogue *catalogue;  /* the clinic's tests, for a lab order */
};

static void
order_free (Order *o)
{
  g_clear_weak_pointer (&o->page);
  g_clear_pointer (&o->catalogue, care_lab_catalogue_unref);
  g_free (o->id);
  g_hash_table_unref (o->errors);
  g_clear_pointer (&o->attachment, g_bytes_unref);
  g_free (o->attachment_name);
  g_free (o);
}

static const char *
nth_choice (const CareField *field,
            GtkDropDown     *drop)
{
  guint i = gtk_drop_down_get_selected (drop);

  return i != GTK_INVALID_LIST_POSITION ? field->choices[i] : NULL;
}

/* A drop-down of an enum field's choices, as labelled. */
static GtkDropDown *
choice_drop (const CareField *field,
             const char      *name,
             const char      *accessible)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *drop;

  for (guint i = 0; field->choices[i]; i++)
    gtk_string_list_append (labels, care_field_choice_label (field, field->choices[i]));
  drop = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL);
  gtk_widget_set_name (drop, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return GTK_DROP_DOWN (drop);
}

/* A labelled field in box, with the label for its errors above it. */
static GtkWidget *
add_field (Order      *o,
           GtkBox     *box,
           const char *label,
           const char *field,
           const char *name,
           GtkWidget  *widget)
{
  GtkWidget *title = gtk_label_new_with_mnemonic (label);
  GtkWidget *error = gtk_label_new (NULL);
  g_autofree char *error_name = g_strconcat (name, "-error", NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), widget);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, FALSE);
  gtk_widget_set_name (error, error_name);
  if (gtk_widget_get_name (widget) == NULL || g_str_has_prefix (gtk_widget_get_name (widget), "Gtk"))
    gtk_widget_set_name (widget, name);
  gtk_box_append (box, title);
  gtk_box_append (box, error);
  gtk_box_append (box, widget);
  g_hash_table_insert (o->errors, g_strdup (field), error);
  return widget;
}

static GtkEditable *
add_entry (Order      *o,
           GtkBox     *box,
           const char *label,
           const char *field,
           const char *name,
           const char *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  return GTK_EDITABLE (add_field (o, box, label, field, name, entry));
}

static void
on_save_clicked_cb (GtkWindow *dialog)
{
  Order *o = g_object_get_data (G_OBJECT (dialog), "order");
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  GtkWidget *label;
  const char *field;

  if (o->page == NULL)
    return;
  g_hash_table_iter_init (&iter, o->errors);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &label))
    gtk_widget_set_visible (label, FALSE);
  if (o->submit (o, care_page_get_store (o->page), &error))
    {
      care_page_add_toast (o->page, adw_toast_new (o->done));
      gtk_window_destroy (dialog);
      return;
    }
  /* The refusal under its field; the dialog stays open to correct it. */
  field = care_rule_error_get_field (error);
  label = g_hash_table_lookup (o->errors, field ? field : "");
  if (label == NULL)
    label = g_hash_table_lookup (o->errors, "");
  gtk_label_set_text (GTK_LABEL (label), label != g_hash_table_lookup (o->errors, "") && care_rule_error_get_detail (error)
                                         ? care_rule_error_get_detail (error) : error->message);
  gtk_widget_set_visible (label, TRUE);
}

/* A small dialog around box: Cancel and save_label in its header bar. */
static void
present (Order      *o,
         CarePage   *page,
         const char *name,
         const char *heading,
         const char *body,
         const char *save_label,
         GtkBox     *box)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (page));
  GtkWidget *dialog = adw_window_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *save = gtk_button_new_with_mnemonic (save_label);
  GtkWidget *general = gtk_label_new (NULL);
  GtkEventController *keys = gtk_shortcut_controller_new ();

  g_set_weak_pointer (&o->page, page);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 440, -1);
  gtk_window_set_title (GTK_WINDOW (dialog), heading);
  gtk_widget_set_name (dialog, name);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (heading, body ? body : ""));
  gtk_widget_set_name (save, "order-save");
  gtk_widget_add_css_class (save, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), dialog);
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (on_save_clicked_cb), dialog);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (dialog, keys);

  gtk_label_set_wrap (GTK_LABEL (general), TRUE);
  gtk_label_set_xalign (GTK_LABEL (general), 0);
  gtk_widget_add_css_class (general, "error");
  gtk_widget_set_visible (general, FALSE);
  gtk_widget_set_name (general, "order-error");
  gtk_box_append (box, general);
  g_hash_table_insert (o->errors, g_strdup (""), general);
  gtk_widget_set_margin_top (GTK_WIDGET (box), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (box), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (box), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (box), 18);
  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (box));
  adw_window_set_content (ADW_WINDOW (dialog), content);
  g_object_set_data_full (G_OBJECT (dialog), "order", o, (GDestroyNotify) order_free);
  gtk_window_set_default_widget (GTK_WINDOW (dialog), save);
  gtk_window_present (GTK_WINDOW (dialog));
}

static Order *
order_new (const char  *id,
           OrderSubmit  submit,
           const char  *done)
{
  Order *o = g_new0 (Order, 1);

  o->id = g_strdup (id);
  o->submit = submit;
  o->done = done;
  o->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return o;
}

static GtkBox *
form_box (void)
{
  return GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
}

/* --- a lab test ------------------------------------------------------------------------ */

static gboolean
submit_lab (Order      *o,
            CareStore  *store,
            GError    **error)
{
  guint n_panels, i = gtk_drop_down_get_selected (o->choice);
  const CareLabPanel *panels = care_lab_catalogue_get_panels (o->catalogue, &n_panels);
  const char *test = i < n_panels ? panels[i].code : gtk_editable_get_text (o->text);
  g_autoptr(CareRecord) order = NULL;

  order = care_orders_lab_test (store, o->id, test,
                                nth_choice (care_entity_field (care_schema_lookup ("lab_test"), "priority"), o->priority),
                                gtk_editable_get_text (o->more), error);
  return order != NULL;
}

static void
on_lab_test_changed_cb (GtkDropDown *drop,
                        GParamSpec  *pspec,
                        Order       *o)
{
  guint n_panels;

  care_lab_catalogue_get_panels (o->catalogue, &n_panels);
  gtk_widget_set_visible (GTK_WIDGET (o->text), gtk_drop_down_get_selected (drop) >= n_panels);
}

void
care_order_lab_dialog_present (CarePage   *page,
                               const char *patient_id)
{
  Order *o = order_new (patient_id, submit_lab, _("Test ordered: the laboratory sees it in its queue."));
  GtkBox *box = form_box ();
  g_autoptr(GtkStringList) tests = gtk_string_list_new (NULL);
  guint n_panels;
  const CareLabPanel *panels;

  o->catalogue = care_lab_catalogue_load (care_page_get_store (page), NULL);
  if (o->catalogue == NULL)
    o->catalogue = care_lab_catalogue_load_builtin ();
  panels = care_lab_catalogue_get_panels (o->catalogue, &n_panels);

  for (guint i = 0; i < n_panels; i++)
    gtk_string_list_append (tests, _(panels[i].name));
  gtk_string_list_append (tests, _("Another test (type its name)"));
  o->choice = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (tests)), NULL));
  gtk_drop_down_set_enable_search (o->choice, TRUE);
  add_field (o, box, _("_Test"), "test_code", "order-lab-test", GTK_WIDGET (o->choice));
  o->text = add_entry (o, box, _("Test _name"), "test_name", "order-lab-name", _("e.g. Vitamin D"));
  gtk_widget_set_visible (GTK_WIDGET (o->text), FALSE);
  o->priority = choice_drop (care_entity_field (care_schema_lookup ("lab_test"), "priority"), "order-lab-priority",
                             _("Priority"));
  add_field (o, box, _("_Priority"), "priority", "order-lab-priority", GTK_WIDGET (o->priority));
  o->more = add_entry (o, box, _("_Notes for the laboratory"), "notes", "order-lab-notes", _("e.g. Fasting sample"));
  g_signal_connect (o->choice, "notify::selected", G_CALLBACK (on_lab_test_changed_cb), o);
  present (o, page, "order-lab-dialog", _("Order a Lab Test"), _("The laboratory’s tests, with their specimen."),
           _("_Order Test"), box);
}

/* --- imaging ---------------------------------------------------------------------------- */

static gboolean
submit_imaging (Order      *o,
                CareStore  *store,
                GError    **error)
{
  g_autoptr(CareRecord) study = NULL;

  study = care_orders_imaging (store, o->id,
                               nth_choice (care_entity_field (care_schema_lookup ("imaging_study"), "modality"), o->choice),
                               gtk_editable_get_text (o->text), error);
  return study != NULL;
}

void
care_order_imaging_dialog_present (CarePage   *page,
                                   const char *patient_id)
{
  Order *o = order_new (patient_id, submit_imaging, _("Imaging requested: its report will show in the timeline."));
  GtkBox *box = form_box ();

  o->choice = choice_drop (care_entity_field (care_schema_lookup ("imaging_study"), "modality"), "order-imaging-modality",
                           _("Modality"));
  add_field (o, box, _("_Modality"), "modality", "order-imaging-modality", GTK_WIDGET (o->choice));
  o->text = add_entry (o, box, _("_Body part"), "body_part", "order-imaging-part", _("e.g. Chest"));
  present (o, page, "order-imaging-dialog", _("Request Imaging"), NULL, _("_Request"), box);
  gtk_widget_grab_focus (GTK_WIDGET (o->text));
}

static gboolean
submit_report (Order      *o,
               CareStore  *store,
               GError    **error)
{
  if (o->loading)
    {
      care_rule_set_field_error (error, CARE_RULE_ERROR, CARE_RULE_ERROR_INVALID, care_schema_lookup ("imaging_study"),
                                 "attachment", _("The file is still being read; save again in a moment."));
      return FALSE;
    }
  /* The report and its file together, or neither. */
  if (!care_store_begin (store, error))
    return FALSE;
  if (!care_orders_report_imaging (store, o->id, gtk_editable_get_text (o->text), gtk_editable_get_text (o->more), error) ||
      (o->attachment != NULL &&
       !care_orders_attach_imaging (store, o->id, o->attachment_name, o->attachment, error)))
    {
      care_store_rollback (store);
      return FALSE;
    }
  return care_store_commit (store, error);
}

static void
on_attachment_loaded_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      data)
{
  g_autoptr(GtkWidget) dialog = data;
  Order *o = g_object_get_data (G_OBJECT (dialog), "order");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  GtkWidget *label = g_hash_table_lookup (o->errors, "attachment");

  o->loading = FALSE;
  if (bytes == NULL)
    {
      gtk_label_set_text (o->attached, _("No file attached"));
      gtk_label_set_text (GTK_LABEL (label), error->message);
      gtk_widget_set_visible (label, TRUE);
      return;
    }
  gtk_widget_set_visible (label, FALSE);
  g_clear_pointer (&o->attachment, g_bytes_unref);
  o->attachment = g_steal_pointer (&bytes);
  g_free (o->attachment_name);
  o->attachment_name = g_file_get_basename (G_FILE (source));
  gtk_label_set_text (o->attached, o->attachment_name);
}

void
care_imaging_report_dialog_attach (GtkWidget *dialog,
                                   GFile     *file)
{
  Order *o = g_object_get_data (G_OBJECT (dialog), "order");

  g_return_if_fail (o != NULL && G_IS_FILE (file));

  /* Read in the background: a file of a few megabytes never holds the
   * window up. */
  o->loading = TRUE;
  gtk_label_set_text (o->attached, _("Reading the file…"));
  g_file_load_bytes_async (file, NULL, on_attachment_loaded_cb, g_object_ref (dialog));
}

static void
on_attachment_chosen_cb (GFile    *file,
                         gpointer  user_data)
{
  if (file != NULL)
    care_imaging_report_dialog_attach (user_data, file);
}

static void
on_attach_clicked_cb (GtkButton *button)
{
  GtkWidget *dialog = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (button)));
  const CareFileFilter filters[] = {
    { _("PDF, images and DICOM files"), "application/pdf;image/png;image/jpeg;application/dicom", "dcm" },
    { NULL }
  };

  care_file_dialog_open (dialog, _("Attach Images or Report"), _("_Attach"), filters, NULL,
                         on_attachment_chosen_cb, g_object_ref (dialog), g_object_unref);
}

void
care_imaging_report_dialog_present (CarePage   *page,
                                    const char *study_id)
{
  Order *o = order_new (study_id, submit_report, _("Report saved: the timeline shows it."));
  GtkBox *box = form_box ();

  o->text = add_entry (o, box, _("_Findings"), "findings", "imaging-findings", _("e.g. Right lower lobe opacity"));
  o->more = add_entry (o, box, _("_Impression"), "impression", "imaging-impression",
                       _("e.g. Consolidation, likely pneumonia"));
  {
    GtkWidget *attach = gtk_button_new_with_mnemonic (_("Choose _File…"));
    GtkWidget *attached = gtk_label_new (_("No file attached"));

    gtk_widget_set_halign (attach, GTK_ALIGN_START);
    g_signal_connect (attach, "clicked", G_CALLBACK (on_attach_clicked_cb), NULL);
    add_field (o, box, _("Images or report (PDF, PNG, JPEG or DICOM, at most 5 MB)"), "attachment",
               "imaging-attach", attach);
    gtk_label_set_xalign (GTK_LABEL (attached), 0);
    gtk_label_set_ellipsize (GTK_LABEL (attached), PANGO_ELLIPSIZE_MIDDLE);
    gtk_widget_add_css_class (attached, "dim-label");
    gtk_widget_set_name (attached, "imaging-attached");
    gtk_box_append (box, attached);
    o->attached = GTK_LABEL (attached);
  }
  present (o, page, "imaging-report-dialog", _("Imaging Report"), NULL, _("_Save Report"), box);
  gtk_widget_grab_focus (GTK_WIDGET (o->text));
}
