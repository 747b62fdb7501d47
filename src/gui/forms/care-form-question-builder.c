/* care-form-question-builder.c: the administrator writes a form's questions, one row each
 *
 * A row asks for the question as the patient reads it, the kind of answer,
 * whether one is required and, for a choice, the choices; rows are added,
 * moved and removed. The questions become the template's "fields" text
 * (care_form_template_to_json()); a new question's name is made from its
 * label (care_form_question_name()) and an existing one keeps its own, as
 * earlier answers are stored by name. Whether the questions are well formed
 * is core's to say when the template is saved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "care-form-question-builder"

#include "config.h"

#include <glib/gi18n.h>

#include "care-form-question-builder.h"

#define NAME_KEY "care-question-name"

typedef struct {
  GtkWidget *label;
  GtkWidget *kind;
  GtkWidget *required;
  GtkWidget *choices;
} Row;

static GtkListBox *
list_of (GtkWidget *builder)
{
  return g_object_get_data (G_OBJECT (builder), "list");
}

static void renumber (GtkListBox *list);

static void
on_kind_selected_cb (GtkDropDown *kind,
                     GParamSpec  *pspec,
                     Row         *row)
{
  gtk_widget_set_visible (row->choices, gtk_drop_down_get_selected (kind) == CARE_FORM_FIELD_CHOICE);
}

static void
move (GtkWidget *button,
      int        by)
{
  GtkWidget *row = gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW);
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_parent (row));
  int at = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + by;

  if (at < 0 || gtk_list_box_get_row_at_index (list, at) == NULL)
    return;
  g_object_ref (row);
  gtk_list_box_remove (list, row);
  gtk_list_box_insert (list, row, at);
  g_object_unref (row);
  renumber (list);
  gtk_widget_grab_focus (button);
}

static void
on_up_clicked_cb (GtkButton *button)
{
  move (GTK_WIDGET (button), -1);
}

static void
on_down_clicked_cb (GtkButton *button)
{
  move (GTK_WIDGET (button), 1);
}

static void
on_remove_clicked_cb (GtkButton *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_parent (row));

  gtk_list_box_remove (list, row);
  renumber (list);
}

static GtkWidget *
icon_button (const char *icon,
             const char *label,
             const char *name,
             GCallback   callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect (button, "clicked", callback, NULL);
  return button;
}

/* "Question 3", the accessible name of each row's entry, follows the order. */
static void
renumber (GtkListBox *list)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)); i++)
    {
      Row *r = g_object_get_data (G_OBJECT (row), "row");
      /* Translators: the accessible name of a form question's entry in the builder */
      g_autofree char *name = g_strdup_printf (_("Question %d"), i + 1);

      gtk_accessible_update_property (GTK_ACCESSIBLE (r->label), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
}

static void
add_row (GtkListBox          *list,
         const CareFormField *field)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *first = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *second = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  Row *r = g_new0 (Row, 1);

  for (int k = CARE_FORM_FIELD_TEXT; k <= CARE_FORM_FIELD_SIGNATURE; k++)
    gtk_string_list_append (kinds, care_form_field_kind_label (k));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "row", r, g_free);
  g_object_set_data_full (G_OBJECT (row), NAME_KEY, field ? g_strdup (field->name) : NULL, g_free);

  r->label = gtk_entry_new ();
  gtk_widget_set_name (r->label, "form-question-label");
  gtk_widget_set_hexpand (r->label, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (r->label), _("The question, as the patient reads it"));
  r->kind = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kinds)), NULL);
  gtk_widget_set_name (r->kind, "form-question-kind");
  gtk_widget_set_tooltip_text (r->kind, _("Kind of answer"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->kind), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Kind of answer"), -1);
  r->required = gtk_check_button_new_with_label (_("Required"));
  gtk_widget_set_name (r->required, "form-question-required");
  r->choices = gtk_entry_new ();
  gtk_widget_set_name (r->choices, "form-question-choices");
  gtk_widget_set_hexpand (r->choices, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (r->choices), _("Choices, separated by commas"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->choices), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choices"), -1);
  if (field)
    {
      g_autofree char *choices = field->choices ? g_strjoinv (", ", field->choices) : NULL;

      gtk_editable_set_text (GTK_EDITABLE (r->label), field->label);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (r->kind), field->kind);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (r->required), field->required);
      gtk_editable_set_text (GTK_EDITABLE (r->choices), choices ? choices : "");
    }
  g_signal_connect (r->kind, "notify::selected", G_CALLBACK (on_kind_selected_cb), r);
  on_kind_selected_cb (GTK_DROP_DOWN (r->kind), NULL, r);

  gtk_box_append (GTK_BOX (first), r->label);
  gtk_box_append (GTK_BOX (first), r->kind);
  gtk_box_append (GTK_BOX (first), r->required);
  gtk_box_append (GTK_BOX (second), r->choices);
  {
    GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

    gtk_widget_set_hexpand (spacer, TRUE);
    gtk_box_append (GTK_BOX (second), spacer);
  }
  gtk_box_append (GTK_BOX (second), icon_button ("go-up-symbolic", _("Move Up"), "form-question-up",
                                                 G_CALLBACK (on_up_clicked_cb)));
  gtk_box_append (GTK_BOX (second), icon_button ("go-down-symbolic", _("Move Down"), "form-question-down",
                                                 G_CALLBACK (on_down_clicked_cb)));
  gtk_box_append (GTK_BOX (second), icon_button ("user-trash-symbolic", _("Remove Question"), "form-question-remove",
                                                 G_CALLBACK (on_remove_clicked_cb)));
  gtk_box_append (GTK_BOX (box), first);
  gtk_box_append (GTK_BOX (box), second);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_append (list, row);
  renumber (list);
}

static void
on_add_clicked_cb (GtkButton *button,
                   GtkWidget *builder)
{
  GtkListBox *list = list_of (builder);
  GtkListBoxRow *last;
  int n = 0;

  add_row (list, NULL);
  while (gtk_list_box_get_row_at_index (list, n))
    n++;
  last = gtk_list_box_get_row_at_index (list, n - 1);
  gtk_widget_grab_focus (((Row *) g_object_get_data (G_OBJECT (last), "row"))->label);
}

GtkWidget *
care_form_question_builder_new (const char *fields_json)
{
  GtkWidget *builder = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Question"));
  g_autoptr(CareFormTemplate) tmpl = fields_json ? care_form_template_parse (fields_json, NULL) : NULL;

  gtk_widget_set_name (builder, "form-question-builder");
  gtk_widget_set_name (list, "form-questions");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Questions"), -1);
  g_object_set_data (G_OBJECT (builder), "list", list);
  for (guint i = 0; tmpl && i < tmpl->fields->len; i++)
    add_row (GTK_LIST_BOX (list), g_ptr_array_index (tmpl->fields, i));
  if (tmpl == NULL)
    add_row (GTK_LIST_BOX (list), NULL);
  gtk_widget_set_name (add, "form-question-add");
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  g_signal_connect (add, "clicked", G_CALLBACK (on_add_clicked_cb), builder);
  gtk_box_append (GTK_BOX (builder), list);
  gtk_box_append (GTK_BOX (builder), add);
  return builder;
}

static char **
split_choices (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();

  for (guint i = 0; parts[i]; i++)
    if (*g_strstrip (parts[i]))
      g_strv_builder_add (kept, parts[i]);
  return g_strv_builder_end (kept);
}

char *
care_form_question_builder_dup_json (GtkWidget *builder)
{
  GtkListBox *list = list_of (builder);
  g_autoptr(CareFormTemplate) tmpl = care_form_template_new ();
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) taken = NULL;
  GtkListBoxRow *row;

  g_return_val_if_fail (list != NULL, NULL);

  /* The names kept first, so that a new question never takes one. */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)); i++)
    if (g_object_get_data (G_OBJECT (row), NAME_KEY))
      g_strv_builder_add (names, g_object_get_data (G_OBJECT (row), NAME_KEY));
  taken = g_strv_builder_end (names);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)); i++)
    {
      Row *r = g_object_get_data (G_OBJECT (row), "row");
      CareFormField *field = g_new0 (CareFormField, 1);
      const char *kept = g_object_get_data (G_OBJECT (row), NAME_KEY);

      field->label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (r->label))));
      field->kind = gtk_drop_down_get_selected (GTK_DROP_DOWN (r->kind));
      field->required = gtk_check_button_get_active (GTK_CHECK_BUTTON (r->required));
      if (field->kind == CARE_FORM_FIELD_CHOICE)
        field->choices = split_choices (gtk_editable_get_text (GTK_EDITABLE (r->choices)));
      if (kept)
        field->name = g_strdup (kept);
      else
        {
          guint n = g_strv_length (taken);

          field->name = care_form_question_name (field->label, (const char *const *) taken);
          taken = g_renew (char *, taken, n + 2);
          taken[n] = g_strdup (field->name);
          taken[n + 1] = NULL;
        }
      g_ptr_array_add (tmpl->fields, field);
    }
  return care_form_template_to_json (tmpl);
}
