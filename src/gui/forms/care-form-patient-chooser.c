/* care-form-patient-chooser.c: staff pick the patient to fill in a form with
 *
 * The Forms page's "Fill In with a Patient…": the same search as booking,
 * then the same fill window as the patient's details.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-form-patient-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "care-form-fill-window.h"
#include "care-form-patient-chooser.h"
#include "care-patient-search.h"

#define N_RESULTS 12

typedef struct {
  GtkWidget  *window;
  GtkWidget  *parent;   /* weak: the page that asked */
  CareStore  *store;
  GtkListBox *results;
} Chooser;

static void
chooser_free (gpointer data)
{
  Chooser *c = data;

  g_clear_weak_pointer (&c->parent);
  g_clear_object (&c->store);
  g_free (c);
}

static void
on_search_changed_cb (GtkSearchEntry *entry,
                      Chooser        *c)
{
  care_patient_search_fill (c->results, c->store, gtk_editable_get_text (GTK_EDITABLE (entry)),
                            N_RESULTS, "form-patient-result");
}

static void
on_row_activated_cb (GtkListBox    *list,
                     GtkListBoxRow *row,
                     Chooser       *c)
{
  g_autofree char *patient_id = g_strdup (care_patient_search_row_id (row));
  g_autoptr(CareStore) store = g_object_ref (c->store);
  GtkWidget *parent = c->parent;
  GtkWidget *fill;

  gtk_window_destroy (GTK_WINDOW (c->window));
  if (patient_id == NULL)
    return;
  fill = care_form_fill_window_new (parent, store, patient_id);
  if (fill)
    gtk_window_present (GTK_WINDOW (fill));
}

GtkWidget *
care_form_patient_chooser_new (GtkWidget *parent,
                               CareStore *store)
{
  Chooser *c;
  GtkWidget *toolbar, *cancel, *box, *label, *entry, *outer;

  g_return_val_if_fail (CARE_IS_STORE (store), NULL);

  c = g_new0 (Chooser, 1);
  c->store = g_object_ref (store);
  g_set_weak_pointer (&c->parent, parent);
  c->window = adw_window_new ();
  gtk_widget_set_name (c->window, "form-patient-chooser");
  gtk_window_set_title (GTK_WINDOW (c->window), _("Fill In with a Patient"));
  gtk_window_set_modal (GTK_WINDOW (c->window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (c->window), 480, 520);
  if (parent && GTK_IS_WINDOW (gtk_widget_get_root (parent)))
    gtk_window_set_transient_for (GTK_WINDOW (c->window), GTK_WINDOW (gtk_widget_get_root (parent)));
  g_object_set_data_full (G_OBJECT (c->window), "chooser", c, chooser_free);

  toolbar = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (toolbar), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_name (cancel, "form-patient-cancel");
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), c->window);
  adw_header_bar_pack_start (ADW_HEADER_BAR (toolbar), cancel);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  label = gtk_label_new_with_mnemonic (_("Find the _patient by name or number"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  entry = gtk_search_entry_new ();
  gtk_widget_set_name (entry, "form-patient-search");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Patient"), -1);
  g_signal_connect (entry, "search-changed", G_CALLBACK (on_search_changed_cb), c);
  c->results = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (c->results), "form-patient-results");
  gtk_list_box_set_selection_mode (c->results, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (c->results), "boxed-list");
  gtk_widget_set_visible (GTK_WIDGET (c->results), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (c->results), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Patients found"), -1);
  g_signal_connect (c->results, "row-activated", G_CALLBACK (on_row_activated_cb), c);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (c->results));

  outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (outer), toolbar);
  gtk_box_append (GTK_BOX (outer), box);
  adw_window_set_content (ADW_WINDOW (c->window), outer);
  gtk_window_set_focus (GTK_WINDOW (c->window), entry);
  return c->window;
}
