/* care-treatment-list.c: the note's treatments given at the visit, each with its cost
 *
 * Rows of two entries and a remove button, numbered for screen readers
 * ("Treatment 2", "Cost of treatment 2"); core checks and builds each
 * treatment (care_treatments_new()), this widget only collects the text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-treatment-list"

#include "config.h"

#include <glib/gi18n.h>

#include "care-treatment-list.h"

/* The rows live in the first child, a vertical box; the button follows. */
static GtkWidget *
rows_of (GtkWidget *list)
{
  return gtk_widget_get_first_child (list);
}

/* Numbers each row's controls after a row came or went. */
static void
renumber (GtkWidget *list)
{
  guint n = 1;

  for (GtkWidget *row = gtk_widget_get_first_child (rows_of (list)); row; row = gtk_widget_get_next_sibling (row), n++)
    {
      /* Translators: accessible names of a row of the note's treatments */
      g_autofree char *name = g_strdup_printf (_("Treatment %u"), n);
      g_autofree char *cost = g_strdup_printf (_("Cost of treatment %u"), n);
      g_autofree char *remove = g_strdup_printf (_("Remove treatment %u"), n);

      gtk_accessible_update_property (g_object_get_data (G_OBJECT (row), "name"), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_accessible_update_property (g_object_get_data (G_OBJECT (row), "cost"), GTK_ACCESSIBLE_PROPERTY_LABEL, cost, -1);
      gtk_accessible_update_property (g_object_get_data (G_OBJECT (row), "remove"), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove, -1);
      gtk_widget_set_tooltip_text (g_object_get_data (G_OBJECT (row), "remove"), remove);
    }
}

static void
remove_clicked_cb (GtkButton *button,
                   GtkWidget *list)
{
  GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (button));

  gtk_box_remove (GTK_BOX (rows_of (list)), row);
  renumber (list);
}

void
care_treatment_list_add (GtkWidget *list)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_entry_new ();
  GtkWidget *cost = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  g_return_if_fail (GTK_IS_BOX (list));

  gtk_widget_set_name (name, "note-treatment");
  gtk_widget_set_name (cost, "note-treatment-cost");
  gtk_widget_set_hexpand (name, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (name), _("e.g. Wound dressing"));
  /* Translators: placeholder of a treatment's cost; empty is the clinic's price for a procedure */
  gtk_entry_set_placeholder_text (GTK_ENTRY (cost), _("Cost"));
  gtk_editable_set_width_chars (GTK_EDITABLE (cost), 9);
  gtk_entry_set_input_purpose (GTK_ENTRY (cost), GTK_INPUT_PURPOSE_NUMBER);
  gtk_widget_add_css_class (remove, "flat");
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), list);
  gtk_box_append (GTK_BOX (row), name);
  gtk_box_append (GTK_BOX (row), cost);
  gtk_box_append (GTK_BOX (row), remove);
  g_object_set_data (G_OBJECT (row), "name", name);
  g_object_set_data (G_OBJECT (row), "cost", cost);
  g_object_set_data (G_OBJECT (row), "remove", remove);
  gtk_box_append (GTK_BOX (rows_of (list)), row);
  renumber (list);
  gtk_widget_grab_focus (name);
}

GPtrArray *
care_treatment_list_collect (GtkWidget  *list,
                             CareStore  *store,
                             GError    **error)
{
  g_autoptr(GPtrArray) treatments = g_ptr_array_new_with_free_func ((GDestroyNotify) care_record_unref);

  g_return_val_if_fail (GTK_IS_BOX (list), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (rows_of (list)); row; row = gtk_widget_get_next_sibling (row))
    {
      GtkEditable *name = g_object_get_data (G_OBJECT (row), "name");
      GtkEditable *cost = g_object_get_data (G_OBJECT (row), "cost");
      g_autofree char *n = g_strstrip (g_strdup (gtk_editable_get_text (name)));
      g_autofree char *c = g_strstrip (g_strdup (gtk_editable_get_text (cost)));
      CareRecord *treatment;

      if (*n == '\0' && *c == '\0')
        continue;
      treatment = care_treatments_new (store, n, c, error);
      if (treatment == NULL)
        {
          gtk_widget_grab_focus (GTK_WIDGET (g_strcmp0 (care_rule_error_get_field (*error), "cost") == 0 ? cost : name));
          return NULL;
        }
      g_ptr_array_add (treatments, treatment);
    }
  return g_steal_pointer (&treatments);
}

GtkWidget *
care_treatment_list_new (void)
{
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *rows = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *add = gtk_button_new_with_mnemonic (_("Add _Treatment"));

  gtk_widget_set_name (add, "note-add-treatment");
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (add, _("A treatment given at this visit, billed with it"));
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (care_treatment_list_add), list);
  gtk_box_append (GTK_BOX (list), rows);
  gtk_box_append (GTK_BOX (list), add);
  return list;
}
